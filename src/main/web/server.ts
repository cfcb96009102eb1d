/**
 * Browser mode: serves the built renderer and the contract's channels as `POST /api/<channel>` on
 * the loopback interface only.
 *
 * Every API request must carry `Authorization: Bearer <token>` (401 otherwise). A `Host` that is not
 * the loopback address and our port, or an `Origin` that is not ours, gets 403: that stops DNS
 * rebinding and other web pages from driving the sandbox. Bodies are capped (413), must be JSON
 * (400), and are parsed by the contract's schemas (400 naming the field). A malformed URL is a 400.
 *
 * Slow or idle clients cannot hold the host: headers must arrive within `headersTimeout`, the whole
 * request within `requestTimeout`, an idle keep-alive connection is closed after `keepAliveTimeout`,
 * and at most `maxConnections` are open at once (Node's defaults are 60 s, 300 s and no cap).
 */
import { timingSafeEqual } from 'node:crypto'
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'
import type { ErrorBody } from '../../shared/errors'
import { dispatch, httpStatusOf, parseBody, type DispatchOptions, type Handlers, type Offloader } from '../api/dispatch'
import { STATIC_SECURITY_HEADERS } from './security-headers'

export const MAX_BODY_BYTES = 16 * 1024 * 1024
/**
 * A `monitor.driftReport` job (jobs.start) carries two whole CSV files — a million rows × 10
 * columns each is about 60 MiB — so that one kind may send up to this much (two files at the
 * contract's 128 Mi characters, plus JSON's escapes); every other request keeps MAX_BODY_BYTES.
 */
export const MAX_DRIFT_REPORT_BODY_BYTES = 288 * 1024 * 1024
const LARGE_BODY_CHANNEL = 'jobs.start'
const LARGE_BODY_KIND = 'monitor.driftReport'

function tooLargeError(limit: number, what: string): ErrorBody {
  return {
    code: 'PAYLOAD_TOO_LARGE',
    message: `Request body is larger than ${limit / (1024 * 1024)} MiB, the limit for ${what}.`,
    issues: [{ path: '', message: `at most ${limit} bytes for ${what}` }]
  }
}

export interface HttpLimits {
  headersTimeoutMs: number
  requestTimeoutMs: number
  keepAliveTimeoutMs: number
  /** How often Node checks the two time-outs above (its default, 30 s, would let them run long). */
  checkIntervalMs: number
  maxConnections: number
}

/** One learner's browser opens a handful of connections; a 16 MiB body on loopback takes well under a second. */
export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  checkIntervalMs: 1_000,
  maxConnections: 64
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm'
}

export interface WebServerOptions {
  handlers: Handlers
  token: string
  /** Folder of the built renderer (index.html and assets). */
  staticDir: string
  host?: '127.0.0.1'
  port: number
  dispatchOptions?: DispatchOptions
  /** Channels answered entirely in a worker (the hosts' stateless channels). */
  offload?: Offloader
  limits?: Partial<HttpLimits>
}

export interface RunningServer {
  server: Server
  port: number
  url: string
  close(): Promise<void>
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendText(res, status, JSON.stringify(body))
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff'
  })
  res.end(text)
}

/**
 * The renderer sends `X-Lab-Refusals: in-body` so that a refusal of the learner's own input (a
 * field AWS would reject, a world that is gone or changed meanwhile, a file too large) comes back as
 * 200 with its status in `X-Lab-Refusal-Status` and the same `{ error }` body: Chromium logs every
 * 4xx fetch as a console error, and these are answers, not failures. Any other client, and every
 * other status (401, 403, a malformed request, a 500), gets the plain HTTP status.
 */
export const REFUSALS_HEADER = 'x-lab-refusals'
export const REFUSAL_STATUS_HEADER = 'X-Lab-Refusal-Status'
const LEARNER_REFUSALS = new Set<ErrorBody['code']>(['VALIDATION', 'NOT_FOUND', 'CONFLICT', 'PAYLOAD_TOO_LARGE'])

function sendAnswer(req: IncomingMessage, res: ServerResponse, status: number, text: string, code: ErrorBody['code'] | null): void {
  if (code !== null && LEARNER_REFUSALS.has(code) && req.headers[REFUSALS_HEADER] === 'in-body') {
    res.setHeader(REFUSAL_STATUS_HEADER, String(status))
    sendText(res, 200, text)
  } else {
    sendText(res, status, text)
  }
}

function sendError(res: ServerResponse, status: number, error: ErrorBody): void {
  sendJson(res, status, { error })
}


function tokensEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]']

/**
 * `Host` values that name this server. On port 80 browsers send the host without a port, as the
 * default port of http is omitted from Host (RFC 9110 §7.2) and from an origin's serialization.
 */
export function allowedHosts(port: number): Set<string> {
  const hosts = LOOPBACK_NAMES.map((h) => `${h}:${port}`)
  return new Set(port === 80 ? [...hosts, ...LOOPBACK_NAMES] : hosts)
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([...allowedHosts(port)].map((h) => `http://${h}`))
}

function decodePath(text: string): string | null {
  try {
    return decodeURIComponent(text)
  } catch {
    return null // URIError: a malformed percent-encoding such as %E0
  }
}

function badUrl(res: ServerResponse, detail: string): void {
  sendError(res, 400, { code: 'BAD_REQUEST', message: `Malformed URL: ${detail}.`, issues: [{ path: 'url', message: detail }] })
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolveBody, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      req.resume()
      resolveBody('too-large')
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return
      size += chunk.length
      if (size > limit) {
        tooLarge = true
        chunks.length = 0
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolveBody(tooLarge ? 'too-large' : Buffer.concat(chunks)))
    req.on('error', reject)
  })
}

function serveStatic(staticDir: string, urlPath: string, res: ServerResponse): void {
  const root = resolve(staticDir)
  let rel = decodePath(urlPath)
  if (rel === null) {
    badUrl(res, 'malformed percent-encoding')
    return
  }
  if (rel === '/' || rel === '') rel = '/index.html'
  const file = normalize(join(root, rel))
  if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
    sendError(res, 404, { code: 'NOT_FOUND', message: `No such file: ${urlPath}`, issues: [] })
    return
  }
  const type = MIME[extname(file)] ?? 'application/octet-stream'
  const isHtml = type.startsWith('text/html')
  res.writeHead(200, {
    ...STATIC_SECURITY_HEADERS,
    'Content-Type': type,
    'Content-Length': statSync(file).size,
    // Hashed assets never change; index.html must always be fresh.
    'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable'
  })
  createReadStream(file).pipe(res)
}

export function startWebServer(options: WebServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1'
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.limits }
  let hosts = allowedHosts(options.port)
  let origins = new Set<string>()

  const serverOptions = {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: limits.checkIntervalMs
  }
  const server = createServer(serverOptions, async (req, res) => {
    try {
      // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host.
      if (!req.headers.host || !hosts.has(req.headers.host)) {
        sendError(res, 403, {
          code: 'FORBIDDEN',
          message: `Host "${req.headers.host ?? ''}" is not allowed; use ${host}:${actualPort()}.`,
          issues: [{ path: 'Host', message: 'must be the loopback address and this port' }]
        })
        return
      }
      const origin = req.headers.origin
      if (origin !== undefined && !origins.has(origin)) {
        sendError(res, 403, {
          code: 'FORBIDDEN',
          message: `Origin "${origin}" is not allowed.`,
          issues: [{ path: 'Origin', message: 'cross-origin requests are refused' }]
        })
        return
      }
      // Only the path matters; parsing it against a fixed base keeps `//` or `//x` a path, not a host.
      let url: URL
      try {
        url = new URL(`http://${host}${(req.url ?? '/').startsWith('/') ? req.url : `/${req.url}`}`)
      } catch {
        badUrl(res, 'not a valid request target')
        return
      }
      if (!url.pathname.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') {
          sendError(res, 405, { code: 'BAD_REQUEST', message: `${req.method} is not allowed here.`, issues: [] })
          return
        }
        serveStatic(options.staticDir, url.pathname, res)
        return
      }
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST')
        sendError(res, 405, { code: 'BAD_REQUEST', message: 'API channels take POST with a JSON body.', issues: [] })
        return
      }
      const auth = req.headers.authorization ?? ''
      const presented = auth.startsWith('Bearer ') ? auth.slice(7) : ''
      if (!presented || !tokensEqual(presented, options.token)) {
        req.resume()
        sendError(res, 401, {
          code: 'UNAUTHORIZED',
          message: 'Missing or wrong token. Open the URL printed by `npm run serve` (it carries ?token=…).',
          issues: [{ path: 'Authorization', message: 'expected "Bearer <token>"' }]
        })
        return
      }
      const channel = decodePath(url.pathname.slice('/api/'.length))
      if (channel === null) {
        req.resume()
        badUrl(res, 'malformed percent-encoding in the channel name')
        return
      }
      const large = channel === LARGE_BODY_CHANNEL
      const body = await readBody(req, large ? MAX_DRIFT_REPORT_BODY_BYTES : MAX_BODY_BYTES)
      if (body === 'too-large') {
        const error = large ? tooLargeError(MAX_DRIFT_REPORT_BODY_BYTES, `a ${LARGE_BODY_KIND} job`) : tooLargeError(MAX_BODY_BYTES, 'a request')
        sendAnswer(req, res, 413, JSON.stringify({ error }), error.code)
        return
      }
      const overCommonLimit = body.length > MAX_BODY_BYTES
      const offload = options.offload
      if (offload && offload.channels.has(channel)) {
        if (overCommonLimit) {
          const error = tooLargeError(MAX_BODY_BYTES, 'a request')
          sendAnswer(req, res, 413, JSON.stringify({ error }), error.code)
          return
        }
        // Parsed, validated and answered in a worker: a 16 MiB body never holds up this thread.
        const answer = await offload.body(channel, body.toString('utf8'))
        sendAnswer(req, res, answer.status, answer.text, answer.code)
        return
      }
      let parsed: unknown = {}
      if (body.length > 0) {
        // A body over the common limit (a drift report's two files) is decoded and parsed in a
        // worker: its JSON.parse alone would hold this thread for most of a second.
        const result = overCommonLimit && offload ? await offload.parseJson(body) : parseBody(body)
        if (!result.ok) {
          sendError(res, 400, {
            code: 'BAD_REQUEST',
            message: `Request body is not valid JSON: ${result.message}`,
            issues: [{ path: '', message: 'not valid JSON' }]
          })
          return
        }
        parsed = result.value
      }
      if (overCommonLimit && (parsed as { kind?: unknown } | null)?.kind !== LARGE_BODY_KIND) {
        // Only a drift report's two files may use the larger limit.
        const error = tooLargeError(MAX_BODY_BYTES, `a request other than a ${LARGE_BODY_KIND} job`)
        sendAnswer(req, res, 413, JSON.stringify({ error }), error.code)
        return
      }
      const result = await dispatch(options.handlers, channel, parsed, options.dispatchOptions)
      if (result.ok) sendJson(res, 200, result.data)
      else sendAnswer(req, res, httpStatusOf(result.error.code), JSON.stringify({ error: result.error }), result.error.code)
    } catch (err) {
      if (!res.headersSent) {
        sendError(res, 500, { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err), issues: [] })
      } else {
        res.destroy()
      }
    }
  })

  function actualPort(): number {
    const addr = server.address()
    return typeof addr === 'object' && addr ? addr.port : options.port
  }

  server.maxConnections = limits.maxConnections

  return new Promise((resolveStart, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => {
      const port = actualPort()
      hosts = allowedHosts(port)
      origins = allowedOrigins(port)
      resolveStart({
        server,
        port,
        url: `http://${host}:${port}/?token=${encodeURIComponent(options.token)}`,
        close: () =>
          new Promise((resolveClose) => {
            server.closeAllConnections()
            server.close(() => resolveClose())
          })
      })
    })
  })
}
