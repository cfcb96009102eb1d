/**
 * CloudWatch in the sandbox: period statistics over stored per-minute metrics, the metric-alarm
 * evaluator (missing-data handling as in the CloudWatch user guide), PutMetricAlarm validation
 * and evaluation into a state timeline with history, and composite alarms.
 *
 * - `types.ts`           shared shapes (MinuteSeries, AlarmState, …)
 * - `statistics.ts`      GetMetricStatistics-style period statistics: percentiles, trimmed statistics,
 *                        percentile rank, the low-sample rule, an alarm's high-resolution periods
 * - `period-distribution.ts` the statistics that need a period's distribution (percentiles, trimmed,
 *                        rank), from the mixture of its minutes' log-normals
 * - `alarm-evaluator.ts` the stateless M-of-N evaluator
 * - `alarm-reasons.ts`   per-period detail and CloudWatch-style state reasons for its evaluations
 * - `threshold-sweep.ts` the evaluator's states for many thresholds at once
 * - `alarms.ts`          PutMetricAlarm validation and evaluation over a metric series
 * - `service.ts`         the CloudWatch service of a world: alarms stepped a minute at a time
 *                        (`alarm-stepper.ts`), their period reads (`alarm-reads.ts`) and the history
 *                        items and events they leave (`alarm-records.ts`)
 * - `composite.ts`       AlarmRule parsing and composite alarm evaluation
 * - `normal.ts`          normal-distribution helpers for the percentile statistics
 * - `simplifications.ts` where the sandbox departs from AWS, for the console
 */
export * from './types'
export { CLOUDWATCH_SIMPLIFICATIONS } from './simplifications'
export {
  HIGH_RESOLUTION_PERIODS,
  alarmPeriodStatistics,
  computePeriodStatistics,
  isLowSampleCount,
  lowSampleCountThreshold,
  parseStatistic,
  type ParsedStatistic,
  type PeriodStatistics,
  type StatisticBounds,
  type StatisticQuery,
  type TrimmedFunction
} from './statistics'
export {
  ALARM_STATES,
  EvaluationRule,
  STATE_ALARM,
  STATE_INSUFFICIENT_DATA,
  STATE_OK,
  evaluateAlarmSeries,
  evaluationRangeSize,
  isBreaching,
  stateCode,
  stateName,
  type AlarmEvaluation,
  type AlarmEvaluationConfig,
  type EvaluateOptions,
  type EvaluationRuleCode
} from './alarm-evaluator'
export {
  buildReasonData,
  evaluationDetail,
  formatCloudWatchNumber,
  formatReason,
  type EvaluatedDatapoint,
  type EvaluationDetail,
  type MetricReasonData,
  type ReasonOptions
} from './alarm-reasons'
export {
  evaluateMetricAlarm,
  validateMetricAlarm,
  type AlarmHistoryItem,
  type AlarmTimeline,
  type MetricAlarmDefinition,
  type MetricAlarmInput
} from './alarms'
export {
  MAX_ALARM_RULE_LENGTH,
  MAX_RULE_ALARMS,
  MAX_RULE_ELEMENTS,
  evaluateCompositeAlarm,
  parseAlarmRule,
  referencedAlarms,
  type AlarmRuleNode,
  type CompositeHistoryItem,
  type CompositeOptions,
  type CompositeTimeline
} from './composite'
