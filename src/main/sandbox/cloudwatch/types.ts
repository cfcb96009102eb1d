/**
 * Shared shapes of CloudWatch metric data in the sandbox.
 *
 * SageMaker publishes endpoint metrics at 1-minute frequency (SageMaker developer guide,
 * "Monitor Amazon SageMaker AI with Amazon CloudWatch"), so the sandbox stores each metric as a
 * per-minute statistic set (SampleCount, Sum, Minimum, Maximum), columnar for speed. A minute with
 * SampleCount 0 has no datapoint: CloudWatch treats it as missing.
 *
 * Percentiles, trimmed statistics and percentile ranks need the distribution of the samples, not just
 * a statistic set. For latency metrics the workload model knows that distribution analytically
 * (log-normal per minute), so it stores the log-space mean and standard deviation of each minute; the
 * extended statistics of a period come from the mixture of those minutes. Metrics without a stored
 * distribution compute them from the per-minute averages, weighted by sample count. The UI says so
 * (CLOUDWATCH_SIMPLIFICATIONS).
 */

export type StandardUnit = 'None' | 'Count' | 'Percent' | 'Microseconds' | 'Milliseconds' | 'Seconds' | 'Bytes'

export interface Dimension {
  Name: string
  Value: string
}

export interface MetricId {
  Namespace: string
  MetricName: string
  Dimensions: Dimension[]
}

/** Per-minute datapoints of one metric. Index i covers [startTime + i*60s, startTime + (i+1)*60s). */
export interface MinuteSeries {
  /** Epoch milliseconds of the first minute, aligned to a whole minute. */
  startTime: number
  sampleCount: Float64Array
  sum: Float64Array
  minimum: Float64Array
  maximum: Float64Array
  /** Log-normal parameters of the samples in each minute, when the model knows them (latency). */
  logMean?: Float64Array
  logSd?: Float64Array
}

export interface MetricData {
  id: MetricId
  unit: StandardUnit
  series: MinuteSeries
}

export type BasicStatistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum'

/**
 * An extended statistic: a percentile (`p99`, `p99.9`), a trimmed statistic (`tm90`, `TC(10%:90%)`,
 * `TS(:500)`, `wm98`), `IQM` or a percentile rank (`PR(:300)`). statistics.ts parses them.
 */
export type ExtendedStatistic = string

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'

export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold'

export type TreatMissingData = 'missing' | 'notBreaching' | 'breaching' | 'ignore'
