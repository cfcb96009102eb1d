/**
 * Small distribution helpers used to turn a per-minute model (mean, spread, sample count) into the
 * statistic set CloudWatch stores: Sum, Minimum, Maximum, and the log-normal parameters that let
 * percentiles be computed later.
 */

// Coefficients of P. J. Acklam's rational approximation to the inverse normal CDF
// (relative error below 1.15e-9 over (0, 1)).
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239]
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572]
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783]
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416]
const P_LOW = 0.02425

/** z such that Φ(z) = p, for p in (0, 1). */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return -Infinity
    if (p === 1) return Infinity
    return NaN
  }
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p))
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
  }
  if (p <= 1 - P_LOW) {
    const q = p - 0.5
    const r = q * q
    return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1)
  }
  const q = Math.sqrt(-2 * Math.log(1 - p))
  return -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1)
}

/**
 * Typical z-score of the largest of n standard-normal samples: Φ⁻¹(n / (n + 1)), the quantile at the
 * expected rank of the maximum. The smallest is its mirror image. Returns 0 for n <= 1.
 */
export function expectedMaxZ(n: number): number {
  if (n <= 1) return 0
  if (n < MAX_Z_CACHE && Number.isInteger(n)) {
    const cached = maxZCache[n]
    if (cached > 0) return cached
    return (maxZCache[n] = inverseNormalCdf(n / (n + 1)))
  }
  return inverseNormalCdf(n / (n + 1))
}

// Sample counts repeat from minute to minute, so the quantile is memoised for counts below 2^16.
const MAX_Z_CACHE = 1 << 16
const maxZCache = new Float64Array(MAX_Z_CACHE)

/** Log-space sd of a log-normal with coefficient of variation `cv` (sd / mean). */
export function logSdFromCv(cv: number): number {
  return Math.sqrt(Math.log1p(cv * cv))
}

/** Log-space mean of a log-normal with arithmetic mean `mean` and log-space sd `logSd`. */
export function logMeanFromMean(mean: number, logSd: number): number {
  return Math.log(mean) - (logSd * logSd) / 2
}
