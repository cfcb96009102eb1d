/**
 * The distributions behind `scipy.stats.ks_2samp`'s asymptotic branch, reproduced branch for branch
 * from scipy 1.17 (`scipy/stats/_ksstats.py` and the Smirnov function of `scipy.special`):
 * - `kstwoSf(d, n)`: survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n
 *   (`scipy.stats.kstwo.sf`), choosing between the Ruben–Gambino closed forms, the Durbin matrix
 *   (Marsaglia–Tsang–Wang), the Pomeranz recursion, the Pelz–Good expansion and twice the one-sided
 *   Smirnov probability exactly where scipy's Simard–L'Ecuyer rules do;
 * - `smirnovSf(n, x)`: P(D_n+ > x), the Birnbaum–Tingey sum.
 * scipy evaluates the Smirnov sum in double-double arithmetic; here it is summed in doubles with the
 * binomial coefficient kept as mantissa and exponent, which agrees with scipy to about 1e-11
 * relative even for n = 500,000 (see the reference tests).
 */
import { stirlingRemainder } from './special'

const E128 = 2 ** 128
const EM128 = 2 ** -128
const MIN_LOG = -708.3964185322641
const LOG_2PI = Math.log(2 * Math.PI)
const SQRT_2PI = Math.sqrt(2 * Math.PI)
const PI2 = Math.PI * Math.PI
const PI4 = PI2 * PI2
const PI6 = PI4 * PI2
const SQRT3 = Math.sqrt(3)

function clip01(p: number): number {
  return p < 0 ? 0 : p > 1 ? 1 : p
}

/** log(n! / n^n) by Stirling's series with n·log n removed first (as scipy does). */
function logFactorialOverPower(n: number): number {
  return Math.log(n) / 2 - n + LOG_2PI / 2 + stirlingRemainder(n)
}

/** Exact product a·b as hi + lo (Dekker's split), so floor(n·x) is decided on the exact value. */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b
  const split = 134217729 // 2^27 + 1
  const ca = split * a
  const ahi = ca - (ca - a)
  const alo = a - ahi
  const cb = split * b
  const bhi = cb - (cb - b)
  const blo = b - bhi
  const err = alo * blo - (((p - ahi * bhi) - alo * bhi) - ahi * blo)
  return [p, err]
}

/** Split x into mantissa in [0.5, 1) and a power-of-two exponent. */
function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0]
  let e = Math.ceil(Math.log2(Math.abs(x)))
  let m = x * 2 ** -e
  // log2 can be off by one at exact powers of two or through rounding; settle it exactly.
  while (Math.abs(m) >= 1) {
    m /= 2
    e += 1
  }
  while (Math.abs(m) < 0.5) {
    m *= 2
    e -= 1
  }
  return [m, e]
}

/**
 * P(D_n+ > x), the one-sided Smirnov survival function (scipy.special.smirnov), by the
 * Birnbaum–Tingey formula Σ_{v=0}^{⌊n(1−x)⌋} C(n,v) x (x + v/n)^(v−1) (1 − x − v/n)^(n−v), or its
 * complement summed from the top when that needs at most three terms.
 */
export function smirnovSf(n: number, x: number): number {
  if (!(n > 0) || !(x >= 0 && x <= 1)) return NaN
  if (n === 1) return 1 - x
  if (x === 0) return 1
  if (x === 1) return 0

  const [p, e] = twoProduct(n, x)
  let nxfl = Math.floor(p)
  if (nxfl === p && e < 0) nxfl -= 1
  let alpha = p - nxfl + e
  if (alpha >= 1) {
    nxfl += 1
    alpha = 0
  }
  let n1mxfl = n - nxfl - (alpha === 0 ? 0 : 1)
  let n1mxceil = n - nxfl
  if (alpha === 0) {
    n1mxfl -= 1
    n1mxceil += 1
  }

  if (nxfl === 0 || (nxfl === 1 && alpha === 0)) {
    const cdf = x * Math.pow(1 + x, n - 1)
    return clip01(1 - cdf)
  }
  if (-2 * n * x * x < MIN_LOG) return 0
  if (nxfl >= n - 1) return clip01(Math.pow(1 - x, n))
  if (n > 1_000_000) {
    const logp = -Math.pow(6 * n * x + 1, 2) / 18 / n
    return clip01(logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp))
  }

  const nUpperTerms = n - n1mxceil + 1
  const useUpper = (nUpperTerms <= 1 && x < 0.5) || (n >= 10 && nUpperTerms <= 3 && x <= 0.5 / Math.sqrt(n))

  // A_v = C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v), evaluated through its logarithm; the binomial
  // coefficient is carried as mantissa · 2^exponent and updated by C(n, v+1) = C(n, v)(n − v)/(v + 1).
  // In the upper sum 1 − x − v/n is negative, so the terms alternate in sign.
  let cMan = 1
  let cExp = 0
  const term = (v: number): number => {
    // t = x + v/n, computed from the exact n·x.
    const t = (v + p + e) / n
    const down = (n - v - p - e) / n
    const lnDown = t < 0.5 ? Math.log1p(-t) : Math.log(Math.abs(down))
    const sign = down < 0 && (n - v) % 2 === 1 ? -1 : 1
    return sign * Math.exp(Math.log(cMan) + cExp * Math.LN2 + (v - 1) * Math.log(t) + (n - v) * lnDown)
  }
  const updateBinomial = (j: number): void => {
    const [m, ex] = frexp((cMan * (n - j)) / (j + 1))
    cMan = m
    cExp += ex
  }

  let sum: number
  let start: number
  let step: number
  let nTerms: number
  if (useUpper) {
    start = n
    step = -1
    nTerms = n - n1mxceil + 1
    sum = Math.pow(1 + x, n - 1)
  } else {
    start = 0
    step = 1
    nTerms = n1mxfl + 1
    sum = Math.pow(1 - x, n) / x
  }
  updateBinomial(0)
  const vmid = Math.floor(n / 2)
  for (let j = 1; j < nTerms; j++) {
    const v = start + j * step
    const a = term(v)
    if (Number.isFinite(a) && a !== 0) sum += a
    if (a !== 0) {
      if (4 * (nTerms - j) * Math.abs(a) < EPS_DOUBLE * sum && j !== nTerms - 1) break
    } else if (j > vmid) {
      break
    }
    updateBinomial(j)
  }
  const prob = x * sum
  return clip01(step < 0 ? 1 - prob : prob)
}

const EPS_DOUBLE = 2.220446049250313e-16

/** Pr(D_n <= d) by Durbin's matrix algorithm as Marsaglia, Tsang and Wang evaluate it. */
function kolmognDurbin(n: number, d: number): number {
  if (d >= 1) return 1
  const nd = n * d
  if (nd <= 0.5) return 0
  const k = Math.ceil(nd)
  const h = k - nd
  const m = 2 * k - 1
  let H: Float64Array = new Float64Array(m * m)
  const v = new Float64Array(m)
  const w = new Float64Array(m)
  let fac = 1
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac
    fac /= j
    v[j - 1] = (1 - Math.pow(h, j)) * fac
  }
  const tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m)
  v[m - 1] = (1 + tt) * fac
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) H[r * m + i] = w[r - i + 1]
  for (let r = 0; r < m; r++) H[r * m] = v[r]
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]

  const matmul = (A: Float64Array, B: Float64Array): Float64Array => {
    const C = new Float64Array(m * m)
    for (let i = 0; i < m; i++) {
      for (let l = 0; l < m; l++) {
        const a = A[i * m + l]
        if (a === 0) continue
        for (let j = 0; j < m; j++) C[i * m + j] += a * B[l * m + j]
      }
    }
    return C
  }
  let Hpwr: Float64Array = new Float64Array(m * m)
  for (let i = 0; i < m; i++) Hpwr[i * m + i] = 1
  let nn = n
  let expnt = 0
  let hExpnt = 0
  while (nn > 0) {
    if (nn % 2) {
      Hpwr = matmul(Hpwr, H)
      expnt += hExpnt
    }
    H = matmul(H, H)
    hExpnt *= 2
    if (Math.abs(H[(k - 1) * m + (k - 1)]) > E128) {
      for (let i = 0; i < H.length; i++) H[i] /= E128
      hExpnt += 128
    }
    nn = Math.floor(nn / 2)
  }
  let pr = Hpwr[(k - 1) * m + (k - 1)]
  for (let i = 1; i <= n; i++) {
    pr = (i * pr) / n
    if (Math.abs(pr) < EM128) {
      pr *= E128
      expnt -= 128
    }
  }
  if (expnt !== 0) pr *= 2 ** expnt
  return clip01(pr)
}

function pomeranzBounds(i: number, n: number, ll: number, ceilf: number, roundf: number): [number, number] {
  let j1: number
  let j2: number
  if (i === 0) {
    j1 = -ll - ceilf - 1
    j2 = ll + ceilf - 1
  } else {
    const ip1div2 = Math.floor((i + 1) / 2)
    const ip1mod2 = (i + 1) % 2
    if (ip1mod2 === 0) {
      if (ip1div2 === n + 1) {
        j1 = n - ll - ceilf - 1
        j2 = n + ll + ceilf - 1
      } else {
        j1 = ip1div2 - 1 - ll - roundf - 1
        j2 = ip1div2 + ll - 1 + ceilf - 1
      }
    } else {
      j1 = ip1div2 - 1 - ll - 1
      j2 = ip1div2 + ll + roundf - 1
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)]
}

/** Pr(D_n <= x) by the Pomeranz (1974) recursion. */
function kolmognPomeranz(n: number, x: number): number {
  const t = n * x
  const ll = Math.floor(t)
  const f = t - ll
  const g = Math.min(f, 1 - f)
  const ceilf = f > 0 ? 1 : 0
  const roundf = f > 0.5 ? 1 : 0
  const npwrs = 2 * (ll + 1)
  const gpower = new Float64Array(npwrs)
  const twogpower = new Float64Array(npwrs)
  const onem2gpower = new Float64Array(npwrs)
  gpower[0] = twogpower[0] = onem2gpower[0] = 1
  let expnt = 0
  const gN = g / n
  const twoGN = (2 * g) / n
  const oneM2GN = (1 - 2 * g) / n
  for (let m = 1; m < npwrs; m++) {
    gpower[m] = (gpower[m - 1] * gN) / m
    twogpower[m] = (twogpower[m - 1] * twoGN) / m
    onem2gpower[m] = (onem2gpower[m - 1] * oneM2GN) / m
  }
  let V0 = new Float64Array(npwrs)
  let V1 = new Float64Array(npwrs)
  V1[0] = 1
  let V0s = 0
  let V1s = 0
  let [j1, j2] = pomeranzBounds(0, n, ll, ceilf, roundf)
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1
    const swap = V0
    V0 = V1
    V1 = swap
    const s = V0s
    V0s = V1s
    V1s = s
    V1.fill(0)
    ;[j1, j2] = pomeranzBounds(i, n, ll, ceilf, roundf)
    const pwrs = i === 1 || i === 2 * n + 1 ? gpower : i % 2 ? twogpower : onem2gpower
    const ln2 = j2 - k1 + 1
    if (ln2 > 0) {
      // Full convolution of V0[k1−V0s …] (length ln2) with pwrs[0 … ln2), then entries j1−k1 … j2−k1.
      // numpy slices stop at the end of the array, so either operand can be shorter than ln2.
      const base = k1 - V0s
      const aLen = Math.max(0, Math.min(ln2, npwrs - base))
      const bLen = Math.min(ln2, npwrs)
      const convStart = j1 - k1
      const convLen = j2 - j1 + 1
      let maxV = 0
      for (let c = 0; c < convLen; c++) {
        const idx = convStart + c
        let acc = 0
        const lo = Math.max(0, idx - (bLen - 1))
        const hi = Math.min(idx, aLen - 1)
        for (let q = lo; q <= hi; q++) acc += V0[base + q] * pwrs[idx - q]
        V1[c] = acc
        if (acc > maxV) maxV = acc
      }
      if (maxV > 0 && maxV < EM128) {
        for (let c = 0; c < convLen; c++) V1[c] *= E128
        expnt -= 128
      }
      V1s = V0s + j1 - k1
    }
  }
  let ans = V1[n - V1s]
  for (let m = 1; m <= n; m++) {
    if (Math.abs(ans) > E128) {
      ans *= EM128
      expnt += 128
    }
    ans *= m
  }
  if (expnt !== 0) ans *= 2 ** expnt
  return clip01(ans)
}

/** Pelz–Good approximation of Pr(D_n <= x). */
function kolmognPelzGood(n: number, x: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const z = Math.sqrt(n) * x
  const z2 = z * z
  const z3 = z2 * z
  const z4 = z2 * z2
  const z6 = z4 * z2
  const qlog = -PI2 / 8 / z2
  if (qlog < MIN_LOG_PELZ) return 0
  let q = Math.exp(qlog)
  const k1a = -z2
  const k1b = PI2 / 4
  const k2a = 6 * z6 + 2 * z4
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4
  const k2c = (PI4 * (1 - 2 * z2)) / 16
  const k3d = (PI6 * (5 - 30 * z2)) / 64
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4
  const k3a = -30 * z6 - 90 * z4 * z4
  const K = [0, 0, 0, 0]
  const maxk = Math.ceil((16 * z) / Math.PI)
  for (let k = maxk; k > 0; k--) {
    const m = 2 * k - 1
    const m2 = m * m
    const m4 = m2 * m2
    const m6 = m4 * m2
    const qpower = Math.pow(q, 8 * k)
    K[0] = K[0] * qpower + 1
    K[1] = K[1] * qpower + (k1a + k1b * m2)
    K[2] = K[2] * qpower + (k2a + k2b * m2 + k2c * m4)
    K[3] = K[3] * qpower + (k3a + k3b * m2 + k3c * m4 + k3d * m6)
  }
  const div = [z, 6 * z4, 72 * z4 * z3, 6480 * z4 * z6]
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT_2PI) / div[i]
  q = Math.exp(-PI2 / 2 / z2)
  let k2extra = 0
  let k3extra = 0
  const sqrt3z = SQRT3 * z
  for (let k = maxk; k > 0; k--) {
    const k2 = k * k
    const qp = Math.pow(q, k2)
    k2extra += k2 * qp
    const kspi = Math.PI * k
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * k2 * qp
  }
  K[2] += (k2extra * PI2 * SQRT_2PI) / (-36 * z3)
  K[3] += (k3extra * PI2 * SQRT_2PI) / (216 * z6)
  let sum = 0
  for (let i = 0; i < 4; i++) sum += K[i] / Math.pow(n, i / 2)
  return sum
}

const MIN_LOG_PELZ = -708

/**
 * Survival function of the two-sided Kolmogorov–Smirnov statistic for sample size n, exactly as
 * scipy's `_kolmogn(n, x, cdf=False)` chooses its method.
 */
export function kstwoSf(x: number, n: number): number {
  if (!Number.isInteger(n) || n <= 0 || Number.isNaN(x)) return NaN
  if (x >= 1) return 0
  if (x <= 0) return 1
  const t = n * x
  if (t <= 1) {
    if (t <= 0.5) return 1
    let prob: number
    if (n <= 140) {
      prob = 1
      const inv = 1 / n
      const f = 2 * t - 1
      for (let i = 1; i <= n; i++) prob *= i * inv * f
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1))
    }
    return clip01(1 - prob)
  }
  if (t >= n - 1) return clip01(2 * Math.pow(1 - x, n))
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x))
  const nx2 = t * x
  if (n <= 140) {
    if (nx2 <= 0.754693) return clip01(1 - kolmognDurbin(n, x))
    if (nx2 <= 4) return clip01(1 - kolmognPomeranz(n, x))
    return clip01(2 * smirnovSf(n, x))
  }
  if (nx2 >= 370) return 0
  if (nx2 >= 2.2) return clip01(2 * smirnovSf(n, x))
  const cdf = n <= 100000 && n * Math.pow(x, 1.5) <= 1.4 ? kolmognDurbin(n, x) : kolmognPelzGood(n, x)
  return clip01(1 - cdf)
}
