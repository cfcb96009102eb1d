/**
 * The statistics of one period that need its samples' distribution, not only their count, sum,
 * minimum and maximum: percentiles (`PercentileContext`), the trimmed statistics and percentile rank
 * (`DistributionContext`), both from the mixture of the minutes' log-normals (`PeriodMixture`) when
 * the metric stores one, else from the per-minute averages. statistics.ts explains the model and
 * cites the CloudWatch statistics definitions; it creates these contexts per alarm or query.
 */
import { normalCdf, normalPdf, normalQuantile } from './normal'
import type { ParsedStatistic, PeriodContext, SeriesArrays } from './statistics'

/**
 * One period's samples as a mixture of the minutes' log-normals, loaded minute by minute into
 * reusable buffers. Works in log space (y = ln x), where each component's CDF is Φ((y − μⱼ)/σⱼ).
 */
export class PeriodMixture {
  /** The period's mixture components (its minutes with samples): sample count, log-space mean and sd. */
  readonly count: Float64Array
  readonly mu: Float64Array
  readonly sd: Float64Array
  size = 0
  total = 0

  constructor(
    private readonly series: SeriesArrays,
    minutesPerPeriod: number
  ) {
    this.count = new Float64Array(minutesPerPeriod)
    this.mu = new Float64Array(minutesPerPeriod)
    this.sd = new Float64Array(minutesPerPeriod)
  }

  load(from: number, to: number): void {
    const counts = this.series.sampleCount
    const mu = this.series.logMean as Float64Array
    const sd = this.series.logSd as Float64Array
    this.size = 0
    this.total = 0
    for (let m = from; m < to; m++) {
      const c = counts[m]
      if (!(c > 0)) continue
      this.count[this.size] = c
      this.mu[this.size] = mu[m]
      this.sd[this.size] = sd[m]
      this.size++
      this.total += c
    }
  }

  /**
   * The mixture's q-quantile (z = z_q, the standard normal's). It lies between the smallest and the
   * largest of the components' own q-quantiles (at the smallest every component CDF is ≤ q, at the
   * largest every one is ≥ q), so that is the bracket; Newton steps inside it, with bisection when a
   * step leaves it. A single component has the closed form exp(μ + σ·z_q). When the caller will
   * clamp to [min, max], a quantile outside that range needs no precision (pass 0 and Infinity to
   * always solve).
   */
  quantile(q: number, z: number, min: number, max: number): number {
    const n = this.size
    let lo = Infinity
    let hi = -Infinity
    let guess = 0
    for (let k = 0; k < n; k++) {
      const qk = this.mu[k] + Math.max(this.sd[k], 0) * z
      if (qk < lo) lo = qk
      if (qk > hi) hi = qk
      guess += this.count[k] * qk
    }
    if (n === 1 || !(hi - lo > 1e-12)) return Math.exp(lo)
    if (max > 0 && Math.log(max) <= lo) return max
    if (min > 0 && Math.log(min) >= hi) return min

    let y = guess / this.total
    for (let iter = 0; iter < 60; iter++) {
      const f = this.cdf(y) - q
      // 1e-9 in probability is far below what a percentile over a few thousand samples can resolve.
      if (Math.abs(f) < 1e-9) break
      if (f > 0) hi = y
      else lo = y
      if (hi - lo < 1e-10 * (1 + Math.abs(y))) break
      // The density is needed only for a further step, so it is not computed when the search stops.
      const density = this.density(y)
      const newton = density > 0 ? y - f / density : NaN
      y = newton > lo && newton < hi ? newton : 0.5 * (lo + hi)
    }
    return Math.exp(y)
  }

  /** The mixture CDF at ln x = y. */
  cdf(y: number): number {
    // Read the imported function once: an imported binding can cost a property read per use.
    const phi = normalCdf
    const { count, mu, sd } = this
    let acc = 0
    for (let k = 0; k < this.size; k++) {
      if (sd[k] > 0) acc += count[k] * phi((y - mu[k]) / sd[k])
      else if (y >= mu[k]) acc += count[k]
    }
    return acc / this.total
  }

  /** d/dy of `cdf` at the same y. */
  density(y: number): number {
    const pdf = normalPdf
    const { count, mu, sd } = this
    let slope = 0
    for (let k = 0; k < this.size; k++) {
      if (sd[k] > 0) slope += (count[k] * pdf((y - mu[k]) / sd[k])) / sd[k]
    }
    return slope / this.total
  }

  /**
   * The partial expectation ∫₀ˣ t dF(t) of the mixture at ln x = y: for one log-normal,
   * e^(μ+σ²/2)·Φ((y − μ − σ²)/σ); y = Infinity gives the mixture mean, −Infinity gives 0.
   */
  partial(y: number): number {
    const phi = normalCdf
    const { count, mu, sd } = this
    let acc = 0
    for (let k = 0; k < this.size; k++) {
      const s = sd[k]
      if (s > 0) acc += count[k] * Math.exp(mu[k] + (s * s) / 2) * (y === Infinity ? 1 : phi((y - mu[k] - s * s) / s))
      else if (y >= mu[k]) acc += count[k] * Math.exp(mu[k])
    }
    return acc / this.total
  }
}

/**
 * A period's per-minute averages and sample counts, loaded into reusable buffers: what a metric
 * without a stored distribution has for its percentiles and trimmed statistics (each minute's
 * samples all sit at its average). `order` holds 0…len−1 for the caller to sort.
 */
class MinuteAverages {
  readonly avg: Float64Array
  readonly weight: Float64Array
  readonly order: number[]
  private readonly loaded = { len: 0, total: 0 }

  constructor(minutesPerPeriod: number) {
    this.avg = new Float64Array(minutesPerPeriod)
    this.weight = new Float64Array(minutesPerPeriod)
    this.order = new Array<number>(minutesPerPeriod)
  }

  /** Loads minutes [from, to) with samples; returns how many and their total sample count (one shared object). */
  load(s: SeriesArrays, from: number, to: number): { len: number; total: number } {
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
    this.loaded.len = len
    this.loaded.total = total
    return this.loaded
  }
}

/**
 * Per-query state for percentiles: the quantile (and its normal z-score, computed once) plus scratch
 * buffers reused across periods.
 */
export class PercentileContext implements PeriodContext {
  private readonly q: number
  private readonly z: number
  private readonly averages: MinuteAverages
  private readonly mixture: PeriodMixture

  constructor(
    private readonly series: SeriesArrays,
    private readonly percentile: number,
    minutesPerPeriod: number
  ) {
    this.q = percentile / 100
    this.z = normalQuantile(this.q)
    this.averages = new MinuteAverages(minutesPerPeriod)
    this.mixture = new PeriodMixture(series, minutesPerPeriod)
  }

  compute(from: number, to: number, _n: number, min: number, max: number): number {
    if (this.percentile === 0) return min
    if (this.percentile === 100) return max
    const { logMean, logSd } = this.series
    let value: number
    if (logMean && logSd) {
      this.mixture.load(from, to)
      value = this.mixture.quantile(this.q, this.z, min, max)
    } else {
      value = this.weightedAverageQuantile(from, to)
    }
    return value < min ? min : value > max ? max : value
  }

  /** Sample-count-weighted percentile of the per-minute averages (the lower weighted quantile). */
  private weightedAverageQuantile(from: number, to: number): number {
    const { avg, weight, order } = this.averages
    const { len, total } = this.averages.load(this.series, from, to)
    if (len === 1) return avg[0]
    const idx = order.slice(0, len).sort((a, b) => avg[a] - avg[b])
    const target = this.q * total
    let cumulative = 0
    for (const i of idx) {
      cumulative += weight[i]
      if (cumulative >= target) return avg[i]
    }
    return avg[idx[len - 1]]
  }
}

/**
 * The trimmed statistics and percentile rank of one period: the share of samples inside the bounds
 * (`inside`), their mean value per sample of the period (`partial`), and the values at the edges.
 */
interface Selection {
  /** Fraction of the period's samples inside the bounds. */
  inside: number
  /** Sum of the values inside the bounds, divided by the period's sample count. */
  partial: number
  /** The lower edge and the fraction of samples below it (for winsorizing). */
  lowEdge: number
  below: number
  /** The upper edge and the fraction of samples above it. */
  highEdge: number
  above: number
}

export class DistributionContext implements PeriodContext {
  private readonly mixture: PeriodMixture
  private readonly averages: MinuteAverages
  private readonly selection: Selection = { inside: 0, partial: 0, lowEdge: 0, below: 0, highEdge: 0, above: 0 }

  constructor(
    private readonly series: SeriesArrays,
    private readonly stat: Extract<ParsedStatistic, { kind: 'trimmed' | 'rank' }>,
    minutesPerPeriod: number
  ) {
    this.mixture = new PeriodMixture(series, minutesPerPeriod)
    this.averages = new MinuteAverages(minutesPerPeriod)
  }

  compute(from: number, to: number, n: number, min: number, max: number): number {
    const sel = this.series.logMean && this.series.logSd ? this.fromMixture(from, to) : this.fromAverages(from, to)
    const stat = this.stat
    if (stat.kind === 'rank') return 100 * sel.inside
    const clamp = (v: number): number => (v < min ? min : v > max ? max : v)
    const mean = sel.inside > 1e-12 ? clamp(sel.partial / sel.inside) : NaN
    switch (stat.fn) {
      case 'TM':
        return mean
      case 'TC':
        return n * sel.inside
      case 'TS':
        // "equivalent to (Trimmed Mean) * (Trimmed count)"; an empty selection sums to 0.
        return sel.inside > 1e-12 ? mean * n * sel.inside : 0
      case 'WM': {
        const low = sel.below > 0 ? sel.lowEdge * sel.below : 0
        const high = sel.above > 0 ? sel.highEdge * sel.above : 0
        return clamp(low + sel.partial + high)
      }
    }
  }

  private fromMixture(from: number, to: number): Selection {
    const mix = this.mixture
    mix.load(from, to)
    const { lower, upper, percent } = this.stat.bounds
    const sel = this.selection
    if (percent) {
      const a = (lower ?? 0) / 100
      const b = (upper ?? 100) / 100
      const yA = a <= 0 ? -Infinity : Math.log(mix.quantile(a, normalQuantile(a), 0, Infinity))
      const yB = b >= 1 ? Infinity : Math.log(mix.quantile(b, normalQuantile(b), 0, Infinity))
      sel.inside = b - a
      sel.partial = mix.partial(yB) - mix.partial(yA)
      sel.lowEdge = Math.exp(yA)
      sel.below = a
      sel.highEdge = Math.exp(yB)
      sel.above = 1 - b
    } else {
      const yX = lower === undefined || lower <= 0 ? -Infinity : Math.log(lower)
      const yY = upper === undefined ? Infinity : upper <= 0 ? -Infinity : Math.log(upper)
      const fX = yX === -Infinity ? 0 : mix.cdf(yX)
      const fY = yY === Infinity ? 1 : yY === -Infinity ? 0 : mix.cdf(yY)
      sel.inside = Math.max(0, fY - fX)
      sel.partial = Math.max(0, mix.partial(yY) - mix.partial(yX))
      sel.lowEdge = lower ?? 0
      sel.below = fX
      sel.highEdge = upper ?? Infinity
      sel.above = 1 - fY
    }
    return sel
  }

  /** The per-minute averages as samples: minute j contributes nⱼ samples at its average. */
  private fromAverages(from: number, to: number): Selection {
    const { avg, weight, order } = this.averages
    const { len, total } = this.averages.load(this.series, from, to)
    const idx = order.slice(0, len).sort((x, y) => avg[x] - avg[y])
    const { lower, upper, percent } = this.stat.bounds
    const sel = this.selection
    if (percent) {
      // Keep the samples ranked in (a·N, b·N]; a minute straddling an edge counts in part.
      const lo = ((lower ?? 0) / 100) * total
      const hi = ((upper ?? 100) / 100) * total
      let cumulative = 0
      let partial = 0
      let lowEdge = avg[idx[0]]
      let highEdge = avg[idx[len - 1]]
      let lowFound = lo <= 0
      let highFound = false
      for (const i of idx) {
        const before = cumulative
        cumulative += weight[i]
        const overlap = Math.min(cumulative, hi) - Math.max(before, lo)
        if (overlap > 0) partial += overlap * avg[i]
        // The value at a percentile edge is the lower weighted quantile, as for the percentiles.
        if (!lowFound && cumulative >= lo) {
          lowEdge = avg[i]
          lowFound = true
        }
        if (!highFound && cumulative >= hi) {
          highEdge = avg[i]
          highFound = true
        }
      }
      sel.inside = (hi - lo) / total
      sel.partial = partial / total
      sel.lowEdge = lowEdge
      sel.below = lo / total
      sel.highEdge = highEdge
      sel.above = 1 - hi / total
    } else {
      const x = lower ?? -Infinity
      const y = upper ?? Infinity
      let inside = 0
      let partial = 0
      let below = 0
      for (const i of idx) {
        const v = avg[i]
        // Value bounds exclude the lower edge and include the upper one.
        if (v <= x) below += weight[i]
        else if (v <= y) {
          inside += weight[i]
          partial += weight[i] * v
        }
      }
      sel.inside = inside / total
      sel.partial = partial / total
      sel.lowEdge = x
      sel.below = below / total
      sel.highEdge = y
      sel.above = (total - below - inside) / total
    }
    return sel
  }
}
