/**
 * Calls into a worker thread: one request, one answer, matched by id. Errors cross as the contract's
 * error body, so a LabError thrown in the worker is the same LabError here (same code, message and
 * issues); anything else arrives as INTERNAL with its message, for the host's log.
 *
 * A worker that dies (an out-of-memory abort, a crash) fails the calls in flight with a clear
 * message, and the next call starts a new one.
 */
import { Worker } from 'node:worker_threads'
import { LabError, type ErrorBody } from '../../shared/errors'

export interface WireError extends ErrorBody {
  /** Not a LabError: a bug, with its stack for the host's log. */
  internal?: string
}

export type WireReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError }

export function toWire(err: unknown): WireError {
  if (err instanceof LabError) return err.toBody()
  const e = err instanceof Error ? err : new Error(String(err))
  return { code: 'INTERNAL', message: e.message, issues: [], internal: e.stack ?? e.message }
}

export function fromWire(w: WireError): Error {
  if (w.internal !== undefined) {
    const e = new Error(w.message)
    e.stack = w.internal
    return e
  }
  return new LabError(w.code, w.message, w.issues)
}

export interface ThreadOptions {
  file: string
  workerData: unknown
  /** V8 heap limit of the worker, MiB. */
  maxHeapMb?: number
  /** What the thread is, for messages ("the simulation worker"). */
  label: string
}

export class ThreadRpc {
  private worker: Worker | null = null
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  private closed = false

  constructor(private readonly options: ThreadOptions) {}

  private start(): Worker {
    const w = new Worker(this.options.file, {
      workerData: this.options.workerData,
      ...(this.options.maxHeapMb ? { resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb } } : {})
    })
    w.on('message', (reply: WireReply) => {
      const p = this.pending.get(reply.id)
      if (!p) return
      this.pending.delete(reply.id)
      if (reply.ok) p.resolve(reply.value)
      else p.reject(fromWire(reply.error))
    })
    const fail = (why: string): void => {
      if (this.worker === w) this.worker = null
      const err = new LabError('INTERNAL', `${this.options.label} stopped (${why}); try again: a new one starts with the next request.`)
      for (const p of this.pending.values()) p.reject(err)
      this.pending.clear()
    }
    w.on('error', (err) => fail(err.message))
    w.on('exit', (code) => fail(`exit code ${code}`))
    this.worker = w
    return w
  }

  /** Sends one message and waits for its answer. `transfer` moves buffers instead of copying them. */
  call(message: Record<string, unknown>): Promise<unknown> {
    if (this.closed) return Promise.reject(new LabError('INTERNAL', `${this.options.label} is shut down`))
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.postMessage({ ...message, id })
    })
  }

  /** Sends a message that has no answer. */
  post(message: Record<string, unknown>): void {
    this.worker?.postMessage(message)
  }

  get busy(): number {
    return this.pending.size
  }

  async close(): Promise<void> {
    this.closed = true
    const w = this.worker
    this.worker = null
    if (w) await w.terminate()
  }
}
