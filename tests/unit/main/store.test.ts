import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Database } from 'node-sqlite3-wasm'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/store/database'
import { SCHEMA_VERSION } from '../../../src/main/store/migrations'
import { ProgressStore, sha256Hex } from '../../../src/main/store/progress-store'

const fixedNow = () => new Date('2026-11-25T10:00:00.000Z')

describe('database', () => {
  it('creates a new database at the current schema version', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'db-')), 'lab.sqlite')
    const { db, notices } = openDatabase(file)
    expect(notices).toEqual([])
    expect((db.get('PRAGMA user_version') as { user_version: number }).user_version).toBe(SCHEMA_VERSION)
    db.close()
  })

  it('moves a file that is not a database aside, keeps it, and starts empty with a notice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'db-'))
    const file = join(dir, 'lab.sqlite')
    writeFileSync(file, 'garbage that is certainly not SQLite '.repeat(200))
    const { db, notices } = openDatabase(file, fixedNow)
    expect(notices).toHaveLength(1)
    expect(notices[0].kind).toBe('corrupt-moved-aside')
    expect(notices[0].movedTo).toBe(`${file}.corrupt-2026-11-25T10-00-00-000Z`)
    expect(existsSync(notices[0].movedTo!)).toBe(true)
    expect(new ProgressStore(db).getSettings().theme).toBe('system')
    db.close()
    expect(readdirSync(dir).sort()).toEqual(['lab.sqlite', 'lab.sqlite.corrupt-2026-11-25T10-00-00-000Z'])
  })

  it('moves aside a real database whose pages were damaged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'db-'))
    const file = join(dir, 'lab.sqlite')
    const first = openDatabase(file)
    const store = new ProgressStore(first.db)
    for (let i = 0; i < 200; i++) store.recordActivity({ kind: 'page', ref: `p${i}`, title: `Page ${i}`, route: '/' })
    first.db.close()
    // Overwrite the middle of the file (b-tree pages), leaving the header intact.
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(4096, 0xab), 0, 4096, 4096)
    closeSync(fd)
    const second = openDatabase(file, fixedNow)
    expect(second.notices[0]?.kind).toBe('corrupt-moved-aside')
    second.db.close()
  })

  it('refuses a database from a newer app version and leaves it untouched', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'db-')), 'lab.sqlite')
    const raw = new Database(file)
    raw.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 5}`)
    raw.close()
    expect(() => openDatabase(file)).toThrow(/newer version of MLOps Lab/)
    expect(existsSync(file)).toBe(true)
  })
})

describe('progress store', () => {
  function store() {
    const { db } = openDatabase(join(mkdtempSync(join(tmpdir(), 'ps-')), 'lab.sqlite'))
    return new ProgressStore(db, [], fixedNow)
  }

  it('merges a settings patch over the defaults', () => {
    const s = store()
    expect(s.updateSettings({ theme: 'dark' })).toEqual({ theme: 'dark', showDocLinks: true })
    expect(s.getSettings()).toEqual({ theme: 'dark', showDocLinks: true })
    s.close()
  })

  it('summary counts labs by status', () => {
    const s = store()
    const base = { seed: 1, currentStep: 0, score: null, startedAt: '2026-11-25T09:00:00.000Z', updatedAt: '2026-11-25T09:30:00.000Z', state: {} }
    s.putLabProgress({ ...base, labId: 'a', status: 'in_progress' })
    s.putLabProgress({ ...base, labId: 'b', status: 'done', score: 90 })
    s.putLabProgress({ ...base, labId: 'c', status: 'done_assisted', score: 60 })
    expect(s.summary().labs).toEqual({ started: 3, done: 2, doneAssisted: 1 })
    s.close()
  })

  it('an import that fails validation changes nothing', () => {
    const s = store()
    s.updateSettings({ theme: 'light' })
    const good = JSON.parse(s.exportFile('MLOps Lab', '0.1.0').content)
    good.data.activity.push({ kind: 'page', ref: 'x', title: 'X', route: 'not-a-route', at: '2026-11-25T10:00:00.000Z' })
    // Recompute the checksum so only the row is wrong.
    good.sha256 = sha256Hex(JSON.stringify(good.data))
    expect(() => s.importFile(JSON.stringify(good))).toThrow(/invalid entries \(content\.data\.activity\[0\]\.route/)
    expect(s.getSettings().theme).toBe('light')
    s.close()
  })
})

describe('saved worlds', () => {
  it('a world whose saved actions cannot be read is named on open, listed as unreadable from then on, and left in place', () => {
    const { db } = openDatabase(join(mkdtempSync(join(tmpdir(), 'worlds-')), 'lab.sqlite'))
    const s = new ProgressStore(db, [], fixedNow)
    const at = '2026-11-25T10:00:00.000Z'
    s.putWorld({ id: 'good', name: 'Good', seed: 'a', actions: [{ type: 'AdvanceClock', Minutes: 5 }], createdAt: at, updatedAt: at })
    s.putWorld({ id: 'bad', name: 'Broken', seed: 'b', actions: [{ type: 'AdvanceClock', Minutes: 5 }], createdAt: at, updatedAt: at })
    db.run("UPDATE world_actions SET action = '{not json' WHERE world_id = 'bad'")
    expect(s.readWorlds().worlds.map((w) => w.id).sort()).toEqual(['bad', 'good'])
    expect(() => s.getWorld('bad')).toThrow(/saved world "Broken" cannot be opened/)
    const { worlds, unreadable } = s.readWorlds()
    expect(worlds.map((w) => w.id)).toEqual(['good'])
    expect(unreadable.map((u) => u.name)).toEqual(['Broken'])
    expect((db.get("SELECT action FROM world_actions WHERE world_id = 'bad'") as { action: string }).action).toBe('{not json')
    // Written again (a fresh log), it is readable again.
    s.putWorld({ id: 'bad', name: 'Broken', seed: 'b', actions: [], createdAt: at, updatedAt: at })
    expect(s.readWorlds().unreadable).toEqual([])
    s.close()
  })
})
