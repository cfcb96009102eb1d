import { describe, expect, it } from 'vitest'
import { LabError } from '../../../../src/shared/errors'
import type { SandboxAction } from '../../../../src/shared/contract/sandbox'
import { DEFAULT_SCALE_IN_COOLDOWN_S, DEFAULT_SCALE_OUT_COOLDOWN_S } from '../../../../src/main/sandbox/autoscaling/service'
import { MINUTE_MS } from '../../../../src/main/sandbox/core/time'
import { DEFAULT_STARTUP_MINUTES } from '../../../../src/main/sandbox/workload'
import { World } from '../../../../src/main/sandbox/world'

// A light model (1 ms per request on ml.m5.large: capacity 120,000 requests/min) so only scaling matters.
const light = { name: 'light', cpuMsPerRequest: 1, memoryGiB: 1, payloadKiB: 2, clientErrorRate: 0 }
const dims = [
  { Name: 'EndpointName', Value: 'ep' },
  { Name: 'VariantName', Value: 'AllTraffic' }
]

function world(count: number, baseRpm: number, model = light): World {
  const w = new World('scaling')
  w.apply({
    type: 'CreateEndpoint',
    EndpointName: 'ep',
    ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: count, Model: model }],
    Traffic: { pattern: 'steady', baseRpm, noise: 'none' }
  })
  return w
}

function spike(w: World, atMinute: number, multiplier: number, durationMinutes = 100): void {
  w.apply({ type: 'InjectIncident', EndpointName: 'ep', StartsInMinutes: atMinute, Incident: { kind: 'trafficSpike', durationMinutes, multiplier } })
}

/** Activities as [direction, minute, from, to, minute in service]. */
function activities(w: World): [string, number, number, number, number][] {
  return w.autoscaling.activities().map((a) => [a.direction, (a.time - w.startTime) / MINUTE_MS, a.fromCount, a.toCount, (a.readyAt - w.startTime) / MINUTE_MS])
}

function ipi(w: World): Float64Array {
  return w.cloudwatch.metrics.get({ Namespace: 'AWS/SageMaker', MetricName: 'InvocationsPerInstance', Dimensions: dims })!.series.sum
}

function stepScenario(policy: Partial<Extract<SandboxAction, { type: 'PutScalingPolicy' }>> = {}): World {
  // 80 requests/min, ×4 from minute 10 (320), ×2 more from minute 19 (640). Exact counts (noise: 'none').
  const w = world(1, 80)
  w.apply({ type: 'PutScalingPolicy', EndpointName: 'ep', VariantName: 'AllTraffic', TargetValue: 100, MinCapacity: 1, MaxCapacity: 10, ...policy })
  spike(w, 10, 4)
  spike(w, 19, 2)
  w.apply({ type: 'AdvanceClock', Minutes: 40 })
  return w
}

describe('target tracking through the alarms Application Auto Scaling creates', () => {
  it('uses the AWS defaults: 300 s cooldowns; the sandbox starts instances in 5 minutes', () => {
    expect(DEFAULT_SCALE_OUT_COOLDOWN_S).toBe(300)
    expect(DEFAULT_SCALE_IN_COOLDOWN_S).toBe(300)
    expect(DEFAULT_STARTUP_MINUTES).toBe(5)
  })

  it('creates AlarmHigh (3 of 3 above target) and AlarmLow (15 of 15 below 90 %), visible in DescribeAlarms and deleted with the policy', () => {
    const w = world(2, 100)
    w.apply({ type: 'PutScalingPolicy', EndpointName: 'ep', VariantName: 'AllTraffic', TargetValue: 100, MinCapacity: 1, MaxCapacity: 4 })
    const alarms = w.cloudwatch.describe(w.now)
    const policy = w.autoscaling.policySummaries()[0]
    expect(alarms.map((a) => a.AlarmName)).toEqual([
      expect.stringMatching(/^TargetTracking-endpoint\/ep\/variant\/AllTraffic-AlarmHigh-[0-9a-f-]{36}$/),
      expect.stringMatching(/^TargetTracking-endpoint\/ep\/variant\/AllTraffic-AlarmLow-[0-9a-f-]{36}$/)
    ])
    expect(alarms[0].definition).toMatchObject({ MetricName: 'InvocationsPerInstance', Statistic: 'Sum', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 3, Threshold: 100, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [policy.PolicyARN] })
    expect(alarms[1].definition).toMatchObject({ EvaluationPeriods: 15, DatapointsToAlarm: 15, Threshold: 90, ComparisonOperator: 'LessThanThreshold' })
    expect(alarms.every((a) => a.ManagedBy === policy.PolicyARN)).toBe(true)
    expect(policy.Alarms).toEqual(alarms.map((a) => a.AlarmName))
    // CloudTrail shows the service-linked role creating them.
    const puts = w.cloudtrail.lookupEvents({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'PutMetricAlarm' }] }, w.now).Events
    expect(puts.map((e) => JSON.parse(e.CloudTrailEvent).userIdentity.invokedBy)).toEqual(['application-autoscaling.amazonaws.com', 'application-autoscaling.amazonaws.com'])
    w.apply({ type: 'DeleteScalingPolicy', EndpointName: 'ep', VariantName: 'AllTraffic' })
    expect(w.cloudwatch.describe(w.now)).toEqual([])
  })

  it('a step increase scales out after 3 breaching minutes plus start-up; a larger scale-out during the cooldown happens at once', () => {
    // Hand timeline, TargetValue 100, cooldowns 300 s, start-up 5 min:
    //  minutes 10, 11, 12: 320 per instance > 100 → AlarmHigh is ALARM when minute 12 ends (13:00);
    //    desired = ceil(320 / 100) = 4; the 3 new instances serve from minute 13 + 5 = 18.
    //  minute 18: 320 / 4 = 80 → AlarmHigh OK. From minute 19: 640 / 4 = 160 > 100; minutes 19, 20, 21
    //    breach, so AlarmHigh is ALARM at 22:00. The scale-out cooldown (from 18, when the first
    //    activity completed, to 23) is still running, but ceil(640 / 100) = 7 > 4 is a larger
    //    scale-out, which Application Auto Scaling makes at once: 7 serve from 27.
    //  Then 640 / 7 = 91.4: below the target, above 90 % of it, so nothing more happens.
    const w = stepScenario()
    expect(activities(w)).toEqual([
      ['out', 13, 1, 4, 18],
      ['out', 22, 4, 7, 27]
    ])
    const first = w.autoscaling.activities()[0]
    expect(first.cause).toMatch(/^At 2026-01-05T00:13:00\.000Z a monitor alarm TargetTracking-endpoint\/ep\/variant\/AllTraffic-AlarmHigh-\S+ in state ALARM triggered policy ep-AllTraffic-invocations changing the desired capacity from 1 to 4\.$/)
    expect(first.details).toBe('InvocationsPerInstance 320 on 1 in service = 320 requests a minute; ceil(320 / 100) = 4')
    const v = ipi(w)
    expect(v[17]).toBe(320)
    expect(v[18]).toBe(80)
    expect(v[22]).toBe(160)
    expect(v[26]).toBe(160)
    expect(v[30]).toBeCloseTo(640 / 7, 9)
    // Billing follows the desired count: 1 for 13 minutes, 4 for 9, 7 for 18 → 13 + 36 + 126 = 175 instance-minutes × $0.115/h.
    expect(w.sagemaker.totalCostUsd()).toBeCloseTo((175 * 0.115) / 60, 10)
  })

  it('MaxCapacity caps the scale-out and the activity says so', () => {
    const w = stepScenario({ MaxCapacity: 3 })
    expect(activities(w).map(([, m, , to]) => [m, to])).toEqual([[13, 3]])
    expect(w.autoscaling.activities()[0].details).toMatch(/\(capped at MaxCapacity 3\)$/)
  })

  it('scales in after 15 minutes below 90 % of target, and the scale-in cooldown spaces the steps', () => {
    // 10 instances, 500 requests/min for minutes 0–15, then 100/min. TargetValue 100, ScaleInCooldown 1200 s.
    //  minutes 0–14: 50 per instance < 90 → AlarmLow is ALARM at 15:00: desired = ceil(500 / 100) = 5, removed at once.
    //  minute 15: 500 / 5 = 100 (not low). From 16: 100 / 5 = 20 < 90; the 15th low datapoint is minute 30,
    //  so AlarmLow is ALARM from 31:00 and repeats every minute, but the cooldown (from 15, 20 min) lasts
    //  until 35: desired = ceil(100 / 100) = 1 at 35.
    const w = world(10, 100)
    w.apply({ type: 'PutScalingPolicy', EndpointName: 'ep', VariantName: 'AllTraffic', TargetValue: 100, MinCapacity: 1, MaxCapacity: 10, ScaleInCooldown: 1200 })
    spike(w, 0, 5, 16)
    w.apply({ type: 'AdvanceClock', Minutes: 45 })
    expect(activities(w)).toEqual([
      ['in', 15, 10, 5, 15],
      ['in', 35, 5, 1, 35]
    ])
    expect(w.autoscaling.activities()[1].cause).toMatch(/AlarmLow-\S+ in state ALARM triggered policy/)
    const v = ipi(w)
    expect(v[14]).toBe(50)
    expect(v[20]).toBe(20)
    expect(v[40]).toBe(100)
  })

  it('DisableScaleIn creates no AlarmLow and keeps the capacity; no traffic at all never scales (no datapoints)', () => {
    const disabled = world(4, 100)
    disabled.apply({ type: 'PutScalingPolicy', EndpointName: 'ep', VariantName: 'AllTraffic', TargetValue: 100, MinCapacity: 1, MaxCapacity: 4, DisableScaleIn: true })
    disabled.apply({ type: 'AdvanceClock', Minutes: 60 })
    expect(disabled.cloudwatch.describe(disabled.now).map((a) => a.AlarmName)).toEqual([expect.stringMatching(/-AlarmHigh-/)])
    expect(activities(disabled)).toEqual([])
    const idle = world(4, 0)
    idle.apply({ type: 'PutScalingPolicy', EndpointName: 'ep', VariantName: 'AllTraffic', TargetValue: 100, MinCapacity: 1, MaxCapacity: 4 })
    idle.apply({ type: 'AdvanceClock', Minutes: 60 })
    expect(activities(idle)).toEqual([])
    expect(idle.cloudwatch.describe(idle.now).every((a) => a.StateValue === 'INSUFFICIENT_DATA')).toBe(true)
  })

  it('overload during start-up shows as 5XX until the new instances serve', () => {
    // ml.m5.large with 50 ms per request: capacity 2 × 60,000 / 50 = 2,400/min per instance.
    // 6,000/min from minute 5 overloads 1 instance until ceil(6000 / 2000) = 3 serve (from 8 + 5 = 13).
    const w = world(1, 1000, { ...light, cpuMsPerRequest: 50 })
    w.apply({ type: 'PutScalingPolicy', EndpointName: 'ep', VariantName: 'AllTraffic', TargetValue: 2000, MinCapacity: 1, MaxCapacity: 5 })
    spike(w, 5, 6)
    w.apply({ type: 'AdvanceClock', Minutes: 30 })
    expect(activities(w).map(([, m, , to, ready]) => [m, to, ready])).toEqual([[8, 3, 13]])
    const e5 = w.cloudwatch.metrics.get({ Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Dimensions: dims })!.series
    expect(e5.sum[10]).toBeGreaterThan(0)
    // Capacity 3 × 2,400 = 7,200 ≥ 6,000, so the backlog drains and errors stop soon after minute 13.
    expect(e5.sum[20]).toBe(0)
  })

  it('a capacity outside a newly registered range moves to the nearer bound at once', () => {
    const w = world(6, 100)
    w.apply({ type: 'PutScalingPolicy', EndpointName: 'ep', VariantName: 'AllTraffic', TargetValue: 100, MinCapacity: 1, MaxCapacity: 4 })
    expect(activities(w)).toEqual([['in', 0, 6, 4, 0]])
  })

  it('refuses MinCapacity above MaxCapacity and a missing TargetValue, naming the field, and changes nothing', () => {
    const w = world(1, 100)
    const refused = (a: Partial<Extract<SandboxAction, { type: 'PutScalingPolicy' }>>, path: string) => {
      let error: unknown
      try {
        w.apply({ type: 'PutScalingPolicy', EndpointName: 'ep', VariantName: 'AllTraffic', TargetValue: 100, MinCapacity: 1, MaxCapacity: 4, ...a })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(LabError)
      expect((error as LabError).issues.map((i) => i.path)).toContain(path)
    }
    refused({ MinCapacity: 5, MaxCapacity: 2 }, 'MinCapacity')
    refused({ TargetValue: undefined }, 'TargetValue')
    refused({ PolicyType: 'StepScaling', TargetValue: undefined }, 'StepScalingPolicyConfiguration')
    expect(w.autoscaling.policySummaries()).toEqual([])
    expect(w.cloudwatch.describe(w.now)).toEqual([])
    expect(w.actions).toHaveLength(1)
  })
})

describe('step scaling triggered by an alarm whose AlarmActions name the policy', () => {
  function stepWorld(multiplierAt19: number): World {
    // Steps relative to the alarm threshold (100 invocations per instance per minute):
    // [0, 100) → +1, [100, 400) → +3, [400, ∞) → +5. Cooldown 300 s.
    const w = world(1, 80)
    w.apply({
      type: 'PutScalingPolicy',
      EndpointName: 'ep',
      VariantName: 'AllTraffic',
      PolicyName: 'busy',
      PolicyType: 'StepScaling',
      MinCapacity: 1,
      MaxCapacity: 10,
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        Cooldown: 300,
        StepAdjustments: [
          { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 100, ScalingAdjustment: 1 },
          { MetricIntervalLowerBound: 100, MetricIntervalUpperBound: 400, ScalingAdjustment: 3 },
          { MetricIntervalLowerBound: 400, ScalingAdjustment: 5 }
        ]
      }
    })
    const policyArn = w.autoscaling.policySummaries()[0].PolicyARN
    w.apply({
      type: 'PutMetricAlarm',
      AlarmName: 'busy-instances',
      Namespace: 'AWS/SageMaker',
      MetricName: 'InvocationsPerInstance',
      Dimensions: dims,
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [policyArn]
    })
    spike(w, 10, 4)
    spike(w, 19, multiplierAt19)
    w.apply({ type: 'AdvanceClock', Minutes: 30 })
    return w
  }

  it('picks the step from how far the metric is above the threshold, and waits out the cooldown for a step that adds nothing new', () => {
    // Minute 10: 320 per instance, 220 above the threshold → the [100, 400) step: 1 + 3 = 4 at 11:00, serving from 16.
    // Minute 16: 320 / 4 = 80 → OK. Minute 19: 640 / 4 = 160, 60 above → the [0, 100) step, +1. The cooldown runs
    // from 16 to 21 and counts the 3 instances the last scale-out added: 1 + 1 = 2 is not more than 4, so the
    // policy waits; the alarm repeats each minute, and at 21:00 the cooldown is over: 4 + 1 = 5, serving from 26.
    const w = stepWorld(2)
    expect(activities(w)).toEqual([
      ['out', 11, 1, 4, 16],
      ['out', 21, 4, 5, 26]
    ])
    expect(w.autoscaling.activities()[0].details).toBe('the metric 320 is 220 from the alarm threshold 100: step [100, 400) → ChangeInCapacity 3 from 1 = 4')
  })

  it('a larger step during the cooldown scales out at once', () => {
    // Minute 19 at ×8: 2,560 / 4 = 640 per instance, 540 above → the [400, ∞) step: 1 + 5 = 6 > 4, at 20:00.
    const w = stepWorld(8)
    expect(activities(w).slice(0, 2)).toEqual([
      ['out', 11, 1, 4, 16],
      ['out', 20, 4, 6, 25]
    ])
  })

  it('refuses steps with a gap between their ranges', () => {
    const w = world(1, 80)
    expect(() =>
      w.apply({
        type: 'PutScalingPolicy',
        EndpointName: 'ep',
        VariantName: 'AllTraffic',
        PolicyType: 'StepScaling',
        MinCapacity: 1,
        MaxCapacity: 4,
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity',
          StepAdjustments: [
            { MetricIntervalLowerBound: 0, MetricIntervalUpperBound: 50, ScalingAdjustment: 1 },
            { MetricIntervalLowerBound: 100, ScalingAdjustment: 2 }
          ]
        }
      })
    ).toThrow(/no gap, no overlap/)
  })
})
