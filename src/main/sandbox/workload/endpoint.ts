/**
 * Simulates one SageMaker real-time endpoint minute by minute and produces the CloudWatch metrics
 * its variants would publish.
 *
 * Metrics (SageMaker developer guide, "Monitor Amazon SageMaker AI with Amazon CloudWatch"; AWS-FACTS §3.6):
 * - `AWS/SageMaker`, dimensions EndpointName + VariantName, one statistic set per minute:
 *   - Invocations: every request is one sample of value 1 (SampleCount = Sum = requests). Use Sum.
 *   - InvocationsPerInstance: every request adds 1/instances in service (Sum = requests / instances).
 *   - Invocation4XXErrors / Invocation5XXErrors: every request adds 1 if it failed that way, else 0
 *     (SampleCount = requests, Sum = errors, Average = error rate).
 *   - ModelLatency / OverheadLatency in MICROSECONDS: one sample per answered request; the minute's
 *     samples are log-normal and their log-space mean and sd are stored so percentiles work.
 *   A minute without requests publishes none of these: the series has a gap (SampleCount 0).
 * - `/aws/sagemaker/Endpoints`, same dimensions, one sample per in-service instance per minute:
 *   CPUUtilization (sum over vCPUs: 0–100 × vCPU), MemoryUtilization and DiskUtilization (0–100),
 *   and on GPU instances GPUUtilization and GPUMemoryUtilization (0–100 × GPUs). Published every minute,
 *   with or without traffic.
 *
 * Latency and overload (sandbox model, see SIMPLIFICATIONS):
 * - While the instances keep up (no backlog, requests < capacity), each instance is an M/G/c queue and
 *   the mean wait is the Allen–Cunneen approximation (queueing.ts).
 * - When requests exceed capacity, a fluid model takes over: the excess queues, a queue holds at most
 *   60 s of work, and requests that would wait longer time out as 5XX (InvokeEndpoint: the container
 *   must answer within 60 seconds). The mean wait follows from Little's law (mean queue / throughput).
 *   The backlog carries into the next minute, so recovery after a burst takes time, as it does on AWS.
 * - ModelLatency = service time + queueing wait (the wait happens inside the container's model server,
 *   so SageMaker counts it as model time). Timed-out requests add no latency sample.
 * - Minimum and Maximum of a minute are the quantiles at the expected ranks of the smallest and largest
 *   of n samples, 1/(n+1) and n/(n+1).
 */
import { LabError } from '../../../shared/errors'
import type { Dimension, MetricData, MinuteSeries, StandardUnit } from '../cloudwatch/types'
import { findInstanceType, getInstanceType, requireHostingInstanceType, type InstanceType } from '../catalog/instances'
import { floorToMinute, toEpochMs, toIso } from '../clock'
import type { Rng } from '../rng'
import { CapacityTracker, DEFAULT_STARTUP_MINUTES, MAX_INSTANCES, validateScaling, type ScalingActivity, type TargetTrackingScaling } from './autoscaling'
import { endpointTrafficEffect, resolveIncidents, variantEffects, type IncidentSpec, type IncidentWindow } from './incidents'
import { IDLE_CPU_PERCENT_PER_VCPU, OVERHEAD_CV, planServing, validateModel, type ModelProfile, type ServingPlan } from './model'
import { mgcMeanWait } from './queueing'
import { expectedMaxZ, logMeanFromMean, logSdFromCv } from './stats'
import { expectedRates, validateTraffic, type TrafficSpec } from './traffic'
import { IssueList } from './validation'

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
 * The stats helpers the per-minute loops call, bound once. Under the CommonJS transform tsx and
 * vitest apply, every use of an imported binding is a call through getters, which shows at a few
 * hundred thousand calls per simulated month.
 */
const maxZOf = expectedMaxZ
const logMeanOf = logMeanFromMean
const logSdOf = logSdFromCv
const meanWait = mgcMeanWait

/** Max simulated length: 92 days of minutes. */
export const MAX_MINUTES = 92 * 24 * 60
export const MAX_VARIANTS = 10
/** EndpointName / VariantName pattern from the SageMaker API reference. */
const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/

export interface VariantSpec {
  VariantName: string
  InstanceType: string
  InitialInstanceCount: number
  /** Share of traffic = weight / sum of weights (ProductionVariant API: default 1.0). */
  InitialVariantWeight?: number
  model: ModelProfile
  autoscaling?: TargetTrackingScaling
  /** Sandbox-only: minutes a new instance needs before it serves. Default 5. */
  startupMinutes?: number
}

export interface SimulateEndpointInput {
  endpointName: string
  variants: VariantSpec[]
  traffic: TrafficSpec
  incidents?: IncidentSpec[]
  /** Epoch ms or ISO-8601; rounded down to the minute. */
  startTime: number | string
  minutes: number
  /** The endpoint draws from `rng.fork('endpoint:<name>')`, so endpoints sharing one rng stay independent. */
  rng: Rng
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
}

export interface VariantResult {
  variantName: string
  instanceType: InstanceType
  plan: ServingPlan
  /** Traffic share of the variant, 0–1. */
  weightShare: number
  metrics: MetricData[]
  /** Instances in service, per minute. */
  inServiceInstances: Float64Array
  /** Instances billed (in service plus starting), per minute. */
  desiredInstances: Float64Array
  scalingActivities: ScalingActivity[]
  totals: VariantTotals
}

export interface EndpointSimulation {
  endpointName: string
  startTime: number
  startIso: string
  minutes: number
  /** Expected endpoint requests per minute before sampling, incidents applied. */
  expectedRpm: Float64Array
  variants: VariantResult[]
  /** Every variant's metrics, in variant order. */
  metrics: MetricData[]
  incidents: IncidentWindow[]
}

export function simulateEndpoint(input: SimulateEndpointInput): EndpointSimulation {
  const checked = validateInput(input)
  const { startTime, minutes, incidents, plans, instances } = checked
  const rng = input.rng.fork(`endpoint:${input.endpointName}`)

  const rates = expectedRates(input.traffic, startTime, minutes, rng.fork('traffic'))
  const trafficFx = endpointTrafficEffect(incidents, minutes)
  const expectedRpm = new Float64Array(minutes)
  for (let i = 0; i < minutes; i++) expectedRpm[i] = trafficFx ? rates[i] * trafficFx[i] : rates[i]

  const totalWeight = input.variants.reduce((a, v) => a + (v.InitialVariantWeight ?? 1), 0)
  const variants: VariantResult[] = input.variants.map((v, idx) => {
    const share = totalWeight > 0 ? (v.InitialVariantWeight ?? 1) / totalWeight : 0
    return simulateVariant({
      endpointName: input.endpointName,
      spec: v,
      instance: instances[idx],
      plan: plans[idx],
      share,
      expectedRpm,
      poissonNoise: (input.traffic.noise ?? 'poisson') === 'poisson',
      incidents,
      startTime,
      minutes,
      rng: rng.fork(`variant:${v.VariantName}`)
    })
  })

  return {
    endpointName: input.endpointName,
    startTime,
    startIso: toIso(startTime),
    minutes,
    expectedRpm,
    variants,
    metrics: variants.flatMap((v) => v.metrics),
    incidents
  }
}

/** The metric of one variant by name (and namespace when names could clash); throws when absent. */
export function findMetric(result: EndpointSimulation, variantName: string, metricName: EndpointMetricName): MetricData {
  const v = result.variants.find((x) => x.variantName === variantName)
  const m = v?.metrics.find((x) => x.id.MetricName === metricName)
  if (!m) {
    throw new LabError('NOT_FOUND', `metric ${metricName} of variant ${variantName} not found in endpoint ${result.endpointName}`, [
      { path: 'metricName', message: `variant ${variantName} publishes: ${v ? v.metrics.map((x) => x.id.MetricName).join(', ') : 'nothing (unknown variant)'}` }
    ])
  }
  return m
}

interface Checked {
  startTime: number
  minutes: number
  incidents: IncidentWindow[]
  plans: ServingPlan[]
  instances: InstanceType[]
}

function validateInput(input: SimulateEndpointInput): Checked {
  const issues = new IssueList()
  if (typeof input !== 'object' || input === null) {
    throw new LabError('VALIDATION', 'simulateEndpoint: input must be an object', [{ path: '', message: 'must be an object' }])
  }
  issues.string('endpointName', input.endpointName, NAME_PATTERN, 'the SageMaker name pattern: letters, digits and hyphens, 1–63 characters, starting with a letter or digit')
  const minutesOk = issues.number('minutes', input.minutes, { min: 1, max: MAX_MINUTES, integer: true })
  let startTime = NaN
  if (typeof input.startTime !== 'number' && typeof input.startTime !== 'string') {
    issues.add('startTime', 'must be epoch milliseconds or an ISO-8601 timestamp')
  } else {
    try {
      startTime = floorToMinute(toEpochMs(input.startTime, 'startTime'))
    } catch (e) {
      if (e instanceof LabError) issues.issues.push(...e.issues)
      else throw e
    }
  }
  if (typeof input.rng !== 'object' || input.rng === null || typeof input.rng.fork !== 'function') {
    issues.add('rng', 'must be an Rng from createRng(seed)')
  }
  validateTraffic(input.traffic, issues)

  const plans: ServingPlan[] = []
  const instances: InstanceType[] = []
  const names: string[] = []
  if (!Array.isArray(input.variants) || input.variants.length === 0 || input.variants.length > MAX_VARIANTS) {
    issues.add('variants', `must be an array of 1 to ${MAX_VARIANTS} production variants`)
  } else {
    input.variants.forEach((v, i) => {
      const p = `variants[${i}]`
      if (typeof v !== 'object' || v === null) {
        issues.add(p, 'must be a production variant object')
        return
      }
      if (issues.string(`${p}.VariantName`, v.VariantName, NAME_PATTERN, 'letters, digits and hyphens, 1–63 characters')) {
        if (names.includes(v.VariantName)) issues.add(`${p}.VariantName`, `must be unique within the endpoint; "${v.VariantName}" is repeated`)
        names.push(v.VariantName)
      }
      const before = issues.issues.length
      let instance: InstanceType | undefined
      if (typeof v.InstanceType !== 'string' || !findInstanceType(v.InstanceType)) {
        try {
          requireHostingInstanceType(v.InstanceType, `${p}.InstanceType`)
        } catch (e) {
          if (e instanceof LabError) issues.issues.push(...e.issues)
          else throw e
        }
      } else {
        instance = getInstanceType(v.InstanceType)
      }
      const countOk = issues.number(`${p}.InitialInstanceCount`, v.InitialInstanceCount, { min: 1, max: MAX_INSTANCES, integer: true })
      issues.optionalNumber(`${p}.InitialVariantWeight`, v.InitialVariantWeight, { min: 0, max: 1000 })
      issues.optionalNumber(`${p}.startupMinutes`, v.startupMinutes, { min: 0, max: 120, integer: true })
      const modelOk = validateModel(v.model, issues, `${p}.model`)
      if (v.autoscaling !== undefined) {
        const nested = new IssueList()
        validateScaling(v.autoscaling, countOk ? v.InitialInstanceCount : undefined, nested, `${p}.autoscaling`)
        for (const issue of nested.issues) {
          issues.add(issue.path === 'InitialInstanceCount' ? `${p}.InitialInstanceCount` : issue.path, issue.message)
        }
      }
      if (issues.issues.length === before && instance && modelOk) {
        plans[i] = planServing(v.model, instance, `${p}.model`)
        instances[i] = instance
      }
    })
    if (issues.issues.length === 0) {
      const total = input.variants.reduce((a, v) => a + (v.InitialVariantWeight ?? 1), 0)
      if (!(total > 0)) issues.add('variants', 'at least one variant needs InitialVariantWeight > 0')
    }
  }
  const incidents = minutesOk && Number.isFinite(startTime) ? resolveIncidents(input.incidents, startTime, input.minutes, names, issues) : []
  issues.throwIfAny('simulateEndpoint')
  return { startTime, minutes: input.minutes, incidents, plans, instances }
}

interface VariantRun {
  endpointName: string
  spec: VariantSpec
  instance: InstanceType
  plan: ServingPlan
  share: number
  expectedRpm: Float64Array
  poissonNoise: boolean
  incidents: IncidentWindow[]
  startTime: number
  minutes: number
  rng: Rng
}

function newSeries(startTime: number, minutes: number, withLog: boolean): MinuteSeries {
  const s: MinuteSeries = {
    startTime,
    sampleCount: new Float64Array(minutes),
    sum: new Float64Array(minutes),
    minimum: new Float64Array(minutes),
    maximum: new Float64Array(minutes)
  }
  if (withLog) {
    s.logMean = new Float64Array(minutes)
    s.logSd = new Float64Array(minutes)
  }
  return s
}

function simulateVariant(run: VariantRun): VariantResult {
  const { spec, instance, plan, minutes, startTime, rng } = run
  const dims: Dimension[] = [
    { Name: 'EndpointName', Value: run.endpointName },
    { Name: 'VariantName', Value: spec.VariantName }
  ]
  const metric = (ns: string, name: EndpointMetricName, unit: StandardUnit, withLog = false): MetricData => ({
    id: { Namespace: ns, MetricName: name, Dimensions: dims.map((d) => ({ ...d })) },
    unit,
    series: newSeries(startTime, minutes, withLog)
  })
  const inv = metric(NS_SAGEMAKER, METRIC.Invocations, 'None')
  const ipi = metric(NS_SAGEMAKER, METRIC.InvocationsPerInstance, 'None')
  const modelLat = metric(NS_SAGEMAKER, METRIC.ModelLatency, 'Microseconds', true)
  const overLat = metric(NS_SAGEMAKER, METRIC.OverheadLatency, 'Microseconds', true)
  const e4 = metric(NS_SAGEMAKER, METRIC.Invocation4XXErrors, 'None')
  const e5 = metric(NS_SAGEMAKER, METRIC.Invocation5XXErrors, 'None')
  const cpu = metric(NS_ENDPOINTS, METRIC.CPUUtilization, 'Percent')
  const mem = metric(NS_ENDPOINTS, METRIC.MemoryUtilization, 'Percent')
  const disk = metric(NS_ENDPOINTS, METRIC.DiskUtilization, 'Percent')
  const isGpu = plan.device === 'gpu' && instance.accelerator !== null
  const gpu = isGpu ? metric(NS_ENDPOINTS, METRIC.GPUUtilization, 'Percent') : null
  const gpuMem = isGpu ? metric(NS_ENDPOINTS, METRIC.GPUMemoryUtilization, 'Percent') : null

  const fx = variantEffects(run.incidents, spec.VariantName, minutes)
  const tracker = new CapacityTracker(
    spec.InitialInstanceCount,
    spec.autoscaling,
    spec.startupMinutes ?? DEFAULT_STARTUP_MINUTES,
    run.endpointName,
    spec.VariantName,
    startTime
  )

  // The work runs in passes over whole columns, each with its own random stream: small loops keep
  // the hot path fast, and changing one aspect (say the error rate) leaves the others' draws alone.
  const requests = sampleArrivals(run.expectedRpm, run.share, run.poissonNoise, rng.fork('arrivals'))
  const q = runCapacityAndQueue(requests, plan, fx.serviceFactor, tracker)
  const errors = writeRequestMetrics(requests, q, fx.errorRate, plan.clientErrorRate, rng.fork('errors'), inv.series, ipi.series, e4.series, e5.series)
  writeLatencyMetrics(requests, q, plan, fx.serviceFactor, fx.latencyFactor, rng.fork('latency'), modelLat.series, overLat.series)
  writeInstanceMetrics(requests, q, plan, instance, fx.serviceFactor, cpu.series, mem.series, disk.series, gpu?.series ?? null, gpuMem?.series ?? null)

  let instanceMinutes = 0
  let requestsTotal = 0
  let timeoutTotal = 0
  for (let i = 0; i < minutes; i++) {
    instanceMinutes += q.desired[i]
    requestsTotal += requests[i]
    timeoutTotal += q.timeouts[i]
  }

  const metrics = [inv, ipi, modelLat, overLat, e4, e5, cpu, mem, disk]
  if (gpu && gpuMem) metrics.push(gpu, gpuMem)
  return {
    variantName: spec.VariantName,
    instanceType: instance,
    plan,
    weightShare: run.share,
    metrics,
    inServiceInstances: q.inService,
    desiredInstances: q.desired,
    scalingActivities: tracker.activities,
    totals: {
      requests: requestsTotal,
      errors4xx: errors.errors4xx,
      errors5xx: errors.errors5xx,
      timeouts: timeoutTotal,
      instanceMinutes,
      costUsd: (instanceMinutes * instance.pricePerHour) / 60
    }
  }
}

function sampleArrivals(expectedRpm: Float64Array, share: number, poissonNoise: boolean, rng: Rng): Float64Array {
  const n = new Float64Array(expectedRpm.length)
  for (let i = 0; i < n.length; i++) {
    const lambda = expectedRpm[i] * share
    n[i] = poissonNoise ? rng.poisson(lambda) : Math.round(lambda)
  }
  return n
}

interface QueueColumns {
  inService: Float64Array
  desired: Float64Array
  /** Requests the servers completed in the minute (including backlog from the minute before). */
  processed: Float64Array
  /** Capacity of the in-service fleet, requests per minute. */
  capacity: Float64Array
  /** Mean queueing wait of answered requests, ms. */
  waitMs: Float64Array
  /** Requests of the minute that timed out. */
  timeouts: Float64Array
}

/** Steps auto scaling and the queue together: capacity decides the queue, requests decide scaling. */
function runCapacityAndQueue(
  requests: Float64Array,
  plan: ServingPlan,
  serviceFactor: Float64Array | null,
  tracker: CapacityTracker
): QueueColumns {
  const minutes = requests.length
  const q: QueueColumns = {
    inService: new Float64Array(minutes),
    desired: new Float64Array(minutes),
    processed: new Float64Array(minutes),
    capacity: new Float64Array(minutes),
    waitMs: new Float64Array(minutes),
    timeouts: new Float64Array(minutes)
  }
  const c = plan.servers
  const cv = plan.serviceTimeCv
  const baseServiceMs = plan.serviceMs
  const { inService, desired, capacity: capacities, processed: processedColumn, waitMs: waits, timeouts: timeoutColumn } = q
  let backlog = 0
  for (let i = 0; i < minutes; i++) {
    tracker.beforeMinute(i)
    const S = tracker.serving
    inService[i] = S
    desired[i] = tracker.desired
    const n = requests[i]
    const serviceMs = serviceFactor ? baseServiceMs * serviceFactor[i] : baseServiceMs
    const capacity = (S * c * 60_000) / serviceMs
    capacities[i] = capacity

    // Stochastic regime while the fleet keeps up; fluid regime under overload or with a backlog.
    let processed: number
    let waitMs: number
    let timeouts = 0
    if (backlog === 0 && n < capacity) {
      processed = n
      waitMs = n > 0 ? meanWait(c, n / S / 60_000, serviceMs, cv) : 0
    } else {
      const demand = backlog + n
      const base = meanWait(c, (Math.min(n / capacity, RHO_CAP) * capacity) / S / 60_000, serviceMs, cv)
      let meanQueue: number
      if (demand <= capacity) {
        // The backlog drains at (capacity − n) per minute.
        processed = demand
        const drainFraction = Math.min(1, backlog / (capacity - n))
        meanQueue = (backlog * drainFraction) / 2
        backlog = 0
      } else {
        // The queue holds at most 60 s of work; arrivals beyond that time out.
        processed = capacity
        const left = demand - capacity
        const maxQueue = (capacity * INVOCATION_TIMEOUT_MS) / 60_000
        timeouts = Math.min(n, Math.round(Math.max(0, left - maxQueue)))
        const startQueue = backlog
        backlog = Math.min(left, maxQueue)
        meanQueue = (startQueue + backlog) / 2
      }
      // Little's law: mean wait = mean queue length / throughput.
      const fluidWait = processed > 0 ? (meanQueue / processed) * 60_000 : 0
      waitMs = Math.max(base, fluidWait)
    }
    if (waitMs > INVOCATION_TIMEOUT_MS - serviceMs) waitMs = Math.max(0, INVOCATION_TIMEOUT_MS - serviceMs)
    processedColumn[i] = processed
    waits[i] = waitMs
    timeoutColumn[i] = timeouts
    tracker.afterMinute(n)
  }
  return q
}

/** Invocations, InvocationsPerInstance and the two error metrics; returns error totals. */
function writeRequestMetrics(
  requests: Float64Array,
  q: QueueColumns,
  errorRate: Float64Array | null,
  clientErrorRate: number,
  rng: Rng,
  inv: MinuteSeries,
  ipi: MinuteSeries,
  e4: MinuteSeries,
  e5: MinuteSeries
): { errors4xx: number; errors5xx: number } {
  let total4 = 0
  let total5 = 0
  const invCount = inv.sampleCount, invSum = inv.sum, invMin = inv.minimum, invMax = inv.maximum
  const ipiCount = ipi.sampleCount, ipiSum = ipi.sum, ipiMin = ipi.minimum, ipiMax = ipi.maximum
  const e4Count = e4.sampleCount, e4Sum = e4.sum, e4Min = e4.minimum, e4Max = e4.maximum
  const e5Count = e5.sampleCount, e5Sum = e5.sum, e5Min = e5.minimum, e5Max = e5.maximum
  const inService = q.inService
  const timeoutColumn = q.timeouts
  for (let i = 0; i < requests.length; i++) {
    const n = requests[i]
    if (n === 0) continue
    const S = inService[i]
    const timeouts = timeoutColumn[i]
    const answered = n - timeouts
    // Errors: timeouts first, then the model's own 5XX (errorBurst), then client 4XX among the rest.
    const burstRate = errorRate ? errorRate[i] : 0
    const burst5xx = burstRate > 0 ? rng.binomial(answered, burstRate) : 0
    const client4xx = clientErrorRate > 0 ? rng.binomial(answered - burst5xx, clientErrorRate) : 0
    const all5xx = timeouts + burst5xx
    total4 += client4xx
    total5 += all5xx
    // Each request is one sample: of value 1 (Invocations), 1/S (InvocationsPerInstance), 1 or 0 (errors).
    invCount[i] = n
    invSum[i] = n
    invMin[i] = 1
    invMax[i] = 1
    ipiCount[i] = n
    ipiSum[i] = n / S
    ipiMin[i] = 1 / S
    ipiMax[i] = 1 / S
    e4Count[i] = n
    e4Sum[i] = client4xx
    e4Min[i] = client4xx === n ? 1 : 0
    e4Max[i] = client4xx > 0 ? 1 : 0
    e5Count[i] = n
    e5Sum[i] = all5xx
    e5Min[i] = all5xx === n ? 1 : 0
    e5Max[i] = all5xx > 0 ? 1 : 0
  }
  return { errors4xx: total4, errors5xx: total5 }
}

/** ModelLatency and OverheadLatency (microseconds), one sample per answered request. */
function writeLatencyMetrics(
  requests: Float64Array,
  q: QueueColumns,
  plan: ServingPlan,
  serviceFactor: Float64Array | null,
  latencyFactor: Float64Array | null,
  rng: Rng,
  model: MinuteSeries,
  overhead: MinuteSeries
): void {
  const cv = plan.serviceTimeCv
  const baseServiceMs = plan.serviceMs
  const overheadUs = plan.overheadMs * 1000
  const overheadCv = OVERHEAD_CV
  const overheadLogSd = logSdOf(overheadCv)
  const capUs = INVOCATION_TIMEOUT_MS * 1000
  const timeouts = q.timeouts
  const waits = q.waitMs
  for (let i = 0; i < requests.length; i++) {
    // Requests received in the minute and answered (a timed-out request has no latency sample).
    const answered = requests[i] - timeouts[i]
    if (answered <= 0) continue
    const serviceMs = serviceFactor ? baseServiceMs * serviceFactor[i] : baseServiceMs
    const waitMs = waits[i]
    const lf = latencyFactor ? latencyFactor[i] : 1
    const meanMs = (serviceMs + waitMs) * lf
    const sdMs = Math.sqrt(serviceMs * cv * (serviceMs * cv) + waitMs * waitMs) * lf
    const latencyCv = sdMs / meanMs
    // Both metrics have one sample per answered request, so they share the extreme-rank z-score.
    const zMax = maxZOf(answered)
    setLatency(model, i, answered, meanMs * 1000, latencyCv, logSdOf(latencyCv), rng.normal(), capUs, zMax)
    setLatency(overhead, i, answered, overheadUs, overheadCv, overheadLogSd, rng.normal(), capUs, zMax)
  }
}

/**
 * Instance metrics: one sample per in-service instance, every minute. Requests spread evenly on
 * average; the binomial spread of a random load balancer gives the busiest and idlest instance.
 */
function writeInstanceMetrics(
  requests: Float64Array,
  q: QueueColumns,
  plan: ServingPlan,
  instance: InstanceType,
  serviceFactor: Float64Array | null,
  cpu: MinuteSeries,
  mem: MinuteSeries,
  disk: MinuteSeries,
  gpu: MinuteSeries | null,
  gpuMem: MinuteSeries | null
): void {
  const cpuCeil = 100 * instance.vcpu
  const idleCpu = IDLE_CPU_PERCENT_PER_VCPU * instance.vcpu
  const gpuCount = instance.accelerator?.count ?? 0
  const gpuParallel = instance.accelerator?.parallelism ?? 1
  const gpuCeil = 100 * gpuCount
  const { hostCpuMs, serviceMs, baseMemoryPercent, baseDeviceMemoryPercent, diskPercent } = plan
  const { inService, processed: processedColumn, capacity } = q
  for (let i = 0; i < requests.length; i++) {
    const S = inService[i]
    const processed = processedColumn[i]
    const factor = serviceFactor ? serviceFactor[i] : 1
    const perInstance = processed / S
    const spread = S > 1 ? Math.sqrt(processed * (1 / S) * (1 - 1 / S)) * maxZOf(S) : 0
    const hi = perInstance + spread
    const lo = Math.max(0, perInstance - spread)
    const load = Math.min(1, processed / capacity[i])
    const cpuPerRequest = (100 * hostCpuMs * factor) / 60_000
    setInstance(
      cpu, i, S,
      Math.min(cpuCeil, idleCpu + cpuPerRequest * perInstance),
      Math.min(cpuCeil, idleCpu + cpuPerRequest * lo),
      Math.min(cpuCeil, idleCpu + cpuPerRequest * hi)
    )
    const memPct = Math.min(100, baseMemoryPercent + LOAD_MEMORY_PERCENT * load)
    setInstance(mem, i, S, memPct, memPct, memPct)
    setInstance(disk, i, S, diskPercent, diskPercent, diskPercent)
    if (gpu && gpuMem) {
      const gpuPerRequest = (100 * serviceMs * factor) / 60_000 / gpuParallel
      setInstance(
        gpu, i, S,
        Math.min(gpuCeil, gpuPerRequest * perInstance),
        Math.min(gpuCeil, gpuPerRequest * lo),
        Math.min(gpuCeil, gpuPerRequest * hi)
      )
      const gm = Math.min(gpuCeil, gpuCount * (baseDeviceMemoryPercent + LOAD_GPU_MEMORY_PERCENT * load))
      setInstance(gpuMem, i, S, gm, gm, gm)
    }
  }
}

function setInstance(s: MinuteSeries, i: number, instances: number, avg: number, min: number, max: number): void {
  s.sampleCount[i] = instances
  s.sum[i] = avg * instances
  s.minimum[i] = min
  s.maximum[i] = max
}

/**
 * Writes one minute of a log-normal latency metric: `n` samples with expected mean `meanUs` and
 * coefficient of variation `cv`. The minute's observed mean wanders from the expected one by the
 * sampling error of a mean of n samples (sd = cv · mean / √n), drawn with the standard normal `z`.
 * `zMax` is expectedMaxZ(n).
 */
function setLatency(s: MinuteSeries, i: number, n: number, meanUs: number, cv: number, logSd: number, z: number, capUs: number, zMax: number): void {
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
  s.sampleCount[i] = n
  s.sum[i] = observed * n
  s.minimum[i] = min
  s.maximum[i] = max
  if (s.logMean && s.logSd) {
    s.logMean[i] = logMean
    s.logSd[i] = logSd
  }
}
