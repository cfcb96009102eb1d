/**
 * A small world that the session worker simulates once when it starts, before a learner's first
 * request arrives, so the code a world runs every minute (the endpoint's queueing and metrics, the
 * alarm evaluator and its statistics, Auto Scaling, EventBridge, CloudTrail, billing, data capture
 * and a monitoring execution) is already compiled by the JIT when the learner opens a 30-day world.
 * A fresh worker built its first 30-day world about twice as slowly as a warm one
 * (`npm run bench -- --only sandbox`).
 *
 * The world is thrown away: nothing it computes reaches the learner, and every cache it fills is a
 * pure function of its inputs, so results do not depend on whether the warm-up ran. It advances in
 * pieces (`warmUpPieces`), so a request that arrives meanwhile waits for one piece, not the whole.
 */
import type { SandboxAction } from '../../../shared/contract/sandbox'
import { World } from './world'

const DIMS = (name: string) => [
  { Name: 'EndpointName', Value: name },
  { Name: 'VariantName', Value: 'AllTraffic' }
]

/**
 * Three endpoints (CPU, GPU and Inferentia, so every accelerator path and every periodic traffic
 * shape runs) with the policies, alarms, rules, budget and monitor a learner builds.
 */
export function warmUpActions(): SandboxAction[] {
  const actions: SandboxAction[] = [
    { type: 'CreateEndpoint', EndpointName: 'warm-cpu', ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.c5.xlarge', InitialInstanceCount: 2, ModelPreset: 'xgboost-tabular' }], Traffic: { pattern: 'diurnal', baseRpm: 900, amplitude: 0.6 } },
    { type: 'CreateEndpoint', EndpointName: 'warm-gpu', ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.g4dn.xlarge', InitialInstanceCount: 1, ModelPreset: 'bert-base-text' }], Traffic: { pattern: 'spikes', baseRpm: 150, spikesPerDay: 4, spikeMultiplier: 4, spikeMinutes: 20 } },
    { type: 'CreateEndpoint', EndpointName: 'warm-inf', ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.inf2.xlarge', InitialInstanceCount: 2, ModelPreset: 'resnet50-image' }], Traffic: { pattern: 'weekly', baseRpm: 600, amplitude: 0.5 } },
    { type: 'PutScalingPolicy', EndpointName: 'warm-cpu', VariantName: 'AllTraffic', TargetValue: 400, MinCapacity: 1, MaxCapacity: 6 },
    { type: 'PutScalingPolicy', EndpointName: 'warm-inf', VariantName: 'AllTraffic', TargetValue: 300, MinCapacity: 1, MaxCapacity: 6 },
    {
      type: 'PutScalingPolicy',
      EndpointName: 'warm-gpu',
      VariantName: 'AllTraffic',
      PolicyName: 'warm-step',
      PolicyType: 'StepScaling',
      MinCapacity: 1,
      MaxCapacity: 4,
      StepScalingPolicyConfiguration: { AdjustmentType: 'ChangeInCapacity', Cooldown: 300, StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }] }
    }
  ]
  for (const name of ['warm-cpu', 'warm-gpu', 'warm-inf']) {
    const base = { Namespace: 'AWS/SageMaker', Dimensions: DIMS(name), ComparisonOperator: 'GreaterThanThreshold' }
    actions.push(
      { type: 'PutMetricAlarm', AlarmName: `${name}-p99`, MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 200000, ...base } as SandboxAction,
      { type: 'PutMetricAlarm', AlarmName: `${name}-tm90`, MetricName: 'ModelLatency', ExtendedStatistic: 'tm90', Period: 300, EvaluationPeriods: 2, Threshold: 150000, ...base } as SandboxAction,
      { type: 'PutMetricAlarm', AlarmName: `${name}-5xx`, MetricName: 'Invocation5XXErrors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 5, TreatMissingData: 'notBreaching', ...base } as SandboxAction,
      { type: 'PutMetricAlarm', AlarmName: `${name}-cpu`, MetricName: 'CPUUtilization', Statistic: 'Average', Period: 300, EvaluationPeriods: 3, Threshold: 70, ...base, Namespace: '/aws/sagemaker/Endpoints' } as SandboxAction
    )
  }
  actions.push(
    { type: 'PutCompositeAlarm', AlarmName: 'warm-degraded', AlarmRule: 'ALARM("warm-cpu-p99") OR (ALARM("warm-cpu-5xx") AND NOT ALARM("warm-gpu-5xx"))' },
    { type: 'PutRule', Name: 'warm-alarms', EventPattern: JSON.stringify({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] }) },
    { type: 'PutTargets', Rule: 'warm-alarms', Targets: [{ Id: 'ops', Arn: 'arn:aws:sns:us-east-1:111122223333:ops' }] },
    { type: 'CreateBudget', Budget: { BudgetName: 'warm', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '50', Unit: 'USD' } }, NotificationsWithSubscribers: [{ Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80 }, Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'ops@example.com' }] }] } as SandboxAction,
    { type: 'EnableDataCapture', EndpointName: 'warm-cpu', DataCaptureConfig: { InitialSamplingPercentage: 20, DestinationS3Uri: 's3://warm/capture', CaptureOptions: [{ CaptureMode: 'Input' }] } },
    { type: 'CreateBaseliningJob', ProcessingJobName: 'warm-baseline', EndpointName: 'warm-cpu', TrainingDataDays: 7, TrainingRows: 1000 },
    { type: 'CreateMonitoringSchedule', MonitoringScheduleName: 'warm-hourly', MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringType: 'DataQuality', MonitoringJobDefinition: { BaselineConfig: { BaseliningJobName: 'warm-baseline' }, MonitoringInputs: [{ EndpointInput: { EndpointName: 'warm-cpu' } }] } } }
  )
  return actions
}

/** How long each warm-up world runs, and the piece one step of it advances. */
export const WARMUP_MINUTES = 30 * 60
const PIECE_MINUTES = 3 * 60
/**
 * Warm-up worlds, one after another. One is not enough: V8 compiles the minute's code while the
 * first world runs, against that world's objects, and the second world still deoptimizes it (a lazy
 * cache filled the first time, a branch the first world took before the code was compiled), so a
 * learner's world built after a single warm-up world ran about 1.4 times as slowly as later ones
 * (`npm run bench -- --only sandbox`). After the third, the code no longer changes.
 */
export const WARMUP_WORLDS = 3

/** The warm-up as steps: per world the set-up, then the clock in pieces. Each `next()` is one bounded step. */
export function* warmUpPieces(): Generator<void, void, void> {
  for (let w = 0; w < WARMUP_WORLDS; w++) {
    const world = World.replay(`session-warm-up-${w + 1}`, warmUpActions())
    yield
    for (let done = 0; done < WARMUP_MINUTES; done += PIECE_MINUTES) {
      world.apply({ type: 'AdvanceClock', Minutes: Math.min(PIECE_MINUTES, WARMUP_MINUTES - done) })
      yield
    }
    world.describe({ type: 'AdvanceClock', Minutes: 1 })
  }
}

/** Runs the whole warm-up at once (tests and benches). */
export function warmUp(): void {
  for (const _ of warmUpPieces()) void _
}
