/**
 * The `monitor` lab step's result (sandbox/monitor/labs/monitor-kind.ts): a monitored endpoint over
 * weeks or months — the data quality executions with their drift distances and violations, the
 * model quality executions with the ground-truth lag, the CloudWatch alarm on one emitted metric and
 * the retraining runs it started. Times are epoch ms of simulated time (UTC); a figure that could
 * not be computed is `null` (JSON has no NaN).
 */
import { z } from 'zod'
import { stepRunBase } from './lab-results'

const CHECK_TYPES = ['data_type_check', 'completeness_check', 'baseline_drift_check', 'missing_column_check', 'extra_column_check', 'categorical_values_check'] as const
const DRIFT_METHODS = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'] as const

export const MonitorViolationSchema = z.strictObject({ feature_name: z.string(), constraint_check_type: z.enum(CHECK_TYPES), description: z.string() })

export const DataQualityExecutionSchema = z.strictObject({
  ScheduledTime: z.number(),
  StartTime: z.number(),
  MonitoringExecutionStatus: z.enum(['Completed', 'CompletedWithViolations', 'Failed']),
  FailureReason: z.string().optional(),
  analysisStart: z.number(),
  analysisEnd: z.number(),
  /** Captured records analysed. */
  records: z.number().int(),
  /** feature_baseline_drift_<name> per feature. */
  drift: z.record(z.string(), z.number().nullable()),
  violations: z.array(MonitorViolationSchema),
  test: z.record(z.string(), z.strictObject({ method: z.enum(DRIFT_METHODS), value: z.number(), threshold: z.number(), drift: z.boolean() }).nullable()).optional(),
  /** Which baseline it compared with: 1 the training data's, then one per retraining. */
  baselineVersion: z.number().int()
})

export const ModelQualityExecutionSchema = z.strictObject({
  ScheduledTime: z.number(),
  StartTime: z.number(),
  MonitoringExecutionStatus: z.enum(['Completed', 'Failed']),
  FailureReason: z.string().optional(),
  /** The requests whose ground truth it merged: [dataStart, dataEnd), lagging ScheduledTime by the ground-truth delay. */
  dataStart: z.number(),
  dataEnd: z.number(),
  records: z.number().int(),
  merged: z.number().int(),
  value: z.number().nullable(),
  standardDeviation: z.number().nullable(),
  metrics: z.record(z.string(), z.number().nullable()),
  positiveRate: z.number().nullable(),
  predictedRate: z.number().nullable(),
  modelVersions: z.array(z.number().int())
})

export const MonitorAlarmSchema = z.strictObject({
  spec: z.strictObject({
    AlarmName: z.string(),
    MonitoringType: z.enum(['DataQuality', 'ModelQuality']),
    MetricName: z.string(),
    Threshold: z.number(),
    ComparisonOperator: z.enum(['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold']),
    EvaluationPeriods: z.number().int(),
    DatapointsToAlarm: z.number().int()
  }),
  points: z.array(z.strictObject({ timestamp: z.number(), evaluatedAt: z.number(), value: z.number().nullable(), state: z.union([z.literal(0), z.literal(1), z.literal(2)]) })),
  firstAlarm: z.number().nullable(),
  alarmTransitions: z.array(z.number())
})

export const MonitorRunSchema = z.strictObject({
  /** Where the run was simulated: the scenario World's services, or the monitor kernel directly. */
  simulatedOn: z.enum(['world', 'kernel']),
  scenario: z.string(),
  /** The label the model predicts ("clicked", "is_fraud"). */
  label: z.string(),
  features: z.array(z.string()),
  startTime: z.number(),
  endTime: z.number(),
  baselineRows: z.number().int(),
  /** The step's settings as used, by AWS field name. */
  choice: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  /** The quality metric the model quality monitor reports. */
  qualityMetric: z.string().nullable(),
  groundTruthLagHours: z.number().nullable(),
  changes: z.array(z.strictObject({ id: z.string(), label: z.string(), kind: z.string(), feature: z.string().nullable(), start: z.number(), end: z.number().nullable(), actionable: z.boolean() })),
  dataQuality: z.array(DataQualityExecutionSchema),
  modelQuality: z.array(ModelQualityExecutionSchema),
  alarm: MonitorAlarmSchema.nullable(),
  retraining: z.array(z.strictObject({ triggeredAt: z.number(), trainedFrom: z.number(), trainedTo: z.number(), rows: z.number().int(), deployedAt: z.number(), version: z.number().int(), note: z.string().optional() }))
})
export type MonitorRun = z.infer<typeof MonitorRunSchema>

export const MonitorStepRunSchema = z.strictObject({
  ...stepRunBase,
  kind: z.literal('monitor'),
  result: z.strictObject({ monitor: MonitorRunSchema })
})
export type MonitorStepRun = z.infer<typeof MonitorStepRunSchema>
