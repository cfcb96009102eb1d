/**
 * CloudWatch in a world: the metric store every publisher writes to, metric alarms evaluated at the
 * end of each of their periods, composite alarms re-evaluated whenever an alarm they name changes
 * state, alarm history, and alarm actions.
 *
 * Sources: CloudWatch user guide, "Using Amazon CloudWatch alarms" (evaluation, M of N, missing
 * data — see alarm-evaluator.ts), "Alarm actions" ("Alarms invoke actions for sustained state
 * changes only"; for Auto Scaling actions "the alarm continues to invoke the action for every
 * period that the alarm remains in the new state"), "Alarm events and EventBridge" (every state
 * change goes to the default bus as "CloudWatch Alarm State Change"), "Combining alarms" (a composite
 * alarm is evaluated when an alarm it names changes state); PutMetricAlarm and PutCompositeAlarm API
 * references ("When this operation creates an alarm, the alarm state is immediately set to
 * INSUFFICIENT_DATA"; an update keeps the state and evaluates the new definition from then on).
 *
 * Periods start when the alarm was last put. A period of 10, 20 or 30 seconds on this sandbox's
 * standard-resolution metrics (one datapoint a minute, stamped at the minute) sees that datapoint in
 * the first period of each minute and nothing in the others, as CloudWatch would.
 */
import { LabError } from '../../../shared/errors'
import type { SandboxAction } from '../../../shared/contract/sandbox'
import { ACCOUNT_ID, REGION, arn } from '../core/account'
import type { IdGenerator } from '../core/ids'
import { MINUTE_MS } from '../core/time'
import type { UserIdentity } from '../cloudtrail/record'
import { buildAlarmStateChangeEvent } from '../eventbridge/events'
import type { ActionHandlers, EventHandlers, Service, ServiceContext } from '../world/service'
import { ALARM_STATES, STATE_ALARM, STATE_INSUFFICIENT_DATA } from './alarm-evaluator'
import { AlarmStepper } from './alarm-stepper'
import { validateMetricAlarm, type MetricAlarmDefinition } from './alarms'
import { evaluateCompositeAlarm, formatCompositeTime, parseAlarmRule, referencedAlarms, type AlarmRuleNode } from './composite'
import { AlarmAction, HistoryItem, StateChanged } from './alarm-records'
import { datapoint, minutesStatistic, noDatapoint, scratch } from './alarm-reads'
import { textOf, type Text } from './lazy-text'
import { CHUNK_MINUTES, metricKey, MetricStore, type GrowingSeries } from './series'
import { computePeriodStatistics, isLowSampleCount, parseStatistic, PeriodStatisticReader, type ParsedStatistic } from './statistics'
import type { AlarmState } from './types'

const SOURCE = 'monitoring.amazonaws.com'
/** Learner alarms a world keeps at most (alarms that auto scaling creates for its policies do not count). */
export const MAX_ALARMS = 50
/** History items kept per alarm, newest; CloudWatch keeps alarm history for two weeks. */
export const MAX_HISTORY_ITEMS = 1000

/** The alarm action ARNs CloudWatch accepts (PutMetricAlarm AlarmActions), as far as the sandbox acts on them. */
const ACTION_ARN = /^arn:aws:(sns|lambda|autoscaling|ssm|ssm-incidents):[a-z0-9-]+:\d{12}:.+$/

export interface StateSegment {
  start: number
  end: number
  state: AlarmState
}

export interface AlarmHistoryEntry {
  timestamp: number
  oldState: AlarmState
  newState: AlarmState
  reason: string
}

interface AlarmBase {
  name: string
  createdAt: number
  state: number
  /** Worded when first read for a metric alarm's state change (lazy-text.ts). */
  stateReason: Text
  stateUpdatedAt: number
  /** State changes, each from the start of the period (metric) or the moment (composite) it took effect. */
  changes: { start: number; state: number }[]
  history: AlarmHistoryEntry[]
  historyDropped: number
  /** The policy that created the alarm (Application Auto Scaling target tracking), if any. */
  managedBy: string | null
}

interface MetricAlarm extends AlarmBase {
  kind: 'metric'
  def: MetricAlarmDefinition
  key: string
  /** The metric's series once it exists (a metric can appear after its alarm). */
  series: GrowingSeries | null
  stat: ParsedStatistic
  statName: string
  /**
   * How a period's value is read, decided once at PutMetricAlarm (the alarm evaluates every period):
   * a basic statistic or a one-minute percentile from the stored minutes, else statistics.ts.
   */
  byMinutes: boolean
  /** The percentile (0–100) of a percentile statistic, else NaN. */
  percentile: number
  /** A percentile with EvaluateLowSampleCountPercentile "ignore": too few samples hold the state. */
  holdsLowSamples: boolean
  /** Periods are counted from here (the last PutMetricAlarm). */
  origin: number
  periodMs: number
  stepper: AlarmStepper
  /** End of the last evaluated period. */
  evaluatedUntil: number
  /** Reads a distribution statistic's period straight from the metric store (made at the first such period). */
  reader: PeriodStatisticReader | undefined
  /**
   * The Auto Scaling actions of each state (indexed by state code), which the alarm re-invokes every
   * period it stays in that state; worked out once at PutMetricAlarm, not every period.
   */
  scalingActions: readonly (readonly string[])[]
  /** Whether `scalingActions` names any action at all (most alarms have none). */
  repeats: boolean
  /** The metric's dimensions as the state change event writes them (each event gets its own copy). */
  dimensions: Record<string, string>
}

export interface CompositeDefinition {
  AlarmName: string
  AlarmRule: string
  AlarmDescription?: string
  ActionsEnabled: boolean
  AlarmActions: string[]
  OKActions: string[]
  InsufficientDataActions: string[]
}

interface CompositeAlarm extends AlarmBase {
  kind: 'composite'
  def: CompositeDefinition
  ast: AlarmRuleNode
  children: string[]
}

type Alarm = MetricAlarm | CompositeAlarm

export interface AlarmSummary {
  AlarmName: string
  type: 'metric' | 'composite'
  StateValue: AlarmState
  StateReason: string
  StateUpdatedTimestamp: number
  /** The scaling policy that manages this alarm, when auto scaling created it. */
  ManagedBy: string | null
}

export interface AlarmDescription extends AlarmSummary {
  definition: Record<string, unknown>
  segments: StateSegment[]
  history: AlarmHistoryEntry[]
  /** History items older than the kept ones. */
  historyDropped: number
}

type Owned = 'PutMetricAlarm' | 'PutCompositeAlarm' | 'DeleteAlarms' | 'DescribeAlarms'

export class CloudWatch implements Service {
  readonly name = 'cloudwatch'
  readonly metrics = new MetricStore()
  private readonly alarms = new Map<string, Alarm>()
  /** The metric alarms in the map's order, evaluated each minute; null when the map changed since. */
  private metricOrder: MetricAlarm[] | null = null
  private readonly ids: IdGenerator

  constructor(ids: IdGenerator) {
    this.ids = ids
  }

  readonly actions: ActionHandlers<Owned> = {
    PutMetricAlarm: {
      apply: (a, ctx) => {
        const { type: _t, Caller: _c, ...input } = a
        this.putMetricAlarm(input, ctx, ctx.caller, null)
      },
      describe: (a) =>
        `Alarm ${a.AlarmName}: ${a.ExtendedStatistic ?? a.Statistic} ${a.MetricName} ${a.ComparisonOperator} ${a.Threshold}, ${a.DatapointsToAlarm ?? a.EvaluationPeriods} of ${a.EvaluationPeriods} × ${a.Period}s`
    },
    PutCompositeAlarm: {
      apply: (a, ctx) => this.putCompositeAlarm(a, ctx),
      describe: (a) => `Composite alarm ${a.AlarmName}: ${a.AlarmRule}`
    },
    DeleteAlarms: {
      apply: (a, ctx) => {
        this.checkDeletable(a.AlarmNames, 'AlarmNames')
        for (const name of a.AlarmNames) this.alarms.delete(name)
        this.metricOrder = null
        this.call(ctx, ctx.caller, 'DeleteAlarms', a.AlarmNames, { alarmNames: a.AlarmNames })
      },
      describe: (a) => `Delete alarms ${a.AlarmNames.join(', ')}`
    },
    DescribeAlarms: {
      apply: (a, ctx) => {
        const names = a.AlarmNames ?? []
        this.call(ctx, ctx.caller, 'DescribeAlarms', names, names.length > 0 ? { alarmNames: names } : null)
      },
      describe: (a) => (a.AlarmNames?.length ? `Describe alarms ${a.AlarmNames.join(', ')}` : 'Describe alarms')
    }
  }

  readonly on: EventHandlers = {
    AlarmStateChanged: (e, ctx) => {
      for (const alarm of this.alarms.values()) {
        if (alarm.kind === 'composite' && alarm.children.includes(e.alarmName)) this.evaluateComposite(alarm, e.alarmName, ctx)
      }
    }
  }

  // ---- the clock ---------------------------------------------------------------------------

  /** Evaluates every metric alarm whose period ended at `ctx.now`. */
  endOfMinute(ctx: ServiceContext): void {
    const order = (this.metricOrder ??= this.metricAlarms())
    const now = ctx.now
    for (let i = 0; i < order.length; i++) {
      const alarm = order[i]
      // Periods shorter than a minute: several end in this minute; only the first holds its datapoint.
      while (alarm.evaluatedUntil + alarm.periodMs <= now) this.evaluate(alarm, ctx)
    }
  }

  private metricAlarms(): MetricAlarm[] {
    const out: MetricAlarm[] = []
    for (const a of this.alarms.values()) if (a.kind === 'metric') out.push(a)
    return out
  }

  private evaluate(alarm: MetricAlarm, ctx: ServiceContext): void {
    const start = alarm.evaluatedUntil
    const end = start + alarm.periodMs
    const read = this.periodValue(alarm, start, end)
    const value = read.value
    const held = alarm.holdsLowSamples && value === value && isLowSampleCount(alarm.percentile, read.samples)
    const previous = alarm.state
    const state = alarm.stepper.step(value, start, held)
    alarm.evaluatedUntil = end
    if (state !== previous) {
      this.changeState(alarm, state, start, end, alarm.stepper.lazyTransition(held), ctx)
    } else if (alarm.repeats) {
      this.repeatAutoScalingActions(alarm, end, ctx)
    }
  }

  /**
   * The alarm's statistic over [start, end) of its metric, NaN (missing) when there is no datapoint.
   * The answer is written into one shared object: read it before the next call.
   */
  private periodValue(alarm: MetricAlarm, start: number, end: number): { value: number; samples: number } {
    const series = (alarm.series ??= this.metrics.seriesByKey(alarm.key))
    if (!series || end <= series.startTime) return noDatapoint()
    if (alarm.periodMs < MINUTE_MS) {
      // Standard resolution: the minute's datapoint is stamped at the minute, inside the first sub-minute period.
      if (start % MINUTE_MS !== 0) return noDatapoint()
      end = start + MINUTE_MS
    }
    const from = (start - series.startTime) / MINUTE_MS
    const to = (end - series.startTime) / MINUTE_MS
    if (!alarm.byMinutes || (alarm.percentile === alarm.percentile && to - from > 1)) {
      // A percentile over several minutes (the quantile of their mixture) and the trimmed and rank
      // statistics: statistics.ts computes them, from the store's own arrays when the period lies in
      // one of its day chunks (a period that divides the day always does), else from a copy.
      const k = Math.floor(from / CHUNK_MINUTES)
      const chunk = from >= 0 && Math.floor((to - 1) / CHUNK_MINUTES) === k ? series.at(from) : null
      if (chunk) {
        alarm.reader ??= new PeriodStatisticReader(alarm.stat, to - from)
        alarm.reader.read(chunk, from - k * CHUNK_MINUTES, to - k * CHUNK_MINUTES, scratch)
        return scratch
      }
      const part = series.range(from, to)
      const stats = computePeriodStatistics(part, { startTime: start, endTime: end, period: (end - start) / 1000, stat: alarm.statName })
      return datapoint(stats.values[0], stats.sampleCounts[0])
    }
    return minutesStatistic(series, from < 0 ? 0 : from, to, alarm.stat, alarm.percentile)
  }

  /**
   * `reason` may be worded later (lazy-text.ts): the history item and the events read it from its
   * holder through a getter, so whoever reads them gets the same text and most are never worded.
   */
  private changeState(alarm: Alarm, state: number, segmentStart: number, at: number, reason: Text, ctx: ServiceContext): void {
    const oldState = ALARM_STATES[alarm.state]
    const newState = ALARM_STATES[state]
    alarm.state = state
    alarm.stateReason = reason
    alarm.stateUpdatedAt = at
    alarm.changes.push({ start: segmentStart, state })
    alarm.history.push(new HistoryItem(at, oldState, newState, reason))
    if (alarm.history.length > MAX_HISTORY_ITEMS) {
      alarm.history.shift()
      alarm.historyDropped++
    }
    const description = alarm.def.AlarmDescription
    ctx.emit({
      type: 'BusEvent',
      at,
      event: buildAlarmStateChangeEvent(
        { account: ACCOUNT_ID, region: REGION, ids: this.ids },
        {
          alarmName: alarm.name,
          ...(description !== undefined ? { description } : {}),
          metrics:
            alarm.kind === 'metric'
              ? [
                  {
                    id: 'm1',
                    metricStat: {
                      metric: { namespace: alarm.def.Namespace, name: alarm.def.MetricName, dimensions: { ...alarm.dimensions } },
                      period: alarm.def.Period,
                      stat: alarm.statName
                    },
                    returnData: true
                  }
                ]
              : [],
          state: { value: newState, reason, timestampMs: at },
          previousState: { value: oldState, reason: '', timestampMs: at }
        }
      )
    })
    ctx.emit(new StateChanged(at, alarm.name, oldState, newState, reason))
    if (alarm.def.ActionsEnabled === false) return
    const value = alarm.kind === 'metric' ? alarm.stepper.latest : NaN
    for (const target of actionsFor(alarm.def, newState)) {
      ctx.emit(new AlarmAction(at, target, alarm.name, newState, value === value ? value : null, alarm.kind === 'metric' ? alarm.def.Threshold : null, reason, false))
    }
  }

  private repeatAutoScalingActions(alarm: MetricAlarm, at: number, ctx: ServiceContext): void {
    const targets = alarm.scalingActions[alarm.state]
    if (targets.length === 0) return
    const state = ALARM_STATES[alarm.state]
    const value = alarm.stepper.latest
    for (const target of targets) {
      ctx.emit(new AlarmAction(at, target, alarm.name, state, value === value ? value : null, alarm.def.Threshold, alarm.stateReason, true))
    }
  }

  /** Evaluates a composite alarm's rule over its children's current states; `trigger` is the child that changed ('' when the rule itself is new). */
  private evaluateComposite(alarm: CompositeAlarm, trigger: string, ctx: ServiceContext): void {
    const children: Record<string, Uint8Array> = {}
    for (const name of alarm.children) {
      const child = this.alarms.get(name)
      children[name] = Uint8Array.of(child ? child.state : STATE_INSUFFICIENT_DATA)
    }
    const result = evaluateCompositeAlarm(alarm.ast, children, { initialState: ALARM_STATES[alarm.state] })
    if (result.history.length === 0) return
    const state = result.states[0]
    const child = trigger ? this.alarms.get(trigger) : undefined
    // CloudWatch names the alarm whose change made the rule flip (StateReason of a composite alarm).
    const reason = child
      ? `${trigger} transitioned to ${ALARM_STATES[child.state]} at ${formatCompositeTime(ctx.now)}`
      : `AlarmRule evaluated to ${state === STATE_ALARM ? 'TRUE' : 'FALSE'} when the alarm was put at ${formatCompositeTime(ctx.now)}`
    this.changeState(alarm, state, ctx.now, ctx.now, reason, ctx)
  }

  // ---- PutMetricAlarm / PutCompositeAlarm ----------------------------------------------------

  /**
   * PutMetricAlarm by the learner, or by a service for them (auto scaling's target tracking alarms:
   * `managedBy` is the policy ARN). Validates everything before it changes anything.
   */
  putMetricAlarm(input: Omit<Extract<SandboxAction, { type: 'PutMetricAlarm' }>, 'type' | 'Caller'>, ctx: ServiceContext, caller: UserIdentity, managedBy: string | null): void {
    const def = validateMetricAlarm(input)
    const existing = this.alarms.get(def.AlarmName)
    if (existing && existing.kind !== 'metric') throw conflict('AlarmName', `"${def.AlarmName}" is a composite alarm; metric and composite alarms cannot share a name`)
    if (!existing && managedBy === null) this.checkCount()
    this.checkActionArns(def)
    const statName = (def.Statistic ?? def.ExtendedStatistic) as string
    const stat = parseStatistic(statName)
    const stepper = new AlarmStepper(def, existing ? existing.state : STATE_INSUFFICIENT_DATA)
    const alarm: MetricAlarm = {
      kind: 'metric',
      name: def.AlarmName,
      def,
      key: metricKey(def),
      series: null,
      stat,
      statName,
      byMinutes: stat.kind === 'basic' || stat.kind === 'percentile',
      percentile: stat.kind === 'percentile' ? stat.percentile : NaN,
      holdsLowSamples: def.EvaluateLowSampleCountPercentile === 'ignore' && stat.kind === 'percentile',
      origin: ctx.now,
      periodMs: def.Period * 1000,
      stepper,
      evaluatedUntil: ctx.now,
      reader: undefined,
      createdAt: existing?.createdAt ?? ctx.now,
      state: existing?.state ?? STATE_INSUFFICIENT_DATA,
      stateReason: existing?.stateReason ?? 'Unchecked: Initial alarm creation',
      stateUpdatedAt: existing?.stateUpdatedAt ?? ctx.now,
      changes: existing?.changes ?? [{ start: ctx.now, state: STATE_INSUFFICIENT_DATA }],
      history: existing?.history ?? [],
      historyDropped: existing?.historyDropped ?? 0,
      managedBy: managedBy ?? existing?.managedBy ?? null,
      scalingActions: ALARM_STATES.map((s) => (def.ActionsEnabled === false ? [] : actionsFor(def, s).filter((t) => t.startsWith('arn:aws:autoscaling:')))),
      repeats: false,
      dimensions: Object.fromEntries(def.Dimensions.map((d) => [d.Name, d.Value]))
    }
    alarm.repeats = alarm.scalingActions.some((t) => t.length > 0)
    // Look-back: "CloudWatch retrieves the most recent data points from before the alarm was created"
    // (user guide, missing data), so the first evaluation ranges hold the metric's earlier periods.
    for (let k = stepper.rangeSize - 1; k >= 1; k--) {
      const from = ctx.now - k * alarm.periodMs
      stepper.prime(this.periodValue(alarm, from, from + alarm.periodMs).value, from)
    }
    this.alarms.set(def.AlarmName, alarm)
    this.metricOrder = null
    this.call(ctx, caller, 'PutMetricAlarm', [def.AlarmName], { ...input })
  }

  private putCompositeAlarm(a: Extract<SandboxAction, { type: 'PutCompositeAlarm' }>, ctx: ServiceContext): void {
    const ast = parseAlarmRule(a.AlarmRule)
    const children = referencedAlarms(ast)
    const missing = children.filter((c) => !this.alarms.has(c))
    if (missing.length > 0) throw invalidRule(`names alarms that do not exist: ${missing.join(', ')}`)
    if (children.includes(a.AlarmName)) throw invalidRule('a composite alarm cannot refer to itself')
    if (this.reaches(children, a.AlarmName)) throw invalidRule(`would make a cycle: an alarm it names depends on "${a.AlarmName}"`)
    const existing = this.alarms.get(a.AlarmName)
    if (existing && existing.kind !== 'composite') throw conflict('AlarmName', `"${a.AlarmName}" is a metric alarm; metric and composite alarms cannot share a name`)
    if (!existing) this.checkCount()
    const def: CompositeDefinition = {
      AlarmName: a.AlarmName,
      AlarmRule: a.AlarmRule,
      ...(a.AlarmDescription !== undefined ? { AlarmDescription: a.AlarmDescription } : {}),
      ActionsEnabled: a.ActionsEnabled ?? true,
      AlarmActions: a.AlarmActions ?? [],
      OKActions: a.OKActions ?? [],
      InsufficientDataActions: a.InsufficientDataActions ?? []
    }
    this.checkActionArns(def)
    const alarm: CompositeAlarm = {
      kind: 'composite',
      name: a.AlarmName,
      def,
      ast,
      children,
      createdAt: existing?.createdAt ?? ctx.now,
      state: existing?.state ?? STATE_INSUFFICIENT_DATA,
      stateReason: existing?.stateReason ?? 'Unchecked: Initial alarm creation',
      stateUpdatedAt: existing?.stateUpdatedAt ?? ctx.now,
      changes: existing?.changes ?? [{ start: ctx.now, state: STATE_INSUFFICIENT_DATA }],
      history: existing?.history ?? [],
      historyDropped: existing?.historyDropped ?? 0,
      managedBy: null
    }
    this.alarms.set(a.AlarmName, alarm)
    const { type: _t, Caller: _c, ...params } = a
    this.call(ctx, ctx.caller, 'PutCompositeAlarm', [a.AlarmName], params)
    // A new rule is evaluated against the children's current states at once.
    this.evaluateComposite(alarm, '', ctx)
  }

  /** Deletes alarms a service created (a scaling policy's alarms, when the policy goes). */
  deleteManagedAlarms(names: readonly string[], ctx: ServiceContext, caller: UserIdentity): void {
    const present = names.filter((n) => this.alarms.has(n))
    if (present.length === 0) return
    for (const name of present) this.alarms.delete(name)
    this.metricOrder = null
    this.call(ctx, caller, 'DeleteAlarms', present, { alarmNames: present })
  }

  /** Throws (before anything changes) when deleting these alarms is not allowed. */
  checkDeletable(names: readonly string[], path: string): void {
    names.forEach((name, i) => {
      if (!this.alarms.has(name)) throw new LabError('NOT_FOUND', `No alarm named "${name}".`, [{ path: `${path}[${i}]`, message: `no alarm named "${name}"` }])
      const users = [...this.alarms.values()].filter((a) => a.kind === 'composite' && !names.includes(a.name) && a.children.includes(name)).map((a) => `"${a.name}"`)
      if (users.length > 0) {
        throw new LabError('VALIDATION', `${path}[${i}]: "${name}" is used by composite alarm ${users.join(', ')}; change or delete that first`, [
          { path: `${path}[${i}]`, message: `used by composite alarm ${users.join(', ')}` }
        ])
      }
    })
  }

  private checkCount(): void {
    const own = [...this.alarms.values()].filter((a) => a.managedBy === null).length
    if (own >= MAX_ALARMS) throw new LabError('VALIDATION', `AlarmName: the sandbox keeps at most ${MAX_ALARMS} alarms; delete one first`, [{ path: 'AlarmName', message: `at most ${MAX_ALARMS} alarms` }])
  }

  private checkActionArns(def: { AlarmActions: string[]; OKActions: string[]; InsufficientDataActions: string[] }): void {
    for (const field of ['AlarmActions', 'OKActions', 'InsufficientDataActions'] as const) {
      def[field].forEach((a, i) => {
        if (!ACTION_ARN.test(a)) {
          throw new LabError('VALIDATION', `${field}[${i}]: "${a}" is not an action ARN CloudWatch accepts`, [
            { path: `${field}[${i}]`, message: 'must be the ARN of an SNS topic (arn:aws:sns:us-east-1:111122223333:topic), a Lambda function, an Auto Scaling policy or a Systems Manager action' }
          ])
        }
      })
    }
  }

  /** Whether `target` is reachable from these alarms through composite rules (a cycle check). */
  private reaches(from: readonly string[], target: string): boolean {
    const seen = new Set<string>()
    const stack = [...from]
    while (stack.length > 0) {
      const name = stack.pop() as string
      if (name === target) return true
      if (seen.has(name)) continue
      seen.add(name)
      const a = this.alarms.get(name)
      if (a?.kind === 'composite') stack.push(...a.children)
    }
    return false
  }

  private call(ctx: ServiceContext, caller: UserIdentity, eventName: string, alarmNames: readonly string[], requestParameters: Record<string, unknown> | null): void {
    ctx.emit({
      type: 'ApiCall',
      at: ctx.now,
      eventSource: SOURCE,
      eventName,
      caller,
      requestParameters,
      responseElements: null,
      resources: alarmNames.map((n) => ({ type: 'AWS::CloudWatch::Alarm', arn: arn.alarm(n) }))
    })
  }

  // ---- views ------------------------------------------------------------------------------

  hasAlarm(name: string): boolean {
    return this.alarms.has(name)
  }

  /** Learner alarms and all alarms, for the world's limits. */
  alarmCounts(): { own: number; total: number } {
    let own = 0
    for (const a of this.alarms.values()) if (a.managedBy === null) own++
    return { own, total: this.alarms.size }
  }

  summaries(): AlarmSummary[] {
    return [...this.alarms.values()].map((a) => summaryOf(a))
  }

  describe(now: number): AlarmDescription[] {
    return [...this.alarms.values()].map((a) => ({
      ...summaryOf(a),
      definition: { ...a.def },
      segments: segmentsOf(a, a.kind === 'metric' ? a.evaluatedUntil : now),
      history: a.history.map((h) => ({ timestamp: h.timestamp, oldState: h.oldState, newState: h.newState, reason: h.reason })),
      historyDropped: a.historyDropped
    }))
  }

  /** Every alarm's name, in creation order (deployment guardrails may name any of them). */
  alarmNames(): string[] {
    return [...this.alarms.keys()]
  }

  /** An alarm's state now, or null when there is no such alarm. */
  alarmState(name: string): AlarmState | null {
    const a = this.alarms.get(name)
    return a ? ALARM_STATES[a.state] : null
  }

  /** A metric alarm's definition (target tracking reads its own alarms). */
  metricAlarm(name: string): MetricAlarmDefinition | null {
    const a = this.alarms.get(name)
    return a?.kind === 'metric' ? a.def : null
  }
}

function summaryOf(a: Alarm): AlarmSummary {
  return {
    AlarmName: a.name,
    type: a.kind,
    StateValue: ALARM_STATES[a.state],
    StateReason: textOf(a.stateReason),
    StateUpdatedTimestamp: a.stateUpdatedAt,
    ManagedBy: a.managedBy
  }
}

/** The state over time as runs [start, end), from the alarm's state changes. */
function segmentsOf(a: Alarm, until: number): StateSegment[] {
  const out: StateSegment[] = []
  a.changes.forEach((c, i) => {
    const end = i + 1 < a.changes.length ? a.changes[i + 1].start : until
    if (end > c.start) out.push({ start: c.start, end, state: ALARM_STATES[c.state] })
  })
  return out
}

function actionsFor(def: { AlarmActions: string[]; OKActions: string[]; InsufficientDataActions: string[] }, state: AlarmState): string[] {
  if (state === 'ALARM') return def.AlarmActions
  if (state === 'OK') return def.OKActions
  return def.InsufficientDataActions
}

function conflict(path: string, message: string): LabError {
  return new LabError('VALIDATION', `${path}: ${message}`, [{ path, message }])
}

function invalidRule(message: string): LabError {
  return new LabError('VALIDATION', `AlarmRule: ${message}`, [{ path: 'AlarmRule', message }])
}

