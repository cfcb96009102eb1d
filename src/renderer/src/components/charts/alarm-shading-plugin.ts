/**
 * A Chart.js plugin that draws a CloudWatch alarm over a metric chart, the way the CloudWatch
 * console does: periods in ALARM shaded red, INSUFFICIENT_DATA shaded grey (OK left clear), and the
 * threshold as a dashed horizontal line with its value. Enable it per chart with
 * `plugins: [alarmShadingPlugin]` and configure it under `options.plugins.alarmShading`.
 */
import type { ChartType, Plugin } from 'chart.js'

export interface StateSegment {
  /** Epoch ms, inclusive. */
  start: number
  /** Epoch ms, exclusive. */
  end: number
  state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'
}

/** A moment marked with a vertical line and a short label (a retraining, a deployment). */
export interface TimeMarker {
  /** Epoch ms. */
  at: number
  label: string
}

export interface AlarmShadingOptions {
  segments?: StateSegment[]
  markers?: TimeMarker[]
  markerColor?: string
  /** In the y axis's units (already converted if the chart shows, say, ms instead of µs). */
  threshold?: number | null
  thresholdLabel?: string
  alarmFill?: string
  insufficientFill?: string
  thresholdColor?: string
  labelColor?: string
  labelBackground?: string
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType extends ChartType> {
    alarmShading?: AlarmShadingOptions
  }
}

export const alarmShadingPlugin: Plugin<'line', AlarmShadingOptions> = {
  id: 'alarmShading',

  // Bands go under the data line so the line stays readable.
  beforeDatasetsDraw(chart, _args, opts) {
    const segments = opts.segments ?? []
    if (segments.length === 0) return
    const { ctx, chartArea: area, scales } = chart
    const x = scales.x
    ctx.save()
    ctx.beginPath()
    ctx.rect(area.left, area.top, area.width, area.height)
    ctx.clip()
    for (const s of segments) {
      if (s.state === 'OK') continue
      const left = Math.max(area.left, x.getPixelForValue(s.start))
      const right = Math.min(area.right, x.getPixelForValue(s.end))
      if (right <= area.left || left >= area.right) continue
      ctx.fillStyle = (s.state === 'ALARM' ? opts.alarmFill : opts.insufficientFill) ?? 'rgba(0,0,0,0.1)'
      // At least one pixel wide, so a one-minute ALARM in a week-long chart still shows.
      ctx.fillRect(left, area.top, Math.max(1, right - left), area.height)
    }
    ctx.restore()
  },

  // The threshold goes over the data, as in the CloudWatch console; markers too.
  afterDatasetsDraw(chart, _args, opts) {
    drawMarkers(chart, opts)
    if (opts.threshold === undefined || opts.threshold === null || !Number.isFinite(opts.threshold)) return
    const { ctx, chartArea: area, scales } = chart
    const y = scales.y.getPixelForValue(opts.threshold)
    if (y < area.top - 0.5 || y > area.bottom + 0.5) return
    ctx.save()
    ctx.strokeStyle = opts.thresholdColor ?? '#b3261e'
    ctx.lineWidth = 1.5
    ctx.setLineDash([6, 4])
    ctx.beginPath()
    ctx.moveTo(area.left, y)
    ctx.lineTo(area.right, y)
    ctx.stroke()
    if (opts.thresholdLabel) {
      ctx.setLineDash([])
      ctx.font = '600 12px system-ui, sans-serif'
      const w = ctx.measureText(opts.thresholdLabel).width + 10
      // Above the line unless that would leave the plot area.
      const top = y - 20 >= area.top ? y - 20 : y + 4
      ctx.fillStyle = opts.labelBackground ?? '#fff'
      ctx.fillRect(area.right - w - 4, top, w, 16)
      ctx.fillStyle = opts.labelColor ?? opts.thresholdColor ?? '#b3261e'
      ctx.textBaseline = 'middle'
      ctx.fillText(opts.thresholdLabel, area.right - w + 1, top + 8)
    }
    ctx.restore()
  }
}

/** Vertical dotted lines with their labels at the top, staggered so neighbours do not overlap. */
function drawMarkers(chart: Parameters<NonNullable<Plugin<'line', AlarmShadingOptions>['afterDatasetsDraw']>>[0], opts: AlarmShadingOptions): void {
  const markers = opts.markers ?? []
  if (markers.length === 0) return
  const { ctx, chartArea: area, scales } = chart
  ctx.save()
  ctx.strokeStyle = opts.markerColor ?? '#555'
  ctx.fillStyle = opts.markerColor ?? '#555'
  ctx.lineWidth = 1.5
  ctx.font = '600 11px system-ui, sans-serif'
  ctx.textBaseline = 'top'
  markers.forEach((m, i) => {
    const x = scales.x.getPixelForValue(m.at)
    if (x < area.left - 0.5 || x > area.right + 0.5) return
    ctx.setLineDash([2, 3])
    ctx.beginPath()
    ctx.moveTo(x, area.top)
    ctx.lineTo(x, area.bottom)
    ctx.stroke()
    const w = ctx.measureText(m.label).width
    const left = x + 3 + w > area.right ? x - 3 - w : x + 3
    ctx.fillText(m.label, left, area.top + 2 + (i % 3) * 13)
  })
  ctx.restore()
}
