/**
 * The advanced Inference Recommender job ("load test"): the learner lists endpoint configurations
 * (instance types with a count, or serverless configurations), a stairs traffic pattern and the
 * requirements; each configuration's test steps traffic up until a stopping condition, and the result
 * of each carries AWS's recommendation fields plus the ramp's stages.
 *
 * AWS (developer guide, "Run a custom load test"; API reference, CreateInferenceRecommendationsJob:
 * InputConfig.EndpointConfigurations (1–10 items: InstanceType or ServerlessConfig), TrafficPattern
 * (TrafficType PHASES | STAIRS; Stairs: DurationInSeconds, NumberOfSteps, UsersPerStep),
 * StoppingConditions (MaxInvocations, ModelLatencyThresholds: one { Percentile P95|P99,
 * ValueInMilliseconds }); RecommendationMetrics: CostPerHour, CostPerInference, MaxInvocations,
 * ModelLatency (ms), CpuUtilization, MemoryUtilization, ModelSetupTime for serverless):
 * - Each configuration is load-tested separately; the test stops at the first stopping condition.
 * - CostPerInference = CostPerHour / (MaxInvocations × 60).
 * - The job is billed for the instances (or serverless compute) its tests use while they run.
 *
 * Sandbox model (COST_SIMPLIFICATIONS):
 * - Instance configurations run `LoadTest` (load-test.ts): each stage a `simulateEndpoint` run, the
 *   console's endpoint model, so its latency matches the console's for the same endpoint.
 * - Serverless configurations run `simulateServerless` (serverless.ts) for each stage at a steady
 *   rate: no sampling noise; the stage's latency is the p99 with cold starts (the stricter figure,
 *   used for P95 too); more than 1% of requests throttled stops the test (Throttling), and the
 *   concurrency needed reaching MaxConcurrency is the serverless "invocations level out".
 * - The stairs raise a request rate per minute instead of a number of users (StepRpm, StartRpm);
 *   PHASES is not simulated. MaxInvocations of the requirement is checked against the result; it
 *   does not stop the ramp, so every test shows where it breaks.
 */
import { LabError, type ErrorIssue } from '../../../shared/errors'
import { PRICE_AS_OF } from '../catalog/instances'
import { IssueList } from '../core/issues'
import { createRng, type Rng } from '../core/rng'
import type { ModelProfile } from '../workload/model'
import { LoadTest, TIMEOUT_STOP_RATE, type LatencyPercentile, type LoadTestStage } from './load-test'
import { toModelProfile, validateRecommendInput, type RecommendModel } from './recommend'
import { SERVERLESS_OVERHEAD_GIB, simulateServerless, validateServerless, type ServerlessConfig } from './serverless'
import { COST_SIMPLIFICATIONS } from './simplifications'

/** CreateInferenceRecommendationsJob allows 1–10 EndpointConfigurations. */
export const MAX_ENDPOINT_CONFIGURATIONS = 10
export const DEFAULT_STAIRS_DURATION_SECONDS = 120
export const DEFAULT_NUMBER_OF_STEPS = 40

export interface EndpointConfigurationInput {
  InstanceType?: string
  /** Instances in the tested endpoint (default 1); instance configurations only. */
  InitialInstanceCount?: number
  ServerlessConfig?: { MemorySizeInMB: number; MaxConcurrency: number; ProvisionedConcurrency?: number }
}

export interface LoadTestJobRequest {
  seed: number
  model: RecommendModel
  EndpointConfigurations: EndpointConfigurationInput[]
  TrafficPattern?: {
    TrafficType: 'STAIRS'
    Stairs?: { DurationInSeconds?: number; NumberOfSteps?: number; StepRpm?: number; StartRpm?: number }
  }
  /** The requirement: the latency threshold stops the ramp; MaxInvocations (per minute) is what must be sustained. */
  StoppingConditions?: {
    MaxInvocations?: number
    ModelLatencyThresholds?: [{ Percentile: LatencyPercentile; ValueInMilliseconds: number }]
  }
}

export type JobStopReason = 'ModelLatencyThreshold' | 'FlatInvocations' | 'Timeouts' | 'Throttling' | 'MaxStages'

export interface JobStage {
  stage: number
  offeredRpm: number
  invocationsRpm: number
  /** The threshold's percentile (P95 unless P99 was asked for; serverless: p99), ms. */
  latencyMs: number
  cpuUtilization: number | null
  memoryUtilization: number | null
  /** Timed-out (instances) or throttled (serverless) share of the stage's requests. */
  errorRate: number
  costUSD: number
  passed: boolean
  stopReason: JobStopReason | null
}

export interface LoadTestJobResult {
  EndpointConfiguration: { InstanceType: string | null; InitialInstanceCount: number; ServerlessConfig: ServerlessConfig | null }
  /** "ml.c5.xlarge" or "serverless 4096 MB × 20". */
  label: string
  InstanceType: string | null
  InitialInstanceCount: number
  ModelLatency: number | null
  MaxInvocations: number
  CostPerHour: number
  CostPerInference: number | null
  CpuUtilization: number | null
  MemoryUtilization: number | null
  /** Serverless only: the cold start's ModelSetupTime, ms. */
  ModelSetupTime: number | null
  stoppedBy: JobStopReason
  meetsRequirement: boolean
  stages: JobStage[]
  /** What this test cost, USD. */
  costUSD: number
  /** Simulated seconds the test ran. */
  durationSeconds: number
}

export interface LoadTestJobResponse {
  results: LoadTestJobResult[]
  /** Index into results of the acceptable configuration with the lowest CostPerInference; null if none. */
  cheapestAcceptable: number | null
  /** Sum of every test's cost, USD. */
  jobCostUSD: number
  priceAsOf: string
  simplifications: string[]
}

interface Runner {
  step(): JobStage | null
  readonly done: boolean
  result(): LoadTestJobResult
}

export interface PreparedLoadTestJob {
  request: LoadTestJobRequest
  profile: ModelProfile
  stageMinutes: number
  maxStages: number
  percentile: LatencyPercentile
  thresholdMs: number | undefined
  requiredRpm: number | undefined
}

function prefixed(e: unknown, prefix: string): ErrorIssue[] {
  if (!(e instanceof LabError)) throw e
  return e.issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message }))
}

/** Validates the whole request (every configuration built once) before any test runs. */
export function prepareLoadTestJob(request: LoadTestJobRequest): PreparedLoadTestJob {
  const issues = new IssueList()
  issues.number('seed', request.seed, { integer: true, min: -(2 ** 53), max: 2 ** 53 })
  try {
    validateRecommendInput({ model: request.model })
  } catch (e) {
    if (!(e instanceof LabError)) throw e
    issues.issues.push(...e.issues)
  }
  const configs = request.EndpointConfigurations
  if (!Array.isArray(configs) || configs.length < 1 || configs.length > MAX_ENDPOINT_CONFIGURATIONS) {
    issues.add('EndpointConfigurations', `must list 1 to ${MAX_ENDPOINT_CONFIGURATIONS} endpoint configurations, got ${Array.isArray(configs) ? configs.length : String(configs)}`)
  }
  const tp = request.TrafficPattern
  if (tp !== undefined && tp.TrafficType !== 'STAIRS') issues.add('TrafficPattern.TrafficType', `must be STAIRS (PHASES is not simulated), got ${String(tp.TrafficType)}`)
  const st = tp?.Stairs ?? {}
  const duration = st.DurationInSeconds ?? DEFAULT_STAIRS_DURATION_SECONDS
  if (issues.optionalNumber('TrafficPattern.Stairs.DurationInSeconds', st.DurationInSeconds, { min: 120, max: 3600, integer: true }) && duration % 60 !== 0) {
    issues.add('TrafficPattern.Stairs.DurationInSeconds', `must be whole minutes (a multiple of 60) from 120 to 3600, got ${duration}`)
  }
  issues.optionalNumber('TrafficPattern.Stairs.NumberOfSteps', st.NumberOfSteps, { min: 1, max: 200, integer: true })
  issues.optionalNumber('TrafficPattern.Stairs.StepRpm', st.StepRpm, { above: 0, max: 1e8 })
  issues.optionalNumber('TrafficPattern.Stairs.StartRpm', st.StartRpm, { above: 0, max: 1e8 })
  const sc = request.StoppingConditions ?? {}
  issues.optionalNumber('StoppingConditions.MaxInvocations', sc.MaxInvocations, { above: 0, max: 1e9 })
  const threshold = sc.ModelLatencyThresholds?.[0]
  if (sc.ModelLatencyThresholds !== undefined && sc.ModelLatencyThresholds.length !== 1) {
    issues.add('StoppingConditions.ModelLatencyThresholds', 'must hold exactly one { Percentile, ValueInMilliseconds }')
  }
  issues.throwIfAny('cost.loadTest')

  const prepared: PreparedLoadTestJob = {
    request,
    profile: toModelProfile(request.model),
    stageMinutes: duration / 60,
    maxStages: st.NumberOfSteps ?? DEFAULT_NUMBER_OF_STEPS,
    percentile: threshold?.Percentile ?? 'P95',
    thresholdMs: threshold?.ValueInMilliseconds,
    requiredRpm: sc.MaxInvocations
  }
  configs.forEach((c, i) => {
    try {
      createRunner(prepared, i)
    } catch (e) {
      issues.issues.push(...prefixed(e, `EndpointConfigurations[${i}]`))
    }
  })
  issues.throwIfAny('cost.loadTest')
  return prepared
}

function configRng(p: PreparedLoadTestJob, index: number): Rng {
  return createRng(p.request.seed).fork(`load-test-${index}`)
}

/** The runner of configuration `index`; throws (paths relative to the configuration) when it is invalid. */
export function createRunner(p: PreparedLoadTestJob, index: number): Runner {
  const c = p.request.EndpointConfigurations[index]
  const hasInstance = c.InstanceType !== undefined
  const hasServerless = c.ServerlessConfig !== undefined
  if (hasInstance === hasServerless) {
    throw new LabError('VALIDATION', 'endpoint configuration: give exactly one of InstanceType or ServerlessConfig', [
      { path: 'InstanceType', message: 'give exactly one of InstanceType (with InitialInstanceCount) or ServerlessConfig { MemorySizeInMB, MaxConcurrency }' }
    ])
  }
  if (hasServerless && c.InitialInstanceCount !== undefined) {
    throw new LabError('VALIDATION', 'InitialInstanceCount: not for a serverless configuration', [{ path: 'InitialInstanceCount', message: 'applies to InstanceType configurations only; leave it out with ServerlessConfig' }])
  }
  return hasInstance ? instanceRunner(p, index, c) : serverlessRunner(p, c.ServerlessConfig as ServerlessConfig)
}

function meets(p: PreparedLoadTestJob, latency: number | null, maxInvocations: number): boolean {
  if (latency === null) return false
  if (p.thresholdMs !== undefined && latency > p.thresholdMs) return false
  return p.requiredRpm === undefined || maxInvocations >= p.requiredRpm
}

function instanceRunner(p: PreparedLoadTestJob, index: number, c: EndpointConfigurationInput): Runner {
  const count = c.InitialInstanceCount ?? 1
  const st = p.request.TrafficPattern?.Stairs ?? {}
  const test = new LoadTest({
    model: p.profile,
    InstanceType: c.InstanceType as string,
    InitialInstanceCount: count,
    stairs: { startRpm: st.StartRpm, stepRpm: st.StepRpm, stageMinutes: p.stageMinutes, maxStages: p.maxStages },
    StoppingConditions: {
      FlatInvocations: 'Stop',
      ...(p.thresholdMs !== undefined ? { ModelLatencyThresholds: [{ Percentile: p.percentile, ValueInMilliseconds: p.thresholdMs }] } : {})
    },
    rng: configRng(p, index)
  })
  const toStage = (s: LoadTestStage): JobStage => ({
    stage: s.stage,
    offeredRpm: s.offeredRpm,
    invocationsRpm: s.invocationsRpm,
    latencyMs: s.latencyMs,
    cpuUtilization: s.cpuUtilization,
    memoryUtilization: s.memoryUtilization,
    errorRate: s.timeoutRate,
    costUSD: s.costUSD,
    passed: s.passed,
    stopReason: s.stopReason === 'MaxInvocations' ? null : s.stopReason
  })
  return {
    get done() {
      return test.done
    },
    step: () => {
      const s = test.step()
      return s ? toStage(s) : null
    },
    result: () => {
      const r = test.result()
      return {
        EndpointConfiguration: { InstanceType: r.InstanceType, InitialInstanceCount: count, ServerlessConfig: null },
        label: count > 1 ? `${r.InstanceType} × ${count}` : r.InstanceType,
        InstanceType: r.InstanceType,
        InitialInstanceCount: count,
        ModelLatency: r.ModelLatency,
        MaxInvocations: r.MaxInvocations,
        CostPerHour: r.CostPerHour,
        CostPerInference: r.MaxInvocations > 0 ? r.CostPerHour / (r.MaxInvocations * 60) : null,
        CpuUtilization: r.CpuUtilization,
        MemoryUtilization: r.MemoryUtilization,
        ModelSetupTime: null,
        stoppedBy: r.stoppedBy === 'MaxInvocations' ? 'MaxStages' : r.stoppedBy,
        meetsRequirement: meets(p, r.ModelLatency, r.MaxInvocations),
        stages: r.stages.map(toStage),
        costUSD: r.costUSD,
        durationSeconds: r.stages.length * p.stageMinutes * 60
      }
    }
  }
}

function serverlessRunner(p: PreparedLoadTestJob, config: ServerlessConfig): Runner {
  validateServerless(config, p.profile, 'ServerlessConfig')
  const st = p.request.TrafficPattern?.Stairs ?? {}
  // Capacity of the configuration: MaxConcurrency slots each serving one request at a time.
  const probe = simulateServerless(p.profile, config, new Float64Array(60).fill(1), 'ServerlessConfig')
  const capacityRpm = (config.MaxConcurrency * 60_000) / probe.serviceMs
  const stepRpm = st.StepRpm ?? 0.05 * capacityRpm
  const startRpm = st.StartRpm ?? stepRpm
  const stages: JobStage[] = []
  let stopped: JobStopReason | null = null
  const memoryUtilization = ((p.profile.memoryGiB + SERVERLESS_OVERHEAD_GIB) / (config.MemorySizeInMB / 1024)) * 100
  const label = `serverless ${config.MemorySizeInMB} MB × ${config.MaxConcurrency}${config.ProvisionedConcurrency ? ` (${config.ProvisionedConcurrency} provisioned)` : ''}`
  let hourCost = { perRequest: probe.costPerRequestUSD, provisionedPerHour: probe.provisionedCostUSD }
  return {
    get done() {
      return stopped !== null
    },
    step: () => {
      if (stopped) return null
      const k = stages.length + 1
      const offered = startRpm + (k - 1) * stepRpm
      // An hour at the stage's rate; the stage is its first `stageMinutes` in cost, its steady state in latency.
      const month = simulateServerless(p.profile, config, new Float64Array(60).fill(offered), 'ServerlessConfig')
      const served = month.servedRequests / 60
      const errorRate = month.requests > 0 ? month.throttledRequests / month.requests : 0
      // p99 with cold starts for either percentile (the stricter figure; see the header).
      const latency = month.p99Ms
      let reason: JobStopReason | null = null
      if (p.thresholdMs !== undefined && latency > p.thresholdMs) reason = 'ModelLatencyThreshold'
      else if (errorRate > TIMEOUT_STOP_RATE) reason = 'Throttling'
      else if (month.peakConcurrency >= config.MaxConcurrency) reason = 'FlatInvocations'
      else if (k >= p.maxStages) reason = 'MaxStages'
      hourCost = { perRequest: month.costPerRequestUSD, provisionedPerHour: month.provisionedCostUSD }
      const stage: JobStage = {
        stage: k,
        offeredRpm: offered,
        invocationsRpm: served,
        latencyMs: latency,
        cpuUtilization: null,
        memoryUtilization,
        errorRate,
        costUSD: (month.totalCostUSD * p.stageMinutes) / 60,
        passed: reason === null || reason === 'MaxStages',
        stopReason: reason
      }
      stages.push(stage)
      stopped = reason
      return stage
    },
    result: () => {
      if (!stopped) throw new LabError('CONFLICT', 'load test: not finished', [{ path: '', message: 'still running' }])
      const last = [...stages].reverse().find((s) => s.passed)
      const maxInv = last ? Math.floor(last.invocationsRpm) : 0
      const costPerHour = hourCost.perRequest * maxInv * 60 + hourCost.provisionedPerHour
      const latency = last ? last.latencyMs : null
      return {
        EndpointConfiguration: { InstanceType: null, InitialInstanceCount: 0, ServerlessConfig: { ...config } },
        label,
        InstanceType: null,
        InitialInstanceCount: 0,
        ModelLatency: latency,
        MaxInvocations: maxInv,
        CostPerHour: costPerHour,
        CostPerInference: maxInv > 0 ? costPerHour / (maxInv * 60) : null,
        CpuUtilization: null,
        MemoryUtilization: memoryUtilization,
        ModelSetupTime: probe.ModelSetupTimeMs,
        stoppedBy: stopped,
        meetsRequirement: meets(p, latency, maxInv),
        stages,
        costUSD: stages.reduce((a, s) => a + s.costUSD, 0),
        durationSeconds: stages.length * p.stageMinutes * 60
      }
    }
  }
}

/** Runs configuration `index` to its end. */
export function runConfiguration(p: PreparedLoadTestJob, index: number): LoadTestJobResult {
  const runner = createRunner(p, index)
  while (!runner.done) runner.step()
  return runner.result()
}

export function finishLoadTestJob(results: LoadTestJobResult[]): LoadTestJobResponse {
  let best: number | null = null
  results.forEach((r, i) => {
    if (!r.meetsRequirement || r.CostPerInference === null) return
    if (best === null || r.CostPerInference < (results[best].CostPerInference as number)) best = i
  })
  return {
    results,
    cheapestAcceptable: best,
    jobCostUSD: results.reduce((a, r) => a + r.costUSD, 0),
    priceAsOf: PRICE_AS_OF,
    simplifications: [...COST_SIMPLIFICATIONS]
  }
}

/** The whole job in one call (tests, labs). */
export function runLoadTestJob(request: LoadTestJobRequest): LoadTestJobResponse {
  const p = prepareLoadTestJob(request)
  return finishLoadTestJob(p.request.EndpointConfigurations.map((_, i) => runConfiguration(p, i)))
}
