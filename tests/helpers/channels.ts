/**
 * One host per test, reached through one transport: what every `describe.each(['ipc', 'http'])`
 * contract suite sets up. Call `channelHarness` inside the describe body (it registers the
 * `afterEach` that closes the transport and the host), then `open()` at the start of each test.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { createAppContext, type AppContext } from '../../src/main/api/app-context'
import { httpTransport, ipcTransport, type Transport } from './transports'

export interface Refusal {
  code: string
  message: string
  issues: { path: string; message: string }[]
  status?: number
}

export interface ChannelHarness {
  /** A new host on a fresh data folder (or the one given), and the transport to it. */
  open(dataDir?: string): Promise<Transport>
  /** Calls a channel and returns its data; an error envelope throws, naming the channel. */
  ok<T = Record<string, unknown>>(channel: string, request: unknown): Promise<T>
  /** Calls a channel that must refuse, and returns the error (with the HTTP status over HTTP). */
  refused(channel: string, request: unknown): Promise<Refusal>
  call: Transport['call']
  /** Closes the transport and the host now (to reopen the same data folder, say). */
  close(): Promise<void>
  readonly ctx: AppContext
  readonly t: Transport
}

export function channelHarness(kind: 'ipc' | 'http', folderPrefix: string): ChannelHarness {
  let ctx: AppContext | undefined
  let t: Transport | undefined

  const close = async (): Promise<void> => {
    await t?.close()
    ctx?.close()
    t = undefined
    ctx = undefined
  }
  afterEach(close)

  const transport = (): Transport => {
    if (!t) throw new Error('channelHarness: call open() first')
    return t
  }

  return {
    async open(dataDir = mkdtempSync(join(tmpdir(), folderPrefix))) {
      ctx = createAppContext({ host: 'browser', platform: 'test', dataDir })
      t = kind === 'ipc' ? ipcTransport(ctx.handlers) : await httpTransport(ctx.handlers)
      return t
    },
    async ok<T>(channel: string, request: unknown): Promise<T> {
      const r = await transport().call(channel, request)
      if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
      return r.data as T
    },
    async refused(channel: string, request: unknown): Promise<Refusal> {
      const r = await transport().call(channel, request)
      if (r.ok) throw new Error(`${channel} accepted a request it should refuse`)
      return { ...(r.error as Refusal), ...(r.status !== undefined ? { status: r.status } : {}) }
    },
    call: (channel, request) => transport().call(channel, request),
    close,
    get ctx() {
      if (!ctx) throw new Error('channelHarness: call open() first')
      return ctx
    },
    get t() {
      return transport()
    }
  }
}
