/**
 * Seeded randomness for the sandbox.
 *
 * Every simulation is a pure function of (scenario, learner's choices, seed), so nothing here reads
 * the clock or Math.random. Uniform bits come from pure-rand's xoroshiro128+ generator; the
 * distributions on top (normal, Poisson, binomial) are written here so their approximations are
 * documented in one place.
 *
 * Streams: `fork(label)` derives a child stream from the parent's *seed key* and the label only,
 * never from how many numbers the parent has already drawn. Adding a new endpoint to a scenario
 * therefore cannot shift the numbers of an existing one.
 */
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { LabError } from '../../../shared/errors'

export interface Rng {
  /** The stable key the stream was derived from (`n:<seed>` or `s:<seed>`, plus `/label` per fork). */
  readonly seedKey: string
  /** Uniform in [0, 1), 53 bits of randomness. */
  next(): number
  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number
  /** Standard normal (mean 0, sd 1), Box–Muller. */
  normal(): number
  /**
   * Poisson(lambda). Exact (inversion by sequential search) for lambda < POISSON_EXACT_LIMIT;
   * above it a rounded normal approximation N(lambda, lambda), whose skewness error 1/sqrt(lambda)
   * is below 0.13 there.
   */
  poisson(lambda: number): number
  /**
   * Binomial(n, p). Exact (n Bernoulli draws) for n <= 64; above it the Poisson approximation when
   * p <= 0.05 (or p >= 0.95, mirrored) and a rounded normal approximation otherwise. Always clamped
   * to [0, n].
   */
  binomial(n: number, p: number): number
  /** An independent, deterministic child stream named `label`. */
  fork(label: string): Rng
}

export const POISSON_EXACT_LIMIT = 60
const BINOMIAL_EXACT_LIMIT = 64

/**
 * 128-bit string hash: four 32-bit lanes of multiply–xor accumulation, each finished with the
 * MurmurHash3 32-bit finaliser and cross-mixed so that every input character affects every lane.
 */
export function hashSeed(key: string): [number, number, number, number] {
  let h1 = 0x9e3779b9
  let h2 = 0x243f6a88
  let h3 = 0xb7e15162
  let h4 = 0x85a308d3
  for (let i = 0; i < key.length; i++) {
    const k = key.charCodeAt(i)
    h1 = Math.imul(h1 ^ k, 0x85ebca6b)
    h2 = Math.imul(h2 ^ k, 0xc2b2ae35)
    h3 = Math.imul(h3 ^ k, 0x27d4eb2f)
    h4 = Math.imul(h4 ^ k, 0x165667b1)
    h1 = (h1 << 13) | (h1 >>> 19)
    h2 = (h2 << 17) | (h2 >>> 15)
    h3 = (h3 << 11) | (h3 >>> 21)
    h4 = (h4 << 7) | (h4 >>> 25)
  }
  h1 = fmix32(h1 ^ key.length ^ h3)
  h2 = fmix32(h2 ^ key.length ^ h4)
  h3 = fmix32(h3 ^ h1)
  h4 = fmix32(h4 ^ h2)
  // xoroshiro128+ must not start from the all-zero state.
  if ((h1 | h2 | h3 | h4) === 0) h1 = 1
  return [h1 | 0, h2 | 0, h3 | 0, h4 | 0]
}

function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h
}

function seedKeyOf(seed: number | string): string {
  if (typeof seed === 'number') {
    if (!Number.isFinite(seed)) {
      throw new LabError('VALIDATION', `seed: must be a finite number or a string, got ${seed}`, [
        { path: 'seed', message: 'must be a finite number or a string' }
      ])
    }
    return `n:${seed}`
  }
  if (typeof seed !== 'string') {
    throw new LabError('VALIDATION', 'seed: must be a finite number or a string', [
      { path: 'seed', message: 'must be a finite number or a string' }
    ])
  }
  return `s:${seed}`
}

export function createRng(seed: number | string): Rng {
  return rngFromKey(seedKeyOf(seed))
}

/**
 * The state of one stream. The distributions below are plain functions of it rather than closures
 * calling closures: every fork makes new closures, so a closure-to-closure call site sees a different
 * target per stream, and V8 then neither inlines the call nor avoids allocating its double result.
 */
class Stream {
  /** The second normal of the last Box–Muller pair, valid while `hasSpare`. */
  spare = 0
  hasSpare = false

  constructor(readonly gen: ReturnType<typeof xoroshiro128plusFromState>) {}
}

function uniform(s: Stream): number {
  return uniformFloat64(s.gen)
}

function normal(s: Stream): number {
  if (s.hasSpare) {
    s.hasSpare = false
    return s.spare
  }
  // 1 - next() is in (0, 1], so the logarithm is finite.
  const u1 = 1 - uniform(s)
  const u2 = uniform(s)
  const r = Math.sqrt(-2 * Math.log(u1))
  const theta = 2 * Math.PI * u2
  s.spare = r * Math.sin(theta)
  s.hasSpare = true
  return r * Math.cos(theta)
}

function poisson(s: Stream, lambda: number): number {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) {
    throw new LabError('VALIDATION', `poisson: lambda must be a finite number >= 0, got ${lambda}`, [
      { path: 'lambda', message: 'must be a finite number >= 0' }
    ])
  }
  if (lambda === 0) return 0
  if (lambda < POISSON_EXACT_LIMIT) {
    const u = uniform(s)
    let k = 0
    let p = Math.exp(-lambda)
    let cdf = p
    // The guard stops the walk if rounding leaves cdf a hair below u far in the tail.
    while (u > cdf && k < 10 * POISSON_EXACT_LIMIT) {
      k++
      p *= lambda / k
      cdf += p
    }
    return k
  }
  const x = Math.round(lambda + Math.sqrt(lambda) * normal(s))
  return x < 0 ? 0 : x
}

function binomial(s: Stream, n: number, p: number): number {
  if (!Number.isInteger(n) || n < 0) {
    throw new LabError('VALIDATION', `binomial: n must be an integer >= 0, got ${n}`, [
      { path: 'n', message: 'must be an integer >= 0' }
    ])
  }
  if (!(p >= 0 && p <= 1)) {
    throw new LabError('VALIDATION', `binomial: p must be in [0, 1], got ${p}`, [
      { path: 'p', message: 'must be in [0, 1]' }
    ])
  }
  if (n === 0 || p === 0) return 0
  if (p === 1) return n
  if (n <= BINOMIAL_EXACT_LIMIT) {
    let k = 0
    for (let i = 0; i < n; i++) if (uniform(s) < p) k++
    return k
  }
  let x: number
  if (p <= 0.05) x = poisson(s, n * p)
  else if (p >= 0.95) x = n - poisson(s, n * (1 - p))
  else x = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * normal(s))
  return x < 0 ? 0 : x > n ? n : x
}

function int(s: Stream, lo: number, hi: number): number {
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) {
    throw new LabError('VALIDATION', `int: needs integers lo <= hi, got ${lo}, ${hi}`, [
      { path: 'lo', message: 'lo and hi must be integers with lo <= hi' }
    ])
  }
  return lo + Math.floor(uniform(s) * (hi - lo + 1))
}

/**
 * One stream as an object whose methods live on its class: every stream of every world then calls
 * the same functions, so code the JIT optimized for one world's streams does not deoptimize on the
 * next world's ("wrong call target"), as it did when each stream was an object of its own closures.
 */
class StreamRng implements Rng {
  private readonly s: Stream

  constructor(readonly seedKey: string) {
    this.s = new Stream(xoroshiro128plusFromState(hashSeed(seedKey)))
  }

  next(): number {
    return uniform(this.s)
  }

  int(lo: number, hi: number): number {
    return int(this.s, lo, hi)
  }

  normal(): number {
    return normal(this.s)
  }

  poisson(lambda: number): number {
    return poisson(this.s, lambda)
  }

  binomial(n: number, p: number): number {
    return binomial(this.s, n, p)
  }

  fork(label: string): Rng {
    return rngFromKey(`${this.seedKey}/${label}`)
  }
}

function rngFromKey(seedKey: string): Rng {
  return new StreamRng(seedKey)
}

/**
 * Counter-based draws, for simulations that regenerate millions of values on demand (a monitoring
 * schedule re-reading each hour of captured records): the j-th number of the stream with key
 * (k1, k2) is a hash of (k1, k2, j), in the manner of SplitMix and of the counter-based generators
 * of Salmon et al. ("Parallel random numbers: as easy as 1, 2, 3", SC 2011). A stream is then three
 * 32-bit integers: opening one costs a few multiplications instead of hashing a string, and any
 * stream can be reopened at any time to give the same numbers. The hash is two rounds of the
 * MurmurHash3 finaliser around a Weyl sequence (j times the golden ratio): each round is a bijection
 * of 32-bit integers, so distinct counters of a key give distinct outputs.
 */
export class CounterStream {
  k1 = 0
  k2 = 0
  counter = 0

  /** Reopens the stream at its first number: (k1, k2) from a key, e.g. `keyOfSeed` and `subKey`. */
  open(k1: number, k2: number): this {
    this.k1 = k1 | 0
    this.k2 = k2 | 0
    this.counter = 0
    return this
  }

  /** Sets the counter, so the next number is number `counter + 1` of the stream. */
  seek(counter: number): this {
    this.counter = counter | 0
    return this
  }

  /** The next 32 random bits, as an unsigned integer. */
  bits32(): number {
    this.counter = (this.counter + 1) | 0
    return counterBits(this.k1, this.k2, this.counter)
  }

  /** Uniform in (0, 1): a multiple of 2^-32 plus 2^-33, so never 0 or 1 (logarithms stay finite). */
  next(): number {
    return unitFromBits(this.bits32())
  }

  /** Standard normal by the ziggurat method (zigguratNormal). */
  normal(): number {
    return zigguratNormal(this)
  }

  /** Uniform integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1))
  }
}

/** 32 random bits as a uniform in (0, 1): b · 2^-32 + 2^-33, never 0 or 1 (CounterStream.next). */
export function unitFromBits(b: number): number {
  return b * 2.3283064365386963e-10 + 1.1641532182693481e-10
}

/**
 * Number j of the counter stream with key (k1, k2), as 32 unsigned bits: what `bits32` gives when
 * the stream's counter was j − 1. For loops that draw one number from each of many streams without
 * reopening a CounterStream per draw.
 */
export function counterBits(k1: number, k2: number, j: number): number {
  return fmix32(fmix32(Math.imul(j, 0x9e3779b9) ^ k2) ^ k1) >>> 0
}

/** A 64-bit key for counter streams from a seed key: the first two lanes of its 128-bit hash. */
export function keyOfSeed(seedKey: string): [number, number] {
  const [h1, h2] = hashSeed(seedKey)
  return [h1, h2]
}

/**
 * The key of a sub-stream: key (k1, k2) and a label number n (a minute, a record index, a purpose).
 * Each lane goes through a bijection of n, so the labels 0 … 2^32 − 1 of one key give distinct k1.
 */
export function subKey(k1: number, k2: number, n: number): [number, number] {
  const lo = n | 0
  const hi = Math.floor(n / 4294967296) | 0
  return [fmix32(k1 ^ fmix32(Math.imul(lo, 0x85ebca6b) ^ hi)), fmix32(k2 ^ fmix32(Math.imul(lo ^ 0x5bd1e995, 0xc2b2ae35) + hi))]
}

/**
 * The ziggurat of Marsaglia and Tsang ("The Ziggurat Method for Generating Random Variables",
 * Journal of Statistical Software 5(8), 2000) for the standard normal, in Doornik's formulation
 * ("An Improved Ziggurat Method to Generate Normal Random Samples", 2005): 128 layers of equal area
 * V under f(x) = exp(−x²/2), the base layer holding the tail beyond R. About 98.8 % of draws take one
 * 32-bit number (7 bits pick the layer, 25 bits the position); the rest are decided against f, and
 * the tail by Marsaglia's exponential method.
 */
const ZIG_LAYERS = 128
const ZIG_R = 3.442619855899
const ZIG_V = 9.91256303526217e-3
const zigX = new Float64Array(ZIG_LAYERS + 1)
const zigRatio = new Float64Array(ZIG_LAYERS)
const zigF = new Float64Array(ZIG_LAYERS + 1)
{
  const f = (x: number): number => Math.exp(-0.5 * x * x)
  zigX[0] = ZIG_V / f(ZIG_R)
  zigX[1] = ZIG_R
  for (let i = 2; i < ZIG_LAYERS; i++) zigX[i] = Math.sqrt(-2 * Math.log(ZIG_V / zigX[i - 1] + f(zigX[i - 1])))
  zigX[ZIG_LAYERS] = 0
  for (let i = 0; i < ZIG_LAYERS; i++) zigRatio[i] = zigX[i + 1] / zigX[i]
  for (let i = 0; i <= ZIG_LAYERS; i++) zigF[i] = f(zigX[i])
}

/** The ziggurat's layer edges x_0 (the base's pseudo-width V/f(R)), x_1 = R, …, x_128 = 0 (for tests). */
export const ZIGGURAT_EDGES: Readonly<Float64Array> = zigX

/**
 * The ziggurat's draw when its first 32 bits `b` decide it alone (about 98.8 % of draws: the point
 * falls in the layer's inner rectangle), else NaN; zigguratNormal from the same place in the
 * stream then gives the draw (it reads b again first).
 */
export function zigguratQuick(b: number): number {
  const i = b & (ZIG_LAYERS - 1)
  const u = ((b >>> 7) + 0.5) * 5.960464477539063e-8 - 1
  return Math.abs(u) < zigRatio[i] ? u * zigX[i] : NaN
}

export function zigguratNormal(s: { bits32(): number; next(): number }): number {
  for (;;) {
    const b = s.bits32()
    const i = b & (ZIG_LAYERS - 1)
    // u uniform in (−1, 1) from the upper 25 bits.
    const u = ((b >>> 7) + 0.5) * 5.960464477539063e-8 - 1
    const z = u * zigX[i]
    if (Math.abs(u) < zigRatio[i]) return z
    if (i === 0) {
      // The tail beyond R: x = −ln(U1)/R, accepted when −2·ln(U2) > x² (Marsaglia 1964).
      let x: number
      let y: number
      do {
        x = -Math.log(s.next()) / ZIG_R
        y = -Math.log(s.next())
      } while (y + y < x * x)
      return u < 0 ? -(ZIG_R + x) : ZIG_R + x
    }
    // The part of layer i outside the inner rectangle: accept (z, y) with y uniform between the
    // layer's heights when y is under the curve.
    if (zigF[i] + s.next() * (zigF[i + 1] - zigF[i]) < Math.exp(-0.5 * z * z)) return z
  }
}
