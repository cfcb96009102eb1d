/**
 * The real client over both transports, with the browser's globals stubbed. What it must do comes
 * from DESIGN.md ("Browser mode"): `POST /api/<channel>`, the JSON request as body,
 * `Authorization: Bearer <token>` with the token from the page URL; and from the preload's bridge,
 * which answers `{ ok, data }` or `{ ok: false, error }` envelopes.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { LabBridge } from '@shared/contract'
import { ApiError } from '@/api/api-error'
import { createHostClient } from '@/api/client'

afterEach(() => {
  vi.unstubAllGlobals()
})

/** A page at `href` with an empty session storage; returns what the page saw happen. */
function page(href: string, stored: Record<string, string> = {}) {
  const storage = new Map(Object.entries(stored))
  const replaced: string[] = []
  vi.stubGlobal('window', {
    location: { href },
    history: { state: null, replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url) }
  })
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) })
  return { storage, replaced }
}

interface Sent {
  url: string
  init: RequestInit
}

function host(answer: () => Promise<Response>): Sent[] {
  const sent: Sent[] = []
  vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
    sent.push({ url, init })
    return answer()
  })
  return sent
}

const json = (status: number, body: unknown, statusText = ''): Response => new Response(JSON.stringify(body), { status, statusText, headers: { 'Content-Type': 'application/json' } })

describe('host client over IPC', () => {
  it('passes the request to the bridge’s function for the channel and returns its data', async () => {
    const seen: unknown[] = []
    const bridge = {
      'settings.update': async (r: unknown) => {
        seen.push(r)
        return { ok: true, data: { theme: 'dark', showDocLinks: true } }
      }
    } as unknown as LabBridge // only the one channel this test calls
    const client = createHostClient(bridge)
    expect(await client.call('settings.update', { theme: 'dark' })).toEqual({ theme: 'dark', showDocLinks: true })
    expect(seen).toEqual([{ theme: 'dark' }])
  })

  it('turns an error envelope into an ApiError with its code and field issues', async () => {
    const bridge = {
      'sandbox.act': async () => ({ ok: false, error: { code: 'VALIDATION', message: 'bad alarm', issues: [{ path: 'action.Period', message: 'must be 10, 20, 30 or a multiple of 60' }] } })
    } as unknown as LabBridge // only the one channel this test calls
    const err = await createHostClient(bridge)
      .call('sandbox.act', { worldId: 'w1', action: { type: 'AdvanceClock', Minutes: 60 } })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe('VALIDATION')
    expect((err as ApiError).issueFor('Period')).toBe('must be 10, 20, 30 or a multiple of 60')
  })
})

describe('host client over HTTP (browser mode)', () => {
  it('takes the token out of the address bar at once, keeping the rest of the URL, and keeps it for the tab', () => {
    const { storage, replaced } = page('http://127.0.0.1:5199/?token=abc123&x=1#/labs')
    host(() => Promise.resolve(json(200, {})))
    createHostClient(undefined)
    expect(replaced).toEqual(['/?x=1#/labs'])
    expect(storage.get('mlops-lab.token')).toBe('abc123')
  })

  it('POSTs the JSON request to /api/<channel> with the bearer token', async () => {
    page('http://127.0.0.1:5199/#/settings', { 'mlops-lab.token': 'abc123' })
    const sent = host(() => Promise.resolve(json(200, { theme: 'light', showDocLinks: true })))
    const res = await createHostClient(undefined).call('settings.update', { theme: 'light' })
    expect(res).toEqual({ theme: 'light', showDocLinks: true })
    expect(sent).toHaveLength(1)
    expect(sent[0].url).toBe('/api/settings.update')
    expect(sent[0].init.method).toBe('POST')
    expect(sent[0].init.headers).toEqual({ 'Content-Type': 'application/json', Authorization: 'Bearer abc123', 'X-Lab-Refusals': 'in-body' })
    expect(sent[0].init.body).toBe('{"theme":"light"}')
  })

  it('a refusal with an error body becomes an ApiError naming the field', async () => {
    page('http://127.0.0.1:5199/', { 'mlops-lab.token': 'abc123' })
    host(() => Promise.resolve(json(400, { error: { code: 'VALIDATION', message: 'bad request', issues: [{ path: 'name', message: 'name must not be empty' }] } }, 'Bad Request')))
    const err = await createHostClient(undefined).call('sandbox.createWorld', { name: '' }).catch((e: unknown) => e)
    expect((err as ApiError).code).toBe('VALIDATION')
    expect((err as ApiError).issueFor('name')).toBe('name must not be empty')
  })

  it('a refusal answered in the body (200 with X-Lab-Refusal-Status, so the browser logs no failed request) is the same ApiError', async () => {
    page('http://127.0.0.1:5199/', { 'mlops-lab.token': 'abc123' })
    const body = { error: { code: 'VALIDATION', message: 'bad request', issues: [{ path: 'name', message: 'name must not be empty' }] } }
    host(() => Promise.resolve(new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', 'X-Lab-Refusal-Status': '400' } })))
    const err = await createHostClient(undefined).call('sandbox.createWorld', { name: '' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe('VALIDATION')
    expect((err as ApiError).issueFor('name')).toBe('name must not be empty')
  })

  it('an answer with no error body says what the host answered', async () => {
    page('http://127.0.0.1:5199/', { 'mlops-lab.token': 'abc123' })
    host(() => Promise.resolve(new Response('<html>proxy error</html>', { status: 502, statusText: 'Bad Gateway' })))
    const err = await createHostClient(undefined).call('app.info', {}).catch((e: unknown) => e)
    expect((err as ApiError).code).toBe('INTERNAL')
    expect((err as ApiError).message).toBe('The host answered 502 Bad Gateway.')
  })

  it('a host that cannot be reached is an INTERNAL ApiError that says to check `npm run serve`', async () => {
    page('http://127.0.0.1:5199/', { 'mlops-lab.token': 'abc123' })
    host(() => Promise.reject(new TypeError('Failed to fetch')))
    const err = await createHostClient(undefined).call('app.info', {}).catch((e: unknown) => e)
    expect((err as ApiError).code).toBe('INTERNAL')
    expect((err as ApiError).message).toBe('Cannot reach the MLOps Lab host: Failed to fetch. Is `npm run serve` still running?')
  })
})
