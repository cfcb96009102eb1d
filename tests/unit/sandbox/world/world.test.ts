import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SandboxAction } from '../../../../src/shared/contract/sandbox'
import { LabError } from '../../../../src/shared/errors'
import { computePeriodStatistics } from '../../../../src/main/sandbox/cloudwatch'
import { MINUTE_MS } from '../../../../src/main/sandbox/core/time'
import { World, worldParts } from '../../../../src/main/sandbox/world'

const dims = (ep: string) => [
  { Name: 'EndpointName', Value: ep },
  { Name: 'VariantName', Value: 'AllTraffic' }
]

function endpoint(name = 'ep', extra: Partial<Extract<SandboxAction, { type: 'CreateEndpoint' }>> = {}): SandboxAction {
  return {
    type: 'CreateEndpoint',
    EndpointName: name,
    ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 3, ModelPreset: 'xgboost-tabular' }],
    Traffic: { pattern: 'steady', baseRpm: 600, noise: 'none' },
    ...extra
  } as SandboxAction
}

/** What the console reads of a world, in one object. */
function look(w: World) {
  return {
    metrics: w.cloudwatch.metrics,
    alarms: w.cloudwatch.describe(w.now),
    notifications: w.notifications.list(),
    trail: w.cloudtrail,
    endpoints: worldParts(w).endpoints,
    totalCostUsd: w.sagemaker.totalCostUsd()
  }
}

function fingerprint(w: World): string {
  const m = look(w)
  const parts: string[] = []
  for (const { id } of m.metrics.list()) {
    const s = m.metrics.get(id)!.series
    parts.push(`${id.MetricName}:${Array.from(s.sum).join(',')}:${Array.from(s.sampleCount).join(',')}`)
  }
  parts.push(JSON.stringify(m.alarms), JSON.stringify(m.notifications), String(m.totalCostUsd))
  return parts.join('|')
}

function expectRefused(w: World, action: SandboxAction, path: string, message: RegExp): void {
  const before = fingerprint(w)
  const actions = w.actions.length
  let error: unknown
  try {
    w.apply(action)
  } catch (err) {
    error = err
  }
  expect(error).toBeInstanceOf(LabError)
  const issue = (error as LabError).issues.find((i) => i.path === path)
  expect(issue, `issues were ${JSON.stringify((error as LabError).issues)}`).toBeDefined()
  expect(issue!.message).toMatch(message)
  // Nothing changed: same actions, same numbers.
  expect(w.actions.length).toBe(actions)
  expect(fingerprint(w)).toBe(before)
}

describe('sandbox world', () => {
  it('InvocationsPerInstance is invocations divided by instances (600 requests/min on 3 instances → 200)', () => {
    const w = new World('ipi')
    w.apply(endpoint())
    w.apply({ type: 'AdvanceClock', Minutes: 30 })
    const m = look(w).metrics
    const inv = m.get({ Namespace: 'AWS/SageMaker', MetricName: 'Invocations', Dimensions: dims('ep') })!.series
    const ipi = m.get({ Namespace: 'AWS/SageMaker', MetricName: 'InvocationsPerInstance', Dimensions: dims('ep') })!.series
    // noise 'none': exactly 600 requests each minute; the 4XX share does not change the count of invocations.
    expect(inv.sum[10]).toBe(600)
    expect(ipi.sum[10]).toBeCloseTo(200, 9)
  })

  it('CPUUtilization is summed over cores: never above 400% on a 4-vCPU ml.m5.xlarge, even overloaded', () => {
    const w = new World('cpu')
    w.apply(
      endpoint('hot', {
        ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1, ModelPreset: 'bert-base-text' }],
        Traffic: { pattern: 'steady', baseRpm: 20000 }
      })
    )
    w.apply({ type: 'AdvanceClock', Minutes: 60 })
    const cpu = look(w).metrics.get({ Namespace: '/aws/sagemaker/Endpoints', MetricName: 'CPUUtilization', Dimensions: dims('hot') })!.series
    const max = Math.max(...Array.from(cpu.maximum))
    expect(max).toBeLessThanOrEqual(400)
    // 20,000 requests/min × 90 CPU-ms = 30,000 CPU-s per minute against 4 × 60 = 240 CPU-s: saturated.
    expect(max).toBeGreaterThan(390)
  })

  it('replaying the same seed and actions gives identical metrics, alarms and notifications', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 8 }), fc.integer({ min: 30, max: 600 }), fc.integer({ min: 1, max: 4 }), (seed, minutes, count) => {
        const actions: SandboxAction[] = [
          endpoint('ep', {
            ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.c5.xlarge', InitialInstanceCount: count, ModelPreset: 'bert-base-text' }],
            Traffic: { pattern: 'spikes', baseRpm: 200, spikesPerDay: 6, spikeMultiplier: 4, spikeMinutes: 20 }
          }),
          {
            type: 'PutMetricAlarm',
            AlarmName: 'p99',
            Namespace: 'AWS/SageMaker',
            MetricName: 'ModelLatency',
            Dimensions: dims('ep'),
            ExtendedStatistic: 'p99',
            Period: 60,
            EvaluationPeriods: 3,
            Threshold: 150000,
            ComparisonOperator: 'GreaterThanThreshold'
          },
          { type: 'AdvanceClock', Minutes: 20 },
          // A guarded linear deployment of a slower version, rolled back by the p99 alarm or not.
          {
            type: 'UpdateEndpoint',
            EndpointName: 'ep',
            ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.c5.xlarge', InitialInstanceCount: count, ModelPreset: 'bert-base-text', Defect: { latencyMultiplier: 2 } }],
            DeploymentConfig: {
              BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'LINEAR', LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 50 }, WaitIntervalInSeconds: 300 } },
              AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'p99' }] }
            }
          },
          { type: 'AdvanceClock', Minutes: minutes }
        ]
        expect(fingerprint(World.replay(seed, actions))).toBe(fingerprint(World.replay(seed, actions)))
      }),
      { numRuns: 12 }
    )
  })

  it('monitor actions: replay equals replay, and advancing in pieces equals advancing at once (capture, schedules, ground truth, drift)', () => {
    const monitorWorld = (cuts: number[], seed: string, sampling: number, expression: string, shift: number): World => {
      const actions: SandboxAction[] = [
        endpoint('ep', { Traffic: { pattern: 'diurnal', baseRpm: 300, amplitude: 0.4 } }),
        { type: 'SetFeatureScenario', EndpointName: 'ep', ScenarioId: 'fraud', SendInferenceId: true, Seasonality: [{ Feature: 'amount_usd', Amplitude: 0.5, PeriodHours: 24 }] },
        { type: 'EnableDataCapture', EndpointName: 'ep', DataCaptureConfig: { InitialSamplingPercentage: sampling, DestinationS3Uri: 's3://b/capture', CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }] } },
        { type: 'PutGroundTruth', EndpointName: 'ep', GroundTruthLagHours: 1, CoverageShare: 0.7 },
        { type: 'CreateBaseliningJob', ProcessingJobName: 'dq', EndpointName: 'ep', TrainingDataDays: 3, TrainingRows: 500 },
        { type: 'CreateBaseliningJob', ProcessingJobName: 'mq', EndpointName: 'ep', MonitoringType: 'ModelQuality', TrainingDataDays: 3, TrainingRows: 500 },
        { type: 'CreateMonitoringSchedule', MonitoringScheduleName: 'dq', MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: expression }, MonitoringType: 'DataQuality', MonitoringJobDefinition: { BaselineConfig: { BaseliningJobName: 'dq' }, MonitoringInputs: [{ EndpointInput: { EndpointName: 'ep' } }] } } },
        {
          type: 'CreateMonitoringSchedule',
          MonitoringScheduleName: 'mq',
          MonitoringScheduleConfig: {
            ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)', DataAnalysisStartTime: '-PT3H', DataAnalysisEndTime: '-PT1H' },
            MonitoringType: 'ModelQuality',
            MonitoringJobDefinition: { BaselineConfig: { BaseliningJobName: 'mq' }, MonitoringInputs: [{ EndpointInput: { EndpointName: 'ep' } }], GroundTruthS3Input: { S3Uri: 's3://b/gt' } }
          }
        },
        { type: 'InjectDataChange', EndpointName: 'ep', StartsInMinutes: 200, Change: { kind: 'dataDrift', Feature: 'amount_usd', Shift: shift, RampMinutes: 60 } },
        { type: 'InjectDataChange', EndpointName: 'ep', StartsInMinutes: 300, Change: { kind: 'conceptDrift' } },
        // The retraining loop: a quality alarm starts the pipeline through EventBridge.
        { type: 'PutMetricAlarm', AlarmName: 'auc', Namespace: '/aws/sagemaker/Endpoints/model-metrics', MetricName: 'auc', Dimensions: [{ Name: 'EndpointName', Value: 'ep' }, { Name: 'ScheduleName', Value: 'mq' }], Statistic: 'Minimum', Period: 3600, EvaluationPeriods: 1, Threshold: 0.5, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'notBreaching' },
        { type: 'PutRule', Name: 'retrain', EventPattern: JSON.stringify({ source: ['aws.cloudwatch'], detail: { alarmName: ['auc'], state: { value: ['ALARM'] } } }) },
        { type: 'PutTargets', Rule: 'retrain', Targets: [{ Id: 'p', Arn: 'arn:aws:sagemaker:us-east-1:111122223333:pipeline/retrain' }] },
        { type: 'CreatePipeline', PipelineName: 'retrain', EndpointName: 'ep', ModelPackageGroupName: 'g', TrainingDataDays: 1, TrainingMinutes: 20 },
        ...cuts.map((m): SandboxAction => ({ type: 'AdvanceClock', Minutes: m }))
      ]
      return World.replay(seed, actions)
    }
    const monitorPrint = (w: World) => `${fingerprint(w)}|${JSON.stringify(w.monitor.listMonitoringExecutions('dq'))}|${JSON.stringify(w.monitor.listMonitoringExecutions('mq'))}|${JSON.stringify(worldParts(w).monitor)}|${JSON.stringify(w.monitor.listPipelineExecutions())}|${JSON.stringify(w.monitor.listModelPackages())}|${w.cloudtrail.lookupEvents({}, w.now).Events.length}|${JSON.stringify(w.billing.summary(w.now))}`
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 100 }),
        fc.constantFrom('cron(0 * ? * * *)', 'cron(0 0/2 ? * * *)', 'cron(0 17/12 ? * * *)'),
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 4 }),
        (seed, sampling, expression, shift, cuts) => {
          const total = cuts.reduce((a, b) => a + b, 0)
          const once = monitorWorld([total], seed, sampling, expression, shift)
          expect(monitorPrint(monitorWorld(cuts, seed, sampling, expression, shift))).toBe(monitorPrint(once))
          expect(monitorPrint(monitorWorld([total], seed, sampling, expression, shift))).toBe(monitorPrint(once))
        }
      ),
      { numRuns: 8 }
    )
  })

  it('a different seed gives different traffic', () => {
    const run = (seed: string) => {
      const w = World.replay(seed, [endpoint('ep', { Traffic: { pattern: 'steady', baseRpm: 600 } }), { type: 'AdvanceClock', Minutes: 60 }])
      return Array.from(look(w).metrics.get({ Namespace: 'AWS/SageMaker', MetricName: 'Invocations', Dimensions: dims('ep') })!.series.sum)
    }
    expect(run('a')).not.toEqual(run('b'))
  })

  it('advancing in steps gives the same history as advancing at once (the past never changes)', () => {
    const base: SandboxAction[] = [endpoint('ep', { Traffic: { pattern: 'diurnal', baseRpm: 400, amplitude: 0.5 } })]
    const once = World.replay('steps', [...base, { type: 'AdvanceClock', Minutes: 2880 }])
    const steps = World.replay('steps', [...base, { type: 'AdvanceClock', Minutes: 1440 }, { type: 'AdvanceClock', Minutes: 1440 }])
    expect(fingerprint(steps)).toBe(fingerprint(once))
  })

  it('with A/B weights, UpdateEndpointWeightsAndCapacities and a shadow variant, replaying equals advancing incrementally in pieces', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 4 }),
        (seed, weightB, countB, shadowWeight, pieces) => {
          const head: SandboxAction[] = [
            endpoint('ab', {
              ProductionVariants: [
                { VariantName: 'A', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2, InitialVariantWeight: 3, ModelPreset: 'xgboost-tabular' },
                { VariantName: 'B', InstanceType: 'ml.m5.large', InitialInstanceCount: 1, InitialVariantWeight: 1, ModelPreset: 'xgboost-tabular', Defect: { errorRate: 0.05 } }
              ],
              Traffic: { pattern: 'steady', baseRpm: 500 }
            }),
            endpoint('sh', {
              ProductionVariants: [{ VariantName: 'Prod', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1, ModelPreset: 'xgboost-tabular' }],
              ShadowProductionVariants: [{ VariantName: 'Shadow', InstanceType: 'ml.m5.large', InitialInstanceCount: 1, InitialVariantWeight: shadowWeight, ModelPreset: 'xgboost-tabular', Defect: { latencyMultiplier: 2, qualityDrop: 0.1 } }],
              Traffic: { pattern: 'steady', baseRpm: 300 }
            }),
            { type: 'AdvanceClock', Minutes: 3 },
            { type: 'UpdateEndpointWeightsAndCapacities', EndpointName: 'ab', DesiredWeightsAndCapacities: [{ VariantName: 'B', DesiredWeight: weightB, DesiredInstanceCount: countB }] },
            { type: 'UpdateEndpointWeightsAndCapacities', EndpointName: 'sh', DesiredWeightsAndCapacities: [{ VariantName: 'Shadow', DesiredWeight: shadowWeight / 2 }] }
          ]
          const total = pieces.reduce((a, b) => a + b, 0)
          const atOnce = World.replay(seed, [...head, { type: 'AdvanceClock', Minutes: total }])
          const incremental = new World(seed)
          for (const a of head) incremental.apply(a)
          for (const Minutes of pieces) incremental.apply({ type: 'AdvanceClock', Minutes })
          const print = (x: World) => JSON.stringify([worldParts(x).endpoints, x.sagemaker.totalCostUsd(), x.billing.costAndUsage({ Granularity: 'DAILY' }, x.now), x.cloudtrail.lookupEvents({}, x.now).Events.length])
          expect(fingerprint(incremental)).toBe(fingerprint(atOnce))
          expect(print(incremental)).toBe(print(atOnce))
          expect(fingerprint(World.replay(seed, incremental.actions.map((a) => a.action)))).toBe(fingerprint(atOnce))
        }
      ),
      { numRuns: 12 }
    )
  })

  it('a p99 alarm fires during a latency regression, EventBridge routes the change and CloudTrail shows who set it up', () => {
    const w = new World('incident')
    w.apply(endpoint('ep', { Traffic: { pattern: 'steady', baseRpm: 600 } }))
    w.apply({
      type: 'PutMetricAlarm',
      AlarmName: 'latency-p99',
      Namespace: 'AWS/SageMaker',
      MetricName: 'ModelLatency',
      Dimensions: dims('ep'),
      ExtendedStatistic: 'p99',
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      // xgboost-tabular: 6 ms mean service time with CV 0.5 → log-normal σ = √ln(1.25) = 0.472,
      // μ = ln 6 − σ²/2 = 1.680, p99 = e^(1.680 + 2.326·0.472) ≈ 16 ms. Five times slower ≈ 80 ms.
      // 40 ms (40,000 µs) sits between the two.
      Threshold: 40000,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: ['arn:aws:sns:us-east-1:111122223333:ml-alerts']
    })
    w.apply({ type: 'CreateTrail', Name: 'management', S3BucketName: 'lab-trail-logs' })
    w.apply({ type: 'PutRule', Name: 'alarm-changes', EventPattern: JSON.stringify({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { state: { value: ['ALARM'] } } }) })
    w.apply({ type: 'PutTargets', Rule: 'alarm-changes', Targets: [{ Id: 'oncall', Arn: 'arn:aws:sns:us-east-1:111122223333:oncall' }] })
    w.apply({ type: 'InjectIncident', EndpointName: 'ep', StartsInMinutes: 120, Incident: { kind: 'latencyRegression', durationMinutes: 30, factor: 5 } })
    w.apply({ type: 'AdvanceClock', Minutes: 240 })

    const m = look(w)
    const alarm = m.alarms.find((a) => a.AlarmName === 'latency-p99')!
    const firstAlarm = alarm.history.find((h) => h.newState === 'ALARM')!
    const incidentStart = w.startTime + 120 * MINUTE_MS
    // 3 of 3 one-minute periods: ALARM at the end of the third breaching minute (03:00 → 03:03).
    expect(firstAlarm.timestamp).toBe(incidentStart + 3 * MINUTE_MS)
    expect(firstAlarm.reason).toMatch(/^Threshold Crossed: 3 out of the last 3 datapoints/)
    expect(alarm.StateValue).toBe('OK')
    const toOncall = m.notifications.filter((n) => n.target.endsWith(':oncall'))
    expect(toOncall).toHaveLength(1)
    expect(toOncall[0].at).toBe(firstAlarm.timestamp)
    expect(m.notifications.some((n) => n.via === 'CloudWatch alarm action' && n.target.endsWith(':ml-alerts'))).toBe(true)

    const trail = m.trail.lookupEvents({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'PutMetricAlarm' }] }, w.now)
    expect(trail.Events).toHaveLength(1)
    expect(trail.Events[0].Username).toBe('learner')
    expect(JSON.parse(trail.Events[0].CloudTrailEvent).eventSource).toBe('monitoring.amazonaws.com')
  })

  it('an update keeps the metric series continuous and the fleet size of the variant', () => {
    const w = new World('update')
    w.apply(endpoint())
    w.apply({ type: 'AdvanceClock', Minutes: 60 })
    w.apply({ type: 'SetTraffic', EndpointName: 'ep', Traffic: { pattern: 'steady', baseRpm: 1200, noise: 'none' } })
    w.apply({ type: 'AdvanceClock', Minutes: 60 })
    const m = look(w)
    const inv = m.metrics.get({ Namespace: 'AWS/SageMaker', MetricName: 'Invocations', Dimensions: dims('ep') })!.series
    expect(inv.sum.length).toBe(120)
    expect(inv.sum[59]).toBe(600)
    expect(inv.sum[60]).toBe(1200)
    expect(m.endpoints[0].variants[0].CurrentInstanceCount).toBe(3)
    const stats = computePeriodStatistics(inv, { startTime: w.startTime, endTime: w.now, period: 3600, stat: 'Sum' })
    expect(Array.from(stats.values)).toEqual([36000, 72000])
  })

  it('a composite alarm is ALARM only while both children are', () => {
    const w = new World('composite')
    w.apply(endpoint('ep', { Traffic: { pattern: 'steady', baseRpm: 600 } }))
    const base = { Namespace: 'AWS/SageMaker', Dimensions: dims('ep'), Period: 60, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold' }
    w.apply({ type: 'PutMetricAlarm', AlarmName: 'latency', MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Threshold: 40000, ...base } as SandboxAction)
    w.apply({ type: 'PutMetricAlarm', AlarmName: 'errors', MetricName: 'Invocation5XXErrors', Statistic: 'Sum', Threshold: 5, TreatMissingData: 'notBreaching', ...base } as SandboxAction)
    w.apply({ type: 'PutCompositeAlarm', AlarmName: 'both', AlarmRule: 'ALARM("latency") AND ALARM("errors")' })
    w.apply({ type: 'InjectIncident', EndpointName: 'ep', StartsInMinutes: 60, Incident: { kind: 'latencyRegression', durationMinutes: 30, factor: 5 } })
    w.apply({ type: 'InjectIncident', EndpointName: 'ep', StartsInMinutes: 120, Incident: { kind: 'errorBurst', durationMinutes: 30, errorRate: 0.2 } })
    w.apply({ type: 'InjectIncident', EndpointName: 'ep', StartsInMinutes: 180, Incident: { kind: 'latencyRegression', durationMinutes: 30, factor: 5 } })
    w.apply({ type: 'InjectIncident', EndpointName: 'ep', StartsInMinutes: 180, Incident: { kind: 'errorBurst', durationMinutes: 30, errorRate: 0.2 } })
    w.apply({ type: 'AdvanceClock', Minutes: 300 })
    const m = look(w)
    const composite = m.alarms.find((a) => a.AlarmName === 'both')!
    const alarmRuns = composite.segments.filter((s) => s.state === 'ALARM')
    // Only the third incident has both symptoms at once.
    expect(alarmRuns).toHaveLength(1)
    expect(alarmRuns[0].start).toBeGreaterThanOrEqual(w.startTime + 180 * MINUTE_MS)
    expect(alarmRuns[0].start).toBeLessThan(w.startTime + 185 * MINUTE_MS)
  })

  it('alarms on the same metric and statistic decide as each would alone', () => {
    // Alarms that read the same metric, statistic and period in the same minute must not affect each
    // other: each reaches exactly the history it reaches in a world of its own.
    // InvocationsPerInstance: Sum is requests / instances, SampleCount the requests, so the two differ.
    const base = { Namespace: 'AWS/SageMaker', MetricName: 'InvocationsPerInstance', Dimensions: dims('ep'), Period: 60, ComparisonOperator: 'GreaterThanThreshold' }
    const alarms: SandboxAction[] = [
      { type: 'PutMetricAlarm', AlarmName: 'busy', Statistic: 'Sum', EvaluationPeriods: 3, Threshold: 250, ...base } as SandboxAction,
      { type: 'PutMetricAlarm', AlarmName: 'quiet', Statistic: 'Sum', EvaluationPeriods: 15, Threshold: 150, ...base, ComparisonOperator: 'LessThanThreshold' } as SandboxAction,
      { type: 'PutMetricAlarm', AlarmName: 'count', Statistic: 'SampleCount', EvaluationPeriods: 2, Threshold: 650, ...base } as SandboxAction
    ]
    const setUp = (w: World) => w.apply(endpoint('ep', { Traffic: { pattern: 'diurnal', baseRpm: 600, amplitude: 0.5 } }))
    const together = new World('shared-read')
    setUp(together)
    for (const a of alarms) together.apply(a)
    together.apply({ type: 'AdvanceClock', Minutes: 2 * 1440 })
    const all = together.cloudwatch.describe(together.now)
    for (const a of alarms) {
      const alone = new World('shared-read')
      setUp(alone)
      alone.apply(a)
      alone.apply({ type: 'AdvanceClock', Minutes: 2 * 1440 })
      const name = (a as { AlarmName: string }).AlarmName
      const mine = alone.cloudwatch.describe(alone.now)[0]
      const theirs = all.find((x) => x.AlarmName === name)!
      expect(theirs.segments).toEqual(mine.segments)
      expect(theirs.history.map((h) => [h.timestamp, h.newState, h.reason])).toEqual(mine.history.map((h) => [h.timestamp, h.newState, h.reason]))
    }
    // The diurnal swing crosses both thresholds, so the comparison is not between empty histories.
    expect(all.find((x) => x.AlarmName === 'busy')!.segments.some((s) => s.state === 'ALARM')).toBe(true)
    expect(all.find((x) => x.AlarmName === 'quiet')!.segments.some((s) => s.state === 'ALARM')).toBe(true)
    expect(all.find((x) => x.AlarmName === 'count')!.segments.some((s) => s.state === 'ALARM')).toBe(true)
    expect(all.find((x) => x.AlarmName === 'count')!.segments.some((s) => s.state === 'OK')).toBe(true)
  })

  describe('refuses bad input, names the field and the allowed range, and changes nothing', () => {
    const world = () => {
      const w = new World('bad')
      w.apply(endpoint())
      w.apply({ type: 'AdvanceClock', Minutes: 10 })
      return w
    }
    const alarm = { type: 'PutMetricAlarm', AlarmName: 'a', Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Dimensions: dims('ep'), Statistic: 'Average', Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' }

    it('an unknown instance type lists the valid ones', () => {
      expectRefused(world(), endpoint('new', { ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.huge', InitialInstanceCount: 1 }] }), 'ProductionVariants[0].InstanceType', /ml\.m5\.xlarge/)
    })
    it('a negative instance count', () => {
      expectRefused(world(), endpoint('new', { ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: -2 }] }), 'ProductionVariants[0].InitialInstanceCount', /-2/)
    })
    it('a Period that is not 10, 30 or a multiple of 60', () => {
      expectRefused(world(), { ...alarm, Period: 45, EvaluationPeriods: 1 } as SandboxAction, 'Period', /10, 30|multiple of 60/)
    })
    it('DatapointsToAlarm greater than EvaluationPeriods', () => {
      expectRefused(world(), { ...alarm, Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 5 } as SandboxAction, 'DatapointsToAlarm', /3/)
    })
    it('EvaluationPeriods × Period beyond one day', () => {
      expectRefused(world(), { ...alarm, Period: 1800, EvaluationPeriods: 49 } as SandboxAction, 'EvaluationPeriods', /86,?400|one day|1 day/)
    })
    it('a non-finite threshold', () => {
      expectRefused(world(), { ...alarm, Period: 60, EvaluationPeriods: 1, Threshold: Number.POSITIVE_INFINITY } as SandboxAction, 'Threshold', /finite/)
    })
    it('an invalid event pattern', () => {
      expectRefused(world(), { type: 'PutRule', Name: 'r', EventPattern: '{"source": "aws.cloudwatch"}' }, 'EventPattern.source', /array/)
    })
    it('advancing the clock by zero or beyond 31 days', () => {
      expectRefused(world(), { type: 'AdvanceClock', Minutes: 0 }, 'Minutes', /1 to 44640/)
      expectRefused(world(), { type: 'AdvanceClock', Minutes: 50000 }, 'Minutes', /1 to 44640/)
    })
    it('deleting an alarm a composite alarm still uses', () => {
      const w = world()
      w.apply({ ...alarm, Period: 60, EvaluationPeriods: 1 } as SandboxAction)
      w.apply({ type: 'PutCompositeAlarm', AlarmName: 'c', AlarmRule: 'ALARM("a")' })
      expectRefused(w, { type: 'DeleteAlarms', AlarmNames: ['a'] }, 'AlarmNames[0]', /used by composite alarm "c"/)
    })
  })
})

describe('sandbox world: what the console reads', () => {
  it("lists a new endpoint's metrics before any minute has passed, with no datapoints", () => {
    const w = new World('fresh')
    w.apply(endpoint())
    const m = look(w).metrics
    const names = m.list().map((x) => x.id.MetricName)
    expect(names).toEqual(expect.arrayContaining(['Invocations', 'ModelLatency', 'CPUUtilization']))
    expect(m.get({ Namespace: 'AWS/SageMaker', MetricName: 'Invocations', Dimensions: dims('ep') })!.series.sampleCount.length).toBe(0)
  })

  it('an update that names no model keeps the model the variant serves, and the summary says which', () => {
    const w = new World('model')
    w.apply(endpoint('ep', { ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1, ModelPreset: 'bert-base-text' }] }))
    w.apply({ type: 'UpdateEndpoint', EndpointName: 'ep', ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.c5.xlarge', InitialInstanceCount: 2 }] })
    const v = worldParts(w).endpoints[0].variants[0]
    expect(v).toMatchObject({ InstanceType: 'ml.c5.xlarge', ModelName: 'bert-base-text' })
  })

  it('CloudTrail records name the resource, so LookupEvents by ResourceName and ResourceType find them', () => {
    const w = new World('resources')
    w.apply(endpoint('fraud-ep'))
    w.apply({ type: 'DeleteEndpoint', EndpointName: 'fraud-ep' })
    const trail = look(w).trail
    const byName = trail.lookupEvents({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'fraud-ep' }] }, w.now)
    expect(byName.Events.map((e) => e.EventName).sort()).toEqual(['CreateEndpoint', 'DeleteEndpoint'])
    const byType = trail.lookupEvents({ LookupAttributes: [{ AttributeKey: 'ResourceType', AttributeValue: 'AWS::SageMaker::Endpoint' }] }, w.now)
    expect(byType.Events).toHaveLength(2)
  })
})
