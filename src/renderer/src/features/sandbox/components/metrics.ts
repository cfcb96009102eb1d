/** Metric identity, statistics and units for the metrics explorer and the alarm form. */
import type { MetricInfo } from '@/features/sandbox/sandbox-store'

export const metricKey = (m: Pick<MetricInfo, 'Namespace' | 'MetricName' | 'Dimensions'>): string =>
  [m.Namespace, m.MetricName, ...m.Dimensions.map((d) => `${d.Name}=${d.Value}`)].join('|')

export const dimensionText = (m: Pick<MetricInfo, 'Dimensions'>): string => m.Dimensions.map((d) => `${d.Name}=${d.Value}`).join(', ')

export const BASIC_STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'] as const
export const PERCENTILES = ['p50', 'p90', 'p99'] as const

/** A percentile as CloudWatch writes it: p0 to p100, at most two decimals. */
export const isPercentile = (s: string): boolean => /^p(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/.test(s)

export const PERIODS = [
  { seconds: 60, label: '1 minute' },
  { seconds: 300, label: '5 minutes' },
  { seconds: 900, label: '15 minutes' },
  { seconds: 3600, label: '1 hour' },
  { seconds: 86400, label: '1 day' }
]

/** Microsecond metrics can be shown in milliseconds; the values and the threshold are divided alike. */
export function displayUnit(unit: string, inMs: boolean): { unit: string; scale: number } {
  if (unit === 'Microseconds' && inMs) return { unit: 'Milliseconds', scale: 1 / 1000 }
  return { unit, scale: 1 }
}
