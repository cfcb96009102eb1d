/**
 * Deployment guardrails in a world: UpdateEndpoint with DeploymentConfig on the world's endpoint, its
 * alarms and its bill. Expected values are hand calculations written beside each assertion.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SandboxAction } from '../../../../src/shared/contract/sandbox'
import { LabError } from '../../../../src/shared/errors'
import { getInstanceType } from '../../../../src/main/sandbox/catalog/instances'
import { World, worldParts } from '../../../../src/main/sandbox/world'

type Update = Extract<SandboxAction, { type: 'UpdateEndpoint' }>
type Variant = Update['ProductionVariants'][number]

const EP = 'fraud'
const PRICE = getInstanceType('ml.m5.xlarge').pricePerHour

/** 10 × ml.m5.xlarge serving exactly 600 requests a minute (noise none), so shares are exact. */
function create(count = 10): SandboxAction {
  return {
    type: 'CreateEndpoint',
    EndpointName: EP,
    ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: count, ModelPreset: 'xgboost-tabular' }],
    Traffic: { pattern: 'steady', baseRpm: 600, noise: 'none' }
  }
}

function variant(defect?: Variant['Defect'], count = 10): Variant {
  return { VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: count, ModelPreset: 'xgboost-tabular', ...(defect ? { Defect: defect } : {}) }
}

function canary(waitSeconds: number, alarms: string[] = [], defect?: Variant['Defect'], termination = 0): Update {
  return {
    type: 'UpdateEndpoint',
    EndpointName: EP,
    ProductionVariants: [variant(defect)],
    DeploymentConfig: {
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 }, WaitIntervalInSeconds: waitSeconds },
        TerminationWaitInSeconds: termination
      },
      ...(alarms.length ? { AutoRollbackConfiguration: { Alarms: alarms.map((AlarmName) => ({ AlarmName })) } } : {})
    }
  }
}

/** 5XX share of the variant (both fleets together) above 1% in one 60 s period. */
const errorAlarm: SandboxAction = {
  type: 'PutMetricAlarm',
  AlarmName: 'fraud-5xx',
  Namespace: 'AWS/SageMaker',
  MetricName: 'Invocation5XXErrors',
  Dimensions: [
    { Name: 'EndpointName', Value: EP },
    { Name: 'VariantName', Value: 'AllTraffic' }
  ],
  Statistic: 'Average',
  Period: 60,
  EvaluationPeriods: 1,
  Threshold: 0.01,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching'
}

const stateRule: SandboxAction[] = [
  { type: 'PutRule', Name: 'endpoint-state', EventPattern: JSON.stringify({ source: ['aws.sagemaker'], 'detail-type': ['SageMaker Endpoint State Change'] }) },
  { type: 'PutTargets', Rule: 'endpoint-state', Targets: [{ Id: 'ops', Arn: 'arn:aws:sns:us-east-1:111122223333:ops' }] }
]

function endpointOf(w: World) {
  return worldParts(w).endpoints.find((e) => e.EndpointName === EP)!
}

/** Steps minute by minute, recording status and fleets after each minute's start was decided. */
function walk(w: World, minutes: number) {
  const rows: { status: string; billed: number; greenShare: number }[] = []
  for (let i = 0; i < minutes; i++) {
    w.apply({ type: 'AdvanceClock', Minutes: 1 })
    const e = endpointOf(w)
    const green = e.deployment?.fleets.find((f) => f.role === 'green')
    rows.push({ status: e.EndpointStatus, billed: e.variants[0].DesiredInstanceCount, greenShare: e.deployment?.outcome === 'IN_PROGRESS' ? green?.share ?? 0 : NaN })
  }
  return rows
}

function stateChanges(w: World): string[] {
  return w.events
    .deliveries()
    .filter((d) => d.ruleName === 'endpoint-state')
    .map((d) => (d.event.detail as { EndpointStatus: string }).EndpointStatus)
}

describe('UpdateEndpoint with DeploymentConfig in a world', () => {
  it('a healthy 10% canary with a 600 s bake: shifts at 5 and 15 min, terminates the old fleet at 25 min, and bills both fleets meanwhile', () => {
    const w = World.replay('canary', [create(), ...stateRule, { type: 'AdvanceClock', Minutes: 10 }])
    const before = w.sagemaker.totalCostUsd()
    w.apply(canary(600))
    expect(endpointOf(w).EndpointStatus).toBe('Updating')
    const rows = walk(w, 60)
    // Hand timeline (start-up 5 min; 600 s = 10 min baking per step; CanarySize 10% of 10 = 1 instance):
    // minutes 0–4 provisioning, green takes no traffic; minutes 5–14 the canary: 1 of 10 instances = 10%;
    // minutes 15–24 all traffic on green (final bake); at 25 the deployment completes and, with
    // TerminationWaitInSeconds 0, the old fleet is terminated.
    // rows[i] is read after minute i was simulated (the deployment decided minute i at its start).
    expect(rows.slice(0, 5).every((r) => r.greenShare === 0)).toBe(true)
    expect(rows.slice(5, 15).every((r) => Math.abs(r.greenShare - 0.1) < 1e-12)).toBe(true)
    expect(rows.slice(15, 25).every((r) => r.greenShare === 1)).toBe(true)
    expect(rows[24].status).toBe('Updating')
    expect(rows[25].status).toBe('InService')
    // Billed: 20 instances for minutes 0–24, then 10.
    expect(rows.slice(0, 25).every((r) => r.billed === 20)).toBe(true)
    expect(rows.slice(25).every((r) => r.billed === 10)).toBe(true)
    // Cost of the 60 minutes: (25 × 20 + 35 × 10) = 850 instance-minutes × $/h ÷ 60.
    expect(w.sagemaker.totalCostUsd() - before).toBeCloseTo((850 * PRICE) / 60, 9)
    const d = endpointOf(w).deployment!
    expect(d.outcome).toBe('COMPLETED')
    expect(d.finishedAt).toBe(d.startedAt + 25 * 60_000)
    // Requests the canary answered: 60 a minute (10% of 600) for 10 minutes, then 600 for 10: 600 + 6000.
    const green = d.fleets.find((f) => f.role === 'green')!
    expect(green.requests).toBe(6600)
    // The rule was put after CreateEndpoint, so it hears the update's changes only.
    expect(stateChanges(w)).toEqual(['UPDATING', 'IN_SERVICE'])
    // CloudTrail records the call with its DeploymentConfig.
    const trail = w.cloudtrail.lookupEvents({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UpdateEndpoint' }] }, w.now)
    expect(trail.Events).toHaveLength(1)
    expect(JSON.parse(trail.Events[0].CloudTrailEvent).requestParameters.deploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.Type).toBe('CANARY')
  })

  it('blue/green all at once with a 600 s bake and a 300 s termination wait: 20 instances for 20 minutes, and Cost Explorer bills it', () => {
    const w = World.replay('all-at-once', [create()])
    w.apply({
      type: 'UpdateEndpoint',
      EndpointName: EP,
      ProductionVariants: [variant()],
      DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 }, TerminationWaitInSeconds: 300 } }
    })
    const rows = walk(w, 30)
    // Provisioning 0–4; all traffic to green at 5; bake 5–14; complete at 15; the old fleet waits
    // 300 s = 5 min and is terminated at 20. Status Updating until then.
    expect(rows.slice(0, 5).every((r) => r.greenShare === 0)).toBe(true)
    expect(rows.slice(5, 20).every((r) => r.greenShare === 1)).toBe(true)
    expect(rows.slice(0, 20).every((r) => r.billed === 20 && r.status === 'Updating')).toBe(true)
    expect(rows.slice(20).every((r) => r.billed === 10 && r.status === 'InService')).toBe(true)
    // 20 × 20 + 10 × 10 = 500 instance-minutes × $0.23/h ÷ 60 = $1.9166…
    const expected = (500 * PRICE) / 60
    expect(w.sagemaker.totalCostUsd()).toBeCloseTo(expected, 9)
    const bill = w.billing.costAndUsage({ Granularity: 'DAILY' }, w.now)
    const total = bill.ResultsByTime.reduce((a, r) => a + Number(r.Total.UnblendedCost?.Amount ?? 0), 0)
    expect(total).toBeCloseTo(expected, 6)
  })

  it('a defective canary trips the 5XX alarm during baking and rolls back the minute after: 1% of requests saw it', () => {
    const w = World.replay('rollback', [create(), errorAlarm, ...stateRule, { type: 'AdvanceClock', Minutes: 10 }])
    w.apply(canary(600, ['fraud-5xx'], { errorRate: 0.3 }))
    const rows = walk(w, 30)
    // The canary answers minute 5 (60 requests, ~30% fail, so the variant's 5XX share is ~3% > 1%).
    // CloudWatch evaluates [5, 6) at the end of minute 5 → ALARM; SageMaker hears it and rolls back at
    // the start of minute 6: green gets no traffic from minute 6 on, and the green fleet is terminated.
    expect(rows[5].greenShare).toBeCloseTo(0.1, 12)
    const d = endpointOf(w).deployment!
    expect(d.outcome).toBe('ROLLED_BACK')
    expect(d.rollbackReason).toBe('fraud-5xx')
    expect(d.finishedAt).toBe(d.startedAt + 6 * 60_000)
    const green = d.fleets.find((f) => f.role === 'green')!
    // Exposed: 60 of the 600 × 6 = 3600 requests of minutes 0–5.
    expect(green.requests).toBe(60)
    // Billed 20 for minutes 0–5, 10 afterwards.
    expect(rows.slice(0, 6).every((r) => r.billed === 20)).toBe(true)
    expect(rows.slice(6).every((r) => r.billed === 10)).toBe(true)
    expect(endpointOf(w).EndpointStatus).toBe('InService')
    expect(stateChanges(w)).toEqual(['UPDATING', 'ROLLING_BACK', 'IN_SERVICE'])
    // The per-fleet metric (EndpointConfigName) exists beside the variant's.
    const ids = w.cloudwatch.metrics.list().map((m) => m.id).filter((id) => id.MetricName === 'Invocation5XXErrors')
    expect(ids.some((id) => id.Dimensions.some((x) => x.Name === 'EndpointConfigName'))).toBe(true)
    const configs = new Set(d.fleets.map((f) => f.EndpointConfigName))
    expect(configs.size).toBe(2)
    // Model Monitor's capture counts answered requests (all minus 4XX and 5XX) across the retired
    // fleets and the live ones: the same number the endpoint's totals give.
    const runtime = (w.sagemaker as unknown as { endpoints: Map<string, { runtime: { totals(): { requests: number; errors4xx: number; errors5xx: number } } }> }).endpoints.get(EP)!.runtime
    const t = runtime.totals()
    expect(t.errors5xx).toBeGreaterThan(0)
    expect(w.sagemaker.answeredRequests(EP)).toBe(t.requests - t.errors4xx - t.errors5xx)
  })

  it('without the auto-rollback alarm the same defect goes to the whole fleet (guardrails need an alarm)', () => {
    const w = World.replay('no-alarm', [create(), errorAlarm, { type: 'AdvanceClock', Minutes: 10 }])
    w.apply(canary(600, [], { errorRate: 0.3 }))
    w.apply({ type: 'AdvanceClock', Minutes: 30 })
    const d = endpointOf(w).deployment!
    expect(d.outcome).toBe('COMPLETED')
    // The alarm fired (it watches the variant) but nothing named it in AutoRollbackConfiguration.
    expect(w.cloudwatch.alarmState('fraud-5xx')).toBe('ALARM')
  })

  it('a quality drop passes every guardrail: the deployment completes and its answers count as degraded', () => {
    const w = World.replay('quality', [create(), errorAlarm, { type: 'AdvanceClock', Minutes: 10 }])
    w.apply(canary(300, ['fraud-5xx'], { qualityDrop: 0.1 }))
    w.apply({ type: 'AdvanceClock', Minutes: 30 })
    const d = endpointOf(w).deployment!
    expect(d.outcome).toBe('COMPLETED')
    const green = d.fleets.find((f) => f.role === 'green')!
    // 5-min bakes: canary 60/min for minutes 5–9, then 600/min for 10–14: 300 + 3000, all answered
    // (less the 5XX the model never adds) and all degraded.
    expect(green.requests).toBe(3300)
    expect(green.degraded).toBe(3300 - green.errors5xx)
  })

  it('refuses another update while one runs, and refused configs name the field and leave no trace', () => {
    const w = World.replay('refuse', [create(), errorAlarm])
    const refused = (action: SandboxAction, path: string, message: RegExp) => {
      const n = w.actions.length
      const cost = w.sagemaker.totalCostUsd()
      let err: unknown
      try {
        w.apply(action)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(LabError)
      const issue = (err as LabError).issues.find((i) => i.path === path)
      expect(issue, JSON.stringify((err as LabError).issues)).toBeDefined()
      expect(issue!.message).toMatch(message)
      expect(w.actions.length).toBe(n)
      expect(w.sagemaker.totalCostUsd()).toBe(cost)
      expect(endpointOf(w).deployment).toBeNull()
    }
    const c = canary(600)
    const bg = c.DeploymentConfig!.BlueGreenUpdatePolicy!
    refused({ ...c, DeploymentConfig: { BlueGreenUpdatePolicy: { ...bg, TrafficRoutingConfiguration: { ...bg.TrafficRoutingConfiguration, CanarySize: { Type: 'CAPACITY_PERCENT', Value: 60 } } } } }, 'DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value', /at most 50%/)
    refused({ ...c, DeploymentConfig: { BlueGreenUpdatePolicy: { ...bg, TrafficRoutingConfiguration: { ...bg.TrafficRoutingConfiguration, WaitIntervalInSeconds: 4000 } } } }, 'DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.WaitIntervalInSeconds', /3600/)
    refused(canary(600, ['nope']), 'DeploymentConfig.AutoRollbackConfiguration.Alarms[0].AlarmName', /fraud-5xx/)
    refused({ ...c, DeploymentConfig: { RollingUpdatePolicy: { MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 60 }, WaitIntervalInSeconds: 60 } } }, 'DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Value', /5–50%/)
    refused({ ...c, ProductionVariants: [variant(undefined, 4)] }, 'ProductionVariants[0].InitialInstanceCount', /10 instances now/)
    refused({ ...c, ProductionVariants: [variant({ errorRate: 2 })] }, 'ProductionVariants[0].Defect.errorRate', /1/)
    w.apply(canary(600))
    let err: unknown
    try {
      w.apply(canary(600))
    } catch (e) {
      err = e
    }
    expect((err as LabError).code).toBe('CONFLICT')
    expect((err as LabError).message).toMatch(/Cannot update in-progress endpoint/)
  })

  it('a rolling update moves one batch at a time and rolls back in batches on an alarm', () => {
    const w = World.replay('rolling', [create(), errorAlarm, { type: 'AdvanceClock', Minutes: 10 }])
    w.apply({
      type: 'UpdateEndpoint',
      EndpointName: EP,
      ProductionVariants: [variant({ errorRate: 0.3 })],
      DeploymentConfig: {
        RollingUpdatePolicy: { MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 20 }, WaitIntervalInSeconds: 300 },
        AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'fraud-5xx' }] }
      }
    })
    const rows = walk(w, 30)
    // Batch 1: 2 new instances provisioned at 0, in service at 5 (20% of traffic); billed 12 meanwhile.
    // The 5XX share (~6%) trips the alarm at the end of minute 5; the rollback starts at 6 and, since
    // the 2 old instances of the batch are still provisioned, moves back at once.
    expect(rows.slice(0, 5).every((r) => r.billed === 12)).toBe(true)
    expect(rows[5].greenShare).toBeCloseTo(0.2, 12)
    const d = endpointOf(w).deployment!
    expect(d.outcome).toBe('ROLLED_BACK')
    expect(d.finishedAt).toBe(d.startedAt + 6 * 60_000)
    expect(rows[29].billed).toBe(10)
  })

  it('replaying a world with deployments equals advancing it in pieces', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 6 }),
        fc.constantFrom(0, 0.05, 0.4),
        fc.integer({ min: 0, max: 900 }),
        fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 4 }),
        (seed, errorRate, wait, pieces) => {
          const head: SandboxAction[] = [create(), errorAlarm, { type: 'AdvanceClock', Minutes: 3 }, canary(wait, ['fraud-5xx'], errorRate > 0 ? { errorRate } : undefined)]
          const total = pieces.reduce((a, b) => a + b, 0)
          const inPieces = World.replay(seed, [...head, ...pieces.map((Minutes): SandboxAction => ({ type: 'AdvanceClock', Minutes }))])
          const atOnce = World.replay(seed, [...head, { type: 'AdvanceClock', Minutes: total }])
          const incremental = new World(seed)
          for (const a of head) incremental.apply(a)
          for (const Minutes of pieces) incremental.apply({ type: 'AdvanceClock', Minutes })
          const print = (x: World) => JSON.stringify([worldParts(x).endpoints, x.cloudwatch.describe(x.now), x.sagemaker.totalCostUsd(), x.billing.costAndUsage({ Granularity: 'DAILY' }, x.now)])
          expect(print(inPieces)).toBe(print(atOnce))
          expect(print(incremental)).toBe(print(atOnce))
        }
      ),
      { numRuns: 10 }
    )
  })
})
