import { describe, expect, it } from 'vitest'
import { comparePurchasingOptions, findCrossings, type OptionMonth } from '../../../../src/main/sandbox/cost/purchasing'
import { createRng } from '../../../../src/main/sandbox/core/rng'
import { LabError } from '../../../../src/shared/errors'

const model = { name: 'm', cpuMsPerRequest: 100, memoryGiB: 1, payloadKiB: 4 }
const perRequest = 4e-6 + (8 / 1_048_576) * 0.016

function series(name: string, hourly: number[]): OptionMonth {
  const h = Float64Array.from(hourly)
  const c = new Float64Array(h.length)
  let t = 0
  h.forEach((x, i) => (c[i] = t += x))
  return { name, kind: 'onDemand', hourlyCostUSD: h, cumulativeCostUSD: c, totalCostUSD: t, p99Ms: null, detail: {} as OptionMonth['detail'] }
}

describe('findCrossings: break-even points of cumulative cost', () => {
  it('$1 every hour against $0, $0, $4, $4: equal at 2 + 2/3 hours, cheaper after that is the steady one', () => {
    // Cumulative 1, 2, 3, 4 against 0, 0, 4, 8. In hour 2 the first goes 2 → 3, the second 0 → 4:
    // 2 + s = 4s at s = 2/3.
    const x = findCrossings([series('steady', [1, 1, 1, 1]), series('late', [0, 0, 4, 4])])
    expect(x).toHaveLength(1)
    expect(x[0].atHour).toBeCloseTo(2 + 2 / 3, 12)
    expect(x[0].cheaperAfter).toBe('steady')
  })

  it('curves that touch at an hour boundary and then part cross at that boundary', () => {
    const x = findCrossings([series('a', [1, 1, 1]), series('b', [0, 2, 2])])
    // Cumulative 1, 2, 3 against 0, 2, 4: equal at the end of hour 1 (time 2), b dearer after.
    expect(x.map((c) => c.atHour)).toEqual([2])
    expect(x[0].cheaperAfter).toBe('a')
  })
})

describe('comparePurchasingOptions: one steady workload over 30 days', () => {
  // One request a second, all month.
  const run = () =>
    comparePurchasingOptions(
      { model, traffic: { pattern: 'steady', baseRpm: 60 } },
      [
        { kind: 'onDemand', InstanceType: 'ml.m5.large', InstanceCount: 1 },
        { kind: 'savingsPlan', InstanceType: 'ml.m5.large', InstanceCount: 1, commitmentPerHour: 0.0805, termYears: 1 },
        { kind: 'savingsPlan', InstanceType: 'ml.m5.large', InstanceCount: 1, commitmentPerHour: 0.0575, termYears: 3 },
        { kind: 'serverless', MemorySizeInMB: 2048, MaxConcurrency: 5 },
        { kind: 'async', InstanceType: 'ml.m5.large', MinCapacity: 0, MaxCapacity: 1, TargetValue: 5 }
      ],
      createRng(1)
    )

  it('On-Demand $0.115 × 720 h = $82.80; the plans cover it fully at 30% and 50% off: $57.96 and $41.40', () => {
    const r = run()
    expect(r.hours).toBe(720)
    const [od, sp1, sp3] = r.options
    expect(od.totalCostUSD).toBeCloseTo(82.8, 9)
    expect(sp1.totalCostUSD).toBeCloseTo(57.96, 9)
    expect(sp3.totalCostUSD).toBeCloseTo(41.4, 9)
    if (sp1.detail.kind !== 'savingsPlan') throw new Error('kind')
    expect(sp1.detail.utilizationPercent).toBeCloseTo(100, 9)
    expect(sp1.detail.coveragePercent).toBeCloseTo(100, 9)
    expect(od.cumulativeCostUSD[719]).toBeCloseTo(82.8, 9)
  })

  it('serverless bills 2,592,000 requests at $4.122e-6: about $10.68, and breaks even with the instance at 7.75 requests/s', () => {
    const r = run()
    const sl = r.options[3]
    expect(sl.totalCostUSD).toBeCloseTo(2_592_000 * perRequest, 4)
    // $0.115 an hour / (3,600 × $4.12207e-6) = 7.7497 requests a second.
    const be = r.rateBreakEvens.find((b) => b.realtime === r.options[0].name)
    expect(be?.requestsPerSecond).toBeCloseTo(0.115 / (3600 * perRequest), 9)
    expect(r.rateBreakEvens).toHaveLength(3)
  })

  it('constant hourly costs never cross; each option reports the latency it keeps', () => {
    const r = run()
    expect(r.crossings).toEqual([])
    // 1 request a second on 2 workers of 100 ms: nearly idle, p99 ≈ the service p99 268.41 ms.
    expect(r.options[0].p99Ms).toBeCloseTo(268.41, 0)
    expect(r.options[4].p99Ms).toBeNull()
  })

  it('growing traffic: serverless starts cheaper and On-Demand overtakes it where the cumulative costs meet', () => {
    const r = comparePurchasingOptions(
      { model, traffic: { pattern: 'growth', baseRpm: 120, dailyGrowthRate: 0.15 }, days: 30 },
      [
        { kind: 'onDemand', InstanceType: 'ml.m5.large', InstanceCount: 1 },
        { kind: 'serverless', MemorySizeInMB: 2048, MaxConcurrency: 50 }
      ],
      createRng(1)
    )
    expect(r.crossings).toHaveLength(1)
    const c = r.crossings[0]
    expect(c.cheaperAfter).toBe(r.options[0].name)
    const h = Math.floor(c.atHour)
    const [od, sl] = r.options
    expect(sl.cumulativeCostUSD[h - 1]).toBeLessThan(od.cumulativeCostUSD[h - 1])
    expect(sl.cumulativeCostUSD[h]).toBeGreaterThan(od.cumulativeCostUSD[h])
  })

  it('bad options are named by their position and field', () => {
    let e: unknown
    try {
      comparePurchasingOptions({ model, traffic: { pattern: 'steady', baseRpm: 60 } }, [{ kind: 'savingsPlan', InstanceType: 'ml.m5.large', InstanceCount: 1, commitmentPerHour: 0, termYears: 1 }], createRng(1))
    } catch (err) {
      e = err
    }
    expect(e).toBeInstanceOf(LabError)
    expect((e as LabError).issues[0].path).toBe('options[0].commitmentPerHour')
  })
})
