/**
 * Composite alarms: parse an AlarmRule expression and evaluate it over the state timelines of the
 * alarms it names.
 *
 * Syntax, from the CloudWatch API reference, PutCompositeAlarm `AlarmRule`:
 * - functions ALARM("name"), OK("name"), INSUFFICIENT_DATA("name") are TRUE when the named alarm
 *   (metric or composite, by name or ARN) is in that state; TRUE and FALSE are constants;
 * - operators AND, OR, NOT, with parentheses to group;
 * - "Alarm names specified in AlarmRule can be surrounded with double-quotes ("), but do not have
 *   to be";
 * - AlarmRule is 1 to 10240 characters; "The AlarmRule can specify as many as 100 "children" alarms. The
 *   AlarmRule expression can have as many as 500 elements. Elements are child alarms, TRUE or FALSE
 *   statements, and parentheses." The user guide ("Create a composite alarm") adds: "A pair of
 *   parentheses counts as one element." Each ALARM(…)/OK(…)/INSUFFICIENT_DATA(…) counts, even for an
 *   alarm already named; AND, OR and NOT do not.
 * The reference gives no precedence table; the sandbox uses the usual Boolean one, NOT before AND
 * before OR, each binary operator grouping left to right. Keywords are upper case, as in every AWS
 * example. A parenthesised rule means the same under any precedence, and error messages suggest
 * parentheses.
 *
 * State: a composite alarm is ALARM when its rule is TRUE and OK when it is FALSE; PutCompositeAlarm:
 * "When this operation creates an alarm, the alarm state is immediately set to INSUFFICIENT_DATA …
 * For a composite alarm, this initial time after creation is the only time that the alarm can be in
 * INSUFFICIENT_DATA state."
 */
import { LabError, invalidField } from '../../../shared/errors'
import type { AlarmState } from './types'
import { STATE_ALARM, STATE_OK, stateCode, stateName } from './alarm-evaluator'

export type AlarmRuleNode =
  | { type: 'state'; state: AlarmState; alarm: string }
  | { type: 'constant'; value: boolean }
  | { type: 'not'; operand: AlarmRuleNode }
  | { type: 'and' | 'or'; left: AlarmRuleNode; right: AlarmRuleNode }

export const MAX_ALARM_RULE_LENGTH = 10_240
export const MAX_RULE_ALARMS = 100
export const MAX_RULE_ELEMENTS = 500

const FUNCTIONS: readonly AlarmState[] = ['ALARM', 'OK', 'INSUFFICIENT_DATA']
const KEYWORDS: readonly string[] = [...FUNCTIONS, 'TRUE', 'FALSE', 'NOT', 'AND', 'OR']

/** Parse an AlarmRule. Errors are VALIDATION LabErrors on `AlarmRule` naming the 1-based character position and what was expected there. */
export function parseAlarmRule(rule: string): AlarmRuleNode {
  if (typeof rule !== 'string' || rule.trim().length === 0) throw invalidField('AlarmRule', 'must be a non-empty expression such as ALARM("cpu-high") AND NOT ALARM("deploying")')
  if (rule.length > MAX_ALARM_RULE_LENGTH) throw invalidField('AlarmRule', `must be at most ${MAX_ALARM_RULE_LENGTH} characters (it has ${rule.length})`)
  const parser = new RuleParser(rule)
  const node = parser.parseRule()
  const names = referencedAlarms(node)
  if (names.length > MAX_RULE_ALARMS) throw invalidField('AlarmRule', `names ${names.length} alarms; a composite alarm can name at most ${MAX_RULE_ALARMS}`)
  if (parser.elements > MAX_RULE_ELEMENTS) {
    throw invalidField(
      'AlarmRule',
      `has ${parser.elements} elements; an AlarmRule can have at most ${MAX_RULE_ELEMENTS}. Elements are child alarms (each ALARM, OK or INSUFFICIENT_DATA function), TRUE or FALSE statements, and parentheses (a pair counts as one).`
    )
  }
  return node
}

/** The distinct alarm names a rule refers to, in order of first appearance. */
export function referencedAlarms(node: AlarmRuleNode): string[] {
  const seen = new Set<string>()
  const walk = (n: AlarmRuleNode): void => {
    if (n.type === 'state') seen.add(n.alarm)
    else if (n.type === 'not') walk(n.operand)
    else if (n.type === 'and' || n.type === 'or') {
      walk(n.left)
      walk(n.right)
    }
  }
  walk(node)
  return [...seen]
}

class RuleParser {
  private pos = 0
  /** Child alarms, TRUE/FALSE statements and parenthesis pairs seen so far. */
  elements = 0

  constructor(private readonly src: string) {}

  parseRule(): AlarmRuleNode {
    const node = this.parseOr()
    this.skipSpace()
    if (this.pos < this.src.length) {
      this.fail(this.src[this.pos] === ')' ? 'AND, OR or the end of the rule (this ")" has no matching "(")' : 'AND, OR or the end of the rule')
    }
    return node
  }

  private parseOr(): AlarmRuleNode {
    let left = this.parseAnd()
    while (this.acceptKeyword('OR')) left = { type: 'or', left, right: this.parseAnd() }
    return left
  }

  private parseAnd(): AlarmRuleNode {
    let left = this.parseNot()
    while (this.acceptKeyword('AND')) left = { type: 'and', left, right: this.parseNot() }
    return left
  }

  private parseNot(): AlarmRuleNode {
    if (this.acceptKeyword('NOT')) return { type: 'not', operand: this.parseNot() }
    return this.parsePrimary()
  }

  private parsePrimary(): AlarmRuleNode {
    this.skipSpace()
    const expected = 'ALARM(…), OK(…), INSUFFICIENT_DATA(…), TRUE, FALSE, NOT or "("'
    if (this.pos >= this.src.length) this.fail(expected)
    if (this.src[this.pos] === '(') {
      this.pos++
      this.elements++
      const inner = this.parseOr()
      this.skipSpace()
      if (this.src[this.pos] !== ')') this.fail('")" to close the "(" group')
      this.pos++
      return inner
    }
    const start = this.pos
    const word = this.readWord()
    if (word === 'TRUE' || word === 'FALSE') {
      this.elements++
      return { type: 'constant', value: word === 'TRUE' }
    }
    if ((FUNCTIONS as readonly string[]).includes(word)) {
      this.elements++
      this.skipSpace()
      if (this.src[this.pos] !== '(') this.fail(`"(" after ${word}, then an alarm name`)
      this.pos++
      const alarm = this.readAlarmName()
      return { type: 'state', state: word as AlarmState, alarm }
    }
    this.pos = start
    if (word.length > 0 && KEYWORDS.includes(word.toUpperCase())) {
      this.fail(`${expected} (keywords are upper case: ${word.toUpperCase()})`)
    }
    this.fail(expected)
  }

  /** Inside `FUNC(`: a double-quoted name, or an unquoted one running to the closing parenthesis. */
  private readAlarmName(): string {
    this.skipSpace()
    let name: string
    if (this.src[this.pos] === '"') {
      const close = this.src.indexOf('"', this.pos + 1)
      if (close < 0) this.fail('a closing double quote (") after the alarm name')
      name = this.src.slice(this.pos + 1, close)
      this.pos = close + 1
      this.skipSpace()
      if (this.src[this.pos] !== ')') this.fail('")" after the quoted alarm name')
    } else {
      const start = this.pos
      while (this.pos < this.src.length && this.src[this.pos] !== ')') {
        const ch = this.src[this.pos]
        if (ch === '(' || ch === '"') this.fail('an alarm name followed by ")"; an unquoted name cannot contain "(" or a double quote')
        this.pos++
      }
      if (this.pos >= this.src.length) this.fail('")" after the alarm name')
      name = this.src.slice(start, this.pos).trim()
      if (name.length === 0) {
        this.pos = start
        this.fail('an alarm name or ARN')
      }
    }
    if (name.length === 0) this.fail('an alarm name or ARN between the quotes')
    this.pos++ // the ")"
    return name
  }

  private acceptKeyword(keyword: string): boolean {
    this.skipSpace()
    const start = this.pos
    if (this.readWord() === keyword) return true
    this.pos = start
    return false
  }

  private readWord(): string {
    const start = this.pos
    while (this.pos < this.src.length && /[A-Za-z_]/.test(this.src[this.pos])) this.pos++
    return this.src.slice(start, this.pos)
  }

  private skipSpace(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++
  }

  private fail(expected: string): never {
    const found = this.pos >= this.src.length ? 'the end of the rule' : `"${this.src.slice(this.pos, this.pos + 12)}"`
    const message = `at character ${this.pos + 1}: expected ${expected}, found ${found}`
    throw new LabError('VALIDATION', `AlarmRule: ${message}`, [{ path: 'AlarmRule', message }])
  }
}

export interface CompositeHistoryItem {
  /** Index into the state timeline. */
  index: number
  /** Evaluation time, when `timestamps` were given. */
  timestamp?: number
  oldState: AlarmState
  newState: AlarmState
  /** e.g. "cpu-high transitioned to ALARM at Friday 22 July, 2022 15:57:45 UTC". */
  reason: string
  reasonData: { triggeringAlarms: { name: string; state: { value: AlarmState; timestamp?: number } }[] }
}

export interface CompositeTimeline {
  /** State code after each evaluation (see ALARM_STATES). */
  states: Uint8Array
  /** State changes only. */
  history: CompositeHistoryItem[]
}

export interface CompositeOptions {
  /** Default INSUFFICIENT_DATA, the state of a newly created composite alarm. */
  initialState?: AlarmState
  /** Evaluation time (epoch ms) of each index, for history timestamps and reasons. */
  timestamps?: ArrayLike<number>
}

/**
 * Evaluate a composite alarm at every index of its children's state timelines (all on the same
 * grid: index i is the same evaluation time for every child). `children` maps each alarm name in
 * the rule to its state codes.
 */
export function evaluateCompositeAlarm(
  rule: string | AlarmRuleNode,
  children: Readonly<Record<string, ArrayLike<number>>>,
  options: CompositeOptions = {}
): CompositeTimeline {
  const ast = typeof rule === 'string' ? parseAlarmRule(rule) : rule
  const names = referencedAlarms(ast)
  const unknown = names.filter((name) => !Object.prototype.hasOwnProperty.call(children, name))
  if (unknown.length > 0) {
    throw new LabError(
      'VALIDATION',
      `AlarmRule names alarms that do not exist: ${unknown.join(', ')}`,
      unknown.map((name) => ({ path: 'AlarmRule', message: `no alarm named "${name}"` }))
    )
  }
  const lengths = new Set(names.map((name) => children[name].length))
  if (lengths.size > 1) throw invalidField('children', 'every child state timeline must have the same length (the same evaluation grid)')
  const n = names.length > 0 ? children[names[0]].length : (options.timestamps?.length ?? 0)
  if (options.timestamps && options.timestamps.length !== n) throw invalidField('timestamps', `must have one entry per evaluation (${n})`)

  const truth = ruleColumn(ast, children, n)
  const states = new Uint8Array(n)
  const history: CompositeHistoryItem[] = []
  let previous = stateCode(options.initialState ?? 'INSUFFICIENT_DATA')
  const timestamps = options.timestamps
  for (let i = 0; i < n; i++) {
    const s = truth[i] === 1 ? STATE_ALARM : STATE_OK
    states[i] = s
    if (s === previous) continue
    const time = timestamps ? timestamps[i] : undefined
    const triggering = names
      .filter((name) => i === 0 || children[name][i] !== children[name][i - 1])
      .map((name) => ({ name, state: { value: stateName(children[name][i]), ...(time !== undefined ? { timestamp: time } : {}) } }))
    const first = triggering[0]
    const reason = first
      ? `${first.name} transitioned to ${first.state.value}${time !== undefined ? ` at ${formatCompositeTime(time)}` : ''}`
      : `AlarmRule evaluated to ${s === STATE_ALARM ? 'TRUE' : 'FALSE'}`
    history.push({
      index: i,
      ...(time !== undefined ? { timestamp: time } : {}),
      oldState: stateName(previous),
      newState: stateName(s),
      reason,
      reasonData: { triggeringAlarms: triggering }
    })
    previous = s
  }
  return { states, history }
}

/**
 * The rule's value (1 = TRUE, 0 = FALSE) at each of the `n` indices, worked out a node at a time
 * over whole columns: a few tight loops instead of a tree of function calls per index. The rule has
 * no side effects, so evaluating both sides of AND / OR gives what short-circuiting would.
 */
function ruleColumn(node: AlarmRuleNode, children: Readonly<Record<string, ArrayLike<number>>>, n: number): Uint8Array {
  switch (node.type) {
    case 'constant':
      return new Uint8Array(n).fill(node.value ? 1 : 0)
    case 'state': {
      const series = children[node.alarm]
      const code = stateCode(node.state)
      const out = new Uint8Array(n)
      for (let i = 0; i < n; i++) out[i] = series[i] === code ? 1 : 0
      return out
    }
    case 'not': {
      const out = ruleColumn(node.operand, children, n)
      for (let i = 0; i < n; i++) out[i] ^= 1
      return out
    }
    case 'and': {
      const out = ruleColumn(node.left, children, n)
      const right = ruleColumn(node.right, children, n)
      for (let i = 0; i < n; i++) out[i] &= right[i]
      return out
    }
    case 'or': {
      const out = ruleColumn(node.left, children, n)
      const right = ruleColumn(node.right, children, n)
      for (let i = 0; i < n; i++) out[i] |= right[i]
      return out
    }
  }
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** CloudWatch's composite-reason time form: "Friday 22 July, 2022 15:57:45 UTC". */
export function formatCompositeTime(epochMs: number): string {
  const t = new Date(epochMs)
  const p = (k: number): string => (k < 10 ? `0${k}` : String(k))
  return `${WEEKDAYS[t.getUTCDay()]} ${p(t.getUTCDate())} ${MONTHS[t.getUTCMonth()]}, ${t.getUTCFullYear()} ${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())} UTC`
}
