/**
 * EventBridge event patterns: validation with learner-readable errors, and matching.
 *
 * Rules come from the Amazon EventBridge User Guide:
 * - "Amazon EventBridge event patterns" / "Event pattern syntax": a pattern has the event's structure;
 *   values to match sit in arrays (any element may match); every field named in the pattern must
 *   match (AND); fields the pattern does not name are ignored; strings match character by character.
 *   "When EventBridge compiles event patterns for use, it uses the dot (.) as the joining character",
 *   so `{"detail.state": […]}` and `{"detail": {"state": […]}}` are the same pattern, and a key with
 *   a dot in an event is the same as the nested path (aws/event-ruler README, "Caveat: Compiled rules
 *   and JSON keys with dots", which gives both directions). When one path is given twice, "only the
 *   last one" is used ("Content filtering", note on including a key more than once).
 * - "Arrays in Amazon EventBridge event patterns": if the event value is an array, the field matches
 *   when the pattern array and the event array intersect. Arrays are crushed out of the event, also
 *   when nested ("This works for multi-level arrays too", aws/event-ruler README, "JSON Array
 *   Matching"); fields of one nested pattern must come from the same array element, as in
 *   event-ruler's `rulesForJSONEvent` ("will refuse to recognize any match in which any two fields are
 *   within JSON objects that are in different elements of the same array").
 * - "Matching null values and empty strings": `[null]` and `[""]` are different and match only
 *   `null` and `""`.
 * - "Content filtering in Amazon EventBridge event patterns" and "Comparison operators for use in
 *   event patterns": prefix, suffix (each optionally with equals-ignore-case), equals-ignore-case,
 *   wildcard, anything-but (value, list, prefix, suffix, equals-ignore-case, wildcard), numeric,
 *   cidr, exists and $or. Exists works on leaf nodes only. "Wildcards and event pattern complexity":
 *   "If a rule is too complex, EventBridge returns an InvalidEventPatternException".
 * Details the user guide leaves open follow AWS's open-source matcher, aws/event-ruler (README and
 * JsonRuleCompiler): a numeric range gives the lower bound first; anything-but lists hold only
 * strings or only numbers; anything-but prefix, suffix, equals-ignore-case and wildcard take one
 * string or a list of strings, and prefixes and suffixes must not be empty ("Null prefix/suffix not
 * allowed"); wildcards may not be consecutive and a backslash escapes only `*` or `\`; `$or` needs at
 * least two alternatives, and each `$or` multiplies the branches the rule compiles into.
 *
 * anything-but with prefix, suffix, equals-ignore-case or wildcard excludes only strings: a number,
 * `null` or a boolean is "anything but" the excluded text and matches. event-ruler compares those
 * operators against the JSON text of the value, where a string starts and ends with a quote and a
 * number or `null` does not; AWS agrees (LocalStack's TestEventPattern templates recorded against AWS:
 * content_anything_prefix_int_value, content_anything_wildcard_int and the *_null templates all give
 * true). A missing field still does not match.
 *
 * Limits: a pattern whose `$or` alternatives expand to more than 1,000 branch combinations is refused
 * (issue #7, item 8, from the sandbox's check against AWS). A wildcard is "too complex" when the
 * machine event-ruler builds for it can be in more than MAX_WILDCARD_COMPLEXITY wildcard states at
 * once (its MachineComplexityEvaluator); AWS does not publish its threshold, so the sandbox uses the
 * largest value that agrees with the AWS outcomes on record (see `wildcardComplexity`).
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
  | { kind: 'anything-but-prefix'; values: string[] }
  | { kind: 'anything-but-suffix'; values: string[] }
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

/**
 * One level of a compiled pattern. A key appears at most twice in `fields`: once with matchers (the
 * leaf at that path) and once with a nested node (`{"a": [1], "a.b": [2]}` names both `a` and `a.b`).
 */
export interface PatternNode {
  fields: Array<{ key: string; node?: PatternNode; matchers?: Matcher[] }>
  /** Each group is one `$or`: one of its alternatives must match. Every group must match. */
  or: PatternNode[][]
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

/** The most branch combinations the `$or` alternatives of one pattern may expand to (issue #7, item 8). */
export const MAX_OR_COMBINATIONS = 1000

/**
 * The most wildcard states event-ruler's machine for one field may be in at once. AWS refused
 * `*:*:*:*:*:event-bus/*` (complexity 11 by `wildcardComplexity`) and four `*:stack/<name>/*`
 * wildcards on one field (12); it accepted three of those (9), a `/Users/…/doc.txt` wildcard with one
 * `*` followed by five repeated `/dir` segments (7) and `arn:aws:events:us-east-1:*:event-bus/*` (3).
 * 10 is the largest threshold that agrees with all five.
 */
export const MAX_WILDCARD_COMPLEXITY = 10

/** AWS's wording for a wildcard that is too complex (InvalidEventPatternException, recorded by LocalStack's content_wildcard_complex_EXC). */
export const TOO_COMPLEX_MESSAGE =
  'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character'

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

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined
}

/** One key of a pattern object on its way to a node: the dotted path still to descend, its value, where it was written. */
interface Entry {
  segments: string[]
  value: unknown
  path: string
  /** The key was exactly `$or` (a `$or` reached through a dotted key is a field name, as in event-ruler). */
  or: boolean
}

/** A wildcard met while compiling: the field it applies to, its text and where it was written. */
interface WildcardUse {
  field: string
  text: string
  path: string
}

class Compiler {
  readonly issues: ErrorIssue[] = []
  readonly wildcards: WildcardUse[] = []

  private issue(path: string, message: string): void {
    this.issues.push({ path, message })
  }

  /** The keys of a pattern object as entries, each split at its dots. */
  entries(value: Record<string, unknown>, path: string): Entry[] {
    const keys = Object.keys(value)
    if (keys.length === 0) {
      this.issue(path, 'must not be an empty object; name at least one field to match')
      return []
    }
    return keys.map((key) => ({
      segments: key === '$or' ? [key] : key.split('.'),
      value: value[key],
      path: join(path, key),
      or: key === '$or'
    }))
  }

  /**
   * A node from entries that all sit at `field` (the dotted field path so far). Entries are grouped by
   * their first segment; a later leaf for the same path replaces an earlier one.
   */
  node(entries: Entry[], field: string): PatternNode {
    const node: PatternNode = { fields: [], or: [] }
    const heads = new Map<string, { leaf?: Entry; nested: Entry[] }>()
    const head = (key: string): { leaf?: Entry; nested: Entry[] } => {
      let h = heads.get(key)
      if (!h) heads.set(key, (h = { nested: [] }))
      return h
    }
    for (const e of entries) {
      if (e.or) {
        node.or.push(this.or(e.value, e.path, field))
        continue
      }
      const [first, ...rest] = e.segments
      if (rest.length > 0) {
        head(first).nested.push({ segments: rest, value: e.value, path: e.path, or: false })
      } else if (Array.isArray(e.value)) {
        head(first).leaf = e
      } else if (isPlainObject(e.value)) {
        head(first).nested.push(...this.entries(e.value, e.path))
      } else {
        this.issue(
          e.path,
          `a pattern value must be an array, e.g. [${JSON.stringify(e.value ?? null)}], or an object of nested fields`
        )
      }
    }
    for (const [key, h] of heads) {
      const path = join(field, key)
      if (h.leaf) node.fields.push({ key, matchers: this.valueList(h.leaf.value as unknown[], h.leaf.path, path) })
      if (h.nested.length > 0) node.fields.push({ key, node: this.node(h.nested, path) })
    }
    return node
  }

  private or(value: unknown, path: string, field: string): PatternNode[] {
    if (!Array.isArray(value) || value.length < 2 || !value.every(isPlainObject)) {
      this.issue(path, '$or must be an array of at least two pattern objects, e.g. [{"a": ["x"]}, {"b": ["y"]}]')
      return []
    }
    return value.map((alt, i) => this.node(this.entries(alt, `${path}[${i}]`), field))
  }

  private valueList(list: unknown[], path: string, field: string): Matcher[] {
    if (list.length === 0) {
      this.issue(path, 'must not be an empty array; list at least one value or matcher')
      return []
    }
    const matchers: Matcher[] = []
    list.forEach((item, i) => {
      const m = this.matcher(item, `${path}[${i}]`, field)
      if (m) matchers.push(m)
    })
    return matchers
  }

  private matcher(item: unknown, path: string, field: string): Matcher | undefined {
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
        const regex = this.wildcard(arg, argPath, field)
        return regex ? { kind: 'wildcard', regex } : undefined
      }
      case 'anything-but':
        return this.anythingBut(arg, argPath, field)
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

  private wildcard(arg: unknown, path: string, field: string): RegExp | undefined {
    if (typeof arg !== 'string') return this.fail(path, 'wildcard takes a string such as "*.png"')
    const compiled = compileWildcard(arg)
    if (typeof compiled === 'string') return this.fail(path, compiled)
    this.wildcards.push({ field, text: arg, path })
    return compiled
  }

  /** A string or a non-empty list of strings, as anything-but's prefix, suffix, equals-ignore-case and wildcard take. */
  private stringList(v: unknown, path: string, what: string, nonEmpty: boolean): { text: string; path: string }[] | undefined {
    const single = typeof v === 'string'
    const list = single ? [v] : v
    const shape = `anything-but ${what} takes a${nonEmpty ? ' non-empty' : ''} string or a non-empty list of${nonEmpty ? ' non-empty' : ''} strings`
    if (!Array.isArray(list) || list.length === 0) return this.fail(path, shape)
    const items = list.map((s: unknown, i: number) => ({ s, path: single ? path : `${path}[${i}]` }))
    const bad = items.filter(({ s }) => typeof s !== 'string' || (nonEmpty && s === ''))
    if (bad.length > 0) {
      for (const b of bad) this.issue(b.path, shape)
      return undefined
    }
    return items.map(({ s, path: p }) => ({ text: s as string, path: p }))
  }

  private anythingBut(arg: unknown, path: string, field: string): Matcher | undefined {
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
        case 'suffix': {
          // AWS refuses {"prefix": {"equals-ignore-case": …}} inside anything-but, so only text or a list of text.
          const items = this.stringList(v, innerPath, inner, true)
          if (!items) return undefined
          return { kind: inner === 'prefix' ? 'anything-but-prefix' : 'anything-but-suffix', values: items.map((i) => i.text) }
        }
        case 'equals-ignore-case': {
          const items = this.stringList(v, innerPath, inner, false)
          if (!items) return undefined
          return { kind: 'anything-but-ignore-case', values: items.map((i) => i.text.toLowerCase()) }
        }
        case 'wildcard': {
          const items = this.stringList(v, innerPath, inner, false)
          if (!items) return undefined
          const regexes = items.map((i) => this.wildcard(i.text, i.path, field))
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
 * How many branches the pattern compiles into: event-ruler's JsonRuleCompiler copies the branches
 * built so far once for every `$or` alternative, so a `$or` adds its alternatives' branches and
 * `$or`s in different places multiply.
 */
export function orCombinations(node: PatternNode): number {
  let n = 1
  for (const f of node.fields) if (f.node) n *= orCombinations(f.node)
  for (const group of node.or) n *= group.reduce((sum, alt) => sum + orCombinations(alt), 0)
  return n
}

/** A wildcard as tokens: a literal character, or `*` (STAR). Escapes are already resolved. */
const STAR = -1

function wildcardTokens(text: string): number[] {
  const tokens: number[] = [34] // event-ruler matches string values with their quotes: `"` + text + `"`
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '\\') tokens.push(text.charCodeAt(++i))
    else tokens.push(c === '*' ? STAR : text.charCodeAt(i))
  }
  tokens.push(34)
  return tokens
}

/** Subsets of machine states visited before the sandbox gives up and calls a wildcard too complex. */
const MAX_VISITED_STATE_SETS = 50_000

/**
 * The complexity of the wildcards on one field, as event-ruler's MachineComplexityEvaluator measures
 * it: over every possible input value, the largest sum, across the machine states the value can put
 * the matcher in at once, of the number of wildcard patterns still reachable from each state.
 * Patterns share the states of a common prefix, as in event-ruler's byte machine; a `*` is a state
 * that loops on every character and can be skipped. Exploration stops once the limit is passed.
 */
export function wildcardComplexity(texts: readonly string[], limit = MAX_WILDCARD_COMPLEXITY): number {
  // The trie of token prefixes: children by token, and the patterns reachable from each state.
  const children: Array<Map<number, number>> = [new Map()]
  const token: number[] = [0]
  const reach: Array<Set<number>> = [new Set()]
  texts.forEach((text, p) => {
    let s = 0
    reach[0].add(p)
    for (const t of wildcardTokens(text)) {
      let next = children[s].get(t)
      if (next === undefined) {
        next = children.length
        children.push(new Map())
        token.push(t)
        reach.push(new Set())
        children[s].set(t, next)
      }
      s = next
      reach[s].add(p)
    }
  })
  const closure = (states: Iterable<number>): number[] => {
    const out = new Set<number>()
    const stack = [...states]
    while (stack.length > 0) {
      const s = stack.pop() as number
      if (out.has(s)) continue
      out.add(s)
      const star = children[s].get(STAR)
      if (star !== undefined) stack.push(star)
    }
    return [...out].sort((a, b) => a - b)
  }
  const alphabet = new Set<number>([0]) // 0 stands for any character no pattern names
  for (const t of token) if (t > 0) alphabet.add(t)

  const start = closure([0])
  const seen = new Set<string>([start.join(',')])
  const queue: number[][] = [start]
  let best = 0
  while (queue.length > 0) {
    const states = queue.shift() as number[]
    for (const ch of alphabet) {
      const next: number[] = []
      for (const s of states) {
        if (token[s] === STAR) next.push(s)
        const c = children[s].get(ch)
        if (c !== undefined && ch !== 0) next.push(c)
      }
      if (next.length === 0) continue
      const set = closure(next)
      const key = set.join(',')
      if (seen.has(key)) continue
      seen.add(key)
      let size = 0
      for (const s of set) size += reach[s].size
      if (size > best) best = size
      if (best > limit || seen.size > MAX_VISITED_STATE_SETS) return Math.max(best, limit + 1)
      queue.push(set)
    }
  }
  return best
}

function checkLimits(compiler: Compiler, root: PatternNode): void {
  const combinations = orCombinations(root)
  if (combinations > MAX_OR_COMBINATIONS) {
    compiler.issues.push({
      path: '$or',
      message: `the $or alternatives expand to ${combinations} combinations; EventBridge allows at most ${MAX_OR_COMBINATIONS}. Use fewer alternatives or fewer $or groups.`
    })
  }
  const byField = new Map<string, WildcardUse[]>()
  for (const w of compiler.wildcards) byField.set(w.field, [...(byField.get(w.field) ?? []), w])
  for (const uses of byField.values()) {
    if (wildcardComplexity(uses.map((u) => u.text)) > MAX_WILDCARD_COMPLEXITY) {
      compiler.issues.push({
        path: uses[0].path,
        message: `${TOO_COMPLEX_MESSAGE} (the wildcards on this field can keep more than ${MAX_WILDCARD_COMPLEXITY} matcher states busy at once; the sandbox allows ${MAX_WILDCARD_COMPLEXITY})`
      })
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
  const root = compiler.node(compiler.entries(value, ''), '')
  if (compiler.issues.length === 0) checkLimits(compiler, root)
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
  return matchNode(compiled.root, withDottedKeysNested(event))
}

function hasDottedKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasDottedKey)
  if (!isPlainObject(value)) return false
  for (const key of Object.keys(value)) if (key.includes('.') || hasDottedKey(value[key])) return true
  return false
}

/** Arrays this module made to hold two values that meet at one path (`{"a.b": 1, "a": {"b": 2}}`). */
const mergedValues = new WeakSet<unknown[]>()

/**
 * The event with every dotted key turned into the nested path it stands for, merging objects that
 * meet at one path; two other values at one path become both values of that field. Returns the event
 * itself when no key has a dot, which is nearly always.
 */
function withDottedKeysNested(event: unknown): unknown {
  return hasDottedKey(event) ? nestDottedKeys(event) : event
}

function nestDottedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nestDottedKeys)
  if (!isPlainObject(value)) return value
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
  for (const key of Object.keys(value)) {
    const segments = key.split('.')
    let nested: unknown = nestDottedKeys(value[key])
    for (let i = segments.length - 1; i > 0; i--) {
      const level: Record<string, unknown> = Object.create(null) as Record<string, unknown>
      level[segments[i]] = nested
      nested = level
    }
    mergeInto(out, segments[0], nested)
  }
  return out
}

function mergeInto(target: Record<string, unknown>, key: string, value: unknown): void {
  if (!Object.prototype.hasOwnProperty.call(target, key)) {
    target[key] = value
    return
  }
  const existing = target[key]
  if (isPlainObject(existing) && isPlainObject(value)) {
    for (const k of Object.keys(value)) mergeInto(existing, k, value[k])
    return
  }
  if (Array.isArray(existing) && mergedValues.has(existing)) {
    existing.push(value)
    return
  }
  const both = [existing, value]
  mergedValues.add(both)
  target[key] = both
}

/** The objects in an array, at any depth: EventBridge crushes arrays, nested ones too, out of the event. */
function objectsIn(values: unknown[], out: Record<string, unknown>[]): Record<string, unknown>[] {
  for (const v of values) {
    if (Array.isArray(v)) objectsIn(v, out)
    else if (isPlainObject(v)) out.push(v)
  }
  return out
}

/** An event value that is an array of objects matches a nested pattern when one element does. */
function matchNode(node: PatternNode, value: unknown): boolean {
  if (Array.isArray(value)) {
    const objects = objectsIn(value, [])
    if (objects.length === 0) return matchFields(node, undefined)
    return objects.some((o) => matchFields(node, o))
  }
  return matchFields(node, isPlainObject(value) ? value : undefined)
}

function matchFields(node: PatternNode, obj: Record<string, unknown> | undefined): boolean {
  for (const field of node.fields) {
    const value = obj === undefined ? undefined : own(obj, field.key)
    const ok = field.node ? matchNode(field.node, value) : matchLeaf(field.matchers ?? [], value)
    if (!ok) return false
  }
  for (const group of node.or) if (!group.some((alt) => matchNode(alt, obj))) return false
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
    // Only a string can carry the excluded text; a number, null or boolean is anything but it.
    case 'anything-but-prefix':
      return typeof v !== 'string' || !m.values.some((p) => v.startsWith(p))
    case 'anything-but-suffix':
      return typeof v !== 'string' || !m.values.some((s) => v.endsWith(s))
    case 'anything-but-ignore-case':
      return typeof v !== 'string' || !m.values.includes(v.toLowerCase())
    case 'anything-but-wildcard':
      return typeof v !== 'string' || !m.regexes.some((r) => r.test(v))
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
