/**
 * Where the sandbox's CloudWatch statistics and alarms depart from AWS, or behave in a way a learner
 * might not expect, in words the console can show. The sandbox console lists these beside the
 * workload's and the world's simplifications.
 */
export const CLOUDWATCH_SIMPLIFICATIONS: readonly string[] = Object.freeze([
  'Percentiles, trimmed statistics (TM, TC, TS, WM, IQM) and percentile rank (PR) of latency metrics are computed exactly from each minute\'s log-normal latency distribution. For metrics without a distribution they use the per-minute averages weighted by sample count, as if every sample of a minute equalled that minute\'s average.',
  'Trimmed counts (TC), and the counts behind TS and PR, are expected counts of the modelled distribution and can have decimals; AWS counts actual data points.',
  'The sandbox\'s metrics are standard resolution (one datapoint a minute). An alarm with a 10-, 20- or 30-second period still evaluates at that rate, as on AWS, but only the period that starts each minute holds that minute\'s data; the others are missing, so such an alarm often goes to INSUFFICIENT_DATA (the PutMetricAlarm reference warns of this).'
])
