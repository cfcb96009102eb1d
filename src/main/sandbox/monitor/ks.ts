/**
 * The two-sample Kolmogorov–Smirnov test exactly as `scipy.stats.ks_2samp(a, b)` computes it with
 * its defaults (alternative='two-sided', method='auto'), scipy 1.17 `scipy/stats/_stats_py.py`:
 * - D = max |F_a − F_b| over all observed values, each empirical CDF taken right-continuous
 *   (`searchsorted(side='right') / n`), so ties are handled as scipy does;
 * - 'auto' is exact when max(n_a, n_b) <= 10,000: D is first snapped to h / lcm(n_a, n_b) with h
 *   rounded half to even, then the p-value is Hodges' lattice-path probability (the square
 *   method when the sizes are equal, Viehmann's outer-probability recursion otherwise); if that
 *   result is not a probability the test falls back to the asymptotic branch, as scipy does;
 * - otherwise the p-value is `kstwo.sf(D, round(n_a·n_b / (n_a + n_b)))`.
 * This D is also SageMaker Model Monitor's `linf_simple` (the L-infinity distance of the two CDFs,
 * "Schema for Constraints", model-monitor-byoc-constraints).
 */
import { kstwoSf } from './kolmogorov'
import { roundHalfEven } from './special'

export const KS_MAX_AUTO_EXACT_N = 10_000

export interface KsResult {
  statistic: number
  pValue: number
  method: 'exact' | 'asymp'
}

function gcd(a: number, b: number): number {
  while (b) {
    const t = a % b
    a = b
    b = t
  }
  return a
}

/**
 * max(F_a − F_b) and max(F_b − F_a) over the pooled values, for two ascending arrays. The
 * differences are formed as i/n_a − j/n_b, the same floating-point operations scipy performs.
 */
export function ecdfExtremes(a: ArrayLike<number>, b: ArrayLike<number>): { maxS: number; minS: number } {
  const n1 = a.length
  const n2 = b.length
  let i = 0
  let j = 0
  let maxS = -Infinity
  let minS = Infinity
  while (i < n1 || j < n2) {
    // The next distinct pooled value, and the counts of each sample at or below it.
    const v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j]
    while (i < n1 && a[i] <= v) i++
    while (j < n2 && b[j] <= v) j++
    const diff = i / n1 - j / n2
    if (diff > maxS) maxS = diff
    if (diff < minS) minS = diff
  }
  return { maxS, minS: Math.min(Math.max(-minS, 0), 1) }
}

/** Pr(D_{n,n} >= h/n) for equal sample sizes (scipy's `_compute_prob_outside_square`). */
export function probOutsideSquare(n: number, h: number): number {
  let P = 0
  let k = Math.floor(n / h)
  while (k >= 0) {
    let p1 = 1
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1)
    P = p1 * (1 - P)
    k -= 1
  }
  return 2 * P
}

/**
 * The share of lattice paths from (0, 0) to (m, n) that leave the band |x/m − y/n| < h/lcm(m, n)
 * (scipy's `_compute_outer_prob_inside_method`, after Hodges 1958 and Viehmann 2021).
 */
export function outerProbInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0)
  const n = Math.min(m0, n0)
  const mg = m / g
  const ng = n / g
  let minj = 0
  let maxj = Math.min(Math.ceil(h / mg), n + 1)
  let curlen = maxj - minj
  const lenA = Math.min(2 * maxj + 2, n + 1)
  const A = new Float64Array(lenA).fill(1)
  for (let q = minj; q < maxj; q++) A[q] = 0
  for (let i = 1; i <= m; i++) {
    const lastminj = minj
    const lastlen = curlen
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n)
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1)
    if (maxj <= minj) return 1
    let val = minj === 0 ? 0 : 1
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj
      val = (A[jj + minj - lastminj] * i + val * j) / (i + j)
      A[jj] = val
    }
    curlen = maxj - minj
    if (lastlen > curlen) A.fill(1, maxj - minj, maxj - minj + (lastlen - curlen))
  }
  return A[maxj - minj - 1]
}

/** The two-sided p-value and statistic for two ascending samples. */
export function ks2sampSorted(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const { maxS, minS } = ecdfExtremes(a, b)
  return ks2sampFromExtremes(a.length, b.length, maxS, minS)
}

/** ks2sampSorted from the two samples' sizes and their ecdfExtremes. */
export function ks2sampFromExtremes(n1: number, n2: number, maxS: number, minS: number): KsResult {
  let d = minS > maxS ? minS : maxS
  const g = gcd(n1, n2)
  if (Math.max(n1, n2) <= KS_MAX_AUTO_EXACT_N) {
    const lcm = (n1 / g) * n2
    const h = roundHalfEven(d * lcm)
    d = h / lcm
    if (h === 0) return { statistic: d, pValue: 1, method: 'exact' }
    const prob = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h)
    if (prob >= 0 && prob <= 1) return { statistic: d, pValue: prob, method: 'exact' }
  }
  const big = Math.max(n1, n2)
  const small = Math.min(n1, n2)
  const en = (big * small) / (big + small)
  const p = kstwoSf(d, roundHalfEven(en))
  return { statistic: d, pValue: Math.min(Math.max(p, 0), 1), method: 'asymp' }
}
