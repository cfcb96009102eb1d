/**
 * CloudWatch: PutMetricAlarm, PutCompositeAlarm, DeleteAlarms and DescribeAlarms as world actions;
 * GetMetricData-style reads and DescribeAlarms views of a world; and the stateless alarm evaluator
 * (CloudWatch API Reference). Ranges are checked by the sandbox, which names the field.
 */
import { z } from 'zod'
import { action, AlarmStateName, Caller, Finite, Name } from './common'

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
   * `all` (default): a CloudWatch-style reason for every period. `transitions`: reasons only where the
   * state changed (others are ""), which keeps the answer small for very long series.
   */
  reasons: z.enum(['all', 'transitions']).optional()
})

export const cloudwatchChannels = {
  'cloudwatch.evaluateAlarm': {
    request: EvaluateAlarmRequest,
    response: z.strictObject({
      evaluations: z.array(z.strictObject({ index: z.number().int(), state: AlarmStateName, reason: z.string() })),
      finalState: AlarmStateName
    })
  }
} as const
