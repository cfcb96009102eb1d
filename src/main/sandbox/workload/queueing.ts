/**
 * Queueing formulas for one endpoint instance seen as c parallel servers (model-server workers, or
 * accelerator slots) fed by Poisson arrivals.
 *
 * - Erlang B / Erlang C: the M/M/c results (A. K. Erlang; any queueing text, e.g. Gross & Harris,
 *   "Fundamentals of Queueing Theory"). Erlang C is the probability an arriving request must wait.
 * - M/M/c mean wait: Wq = C(c, a) / (c·μ − λ).
 * - Service times that are not exponential: the Allen–Cunneen approximation for M/G/c,
 *   Wq ≈ Wq(M/M/c) · (ca² + cs²) / 2 with ca² = 1 for Poisson arrivals, where cs is the coefficient of
 *   variation of the service time. It is exact for c = 1 (Pollaczek–Khinchine) and for cs = 1.
 *
 * Units: any time unit, used consistently (λ per unit, service time in the same unit).
 */

/** Erlang B blocking probability for c servers and offered load a = λ/μ, by the stable recurrence. */
export function erlangB(c: number, a: number): number {
  let b = 1
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b)
  return b
}

/** Erlang C: probability that an arrival waits, for c servers and offered load a < c. 1 when a >= c. */
export function erlangC(c: number, a: number): number {
  if (a <= 0) return 0
  if (a >= c) return 1
  const b = erlangB(c, a)
  return (c * b) / (c - a * (1 - b))
}

/** M/M/c mean time in queue (not counting service). Infinity when λ >= c/serviceTime. */
export function mmcMeanWait(c: number, lambda: number, serviceTime: number): number {
  if (lambda <= 0) return 0
  const mu = 1 / serviceTime
  const a = lambda / mu
  if (a >= c) return Infinity
  return erlangC(c, a) / (c * mu - lambda)
}

/** Allen–Cunneen M/G/c mean time in queue with service-time coefficient of variation `cs`. */
export function mgcMeanWait(c: number, lambda: number, serviceTime: number, cs: number): number {
  return mmcMeanWait(c, lambda, serviceTime) * ((1 + cs * cs) / 2)
}
