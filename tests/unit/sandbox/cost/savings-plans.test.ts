import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applySavingsPlan } from '../../../../src/main/sandbox/cost/savings-plans'
import { LabError } from '../../../../src/shared/errors'

describe('applySavingsPlan: coverage and utilization hour by hour', () => {
  it('a $1/h commitment at 50% off over five hours of usage 3, 1, 0.5, 0, 2 (On-Demand $)', () => {
    // Hand calculation, per hour: used = min(1, U × 0.5), covered = used / 0.5, cost = 1 + (U − covered).
    //   U = 3   → used 1,    covered 2,   overflow 1, cost 2
    //   U = 1   → used 0.5,  covered 1,   overflow 0, cost 1
    //   U = 0.5 → used 0.25, covered 0.5, overflow 0, cost 1
    //   U = 0   → used 0,    covered 0,   overflow 0, cost 1
    //   U = 2   → used 1,    covered 2,   overflow 0, cost 1
    // Utilization = 2.75 / 5 = 55%. Coverage = 5.5 / 6.5 = 84.615%. Cost 6 against 6.5 On-Demand.
    const r = applySavingsPlan([3, 1, 0.5, 0, 2], { commitmentPerHour: 1, termYears: 1, discount: 0.5 })
    expect(Array.from(r.hourlyCostUSD)).toEqual([2, 1, 1, 1, 1])
    expect(r.utilizationPercent).toBeCloseTo(55, 12)
    expect(r.coveragePercent).toBeCloseTo((100 * 5.5) / 6.5, 12)
    expect(r.usedCommitmentUSD).toBeCloseTo(2.75, 12)
    expect(r.unusedCommitmentUSD).toBeCloseTo(2.25, 12)
    expect(r.onDemandOverflowUSD).toBeCloseTo(1, 12)
    expect(r.totalCostUSD).toBeCloseTo(6, 12)
    expect(r.netSavingsUSD).toBeCloseTo(0.5, 12)
    // The plan beats On-Demand in an hour once utilization passes 1 − discount.
    expect(r.breakEvenUtilizationPercent).toBeCloseTo(50, 12)
  })

  it('steady usage exactly covered: two ml.m5.xlarge ($0.46/h) with a $0.322/h 1-year plan at the illustrative 30% save 30%', () => {
    // 0.46 × (1 − 0.3) = 0.322: the commitment buys all of the usage. 720 hours: 231.84 against 331.2.
    const r = applySavingsPlan(new Float64Array(720).fill(0.46), { commitmentPerHour: 0.322, termYears: 1 })
    expect(r.discount).toBe(0.3)
    expect(r.utilizationPercent).toBeCloseTo(100, 9)
    expect(r.coveragePercent).toBeCloseTo(100, 9)
    expect(r.totalCostUSD).toBeCloseTo(231.84, 9)
    expect(r.onDemandCostUSD).toBeCloseTo(331.2, 9)
  })

  it('over-committing costs more than On-Demand: $1/h against $0.46/h of usage', () => {
    const r = applySavingsPlan(new Float64Array(24).fill(0.46), { commitmentPerHour: 1, termYears: 3 })
    // 3-year illustrative discount 50%: used 0.23 of 1 each hour → 23% utilization, 100% coverage.
    expect(r.utilizationPercent).toBeCloseTo(23, 9)
    expect(r.coveragePercent).toBeCloseTo(100, 9)
    expect(r.netSavingsUSD).toBeCloseTo(24 * (0.46 - 1), 9)
  })

  it('refuses a commitment of zero or below, and a term other than 1 or 3 years, naming the field', () => {
    for (const c of [0, -5]) {
      let e: unknown
      try {
        applySavingsPlan([1], { commitmentPerHour: c, termYears: 1 })
      } catch (err) {
        e = err
      }
      expect(e).toBeInstanceOf(LabError)
      expect((e as LabError).issues[0].path).toBe('savingsPlan.commitmentPerHour')
      expect((e as LabError).issues[0].message).toMatch(/from 0\.001 to 1,000,000.*positive hourly spend/)
    }
    expect(() => applySavingsPlan([1], { commitmentPerHour: 1, termYears: 2 as 1 })).toThrow(/termYears: must be 1 or 3/)
  })

  it('properties: cost never negative, utilization and coverage within 0–100%, cost ≥ the commitment', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.001, max: 50, noNaN: true }),
        fc.constantFrom(1 as const, 3 as const),
        (usage, c, term) => {
          const r = applySavingsPlan(usage, { commitmentPerHour: c, termYears: term })
          expect(r.totalCostUSD).toBeGreaterThanOrEqual(c * usage.length * (1 - 1e-12))
          expect(r.utilizationPercent).toBeGreaterThanOrEqual(0)
          expect(r.utilizationPercent).toBeLessThanOrEqual(100 + 1e-9)
          expect(r.coveragePercent).toBeLessThanOrEqual(100 + 1e-9)
          for (const h of r.hourlyCostUSD) expect(h).toBeGreaterThanOrEqual(0)
        }
      )
    )
  })
})
