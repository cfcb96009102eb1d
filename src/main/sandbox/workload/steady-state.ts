/**
 * Steady-state performance of one endpoint instance serving a constant request rate: the expected
 * value of what `simulateEndpoint` publishes minute after minute for steady, noise-free traffic.
 * The sandbox console (endpoint.ts) and the rightsizing tools (cost/) read latency and utilization
 * from these formulas, so the same endpoint shows the same numbers in both.
 *
 * The model (the same as endpoint.ts; see SIMPLIFICATIONS):
 * - One instance is c = plan.servers parallel servers fed by Poisson arrivals at λ requests per ms
 *   per instance. While λ < c / serviceMs, the mean queueing wait is the Allen–Cunneen M/G/c
 *   approximation (queueing.ts).
 * - ModelLatency = service time + queueing wait (the wait happens inside the container's model
 *   server, so SageMaker counts it as model time). Its mean is serviceMs + waitMs and its standard
 *   deviation sqrt((serviceMs · cv)² + waitMs²): the service time's own spread plus an exponential-like
 *   wait whose sd equals its mean. Latencies are log-normal with that mean and sd, so a percentile is
 *   exp(μ + σ·z_p) with σ² = ln(1 + cv²) and μ = ln(mean) − σ²/2.
 * - CPUUtilization (CloudWatch's unit: the sum over vCPUs, 0–100 × vCPU) = idle CPU + host CPU time of
 *   the requests completed; MemoryUtilization = the loaded model's share plus a little per-request
 *   buffer memory that grows with load; GPU metrics only when the model runs on a GPU.
 * - At or above capacity there is no steady state: the instance completes `capacity` requests a
 *   minute, the queue grows until requests time out after INVOCATION_TIMEOUT_MS (InvokeEndpoint API
 *   reference: the container must answer within 60 seconds), and the mean latency of the answered ones
 *   approaches the timeout. `stable` is false then.
 *
 * The percentile is that of the latency distribution itself. CloudWatch's p99 over a period with
 * fewer than about 100 samples is clamped to the expected Maximum of those samples (endpoint.ts), so
 * at very low traffic the console's p99 reads lower than this one.
 */
import type { InstanceType } from '../catalog/instances'
import { IDLE_CPU_PERCENT_PER_VCPU, type ServingPlan } from './model'
import { mgcMeanWait } from './queueing'
import { inverseNormalCdf, logSdFromCv } from './stats'

/** InvokeEndpoint: "A customer's model containers must respond to requests within 60 seconds." */
export const INVOCATION_TIMEOUT_MS = 60_000
/** Extra MemoryUtilization at full load (request buffers), percent. Illustrative; same as endpoint.ts. */
export const LOAD_MEMORY_PERCENT = 3
/** Extra GPU memory per device at full load (activations), percent. Illustrative; same as endpoint.ts. */
export const LOAD_GPU_MEMORY_PERCENT = 5

export interface SteadyState {
  /** Requests per minute arriving at one instance. */
  perInstanceRpm: number
  /** Requests per minute one instance completes (the arrivals, or its capacity when overloaded). */
  processedRpm: number
  /** Busy fraction of the instance's servers: arrivals / capacity (above 1 when overloaded). */
  utilization: number
  /** False at or above capacity: the queue grows and requests time out. */
  stable: boolean
  serviceMs: number
  /** Mean queueing wait, ms (capped so that service + wait stays within the invocation timeout). */
  waitMs: number
  /** Mean ModelLatency, ms. */
  meanMs: number
  /** Standard deviation of ModelLatency, ms. */
  sdMs: number
  /** Coefficient of variation of ModelLatency (sd / mean). */
  cv: number
  /** Mean OverheadLatency, ms. */
  overheadMs: number
  /** CPUUtilization, percent summed over vCPUs (0–100 × vCPU), as CloudWatch reports it. */
  cpuUtilization: number
  /** MemoryUtilization, percent (0–100). */
  memoryUtilization: number
  /** DiskUtilization, percent (0–100). */
  diskUtilization: number
  /** GPUUtilization, 0–100 × GPUs; null when the model does not run on a GPU. */
  gpuUtilization: number | null
  /** GPUMemoryUtilization, 0–100 × GPUs; null when the model does not run on a GPU. */
  gpuMemoryUtilization: number | null
}

/** Steady state of one instance of `instance` serving `plan` at `perInstanceRpm` requests a minute. */
export function steadyState(plan: ServingPlan, instance: InstanceType, perInstanceRpm: number): SteadyState {
  const rpm = Math.max(0, perInstanceRpm)
  const c = plan.servers
  const serviceMs = plan.serviceMs
  const utilization = rpm / plan.perInstanceRpm
  const stable = utilization < 1
  const processedRpm = stable ? rpm : plan.perInstanceRpm
  // Past capacity the wait is what the 60 s queue leaves for it (endpoint.ts caps the same way).
  const maxWait = Math.max(0, INVOCATION_TIMEOUT_MS - serviceMs)
  const waitMs = stable ? Math.min(maxWait, rpm > 0 ? mgcMeanWait(c, rpm / 60_000, serviceMs, plan.serviceTimeCv) : 0) : maxWait
  const meanMs = serviceMs + waitMs
  const serviceSd = serviceMs * plan.serviceTimeCv
  const sdMs = Math.sqrt(serviceSd * serviceSd + waitMs * waitMs)
  const load = Math.min(1, utilization)

  const cpuCeil = 100 * instance.vcpu
  const cpuUtilization = Math.min(cpuCeil, IDLE_CPU_PERCENT_PER_VCPU * instance.vcpu + ((100 * plan.hostCpuMs) / 60_000) * processedRpm)
  const memoryUtilization = Math.min(100, plan.baseMemoryPercent + LOAD_MEMORY_PERCENT * load)

  let gpuUtilization: number | null = null
  let gpuMemoryUtilization: number | null = null
  const accel = instance.accelerator
  if (plan.device === 'gpu' && accel !== null) {
    const gpuCeil = 100 * accel.count
    gpuUtilization = Math.min(gpuCeil, ((100 * serviceMs) / 60_000 / accel.parallelism) * processedRpm)
    gpuMemoryUtilization = Math.min(gpuCeil, accel.count * (plan.baseDeviceMemoryPercent + LOAD_GPU_MEMORY_PERCENT * load))
  }

  return {
    perInstanceRpm: rpm,
    processedRpm,
    utilization,
    stable,
    serviceMs,
    waitMs,
    meanMs,
    sdMs,
    cv: meanMs > 0 ? sdMs / meanMs : 0,
    overheadMs: plan.overheadMs,
    cpuUtilization,
    memoryUtilization,
    diskUtilization: plan.diskPercent,
    gpuUtilization,
    gpuMemoryUtilization
  }
}

/**
 * The `percentile` (0–100, exclusive) of a log-normal latency with mean `meanMs` and coefficient of
 * variation `cv`: exp(μ + σ·z) with σ = sqrt(ln(1 + cv²)), μ = ln(mean) − σ²/2.
 */
export function latencyPercentileMs(meanMs: number, cv: number, percentile: number): number {
  if (!(meanMs > 0)) return 0
  const sigma = logSdFromCv(cv)
  const z = inverseNormalCdf(percentile / 100)
  return meanMs * Math.exp(-0.5 * sigma * sigma + z * sigma)
}

/** p99 of the ModelLatency distribution, ms, of one instance at `perInstanceRpm` requests a minute. */
export function modelLatencyP99Ms(plan: ServingPlan, instance: InstanceType, perInstanceRpm: number): number {
  const s = steadyState(plan, instance, perInstanceRpm)
  return latencyPercentileMs(s.meanMs, s.cv, 99)
}

/**
 * The p99 ModelLatency the metrics show, ms: the distribution's p99, but no answered request can take
 * longer than the invocation timeout (slower ones time out as 5XX), so at most INVOCATION_TIMEOUT_MS,
 * as the console's percentiles are clamped to the minute's Maximum.
 */
export function reportedP99Ms(plan: ServingPlan, instance: InstanceType, perInstanceRpm: number): number {
  return Math.min(INVOCATION_TIMEOUT_MS, modelLatencyP99Ms(plan, instance, perInstanceRpm))
}

/**
 * Where Inference Recommender's load test would stop on one instance. Its stopping conditions
 * (RecommendationJobStoppingConditions, API reference) are a ModelLatencyThresholds percentile
 * crossing its value and `FlatInvocations`: "the number of invocations (TPS) peaks and flattens, which
 * means that the instance has reached capacity"; its results are read "at the time point when the
 * Invocations graph first begins to level out" (developer guide, "Recommendation results").
 *
 * In the sandbox's open queue the Invocations graph follows the offered load right up to capacity
 * and the latency grows without bound on the way there, so the sandbox takes the point where
 * invocations level out as FLAT_INVOCATIONS_UTILIZATION of capacity (servers 90% busy), an
 * illustrative modelling choice. A rate is sustained when all three hold:
 * 1. utilization ≤ FLAT_INVOCATIONS_UTILIZATION;
 * 2. p99 ModelLatency ≤ the 60 s invocation timeout (beyond it more than 1% of requests time out);
 * 3. p99 ModelLatency ≤ `latencyP99Ms`, when given (the ModelLatencyThresholds stop).
 */
export const FLAT_INVOCATIONS_UTILIZATION = 0.9

export type SustainLimit = 'utilization' | 'timeout' | 'latency'

export interface SustainableRate {
  /** Highest sustained requests per minute for one instance. */
  perInstanceRpm: number
  /** Which condition sets it. */
  limitedBy: SustainLimit
  /**
   * False when even a nearly idle instance misses the latency limit (its service time alone is too
   * slow): no rate meets it, and `perInstanceRpm` is then the utilization limit.
   */
  latencyAttainable: boolean
}

/** The highest rate one instance sustains in the sense of FLAT_INVOCATIONS_UTILIZATION's comment. */
export function maxSustainableRpm(plan: ServingPlan, instance: InstanceType, latencyP99Ms?: number): SustainableRate {
  const flat = FLAT_INVOCATIONS_UTILIZATION * plan.perInstanceRpm
  const latencyBinds = latencyP99Ms !== undefined && latencyP99Ms < INVOCATION_TIMEOUT_MS
  const limit = latencyBinds ? (latencyP99Ms as number) : INVOCATION_TIMEOUT_MS
  const p99 = (rpm: number): number => modelLatencyP99Ms(plan, instance, rpm)
  if (p99(flat) <= limit) return { perInstanceRpm: flat, limitedBy: 'utilization', latencyAttainable: true }
  if (p99(0) > limit) return { perInstanceRpm: flat, limitedBy: 'utilization', latencyAttainable: false }
  // p99 rises with the rate (the wait grows and so does its share of the spread): bisect for the crossing.
  let lo = 0
  let hi = flat
  for (let i = 0; i < 60 && hi - lo > 1e-9 * flat; i++) {
    const mid = 0.5 * (lo + hi)
    if (p99(mid) <= limit) lo = mid
    else hi = mid
  }
  return { perInstanceRpm: lo, limitedBy: latencyBinds ? 'latency' : 'timeout', latencyAttainable: true }
}
