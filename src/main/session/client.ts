/**
 * The session as the handlers see it: `call(method, …args)` returns a promise, whether the session
 * runs in a worker thread (the hosts) or in process (tests, and any host without the worker file).
 */
import type { Session, SessionMethod } from './session'
import { ThreadRpc } from './rpc'

type Method<M extends SessionMethod> = Session[M] extends (...args: infer A) => infer R ? { args: A; result: R } : never

export interface SessionClient {
  call<M extends SessionMethod>(method: M, ...args: Method<M>['args']): Promise<Method<M>['result']>
  close(): Promise<void>
}

/** The session in this thread: for tests, where a call's work is small. */
export function inlineSession(session: Session): SessionClient {
  return {
    call(method, ...args) {
      return new Promise((resolve) => resolve((session[method] as (...a: unknown[]) => never)(...args)))
    },
    close: async () => undefined
  }
}

/** The session in its own worker thread (src/main/worker.ts with role "session"). */
export function threadSession(file: string, resourcesDir: string): SessionClient {
  const rpc = new ThreadRpc({ file, workerData: { role: 'session', resourcesDir }, label: 'The simulation worker', maxHeapMb: 3072 })
  return {
    call: (method, ...args) => rpc.call({ method, args }) as never,
    close: () => rpc.close()
  }
}
