/**
 * Jobs over both transports (in process: the inline executor): a deploy.compare job starts at once,
 * reports progress in releases, and ends with the result `compareDeployments` gives for the same
 * request (the chunks merge to the one-pass answer: release i depends only on the seed and i); bad
 * requests fail at jobs.start naming the field; a cancel stops it; too many at once is a CONFLICT.
 * The worker-thread pool is tested against the built hosts in threads.test.ts.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createAppContext } from '../../src/main/api/app-context'
import type { JobStatus } from '../../src/shared/contract/jobs'
import { compareDeployments } from '../../src/main/sandbox/deploy'
import { runLoadTestJob } from '../../src/main/sandbox/cost/recommender-job'
import { channelHarness } from '../helpers/channels'
import { httpTransport } from '../helpers/transports'

const alarm = { AlarmName: 'new-fleet-5xx', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }
const canaryConfig = {
  BlueGreenUpdatePolicy: {
    TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 30 }, WaitIntervalInSeconds: 600 },
    TerminationWaitInSeconds: 600,
    MaximumExecutionTimeoutInSeconds: 1800
  },
  AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-fleet-5xx' }] }
}

/** 600 releases per configuration: three chunks of 250, 250 and 100 each. */
const request = {
  seed: 3,
  releases: 600,
  endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 4 },
  traffic: { requestsPerSecond: 40 },
  defects: { probability: 0.4, errorRate: { min: 0.05, max: 0.3, distribution: 'logUniform' } },
  configurations: [
    { name: 'in place', strategy: 'IN_PLACE', alarms: [alarm] },
    { name: 'canary', strategy: 'BLUE_GREEN', alarms: [alarm], DeploymentConfig: canaryConfig }
  ]
}

describe.each(['ipc', 'http'] as const)('jobs over %s', (kind) => {
  const h = channelHarness(kind, 'jobs-')
  const { open, ok } = h

  async function until(jobId: string, done: (s: JobStatus) => boolean): Promise<JobStatus[]> {
    const seen: JobStatus[] = []
    for (;;) {
      const s = await ok<JobStatus>('jobs.get', { jobId })
      seen.push(s)
      if (done(s)) return seen
      await new Promise((r) => setTimeout(r, 5))
    }
  }

  it('runs deploy.compare with progress in releases and ends with the one-pass answer', async () => {
    await open()
    const { jobId } = await ok<{ jobId: string }>('jobs.start', { kind: 'deploy.compare', request })
    const seen = await until(jobId, (s) => s.state !== 'running')
    const last = seen[seen.length - 1]
    expect(last.state).toBe('succeeded')
    expect(last.progress).toEqual({ done: 1200, total: 1200, message: 'Done: 1,200 of 1,200 releases' })
    // Progress never goes back, and it was seen part-way at least once.
    const dones = seen.map((s) => s.progress.done)
    expect(dones).toEqual([...dones].sort((a, b) => a - b))
    expect(dones.some((d) => d > 0 && d < 1200)).toBe(true)
    expect(last.result?.kind).toBe('deploy.compare')
    expect(JSON.parse(JSON.stringify(last.result?.value))).toEqual(JSON.parse(JSON.stringify(compareDeployments(request as never))))
    expect(last.finishedAt).toBeGreaterThanOrEqual(last.startedAt)
  })

  it('runs cost.loadTest with progress in endpoint configurations and ends with the one-pass answer', async () => {
    await open()
    const lt = {
      seed: 5,
      model: { cpuMsPerRequest: 10, memoryGiB: 1, payloadKiB: 2 },
      EndpointConfigurations: [{ InstanceType: 'ml.m5.large' }, { InstanceType: 'ml.c5.xlarge' }, { ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }],
      StoppingConditions: { ModelLatencyThresholds: [{ Percentile: 'P99', ValueInMilliseconds: 40 }] }
    }
    const { jobId } = await ok<{ jobId: string }>('jobs.start', { kind: 'cost.loadTest', request: lt })
    const seen = await until(jobId, (s) => s.state !== 'running')
    const last = seen[seen.length - 1]
    expect(last.state).toBe('succeeded')
    expect(last.progress.done).toBe(3)
    expect(last.progress.total).toBe(3)
    expect(last.result?.kind).toBe('cost.loadTest')
    expect(JSON.parse(JSON.stringify(last.result?.value))).toEqual(JSON.parse(JSON.stringify(runLoadTestJob(lt as never))))
    const bad = await h.call('jobs.start', { kind: 'cost.loadTest', request: { ...lt, EndpointConfigurations: [{ InstanceType: 'ml.nope' }] } })
    expect(!bad.ok && [bad.error.code, bad.error.issues[0].path]).toEqual(['VALIDATION', 'EndpointConfigurations[0].InstanceType'])
  })

  it('a bad request fails at jobs.start naming the field, before any job exists', async () => {
    await open()
    const r = await h.call('jobs.start', { kind: 'deploy.compare', request: { ...request, releases: 20_000 } })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION')
      expect(r.error.issues[0].path).toBe('releases')
      if (kind === 'http') expect(r.status).toBe(400)
    }
    const unknown = await h.call('jobs.get', { jobId: 'no-such-job' })
    expect(!unknown.ok && unknown.error.code).toBe('NOT_FOUND')
  })

  it('a cancelled job stops where it was and keeps no result; a third job at once is refused', async () => {
    await open()
    const big = { ...request, releases: 5000 }
    const a = await ok<{ jobId: string }>('jobs.start', { kind: 'deploy.compare', request: big })
    const b = await ok<{ jobId: string }>('jobs.start', { kind: 'deploy.compare', request: big })
    const third = await h.call('jobs.start', { kind: 'deploy.compare', request: big })
    expect(!third.ok && [third.error.code, third.error.message]).toEqual(['CONFLICT', '2 jobs are already running; wait for one to finish or cancel it (at most 2 at once).'])
    expect(await ok('jobs.cancel', { jobId: a.jobId })).toEqual({ state: 'cancelled' })
    expect(await ok('jobs.cancel', { jobId: b.jobId })).toEqual({ state: 'cancelled' })
    const status = await ok<JobStatus>('jobs.get', { jobId: a.jobId })
    expect(status.state).toBe('cancelled')
    expect(status.result).toBeNull()
    expect(status.progress.done).toBeLessThan(10_000)
    // Cancelling a finished job leaves it as it was.
    expect(await ok('jobs.cancel', { jobId: a.jobId })).toEqual({ state: 'cancelled' })
  })
})

describe('cloudwatch.evaluateAlarm answers are bounded', () => {
  it('"transitions" lists only the periods whose state changed; "all" is refused past a week of minutes with 413', async () => {
    const ctx = createAppContext({ host: 'browser', platform: 'test', dataDir: mkdtempSync(join(tmpdir(), 'eval-')) })
    const t = await httpTransport(ctx.handlers)
    try {
      // 1 of 1 over 1: 0 0 5 5 0 → OK OK ALARM ALARM OK; from INSUFFICIENT_DATA the changes are at 0, 2 and 4.
      const alarm = { Period: 60, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold' }
      const r = await t.call('cloudwatch.evaluateAlarm', { alarm, datapoints: [0, 0, 5, 5, 0], reasons: 'transitions' })
      if (!r.ok) throw new Error(r.error.message)
      const data = r.data as { evaluations: { index: number; state: string }[]; periods: number; finalState: string }
      expect(data.evaluations.map((e) => [e.index, e.state])).toEqual([[0, 'OK'], [2, 'ALARM'], [4, 'OK']])
      expect(data.periods).toBe(5)
      expect(data.finalState).toBe('OK')
      const big = await t.call('cloudwatch.evaluateAlarm', { alarm, datapoints: new Array(10_081).fill(0) })
      expect(!big.ok && [big.status, big.error.code, big.error.issues[0].path]).toEqual([413, 'PAYLOAD_TOO_LARGE', 'reasons'])
    } finally {
      await t.close()
      ctx.close()
    }
  })
})

describe('one action simulates a bounded amount', () => {
  it('an AdvanceClock past 300,000 variant-minutes is refused with 413 naming Minutes and how far one step may go; the world is unchanged', async () => {
    const ctx = createAppContext({ host: 'browser', platform: 'test', dataDir: mkdtempSync(join(tmpdir(), 'budget-')) })
    const t = await httpTransport(ctx.handlers)
    try {
      const w = await t.call('sandbox.createWorld', { name: 'big', seed: 'big' })
      if (!w.ok) throw new Error(w.error.message)
      const worldId = (w.data as { id: string }).id
      for (const [i, type] of ['ml.m5.xlarge', 'ml.c5.xlarge', 'ml.m5.large', 'ml.c5.2xlarge', 'ml.m5.2xlarge'].entries()) {
        const r = await t.call('sandbox.act', {
          worldId,
          action: { type: 'CreateEndpoint', EndpointName: `ep-${i}`, ProductionVariants: ['a', 'b'].map((v) => ({ VariantName: v, InstanceType: type, InitialInstanceCount: 1, ModelPreset: 'xgboost-tabular' })), Traffic: { pattern: 'steady', baseRpm: 100 } }
        })
        if (!r.ok) throw new Error(r.error.message)
      }
      // 10 variants: at most 30,000 minutes (20.8 days) in one step.
      const refused = await t.call('sandbox.act', { worldId, action: { type: 'AdvanceClock', Minutes: 31 * 1440 } })
      expect(!refused.ok && [refused.status, refused.error.code, refused.error.issues]).toEqual([413, 'PAYLOAD_TOO_LARGE', [{ path: 'action.Minutes', message: 'at most 30000 with 10 live variants' }]])
      const world = await t.call('sandbox.getWorld', { worldId })
      expect(world.ok && (world.data as { now: number; startTime: number; actions: unknown[] }).actions.length).toBe(5)
    } finally {
      await t.close()
      ctx.close()
    }
  })
})
