/**
 * The Monitoring view's state. "Bring your own data": two CSV files (the learner's, or a seeded
 * example pair from `monitor.exampleCsv`), a `monitor.driftReport` job over them (jobs.start, then
 * jobs.get every 150 ms until it ends; jobs.cancel stops it between two chunks), the report, the
 * feature the learner is looking at, and per-feature overrides of the test and threshold for the
 * next run. "Compare two samples": pasted values sent to `monitor.compareDistributions`. "Sandbox
 * schedules": a world (sandbox.listWorlds) and one of its monitored endpoints, read by
 * `sandbox.monitoring` (schedules, executions, drift, thresholds, retraining). Every
 * number shown comes from those answers; the store only parses what the learner typed.
 *
 * The store receives the API client, so it is tested with a fake.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Req, Res } from '@shared/contract'
import { useApiClient, type ApiClient } from '@/api/api-client'
import { ApiError } from '@/api/api-error'
import { followJob, sleep, type JobStatus } from '@/api/follow-job'

export type { JobStatus }
export type DriftReportResult = Extract<NonNullable<JobStatus['result']>, { kind: 'monitor.driftReport' }>['value']
export type FeatureDrift = DriftReportResult['report']['features'][number]
export type Comparison = Res<'monitor.compareDistributions'>
export type DriftMethod = NonNullable<Req<'monitor.compareDistributions'>['method']>
export type ExampleRequest = Req<'monitor.exampleCsv'>
export type WorldMonitoring = Res<'sandbox.monitoring'>

/** The contract's cap on each CSV text (MAX_REPORT_CSV_CHARS), checked before anything is sent. */
export const MAX_CSV_CHARS = 128 * 1024 * 1024
export const METHODS: readonly DriftMethod[] = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi']

export interface CsvFile {
  name: string
  text: string
}

export interface Problem {
  message: string
  issues: { path: string; message: string }[]
}

export interface Override {
  method?: DriftMethod
  threshold?: number
}

const problemOf = (err: unknown): Problem => (err instanceof ApiError ? { message: err.message, issues: err.issues } : { message: String(err), issues: [] })

/**
 * Pasted values: separated by commas, spaces, tabs or line ends. All numbers → a numeric sample;
 * otherwise every token is a category (so "1, 2, b" is three categories, as a CSV column with a
 * text value would not be numeric either).
 */
export function parseSample(text: string): number[] | string[] {
  const tokens = text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
  const numbers = tokens.map((t) => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN))
  return numbers.every((n) => Number.isFinite(n)) ? numbers : tokens
}

export function createMonitoringState(api: ApiClient, wait: (ms: number) => Promise<void> = sleep) {
  // --- Bring your own data
  // Shallow: a file may hold a million rows of text, which needs no reactive proxy.
  const baseline = shallowRef<CsvFile | null>(null)
  const current = shallowRef<CsvFile | null>(null)
  const example = ref<ExampleRequest>({ scenario: 'recommender-ctr', change: 'dataDrift', rows: 5000, seed: 1 })
  const exampleDescription = ref<string | null>(null)
  const loadingExample = ref(false)
  const overrides = ref<Record<string, Override>>({})
  const status = ref<JobStatus | null>(null)
  const result = shallowRef<DriftReportResult | null>(null)
  const error = ref<Problem | null>(null)
  const running = ref(false)
  const selected = ref<string | null>(null)

  const selectedFeature = computed<FeatureDrift | null>(() => result.value?.report.features.find((f) => f.name === selected.value) ?? null)
  const drifted = computed(() => result.value?.report.features.filter((f) => f.comparison?.auto.drift).map((f) => f.name) ?? [])
  const canRun = computed(() => baseline.value !== null && current.value !== null && !running.value)

  /** A file too large to send, refused before anything is sent (`size` says how large, with its unit). */
  function refuseSize(side: 'baseline' | 'current', name: string, size: string): void {
    const message = `${name} has ${size}; a file may have at most ${MAX_CSV_CHARS.toLocaleString('en-US')} characters.`
    error.value = { message: `${side}.text: ${message}`, issues: [{ path: `${side}.text`, message }] }
  }

  function setFile(side: 'baseline' | 'current', file: CsvFile | null): void {
    if (file && file.text.length > MAX_CSV_CHARS) {
      refuseSize(side, file.name, `${file.text.length.toLocaleString('en-US')} characters`)
      return
    }
    error.value = null
    exampleDescription.value = null
    if (side === 'baseline') baseline.value = file
    else current.value = file
  }

  async function loadExample(): Promise<void> {
    if (loadingExample.value) return
    loadingExample.value = true
    error.value = null
    try {
      const pair = await api.call('monitor.exampleCsv', { ...example.value })
      baseline.value = pair.baseline
      current.value = pair.current
      exampleDescription.value = pair.description
    } catch (err) {
      error.value = problemOf(err)
    } finally {
      loadingExample.value = false
    }
  }

  function setOverride(feature: string, o: Override | null): void {
    const next = { ...overrides.value }
    if (o === null || (o.method === undefined && o.threshold === undefined)) delete next[feature]
    else next[feature] = o
    overrides.value = next
  }

  function overrideList(): NonNullable<Extract<Req<'jobs.start'>, { kind: 'monitor.driftReport' }>['request']['overrides']> {
    return Object.entries(overrides.value).map(([feature, o]) => ({ feature, ...(o.method ? { method: o.method } : {}), ...(o.threshold !== undefined ? { threshold: o.threshold } : {}) }))
  }

  async function run(): Promise<void> {
    if (running.value || !baseline.value || !current.value) return
    running.value = true
    error.value = null
    status.value = null
    try {
      const list = overrideList()
      const { jobId } = await api.call('jobs.start', {
        kind: 'monitor.driftReport',
        // Plain copies: a reactive proxy cannot cross IPC (structured clone).
        request: { baseline: { name: baseline.value.name, text: baseline.value.text }, current: { name: current.value.name, text: current.value.text }, ...(list.length ? { overrides: list } : {}) }
      })
      const s = await followJob(api, jobId, (st) => (status.value = st), wait)
      if (s.state === 'succeeded') {
        result.value = s.result && s.result.kind === 'monitor.driftReport' ? s.result.value : null
        const names = result.value?.report.features.map((f) => f.name) ?? []
        if (!selected.value || !names.includes(selected.value)) selected.value = result.value?.report.features.find((f) => f.comparison?.auto.drift)?.name ?? names[0] ?? null
      } else if (s.state === 'failed') {
        error.value = s.error ? { message: s.error.message, issues: s.error.issues } : { message: 'The drift report failed.', issues: [] }
      }
    } catch (err) {
      error.value = problemOf(err)
    } finally {
      running.value = false
    }
  }

  async function cancel(): Promise<void> {
    const s = status.value
    if (!s || !running.value) return
    await api.call('jobs.cancel', { jobId: s.jobId })
  }

  // --- Compare two samples
  const sampleA = ref('')
  const sampleB = ref('')
  const compareMethod = ref<DriftMethod | ''>('')
  const compareThreshold = ref<number | null>(null)
  const comparison = ref<Comparison | null>(null)
  const compareError = ref<Problem | null>(null)
  const comparing = ref(false)

  async function compare(): Promise<void> {
    if (comparing.value) return
    comparing.value = true
    compareError.value = null
    try {
      const request: Req<'monitor.compareDistributions'> = { baseline: parseSample(sampleA.value), current: parseSample(sampleB.value) }
      if (compareMethod.value) request.method = compareMethod.value
      if (compareThreshold.value !== null && Number.isFinite(compareThreshold.value)) request.threshold = compareThreshold.value
      comparison.value = await api.call('monitor.compareDistributions', request)
    } catch (err) {
      comparison.value = null
      compareError.value = problemOf(err)
    } finally {
      comparing.value = false
    }
  }

  // --- Sandbox schedules: one monitored endpoint of a world
  const worlds = ref<{ id: string; name: string }[]>([])
  const worldId = ref<string | null>(null)
  const endpointName = ref<string | null>(null)
  const monitoring = shallowRef<WorldMonitoring | null>(null)
  const monitoringError = ref<Problem | null>(null)
  const loadingMonitoring = ref(false)

  async function loadWorlds(): Promise<void> {
    try {
      worlds.value = (await api.call('sandbox.listWorlds', {})).worlds.map((w) => ({ id: w.id, name: w.name }))
      monitoringError.value = null
    } catch (err) {
      monitoringError.value = problemOf(err)
      return
    }
    if (worlds.value.length > 0 && !worlds.value.some((w) => w.id === worldId.value)) await selectWorld(worlds.value[0].id)
  }

  /** A world: its first monitored endpoint (the host's default) is read. */
  async function selectWorld(id: string): Promise<void> {
    worldId.value = id
    endpointName.value = null
    await readMonitoring()
  }

  async function selectEndpoint(name: string): Promise<void> {
    endpointName.value = name
    await readMonitoring()
  }

  async function readMonitoring(): Promise<void> {
    if (!worldId.value) return
    const asked = { worldId: worldId.value, ...(endpointName.value ? { EndpointName: endpointName.value } : {}) }
    loadingMonitoring.value = true
    try {
      const m = await api.call('sandbox.monitoring', asked)
      // A late answer for a world or endpoint the learner has since left is dropped.
      if (asked.worldId !== worldId.value || (asked.EndpointName ?? null) !== endpointName.value) return
      monitoring.value = m
      endpointName.value = m.EndpointName
      monitoringError.value = null
    } catch (err) {
      if (asked.worldId !== worldId.value) return
      monitoring.value = null
      monitoringError.value = problemOf(err)
    } finally {
      loadingMonitoring.value = false
    }
  }

  // --- What the statistics simplify
  const simplifications = ref<string[]>([])
  async function loadSimplifications(): Promise<void> {
    if (simplifications.value.length) return
    try {
      simplifications.value = (await api.call('monitor.simplifications', {})).simplifications
    } catch {
      // The list is context; the view works without it.
    }
  }

  return {
    baseline,
    current,
    example,
    exampleDescription,
    loadingExample,
    overrides,
    status,
    result,
    error,
    running,
    selected,
    selectedFeature,
    drifted,
    canRun,
    setFile,
    refuseSize,
    loadExample,
    setOverride,
    run,
    cancel,
    sampleA,
    sampleB,
    compareMethod,
    compareThreshold,
    comparison,
    compareError,
    comparing,
    compare,
    simplifications,
    loadSimplifications,
    worlds,
    worldId,
    endpointName,
    monitoring,
    monitoringError,
    loadingMonitoring,
    loadWorlds,
    selectWorld,
    selectEndpoint,
    readMonitoring
  }
}

export const useMonitoringStore = defineStore('monitoring', () => createMonitoringState(useApiClient()))
