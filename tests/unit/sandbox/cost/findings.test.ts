import { describe, expect, it } from 'vitest'
import { endpointFindings, nearestRankPercentile, type UtilizationInput } from '../../../../src/main/sandbox/cost/findings'

// A 10 ms CPU model of 1 GiB.
const model = { name: 'm', cpuMsPerRequest: 10, memoryGiB: 1, payloadKiB: 2 }
const hours = (n: number, value: number): number[] => new Array<number>(n).fill(value)

function input(over: Partial<UtilizationInput>): UtilizationInput {
  return {
    InstanceType: 'ml.m5.2xlarge',
    InstanceCount: 2,
    model,
    periodSeconds: 3600,
    // 600 requests a minute over two 8-vCPU instances: 300 each → 8 × 1.5% idle + 300 × 10 ms / 60 s = 17%.
    cpuUtilization: hours(336, 17),
    memoryUtilization: hours(336, 6.27),
    invocations: hours(336, 36_000),
    ...over
  }
}

describe('nearestRankPercentile', () => {
  it('P99.5 of 336 hourly values is the 335th smallest (rank ceil(0.995 × 336) = 335)', () => {
    const xs = Array.from({ length: 336 }, (_, i) => i + 1)
    expect(nearestRankPercentile(xs, 99.5)).toBe(335)
  })
})

describe('endpointFindings: Compute Optimizer vocabulary for an endpoint', () => {
  it('Overprovisioned: 2 × ml.m5.2xlarge at 2% CPU; one ml.t2.medium fits within the 20% headroom and saves $632.18 a month', () => {
    const r = endpointFindings(input({}))
    expect(r.finding).toBe('Overprovisioned')
    expect(r.findingReasonCodes).toEqual(['CPUOverprovisioned', 'MemoryOverprovisioned'])
    // CPU 17% summed over 8 vCPUs = 2.125% of the instance.
    expect(r.utilizationMetrics.find((m) => m.name === 'Cpu')?.value).toBeCloseTo(2.125, 12)
    const best = r.recommendationOptions[0]
    expect(best.InstanceType).toBe('ml.t2.medium')
    expect(best.InstanceCount).toBe(1)
    // Projected on ml.t2.medium (2 vCPU at 0.8): 600 × 12.5 ms / 60 s = 12.5% + 3% idle = 15.5% summed → 7.75%;
    // memory (1 + 1) / 4 GiB = 50% + 3% × 600 / 9,600 (2 × 60,000 / 12.5 requests a minute at full load).
    expect(best.projectedUtilizationMetrics[0].value).toBeCloseTo((3 + 600 * (10 / 0.8) / 600) / 2, 9)
    expect(best.projectedUtilizationMetrics[1].value).toBeCloseTo(50 + (3 * 600) / 9_600, 9)
    // (2 × $0.461 − $0.056) × 730 h = $632.18.
    expect(best.estimatedMonthlySavingsUSD).toBeCloseTo((0.922 - 0.056) * 730, 9)
    expect(best.savingsOpportunityPercentage).toBeCloseTo((100 * 0.866) / 0.922, 9)
    // Up to three options, cheapest first: $0.056, then the two $0.102 types, the faster vCPU (c6i, 1.25
    // against c5's 1.1) first because its projected p99 is lower.
    expect(r.recommendationOptions.map((o) => o.InstanceType)).toEqual(['ml.t2.medium', 'ml.c6i.large', 'ml.c5.large'])
    expect(r.note).toContain('Inference Recommender')
  })

  it('Underprovisioned: ml.c5.large whose CPU reaches 176% of 200% in its busiest hours (88% > 80%); the reason says how far', () => {
    // Seven of 336 hours at 176%: the 335th smallest value is 176.
    const cpu = [...hours(329, 120), ...hours(7, 176)]
    const r = endpointFindings(
      input({ InstanceType: 'ml.c5.large', InstanceCount: 1, model: { ...model, cpuMsPerRequest: 40 }, cpuUtilization: cpu, memoryUtilization: hours(336, 52), invocations: hours(336, 2800 * 60) })
    )
    expect(r.finding).toBe('Underprovisioned')
    expect(r.reasons).toHaveLength(1)
    expect(r.reasons[0]).toMatchObject({ code: 'CPUUnderprovisioned', metric: 'CPUUtilization', statistic: 'P99_5', observed: 88, limit: 80 })
    expect(r.reasons[0].message).toContain('above 80 by 8')
    for (const o of r.recommendationOptions) expect(o.projectedUtilizationMetrics[0].value).toBeLessThanOrEqual(80)
    const costs = r.recommendationOptions.map((o) => o.costPerHour)
    expect(costs).toEqual([...costs].sort((a, b) => a - b))
  })

  it('Optimized: the cheapest type in the catalog already fits; the options cost more (negative savings)', () => {
    const r = endpointFindings(input({ InstanceType: 'ml.t2.medium', InstanceCount: 1, cpuUtilization: hours(336, 15.5), memoryUtilization: hours(336, 50.2) }))
    expect(r.finding).toBe('Optimized')
    expect(r.reasons).toEqual([])
    expect(r.recommendationOptions[0].estimatedMonthlySavingsUSD).toBeLessThan(0)
  })

  it('a GPU the model does not use is over-provisioned: GPUOverprovisioned', () => {
    const r = endpointFindings(input({ InstanceType: 'ml.g4dn.xlarge', InstanceCount: 1, cpuUtilization: hours(336, 16), memoryUtilization: hours(336, 13) }))
    expect(r.finding).toBe('Overprovisioned')
    expect(r.findingReasonCodes).toContain('GPUOverprovisioned')
  })

  it('a latency requirement the endpoint misses adds ModelLatencyAboveRequirement', () => {
    const r = endpointFindings(input({ modelLatencyP99Ms: hours(336, 45), latencyP99Ms: 40 }))
    expect(r.finding).toBe('Underprovisioned')
    expect(r.reasons[0]).toMatchObject({ code: 'ModelLatencyAboveRequirement', observed: 45, limit: 40 })
  })

  it('needs 30 hours of data in the last 14 days: 29 hourly datapoints give no finding, 30 do; per-minute data counts the same', () => {
    const short = endpointFindings(input({ cpuUtilization: hours(29, 17), memoryUtilization: hours(29, 6.27), invocations: hours(29, 36_000) }))
    expect(short.finding).toBeNull()
    expect(short.insufficientData).toContain('at least 30 hours')
    expect(short.hoursOfData).toBe(29)
    const enough = endpointFindings(input({ cpuUtilization: hours(30, 17), memoryUtilization: hours(30, 6.27), invocations: hours(30, 36_000) }))
    expect(enough.finding).toBe('Overprovisioned')
    const minutes = (n: number, v: number) => new Array<number>(n).fill(v)
    const perMinute = endpointFindings(input({ periodSeconds: 60, cpuUtilization: minutes(1799, 17), memoryUtilization: minutes(1799, 6.27), invocations: minutes(1799, 600) }))
    expect(perMinute.finding).toBeNull()
    // Gaps (null) are not data; datapoints older than 14 days are outside the look-back period.
    const old = endpointFindings(input({ cpuUtilization: [...hours(100, 17), ...new Array<null>(336).fill(null)], memoryUtilization: hours(436, 6.27), invocations: hours(436, 36_000) }))
    expect(old.finding).toBeNull()
  })
})
