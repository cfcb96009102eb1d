/**
 * Marks the week's incidents and the alarm's false alarms on a MetricChart without changing it: a
 * Chart.js plugin, registered once, that draws only on canvases a lab chart has attached
 * (`attachIncidents`), so the sandbox's charts are untouched.
 *
 * Incidents that should page get a faint amber wash over their window and a solid amber bar along
 * the top of the plot; incidents that should not page (a lone slow minute, a nightly batch) get an
 * outlined bar. Each bar carries the incident's number from the list under the chart. Bars are at
 * least 4 px wide, so a one-minute spike in a week still shows. False alarms are red triangles on
 * the bottom edge of the plot, numbered as in the scorecard.
 *
 * Clicking a bar, a should-page wash or a false-alarm triangle calls the chart's `onPick` with that
 * window (the lab zooms to it); the pointer turns into a hand over them.
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

export interface FalseAlarmMark {
  n: number
  /** When the ALARM transition happened, epoch ms. */
  t: number
}

export interface RunMarks {
  bands: IncidentBand[]
  falseAlarms: FalseAlarmMark[]
}

export type MarkPick = { kind: 'incident'; n: number; start: number; end: number } | { kind: 'false-alarm'; n: number; start: number; end: number }

interface HitRegion {
  x: number
  y: number
  w: number
  h: number
  pick: MarkPick
  /** Bars and triangles win over the wide wash behind the data. */
  priority: number
}

interface Attached {
  marks: () => RunMarks
  onPick?: (p: MarkPick) => void
  regions: HitRegion[]
  cleanup: () => void
}

const registry = new WeakMap<HTMLCanvasElement, Attached>()

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
const TRIANGLE = 9
/** A false alarm is framed as one evaluation around its transition. */
const FALSE_ALARM_WINDOW = 5 * 60_000

const incidentBandsPlugin: Plugin = {
  id: 'labIncidentBands',
  beforeDatasetsDraw(chart) {
    const attached = registry.get(chart.canvas)
    if (!attached) return
    attached.regions = []
    const { bands } = attached.marks()
    if (!bands.length) return
    const { ctx, chartArea: area } = chart
    ctx.save()
    ctx.fillStyle = withAlpha(cssVar('--warn', '#8a5a00'), 0.12)
    for (const b of bands) {
      if (!b.shouldPage) continue
      const s = span(chart, b)
      if (!s) continue
      ctx.fillRect(s.left, area.top, s.width, area.height)
      attached.regions.push({ x: s.left, y: area.top, w: s.width, h: area.height, pick: { kind: 'incident', n: b.n, start: b.start, end: b.end }, priority: 0 })
    }
    ctx.restore()
  },
  afterDatasetsDraw(chart) {
    const attached = registry.get(chart.canvas)
    if (!attached) return
    const { bands, falseAlarms } = attached.marks()
    const { ctx, chartArea: area } = chart
    const warn = cssVar('--warn', '#8a5a00')
    const alarm = cssVar('--alarm', '#b3261e')
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
      attached.regions.push({ x: s.left, y: top, w: Math.max(s.width, extent - s.left), h: LANE, pick: { kind: 'incident', n: b.n, start: b.start, end: b.end }, priority: 2 })
    }
    const x = chart.scales.x
    if (x) {
      const base = area.bottom
      ctx.fillStyle = alarm
      ctx.strokeStyle = surface
      ctx.lineWidth = 1
      for (const f of falseAlarms) {
        const px = x.getPixelForValue(f.t)
        if (px < area.left - 0.5 || px > area.right + 0.5) continue
        ctx.beginPath()
        ctx.moveTo(px, base - TRIANGLE - 1)
        ctx.lineTo(px - TRIANGLE / 2 - 1, base - 1)
        ctx.lineTo(px + TRIANGLE / 2 + 1, base - 1)
        ctx.closePath()
        ctx.fill()
        ctx.stroke()
        attached.regions.push({
          x: px - TRIANGLE,
          y: base - TRIANGLE - 4,
          w: TRIANGLE * 2,
          h: TRIANGLE + 4,
          pick: { kind: 'false-alarm', n: f.n, start: f.t - FALSE_ALARM_WINDOW, end: f.t + FALSE_ALARM_WINDOW },
          priority: 3
        })
      }
    }
    ctx.restore()
    // Where the marks are, in CSS pixels of the canvas: lets end-to-end tests click a bar as a learner would.
    chart.canvas.dataset.marks = JSON.stringify(
      attached.regions.filter((r) => r.priority > 0).map((r) => ({ kind: r.pick.kind, n: r.pick.n, x: Math.round(r.x + r.w / 2), y: Math.round(r.y + r.h / 2) }))
    )
  }
}

Chart.register(incidentBandsPlugin)

/** The mark under a point of the canvas (CSS pixels), the most specific first. */
export function pickAt(canvas: HTMLCanvasElement, x: number, y: number): MarkPick | null {
  const regions = registry.get(canvas)?.regions ?? []
  const hits = regions.filter((r) => x >= r.x - 2 && x <= r.x + r.w + 2 && y >= r.y - 2 && y <= r.y + r.h + 2)
  hits.sort((a, b) => b.priority - a.priority)
  return hits[0]?.pick ?? null
}

/**
 * Draws `marks()` on the chart of this canvas from now on (read at every redraw) and makes them
 * clickable. A click that ends a drag (the zoom plugin's drag-to-zoom) is not a pick.
 */
export function attachIncidents(canvas: HTMLCanvasElement, marks: () => RunMarks, onPick?: (p: MarkPick) => void): void {
  registry.get(canvas)?.cleanup()
  let down: { x: number; y: number } | null = null
  const point = (e: MouseEvent): { x: number; y: number } => {
    const r = canvas.getBoundingClientRect()
    return { x: e.clientX - r.left, y: e.clientY - r.top }
  }
  const onDown = (e: MouseEvent): void => {
    down = point(e)
  }
  const onClick = (e: MouseEvent): void => {
    const p = point(e)
    const dragged = down && Math.hypot(p.x - down.x, p.y - down.y) > 4
    down = null
    if (dragged || !onPick) return
    const hit = pickAt(canvas, p.x, p.y)
    if (hit) onPick(hit)
  }
  const onMove = (e: MouseEvent): void => {
    if (e.buttons || !onPick) return
    const p = point(e)
    canvas.style.cursor = pickAt(canvas, p.x, p.y) ? 'pointer' : ''
  }
  canvas.addEventListener('mousedown', onDown)
  canvas.addEventListener('click', onClick)
  canvas.addEventListener('mousemove', onMove)
  registry.set(canvas, {
    marks,
    onPick,
    regions: [],
    cleanup: () => {
      canvas.removeEventListener('mousedown', onDown)
      canvas.removeEventListener('click', onClick)
      canvas.removeEventListener('mousemove', onMove)
    }
  })
  Chart.getChart(canvas)?.draw()
}

export function detachIncidents(canvas: HTMLCanvasElement): void {
  registry.get(canvas)?.cleanup()
  registry.delete(canvas)
}
