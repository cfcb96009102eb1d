import { describe, expect, it } from 'vitest'
import { createRng } from '../../../../src/main/sandbox/core/rng'
import { LabError } from '../../../../src/shared/errors'
import { findMetric, INVOCATION_TIMEOUT_MS, NS_ENDPOINTS, NS_SAGEMAKER, simulateEndpoint, SIMPLIFICATIONS } from '../../../../src/main/sandbox/workload'
import { at, input, model, variant } from './helpers'

const avg = (count: Float64Array, sum: Float64Array, from: number, to: number): number => {
  let c = 0
  let s = 0
  for (let i = from; i < to; i++) {
    c += count[i]
    s += sum[i]
  }
  return s / c
}

describe('simulateEndpoint: request metrics', () => {
  it('InvocationsPerInstance: 600 requests a minute over 3 instances is 200 per instance', () => {
    const r = simulateEndpoint(input({ variants: [variant({ InitialInstanceCount: 3 })], traffic: { pattern: 'steady', baseRpm: 600, noise: 'none' } }))
    const ipi = findMetric(r, 'AllTraffic', 'InvocationsPerInstance').series
    const inv = findMetric(r, 'AllTraffic', 'Invocations').series
    for (let i = 0; i < r.minutes; i++) {
      expect(inv.sum[i]).toBe(600)
      expect(ipi.sum[i]).toBeCloseTo(200, 9)
      // Each request adds 1/3.
      expect(ipi.sampleCount[i]).toBe(600)
      expect(ipi.maximum[i]).toBeCloseTo(1 / 3, 12)
    }
  })

  it('publishes under AWS/SageMaker and /aws/sagemaker/Endpoints with EndpointName and VariantName, latency in microseconds', () => {
    const r = simulateEndpoint(input({ endpointName: 'fraud-detector' }))
    const lat = findMetric(r, 'AllTraffic', 'ModelLatency')
    expect(lat.id.Namespace).toBe(NS_SAGEMAKER)
    expect(lat.unit).toBe('Microseconds')
    expect(lat.id.Dimensions).toEqual([
      { Name: 'EndpointName', Value: 'fraud-detector' },
      { Name: 'VariantName', Value: 'AllTraffic' }
    ])
    expect(findMetric(r, 'AllTraffic', 'CPUUtilization').id.Namespace).toBe(NS_ENDPOINTS)
    // cpuMsPerRequest 10 on an m5 vCPU at light load: ~10 ms = ~10,000 µs, plus a little queueing.
    const mean = avg(lat.series.sampleCount, lat.series.sum, 0, r.minutes)
    expect(mean).toBeGreaterThan(9_000)
    expect(mean).toBeLessThan(11_500)
  })

  it('latency matches the M/M/2 hand calculation: ml.m5.large, 1 s service, 90 requests/min (λ = 1.5/s) → 1 s + 1.2857 s', () => {
    // M/M/2 at ρ = 0.75: Wq = 0.642857 / (2 − 1.5) = 1.285714 s (see queueing.test.ts). cs = 1 makes
    // Allen–Cunneen exact. Expected ModelLatency mean = 2.285714 s = 2,285,714 µs.
    const r = simulateEndpoint(
      input({
        variants: [variant({ InstanceType: 'ml.m5.large', model: model({ cpuMsPerRequest: 1000, serviceTimeCv: 1 }) })],
        traffic: { pattern: 'steady', baseRpm: 90, noise: 'none' },
        minutes: 120
      })
    )
    const lat = findMetric(r, 'AllTraffic', 'ModelLatency').series
    // Per-minute sampling noise ≈ 7.5%; over 120 minutes ≈ 0.7%.
    expect(avg(lat.sampleCount, lat.sum, 0, 120) / 2_285_714).toBeGreaterThan(0.97)
    expect(avg(lat.sampleCount, lat.sum, 0, 120) / 2_285_714).toBeLessThan(1.03)
    // Busy vCPUs = λ·s = 1.5 → CPUUtilization = 150% plus 2 × 1.5% idle = 153%.
    const cpu = findMetric(r, 'AllTraffic', 'CPUUtilization').series
    expect(cpu.sum[5] / cpu.sampleCount[5]).toBeCloseTo(153, 6)
  })

  it('stores log-normal parameters consistent with the minute average: exp(μ + σ²/2) = Sum/SampleCount', () => {
    const r = simulateEndpoint(input({ traffic: { pattern: 'steady', baseRpm: 300 }, minutes: 10 }))
    const s = findMetric(r, 'AllTraffic', 'ModelLatency').series
    for (let i = 0; i < 10; i++) {
      const mu = s.logMean![i]
      const sd = s.logSd![i]
      expect(Math.exp(mu + (sd * sd) / 2)).toBeCloseTo(s.sum[i] / s.sampleCount[i], 6)
      expect(s.minimum[i]).toBeLessThanOrEqual(s.sum[i] / s.sampleCount[i])
      expect(s.maximum[i]).toBeGreaterThanOrEqual(s.sum[i] / s.sampleCount[i])
    }
  })
})

describe('simulateEndpoint: overload', () => {
  // ml.m5.xlarge (4 vCPU, speed 1), 100 ms per request: capacity 4 × 60,000 / 100 = 2,400 requests/min.
  const overloaded = (): ReturnType<typeof simulateEndpoint> =>
    simulateEndpoint(
      input({
        variants: [variant({ model: model({ cpuMsPerRequest: 100 }) })],
        traffic: { pattern: 'steady', baseRpm: 5000, noise: 'none' },
        minutes: 10
      })
    )

  it('a saturated 4-vCPU instance reports CPUUtilization 400%, the per-core ceiling', () => {
    const cpu = findMetric(overloaded(), 'AllTraffic', 'CPUUtilization').series
    for (let i = 0; i < 10; i++) expect(cpu.sum[i] / cpu.sampleCount[i]).toBe(400)
  })

  it('requests beyond what can be served within 60 s time out as 5XX: 200 in the first minute, then 2,600 a minute', () => {
    // Minute 0: 5,000 arrive, 2,400 served, a queue of at most 2,400 (60 s of work) → 5,000 − 4,800 = 200 time out.
    // Later minutes: the queue is full, so everything above capacity times out: 5,000 − 2,400 = 2,600.
    const r = overloaded()
    const e5 = findMetric(r, 'AllTraffic', 'Invocation5XXErrors').series
    expect(e5.sum[0]).toBe(200)
    for (let i = 1; i < 10; i++) expect(e5.sum[i]).toBe(2600)
    expect(e5.sampleCount[3]).toBe(5000)
    expect(r.variants[0].totals.timeouts).toBe(200 + 9 * 2600)
  })

  it('with a full queue the answered requests wait about the 60 s timeout', () => {
    const lat = findMetric(overloaded(), 'AllTraffic', 'ModelLatency').series
    const meanUs = lat.sum[5] / lat.sampleCount[5]
    expect(meanUs / (INVOCATION_TIMEOUT_MS * 1000)).toBeGreaterThan(0.9)
    expect(lat.maximum[5]).toBeLessThanOrEqual(INVOCATION_TIMEOUT_MS * 1000)
  })
})

describe('simulateEndpoint: incidents', () => {
  it('trafficGap leaves request metrics without datapoints but keeps instance metrics', () => {
    const r = simulateEndpoint(input({ incidents: [{ kind: 'trafficGap', start: at(10), durationMinutes: 5 }] }))
    const inv = findMetric(r, 'AllTraffic', 'Invocations').series
    const e5 = findMetric(r, 'AllTraffic', 'Invocation5XXErrors').series
    const cpu = findMetric(r, 'AllTraffic', 'CPUUtilization').series
    for (let i = 10; i < 15; i++) {
      expect(inv.sampleCount[i]).toBe(0)
      expect(e5.sampleCount[i]).toBe(0)
      expect(cpu.sampleCount[i]).toBe(1)
    }
    expect(inv.sampleCount[9]).toBe(100)
    expect(inv.sampleCount[15]).toBe(100)
    expect(r.incidents).toEqual([
      {
        kind: 'trafficGap',
        variantName: null,
        startTime: at(10),
        endTime: at(15),
        start: '2026-01-05T00:10:00.000Z',
        end: '2026-01-05T00:15:00.000Z',
        startMinute: 10,
        endMinute: 15,
        params: {}
      }
    ])
  })

  it('errorBurst makes about errorRate of the requests 5XX, only inside its window', () => {
    const r = simulateEndpoint(
      input({
        traffic: { pattern: 'steady', baseRpm: 2000, noise: 'none' },
        incidents: [{ kind: 'errorBurst', start: '2026-01-05T00:05:00Z', durationMinutes: 10, errorRate: 0.3 }]
      })
    )
    const e5 = findMetric(r, 'AllTraffic', 'Invocation5XXErrors').series
    expect(avg(e5.sampleCount, e5.sum, 5, 15)).toBeGreaterThan(0.28)
    expect(avg(e5.sampleCount, e5.sum, 5, 15)).toBeLessThan(0.32)
    expect(e5.sum[4]).toBe(0)
    expect(e5.sum[15]).toBe(0)
  })

  it('latencyRegression multiplies service time for one variant only; outlier spikes one minute', () => {
    const r = simulateEndpoint(
      input({
        variants: [variant({ VariantName: 'A' }), variant({ VariantName: 'B' })],
        traffic: { pattern: 'steady', baseRpm: 200, noise: 'none' },
        incidents: [
          { kind: 'latencyRegression', start: at(10), durationMinutes: 10, factor: 3, VariantName: 'B' },
          { kind: 'outlier', at: at(25), latencyFactor: 8, VariantName: 'A' }
        ]
      })
    )
    const a = findMetric(r, 'A', 'ModelLatency').series
    const b = findMetric(r, 'B', 'ModelLatency').series
    const mean = (s: typeof a, i: number): number => s.sum[i] / s.sampleCount[i]
    expect(avg(b.sampleCount, b.sum, 10, 20) / avg(b.sampleCount, b.sum, 0, 10)).toBeGreaterThan(2.6)
    expect(avg(a.sampleCount, a.sum, 10, 20) / avg(a.sampleCount, a.sum, 0, 10)).toBeLessThan(1.2)
    expect(mean(a, 25) / mean(a, 24)).toBeGreaterThan(5)
    // Two variants of weight 1 split traffic 50/50.
    expect(findMetric(r, 'A', 'Invocations').series.sum[0]).toBe(100)
  })
})

describe('simulateEndpoint: instances and accelerators', () => {
  it('GPU instances publish GPUUtilization (0–100 × GPUs); CPU and Inferentia instances do not', () => {
    const gpuModel = model({ cpuMsPerRequest: 200, memoryGiB: 2, acceleratorSpeedup: { gpu: 20, inferentia: 10 } })
    const r = simulateEndpoint(
      input({
        variants: [
          variant({ VariantName: 'gpu', InstanceType: 'ml.g4dn.xlarge', model: gpuModel }),
          variant({ VariantName: 'inf', InstanceType: 'ml.inf2.xlarge', model: gpuModel }),
          variant({ VariantName: 'cpu', InstanceType: 'ml.c5.2xlarge', model: gpuModel })
        ]
      })
    )
    const names = (v: string): string[] => r.variants.find((x) => x.variantName === v)!.metrics.map((m) => m.id.MetricName)
    expect(names('gpu')).toContain('GPUUtilization')
    expect(names('gpu')).toContain('GPUMemoryUtilization')
    expect(names('inf')).not.toContain('GPUUtilization')
    expect(names('cpu')).not.toContain('GPUUtilization')
    // Three equal weights: round(100 / 3) = 33 requests/min each (noise: 'none').
    // T4 (throughput 1.0) with a 20× speedup: 200/20 = 10 ms per request → 100 · 33 · 10 / 60,000 = 0.55%.
    const g = findMetric(r, 'gpu', 'GPUUtilization').series
    expect(g.sum[3]).toBeCloseTo(0.55, 9)
    // Model 2 GiB on a 16 GiB T4 = 12.5% (+ a little for load).
    const gm = findMetric(r, 'gpu', 'GPUMemoryUtilization').series
    expect(gm.sum[3]).toBeGreaterThanOrEqual(12.5)
    expect(gm.sum[3]).toBeLessThan(13)
  })

  it('MemoryUtilization is (model + 1 GiB overhead) / instance memory: 3 GiB model on 16 GiB → 25%', () => {
    const r = simulateEndpoint(input({ variants: [variant({ model: model({ memoryGiB: 3 }) })], traffic: { pattern: 'steady', baseRpm: 0 } }))
    const mem = findMetric(r, 'AllTraffic', 'MemoryUtilization').series
    expect(mem.sum[0]).toBe(25)
  })

  it('a model that does not fit in memory fails at creation, naming memory needed vs available', () => {
    const create = (): unknown => simulateEndpoint(input({ variants: [variant({ InstanceType: 'ml.t2.medium', model: model({ memoryGiB: 4 }) })] }))
    expect(create).toThrow(LabError)
    expect(create).toThrow(/needs 5 GiB \(4 GiB model \+ 1 GiB container overhead\) but ml\.t2\.medium has 4 GiB/)
    const gpu = (): unknown =>
      simulateEndpoint(input({ variants: [variant({ InstanceType: 'ml.g4dn.xlarge', model: model({ memoryGiB: 14, acceleratorSpeedup: { gpu: 5 } }) })] }))
    expect(gpu).not.toThrow()
    const gpuTooBig = (): unknown =>
      simulateEndpoint(input({ variants: [variant({ InstanceType: 'ml.g4dn.2xlarge', model: model({ memoryGiB: 20, acceleratorSpeedup: { gpu: 5 } }) })] }))
    expect(gpuTooBig).toThrow(/20 GiB of accelerator memory but one NVIDIA T4 on ml\.g4dn\.2xlarge has 16 GiB/)
  })

  it('cost is billed instance-minutes × hourly price / 60: 2 × ml.m5.xlarge for 60 minutes = 2 × 0.23 = $0.46', () => {
    const r = simulateEndpoint(input({ variants: [variant({ InitialInstanceCount: 2 })], minutes: 60 }))
    expect(r.variants[0].totals.instanceMinutes).toBe(120)
    expect(r.variants[0].totals.costUsd).toBeCloseTo(0.46, 10)
  })
})

describe('simulateEndpoint: determinism', () => {
  const spec = (seed: number | string): Parameters<typeof simulateEndpoint>[0] =>
    input({ traffic: { pattern: 'diurnal', baseRpm: 400, amplitude: 0.5 }, minutes: 240, rng: createRng(seed) })

  it('the same seed gives identical arrays', () => {
    const a = simulateEndpoint(spec('lab-1'))
    const b = simulateEndpoint(spec('lab-1'))
    expect(a.metrics.length).toBe(b.metrics.length)
    a.metrics.forEach((m, k) => {
      expect(m.series.sum).toEqual(b.metrics[k].series.sum)
      expect(m.series.sampleCount).toEqual(b.metrics[k].series.sampleCount)
      expect(m.series.maximum).toEqual(b.metrics[k].series.maximum)
    })
  })

  it('a different seed gives different numbers', () => {
    const a = findMetric(simulateEndpoint(spec('lab-1')), 'AllTraffic', 'Invocations').series.sum
    const b = findMetric(simulateEndpoint(spec('lab-2')), 'AllTraffic', 'Invocations').series.sum
    expect(a).not.toEqual(b)
  })

  it('simulating another endpoint with the same rng first does not change this one', () => {
    const rng = createRng(5)
    const alone = simulateEndpoint(input({ traffic: { pattern: 'steady', baseRpm: 300 }, rng: createRng(5) }))
    simulateEndpoint(input({ endpointName: 'other', traffic: { pattern: 'steady', baseRpm: 300 }, rng }))
    const after = simulateEndpoint(input({ traffic: { pattern: 'steady', baseRpm: 300 }, rng }))
    expect(findMetric(after, 'AllTraffic', 'ModelLatency').series.sum).toEqual(findMetric(alone, 'AllTraffic', 'ModelLatency').series.sum)
  })
})

describe('simulateEndpoint: validation', () => {
  const issuesOf = (f: () => unknown): { path: string; message: string }[] => {
    try {
      f()
    } catch (e) {
      expect(e).toBeInstanceOf(LabError)
      expect((e as LabError).code).toBe('VALIDATION')
      return (e as LabError).issues
    }
    throw new Error('expected a LabError')
  }

  it('names each bad field and its allowed range, all at once', () => {
    const issues = issuesOf(() =>
      simulateEndpoint(
        input({
          minutes: 0,
          traffic: { pattern: 'steady', baseRpm: Number.NaN },
          variants: [variant({ InitialInstanceCount: -1, InstanceType: 'ml.m5.huge' })]
        })
      )
    )
    const paths = issues.map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['minutes', 'traffic.baseRpm', 'variants[0].InitialInstanceCount', 'variants[0].InstanceType']))
    expect(issues.find((i) => i.path === 'minutes')!.message).toMatch(/\[1, 132480\]/)
    expect(issues.find((i) => i.path === 'traffic.baseRpm')!.message).toMatch(/finite/)
    expect(issues.find((i) => i.path === 'variants[0].InstanceType')!.message).toMatch(/ml\.m5\.xlarge/)
  })

  it('rejects incidents outside the simulated window, unknown variants and Infinity', () => {
    const issues = issuesOf(() =>
      simulateEndpoint(
        input({
          incidents: [
            { kind: 'errorBurst', start: at(500), durationMinutes: 5, errorRate: 0.5 },
            { kind: 'outlier', at: at(3), latencyFactor: 2, VariantName: 'nope' },
            { kind: 'trafficSpike', start: at(1), durationMinutes: 2, multiplier: Infinity }
          ]
        })
      )
    )
    expect(issues.map((i) => i.path)).toEqual(['incidents[0].start', 'incidents[1].VariantName', 'incidents[2].multiplier'])
  })

  it('rejects duplicate variant names and invalid endpoint names', () => {
    const issues = issuesOf(() => simulateEndpoint(input({ endpointName: 'bad_name!', variants: [variant(), variant()] })))
    expect(issues.map((i) => i.path)).toEqual(['endpointName', 'variants[1].VariantName'])
  })

  it('documents its simplifications for the UI', () => {
    expect(SIMPLIFICATIONS.length).toBeGreaterThan(5)
    expect(SIMPLIFICATIONS.join(' ')).toMatch(/unthrottled/)
  })
})
