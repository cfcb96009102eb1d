/**
 * What each job kind does, in three parts: `plan` (in the host: validates the request — its errors
 * name the field like any request's — and cuts the work into chunks), `run` (in a pool worker: one
 * chunk, from the kind's per-job context made once per worker by `setup`), and `merge` (in the host:
 * the result from every chunk's part, in chunk order). A chunk takes tens of milliseconds, so
 * progress moves often and a cancel takes effect at once.
 */
import type { JobKind, JobRequestOf, JobValueOf } from '../../shared/contract/jobs'
import { finishLoadTestJob, prepareLoadTestJob, runConfiguration, type LoadTestJobRequest, type LoadTestJobResult, type PreparedLoadTestJob } from '../sandbox/cost/recommender-job'
import { DriftReportRun, driftReportWarmupRequest, finishDriftReport, planDriftReport, type DriftReportChunk, type DriftReportJobRequest } from '../sandbox/monitor/report-job'
import type { DriftReport } from '../sandbox/monitor/report'
import { finishCompare, mergePartials, prepareCompare, runReleases, type CompareRequest, type PartialAggregate, type PreparedCompare } from '../sandbox/deploy/compare'

export interface JobPlan {
  chunks: unknown[]
  /** Progress units of each chunk, and what a unit is ("releases"). */
  units: number[]
  unit: string
  /**
   * Chunks that continue one another's work (a pass over a file): run one at a time, in order, on
   * the same worker, so the kind's context carries the work from chunk to chunk.
   */
  sequential?: boolean
  /** What is done once each chunk has finished, for the progress message (sequential kinds). */
  labels?: string[]
}

export interface JobKindImpl<K extends JobKind, Ctx, Part> {
  plan(request: JobRequestOf<K>): JobPlan
  setup(request: JobRequestOf<K>): Ctx
  run(ctx: Ctx, chunk: unknown): Part
  merge(request: JobRequestOf<K>, parts: Part[]): JobValueOf<K>
  /**
   * A small job of this kind each pool worker runs once when it starts, on the chunk lane (a
   * learner's request still goes first), so the first real job does not wait for the worker's JIT:
   * a fresh worker ran its first deploy.compare chunks several times slower than a warm one, and
   * read its first monitor.driftReport's CSV files slower too.
   */
  warmup?: { request: JobRequestOf<K>; chunks: unknown[] }
}

/** Releases per chunk of deploy.compare: about 15–20 ms of work on this machine. */
const RELEASES_PER_CHUNK = 250

interface CompareChunk {
  configuration: number
  from: number
  to: number
}

const WARMUP_ALARM = { AlarmName: 'new-5xx', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Average', Period: 60, EvaluationPeriods: 1, Threshold: 0.02, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }

const deployCompare: JobKindImpl<'deploy.compare', PreparedCompare, PartialAggregate> = {
  plan(request) {
    const prepared = prepareCompare(request as CompareRequest)
    const chunks: CompareChunk[] = []
    for (let c = 0; c < prepared.scenarios.length; c++) {
      for (let from = 0; from < prepared.releases; from += RELEASES_PER_CHUNK) chunks.push({ configuration: c, from, to: Math.min(prepared.releases, from + RELEASES_PER_CHUNK) })
    }
    return { chunks, units: chunks.map((k) => k.to - k.from), unit: 'releases' }
  },
  setup: (request) => prepareCompare(request as CompareRequest),
  run(prepared, chunk) {
    const { configuration, from, to } = chunk as CompareChunk
    return runReleases(prepared, configuration, from, to)
  },
  merge(request, parts) {
    const prepared = prepareCompare(request as CompareRequest)
    const configurations = prepared.scenarios.map((_, c) => mergePartials(prepared, c, parts))
    return finishCompare(prepared, configurations) as JobValueOf<'deploy.compare'>
  },
  // Every strategy's code path once, with defective releases caught and missed: 4 × 250 releases (one chunk each).
  warmup: {
    request: {
      seed: 1,
      releases: 250,
      endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 4 },
      traffic: { requestsPerSecond: 40 },
      defects: { probability: 0.5, errorRate: { min: 0.01, max: 0.5 }, latencyMultiplier: { min: 1, max: 3 } },
      configurations: [
        { name: 'in place', strategy: 'IN_PLACE' },
        { name: 'all at once', strategy: 'BLUE_GREEN', alarms: [WARMUP_ALARM], DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 300 } }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-5xx' }] } } },
        { name: 'canary', strategy: 'BLUE_GREEN', alarms: [WARMUP_ALARM], DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 300 } }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-5xx' }] } } },
        { name: 'rolling', strategy: 'ROLLING', alarms: [WARMUP_ALARM], DeploymentConfig: { RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 300 }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-5xx' }] } } }
      ]
    } as JobRequestOf<'deploy.compare'>,
    chunks: [0, 1, 2, 3].map((configuration): CompareChunk => ({ configuration, from: 0, to: 250 }))
  }
}

/** cost.loadTest: one chunk per endpoint configuration, a whole load test of 10–30 ms. */
const costLoadTest: JobKindImpl<'cost.loadTest', PreparedLoadTestJob, LoadTestJobResult> = {
  plan(request) {
    const prepared = prepareLoadTestJob(request as LoadTestJobRequest)
    const chunks = prepared.request.EndpointConfigurations.map((_, i) => i)
    return { chunks, units: chunks.map(() => 1), unit: 'endpoint configurations' }
  },
  setup: (request) => prepareLoadTestJob(request as LoadTestJobRequest),
  run: (prepared, chunk) => runConfiguration(prepared, chunk as number),
  merge: (_request, parts) => finishLoadTestJob(parts) as JobValueOf<'cost.loadTest'>
}

/**
 * monitor.driftReport: one pass over two CSV texts, so its chunks are sequential (50,000 rows read,
 * then one feature compared, each tens of milliseconds); the last chunk's part is the report.
 */
let driftReportWarmup: { request: JobRequestOf<'monitor.driftReport'>; chunks: unknown[] } | undefined

const monitorDriftReport: JobKindImpl<'monitor.driftReport', DriftReportRun, DriftReport | null> = {
  plan(request) {
    const plan = planDriftReport(request as DriftReportJobRequest)
    return { chunks: plan.chunks, units: plan.units, unit: 'rows read (a feature compared counts as many)', sequential: true, labels: plan.labels }
  },
  setup: (request) => new DriftReportRun(request as DriftReportJobRequest),
  run: (ctx, chunk) => ctx.advance(chunk as DriftReportChunk),
  merge: (request, parts) => finishDriftReport(request as DriftReportJobRequest, parts[parts.length - 1]!) as JobValueOf<'monitor.driftReport'>,
  // A whole small report in one chunk (its last, which runs the report to its end): a fresh worker's
  // first 1,000,000-row report otherwise took about twice as long as its second. Made when a worker
  // asks for it, not when the host loads this module.
  get warmup() {
    return (driftReportWarmup ??= { request: driftReportWarmupRequest() as JobRequestOf<'monitor.driftReport'>, chunks: [{ stage: 3 } as DriftReportChunk] })
  }
}

export const JOB_KINDS: { [K in JobKind]: JobKindImpl<K, unknown, unknown> } = {
  'deploy.compare': deployCompare as JobKindImpl<'deploy.compare', unknown, unknown>,
  'cost.loadTest': costLoadTest as JobKindImpl<'cost.loadTest', unknown, unknown>,
  'monitor.driftReport': monitorDriftReport as JobKindImpl<'monitor.driftReport', unknown, unknown>
}

/**
 * Runs every kind's warm-up job in this thread and throws its results away; returns how many chunks
 * ran. A pool worker does this once, when the pool asks, before its first real chunk.
 */
export function warmUp(): number {
  let ran = 0
  for (const kind of Object.values(JOB_KINDS)) {
    if (!kind.warmup) continue
    const ctx = kind.setup(kind.warmup.request as never)
    for (const chunk of kind.warmup.chunks) {
      kind.run(ctx, chunk)
      ran++
    }
  }
  return ran
}
