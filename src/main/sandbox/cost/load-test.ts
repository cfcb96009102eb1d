/**
 * The advanced Inference Recommender job's load test on one endpoint configuration, one stage at a
 * time so a job can run it with progress and show it happening.
 *
 * AWS ("Run a custom load test", developer guide; RecommendationJobStoppingConditions and
 * ModelLatencyThreshold, API reference): the test raises traffic in steps (a STAIRS or PHASES traffic
 * pattern of simulated users) and stops at the first stopping condition: the model latency percentile
 * (P95 or P99) above ValueInMilliseconds, the invocations flattening because the instance reached
 * capacity (FlatInvocations, default Stop), or MaxInvocations, the requests per minute expected.
 * Its results are read where the Invocations graph begins to level out.
 *
 * Sandbox model (also in COST_SIMPLIFICATIONS):
 * - A stage offers a steady request rate instead of a number of users: stage k offers
 *   startRpm + (k − 1) × stepRpm, by default steps of 5% of the fleet's capacity.
 * - Each stage is a fresh `simulateEndpoint` run of `stageMinutes` minutes with Poisson arrivals,
 *   the same model the console uses, so a stage shows the sampling noise a real stage would; the
 *   queue does not carry over from one stage to the next.
 * - Invocations "flatten" when the servers are more than FLAT_INVOCATIONS_UTILIZATION busy
 *   (steady-state.ts); more than 1% of requests timing out (5XX) also stops the test.
 * - MaxInvocations and ModelLatency of the result are those of the last stage that passed, so they
 *   move in steps of `stepRpm`; `cost.recommend` reports the exact crossing instead.
 */
import { LabError } from '../../../shared/errors'
import { getInstanceType, type InstanceType } from '../catalog/instances'
import { computePeriodStatistics } from '../cloudwatch/statistics'
import { SIM_EPOCH_MS } from '../core/time'
import type { Rng } from '../core/rng'
import { findMetric, simulateEndpoint } from '../workload/endpoint'
import { MAX_INSTANCES } from '../workload/endpoint'
import { planServing, type ModelProfile, type ServingPlan } from '../workload/model'
import { FLAT_INVOCATIONS_UTILIZATION } from '../workload/steady-state'
import { IssueList } from '../core/issues'

export type LatencyPercentile = 'P95' | 'P99'
export const LATENCY_PERCENTILES: readonly LatencyPercentile[] = ['P95', 'P99']

export interface LoadTestStoppingConditions {
  /** Requests per minute expected: reaching it ends the test with the requirement met. */
  MaxInvocations?: number
  /** One threshold, as in the API (Array Members: fixed number of 1 item). */
  ModelLatencyThresholds?: [{ Percentile: LatencyPercentile; ValueInMilliseconds: number }]
  FlatInvocations?: 'Stop' | 'Continue'
}

export interface LoadTestInput {
  model: ModelProfile
  InstanceType: string
  InitialInstanceCount: number
  /** Stairs of steady load. Defaults: steps of 5% of capacity, 2-minute stages, at most 40 stages. */
  stairs?: { startRpm?: number; stepRpm?: number; stageMinutes?: number; maxStages?: number }
  StoppingConditions?: LoadTestStoppingConditions
  rng: Rng
}

export type StopReason = 'ModelLatencyThreshold' | 'FlatInvocations' | 'Timeouts' | 'MaxInvocations' | 'MaxStages'

export interface LoadTestStage {
  /** 1-based. */
  stage: number
  offeredRpm: number
  /** Requests answered per minute (timed-out requests excluded). */
  invocationsRpm: number
  /** The threshold's percentile of ModelLatency over the stage, ms (P95 unless P99 was asked for). */
  latencyMs: number
  /** p99 ModelLatency over the stage, ms. */
  p99Ms: number
  /** Average CPUUtilization per instance, percent summed over vCPUs. */
  cpuUtilization: number
  memoryUtilization: number
  /** Answered requests / the fleet's capacity. */
  utilization: number
  /** Share of the stage's requests that timed out. */
  timeoutRate: number
  /** USD for the instances during the stage. */
  costUSD: number
  passed: boolean
  /** Set on the stage that ended the test. */
  stopReason: StopReason | null
}

export interface LoadTestResult {
  InstanceType: string
  InitialInstanceCount: number
  stages: LoadTestStage[]
  stoppedBy: StopReason
  /** Requests per minute of the last stage that passed; 0 when the first stage failed. */
  MaxInvocations: number
  /** Latency percentile (ms) of the last stage that passed; null when the first stage failed. */
  ModelLatency: number | null
  CpuUtilization: number | null
  MemoryUtilization: number | null
  CostPerHour: number
  /** What the test's instances cost while it ran, USD. */
  costUSD: number
}

export const DEFAULT_STAGE_MINUTES = 2
export const DEFAULT_MAX_STAGES = 40
export const DEFAULT_STEP_SHARE = 0.05
/** More than this share of requests timing out ends the test. */
export const TIMEOUT_STOP_RATE = 0.01

export class LoadTest {
  readonly stages: LoadTestStage[] = []
  private readonly instance: InstanceType
  private readonly plan: ServingPlan
  private readonly startRpm: number
  private readonly stepRpm: number
  private readonly stageMinutes: number
  private readonly maxStages: number
  private readonly stopping: LoadTestStoppingConditions
  private stopped: StopReason | null = null

  constructor(private readonly input: LoadTestInput) {
    const issues = new IssueList()
    let instance: InstanceType | undefined
    try {
      instance = getInstanceType(input.InstanceType)
    } catch (e) {
      if (!(e instanceof LabError)) throw e
      issues.issues.push(...e.issues)
    }
    issues.number('InitialInstanceCount', input.InitialInstanceCount, { min: 1, max: MAX_INSTANCES, integer: true })
    const s = input.stairs ?? {}
    issues.optionalNumber('stairs.startRpm', s.startRpm, { above: 0, max: 1e8 })
    issues.optionalNumber('stairs.stepRpm', s.stepRpm, { above: 0, max: 1e8 })
    issues.optionalNumber('stairs.stageMinutes', s.stageMinutes, { min: 2, max: 60, integer: true })
    issues.optionalNumber('stairs.maxStages', s.maxStages, { min: 1, max: 200, integer: true })
    const sc = input.StoppingConditions ?? {}
    issues.optionalNumber('StoppingConditions.MaxInvocations', sc.MaxInvocations, { above: 0, max: 1e9 })
    if (sc.FlatInvocations !== undefined && sc.FlatInvocations !== 'Stop' && sc.FlatInvocations !== 'Continue') {
      issues.add('StoppingConditions.FlatInvocations', `must be Stop or Continue, got ${String(sc.FlatInvocations)}`)
    }
    if (sc.ModelLatencyThresholds !== undefined) {
      const t = sc.ModelLatencyThresholds
      if (!Array.isArray(t) || t.length !== 1) issues.add('StoppingConditions.ModelLatencyThresholds', 'must hold exactly one { Percentile, ValueInMilliseconds }')
      else {
        if (!LATENCY_PERCENTILES.includes(t[0].Percentile)) {
          issues.add('StoppingConditions.ModelLatencyThresholds[0].Percentile', `must be P95 or P99, got ${String(t[0].Percentile)}`)
        }
        issues.number('StoppingConditions.ModelLatencyThresholds[0].ValueInMilliseconds', t[0].ValueInMilliseconds, { above: 0, max: 60_000 })
      }
    }
    issues.throwIfAny('load test')
    this.instance = instance as InstanceType
    this.plan = planServing(input.model, this.instance)
    const capacity = this.plan.perInstanceRpm * input.InitialInstanceCount
    this.stepRpm = s.stepRpm ?? DEFAULT_STEP_SHARE * capacity
    this.startRpm = s.startRpm ?? this.stepRpm
    this.stageMinutes = s.stageMinutes ?? DEFAULT_STAGE_MINUTES
    this.maxStages = s.maxStages ?? DEFAULT_MAX_STAGES
    this.stopping = sc
  }

  get done(): boolean {
    return this.stopped !== null
  }

  /** Stages run and the most the test will run. */
  progress(): { completed: number; total: number } {
    return { completed: this.stages.length, total: this.done ? this.stages.length : this.maxStages }
  }

  /** Runs the next stage; null once the test has stopped. */
  step(): LoadTestStage | null {
    if (this.stopped) return null
    const k = this.stages.length + 1
    const offered = this.startRpm + (k - 1) * this.stepRpm
    const stage = this.runStage(k, offered)
    this.stages.push(stage)
    if (stage.stopReason) this.stopped = stage.stopReason
    else if (k >= this.maxStages) {
      stage.stopReason = 'MaxStages'
      this.stopped = 'MaxStages'
    }
    return stage
  }

  /** Runs every remaining stage and returns the result. */
  run(): LoadTestResult {
    while (!this.done) this.step()
    return this.result()
  }

  result(): LoadTestResult {
    if (!this.stopped) throw new LabError('CONFLICT', 'load test: the test has not finished; call step() until done', [{ path: '', message: 'still running' }])
    const last = [...this.stages].reverse().find((s) => s.passed)
    return {
      InstanceType: this.instance.name,
      InitialInstanceCount: this.input.InitialInstanceCount,
      stages: this.stages,
      stoppedBy: this.stopped,
      MaxInvocations: last ? Math.floor(last.invocationsRpm) : 0,
      ModelLatency: last ? last.latencyMs : null,
      CpuUtilization: last ? last.cpuUtilization : null,
      MemoryUtilization: last ? last.memoryUtilization : null,
      CostPerHour: this.input.InitialInstanceCount * this.instance.pricePerHour,
      costUSD: this.stages.reduce((a, s) => a + s.costUSD, 0)
    }
  }

  private runStage(k: number, offeredRpm: number): LoadTestStage {
    const minutes = this.stageMinutes
    const start = SIM_EPOCH_MS + (k - 1) * minutes * 60_000
    const sim = simulateEndpoint({
      endpointName: 'load-test',
      variants: [{ VariantName: 'AllTraffic', InstanceType: this.instance.name, InitialInstanceCount: this.input.InitialInstanceCount, model: this.input.model }],
      traffic: { pattern: 'steady', baseRpm: offeredRpm },
      startTime: start,
      minutes,
      rng: this.input.rng.fork(`stage-${k}`)
    })
    const v = sim.variants[0]
    const query = { period: minutes * 60, startTime: start, endTime: start + minutes * 60_000 }
    const latency = findMetric(sim, 'AllTraffic', 'ModelLatency').series
    const threshold = this.stopping.ModelLatencyThresholds?.[0]
    const pct = threshold?.Percentile === 'P99' ? 'p99' : 'p95'
    const percentile = (stat: string): number => {
      const value = computePeriodStatistics(latency, { ...query, stat }).values[0]
      return Number.isFinite(value) ? value / 1000 : 0
    }
    const average = (name: 'CPUUtilization' | 'MemoryUtilization'): number => {
      const value = computePeriodStatistics(findMetric(sim, 'AllTraffic', name).series, { ...query, stat: 'Average' }).values[0]
      return Number.isFinite(value) ? value : 0
    }
    const answered = v.totals.requests - v.totals.timeouts
    const invocationsRpm = answered / minutes
    const utilization = invocationsRpm / (this.plan.perInstanceRpm * this.input.InitialInstanceCount)
    const timeoutRate = v.totals.requests > 0 ? v.totals.timeouts / v.totals.requests : 0
    const latencyMs = percentile(pct)

    let stopReason: StopReason | null = null
    if (threshold && latencyMs > threshold.ValueInMilliseconds) stopReason = 'ModelLatencyThreshold'
    else if (timeoutRate > TIMEOUT_STOP_RATE) stopReason = 'Timeouts'
    else if ((this.stopping.FlatInvocations ?? 'Stop') === 'Stop' && utilization > FLAT_INVOCATIONS_UTILIZATION) stopReason = 'FlatInvocations'
    else if (this.stopping.MaxInvocations !== undefined && offeredRpm >= this.stopping.MaxInvocations) stopReason = 'MaxInvocations'

    return {
      stage: k,
      offeredRpm,
      invocationsRpm,
      latencyMs,
      p99Ms: percentile('p99'),
      cpuUtilization: average('CPUUtilization'),
      memoryUtilization: average('MemoryUtilization'),
      utilization,
      timeoutRate,
      costUSD: v.totals.costUsd,
      passed: stopReason === null || stopReason === 'MaxInvocations',
      stopReason
    }
  }
}
