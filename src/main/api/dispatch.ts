/**
 * The one way a request reaches a handler, whatever the transport: look the channel up in the
 * contract, parse the request with its schema, run the handler, and turn any failure into the
 * contract's error shape. IPC (ipc.ts) and HTTP (web/server.ts) are thin wrappers around this.
 */
import type { z } from 'zod'
import { isChannel, type Channel } from '../../shared/contract'
import { contract, type Envelope, type ParsedReq, type Res } from '../../shared/contract'
import { LabError, type ErrorBody, type ErrorIssue } from '../../shared/errors'
import { textAndDepthIssues } from '../store/text'

export type Handlers = {
  [C in Channel]: (request: ParsedReq<C>) => Res<C> | Promise<Res<C>>
}

export interface DispatchOptions {
  /** Parse each response with its schema too (tests and development: catches a handler drifting from the contract). */
  validateResponses?: boolean
  /** Where unexpected errors are reported; they reach the caller only as a generic INTERNAL error. */
  onInternalError?: (channel: string, err: unknown) => void
}

export function issuesFromZod(error: z.ZodError, prefix = ''): ErrorIssue[] {
  return error.issues.map((issue) => {
    let path = prefix
    for (const key of issue.path) {
      path += typeof key === 'number' ? `[${key}]` : path ? `.${String(key)}` : String(key)
    }
    return { path, message: issue.message }
  })
}

export function describeIssues(issues: ErrorIssue[]): string {
  const shown = issues.slice(0, 3).map((i) => (i.path ? `${i.path}: ${i.message}` : i.message))
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : ''
  return shown.join('; ') + more
}

/** Far deeper than any request in the contract needs (a sandbox action, the deepest, has a few levels). */
export const MAX_REQUEST_DEPTH = 32

/**
 * Problems no schema can express, checked over the whole request before it is parsed:
 *
 * - U+0000 in any string or key (store/text.ts: SQLite would cut the text off there). No field of
 *   the contract has a use for one, so it is refused for every channel, naming the field.
 * - Nesting deeper than MAX_REQUEST_DEPTH: such a value would reach JSON.stringify and the schemas'
 *   recursion, and no channel takes one.
 */
export function requestShapeIssues(raw: unknown): ErrorIssue[] {
  return textAndDepthIssues(raw, '', { maxDepth: MAX_REQUEST_DEPTH })
}

export function errorBodyOf(err: unknown): ErrorBody | null {
  return err instanceof LabError ? err.toBody() : null
}

export async function dispatch(
  handlers: Handlers,
  channel: string,
  raw: unknown,
  options: DispatchOptions = {}
): Promise<Envelope<unknown>> {
  if (!isChannel(channel)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_CHANNEL', message: `Unknown channel "${channel}".`, issues: [{ path: '', message: 'no such channel in the contract' }] }
    }
  }
  const spec = contract[channel]
  const shape = requestShapeIssues(raw)
  if (shape.length > 0) {
    return { ok: false, error: { code: 'VALIDATION', message: `Invalid request for ${channel}: ${describeIssues(shape)}`, issues: shape } }
  }
  const parsed = spec.request.safeParse(raw === undefined ? {} : raw)
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error)
    return { ok: false, error: { code: 'VALIDATION', message: `Invalid request for ${channel}: ${describeIssues(issues)}`, issues } }
  }
  try {
    const handler = handlers[channel] as (req: unknown) => unknown
    const data = await handler(parsed.data)
    if (options.validateResponses) {
      const checked = spec.response.safeParse(data)
      if (!checked.success) {
        throw new Error(`response of ${channel} breaks the contract: ${describeIssues(issuesFromZod(checked.error))}`)
      }
    }
    return { ok: true, data }
  } catch (err) {
    const body = errorBodyOf(err)
    if (body) return { ok: false, error: body }
    options.onInternalError?.(channel, err)
    return {
      ok: false,
      error: { code: 'INTERNAL', message: `${channel} failed unexpectedly: ${err instanceof Error ? err.message : String(err)}`, issues: [] }
    }
  }
}

/**
 * The whole of a request's handling from its body as the web host received it: JSON parsing, the
 * shape and schema checks, the handler and the answer's JSON text. Pool workers run it for the
 * stateless channels, so a 16 MiB body is parsed, validated and answered off the thread that
 * answers requests (the host only reads the bytes and writes the text).
 */
/** A request's whole answer as the web host sends it: status, JSON text, and the error code when refused. */
export interface BodyAnswer {
  status: number
  text: string
  code: ErrorBody['code'] | null
}

export async function dispatchBody(handlers: Handlers, channel: string, body: string, options: DispatchOptions = {}): Promise<BodyAnswer> {
  let raw: unknown = {}
  if (body.length > 0) {
    try {
      raw = JSON.parse(body)
    } catch (err) {
      return { status: 400, code: 'BAD_REQUEST', text: JSON.stringify({ error: { code: 'BAD_REQUEST', message: `Request body is not valid JSON: ${(err as Error).message}`, issues: [{ path: '', message: 'not valid JSON' }] } }) }
    }
  }
  const result = await dispatch(handlers, channel, raw, options)
  return result.ok ? { status: 200, text: JSON.stringify(result.data), code: null } : { status: httpStatusOf(result.error.code), text: JSON.stringify({ error: result.error }), code: result.error.code }
}

/**
 * Channels whose whole dispatch runs in a worker (the hosts' stateless channels): the web host hands
 * over the body text, the desktop host the request Electron delivered.
 */
export interface Offloader {
  readonly channels: ReadonlySet<string>
  body(channel: string, body: string): Promise<BodyAnswer>
  request(channel: string, raw: unknown): Promise<Envelope<unknown>>
  /** A large body decoded and parsed as JSON in a worker (the request thread only receives the value). */
  parseJson(bytes: Uint8Array): Promise<ParsedBody>
}

/** A body parsed: its value, or why it is not JSON (JSON.parse's own message). */
export type ParsedBody = { ok: true; value: unknown } | { ok: false; message: string }

/** Decodes and parses a body, in whichever thread runs it. */
export function parseBody(bytes: Uint8Array): ParsedBody {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder().decode(bytes)) as unknown }
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) }
  }
}

/** HTTP status for an error code (browser mode). */
export function httpStatusOf(code: ErrorBody['code']): number {
  switch (code) {
    case 'BAD_REQUEST':
    case 'VALIDATION':
      return 400
    case 'UNAUTHORIZED':
      return 401
    case 'FORBIDDEN':
      return 403
    case 'NOT_FOUND':
    case 'UNKNOWN_CHANNEL':
      return 404
    case 'CONFLICT':
      return 409
    case 'PAYLOAD_TOO_LARGE':
      return 413
    default:
      return 500
  }
}
