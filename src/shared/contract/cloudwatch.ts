/**
 * CloudWatch: PutMetricAlarm, PutCompositeAlarm, DeleteAlarms and DescribeAlarms as world actions;
 * GetMetricData-style reads and DescribeAlarms views of a world; and the stateless alarm evaluator
 * (CloudWatch API Reference). Ranges are checked by the sandbox, which names the field.
 */
import { z } from 'zod'
import { action, AlarmStateName, Caller, Finite, Name } from './common'
import { HistoryItemSchema, IncidentSummarySchema, StateCodeSchema, stepRunBase } from './lab-results'

export const DimensionSchema = z.strictObject({ Name: z.string().min(1).max(255), Value: z.string().min(1).max(1024) })

const ActionArn = z.string().max(1600)

export const MetricAlarmSchema = z.strictObject({
  AlarmName: Name,
  AlarmDescription: z.string().max(1024).optional(),
  Namespace: z.string().min(1).max(255),
  MetricName: z.string().min(1).max(255),
  Dimensions: z.array(DimensionSchema).max(30).optional(),
  Statistic: z.string().max(64).optional(),
  ExtendedStatistic: z.string().max(64).optional(),
  Period: Finite,
  EvaluationPeriods: Finite,
  DatapointsToAlarm: Finite.optional(),
  Threshold: Finite,
  ComparisonOperator: z.string().max(64),
  TreatMissingData: z.string().max(64).optional(),
  EvaluateLowSampleCountPercentile: z.string().max(64).optional(),
  ActionsEnabled: z.boolean().optional(),
  AlarmActions: z.array(ActionArn).max(5).optional(),
  OKActions: z.array(ActionArn).max(5).optional(),
  InsufficientDataActions: z.array(ActionArn).max(5).optional()
})

export const cloudwatchActions = [
  MetricAlarmSchema.extend({ type: z.literal('PutMetricAlarm'), ...Caller }),
  action('PutCompositeAlarm', {
    AlarmName: Name,
    AlarmRule: z.string().min(1).max(10240),
    AlarmDescription: z.string().max(1024).optional(),
    ActionsEnabled: z.boolean().optional(),
    AlarmActions: z.array(ActionArn).max(5).optional(),
    OKActions: z.array(ActionArn).max(5).optional(),
    InsufficientDataActions: z.array(ActionArn).max(5).optional()
  }),
  action('DeleteAlarms', { AlarmNames: z.array(Name).min(1).max(100) }),
  action('DescribeAlarms', { AlarmNames: z.array(Name).max(100).optional() })
] as const

export const MetricQuerySchema = z.strictObject({
  worldId: z.string().min(1).max(100),
  Namespace: z.string().min(1).max(255),
  MetricName: z.string().min(1).max(255),
  Dimensions: z.array(DimensionSchema).max(30),
  /** `SampleCount | Average | Sum | Minimum | Maximum`, a percentile such as `p99`, or another extended statistic. */
  Stat: z.string().min(1).max(64),
  Period: Finite,
  StartTime: Finite.optional(),
  EndTime: Finite.optional()
})

export const AlarmDetailSchema = z.strictObject({
  AlarmName: z.string(),
  type: z.enum(['metric', 'composite']),
  StateValue: AlarmStateName,
  StateReason: z.string(),
  StateUpdatedTimestamp: z.number(),
  ManagedBy: z.string().nullable(),
  definition: z.record(z.string(), z.unknown()),
  /** The state over time as runs: [start, end) in epoch ms. */
  segments: z.array(z.strictObject({ start: z.number(), end: z.number(), state: AlarmStateName })),
  history: z.array(z.strictObject({ timestamp: z.number(), oldState: AlarmStateName, newState: AlarmStateName, reason: z.string() })),
  historyDropped: z.number()
})
export type AlarmDetail = z.infer<typeof AlarmDetailSchema>

/** The stateless evaluator: what an alarm does with a series, period by period. */
export const EvaluateAlarmRequest = z.strictObject({
  alarm: z.strictObject({
    Period: z.number(),
    EvaluationPeriods: z.number(),
    DatapointsToAlarm: z.number().optional(),
    Threshold: z.number(),
    ComparisonOperator: z.string(),
    TreatMissingData: z.string().optional()
  }),
  /** One value per Period, oldest first; null = no datapoint in that period. */
  datapoints: z.array(z.number().nullable()).max(1_000_000, 'at most 1,000,000 datapoints'),
  initialState: AlarmStateName.optional(),
  /**
   * `all` (default): every period with a CloudWatch-style reason (at most 10,080 periods).
   * `transitions`: only the periods where the state changed, which keeps the answer small for very
   * long series.
   */
  reasons: z.enum(['all', 'transitions']).optional()
})

export const cloudwatchChannels = {
  'cloudwatch.evaluateAlarm': {
    request: EvaluateAlarmRequest,
    response: z.strictObject({
      evaluations: z.array(z.strictObject({ index: z.number().int(), state: AlarmStateName, reason: z.string() })),
      /** Periods evaluated (the datapoints sent). */
      periods: z.number().int(),
      finalState: AlarmStateName
    })
  }
} as const

// ---- lab step results (the alarm and composite step kinds, cloudwatch/labs) -------------------


/** The learner's metric alarm as evaluated over the scenario. */
export const AlarmRunSchema = z.strictObject({
  /** The PutMetricAlarm request that was evaluated (defaults filled in). */
  definition: z.strictObject({
    AlarmName: z.string(),
    Namespace: z.string(),
    MetricName: z.string(),
    Dimensions: z.array(z.strictObject({ Name: z.string(), Value: z.string() })),
    Statistic: z.string().optional(),
    ExtendedStatistic: z.string().optional(),
    Period: z.number(),
    EvaluationPeriods: z.number(),
    DatapointsToAlarm: z.number(),
    Threshold: z.number(),
    ComparisonOperator: z.string(),
    TreatMissingData: z.string()
  }),
  /** The statistic used (`Average`, `p99`, …). */
  statistic: z.string(),
  unit: z.string(),
  period: z.number(),
  threshold: z.number(),
  /**
   * Start of the first period, epoch ms. The series is regular: period i starts at
   * `start + i × period × 1000` (every array below has one entry per period).
   */
  start: z.number(),
  /**
   * The statistic per period; null where the period had no datapoint. In a `labs.run` answer the
   * values are at display precision (`displayPrecision` in cloudwatch/labs/alarm-kind.ts); checks,
   * facts and the scorecard are computed in the sandbox from the full-precision run.
   */
  values: z.array(z.number().nullable()),
  sampleCounts: z.array(z.number()),
  /** Alarm state after each period's evaluation. */
  states: z.array(StateCodeSchema),
  /** State changes: `timestamp` is when the evaluation ran (end of the period). */
  history: z.array(HistoryItemSchema),
  /** Peak of the alarm's statistic (and of comparison statistics) during each incident, for diagnostics. */
  peaks: z.array(z.strictObject({ statistic: z.string(), byIncident: z.record(z.string(), z.number().nullable()) })),
  /** Other statistics of the same metric per period, drawn over the alarm's (Average beside p99). */
  overlays: z.array(z.strictObject({ statistic: z.string(), values: z.array(z.number().nullable()) }))
})
export type AlarmRun = z.infer<typeof AlarmRunSchema>

export const IncidentScoreSchema = z.strictObject({
  id: z.string(),
  kind: IncidentSummarySchema.shape.kind,
  label: z.string(),
  when: z.string(),
  shouldPage: z.boolean(),
  start: z.number(),
  end: z.number(),
  /** For should-page incidents: an ALARM transition at or after the start, before end + grace. */
  detected: z.boolean(),
  detectedAt: z.number().nullable(),
  timeToDetectSeconds: z.number().nullable(),
  /** The alarm was already in ALARM when the incident started (no new page went out). */
  alreadyInAlarm: z.boolean(),
  /** ALARM transitions inside the window + grace (for incidents that should not page: pages it caused). */
  pages: z.number()
})
export type IncidentScore = z.infer<typeof IncidentScoreSchema>

export const FalseAlarmSchema = z.strictObject({
  /** When the ALARM transition happened (evaluation time). */
  timestamp: z.number(),
  when: z.string(),
  /** The period index of the transition in the alarm's arrays (composite: minute index). */
  index: z.number(),
  /** The non-paging incident it falls in (with grace), if any: the outlier, the gap, … */
  causeId: z.string().nullable(),
  /** The datapoint at the transition, when a metric alarm made it. */
  value: z.number().nullable(),
  reason: z.string()
})
export type FalseAlarm = z.infer<typeof FalseAlarmSchema>

export const ScorecardSchema = z.strictObject({
  incidents: z.array(IncidentScoreSchema),
  falseAlarms: z.array(FalseAlarmSchema),
  missedIncidents: z.array(z.string()),
  /** Mean time to detect over the detected should-page incidents, seconds (null if none). */
  meanTimeToDetectSeconds: z.number().nullable(),
  alarmMinutes: z.number(),
  insufficientDataMinutes: z.number(),
  /** INSUFFICIENT_DATA minutes that overlap a should-page incident window. */
  insufficientDataMinutesDuringIncidents: z.number(),
  /** First INSUFFICIENT_DATA period start, epoch ms (null if never). */
  firstInsufficientData: z.number().nullable(),
  graceMinutes: z.number()
})
export type Scorecard = z.infer<typeof ScorecardSchema>

const tradeoffPoint = {
  falseAlarms: z.number(),
  missed: z.number(),
  meanDelaySeconds: z.number().nullable(),
  alarmMinutes: z.number(),
  chosen: z.boolean()
}
export const TradeoffPointSchema = z.strictObject(tradeoffPoint)
export type TradeoffPoint = z.infer<typeof TradeoffPointSchema>

export const TradeoffSchema = z.strictObject({
  /** The same period series re-evaluated at other thresholds (the learner's M of N). */
  thresholds: z.array(z.strictObject({ ...tradeoffPoint, threshold: z.number() })),
  /** The same series at other M of N settings (the learner's threshold). */
  mOfN: z.array(z.strictObject({ ...tradeoffPoint, M: z.number(), N: z.number() }))
})
export type Tradeoff = z.infer<typeof TradeoffSchema>

export const CompositeRunSchema = z.strictObject({
  AlarmRule: z.string(),
  /** Evaluation grid: one-minute periods from `start` (epoch ms), one state each (child states carried onto it). */
  start: z.number(),
  states: z.array(StateCodeSchema),
  history: z.array(HistoryItemSchema),
  children: z.array(z.strictObject({ name: z.string(), alarm: AlarmRunSchema, scorecard: ScorecardSchema }))
})
export type CompositeRun = z.infer<typeof CompositeRunSchema>

export const AlarmStepRunSchema = z.strictObject({
  ...stepRunBase,
  kind: z.literal('alarm'),
  result: z.strictObject({ alarm: AlarmRunSchema, scorecard: ScorecardSchema, tradeoff: TradeoffSchema })
})
export const CompositeStepRunSchema = z.strictObject({
  ...stepRunBase,
  kind: z.literal('composite'),
  result: z.strictObject({ composite: CompositeRunSchema, scorecard: ScorecardSchema })
})
export type AlarmStepRun = z.infer<typeof AlarmStepRunSchema>
export type CompositeStepRun = z.infer<typeof CompositeStepRunSchema>
