/**
 * A host killed inside a transaction: the next start, holding the data folder's host lock, removes
 * the SQLite lock the killed process left, and finds every committed row and none of the
 * uncommitted ones. The child process is tests/fixtures/store/killed-mid-transaction.ts.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Database } from 'node-sqlite3-wasm'
import { describe, expect, it } from 'vitest'
import { lockDirOf, openDatabase } from '../../../src/main/store/database'
import { acquireHostLock } from '../../../src/main/store/host-lock'
import { ProgressStore } from '../../../src/main/store/progress-store'

const CHILD = resolve(__dirname, '../../fixtures/store/killed-mid-transaction.ts')

function killInsideTransaction(file: string, committed: number, mode?: string): void {
  const run = spawnSync(process.execPath, ['--import', 'tsx', CHILD, file, String(committed), ...(mode ? [mode] : [])], {
    encoding: 'utf8',
    cwd: resolve(__dirname, '../../..')
  })
  expect(run.signal, run.stderr).toBe('SIGKILL')
  expect(run.stdout).toContain('inside the transaction')
}

describe('recovery after a host is killed inside a transaction', () => {
  it('removes the stale lock under the host lock, keeps every committed row and drops the uncommitted transaction', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crash-'))
    const file = join(dir, 'mlops-lab.sqlite')
    killInsideTransaction(file, 25)
    expect(existsSync(lockDirOf(file))).toBe(true)

    const hostLock = acquireHostLock(dir, 'test')
    try {
      const opened = openDatabase(file, { hostLock })
      expect(opened.removedStaleLock).toBe(true)
      expect(opened.notices).toEqual([])
      const store = new ProgressStore(opened.db)
      expect(store.exportData().activity.map((a) => a.ref)).toEqual(Array.from({ length: 25 }, (_, i) => `c${i}`))
      expect(opened.db.get("SELECT count(*) AS n FROM app_state WHERE key LIKE 'uncommitted-%'")).toEqual({ n: 0 })
      expect(opened.db.get('PRAGMA integrity_check')).toEqual({ integrity_check: 'ok' })
      store.close()
    } finally {
      hostLock.release()
    }
    expect(readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([])
  })

  it('without the host lock, a held SQLite lock is reported as in use and nothing is moved aside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crash-'))
    const file = join(dir, 'mlops-lab.sqlite')
    killInsideTransaction(file, 3)
    expect(() => openDatabase(file)).toThrow(/is in use by another process .*mlops-lab\.sqlite\.lock.*left untouched/)
    // A second try fails the same way instead of piling up moved-aside copies.
    expect(() => openDatabase(file)).toThrow(/in use/)
    expect(readdirSync(dir).sort()).toEqual(['mlops-lab.sqlite', 'mlops-lab.sqlite-wal', 'mlops-lab.sqlite.lock'])
  })

  it('node-sqlite3-wasm never rolls back a hot rollback journal, which is why the store uses WAL', () => {
    // The VFS answers xCheckReservedLock from the `<db>.lock` folder, which the reading connection
    // has itself just created for its SHARED lock, so SQLite takes the journal for a live writer's.
    // If this starts failing, the engine has fixed it (see database.ts).
    const dir = mkdtempSync(join(tmpdir(), 'crash-'))
    const file = join(dir, 'plain.sqlite')
    killInsideTransaction(file, 200, 'rollback-journal')
    expect(existsSync(`${file}-journal`)).toBe(true)
    rmdirSync(lockDirOf(file)) // what removing the stale lock does; SQLite should now roll the journal back
    const raw = new Database(file)
    const seen = raw.get("SELECT count(*) AS n FROM t WHERE x LIKE 'uncommitted%'") as { n: number }
    raw.close()
    expect(seen.n).toBeGreaterThan(0)
  })
})
