import { mkdtempSync } from 'node:fs'
import { request } from 'node:http'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppContext, type AppContext } from '../../src/main/api/app-context'
import { allowedHosts, allowedOrigins, MAX_BODY_BYTES, startWebServer } from '../../src/main/web/server'
import { httpTransport } from '../helpers/transports'

/** Raw HTTP so the test controls Host and Origin exactly (fetch forbids setting Host). */
function raw(port: number, opts: { path: string; headers?: Record<string, string>; body?: string | Buffer; method?: string }) {
  return new Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'POST', headers: opts.headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
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

  it('a refusal of the request\'s input is a 4xx, or a 200 with X-Lab-Refusal-Status when the renderer asks; other failures keep their status', async () => {
    const bad = JSON.stringify({ name: '' })
    const plain = await raw(port, { path: '/api/sandbox.createWorld', headers: auth(), body: bad })
    expect(plain.status).toBe(400)
    expect(plain.headers['x-lab-refusal-status']).toBeUndefined()
    const inBody = await raw(port, { path: '/api/sandbox.createWorld', headers: { ...auth(), 'X-Lab-Refusals': 'in-body' }, body: bad })
    expect([inBody.status, inBody.headers['x-lab-refusal-status']]).toEqual([200, '400'])
    // The same body as the plain refusal: the error, its code and the field.
    expect(JSON.parse(inBody.body)).toEqual(JSON.parse(plain.body))
    expect(JSON.parse(inBody.body).error.issues[0].path).toBe('name')
    const gone = await raw(port, { path: '/api/sandbox.getWorld', headers: { ...auth(), 'X-Lab-Refusals': 'in-body' }, body: JSON.stringify({ worldId: 'nope' }) })
    expect([gone.status, gone.headers['x-lab-refusal-status'], JSON.parse(gone.body).error.code]).toEqual([200, '404', 'NOT_FOUND'])
    // A stateless channel answered by a worker (inline here) is treated alike.
    const drift = await raw(port, { path: '/api/monitor.compareDistributions', headers: { ...auth(), 'X-Lab-Refusals': 'in-body' }, body: JSON.stringify({ baseline: [], current: [1], method: 'wasserstein' }) })
    expect([drift.status, drift.headers['x-lab-refusal-status']]).toEqual([200, '400'])
    // Not the learner's input: a wrong token, a body that is not JSON, a foreign Origin.
    expect((await raw(port, { path: '/api/app.info', headers: { Host: `127.0.0.1:${port}`, 'X-Lab-Refusals': 'in-body' } })).status).toBe(401)
    expect((await raw(port, { path: '/api/app.info', headers: { ...auth(), 'X-Lab-Refusals': 'in-body' }, body: '{' })).status).toBe(400)
    expect((await raw(port, { path: '/api/app.info', headers: { ...auth(), 'X-Lab-Refusals': 'in-body', Origin: 'https://attacker.example' } })).status).toBe(403)
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

describe('browser-mode host: malformed URLs', () => {
  let ctx: AppContext
  let port: number
  let close: () => Promise<void>
  beforeAll(async () => {
    ctx = createAppContext({ host: 'browser', platform: 'test', dataDir: mkdtempSync(join(tmpdir(), 'urls-')) })
    const t = await httpTransport(ctx.handlers, 'url-token')
    port = Number(new URL(t.origin).port)
    close = t.close
  })
  afterAll(async () => {
    await close()
    ctx.close()
  })
  const headers = () => ({ Authorization: 'Bearer url-token', Host: `127.0.0.1:${port}` })

  it('a malformed percent-encoding in a channel name or a file path is a 400 naming the URL', async () => {
    const api = await raw(port, { path: '/api/%E0', headers: headers(), body: '{}' })
    expect(api.status).toBe(400)
    expect(JSON.parse(api.body).error).toMatchObject({ code: 'BAD_REQUEST', issues: [{ path: 'url' }] })
    expect((await raw(port, { path: '/%E0%A4%A', method: 'GET', headers: headers() })).status).toBe(400)
  })

  it('a path of empty segments is looked up as a path (404), never read as a host', async () => {
    expect((await raw(port, { path: '//', method: 'GET', headers: headers() })).status).toBe(404)
    expect((await raw(port, { path: '//attacker.example/x', method: 'GET', headers: headers() })).status).toBe(404)
    expect((await raw(port, { path: '/api/app.info', headers: headers() })).status).toBe(200)
  })
})

describe('browser-mode host: slow and idle clients', () => {
  const limits = { headersTimeoutMs: 300, requestTimeoutMs: 600, keepAliveTimeoutMs: 300, checkIntervalMs: 100, maxConnections: 3 }
  let ctx: AppContext
  let running: Awaited<ReturnType<typeof startWebServer>>
  beforeAll(async () => {
    ctx = createAppContext({ host: 'browser', platform: 'test', dataDir: mkdtempSync(join(tmpdir(), 'slow-')) })
    running = await startWebServer({ handlers: ctx.handlers, token: 'slow-token', staticDir: __dirname, port: 0, limits })
  })
  afterAll(async () => {
    await running.close()
    ctx.close()
  })

  /** Opens a socket, writes `text`, and resolves with what the server sent and how long until it closed. */
  function holdOpen(text: string): Promise<{ reply: string; closedAfterMs: number }> {
    return new Promise((done, fail) => {
      const t0 = performance.now()
      const socket = connect(running.port, '127.0.0.1', () => socket.write(text))
      let reply = ''
      socket.on('data', (c) => (reply += c.toString()))
      socket.on('error', () => undefined) // a reset is one way the server closes
      socket.on('close', () => done({ reply, closedAfterMs: performance.now() - t0 }))
      setTimeout(() => fail(new Error(`server kept the connection open: ${reply}`)), 8000).unref()
    })
  }

  it('headers that never finish are cut off with 408 after headersTimeout', async () => {
    const r = await holdOpen(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${running.port}\r\nX-Slow: `)
    expect(r.reply).toMatch(/^HTTP\/1\.1 408/)
  })

  it('a body that never finishes is cut off with 408 after requestTimeout', async () => {
    const head = `POST /api/settings.update HTTP/1.1\r\nHost: 127.0.0.1:${running.port}\r\nAuthorization: Bearer slow-token\r\nContent-Length: 100\r\n\r\n`
    const r = await holdOpen(head + '{"theme":')
    expect(r.reply).toMatch(/^HTTP\/1\.1 408/)
  })

  it('an idle keep-alive connection is closed after keepAliveTimeout', async () => {
    const r = await holdOpen(`POST /api/app.info HTTP/1.1\r\nHost: 127.0.0.1:${running.port}\r\nAuthorization: Bearer slow-token\r\nContent-Length: 2\r\n\r\n{}`)
    expect(r.reply).toMatch(/^HTTP\/1\.1 200/)
    expect(r.closedAfterMs).toBeLessThan(2500) // Node's default would keep it 5 s
  })

  it('connections over the cap are refused while the others are open', async () => {
    const open = await Promise.all(
      Array.from({ length: limits.maxConnections }, () => new Promise<Socket>((done) => {
        const s = connect(running.port, '127.0.0.1', () => done(s))
        s.on('error', () => undefined)
      }))
    )
    // Let the server accept them before the extra one arrives.
    await new Promise((done) => setTimeout(done, 100))
    const extra = await holdOpen(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${running.port}\r\n\r\n`)
    expect(extra.reply).toBe('')
    for (const s of open) s.destroy()
  })
})

describe('browser-mode host on port 80', () => {
  it('accepts the Host and Origin a browser sends for the default port (no ":80")', () => {
    expect(allowedHosts(80)).toEqual(new Set(['127.0.0.1:80', 'localhost:80', '[::1]:80', '127.0.0.1', 'localhost', '[::1]']))
    expect(allowedOrigins(80).has('http://127.0.0.1')).toBe(true)
    expect(allowedHosts(5199).has('127.0.0.1')).toBe(false)
    expect(allowedOrigins(5199).has('http://127.0.0.1')).toBe(false)
  })
})
