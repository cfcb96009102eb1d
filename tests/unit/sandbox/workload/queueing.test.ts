import { describe, expect, it } from 'vitest'
import { erlangB, erlangC, mgcMeanWait, mmcMeanWait } from '../../../../src/main/sandbox/workload'

describe('queueing formulas', () => {
  it('M/M/1: λ = 0.5/s, service 1 s → Wq = ρ/(μ − λ) = 0.5/0.5 = 1 s', () => {
    expect(mmcMeanWait(1, 0.5, 1)).toBeCloseTo(1, 10)
  })

  it('M/M/2 at ρ = 0.75: P(wait) = 2ρ²/(1+ρ) = 0.642857, Wq = 0.642857/(2 − 1.5) = 1.285714 s', () => {
    // Erlang B by hand: B(1) = 1.5/2.5 = 0.6; B(2) = 1.5·0.6/(2 + 0.9) = 0.310345.
    expect(erlangB(2, 1.5)).toBeCloseTo(0.310345, 6)
    expect(erlangC(2, 1.5)).toBeCloseTo(0.642857, 6)
    expect(mmcMeanWait(2, 1.5, 1)).toBeCloseTo(1.285714, 6)
  })

  it('Allen–Cunneen with deterministic service on one server is Pollaczek–Khinchine M/D/1: Wq = ρ/(2μ(1−ρ)) = 0.5 s', () => {
    expect(mgcMeanWait(1, 0.5, 1, 0)).toBeCloseTo(0.5, 10)
  })

  it('exponential service (cs = 1) makes Allen–Cunneen equal to M/M/c', () => {
    expect(mgcMeanWait(4, 3, 1, 1)).toBeCloseTo(mmcMeanWait(4, 3, 1), 12)
  })

  it('no load means no wait; load at or above capacity means an unbounded wait', () => {
    expect(mmcMeanWait(3, 0, 0.1)).toBe(0)
    expect(erlangC(2, 2)).toBe(1)
    expect(mmcMeanWait(2, 20, 0.1)).toBe(Infinity)
  })
})
