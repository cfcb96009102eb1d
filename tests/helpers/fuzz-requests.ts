/**
 * Requests for fuzzing every channel of the contract, generated from the channel's own request
 * schema so that a channel added later is fuzzed without anyone writing a generator for it.
 *
 * The zod schema is turned into JSON Schema (`z.toJSONSchema`, zod 4's own converter) and walked
 * to build a plausible request (the right keys, enum members, numbers at and just past their bounds,
 * strings of the allowed length or pattern, ids and names that exist in the host). Most requests
 * then get up to two mutations at random places: a value replaced by a hostile one (the wrong type,
 * a huge or negative number, a long string, a string with U+0000, deep nesting), a key removed, or
 * an extra key added. Beside these, plain arbitrary JSON is sent too. Sizes stay small enough that one
 * request is cheap: the fuzz looks for crashes, the bench measures heavy requests.
 */
import fc from 'fast-check'
import { z } from 'zod'

type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  prefixItems?: JsonSchema[]
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  exclusiveMinimum?: number
  exclusiveMaximum?: number
  minItems?: number
  maxItems?: number
  format?: string
  pattern?: string
}

/** Ids that exist in the host, so near-valid requests get past "not found" and into the handlers. */
export interface KnownValues {
  [fieldName: string]: readonly (string | number)[]
}

const MAX_ARRAY = 12
const MAX_PLAIN_STRING = 40

const NUL_STRING = fc.constantFrom('before\u0000after', '\u0000', 'a\u0000')
const LONG_STRING = fc.integer({ min: 1_000, max: 70_000 }).map((n) => 'x'.repeat(n))
const HUGE_NUMBER = fc.constantFrom(
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  -Number.MAX_SAFE_INTEGER,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53 * 1024,
  -0,
  0.1 + 0.2,
  5e-324
)

/** Objects or arrays nested `depth` deep, around a leaf. */
function nested(depth: number, leaf: unknown, asArray: boolean): unknown {
  let v = leaf
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { k: v }
  return v
}

const DEEP = fc.tuple(fc.integer({ min: 20, max: 400 }), fc.boolean()).map(([d, asArray]) => nested(d, 'leaf', asArray))

/** A value of the wrong kind, or a right-typed one no handler should have to fear. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, '', [], {}, 'null', '[object Object]', '__proto__', 'constructor'),
  HUGE_NUMBER,
  NUL_STRING,
  LONG_STRING,
  DEEP,
  fc.jsonValue({ maxDepth: 3 })
)

function types(node: JsonSchema): string[] {
  if (node.type === undefined) return []
  return Array.isArray(node.type) ? node.type : [node.type]
}

function numberArb(node: JsonSchema, integer: boolean, fieldName: string | undefined, known: KnownValues): fc.Arbitrary<number> {
  const usual = (fieldName ? known[fieldName] : undefined)?.filter((v): v is number => typeof v === 'number') ?? []
  const generic = genericNumberArb(node, integer)
  return usual.length > 0 ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...usual) }, { weight: 1, arbitrary: generic }) : generic
}

function genericNumberArb(node: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const lo = node.minimum ?? node.exclusiveMinimum
  const hi = node.maximum ?? node.exclusiveMaximum
  const edges = [lo, hi, lo !== undefined ? lo - 1 : undefined, hi !== undefined ? hi + 1 : undefined].filter((x): x is number => x !== undefined)
  const min = Math.max(lo ?? -1_000_000, -1_000_000_000)
  const max = Math.min(hi ?? 1_000_000, 1_000_000_000)
  const inside = integer
    ? fc.integer({ min: Math.ceil(Math.min(min, max)), max: Math.floor(Math.max(min, max)) })
    : fc.double({ min: Math.min(min, max), max: Math.max(min, max), noNaN: true, noDefaultInfinity: true })
  return edges.length > 0 ? fc.oneof(inside, fc.constantFrom(...edges)) : inside
}

function stringArb(node: JsonSchema, fieldName: string | undefined, known: KnownValues): fc.Arbitrary<string> {
  if (node.format === 'date-time') return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
  const minLength = node.minLength ?? 0
  const maxLength = Math.max(minLength, Math.min(node.maxLength ?? MAX_PLAIN_STRING, MAX_PLAIN_STRING))
  let plain = fc.string({ minLength: Math.min(minLength, maxLength), maxLength })
  if (node.pattern) plain = fc.stringMatching(new RegExp(node.pattern)).filter((x) => x.length >= minLength && x.length <= (node.maxLength ?? Infinity))
  const edges: fc.Arbitrary<string>[] = []
  if (node.maxLength !== undefined && node.maxLength <= 100_000) edges.push(fc.constant('y'.repeat(node.maxLength)), fc.constant('y'.repeat(node.maxLength + 1)))
  const ids = (fieldName ? known[fieldName] : undefined)?.filter((v): v is string => typeof v === 'string')
  if (ids && ids.length > 0) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ids) }, { weight: 1, arbitrary: plain })
  return edges.length > 0 ? fc.oneof({ weight: 4, arbitrary: plain }, { weight: 1, arbitrary: fc.oneof(...edges) }) : plain
}

/** A plausible value for one JSON Schema node: what a client that read the schema would send. */
function plausible(node: JsonSchema, known: KnownValues, fieldName: string | undefined, depth: number): fc.Arbitrary<unknown> {
  if (depth > 8) return fc.constant(null)
  if ('const' in node) return fc.constant(node.const)
  if (node.enum) return fc.constantFrom(...node.enum)
  const options = node.anyOf ?? node.oneOf
  if (options && options.length > 0) return fc.oneof(...options.map((o) => plausible(o, known, fieldName, depth + 1)))
  if (node.allOf && node.allOf.length > 0) return plausible(Object.assign({}, ...node.allOf) as JsonSchema, known, fieldName, depth)
  const kinds = types(node)
  if (kinds.length > 1) return fc.oneof(...kinds.map((type) => plausible({ ...node, type }, known, fieldName, depth)))
  switch (kinds[0]) {
    case 'object': {
      const props = node.properties ?? {}
      const shape: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [key, child] of Object.entries(props)) shape[key] = plausible(child, known, key, depth + 1)
      const base = fc.record(shape, { requiredKeys: (node.required ?? []).filter((k) => k in props) })
      if (typeof node.additionalProperties !== 'object') return base
      // A record (z.record): its own keys, with values of the declared kind.
      const entries = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), plausible(node.additionalProperties, known, undefined, depth + 1), { maxKeys: 4 })
      return fc.tuple(base, entries).map(([b, e]) => ({ ...e, ...(b as object) }))
    }
    case 'array': {
      if (node.prefixItems) return fc.tuple(...node.prefixItems.map((p) => plausible(p, known, undefined, depth + 1)))
      const item = node.items ? plausible(node.items, known, undefined, depth + 1) : fc.jsonValue({ maxDepth: 1 })
      const maxLength = Math.min(node.maxItems ?? MAX_ARRAY, MAX_ARRAY)
      return fc.array(item, { minLength: Math.min(node.minItems ?? 0, maxLength), maxLength })
    }
    case 'string':
      return stringArb(node, fieldName, known)
    case 'integer':
      return numberArb(node, true, fieldName, known)
    case 'number':
      return numberArb(node, false, fieldName, known)
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    default:
      return fc.jsonValue({ maxDepth: 2 })
  }
}

/** Every place in a JSON value, as paths of keys and indexes; the root is []. */
function placesIn(value: unknown): (string | number)[][] {
  const out: (string | number)[][] = []
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }]
  while (stack.length > 0) {
    const { v, path } = stack.pop() as { v: unknown; path: (string | number)[] }
    out.push(path)
    if (Array.isArray(v)) v.forEach((item, i) => stack.push({ v: item, path: [...path, i] }))
    else if (typeof v === 'object' && v !== null) for (const [k, item] of Object.entries(v)) stack.push({ v: item, path: [...path, k] })
  }
  return out
}

type Mutation = { place: number; kind: 'replace' | 'delete' | 'extra'; value: unknown; key: string }

const mutation: fc.Arbitrary<Mutation> = fc.record({
  place: fc.nat(),
  kind: fc.constantFrom('replace', 'replace', 'replace', 'delete', 'extra'),
  value: hostileValue,
  key: fc.oneof(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom('__proto__', 'constructor', 'toString'))
})

function mutate(value: unknown, mutations: Mutation[]): unknown {
  let root = structuredClone(value)
  for (const m of mutations) {
    const places = placesIn(root)
    const path = places[m.place % places.length]
    if (path.length === 0) {
      if (m.kind === 'replace') root = m.value
      continue
    }
    let parent = root as Record<string | number, unknown>
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>
    const last = path[path.length - 1]
    if (m.kind === 'replace') parent[last] = m.value
    else if (m.kind === 'delete' && !Array.isArray(parent)) delete parent[last]
    else if (m.kind === 'extra' && typeof parent === 'object' && !Array.isArray(parent)) Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, writable: true, configurable: true })
  }
  return root
}

/**
 * Requests for one channel: plausible ones, the same with one or two mutations, and arbitrary JSON.
 */
export function requestsFor(requestSchema: z.ZodType, known: KnownValues): fc.Arbitrary<unknown> {
  const schema = z.toJSONSchema(requestSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
  const valid = plausible(schema, known, undefined, 0)
  const mutated = fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([v, ms]) => mutate(v, ms))
  return fc.oneof({ weight: 2, arbitrary: valid }, { weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }) })
}
