/**
 * Scoring an alarm's week against the incidents that were injected into it.
 *
 * A page is an ALARM *transition*: CloudWatch runs alarm actions (the SNS notification that pages
 * someone) on a state change only, never for staying in ALARM (CloudWatch user guide, "Using Amazon
 * CloudWatch alarms": "Alarms invoke actions for sustained state changes only"). So:
 * - a should-page incident is detected by the first ALARM transition at or after its start and no
 *   later than its end + grace; time to detect = that transition's evaluation time − incident start;
 * - every ALARM transition outside all should-page windows (+ grace) is a false alarm, whatever
 *   caused it (an outlier, a traffic gap treated as breaching, plain noise).
 */
import type { FalseAlarm, IncidentScore, Scorecard } from '../../../../shared/contract/cloudwatch'
import type { IncidentSummary, StateCode } from '../../../../shared/contract/lab-results'
import { DAY_MS, MINUTE_MS } from '../../core/time'
import { upperBound } from '../../core/select'
import { formatWhen } from '../../labs/format'

export interface StateTimeline {
  /** Start of each evaluated period, epoch ms. */
  timestamps: ArrayLike<number>
  /** State after each evaluation. */
  states: ArrayLike<number>
  /** Period length, ms: the evaluation for index i runs at timestamps[i] + periodMs. */
  periodMs: number
  /** State before the first evaluation (a new alarm: INSUFFICIENT_DATA). */
  initialState?: StateCode
  /** Datapoint per period, for the false-alarm list. */
  values?: ArrayLike<number | null>
  /** Reason text of each transition index, when known. */
  reasons?: Map<number, string>
}

/** Indices where the state changes into ALARM. */
export function alarmTransitions(states: ArrayLike<number>, initialState: StateCode = 2): number[] {
  const out: number[] = []
  let prev: number = initialState
  for (let i = 0; i < states.length; i++) {
    const s = states[i]
    if (s === 1 && prev !== 1) out.push(i)
    prev = s
  }
  return out
}

/** What a state timeline says about one incident: its first page (or the start, see below) and its pages. */
function detection(t: StateTimeline, transitions: readonly number[], inc: IncidentSummary, paging: readonly IncidentSummary[], graceMs: number): { first: number | null; pages: number; alreadyInAlarm: boolean } {
  const evalTime = (i: number): number => t.timestamps[i] + t.periodMs
  let first: number | null = null
  let pages = 0
  for (const i of transitions) {
    const time = evalTime(i)
    if (!inWindow(time, inc, graceMs)) continue
    if (first === null) first = time
    pages++
  }
  const alreadyInAlarm = stateAt(t, inc.start) === 1
  // Overlapping should-page incidents are one outage: if the alarm is already in ALARM when this
  // one starts because it paged for an overlapping one, that page covers this incident too.
  if (inc.shouldPage && alreadyInAlarm) {
    let last: number | null = null
    for (const i of transitions) {
      const time = evalTime(i)
      if (time <= inc.start) last = time
    }
    if (last !== null && paging.some((o) => o !== inc && inWindow(last as number, o, graceMs))) first = inc.start
  }
  return { first, pages, alreadyInAlarm }
}

function inWindow(time: number, inc: IncidentSummary, graceMs: number): boolean {
  return time >= inc.start && time <= inc.end + graceMs
}

/** Minutes in ALARM over the timeline. */
function alarmMinutesOf(t: StateTimeline): number {
  const periodMinutes = t.periodMs / MINUTE_MS
  let alarmMinutes = 0
  for (let i = 0; i < t.states.length; i++) if (t.states[i] === 1) alarmMinutes += periodMinutes
  return alarmMinutes
}

/** The mean of the detected incidents' times to detect, s, or null when none was detected. */
function meanOf(delays: readonly number[]): number | null {
  return delays.length > 0 ? delays.reduce((a, d) => a + d, 0) / delays.length : null
}

export function buildScorecard(t: StateTimeline, incidents: readonly IncidentSummary[], graceMinutes: number): Scorecard {
  const graceMs = graceMinutes * MINUTE_MS
  const transitions = alarmTransitions(t.states, t.initialState ?? 2)
  const evalTime = (i: number): number => t.timestamps[i] + t.periodMs

  const paging = incidents.filter((inc) => inc.shouldPage)
  const scores: IncidentScore[] = incidents.map((inc) => {
    const { first, pages, alreadyInAlarm } = detection(t, transitions, inc, paging, graceMs)
    return {
      id: inc.id,
      kind: inc.kind,
      label: inc.label,
      when: inc.when,
      shouldPage: inc.shouldPage,
      start: inc.start,
      end: inc.end,
      detected: inc.shouldPage && first !== null,
      detectedAt: inc.shouldPage ? first : null,
      timeToDetectSeconds: inc.shouldPage && first !== null ? (first - inc.start) / 1000 : null,
      alreadyInAlarm,
      pages
    }
  })

  const quiet = incidents.filter((inc) => !inc.shouldPage)
  const falseAlarms: FalseAlarm[] = []
  for (const i of transitions) {
    const time = evalTime(i)
    if (paging.some((inc) => inWindow(time, inc, graceMs))) continue
    // A short incident explains a page better than a week-long background condition.
    const causes = quiet.filter((inc) => inWindow(time, inc, graceMs)).sort((a, b) => a.end - a.start - (b.end - b.start))
    const cause = causes.find((inc) => inc.end - inc.start < DAY_MS)
    const v = t.values ? t.values[i] : null
    falseAlarms.push({
      timestamp: time,
      when: formatWhen(time),
      index: i,
      causeId: cause ? cause.id : null,
      value: v === null || v === undefined || Number.isNaN(v) ? null : v,
      reason: t.reasons?.get(i) ?? ''
    })
  }

  let insufficient = 0
  let insufficientDuring = 0
  let firstInsufficient: number | null = null
  const periodMinutes = t.periodMs / MINUTE_MS
  for (let i = 0; i < t.states.length; i++) {
    if (t.states[i] !== 2) continue
    insufficient += periodMinutes
    const from = t.timestamps[i]
    if (firstInsufficient === null) firstInsufficient = from
    const to = from + t.periodMs
    for (const inc of paging) {
      const overlap = Math.min(to, inc.end) - Math.max(from, inc.start)
      if (overlap > 0) insufficientDuring += overlap / MINUTE_MS
    }
  }

  const detected = scores.filter((s) => s.detected)
  return {
    incidents: scores,
    falseAlarms,
    missedIncidents: scores.filter((s) => s.shouldPage && !s.detected).map((s) => s.id),
    meanTimeToDetectSeconds: meanOf(detected.map((s) => s.timeToDetectSeconds ?? 0)),
    alarmMinutes: alarmMinutesOf(t),
    insufficientDataMinutes: insufficient,
    insufficientDataMinutesDuringIncidents: insufficientDuring,
    firstInsufficientData: firstInsufficient,
    graceMinutes
  }
}

/** The figures of a scorecard a trade-off sweep charts, counted the same way as buildScorecard but without its lists and texts. */
export interface ScorecardCounts {
  falseAlarms: number
  missed: number
  meanTimeToDetectSeconds: number | null
  alarmMinutes: number
}

/**
 * buildScorecard's counts alone, for the trade-off sweeps that score dozens of timelines per run:
 * no false-alarm entries (their day-and-time texts and causes), no incident objects.
 */
export function scorecardCounts(t: StateTimeline, incidents: readonly IncidentSummary[], graceMinutes: number): ScorecardCounts {
  const graceMs = graceMinutes * MINUTE_MS
  // One pass for the ALARM transitions and the minutes in ALARM.
  const transitions: number[] = []
  const states = t.states
  let prev: number = t.initialState ?? 2
  // Summed period by period, as alarmMinutesOf does (a 10 s period is 1/6 minute: k × 1/6 can differ in the last bit).
  const periodMinutes = t.periodMs / MINUTE_MS
  let alarmMinutes = 0
  for (let i = 0; i < states.length; i++) {
    const st = states[i]
    if (st === 1) {
      alarmMinutes += periodMinutes
      if (prev !== 1) transitions.push(i)
    }
    prev = st
  }
  const paging = incidents.filter((inc) => inc.shouldPage)
  let falseAlarms = 0
  for (const i of transitions) {
    const time = t.timestamps[i] + t.periodMs
    if (!paging.some((inc) => inWindow(time, inc, graceMs))) falseAlarms++
  }
  let missed = 0
  const delays: number[] = []
  for (const inc of paging) {
    const { first } = detection(t, transitions, inc, paging, graceMs)
    if (first === null) missed++
    else delays.push((first - inc.start) / 1000)
  }
  return { falseAlarms, missed, meanTimeToDetectSeconds: meanOf(delays), alarmMinutes }
}

/**
 * The alarm state in force at `time`: after the last evaluation at or before it. The evaluation
 * times ascend, so the first one after `time` is found by binary search (a sweep asks this for every
 * incident of dozens of timelines).
 */
function stateAt(t: StateTimeline, time: number): number {
  // The first evaluation after `time`: timestamps[i] + periodMs > time (whole milliseconds, so exact).
  const after = Math.min(upperBound(t.timestamps, time - t.periodMs), t.states.length)
  return after > 0 ? t.states[after - 1] : (t.initialState ?? 2)
}
