/**
 * Deployment figures (issue #12): one `deploy.simulate` of a one-hour canary deployment with two
 * auto-rollback alarms (goal ≤ 5 ms), and `deploy.compare` with 4 configurations × 10,000 releases on
 * one thread (the goal, ≤ 1.5 s, is for the job mechanism's two workers: about half this CPU time
 * plus their start-up). The machine is shared, so CPU time (process.cpuUsage) is reported beside wall
 * time, with the load average. The comparison's table and its disagreements with the rule of thumb
 * are printed too: they are the measured version of the study guide's strategy table.
 */
import { loadavg } from 'node:os'
import { createDeployHandlers } from '../../src/main/api/deploy-handlers'
import { finishCompare, mergePartials, prepareCompare, runReleases, type CompareRequest } from '../../src/main/sandbox/deploy'
import { median, report } from './util'

const ERRORS = { AlarmName: 'new-fleet-5xx-rate', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Average', Period: 60, EvaluationPeriods: 2, Threshold: 0.01, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }
const LATENCY = { AlarmName: 'new-fleet-p99', Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 50_000, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }
const ROLLBACK = { AutoRollbackConfiguration: { Alarms: [{ AlarmName: ERRORS.AlarmName }, { AlarmName: LATENCY.AlarmName }] } }

const CANARY = { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 25 }, WaitIntervalInSeconds: 600 }, TerminationWaitInSeconds: 600 }, ...ROLLBACK }

function cpuMs(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start)
  return (u.user + u.system) / 1000
}

/** The compare the figure is for: 4 strategies × 10,000 releases (also run as a job by jobs.ts). */
export const COMPARE_BENCH_REQUEST: CompareRequest = {
  seed: 1,
  releases: 10_000,
  endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 4 },
  traffic: { requestsPerSecond: 50 },
  operatorResponseSeconds: 900,
  defects: { probability: 0.2, errorRate: { min: 0.002, max: 0.3, distribution: 'logUniform' }, latencyMultiplier: { min: 1, max: 3 }, qualityDrop: { min: 0, max: 0.1 } },
  configurations: [
    { name: 'In place', strategy: 'IN_PLACE', alarms: [ERRORS, LATENCY] },
    { name: 'Blue/green all at once', strategy: 'BLUE_GREEN', alarms: [ERRORS, LATENCY], DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 }, TerminationWaitInSeconds: 600 }, ...ROLLBACK } },
    { name: 'Canary 25%', strategy: 'BLUE_GREEN', alarms: [ERRORS, LATENCY], DeploymentConfig: CANARY },
    { name: 'Rolling, 1 at a time', strategy: 'ROLLING', alarms: [ERRORS, LATENCY], DeploymentConfig: { RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 300 }, ...ROLLBACK } }
  ]
}

export function runDeployBench(): void {
  const load = loadavg().map((x) => x.toFixed(1)).join(' ')
  const handlers = createDeployHandlers()
  const request = {
    seed: 1,
    endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 4 },
    traffic: { requestsPerSecond: 50 },
    newVersion: { errorRate: 0.05 },
    strategy: 'BLUE_GREEN',
    DeploymentConfig: CANARY,
    alarms: [ERRORS, LATENCY],
    horizonSeconds: 3600
  }
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  handlers['deploy.simulate'](request)
  report('deploy.simulate, one hour (first call, cold JIT)', `${(performance.now() - t0).toFixed(1)} ms`, 'goal ≤ 5 ms', `CPU ${cpuMs(c0).toFixed(1)} ms; load average ${load}`)
  for (let i = 0; i < 5; i++) handlers['deploy.simulate'](request)
  const walls: number[] = []
  const cpus: number[] = []
  for (let i = 0; i < 41; i++) {
    const c = process.cpuUsage()
    const t = performance.now()
    handlers['deploy.simulate']({ ...request, seed: i })
    walls.push(performance.now() - t)
    cpus.push(cpuMs(c))
  }
  report('deploy.simulate, one hour (median of 41 warm)', `${median(walls).toFixed(2)} ms`, 'goal ≤ 5 ms', `CPU ${median(cpus).toFixed(2)} ms; fastest ${Math.min(...walls).toFixed(2)} ms; 60 minutes, 2 alarms, canary rolled back`)

  const compare = COMPARE_BENCH_REQUEST
  // Warm the JIT on a few releases of each configuration, as a worker would on its first chunk.
  const warm = prepareCompare({ ...compare, releases: 200 })
  for (let c = 0; c < 4; c++) runReleases(warm, c, 0, 200)
  const m0 = process.cpuUsage()
  const w0 = performance.now()
  const prepared = prepareCompare(compare)
  const perConfig: { wall: number; cpu: number }[] = []
  const results = prepared.scenarios.map((_, c) => {
    const pc = process.cpuUsage()
    const pw = performance.now()
    const r = mergePartials(prepared, c, [runReleases(prepared, c, 0, prepared.releases)])
    perConfig.push({ wall: performance.now() - pw, cpu: cpuMs(pc) })
    return r
  })
  const answer = finishCompare(prepared, results)
  const wall = performance.now() - w0
  const cpu = cpuMs(m0)
  const releases = 4 * compare.releases
  report(
    'deploy.compare 4 × 10,000 releases, one thread',
    `${(wall / 1000).toFixed(2)} s`,
    'goal ≤ 1.5 s on two workers',
    `CPU ${(cpu / 1000).toFixed(2)} s = ${((1000 * cpu) / releases).toFixed(1)} µs a release; two workers ≈ ${(cpu / 2000).toFixed(2)} s of CPU each; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`
  )
  answer.configurations.forEach((c, i) => {
    report(`  ${c.name}`, `${((1000 * perConfig[i].cpu) / compare.releases).toFixed(1)} µs`, 'CPU a release', `wall ${(perConfig[i].wall / 1000).toFixed(2)} s; ${c.defectiveReleases} defective, caught ${((c.caughtShare ?? 0) * 100).toFixed(1)}%; mean affected ${Math.round(c.affectedRequests.mean ?? 0)}; median cost $${(c.costUSD.median ?? 0).toFixed(3)}`)
  })
  console.log('\n  Measured strategy table (study guide: risk, cost, recovery speed)')
  for (const row of answer.table.rows) {
    console.log(
      `  ${row.strategy.padEnd(12)} risk ${String(row.risk.level).padEnd(7)} (rule: ${row.risk.ruleOfThumb}; mean ${Math.round(row.risk.meanAffectedRequests)} affected)  cost ${String(row.cost.level).padEnd(7)} (rule: ${row.cost.ruleOfThumb}; ${row.cost.costRatio.toFixed(2)}×)  recovery ${row.recovery.level.padEnd(8)} (rule: ${row.recovery.ruleOfThumb}; median ${row.recovery.medianReactionSeconds ?? 'n/a'} s)`
    )
  }
  console.log('\n  Where the measurements disagree with the rule of thumb')
  for (const d of answer.table.disagreements) console.log(`  - ${d}`)
}
