/**
 * One fleet's minute: the requests it gets, what it answers, its errors, latency and CPU, from the
 * same endpoint model the console uses (workload/steady-state.ts: the M/G/c queue of one instance at
 * its request rate, its ModelLatency distribution and utilization) at the catalog's instance type.
 *
 * - Arrivals: Poisson around the fleet's share of the endpoint's rate (rng.poisson); a shadow fleet
 *   gets a binomial sample of the production fleet's requests (each request is copied with the
 *   traffic sampling percentage).
 * - Overload: when the fleet's active instances cannot keep up (steady state unstable), what exceeds
 *   their capacity times out as 5XX (InvokeEndpoint's 60-second limit), with no backlog carried from
 *   minute to minute (the console's endpoint carries it; see DEPLOY_SIMPLIFICATIONS).
 * - The new version's defect: `errorRate` of the answered requests fail as 5XX (model errors);
 *   `latencyMultiplier` multiplies the service time, like the console's latency-regression incident
 *   (more CPU per request too, so the queue grows); `qualityDrop` lowers accuracy and nothing else.
 * - ModelLatency (microseconds, as CloudWatch has it): the minute's observed mean wanders from the
 *   steady-state mean by the sampling error of a mean of n samples, and the samples are log-normal with
 *   the steady state's coefficient of variation, as endpoint.ts writes them; Minimum and Maximum at the
 *   expected ranks of the smallest and largest sample.
 * - CPUUtilization is summed over vCPUs; instances in service that receive no traffic (the idle part of
 *   a blue fleet during a canary, say) sit at idle CPU.
 *
 * Randomness: one stream per release, drawn in a fixed order minute by minute, so the same seed gives
 * the same release. A fork costs far more than a draw under the development transform (tsx names
 * every closure it makes), and the Monte Carlo runs tens of thousands of releases, so the fleets and
 * quantities share the release's stream rather than forking one each.
 */
import type { InstanceType } from '../catalog/instances'
import type { Rng } from '../core/rng'
import { IDLE_CPU_PERCENT_PER_VCPU, OVERHEAD_CV, type ServingPlan } from '../workload/model'
import { INVOCATION_TIMEOUT_MS, steadyState, type SteadyState } from '../workload/steady-state'
import { expectedMaxZ, logSdFromCv } from '../workload/stats'
import type { FleetAllocation } from './rollout'

/** Accuracy of the current version (share of correct predictions). Illustrative: the sandbox's model-quality baseline. */
export const BASELINE_ACCURACY = 0.92

/** How one version behaves: its serving plan (with any latency regression applied) and its defects. */
export interface VersionModel {
  plan: ServingPlan
  /** Share of answered requests that fail with a model error (5XX). */
  errorRate: number
  /** Share of answers that are correct. */
  accuracy: number
  /** True when the version is slower, wrong more often or erroring: its answers count as affected. */
  degradesAnswers: boolean
}

/** The plan of a version whose every request takes `factor` times as long (a latency regression). */
export function slowerPlan(plan: ServingPlan, factor: number): ServingPlan {
  if (factor === 1) return plan
  return { ...plan, serviceMs: plan.serviceMs * factor, hostCpuMs: plan.hostCpuMs * factor, perInstanceRpm: plan.perInstanceRpm / factor }
}

/** Which per-minute quantities to draw beyond requests and 5XX errors. */
export interface FleetNeeds {
  latency: boolean
  overhead: boolean
  errors4xx: boolean
  accuracy: boolean
}

/** Where a fleet's draws come from: arrivals and errors, latency noise, OverheadLatency noise, correct answers. */
export interface FleetStreams {
  requests: Rng
  latency: Rng
  overhead: Rng
  accuracy: Rng
}

/** Every quantity of a fleet from one stream (see the file comment). */
export function fleetStreams(rng: Rng): FleetStreams {
  return { requests: rng, latency: rng, overhead: rng, accuracy: rng }
}

/** One fleet's minute, reused from minute to minute. Latencies in microseconds. */
export class FleetMinute {
  /** Requests that reached the fleet (answered or copied). */
  requests = 0
  /** Requests answered (not timed out). */
  answered = 0
  timeouts = 0
  /** Model errors (5XX) among the answered. */
  modelErrors = 0
  errors4xx = 0
  /** All 5XX: timeouts and model errors. */
  errors5xx = 0
  /** Correct answers among those answered without error (only when accuracy is drawn). */
  correct = 0
  inService = 0
  active = 0
  /** ModelLatency of the answered requests: observed mean, log-normal parameters, extremes (µs). */
  latencyMeanUs = NaN
  latencyLogMean = NaN
  latencyLogSd = NaN
  latencyMinUs = NaN
  latencyMaxUs = NaN
  overheadMeanUs = NaN
  overheadLogMean = NaN
  overheadLogSd = NaN
  overheadMinUs = NaN
  overheadMaxUs = NaN
  /** CPUUtilization over the instances in service: average, lowest and highest instance. */
  cpuAvg = NaN
  cpuMin = NaN
  cpuMax = NaN
  memory = NaN
  disk = NaN
  /** Expected values at this minute's load (noise-free), for the timeline. */
  steady: SteadyState | null = null

  reset(): void {
    this.requests = this.answered = this.timeouts = this.modelErrors = this.errors4xx = this.errors5xx = this.correct = 0
    this.inService = this.active = 0
    this.latencyMeanUs = this.latencyLogMean = this.latencyLogSd = this.latencyMinUs = this.latencyMaxUs = NaN
    this.overheadMeanUs = this.overheadLogMean = this.overheadLogSd = this.overheadMinUs = this.overheadMaxUs = NaN
    this.cpuAvg = this.cpuMin = this.cpuMax = this.memory = this.disk = NaN
    this.steady = null
  }
}

/** Caches the steady state of one fleet: it changes only when the fleet's load does. */
export class FleetModel {
  private lastRate = NaN
  private lastActive = -1
  private lastPlan: ServingPlan | null = null
  private cached: SteadyState | null = null

  constructor(readonly instance: InstanceType) {}

  /** Log-space sd of the cached steady state's ModelLatency. */
  logSd = 0

  steady(plan: ServingPlan, perInstanceRpm: number, active: number): SteadyState {
    if (this.cached && perInstanceRpm === this.lastRate && active === this.lastActive && plan === this.lastPlan) return this.cached
    this.lastRate = perInstanceRpm
    this.lastActive = active
    this.lastPlan = plan
    const s = steadyState(plan, this.instance, perInstanceRpm)
    this.logSd = logSdFromCv(s.cv)
    return (this.cached = s)
  }
}

const CAP_US = INVOCATION_TIMEOUT_MS * 1000
/**
 * The imported helpers the per-minute code calls, bound once: under the CommonJS transform tsx and
 * vitest apply, every use of an imported binding is a call through a getter (as endpoint.ts notes).
 */
const maxZOf = expectedMaxZ
const IDLE_CPU = IDLE_CPU_PERCENT_PER_VCPU
const OVERHEAD_SPREAD = OVERHEAD_CV
const OVERHEAD_LOG_SD = logSdFromCv(OVERHEAD_CV)

/**
 * Simulates one fleet for one minute into `out`. `expected` is the fleet's expected requests this
 * minute (latency and CPU follow the steady state at that load, so they change only when the load
 * does); `arrivals` is the number that reach it (drawn by the caller: Poisson for a fleet that
 * answers, a binomial sample for a shadow fleet).
 */
export function simulateFleetMinute(
  model: FleetModel,
  version: VersionModel,
  fleet: FleetAllocation,
  expected: number,
  arrivals: number,
  streams: FleetStreams,
  needs: FleetNeeds,
  out: FleetMinute
): void {
  out.reset()
  const instance = model.instance
  out.inService = fleet.inService
  out.active = fleet.active
  if (fleet.inService === 0) return
  const plan = version.plan
  const A = fleet.active
  const n = A > 0 ? arrivals : 0
  out.requests = n
  // The steady state at the expected load: the rate the fleet's active instances share.
  const perInstance = A > 0 ? expected / A : 0
  const s = model.steady(plan, perInstance, A)
  out.steady = s
  let timeouts = 0
  if (!s.stable && A > 0) timeouts = Math.max(0, n - Math.floor(A * plan.perInstanceRpm))
  const answered = n - timeouts
  out.timeouts = timeouts
  out.answered = answered
  const modelErrors = version.errorRate > 0 && answered > 0 ? streams.requests.binomial(answered, version.errorRate) : 0
  out.modelErrors = modelErrors
  out.errors5xx = timeouts + modelErrors
  if (needs.errors4xx && answered - modelErrors > 0 && plan.clientErrorRate > 0) out.errors4xx = streams.requests.binomial(answered - modelErrors, plan.clientErrorRate)
  if (needs.accuracy && answered - modelErrors > 0) out.correct = streams.accuracy.binomial(answered - modelErrors, version.accuracy)

  if (needs.latency && answered > 0) {
    const cv = s.cv
    const logSd = model.logSd
    const zMax = maxZOf(answered)
    const observed = Math.min(CAP_US, s.meanMs * 1000 * Math.max(0.05, 1 + (cv / Math.sqrt(answered)) * streams.latency.normal()))
    const logMean = Math.log(observed) - (logSd * logSd) / 2
    out.latencyMeanUs = observed
    out.latencyLogMean = logMean
    out.latencyLogSd = logSd
    out.latencyMinUs = answered > 1 ? Math.min(observed, Math.exp(logMean - logSd * zMax)) : observed
    out.latencyMaxUs = answered > 1 ? Math.min(Math.max(observed, CAP_US), Math.max(observed, Math.exp(logMean + logSd * zMax))) : observed
  }
  if (needs.overhead && answered > 0) {
    const logSd = OVERHEAD_LOG_SD
    const zMax = maxZOf(answered)
    const mean = plan.overheadMs * 1000
    const observed = mean * Math.max(0.05, 1 + (OVERHEAD_SPREAD / Math.sqrt(answered)) * streams.overhead.normal())
    const logMean = Math.log(observed) - (logSd * logSd) / 2
    out.overheadMeanUs = observed
    out.overheadLogMean = logMean
    out.overheadLogSd = logSd
    out.overheadMinUs = answered > 1 ? Math.min(observed, Math.exp(logMean - logSd * zMax)) : observed
    out.overheadMaxUs = answered > 1 ? Math.max(observed, Math.exp(logMean + logSd * zMax)) : observed
  }

  // Instance metrics: active instances at the steady state's CPU, idle ones at idle CPU.
  const idleCpu = IDLE_CPU * instance.vcpu
  const cpuCeil = 100 * instance.vcpu
  const idle = fleet.inService - A
  const busy = A > 0 ? s.cpuUtilization : idleCpu
  out.cpuAvg = (busy * A + idleCpu * idle) / fleet.inService
  // The binomial spread of a random load balancer sets the busiest and idlest active instance (endpoint.ts).
  const processed = answered
  const spread = A > 1 ? Math.sqrt(processed * (1 / A) * (1 - 1 / A)) * maxZOf(A) : 0
  const cpuPerRequest = (100 * plan.hostCpuMs) / 60_000
  out.cpuMax = A > 0 ? Math.min(cpuCeil, busy + cpuPerRequest * spread) : idleCpu
  out.cpuMin = idle > 0 ? idleCpu : Math.max(idleCpu, busy - cpuPerRequest * spread)
  out.memory = A > 0 ? s.memoryUtilization : plan.baseMemoryPercent
  out.disk = s.diskUtilization
}
