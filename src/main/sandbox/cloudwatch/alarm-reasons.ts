/**
 * Per-period detail and CloudWatch-style state reasons for an evaluation by `evaluateAlarmSeries`
 * (alarm-evaluator.ts), built on demand: which datapoints a period's decision looked at
 * (`evaluationDetail`), the StateReason text (`formatReason`) and StateReasonData
 * (`buildReasonData`) in CloudWatch's wording and number format.
 */
import { invalidField } from '../../../shared/errors'
import type { AlarmState, ComparisonOperator, TreatMissingData } from './types'
import { isoUtcZeroOffset, reasonTimestampUtc } from '../core/time'
import { EvaluationRule, STATE_ALARM, isBreaching, stateName, type AlarmEvaluation, type EvaluationRuleCode } from './alarm-evaluator'

export interface EvaluatedDatapoint {
  /** Index into the datapoint series. */
  index: number
  value: number
  breaching: boolean
}

export interface EvaluationDetail {
  state: AlarmState
  rule: EvaluationRuleCode
  /** How many datapoints the decision counts as evaluated: N, as the doc says ("the number of datapoints evaluated is equal to the value of Evaluation Periods"). */
  evaluated: number
  /** Real datapoints evaluated, newest first. */
  points: EvaluatedDatapoint[]
  /** Breaching real datapoints among `points`. */
  breaching: number
  /** Non-breaching real datapoints among `points`. */
  nonBreaching: number
  /** Missing slots filled by TreatMissingData (breaching / notBreaching only). */
  filled: number
  /** Of the N evaluated, how many were missing and not filled (missing / ignore). */
  unknown: number
}

/**
 * The real datapoints evaluated at period `i`, newest first: their indices go into `out` (which must
 * hold at least `rangeSize` entries) and the count is returned. The one place that decides which
 * points a rule looked at; `evaluationDetail` and `formatReason` both read it.
 */
function collectEvaluatedIndices(result: AlarmEvaluation, i: number, rule: number, out: Int32Array): number {
  const values = result.values
  const lowest = Math.max(0, i - result.rangeSize + 1)
  let count = 0
  if (rule === EvaluationRule.AllPresent || rule === EvaluationRule.MostRecentReal) {
    const N = result.evaluationPeriods
    for (let j = i; j >= lowest && count < N; j--) if (values[j] === values[j]) out[count++] = j
  } else if (rule === EvaluationRule.Held) {
    if (values[i] === values[i]) out[count++] = i
  } else if (rule !== EvaluationRule.NotEvaluated) {
    for (let j = i; j >= lowest; j--) if (values[j] === values[j]) out[count++] = j
  }
  return count
}

/** Scratch for `collectEvaluatedIndices`, grown to the largest evaluation range seen. */
let indexScratch = new Int32Array(16)

function evaluatedIndices(result: AlarmEvaluation, i: number, rule: number): number {
  if (indexScratch.length < result.rangeSize) indexScratch = new Int32Array(result.rangeSize)
  return collectEvaluatedIndices(result, i, rule, indexScratch)
}

/** Of the N evaluated, how many were missing and not filled (missing / ignore rules), given `real` evaluated points. */
function unknownCount(rule: number, N: number, real: number): number {
  return rule === EvaluationRule.RealPointsDecide ||
    rule === EvaluationRule.OldestBreaching ||
    rule === EvaluationRule.AllMissing ||
    rule === EvaluationRule.Undecided ||
    rule === EvaluationRule.Retained
    ? N - real
    : 0
}

/** What was evaluated at period `i` and why the state is what it is. */
export function evaluationDetail(result: AlarmEvaluation, i: number): EvaluationDetail {
  checkIndex(result, i)
  const rule = result.rules[i] as EvaluationRuleCode
  const N = result.evaluationPeriods
  const real = evaluatedIndices(result, i, rule)
  const points: EvaluatedDatapoint[] = []
  let breaching = 0
  for (let k = 0; k < real; k++) {
    const j = indexScratch[k]
    const v = result.values[j]
    const b = isBreaching(v, result.threshold, result.comparisonOperator)
    if (b) breaching++
    points.push({ index: j, value: v, breaching: b })
  }
  return {
    state: stateName(result.states[i]),
    rule,
    evaluated: rule === EvaluationRule.NotEvaluated || rule === EvaluationRule.Held ? real : N,
    points,
    breaching,
    nonBreaching: real - breaching,
    filled: rule === EvaluationRule.Filled ? N - real : 0,
    unknown: unknownCount(rule, N, real)
  }
}

export interface ReasonOptions {
  /** Start time (epoch ms) of each period, index-aligned with the datapoints, to print like CloudWatch. */
  periodStarts?: ArrayLike<number>
}

const OPERATOR_WORDS: Record<ComparisonOperator, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to'
}

/**
 * The StateReason CloudWatch would write for the state at period `i`. Wording follows real
 * CloudWatch reasons (alarm history / SNS messages), e.g.
 * "Threshold Crossed: 3 out of the last 3 datapoints [90.0 (01/02/24 10:04:00), …] were greater than
 * the threshold (80.0) (minimum 3 datapoints for OK -> ALARM transition).",
 * "Threshold Crossed: 1 out of the last 2 datapoints [0.0 (…)] was not greater than or equal to the
 * threshold (1.0) (minimum 1 datapoint for ALARM -> OK transition).",
 * "Threshold Crossed: 1 out of the last 20 datapoints […] was greater than or equal to the threshold
 * (1.0) and 19 missing datapoints were treated as [NonBreaching] (minimum 1 datapoint for OK -> ALARM
 * transition).",
 * "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated
 * as [Breaching].", "Insufficient Data: 3 datapoints were unknown.". Datapoints are listed newest
 * first with their period start time in UTC (dd/MM/yy HH:mm:ss). The "minimum … transition" count
 * is M for ALARM and N − M + 1 for OK (the fewest non-breaching points that rule ALARM out).
 * States CloudWatch never explains (kept by `ignore`, held, not evaluated) get a sandbox sentence.
 */
export function formatReason(result: AlarmEvaluation, i: number, options: ReasonOptions = {}): string {
  // The same decisions as `evaluationDetail`, without building its objects: this runs once per
  // period when a caller asks for every reason.
  checkIndex(result, i)
  const rule = result.rules[i]
  const N = result.evaluationPeriods
  const M = result.datapointsToAlarm
  switch (rule) {
    case EvaluationRule.NotEvaluated:
      return 'Not evaluated: this period is look-back data from before the evaluation started.'
    case EvaluationRule.Held:
      return 'Not evaluated: too few samples for the percentile to be statistically significant (EvaluateLowSampleCountPercentile: ignore), so the alarm kept its state.'
  }
  const real = evaluatedIndices(result, i, rule)
  switch (rule) {
    case EvaluationRule.AllMissing:
    case EvaluationRule.Undecided: {
      const unknown = unknownCount(rule, N, real)
      return `Insufficient Data: ${count(unknown, 'datapoint')} ${wasWere(unknown)} unknown.`
    }
    case EvaluationRule.Retained:
      return real === 0
        ? `Missing data ignored (TreatMissingData: ignore): no datapoints were received for ${count(N, 'period')}, so the alarm kept its state.`
        : `Missing data ignored (TreatMissingData: ignore): ${count(real, 'datapoint')} ${wasWere(real)} received for ${count(N, 'period')}, too few to decide, so the alarm kept its state.`
  }

  const alarm = result.states[i] === STATE_ALARM
  const filled = rule === EvaluationRule.Filled ? N - real : 0
  const fillLabel = result.treatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching'
  if (filled > 0 && real === 0) {
    return `Threshold Crossed: no datapoints were received for ${count(N, 'period')} and ${count(filled, 'missing datapoint')} ${wasWere(filled)} treated as [${fillLabel}].`
  }
  // The datapoints that support the state (breaching for ALARM, not breaching for OK), newest first.
  const cache = reasonCacheFor(result, options.periodStarts)
  let supporting = 0
  let list = ''
  for (let k = 0; k < real; k++) {
    const j = indexScratch[k]
    if (isBreaching(result.values[j], result.threshold, result.comparisonOperator) !== alarm) continue
    list += supporting === 0 ? cache.describe(j) : `, ${cache.describe(j)}`
    supporting++
  }
  if (filled > 0 && supporting === 0) {
    return `Threshold Crossed: ${count(real, 'datapoint')} ${wasWere(real)} received for ${count(N, 'period')} and ${count(filled, 'missing datapoint')} ${wasWere(filled)} treated as [${fillLabel}].`
  }
  const words = (alarm ? '' : 'not ') + OPERATOR_WORDS[result.comparisonOperator]
  const fillClause = filled > 0 ? ` and ${count(filled, 'missing datapoint')} ${wasWere(filled)} treated as [${fillLabel}]` : ''
  const minimum = alarm ? M : N - M + 1
  const transition = alarm ? 'OK -> ALARM' : 'ALARM -> OK'
  return flatten(
    `Threshold Crossed: ${supporting} out of the last ${N} datapoints [${list}] ${wasWere(supporting)} ${words} ` +
      `the threshold (${cache.threshold()})${fillClause} (minimum ${count(minimum, 'datapoint')} for ${transition} transition).`
  )
}

/**
 * V8 builds a long template literal as a rope (a tree of the pieces). A caller that keeps a reason
 * per period keeps a million ropes, and the garbage collector copies every node of each; reading a
 * character makes V8 flatten the rope into one string. Only speed changes, never the text.
 */
function flatten(s: string): string {
  s.charCodeAt(0)
  return s
}

/**
 * Formatting a double and a date is most of the cost of a reason, and consecutive periods list
 * mostly the same datapoints, so recent datapoint texts of an evaluation are remembered by index. An
 * entry is reused only for the same evaluation, index, value and period start, so a changed input
 * can never get a stale text.
 */
class ReasonCache {
  private static readonly SIZE = 256
  private readonly indices = new Int32Array(ReasonCache.SIZE).fill(-1)
  private readonly values = new Float64Array(ReasonCache.SIZE)
  private readonly starts = new Float64Array(ReasonCache.SIZE)
  private readonly texts = new Array<string>(ReasonCache.SIZE).fill('')
  private thresholdValue = NaN
  private thresholdText = ''

  constructor(
    readonly result: AlarmEvaluation,
    readonly periodStarts: ArrayLike<number> | undefined
  ) {}

  describe(j: number): string {
    const v = this.result.values[j]
    const start = this.periodStarts ? this.periodStarts[j] : 0
    const slot = j & (ReasonCache.SIZE - 1)
    if (this.indices[slot] === j && Object.is(this.values[slot], v) && this.starts[slot] === start) return this.texts[slot]
    const text = describeDatapoint(v, j, this.periodStarts)
    this.indices[slot] = j
    this.values[slot] = v
    this.starts[slot] = start
    this.texts[slot] = text
    return text
  }

  threshold(): string {
    const t = this.result.threshold
    if (!Object.is(t, this.thresholdValue)) {
      this.thresholdValue = t
      this.thresholdText = formatCloudWatchNumber(t)
    }
    return this.thresholdText
  }
}

/** One cache per evaluation, dropped with it. */
const reasonCaches = new WeakMap<AlarmEvaluation, ReasonCache>()

function reasonCacheFor(result: AlarmEvaluation, periodStarts: ArrayLike<number> | undefined): ReasonCache {
  let cache = reasonCaches.get(result)
  if (cache === undefined || cache.periodStarts !== periodStarts) {
    cache = new ReasonCache(result, periodStarts)
    reasonCaches.set(result, cache)
  }
  return cache
}

/** StateReasonData, as CloudWatch attaches it to a metric alarm state (version 1.0 shape). */
export interface MetricReasonData {
  version: '1.0'
  /** Period start of the oldest evaluated datapoint (ISO-8601, CloudWatch style). */
  startDate?: string
  period: number
  /** Evaluated real datapoint values, oldest first. */
  recentDatapoints: number[]
  threshold: number
  /** Evaluated real datapoints, newest first. */
  evaluatedDatapoints: { timestamp?: string; value: number }[]
}

export function buildReasonData(result: AlarmEvaluation, i: number, options: ReasonOptions = {}): MetricReasonData {
  const d = evaluationDetail(result, i)
  const starts = options.periodStarts
  const oldest = d.points[d.points.length - 1]
  return {
    version: '1.0',
    ...(starts && oldest ? { startDate: isoUtcZeroOffset(starts[oldest.index]) } : {}),
    period: result.period,
    recentDatapoints: d.points.map((p) => p.value).reverse(),
    threshold: result.threshold,
    evaluatedDatapoints: d.points.map((p) => (starts ? { timestamp: isoUtcZeroOffset(starts[p.index]), value: p.value } : { value: p.value }))
  }
}

function checkIndex(result: AlarmEvaluation, i: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= result.states.length) {
    throw invalidField('index', `must be a whole number from 0 to ${result.states.length - 1}`)
  }
}

function count(k: number, noun: string): string {
  return `${k} ${noun}${k === 1 ? '' : 's'}`
}

function wasWere(k: number): string {
  return k === 1 ? 'was' : 'were'
}

function describeDatapoint(value: number, index: number, starts: ArrayLike<number> | undefined): string {
  const v = formatCloudWatchNumber(value)
  return starts ? `${v} (${formatReasonTimestamp(starts[index])})` : v
}

/**
 * Numbers the way CloudWatch prints them in reasons (Java's Double.toString): a whole number keeps
 * ".0" (80 → "80.0"), and magnitudes from 1e-3 up to 1e7 print plainly; outside that, scientific
 * notation as "1.0E7" / "1.5E-4".
 */
export function formatCloudWatchNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity'
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0'
  const abs = Math.abs(v)
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(v)
    return s.includes('.') ? s : `${s}.0`
  }
  const [mantissa, exponent] = v.toExponential().split('e')
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`
}

/** dd/MM/yy HH:mm:ss in UTC, as in CloudWatch reasons: "14/07/21 23:18:00". */
export const formatReasonTimestamp = reasonTimestampUtc

