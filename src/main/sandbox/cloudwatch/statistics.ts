/**
 * Period statistics over a stored per-minute series: what GetMetricStatistics / GetMetricData return
 * for one metric, and what a metric alarm compares with its threshold.
 *
 * Sources:
 * - Statistic names and definitions: CloudWatch user guide, "CloudWatch statistics definitions":
 *   SampleCount, Sum, Average, Minimum, Maximum; percentiles (pNN.NN); trimmed mean TM, interquartile
 *   mean IQM (= TM(25%:75%)), winsorized mean WM, percentile rank PR, trimmed count TC and trimmed sum
 *   TS (= TM × TC). Syntax, same page: "Using parentheses with one or two numbers with percent signs
 *   defines the boundaries … between the two percentiles"; without percent signs the boundaries are
 *   values, "80 (exclusive) and 500 (inclusive)"; "one number without parentheses calculates using
 *   percentages, ignoring data points that are higher than the specified percentile" (tm99 =
 *   TM(:99%)); ranges are written in upper case, a single number in lower case; either bound may be
 *   left out (TM(:95%), TM(10%:), TC(:0.5), TS(80%:), PR(10:)); numbers have "up to 10 decimal
 *   places". "Percentile rank is exclusive on the lower bound and inclusive on the upper bound", and
 *   for fixed-value bounds the other statistics too "include values equal to the higher boundary, but
 *   do not include values equal to the lower boundary". WM treats values outside the boundaries "to
 *   be equal to the value at the edge of the appropriate boundary".
 * - Percentiles: GetMetricStatistics `ExtendedStatistics` ("between p0.0 and p100"); the sandbox takes
 *   at most two decimals (p99.99).
 * - Period rules: GetMetricStatistics `Period` ("For metrics with regular resolution, a period can be
 *   as short as one minute (60 seconds) and must be a multiple of 60"). The sandbox stores
 *   standard-resolution (1-minute) data only. Alarms: see `alarmPeriodStatistics`.
 * - Start time rounding: GetMetricStatistics `StartTime` ("rounded down to the nearest whole minute"
 *   for data less than 15 days old; the sandbox applies the whole-minute rule to any age).
 * - Low sample counts: CloudWatch user guide, "Percentile-based alarms and low data samples".
 *
 * How each statistic is computed from what the sandbox stores (see types.ts): a latency metric knows
 * each minute's samples as a log-normal LogNormal(μ, σ), so a period's samples follow the mixture of
 * its minutes weighted by sample count, F(x) = Σ nⱼ·Φ((ln x − μⱼ)/σⱼ) / Σ nⱼ. Percentile bounds are
 * that mixture's quantiles, and the partial expectation of a log-normal is exact:
 * ∫₀ᵏ x dF = e^(μ+σ²/2)·Φ((ln k − μ − σ²)/σ). So, with percentile bounds a < b (fractions) and
 * N samples: TM = (PE(q_b) − PE(q_a)) / (b − a), TC = N·(b − a), TS = N·(PE(q_b) − PE(q_a)),
 * WM = a·q_a + PE(q_b) − PE(q_a) + (1 − b)·q_b; with value bounds x < y, F(x) and F(y) take the place
 * of a and b and x, y of q_a, q_b; PR = 100·(F(y) − F(x)). Counts are therefore expected counts and
 * can have decimals. Means (TM, WM, and TS through TM) are kept inside the period's Minimum and
 * Maximum, as percentiles are. A metric without a stored distribution uses the per-minute averages
 * weighted by sample count, the same data its percentiles use: each minute's samples all sit at its
 * average, and a percentile bound that falls inside a minute takes that minute in part.
 */
import { LabError, invalidField } from '../../../shared/errors'
import { MINUTE_MS } from '../core/time'
import type { BasicStatistic, MinuteSeries } from './types'
import { DistributionContext, PercentileContext } from './period-distribution'

/** The trimmed statistics: trimmed mean, trimmed count, trimmed sum, winsorized mean. */
export type TrimmedFunction = 'TM' | 'TC' | 'TS' | 'WM'

/**
 * The boundaries of a trimmed statistic or a percentile rank: percentiles (0–100) when `percent`,
 * metric values otherwise. A missing bound is open (the lowest or highest value).
 */
export interface StatisticBounds {
  lower?: number
  upper?: number
  percent: boolean
}

export type ParsedStatistic =
  | { kind: 'basic'; name: BasicStatistic }
  /** `percentile` is in percent (0–100); `label` is the name as written, e.g. `p99.9`. */
  | { kind: 'percentile'; percentile: number; label: string }
  /** TM, TC, TS and WM (IQM is TM(25%:75%)); `label` is the name as written, e.g. `tm90` or `TM(10%:90%)`. */
  | { kind: 'trimmed'; fn: TrimmedFunction; bounds: StatisticBounds; label: string }
  /** Percentile rank PR(x:y): the percentage of samples above x and at most y (value bounds only). */
  | { kind: 'rank'; bounds: StatisticBounds; label: string }

export interface StatisticQuery {
  /** Epoch ms; rounded down to a whole minute. */
  startTime: number
  /** Epoch ms, exclusive. */
  endTime: number
  /** Seconds. */
  period: number
  /** `SampleCount`, `Average`, `Sum`, `Minimum`, `Maximum`, or an extended statistic such as `p99`, `tm90` or `TM(10%:90%)`. */
  stat: string
}

export interface PeriodStatistics {
  /** Start of each period, epoch ms. */
  timestamps: Float64Array
  /** The statistic of each period; NaN where the period holds no samples (CloudWatch returns no datapoint). */
  values: Float64Array
  /** Samples in each period (0 where there is no datapoint). */
  sampleCounts: Float64Array
}

const BASIC_STATISTICS: readonly BasicStatistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']

/** `p` followed by 0–100 with at most two decimals, e.g. p50, p99, p99.9, p99.99, p100. */
const PERCENTILE_PATTERN = /^p(\d{1,3})(?:\.(\d{1,2}))?$/
/** A boundary or single number: "up to 10 decimal places". */
const NUMBER = '\\d+(?:\\.\\d{1,10})?'
/** tm90, tc99.5, ts90, wm98: one percentile, the upper bound. */
const SHORT_PATTERN = new RegExp(`^(tm|tc|ts|wm)(${NUMBER})$`)
/** TM(10%:90%), TC(0.005:0.030), TS(80%:), PR(:300): two optional bounds. */
const RANGE_PATTERN = new RegExp(`^(TM|TC|TS|WM|PR)\\((${NUMBER})?(%)?:(${NUMBER})?(%)?\\)$`)

const ALLOWED =
  'Use SampleCount, Average, Sum, Minimum, Maximum, or an extended statistic: a percentile p0 to p100 with at most two decimals (p99, p99.9); ' +
  'tm90, tc90, ts90 or wm90 (a percentile, upper bound only); IQM; TM, TC, TS or WM with two bounds in parentheses, both percentiles or both values, ' +
  'either one may be left out (TM(10%:90%), TM(:95%), TC(0.005:0.030), TS(80%:)); or a percentile rank PR(n:m) of values (PR(:300), PR(100:2000)).'

/**
 * Parse a statistic name. Throws a VALIDATION LabError naming `path` for anything else, saying what
 * is allowed and, for a near miss, what to write instead.
 */
export function parseStatistic(stat: string, path = 'stat'): ParsedStatistic {
  if ((BASIC_STATISTICS as readonly string[]).includes(stat)) {
    return { kind: 'basic', name: stat as BasicStatistic }
  }
  if (stat === 'IQM') return { kind: 'trimmed', fn: 'TM', bounds: { lower: 25, upper: 75, percent: true }, label: 'IQM' }
  const p = PERCENTILE_PATTERN.exec(stat)
  if (p) {
    const percentile = Number(p[2] === undefined ? p[1] : `${p[1]}.${p[2]}`)
    if (percentile >= 0 && percentile <= 100) return { kind: 'percentile', percentile, label: stat }
    throw invalidField(path, `"${stat}" is not a statistic: a percentile lies between p0 and p100. ${ALLOWED}`)
  }
  const short = SHORT_PATTERN.exec(stat)
  if (short) {
    const upper = Number(short[2])
    if (upper > 100) throw invalidField(path, `"${stat}" is not a statistic: the percentile after ${short[1]} lies between 0 and 100. ${ALLOWED}`)
    return { kind: 'trimmed', fn: short[1].toUpperCase() as TrimmedFunction, bounds: { upper, percent: true }, label: stat }
  }
  const range = RANGE_PATTERN.exec(stat)
  if (range) return parseRange(stat, range, path)
  throw invalidField(path, `"${stat}" is not a statistic.${nearMiss(stat)} ${ALLOWED}`)
}

function parseRange(stat: string, m: RegExpExecArray, path: string): ParsedStatistic {
  const [, fn, lowText, lowPercent, highText, highPercent] = m
  const bad = (why: string): never => {
    throw invalidField(path, `"${stat}" is not a statistic: ${why}. ${ALLOWED}`)
  }
  if (lowText === undefined && highText === undefined) bad('give at least one bound')
  if ((lowText === undefined && lowPercent) || (highText === undefined && highPercent)) bad('a percent sign needs a number before it')
  const percent = Boolean(lowPercent || highPercent)
  if (lowText !== undefined && highText !== undefined && Boolean(lowPercent) !== Boolean(highPercent)) {
    bad('both bounds are percentiles (with %) or both are values (without)')
  }
  if (fn === 'PR' && percent) bad('a percentile rank takes metric values, such as PR(:300) or PR(100:2000), not percentiles')
  const lower = lowText === undefined ? undefined : Number(lowText)
  const upper = highText === undefined ? undefined : Number(highText)
  if (percent && ((lower ?? 0) > 100 || (upper ?? 0) > 100)) bad('a percentile bound lies between 0% and 100%')
  if (lower !== undefined && upper !== undefined && !(lower < upper)) bad('the lower bound must be less than the upper bound')
  const bounds: StatisticBounds = { ...(lower !== undefined ? { lower } : {}), ...(upper !== undefined ? { upper } : {}), percent }
  return fn === 'PR' ? { kind: 'rank', bounds, label: stat } : { kind: 'trimmed', fn: fn as TrimmedFunction, bounds, label: stat }
}

/** A hint for a statistic that is only the wrong case away from a valid one. */
function nearMiss(stat: string): string {
  if (stat === 'iqm') return ' Write IQM in upper case.'
  if (/^(tm|tc|ts|wm|pr)\(/.test(stat)) return ` A range is written in upper case: ${stat.slice(0, 2).toUpperCase()}${stat.slice(2)}.`
  if (/^(TM|TC|TS|WM)\d/.test(stat)) return ` A single number is written in lower case: ${stat.slice(0, 2).toLowerCase()}${stat.slice(2)}.`
  if (/^P\d/.test(stat)) return ` Percentiles are written in lower case: p${stat.slice(1)}.`
  return ''
}

/**
 * The sample count below which a percentile datapoint counts as "low" (CloudWatch user guide,
 * "Percentile-based alarms and low data samples"): for percentiles from 0.5 (inclusive) to 1.00
 * (exclusive), fewer than 10/(1 − p) samples; for percentiles from 0 to 0.5 (exclusive), fewer than
 * 10/p. p0 and p100 are outside both ranges (they are the exact minimum and maximum), so they never
 * count as low: the function returns 0 for them.
 *
 * `percentile` is in percent (p99 → 99). Computed as 1000/(100 − P) and 1000/P so that p99 gives
 * exactly 1000 rather than 1000.0000000000009.
 */
export function lowSampleCountThreshold(percentile: number): number {
  if (!(percentile > 0 && percentile < 100)) return 0
  const raw = percentile >= 50 ? 1000 / (100 - percentile) : 1000 / percentile
  const rounded = Math.round(raw)
  return Math.abs(raw - rounded) <= 1e-9 * raw ? rounded : raw
}

/** True when `sampleCount` samples are too few for a statistically significant `percentile`. */
export function isLowSampleCount(percentile: number, sampleCount: number): boolean {
  return sampleCount < lowSampleCountThreshold(percentile)
}

/** Computes one period's value for a statistic that needs more than the statistic set. */
export interface PeriodContext {
  compute(from: number, to: number, n: number, min: number, max: number): number
}

/**
 * Compute one statistic for each period in [startTime, endTime).
 *
 * Period k covers [start + k·period, start + (k+1)·period), clipped to endTime, where start is
 * startTime rounded down to a whole minute. A period with no samples has value NaN.
 *
 * Percentiles: p0 and p100 are the period Minimum and Maximum. Otherwise, when the series carries
 * log-normal parameters (`logMean`/`logSd`), the percentile is the quantile of the mixture of the
 * period's per-minute log-normals weighted by sample count, clamped to [Minimum, Maximum]; when it
 * doesn't, it is the sample-count-weighted percentile of the per-minute averages. The trimmed
 * statistics and percentile rank follow the file comment.
 */
export function computePeriodStatistics(series: MinuteSeries, q: StatisticQuery): PeriodStatistics {
  const stat = parseStatistic(q.stat)
  checkPeriod(q.period)
  if (!Number.isFinite(q.startTime)) throw invalidField('startTime', 'must be a finite epoch time in milliseconds')
  if (!Number.isFinite(q.endTime)) throw invalidField('endTime', 'must be a finite epoch time in milliseconds')
  if (q.endTime <= q.startTime) throw invalidField('endTime', 'must be later than startTime')
  if (series.startTime % MINUTE_MS !== 0) throw invalidField('series.startTime', 'must be aligned to a whole minute')

  const start = Math.floor(q.startTime / MINUTE_MS) * MINUTE_MS
  const periodMs = q.period * 1000
  const minutesPerPeriod = q.period / 60
  const count = Math.ceil((q.endTime - start) / periodMs)
  const timestamps = new Float64Array(count)
  const values = new Float64Array(count).fill(NaN)
  const sampleCounts = new Float64Array(count)

  const length = series.sampleCount.length
  // Minute index (into the series) of the first minute of the first period, and of endTime.
  const firstMinute = (start - series.startTime) / MINUTE_MS
  const endMinute = Math.ceil((q.endTime - series.startTime) / MINUTE_MS)
  const ctx = contextFor(series, stat, minutesPerPeriod)

  const acc = newAggregate()
  for (let k = 0; k < count; k++) {
    timestamps[k] = start + k * periodMs
    const from = Math.max(0, firstMinute + k * minutesPerPeriod)
    const to = Math.min(length, endMinute, firstMinute + (k + 1) * minutesPerPeriod)
    aggregate(series, from, to, acc)
    sampleCounts[k] = acc.n
    if (acc.n > 0) values[k] = periodValue(stat, ctx, from, to, acc)
  }
  return { timestamps, values, sampleCounts }
}

interface Aggregate {
  n: number
  sum: number
  min: number
  max: number
}

function newAggregate(): Aggregate {
  return { n: 0, sum: 0, min: Infinity, max: -Infinity }
}

/** SampleCount, Sum, Minimum and Maximum of minutes [from, to) (minutes without samples do not count). */
function aggregate(series: SeriesArrays, from: number, to: number, acc: Aggregate): void {
  const counts = series.sampleCount
  const sums = series.sum
  const minima = series.minimum
  const maxima = series.maximum
  let n = 0
  let sum = 0
  let min = Infinity
  let max = -Infinity
  for (let m = from; m < to; m++) {
    const c = counts[m]
    if (!(c > 0)) continue
    n += c
    sum += sums[m]
    if (minima[m] < min) min = minima[m]
    if (maxima[m] > max) max = maxima[m]
  }
  acc.n = n
  acc.sum = sum
  acc.min = min
  acc.max = max
}

/** The statistic of a period with samples, from its aggregate and (for the distribution statistics) its context. */
function periodValue(stat: ParsedStatistic, ctx: PeriodContext | null, from: number, to: number, acc: Aggregate): number {
  if (ctx) return ctx.compute(from, to, acc.n, acc.min, acc.max)
  return basicStatistic((stat as { name: BasicStatistic }).name, acc.n, acc.sum, acc.min, acc.max)
}

/** A basic statistic from a period's SampleCount, Sum, Minimum and Maximum (n > 0). */
export function basicStatistic(name: BasicStatistic, n: number, sum: number, min: number, max: number): number {
  switch (name) {
    case 'SampleCount':
      return n
    case 'Sum':
      return sum
    case 'Average':
      return sum / n
    case 'Minimum':
      return min
    case 'Maximum':
      return max
  }
}

/** A series' arrays without its start time: a MinuteSeries, or one day's chunk of the metric store. */
export type SeriesArrays = Omit<MinuteSeries, 'startTime'>

/**
 * One period's statistic read straight from a series' arrays: what computePeriodStatistics gives
 * for that period, computed by the same code, without its query checks, its output arrays or a
 * copy of the minutes. For an alarm, which evaluates one period at a time every period. Its
 * contexts (the distribution statistics' buffers) are kept per arrays object.
 */
export class PeriodStatisticReader {
  private readonly contexts = new WeakMap<SeriesArrays, PeriodContext>()
  private readonly acc = newAggregate()

  constructor(
    private readonly stat: ParsedStatistic,
    private readonly minutesPerPeriod: number
  ) {}

  /** The statistic of minutes [from, to) of `series` (NaN without samples) and their sample count, in `out`. */
  read(series: SeriesArrays, from: number, to: number, out: { value: number; samples: number }): void {
    const acc = this.acc
    aggregate(series, from, to, acc)
    out.samples = acc.n
    if (acc.n === 0) {
      out.value = NaN
      return
    }
    let ctx: PeriodContext | null = null
    if (this.stat.kind !== 'basic') {
      ctx = this.contexts.get(series) ?? null
      if (!ctx) {
        ctx = contextFor(series, this.stat, this.minutesPerPeriod)
        this.contexts.set(series, ctx as PeriodContext)
      }
    }
    out.value = periodValue(this.stat, ctx, from, to, acc)
  }
}

function contextFor(series: SeriesArrays, stat: ParsedStatistic, minutesPerPeriod: number): PeriodContext | null {
  return stat.kind === 'percentile' ? new PercentileContext(series, stat.percentile, minutesPerPeriod) : stat.kind === 'basic' ? null : new DistributionContext(series, stat, minutesPerPeriod)
}

/** High-resolution periods (seconds) a PutMetricAlarm may use: "Valid values are 10, 20, 30, and any multiple of 60." */
export const HIGH_RESOLUTION_PERIODS: readonly number[] = [10, 20, 30]

function checkPeriod(period: number): void {
  if (HIGH_RESOLUTION_PERIODS.includes(period)) {
    throw new LabError(
      'VALIDATION',
      `period: ${period} seconds is a high-resolution period, which needs a high-resolution metric (stored with StorageResolution 1). This metric is standard resolution (one datapoint a minute): use a multiple of 60 seconds.`,
      [{ path: 'period', message: 'high-resolution periods (10, 20 or 30 seconds) need a high-resolution metric; use a multiple of 60' }]
    )
  }
  if (!Number.isInteger(period) || period <= 0 || period % 60 !== 0) {
    throw invalidField('period', `${period} is not allowed: use a multiple of 60 seconds (60, 300, 3600, …)`)
  }
}

/**
 * The datapoints a metric alarm sees. A Period of 60 or more is GetMetricStatistics' period. For 10,
 * 20 or 30 seconds on this standard-resolution data, PutMetricAlarm `Period` says: "If you specify a
 * period of 10, 20, or 30 for a metric that does not have sub-minute resolution, the alarm still
 * attempts to gather data at the period rate that you specify. In this case, it does not receive data
 * for the attempts that do not correspond to a one-minute data resolution, and the alarm might often
 * lapse into INSUFFICIENT_DATA status." So the period that starts on a whole minute gets that
 * minute's datapoint and the others get none. Periods start on a multiple of the period (which
 * divides a minute), so every minute has exactly one such period.
 */
export function alarmPeriodStatistics(series: MinuteSeries, q: StatisticQuery): PeriodStatistics {
  if (!HIGH_RESOLUTION_PERIODS.includes(q.period)) return computePeriodStatistics(series, q)
  const periodMs = q.period * 1000
  const start = Math.floor(q.startTime / periodMs) * periodMs
  const minuteStart = Math.floor(start / MINUTE_MS) * MINUTE_MS
  const perMinute = computePeriodStatistics(series, { ...q, startTime: minuteStart, period: 60 })
  const count = Math.ceil((q.endTime - start) / periodMs)
  const timestamps = new Float64Array(count)
  const values = new Float64Array(count).fill(NaN)
  const sampleCounts = new Float64Array(count)
  for (let k = 0; k < count; k++) {
    const t = start + k * periodMs
    timestamps[k] = t
    if (t % MINUTE_MS !== 0) continue
    const m = (t - minuteStart) / MINUTE_MS
    values[k] = perMinute.values[m]
    sampleCounts[k] = perMinute.sampleCounts[m]
  }
  return { timestamps, values, sampleCounts }
}
