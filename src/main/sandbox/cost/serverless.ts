/**
 * Serverless Inference for a month of traffic, minute by minute: cold starts, throttling and cost.
 *
 * AWS (API reference, ProductionVariantServerlessConfig; developer guide, "Deploy models with
 * Amazon SageMaker Serverless Inference"; AWS-FACTS §5.2 and §3.6):
 * - MemorySizeInMB is one of 1024, 2048, 3072, 4096, 5120, 6144; MaxConcurrency 1–200;
 *   ProvisionedConcurrency 1–200 and at most MaxConcurrency. Compute is allocated in proportion to
 *   the memory; there are no GPUs.
 * - An endpoint that has been idle, or that needs more concurrent invocations than it has warm,
 *   launches new compute: a cold start, measured by the ModelSetupTime metric. Provisioned
 *   concurrency is kept warm. Requests beyond MaxConcurrency are throttled.
 * - Billing: the compute duration scaled by memory, plus the data processed; provisioned
 *   concurrency is charged for the capacity kept warm. Rates: SERVERLESS_RATES (illustrative).
 *
 * Sandbox model (COST_SIMPLIFICATIONS):
 * - The container must hold the model plus SERVERLESS_OVERHEAD_GIB for the serving stack.
 * - Each concurrent invocation runs one request at a time on a container with
 *   min(1, MemorySizeInMB / SERVERLESS_MB_PER_VCPU) of a reference (ml.m5) vCPU.
 * - Throttling: with Poisson arrivals and offered concurrency a = λ·S, the share of requests that
 *   find all MaxConcurrency slots busy is Erlang B (exact for any service-time distribution: the
 *   M/G/c/c loss system).
 * - Concurrency the minute needs: the Poisson 99th percentile of a, at most MaxConcurrency.
 *   Containers stay warm SERVERLESS_IDLE_MINUTES after their last use; each container the minute
 *   needs beyond those warm (and the provisioned ones) is a cold start whose request waits
 *   ModelSetupTime = SETUP_BASE_MS + SETUP_MS_PER_GIB × artifact GiB. All illustrative [U].
 * - The response is as large as the request, for the data-processing charge.
 */
import { invalidField, LabError } from '../../../shared/errors'
import { DEFAULT_SERVICE_TIME_CV, type ModelProfile } from '../workload/model'
import { normalCdf } from '../cloudwatch/normal'
import { latencyPercentileMs } from '../workload/steady-state'
import { logSdFromCv } from '../workload/stats'
import { SERVERLESS_RATES } from './prices'

export const SERVERLESS_MEMORY_SIZES = [1024, 2048, 3072, 4096, 5120, 6144] as const
export const SERVERLESS_MAX_CONCURRENCY = 200
export const SERVERLESS_MB_PER_VCPU = 2048
/** Memory the serving stack takes in a serverless container, GiB: less than on an instance (no OS agents). Illustrative. */
export const SERVERLESS_OVERHEAD_GIB = 0.5
export const SERVERLESS_IDLE_MINUTES = 10
export const SETUP_BASE_MS = 2000
export const SETUP_MS_PER_GIB = 1500
const Z99 = 2.3263478740408408

export interface ServerlessConfig {
  MemorySizeInMB: number
  MaxConcurrency: number
  ProvisionedConcurrency?: number
}

export interface ServerlessMonth {
  /** USD per hour. */
  hourlyCostUSD: Float64Array
  totalCostUSD: number
  computeCostUSD: number
  dataCostUSD: number
  provisionedCostUSD: number
  requests: number
  servedRequests: number
  throttledRequests: number
  coldStarts: number
  /** Share of served requests that waited for a cold start. */
  coldStartShare: number
  /** The ModelSetupTime of one cold start, ms. */
  ModelSetupTimeMs: number
  /** Mean service time of one request, ms. */
  serviceMs: number
  /** p99 ModelLatency of a warm request, ms. */
  warmP99Ms: number
  /** p99 over all served requests of the month, cold starts included, ms. */
  p99Ms: number
  /** Most concurrent invocations any minute needed (capped at MaxConcurrency). */
  peakConcurrency: number
  /** USD per served request: compute duration scaled by memory plus the data processed. */
  costPerRequestUSD: number
}

export function validateServerless(config: ServerlessConfig, model: ModelProfile, path = 'serverless'): void {
  const issues: { path: string; message: string }[] = []
  const mem = config.MemorySizeInMB
  if (!SERVERLESS_MEMORY_SIZES.includes(mem as (typeof SERVERLESS_MEMORY_SIZES)[number])) {
    issues.push({ path: `${path}.MemorySizeInMB`, message: `must be one of ${SERVERLESS_MEMORY_SIZES.join(', ')} (1 GB steps), got ${String(mem)}` })
  } else {
    const needed = model.memoryGiB + SERVERLESS_OVERHEAD_GIB
    if (needed > mem / 1024) {
      const fits = SERVERLESS_MEMORY_SIZES.filter((m) => m / 1024 >= needed)
      issues.push({
        path: `${path}.MemorySizeInMB`,
        message: `${mem} MB cannot hold the model: it needs ${needed} GiB (${model.memoryGiB} GiB model + ${SERVERLESS_OVERHEAD_GIB} GiB serving stack); ${
          fits.length > 0 ? `use ${fits.join(', ')}` : 'serverless offers at most 6144 MB, so use a real-time or asynchronous endpoint'
        }`
      })
    }
  }
  const mc = config.MaxConcurrency
  if (!Number.isInteger(mc) || mc < 1 || mc > SERVERLESS_MAX_CONCURRENCY) {
    issues.push({ path: `${path}.MaxConcurrency`, message: `must be an integer from 1 to ${SERVERLESS_MAX_CONCURRENCY}, got ${String(mc)}` })
  }
  const pc = config.ProvisionedConcurrency
  if (pc !== undefined) {
    if (!Number.isInteger(pc) || pc < 1 || pc > SERVERLESS_MAX_CONCURRENCY) {
      issues.push({ path: `${path}.ProvisionedConcurrency`, message: `must be an integer from 1 to ${SERVERLESS_MAX_CONCURRENCY}, got ${String(pc)}` })
    } else if (Number.isInteger(mc) && pc > mc) {
      issues.push({ path: `${path}.ProvisionedConcurrency`, message: `must be less than or equal to MaxConcurrency (${mc}), got ${pc}` })
    }
  }
  if (issues.length > 0) throw new LabError('VALIDATION', `${issues[0].path}: ${issues[0].message}`, issues)
}

/** ln(c!), for erlangBLoss. */
export function logFactorial(c: number): number {
  let s = 0
  for (let k = 2; k <= c; k++) s += Math.log(k)
  return s
}

/** ln(5e-13): below this P(X = c), Erlang B is under 1e-12 (see erlangBLoss). */
const LOG_NEGLIGIBLE = Math.log(5e-13)

/**
 * Erlang B blocking for c servers and offered load a, reporting a blocked share below 1e-12 as 0.
 * Erlang's formula is B = P(X = c) / P(X ≤ c) with X ~ Poisson(a). When c ≥ a + 1, c lies above the
 * Poisson median, so P(X ≤ c) ≥ 1/2 and P(X = c) < 5e-13 already gives B < 1e-12: one logarithm
 * decides the common case of ample concurrency. Otherwise the stable recurrence runs, stopping once
 * it is below 1e-12 past k > a (from there each step multiplies by less than a/k).
 */
export function erlangBLoss(c: number, a: number, logFactC: number = logFactorial(c)): number {
  if (a <= 0) return 0
  if (c >= a + 1 && c * Math.log(a) - a - logFactC < LOG_NEGLIGIBLE) return 0
  let b = 1
  for (let k = 1; k <= c; k++) {
    b = (a * b) / (k + a * b)
    if (k > a && b < 1e-12) return 0
  }
  return b
}

/** Serverless service time of one request, ms: CPU work on a memory-proportional share of a vCPU. */
export function serverlessServiceMs(model: ModelProfile, memorySizeInMB: number): number {
  return model.cpuMsPerRequest / Math.min(1, memorySizeInMB / SERVERLESS_MB_PER_VCPU)
}

export function modelSetupTimeMs(model: ModelProfile): number {
  return SETUP_BASE_MS + SETUP_MS_PER_GIB * (model.artifactGiB ?? model.memoryGiB)
}

/** USD for one served request: its compute duration scaled by memory, and its data in and out. */
export function serverlessRequestCharges(model: ModelProfile, memorySizeInMB: number): { compute: number; data: number } {
  const seconds = serverlessServiceMs(model, memorySizeInMB) / 1000
  const gb = (2 * model.payloadKiB) / (1024 * 1024)
  return {
    compute: seconds * (memorySizeInMB / 1024) * SERVERLESS_RATES.computePerGbSecond.value,
    data: gb * SERVERLESS_RATES.dataPerGb.value
  }
}

/** Runs `config` over per-minute expected request rates `rpm`. */
export function simulateServerless(model: ModelProfile, config: ServerlessConfig, rpm: ArrayLike<number>, path = 'serverless'): ServerlessMonth {
  validateServerless(config, model, path)
  if (rpm.length % 60 !== 0) throw invalidField('rpm', `must cover whole hours (a multiple of 60 minutes), got ${rpm.length}`)
  const mem = config.MemorySizeInMB
  const memGb = mem / 1024
  const maxC = config.MaxConcurrency
  const pc = config.ProvisionedConcurrency ?? 0
  const serviceMs = serverlessServiceMs(model, mem)
  const serviceS = serviceMs / 1000
  const { compute: computePerRequest, data: dataPerRequest } = serverlessRequestCharges(model, mem)
  const provisionedPerMinute = pc * 60 * memGb * SERVERLESS_RATES.provisionedPerGbSecond.value
  const setupMs = modelSetupTimeMs(model)

  const minutes = rpm.length
  const hourly = new Float64Array(minutes / 60)
  const needed = new Float64Array(minutes)
  const logFactC = logFactorial(maxC)
  const idle = SERVERLESS_IDLE_MINUTES
  let requests = 0
  let served = 0
  let throttled = 0
  let coldStarts = 0
  let compute = 0
  let data = 0
  let provisioned = 0
  let peak = 0
  for (let m = 0; m < minutes; m++) {
    const n = Math.max(0, rpm[m])
    const a = (n / 60) * serviceS
    const loss = erlangBLoss(maxC, a, logFactC)
    const ok = n * (1 - loss)
    const need = n > 0 ? Math.min(maxC, Math.max(1, Math.ceil(a + Z99 * Math.sqrt(a)))) : 0
    needed[m] = need
    if (need > peak) peak = need
    // Warm containers: the provisioned ones and any used in the last `idle` minutes. Only a minute
    // needing more than the minute before can need more than are warm, so only then is the window read.
    let cold = 0
    if (need > pc && (m === 0 || need > needed[m - 1])) {
      let warm = pc
      for (let k = m > idle ? m - idle : 0; k < m; k++) if (needed[k] > warm) warm = needed[k]
      cold = Math.min(ok, Math.max(0, need - warm))
    }
    const cost = ok * (computePerRequest + dataPerRequest) + provisionedPerMinute
    requests += n
    served += ok
    throttled += n - ok
    coldStarts += cold
    compute += ok * computePerRequest
    data += ok * dataPerRequest
    provisioned += provisionedPerMinute
    hourly[(m / 60) | 0] += cost
  }

  const cv = model.serviceTimeCv ?? DEFAULT_SERVICE_TIME_CV
  const warmP99 = latencyPercentileMs(serviceMs, cv, 99)
  const share = served > 0 ? coldStarts / served : 0
  return {
    hourlyCostUSD: hourly,
    totalCostUSD: compute + data + provisioned,
    computeCostUSD: compute,
    dataCostUSD: data,
    provisionedCostUSD: provisioned,
    requests,
    servedRequests: served,
    throttledRequests: throttled,
    coldStarts,
    coldStartShare: share,
    ModelSetupTimeMs: setupMs,
    serviceMs,
    warmP99Ms: warmP99,
    p99Ms: mixtureP99(serviceMs, cv, setupMs, share),
    peakConcurrency: peak,
    costPerRequestUSD: computePerRequest + dataPerRequest
  }
}

/**
 * p99 of served-request latency when a share `f` of requests also waits `setupMs`: the 0.99 quantile
 * of (1 − f)·LogNormal + f·(setupMs + LogNormal), found by bisection on its CDF.
 */
function mixtureP99(serviceMs: number, cv: number, setupMs: number, f: number): number {
  const warm = latencyPercentileMs(serviceMs, cv, 99)
  if (f <= 0) return warm
  const sigma = logSdFromCv(cv)
  const mu = Math.log(serviceMs) - (sigma * sigma) / 2
  const cdf = (x: number): number => (x > 0 ? normalCdf((Math.log(x) - mu) / sigma) : 0)
  const mixture = (x: number): number => (1 - f) * cdf(x) + f * cdf(x - setupMs)
  let lo = 0
  let hi = setupMs + latencyPercentileMs(serviceMs, cv, 99.999)
  for (let i = 0; i < 100; i++) {
    const mid = 0.5 * (lo + hi)
    if (mixture(mid) < 0.99) lo = mid
    else hi = mid
  }
  return hi
}
