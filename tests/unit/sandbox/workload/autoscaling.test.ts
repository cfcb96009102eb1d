import { describe, expect, it } from 'vitest'
import { findMetric, simulateEndpoint, DEFAULT_SCALE_IN_COOLDOWN_S, DEFAULT_SCALE_OUT_COOLDOWN_S, DEFAULT_STARTUP_MINUTES } from '../../../../src/main/sandbox/workload'
import type { TargetTrackingScaling } from '../../../../src/main/sandbox/workload'
import { at, input, model, variant } from './helpers'

// A light model (1 ms per request on ml.m5.large: capacity 120,000 requests/min) so only scaling matters.
const light = model({ cpuMsPerRequest: 1 })

function stepScenario(scaling: TargetTrackingScaling): ReturnType<typeof simulateEndpoint> {
  // 80 requests/min, ×4 from minute 10 (320), ×2 more from minute 19 (640). Exact counts (noise: 'none').
  return simulateEndpoint(
    input({
      variants: [variant({ InstanceType: 'ml.m5.large', InitialInstanceCount: 1, model: light, autoscaling: scaling })],
      traffic: { pattern: 'steady', baseRpm: 80, noise: 'none' },
      incidents: [
        { kind: 'trafficSpike', start: at(10), durationMinutes: 100, multiplier: 4 },
        { kind: 'trafficSpike', start: at(19), durationMinutes: 100, multiplier: 2 }
      ],
      minutes: 40
    })
  )
}

const runs = (a: Float64Array): [number, number, number][] => {
  const out: [number, number, number][] = []
  for (let i = 0; i < a.length; i++) {
    const last = out[out.length - 1]
    if (last && last[2] === a[i]) last[1] = i
    else out.push([i, i, a[i]])
  }
  return out
}

describe('target tracking on InvocationsPerInstance', () => {
  it('uses the AWS defaults: 300 s cooldowns; the sandbox starts instances in 5 minutes', () => {
    expect(DEFAULT_SCALE_OUT_COOLDOWN_S).toBe(300)
    expect(DEFAULT_SCALE_IN_COOLDOWN_S).toBe(300)
    expect(DEFAULT_STARTUP_MINUTES).toBe(5)
  })

  it('a step increase scales out after 3 breaching minutes plus start-up, and the cooldown delays the next step', () => {
    // Hand timeline, TargetValue 100, cooldowns 300 s (5 min), start-up 5 min:
    //  minutes 10, 11, 12: 320 per instance > 100 → at the start of minute 13 the high alarm has 3 breaching
    //    datapoints; desired = ceil(320 / 100) = 4. The 3 new instances serve from minute 13 + 5 = 18,
    //    when the activity completes; scale-out cooldown runs to minute 23.
    //  minute 18: 320 / 4 = 80. From minute 19: 640 / 4 = 160 > 100; datapoints 19, 20, 21 breach, so the
    //    alarm is in ALARM at minute 22, but the cooldown blocks until minute 23: desired = ceil(640/100) = 7,
    //    serving from 28. Then 640 / 7 = 91.4: below the target, above 90% of it, so nothing more happens.
    const r = stepScenario({ TargetValue: 100, MinCapacity: 1, MaxCapacity: 10 })
    const v = r.variants[0]
    expect(v.scalingActivities.map((a) => [a.direction, a.minute, a.fromCount, a.toCount, a.readyMinute])).toEqual([
      ['out', 13, 1, 4, 18],
      ['out', 23, 4, 7, 28]
    ])
    expect(v.scalingActivities[0].time).toBe('2026-01-05T00:13:00.000Z')
    expect(v.scalingActivities[0].cause).toMatch(/AlarmHigh .*320 > 100 for 3 consecutive minutes; desired = ceil\(320 requests \/ 100\) = 4/)
    expect(runs(v.inServiceInstances)).toEqual([
      [0, 17, 1],
      [18, 27, 4],
      [28, 39, 7]
    ])
    // Billing starts with the activity: 4 billed from minute 13, 7 from minute 23.
    expect(runs(v.desiredInstances)).toEqual([
      [0, 12, 1],
      [13, 22, 4],
      [23, 39, 7]
    ])
    const ipi = findMetric(r, 'AllTraffic', 'InvocationsPerInstance').series
    expect(ipi.sum[17]).toBe(320)
    expect(ipi.sum[18]).toBe(80)
    expect(ipi.sum[22]).toBe(160)
    expect(ipi.sum[30]).toBeCloseTo(640 / 7, 9)
  })

  it('without a scale-out cooldown the second step starts one minute earlier (at 22)', () => {
    const r = stepScenario({ TargetValue: 100, MinCapacity: 1, MaxCapacity: 10, ScaleOutCooldown: 0 })
    expect(r.variants[0].scalingActivities.map((a) => [a.minute, a.toCount])).toEqual([
      [13, 4],
      [22, 7]
    ])
  })

  it('MaxCapacity caps the scale-out and says so in the cause', () => {
    const r = stepScenario({ TargetValue: 100, MinCapacity: 1, MaxCapacity: 3 })
    const acts = r.variants[0].scalingActivities
    expect(acts.map((a) => [a.minute, a.toCount])).toEqual([[13, 3]])
    expect(acts[0].cause).toMatch(/capped at MaxCapacity 3/)
  })

  it('scales in after 15 minutes below 90% of target, and the scale-in cooldown spaces the steps', () => {
    // 10 instances, 500 requests/min for minutes 0–15, then 100/min. TargetValue 100, ScaleInCooldown 1200 s.
    //  minutes 0–14: 50 per instance < 90 → at minute 15 the low alarm has 15 datapoints:
    //    desired = ceil(500 / 100) = 5, instances removed at once.
    //  minute 15: 500 / 5 = 100 (not low). From 16: 100 / 5 = 20 < 90; the 15th low datapoint is minute 30,
    //    so the alarm is in ALARM from minute 31, but the cooldown (from 15, 20 min) lasts until 35:
    //    desired = ceil(100 / 100) = 1 at minute 35.
    const r = simulateEndpoint(
      input({
        variants: [
          variant({
            InstanceType: 'ml.m5.large',
            InitialInstanceCount: 10,
            model: light,
            autoscaling: { TargetValue: 100, MinCapacity: 1, MaxCapacity: 10, ScaleInCooldown: 1200 }
          })
        ],
        traffic: { pattern: 'steady', baseRpm: 100, noise: 'none' },
        incidents: [{ kind: 'trafficSpike', start: at(0), durationMinutes: 16, multiplier: 5 }],
        minutes: 45
      })
    )
    const v = r.variants[0]
    expect(v.scalingActivities.map((a) => [a.direction, a.minute, a.fromCount, a.toCount])).toEqual([
      ['in', 15, 10, 5],
      ['in', 35, 5, 1]
    ])
    expect(v.scalingActivities[1].cause).toMatch(/AlarmLow .*20 < 90 \(90% of 100\) for 15 consecutive minutes/)
    expect(runs(v.inServiceInstances)).toEqual([
      [0, 14, 10],
      [15, 34, 5],
      [35, 44, 1]
    ])
  })

  it('DisableScaleIn keeps the capacity, and no traffic at all never scales in (no datapoints)', () => {
    const base = {
      InstanceType: 'ml.m5.large',
      InitialInstanceCount: 4,
      model: light
    }
    const disabled = simulateEndpoint(
      input({ variants: [variant({ ...base, autoscaling: { TargetValue: 100, MinCapacity: 1, MaxCapacity: 4, DisableScaleIn: true } })], minutes: 60 })
    )
    expect(disabled.variants[0].scalingActivities).toEqual([])
    const idle = simulateEndpoint(
      input({
        variants: [variant({ ...base, autoscaling: { TargetValue: 100, MinCapacity: 1, MaxCapacity: 4 } })],
        traffic: { pattern: 'steady', baseRpm: 0 },
        minutes: 60
      })
    )
    expect(idle.variants[0].scalingActivities).toEqual([])
    expect(findMetric(idle, 'AllTraffic', 'InvocationsPerInstance').series.sampleCount.every((c) => c === 0)).toBe(true)
  })

  it('overload during start-up shows as 5XX until the new instances serve', () => {
    // ml.m5.large with 50 ms per request: capacity 2 × 60,000 / 50 = 2,400/min per instance.
    // 6,000/min from minute 5 overloads 1 instance until 3 more arrive (ceil(6000 / 2000) = 3).
    const r = simulateEndpoint(
      input({
        variants: [
          variant({
            InstanceType: 'ml.m5.large',
            model: model({ cpuMsPerRequest: 50 }),
            autoscaling: { TargetValue: 2000, MinCapacity: 1, MaxCapacity: 5 }
          })
        ],
        traffic: { pattern: 'steady', baseRpm: 1000, noise: 'none' },
        incidents: [{ kind: 'trafficSpike', start: at(5), durationMinutes: 100, multiplier: 6 }],
        minutes: 30
      })
    )
    const v = r.variants[0]
    expect(v.scalingActivities.map((a) => [a.minute, a.toCount, a.readyMinute])).toEqual([[8, 3, 13]])
    const e5 = findMetric(r, 'AllTraffic', 'Invocation5XXErrors').series
    expect(e5.sum[10]).toBeGreaterThan(0)
    // Capacity 3 × 2,400 = 7,200 ≥ 6,000, so the backlog drains and errors stop soon after minute 13.
    expect(e5.sum[20]).toBe(0)
  })
})
