/**
 * Period statistics over a stored per-minute series: what GetMetricStatistics / GetMetricData return
 * for one metric, and what a metric alarm compares with its threshold.
 *
 * Sources:
 * - Statistic names: CloudWatch API reference, GetMetricStatistics `Statistics` (SampleCount,
 *   Average, Sum, Minimum, Maximum) and `ExtendedStatistics` ("percentile statistics … between
 *   p0.0 and p100").
 * - Period rules: PutMetricAlarm `Period` ("Valid values are 10, 30, and any multiple of 60 … Be sure
 *   to specify 10 or 30 only for metrics that are stored by a PutMetricData call with a
 *   StorageResolution of 1"). The sandbox stores standard-resolution (1-minute) data only.
 * - Start time rounding: GetMetricStatistics `StartTime` ("rounded down to the nearest whole minute"
 *   for data less than 15 days old; the sandbox applies the whole-minute rule to any age).
 * - Low sample counts: CloudWatch user guide, "Percentile-based alarms and low data samples".
 */
import { LabError, invalidField } from '../../../shared/errors'
import { MINUTE_MS } from '../core/time'
import type { BasicStatistic, MinuteSeries } from './types'
import { normalCdf, normalPdf, normalQuantile } from './normal'

export type ParsedStatistic =
  | { kind: 'basic'; name: BasicStatistic }
  /** `percentile` is in percent (0–100); `label` is the normalised name, e.g. `p99.9`. */
  | { kind: 'percentile'; percentile: number; label: `p${string}` }

export interface StatisticQuery {
  /** Epoch ms; rounded down to a whole minute. */
  startTime: number
  /** Epoch ms, exclusive. */
  endTime: number
  /** Seconds. */
  period: number
  /** `SampleCount`, `Average`, `Sum`, `Minimum`, `Maximum`, or a percentile such as `p99` / `p99.9`. */
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

/**
 * Parse a statistic name. Throws a VALIDATION LabError naming `path` for anything else.
 */
export function parseStatistic(stat: string, path = 'stat'): ParsedStatistic {
  if ((BASIC_STATISTICS as readonly string[]).includes(stat)) {
    return { kind: 'basic', name: stat as BasicStatistic }
  }
  const m = PERCENTILE_PATTERN.exec(stat)
  if (m) {
    const percentile = Number(m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`)
    if (percentile >= 0 && percentile <= 100) {
      return { kind: 'percentile', percentile, label: `p${m[2] === undefined ? m[1] : `${m[1]}.${m[2]}`}` }
    }
  }
  throw invalidField(
    path,
    `"${stat}" is not a statistic. Use SampleCount, Average, Sum, Minimum, Maximum, or a percentile p0 to p100 with at most two decimals (for example p99 or p99.9).`
  )
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

/**
 * Compute one statistic for each period in [startTime, endTime).
 *
 * Period k covers [start + k·period, start + (k+1)·period), clipped to endTime, where start is
 * startTime rounded down to a whole minute. A period with no samples has value NaN.
 *
 * Percentiles: p0 and p100 are the period Minimum and Maximum. Otherwise, when the series carries
 * log-normal parameters (`logMean`/`logSd`), the percentile is the quantile of the mixture of the
 * period's per-minute log-normals weighted by sample count, clamped to [Minimum, Maximum]; when it
 * doesn't, it is the sample-count-weighted percentile of the per-minute averages.
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
  const ctx = stat.kind === 'percentile' ? new PercentileContext(series, stat.percentile, minutesPerPeriod) : null
  const counts = series.sampleCount
  const sums = series.sum
  const minima = series.minimum
  const maxima = series.maximum

  for (let k = 0; k < count; k++) {
    timestamps[k] = start + k * periodMs
    const from = Math.max(0, firstMinute + k * minutesPerPeriod)
    const to = Math.min(length, endMinute, firstMinute + (k + 1) * minutesPerPeriod)
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
    sampleCounts[k] = n
    if (n === 0) continue
    if (ctx) {
      values[k] = ctx.compute(from, to, min, max)
      continue
    }
    switch ((stat as { name: BasicStatistic }).name) {
      case 'SampleCount':
        values[k] = n
        break
      case 'Sum':
        values[k] = sum
        break
      case 'Average':
        values[k] = sum / n
        break
      case 'Minimum':
        values[k] = min
        break
      case 'Maximum':
        values[k] = max
        break
    }
  }
  return { timestamps, values, sampleCounts }
}

function checkPeriod(period: number): void {
  if (period === 10 || period === 30) {
    throw new LabError(
      'VALIDATION',
      `period: ${period} seconds is a high-resolution period, which needs a high-resolution metric (stored with StorageResolution 1). This metric is standard resolution (one datapoint a minute): use a multiple of 60 seconds.`,
      [{ path: 'period', message: 'high-resolution periods (10 or 30 seconds) need a high-resolution metric; use a multiple of 60' }]
    )
  }
  if (!Number.isInteger(period) || period <= 0 || period % 60 !== 0) {
    throw invalidField('period', `${period} is not allowed: use a multiple of 60 seconds (60, 300, 3600, …)`)
  }
}

/**
 * Per-query state for percentiles: the quantile (and its normal z-score, computed once) plus scratch
 * buffers reused across periods.
 */
class PercentileContext {
  private readonly q: number
  private readonly z: number
  private readonly avg: Float64Array
  private readonly weight: Float64Array
  private readonly order: number[]
  /** The period's mixture components (its minutes with samples): sample count, log-space mean and sd. */
  private readonly compCount: Float64Array
  private readonly compMu: Float64Array
  private readonly compSd: Float64Array

  constructor(
    private readonly series: MinuteSeries,
    private readonly percentile: number,
    minutesPerPeriod: number
  ) {
    this.q = percentile / 100
    this.z = normalQuantile(this.q)
    this.avg = new Float64Array(minutesPerPeriod)
    this.weight = new Float64Array(minutesPerPeriod)
    this.order = new Array<number>(minutesPerPeriod)
    this.compCount = new Float64Array(minutesPerPeriod)
    this.compMu = new Float64Array(minutesPerPeriod)
    this.compSd = new Float64Array(minutesPerPeriod)
  }

  compute(from: number, to: number, min: number, max: number): number {
    if (this.percentile === 0) return min
    if (this.percentile === 100) return max
    const { logMean, logSd } = this.series
    const value = logMean && logSd ? this.mixtureQuantile(from, to, min, max) : this.weightedAverageQuantile(from, to)
    return value < min ? min : value > max ? max : value
  }

  /** Sample-count-weighted percentile of the per-minute averages (the lower weighted quantile). */
  private weightedAverageQuantile(from: number, to: number): number {
    const s = this.series
    let len = 0
    let total = 0
    for (let m = from; m < to; m++) {
      const c = s.sampleCount[m]
      if (!(c > 0)) continue
      this.avg[len] = s.sum[m] / c
      this.weight[len] = c
      this.order[len] = len
      total += c
      len++
    }
    if (len === 1) return this.avg[0]
    const idx = this.order.slice(0, len).sort((a, b) => this.avg[a] - this.avg[b])
    const target = this.q * total
    let cumulative = 0
    for (const i of idx) {
      cumulative += this.weight[i]
      if (cumulative >= target) return this.avg[i]
    }
    return this.avg[idx[len - 1]]
  }

  /**
   * Quantile of the mixture Σ wⱼ·LogNormal(μⱼ, σⱼ) / Σ wⱼ, found in log space (y = ln x) where each
   * component's CDF is Φ((y − μⱼ)/σⱼ). A single minute has the closed form exp(μ + σ·z_q).
   * Several minutes: the mixture's q-quantile lies between the smallest and the largest of the
   * components' own q-quantiles (at the smallest every component CDF is ≤ q, at the largest every one
   * is ≥ q), so that is the bracket; Newton steps inside it, with bisection when a step leaves it.
   */
  private mixtureQuantile(from: number, to: number, min: number, max: number): number {
    const s = this.series
    const counts = s.sampleCount
    const mu = s.logMean as Float64Array
    const sd = s.logSd as Float64Array
    const z = this.z
    let components = 0
    let lo = Infinity
    let hi = -Infinity
    let guess = 0
    let total = 0
    for (let m = from; m < to; m++) {
      const c = counts[m]
      if (!(c > 0)) continue
      this.compCount[components] = c
      this.compMu[components] = mu[m]
      this.compSd[components] = sd[m]
      components++
      const q = mu[m] + Math.max(sd[m], 0) * z
      if (q < lo) lo = q
      if (q > hi) hi = q
      guess += c * q
      total += c
    }
    if (components === 1 || !(hi - lo > 1e-12)) return Math.exp(lo)
    // The caller clamps to [Minimum, Maximum]; a quantile outside that range needs no precision.
    if (max > 0 && Math.log(max) <= lo) return max
    if (min > 0 && Math.log(min) >= hi) return min

    let y = guess / total
    for (let iter = 0; iter < 60; iter++) {
      const f = this.mixtureCdf(components, total, y) - this.q
      // 1e-9 in probability is far below what a percentile over a few thousand samples can resolve.
      if (Math.abs(f) < 1e-9) break
      if (f > 0) hi = y
      else lo = y
      if (hi - lo < 1e-10 * (1 + Math.abs(y))) break
      // The density is needed only for a further step, so it is not computed when the search stops.
      const density = this.mixtureDensity(components, total, y)
      const newton = density > 0 ? y - f / density : NaN
      y = newton > lo && newton < hi ? newton : 0.5 * (lo + hi)
    }
    return Math.exp(y)
  }

  /** CDF at ln x = y of the mixture of the first `n` components, whose sample counts add up to `total`. */
  private mixtureCdf(n: number, total: number, y: number): number {
    // Read the imported function once: an imported binding can cost a property read per use.
    const cdf = normalCdf
    const count = this.compCount
    const mu = this.compMu
    const sd = this.compSd
    let acc = 0
    for (let k = 0; k < n; k++) {
      if (sd[k] > 0) acc += count[k] * cdf((y - mu[k]) / sd[k])
      else if (y >= mu[k]) acc += count[k]
    }
    return acc / total
  }

  /** d/dy of `mixtureCdf` at the same y. */
  private mixtureDensity(n: number, total: number, y: number): number {
    const pdf = normalPdf
    const count = this.compCount
    const mu = this.compMu
    const sd = this.compSd
    let slope = 0
    for (let k = 0; k < n; k++) {
      if (sd[k] > 0) slope += (count[k] * pdf((y - mu[k]) / sd[k])) / sd[k]
    }
    return slope / total
  }
}
