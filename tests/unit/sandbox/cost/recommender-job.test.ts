import { describe, expect, it } from 'vitest'
import { runLoadTestJob, type LoadTestJobRequest } from '../../../../src/main/sandbox/cost/recommender-job'
import { LabError } from '../../../../src/shared/errors'

// A 10 ms CPU model: on one ml.m5.xlarge (4 workers × 6,000 a minute) the fleet's capacity is 24,000/min.
const model = { cpuMsPerRequest: 10, memoryGiB: 1, payloadKiB: 2 }

function issuesOf(f: () => unknown): { path: string; message: string }[] {
  try {
    f()
  } catch (e) {
    if (e instanceof LabError) return e.issues
    throw e
  }
  throw new Error('expected a LabError')
}

describe('cost.loadTest: the advanced Inference Recommender job', () => {
  const request: LoadTestJobRequest = {
    seed: 7,
    model,
    EndpointConfigurations: [{ InstanceType: 'ml.m5.xlarge' }, { InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2 }, { ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }],
    StoppingConditions: { MaxInvocations: 15_000, ModelLatencyThresholds: [{ Percentile: 'P99', ValueInMilliseconds: 40 }] }
  }
  const r = runLoadTestJob(request)

  it('one instance ramps in steps of 5% of 24,000 = 1,200/min and breaks where p99 crosses 40 ms (between 19,200 and 20,400/min)', () => {
    const a = r.results[0]
    // p99 at 19,200/min is 37.28 ms and at 20,400/min 46.79 ms (steady_state.py, see load-test.test.ts);
    // a 2-minute stage is a sample, so the break may come one step early.
    expect(a.stoppedBy).toBe('ModelLatencyThreshold')
    expect(a.stages.map((s) => s.offeredRpm).slice(0, 3)).toEqual([1200, 2400, 3600])
    const last = a.stages[a.stages.length - 1]
    expect([19_200, 20_400]).toContain(last.offeredRpm)
    expect(last.passed).toBe(false)
    expect(a.ModelLatency).toBeLessThanOrEqual(40)
    // CostPerHour = 1 × 0.23 (catalog ml.m5.xlarge); CostPerInference = 0.23 / (MaxInvocations × 60).
    expect(a.CostPerHour).toBeCloseTo(0.23, 12)
    expect(a.CostPerInference).toBeCloseTo(0.23 / (a.MaxInvocations * 60), 15)
    expect(a.MaxInvocations).toBeGreaterThan(15_000)
    expect(a.meetsRequirement).toBe(true)
    // The test costs its instance for its minutes: stages × 2 min × 0.23/60.
    expect(a.costUSD).toBeCloseTo((a.stages.length * 2 * 0.23) / 60, 9)
    expect(a.durationSeconds).toBe(a.stages.length * 120)
  })

  it('CostPerHour is for the whole InitialInstanceCount: 2 × 0.23 = 0.46', () => {
    const b = r.results[1]
    expect(b.InitialInstanceCount).toBe(2)
    expect(b.CostPerHour).toBeCloseTo(0.46, 12)
    expect(b.CostPerInference).toBeCloseTo(0.46 / (b.MaxInvocations * 60), 15)
    // Steps of 5% of 48,000 = 2,400/min.
    expect(b.stages[0].offeredRpm).toBe(2400)
    expect(b.label).toBe('ml.m5.xlarge × 2')
  })

  it('serverless 2048 MB × 5 stops when more than 1% is throttled: Erlang B(5, 1.5) = 1.418% at 9,000/min', () => {
    // Service 10 ms (a full vCPU from 2048 MB); capacity 5 × 6,000 = 30,000/min, steps of 1,500.
    // Offered concurrency a = rpm/60 × 0.01 s: 7,500 → 1.25, Erlang B 0.7300% (passes); 9,000 → 1.5,
    // Erlang B 1.4183% (stops). Served at 7,500: 7,500 × (1 − 0.0072996) = 7,445.25 → MaxInvocations 7,445.
    // (python: B(c,a) = (a^c/c!)/Σ_k a^k/k!)
    const s = r.results[2]
    expect(s.stages.map((x) => x.offeredRpm)).toEqual([1500, 3000, 4500, 6000, 7500, 9000])
    expect(s.stoppedBy).toBe('Throttling')
    expect(s.stages[5].errorRate).toBeCloseTo(0.014183155314305725, 9)
    expect(s.MaxInvocations).toBe(7445)
    // Per request: 0.01 s × 2 GB × 0.00002 + 4 KiB in and out × 0.016/GB = 4.6103515625e-7 USD.
    expect(s.CostPerInference).toBeCloseTo(4.6103515625e-7, 18)
    expect(s.CostPerHour).toBeCloseTo(4.6103515625e-7 * 7445 * 60, 12)
    // p99 of a lognormal with mean 10 ms, CV 0.5, mixed with 4 cold starts of 3,500 ms among 446,715
    // requests: 26.8453 ms (scipy brentq on the mixture CDF; warm alone 26.8411).
    expect(s.ModelLatency).toBeCloseTo(26.845343976676464, 3)
    expect(s.ModelSetupTime).toBe(3500)
    expect(s.MemoryUtilization).toBeCloseTo(75, 9) // (1 GiB + 0.5 GiB stack) / 2 GiB
    expect(s.CpuUtilization).toBeNull()
    expect(s.meetsRequirement).toBe(false) // 7,445 < 15,000 a minute
  })

  it('names the cheapest acceptable configuration by CostPerInference and the job cost as the sum of its tests', () => {
    expect(r.cheapestAcceptable).not.toBeNull()
    const best = r.results[r.cheapestAcceptable as number]
    for (const x of r.results) if (x.meetsRequirement) expect(best.CostPerInference as number).toBeLessThanOrEqual(x.CostPerInference as number)
    expect(r.jobCostUSD).toBeCloseTo(r.results.reduce((a, x) => a + x.costUSD, 0), 12)
  })

  it('is deterministic: the same request gives the same result', () => {
    expect(JSON.stringify(runLoadTestJob(request))).toBe(JSON.stringify(r))
  })

  it('rejects bad configurations naming the field and the allowed values, before any test runs', () => {
    const bad = issuesOf(() =>
      runLoadTestJob({ ...request, EndpointConfigurations: [{ InstanceType: 'ml.m5.xlarge' }, { InstanceType: 'ml.x9.huge' }, { ServerlessConfig: { MemorySizeInMB: 1500, MaxConcurrency: 500 } }] })
    )
    expect(bad.map((i) => i.path)).toEqual(['EndpointConfigurations[1].InstanceType', 'EndpointConfigurations[2].ServerlessConfig.MemorySizeInMB', 'EndpointConfigurations[2].ServerlessConfig.MaxConcurrency'])
    expect(bad[0].message).toContain('valid types: ')
    expect(bad[0].message).toContain('ml.m5.xlarge')
    expect(bad[1].message).toContain('1024, 2048, 3072, 4096, 5120, 6144')
    expect(bad[2].message).toContain('from 1 to 200')
    const eleven = issuesOf(() => runLoadTestJob({ ...request, EndpointConfigurations: new Array(11).fill({ InstanceType: 'ml.m5.xlarge' }) }))
    expect(eleven[0].path).toBe('EndpointConfigurations')
    const both = issuesOf(() => runLoadTestJob({ ...request, EndpointConfigurations: [{ InstanceType: 'ml.m5.xlarge', ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }] }))
    expect(both[0].path).toBe('EndpointConfigurations[0].InstanceType')
    const stairs = issuesOf(() => runLoadTestJob({ ...request, TrafficPattern: { TrafficType: 'STAIRS', Stairs: { DurationInSeconds: 150 } } }))
    expect(stairs[0].path).toBe('TrafficPattern.Stairs.DurationInSeconds')
    const big = issuesOf(() => runLoadTestJob({ ...request, model: { ...model, memoryGiB: 15.5 }, EndpointConfigurations: [{ InstanceType: 'ml.m5.xlarge' }] }))
    expect(big[0].path.startsWith('EndpointConfigurations[0].')).toBe(true)
  })
})
