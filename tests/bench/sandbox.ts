/**
 * Sandbox figures: a 30-day world with 3 endpoints and 10 alarms, the stateless evaluator over a
 * million datapoints, and the memory a 30-day world holds.
 */
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { SandboxAction } from '../../src/shared/contract/sandbox'
import { evaluateAlarmChannel, MAX_REASONED_PERIODS } from '../../src/main/api/stateless'
import { evaluateAlarmSeries } from '../../src/main/sandbox/cloudwatch'
import { createRng } from '../../src/main/sandbox/core/rng'
import { World } from '../../src/main/sandbox/world'
import { warmUp } from '../../src/main/sandbox/world/warmup'
import { median, report, time } from './util'

/** Builds run, unmeasured, between the cold one and the five warm ones. */
const WARM_UP_BUILDS = 3

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/**
 * A realistic console set-up: per endpoint a p99 latency alarm, a 5XX alarm and a CPU alarm; one
 * composite — the "3 endpoints and 10 alarms". With `scaling` (the default) each endpoint
 * also has a target tracking policy, whose AlarmHigh and AlarmLow make 16 alarms, 6 of them read
 * every minute, and whose alarm in ALARM invokes the policy again every minute (~96,000 times in
 * 30 days): the heavier world, which also scales its fleets.
 */
export function thirtyDayActions(opts: { scaling?: boolean } = {}): SandboxAction[] {
  const scaling = opts.scaling ?? true
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
    if (scaling) actions.push({ type: 'PutScalingPolicy', EndpointName: e.name, VariantName: 'AllTraffic', TargetValue: 600, MinCapacity: 1, MaxCapacity: 8 })
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

/**
 * Wall time and CPU time of `fn` in milliseconds. Wall time is what a learner waits for. CPU time
 * (user + system, every thread of the process) also counts the work V8's compiler and garbage
 * collector threads do beside the simulation, on the VM's other core: larger than the wait while
 * the JIT is still compiling, but steadier when other processes share the machine, so both are shown.
 */
function measure(fn: () => void): { wallMs: number; cpuMs: number } {
  const c = process.cpuUsage()
  const t0 = performance.now()
  fn()
  const wallMs = performance.now() - t0
  const d = process.cpuUsage(c)
  return { wallMs, cpuMs: (d.user + d.system) / 1000 }
}

function cpuMs(fn: () => void): number {
  return measure(fn).cpuMs
}

const ms = (x: number): string => `${x.toFixed(0)} ms`

/**
 * A measurement that needs a process of its own (`run.cjs --child <name>`), printed as JSON.
 * `world-after-warm-up` (`…-no-scaling`): a fresh process that first runs the session worker's
 * start-up warm-up (sandbox/world/warmup.ts, as worker.ts does before a learner's first request),
 * then builds the 30-day world: what a learner opening a saved world in a freshly started app waits for.
 */
export function runChild(name: string | undefined): void {
  if (name !== 'world-after-warm-up' && name !== 'world-after-warm-up-no-scaling') throw new Error(`unknown bench child "${name}"`)
  const actions = thirtyDayActions({ scaling: name === 'world-after-warm-up' })
  const warm = measure(() => warmUp())
  const build = measure(() => World.replay('bench', actions))
  console.log(JSON.stringify({ warmUpWallMs: warm.wallMs, warmUpCpuMs: warm.cpuMs, buildWallMs: build.wallMs, buildCpuMs: build.cpuMs }))
}

function inFreshProcess(name: string): Record<string, number> {
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1], '--child', name], { encoding: 'utf8' })
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>
}

/** The cold, fresh-process and warm figures of one 30-day world. Returns the warm CPU median. */
function benchWorld(label: string, actions: SandboxAction[], child: string): number {
  const cold = measure(() => World.replay('bench', actions))
  report(`${label}: first build in this process (cold JIT)`, ms(cold.wallMs), '', `CPU ${ms(cold.cpuMs)}; load average ${os.loadavg()[0].toFixed(2)}`)
  const fresh = [0, 1, 2].map(() => inFreshProcess(child))
  report(
    `${label}: in a fresh process after the session worker's start-up warm-up (median of 3 processes)`,
    ms(median(fresh.map((f) => f.buildWallMs))),
    'goal ≤ 250 ms in a fresh process',
    `CPU ${ms(median(fresh.map((f) => f.buildCpuMs)))}; the warm-up itself ${ms(median(fresh.map((f) => f.warmUpWallMs)))} (CPU ${ms(median(fresh.map((f) => f.warmUpCpuMs)))}), run when the worker starts, a 3-hour piece per event-loop turn`
  )
  // Warm: V8 keeps tiering code up over the first few builds (the second one is still about 1.3×
  // the steady time), so more builds run unmeasured before the five that are.
  for (let i = 0; i < WARM_UP_BUILDS; i++) World.replay('bench', actions)
  const warm: { wallMs: number; cpuMs: number }[] = []
  for (let i = 0; i < 5; i++) warm.push(measure(() => World.replay('bench', actions)))
  report(
    `${label}: warm (median of 5, after ${WARM_UP_BUILDS + 1} unmeasured builds)`,
    ms(median(warm.map((w) => w.wallMs))),
    'goal ≤ 150 ms',
    `CPU ${ms(median(warm.map((w) => w.cpuMs)))}; fastest ${ms(Math.min(...warm.map((w) => w.wallMs)))}; load average ${os.loadavg()[0].toFixed(2)}`
  )
  return median(warm.map((w) => w.cpuMs))
}

export function runSandboxBench(): void {
  benchWorld('30-day world built from nothing, 3 endpoints and 10 alarms', thirtyDayActions({ scaling: false }), 'world-after-warm-up-no-scaling')
  const actions = thirtyDayActions()
  const warmCpu = benchWorld('The same with target tracking on every endpoint (16 alarms)', actions, 'world-after-warm-up')

  // The same world moves on an hour at a time: the action costs the hour it simulates, not the 30 days.
  const world = World.replay('bench', actions)
  const hours: number[] = []
  for (let i = 0; i < 12; i++) hours.push(cpuMs(() => world.apply({ type: 'AdvanceClock', Minutes: 60 })))
  const hour = median(hours)
  report(
    'Advance one hour on that 30-day world (median of 12 successive hours)',
    `${hour.toFixed(2)} ms CPU`,
    'goal ≤ 10 ms and ≤ 1/10 of the 30 days',
    `${((hour / warmCpu) * 100).toFixed(1)} % of the 30-day build's CPU time measured in this run`
  )

  gc()
  const before = process.memoryUsage()
  const held = World.replay('bench', actions)
  gc()
  const after = process.memoryUsage()
  const bytes = after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers)
  const metrics = held.cloudwatch.metrics
  report('Memory held by the 30-day world', `${(bytes / 2 ** 20).toFixed(1)} MiB`, '', `metric arrays ${(metrics.byteSize() / 2 ** 20).toFixed(1)} MiB in ${metrics.size} series`)

  const rng = createRng('evaluate-1m')
  const points: (number | null)[] = Array.from({ length: 1_000_000 }, () => (rng.next() < 0.05 ? null : 50 + 30 * rng.normal()))
  const alarm = { Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 100, ComparisonOperator: 'GreaterThanThreshold' as const, TreatMissingData: 'missing' as const }
  const core = time(() => evaluateAlarmSeries(alarm, points), 5, 1)
  report('Alarm evaluator over 1,000,000 datapoints (median of 5)', `${median(core).toFixed(0)} ms`, 'goal ≤ 100 ms')
  const transitions = time(() => evaluateAlarmChannel({ alarm, datapoints: points, reasons: 'transitions' }), 3, 1)
  report('cloudwatch.evaluateAlarm handler, 1M points, reasons on transitions', `${median(transitions).toFixed(0)} ms`, 'goal ≤ 100 ms')
  const week = points.slice(0, MAX_REASONED_PERIODS)
  const all = time(() => evaluateAlarmChannel({ alarm, datapoints: week }), 3, 1)
  report(`cloudwatch.evaluateAlarm handler, a reason for each of ${MAX_REASONED_PERIODS.toLocaleString('en-US')} periods (the most it writes)`, `${median(all).toFixed(0)} ms`)
}
