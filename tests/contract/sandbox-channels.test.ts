import { describe, expect, it } from 'vitest'
import { createAppContext } from '../../src/main/api/app-context'
import { channelHarness } from '../helpers/channels'

const dims = [
  { Name: 'EndpointName', Value: 'ep' },
  { Name: 'VariantName', Value: 'AllTraffic' }
]

describe.each(['ipc', 'http'] as const)('sandbox channels over %s', (kind) => {
  const h = channelHarness(kind, 'sandbox-')
  const { open, ok } = h

  it('creates a world, runs an endpoint for an hour and reads its metrics back', async () => {
    await open()
    const world = await ok<{ id: string; seed: string }>('sandbox.createWorld', { name: 'Contract', seed: 'contract-1' })
    expect(world.seed).toBe('contract-1')
    await ok('sandbox.act', {
      worldId: world.id,
      action: {
        type: 'CreateEndpoint',
        EndpointName: 'ep',
        ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: 2, ModelPreset: 'xgboost-tabular' }],
        Traffic: { pattern: 'steady', baseRpm: 300, noise: 'none' }
      }
    })
    const after = await ok<{ nowIso: string; endpoints: { variants: { CurrentInstanceCount: number }[] }[] }>('sandbox.act', {
      worldId: world.id,
      action: { type: 'AdvanceClock', Minutes: 60 }
    })
    expect(after.nowIso).toBe('2026-01-05T01:00:00.000Z')
    expect(after.endpoints[0].variants[0].CurrentInstanceCount).toBe(2)
    const data = await ok<{ Values: number[]; Unit: string }>('sandbox.getMetricData', {
      worldId: world.id,
      Namespace: 'AWS/SageMaker',
      MetricName: 'Invocations',
      Dimensions: dims,
      Stat: 'Sum',
      Period: 600
    })
    // 300 requests a minute, no noise: 3,000 per 10-minute period, six periods in the hour.
    expect(data.Values).toEqual([3000, 3000, 3000, 3000, 3000, 3000])
    const list = await ok<{ metrics: { MetricName: string }[] }>('sandbox.listMetrics', { worldId: world.id })
    expect(list.metrics.map((m) => m.MetricName)).toContain('CPUUtilization')
    const trail = await ok<{ Events: { EventName: string }[] }>('sandbox.lookupEvents', {
      worldId: world.id,
      LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateEndpoint' }]
    })
    expect(trail.Events.map((e) => e.EventName)).toEqual(['CreateEndpoint'])
    // Saved: a fresh host replays the same world from the store.
    const { dataDir } = await ok<{ dataDir: string }>('app.info', {})
    await h.close() // one host per data folder: the store holds the database exclusively while open
    const reopened = createAppContext({ host: 'browser', platform: 'test', dataDir })
    try {
      const again = await reopened.handlers['sandbox.getWorld']({ worldId: world.id })
      expect(again.nowIso).toBe('2026-01-05T01:00:00.000Z')
      expect(again.actions.map((a) => a.type)).toEqual(['CreateEndpoint', 'AdvanceClock'])
    } finally {
      reopened.close()
    }
  })

  it('an unknown instance type is refused naming the field and listing valid types; the world is unchanged', async () => {
    await open()
    const world = await ok<{ id: string }>('sandbox.createWorld', { name: 'Bad' })
    const r = await h.call('sandbox.act', {
      worldId: world.id,
      action: {
        type: 'CreateEndpoint',
        EndpointName: 'ep',
        ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.x1.mega', InitialInstanceCount: 1 }],
        Traffic: { pattern: 'steady', baseRpm: 10 }
      }
    })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION')
      expect(r.error.issues[0].path).toBe('action.ProductionVariants[0].InstanceType')
      expect(r.error.issues[0].message).toContain('ml.g5.xlarge')
      if (kind === 'http') expect(r.status).toBe(400)
    }
    const w = await ok<{ actions: unknown[]; endpoints: unknown[] }>('sandbox.getWorld', { worldId: world.id })
    expect(w.actions).toEqual([])
    expect(w.endpoints).toEqual([])
  })

  it('an alarm with DatapointsToAlarm > EvaluationPeriods is refused naming the field', async () => {
    await open()
    const world = await ok<{ id: string }>('sandbox.createWorld', { name: 'Alarm' })
    const r = await h.call('sandbox.act', {
      worldId: world.id,
      action: {
        type: 'PutMetricAlarm',
        AlarmName: 'x',
        Namespace: 'AWS/SageMaker',
        MetricName: 'ModelLatency',
        Dimensions: dims,
        Statistic: 'Average',
        Period: 60,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 3,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold'
      }
    })
    expect(!r.ok && r.error.issues.map((i) => i.path)).toContain('action.DatapointsToAlarm')
  })

  it.each([
    [
      'a negative instance count',
      {
        type: 'CreateEndpoint',
        EndpointName: 'ep',
        ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: -1 }],
        Traffic: { pattern: 'steady', baseRpm: 10 }
      },
      'action.ProductionVariants[0].InitialInstanceCount'
    ],
    [
      'EvaluationPeriods × Period beyond one day',
      {
        type: 'PutMetricAlarm',
        AlarmName: 'x',
        Namespace: 'AWS/SageMaker',
        MetricName: 'Invocations',
        Dimensions: dims,
        Statistic: 'Sum',
        Period: 1800,
        EvaluationPeriods: 49,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanThreshold'
      },
      'action.EvaluationPeriods'
    ],
    ['an event pattern that is not valid', { type: 'PutRule', Name: 'r', EventPattern: '{"detail": {"state": {"value": "ALARM"}}}' }, 'action.EventPattern.detail.state.value'],
    ['a clock step beyond 31 days', { type: 'AdvanceClock', Minutes: 50_000 }, 'action.Minutes']
  ])('%s is refused naming the field, and the world is left as it was', async (_label, action, path) => {
    await open()
    const world = await ok<{ id: string }>('sandbox.createWorld', { name: 'Refusals' })
    const r = await h.call('sandbox.act', { worldId: world.id, action })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION')
      expect(r.error.issues.map((i) => i.path)).toContain(path)
      if (kind === 'http') expect(r.status).toBe(400)
    }
    const w = await ok<{ actions: unknown[] }>('sandbox.getWorld', { worldId: world.id })
    expect(w.actions).toEqual([])
  })

  it('an unknown world is NOT_FOUND', async () => {
    await open()
    const r = await h.call('sandbox.getWorld', { worldId: 'nope' })
    expect(!r.ok && r.error.code).toBe('NOT_FOUND')
    if (kind === 'http') expect(r.status).toBe(404)
  })

  it('cloudwatch.evaluateAlarm reproduces an AWS example row (2 of 3, 0 - X - X → ALARM under every treatment)', async () => {
    await open()
    for (const treatment of ['missing', 'ignore', 'breaching', 'notBreaching']) {
      const res = await ok<{ finalState: string; evaluations: { index: number; state: string; reason: string }[] }>('cloudwatch.evaluateAlarm', {
        alarm: { Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 10, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: treatment },
        datapoints: [1, null, 20, null, 20]
      })
      expect(res.finalState).toBe('ALARM')
      expect(res.evaluations).toHaveLength(5)
      expect(res.evaluations[4].index).toBe(4)
      expect(res.evaluations[4].reason).toMatch(/^Threshold Crossed/)
    }
  })

  it('cloudwatch.evaluateAlarm refuses a bad Period and DatapointsToAlarm with their ranges', async () => {
    await open()
    const r = await h.call('cloudwatch.evaluateAlarm', {
      alarm: { Period: 45, EvaluationPeriods: 2, DatapointsToAlarm: 3, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' },
      datapoints: [1, 2, 3]
    })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      const paths = r.error.issues.map((i) => i.path)
      expect(paths).toEqual(expect.arrayContaining(['alarm.Period', 'alarm.DatapointsToAlarm']))
    }
    const wrongType = await h.call('cloudwatch.evaluateAlarm', {
      alarm: { Period: 60, EvaluationPeriods: 1, Threshold: 'high', ComparisonOperator: 'GreaterThanThreshold' },
      datapoints: [1]
    })
    expect(!wrongType.ok && wrongType.error.issues[0].path).toBe('alarm.Threshold')
  })

  if (kind === 'ipc') {
    it('NaN and Infinity (which only IPC can carry) are refused by the schema', async () => {
      await open()
      const r = await h.call('cloudwatch.evaluateAlarm', {
        alarm: { Period: 60, EvaluationPeriods: 1, Threshold: Number.NaN, ComparisonOperator: 'GreaterThanThreshold' },
        datapoints: [1, Number.POSITIVE_INFINITY]
      })
      expect(!r.ok && r.error.issues.map((i) => i.path).sort()).toEqual(['alarm.Threshold', 'datapoints[1]'])
    })
  }
})
