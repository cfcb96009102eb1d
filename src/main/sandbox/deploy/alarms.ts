/**
 * The kernel's CloudWatch alarms: PutMetricAlarm-shaped definitions (validated by the CloudWatch
 * service's own `validateMetricAlarm`) on the per-minute metrics of the simulated endpoint's fleets,
 * evaluated period by period with the incremental evaluator (`AlarmStepper`), the same rules as the
 * world's alarms.
 *
 * Which fleet an alarm watches follows from its Dimensions, as on AWS (SageMaker developer guide,
 * "Auto-Rollback Configuration and Monitoring": during a deployment SageMaker publishes the endpoint's
 * metrics with EndpointName and VariantName, and also per fleet with the dimension EndpointConfigName;
 * an alarm without EndpointConfigName sees "invocation errors coming from both the old fleet and new
 * fleet"):
 * - EndpointName + VariantName (+ EndpointConfigName of the current or the new configuration) for
 *   in-place, blue/green and rolling updates; without EndpointConfigName, both fleets together.
 * - Shadow tests and A/B tests have two variants: VariantName picks one.
 * - No Dimensions at all: a sandbox shorthand for "the new version's fleet", so a learner can name an
 *   alarm on the new fleet without spelling the configuration name.
 *
 * Metrics supported (SageMaker developer guide, "Amazon SageMaker AI metrics in Amazon CloudWatch"):
 * AWS/SageMaker Invocations, InvocationsPerInstance, Invocation4XXErrors, Invocation5XXErrors,
 * ModelLatency and OverheadLatency (microseconds); /aws/sagemaker/Endpoints CPUUtilization,
 * MemoryUtilization and DiskUtilization. Statistics: SampleCount, Average, Sum, Minimum, Maximum, and
 * the extended statistics CloudWatch's period statistics know (percentiles such as p99, trimmed means,
 * percentile ranks), computed by `computePeriodStatistics` where one minute's closed form does not
 * apply. Periods are multiples of 60 seconds: these are standard-resolution metrics, and the kernel
 * steps in minutes. Anything else is refused with the list.
 *
 * Both fleets together: counts and sums add; the latency of the two fleets' answers, a mixture of two
 * log-normals, is stored as the log-normal with the same mean and variance (DEPLOY_SIMPLIFICATIONS).
 */
import { LabError } from '../../../shared/errors'
import { AlarmStepper } from '../cloudwatch/alarm-stepper'
import { ALARM_STATES, STATE_ALARM, STATE_INSUFFICIENT_DATA } from '../cloudwatch/alarm-evaluator'
import { validateMetricAlarm, type MetricAlarmDefinition } from '../cloudwatch/alarms'
import { normalQuantile } from '../cloudwatch/normal'
import { basicStatistic, computePeriodStatistics, isLowSampleCount, parseStatistic, type ParsedStatistic } from '../cloudwatch/statistics'
import type { AlarmState, MinuteSeries } from '../cloudwatch/types'
import type { IssueList } from '../core/issues'
import type { FleetMinute } from './fleet'
import type { DeployStrategy } from './rollout'

export type AlarmScope = 'current' | 'new' | 'both'

export const NS_SAGEMAKER = 'AWS/SageMaker'
export const NS_ENDPOINTS = '/aws/sagemaker/Endpoints'

type MetricKind = 'Invocations' | 'InvocationsPerInstance' | 'Invocation4XXErrors' | 'Invocation5XXErrors' | 'ModelLatency' | 'OverheadLatency' | 'CPUUtilization' | 'MemoryUtilization' | 'DiskUtilization'

/** The metrics the kernel publishes, by name, with their namespace. */
export const DEPLOY_METRICS: Readonly<Record<MetricKind, string>> = Object.freeze({
  Invocations: NS_SAGEMAKER,
  InvocationsPerInstance: NS_SAGEMAKER,
  Invocation4XXErrors: NS_SAGEMAKER,
  Invocation5XXErrors: NS_SAGEMAKER,
  ModelLatency: NS_SAGEMAKER,
  OverheadLatency: NS_SAGEMAKER,
  CPUUtilization: NS_ENDPOINTS,
  MemoryUtilization: NS_ENDPOINTS,
  DiskUtilization: NS_ENDPOINTS
})

/** What the metrics of the simulated endpoint are published under. */
export interface DeployNames {
  EndpointName: string
  currentVariantName: string
  newVariantName: string
  currentEndpointConfigName: string
  newEndpointConfigName: string
}

export function deployNames(endpointName: string, strategy: DeployStrategy): DeployNames {
  const twoVariants = strategy === 'SHADOW' || strategy === 'AB_TEST'
  return {
    EndpointName: endpointName,
    currentVariantName: 'AllTraffic',
    newVariantName: strategy === 'SHADOW' ? 'ShadowVariant' : twoVariants ? 'CandidateVariant' : 'AllTraffic',
    currentEndpointConfigName: `${endpointName}-config-current`,
    newEndpointConfigName: twoVariants ? `${endpointName}-config-current` : `${endpointName}-config-new`
  }
}

export interface KernelAlarm {
  def: MetricAlarmDefinition
  metric: MetricKind
  scope: AlarmScope
  stat: ParsedStatistic
  statName: string
  periodMinutes: number
  autoRollback: boolean
  latency: boolean
  /** The minute's own statistic is the period's: no per-minute series needed. */
  simple: boolean
}

/**
 * Validates alarm `index` of `alarms` and works out what it watches. Problems go to `issues` under
 * `alarms[index]…`; returns the alarm when it has none.
 */
export function resolveAlarm(input: unknown, index: number, strategy: DeployStrategy, names: DeployNames, issues: IssueList): KernelAlarm | null {
  const path = `alarms[${index}]`
  let def: MetricAlarmDefinition
  try {
    def = validateMetricAlarm(input)
  } catch (e) {
    if (!(e instanceof LabError)) throw e
    for (const i of e.issues) issues.add(i.path ? `${path}.${i.path}` : path, i.message)
    return null
  }
  const before = issues.issues.length
  const metric = def.MetricName as MetricKind
  const namespace = (DEPLOY_METRICS as Record<string, string>)[def.MetricName]
  if (namespace === undefined) {
    issues.add(`${path}.MetricName`, `the deployment simulation publishes ${Object.keys(DEPLOY_METRICS).join(', ')}; "${def.MetricName}" is not one of them`)
  } else if (def.Namespace !== namespace) {
    issues.add(`${path}.Namespace`, `${def.MetricName} is published in ${namespace}, not ${def.Namespace}`)
  }
  if (def.Period % 60 !== 0) {
    issues.add(`${path}.Period`, `must be a multiple of 60 seconds here: SageMaker endpoint metrics are standard resolution (one datapoint a minute), got ${def.Period}`)
  }
  const scope = resolveScope(def, strategy, names, path, issues)
  if (issues.issues.length > before || scope === null) return null
  const statName = (def.Statistic ?? def.ExtendedStatistic) as string
  const stat = parseStatistic(statName)
  const periodMinutes = def.Period / 60
  const latency = metric === 'ModelLatency' || metric === 'OverheadLatency'
  return {
    def,
    metric,
    scope,
    stat,
    statName,
    periodMinutes,
    autoRollback: false,
    latency,
    simple: periodMinutes === 1 && (stat.kind === 'basic' || stat.kind === 'percentile')
  }
}

function resolveScope(def: MetricAlarmDefinition, strategy: DeployStrategy, names: DeployNames, path: string, issues: IssueList): AlarmScope | null {
  const dims = def.Dimensions
  if (dims.length === 0) return 'new'
  const twoVariants = strategy === 'SHADOW' || strategy === 'AB_TEST'
  const allowed = twoVariants ? ['EndpointName', 'VariantName'] : ['EndpointName', 'VariantName', 'EndpointConfigName']
  const byName = new Map<string, string>()
  dims.forEach((d, k) => {
    if (!allowed.includes(d.Name)) {
      issues.add(`${path}.Dimensions[${k}].Name`, `SageMaker endpoint metrics here have the dimensions ${allowed.join(', ')}; "${d.Name}" is not one of them`)
    } else if (byName.has(d.Name)) {
      issues.add(`${path}.Dimensions[${k}].Name`, `${d.Name} is given twice`)
    } else byName.set(d.Name, d.Value)
  })
  const endpoint = byName.get('EndpointName')
  if (endpoint === undefined) issues.add(`${path}.Dimensions`, `name the endpoint: { Name: EndpointName, Value: ${names.EndpointName} }`)
  else if (endpoint !== names.EndpointName) issues.add(`${path}.Dimensions`, `EndpointName must be ${names.EndpointName} (the simulated endpoint), got ${endpoint}`)
  const variants = twoVariants ? [names.currentVariantName, names.newVariantName] : [names.currentVariantName]
  const variant = byName.get('VariantName')
  if (variant === undefined) issues.add(`${path}.Dimensions`, `SageMaker publishes endpoint metrics per variant: add { Name: VariantName, Value: ${variants.join(' or ')} }`)
  else if (!variants.includes(variant)) issues.add(`${path}.Dimensions`, `VariantName must be ${variants.join(' or ')}, got ${variant}`)
  const config = byName.get('EndpointConfigName')
  const configs = [names.currentEndpointConfigName, names.newEndpointConfigName]
  if (config !== undefined && !configs.includes(config)) {
    issues.add(`${path}.Dimensions`, `EndpointConfigName must be ${configs.join(' (the current fleet) or ')} (the new fleet), got ${config}`)
  }
  if (endpoint !== names.EndpointName || variant === undefined || !variants.includes(variant) || (config !== undefined && !configs.includes(config))) return null
  if (twoVariants) return variant === names.newVariantName ? 'new' : 'current'
  if (config === undefined) return 'both'
  return config === names.newEndpointConfigName ? 'new' : 'current'
}

/** One minute's statistic set of the metric an alarm watches, in the scope it watches. */
export class Datapoint {
  count = 0
  sum = 0
  min = Infinity
  max = -Infinity
  logMean = NaN
  logSd = NaN
}

/** Fills `out` with the minute's statistic set of `metric` over the fleets in `scope`. */
export function minuteDatapoint(metric: MetricKind, scope: AlarmScope, current: FleetMinute, next: FleetMinute, out: Datapoint): void {
  const a = scope === 'new' ? null : current
  const b = scope === 'current' ? null : next
  out.count = 0
  out.sum = 0
  out.min = Infinity
  out.max = -Infinity
  out.logMean = NaN
  out.logSd = NaN
  switch (metric) {
    case 'Invocations':
    case 'InvocationsPerInstance':
    case 'Invocation4XXErrors':
    case 'Invocation5XXErrors': {
      const n = (a?.requests ?? 0) + (b?.requests ?? 0)
      if (n === 0) return
      out.count = n
      if (metric === 'Invocations') {
        out.sum = n
        out.min = out.max = 1
      } else if (metric === 'InvocationsPerInstance') {
        // Each request adds 1 / instances in service (SageMaker metrics page).
        const instances = (a?.inService ?? 0) + (b?.inService ?? 0)
        out.sum = n / instances
        out.min = out.max = 1 / instances
      } else {
        const e = metric === 'Invocation5XXErrors' ? (a?.errors5xx ?? 0) + (b?.errors5xx ?? 0) : (a?.errors4xx ?? 0) + (b?.errors4xx ?? 0)
        out.sum = e
        out.min = e === n ? 1 : 0
        out.max = e > 0 ? 1 : 0
      }
      return
    }
    case 'ModelLatency':
    case 'OverheadLatency': {
      const overhead = metric === 'OverheadLatency'
      addLatency(out, a, overhead)
      addLatency(out, b, overhead)
      return
    }
    default: {
      addInstances(out, a, metric)
      addInstances(out, b, metric)
    }
  }
}

function addLatency(out: Datapoint, f: FleetMinute | null, overhead: boolean): void {
  if (!f || f.answered === 0) return
  const n = f.answered
  const mean = overhead ? f.overheadMeanUs : f.latencyMeanUs
  const mu = overhead ? f.overheadLogMean : f.latencyLogMean
  const sd = overhead ? f.overheadLogSd : f.latencyLogSd
  const lo = overhead ? f.overheadMinUs : f.latencyMinUs
  const hi = overhead ? f.overheadMaxUs : f.latencyMaxUs
  if (out.count === 0) {
    out.count = n
    out.sum = mean * n
    out.min = lo
    out.max = hi
    out.logMean = mu
    out.logSd = sd
    return
  }
  // Two fleets: the log-normal with the mixture's mean and variance.
  const m1 = out.sum / out.count
  const v1 = m1 * m1 * Math.expm1(out.logSd * out.logSd)
  const v2 = mean * mean * Math.expm1(sd * sd)
  const total = out.count + n
  const mean12 = (out.sum + mean * n) / total
  const second = (out.count * (v1 + m1 * m1) + n * (v2 + mean * mean)) / total
  const cv2 = Math.max(0, second / (mean12 * mean12) - 1)
  const s = Math.sqrt(Math.log1p(cv2))
  out.count = total
  out.sum = mean12 * total
  out.min = Math.min(out.min, lo)
  out.max = Math.max(out.max, hi)
  out.logSd = s
  out.logMean = Math.log(mean12) - (s * s) / 2
}

function addInstances(out: Datapoint, f: FleetMinute | null, metric: MetricKind): void {
  if (!f || f.inService === 0) return
  const k = f.inService
  const avg = metric === 'CPUUtilization' ? f.cpuAvg : metric === 'MemoryUtilization' ? f.memory : f.disk
  const lo = metric === 'CPUUtilization' ? f.cpuMin : avg
  const hi = metric === 'CPUUtilization' ? f.cpuMax : avg
  out.count += k
  out.sum += avg * k
  if (lo < out.min) out.min = lo
  if (hi > out.max) out.max = hi
}

/**
 * One alarm during one release: its stepper, and the per-minute series its periods are computed
 * from. `offset` minutes of look-back come first (datapoints from before the deployment).
 */
export class AlarmRuntime {
  readonly alarm: KernelAlarm
  stepper: AlarmStepper
  state = STATE_INSUFFICIENT_DATA
  /** Per-minute statistic sets, look-back first; what computePeriodStatistics reads. */
  readonly series: MinuteSeries
  readonly offset: number
  /** The last transition's reason, when a reason was asked for. */
  lastReason = ''
  private readonly z: number

  constructor(alarm: KernelAlarm, horizonMinutes: number) {
    this.alarm = alarm
    this.stepper = new AlarmStepper(alarm.def, STATE_INSUFFICIENT_DATA)
    // Look-back: enough whole periods to fill the evaluation range before the first evaluation.
    this.offset = alarm.scope === 'new' ? 0 : (this.stepper.rangeSize - 1) * alarm.periodMinutes
    const length = this.offset + horizonMinutes
    this.series = {
      startTime: 0,
      sampleCount: new Float64Array(length),
      sum: new Float64Array(length),
      minimum: new Float64Array(length),
      maximum: new Float64Array(length),
      ...(alarm.latency ? { logMean: new Float64Array(length), logSd: new Float64Array(length) } : {})
    }
    this.z = alarm.stat.kind === 'percentile' ? normalQuantile(alarm.stat.percentile / 100) : 0
  }

  /** Back to the state before a release (the buffers are overwritten minute by minute). */
  reset(): void {
    this.stepper = new AlarmStepper(this.alarm.def, STATE_INSUFFICIENT_DATA)
    this.state = STATE_INSUFFICIENT_DATA
    this.lastReason = ''
  }

  get stateName(): AlarmState {
    return ALARM_STATES[this.state]
  }

  get inAlarm(): boolean {
    return this.state === STATE_ALARM
  }

  /**
   * Stores minute `m`'s datapoint (m < 0 for look-back) and, when a period ends with it, evaluates.
   * Returns true when the state changed. `minuteStartMs` is minute m's start as an epoch time, for
   * the datapoint times a reason prints.
   */
  endMinute(m: number, dp: Datapoint, reasons: boolean, minuteStartMs: number): boolean {
    const i = this.offset + m
    const s = this.series
    // A one-minute period with a closed-form statistic needs only this minute's datapoint.
    if (!this.alarm.simple) {
      s.sampleCount[i] = dp.count
      s.sum[i] = dp.sum
      s.minimum[i] = dp.count > 0 ? dp.min : 0
      s.maximum[i] = dp.count > 0 ? dp.max : 0
      if (s.logMean && s.logSd) {
        s.logMean[i] = dp.logMean
        s.logSd[i] = dp.logSd
      }
    }
    const P = this.alarm.periodMinutes
    if ((m + 1) % P !== 0) return false
    const from = i + 1 - P
    let value: number
    let samples: number
    if (this.alarm.simple) {
      samples = dp.count
      value = samples > 0 ? this.minuteValue(dp) : NaN
    } else {
      samples = 0
      for (let k = from; k <= i; k++) samples += s.sampleCount[k]
      value = samples > 0 ? this.periodValue(from, i + 1, samples) : NaN
    }
    const stat = this.alarm.stat
    const held = this.alarm.def.EvaluateLowSampleCountPercentile === 'ignore' && stat.kind === 'percentile' && value === value && isLowSampleCount(stat.percentile, samples)
    const previous = this.state
    const periodStart = minuteStartMs - (P - 1) * 60_000
    this.state = this.stepper.step(value, periodStart, held)
    if (this.state === previous) return false
    if (reasons) this.lastReason = this.stepper.transition(held)
    return true
  }

  /** A one-minute period's statistic from its statistic set (what computePeriodStatistics gives for one minute). */
  private minuteValue(dp: Datapoint): number {
    const stat = this.alarm.stat
    if (stat.kind === 'basic') return basicStatistic(stat.name, dp.count, dp.sum, dp.min, dp.max)
    const p = (stat as { percentile: number }).percentile
    if (p === 0) return dp.min
    if (p === 100) return dp.max
    // A latency minute is log-normal: its quantile, kept inside the minute's Minimum and Maximum.
    // Other metrics keep only the minute's average, which is then every percentile.
    const q = dp.logMean === dp.logMean ? Math.exp(dp.logMean + Math.max(dp.logSd, 0) * this.z) : dp.sum / dp.count
    return q < dp.min ? dp.min : q > dp.max ? dp.max : q
  }

  /**
   * A longer period: the basic statistics from the minutes' statistic sets, as computePeriodStatistics
   * adds them; the others (a percentile over several minutes, trimmed means, ranks) by
   * computePeriodStatistics itself.
   */
  private periodValue(from: number, to: number, samples: number): number {
    const stat = this.alarm.stat
    if (stat.kind === 'basic') {
      const s = this.series
      let sum = 0
      let min = Infinity
      let max = -Infinity
      for (let k = from; k < to; k++) {
        if (!(s.sampleCount[k] > 0)) continue
        sum += s.sum[k]
        if (s.minimum[k] < min) min = s.minimum[k]
        if (s.maximum[k] > max) max = s.maximum[k]
      }
      return basicStatistic(stat.name, samples, sum, min, max)
    }
    const stats = computePeriodStatistics(this.series, { startTime: from * 60_000, endTime: to * 60_000, period: (to - from) * 60, stat: this.alarm.statName })
    return stats.values[0]
  }
}
