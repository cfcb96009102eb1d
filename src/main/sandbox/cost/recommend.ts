/**
 * Inference Recommender's answer for a model, from the sandbox's own endpoint model (steady-state.ts),
 * so a recommendation and the console agree on the same endpoint's latency.
 *
 * Fields (developer guide, "Recommendation results"; API reference, RecommendationMetrics):
 * - InstanceType, InitialInstanceCount: the smallest count whose sustained rate (see
 *   maxSustainableRpm: latency requirement, 60 s timeout, invocations levelling out at 90% busy)
 *   serves the requested traffic; 1 when no traffic is given.
 * - MaxInvocations: requests per minute that many instances sustain (an integer, as in the API).
 * - ModelLatency: the p99 model latency in MILLISECONDS (CloudWatch's ModelLatency is in
 *   microseconds) at the requested traffic, or at MaxInvocations when none is given. AWS reports an
 *   integer; the sandbox keeps fractions so sub-millisecond GPU latencies stay visible.
 * - CostPerHour: the whole InitialInstanceCount at the catalog's illustrative on-demand price.
 * - CostPerInference = CostPerHour / (MaxInvocations × 60). AWS's load-test example checks out this
 *   way: CostPerHour 0.69 for three ml.c5d.xlarge, MaximumInvocations 1,113 → 0.69 / 66,780 =
 *   1.0332e-5, the CostPerInference it reports ("Run a custom load test", developer guide).
 * - CpuUtilization (summed over vCPUs, as CloudWatch's CPUUtilization) and MemoryUtilization per
 *   instance, at the same traffic as ModelLatency, so one row describes one operating point. (AWS
 *   describes both "at maximum invocations per minute".)
 * - meetsRequirement: ModelLatency ≤ latencyP99Ms (when given; the 60 s timeout otherwise) and
 *   MaxInvocations ≥ the requested requests per minute.
 *
 * Order: acceptable recommendations first; within each group the cheapest first, by CostPerHour
 * when traffic is given (what serving it costs) and by CostPerInference otherwise (price
 * performance, the metric AWS suggests for throughput); ties by ModelLatency, then name.
 *
 * Candidates: every catalog type (all are real-time hosting types) that can hold the model, or the
 * types asked for. Types that cannot hold it are listed in `excluded` with the reason.
 */
import { LabError } from '../../../shared/errors'
import { findInstanceType, getInstanceType, INSTANCE_TYPES, PRICE_AS_OF, type InstanceType } from '../catalog/instances'
import { MAX_INSTANCES } from '../workload/endpoint'
import { CONTAINER_OVERHEAD_GIB, MAX_PAYLOAD_KIB, MIN_CPU_MS_PER_REQUEST, planServing, type ModelProfile, type ServingPlan } from '../workload/model'
import { INVOCATION_TIMEOUT_MS, maxSustainableRpm, reportedP99Ms, steadyState, type SustainLimit } from '../workload/steady-state'
import { IssueList } from '../core/issues'

/** The model as `cost.recommend` describes it. */
export interface RecommendModel {
  /** CPU milliseconds of one inference on one reference vCPU (an ml.m5 vCPU). */
  cpuMsPerRequest: number
  /** Resident memory of the loaded model, GiB. */
  memoryGiB: number
  /** Mean request payload, KiB. */
  payloadKiB: number
  /** The container can run the model on a GPU (DEFAULT_GPU_SPEEDUP times faster than one vCPU). */
  gpu?: boolean
}

export interface RecommendInput {
  model: RecommendModel
  instanceTypes?: string[]
  traffic?: { requestsPerSecond: number }
  latencyP99Ms?: number
}

export interface Recommendation {
  InstanceType: string
  InitialInstanceCount: number
  /** p99, milliseconds. */
  ModelLatency: number
  /** Requests per minute. */
  MaxInvocations: number
  /** USD per hour for all InitialInstanceCount instances. */
  CostPerHour: number
  /** USD. */
  CostPerInference: number
  /** Percent, summed over vCPUs (0–100 × vCPU). */
  CpuUtilization: number
  /** Percent. */
  MemoryUtilization: number
  meetsRequirement: boolean
}

export interface ExcludedType {
  InstanceType: string
  reason: string
}

export interface RecommendResult {
  recommendations: Recommendation[]
  excluded: ExcludedType[]
  priceAsOf: string
}

/** Illustrative: how much faster than one reference vCPU a GPU container runs the model (gpu: true). */
export const DEFAULT_GPU_SPEEDUP = 10
/** Requests per second `traffic` accepts: up to 100,000 (6,000,000 a minute). */
export const MAX_REQUESTS_PER_SECOND = 100_000
export const MAX_MODEL_MEMORY_GIB = 1024

/** The full model profile the workload model needs. */
export function toModelProfile(model: RecommendModel): ModelProfile {
  return {
    name: 'recommend',
    cpuMsPerRequest: model.cpuMsPerRequest,
    memoryGiB: model.memoryGiB,
    payloadKiB: model.payloadKiB,
    ...(model.gpu ? { acceleratorSpeedup: { gpu: DEFAULT_GPU_SPEEDUP } } : {})
  }
}

/** Validates a RecommendInput; throws one LabError('VALIDATION') naming every bad field. */
export function validateRecommendInput(input: RecommendInput): void {
  const issues = new IssueList()
  const m = input.model as unknown as Record<string, unknown> | undefined
  if (typeof m !== 'object' || m === null) issues.add('model', 'must be an object { cpuMsPerRequest, memoryGiB, payloadKiB, gpu? }')
  else {
    issues.number('model.cpuMsPerRequest', m.cpuMsPerRequest, { min: MIN_CPU_MS_PER_REQUEST, max: INVOCATION_TIMEOUT_MS })
    issues.number('model.memoryGiB', m.memoryGiB, { above: 0, max: MAX_MODEL_MEMORY_GIB })
    issues.number('model.payloadKiB', m.payloadKiB, { min: 0, max: MAX_PAYLOAD_KIB })
    if (m.gpu !== undefined && typeof m.gpu !== 'boolean') issues.add('model.gpu', `must be true or false, got ${String(m.gpu)}`)
  }
  if (input.instanceTypes !== undefined) {
    if (!Array.isArray(input.instanceTypes) || input.instanceTypes.length === 0) {
      issues.add('instanceTypes', 'must be a non-empty list of instance types; leave it out to consider every hosting type')
    } else {
      const seen = new Set<string>()
      input.instanceTypes.forEach((name, i) => {
        const path = `instanceTypes[${i}]`
        if (!findInstanceType(name)) {
          issues.add(path, `unknown instance type "${String(name)}"; valid types: ${INSTANCE_TYPES.map((t) => t.name).join(', ')}`)
        } else if (seen.has(name)) issues.add(path, `"${name}" is listed twice`)
        seen.add(name)
      })
    }
  }
  if (input.traffic !== undefined) {
    issues.number('traffic.requestsPerSecond', input.traffic?.requestsPerSecond, { above: 0, max: MAX_REQUESTS_PER_SECOND })
  }
  if (input.latencyP99Ms !== undefined) {
    issues.number('latencyP99Ms', input.latencyP99Ms, { above: 0, max: INVOCATION_TIMEOUT_MS })
  }
  issues.throwIfAny('cost.recommend')
}

export interface Candidate {
  instance: InstanceType
  plan: ServingPlan
}

/** Serving plans for the candidate types; those that cannot hold the model go to `excluded`. */
export function planCandidates(profile: ModelProfile, names: readonly string[] | undefined): { candidates: Candidate[]; excluded: ExcludedType[] } {
  const types = names ? names.map((n) => getInstanceType(n)) : INSTANCE_TYPES
  const candidates: Candidate[] = []
  const excluded: ExcludedType[] = []
  for (const instance of types) {
    try {
      candidates.push({ instance, plan: planServing(profile, instance) })
    } catch (e) {
      if (!(e instanceof LabError)) throw e
      excluded.push({ InstanceType: instance.name, reason: e.issues[0]?.message ?? e.message })
    }
  }
  if (candidates.length === 0) {
    const needed = profile.memoryGiB + CONTAINER_OVERHEAD_GIB
    const largest = types.reduce((a, b) => (b.memoryGiB > a.memoryGiB ? b : a))
    const scope = names ? `the instance types asked for (${names.join(', ')})` : 'the catalog'
    const message = `no instance type in ${scope} can hold the model: it needs ${fmt(needed)} GiB (${fmt(profile.memoryGiB)} GiB model + ${CONTAINER_OVERHEAD_GIB} GiB container overhead)${
      profile.acceleratorSpeedup?.gpu ? ' and, on a GPU, the model on one device' : ''
    }; the largest, ${largest.name}, has ${largest.memoryGiB} GiB. ${excluded.map((x) => `${x.InstanceType}: ${x.reason}`).join('; ')}`
    throw new LabError('VALIDATION', `model.memoryGiB: ${message}`, [{ path: 'model.memoryGiB', message }])
  }
  return { candidates, excluded }
}

export interface SizedCandidate {
  instance: InstanceType
  plan: ServingPlan
  count: number
  /** Sustained requests per minute per instance. */
  perInstanceRpm: number
  limitedBy: SustainLimit
  latencyAttainable: boolean
  maxInvocations: number
}

/**
 * The smallest count that sustains `trafficRpm` (at least 1 request a minute), capped at
 * MAX_INSTANCES; `maxInvocations` is floor(count × sustained rate per instance).
 */
export function sizeCandidate(c: Candidate, trafficRpm: number | undefined, latencyP99Ms: number | undefined): SizedCandidate {
  const sustain = maxSustainableRpm(c.plan, c.instance, latencyP99Ms)
  const r = sustain.perInstanceRpm
  const need = Math.max(1, trafficRpm ?? 1)
  let count = Math.min(MAX_INSTANCES, Math.max(1, Math.ceil(need / r)))
  while (count < MAX_INSTANCES && Math.floor(count * r) < need) count++
  return {
    instance: c.instance,
    plan: c.plan,
    count,
    perInstanceRpm: r,
    limitedBy: sustain.limitedBy,
    latencyAttainable: sustain.latencyAttainable,
    maxInvocations: Math.floor(count * r)
  }
}

export function recommend(input: RecommendInput): RecommendResult {
  validateRecommendInput(input)
  const profile = toModelProfile(input.model)
  const { candidates, excluded } = planCandidates(profile, input.instanceTypes)
  const trafficRpm = input.traffic ? input.traffic.requestsPerSecond * 60 : undefined
  const limit = input.latencyP99Ms ?? INVOCATION_TIMEOUT_MS

  const rows = candidates.map((c) => {
    const s = sizeCandidate(c, trafficRpm, input.latencyP99Ms)
    const atRpm = trafficRpm ?? s.maxInvocations
    const state = steadyState(c.plan, c.instance, atRpm / s.count)
    const latency = reportedP99Ms(c.plan, c.instance, atRpm / s.count)
    const costPerHour = s.count * c.instance.pricePerHour
    const rec: Recommendation = {
      InstanceType: c.instance.name,
      InitialInstanceCount: s.count,
      ModelLatency: latency,
      MaxInvocations: s.maxInvocations,
      CostPerHour: costPerHour,
      CostPerInference: costPerHour / (s.maxInvocations * 60),
      CpuUtilization: state.cpuUtilization,
      MemoryUtilization: state.memoryUtilization,
      meetsRequirement: latency <= limit && s.maxInvocations >= (trafficRpm ?? 0)
    }
    return rec
  })

  const byCost = trafficRpm !== undefined ? (r: Recommendation) => r.CostPerHour : (r: Recommendation) => r.CostPerInference
  rows.sort(
    (a, b) =>
      Number(b.meetsRequirement) - Number(a.meetsRequirement) ||
      byCost(a) - byCost(b) ||
      a.ModelLatency - b.ModelLatency ||
      (a.InstanceType < b.InstanceType ? -1 : a.InstanceType > b.InstanceType ? 1 : 0)
  )
  return { recommendations: rows, excluded, priceAsOf: PRICE_AS_OF }
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2)
}
