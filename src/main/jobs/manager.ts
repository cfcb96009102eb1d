/**
 * The jobs a learner started: each one planned here (its request validated, its work cut into
 * chunks), its chunks run by the executor on every worker, its progress counted as they finish, and
 * its result merged here once all have. Jobs live in memory: they are minutes of work at most, and a
 * restart of the app ends them (the view starts them again).
 */
import { randomUUID } from 'node:crypto'
import { LabError, type ErrorBody } from '../../shared/errors'
import type { JobKind, JobResult, JobStart, JobState, JobStatus } from '../../shared/contract/jobs'
import { CANCELLED, type Executor } from './executor'
import { JOB_KINDS } from './kinds'

/** Jobs that may be queued or running at once; a learner compares a few configurations, not hundreds. */
export const MAX_ACTIVE_JOBS = 2
/** Finished jobs kept for `jobs.get` (their results included). */
const KEEP_FINISHED = 16

interface Job {
  id: string
  kind: JobKind
  request: unknown
  state: JobState
  done: number
  total: number
  unit: string
  parts: unknown[]
  remaining: number
  /** What the last finished chunk says is done (sequential kinds' labels). */
  message: string | null
  startedAt: number
  finishedAt: number | null
  error: ErrorBody | null
  result: JobResult | null
}

export class JobManager {
  private readonly jobs = new Map<string, Job>()

  constructor(
    private readonly executor: Executor,
    private readonly now: () => number = Date.now,
    private readonly onInternalError: (err: unknown) => void = (err) => console.error('[jobs]', err)
  ) {}

  start(req: JobStart): { jobId: string } {
    const active = [...this.jobs.values()].filter((j) => j.state === 'queued' || j.state === 'running').length
    if (active >= MAX_ACTIVE_JOBS) {
      throw new LabError('CONFLICT', `${active} jobs are already running; wait for one to finish or cancel it (at most ${MAX_ACTIVE_JOBS} at once).`, [{ path: 'kind', message: `at most ${MAX_ACTIVE_JOBS} jobs at once` }])
    }
    const impl = JOB_KINDS[req.kind]
    // The kind's own validation: a bad request fails here, naming the field, before any job exists.
    const plan = impl.plan(req.request as never)
    const job: Job = {
      id: randomUUID(),
      kind: req.kind,
      request: req.request,
      state: 'running',
      done: 0,
      total: plan.units.reduce((a, b) => a + b, 0),
      unit: plan.unit,
      parts: new Array(plan.chunks.length),
      remaining: plan.chunks.length,
      message: null,
      startedAt: this.now(),
      finishedAt: null,
      error: null,
      result: null
    }
    this.jobs.set(job.id, job)
    if (plan.chunks.length === 0) this.finish(job)
    const sequential = plan.sequential === true
    const send = (i: number): void => {
      this.executor.chunk(job.id, job.kind, job.request, plan.chunks[i], sequential).then(
        (part) => {
          if (job.state !== 'running') return
          job.parts[i] = part
          job.done += plan.units[i]
          job.message = plan.labels?.[i] ?? null
          if (--job.remaining === 0) this.finish(job)
          // A sequential kind's next chunk goes once this one is done: a cancel stops it here.
          else if (sequential) send(i + 1)
        },
        (err: unknown) => {
          if (job.state !== 'running') return
          if (err instanceof LabError && err.issues[0]?.message === CANCELLED) return
          this.fail(job, err)
        }
      )
    }
    if (sequential) {
      if (plan.chunks.length > 0) send(0)
    } else plan.chunks.forEach((_, i) => send(i))
    return { jobId: job.id }
  }

  private finish(job: Job): void {
    try {
      const value = JOB_KINDS[job.kind].merge(job.request as never, job.parts)
      job.result = { kind: job.kind, value } as JobResult
      job.state = 'succeeded'
    } catch (err) {
      this.fail(job, err)
      return
    }
    this.end(job)
  }

  private fail(job: Job, err: unknown): void {
    if (err instanceof LabError) job.error = err.toBody()
    else {
      this.onInternalError(err)
      job.error = { code: 'INTERNAL', message: 'The job failed inside the app (a bug); it was logged.', issues: [] }
    }
    job.state = 'failed'
    this.end(job)
  }

  private end(job: Job): void {
    job.finishedAt = this.now()
    job.parts = []
    // A finished job is kept for jobs.get without its request (a drift report's is two CSV files).
    job.request = null
    this.executor.forget(job.id)
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== null)
    for (const old of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(old.id)
  }

  private find(jobId: string): Job {
    const job = this.jobs.get(jobId)
    if (!job) throw new LabError('NOT_FOUND', `No job "${jobId}" (jobs are kept until the app restarts, the last ${KEEP_FINISHED} finished ones).`, [{ path: 'jobId', message: 'no such job' }])
    return job
  }

  get(jobId: string): JobStatus {
    const job = this.find(jobId)
    const verb = job.state === 'running' ? 'Running' : job.state === 'succeeded' ? 'Done' : job.state === 'cancelled' ? 'Cancelled' : job.state === 'failed' ? 'Failed' : 'Waiting'
    return {
      jobId: job.id,
      kind: job.kind,
      state: job.state,
      progress: { done: job.done, total: job.total, message: `${verb}: ${job.message ?? `${job.done.toLocaleString('en-US')} of ${job.total.toLocaleString('en-US')} ${job.unit}`}` },
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      workers: this.executor.workers,
      error: job.error,
      result: job.result
    }
  }

  /** Stops a job between two chunks; a finished job is left as it is. */
  cancel(jobId: string): { state: JobState } {
    const job = this.find(jobId)
    if (job.state === 'running' || job.state === 'queued') {
      job.state = 'cancelled'
      this.end(job)
    }
    return { state: job.state }
  }
}
