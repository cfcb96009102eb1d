/**
 * The worker threads' entry point (built to out/main/worker.js beside the hosts). `workerData.role`
 * says which it is:
 *
 * - "session": the simulation session (session/session.ts): open sandbox worlds and the lab
 *   engine. One per host; calls arrive as `{ id, method, args }`.
 * - "pool": one of the compute workers (jobs/executor.ts): stateless channels (`{ id, type: "task",
 *   channel, request }`), the whole dispatch of a stateless request (`type: "dispatch"`, with its
 *   body text or its request) and job chunks (`{ id, type: "chunk", jobId, kind, request, chunk }`).
 *
 * Every answer is `{ id, ok, value }` or `{ id, ok: false, error }` (session/rpc.ts).
 */
import { join } from 'node:path'
import { parentPort, workerData } from 'node:worker_threads'
import type { JobKind } from '../shared/contract/jobs'
import { statelessHandlers, type StatelessChannel } from './api/stateless'
import { parseBody } from './api/dispatch'
import { dispatchMessage } from './jobs/executor'
import { JOB_KINDS, warmUp } from './jobs/kinds'
import { loadLabs, readExamItemIds } from './labs/loader'
import { Session, type SessionMethod } from './session/session'
import { toWire } from './session/rpc'
import { warmUpPieces } from './sandbox/world/warmup'

const port = parentPort
if (!port) throw new Error('worker.ts runs as a worker thread')

function answer(id: number, run: () => unknown): void {
  try {
    port!.postMessage({ id, ok: true, value: run() })
  } catch (err) {
    port!.postMessage({ id, ok: false, error: toWire(err) })
  }
}

const data = workerData as { role: 'session'; resourcesDir: string } | { role: 'pool' }

if (data.role === 'session') {
  const examItemIds = readExamItemIds(join(data.resourcesDir, 'content', 'exam-domain4.json'))
  const session = new Session(loadLabs(join(data.resourcesDir, 'labs'), examItemIds).labs)
  port.on('message', (m: { id: number; method: SessionMethod; args: unknown[] }) => {
    answer(m.id, () => (session[m.method] as (...a: unknown[]) => unknown)(...m.args))
  })
  // Simulate a small throw-away world once, a piece per turn of the event loop, so the learner's
  // first world does not pay for the JIT (sandbox/world/warmup.ts) and a request that arrives
  // meanwhile waits for one piece only.
  const pieces = warmUpPieces()
  const step = (): void => {
    try {
      if (!pieces.next().done) setImmediate(step)
    } catch (err) {
      console.error('[Session worker] warm-up failed:', err instanceof Error ? err.message : String(err))
    }
  }
  setImmediate(step)
} else {
  const handlers = statelessHandlers()
  const contexts = new Map<string, unknown>()
  port.on('message', (m: { id: number; type: 'task' | 'dispatch' | 'parse' | 'chunk' | 'forget' | 'warmup'; bytes?: Uint8Array; channel?: StatelessChannel; jobId?: string; kind?: JobKind; request?: unknown; chunk?: unknown }) => {
    if (m.type === 'forget') {
      contexts.delete(m.jobId!)
      return
    }
    if (m.type === 'warmup') {
      answer(m.id, () => warmUp())
      return
    }
    if (m.type === 'task') {
      answer(m.id, () => (handlers[m.channel!] as (r: unknown) => unknown)(m.request))
      return
    }
    if (m.type === 'parse') {
      answer(m.id, () => parseBody(m.bytes!))
      return
    }
    if (m.type === 'dispatch') {
      // Never rejects: dispatch turns every failure into an error envelope or body.
      void dispatchMessage(handlers, m as unknown as Record<string, unknown>).then((value) => port!.postMessage({ id: m.id, ok: true, value }))
      return
    }
    answer(m.id, () => {
      const kind = JOB_KINDS[m.kind!]
      // The pool sends a job's request with the first chunk this worker runs of it only.
      if (!contexts.has(m.jobId!)) {
        if (m.request === undefined) throw new Error(`job ${m.jobId}: a chunk arrived without its request and this worker has no context for it`)
        contexts.set(m.jobId!, kind.setup(m.request as never))
      }
      return kind.run(contexts.get(m.jobId!), m.chunk)
    })
  })
}
