/**
 * An EventBridge event bus: rules, targets, event routing and a delivery log.
 *
 * API semantics follow the Amazon EventBridge API Reference:
 * - PutRule: creates or replaces a rule; rules are enabled by default; targets stay attached.
 *   Rule name 1–64 characters of `[.\-_A-Za-z0-9]`; EventPattern at most 4096 characters;
 *   Description at most 512 characters (Rule data type).
 * - RuleState: DISABLED matches nothing; ENABLED matches everything except read-only management
 *   events delivered through CloudTrail; ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS matches those
 *   too (PutRule State; EventBridge User Guide, "Receiving read-only management events from AWS
 *   services").
 * - PutTargets: at most 10 entries per request and five targets per rule; an existing target Id
 *   is updated. Target Id 1–64 characters of `[.\-_A-Za-z0-9]`; Input is JSON text passed to the
 *   target instead of the event.
 * - DeleteRule: the rule's targets must be removed first (RemoveTargets).
 *
 * The bus is pure: delivering to a target means appending to the delivery log and, when a handler
 * is registered for the target's `kind`, calling it. Later parts of the sandbox register handlers
 * (start a pipeline, roll back a deployment, notify).
 */
import { LabError, type ErrorIssue } from '../../../shared/errors'
import { formatIsoSeconds } from '../cloudtrail/record'
import { API_CALL_VIA_CLOUDTRAIL, type EventBridgeEvent } from './events'
import { compileEventPattern, matchesPattern, type CompiledPattern, type EventPattern } from './pattern'

export type RuleState = 'ENABLED' | 'DISABLED' | 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS'
export const RULE_STATES: readonly RuleState[] = ['ENABLED', 'DISABLED', 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS']

/** What the simulated target does; open-ended so later parts can add kinds. */
export type TargetKind = 'notify' | 'startPipeline' | 'rollbackDeployment' | 'invokeFunction' | (string & {})

export interface Target {
  Id: string
  Arn: string
  kind: TargetKind
  /** JSON text sent to the target instead of the matched event. */
  Input?: string
}

export interface PutRuleRequest {
  Name: string
  /** JSON text as in the API, or the pattern object. */
  EventPattern: string | EventPattern
  State?: RuleState
  Description?: string
}

export interface RuleDescription {
  Name: string
  Arn: string
  EventPattern: string
  State: RuleState
  Description?: string
  EventBusName: string
}

export interface FailedTargetEntry {
  TargetId: string
  ErrorCode: string
  ErrorMessage: string
}

export interface TargetsResult {
  FailedEntryCount: number
  FailedEntries: FailedTargetEntry[]
}

export interface TargetInvocation {
  ruleName: string
  target: Target
  event: EventBridgeEvent<unknown>
  /** The event, or the parsed Input when the target sets one. */
  input: unknown
}

export type TargetHandler = (invocation: TargetInvocation) => unknown

export type DeliveryStatus = 'delivered' | 'unhandled' | 'failed'

export interface Delivery {
  ruleName: string
  targetId: string
  targetArn: string
  kind: TargetKind
  event: EventBridgeEvent<unknown>
  input: unknown
  deliveredAt: string
  /** `delivered`: a handler ran; `unhandled`: no handler for the kind; `failed`: the handler threw. */
  status: DeliveryStatus
  result?: unknown
  error?: string
}

export interface PutEventsResult {
  /** For each event, in order, the rules it matched. */
  matches: Array<{ eventId: string; ruleNames: string[] }>
  deliveries: Delivery[]
}

export const MAX_TARGETS_PER_RULE = 5
export const MAX_TARGETS_PER_REQUEST = 10
const MAX_PATTERN_LENGTH = 4096
const MAX_DESCRIPTION_LENGTH = 512
const NAME_RE = /^[.\-_A-Za-z0-9]{1,64}$/
/** Handlers may put events that match other rules; this bounds such chains (see "infinite loop" in the user guide). */
const MAX_CASCADE_DEPTH = 10

interface RuleEntry {
  description: RuleDescription
  compiled: CompiledPattern
  targets: Target[]
}

export interface EventBusOptions {
  account: string
  region: string
  name?: string
}

export class EventBus {
  readonly name: string
  private readonly account: string
  private readonly region: string
  private readonly rules = new Map<string, RuleEntry>()
  private readonly handlers = new Map<string, TargetHandler>()
  private readonly log: Delivery[] = []
  private depth = 0

  constructor(opts: EventBusOptions) {
    this.account = opts.account
    this.region = opts.region
    this.name = opts.name ?? 'default'
  }

  putRule(req: PutRuleRequest): { RuleArn: string } {
    const issues: ErrorIssue[] = []
    if (typeof req.Name !== 'string' || !NAME_RE.test(req.Name)) {
      issues.push({ path: 'Name', message: 'must be 1 to 64 characters: letters, digits, ".", "-" or "_"' })
    }
    const state = req.State ?? 'ENABLED'
    if (!RULE_STATES.includes(state)) issues.push({ path: 'State', message: `must be one of ${RULE_STATES.join(', ')}` })
    if (req.Description !== undefined && (typeof req.Description !== 'string' || req.Description.length > MAX_DESCRIPTION_LENGTH)) {
      issues.push({ path: 'Description', message: `must be a string of at most ${MAX_DESCRIPTION_LENGTH} characters` })
    }
    let compiled: CompiledPattern | undefined
    let patternText = ''
    try {
      compiled = compileEventPattern(req.EventPattern)
      patternText = typeof req.EventPattern === 'string' ? req.EventPattern : JSON.stringify(req.EventPattern)
      if (patternText.length > MAX_PATTERN_LENGTH) {
        issues.push({ path: 'EventPattern', message: `must be at most ${MAX_PATTERN_LENGTH} characters of JSON` })
      }
    } catch (err) {
      if (!(err instanceof LabError)) throw err
      for (const i of err.issues) issues.push({ path: i.path ? `EventPattern.${i.path}` : 'EventPattern', message: i.message })
    }
    throwIfIssues('PutRule request is not valid', issues)

    const arn = this.ruleArn(req.Name)
    const description: RuleDescription = {
      Name: req.Name,
      Arn: arn,
      EventPattern: patternText,
      State: state,
      EventBusName: this.name
    }
    if (req.Description !== undefined) description.Description = req.Description
    const existing = this.rules.get(req.Name)
    this.rules.set(req.Name, { description, compiled: compiled as CompiledPattern, targets: existing?.targets ?? [] })
    return { RuleArn: arn }
  }

  describeRule(name: string): RuleDescription {
    return { ...this.requireRule(name).description }
  }

  enableRule(name: string): void {
    this.requireRule(name).description.State = 'ENABLED'
  }

  disableRule(name: string): void {
    this.requireRule(name).description.State = 'DISABLED'
  }

  /** Rules whose name starts with NamePrefix, sorted by name so the list is stable. */
  listRules(req: { NamePrefix?: string } = {}): { Rules: RuleDescription[] } {
    const rules = [...this.rules.values()]
      .map((r) => ({ ...r.description }))
      .filter((r) => req.NamePrefix === undefined || r.Name.startsWith(req.NamePrefix))
      .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))
    return { Rules: rules }
  }

  deleteRule(name: string): void {
    const rule = this.requireRule(name)
    if (rule.targets.length > 0) {
      throw new LabError('CONFLICT', `Name: rule "${name}" still has targets; remove them with RemoveTargets first`, [
        { path: 'Name', message: 'remove the rule\'s targets before deleting it' }
      ])
    }
    this.rules.delete(name)
  }

  putTargets(req: { Rule: string; Targets: Target[] }): TargetsResult {
    const rule = this.requireRule(req.Rule)
    const issues: ErrorIssue[] = []
    if (!Array.isArray(req.Targets) || req.Targets.length < 1 || req.Targets.length > MAX_TARGETS_PER_REQUEST) {
      issues.push({ path: 'Targets', message: `must list 1 to ${MAX_TARGETS_PER_REQUEST} targets` })
      throwIfIssues('PutTargets request is not valid', issues)
    }
    req.Targets.forEach((t, i) => issues.push(...targetIssues(t, `Targets[${i}]`)))
    const ids = req.Targets.map((t) => t.Id)
    if (new Set(ids).size !== ids.length) issues.push({ path: 'Targets', message: 'target Ids must be unique within the request' })
    throwIfIssues('PutTargets request is not valid', issues)

    const merged = [...rule.targets]
    for (const t of req.Targets) {
      const copy: Target = { Id: t.Id, Arn: t.Arn, kind: t.kind }
      if (t.Input !== undefined) copy.Input = t.Input
      const at = merged.findIndex((m) => m.Id === t.Id)
      if (at >= 0) merged[at] = copy
      else merged.push(copy)
    }
    if (merged.length > MAX_TARGETS_PER_RULE) {
      throw new LabError(
        'VALIDATION',
        `Targets: a rule can have at most ${MAX_TARGETS_PER_RULE} targets; this request would give "${req.Rule}" ${merged.length} (LimitExceededException)`,
        [{ path: 'Targets', message: `a rule can have at most ${MAX_TARGETS_PER_RULE} targets` }]
      )
    }
    rule.targets = merged
    return { FailedEntryCount: 0, FailedEntries: [] }
  }

  /** Removes targets by Id; Ids the rule does not have come back in FailedEntries. */
  removeTargets(req: { Rule: string; Ids: string[] }): TargetsResult {
    const rule = this.requireRule(req.Rule)
    const failed: FailedTargetEntry[] = []
    for (const id of req.Ids) {
      if (!rule.targets.some((t) => t.Id === id)) {
        failed.push({ TargetId: id, ErrorCode: 'ResourceNotFoundException', ErrorMessage: `rule "${req.Rule}" has no target "${id}"` })
      }
    }
    rule.targets = rule.targets.filter((t) => !req.Ids.includes(t.Id))
    return { FailedEntryCount: failed.length, FailedEntries: failed }
  }

  listTargetsByRule(ruleName: string): { Targets: Target[] } {
    return { Targets: this.requireRule(ruleName).targets.map((t) => ({ ...t })) }
  }

  /** Registers what happens when a target of this kind is invoked; replaces an earlier handler. */
  registerTargetKind(kind: TargetKind, handler: TargetHandler): void {
    this.handlers.set(kind, handler)
  }

  /**
   * Routes events to the targets of every matching rule, in rule-creation order, and returns what
   * happened. `nowMs` is the simulated delivery time.
   */
  putEvents(events: Array<EventBridgeEvent<unknown>>, nowMs: number): PutEventsResult {
    events.forEach((e, i) => {
      const problem = envelopeProblem(e)
      if (problem) throw new LabError('VALIDATION', `events[${i}]: ${problem}`, [{ path: `events[${i}]`, message: problem }])
    })
    if (this.depth >= MAX_CASCADE_DEPTH) {
      throw new LabError(
        'CONFLICT',
        `events: target handlers put events ${MAX_CASCADE_DEPTH} levels deep; a rule is probably triggering itself`,
        [{ path: 'events', message: 'possible event loop between rules and targets' }]
      )
    }
    this.depth++
    try {
      const result: PutEventsResult = { matches: [], deliveries: [] }
      for (const event of events) {
        const ruleNames: string[] = []
        for (const rule of this.rules.values()) {
          if (!ruleReceives(rule.description.State, event)) continue
          if (!matchesPattern(rule.compiled, event)) continue
          ruleNames.push(rule.description.Name)
          for (const target of rule.targets) result.deliveries.push(this.deliver(rule.description.Name, target, event, nowMs))
        }
        result.matches.push({ eventId: event.id, ruleNames })
      }
      return result
    } finally {
      this.depth--
    }
  }

  /** Every delivery so far, oldest first. */
  deliveryLog(): Delivery[] {
    return [...this.log]
  }

  private deliver(ruleName: string, target: Target, event: EventBridgeEvent<unknown>, nowMs: number): Delivery {
    const input = target.Input === undefined ? event : JSON.parse(target.Input)
    const delivery: Delivery = {
      ruleName,
      targetId: target.Id,
      targetArn: target.Arn,
      kind: target.kind,
      event,
      input,
      deliveredAt: formatIsoSeconds(nowMs),
      status: 'unhandled'
    }
    // Logged before the handler runs, so deliveries caused by the handler come after this one.
    this.log.push(delivery)
    const handler = this.handlers.get(target.kind)
    if (handler) {
      try {
        delivery.result = handler({ ruleName, target: { ...target }, event, input })
        delivery.status = 'delivered'
      } catch (err) {
        delivery.status = 'failed'
        delivery.error = err instanceof Error ? err.message : String(err)
      }
    }
    return delivery
  }

  private ruleArn(name: string): string {
    const path = this.name === 'default' ? name : `${this.name}/${name}`
    return `arn:aws:events:${this.region}:${this.account}:rule/${path}`
  }

  private requireRule(name: string): RuleEntry {
    const rule = this.rules.get(name)
    if (!rule) {
      throw new LabError('NOT_FOUND', `Rule: no rule named "${name}" on event bus "${this.name}" (ResourceNotFoundException)`, [
        { path: 'Rule', message: `no rule named "${name}"` }
      ])
    }
    return rule
  }
}

/**
 * ENABLED rules skip read-only management events delivered through CloudTrail. The user guide adds
 * that read-only events whose names do not start with Describe, Get or List were already delivered,
 * so only those prefixes are held back.
 */
function ruleReceives(state: RuleState, event: EventBridgeEvent<unknown>): boolean {
  if (state === 'DISABLED') return false
  if (state === 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS') return true
  if (event['detail-type'] !== API_CALL_VIA_CLOUDTRAIL) return true
  const d = event.detail as { readOnly?: unknown; managementEvent?: unknown; eventName?: unknown }
  const heldBack =
    d.readOnly === true && d.managementEvent !== false && typeof d.eventName === 'string' && /^(Describe|Get|List)/.test(d.eventName)
  return !heldBack
}

function targetIssues(t: Partial<Target>, path: string): ErrorIssue[] {
  const issues: ErrorIssue[] = []
  if (typeof t.Id !== 'string' || !NAME_RE.test(t.Id)) {
    issues.push({ path: `${path}.Id`, message: 'must be 1 to 64 characters: letters, digits, ".", "-" or "_"' })
  }
  if (typeof t.Arn !== 'string' || !t.Arn.startsWith('arn:')) issues.push({ path: `${path}.Arn`, message: 'must be an ARN' })
  if (typeof t.kind !== 'string' || t.kind === '') issues.push({ path: `${path}.kind`, message: 'must name the target kind' })
  if (t.Input !== undefined) {
    let ok = typeof t.Input === 'string'
    if (ok) {
      try {
        JSON.parse(t.Input as string)
      } catch {
        ok = false
      }
    }
    if (!ok) issues.push({ path: `${path}.Input`, message: 'must be valid JSON text' })
  }
  return issues
}

function envelopeProblem(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return 'must be an event object'
  const ev = e as Partial<EventBridgeEvent<unknown>>
  if (typeof ev.id !== 'string' || ev.id === '') return 'id must be a non-empty string'
  if (typeof ev.source !== 'string' || ev.source === '') return 'source must be a non-empty string'
  if (typeof ev['detail-type'] !== 'string' || ev['detail-type'] === '') return 'detail-type must be a non-empty string'
  if (typeof ev.detail !== 'object' || ev.detail === null || Array.isArray(ev.detail)) return 'detail must be a JSON object'
  return undefined
}

function throwIfIssues(message: string, issues: ErrorIssue[]): void {
  if (issues.length === 0) return
  throw new LabError('VALIDATION', `${message}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)
}
