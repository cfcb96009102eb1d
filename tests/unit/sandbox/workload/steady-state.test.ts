import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { getInstanceType, INSTANCE_TYPES } from '../../../../src/main/sandbox/catalog'
import { computePeriodStatistics } from '../../../../src/main/sandbox/cloudwatch'
import { findMetric, planServing, simulateEndpoint } from '../../../../src/main/sandbox/workload'
import {
  FLAT_INVOCATIONS_UTILIZATION,
  latencyPercentileMs,
  maxSustainableRpm,
  modelLatencyP99Ms,
  steadyState
} from '../../../../src/main/sandbox/workload/steady-state'
import { input, model, T0, variant } from './helpers'

// Expected values: tests/unit/sandbox/cost/reference/steady_state.py (Erlang C by its sum formula,
// Allen–Cunneen, scipy.stats.lognorm), run once with `python3 …/steady_state.py`.

describe('steadyState: latency from the M/G/c model', () => {
  it('M/M/2 at ρ = 0.75 (ml.m5.large, 1 s service, cv 1, 90 requests/min): wait 1,285.714 ms, p99 8,265.88 ms', () => {
    const plan = planServing(model({ cpuMsPerRequest: 1000, serviceTimeCv: 1 }), getInstanceType('ml.m5.large'))
    const s = steadyState(plan, getInstanceType('ml.m5.large'), 90)
    expect(s.waitMs).toBeCloseTo(1285.714286, 4)
    expect(s.meanMs).toBeCloseTo(2285.714286, 4)
    expect(s.sdMs).toBeCloseTo(1628.822036, 4)
    expect(latencyPercentileMs(s.meanMs, s.cv, 99)).toBeCloseTo(8265.881465, 2)
    expect(s.utilization).toBeCloseTo(0.75, 12)
    expect(s.stable).toBe(true)
  })

  it('ml.m5.xlarge at 90% busy (10 ms, cv 0.5, 21,600 requests/min): wait 12.3086 ms, p99 69.055 ms', () => {
    const m5 = getInstanceType('ml.m5.xlarge')
    const plan = planServing(model({ cpuMsPerRequest: 10 }), m5)
    const s = steadyState(plan, m5, 21_600)
    expect(s.waitMs).toBeCloseTo(12.308645, 5)
    expect(modelLatencyP99Ms(plan, m5, 21_600)).toBeCloseTo(69.05499, 3)
  })

  it('a GPU model on ml.g4dn.xlarge: one T4 slot, 7.5 ms a request, 4,000 requests/min → p99 32.3307 ms and GPUUtilization 50%', () => {
    const g4 = getInstanceType('ml.g4dn.xlarge')
    const plan = planServing(model({ cpuMsPerRequest: 90, acceleratorSpeedup: { gpu: 12 } }), g4)
    const s = steadyState(plan, g4, 4000)
    expect(modelLatencyP99Ms(plan, g4, 4000)).toBeCloseTo(32.330672, 4)
    // 4,000 × 7.5 ms = 30 s of GPU time per 60 s.
    expect(s.gpuUtilization).toBeCloseTo(50, 9)
    // Host CPU: 15% of 90 ms = 13.5 ms a request → 4,000 × 13.5 / 60,000 = 0.9 vCPU = 90%, plus 4 × 1.5% idle.
    expect(s.cpuUtilization).toBeCloseTo(96, 9)
  })

  it('utilization: CPU is idle + busy vCPUs summed over cores, memory the model share plus 3% × load', () => {
    const m5 = getInstanceType('ml.m5.xlarge')
    const plan = planServing(model({ cpuMsPerRequest: 10, memoryGiB: 3 }), m5)
    const s = steadyState(plan, m5, 12_000)
    // 12,000 × 10 ms = 120 s of CPU a minute = 2 busy vCPUs = 200%, plus 4 × 1.5% idle = 206%.
    expect(s.cpuUtilization).toBeCloseTo(206, 9)
    // (3 + 1 GiB overhead) / 16 GiB = 25%, load 12,000 / 24,000 = 0.5 → + 1.5%.
    expect(s.memoryUtilization).toBeCloseTo(26.5, 9)
    expect(s.gpuUtilization).toBeNull()
  })

  it('at or above capacity there is no steady state: it completes its capacity and the mean latency is the 60 s timeout', () => {
    const m5 = getInstanceType('ml.m5.xlarge')
    const plan = planServing(model({ cpuMsPerRequest: 100 }), m5)
    const s = steadyState(plan, m5, 3000)
    expect(s.stable).toBe(false)
    expect(s.processedRpm).toBeCloseTo(2400, 9)
    expect(s.meanMs).toBeCloseTo(60_000, 9)
    expect(s.cpuUtilization).toBeCloseTo(400, 9)
  })
})

describe('steadyState reproduces what simulateEndpoint reports for steady, noise-free traffic', () => {
  const cases = [
    { name: 'ml.m5.xlarge × 2, 10 ms CPU model, 1,200 requests/min', type: 'ml.m5.xlarge', count: 2, rpm: 1200, m: model({ cpuMsPerRequest: 10 }) },
    { name: 'ml.c5.large × 1, 40 ms CPU model at 70% busy, 2,310 requests/min', type: 'ml.c5.large', count: 1, rpm: 2310, m: model({ cpuMsPerRequest: 40, memoryGiB: 1.5 }) },
    { name: 'ml.g4dn.xlarge × 3, GPU model, 9,000 requests/min', type: 'ml.g4dn.xlarge', count: 3, rpm: 9000, m: model({ cpuMsPerRequest: 90, acceleratorSpeedup: { gpu: 12 } }) }
  ]
  for (const c of cases) {
    it(c.name, () => {
      const minutes = 240
      const r = simulateEndpoint(
        input({
          variants: [variant({ InstanceType: c.type, InitialInstanceCount: c.count, model: c.m })],
          traffic: { pattern: 'steady', baseRpm: c.rpm, noise: 'none' },
          minutes
        })
      )
      const instance = getInstanceType(c.type)
      const s = steadyState(planServing(c.m, instance), instance, c.rpm / c.count)
      const lat = findMetric(r, 'AllTraffic', 'ModelLatency').series
      let n = 0
      let sum = 0
      for (let i = 0; i < minutes; i++) {
        n += lat.sampleCount[i]
        sum += lat.sum[i]
      }
      // Each minute's observed mean wanders by cv/√n (n ≥ 1,200 samples); over 240 minutes the mean's
      // relative error is about cv/√(n·240) < 0.1%, so 1% is a wide margin.
      expect(sum / n / 1000 / s.meanMs).toBeGreaterThan(0.99)
      expect(sum / n / 1000 / s.meanMs).toBeLessThan(1.01)
      const p99 = computePeriodStatistics(lat, { stat: 'p99', period: minutes * 60, startTime: T0, endTime: T0 + minutes * 60_000 }).values[0]
      const expected = latencyPercentileMs(s.meanMs, s.cv, 99)
      expect(p99 / 1000 / expected).toBeGreaterThan(0.98)
      expect(p99 / 1000 / expected).toBeLessThan(1.02)
      // CPU and memory carry no sampling noise with noise 'none'.
      const cpu = findMetric(r, 'AllTraffic', 'CPUUtilization').series
      const mem = findMetric(r, 'AllTraffic', 'MemoryUtilization').series
      expect(cpu.sum[100] / cpu.sampleCount[100]).toBeCloseTo(s.cpuUtilization, 9)
      expect(mem.sum[100] / mem.sampleCount[100]).toBeCloseTo(s.memoryUtilization, 9)
      if (s.gpuUtilization !== null) {
        const gpu = findMetric(r, 'AllTraffic', 'GPUUtilization').series
        expect(gpu.sum[100] / gpu.sampleCount[100]).toBeCloseTo(s.gpuUtilization, 9)
      }
    })
  }
})

describe('maxSustainableRpm: where the load test stops', () => {
  const m5 = getInstanceType('ml.m5.xlarge')
  const plan = planServing(model({ cpuMsPerRequest: 10 }), m5)

  it('without a latency requirement: invocations level out at 90% of capacity (4 workers × 6,000/min × 0.9 = 21,600)', () => {
    const r = maxSustainableRpm(plan, m5)
    expect(FLAT_INVOCATIONS_UTILIZATION).toBe(0.9)
    expect(r.perInstanceRpm).toBeCloseTo(21_600, 6)
    expect(r.limitedBy).toBe('utilization')
  })

  it('with p99 ≤ 40 ms: the rate where p99 crosses 40 ms (scipy brentq: 19,644.18 requests/min)', () => {
    const r = maxSustainableRpm(plan, m5, 40)
    expect(r.limitedBy).toBe('latency')
    expect(r.perInstanceRpm).toBeCloseTo(19_644.179349, 2)
  })

  it('a requirement below the idle p99 (service alone: 10 ms, cv 0.5 → 26.84 ms) cannot be met at any rate', () => {
    const r = maxSustainableRpm(plan, m5, 20)
    expect(r.latencyAttainable).toBe(false)
    expect(r.perInstanceRpm).toBeCloseTo(21_600, 6)
  })

  it('the 60 s invocation timeout limits a very slow model even without a requirement', () => {
    const slow = planServing(model({ cpuMsPerRequest: 20_000 }), m5)
    const r = maxSustainableRpm(slow, m5)
    expect(r.limitedBy).toBe('timeout')
    expect(modelLatencyP99Ms(slow, m5, r.perInstanceRpm)).toBeCloseTo(60_000, 0)
  })

  it('property: p99 never falls as the rate rises, and the sustained rate meets its own limit', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INSTANCE_TYPES.filter((t) => t.accelerator === null).map((t) => t.name)),
        fc.double({ min: 1, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 0.98, noNaN: true }),
        fc.double({ min: 0, max: 0.98, noNaN: true }),
        fc.double({ min: 1, max: 100_000, noNaN: true }),
        (name, cpuMs, u1, u2, limit) => {
          const t = getInstanceType(name)
          const p = planServing(model({ cpuMsPerRequest: cpuMs }), t)
          const [a, b] = u1 < u2 ? [u1, u2] : [u2, u1]
          expect(modelLatencyP99Ms(p, t, b * p.perInstanceRpm)).toBeGreaterThanOrEqual(modelLatencyP99Ms(p, t, a * p.perInstanceRpm) * (1 - 1e-12))
          const r = maxSustainableRpm(p, t, limit)
          if (r.latencyAttainable) expect(modelLatencyP99Ms(p, t, r.perInstanceRpm)).toBeLessThanOrEqual(Math.min(limit, 60_000) * (1 + 1e-9))
        }
      )
    )
  })
})
