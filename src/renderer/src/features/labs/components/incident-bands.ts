/**
 * Marks the week's incidents on a MetricChart without changing it: a Chart.js plugin, registered
 * once, that draws only on canvases a lab chart has attached (`attachIncidents`), so the sandbox's
 * charts are untouched. Incidents that should page get a faint amber wash over their window and a
 * solid amber bar along the top of the plot; incidents that should not page (a lone slow minute, a
 * nightly batch) get an outlined bar. Each bar carries the incident's number from the list under
 * the chart. Bars are at least 4 px wide, so a one-minute spike in a week still shows.
 */
import type { Chart as ChartType, Plugin } from 'chart.js'
import { Chart } from '@/components/charts/chart-setup'
import { withAlpha } from '@/components/charts/theme-colors'

export interface IncidentBand {
  n: number
  start: number
  end: number
  shouldPage: boolean
}

const registry = new WeakMap<HTMLCanvasElement, () => IncidentBand[]>()

function cssVar(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback
}

function span(chart: ChartType, b: IncidentBand): { left: number; width: number } | null {
  const { chartArea: area, scales } = chart
  const x = scales.x
  if (!x) return null
  let left = x.getPixelForValue(b.start)
  let right = x.getPixelForValue(b.end)
  if (right - left < 4) {
    const mid = (left + right) / 2
    left = mid - 2
    right = mid + 2
  }
  left = Math.max(area.left, left)
  right = Math.min(area.right, right)
  return right > left ? { left, width: right - left } : null
}

const LANE = 14

const incidentBandsPlugin: Plugin = {
  id: 'labIncidentBands',
  beforeDatasetsDraw(chart) {
    const bands = registry.get(chart.canvas)?.()
    if (!bands?.length) return
    const { ctx, chartArea: area } = chart
    ctx.save()
    ctx.fillStyle = withAlpha(cssVar('--warn', '#8a5a00'), 0.12)
    for (const b of bands) {
      if (!b.shouldPage) continue
      const s = span(chart, b)
      if (s) ctx.fillRect(s.left, area.top, s.width, area.height)
    }
    ctx.restore()
  },
  afterDatasetsDraw(chart) {
    const bands = registry.get(chart.canvas)?.()
    if (!bands?.length) return
    const { ctx, chartArea: area } = chart
    const warn = cssVar('--warn', '#8a5a00')
    const surface = cssVar('--surface', '#ffffff')
    const text = cssVar('--text', '#16191d')
    const muted = cssVar('--text-muted', '#4f5863')
    ctx.save()
    ctx.font = '700 11px system-ui, sans-serif'
    ctx.textBaseline = 'middle'
    // Overlapping incidents (an outage's latency and its errors) go on separate rows.
    const rowEnds: number[] = []
    for (const b of bands) {
      const s = span(chart, b)
      if (!s) continue
      const label = String(b.n)
      const wide = s.width >= ctx.measureText(label).width + 6
      const extent = s.left + s.width + (wide ? 0 : ctx.measureText(label).width + 8)
      let row = rowEnds.findIndex((end) => end + 2 <= s.left)
      if (row === -1) row = rowEnds.length
      rowEnds[row] = extent
      const top = area.top + 2 + row * (LANE + 2)
      if (b.shouldPage) {
        ctx.fillStyle = warn
        ctx.fillRect(s.left, top, s.width, LANE)
      } else {
        ctx.fillStyle = surface
        ctx.fillRect(s.left, top, s.width, LANE)
        ctx.strokeStyle = muted
        ctx.lineWidth = 1.5
        ctx.setLineDash([3, 2])
        ctx.strokeRect(s.left + 0.75, top + 0.75, s.width - 1.5, LANE - 1.5)
        ctx.setLineDash([])
      }
      if (wide) {
        ctx.fillStyle = b.shouldPage ? surface : text
        ctx.textAlign = 'center'
        ctx.fillText(label, s.left + s.width / 2, top + LANE / 2 + 0.5)
      } else {
        // Beside the bar, on a chip so the data line does not hide it.
        const w = ctx.measureText(label).width + 6
        const x = Math.min(s.left + s.width + 2, area.right - w)
        ctx.fillStyle = surface
        ctx.fillRect(x, top, w, LANE)
        ctx.fillStyle = b.shouldPage ? warn : text
        ctx.textAlign = 'left'
        ctx.fillText(label, x + 3, top + LANE / 2 + 0.5)
      }
    }
    ctx.restore()
  }
}

Chart.register(incidentBandsPlugin)

/** Draws `bands()` on the chart of this canvas from now on (read at every redraw). */
export function attachIncidents(canvas: HTMLCanvasElement, bands: () => IncidentBand[]): void {
  registry.set(canvas, bands)
  Chart.getChart(canvas)?.draw()
}

export function detachIncidents(canvas: HTMLCanvasElement): void {
  registry.delete(canvas)
}
