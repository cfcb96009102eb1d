/**
 * One production or shadow variant of a SageMaker endpoint, simulated a minute at a time: its fleet
 * (desired and in-service instances, instances starting), its queue, its random streams and the
 * CloudWatch metrics it publishes. endpoint.ts explains the model and its sources; EndpointRuntime
 * there steps the variants of one endpoint and routes their traffic.
 */
import type { InstanceType } from '../catalog/instances'
import type { Dimension, MetricId, StandardUnit } from '../cloudwatch/types'
import type { GrowingSeries, MetricSink } from '../cloudwatch/series'
import type { Rng } from '../core/rng'
import { MINUTE_MS } from '../core/time'
import { IDLE_CPU_PERCENT_PER_VCPU, OVERHEAD_CV, type ModelProfile, type ServingPlan } from './model'
import { mgcMeanWait } from './queueing'
import { expectedMaxZ, logMeanFromMean, logSdFromCv } from './stats'

export const NS_SAGEMAKER = 'AWS/SageMaker'
export const NS_ENDPOINTS = '/aws/sagemaker/Endpoints'

export const METRIC = {
  Invocations: 'Invocations',
  InvocationsPerInstance: 'InvocationsPerInstance',
  ModelLatency: 'ModelLatency',
  OverheadLatency: 'OverheadLatency',
  Invocation4XXErrors: 'Invocation4XXErrors',
  Invocation5XXErrors: 'Invocation5XXErrors',
  CPUUtilization: 'CPUUtilization',
  MemoryUtilization: 'MemoryUtilization',
  DiskUtilization: 'DiskUtilization',
  GPUUtilization: 'GPUUtilization',
  GPUMemoryUtilization: 'GPUMemoryUtilization'
} as const
export type EndpointMetricName = (typeof METRIC)[keyof typeof METRIC]

/** InvokeEndpoint: "A customer's model containers must respond to requests within 60 seconds." */
export const INVOCATION_TIMEOUT_MS = 60_000
/** Under overload the stochastic part of the wait is evaluated at this utilization at most. */
const RHO_CAP = 0.95
/** Extra MemoryUtilization at full load (request buffers), percent. Illustrative. */
const LOAD_MEMORY_PERCENT = 3
/** Extra GPU memory per device at full load (activations), percent. Illustrative. */
const LOAD_GPU_MEMORY_PERCENT = 5
/**
 * The stats helpers the per-minute code calls, bound once. Under the CommonJS transform tsx and
 * vitest apply, every use of an imported binding is a call through getters, which shows at a few
 * hundred thousand calls per simulated month.
 */
const maxZOf = expectedMaxZ
const logMeanOf = logMeanFromMean
const logSdOf = logSdFromCv
const meanWait = mgcMeanWait
/** OverheadLatency's log-space sd: its coefficient of variation is fixed, so the sd is worked out once. */
const OVERHEAD_LOG_SD = logSdFromCv(OVERHEAD_CV)

/**
 * Minutes a new instance takes to serve. Third-party write-ups put SageMaker scale-out at roughly
 * 3–5 minutes for small models; larger containers take longer. 5 is the sandbox default.
 */
export const DEFAULT_STARTUP_MINUTES = 5
export interface VariantSpec {
  VariantName: string
  InstanceType: string
  InitialInstanceCount: number
  /** Share of traffic = weight / sum of weights (ProductionVariant API: default 1.0). */
  InitialVariantWeight?: number
  model: ModelProfile
  /** Sandbox-only: minutes a new instance needs before it serves. Default 5. */
  startupMinutes?: number
  /** Sandbox-only: what this model version does wrong (a defective release); absent = healthy. */
  defect?: ModelDefect
}

/**
 * A defective model version (sandbox-only, the scenario's data): `errorRate` of the answered requests
 * fail as 5XX model errors, `latencyMultiplier` multiplies the service time (like the latencyRegression
 * incident), and `qualityDrop` lowers the share of correct predictions and nothing CloudWatch measures.
 */
export interface ModelDefect {
  /** 0–1. */
  errorRate?: number
  /** 1–20. */
  latencyMultiplier?: number
  /** 0–1: the relative drop in accuracy. */
  qualityDrop?: number
}

export interface VariantTotals {
  requests: number
  errors4xx: number
  errors5xx: number
  /** 5XX caused by the 60 s invocation timeout (part of errors5xx). */
  timeouts: number
  /** Billed instance-minutes (in service plus starting). */
  instanceMinutes: number
  costUsd: number
  /** Requests answered without an error by a version with a quality drop (wrong more often; no metric shows it). */
  degraded: number
}

/** A change of a variant's desired instance count, as the fleet carried it out. */
export interface CapacityChange {
  from: number
  to: number
  /** When the new count is in service (at once for a decrease). */
  readyAt: number
}

// ------------------------------------------------------------------------------------------------
// One variant's fleet, queue and metrics

export interface SeriesSet {
  inv: GrowingSeries
  ipi: GrowingSeries
  modelLat: GrowingSeries
  overLat: GrowingSeries
  e4: GrowingSeries
  e5: GrowingSeries
  cpu: GrowingSeries
  mem: GrowingSeries
  disk: GrowingSeries
  gpu: GrowingSeries | null
  gpuMem: GrowingSeries | null
}

/** Per-minute columns kept when asked for (tests and the stateless simulation). */
export interface VariantRecording {
  inServiceInstances: number[]
  desiredInstances: number[]
}

export class VariantRuntime {
  readonly spec: VariantSpec
  readonly instance: InstanceType
  readonly plan: ServingPlan
  readonly ids: MetricId[] = []
  /** Share of the endpoint's requests it answers; for a shadow variant, the share of the production variant's requests copied to it. */
  share = 0
  /** CurrentWeight (DescribeEndpoint): the weight traffic follows now (InitialVariantWeight, default 1). */
  weight: number
  /** DesiredWeight: what UpdateEndpointWeightsAndCapacities asked for; equals `weight` once the update is done. */
  desiredWeight: number
  /** Requests that reached the variant in the last simulated minute (a shadow copies its share of the production variant's). */
  lastArrivals = 0
  /** Instances billed: in service plus starting. */
  desired: number
  /** Instances in service. */
  inService: number
  /** Instances starting: `count` of them serve from `readyAt`. */
  private pending: { readyAt: number; count: number }[] = []
  private backlog = 0
  private readonly arrivals: Rng
  private readonly errors: Rng
  private readonly latency: Rng
  readonly series: SeriesSet
  readonly totals: VariantTotals = emptyTotals()
  recording: VariantRecording | null = null

  constructor(endpointName: string, spec: VariantSpec, instance: InstanceType, plan: ServingPlan, rng: Rng, sink: MetricSink, at: number, carried?: { desired: number; inService: number; pending: { readyAt: number; count: number }[]; backlog: number }, extraDims: readonly Dimension[] = []) {
    this.spec = spec
    this.instance = instance
    this.plan = plan
    this.weight = spec.InitialVariantWeight ?? 1
    this.desiredWeight = this.weight
    this.desired = carried?.desired ?? spec.InitialInstanceCount
    this.inService = carried?.inService ?? spec.InitialInstanceCount
    if (carried) {
      this.pending = carried.pending.map((p) => ({ ...p }))
      this.backlog = carried.backlog
    }
    this.arrivals = rng.fork('arrivals')
    this.errors = rng.fork('errors')
    this.latency = rng.fork('latency')
    const dims: Dimension[] = [
      { Name: 'EndpointName', Value: endpointName },
      { Name: 'VariantName', Value: spec.VariantName },
      ...extraDims
    ]
    const metric = (ns: string, name: EndpointMetricName, unit: StandardUnit, withLog = false): GrowingSeries => {
      const id = { Namespace: ns, MetricName: name, Dimensions: dims.map((d) => ({ ...d })) }
      this.ids.push(id)
      return sink.series(id, unit, withLog, at)
    }
    const isGpu = plan.device === 'gpu' && instance.accelerator !== null
    this.series = {
      inv: metric(NS_SAGEMAKER, METRIC.Invocations, 'None'),
      ipi: metric(NS_SAGEMAKER, METRIC.InvocationsPerInstance, 'None'),
      modelLat: metric(NS_SAGEMAKER, METRIC.ModelLatency, 'Microseconds', true),
      overLat: metric(NS_SAGEMAKER, METRIC.OverheadLatency, 'Microseconds', true),
      e4: metric(NS_SAGEMAKER, METRIC.Invocation4XXErrors, 'None'),
      e5: metric(NS_SAGEMAKER, METRIC.Invocation5XXErrors, 'None'),
      cpu: metric(NS_ENDPOINTS, METRIC.CPUUtilization, 'Percent'),
      mem: metric(NS_ENDPOINTS, METRIC.MemoryUtilization, 'Percent'),
      disk: metric(NS_ENDPOINTS, METRIC.DiskUtilization, 'Percent'),
      gpu: isGpu ? metric(NS_ENDPOINTS, METRIC.GPUUtilization, 'Percent') : null,
      gpuMem: isGpu ? metric(NS_ENDPOINTS, METRIC.GPUMemoryUtilization, 'Percent') : null
    }
  }

  get startupMinutes(): number {
    return this.spec.startupMinutes ?? DEFAULT_STARTUP_MINUTES
  }

  /** Instances still starting. */
  get starting(): number {
    return this.desired - this.inService
  }

  /** What a reconfiguration on the same instance type keeps. */
  carry(): { desired: number; inService: number; pending: { readyAt: number; count: number }[]; backlog: number } {
    return { desired: this.desired, inService: this.inService, pending: this.pending, backlog: this.backlog }
  }

  setDesired(n: number, at: number): CapacityChange {
    const from = this.desired
    if (n > from) {
      const readyAt = at + this.startupMinutes * MINUTE_MS
      if (this.startupMinutes === 0) this.inService += n - from
      else this.pending.push({ readyAt, count: n - from })
      this.desired = n
      return { from, to: n, readyAt }
    }
    // Fewer: cancel starting instances first, newest first, then stop serving ones at once.
    let remove = from - n
    while (remove > 0 && this.pending.length > 0) {
      const last = this.pending[this.pending.length - 1]
      const k = Math.min(last.count, remove)
      last.count -= k
      remove -= k
      if (last.count === 0) this.pending.pop()
    }
    this.inService -= remove
    this.desired = n
    return { from, to: n, readyAt: at }
  }

  /**
   * A deployment sets the fleet directly (deploy/rollout.ts decides it): instances billed, instances
   * answering traffic and the endpoint's share of requests they get. Nothing is left starting.
   */
  setFleet(billed: number, serving: number, share: number): void {
    this.pending = []
    this.desired = billed
    this.inService = serving
    this.share = share
    if (serving === 0) this.backlog = 0
  }

  /** When the last starting instance serves, or null when none is starting. */
  readyAt(): number | null {
    return this.pending.length > 0 ? this.pending[this.pending.length - 1].readyAt : null
  }

  /**
   * Simulates the minute starting at `t` with the endpoint's expected request rate `rpm`. `copiedFrom`
   * (a shadow variant) is the number of requests the production variant got this minute: each is
   * copied to this one with probability `share` (a binomial sample, as the deployment kernel's shadow
   * fleet draws it, deploy/fleet.ts), instead of arrivals of its own.
   */
  minute(t: number, rpm: number, poissonNoise: boolean, serviceFactor: number, latencyFactor: number, burstRate: number, copiedFrom = -1): void {
    // Instances whose start-up has finished serve from this minute.
    while (this.pending.length > 0 && this.pending[0].readyAt <= t) this.inService += this.pending.shift()!.count

    const plan = this.plan
    const S = this.inService
    const lambda = copiedFrom >= 0 ? copiedFrom * this.share : rpm * this.share
    if (S === 0 && lambda === 0) {
      // A fleet with nothing in service and no traffic (a new fleet starting): billed, silent.
      this.lastArrivals = 0
      this.bill()
      return
    }
    const n =
      copiedFrom >= 0
        ? poissonNoise ? this.arrivals.binomial(copiedFrom, this.share) : Math.round(lambda)
        : poissonNoise ? this.arrivals.poisson(lambda) : Math.round(lambda)
    this.lastArrivals = n
    const defect = this.spec.defect
    if (defect) {
      serviceFactor *= defect.latencyMultiplier ?? 1
      const e = defect.errorRate ?? 0
      if (e > 0) burstRate = 1 - (1 - burstRate) * (1 - e)
    }

    // Queue: stochastic regime while the fleet keeps up; fluid regime under overload or with a backlog.
    const c = plan.servers
    const cv = plan.serviceTimeCv
    const serviceMs = plan.serviceMs * serviceFactor
    const capacity = (S * c * 60_000) / serviceMs
    let processed: number
    let waitMs: number
    let timeouts = 0
    if (this.backlog === 0 && n < capacity) {
      processed = n
      waitMs = n > 0 ? meanWait(c, n / S / 60_000, serviceMs, cv) : 0
    } else {
      const demand = this.backlog + n
      const base = meanWait(c, (Math.min(n / capacity, RHO_CAP) * capacity) / S / 60_000, serviceMs, cv)
      let meanQueue: number
      if (demand <= capacity) {
        // The backlog drains at (capacity − n) per minute.
        processed = demand
        const drainFraction = Math.min(1, this.backlog / (capacity - n))
        meanQueue = (this.backlog * drainFraction) / 2
        this.backlog = 0
      } else {
        // The queue holds at most 60 s of work; arrivals beyond that time out.
        processed = capacity
        const left = demand - capacity
        const maxQueue = (capacity * INVOCATION_TIMEOUT_MS) / 60_000
        timeouts = Math.min(n, Math.round(Math.max(0, left - maxQueue)))
        const startQueue = this.backlog
        this.backlog = Math.min(left, maxQueue)
        meanQueue = (startQueue + this.backlog) / 2
      }
      // Little's law: mean wait = mean queue length / throughput.
      const fluidWait = processed > 0 ? (meanQueue / processed) * 60_000 : 0
      waitMs = Math.max(base, fluidWait)
    }
    if (waitMs > INVOCATION_TIMEOUT_MS - serviceMs) waitMs = Math.max(0, INVOCATION_TIMEOUT_MS - serviceMs)

    const failed = n > 0 ? this.writeRequests(t, n, S, timeouts, burstRate) : 0
    const answered = n - timeouts
    if (answered > 0) this.writeLatency(t, answered, serviceMs, waitMs, latencyFactor)
    this.writeInstances(t, S, processed, capacity, serviceFactor)

    this.totals.requests += n
    this.totals.timeouts += timeouts
    if (defect && (defect.qualityDrop ?? 0) > 0) this.totals.degraded += n - failed
    this.bill()
  }

  /** Bills the minute's instances (in service plus starting). */
  private bill(): void {
    this.totals.instanceMinutes += this.desired
    this.totals.costUsd += (this.desired * this.instance.pricePerHour) / 60
    const S = this.inService
    if (this.recording) {
      this.recording.inServiceInstances.push(S)
      this.recording.desiredInstances.push(this.desired)
    }
  }

  /** Invocations, InvocationsPerInstance and the two error metrics; returns the 5XX count. */
  private writeRequests(t: number, n: number, S: number, timeouts: number, burstRate: number): number {
    const s = this.series
    const answered = n - timeouts
    // Errors: timeouts first, then the model's own 5XX (errorBurst), then client 4XX among the rest.
    const burst5xx = burstRate > 0 ? this.errors.binomial(answered, burstRate) : 0
    const clientRate = this.plan.clientErrorRate
    const client4xx = clientRate > 0 ? this.errors.binomial(answered - burst5xx, clientRate) : 0
    const all5xx = timeouts + burst5xx
    this.totals.errors4xx += client4xx
    this.totals.errors5xx += all5xx
    // Each request is one sample: of value 1 (Invocations), 1/S (InvocationsPerInstance), 1 or 0 (errors).
    setStats(s.inv, t, n, n, 1, 1)
    setStats(s.ipi, t, n, n / S, 1 / S, 1 / S)
    setStats(s.e4, t, n, client4xx, client4xx === n ? 1 : 0, client4xx > 0 ? 1 : 0)
    setStats(s.e5, t, n, all5xx, all5xx === n ? 1 : 0, all5xx > 0 ? 1 : 0)
    return all5xx
  }

  /** ModelLatency and OverheadLatency (microseconds), one sample per answered request. */
  private writeLatency(t: number, answered: number, serviceMs: number, waitMs: number, latencyFactor: number): void {
    const plan = this.plan
    const cv = plan.serviceTimeCv
    const meanMs = (serviceMs + waitMs) * latencyFactor
    const sdMs = Math.sqrt(serviceMs * cv * (serviceMs * cv) + waitMs * waitMs) * latencyFactor
    const latencyCv = sdMs / meanMs
    const capUs = INVOCATION_TIMEOUT_MS * 1000
    // Both metrics have one sample per answered request, so they share the extreme-rank z-score.
    const zMax = maxZOf(answered)
    setLatency(this.series.modelLat, t, answered, meanMs * 1000, latencyCv, logSdOf(latencyCv), this.latency.normal(), capUs, zMax)
    setLatency(this.series.overLat, t, answered, plan.overheadMs * 1000, OVERHEAD_CV, OVERHEAD_LOG_SD, this.latency.normal(), capUs, zMax)
  }

  /**
   * Instance metrics: one sample per in-service instance, every minute. Requests spread evenly on
   * average; the binomial spread of a random load balancer gives the busiest and idlest instance.
   */
  private writeInstances(t: number, S: number, processed: number, capacity: number, factor: number): void {
    const instance = this.instance
    const { hostCpuMs, serviceMs, baseMemoryPercent, baseDeviceMemoryPercent, diskPercent } = this.plan
    const s = this.series
    const cpuCeil = 100 * instance.vcpu
    const idleCpu = IDLE_CPU_PERCENT_PER_VCPU * instance.vcpu
    const perInstance = processed / S
    const spread = S > 1 ? Math.sqrt(processed * (1 / S) * (1 - 1 / S)) * maxZOf(S) : 0
    const hi = perInstance + spread
    const lo = Math.max(0, perInstance - spread)
    const load = Math.min(1, processed / capacity)
    const cpuPerRequest = (100 * hostCpuMs * factor) / 60_000
    setInstance(
      s.cpu, t, S,
      Math.min(cpuCeil, idleCpu + cpuPerRequest * perInstance),
      Math.min(cpuCeil, idleCpu + cpuPerRequest * lo),
      Math.min(cpuCeil, idleCpu + cpuPerRequest * hi)
    )
    const memPct = Math.min(100, baseMemoryPercent + LOAD_MEMORY_PERCENT * load)
    setInstance(s.mem, t, S, memPct, memPct, memPct)
    setInstance(s.disk, t, S, diskPercent, diskPercent, diskPercent)
    if (s.gpu && s.gpuMem && instance.accelerator) {
      const gpuCount = instance.accelerator.count
      const gpuCeil = 100 * gpuCount
      const gpuPerRequest = (100 * serviceMs * factor) / 60_000 / instance.accelerator.parallelism
      setInstance(
        s.gpu, t, S,
        Math.min(gpuCeil, gpuPerRequest * perInstance),
        Math.min(gpuCeil, gpuPerRequest * lo),
        Math.min(gpuCeil, gpuPerRequest * hi)
      )
      const gm = Math.min(gpuCeil, gpuCount * (baseDeviceMemoryPercent + LOAD_GPU_MEMORY_PERCENT * load))
      setInstance(s.gpuMem, t, S, gm, gm, gm)
    }
  }
}

export function setStats(s: GrowingSeries, t: number, count: number, sum: number, min: number, max: number): void {
  const i = s.slot(t)
  s.sampleCount[i] = count
  s.sum[i] = sum
  s.minimum[i] = min
  s.maximum[i] = max
}

function setInstance(s: GrowingSeries, t: number, instances: number, avg: number, min: number, max: number): void {
  setStats(s, t, instances, avg * instances, min, max)
}

/**
 * Writes one minute of a log-normal latency metric: `n` samples with expected mean `meanUs` and
 * coefficient of variation `cv`. The minute's observed mean wanders from the expected one by the
 * sampling error of a mean of n samples (sd = cv · mean / √n), drawn with the standard normal `z`.
 * `zMax` is expectedMaxZ(n).
 */
function setLatency(s: GrowingSeries, t: number, n: number, meanUs: number, cv: number, logSd: number, z: number, capUs: number, zMax: number): void {
  // No answered request can have waited past the invocation timeout, so neither can their mean.
  const observed = Math.min(capUs, meanUs * Math.max(0.05, 1 + (cv / Math.sqrt(n)) * z))
  const logMean = logMeanOf(observed, logSd)
  let min = observed
  let max = observed
  if (n > 1) {
    min = Math.min(observed, Math.exp(logMean - logSd * zMax))
    max = Math.max(observed, Math.exp(logMean + logSd * zMax))
  }
  if (max > capUs) max = Math.max(observed, capUs)
  const i = s.slot(t)
  s.sampleCount[i] = n
  s.sum[i] = observed * n
  s.minimum[i] = min
  s.maximum[i] = max
  if (s.logMean && s.logSd) {
    s.logMean[i] = logMean
    s.logSd[i] = logSd
  }
}

// ------------------------------------------------------------------------------------------------
// The endpoint

/** What `EndpointRuntime.forEachBilledFleet` calls for each billed fleet. `key` identifies the fleet from minute to minute. */
export interface BilledFleetVisitor<T> {
  billedFleet(owner: T, key: object, variantName: string, instance: InstanceType, billed: number, fleet: string | null): void
}

export function emptyTotals(): VariantTotals {
  return { requests: 0, errors4xx: 0, errors5xx: 0, timeouts: 0, instanceMinutes: 0, costUsd: 0, degraded: 0 }
}
