import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '@/api/api-error'
import { useSandboxStore, type SandboxAction } from '@/features/sandbox/sandbox-store'
import { FakeClient, installStores, settle } from '../fake-client'
import { alarmsOf, catalog, endpoint, metricsOf, notificationsOf, world } from '../fixtures'

let api: FakeClient

/** A host whose derived data (metrics, alarms, notifications) names the world it was asked about. */
function answerDerived(client: FakeClient): void {
  client.on('sandbox.listMetrics', (r) => metricsOf(r.worldId))
  client.on('sandbox.describeAlarms', (r) => alarmsOf(r.worldId))
  client.on('sandbox.notifications', (r) => notificationsOf(r.worldId))
}

beforeEach(() => {
  api = new FakeClient()
  installStores(api)
})

describe('sandbox store: catalog and saved worlds', () => {
  it('asks for the catalog once and keeps it', async () => {
    api.on('sandbox.catalog', () => catalog())
    const store = useSandboxStore()
    await store.loadCatalog()
    await store.loadCatalog()
    expect(api.requests('sandbox.catalog')).toEqual([{}])
    expect(store.catalog?.accountId).toBe('111122223333')
    expect(store.catalog?.region).toBe('us-east-1')
  })

  it('lists saved worlds and the ones this version cannot read', async () => {
    api.on('sandbox.listWorlds', () => ({
      worlds: [{ id: 'w1', name: 'Latency', seed: 'abc', actionCount: 3, updatedAt: '2026-01-05T10:00:00.000Z' }],
      unreadable: [{ id: 'w0', name: 'Old', problem: 'action 2: Period must be 10, 20, 30 or a multiple of 60' }]
    }))
    const store = useSandboxStore()
    await store.refreshWorlds()
    expect(store.worlds.map((w) => w.id)).toEqual(['w1'])
    expect(store.unreadableWorlds).toEqual([{ id: 'w0', name: 'Old', problem: 'action 2: Period must be 10, 20, 30 or a multiple of 60' }])
  })

  it('creates a world with a seed only when one is given, then lists the worlds again', async () => {
    api.on('sandbox.createWorld', (r) => world('new', { name: r.name }))
    api.on('sandbox.listWorlds', () => ({ worlds: [], unreadable: [] }))
    const store = useSandboxStore()
    await store.createWorld('Fresh')
    await store.createWorld('Shared', 'team-seed-7')
    expect(api.requests('sandbox.createWorld')).toEqual([{ name: 'Fresh' }, { name: 'Shared', seed: 'team-seed-7' }])
    expect(api.channels()).toEqual(['sandbox.createWorld', 'sandbox.listWorlds', 'sandbox.createWorld', 'sandbox.listWorlds'])
  })

  it('renaming the open world renames it in place, then lists the worlds again', async () => {
    api.on('sandbox.getWorld', (r) => world(r.worldId, { name: 'Before' }))
    answerDerived(api)
    api.on('sandbox.renameWorld', (r) => ({ id: r.worldId, name: r.name }))
    api.on('sandbox.listWorlds', () => ({ worlds: [], unreadable: [] }))
    const store = useSandboxStore()
    await store.openWorld('w1')
    await store.renameWorld('w1', 'After')
    expect(store.world?.name).toBe('After')
    expect(api.requests('sandbox.renameWorld')).toEqual([{ worldId: 'w1', name: 'After' }])
    expect(api.channels().slice(-2)).toEqual(['sandbox.renameWorld', 'sandbox.listWorlds'])
  })

  it('duplicating does not open the copy; importing sends replace only as asked and closes an open world it replaced', async () => {
    api.on('sandbox.getWorld', (r) => world(r.worldId))
    answerDerived(api)
    api.on('sandbox.duplicateWorld', (r) => world('copy', { name: r.name }))
    api.on('sandbox.importWorld', (r) => world(r.replace ? 'w1' : 'fresh'))
    api.on('sandbox.listWorlds', () => ({ worlds: [], unreadable: [] }))
    const store = useSandboxStore()
    await store.openWorld('w1')
    await store.duplicateWorld('w1', 'A (copy)')
    expect(store.world?.id).toBe('w1')
    await store.importWorld('{}', false)
    expect(store.world?.id).toBe('w1')
    await store.importWorld('{}', true)
    expect(store.world).toBeNull()
    expect(api.requests('sandbox.importWorld')).toEqual([
      { content: '{}', replace: false },
      { content: '{}', replace: true }
    ])
  })

  it('a refused world name rejects with the host’s field issue and lists nothing', async () => {
    api.refuse('sandbox.createWorld', { code: 'VALIDATION', message: 'bad request', issues: [{ path: 'name', message: 'name must not be empty' }] })
    const store = useSandboxStore()
    const err = await store.createWorld('').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).issueFor('name')).toBe('name must not be empty')
    expect(api.channels()).toEqual(['sandbox.createWorld'])
  })
})

describe('sandbox store: the open world', () => {
  it('opening a world fetches it, then its metrics, alarms and notifications, and bumps the revision once', async () => {
    api.on('sandbox.getWorld', (r) => world(r.worldId))
    answerDerived(api)
    const store = useSandboxStore()
    const opened = await store.openWorld('w1')
    expect(opened?.id).toBe('w1')
    expect(api.channels()[0]).toBe('sandbox.getWorld')
    expect(new Set(api.channels().slice(1))).toEqual(new Set(['sandbox.listMetrics', 'sandbox.describeAlarms', 'sandbox.notifications']))
    for (const c of ['sandbox.getWorld', 'sandbox.listMetrics', 'sandbox.describeAlarms', 'sandbox.notifications'] as const) expect(api.requests(c)).toEqual([{ worldId: 'w1' }])
    expect(store.worldId).toBe('w1')
    expect(store.metrics[0].Dimensions[0].Value).toBe('w1-endpoint')
    expect(store.alarms[0].AlarmName).toBe('w1-latency-p99')
    expect(store.notifications).toHaveLength(1)
    expect(store.revision).toBe(1)
  })

  it('a world that no longer exists rejects with NOT_FOUND and leaves nothing open', async () => {
    api.refuse('sandbox.getWorld', { code: 'NOT_FOUND', message: 'no world "gone"', issues: [{ path: 'worldId', message: 'no such world' }] })
    const store = useSandboxStore()
    const err = await store.openWorld('gone').catch((e: unknown) => e)
    expect((err as ApiError).code).toBe('NOT_FOUND')
    expect(store.world).toBeNull()
    expect(store.revision).toBe(0)
  })

  it('live endpoints are the InService ones', async () => {
    api.on('sandbox.getWorld', (r) => world(r.worldId, { endpoints: [endpoint('live', 'InService'), endpoint('gone', 'Deleted')] }))
    answerDerived(api)
    const store = useSandboxStore()
    await store.openWorld('w1')
    expect(store.liveEndpoints.map((e) => e.EndpointName)).toEqual(['live'])
  })

  it('deleting the open world closes it; deleting another leaves it open', async () => {
    api.on('sandbox.getWorld', (r) => world(r.worldId))
    answerDerived(api)
    api.on('sandbox.deleteWorld', () => ({ ok: true }))
    api.on('sandbox.listWorlds', () => ({ worlds: [], unreadable: [] }))
    const store = useSandboxStore()
    await store.openWorld('w1')
    await store.deleteWorld('w2')
    expect(store.worldId).toBe('w1')
    await store.deleteWorld('w1')
    expect(store.world).toBeNull()
    expect(store.metrics).toEqual([])
    expect(store.alarms).toEqual([])
    expect(store.notifications).toEqual([])
    expect(api.requests('sandbox.deleteWorld')).toEqual([{ worldId: 'w2' }, { worldId: 'w1' }])
  })

  it('metric data and event lookups are asked about the open world, and refused before one is open', async () => {
    api.on('sandbox.getWorld', (r) => world(r.worldId))
    answerDerived(api)
    api.on('sandbox.getMetricData', () => ({ Label: 'ModelLatency', Unit: 'Microseconds', Period: 60, Timestamps: [], Values: [], SampleCounts: [] }))
    api.on('sandbox.lookupEvents', () => ({ Events: [] }))
    const store = useSandboxStore()
    expect(() => store.getMetricData({ Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Dimensions: [], Stat: 'p99', Period: 60 })).toThrow(/No sandbox world is open/)
    expect(() => store.lookupEvents({})).toThrow(/No sandbox world is open/)
    await store.openWorld('w1')
    await store.getMetricData({ Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Dimensions: [], Stat: 'p99', Period: 60 })
    await store.lookupEvents({ MaxResults: 50 })
    expect(api.requests('sandbox.getMetricData')).toEqual([{ worldId: 'w1', Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Dimensions: [], Stat: 'p99', Period: 60 }])
    expect(api.requests('sandbox.lookupEvents')).toEqual([{ worldId: 'w1', MaxResults: 50 }])
  })
})

describe('sandbox store: actions', () => {
  beforeEach(() => {
    api.on('sandbox.getWorld', (r) => world(r.worldId))
    answerDerived(api)
  })

  it('an action is sent with the open world’s id; its answer replaces the world, refreshes derived data and bumps the revision', async () => {
    api.on('sandbox.act', (r) => world(r.worldId, { actions: [{ index: 0, type: r.action.type, at: 0, summary: 'PutMetricAlarm latency-p99' }] }))
    const store = useSandboxStore()
    await store.openWorld('w1')
    const before = api.sent.length
    const action: SandboxAction = { type: 'DeleteAlarms', AlarmNames: ['latency-p99'] }
    await store.act(action)
    expect(api.requests('sandbox.act')).toEqual([{ worldId: 'w1', action }])
    expect(store.world?.actions).toHaveLength(1)
    expect(new Set(api.channels().slice(before + 1))).toEqual(new Set(['sandbox.listMetrics', 'sandbox.describeAlarms', 'sandbox.notifications']))
    expect(store.revision).toBe(2)
    expect(store.acting).toBe(false)
  })

  it('acting is true while an action is on its way and false once it answers', async () => {
    const held = api.hold('sandbox.act')
    const store = useSandboxStore()
    await store.openWorld('w1')
    const done = store.act({ type: 'DeleteAlarms', AlarmNames: ['x'] })
    await settle()
    expect(store.acting).toBe(true)
    held[0].resolve(world('w1'))
    await done
    expect(store.acting).toBe(false)
  })

  it('a refused action rejects with the host’s field issues and changes nothing', async () => {
    api.refuse('sandbox.act', {
      code: 'VALIDATION',
      message: 'The alarm is not valid.',
      issues: [{ path: 'action.DatapointsToAlarm', message: 'must be at most EvaluationPeriods (3)' }]
    })
    const store = useSandboxStore()
    await store.openWorld('w1')
    const before = { world: store.world, revision: store.revision, sent: api.sent.length }
    const err = await store.act({ type: 'DeleteAlarms', AlarmNames: ['x'] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).issueFor('DatapointsToAlarm')).toBe('must be at most EvaluationPeriods (3)')
    expect(store.world).toBe(before.world)
    expect(store.revision).toBe(before.revision)
    expect(store.acting).toBe(false)
    // No derived data is fetched after a refusal.
    expect(api.sent.length).toBe(before.sent + 1)
  })

  it('an action needs an open world and sends nothing without one', async () => {
    const store = useSandboxStore()
    await expect(store.act({ type: 'DeleteAlarms', AlarmNames: ['x'] })).rejects.toThrow(/No sandbox world is open/)
    expect(api.sent).toEqual([])
  })

  it('advancing the clock sends AdvanceClock with the minutes and shows them only while it runs, even when refused', async () => {
    const held = api.hold('sandbox.act')
    const store = useSandboxStore()
    await store.openWorld('w1')
    const day = store.advance(1440)
    await settle()
    expect(store.advancingMinutes).toBe(1440)
    expect(held[0].request).toEqual({ worldId: 'w1', action: { type: 'AdvanceClock', Minutes: 1440 } })
    held[0].resolve(world('w1', { now: Date.UTC(2026, 0, 6) }))
    await day
    expect(store.advancingMinutes).toBeNull()
    expect(store.world?.now).toBe(Date.UTC(2026, 0, 6))

    const tooLong = store.advance(50_000)
    await settle()
    held[1].reject(new ApiError({ code: 'VALIDATION', message: 'too long', issues: [{ path: 'action.Minutes', message: 'must be at most 44640' }] }))
    await expect(tooLong).rejects.toBeInstanceOf(ApiError)
    expect(store.advancingMinutes).toBeNull()
  })
})

describe('sandbox store: answers that arrive after the learner moved on', () => {
  it('an action’s answer for a world that was switched away from is not applied to the new world', async () => {
    api.on('sandbox.getWorld', (r) => world(r.worldId))
    answerDerived(api)
    const held = api.hold('sandbox.act')
    const store = useSandboxStore()
    await store.openWorld('a')
    const acting = store.act({ type: 'AdvanceClock', Minutes: 60 })
    await settle()
    await store.openWorld('b')
    const revision = store.revision
    held[0].resolve(world('a', { now: Date.UTC(2026, 0, 5, 1) }))
    const answer = await acting
    expect(answer.id).toBe('a')
    expect(store.worldId).toBe('b')
    expect(store.alarms[0].AlarmName).toBe('b-latency-p99')
    expect(store.revision).toBe(revision)
    // Nothing was fetched for "a" after its action answered.
    expect(api.requests('sandbox.listMetrics').map((r) => r.worldId)).toEqual(['a', 'b'])
  })

  it('derived data that arrives after the world was switched is dropped', async () => {
    api.on('sandbox.getWorld', (r) => world(r.worldId))
    const heldMetrics = api.hold('sandbox.listMetrics')
    api.on('sandbox.describeAlarms', (r) => alarmsOf(r.worldId))
    api.on('sandbox.notifications', (r) => notificationsOf(r.worldId))
    const store = useSandboxStore()
    const openingA = store.openWorld('a')
    await settle()
    const openingB = store.openWorld('b')
    await settle()
    expect(heldMetrics.map((h) => h.request.worldId)).toEqual(['a', 'b'])
    heldMetrics[1].resolve(metricsOf('b'))
    await openingB
    heldMetrics[0].resolve(metricsOf('a'))
    await openingA
    expect(store.worldId).toBe('b')
    expect(store.metrics[0].Dimensions[0].Value).toBe('b-endpoint')
    expect(store.alarms[0].AlarmName).toBe('b-latency-p99')
  })

  it('of two opens, the later one wins even when the earlier answers last', async () => {
    const held = api.hold('sandbox.getWorld')
    answerDerived(api)
    const store = useSandboxStore()
    const openingA = store.openWorld('a')
    const openingB = store.openWorld('b')
    await settle()
    held[1].resolve(world('b'))
    expect((await openingB)?.id).toBe('b')
    held[0].resolve(world('a'))
    expect(await openingA).toBeNull()
    expect(store.worldId).toBe('b')
    expect(store.alarms[0].AlarmName).toBe('b-latency-p99')
  })

  it('a world closed while it was opening stays closed', async () => {
    const held = api.hold('sandbox.getWorld')
    answerDerived(api)
    const store = useSandboxStore()
    const opening = store.openWorld('a')
    await settle()
    store.closeWorld()
    held[0].resolve(world('a'))
    expect(await opening).toBeNull()
    expect(store.world).toBeNull()
    expect(api.requests('sandbox.listMetrics')).toEqual([])
  })
})
