/**
 * Rightsizing findings for a running endpoint from its recent utilization, in AWS Compute
 * Optimizer's vocabulary.
 *
 * AWS Compute Optimizer covers EC2 instances, Auto Scaling groups, EBS volumes, Lambda functions
 * and ECS services on Fargate, not SageMaker endpoints; for an endpoint the AWS tool is SageMaker
 * Inference Recommender. The sandbox applies Compute Optimizer's rules to an endpoint so that the
 * vocabulary the exam uses has something to work on (COMPUTE_OPTIMIZER_NOTE says so to the learner).
 *
 * Rules (Compute Optimizer user guide, "EC2 instance recommendations"; API reference,
 * InstanceRecommendation, UtilizationPreference, CustomizableMetricParameters; AWS-FACTS §6):
 * - Findings: Underprovisioned (at least one specification does not meet the workload's needs),
 *   Overprovisioned (at least one can be sized down and none is under-provisioned), Optimized (all fit,
 *   nothing is over-provisioned); the reasons are findingReasonCodes such as CPUUnderprovisioned or
 *   MemoryOverprovisioned.
 * - Data: at least 30 hours of metrics within the look-back period of 14 days.
 * - Default preferences: CPU at its P99.5 over the look-back period with 20% headroom, memory at its
 *   maximum with 20% headroom: a configuration fits when those stay at or below 80%.
 * - Options: up to three, each with projected utilization and an estimated monthly saving.
 *
 * Sandbox specifics: CPU here is CloudWatch's CPUUtilization (summed over vCPUs) divided by the vCPU
 * count, so 0–100% of the instance as Compute Optimizer reports it. Options are projected with the
 * sandbox's endpoint model (steady-state.ts) at the P99.5 of the observed requests per minute.
 * A latency requirement, when given, adds the sandbox's own reason ModelLatencyAboveRequirement;
 * Compute Optimizer itself does not look at latency. Monthly figures use 730 hours.
 */
import { invalidField, LabError } from '../../../shared/errors'
import { getInstanceType, INSTANCE_TYPES, type InstanceType } from '../catalog/instances'
import { MAX_INSTANCES } from '../workload/endpoint'
import { planServing, type ModelProfile, type ServingPlan } from '../workload/model'
import { maxSustainableRpm, reportedP99Ms, steadyState } from '../workload/steady-state'
import { HOURS_PER_MONTH } from './prices'

export const COMPUTE_OPTIMIZER_NOTE =
  "AWS Compute Optimizer covers EC2 instances, Auto Scaling groups, EBS volumes, Lambda functions and ECS services on Fargate, not SageMaker endpoints. For a SageMaker endpoint the AWS tool is SageMaker Inference Recommender. The sandbox applies Compute Optimizer's findings and rules to the endpoint so you can practise the vocabulary."

export const LOOKBACK_DAYS = 14
export const MIN_HOURS_OF_DATA = 30
/** Default CPU threshold P99_5 and headroom PERCENT_20 (PutRecommendationPreferences). */
export const CPU_THRESHOLD_PERCENTILE = 99.5
export const HEADROOM_PERCENT = 20
export const MAX_RIGHTSIZING_OPTIONS = 3

export type Finding = 'Underprovisioned' | 'Overprovisioned' | 'Optimized'
export type FindingReasonCode =
  | 'CPUUnderprovisioned'
  | 'CPUOverprovisioned'
  | 'MemoryUnderprovisioned'
  | 'MemoryOverprovisioned'
  | 'GPUUnderprovisioned'
  | 'GPUOverprovisioned'
  | 'ModelLatencyAboveRequirement'

export interface UtilizationInput {
  InstanceType: string
  InstanceCount: number
  model: ModelProfile
  /** Seconds per datapoint: 60 (per minute) or 3600 (per hour). */
  periodSeconds: 60 | 3600
  /** CPUUtilization Average per period, percent summed over vCPUs; null where there is no datapoint. */
  cpuUtilization: readonly (number | null)[]
  /** MemoryUtilization Average per period, percent. */
  memoryUtilization: readonly (number | null)[]
  /** Invocations Sum per period, for the whole variant. */
  invocations: readonly (number | null)[]
  /** ModelLatency p99 per period, milliseconds. */
  modelLatencyP99Ms?: readonly (number | null)[]
  /** GPUUtilization Average per period (0–100 × GPUs), GPU instances only. */
  gpuUtilization?: readonly (number | null)[]
  /** A p99 ModelLatency requirement, milliseconds. */
  latencyP99Ms?: number
}

export interface UtilizationMetric {
  name: 'Cpu' | 'Memory' | 'Gpu' | 'ModelLatencyP99' | 'InvocationsPerMinute'
  statistic: 'P99_5' | 'Maximum'
  value: number
}

export interface FindingReason {
  code: FindingReasonCode
  metric: string
  /** How the metric was summarised, e.g. P99_5 or Maximum. */
  statistic: string
  observed: number
  limit: number
  message: string
}

export interface RightsizingOption {
  rank: number
  InstanceType: string
  InstanceCount: number
  projectedUtilizationMetrics: UtilizationMetric[]
  projectedP99Ms: number
  costPerHour: number
  monthlyCostUSD: number
  /** Current monthly cost minus this option's; negative when the option costs more. */
  estimatedMonthlySavingsUSD: number
  savingsOpportunityPercentage: number
}

export interface EndpointFindings {
  finding: Finding | null
  findingReasonCodes: FindingReasonCode[]
  reasons: FindingReason[]
  lookBackPeriodInDays: number
  hoursOfData: number
  /** Why there is no finding, when there is too little data. */
  insufficientData: string | null
  utilizationMetrics: UtilizationMetric[]
  current: { InstanceType: string; InstanceCount: number; costPerHour: number; monthlyCostUSD: number }
  recommendationOptions: RightsizingOption[]
  note: string
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function nearestRankPercentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]
}

const present = (xs: readonly (number | null)[] | undefined): number[] => (xs ?? []).filter((x): x is number => typeof x === 'number' && Number.isFinite(x))

interface Projection {
  cpu: number
  memory: number
  gpu: number | null
  p99: number
  sustainable: boolean
}

/** Utilization and latency of `count` instances at `peakRpm`; `sustainedRpm` is one instance's sustained rate. */
function project(plan: ServingPlan, instance: InstanceType, count: number, peakRpm: number, sustainedRpm: number): Projection {
  const perInstance = peakRpm / count
  const s = steadyState(plan, instance, perInstance)
  const p99 = reportedP99Ms(plan, instance, perInstance)
  return {
    cpu: s.cpuUtilization / instance.vcpu,
    memory: s.memoryUtilization,
    gpu: s.gpuUtilization === null ? null : s.gpuUtilization / (instance.accelerator?.count ?? 1),
    p99,
    sustainable: perInstance <= sustainedRpm
  }
}

export function endpointFindings(input: UtilizationInput): EndpointFindings {
  const current = getInstanceType(input.InstanceType, 'InstanceType')
  if (!Number.isInteger(input.InstanceCount) || input.InstanceCount < 1 || input.InstanceCount > MAX_INSTANCES) {
    throw invalidField('InstanceCount', `must be an integer from 1 to ${MAX_INSTANCES}, got ${String(input.InstanceCount)}`)
  }
  if (input.periodSeconds !== 60 && input.periodSeconds !== 3600) throw invalidField('periodSeconds', `must be 60 or 3600, got ${String(input.periodSeconds)}`)
  if (input.latencyP99Ms !== undefined && !(input.latencyP99Ms > 0)) throw invalidField('latencyP99Ms', `must be > 0 milliseconds, got ${String(input.latencyP99Ms)}`)
  const currentPlan = planServing(input.model, current)

  // Only the look-back period counts: the last 14 days of datapoints.
  const keep = (LOOKBACK_DAYS * 86_400) / input.periodSeconds
  const recent = <T>(xs: readonly T[] | undefined): readonly T[] => (xs ? xs.slice(Math.max(0, xs.length - keep)) : [])
  const cpu = present(recent(input.cpuUtilization))
  const memory = present(recent(input.memoryUtilization))
  const invocations = recent(input.invocations).map((x) => (typeof x === 'number' && Number.isFinite(x) ? x : 0))
  const latency = present(recent(input.modelLatencyP99Ms))
  const gpu = present(recent(input.gpuUtilization))
  const hoursOfData = (cpu.length * input.periodSeconds) / 3600
  const costPerHour = input.InstanceCount * current.pricePerHour
  const base = {
    lookBackPeriodInDays: LOOKBACK_DAYS,
    hoursOfData,
    current: { InstanceType: current.name, InstanceCount: input.InstanceCount, costPerHour, monthlyCostUSD: costPerHour * HOURS_PER_MONTH },
    note: COMPUTE_OPTIMIZER_NOTE
  }
  if (hoursOfData < MIN_HOURS_OF_DATA) {
    return {
      ...base,
      finding: null,
      findingReasonCodes: [],
      reasons: [],
      insufficientData: `Compute Optimizer needs at least ${MIN_HOURS_OF_DATA} hours of metrics in the last ${LOOKBACK_DAYS} days; this endpoint has ${fmt(hoursOfData)} hours of CPUUtilization datapoints.`,
      utilizationMetrics: [],
      recommendationOptions: []
    }
  }

  const limit = 100 - HEADROOM_PERCENT
  const cpuStat = nearestRankPercentile(cpu, CPU_THRESHOLD_PERCENTILE) / current.vcpu
  const memStat = memory.length > 0 ? Math.max(...memory) : 0
  const gpuStat = gpu.length > 0 ? Math.max(...gpu) / (current.accelerator?.count ?? 1) : null
  const perMinute = invocations.map((x) => (x * 60) / input.periodSeconds)
  const peakRpm = nearestRankPercentile(perMinute, CPU_THRESHOLD_PERCENTILE)
  const latencyStat = latency.length > 0 ? nearestRankPercentile(latency, CPU_THRESHOLD_PERCENTILE) : null
  const utilizationMetrics: UtilizationMetric[] = [
    { name: 'Cpu', statistic: 'P99_5', value: cpuStat },
    { name: 'Memory', statistic: 'Maximum', value: memStat },
    { name: 'InvocationsPerMinute', statistic: 'P99_5', value: peakRpm }
  ]
  if (gpuStat !== null) utilizationMetrics.push({ name: 'Gpu', statistic: 'Maximum', value: gpuStat })
  if (latencyStat !== null) utilizationMetrics.push({ name: 'ModelLatencyP99', statistic: 'P99_5', value: latencyStat })

  const reasons: FindingReason[] = []
  const under = (code: FindingReasonCode, metric: string, statistic: string, observed: number, lim: number, what: string): void => {
    reasons.push({ code, metric, statistic, observed, limit: lim, message: `${what} ${fmt(observed)} is above ${fmt(lim)} by ${fmt(observed - lim)}` })
  }
  if (cpuStat > limit) under('CPUUnderprovisioned', 'CPUUtilization', 'P99_5', cpuStat, limit, `CPU at its P99.5 (percent of the instance's ${current.vcpu} vCPUs)`)
  if (memStat > limit) under('MemoryUnderprovisioned', 'MemoryUtilization', 'Maximum', memStat, limit, 'Maximum MemoryUtilization (%)')
  if (gpuStat !== null && gpuStat > limit) under('GPUUnderprovisioned', 'GPUUtilization', 'Maximum', gpuStat, limit, 'Maximum GPUUtilization per GPU (%)')
  if (latencyStat !== null && input.latencyP99Ms !== undefined && latencyStat > input.latencyP99Ms) {
    under('ModelLatencyAboveRequirement', 'ModelLatency', 'P99_5 of the p99', latencyStat, input.latencyP99Ms, 'p99 ModelLatency (ms)')
  }

  // Every catalog type that holds the model, at its smallest count that fits the headroom.
  const options: Omit<RightsizingOption, 'rank'>[] = []
  for (const t of INSTANCE_TYPES) {
    let plan: ServingPlan
    try {
      plan = planServing(input.model, t)
    } catch (e) {
      if (e instanceof LabError) continue
      throw e
    }
    const sustained = maxSustainableRpm(plan, t, input.latencyP99Ms).perInstanceRpm
    for (let count = 1; count <= MAX_INSTANCES; count++) {
      const p = project(plan, t, count, peakRpm, sustained)
      if (p.memory > limit) break
      const fits = p.cpu <= limit && (p.gpu === null || p.gpu <= limit) && p.sustainable && (input.latencyP99Ms === undefined || p.p99 <= input.latencyP99Ms)
      if (!fits) continue
      if (t.name === current.name && count === input.InstanceCount) break
      const cph = count * t.pricePerHour
      const projected: UtilizationMetric[] = [
        { name: 'Cpu', statistic: 'P99_5', value: p.cpu },
        { name: 'Memory', statistic: 'Maximum', value: p.memory }
      ]
      if (p.gpu !== null) projected.push({ name: 'Gpu', statistic: 'Maximum', value: p.gpu })
      options.push({
        InstanceType: t.name,
        InstanceCount: count,
        projectedUtilizationMetrics: projected,
        projectedP99Ms: p.p99,
        costPerHour: cph,
        monthlyCostUSD: cph * HOURS_PER_MONTH,
        estimatedMonthlySavingsUSD: (costPerHour - cph) * HOURS_PER_MONTH,
        savingsOpportunityPercentage: (100 * (costPerHour - cph)) / costPerHour
      })
      break
    }
  }
  options.sort((a, b) => a.costPerHour - b.costPerHour || a.projectedP99Ms - b.projectedP99Ms)

  let finding: Finding
  if (reasons.length > 0) finding = 'Underprovisioned'
  else {
    const cheaper = options.find((o) => o.costPerHour < costPerHour)
    if (cheaper) {
      finding = 'Overprovisioned'
      const o = getInstanceType(cheaper.InstanceType)
      const capacity = (t: InstanceType, n: number) => t.vcpu * t.cpuSpeed * n
      const lower = (code: FindingReasonCode, metric: string, statistic: string, observed: number, what: string): void => {
        reasons.push({ code, metric, statistic, observed, limit, message: `${what} ${fmt(observed)} leaves room: ${cheaper.InstanceCount} × ${o.name} would still stay within ${fmt(limit)}` })
      }
      if (capacity(o, cheaper.InstanceCount) < capacity(current, input.InstanceCount)) {
        lower('CPUOverprovisioned', 'CPUUtilization', 'P99_5', cpuStat, `CPU at its P99.5 (percent of the instance's ${current.vcpu} vCPUs)`)
      }
      if (o.memoryGiB * cheaper.InstanceCount < current.memoryGiB * input.InstanceCount) lower('MemoryOverprovisioned', 'MemoryUtilization', 'Maximum', memStat, 'Maximum MemoryUtilization (%)')
      const gpus = (t: InstanceType, n: number) => (t.accelerator?.count ?? 0) * n
      if (gpus(o, cheaper.InstanceCount) < gpus(current, input.InstanceCount)) {
        lower('GPUOverprovisioned', 'GPUUtilization', 'Maximum', gpuStat ?? 0, currentPlan.device === 'gpu' ? 'Maximum GPUUtilization per GPU (%)' : 'The GPU is idle (the model runs on the CPUs); GPUUtilization')
      }
    } else finding = 'Optimized'
  }

  return {
    ...base,
    finding,
    findingReasonCodes: [...new Set(reasons.map((r) => r.code))],
    reasons,
    insufficientData: null,
    utilizationMetrics,
    recommendationOptions: options.slice(0, MAX_RIGHTSIZING_OPTIONS).map((o, i) => ({ rank: i + 1, ...o }))
  }
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1)
}
