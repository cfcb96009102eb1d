/**
 * The `app://mlops-lab/` protocol that serves the built renderer instead of `file://`
 * (Electron security checklist: "Use a custom protocol instead of file://"). Only files inside the
 * renderer folder are served, each with the app's Content-Security-Policy.
 */
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { STATIC_SECURITY_HEADERS } from './web/security-headers'

export const APP_SCHEME = 'app'
export const APP_HOST = 'mlops-lab'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm'
}

/** Answers one request on the app protocol. Returns a Fetch API Response, as protocol.handle expects. */
export async function serveAppRequest(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl)
  if (url.host !== APP_HOST) return new Response('Not found', { status: 404 })
  const root = resolve(rendererDir)
  let rel: string
  try {
    rel = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname)
  } catch {
    return new Response('Bad request: malformed percent-encoding in the URL', { status: 400 }) // URIError, e.g. %E0
  }
  const file = normalize(join(root, rel))
  if (!file.startsWith(root + sep)) return new Response('Not found', { status: 404 })
  try {
    const body = await readFile(file)
    return new Response(body, {
      status: 200,
      headers: { ...STATIC_SECURITY_HEADERS, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' }
    })
  } catch {
    return new Response('Not found', { status: 404 })
  }
}
