/**
 * The real API client. In the desktop app it calls `window.lab` (the preload's IPC bridge); in
 * browser mode it POSTs to the host's `/api/<channel>` with the bearer token that came in the page
 * URL. Both answer with the same envelope, so callers see one behaviour. Only `main.ts` imports
 * this file; stores receive the client through `useApiClient()`.
 */
import type { Channel } from '@shared/contract'
import type { Envelope, LabBridge, Req, Res } from '@shared/contract'
import type { ErrorBody } from '@shared/errors'
import type { ApiClient } from './api-client'
import { ApiError } from './api-error'
import { hostStatus } from './host-status'

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
      // Refusals of the learner's input come back as 200 with their status in a header (web/server.ts),
      // so the browser does not log each one as a failed network request.
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token ?? ''}`, 'X-Lab-Refusals': 'in-body' },
      body: JSON.stringify(request)
    })
  } catch (err) {
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `Cannot reach the MLOps Lab host: ${(err as Error).message}. Is \`npm run serve\` still running?`, issues: [] }
    }
  }
  const body = (await response.json().catch(() => null)) as { error?: ErrorBody } | null
  if (response.ok && !response.headers.has('X-Lab-Refusal-Status')) return { ok: true, data: body as Res<C> }
  const error = body?.error ?? { code: 'INTERNAL', message: `The host answered ${response.status} ${response.statusText}.`, issues: [] }
  // Every request will be refused alike: one message for the whole app (see host-status.ts).
  if (response.status === 401) hostStatus.unauthorized = error.message
  return { ok: false, error }
}

/**
 * The client for this page: over `bridge` when the preload exposed one, else over HTTP. In browser
 * mode the token leaves the address bar at once, before the router or a bookmark can keep it.
 */
export function createHostClient(bridge: LabBridge | undefined): ApiClient {
  if (!bridge) captureToken()
  return {
    async call<C extends Channel>(channel: C, request: Req<C>): Promise<Res<C>> {
      const envelope = bridge ? await (bridge[channel] as (r: Req<C>) => Promise<Envelope<Res<C>>>)(request) : await overHttp(channel, request)
      if (!envelope.ok) throw new ApiError(envelope.error)
      return envelope.data
    }
  }
}
