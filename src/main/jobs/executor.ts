/**
 * Where stateless requests and job chunks run: a pool of worker threads, one per core (the hosts),
 * or this thread (tests). Work waits in two lanes: a learner's request goes before the chunks of a
 * running job, so a Monte Carlo in the background never holds up a click; chunks are short, so the
 * wait is one chunk at most. Each worker takes one item at a time, which is also what lets a cancel
 * drop a job's waiting chunks at once.
 */
import { availableParallelism } from 'node:os'
import { LabError } from '../../shared/errors'
import type { JobKind } from '../../shared/contract/jobs'
import { dispatch, dispatchBody, parseBody, type Handlers, type ParsedBody } from '../api/dispatch'
import { statelessHandlers, type StatelessChannel } from '../api/stateless'
import { ThreadRpc } from '../session/rpc'
import { JOB_KINDS } from './kinds'

export interface Executor {
  readonly workers: number
  /** A stateless channel's handler. */
  task(channel: StatelessChannel, request: unknown): Promise<unknown>
  /** A stateless channel's whole dispatch from its body text ({ status, text }) or its request (an Envelope). */
  dispatch(channel: StatelessChannel, payload: { body: string } | { request: unknown }): Promise<unknown>
  /**
   * A request body's bytes decoded (UTF-8) and parsed as JSON off this thread: a drift report's two
   * CSV files are a 100 MiB body whose JSON.parse alone would hold the host for most of a second.
   */
  parseJson(bytes: Uint8Array): Promise<ParsedBody>
  /**
   * One chunk of a job. A `sequential` job's chunks all run on the worker that took its first one,
   * where its context lives.
   */
  chunk(jobId: string, kind: JobKind, request: unknown, chunk: unknown, sequential?: boolean): Promise<unknown>
  /** Drops a job's waiting chunks (they reject as cancelled) and the workers' context for it. */
  forget(jobId: string): void
  close(): Promise<void>
}

interface Item {
  message: Record<string, unknown>
  jobId: string | null
  resolve: (v: unknown) => void
  reject: (e: Error) => void
}

export const CANCELLED = 'cancelled'

/** A `dispatch` item, in whichever thread runs it: the body's whole handling, or the request's. */
export function dispatchMessage(handlers: ReturnType<typeof statelessHandlers>, m: Record<string, unknown>): Promise<unknown> {
  const all = handlers as unknown as Handlers
  const channel = m.channel as string
  const options = { onInternalError: (c: string, err: unknown) => console.error(`[${c}]`, err) }
  return typeof m.body === 'string' ? dispatchBody(all, channel, m.body, options) : dispatch(all, channel, m.request, options)
}

function cancelled(): LabError {
  return new LabError('CONFLICT', 'The job was cancelled.', [{ path: 'jobId', message: CANCELLED }])
}

/** Two lanes, requests first; shared by both executors. */
class Lanes {
  readonly requests: Item[] = []
  readonly chunks: Item[] = []

  /** The next item this worker may take: a request, else the first chunk `accepts` allows. */
  next(accepts: (item: Item) => boolean = () => true): Item | undefined {
    const request = this.requests.shift()
    if (request) return request
    const i = this.chunks.findIndex(accepts)
    return i < 0 ? undefined : this.chunks.splice(i, 1)[0]
  }

  drop(jobId: string): void {
    for (let i = this.chunks.length - 1; i >= 0; i--) {
      if (this.chunks[i].jobId === jobId) {
        this.chunks[i].reject(cancelled())
        this.chunks.splice(i, 1)
      }
    }
  }
}

/** One worker thread per core, each running src/main/worker.ts with role "pool". */
export class ThreadPool implements Executor {
  readonly workers: number
  /** Per worker, the jobs whose request it has (a chunk carries the request only the first time: a drift report's is two CSV files). */
  private readonly threads: { rpc: ThreadRpc; busy: boolean; jobs: Set<string> }[]
  private readonly lanes = new Lanes()
  /** Sequential jobs: the worker holding each one's context. */
  private readonly pins = new Map<string, number>()
  private readonly sequentialJobs = new Set<string>()
  private closing = false
  private readonly warm: Promise<void>

  constructor(file: string, size = Math.max(1, availableParallelism())) {
    this.workers = size
    this.threads = Array.from({ length: size }, (_, i) => ({ rpc: new ThreadRpc({ file, workerData: { role: 'pool' }, label: `Compute worker ${i + 1}`, maxHeapMb: 2048 }), busy: false, jobs: new Set<string>() }))
    // Each worker runs the job kinds' small warm-up jobs once (jobs/kinds.ts warmUp), pinned to it
    // and on the chunk lane: a request that arrives meanwhile still goes first. Measured on this
    // machine: a fresh host's first deploy.compare showed progress 0.98 s after the click without it.
    this.warm = Promise.all(this.threads.map((_, i) => {
      const id = `warmup:${i}`
      this.pins.set(id, i)
      return this.enqueue(this.lanes.chunks, { type: 'warmup' }, id)
        .catch((err: Error) => {
          if (!this.closing) console.error(`[Compute worker ${i + 1}] warm-up failed:`, err.message)
        })
        .finally(() => {
          this.pins.delete(id)
          this.threads[i].jobs.delete(id)
        })
    })).then(() => undefined)
  }

  /** Settles when every worker has started and run its warm-up (failed or not). */
  ready(): Promise<void> {
    return this.warm
  }

  private enqueue(lane: Item[], message: Record<string, unknown>, jobId: string | null): Promise<unknown> {
    return new Promise((resolve, reject) => {
      lane.push({ message, jobId, resolve, reject })
      this.pump()
    })
  }

  private pump(): void {
    this.threads.forEach((t, index) => {
      if (t.busy) return
      const item = this.lanes.next((it) => it.jobId === null || !this.pins.has(it.jobId) || this.pins.get(it.jobId) === index)
      if (!item) return
      if (item.jobId !== null) {
        if (this.sequentialJobs.has(item.jobId)) this.pins.set(item.jobId, index)
        if (t.jobs.has(item.jobId)) item.message = { ...item.message, request: undefined }
        else t.jobs.add(item.jobId)
      }
      t.busy = true
      const failed = (err: Error): void => {
        // A worker that stopped starts afresh without the requests it had: send them again. (An
        // INTERNAL error from a live worker only costs a request sent again, which it ignores.)
        if (err instanceof LabError && err.code === 'INTERNAL') t.jobs.clear()
        item.reject(err)
      }
      t.rpc.call(item.message).then(item.resolve, failed).finally(() => {
        t.busy = false
        this.pump()
      })
    })
  }

  task(channel: StatelessChannel, request: unknown): Promise<unknown> {
    return this.enqueue(this.lanes.requests, { type: 'task', channel, request }, null)
  }

  dispatch(channel: StatelessChannel, payload: { body: string } | { request: unknown }): Promise<unknown> {
    return this.enqueue(this.lanes.requests, { type: 'dispatch', channel, ...payload }, null)
  }

  parseJson(bytes: Uint8Array): Promise<ParsedBody> {
    return this.enqueue(this.lanes.requests, { type: 'parse', bytes }, null) as Promise<ParsedBody>
  }

  chunk(jobId: string, kind: JobKind, request: unknown, chunk: unknown, sequential = false): Promise<unknown> {
    if (sequential) this.sequentialJobs.add(jobId)
    return this.enqueue(this.lanes.chunks, { type: 'chunk', jobId, kind, request, chunk }, jobId)
  }

  forget(jobId: string): void {
    this.lanes.drop(jobId)
    this.pins.delete(jobId)
    this.sequentialJobs.delete(jobId)
    for (const t of this.threads) {
      t.jobs.delete(jobId)
      t.rpc.post({ type: 'forget', jobId })
    }
  }

  async close(): Promise<void> {
    this.closing = true
    await Promise.all(this.threads.map((t) => t.rpc.close()))
  }
}

/** This thread, one item at a time between turns of the event loop: for tests and small work. */
export class InlineExecutor implements Executor {
  readonly workers = 1
  private readonly lanes = new Lanes()
  private readonly handlers = statelessHandlers()
  private readonly contexts = new Map<string, unknown>()
  private running = false

  private enqueue(lane: Item[], message: Record<string, unknown>, jobId: string | null): Promise<unknown> {
    return new Promise((resolve, reject) => {
      lane.push({ message, jobId, resolve, reject })
      this.pump()
    })
  }

  private pump(): void {
    if (this.running) return
    const item = this.lanes.next()
    if (!item) return
    this.running = true
    setImmediate(() => {
      try {
        item.resolve(this.execute(item.message))
      } catch (err) {
        item.reject(err instanceof Error ? err : new Error(String(err)))
      }
      this.running = false
      this.pump()
    })
  }

  private execute(m: Record<string, unknown>): unknown {
    if (m.type === 'task') return (this.handlers[m.channel as StatelessChannel] as (r: unknown) => unknown)(m.request)
    if (m.type === 'dispatch') return dispatchMessage(this.handlers, m)
    if (m.type === 'parse') return parseBody(m.bytes as Uint8Array)
    const kind = JOB_KINDS[m.kind as JobKind]
    const jobId = m.jobId as string
    if (!this.contexts.has(jobId)) this.contexts.set(jobId, kind.setup(m.request as never))
    return kind.run(this.contexts.get(jobId), m.chunk)
  }

  task(channel: StatelessChannel, request: unknown): Promise<unknown> {
    return this.enqueue(this.lanes.requests, { type: 'task', channel, request }, null)
  }

  dispatch(channel: StatelessChannel, payload: { body: string } | { request: unknown }): Promise<unknown> {
    return this.enqueue(this.lanes.requests, { type: 'dispatch', channel, ...payload }, null)
  }

  parseJson(bytes: Uint8Array): Promise<ParsedBody> {
    return this.enqueue(this.lanes.requests, { type: 'parse', bytes }, null) as Promise<ParsedBody>
  }

  chunk(jobId: string, kind: JobKind, request: unknown, chunk: unknown): Promise<unknown> {
    return this.enqueue(this.lanes.chunks, { type: 'chunk', jobId, kind, request, chunk }, jobId)
  }

  forget(jobId: string): void {
    this.lanes.drop(jobId)
    this.contexts.delete(jobId)
  }

  async close(): Promise<void> {
    this.contexts.clear()
  }
}
