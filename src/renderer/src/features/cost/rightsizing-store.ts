/**
 * The Rightsizing view's state, in three parts that each reach the host only through the API client
 * (so a test hands the store a fake):
 * - candidates: cost.recommend for the learner's model, traffic and p99 requirement, and the advanced
 *   Inference Recommender job (the cost.loadTest job kind: jobs.start, then jobs.get every 150 ms
 *   until it ends; jobs.cancel stops it) on the candidates ticked;
 * - findings: a sandbox world's running endpoint, read by sandbox.endpointFindings (Compute
 *   Optimizer's finding, reasons and options from its last 14 days, with utilization histograms);
 * - purchasing: cost.purchasing for one workload over a month (On-Demand, Savings Plans 1 and 3
 *   years, Serverless, asynchronous), each option's cumulative cost and the break-even points.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import type { Req, Res } from '@shared/contract'
import type { JobStatus } from '@shared/contract/jobs'
import { useApiClient, type ApiClient } from '@/api/api-client'
import { ApiError } from '@/api/api-error'
import { followJob, sleep } from '@/api/follow-job'


export type Recommendations = Res<'cost.recommend'>
export type LoadTestResult = Extract<NonNullable<JobStatus['result']>, { kind: 'cost.loadTest' }>['value']
export type EndpointFindings = Res<'sandbox.endpointFindings'>
export type PurchasingComparison = Res<'cost.purchasing'>

/** An ApiError's field issues joined ("path: message; …"), or the error's message. */
export function describeError(e: unknown): string {
  if (e instanceof ApiError && e.issues.length > 0) return e.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
  return e instanceof Error ? e.message : String(e)
}

/** The purchasing comparison's request from the view's few fields. */
export interface PurchasingForm {
  cpuMsPerRequest: number
  memoryGiB: number
  baseRpm: number
  /** Percent a day. */
  dailyGrowthPercent: number
  InstanceType: string
  InstanceCount: number
  MemorySizeInMB: number
  MaxConcurrency: number
}

export function purchasingRequest(f: PurchasingForm): Req<'cost.purchasing'> {
  const fleet = { InstanceType: f.InstanceType, InstanceCount: f.InstanceCount }
  return {
    seed: 1,
    workload: {
      model: { cpuMsPerRequest: f.cpuMsPerRequest, memoryGiB: f.memoryGiB, payloadKiB: 4 },
      traffic: f.dailyGrowthPercent === 0 ? { pattern: 'steady', baseRpm: f.baseRpm, noise: 'none' } : { pattern: 'growth', baseRpm: f.baseRpm, noise: 'none', dailyGrowthRate: f.dailyGrowthPercent / 100 }
    },
    options: [
      { kind: 'onDemand', name: 'On-Demand', ...fleet },
      // Without commitmentPerHour the plan commits to the fleet's On-Demand rate at its discount.
      { kind: 'savingsPlan', name: 'Savings Plan 1 year', ...fleet, termYears: 1 },
      { kind: 'savingsPlan', name: 'Savings Plan 3 years', ...fleet, termYears: 3 },
      { kind: 'serverless', name: `Serverless ${f.MemorySizeInMB} MB`, MemorySizeInMB: f.MemorySizeInMB, MaxConcurrency: f.MaxConcurrency },
      { kind: 'async', name: `Async 0–${Math.max(1, f.InstanceCount)} instances`, InstanceType: f.InstanceType, MinCapacity: 0, MaxCapacity: Math.max(1, f.InstanceCount), TargetValue: 5 }
    ]
  }
}

export const DEFAULT_PURCHASING: PurchasingForm = {
  cpuMsPerRequest: 60,
  memoryGiB: 1,
  baseRpm: 200,
  dailyGrowthPercent: 6,
  InstanceType: 'ml.m5.large',
  InstanceCount: 1,
  MemorySizeInMB: 2048,
  MaxConcurrency: 20
}

export function createRightsizingState(api: ApiClient, wait: (ms: number) => Promise<void> = sleep) {
  // ---- candidates and the advanced job ----------------------------------------------------------
  const form = reactive({ cpuMsPerRequest: 12, memoryGiB: 1, payloadKiB: 4, gpu: true, requestsPerSecond: 150, latencyP99Ms: 60 })
  const recs = ref<Recommendations | null>(null)
  const error = ref<string | null>(null)
  const picked = ref<string[]>([])
  const job = ref<JobStatus | null>(null)
  const model = computed(() => ({ cpuMsPerRequest: form.cpuMsPerRequest, memoryGiB: form.memoryGiB, payloadKiB: form.payloadKiB, gpu: form.gpu }))

  async function recommend(): Promise<void> {
    error.value = null
    try {
      recs.value = await api.call('cost.recommend', { seed: 1, model: model.value, traffic: { requestsPerSecond: form.requestsPerSecond }, latencyP99Ms: form.latencyP99Ms })
      // Pre-tick the four cheapest acceptable types and the dearest GPU, so the job shows both ends.
      const ok = recs.value.recommendations.filter((r) => r.meetsRequirement).slice(0, 4).map((r) => r.InstanceType)
      const gpu = recs.value.recommendations.filter((r) => /^ml\.(g|p)/.test(r.InstanceType)).sort((a, b) => b.CostPerHour - a.CostPerHour)[0]
      picked.value = [...new Set([...ok, ...(gpu ? [gpu.InstanceType] : [])])]
    } catch (e) {
      error.value = describeError(e)
    }
  }

  const running = computed(() => job.value?.state === 'running' || job.value?.state === 'queued')
  const jobResult = computed<LoadTestResult | null>(() => (job.value?.result?.kind === 'cost.loadTest' ? job.value.result.value : null))

  async function runJob(): Promise<void> {
    if (running.value || picked.value.length === 0) return
    error.value = null
    try {
      const { jobId } = await api.call('jobs.start', {
        kind: 'cost.loadTest',
        request: {
          seed: 1,
          model: model.value,
          EndpointConfigurations: picked.value.map((InstanceType) => ({ InstanceType })),
          StoppingConditions: { MaxInvocations: form.requestsPerSecond * 60, ModelLatencyThresholds: [{ Percentile: 'P99', ValueInMilliseconds: form.latencyP99Ms }] }
        }
      })
      const s = await followJob(api, jobId, (st) => (job.value = st), wait)
      if (s.state === 'failed' && s.error) error.value = s.error.message
    } catch (e) {
      error.value = describeError(e)
    }
  }

  async function cancel(): Promise<void> {
    if (job.value && running.value) await api.call('jobs.cancel', { jobId: job.value.jobId })
  }

  // ---- findings for a running endpoint of a sandbox world ---------------------------------------
  const worlds = ref<{ id: string; name: string }[]>([])
  const worldId = ref<string | null>(null)
  const endpoints = ref<string[]>([])
  const endpointName = ref<string | null>(null)
  const findingsLatencyMs = ref<number | null>(null)
  const findings = ref<EndpointFindings | null>(null)
  const findingsError = ref<string | null>(null)
  const findingsLoading = ref(false)

  async function loadWorlds(): Promise<void> {
    findingsError.value = null
    try {
      worlds.value = (await api.call('sandbox.listWorlds', {})).worlds.map((w) => ({ id: w.id, name: w.name }))
      if (worlds.value.length > 0 && !worlds.value.some((w) => w.id === worldId.value)) await selectWorld(worlds.value[0].id)
    } catch (e) {
      findingsError.value = describeError(e)
    }
  }

  async function selectWorld(id: string): Promise<void> {
    worldId.value = id
    findings.value = null
    findingsError.value = null
    try {
      const w = await api.call('sandbox.getWorld', { worldId: id })
      if (worldId.value !== id) return
      endpoints.value = w.endpoints.filter((e) => e.EndpointStatus !== 'Deleted').map((e) => e.EndpointName)
      endpointName.value = endpoints.value[0] ?? null
    } catch (e) {
      findingsError.value = describeError(e)
    }
  }

  async function loadFindings(): Promise<void> {
    if (!worldId.value || !endpointName.value) return
    findingsError.value = null
    findingsLoading.value = true
    const asked = { worldId: worldId.value, EndpointName: endpointName.value }
    try {
      const f = await api.call('sandbox.endpointFindings', { ...asked, ...(findingsLatencyMs.value ? { latencyP99Ms: findingsLatencyMs.value } : {}) })
      // A late answer for a world or endpoint the learner has since left is dropped.
      if (asked.worldId === worldId.value && asked.EndpointName === endpointName.value) findings.value = f
    } catch (e) {
      findings.value = null
      // The whole message: it says how much data there is and what to do (advance the clock).
      findingsError.value = e instanceof ApiError ? e.message : describeError(e)
    } finally {
      findingsLoading.value = false
    }
  }

  // ---- purchasing options over a month ----------------------------------------------------------
  const purchasingForm = reactive<PurchasingForm>({ ...DEFAULT_PURCHASING })
  const purchasing = ref<PurchasingComparison | null>(null)
  const purchasingError = ref<string | null>(null)

  async function comparePurchasing(): Promise<void> {
    purchasingError.value = null
    try {
      purchasing.value = await api.call('cost.purchasing', purchasingRequest(purchasingForm))
    } catch (e) {
      purchasingError.value = describeError(e)
    }
  }

  return {
    form,
    recs,
    error,
    picked,
    job,
    running,
    jobResult,
    recommend,
    runJob,
    cancel,
    worlds,
    worldId,
    endpoints,
    endpointName,
    findingsLatencyMs,
    findings,
    findingsError,
    findingsLoading,
    loadWorlds,
    selectWorld,
    loadFindings,
    purchasingForm,
    purchasing,
    purchasingError,
    comparePurchasing
  }
}

export const useRightsizingStore = defineStore('rightsizing', () => createRightsizingState(useApiClient()))
