import { describe, expect, it } from 'vitest'
import { LabError } from '../../../src/shared/errors'
import { describeStartupFailure } from '../../../src/main/startup-failure'

const paths = { dataDir: '/home/ada/.config/MLOps Lab', databaseFile: '/home/ada/.config/MLOps Lab/mlops-lab.sqlite' }

describe('start-up failure message', () => {
  it("shows the store's own explanation and where the data lives", () => {
    const err = new LabError('STORE', 'The progress database was written by a newer version of MLOps Lab (schema 9; this version knows 2). Update the app; the file was left untouched.')
    const f = describeStartupFailure(err, paths)
    expect(f.title).toBe('MLOps Lab cannot open your progress')
    expect(f.content).toContain('newer version of MLOps Lab (schema 9')
    expect(f.content).toContain(`Database: ${paths.databaseFile}`)
    expect(f.content).toContain(`Data folder: ${paths.dataDir}`)
  })

  it('names the file behind a file-system error', () => {
    const err = Object.assign(new Error("ENOENT: no such file or directory, open '/opt/MLOps Lab/resources/content/exam-domain4.json'"), {
      code: 'ENOENT',
      path: '/opt/MLOps Lab/resources/content/exam-domain4.json'
    })
    const f = describeStartupFailure(err, paths)
    expect(f.title).toBe('MLOps Lab cannot read one of its files')
    expect(f.content.startsWith('/opt/MLOps Lab/resources/content/exam-domain4.json could not be read (ENOENT)')).toBe(true)
  })

  it('falls back to the error message for anything else', () => {
    const f = describeStartupFailure(new TypeError('x is not a function'), paths)
    expect(f.title).toBe('MLOps Lab could not start')
    expect(f.content).toContain('x is not a function')
    expect(f.content).toContain(paths.databaseFile)
    expect(describeStartupFailure('plain string', paths).content).toContain('plain string')
  })
})
