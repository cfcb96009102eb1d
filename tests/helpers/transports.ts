/**
 * The two transports a channel is reachable through, both driven from a test: IPC (the real
 * registration code with a fake ipcMain and a trusted top-level frame) and HTTP (the real
 * browser-mode server on an ephemeral loopback port). Each answers with the contract's envelope.
 */
import type { Envelope } from '../../src/shared/contract'
import type { Handlers } from '../../src/main/api/dispatch'
import { registerIpcHandlers, type InvokeEventLike, type IpcMainLike } from '../../src/main/ipc'
import { startWebServer } from '../../src/main/web/server'
import { APP_ORIGIN } from '../../src/main/protocol'

export interface Transport {
  name: 'ipc' | 'http'
  call(channel: string, request: unknown): Promise<Envelope<unknown> & { status?: number }>
  close(): Promise<void>
}

export const trustedEvent: InvokeEventLike = { senderFrame: { url: `${APP_ORIGIN}/index.html`, parent: null } }

export class FakeIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, (event: InvokeEventLike, ...args: unknown[]) => unknown>()
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void {
    if (this.listeners.has(channel)) throw new Error(`second handler for ${channel}`)
    this.listeners.set(channel, listener)
  }
  invoke(channel: string, event: InvokeEventLike, ...args: unknown[]): Promise<Envelope<unknown>> {
    const listener = this.listeners.get(channel)
    if (!listener) throw new Error(`No handler registered for '${channel}'`)
    return Promise.resolve(listener(event, ...args)) as Promise<Envelope<unknown>>
  }
}

export function ipcTransport(handlers: Handlers): Transport {
  const ipc = new FakeIpcMain()
  registerIpcHandlers(ipc, handlers, [APP_ORIGIN], { validateResponses: true })
  return {
    name: 'ipc',
    call: async (channel, request) => {
      if (!ipc.listeners.has(`lab:${channel}`)) {
        // What the renderer would see: Electron rejects an invoke on a channel nobody handles.
        return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `No handler for ${channel}`, issues: [] } }
      }
      return ipc.invoke(`lab:${channel}`, trustedEvent, request)
    },
    close: async () => {}
  }
}

export async function httpTransport(handlers: Handlers, token = 'contract-token'): Promise<Transport & { origin: string; token: string }> {
  const running = await startWebServer({ handlers, token, staticDir: __dirname, port: 0, dispatchOptions: { validateResponses: true } })
  const origin = `http://127.0.0.1:${running.port}`
  return {
    name: 'http',
    origin,
    token,
    call: async (channel, request) => {
      const res = await fetch(`${origin}/api/${channel}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(request)
      })
      const body = (await res.json()) as { error?: never }
      return res.ok ? { ok: true, data: body, status: res.status } : { ok: false, error: body.error as never, status: res.status }
    },
    close: () => running.close()
  }
}
