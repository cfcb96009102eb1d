/**
 * Hostile lab files: whatever one file does while it is loaded is reported for that file (file, line
 * when known, field, message) and the other labs still load.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLabFiles, MAX_LAB_FILE_BYTES, readExamItemIds } from '../../../src/main/labs/loader'

const ROOT = resolve(__dirname, '../../..')
const FIXTURES = resolve(ROOT, 'tests/fixtures/labs')
const EXAM_IDS = readExamItemIds(resolve(ROOT, 'resources/content/exam-domain4.json'))
const withValid = (path: string) => loadLabFiles([path, resolve(FIXTURES, 'valid-lab.yaml')], EXAM_IDS)

describe('a lab file cannot stop the host', () => {
  it('an alias bomb ("billion laughs") is an error for its file and the other lab loads', () => {
    const { labs, errors } = withValid(resolve(FIXTURES, 'alias-bomb.yaml'))
    expect(labs.map((l) => l.id)).toEqual(['valid-lab'])
    expect(errors).toEqual([
      {
        file: 'alias-bomb.yaml',
        field: '',
        message: 'YAML aliases (*name) expand to more than 100 copies, which a lab file never needs (Excessive alias count indicates a resource exhaustion attack)'
      }
    ])
  })

  it('nesting deep enough to overflow the parser is an error on its line', () => {
    const { labs, errors } = withValid(resolve(FIXTURES, 'deep-nesting.yaml'))
    expect(labs.map((l) => l.id)).toEqual(['valid-lab'])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ file: 'deep-nesting.yaml', line: 3, field: '' })
  })

  it('a file larger than any lab is refused by size without being parsed', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'labs-')), 'huge.yaml')
    writeFileSync(path, `# ${'x'.repeat(MAX_LAB_FILE_BYTES)}\n`)
    const { labs, errors } = withValid(path)
    expect(labs.map((l) => l.id)).toEqual(['valid-lab'])
    expect(errors).toEqual([{ file: 'huge.yaml', field: '', message: `is ${MAX_LAB_FILE_BYTES + 3} bytes; a lab file may be at most ${MAX_LAB_FILE_BYTES} bytes` }])
  })

  it('a file that cannot be read (a folder named like a lab) is an error for it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labs-'))
    const { errors } = withValid(dir)
    expect(errors).toHaveLength(1)
    expect(errors[0].message).toMatch(/^cannot read the file: /)
  })
})
