/**
 * Special functions the drift tests need, written for double precision:
 * - `logGamma`: Stirling's series for x >= 10 with the recurrence Γ(x+1) = xΓ(x) below it;
 * - `gammaP` / `gammaQ`: the regularized lower and upper incomplete gamma functions, by the power
 *   series (DLMF 8.11.4) when x < a + 1 and by the continued fraction (DLMF 8.9.2, modified Lentz)
 *   otherwise, with the prefactor x^a e^-x / Γ(a) computed as in Temme's form for large a so that
 *   a ≈ x does not cancel;
 * - `erfc`, `normalSf` and `chi2Sf` on top of them (erfc(x) = Q(1/2, x²)).
 * Relative error is about 1e-14 or better over the ranges the monitor uses (checked against
 * scipy.special in tests/unit/sandbox/monitor/special.test.ts).
 */

const LN_SQRT_2PI = 0.5 * Math.log(2 * Math.PI)
const EPS = 2.220446049250313e-16
const MAX_ITER = 5000

/**
 * Stirling's remainder μ(x) = lnΓ(x) − [(x − ½)ln x − x + ½ln 2π], as its asymptotic series. The
 * coefficients are B_2k / (2k(2k − 1)) with B_2k the Bernoulli numbers, written as fractions.
 */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400]

export function stirlingRemainder(x: number): number {
  const r = 1 / x
  const r2 = r * r
  let s = 0
  for (let k = STIRLING.length - 1; k >= 0; k--) s = s * r2 + STIRLING[k]
  return s * r
}

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LN_SQRT_2PI + stirlingRemainder(x)
  // Shift up to 10 and divide the product back out: lnΓ(x) = lnΓ(x + k) − ln(x(x+1)…(x+k−1)).
  let prod = 1
  let y = x
  while (y < 10) {
    prod *= y
    y += 1
  }
  return (y - 0.5) * Math.log(y) - y + LN_SQRT_2PI + stirlingRemainder(y) - Math.log(prod)
}

/** log(1 + y) − y, accurate for small y where the two terms cancel. */
export function log1pmx(y: number): number {
  if (Math.abs(y) < 0.5) {
    let term = y
    let sum = 0
    for (let k = 2; k < 200; k++) {
      term *= -y
      const add = term / k
      sum += add
      if (Math.abs(add) < EPS * Math.abs(sum)) break
    }
    return sum
  }
  return Math.log1p(y) - y
}

/** x^a e^(−x) / Γ(a), the common factor of both incomplete gamma expansions. */
function gammaPrefactor(a: number, x: number): number {
  if (a < 10) return Math.exp(a * Math.log(x) - x - logGamma(a))
  // Γ(a) = sqrt(2π/a) (a/e)^a e^μ(a), so the factor is sqrt(a/2π) · exp(a·log1pmx(x/a − 1) − μ(a)).
  return Math.sqrt(a / (2 * Math.PI)) * Math.exp(a * log1pmx((x - a) / a) - stirlingRemainder(a))
}

function seriesP(a: number, x: number): number {
  let term = 1 / a
  let sum = term
  let ap = a
  for (let i = 0; i < MAX_ITER; i++) {
    ap += 1
    term *= x / ap
    sum += term
    if (term < sum * EPS) break
  }
  return sum * gammaPrefactor(a, x)
}

function continuedFractionQ(a: number, x: number): number {
  const tiny = 1e-300
  let b = x + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let h = d
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < tiny) d = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < EPS) break
  }
  return h * gammaPrefactor(a, x)
}

/** Regularized lower incomplete gamma P(a, x), a > 0, x >= 0. */
export function gammaP(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN
  if (x === 0) return 0
  if (x === Infinity) return 1
  return x < a + 1 ? seriesP(a, x) : 1 - continuedFractionQ(a, x)
}

/** Regularized upper incomplete gamma Q(a, x) = 1 − P(a, x), a > 0, x >= 0. */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return NaN
  if (x === 0) return 1
  if (x === Infinity) return 0
  return x < a + 1 ? 1 - seriesP(a, x) : continuedFractionQ(a, x)
}

/** Complementary error function. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN
  if (x >= 0) return gammaQ(0.5, x * x)
  return 1 + gammaP(0.5, x * x)
}

/** P(Z > z) for a standard normal Z. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2)
}

/** Survival function of the chi-squared distribution with `dof` degrees of freedom. */
export function chi2Sf(x: number, dof: number): number {
  if (x <= 0) return 1
  return gammaQ(dof / 2, x / 2)
}

/** Round half to even, as numpy.round does. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x)
  // Math.round rounds .5 up; numpy rounds it to the even neighbour.
  if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) return r - 1
  return r
}
