import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createRng, hashSeed, POISSON_EXACT_LIMIT } from '../../../../src/main/sandbox/core/rng'
import { LabError } from '../../../../src/shared/errors'

function draw(seed: number | string, n: number): number[] {
  const r = createRng(seed)
  return Array.from({ length: n }, () => r.next())
}

function meanVar(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)
  return { mean, variance }
}

describe('createRng', () => {
  it('replays the same stream for the same seed, numeric or string', () => {
    expect(draw(42, 50)).toEqual(draw(42, 50))
    expect(draw('lab-3', 50)).toEqual(draw('lab-3', 50))
  })

  it('gives different streams for different seeds, including neighbouring integers', () => {
    expect(draw(1, 5)).not.toEqual(draw(2, 5))
    expect(draw('a', 5)).not.toEqual(draw('b', 5))
    // A number and its string spelling are different seeds on purpose (separate key spaces).
    expect(draw(7, 5)).not.toEqual(draw('7', 5))
  })

  it('hashes string seeds deterministically to a non-zero 128-bit state', () => {
    expect(hashSeed('s:x')).toEqual(hashSeed('s:x'))
    expect(hashSeed('')).not.toEqual([0, 0, 0, 0])
  })

  it('next() stays in [0, 1) and is roughly uniform (mean 1/2, variance 1/12)', () => {
    const xs = draw(9, 20_000)
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    const { mean, variance } = meanVar(xs)
    // Standard error of the mean: sqrt(1/12 / 20000) ≈ 0.002; allow 4 standard errors.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0082)
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.003)
  })

  it('int(lo, hi) covers both ends and nothing else', () => {
    const r = createRng(3)
    const seen = new Set<number>()
    for (let i = 0; i < 2000; i++) seen.add(r.int(-2, 2))
    expect([...seen].sort()).toEqual([-1, -2, 0, 1, 2].sort())
  })

  it('normal() has mean 0 and variance 1', () => {
    const r = createRng(5)
    const { mean, variance } = meanVar(Array.from({ length: 20_000 }, () => r.normal()))
    // SE of the mean 1/sqrt(20000) ≈ 0.0071; SE of the variance ≈ sqrt(2/20000) = 0.01.
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(variance - 1)).toBeLessThan(0.04)
  })

  it('poisson(4) (exact path) has mean 4 and variance 4', () => {
    const r = createRng(11)
    const { mean, variance } = meanVar(Array.from({ length: 20_000 }, () => r.poisson(4)))
    // SE of the mean sqrt(4/20000) ≈ 0.014; SE of the variance ≈ sqrt((λ + 2λ²)/n) ≈ 0.042.
    expect(Math.abs(mean - 4)).toBeLessThan(0.06)
    expect(Math.abs(variance - 4)).toBeLessThan(0.2)
  })

  it('poisson(1) gives zero with probability e^-1 ≈ 0.3679', () => {
    const r = createRng(12)
    let zeros = 0
    for (let i = 0; i < 20_000; i++) if (r.poisson(1) === 0) zeros++
    // SE sqrt(0.3679 · 0.6321 / 20000) ≈ 0.0034.
    expect(Math.abs(zeros / 20_000 - Math.exp(-1))).toBeLessThan(0.014)
  })

  it(`poisson(500) (normal approximation above ${POISSON_EXACT_LIMIT}) has mean and variance 500`, () => {
    const r = createRng(13)
    const xs = Array.from({ length: 20_000 }, () => r.poisson(500))
    const { mean, variance } = meanVar(xs)
    // SE of the mean sqrt(500/20000) = 0.158; SE of the variance ≈ sqrt(2 · 500² / 20000) = 5.
    expect(Math.abs(mean - 500)).toBeLessThan(0.7)
    expect(Math.abs(variance - 500)).toBeLessThan(22)
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true)
  })

  it('binomial(n, p) has mean np and stays within [0, n]', () => {
    const r = createRng(14)
    const small = meanVar(Array.from({ length: 10_000 }, () => r.binomial(20, 0.3)))
    // np = 6, np(1-p) = 4.2; SE of the mean ≈ 0.02.
    expect(Math.abs(small.mean - 6)).toBeLessThan(0.1)
    expect(Math.abs(small.variance - 4.2)).toBeLessThan(0.3)
    const big = Array.from({ length: 5_000 }, () => r.binomial(10_000, 0.5))
    expect(Math.abs(meanVar(big).mean - 5000)).toBeLessThan(3)
    expect(big.every((x) => x >= 0 && x <= 10_000)).toBe(true)
    expect(r.binomial(7, 1)).toBe(7)
    expect(r.binomial(0, 0.5)).toBe(0)
  })

  it('fork(label) depends only on the seed and label, not on draws already made', () => {
    const a = createRng(99)
    const b = createRng(99)
    for (let i = 0; i < 10; i++) b.next()
    const fa = a.fork('endpoint:fraud')
    const fb = b.fork('endpoint:fraud')
    expect([fa.next(), fa.next()]).toEqual([fb.next(), fb.next()])
    expect(a.fork('x').next()).not.toEqual(a.fork('y').next())
    expect(a.fork('x').seedKey).toBe('n:99/x')
  })

  it('rejects invalid seeds and parameters with a LabError naming the field', () => {
    expect(() => createRng(Number.NaN)).toThrow(LabError)
    expect(() => createRng(Infinity)).toThrow(/seed/)
    const r = createRng(1)
    expect(() => r.poisson(-1)).toThrow(/lambda/)
    expect(() => r.poisson(Number.NaN)).toThrow(/lambda/)
    expect(() => r.binomial(3.5, 0.1)).toThrow(/n must be an integer/)
    expect(() => r.binomial(3, 1.5)).toThrow(/p must be in \[0, 1\]/)
    expect(() => r.int(3, 1)).toThrow(LabError)
  })

  it('property: any seed replays identically', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.string()), (seed) => {
        const a = createRng(seed)
        const b = createRng(seed)
        for (let i = 0; i < 20; i++) {
          if (a.next() !== b.next()) return false
          if (a.poisson(30) !== b.poisson(30)) return false
        }
        return true
      })
    )
  })
})
