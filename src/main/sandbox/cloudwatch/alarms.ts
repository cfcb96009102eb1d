/**
 * Metric alarms: PutMetricAlarm-shaped definitions, their validation, and their evaluation over a
 * stored metric series into a state timeline with CloudWatch-style history.
 *
 * Sources: CloudWatch API reference, PutMetricAlarm (parameter ranges quoted beside each check);
 * CloudWatch user guide, "Using Amazon CloudWatch alarms" (actions run only on a state change:
 * "Alarms invoke actions for sustained state changes only") and "Percentile-based alarms and low
 * data samples". AWS-FACTS §3.1, §3.4.
 */
import { LabError, type ErrorIssue } from '../../../shared/errors'
import type { AlarmState, ComparisonOperator, Dimension, ExtendedStatistic, MinuteSeries, TreatMissingData } from './types'
import { HIGH_RESOLUTION_PERIODS, alarmPeriodStatistics, isLowSampleCount, parseStatistic, type ParsedStatistic, type PeriodStatistics, type StatisticQuery } from './statistics'
import {
  evaluateAlarmSeries,
  evaluationRangeSize,
  stateName,
  type AlarmEvaluation
} from './alarm-evaluator'
import { buildReasonData, formatReason, type MetricReasonData } from './alarm-reasons'

/** The PutMetricAlarm request fields the sandbox supports. */
export interface MetricAlarmInput {
  AlarmName: string
  AlarmDescription?: string
  Namespace: string
  MetricName: string
  Dimensions?: Dimension[]
  Statistic?: string
  ExtendedStatistic?: string
  Period: number
  EvaluationPeriods: number
  DatapointsToAlarm?: number
  Threshold: number
  ComparisonOperator: string
  TreatMissingData?: string
  EvaluateLowSampleCountPercentile?: string
  ActionsEnabled?: boolean
  AlarmActions?: string[]
  OKActions?: string[]
  InsufficientDataActions?: string[]
}

/** A validated definition with the API's defaults filled in. */
export interface MetricAlarmDefinition {
  AlarmName: string
  AlarmDescription?: string
  Namespace: string
  MetricName: string
  Dimensions: Dimension[]
  /** Exactly one of Statistic / ExtendedStatistic is set. */
  Statistic?: 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum'
  ExtendedStatistic?: ExtendedStatistic
  Period: number
  EvaluationPeriods: number
  DatapointsToAlarm: number
  Threshold: number
  ComparisonOperator: ComparisonOperator
  TreatMissingData: TreatMissingData
  EvaluateLowSampleCountPercentile: 'evaluate' | 'ignore'
  ActionsEnabled: boolean
  AlarmActions: string[]
  OKActions: string[]
  InsufficientDataActions: string[]
}

const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold'
]
const TREATMENTS: readonly TreatMissingData[] = ['missing', 'notBreaching', 'breaching', 'ignore']
const LOW_SAMPLE_OPTIONS = ['evaluate', 'ignore'] as const
/**
 * PutMetricAlarm `Period`: "An alarm's total current evaluation period can be no longer than seven
 * days, so Period multiplied by EvaluationPeriods can't be more than 604,800 seconds. For alarms with
 * a period of less than one hour (3,600 seconds), the total evaluation period can't be longer than one
 * day (86,400 seconds)."
 */
const MAX_EVALUATION_SECONDS = 604_800
const MAX_EVALUATION_SECONDS_UNDER_AN_HOUR = 86_400
/** PutMetricAlarm: AlarmActions / OKActions / InsufficientDataActions hold at most 5 ARNs. */
const MAX_ACTIONS = 5
/** PutMetricAlarm: Dimensions holds at most 30 items. */
const MAX_DIMENSIONS = 30

/**
 * Check a PutMetricAlarm-shaped definition. Collects every problem and throws one VALIDATION
 * LabError whose issues name each bad field and what is allowed; returns the definition with
 * defaults (DatapointsToAlarm = EvaluationPeriods, TreatMissingData = missing,
 * EvaluateLowSampleCountPercentile = evaluate, ActionsEnabled = true, empty action lists).
 */
export function validateMetricAlarm(input: unknown): MetricAlarmDefinition {
  const issues: ErrorIssue[] = []
  const bad = (path: string, message: string): void => {
    issues.push({ path, message })
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new LabError('VALIDATION', 'The alarm definition must be an object.', [{ path: '', message: 'must be an object' }])
  }
  const def = input as Record<string, unknown>

  const name = (field: string, max: number, required: boolean): string | undefined => {
    const v = def[field]
    if (v === undefined && !required) return undefined
    if (typeof v !== 'string' || v.length < 1 || v.length > max) {
      bad(field, `must be a string of 1 to ${max} characters`)
      return undefined
    }
    return v
  }
  // Lengths: PutMetricAlarm AlarmName, Namespace, MetricName 1–255; AlarmDescription 0–1024.
  const AlarmName = name('AlarmName', 255, true)
  const Namespace = name('Namespace', 255, true)
  const MetricName = name('MetricName', 255, true)
  let AlarmDescription: string | undefined
  if (def.AlarmDescription !== undefined) {
    if (typeof def.AlarmDescription !== 'string' || def.AlarmDescription.length > 1024) bad('AlarmDescription', 'must be a string of at most 1024 characters')
    else AlarmDescription = def.AlarmDescription
  }

  const Dimensions: Dimension[] = []
  if (def.Dimensions !== undefined) {
    if (!Array.isArray(def.Dimensions) || def.Dimensions.length > MAX_DIMENSIONS) {
      bad('Dimensions', `must be a list of at most ${MAX_DIMENSIONS} { Name, Value } items`)
    } else {
      def.Dimensions.forEach((d: unknown, k: number) => {
        const item = d as Partial<Dimension> | null
        const okName = typeof item?.Name === 'string' && item.Name.length >= 1 && item.Name.length <= 255
        const okValue = typeof item?.Value === 'string' && item.Value.length >= 1 && item.Value.length <= 1024
        if (!okName) bad(`Dimensions[${k}].Name`, 'must be a string of 1 to 255 characters')
        if (!okValue) bad(`Dimensions[${k}].Value`, 'must be a string of 1 to 1024 characters')
        if (okName && okValue) Dimensions.push({ Name: item!.Name as string, Value: item!.Value as string })
      })
    }
  }

  // PutMetricAlarm: "you must specify either Statistic or ExtendedStatistic, but not both".
  let statistic: ParsedStatistic | undefined
  const hasStat = def.Statistic !== undefined
  const hasExt = def.ExtendedStatistic !== undefined
  if (hasStat === hasExt) {
    bad(hasStat ? 'ExtendedStatistic' : 'Statistic', 'specify exactly one of Statistic (SampleCount, Average, Sum, Minimum, Maximum) or ExtendedStatistic (such as p99, tm90 or IQM)')
  } else if (hasStat) {
    statistic = tryParse(def.Statistic, 'Statistic', 'basic', bad)
  } else {
    statistic = tryParse(def.ExtendedStatistic, 'ExtendedStatistic', 'extended', bad)
  }

  // PutMetricAlarm Period: "Valid values are 10, 20, 30, and any multiple of 60."
  const Period = def.Period
  const periodOk =
    typeof Period === 'number' && Number.isInteger(Period) && (HIGH_RESOLUTION_PERIODS.includes(Period) || (Period > 0 && Period % 60 === 0))
  if (!periodOk) bad('Period', 'must be 10, 20, 30 or a positive multiple of 60 (seconds)')

  const EvaluationPeriods = def.EvaluationPeriods
  const nOk = typeof EvaluationPeriods === 'number' && Number.isInteger(EvaluationPeriods) && EvaluationPeriods >= 1
  if (!nOk) bad('EvaluationPeriods', 'must be a whole number ≥ 1')

  let DatapointsToAlarm = nOk ? (EvaluationPeriods as number) : 1
  if (def.DatapointsToAlarm !== undefined) {
    const m = def.DatapointsToAlarm
    const upper = nOk ? String(EvaluationPeriods) : 'EvaluationPeriods'
    if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || (nOk && m > (EvaluationPeriods as number))) {
      bad('DatapointsToAlarm', `must be a whole number from 1 to EvaluationPeriods (${upper})`)
    } else DatapointsToAlarm = m
  }

  if (periodOk && nOk) {
    const total = (Period as number) * (EvaluationPeriods as number)
    const limit = (Period as number) < 3600 ? MAX_EVALUATION_SECONDS_UNDER_AN_HOUR : MAX_EVALUATION_SECONDS
    if (total > limit) {
      const span = limit === MAX_EVALUATION_SECONDS ? 'seven days' : 'one day, for a Period under an hour'
      bad('EvaluationPeriods', `Period × EvaluationPeriods must be at most ${limit} seconds (${span}); ${Period} × ${EvaluationPeriods} = ${total}`)
    }
  }

  const Threshold = def.Threshold
  if (typeof Threshold !== 'number' || !Number.isFinite(Threshold)) bad('Threshold', 'must be a finite number (NaN and Infinity are not allowed)')

  const ComparisonOperator = def.ComparisonOperator as ComparisonOperator
  if (!COMPARISON_OPERATORS.includes(ComparisonOperator)) bad('ComparisonOperator', `must be one of ${COMPARISON_OPERATORS.join(', ')}`)

  const TreatMissingData = (def.TreatMissingData ?? 'missing') as TreatMissingData
  if (!TREATMENTS.includes(TreatMissingData)) bad('TreatMissingData', `must be one of ${TREATMENTS.join(', ')}`)

  const EvaluateLowSampleCountPercentile = (def.EvaluateLowSampleCountPercentile ?? 'evaluate') as 'evaluate' | 'ignore'
  if (!LOW_SAMPLE_OPTIONS.includes(EvaluateLowSampleCountPercentile)) bad('EvaluateLowSampleCountPercentile', 'must be evaluate or ignore')

  let ActionsEnabled = true
  if (def.ActionsEnabled !== undefined) {
    if (typeof def.ActionsEnabled !== 'boolean') bad('ActionsEnabled', 'must be true or false')
    else ActionsEnabled = def.ActionsEnabled
  }
  const actions = (field: string): string[] => {
    const v = def[field]
    if (v === undefined) return []
    if (!Array.isArray(v) || v.length > MAX_ACTIONS || !v.every((a) => typeof a === 'string' && a.length >= 1 && a.length <= 1024)) {
      bad(field, `must be a list of at most ${MAX_ACTIONS} action ARNs (strings of 1 to 1024 characters)`)
      return []
    }
    return [...(v as string[])]
  }
  const AlarmActions = actions('AlarmActions')
  const OKActions = actions('OKActions')
  const InsufficientDataActions = actions('InsufficientDataActions')

  if (issues.length > 0) {
    const summary = issues.map((i) => `${i.path}: ${i.message}`).join('; ')
    throw new LabError('VALIDATION', `Invalid metric alarm: ${summary}`, issues)
  }
  return {
    AlarmName: AlarmName as string,
    ...(AlarmDescription !== undefined ? { AlarmDescription } : {}),
    Namespace: Namespace as string,
    MetricName: MetricName as string,
    Dimensions,
    ...(statistic?.kind === 'basic' ? { Statistic: statistic.name } : { ExtendedStatistic: (statistic as { label: string }).label }),
    Period: Period as number,
    EvaluationPeriods: EvaluationPeriods as number,
    DatapointsToAlarm,
    Threshold: Threshold as number,
    ComparisonOperator,
    TreatMissingData,
    EvaluateLowSampleCountPercentile,
    ActionsEnabled,
    AlarmActions,
    OKActions,
    InsufficientDataActions
  }
}

/**
 * Statistic takes the five basic statistics; ExtendedStatistic takes everything else parseStatistic
 * knows (PutMetricAlarm `ExtendedStatistic`: p90, tm90, tc90, ts90, wm90, IQM, PR(n:m), TC/TM/TS/WM
 * with percent bounds, "For more information about these extended statistics, see CloudWatch
 * statistics definitions"). The reference's examples show percent bounds between 10 and 90; the
 * sandbox takes the statistics-definitions grammar in full, as GetMetricData does.
 */
function tryParse(
  value: unknown,
  field: 'Statistic' | 'ExtendedStatistic',
  kind: 'basic' | 'extended',
  bad: (path: string, message: string) => void
): ParsedStatistic | undefined {
  const basic = 'one of SampleCount, Average, Sum, Minimum, Maximum'
  if (typeof value !== 'string') {
    bad(field, kind === 'basic' ? `must be ${basic}` : 'must be an extended statistic such as p99, tm90, IQM or TM(10%:90%)')
    return undefined
  }
  let parsed: ParsedStatistic
  try {
    parsed = parseStatistic(value, field)
  } catch (err) {
    if (!(err instanceof LabError)) throw err
    bad(field, kind === 'basic' ? `"${value}" is not allowed: must be ${basic}` : err.issues[0].message)
    return undefined
  }
  if (kind === 'basic' && parsed.kind !== 'basic') {
    bad(field, `"${value}" is not allowed: must be ${basic}; put extended statistics such as ${value} in ExtendedStatistic`)
    return undefined
  }
  if (kind === 'extended' && parsed.kind === 'basic') {
    bad(field, `"${value}" is not allowed: it is a basic statistic, so put it in Statistic; ExtendedStatistic takes statistics such as p99, tm90 or IQM`)
    return undefined
  }
  return parsed
}

export interface AlarmHistoryItem {
  /** When the evaluation that changed the state ran: the end of the period, epoch ms. */
  timestamp: number
  oldState: AlarmState
  newState: AlarmState
  reason: string
  reasonData: MetricReasonData & { statistic: string }
  /** Index into the timeline arrays. */
  index: number
}

export interface AlarmTimeline {
  /** Start of each evaluated period, epoch ms. */
  periodStarts: Float64Array
  /** The alarm's statistic for each period (NaN = missing). */
  values: Float64Array
  sampleCounts: Float64Array
  /** State code after each period's evaluation (see ALARM_STATES). */
  states: Uint8Array
  /** State changes only: actions run on a change, never for staying in a state. */
  history: AlarmHistoryItem[]
  /** The raw evaluation, including the look-back periods before `range.startTime`. */
  evaluation: AlarmEvaluation
  /** Index of the first reported period inside `evaluation`. */
  offset: number
}

/**
 * Evaluate a metric alarm over [range.startTime, range.endTime): one evaluation per period, at the
 * end of each period.
 *
 * Look-back: the user guide says that when data is missing soon after an alarm is created but the
 * metric was reported before, "CloudWatch retrieves the most recent data points from before the
 * alarm was created". So the statistics start R − 1 periods (R = evaluation range) before
 * range.startTime; those periods fill the first evaluation ranges but are not evaluated or reported.
 *
 * EvaluateLowSampleCountPercentile (PutMetricAlarm): "If you specify ignore, the alarm state does
 * not change during periods with too few data points to be statistically significant. If you
 * specify evaluate or omit this parameter, the alarm is always evaluated and possibly changes
 * state no matter how many data points are available." The sandbox applies "too few" per period
 * (the period's own sample count against the percentile's threshold) and, under `ignore`, holds
 * the state at that period; the datapoint still counts in later evaluation ranges.
 */
export function evaluateMetricAlarm(
  input: MetricAlarmInput | MetricAlarmDefinition,
  series: MinuteSeries,
  range: { startTime: number; endTime: number },
  initialState: AlarmState = 'INSUFFICIENT_DATA',
  /**
   * Where the period datapoints come from: `alarmPeriodStatistics` of `series` unless the caller
   * keeps them (a lab re-runs the same alarm on the same week). It must give what that would.
   */
  periodStatistics: (q: StatisticQuery) => PeriodStatistics = (q) => alarmPeriodStatistics(series, q)
): AlarmTimeline {
  const def = validateMetricAlarm(input)
  const stat = (def.Statistic ?? def.ExtendedStatistic) as string
  const periodMs = def.Period * 1000
  const lookBack = evaluationRangeSize(def.EvaluationPeriods) - 1
  const stats = periodStatistics({
    startTime: range.startTime - lookBack * periodMs,
    endTime: range.endTime,
    period: def.Period,
    stat
  })
  const offset = Math.min(lookBack, stats.values.length)

  let hold: Uint8Array | undefined
  const parsed = parseStatistic(stat)
  if (parsed.kind === 'percentile' && def.EvaluateLowSampleCountPercentile === 'ignore') {
    hold = new Uint8Array(stats.values.length)
    for (let i = 0; i < hold.length; i++) {
      if (stats.values[i] === stats.values[i] && isLowSampleCount(parsed.percentile, stats.sampleCounts[i])) hold[i] = 1
    }
  }

  const evaluation = evaluateAlarmSeries(def, stats.values, { initialState, startIndex: offset, ...(hold ? { hold } : {}) })
  const reasonOptions = { periodStarts: stats.timestamps }
  const history: AlarmHistoryItem[] = []
  let previous = evaluation.initialState
  const states = evaluation.states
  for (let i = offset; i < states.length; i++) {
    const s = states[i]
    if (s === previous) continue
    history.push({
      timestamp: stats.timestamps[i] + periodMs,
      oldState: stateName(previous),
      newState: stateName(s),
      reason: formatReason(evaluation, i, reasonOptions),
      reasonData: { ...buildReasonData(evaluation, i, reasonOptions), statistic: stat },
      index: i - offset
    })
    previous = s
  }

  return {
    periodStarts: stats.timestamps.subarray(offset),
    values: stats.values.subarray(offset),
    sampleCounts: stats.sampleCounts.subarray(offset),
    states: evaluation.states.subarray(offset),
    history,
    evaluation,
    offset
  }
}
