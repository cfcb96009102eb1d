/**
 * How a lab metric is shown. CloudWatch stores ModelLatency in microseconds and the lab's
 * thresholds are in microseconds too (the exam expects you to know); the charts can show
 * milliseconds instead, which is what people read. Values and thresholds are scaled together.
 */
import { formatValue } from '@/components/charts/number-format'

export type LatencyDisplay = 'ms' | 'us'

export interface MetricDisplay {
  /** Multiply the metric's values (and threshold) by this to draw them. */
  scale: number
  /** The unit given to MetricChart (its tooltip suffix). */
  unit: string
  /** The y axis title: what is drawn, in what unit. */
  yTitle: string
  /** A value in the metric's own unit as text, with its unit. */
  format: (raw: number) => string
  /** A drawn (scaled) value as text, without its unit. */
  formatDrawn: (v: number) => string
  isLatency: boolean
}

const num = formatValue

export function metricDisplay(metricName: string, statistic: string, unit: string, latency: LatencyDisplay): MetricDisplay {
  if (unit === 'Microseconds') {
    const ms = latency === 'ms'
    return {
      scale: ms ? 0.001 : 1,
      unit: ms ? 'Milliseconds' : 'Microseconds',
      yTitle: `${statistic} latency (${ms ? 'ms' : 'µs'})`,
      format: (raw) => (ms ? `${num(raw / 1000)} ms` : `${num(raw)} µs`),
      formatDrawn: (v) => num(v),
      isLatency: true
    }
  }
  // SageMaker's invocation and error metrics have unit None: Sum is a count; Average of a 0/1 error metric is a rate.
  const isErrors = /Error/.test(metricName)
  const what =
    statistic === 'Sum'
      ? isErrors
        ? 'errors per period'
        : 'requests per period'
      : statistic === 'Average' && isErrors
        ? 'error rate, 0–1'
        : unit === 'None'
          ? 'no unit'
          : unit.toLowerCase()
  return {
    scale: 1,
    unit: unit === 'None' ? '' : unit,
    yTitle: `${statistic} (${what})`,
    format: (raw) => (statistic === 'Average' && isErrors ? `${num(raw, 4)} (${num(raw * 100, 2)} %)` : num(raw, 4)),
    formatDrawn: (v) => num(v, 4),
    isLatency: false
  }
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—'
  if (seconds < 60) return `${Math.round(seconds)} s`
  const min = seconds / 60
  if (min < 120) return `${Number.isInteger(min) ? min : min.toFixed(1)} min`
  return `${(min / 60).toFixed(1)} h`
}

export function formatMinutes(minutes: number): string {
  if (minutes < 120) return `${minutes} min`
  return `${minutes.toLocaleString('en-US')} min (${(minutes / 60).toFixed(1)} h)`
}
