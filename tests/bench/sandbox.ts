/**
 * Sandbox figures: a 30-day world with 3 endpoints and 10 alarms, the stateless evaluator over a
 * million datapoints, and the memory a 30-day world holds.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { SandboxAction } from '../../src/shared/contract/sandbox'
import { evaluateAlarmChannel } from '../../src/main/api/sandbox-handlers'
import { evaluateAlarmSeries } from '../../src/main/sandbox/cloudwatch'
import { createRng } from '../../src/main/sandbox/core/rng'
import { World } from '../../src/main/sandbox/world'
import { median, report, time } from './util'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** A realistic console set-up: per endpoint a p99 latency alarm, a 5XX alarm and a CPU alarm; one composite. */
export function thirtyDayActions(): SandboxAction[] {
  const actions: SandboxAction[] = []
  const eps = [
    { name: 'fraud-xgb', type: 'ml.c5.xlarge', preset: 'xgboost-tabular', traffic: { pattern: 'weekly', baseRpm: 1500, amplitude: 0.5 } },
    { name: 'reviews-bert', type: 'ml.g4dn.xlarge', preset: 'bert-base-text', traffic: { pattern: 'diurnal', baseRpm: 400, amplitude: 0.6 } },
    { name: 'images-resnet', type: 'ml.inf2.xlarge', preset: 'resnet50-image', traffic: { pattern: 'spikes', baseRpm: 200, spikesPerDay: 3, spikeMultiplier: 4, spikeMinutes: 20 } }
  ]
  for (const e of eps) {
    actions.push({
      type: 'CreateEndpoint',
      EndpointName: e.name,
      ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: e.type, InitialInstanceCount: 2, ModelPreset: e.preset }],
      Traffic: e.traffic as never
    })
    actions.push({ type: 'PutScalingPolicy', EndpointName: e.name, VariantName: 'AllTraffic', TargetValue: 600, MinCapacity: 1, MaxCapacity: 8 })
    const dims = [
      { Name: 'EndpointName', Value: e.name },
      { Name: 'VariantName', Value: 'AllTraffic' }
    ]
    const base = { Namespace: 'AWS/SageMaker', Dimensions: dims, ComparisonOperator: 'GreaterThanThreshold' }
    actions.push({ type: 'PutMetricAlarm', AlarmName: `${e.name}-p99`, MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 250000, ...base } as SandboxAction)
    actions.push({ type: 'PutMetricAlarm', AlarmName: `${e.name}-5xx`, MetricName: 'Invocation5XXErrors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 10, TreatMissingData: 'notBreaching', ...base } as SandboxAction)
    actions.push({ type: 'PutMetricAlarm', AlarmName: `${e.name}-cpu`, MetricName: 'CPUUtilization', Statistic: 'Average', Period: 300, EvaluationPeriods: 3, Threshold: 320, ...base, Namespace: '/aws/sagemaker/Endpoints' } as SandboxAction)
  }
  actions.push({ type: 'PutCompositeAlarm', AlarmName: 'fraud-degraded', AlarmRule: 'ALARM("fraud-xgb-p99") AND ALARM("fraud-xgb-5xx")' })
  actions.push({ type: 'AdvanceClock', Minutes: 30 * 1440 })
  return actions
}

export function runSandboxBench(): void {
  const actions = thirtyDayActions()
  const t0 = performance.now()
  World.replay('bench', actions).materialize()
  const cold = performance.now() - t0
  const warm = time(() => World.replay('bench', actions).materialize(), 5, 1)
  report('30-day world: 3 endpoints, 10 alarms (first run, cold JIT)', `${cold.toFixed(0)} ms`, 'goal ≤ 150 ms')
  report('30-day world: 3 endpoints, 10 alarms (median of 5 warm)', `${median(warm).toFixed(0)} ms`, 'goal ≤ 150 ms')

  gc()
  const before = process.memoryUsage()
  const world = World.replay('bench', actions)
  const m = world.materialize()
  gc()
  const after = process.memoryUsage()
  const held = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers)
  report('Memory held by the 30-day world', `${(held / 2 ** 20).toFixed(1)} MiB`, '', `metric arrays ${(m.metrics.byteSize() / 2 ** 20).toFixed(1)} MiB in ${m.metrics.size} series`)

  const rng = createRng('evaluate-1m')
  const points: (number | null)[] = Array.from({ length: 1_000_000 }, () => (rng.next() < 0.05 ? null : 50 + 30 * rng.normal()))
  const alarm = { Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 100, ComparisonOperator: 'GreaterThanThreshold' as const, TreatMissingData: 'missing' as const }
  const core = time(() => evaluateAlarmSeries(alarm, points), 5, 1)
  report('Alarm evaluator over 1,000,000 datapoints (median of 5)', `${median(core).toFixed(0)} ms`, 'goal ≤ 100 ms')
  const transitions = time(() => evaluateAlarmChannel({ alarm, datapoints: points, reasons: 'transitions' }), 3, 1)
  report('cloudwatch.evaluateAlarm handler, 1M points, reasons on transitions', `${median(transitions).toFixed(0)} ms`, 'goal ≤ 100 ms')
  const all = time(() => evaluateAlarmChannel({ alarm, datapoints: points }), 3, 1)
  report('cloudwatch.evaluateAlarm handler, 1M points, a reason per period', `${median(all).toFixed(0)} ms`)
}
