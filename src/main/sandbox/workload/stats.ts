/**
 * Small distribution helpers used to turn a per-minute model (mean, spread, sample count) into the
 * statistic set CloudWatch stores: Sum, Minimum, Maximum, and the log-normal parameters that let
 * percentiles be computed later.
 */
import { normalQuantile } from '../cloudwatch/normal'

/** z such that Φ(z) = p, for p in (0, 1); NaN outside [0, 1]. Acklam's approximation, shared with the percentile code. */
export function inverseNormalCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN
  return normalQuantile(p)
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
