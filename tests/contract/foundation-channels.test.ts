import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CHANNELS } from '../../src/shared/contract'
import { contract } from '../../src/shared/contract'
import { createAppContext, type AppContext } from '../../src/main/api/app-context'
import { SCHEMA_VERSION } from '../../src/main/store/migrations'
import { sha256Hex } from '../../src/main/store/progress-store'
import { httpTransport, ipcTransport, type Transport } from '../helpers/transports'

const makers: Record<'ipc' | 'http', (ctx: AppContext) => Promise<Transport>> = {
  ipc: async (ctx) => ipcTransport(ctx.handlers),
  http: (ctx) => httpTransport(ctx.handlers)
}

describe.each(['ipc', 'http'] as const)('foundation channels over %s', (kind) => {
  let ctx: AppContext
  let t: Transport

  async function open(): Promise<Transport> {
    ctx = createAppContext({ host: 'browser', platform: 'test', dataDir: mkdtempSync(join(tmpdir(), 'contract-')) })
    t = await makers[kind](ctx)
    return t
  }

  afterEach(async () => {
    await t?.close()
    ctx?.close()
  })

  it('every channel in the contract is registered on this transport', async () => {
    await open()
    expect(Object.keys(contract).sort()).toEqual([...CHANNELS].sort())
    for (const channel of CHANNELS) {
      const r = await t.call(channel, { __probe: true })
      // Registered channels parse the request (a probe field fails strict schemas) rather than 404.
      if (!r.ok) expect(r.error.code).not.toBe('UNKNOWN_CHANNEL')
    }
  })

  it('app.info describes the host and the schema version', async () => {
    await open()
    const r = await t.call('app.info', {})
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.data).toMatchObject({ name: 'MLOps Lab', host: 'browser', schemaVersion: SCHEMA_VERSION, notices: [] })
  })

  it('settings default to the system theme and an update is returned and kept', async () => {
    await open()
    expect(await t.call('settings.get', {})).toEqual({ ok: true, data: { theme: 'system', showDocLinks: true }, ...(kind === 'http' ? { status: 200 } : {}) })
    const u = await t.call('settings.update', { theme: 'dark' })
    expect(u.ok && u.data).toEqual({ theme: 'dark', showDocLinks: true })
    const g = await t.call('settings.get', {})
    expect(g.ok && g.data).toEqual({ theme: 'dark', showDocLinks: true })
  })

  it('a wrong type is refused with VALIDATION naming the field, and nothing changes', async () => {
    await open()
    const r = await t.call('settings.update', { theme: 'blue' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION')
      expect(r.error.issues[0].path).toBe('theme')
      if (kind === 'http') expect(r.status).toBe(400)
    }
    const g = await t.call('settings.get', {})
    expect(g.ok && g.data).toEqual({ theme: 'system', showDocLinks: true })
  })

  it('an unknown field and a non-object request are refused', async () => {
    await open()
    const extra = await t.call('settings.update', { theme: 'dark', colour: 'red' })
    expect(!extra.ok && extra.error.code).toBe('VALIDATION')
    const notObject = await t.call('progress.summary', [1, 2])
    expect(!notObject.ok && notObject.error.code).toBe('VALIDATION')
  })

  it('an unknown channel is refused by name', async () => {
    await open()
    const r = await t.call('cloudwatch.deleteEverything', {})
    expect(!r.ok && r.error.code).toBe('UNKNOWN_CHANNEL')
  })

  it('activity is recorded and becomes "continue where you left off"', async () => {
    await open()
    const a = await t.call('progress.recordActivity', { kind: 'page', ref: 'settings', title: 'Settings', route: '/settings' })
    expect(a.ok).toBe(true)
    const s = await t.call('progress.summary', {})
    expect(s.ok && (s.data as { lastActivity: { route: string } }).lastActivity.route).toBe('/settings')
    const bad = await t.call('progress.recordActivity', { kind: 'page', ref: 'x', title: 'X', route: 'https://evil.example/' })
    expect(!bad.ok && bad.error.issues[0].path).toBe('route')
  })

  it('reset needs confirm: true', async () => {
    await open()
    const r = await t.call('progress.reset', { what: 'labProgress' })
    expect(!r.ok && r.error.issues[0].path).toBe('confirm')
    const w = await t.call('progress.reset', { confirm: true })
    expect(!w.ok && w.error.issues[0]).toEqual({ path: 'what', message: expect.stringMatching(/"labProgress".*"worlds"/) })
    expect((await t.call('progress.reset', { confirm: true, what: 'labProgress' })).ok).toBe(true)
  })

  it('export then import round-trips exactly; damaged and foreign files are refused and lose nothing', async () => {
    await open()
    await t.call('settings.update', { theme: 'light', showDocLinks: false })
    await t.call('progress.recordActivity', { kind: 'lab', ref: 'alarm-basics', title: 'Alarm basics', route: '/labs/alarm-basics' })
    const e1 = await t.call('progress.export', {})
    if (!e1.ok) throw new Error('export failed')
    const content = (e1.data as { content: string }).content
    const before = JSON.parse(content).data

    await t.call('progress.reset', { confirm: true, what: 'labProgress' })
    const imp = await t.call('progress.import', { content })
    expect(imp.ok && imp.data).toEqual({ imported: { activity: 1, labProgress: 0, worlds: 0 } })
    const e2 = await t.call('progress.export', {})
    expect(e2.ok && JSON.parse((e2.data as { content: string }).content).data).toEqual(before)

    const tampered = JSON.parse(content)
    tampered.data.settings.theme = 'dark'
    const t1 = await t.call('progress.import', { content: JSON.stringify(tampered) })
    expect(!t1.ok && t1.error.issues[0].path).toBe('content.sha256')
    const t2 = await t.call('progress.import', { content: content.slice(0, content.length / 2) })
    expect(!t2.ok && t2.error.message).toMatch(/not valid JSON/)
    const t3 = await t.call('progress.import', { content: JSON.stringify({ name: 'something else' }) })
    expect(!t3.ok && t3.error.message).toMatch(/not an MLOps Lab progress export/)
    const after = await t.call('settings.get', {})
    expect(after.ok && after.data).toEqual({ theme: 'light', showDocLinks: false })
  })

  it('a NUL character in any text field is refused with a 400 naming the field, and nothing is cut and stored', async () => {
    await open()
    const r = await t.call('progress.recordActivity', { kind: 'page', ref: 'p', title: 'before\u0000after', route: '/' })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION')
      expect(r.error.issues).toEqual([{ path: 'title', message: 'must not contain the NUL character (U+0000)' }])
      if (kind === 'http') expect((r as { status?: number }).status).toBe(400)
    }
    const nested = await t.call('labs.check', { labId: 'x', step: 0, inputs: { 'Thres\u0000hold': 1 } })
    expect(!nested.ok && nested.error.issues[0].path).toBe('inputs.Thres\u0000hold')
    const summary = await t.call('progress.summary', {})
    expect(summary.ok && (summary.data as { recent: unknown[] }).recent).toEqual([])
  })

  it('a request nested deeper than any channel takes is refused with a 400, not a crash', async () => {
    await open()
    let deep: unknown = 1
    for (let i = 0; i < 1000; i++) deep = { a: deep }
    const r = await t.call('settings.update', deep)
    expect(!r.ok && r.error.code).toBe('VALIDATION')
    expect(!r.ok && r.error.message).toMatch(/nested deeper than 32 levels/)
    expect((await t.call('app.info', {})).ok).toBe(true)
  })

  it('an export with a byte-order mark in front imports; a NUL inside the file or a world twice is refused by field', async () => {
    await open()
    await t.call('progress.recordActivity', { kind: 'lab', ref: 'alarm-basics', title: 'Alarm basics', route: '/labs/alarm-basics' })
    const e = await t.call('progress.export', {})
    if (!e.ok) throw new Error('export failed')
    const content = (e.data as { content: string }).content
    const bom = await t.call('progress.import', { content: '\uFEFF' + content })
    expect(bom.ok && bom.data).toEqual({ imported: { activity: 1, labProgress: 0, worlds: 0 } })

    const withNul = JSON.parse(content)
    withNul.data.activity[0].title = 'before\u0000after'
    withNul.sha256 = sha256Hex(JSON.stringify(withNul.data))
    const n = await t.call('progress.import', { content: JSON.stringify(withNul) })
    expect(!n.ok && n.error.issues[0]).toEqual({ path: 'content.data.activity[0].title', message: 'must not contain the NUL character (U+0000)' })

    const twice = JSON.parse(content)
    const world = { id: 'w-1', name: 'One', seed: 's', actions: [], createdAt: '2026-11-25T10:00:00.000Z', updatedAt: '2026-11-25T10:00:00.000Z' }
    twice.data.worlds = [world, { ...world, name: 'One again' }]
    twice.sha256 = sha256Hex(JSON.stringify(twice.data))
    const d = await t.call('progress.import', { content: JSON.stringify(twice) })
    expect(!d.ok && d.error.issues[0]).toEqual({ path: 'content.data.worlds[1].id', message: '"w-1" is also worlds[0]; each id may appear once' })
    const listed = await t.call('sandbox.listWorlds', {})
    expect(listed.ok && (listed.data as { worlds: unknown[] }).worlds).toEqual([])
  })

  it('a stored row that cannot be read is skipped and named; summary, labs and export still answer', async () => {
    await open()
    await t.call('progress.recordActivity', { kind: 'page', ref: 'good', title: 'Good', route: '/' })
    // What an older version stored for "before\u0000after" and for a lab id cut to nothing.
    const db = (ctx.store as unknown as { db: { run(sql: string, v?: unknown[]): void } }).db
    db.run("INSERT INTO activity (kind, ref, title, route, at) VALUES ('page', 'cut', '', '/', '2026-11-25T10:00:00.000Z')")
    db.run("INSERT INTO lab_progress (lab_id, status, seed, current_step, score, started_at, updated_at, state) VALUES ('', 'in_progress', 1, 0, NULL, 'x', 'x', '{}')")
    const summary = await t.call('progress.summary', {})
    expect(summary.ok && (summary.data as { recent: { ref: string }[] }).recent.map((a) => a.ref)).toEqual(['good'])
    expect((await t.call('labs.list', {})).ok).toBe(true)
    const exported = await t.call('progress.export', {})
    expect(exported.ok && JSON.parse((exported.data as { content: string }).content).data.activity.map((a: { ref: string }) => a.ref)).toEqual(['good'])
    const info = await t.call('app.info', {})
    const notices = info.ok ? (info.data as { notices: { kind: string; message: string }[] }).notices : []
    expect(notices.map((n) => n.kind)).toEqual(['rows-skipped'])
    expect(notices[0].message).toMatch(/activity #2 \(title: Too small/)
    expect(notices[0].message).toMatch(/progress of lab ""/)
    // Reset removes the rows, and the notice about them goes with them.
    await t.call('progress.reset', { confirm: true, what: 'labProgress' })
    const after = await t.call('app.info', {})
    expect(after.ok && (after.data as { notices: unknown[] }).notices).toEqual([])
  })
})
