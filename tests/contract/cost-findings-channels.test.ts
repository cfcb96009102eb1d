/**
 * The rightsizing view's two channels through both transports: sandbox.endpointFindings (Compute
 * Optimizer-style findings read from a world's endpoint and its CloudWatch metrics) and the stateless
 * cost.purchasing (purchasing options for one workload over a month, with their break-even points).
 */
import { describe, expect, it } from 'vitest'
import type { Res } from '../../src/shared/contract'
import { channelHarness } from '../helpers/channels'

// One ml.m5.xlarge (4 vCPUs, speed 1, 16 GiB, $0.23/h) serving the xgboost-tabular preset (6 ms of CPU,
// 0.5 GiB) at a steady 7,400 requests a minute without Poisson noise, so every minute is the same:
// CPUUtilization = 4 × 1.5% idle + 7,400 × 6 ms / 60,000 ms × 100% = 6% + 74% = 80% summed over 4 vCPUs
// = 20% of the instance; MemoryUtilization = (0.5 + 1 GiB container) / 16 GiB = 9.375% + 3% × load
// 7,400 / 40,000 (4 workers × 60,000 / 6 ms a minute) = 9.375% + 0.555% = 9.93%.
const churn = {
  type: 'CreateEndpoint',
  EndpointName: 'churn',
  ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1, ModelPreset: 'xgboost-tabular' }],
  Traffic: { pattern: 'steady', baseRpm: 7400, noise: 'none' }
}

describe.each(['ipc', 'http'] as const)('rightsizing channels over %s', (kind) => {
  const h = channelHarness(kind, 'findings-')
  const { open, ok } = h

  async function refused(channel: string, req: unknown): Promise<{ code: string; message: string; issues: { path: string; message: string }[] }> {
    const r = await h.call(channel, req)
    if (r.ok) throw new Error(`${channel} accepted ${JSON.stringify(req)}`)
    return r.error
  }

  async function worldWithChurn(minutes: number): Promise<string> {
    const worldId = (await ok<{ id: string }>('sandbox.createWorld', { name: 'Findings', seed: 'findings-1' })).id
    await ok('sandbox.act', { worldId, action: churn })
    await ok('sandbox.act', { worldId, action: { type: 'AdvanceClock', Minutes: minutes } })
    return worldId
  }

  type Findings = Res<'sandbox.endpointFindings'>

  it('an ml.m5.xlarge at 20% CPU (P99.5) is Overprovisioned; one ml.t2.medium would run at 47.75% and save $127.02 a month', async () => {
    await open()
    const worldId = await worldWithChurn(40 * 60)
    const f = await ok<Findings>('sandbox.endpointFindings', { worldId, EndpointName: 'churn' })
    expect(f).toMatchObject({ EndpointName: 'churn', VariantName: 'AllTraffic', finding: 'Overprovisioned', lookBackPeriodInDays: 14, hoursOfData: 40, insufficientData: null })
    expect(f.findingReasonCodes).toEqual(['CPUOverprovisioned', 'MemoryOverprovisioned'])
    const metric = (name: string) => f.utilizationMetrics.find((m) => m.name === name)?.value
    expect(metric('Cpu')).toBeCloseTo(20, 9)
    expect(metric('Memory')).toBeCloseTo(9.93, 9)
    expect(metric('InvocationsPerMinute')).toBeCloseTo(7400, 9)
    expect(f.current).toMatchObject({ InstanceType: 'ml.m5.xlarge', InstanceCount: 1, costPerHour: 0.23 })
    const best = f.recommendationOptions[0]
    expect(best).toMatchObject({ rank: 1, InstanceType: 'ml.t2.medium', InstanceCount: 1, costPerHour: 0.056 })
    // ml.t2.medium: 2 vCPUs at speed 0.8, so 6 / 0.8 = 7.5 ms a request: 2 × 1.5% + 7,400 × 7.5 / 60,000 × 100%
    // = 3% + 92.5% = 95.5% summed over 2 vCPUs = 47.75% of the instance (≤ 80%: fits the 20% headroom).
    expect(best.projectedUtilizationMetrics[0]).toMatchObject({ name: 'Cpu', value: expect.closeTo(47.75, 9) })
    // Memory (0.5 + 1) / 4 GiB = 37.5% + 3% × 7,400 / 16,000 (2 × 60,000 / 7.5 ms) = 38.8875%.
    expect(best.projectedUtilizationMetrics[1]).toMatchObject({ name: 'Memory', value: expect.closeTo(38.8875, 9) })
    // ($0.23 − $0.056) × 730 h = $127.02, 75.65% of $167.90.
    expect(best.estimatedMonthlySavingsUSD).toBeCloseTo(127.02, 9)
    expect(best.savingsOpportunityPercentage).toBeCloseTo((100 * 0.174) / 0.23, 9)
    expect(f.recommendationOptions.length).toBeLessThanOrEqual(3)
    // All 40 hours sit in the 20–30% band of CPU and the 0–10% band of memory.
    expect(f.histograms.cpu.bandsPercent).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
    expect(f.histograms.cpu.hours).toEqual([0, 0, 40, 0, 0, 0, 0, 0, 0, 0])
    expect(f.histograms.memory.hours).toEqual([40, 0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect(f.note).toContain('Inference Recommender')
    expect(f.priceAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('a p99 requirement below what the endpoint keeps makes it Underprovisioned with the sandbox reason ModelLatencyAboveRequirement', async () => {
    await open()
    const worldId = await worldWithChurn(31 * 60)
    const f = await ok<Findings>('sandbox.endpointFindings', { worldId, EndpointName: 'churn', latencyP99Ms: 5 })
    // 6 ms of service alone exceeds 5 ms, so no configuration of these CPUs can meet it either.
    expect(f.finding).toBe('Underprovisioned')
    const reason = f.reasons.find((r) => r.code === 'ModelLatencyAboveRequirement')
    expect(reason).toMatchObject({ metric: 'ModelLatency', limit: 5 })
    expect(reason!.observed).toBeGreaterThan(6)
  })

  it('refuses fewer than 30 hours of data, an unknown endpoint and an unknown variant, naming the field', async () => {
    await open()
    const worldId = await worldWithChurn(10 * 60)
    const early = await refused('sandbox.endpointFindings', { worldId, EndpointName: 'churn' })
    expect(early.code).toBe('VALIDATION')
    expect(early.issues[0].path).toBe('EndpointName')
    expect(early.message).toContain('at least 30 hours')
    expect(early.message).toContain('10.0 hours')
    const missing = await refused('sandbox.endpointFindings', { worldId, EndpointName: 'fraud' })
    expect(missing.code).toBe('NOT_FOUND')
    expect(missing.issues[0].path).toBe('EndpointName')
    expect(missing.message).toContain('churn')
    const variant = await refused('sandbox.endpointFindings', { worldId, EndpointName: 'churn', VariantName: 'Blue' })
    expect(variant.issues[0]).toMatchObject({ path: 'VariantName', message: 'must be one of AllTraffic' })
    const world = await refused('sandbox.endpointFindings', { worldId: 'no-such-world', EndpointName: 'churn' })
    expect(world.code).toBe('NOT_FOUND')
  })

  it('reads only the look-back period: after 15 days an endpoint has 14 × 24 = 336 hours of data; two variants need VariantName', async () => {
    await open()
    const worldId = (await ok<{ id: string }>('sandbox.createWorld', { name: 'Long', seed: 'findings-2' })).id
    const variant = (VariantName: string) => ({ VariantName, InstanceType: 'ml.m5.large', InitialInstanceCount: 1, InitialVariantWeight: 1, ModelPreset: 'xgboost-tabular' })
    await ok('sandbox.act', { worldId, action: { ...churn, ProductionVariants: [variant('Blue'), variant('Green')], Traffic: { pattern: 'steady', baseRpm: 600, noise: 'none' } } })
    await ok('sandbox.act', { worldId, action: { type: 'AdvanceClock', Minutes: 15 * 1440 } })
    const unnamed = await refused('sandbox.endpointFindings', { worldId, EndpointName: 'churn' })
    expect(unnamed.issues[0]).toEqual({ path: 'VariantName', message: 'must be one of Blue, Green' })
    const f = await ok<Findings>('sandbox.endpointFindings', { worldId, EndpointName: 'churn', VariantName: 'Green' })
    expect(f.VariantName).toBe('Green')
    expect(f.hoursOfData).toBe(336)
    expect(f.EndTime - f.StartTime).toBe(14 * 86_400_000)
    expect(f.histograms.cpu.hours.reduce((a, b) => a + b, 0)).toBeCloseTo(336, 9)
  })

  type Purchasing = Res<'cost.purchasing'>
  const steady = { model: { cpuMsPerRequest: 100, memoryGiB: 1, payloadKiB: 4 }, traffic: { pattern: 'steady', baseRpm: 60, noise: 'none' } }

  it('cost.purchasing: On-Demand $0.115 × 720 h = $82.80; a plan without a commitment covers the fleet exactly at 30% and 50% off', async () => {
    await open()
    const r = await ok<Purchasing>('cost.purchasing', {
      seed: 1,
      workload: steady,
      options: [
        { kind: 'onDemand', InstanceType: 'ml.m5.large', InstanceCount: 1 },
        { kind: 'savingsPlan', InstanceType: 'ml.m5.large', InstanceCount: 1, termYears: 1 },
        { kind: 'savingsPlan', InstanceType: 'ml.m5.large', InstanceCount: 1, termYears: 3 }
      ]
    })
    expect(r.hours).toBe(720)
    expect(r.options.map((o) => o.cumulativeCostUSD.length)).toEqual([720, 720, 720])
    // $0.115 × 0.7 = $0.0805 and × 0.5 = $0.0575 an hour: 720 h → $57.96 and $41.40.
    expect(r.options.map((o) => o.totalCostUSD)).toEqual([expect.closeTo(82.8, 9), expect.closeTo(57.96, 9), expect.closeTo(41.4, 9)])
    expect(r.options[0].cumulativeCostUSD[23]).toBeCloseTo(24 * 0.115, 9)
    expect(r.options[1].detail).toMatchObject({ coveragePercent: expect.closeTo(100, 9), utilizationPercent: expect.closeTo(100, 9), discount: 0.3 })
    expect(r.options[1].name).toBe('Savings Plan 1y $0.0805/h on 1 × ml.m5.large')
    // Straight lines from zero never cross.
    expect(r.crossings).toEqual([])
    expect(r.priceAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })

  it('cost.purchasing: with growing traffic serverless overtakes the flat plans; at each break-even both cumulative costs are equal', async () => {
    await open()
    const r = await ok<Purchasing>('cost.purchasing', {
      seed: 1,
      workload: { model: { cpuMsPerRequest: 60, memoryGiB: 1, payloadKiB: 4 }, traffic: { pattern: 'growth', baseRpm: 200, noise: 'none', dailyGrowthRate: 0.06 } },
      options: [
        { kind: 'savingsPlan', InstanceType: 'ml.m5.large', InstanceCount: 1, termYears: 3 },
        { kind: 'serverless', MemorySizeInMB: 2048, MaxConcurrency: 20 }
      ]
    })
    expect(r.crossings).toHaveLength(1)
    const x = r.crossings[0]
    const [sp, sl] = r.options
    expect(x.cheaperAfter).toBe(sp.name)
    // Interpolating each cumulative curve linearly within the hour gives the same cost at atHour.
    const at = (c: number[], h: number) => {
      const i = Math.floor(h)
      const before = i === 0 ? 0 : c[i - 1]
      return before + (c[i] - before) * (h - i)
    }
    expect(at(sl.cumulativeCostUSD, x.atHour)).toBeCloseTo(at(sp.cumulativeCostUSD, x.atHour), 9)
    // Serverless is cheaper before, dearer after: its hourly cost grows with the traffic (6% a day).
    expect(sl.cumulativeCostUSD[Math.floor(x.atHour) - 24]).toBeLessThan(sp.cumulativeCostUSD[Math.floor(x.atHour) - 24])
    expect(sl.totalCostUSD).toBeGreaterThan(sp.totalCostUSD)
  })

  it('cost.purchasing refuses a term AWS does not sell, a memory size serverless does not offer and an unknown type, naming the field', async () => {
    await open()
    const term = await refused('cost.purchasing', { seed: 1, workload: steady, options: [{ kind: 'savingsPlan', InstanceType: 'ml.m5.large', InstanceCount: 1, termYears: 2, commitmentPerHour: 0.1 }] })
    expect(term.issues[0]).toMatchObject({ path: 'options[0].termYears' })
    expect(term.issues[0].message).toContain('1 or 3')
    const mem = await refused('cost.purchasing', { seed: 1, workload: steady, options: [{ kind: 'serverless', MemorySizeInMB: 1500, MaxConcurrency: 5 }] })
    expect(mem.issues[0].path).toBe('options[0].MemorySizeInMB')
    expect(mem.issues[0].message).toContain('1024, 2048, 3072, 4096, 5120, 6144')
    const type = await refused('cost.purchasing', { seed: 1, workload: steady, options: [{ kind: 'onDemand', InstanceType: 'ml.m9.huge', InstanceCount: 1 }] })
    expect(type.issues[0].path).toContain('InstanceType')
    expect(type.message).toContain('ml.m5.large')
  })
})
