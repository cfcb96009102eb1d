/**
 * A wrong token in browser mode refuses every request with 401 (DESIGN.md, "Browser mode"): the
 * client records it once for the whole app, so the shell can say it once instead of every view.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createHostClient } from '@/api/client'
import { hostStatus } from '@/api/host-status'

afterEach(() => {
  vi.unstubAllGlobals()
  hostStatus.unauthorized = null
})

function browserPage(status: number, body: unknown): void {
  vi.stubGlobal('window', { location: { href: 'http://127.0.0.1:5199/?token=wrong' }, history: { state: null, replaceState: () => undefined } })
  const storage = new Map<string, string>()
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v) })
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }))
}

describe('the connection as a whole', () => {
  it('is marked unauthorized by a 401, with the host’s message', async () => {
    browserPage(401, { error: { code: 'UNAUTHORIZED', message: 'Missing or wrong token.', issues: [] } })
    const client = createHostClient(undefined)
    await expect(client.call('settings.get', {})).rejects.toThrow('Missing or wrong token.')
    expect(hostStatus.unauthorized).toBe('Missing or wrong token.')
  })

  it('is left alone by a refusal of one request’s input (400)', async () => {
    browserPage(400, { error: { code: 'VALIDATION', message: 'theme: bad', issues: [{ path: 'theme', message: 'bad' }] } })
    const client = createHostClient(undefined)
    await expect(client.call('settings.get', {})).rejects.toThrow('theme: bad')
    expect(hostStatus.unauthorized).toBeNull()
  })
})
