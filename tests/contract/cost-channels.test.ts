import { describe, expect, it } from 'vitest'
import type { Res } from '../../src/shared/contract'
import { channelHarness } from '../helpers/channels'

describe.each(['ipc', 'http'] as const)('cost channels over %s', (kind) => {
  const h = channelHarness(kind, 'cost-')
  const { open } = h

  async function ok<C extends 'cost.recommend' | 'cost.trainingJob'>(channel: C, req: unknown): Promise<Res<C>> {
    const r = await h.call(channel, req)
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
    return r.data as Res<C>
  }

  async function refused(channel: string, req: unknown): Promise<{ code: string; message: string; issues: { path: string; message: string }[]; status?: number }> {
    const r = await h.call(channel, req)
    if (r.ok) throw new Error(`${channel} accepted ${JSON.stringify(req)}`)
    return { ...r.error, status: r.status }
  }

  it("cost.recommend sizes the fleet and reproduces AWS's cost per inference: 3 × ml.m5.xlarge, 1,113/min, 0.69/h → 1.0332e-5", async () => {
    await open()
    // A 582 ms model: 90% of 4 × 60,000 / 582 = 371.13 a minute per instance; 17 requests/s needs 3.
    const r = await ok('cost.recommend', { seed: 1, model: { cpuMsPerRequest: 582, memoryGiB: 1, payloadKiB: 2 }, instanceTypes: ['ml.m5.xlarge'], traffic: { requestsPerSecond: 17 } })
    expect(r.recommendations).toHaveLength(1)
    expect(r.recommendations[0]).toMatchObject({ InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 3, MaxInvocations: 1113, meetsRequirement: true })
    expect(r.recommendations[0].CostPerInference).toBeCloseTo(1.0332434612791985e-5, 12)
    expect(r.priceAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(r.simplifications.length).toBeGreaterThan(0)
  })

  it('cost.recommend over the whole catalog puts the cheapest acceptable first and lists what cannot hold the model', async () => {
    await open()
    const r = await ok('cost.recommend', { seed: 1, model: { cpuMsPerRequest: 6, memoryGiB: 3.5, payloadKiB: 2 }, traffic: { requestsPerSecond: 50 }, latencyP99Ms: 50 })
    // 3.5 + 1 GiB does not fit the 4 GiB types.
    expect(r.excluded.map((x) => x.InstanceType)).toEqual(['ml.t2.medium', 'ml.c5.large', 'ml.c6i.large'])
    const first = r.recommendations[0]
    expect(first.meetsRequirement).toBe(true)
    // The cheapest type with 8 GiB: ml.t2.large at $0.112.
    expect(first.InstanceType).toBe('ml.t2.large')
    const acceptable = r.recommendations.filter((x) => x.meetsRequirement).map((x) => x.CostPerHour)
    expect(acceptable).toEqual([...acceptable].sort((a, b) => a - b))
  })

  it('cost.recommend refuses an unknown instance type listing the valid ones, and a model no instance can hold naming the memory needed', async () => {
    await open()
    const e = await refused('cost.recommend', { seed: 1, model: { cpuMsPerRequest: 5, memoryGiB: 1, payloadKiB: 1 }, instanceTypes: ['ml.m9.mega'] })
    expect(e.code).toBe('VALIDATION')
    if (kind === 'http') expect(e.status).toBe(400)
    expect(e.issues[0].path).toBe('instanceTypes[0]')
    expect(e.issues[0].message).toContain('valid types: ml.t2.medium')
    const big = await refused('cost.recommend', { seed: 1, model: { cpuMsPerRequest: 5, memoryGiB: 100, payloadKiB: 1 } })
    expect(big.issues[0].path).toBe('model.memoryGiB')
    expect(big.issues[0].message).toContain('needs 101 GiB')
  })

  it('cost.recommend names a missing seed and a wrongly typed field (the contract schema)', async () => {
    await open()
    const e = await refused('cost.recommend', { model: { cpuMsPerRequest: '5', memoryGiB: 1, payloadKiB: 1 } })
    expect(e.code).toBe('VALIDATION')
    expect(e.issues.map((i) => i.path).sort()).toEqual(['model.cpuMsPerRequest', 'seed'])
  })

  it('cost.trainingJob: the same seed gives the same Spot job on both transports; AWS savings formula on the billed seconds', async () => {
    await open()
    const req = {
      seed: 42,
      InstanceType: 'ml.g4dn.xlarge',
      InstanceCount: 1,
      trainingSeconds: 36_000,
      EnableManagedSpotTraining: true,
      MaxRuntimeInSeconds: 72_000,
      MaxWaitTimeInSeconds: 86_400,
      checkpointing: true
    }
    const a = await ok('cost.trainingJob', req)
    const b = await ok('cost.trainingJob', req)
    expect(b).toEqual(a)
    expect(a.BillableTimeInSeconds).toBeLessThanOrEqual(a.TrainingTimeInSeconds)
    expect(a.savingsPercent).toBeCloseTo((1 - a.BillableTimeInSeconds / a.TrainingTimeInSeconds) * 100, 12)
    expect(a.costUSD).toBeCloseTo((a.BillableTimeInSeconds * 0.736) / 3600, 12)
    expect(a.SecondaryStatusTransitions[0].Status).toBe('Starting')
  })

  it('cost.trainingJob on-demand: 120 + 3,600 + 60 = 3,780 s trained and billed', async () => {
    await open()
    const r = await ok('cost.trainingJob', {
      seed: 1,
      InstanceType: 'ml.m5.xlarge',
      InstanceCount: 2,
      trainingSeconds: 3600,
      EnableManagedSpotTraining: false,
      MaxRuntimeInSeconds: 86_400,
      checkpointing: false
    })
    expect(r).toMatchObject({ TrainingJobStatus: 'Completed', SecondaryStatus: 'Completed', TrainingTimeInSeconds: 3780, BillableTimeInSeconds: 3780, savingsPercent: 0 })
    expect(r.costUSD).toBeCloseTo(0.483, 12)
  })

  it('cost.trainingJob refuses MaxWaitTimeInSeconds below MaxRuntimeInSeconds and an unknown instance type, naming the fields', async () => {
    await open()
    const e = await refused('cost.trainingJob', {
      seed: 1,
      InstanceType: 'ml.q1.none',
      InstanceCount: 1,
      trainingSeconds: 600,
      EnableManagedSpotTraining: true,
      MaxRuntimeInSeconds: 3600,
      MaxWaitTimeInSeconds: 1800,
      checkpointing: true
    })
    expect(e.code).toBe('VALIDATION')
    expect(e.issues.map((i) => i.path)).toEqual(['InstanceType', 'MaxWaitTimeInSeconds'])
    expect(e.issues[0].message).toContain('valid types:')
    expect(e.issues[1].message).toContain('greater than or equal to MaxRuntimeInSeconds (3600)')
  })
})
