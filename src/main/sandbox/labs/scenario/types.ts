/**
 * Results of running a lab step. Everything here is plain JSON (arrays, numbers, strings, null) so it
 * crosses IPC and HTTP unchanged: no typed arrays, no NaN (a missing datapoint is `null`), no Map.
 */
import type { LabIncidentKind, StepKind } from '../schema'

/** Alarm state codes, as in the CloudWatch module: 0 OK, 1 ALARM, 2 INSUFFICIENT_DATA. */
export type StateCode = 0 | 1 | 2

export interface IncidentSummary {
  id: string
  kind: LabIncidentKind
  label: string
  /** Whether an alarm should page for it in this step. */
  shouldPage: boolean
  /** Epoch ms, whole minutes; `end` is exclusive. */
  start: number
  end: number
  /** "Tue 14:02–16:02" (UTC). */
  when: string
  params: Record<string, number>
}

/** The learner's metric alarm as evaluated over the week. */
export interface AlarmRun {
  /** The PutMetricAlarm request that was evaluated (defaults filled in). */
  definition: {
    AlarmName: string
    Namespace: string
    MetricName: string
    Dimensions: { Name: string; Value: string }[]
    Statistic?: string
    ExtendedStatistic?: string
    Period: number
    EvaluationPeriods: number
    DatapointsToAlarm: number
    Threshold: number
    ComparisonOperator: string
    TreatMissingData: string
  }
  /** The statistic used (`Average`, `p99`, …). */
  statistic: string
  unit: string
  period: number
  threshold: number
  /** Start of each period, epoch ms. */
  timestamps: number[]
  /** The statistic per period; null where the period had no datapoint. */
  values: (number | null)[]
  sampleCounts: number[]
  /** Alarm state after each period's evaluation. */
  states: StateCode[]
  /** State changes: `timestamp` is when the evaluation ran (end of the period). */
  history: { timestamp: number; when: string; oldState: string; newState: string; reason: string }[]
  /** Peak of the alarm's statistic (and of comparison statistics) during each incident, for diagnostics. */
  peaks: { statistic: string; byIncident: Record<string, number | null> }[]
}

export interface IncidentScore {
  id: string
  kind: LabIncidentKind
  label: string
  when: string
  shouldPage: boolean
  start: number
  end: number
  /** For should-page incidents: an ALARM transition at or after the start, before end + grace. */
  detected: boolean
  detectedAt: number | null
  timeToDetectSeconds: number | null
  /** The alarm was already in ALARM when the incident started (no new page went out). */
  alreadyInAlarm: boolean
  /** ALARM transitions inside the window + grace (for incidents that should not page: pages it caused). */
  pages: number
}

export interface FalseAlarm {
  /** When the ALARM transition happened (evaluation time). */
  timestamp: number
  when: string
  /** The period index of the transition in the alarm's arrays (composite: minute index). */
  index: number
  /** The non-paging incident it falls in (with grace), if any: the outlier, the gap, … */
  causeId: string | null
  /** The datapoint at the transition, when a metric alarm made it. */
  value: number | null
  reason: string
}

export interface Scorecard {
  incidents: IncidentScore[]
  falseAlarms: FalseAlarm[]
  missedIncidents: string[]
  /** Mean time to detect over the detected should-page incidents, seconds (null if none). */
  meanTimeToDetectSeconds: number | null
  alarmMinutes: number
  insufficientDataMinutes: number
  /** INSUFFICIENT_DATA minutes that overlap a should-page incident window. */
  insufficientDataMinutesDuringIncidents: number
  /** First INSUFFICIENT_DATA period start, epoch ms (null if never). */
  firstInsufficientData: number | null
  graceMinutes: number
}

export interface TradeoffPoint {
  falseAlarms: number
  missed: number
  meanDelaySeconds: number | null
  alarmMinutes: number
  chosen: boolean
}

export interface Tradeoff {
  /** The same period series re-evaluated at other thresholds (the learner's M of N). */
  thresholds: (TradeoffPoint & { threshold: number })[]
  /** The same series at other M of N settings (the learner's threshold). */
  mOfN: (TradeoffPoint & { M: number; N: number })[]
}

export interface CompositeRun {
  AlarmRule: string
  /** Evaluation grid: the start of each minute (child states forward-filled onto it). */
  timestamps: number[]
  states: StateCode[]
  history: { timestamp: number; when: string; oldState: string; newState: string; reason: string }[]
  children: { name: string; alarm: AlarmRun; scorecard: Scorecard }[]
}

export interface AuditEvent {
  EventId: string
  EventName: string
  EventSource: string
  EventTime: string
  when: string
  Username: string
  ResourceName: string | null
  ReadOnly: 'true' | 'false'
}

export interface AuditRun {
  /** What the learner chose to ask: `CloudWatch` or `CloudTrail`. */
  service: string
  lookup: { AttributeKey: string; AttributeValue: string } | null
  /** LookupEvents results (CloudTrail), newest first; empty when the learner asked CloudWatch. */
  events: AuditEvent[]
  /** What CloudWatch would have shown instead: alarm state changes, no caller identity. */
  cloudWatchView: string[]
  /** Every management event of the week (for the answer key and the chart). */
  allEvents: AuditEvent[]
  username: string | null
}

export interface StepRun {
  labId: string
  stepId: string
  kind: StepKind
  seed: number
  /** The simulated week, epoch ms [start, end). */
  startTime: number
  endTime: number
  incidents: IncidentSummary[]
  /** The learner's inputs, keyed by input id, after defaults. */
  inputs: Record<string, string | number>
  alarm: AlarmRun | null
  composite: CompositeRun | null
  audit: AuditRun | null
  /** Of the alarm (alarm steps) or the composite (composite steps); null for CloudTrail steps. */
  scorecard: Scorecard | null
  tradeoff: Tradeoff | null
}
