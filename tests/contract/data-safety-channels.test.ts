/**
 * Data that is never lost by surprise (#9): the two resets delete only what they name and say how
 * many; import can be inspected before it replaces anything; one world goes to a small file and
 * back (validated, replayed, never overwriting another world unless asked); worlds are duplicated
 * and renamed.
 */
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../src/main/store/progress-store'
import { channelHarness } from '../helpers/channels'

const ENDPOINT = {
  type: 'CreateEndpoint',
  EndpointName: 'ep',
  ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: 1, ModelPreset: 'xgboost-tabular' }],
  Traffic: { pattern: 'steady', baseRpm: 120, noise: 'none' }
}

interface Summary {
  id: string
  name: string
  seed: string
  actions: { type: string }[]
  endpoints: { requests: number }[]
}

describe.each(['ipc', 'http'] as const)('data safety over %s', (kind) => {
  const h = channelHarness(kind, 'safety-')
  const { open, ok } = h

  async function refused(channel: string, req: unknown): Promise<{ code: string; message: string; issues: { path: string; message: string }[] }> {
    const r = await h.call(channel, req)
    if (r.ok) throw new Error(`${channel} should have been refused`)
    return r.error as never
  }

  /** A world with an endpoint that served `minutes` minutes of traffic. */
  async function world(name: string, seed: string, minutes: number): Promise<Summary> {
    const w = await ok<Summary>('sandbox.createWorld', { name, seed })
    await ok('sandbox.act', { worldId: w.id, action: ENDPOINT })
    return ok<Summary>('sandbox.act', { worldId: w.id, action: { type: 'AdvanceClock', Minutes: minutes } })
  }

  async function labProgressAndActivity(): Promise<void> {
    await ok('labs.start', { labId: 'latency-alarm-p99', seed: 7 })
    await ok('progress.recordActivity', { kind: 'lab', ref: 'latency-alarm-p99', title: 'p99', route: '/labs/latency-alarm-p99' })
    await ok('progress.recordActivity', { kind: 'page', ref: 'settings', title: 'Settings', route: '/settings' })
  }

  it('counts what the store holds; resetting lab progress keeps every world and the settings', async () => {
    await open()
    await ok('settings.update', { theme: 'dark' })
    const a = await world('A', 'safety-a', 30)
    await world('B', 'safety-b', 10)
    await labProgressAndActivity()
    await ok('progress.recordActivity', { kind: 'sandbox', ref: a.id, title: 'A', route: `/sandbox/${a.id}` })
    expect(await ok('progress.counts', {})).toEqual({ labProgress: 1, activity: 3, worlds: 2 })

    const reset = await ok('progress.reset', { confirm: true, what: 'labProgress' })
    expect(reset).toEqual({ ok: true, deleted: { labProgress: 1, activity: 3, worlds: 0 } })
    expect(await ok('progress.counts', {})).toEqual({ labProgress: 0, activity: 0, worlds: 2 })
    // The world still opens, with the same traffic it served before.
    const again = await ok<Summary>('sandbox.getWorld', { worldId: a.id })
    expect(again.endpoints[0].requests).toBe(a.endpoints[0].requests)
    expect(await ok('settings.get', {})).toMatchObject({ theme: 'dark' })
  })

  it('deleting sandbox worlds keeps lab progress, removes the activity that opened a world, and no cached world outlives it', async () => {
    await open()
    const a = await world('A', 'safety-a', 5)
    await labProgressAndActivity()
    await ok('progress.recordActivity', { kind: 'sandbox', ref: a.id, title: 'A', route: `/sandbox/${a.id}` })
    const reset = await ok('progress.reset', { confirm: true, what: 'worlds' })
    expect(reset).toEqual({ ok: true, deleted: { labProgress: 0, activity: 1, worlds: 1 } })
    expect(await ok('progress.counts', {})).toEqual({ labProgress: 1, activity: 2, worlds: 0 })
    expect((await refused('sandbox.getWorld', { worldId: a.id })).code).toBe('NOT_FOUND')
  })

  it('deleting one world also drops the activity entries that open it, and only those', async () => {
    await open()
    const a = await world('A', 'safety-a', 1)
    const b = await world('B', 'safety-b', 1)
    for (const w of [a, b]) await ok('progress.recordActivity', { kind: 'sandbox', ref: w.id, title: w.name, route: `/sandbox?world=${w.id}` })
    await ok('sandbox.deleteWorld', { worldId: a.id })
    const summary = await ok<{ recent: { ref: string }[] }>('progress.summary', {})
    expect(summary.recent.map((r) => r.ref)).toEqual([b.id])
  })

  it('inspecting an import says what the file holds and what is here, and changes nothing', async () => {
    await open()
    await world('A', 'safety-a', 5)
    await labProgressAndActivity()
    const exported = await ok<{ content: string }>('progress.export', {})
    await ok('progress.reset', { confirm: true, what: 'labProgress' })
    await ok('progress.recordActivity', { kind: 'page', ref: 'x', title: 'X', route: '/x' })
    const seen = await ok<{ exportedAt: string; app: { name: string }; file: unknown; current: unknown }>('progress.inspectImport', { content: exported.content })
    expect(seen.file).toEqual({ labProgress: 1, activity: 2, worlds: 1 })
    expect(seen.current).toEqual({ labProgress: 0, activity: 1, worlds: 1 })
    expect(seen.exportedAt).toBe(JSON.parse(exported.content).exportedAt)
    expect(seen.app.name).toBe('MLOps Lab')
    expect(await ok('progress.counts', {})).toEqual({ labProgress: 0, activity: 1, worlds: 1 })
    // A damaged file is refused by inspect exactly as by import.
    const damaged = JSON.parse(exported.content)
    damaged.data.activity = []
    expect((await refused('progress.inspectImport', { content: JSON.stringify(damaged) })).issues[0].path).toBe('content.sha256')
  })

  it('a world exported and imported as a new world replays to the same numbers, under a new id, leaving the original alone', async () => {
    await open()
    const a = await world('Latency study', 'safety-a', 45)
    const file = await ok<{ fileName: string; content: string }>('sandbox.exportWorld', { worldId: a.id })
    expect(file.fileName).toBe('mlops-lab-world-latency-study.json')
    const parsed = JSON.parse(file.content)
    expect(parsed).toMatchObject({ format: 'mlops-lab-world', formatVersion: 1, world: { id: a.id, name: 'Latency study', seed: 'safety-a' } })
    expect(parsed.world.actions.map((x: { type: string }) => x.type)).toEqual(['CreateEndpoint', 'AdvanceClock'])
    expect(parsed.sha256).toBe(sha256Hex(JSON.stringify(parsed.world)))
    // Small: the seed and two actions, not the simulated data.
    expect(file.content.length).toBeLessThan(2000)

    const seen = await ok('sandbox.inspectWorldFile', { content: file.content })
    expect(seen).toMatchObject({ name: 'Latency study', seed: 'safety-a', actionCount: 2, sameId: { id: a.id, name: 'Latency study', actionCount: 2 } })

    const copy = await ok<Summary>('sandbox.importWorld', { content: file.content })
    expect(copy.id).not.toBe(a.id)
    expect(copy.name).toBe('Latency study')
    expect(copy.endpoints[0].requests).toBe(a.endpoints[0].requests)
    const list = await ok<{ worlds: { id: string }[] }>('sandbox.listWorlds', {})
    expect(list.worlds.map((w) => w.id).sort()).toEqual([a.id, copy.id].sort())
  })

  it('replace overwrites only the world with the file\'s id, and only when asked', async () => {
    await open()
    const a = await world('A', 'safety-a', 45)
    const file = await ok<{ content: string }>('sandbox.exportWorld', { worldId: a.id })
    // The original moves on after the export; replacing puts it back to the exported log.
    await ok('sandbox.act', { worldId: a.id, action: { type: 'AdvanceClock', Minutes: 15 } })
    const replaced = await ok<Summary>('sandbox.importWorld', { content: file.content, replace: true })
    expect(replaced.id).toBe(a.id)
    expect(replaced.actions.length).toBe(2)
    expect(replaced.endpoints[0].requests).toBe(a.endpoints[0].requests)
    expect((await ok<Summary>('sandbox.getWorld', { worldId: a.id })).actions.length).toBe(2)

    // With that world gone, replace has nothing to replace, and says so.
    await ok('sandbox.deleteWorld', { worldId: a.id })
    const none = await refused('sandbox.importWorld', { content: file.content, replace: true })
    expect(none.issues[0].path).toBe('replace')
    expect(await ok('progress.counts', {})).toMatchObject({ worlds: 0 })
  })

  it('a world file that is foreign, edited, invalid or does not replay is refused, naming what is wrong, and saves nothing', async () => {
    await open()
    const a = await world('A', 'safety-a', 5)
    const { content } = await ok<{ content: string }>('sandbox.exportWorld', { worldId: a.id })
    const good = JSON.parse(content)
    const sign = (f: { world: unknown; sha256: string }): string => JSON.stringify({ ...f, sha256: sha256Hex(JSON.stringify(f.world)) })

    expect((await refused('sandbox.importWorld', { content: 'not json' })).message).toMatch(/world file: it is not valid JSON/)
    const progressFile = await ok<{ content: string }>('progress.export', {})
    expect((await refused('sandbox.importWorld', { content: progressFile.content })).issues[0]).toEqual({ path: 'content.format', message: 'expected "mlops-lab-world"' })
    expect((await refused('sandbox.importWorld', { content: JSON.stringify({ ...good, formatVersion: 2 }) })).issues[0].path).toBe('content.formatVersion')
    expect((await refused('sandbox.importWorld', { content: JSON.stringify({ ...good, world: { ...good.world, name: 'Edited' } }) })).issues[0].path).toBe('content.sha256')

    // Well signed but invalid: an action AWS would not accept (a negative instance count).
    const bad = structuredClone(good)
    bad.world.actions[0].ProductionVariants[0].InitialInstanceCount = -1
    const invalid = await refused('sandbox.importWorld', { content: sign(bad) })
    expect(invalid.code).toBe('VALIDATION')
    expect(invalid.message).toMatch(/do not replay.*Nothing was saved/)
    expect(invalid.issues[0].path).toMatch(/^content\.world\.actions\[0\]\.ProductionVariants\[0\]\.InitialInstanceCount$/)

    // Each action valid alone, but the log does not replay: the same endpoint created twice.
    const twice = structuredClone(good)
    twice.world.actions = [good.world.actions[0], good.world.actions[0]]
    const noReplay = await refused('sandbox.importWorld', { content: sign(twice) })
    expect(noReplay.code).toBe('VALIDATION')
    expect(noReplay.message).toMatch(/do not replay/)
    expect(noReplay.issues[0].path).toMatch(/^content\.world\.actions\[1\]/)
    expect(noReplay.issues.at(-1)).toEqual({ path: 'content.world.actions', message: 'do not replay' })
    expect((await refused('sandbox.inspectWorldFile', { content: sign(twice) })).issues[0].path).toBe(noReplay.issues[0].path)

    expect(await ok('progress.counts', {})).toMatchObject({ worlds: 1 })
  })

  it('duplicates a world (same numbers, new id) and renames one, refusing an empty name', async () => {
    await open()
    const a = await world('A', 'safety-a', 30)
    const copy = await ok<Summary>('sandbox.duplicateWorld', { worldId: a.id, name: 'A (copy)' })
    expect(copy.id).not.toBe(a.id)
    expect([copy.name, copy.seed, copy.actions.length]).toEqual(['A (copy)', 'safety-a', 2])
    expect(copy.endpoints[0].requests).toBe(a.endpoints[0].requests)
    // The copy moves on alone.
    await ok('sandbox.act', { worldId: copy.id, action: { type: 'AdvanceClock', Minutes: 5 } })
    expect((await ok<Summary>('sandbox.getWorld', { worldId: a.id })).actions.length).toBe(2)

    expect(await ok('sandbox.renameWorld', { worldId: a.id, name: '  Renamed  ' })).toEqual({ id: a.id, name: 'Renamed' })
    expect((await ok<Summary>('sandbox.getWorld', { worldId: a.id })).name).toBe('Renamed')
    expect((await refused('sandbox.renameWorld', { worldId: a.id, name: '  ' })).issues[0].path).toBe('name')
    expect((await refused('sandbox.renameWorld', { worldId: 'nope', name: 'X' })).code).toBe('NOT_FOUND')
    expect((await refused('sandbox.duplicateWorld', { worldId: 'nope', name: 'X' })).code).toBe('NOT_FOUND')
  })
})
