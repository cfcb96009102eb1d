/**
 * The renderer's only way to the sandbox. In the desktop app it calls `window.lab` (the preload's
 * IPC bridge); in browser mode it POSTs to the host's `/api/<channel>` with the bearer token that
 * came in the page URL. Both answer with the same envelope, so callers see one behaviour.
 */
import type { Channel } from '@shared/channels'
import type { Envelope, Req, Res } from '@shared/contract'
import type { ErrorBody, ErrorIssue } from '@shared/errors'

export class ApiError extends Error {
  readonly code: ErrorBody['code']
  readonly issues: ErrorIssue[]
  constructor(body: ErrorBody) {
    super(body.message)
    this.name = 'ApiError'
    this.code = body.code
    this.issues = body.issues
  }

  /** The message for one field (e.g. `alarm.Period`), to show beside that field. */
  issueFor(path: string): string | undefined {
    return this.issues.find((i) => i.path === path || i.path.endsWith(`.${path}`))?.message
  }
}

const TOKEN_KEY = 'mlops-lab.token'

/** Takes `?token=` from the address bar once, keeps it for this tab, and removes it from the URL. */
export function captureToken(): string | null {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

async function overHttp<C extends Channel>(channel: C, request: Req<C>): Promise<Envelope<Res<C>>> {
  const token = captureToken()
  let response: Response
  try {
    response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}` },
      body: JSON.stringify(request)
    })
  } catch (err) {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `Cannot reach the MLOps Lab host: ${(err as Error).message}. Is \`npm run serve\` still running?`, issues: [] }
    }
  }
  const body = (await response.json().catch(() => null)) as { error?: ErrorBody } | null
  if (response.ok) return { ok: true, data: body as Res<C> }
  return {
    ok: false,
    error: body?.error ?? { code: 'INTERNAL', message: `The host answered ${response.status} ${response.statusText}.`, issues: [] }
  }
}

export async function call<C extends Channel>(channel: C, request: Req<C>): Promise<Res<C>> {
  const bridge = window.lab
  const envelope = bridge ? await (bridge[channel] as (r: Req<C>) => Promise<Envelope<Res<C>>>)(request) : await overHttp(channel, request)
  if (!envelope.ok) throw new ApiError(envelope.error)
  return envelope.data
}

export const transport = (): 'ipc' | 'http' => (window.lab ? 'ipc' : 'http')
