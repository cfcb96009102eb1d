/**
 * The job manager's sequential kinds (monitor.driftReport): one chunk in flight at a time, in plan
 * order, each marked sequential for the pool (which then keeps them on one worker); the progress
 * message is the last finished chunk's label; a cancel sends no further chunk. A parallel kind
 * (deploy.compare) still has all its chunks in flight at once, not marked sequential.
 */
import { describe, expect, it } from 'vitest'
import type { Executor } from '../../../src/main/jobs/executor'
import { JobManager } from '../../../src/main/jobs/manager'

class RecordingExecutor implements Executor {
  readonly workers = 2
  readonly calls: { chunk: unknown; sequential: boolean | undefined }[] = []
  inFlight = 0
  maxInFlight = 0
  private pending: (() => void)[] = []

  task(): Promise<unknown> {
    throw new Error('not used')
  }
  dispatch(): Promise<unknown> {
    throw new Error('not used')
  }
  parseJson(): Promise<never> {
    throw new Error('not used')
  }
  chunk(_jobId: string, _kind: string, _request: unknown, chunk: unknown, sequential?: boolean): Promise<unknown> {
    this.calls.push({ chunk, sequential })
    this.inFlight++
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight)
    return new Promise((resolve) => {
      this.pending.push(() => {
        this.inFlight--
        resolve(null)
      })
    })
  }
  /** Finishes the chunks in flight, then lets the manager's callbacks run. */
  async release(): Promise<void> {
    const now = this.pending
    this.pending = []
    now.forEach((f) => f())
    await new Promise((r) => setImmediate(r))
  }
  forget(): void {}
  async close(): Promise<void> {}
}

const file = (rows: number) => ({ name: 'f.csv', text: 'a\n' + '1\n'.repeat(rows) })

describe('sequential job kinds', () => {
  it('send one chunk at a time, in order, marked sequential, and a cancel sends no more', async () => {
    const ex = new RecordingExecutor()
    const jobs = new JobManager(ex)
    // 120,000 + 10 rows: 3 + 1 row chunks, then 1 feature in 3 steps.
    const { jobId } = jobs.start({ kind: 'monitor.driftReport', request: { baseline: file(120_000), current: file(10) } })
    expect(ex.calls).toEqual([{ chunk: { stage: 0, rows: 50_000 }, sequential: true }])
    await ex.release()
    expect(ex.calls.map((c) => c.chunk)).toEqual([
      { stage: 0, rows: 50_000 },
      { stage: 0, rows: 100_000 }
    ])
    expect(jobs.get(jobId).progress.message).toBe('Running: f.csv: 50,000 of about 120,000 rows read')
    await ex.release()
    expect(jobs.cancel(jobId)).toEqual({ state: 'cancelled' })
    await ex.release()
    expect(ex.calls).toHaveLength(3)
    expect(ex.maxInFlight).toBe(1)
    expect(jobs.get(jobId).progress.message).toBe('Cancelled: f.csv: 100,000 of about 120,000 rows read')
  })

  it('a parallel kind still sends every chunk at once', () => {
    const ex = new RecordingExecutor()
    const jobs = new JobManager(ex)
    const alarm = { AlarmName: 'e', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' }
    // 600 releases: chunks of 250, 250 and 100.
    jobs.start({
      kind: 'deploy.compare',
      request: { seed: 1, releases: 600, endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2 }, traffic: { requestsPerSecond: 10 }, defects: { probability: 0.3, errorRate: { min: 0.02, max: 0.3 } }, configurations: [{ name: 'in place', strategy: 'IN_PLACE', alarms: [alarm] }] } as never
    })
    expect(ex.calls).toHaveLength(3)
    expect(ex.calls.every((c) => c.sequential === false)).toBe(true)
    expect(ex.maxInFlight).toBe(3)
  })
})
