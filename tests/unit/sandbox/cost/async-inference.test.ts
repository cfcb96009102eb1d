import { describe, expect, it } from 'vitest'
import { getInstanceType } from '../../../../src/main/sandbox/catalog'
import { simulateAsync } from '../../../../src/main/sandbox/cost/async-inference'
import { planServing } from '../../../../src/main/sandbox/workload'

// A 1 s model on ml.m5.xlarge: 4 workers × 60 a minute = 240 requests/min per instance, $0.23/h.
const m5 = getInstanceType('ml.m5.xlarge')
const plan = planServing({ name: 'm', cpuMsPerRequest: 1000, memoryGiB: 1, payloadKiB: 4 }, m5)
const burst = (count: number): Float64Array => {
  const rpm = new Float64Array(180)
  rpm[0] = count
  return rpm
}

describe('simulateAsync: scale to zero with a backlog', () => {
  it('20 requests at zero instances: target tracking scales out after 3 minutes above 5, they wait 8 minutes, then it scales back to zero', () => {
    // Minutes 0–2: backlog 20 → ApproximateBacklogSizePerInstance 20 > 5 three times → scale out at the
    // end of minute 2 to ceil(20 / 5) = 4, capped at MaxCapacity 2; in service from minute 2 + 1 + 5 = 8.
    // Minute 8 processes all 20 (they arrived at minute 0: 8 minutes = 480,000 ms in the queue).
    // Minutes 8–22: metric 0 < 4.5 fifteen times → scale in to 0 at the end of minute 22.
    // Billed: 2 instances for minutes 3–22 = 40 instance-minutes × $0.23 / 60.
    const r = simulateAsync(plan, m5, { MinCapacity: 0, MaxCapacity: 2, TargetValue: 5 }, burst(20))
    expect(r.scaleOuts).toBe(1)
    expect(r.scaleIns).toBe(1)
    expect(r.meanQueueDelayMs).toBe(480_000)
    expect(r.maxQueueDelayMs).toBe(480_000)
    expect(r.instanceHours).toBeCloseTo(40 / 60, 12)
    expect(r.totalCostUSD).toBeCloseTo((40 * 0.23) / 60, 12)
    expect(r.minutesAtZero).toBe(160)
    expect(r.processedRequests).toBe(20)
    expect(r.hourlyCostUSD.length).toBe(3)
  })

  it('with the HasBacklogWithoutCapacity policy the first queued request starts one instance at once: 6 minutes of waiting', () => {
    // Scale out to 1 at the end of minute 0, in service at minute 6; scale in at the end of minute 20.
    const r = simulateAsync(plan, m5, { MinCapacity: 0, MaxCapacity: 2, TargetValue: 5, scaleOutFromZeroPolicy: true }, burst(20))
    expect(r.maxQueueDelayMs).toBe(360_000)
    expect(r.totalCostUSD).toBeCloseTo((20 * 0.23) / 60, 12)
  })

  it('without that policy a backlog at or below the target never scales out from zero: the requests wait to the end', () => {
    // "the endpoint only starts scaling up from zero after the number of backlog requests exceeds the
    // target tracking value" (Autoscale an asynchronous endpoint): 3 ≤ 5.
    const r = simulateAsync(plan, m5, { MinCapacity: 0, MaxCapacity: 2, TargetValue: 5 }, burst(3))
    expect(r.scaleOuts).toBe(0)
    expect(r.backlogAtEnd).toBe(3)
    expect(r.totalCostUSD).toBe(0)
    expect(r.maxQueueDelayMs).toBe(180 * 60_000)
  })

  it('refuses MinCapacity above MaxCapacity and a non-positive TargetValue, naming the field', () => {
    expect(() => simulateAsync(plan, m5, { MinCapacity: 3, MaxCapacity: 2, TargetValue: 5 }, burst(1))).toThrow(/async\.MinCapacity: must be <= MaxCapacity \(2\)/)
    expect(() => simulateAsync(plan, m5, { MinCapacity: 0, MaxCapacity: 2, TargetValue: 0 }, burst(1))).toThrow(/async\.TargetValue/)
  })
})
