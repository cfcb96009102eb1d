import { mkdtempSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppContext, type AppContext } from '../../src/main/api/app-context'
import { MAX_BODY_BYTES } from '../../src/main/web/server'
import { httpTransport } from '../helpers/transports'

/** Raw HTTP so the test controls Host and Origin exactly (fetch forbids setting Host). */
function raw(port: number, opts: { path: string; headers?: Record<string, string>; body?: string | Buffer; method?: string }) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'POST', headers: opts.headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    if (opts.body) req.write(opts.body)
    req.end()
  })
}

describe('browser-mode host guards', () => {
  let ctx: AppContext
  let port: number
  let token: string
  let close: () => Promise<void>

  beforeAll(async () => {
    ctx = createAppContext({ host: 'browser', platform: 'test', dataDir: mkdtempSync(join(tmpdir(), 'guards-')) })
    const t = await httpTransport(ctx.handlers, 'guard-token')
    port = Number(new URL(t.origin).port)
    token = t.token
    close = t.close
  })
  afterAll(async () => {
    await close()
    ctx.close()
  })

  const auth = () => ({ Authorization: `Bearer ${token}`, Host: `127.0.0.1:${port}` })

  it('401 without a token or with a wrong one', async () => {
    expect((await raw(port, { path: '/api/app.info', headers: { Host: `127.0.0.1:${port}` } })).status).toBe(401)
    expect((await raw(port, { path: '/api/app.info', headers: { Host: `127.0.0.1:${port}`, Authorization: 'Bearer nope' } })).status).toBe(401)
  })

  it('403 for a foreign Host (DNS rebinding) even with the right token', async () => {
    const r = await raw(port, { path: '/api/app.info', headers: { ...auth(), Host: `attacker.example:${port}` } })
    expect(r.status).toBe(403)
    expect(JSON.parse(r.body).error.issues[0].path).toBe('Host')
  })

  it('403 for a foreign Origin', async () => {
    const r = await raw(port, { path: '/api/app.info', headers: { ...auth(), Origin: 'https://attacker.example' } })
    expect(r.status).toBe(403)
    expect(JSON.parse(r.body).error.issues[0].path).toBe('Origin')
  })

  it('accepts its own Origin', async () => {
    const r = await raw(port, { path: '/api/app.info', headers: { ...auth(), Origin: `http://127.0.0.1:${port}` } })
    expect(r.status).toBe(200)
  })

  it('400 with the error shape for a body that is not JSON', async () => {
    const r = await raw(port, { path: '/api/settings.update', headers: auth(), body: '{"theme":' })
    expect(r.status).toBe(400)
    expect(JSON.parse(r.body).error).toMatchObject({ code: 'BAD_REQUEST', issues: [{ path: '' }] })
  })

  it('413 for a body over the cap, without reading it all', async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20)
    const r = await raw(port, { path: '/api/settings.update', headers: auth(), body: big })
    expect(r.status).toBe(413)
    expect(JSON.parse(r.body).error.code).toBe('PAYLOAD_TOO_LARGE')
  })

  it('405 for GET on an API channel; 404 for a path outside the renderer folder', async () => {
    expect((await raw(port, { path: '/api/app.info', method: 'GET', headers: auth() })).status).toBe(405)
    expect((await raw(port, { path: '/..%2F..%2Fetc%2Fpasswd', method: 'GET', headers: auth() })).status).toBe(404)
  })
})
