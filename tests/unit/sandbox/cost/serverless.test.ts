import { describe, expect, it } from 'vitest'
import { erlangBLoss, simulateServerless } from '../../../../src/main/sandbox/cost/serverless'
import { LabError } from '../../../../src/shared/errors'

// A 100 ms CPU model of 1 GiB with 4 KiB payloads; at 2048 MB a container has one full vCPU.
const model = { name: 'm', cpuMsPerRequest: 100, memoryGiB: 1, payloadKiB: 4 }
const config = { MemorySizeInMB: 2048, MaxConcurrency: 5 }

function thrown(fn: () => unknown): LabError {
  try {
    fn()
  } catch (e) {
    if (e instanceof LabError) return e
    throw e
  }
  throw new Error('expected a LabError')
}

describe('simulateServerless: cost, cold starts and throttling', () => {
  it('one request a second for a day: 86,400 × (0.1 s × 2 GB × $0.00002 + 8 KiB × $0.016/GB) and one cold start', () => {
    // Compute 4e-6 + data 8 / 1,048,576 × 0.016 = 1.2207e-7 → $4.12207e-6 a request. Offered
    // concurrency a = 1/s × 0.1 s = 0.1; Erlang B(5, 0.1) = 7.5e-8, negligible.
    const r = simulateServerless(model, config, new Float64Array(1440).fill(60))
    expect(r.costPerRequestUSD).toBeCloseTo(4e-6 + (8 / 1_048_576) * 0.016, 15)
    expect(r.totalCostUSD).toBeCloseTo(86_400 * r.costPerRequestUSD, 6)
    // The concurrency needed each minute: ceil(0.1 + 2.326 × √0.1) = 1, warm after the first minute.
    expect(r.coldStarts).toBe(1)
    expect(r.ModelSetupTimeMs).toBe(3500)
    expect(r.hourlyCostUSD.length).toBe(24)
  })

  it('idle gaps longer than 10 minutes cost a cold start each; provisioned concurrency keeps one warm for a fee', () => {
    // An hour with 10 requests at minute 0 and 10 at minute 30.
    const rpm = new Float64Array(60)
    rpm[0] = 10
    rpm[30] = 10
    const cold = simulateServerless(model, config, rpm)
    expect(cold.coldStarts).toBe(2)
    // 2 of 20 served requests wait 3,500 ms: p99 of that mixture (reference/serverless.py, f = 0.1).
    expect(cold.coldStartShare).toBeCloseTo(0.1, 9)
    expect(cold.p99Ms).toBeCloseTo(3663.854472, 3)
    expect(cold.warmP99Ms).toBeCloseTo(268.411248, 4)
    const warm = simulateServerless(model, { ...config, ProvisionedConcurrency: 1 }, rpm)
    expect(warm.coldStarts).toBe(0)
    // 1 provisioned × 3,600 s × 2 GB × $0.0000048 = $0.03456 for the hour.
    expect(warm.provisionedCostUSD).toBeCloseTo(0.03456, 12)
  })

  it('requests beyond MaxConcurrency are throttled: MaxConcurrency 1 at a = 0.5 throttles 1/3 (Erlang B(1, 0.5))', () => {
    const r = simulateServerless(model, { MemorySizeInMB: 2048, MaxConcurrency: 1 }, new Float64Array(60).fill(300))
    expect(erlangBLoss(1, 0.5)).toBeCloseTo(1 / 3, 15)
    expect(r.throttledRequests / r.requests).toBeCloseTo(1 / 3, 12)
    expect(r.peakConcurrency).toBe(1)
  })

  it('Erlang B agrees with the textbook values: B(5, 3) = 0.110054, B(10, 5) = 0.018385', () => {
    // B(c, a) = (a^c / c!) / Σ_{k≤c} a^k / k!: for (5, 3) 2.025 / 18.4 = 0.1100543; for (10, 5) 0.0183846.
    expect(erlangBLoss(5, 3)).toBeCloseTo(0.1100543, 6)
    expect(erlangBLoss(10, 5)).toBeCloseTo(0.0183846, 6)
  })

  it('1024 MB holds a 0.5 GiB model and halves the vCPU share: 200 ms a request', () => {
    const r = simulateServerless({ ...model, memoryGiB: 0.5 }, { MemorySizeInMB: 1024, MaxConcurrency: 5 }, new Float64Array(60).fill(6))
    expect(r.serviceMs).toBeCloseTo(200, 12)
  })
})

describe('simulateServerless: bad configurations name the field and the allowed values', () => {
  it('a memory size serverless does not offer', () => {
    const e = thrown(() => simulateServerless(model, { MemorySizeInMB: 1500, MaxConcurrency: 5 }, new Float64Array(60)))
    expect(e.issues[0].path).toBe('serverless.MemorySizeInMB')
    expect(e.issues[0].message).toContain('1024, 2048, 3072, 4096, 5120, 6144')
  })

  it('a memory size too small for the model says which sizes fit', () => {
    const e = thrown(() => simulateServerless(model, { MemorySizeInMB: 1024, MaxConcurrency: 5 }, new Float64Array(60)))
    expect(e.issues[0].message).toMatch(/needs 1\.5 GiB .* use 2048, 3072, 4096, 5120, 6144/)
    const big = thrown(() => simulateServerless({ ...model, memoryGiB: 6 }, { MemorySizeInMB: 6144, MaxConcurrency: 5 }, new Float64Array(60)))
    expect(big.issues[0].message).toContain('at most 6144 MB')
  })

  it('concurrency out of range, and provisioned concurrency above MaxConcurrency', () => {
    expect(thrown(() => simulateServerless(model, { MemorySizeInMB: 2048, MaxConcurrency: 201 }, new Float64Array(60))).issues[0].message).toContain('from 1 to 200')
    const e = thrown(() => simulateServerless(model, { MemorySizeInMB: 2048, MaxConcurrency: 4, ProvisionedConcurrency: 5 }, new Float64Array(60)))
    expect(e.issues[0].path).toBe('serverless.ProvisionedConcurrency')
    expect(e.issues[0].message).toContain('less than or equal to MaxConcurrency (4)')
  })
})
