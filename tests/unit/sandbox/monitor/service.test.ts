/**
 * The monitor service in a world: capture counts, schedule timing, executions, metrics, events,
 * ground-truth lag and bad input. Expected figures are hand calculations, written out beside each.
 */
import { describe, expect, it } from 'vitest'
import type { SandboxAction } from '../../../../src/shared/contract/sandbox'
import { LabError } from '../../../../src/shared/errors'
import { HOUR_MS, MINUTE_MS, SIM_EPOCH_MS } from '../../../../src/main/sandbox/core/time'
import { DATA_METRIC_NAMESPACE, EXECUTION_MINUTES, MODEL_METRIC_NAMESPACE } from '../../../../src/main/sandbox/monitor/service'
import { World, worldParts } from '../../../../src/main/sandbox/world'

type Act<T extends SandboxAction['type']> = Extract<SandboxAction, { type: T }>

/** 600 requests a minute exactly, no client or server errors: every request is answered. */
const endpoint: Act<'CreateEndpoint'> = {
  type: 'CreateEndpoint',
  EndpointName: 'rec',
  ProductionVariants: [
    { VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 3, Model: { name: 'ctr-model', cpuMsPerRequest: 6, memoryGiB: 0.5, payloadKiB: 2, clientErrorRate: 0 } }
  ],
  Traffic: { pattern: 'steady', baseRpm: 600, noise: 'none' }
}

const capture = (pct: number, modes: ('Input' | 'Output')[] = ['Input', 'Output']): Act<'EnableDataCapture'> => ({
  type: 'EnableDataCapture',
  EndpointName: 'rec',
  DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: pct, DestinationS3Uri: 's3://bucket/capture', CaptureOptions: modes.map((CaptureMode) => ({ CaptureMode })) }
})

const baselineJob = (name = 'base', type?: 'DataQuality' | 'ModelQuality'): Act<'CreateBaseliningJob'> => ({
  type: 'CreateBaseliningJob',
  ProcessingJobName: name,
  EndpointName: 'rec',
  TrainingDataDays: 7,
  ...(type ? { MonitoringType: type } : {})
})

const schedule = (name: string, expression: string, extra: { type?: 'DataQuality' | 'ModelQuality'; job?: string | null; start?: string; end?: string } = {}): Act<'CreateMonitoringSchedule'> => {
  const type = extra.type ?? 'DataQuality'
  return {
    type: 'CreateMonitoringSchedule',
    MonitoringScheduleName: name,
    MonitoringScheduleConfig: {
      ScheduleConfig: { ScheduleExpression: expression, ...(extra.start ? { DataAnalysisStartTime: extra.start } : {}), ...(extra.end ? { DataAnalysisEndTime: extra.end } : {}) },
      MonitoringType: type,
      MonitoringJobDefinition: {
        ...(extra.job === null ? {} : { BaselineConfig: { BaseliningJobName: extra.job ?? 'base' } }),
        MonitoringInputs: [{ EndpointInput: { EndpointName: 'rec' } }],
        ...(type === 'ModelQuality' ? { GroundTruthS3Input: { S3Uri: 's3://bucket/ground-truth' }, ProblemType: 'BinaryClassification' } : {})
      }
    }
  }
}

const advance = (Minutes: number): SandboxAction => ({ type: 'AdvanceClock', Minutes })

function refused(w: World, action: SandboxAction, path: string, message: RegExp): void {
  const before = JSON.stringify(worldParts(w))
  let error: unknown
  try {
    w.apply(action)
  } catch (err) {
    error = err
  }
  expect(error).toBeInstanceOf(LabError)
  const issue = (error as LabError).issues.find((i) => i.path === path)
  expect(issue, JSON.stringify((error as LabError).issues)).toBeDefined()
  expect(issue!.message).toMatch(message)
  expect(JSON.stringify(worldParts(w))).toBe(before)
}

describe('monitor service: data capture', () => {
  it('captures every answered request at 100 %: 600 a minute × 60 minutes = 36,000', () => {
    const w = World.replay('cap', [endpoint, capture(100), advance(60)])
    expect(w.monitor.capturedCount('rec', SIM_EPOCH_MS, SIM_EPOCH_MS + HOUR_MS)).toBe(36_000)
  })

  it('captures about 20 % at InitialSamplingPercentage 20 (a day: 864,000 × 0.2 = 172,800, sd √(864,000·0.2·0.8) ≈ 372)', () => {
    const w = World.replay('cap20', [endpoint, capture(20), advance(1440)])
    const n = w.monitor.capturedCount('rec', SIM_EPOCH_MS, SIM_EPOCH_MS + 24 * HOUR_MS)
    expect(Math.abs(n - 172_800)).toBeLessThan(4 * 372)
  })

  it('captures nothing at 0 % and nothing once capture is turned off', () => {
    const w = World.replay('cap0', [endpoint, capture(0), advance(30)])
    expect(w.monitor.capturedCount('rec', SIM_EPOCH_MS, SIM_EPOCH_MS + HOUR_MS)).toBe(0)
    const off = World.replay('capoff', [endpoint, capture(100), advance(10), { ...capture(100), DataCaptureConfig: { ...capture(100).DataCaptureConfig, EnableCapture: false } }, advance(10)])
    // 10 minutes × 600 captured, then none.
    expect(off.monitor.capturedCount('rec', SIM_EPOCH_MS, SIM_EPOCH_MS + HOUR_MS)).toBe(6000)
  })

  it('CloudTrail records the capture as CreateEndpointConfig and UpdateEndpoint', () => {
    const w = World.replay('trail', [endpoint, capture(50)])
    const names = w.cloudtrail.lookupEvents({}, w.now).Events.map((e) => e.EventName)
    expect(names).toEqual(expect.arrayContaining(['CreateEndpointConfig', 'UpdateEndpoint']))
  })
})

describe('monitor service: schedules and executions', () => {
  it('an hourly schedule created at 10:17 first runs at 11:00 plus a 0–20 minute delay; by 14:30 four runs are done', () => {
    const w = World.replay('timing', [endpoint, capture(20), baselineJob(), advance(617)])
    expect(w.nowIso).toBe('2026-01-05T10:17:00.000Z')
    w.apply(schedule('hourly', 'cron(0 * ? * * *)'))
    w.apply(advance(4 * 60 + 13))
    const runs = w.monitor.listMonitoringExecutions('hourly')
    // 11:00, 12:00, 13:00 and 14:00: each finishes by 14:00 + 20 min + 1 + 3 = 14:24 < 14:30.
    expect(runs.map((r) => new Date(r.ScheduledTime).toISOString().slice(11, 16))).toEqual(['11:00', '12:00', '13:00', '14:00'])
    for (const r of runs) {
      expect(r.StartTime - r.ScheduledTime).toBeGreaterThanOrEqual(0)
      expect(r.StartTime - r.ScheduledTime).toBeLessThanOrEqual(20 * MINUTE_MS)
      expect(r.EndTime).toBe(Math.ceil(r.StartTime / MINUTE_MS) * MINUTE_MS + EXECUTION_MINUTES * MINUTE_MS)
      // The default window is the hour before the scheduled time: 60 × 600 × 20 % ≈ 7,200 captured.
      expect(r.analysisEnd - r.analysisStart).toBe(HOUR_MS)
      expect(Math.abs(r.capturedRecords - 7200)).toBeLessThan(4 * Math.sqrt(36_000 * 0.16))
      // At most 10 records a minute are analysed: 60 × 10.
      expect(r.analysedRecords).toBe(600)
      expect(r.MonitoringExecutionStatus).toBe('Completed')
    }
  })

  it('a daily schedule cron(0 12 ? * * *) runs once a day at noon', () => {
    const w = World.replay('daily', [endpoint, capture(20), baselineJob(), advance(10), schedule('daily', 'cron(0 12 ? * * *)'), advance(3 * 1440)])
    expect(w.monitor.listMonitoringExecutions('daily').map((r) => new Date(r.ScheduledTime).toISOString())).toEqual([
      '2026-01-05T12:00:00.000Z',
      '2026-01-06T12:00:00.000Z',
      '2026-01-07T12:00:00.000Z'
    ])
  })

  it('data drift in user_age (+2 sd) gives CompletedWithViolations, baseline_drift_check and a drift metric above 0.1', () => {
    const w = World.replay('drift', [
      endpoint,
      capture(20),
      baselineJob(),
      advance(10),
      schedule('hourly', 'cron(0 * ? * * *)'),
      advance(170),
      { type: 'InjectDataChange', EndpointName: 'rec', StartsInMinutes: 0, Change: { kind: 'dataDrift', Feature: 'user_age', Shift: 2 } },
      advance(240)
    ])
    const runs = w.monitor.listMonitoringExecutions('hourly')
    const before = runs.filter((r) => r.analysisEnd <= SIM_EPOCH_MS + 180 * MINUTE_MS)
    const after = runs.filter((r) => r.analysisStart >= SIM_EPOCH_MS + 180 * MINUTE_MS)
    expect(before.length).toBeGreaterThan(0)
    expect(after.length).toBeGreaterThan(0)
    for (const r of before) expect(r.MonitoringExecutionStatus).toBe('Completed')
    for (const r of after) {
      expect(r.MonitoringExecutionStatus).toBe('CompletedWithViolations')
      expect(r.violations).toContainEqual(expect.objectContaining({ feature_name: 'user_age', constraint_check_type: 'baseline_drift_check' }))
    }
    // The metric, at the minute each run finished, dimensions EndpointName and ScheduleName.
    const m = w.cloudwatch.metrics.get({ Namespace: DATA_METRIC_NAMESPACE, MetricName: 'feature_baseline_drift_user_age', Dimensions: [{ Name: 'EndpointName', Value: 'rec' }, { Name: 'ScheduleName', Value: 'hourly' }] })!
    const last = after[after.length - 1]
    const i = (last.EndTime - m.series.startTime) / MINUTE_MS
    expect(m.series.sampleCount[i]).toBe(1)
    // A 2 sd shift of a normal: the CDFs differ by up to 2Φ(1) − 1 ≈ 0.683 (linf), well above 0.1.
    expect(m.series.sum[i]).toBeGreaterThan(0.5)
    expect(w.cloudwatch.metrics.get({ Namespace: DATA_METRIC_NAMESPACE, MetricName: 'feature_non_null_user_age', Dimensions: [{ Name: 'EndpointName', Value: 'rec' }, { Name: 'ScheduleName', Value: 'hourly' }] })).toBeDefined()
  })

  it('a run before its baselining job finished fails; events go to EventBridge; Stop halts runs and Start resumes them', () => {
    // The job runs 5 minutes; NOW runs at once, so its execution has no baseline yet.
    const w = World.replay('early', [endpoint, capture(20), advance(30), baselineJob(), schedule('now', 'NOW', { start: '-PT30M', end: 'PT0H' }), advance(30)])
    const [run] = w.monitor.listMonitoringExecutions('now')
    expect(run.MonitoringExecutionStatus).toBe('Failed')
    expect(run.FailureReason).toMatch(/still running/)
    const s = World.replay('stop', [endpoint, capture(20), baselineJob(), advance(10), schedule('h', 'cron(0 * ? * * *)'), advance(60), { type: 'StopMonitoringSchedule', MonitoringScheduleName: 'h' }, advance(180)])
    const stopped = s.monitor.listMonitoringExecutions('h').length
    s.apply({ type: 'StartMonitoringSchedule', MonitoringScheduleName: 'h' })
    s.apply(advance(120))
    expect(s.monitor.listMonitoringExecutions('h').length).toBeGreaterThan(stopped)
    expect(stopped).toBeLessThanOrEqual(1)
  })
})

describe('monitor service: model quality and ground truth', () => {
  const mq = (lagHours: number, start?: string, end?: string): SandboxAction[] => [
    endpoint,
    capture(100),
    { type: 'PutGroundTruth', EndpointName: 'rec', GroundTruthLagHours: lagHours },
    baselineJob('mq-base', 'ModelQuality'),
    advance(10),
    schedule('mq', 'cron(0 * ? * * *)', { type: 'ModelQuality', job: 'mq-base', start, end }),
    advance(6 * 60)
  ]

  it('labels that arrive 2 h late are not there for the last hour: every run of the default window fails', () => {
    const w = World.replay('lag', mq(2))
    const runs = w.monitor.listMonitoringExecutions('mq')
    expect(runs.length).toBeGreaterThan(3)
    for (const r of runs) {
      expect(r.MonitoringExecutionStatus).toBe('Failed')
      expect(r.FailureReason).toMatch(/No ground truth merged/)
    }
  })

  it('a window from −3 h to −2 h covers a 2 h lag: every analysed inference is merged and the metrics are published', () => {
    const w = World.replay('lag-ok', mq(2, '-PT3H', '-PT2H'))
    const runs = w.monitor.listMonitoringExecutions('mq').filter((r) => r.analysisStart >= SIM_EPOCH_MS)
    expect(runs.length).toBeGreaterThan(0)
    for (const r of runs) {
      expect(r.MonitoringExecutionStatus).not.toBe('Failed')
      // 600 a minute captured, 10 a minute analysed, 60 minutes: 600 inferences, all labelled by now.
      expect(r.analysedRecords).toBe(600)
      expect(r.mergedRecords).toBe(600)
      expect(r.metrics.map((m) => m.MetricName)).toEqual(expect.arrayContaining(['accuracy', 'auc', 'f1']))
    }
    const acc = w.cloudwatch.metrics.get({ Namespace: MODEL_METRIC_NAMESPACE, MetricName: 'accuracy', Dimensions: [{ Name: 'EndpointName', Value: 'rec' }, { Name: 'ScheduleName', Value: 'mq' }] })
    expect(acc).toBeDefined()
  })

  it('a 1.5 h lag over the window −2 h to −1 h merges the inferences sent up to 1.5 h before the job started', () => {
    const w = World.replay('lag-part', mq(1.5, '-PT2H', '-PT1H'))
    const runs = w.monitor.listMonitoringExecutions('mq').filter((r) => r.analysisStart >= SIM_EPOCH_MS)
    expect(runs.length).toBeGreaterThan(0)
    for (const r of runs) {
      // Records of minute m are sent at m + 6 s·i (10 a minute). Those sent at or before
      // X = StartTime − 90 min carry a label: 10 per whole minute from the window start to ⌊X⌋,
      // plus ⌊(X − ⌊X⌋) / 6 s⌋ + 1 in minute ⌊X⌋.
      const X = r.StartTime - 90 * MINUTE_MS
      const whole = Math.floor(X / MINUTE_MS) * MINUTE_MS
      const expected = (10 * (whole - r.analysisStart)) / MINUTE_MS + Math.floor((X - whole) / 6000) + 1
      expect(r.mergedRecords).toBe(expected)
    }
  })
})

describe('monitor service: bad input is refused and changes nothing', () => {
  it('names the field', () => {
    const w = World.replay('bad', [endpoint])
    refused(w, { ...capture(20), EndpointName: 'nope' }, 'EndpointName', /no such endpoint/)
    refused(w, capture(120), 'DataCaptureConfig.InitialSamplingPercentage', /0 to 100/)
    w.apply(baselineJob())
    refused(w, schedule('s', 'cron(0 * ? * * *)'), 'MonitoringScheduleConfig.MonitoringJobDefinition.MonitoringInputs[0].EndpointInput.EndpointName', /data capture is not enabled/)
    w.apply(capture(20, ['Output']))
    refused(w, schedule('s', 'cron(0 * ? * * *)'), 'MonitoringScheduleConfig.MonitoringJobDefinition.MonitoringInputs[0].EndpointInput.EndpointName', /add CaptureMode Input/)
    w.apply(capture(20))
    refused(w, schedule('s', 'cron(*/5 * ? * * *)'), 'MonitoringScheduleConfig.ScheduleConfig.ScheduleExpression', /not a form Model Monitor accepts/)
    refused(w, schedule('s', 'rate(1 hour)'), 'MonitoringScheduleConfig.ScheduleConfig.ScheduleExpression', /cron\(0 \* \? \* \* \*\)/)
    refused(w, schedule('s', 'cron(0 * ? * * *)', { job: null }), 'MonitoringScheduleConfig.MonitoringJobDefinition.BaselineConfig.BaseliningJobName', /needs a baseline/)
    refused(w, schedule('s', 'cron(0 * ? * * *)', { job: 'missing' }), 'MonitoringScheduleConfig.MonitoringJobDefinition.BaselineConfig.BaseliningJobName', /no baselining job "missing"/)
    refused(w, schedule('s', 'cron(0 * ? * * *)', { type: 'ModelQuality' }), 'MonitoringScheduleConfig.MonitoringJobDefinition.BaselineConfig.BaseliningJobName', /is a DataQuality baseline/)
    refused(w, { ...schedule('s', 'cron(0 * ? * * *)'), MonitoringScheduleConfig: { ...schedule('s', 'cron(0 * ? * * *)').MonitoringScheduleConfig, MonitoringType: 'ModelBias' } }, 'MonitoringScheduleConfig.MonitoringType', /not simulated/)
    refused(w, { ...baselineJob('b2'), TrainingDataDays: 0 }, 'TrainingDataDays', /1 to 30/)
    refused(w, baselineJob('base'), 'ProcessingJobName', /unique/)
    refused(w, { type: 'InjectDataChange', EndpointName: 'rec', StartsInMinutes: 0, Change: { kind: 'dataDrift', Feature: 'height', Shift: 1 } }, 'Change.Feature', /not a feature of recommender-ctr/)
    refused(w, { type: 'SetFeatureScenario', EndpointName: 'rec', ScenarioId: 'weather' }, 'ScenarioId', /unknown scenario/)
    refused(w, { type: 'PutGroundTruth', EndpointName: 'rec', GroundTruthLagHours: -1 }, 'GroundTruthLagHours', /0 to 720/)
    refused(w, { type: 'DeleteMonitoringSchedule', MonitoringScheduleName: 'none' }, 'MonitoringScheduleName', /no such monitoring schedule/)
    w.apply(schedule('s', 'cron(0 * ? * * *)'))
    refused(w, schedule('s', 'cron(0 * ? * * *)'), 'MonitoringScheduleName', /unique/)
  })

  it('a scenario cannot change under captured data', () => {
    const w = World.replay('scn', [endpoint, capture(100), advance(5)])
    refused(w, { type: 'SetFeatureScenario', EndpointName: 'rec', ScenarioId: 'fraud' }, 'ScenarioId', /captured data already/)
  })
})

describe('monitor service: the world summary', () => {
  it('lists schedules with their last five executions, and baselining jobs', () => {
    const w = World.replay('sum', [endpoint, capture(20), baselineJob(), advance(10), schedule('h', 'cron(0 * ? * * *)'), advance(8 * 60)])
    const m = worldParts(w).monitor
    expect(m.baseliningJobs).toEqual([{ ProcessingJobName: 'base', ProcessingJobStatus: 'Completed', MonitoringType: 'DataQuality', EndpointName: 'rec', Features: 4 }])
    expect(m.schedules[0].ExecutionCount).toBeGreaterThanOrEqual(7)
    expect(m.schedules[0].LastExecutions).toHaveLength(5)
    expect(m.endpoints[0]).toMatchObject({ EndpointName: 'rec', ScenarioId: 'recommender-ctr', CaptureEnabled: true, InitialSamplingPercentage: 20 })
  })
})

describe('monitor service: the retraining loop', () => {
  it('concept drift → model quality alarm → EventBridge → pipeline → PendingManualApproval → Approved → UpdateEndpoint: AUC recovers', () => {
    const model = (name: string) => ({ name, cpuMsPerRequest: 6, memoryGiB: 0.5, payloadKiB: 2, clientErrorRate: 0 })
    const fraud: SandboxAction = { ...endpoint, ProductionVariants: [{ ...endpoint.ProductionVariants[0], Model: model('fraud-v0') }] }
    const dims = [{ Name: 'EndpointName', Value: 'rec' }, { Name: 'ScheduleName', Value: 'mq' }]
    const pipelineArn = 'arn:aws:sagemaker:us-east-1:111122223333:pipeline/retrain'
    const w = World.replay('retrain', [
      fraud,
      { type: 'SetFeatureScenario', EndpointName: 'rec', ScenarioId: 'fraud', SendInferenceId: true },
      capture(100),
      { type: 'PutGroundTruth', EndpointName: 'rec', GroundTruthLagHours: 1 },
      baselineJob('mq-base', 'ModelQuality'),
      advance(10),
      schedule('mq', 'cron(0 * ? * * *)', { type: 'ModelQuality', job: 'mq-base', start: '-PT2H', end: '-PT1H' }),
      { type: 'PutMetricAlarm', AlarmName: 'auc-low', Namespace: MODEL_METRIC_NAMESPACE, MetricName: 'auc', Dimensions: dims, Statistic: 'Minimum', Period: 3600, EvaluationPeriods: 1, Threshold: 0.5, ComparisonOperator: 'LessThanThreshold', TreatMissingData: 'notBreaching' },
      { type: 'PutRule', Name: 'retrain-on-auc', EventPattern: JSON.stringify({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { alarmName: ['auc-low'], state: { value: ['ALARM'] } } }) },
      { type: 'PutTargets', Rule: 'retrain-on-auc', Targets: [{ Id: 'pipeline', Arn: pipelineArn }] },
      { type: 'CreatePipeline', PipelineName: 'retrain', EndpointName: 'rec', ModelPackageGroupName: 'fraud-models', TrainingDataDays: 1, TrainingMinutes: 30 },
      advance(6 * 60),
      { type: 'InjectDataChange', EndpointName: 'rec', StartsInMinutes: 0, Change: { kind: 'conceptDrift', CoefficientFactor: -1 } },
      advance(6 * 60)
    ])
    const auc = (r: { metrics: { MetricName: string; Value?: number }[] }) => r.metrics.find((m) => m.MetricName === 'auc')!.Value!
    const driftAt = SIM_EPOCH_MS + (10 + 6 * 60) * MINUTE_MS
    const runs = w.monitor.listMonitoringExecutions('mq').filter((r) => r.MonitoringExecutionStatus !== 'Failed')
    const before = runs.filter((r) => r.analysisEnd <= driftAt)
    const during = runs.filter((r) => r.analysisStart >= driftAt)
    expect(before.length).toBeGreaterThan(2)
    expect(during.length).toBeGreaterThan(2)
    // Negating every coefficient reverses the ranking the deployed model gives: AUC → about 1 − AUC.
    for (const r of before) expect(auc(r)).toBeGreaterThan(0.7)
    for (const r of during) expect(auc(r)).toBeLessThan(0.3)
    // The alarm started the pipeline (EventBridge on the account's behalf); it ran 30 minutes on one ml.m5.xlarge.
    const [run] = w.monitor.listPipelineExecutions()
    expect(run.PipelineExecutionStatus).toBe('Succeeded')
    expect(run.EndTime! - run.StartTime).toBe(30 * MINUTE_MS)
    const trail = w.cloudtrail.lookupEvents({}, w.now).Events
    const start = trail.find((e) => e.EventName === 'StartPipelineExecution')!
    expect(JSON.parse(start.CloudTrailEvent).userIdentity.invokedBy).toBe('events.amazonaws.com')
    expect(trail.map((e) => e.EventName)).toContain('CreateModelPackage')
    const [pkg] = w.monitor.listModelPackages()
    expect(pkg).toMatchObject({ ModelPackageGroupName: 'fraud-models', ModelPackageVersion: 1, ModelApprovalStatus: 'PendingManualApproval', ModelName: 'fraud-models-v1' })
    // 30 minutes at the catalog's hourly price: price × 0.5.
    const price = w.sagemaker.summaries()[0].variants[0].pricePerHour
    expect(run.CostUsd).toBeCloseTo(price * 0.5, 9)

    w.apply({ type: 'UpdateModelPackage', ModelPackageArn: pkg.ModelPackageArn, ModelApprovalStatus: 'Approved' })
    expect(w.monitor.listModelPackages()[0].ModelApprovalStatus).toBe('Approved')
    const deployedAt = w.now
    w.apply({ type: 'UpdateEndpoint', EndpointName: 'rec', ProductionVariants: [{ ...endpoint.ProductionVariants[0], Model: model('fraud-models-v1') }] })
    w.apply(advance(6 * 60))
    const after = w.monitor.listMonitoringExecutions('mq').filter((r) => r.MonitoringExecutionStatus !== 'Failed' && r.analysisStart >= deployedAt)
    expect(after.length).toBeGreaterThan(2)
    // The retrained model learned the current concept: the ranking is right again.
    for (const r of after) expect(auc(r)).toBeGreaterThan(0.7)
    expect(trail.filter((e) => e.EventName === 'StartPipelineExecution')).toHaveLength(1)
  })

  it('refuses bad pipeline and approval input', () => {
    const w = World.replay('pipe-bad', [endpoint])
    refused(w, { type: 'CreatePipeline', PipelineName: 'p', EndpointName: 'rec', ModelPackageGroupName: 'g', TrainingDataDays: 0 }, 'TrainingDataDays', /1 to 90/)
    refused(w, { type: 'CreatePipeline', PipelineName: 'p', EndpointName: 'nope', ModelPackageGroupName: 'g', TrainingDataDays: 1 }, 'EndpointName', /no such endpoint/)
    refused(w, { type: 'StartPipelineExecution', PipelineName: 'p' }, 'PipelineName', /no such pipeline/)
    refused(w, { type: 'UpdateModelPackage', ModelPackageArn: 'arn:aws:sagemaker:us-east-1:111122223333:model-package/g/1', ModelApprovalStatus: 'Approved' }, 'ModelPackageArn', /no such model package/)
    // Without ground truth there is nothing labelled to train on: the execution fails after its run.
    w.apply({ type: 'CreatePipeline', PipelineName: 'p', EndpointName: 'rec', ModelPackageGroupName: 'g', TrainingDataDays: 1, TrainingMinutes: 5 })
    w.apply({ type: 'StartPipelineExecution', PipelineName: 'p' })
    w.apply(advance(10))
    expect(w.monitor.listPipelineExecutions()[0]).toMatchObject({ PipelineExecutionStatus: 'Failed', FailureReason: expect.stringMatching(/labelled captured records/) })
    expect(w.monitor.listModelPackages()).toHaveLength(0)
  })
})

describe('monitor service: every kind of change runs without stopping the world', () => {
  const change = (StartsInMinutes: number, Change: Act<'InjectDataChange'>['Change']): SandboxAction => ({ type: 'InjectDataChange', EndpointName: 'rec', StartsInMinutes, Change })
  const checksAfter = (seed: string, changes: SandboxAction[]) => {
    const w = World.replay(seed, [endpoint, capture(20), baselineJob(), advance(10), schedule('h', 'cron(0 * ? * * *)'), ...changes, advance(5 * 60)])
    const late = w.monitor.listMonitoringExecutions('h').filter((r) => r.analysisStart >= SIM_EPOCH_MS + 120 * MINUTE_MS)
    expect(late.length).toBeGreaterThan(0)
    return new Set(late.flatMap((r) => r.violations.map((v) => `${'feature_name' in v ? v.feature_name : ''}:${v.constraint_check_type}`)))
  }

  it('a missing column, a type change, nulls, an outlier burst and a label shift give the violations Model Monitor documents', () => {
    const checks = checksAfter('changes', [
      change(110, { kind: 'schemaBreak', Break: 'missingColumn', Feature: 'items_viewed' }),
      change(110, { kind: 'schemaBreak', Break: 'typeChange', Feature: 'user_age' }),
      change(110, { kind: 'schemaBreak', Break: 'nulls', Feature: 'session_minutes', NullShare: 0.5 }),
      change(110, { kind: 'outlierBurst', Feature: 'session_minutes', DurationMinutes: 30, Share: 0.5, Magnitude: 20 }),
      change(110, { kind: 'priorShift', PositiveRate: 0.3 })
    ])
    expect(checks).toContain('items_viewed:missing_column_check')
    // "42 units" is a String in an Integral column: all of them mismatch, above datatype_check_threshold 0.1.
    expect(checks).toContain('user_age:data_type_check')
    // Half the values null against a baseline completeness of 1.
    expect(checks).toContain('session_minutes:completeness_check')
  })

  it('an extra column alone is an extra_column_check; one missing and one extra keep the count and flag neither (the doc compares counts)', () => {
    expect(checksAfter('extra', [change(110, { kind: 'schemaBreak', Break: 'extraColumn', Feature: 'coupon' })])).toContain('coupon:extra_column_check')
    const both = checksAfter('both', [change(110, { kind: 'schemaBreak', Break: 'extraColumn', Feature: 'coupon' }), change(110, { kind: 'schemaBreak', Break: 'missingColumn', Feature: 'items_viewed' })])
    expect([...both].filter((c) => /column_check/.test(c))).toEqual([])
  })
})
