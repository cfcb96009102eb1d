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

export function buildScorecard(t: StateTimeline, incidents: readonly IncidentSummary[], graceMinutes: number): Scorecard {
  const graceMs = graceMinutes * MINUTE_MS
  const transitions = alarmTransitions(t.states, t.initialState ?? 2)
  const evalTime = (i: number): number => t.timestamps[i] + t.periodMs
  const inWindow = (time: number, inc: IncidentSummary): boolean => time >= inc.start && time <= inc.end + graceMs

  const paging = incidents.filter((inc) => inc.shouldPage)
  const scores: IncidentScore[] = incidents.map((inc) => {
    const pagesInWindow = transitions.filter((i) => inWindow(evalTime(i), inc))
    let first = pagesInWindow.length > 0 ? evalTime(pagesInWindow[0]) : null
    // Overlapping should-page incidents are one outage: if the alarm is already in ALARM when this
    // one starts because it paged for an overlapping one, that page covers this incident too.
    if (inc.shouldPage && stateAt(t, inc.start) === 1) {
      const before = transitions.filter((i) => evalTime(i) <= inc.start)
      const last = before.length > 0 ? evalTime(before[before.length - 1]) : null
      if (last !== null && paging.some((o) => o !== inc && inWindow(last, o))) first = inc.start
    }
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
      alreadyInAlarm: stateAt(t, inc.start) === 1,
      pages: pagesInWindow.length
    }
  })

  const quiet = incidents.filter((inc) => !inc.shouldPage)
  const falseAlarms: FalseAlarm[] = []
  for (const i of transitions) {
    const time = evalTime(i)
    if (paging.some((inc) => inWindow(time, inc))) continue
    // A short incident explains a page better than a week-long background condition.
    const causes = quiet.filter((inc) => inWindow(time, inc)).sort((a, b) => a.end - a.start - (b.end - b.start))
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

  const periodMinutes = t.periodMs / MINUTE_MS
  let alarmMinutes = 0
  let insufficient = 0
  let insufficientDuring = 0
  let firstInsufficient: number | null = null
  for (let i = 0; i < t.states.length; i++) {
    const s = t.states[i]
    if (s === 1) alarmMinutes += periodMinutes
    else if (s === 2) {
      insufficient += periodMinutes
      const from = t.timestamps[i]
      if (firstInsufficient === null) firstInsufficient = from
      const to = from + t.periodMs
      for (const inc of paging) {
        const overlap = Math.min(to, inc.end) - Math.max(from, inc.start)
        if (overlap > 0) insufficientDuring += overlap / MINUTE_MS
      }
    }
  }

  const detected = scores.filter((s) => s.detected)
  return {
    incidents: scores,
    falseAlarms,
    missedIncidents: scores.filter((s) => s.shouldPage && !s.detected).map((s) => s.id),
    meanTimeToDetectSeconds: detected.length > 0 ? detected.reduce((a, s) => a + (s.timeToDetectSeconds ?? 0), 0) / detected.length : null,
    alarmMinutes,
    insufficientDataMinutes: insufficient,
    insufficientDataMinutesDuringIncidents: insufficientDuring,
    firstInsufficientData: firstInsufficient,
    graceMinutes
  }
}

/** The alarm state in force at `time`: after the last evaluation at or before it. */
function stateAt(t: StateTimeline, time: number): number {
  let s: number = t.initialState ?? 2
  for (let i = 0; i < t.states.length; i++) {
    if (t.timestamps[i] + t.periodMs > time) break
    s = t.states[i]
  }
  return s
}
