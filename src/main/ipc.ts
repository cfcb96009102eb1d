/**
 * Registers every contract channel on Electron's ipcMain, through one helper that refuses a
 * request unless it comes from the app's own top-level frame, and parses its argument with the
 * channel's schema (dispatch.ts) before any handler sees it.
 *
 * `electron` is not imported here: the caller passes ipcMain in, so tests hand in a fake.
 */
import { CHANNELS, IPC_PREFIX } from '../shared/contract'
import type { Envelope } from '../shared/contract'
import { dispatch, type DispatchOptions, type Handlers, type Offloader } from './api/dispatch'

/** The parts of Electron's WebFrameMain that the sender check reads. */
export interface SenderFrameLike {
  url: string
  parent: SenderFrameLike | null
}

export interface InvokeEventLike {
  senderFrame: SenderFrameLike | null
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown> | unknown): void
}

/**
 * True when the URL belongs to the app: the `app://mlops-lab` protocol in production, or the
 * electron-vite dev server's exact origin in development.
 */
export function isAppUrl(url: string, appOrigins: readonly string[]): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  // Node's URL reports origin "null" for non-special schemes such as app:, so compare scheme + host.
  return appOrigins.includes(`${parsed.protocol}//${parsed.host}`)
}

export function isTrustedSender(event: InvokeEventLike, appOrigins: readonly string[]): boolean {
  const frame = event.senderFrame
  // Only the top-level frame of our own page: never an iframe, never another origin.
  return !!frame && frame.parent === null && isAppUrl(frame.url, appOrigins)
}

export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  appOrigins: readonly string[],
  options: DispatchOptions & { offload?: Offloader } = {}
): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(IPC_PREFIX + channel, async (event, ...args): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event, appOrigins)) {
        return {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message: `Refused ${channel}: the request did not come from the app's own top-level frame.`,
            issues: [{ path: 'senderFrame', message: 'must be the app window, not an iframe or another origin' }]
          }
        }
      }
      if (args.length > 1) {
        return {
          ok: false,
          error: { code: 'BAD_REQUEST', message: `${channel} takes one request object, got ${args.length} arguments.`, issues: [] }
        }
      }
      // The stateless channels are parsed, validated and answered in a worker (app-context.ts).
      if (options.offload?.channels.has(channel)) return options.offload.request(channel, args[0])
      return dispatch(handlers, channel, args[0], options)
    })
  }
}
