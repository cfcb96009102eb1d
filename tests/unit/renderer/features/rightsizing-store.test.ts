/**
 * The Rightsizing store against a fake host: cost.recommend pre-ticks the candidates for the job, the
 * cost.loadTest job is polled to its end, findings are asked for the world and endpoint picked (a
 * late answer for one the learner left is dropped, a refusal shows its field issue), and the
 * purchasing comparison sends the five options for one workload.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import type { Res } from '@shared/contract'
import { createRightsizingState, DEFAULT_PURCHASING, purchasingRequest } from '@/features/cost/rightsizing-store'
import { FakeClient, settle } from '../fake-client'

type Status = Res<'jobs.get'>
const rec = (InstanceType: string, CostPerHour: number, meetsRequirement: boolean) =>
  ({ InstanceType, InitialInstanceCount: 1, ModelLatency: 10, MaxInvocations: 1000, CostPerHour, CostPerInference: CostPerHour / 60_000, CpuUtilization: 50, MemoryUtilization: 20, meetsRequirement }) as Res<'cost.recommend'>['recommendations'][number]
const status = (state: Status['state']): Status => ({ jobId: 'j1', kind: 'cost.loadTest', state, progress: { done: state === 'succeeded' ? 3 : 1, total: 3, message: '' }, startedAt: 0, finishedAt: null, workers: 1, error: null, result: null })
const summary = (id: string, names: [string, 'InService' | 'Deleted'][]) => ({ id, name: id, endpoints: names.map(([EndpointName, EndpointStatus]) => ({ EndpointName, EndpointStatus })) }) as unknown as Res<'sandbox.getWorld'>

let api: FakeClient
beforeEach(() => {
  api = new FakeClient()
})

describe('rightsizing store: candidates and the advanced job', () => {
  it('asks cost.recommend with the form, pre-ticks the cheapest acceptable types and the dearest GPU, and polls the job to its end', async () => {
    api.on('cost.recommend', () => ({ recommendations: [rec('ml.c6i.large', 0.102, true), rec('ml.m5.large', 0.115, true), rec('ml.g5.xlarge', 1.408, true), rec('ml.p3.2xlarge', 3.825, false)], excluded: [], priceAsOf: '2025-10-01', simplifications: [] }))
    const answers = [status('running'), status('running'), status('succeeded')]
    api.on('jobs.start', () => ({ jobId: 'j1' })).on('jobs.get', () => answers.shift()!)
    const s = createRightsizingState(api, async () => undefined)
    await s.recommend()
    expect(api.requests('cost.recommend')[0]).toEqual({ seed: 1, model: { cpuMsPerRequest: 12, memoryGiB: 1, payloadKiB: 4, gpu: true }, traffic: { requestsPerSecond: 150 }, latencyP99Ms: 60 })
    // Three acceptable (at most four), then the dearest GPU.
    expect(s.picked.value).toEqual(['ml.c6i.large', 'ml.m5.large', 'ml.g5.xlarge', 'ml.p3.2xlarge'])
    await s.runJob()
    const start = api.requests('jobs.start')[0]
    expect(start.kind).toBe('cost.loadTest')
    // 150 requests/s = 9,000 a minute; the p99 requirement as the stopping condition.
    expect(start.request).toMatchObject({ StoppingConditions: { MaxInvocations: 9000, ModelLatencyThresholds: [{ Percentile: 'P99', ValueInMilliseconds: 60 }] } })
    expect(api.requests('jobs.get')).toHaveLength(3)
    expect(s.running.value).toBe(false)
  })

  it("shows a refusal's field issue", async () => {
    api.refuse('cost.recommend', { message: 'model.memoryGiB: too big', issues: [{ path: 'model.memoryGiB', message: 'no instance type can hold the model' }] })
    const s = createRightsizingState(api)
    await s.recommend()
    expect(s.error.value).toBe('model.memoryGiB: no instance type can hold the model')
  })
})

describe('rightsizing store: findings for a running endpoint', () => {
  it('lists the worlds, picks the first and its running endpoints, and asks for findings with the optional requirement', async () => {
    api.on('sandbox.listWorlds', () => ({ worlds: [{ id: 'w1', name: 'w1', seed: 's', actionCount: 3, updatedAt: '' }], unreadable: [] }))
    api.on('sandbox.getWorld', () => summary('w1', [['old', 'Deleted'], ['churn', 'InService']]))
    api.on('sandbox.endpointFindings', () => ({ finding: 'Overprovisioned' }) as Res<'sandbox.endpointFindings'>)
    const s = createRightsizingState(api)
    await s.loadWorlds()
    expect(s.endpoints.value).toEqual(['churn'])
    expect(s.endpointName.value).toBe('churn')
    s.findingsLatencyMs.value = 50
    await s.loadFindings()
    expect(api.requests('sandbox.endpointFindings')).toEqual([{ worldId: 'w1', EndpointName: 'churn', latencyP99Ms: 50 }])
    expect(s.findings.value?.finding).toBe('Overprovisioned')
  })

  it('drops a late answer for an endpoint the learner has left, and shows the 30-hour refusal whole', async () => {
    api.on('sandbox.getWorld', (r) => summary(r.worldId, [[r.worldId === 'w1' ? 'churn' : 'fraud', 'InService']]))
    const held = api.hold('sandbox.endpointFindings')
    const s = createRightsizingState(api)
    await s.selectWorld('w1')
    const pending = s.loadFindings()
    await settle()
    await s.selectWorld('w2')
    held[0].resolve({ finding: 'Optimized' } as Res<'sandbox.endpointFindings'>)
    await pending
    expect(s.findings.value).toBeNull()
    expect(s.endpointName.value).toBe('fraud')
    const message = 'EndpointName: Compute Optimizer needs at least 30 hours of metrics in the last 14 days; fraud has 10.0 hours. Advance the clock and ask again.'
    api.refuse('sandbox.endpointFindings', { message, issues: [{ path: 'EndpointName', message: 'has 10.0 hours of CPUUtilization data; at least 30 are needed' }] })
    await s.loadFindings()
    // The whole message, which says what to do.
    expect(s.findingsError.value).toBe(message)
  })
})

describe('rightsizing store: purchasing options', () => {
  it('prices one growing workload five ways; a 0% growth is a steady pattern', async () => {
    const req = purchasingRequest(DEFAULT_PURCHASING)
    expect(req.workload.traffic).toEqual({ pattern: 'growth', baseRpm: 200, noise: 'none', dailyGrowthRate: 0.06 })
    expect(req.options.map((o) => o.kind)).toEqual(['onDemand', 'savingsPlan', 'savingsPlan', 'serverless', 'async'])
    // The plans carry no commitment: the host commits the fleet's discounted On-Demand rate.
    expect(req.options.filter((o) => o.kind === 'savingsPlan').map((o) => ('commitmentPerHour' in o ? o.commitmentPerHour : undefined))).toEqual([undefined, undefined])
    expect(purchasingRequest({ ...DEFAULT_PURCHASING, dailyGrowthPercent: 0 }).workload.traffic).toEqual({ pattern: 'steady', baseRpm: 200, noise: 'none' })
    api.on('cost.purchasing', () => ({ hours: 720 }) as Res<'cost.purchasing'>)
    const s = createRightsizingState(api)
    s.purchasingForm.MemorySizeInMB = 3072
    await s.comparePurchasing()
    expect(api.requests('cost.purchasing')[0].options[3]).toMatchObject({ kind: 'serverless', MemorySizeInMB: 3072, MaxConcurrency: 20 })
    expect(s.purchasing.value?.hours).toBe(720)
  })
})
