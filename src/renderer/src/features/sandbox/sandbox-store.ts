import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { Req, Res } from '@shared/contract'
import { useApiClient } from '@/api/api-client'
import { useBillingRequests } from './billing-requests'
import { forgetWorld } from './console-memory'

export type Catalog = Res<'sandbox.catalog'>
export type WorldListItem = Res<'sandbox.listWorlds'>['worlds'][number]
export type WorldSummary = Res<'sandbox.getWorld'>
export type MetricInfo = Res<'sandbox.listMetrics'>['metrics'][number]
export type AlarmDetail = Res<'sandbox.describeAlarms'>['alarms'][number]
export type SandboxNotification = Res<'sandbox.notifications'>['notifications'][number]
export type SandboxAction = Req<'sandbox.act'>['action']
export type MetricQuery = Omit<Req<'sandbox.getMetricData'>, 'worldId'>
export type LookupQuery = Omit<Req<'sandbox.lookupEvents'>, 'worldId'>

/**
 * The sandbox console's state: the catalog, saved worlds, and the open world with what is derived
 * from it (metrics, alarms, notifications). Every change to the world goes through `act`, which
 * refreshes the derived data and bumps `revision` so charts and tables know to fetch again.
 */
export const useSandboxStore = defineStore('sandbox', () => {
  const api = useApiClient()
  const catalog = ref<Catalog | null>(null)
  const worlds = ref<WorldListItem[]>([])
  const unreadableWorlds = ref<Res<'sandbox.listWorlds'>['unreadable']>([])
  /** False until the saved worlds have been listed once (an empty list before that means "loading", not "none"). */
  const worldsLoaded = ref(false)
  const world = ref<WorldSummary | null>(null)
  const metrics = ref<MetricInfo[]>([])
  const alarms = ref<AlarmDetail[]>([])
  const notifications = ref<SandboxNotification[]>([])
  /** Bumped after every change to the open world. */
  const revision = ref(0)
  /** Minutes being simulated by a running AdvanceClock, or null. */
  const advancingMinutes = ref<number | null>(null)
  /** True while any action runs: controls that change the world are disabled meanwhile. */
  const acting = ref(false)

  const worldId = computed(() => world.value?.id ?? null)
  const liveEndpoints = computed(() => world.value?.endpoints.filter((e) => e.EndpointStatus === 'InService') ?? [])

  async function loadCatalog(): Promise<void> {
    if (!catalog.value) catalog.value = await api.call('sandbox.catalog', {})
  }

  async function refreshWorlds(): Promise<void> {
    const list = await api.call('sandbox.listWorlds', {})
    worlds.value = list.worlds
    unreadableWorlds.value = list.unreadable
    worldsLoaded.value = true
  }

  async function createWorld(name: string, seed?: string): Promise<WorldSummary> {
    const created = await api.call('sandbox.createWorld', seed === undefined ? { name } : { name, seed })
    await refreshWorlds()
    return created
  }

  /** Bumped by every openWorld and closeWorld: an open that was overtaken while on its way is not shown. */
  let openRequests = 0

  /** Opens a world; resolves to null when another open or a close overtook this one. */
  async function openWorld(id: string): Promise<WorldSummary | null> {
    const request = ++openRequests
    const opened = await api.call('sandbox.getWorld', { worldId: id })
    if (request !== openRequests) return null
    world.value = opened
    await refreshDerived(id)
    revision.value++
    return opened
  }

  function closeWorld(): void {
    openRequests++
    world.value = null
    metrics.value = []
    alarms.value = []
    notifications.value = []
  }

  async function deleteWorld(id: string): Promise<void> {
    await api.call('sandbox.deleteWorld', { worldId: id })
    forgetWorld(id)
    if (world.value?.id === id) closeWorld()
    await refreshWorlds()
  }

  async function renameWorld(id: string, name: string): Promise<void> {
    const renamed = await api.call('sandbox.renameWorld', { worldId: id, name })
    if (world.value?.id === id) world.value = { ...world.value, name: renamed.name }
    await refreshWorlds()
  }

  /** A copy with the same seed and actions (so the same numbers), saved under a new id; not opened. */
  async function duplicateWorld(id: string, name: string): Promise<WorldSummary> {
    const copy = await api.call('sandbox.duplicateWorld', { worldId: id, name })
    await refreshWorlds()
    return copy
  }

  function exportWorld(id: string): Promise<Res<'sandbox.exportWorld'>> {
    return api.call('sandbox.exportWorld', { worldId: id })
  }

  /** What a world file holds (validated and replayed by the host); saves nothing. */
  function inspectWorldFile(content: string): Promise<Res<'sandbox.inspectWorldFile'>> {
    return api.call('sandbox.inspectWorldFile', { content })
  }

  /** Saves a world file's world: as a new world, or over the saved world with its id when `replace`. */
  async function importWorld(content: string, replace: boolean): Promise<WorldSummary> {
    const imported = await api.call('sandbox.importWorld', { content, replace })
    // A replaced world that is open shows the file's log from now on.
    if (replace && world.value?.id === imported.id) closeWorld()
    await refreshWorlds()
    return imported
  }

  async function refreshDerived(id: string): Promise<void> {
    const [m, a, n] = await Promise.all([
      api.call('sandbox.listMetrics', { worldId: id }),
      api.call('sandbox.describeAlarms', { worldId: id }),
      api.call('sandbox.notifications', { worldId: id })
    ])
    if (world.value?.id !== id) return
    metrics.value = m.metrics
    alarms.value = a.alarms
    notifications.value = n.notifications
  }

  /** Applies one action to the open world. Throws ApiError (with field issues) when it is refused. */
  async function act(action: SandboxAction): Promise<WorldSummary> {
    const id = worldId.value
    if (!id) throw new Error('No sandbox world is open.')
    acting.value = true
    try {
      const updated = await api.call('sandbox.act', { worldId: id, action })
      if (world.value?.id !== id) return updated
      world.value = updated
      await refreshDerived(id)
      revision.value++
      return updated
    } finally {
      acting.value = false
    }
  }

  async function advance(minutes: number): Promise<void> {
    advancingMinutes.value = minutes
    try {
      await act({ type: 'AdvanceClock', Minutes: minutes })
    } finally {
      advancingMinutes.value = null
    }
  }

  function getMetricData(q: MetricQuery): Promise<Res<'sandbox.getMetricData'>> {
    if (!worldId.value) throw new Error('No sandbox world is open.')
    return api.call('sandbox.getMetricData', { worldId: worldId.value, ...q })
  }

  /** EventBridge TestEventPattern: stateless, needs no world. */
  function testEventPattern(EventPattern: string, Event: string): Promise<Res<'events.testEventPattern'>> {
    return api.call('events.testEventPattern', { EventPattern, Event })
  }

  function lookupEvents(q: LookupQuery): Promise<Res<'sandbox.lookupEvents'>> {
    if (!worldId.value) throw new Error('No sandbox world is open.')
    return api.call('sandbox.lookupEvents', { worldId: worldId.value, ...q })
  }

  /** The Cost tab's requests (billing-requests.ts). */
  const billing = useBillingRequests(api, worldId, act)

  return {
    catalog,
    worlds,
    unreadableWorlds,
    worldsLoaded,
    world,
    metrics,
    alarms,
    notifications,
    revision,
    advancingMinutes,
    acting,
    worldId,
    liveEndpoints,
    loadCatalog,
    refreshWorlds,
    createWorld,
    openWorld,
    closeWorld,
    deleteWorld,
    renameWorld,
    duplicateWorld,
    exportWorld,
    inspectWorldFile,
    importWorld,
    act,
    advance,
    getMetricData,
    lookupEvents,
    testEventPattern,
    ...billing
  }
})
