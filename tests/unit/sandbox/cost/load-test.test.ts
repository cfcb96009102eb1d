import { describe, expect, it } from 'vitest'
import { LoadTest } from '../../../../src/main/sandbox/cost/load-test'
import { createRng } from '../../../../src/main/sandbox/core/rng'
import { LabError } from '../../../../src/shared/errors'

// A 10 ms CPU model on one ml.m5.xlarge: capacity 4 workers × 6,000 a minute = 24,000 requests/min.
const model = { name: 'm', cpuMsPerRequest: 10, memoryGiB: 1, payloadKiB: 2, clientErrorRate: 0 }
const base = { model, InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1 }

describe('LoadTest: traffic stepped up until the requirement breaks', () => {
  it('stops at the ModelLatencyThresholds crossing: P99 40 ms breaks between 19,200/min (37.28 ms) and 20,400/min (46.79 ms)', () => {
    // Default stairs: steps of 5% of 24,000 = 1,200 requests/min. Expected p99 either side of the
    // crossing from steady_state.py ("stairs 19200", "stairs 20400").
    const t = new LoadTest({ ...base, StoppingConditions: { ModelLatencyThresholds: [{ Percentile: 'P99', ValueInMilliseconds: 40 }] }, rng: createRng(7) })
    const r = t.run()
    expect(r.stoppedBy).toBe('ModelLatencyThreshold')
    expect(r.stages.length).toBe(17)
    expect(r.stages[16].offeredRpm).toBeCloseTo(20_400, 9)
    expect(r.stages[16].passed).toBe(false)
    expect(r.stages[16].latencyMs).toBeGreaterThan(40)
    // Each stage is a 2-minute sample. Near 85% busy the wait is sensitive to the minute's Poisson
    // count (±0.5% of requests moves p99 by a few percent); over 200 seeds the ratio stayed in 0.94–1.09.
    expect(r.stages[16].latencyMs / 46.787951).toBeGreaterThan(0.9)
    expect(r.stages[16].latencyMs / 46.787951).toBeLessThan(1.1)
    expect(r.ModelLatency! / 37.280631).toBeGreaterThan(0.9)
    expect(r.ModelLatency! / 37.280631).toBeLessThan(1.1)
    // Poisson arrivals over 2 minutes: 19,200 ± about 0.5%.
    expect(r.MaxInvocations / 19_200).toBeGreaterThan(0.99)
    expect(r.MaxInvocations / 19_200).toBeLessThan(1.01)
  })

  it('without a threshold it stops where invocations level out: above 90% busy', () => {
    // Steps of 1,000: 21,000/min is 87.5% busy (passes), 22,000/min is 91.7% (flat).
    const r = new LoadTest({ ...base, stairs: { stepRpm: 1000 }, rng: createRng(7) }).run()
    expect(r.stoppedBy).toBe('FlatInvocations')
    expect(r.stages.length).toBe(22)
    expect(r.stages[21].utilization).toBeGreaterThan(0.9)
    expect(r.MaxInvocations / 21_000).toBeGreaterThan(0.99)
    expect(r.MaxInvocations / 21_000).toBeLessThan(1.01)
    // CPU at 21,000/min: 21,000 × 10 ms / 60 s = 3.5 busy vCPUs = 350% + 6% idle; sampled, so ±1%.
    expect(r.CpuUtilization! / 356).toBeGreaterThan(0.99)
    expect(r.CpuUtilization! / 356).toBeLessThan(1.01)
  })

  it('with FlatInvocations Continue an overload shows as timeouts and stops the test', () => {
    const r = new LoadTest({ ...base, stairs: { startRpm: 20_000, stepRpm: 4000 }, StoppingConditions: { FlatInvocations: 'Continue' }, rng: createRng(3) }).run()
    const last = r.stages[r.stages.length - 1]
    expect(r.stoppedBy).toBe('Timeouts')
    expect(last.offeredRpm).toBeGreaterThan(24_000)
    expect(last.timeoutRate).toBeGreaterThan(0.01)
  })

  it('MaxInvocations ends the test once the expected traffic is reached, with the requirement met', () => {
    const r = new LoadTest({ ...base, stairs: { stepRpm: 1000 }, StoppingConditions: { MaxInvocations: 5000 }, rng: createRng(1) }).run()
    expect(r.stoppedBy).toBe('MaxInvocations')
    expect(r.stages.length).toBe(5)
    expect(r.stages.every((s) => s.passed)).toBe(true)
  })

  it('runs one stage per step with progress, costs the instances for the minutes it ran, and returns null when done', () => {
    const t = new LoadTest({ ...base, stairs: { stepRpm: 1000, maxStages: 3 }, rng: createRng(1) })
    expect(t.progress()).toEqual({ completed: 0, total: 3 })
    expect(t.step()?.stage).toBe(1)
    expect(t.progress()).toEqual({ completed: 1, total: 3 })
    t.step()
    expect(t.step()?.stopReason).toBe('MaxStages')
    expect(t.done).toBe(true)
    expect(t.step()).toBeNull()
    // 3 stages × 2 minutes × $0.23 an hour.
    expect(t.result().costUSD).toBeCloseTo((3 * 2 * 0.23) / 60, 12)
  })

  it('the same seed gives the same stages; another seed samples differently', () => {
    const run = (seed: number) => new LoadTest({ ...base, stairs: { stepRpm: 3000, maxStages: 4 }, rng: createRng(seed) }).run().stages.map((s) => s.latencyMs)
    expect(run(5)).toEqual(run(5))
    expect(run(5)).not.toEqual(run(6))
  })

  it('refuses an unknown percentile and an unknown instance type, naming the fields', () => {
    let e: unknown
    try {
      new LoadTest({
        ...base,
        InstanceType: 'ml.nope',
        StoppingConditions: { ModelLatencyThresholds: [{ Percentile: 'P50' as 'P95', ValueInMilliseconds: 10 }] },
        rng: createRng(1)
      })
    } catch (err) {
      e = err
    }
    expect(e).toBeInstanceOf(LabError)
    const paths = (e as LabError).issues.map((i) => i.path)
    expect(paths).toEqual(['InstanceType', 'StoppingConditions.ModelLatencyThresholds[0].Percentile'])
    expect((e as LabError).issues[1].message).toContain('P95 or P99')
  })
})
