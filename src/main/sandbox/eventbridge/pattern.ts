/**
 * EventBridge event patterns: validation with learner-readable errors, and matching.
 *
 * Rules come from the Amazon EventBridge User Guide:
 * - "Amazon EventBridge event patterns" / "Event pattern syntax": a pattern has the event's structure;
 *   values to match sit in arrays (any element may match); every field named in the pattern must
 *   match (AND); fields the pattern does not name are ignored; strings match character by character.
 * - "Arrays in Amazon EventBridge event patterns": if the event value is an array, the field matches
 *   when the pattern array and the event array intersect.
 * - "Matching null values and empty strings": `[null]` and `[""]` are different and match only
 *   `null` and `""`.
 * - "Content filtering in Amazon EventBridge event patterns" and "Comparison operators for use in
 *   event patterns": prefix, suffix (each optionally with equals-ignore-case), equals-ignore-case,
 *   wildcard, anything-but (value, list, prefix, suffix, equals-ignore-case, wildcard), numeric,
 *   cidr, exists and $or. Exists works on leaf nodes only.
 * Details the user guide leaves open follow AWS's open-source matcher, aws/event-ruler (README and
 * JsonRuleCompiler): a numeric range gives the lower bound first; anything-but lists hold only
 * strings or only numbers; anything-but prefix/suffix must not be empty; wildcards may not be
 * consecutive and a backslash escapes only `*` or `\`; `$or` needs at least two alternatives.
 *
 * Known difference: AWS compares numbers by their JSON text (300 and 300.0 differ in exact matching);
 * once JSON is parsed those are the same JavaScript number, so the sandbox treats them as equal.
 */
import { LabError, type ErrorIssue } from '../../../shared/errors'

export type JsonScalar = string | number | boolean | null

/** A pattern as written by a learner: JSON object of nested fields, value lists and `$or`. */
export interface EventPattern {
  [field: string]: unknown
}

export type Matcher =
  | { kind: 'exact'; value: JsonScalar }
  | { kind: 'prefix'; value: string; ignoreCase: boolean }
  | { kind: 'suffix'; value: string; ignoreCase: boolean }
  | { kind: 'equals-ignore-case'; value: string }
  | { kind: 'wildcard'; regex: RegExp }
  | { kind: 'anything-but'; values: Array<string | number> }
  | { kind: 'anything-but-prefix'; value: string }
  | { kind: 'anything-but-suffix'; value: string }
  | { kind: 'anything-but-ignore-case'; values: string[] }
  | { kind: 'anything-but-wildcard'; regexes: RegExp[] }
  | { kind: 'numeric'; lower?: Bound; upper?: Bound }
  | { kind: 'exists'; value: boolean }
  | { kind: 'cidr'; block: CidrBlock }

export interface Bound {
  value: number
  inclusive: boolean
}

export interface CidrBlock {
  version: 4 | 6
  network: bigint
  prefixLength: number
}

export interface PatternNode {
  fields: Array<{ key: string; node?: PatternNode; matchers?: Matcher[] }>
  or?: PatternNode[]
}

/** A validated pattern ready for repeated matching (the bus keeps one per rule). */
export class CompiledPattern {
  constructor(
    readonly source: EventPattern,
    readonly root: PatternNode
  ) {}
}

export const OPERATORS = [
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'exists',
  'cidr'
] as const

/**
 * Numeric matching is limited to values between -5.0e9 and +5.0e9 inclusive (EventBridge User Guide,
 * "Numeric matching"; older copies of the page said ±1.0e9).
 */
export const NUMERIC_LIMIT = 5e9

const NUMERIC_OPS = ['=', '<', '<=', '>', '>='] as const

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function isScalar(v: unknown): v is JsonScalar {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}

class Compiler {
  readonly issues: ErrorIssue[] = []

  private issue(path: string, message: string): void {
    this.issues.push({ path, message })
  }

  node(value: Record<string, unknown>, path: string): PatternNode {
    const node: PatternNode = { fields: [] }
    const keys = Object.keys(value)
    if (keys.length === 0) {
      this.issue(path, 'must not be an empty object; name at least one field to match')
      return node
    }
    for (const key of keys) {
      const child = value[key]
      const childPath = join(path, key)
      if (key === '$or') {
        node.or = this.or(child, childPath)
      } else if (Array.isArray(child)) {
        node.fields.push({ key, matchers: this.valueList(child, childPath) })
      } else if (isPlainObject(child)) {
        node.fields.push({ key, node: this.node(child, childPath) })
      } else {
        this.issue(
          childPath,
          `a pattern value must be an array, e.g. [${JSON.stringify(child ?? null)}], or an object of nested fields`
        )
      }
    }
    return node
  }

  private or(value: unknown, path: string): PatternNode[] {
    if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
      this.issue(path, '$or must be an array of at least two pattern objects, e.g. [{"a": ["x"]}, {"b": ["y"]}]')
      return []
    }
    return value.map((alt, i) => this.node(alt, `${path}[${i}]`))
  }

  private valueList(list: unknown[], path: string): Matcher[] {
    if (list.length === 0) {
      this.issue(path, 'must not be an empty array; list at least one value or matcher')
      return []
    }
    const matchers: Matcher[] = []
    list.forEach((item, i) => {
      const m = this.matcher(item, `${path}[${i}]`)
      if (m) matchers.push(m)
    })
    return matchers
  }

  private matcher(item: unknown, path: string): Matcher | undefined {
    if (isScalar(item)) return { kind: 'exact', value: item }
    if (Array.isArray(item)) {
      this.issue(path, 'nested arrays are not allowed; list values directly in the field array')
      return undefined
    }
    if (!isPlainObject(item)) {
      this.issue(path, 'must be a string, number, boolean, null or a matcher object')
      return undefined
    }
    const keys = Object.keys(item)
    if (keys.length !== 1) {
      this.issue(path, `a matcher object must have exactly one operator (one of ${OPERATORS.join(', ')})`)
      return undefined
    }
    const op = keys[0]
    const arg = item[op]
    const argPath = join(path, op)
    switch (op) {
      case 'prefix':
      case 'suffix':
        return this.affix(op, arg, argPath)
      case 'equals-ignore-case':
        if (typeof arg !== 'string') return this.fail(argPath, 'equals-ignore-case takes a string')
        return { kind: 'equals-ignore-case', value: arg }
      case 'wildcard': {
        const regex = this.wildcard(arg, argPath)
        return regex ? { kind: 'wildcard', regex } : undefined
      }
      case 'anything-but':
        return this.anythingBut(arg, argPath)
      case 'numeric':
        return this.numeric(arg, argPath)
      case 'exists':
        if (typeof arg !== 'boolean') return this.fail(argPath, 'exists takes true or false')
        return { kind: 'exists', value: arg }
      case 'cidr': {
        const block = typeof arg === 'string' ? parseCidr(arg) : undefined
        if (!block) return this.fail(argPath, 'cidr takes an IPv4 or IPv6 block such as "10.0.0.0/24"')
        return { kind: 'cidr', block }
      }
      default:
        return this.fail(path, `unknown operator "${op}"; expected one of ${OPERATORS.join(', ')}`)
    }
  }

  private fail(path: string, message: string): undefined {
    this.issue(path, message)
    return undefined
  }

  private affix(op: 'prefix' | 'suffix', arg: unknown, path: string): Matcher | undefined {
    if (typeof arg === 'string') return { kind: op, value: arg, ignoreCase: false }
    if (isPlainObject(arg) && Object.keys(arg).length === 1 && typeof arg['equals-ignore-case'] === 'string') {
      return { kind: op, value: (arg['equals-ignore-case'] as string).toLowerCase(), ignoreCase: true }
    }
    return this.fail(path, `${op} takes a string or {"equals-ignore-case": "<string>"}`)
  }

  private wildcard(arg: unknown, path: string): RegExp | undefined {
    if (typeof arg !== 'string') return this.fail(path, 'wildcard takes a string such as "*.png"')
    const compiled = compileWildcard(arg)
    if (typeof compiled === 'string') return this.fail(path, compiled)
    return compiled
  }

  private anythingBut(arg: unknown, path: string): Matcher | undefined {
    if (typeof arg === 'string' || (typeof arg === 'number' && Number.isFinite(arg))) {
      return { kind: 'anything-but', values: [arg] }
    }
    if (Array.isArray(arg)) {
      const allStrings = arg.length > 0 && arg.every((v) => typeof v === 'string')
      const allNumbers = arg.length > 0 && arg.every((v) => typeof v === 'number' && Number.isFinite(v))
      if (!allStrings && !allNumbers) {
        return this.fail(path, 'anything-but takes a non-empty list of only strings or only numbers')
      }
      return { kind: 'anything-but', values: arg as Array<string | number> }
    }
    if (isPlainObject(arg) && Object.keys(arg).length === 1) {
      const [inner] = Object.keys(arg)
      const v = arg[inner]
      const innerPath = join(path, inner)
      switch (inner) {
        case 'prefix':
        case 'suffix':
          // A single non-empty string: "Anything-but matching only works with a single prefix, not a list".
          if (typeof v !== 'string' || v === '') {
            return this.fail(innerPath, `anything-but ${inner} takes one non-empty string`)
          }
          return { kind: inner === 'prefix' ? 'anything-but-prefix' : 'anything-but-suffix', value: v }
        case 'equals-ignore-case': {
          const values = typeof v === 'string' ? [v] : v
          if (!Array.isArray(values) || values.length === 0 || !values.every((s) => typeof s === 'string')) {
            return this.fail(innerPath, 'anything-but equals-ignore-case takes a string or a non-empty list of strings')
          }
          return { kind: 'anything-but-ignore-case', values: values.map((s: string) => s.toLowerCase()) }
        }
        case 'wildcard': {
          const list = typeof v === 'string' ? [v] : v
          if (!Array.isArray(list) || list.length === 0) {
            return this.fail(innerPath, 'anything-but wildcard takes a string or a non-empty list of strings')
          }
          const regexes = list.map((w, i) => this.wildcard(w, typeof v === 'string' ? innerPath : `${innerPath}[${i}]`))
          if (regexes.some((r) => r === undefined)) return undefined
          return { kind: 'anything-but-wildcard', regexes: regexes as RegExp[] }
        }
        default:
          return this.fail(
            path,
            `unknown anything-but operator "${inner}"; expected prefix, suffix, equals-ignore-case or wildcard`
          )
      }
    }
    return this.fail(
      path,
      'anything-but takes a string, a number, a list of strings or numbers, or one of {"prefix"}, {"suffix"}, {"equals-ignore-case"}, {"wildcard"}'
    )
  }

  private numeric(arg: unknown, path: string): Matcher | undefined {
    const shape = 'numeric takes ["<op>", number] or [">" or ">=", low, "<" or "<=", high]'
    if (!Array.isArray(arg) || (arg.length !== 2 && arg.length !== 4)) return this.fail(path, shape)
    for (let i = 0; i < arg.length; i += 2) {
      if (!(NUMERIC_OPS as readonly unknown[]).includes(arg[i])) {
        return this.fail(`${path}[${i}]`, `unknown numeric operator ${JSON.stringify(arg[i])}; expected one of ${NUMERIC_OPS.join(', ')}`)
      }
      const n = arg[i + 1]
      if (typeof n !== 'number' || !Number.isFinite(n)) return this.fail(`${path}[${i + 1}]`, 'must be a number')
      if (Math.abs(n) > NUMERIC_LIMIT) {
        return this.fail(`${path}[${i + 1}]`, `must be between -${NUMERIC_LIMIT.toExponential(1)} and ${NUMERIC_LIMIT.toExponential(1)}`)
      }
    }
    const op1 = arg[0] as (typeof NUMERIC_OPS)[number]
    const n1 = arg[1] as number
    if (arg.length === 2) {
      if (op1 === '=') return { kind: 'numeric', lower: { value: n1, inclusive: true }, upper: { value: n1, inclusive: true } }
      if (op1 === '>' || op1 === '>=') return { kind: 'numeric', lower: { value: n1, inclusive: op1 === '>=' } }
      return { kind: 'numeric', upper: { value: n1, inclusive: op1 === '<=' } }
    }
    const op2 = arg[2] as (typeof NUMERIC_OPS)[number]
    const n2 = arg[3] as number
    if ((op1 !== '>' && op1 !== '>=') || (op2 !== '<' && op2 !== '<=')) {
      return this.fail(path, 'a numeric range gives the lower bound first: [">" or ">=", low, "<" or "<=", high]')
    }
    if (!(n1 < n2)) return this.fail(path, `the lower bound (${n1}) must be less than the upper bound (${n2})`)
    return {
      kind: 'numeric',
      lower: { value: n1, inclusive: op1 === '>=' },
      upper: { value: n2, inclusive: op2 === '<=' }
    }
  }
}

/**
 * Turns a wildcard string into an anchored regular expression, or returns what is wrong with it.
 * `*` matches zero or more characters; `\*` is a literal asterisk and `\\` a literal backslash.
 */
function compileWildcard(text: string): RegExp | string {
  let source = ''
  let previousWasWildcard = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\\') {
      const next = text[i + 1]
      if (next !== '*' && next !== '\\') return 'a backslash may only escape "*" or "\\"'
      source += next === '*' ? '\\*' : '\\\\'
      i++
      previousWasWildcard = false
    } else if (c === '*') {
      if (previousWasWildcard) return 'consecutive wildcard characters ("**") are not allowed'
      source += '.*'
      previousWasWildcard = true
    } else {
      source += c.replace(/[.+?^${}()|[\]\\/-]/g, '\\$&')
      previousWasWildcard = false
    }
  }
  return new RegExp(`^${source}$`, 's')
}

function parseIPv4(text: string): bigint | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  let value = 0n
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined
    value = (value << 8n) | BigInt(Number(p))
  }
  return value
}

function parseIPv6(text: string): bigint | undefined {
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const head = halves[0] === '' ? [] : halves[0].split(':')
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : halves[1].split(':')) : []
  const missing = 8 - head.length - tail.length
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  let value = 0n
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined
    value = (value << 16n) | BigInt(parseInt(g, 16))
  }
  return value
}

function parseIp(text: string): { version: 4 | 6; value: bigint } | undefined {
  const v4 = parseIPv4(text)
  if (v4 !== undefined) return { version: 4, value: v4 }
  const v6 = text.includes(':') ? parseIPv6(text) : undefined
  return v6 === undefined ? undefined : { version: 6, value: v6 }
}

function parseCidr(text: string): CidrBlock | undefined {
  const [addr, len, extra] = text.split('/')
  if (extra !== undefined || len === undefined || !/^\d{1,3}$/.test(len)) return undefined
  const ip = parseIp(addr)
  if (!ip) return undefined
  const bits = ip.version === 4 ? 32 : 128
  const prefixLength = Number(len)
  if (prefixLength > bits) return undefined
  const shift = BigInt(bits - prefixLength)
  return { version: ip.version, network: ip.value >> shift, prefixLength }
}

function inCidr(value: string, block: CidrBlock): boolean {
  const ip = parseIp(value)
  if (!ip || ip.version !== block.version) return false
  const bits = block.version === 4 ? 32 : 128
  return ip.value >> BigInt(bits - block.prefixLength) === block.network
}

function compileChecked(pattern: unknown): { compiled?: CompiledPattern; issues: ErrorIssue[] } {
  let value = pattern
  if (typeof pattern === 'string') {
    try {
      value = JSON.parse(pattern)
    } catch {
      return { issues: [{ path: '', message: 'the event pattern is not valid JSON' }] }
    }
  }
  if (!isPlainObject(value)) {
    return { issues: [{ path: '', message: 'an event pattern must be a JSON object, e.g. {"source": ["aws.sagemaker"]}' }] }
  }
  const compiler = new Compiler()
  const root = compiler.node(value, '')
  if (compiler.issues.length > 0) return { issues: compiler.issues }
  return { compiled: new CompiledPattern(value, root), issues: [] }
}

function throwPatternIssues(issues: ErrorIssue[]): never {
  const detail = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
  throw new LabError('VALIDATION', `Event pattern is not valid: ${detail}`, issues)
}

/**
 * Checks a pattern (object or JSON text) and returns it as an object. Throws
 * LabError('VALIDATION') listing every problem with its JSON path, e.g. `detail.state.value`.
 */
export function validateEventPattern(pattern: unknown): EventPattern {
  return compileEventPattern(pattern).source
}

/** Validates and compiles a pattern once, for repeated matching. */
export function compileEventPattern(pattern: unknown): CompiledPattern {
  const { compiled, issues } = compileChecked(pattern)
  if (!compiled) throwPatternIssues(issues)
  return compiled
}

/**
 * Does the event match the pattern? Accepts a pattern object, JSON text or a compiled pattern;
 * an invalid pattern throws the same error as validateEventPattern.
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  const compiled = pattern instanceof CompiledPattern ? pattern : compileEventPattern(pattern)
  return matchNode(compiled.root, event)
}

/** An event value that is an array of objects matches a nested pattern when one element does. */
function matchNode(node: PatternNode, value: unknown): boolean {
  if (Array.isArray(value)) {
    const objects = value.filter(isPlainObject)
    if (objects.length === 0) return matchFields(node, undefined)
    return objects.some((o) => matchFields(node, o))
  }
  return matchFields(node, isPlainObject(value) ? value : undefined)
}

function matchFields(node: PatternNode, obj: Record<string, unknown> | undefined): boolean {
  for (const field of node.fields) {
    const value = obj === undefined ? undefined : obj[field.key]
    const ok = field.node ? matchNode(field.node, value) : matchLeaf(field.matchers ?? [], value)
    if (!ok) return false
  }
  if (node.or && !node.or.some((alt) => matchNode(alt, obj))) return false
  return true
}

/**
 * The scalar values at a field: the value itself, or the scalars of an array. Objects are not leaf
 * nodes, so a field holding an object has no leaf values ("Exists matching only works on leaf nodes").
 */
function leafValues(value: unknown): JsonScalar[] {
  if (value === undefined) return []
  if (isScalar(value)) return [value]
  if (Array.isArray(value)) return value.flatMap(leafValues)
  return []
}

function matchLeaf(matchers: Matcher[], value: unknown): boolean {
  const values = leafValues(value)
  return matchers.some((m) => {
    if (m.kind === 'exists') return m.value === values.length > 0
    return values.some((v) => matchValue(m, v))
  })
}

function matchValue(m: Exclude<Matcher, { kind: 'exists' }>, v: JsonScalar): boolean {
  switch (m.kind) {
    case 'exact':
      return v === m.value
    case 'prefix':
      return typeof v === 'string' && (m.ignoreCase ? v.toLowerCase() : v).startsWith(m.value)
    case 'suffix':
      return typeof v === 'string' && (m.ignoreCase ? v.toLowerCase() : v).endsWith(m.value)
    case 'equals-ignore-case':
      return typeof v === 'string' && v.toLowerCase() === m.value.toLowerCase()
    case 'wildcard':
      return typeof v === 'string' && m.regex.test(v)
    case 'anything-but':
      return !m.values.some((x) => x === v)
    case 'anything-but-prefix':
      return typeof v === 'string' && !v.startsWith(m.value)
    case 'anything-but-suffix':
      return typeof v === 'string' && !v.endsWith(m.value)
    case 'anything-but-ignore-case':
      return typeof v === 'string' && !m.values.includes(v.toLowerCase())
    case 'anything-but-wildcard':
      return typeof v === 'string' && !m.regexes.some((r) => r.test(v))
    case 'numeric':
      return (
        typeof v === 'number' &&
        (!m.lower || (m.lower.inclusive ? v >= m.lower.value : v > m.lower.value)) &&
        (!m.upper || (m.upper.inclusive ? v <= m.upper.value : v < m.upper.value))
      )
    case 'cidr':
      return typeof v === 'string' && inCidr(v, m.block)
  }
}
