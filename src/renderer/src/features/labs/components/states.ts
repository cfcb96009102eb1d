/**
 * Alarm states as the lab engine reports them (one code per period: 0 OK, 1 ALARM,
 * 2 INSUFFICIENT_DATA) turned into the `[start, end)` segments MetricChart shades, with runs of
 * the same state merged so a week of one-minute periods is a handful of bands, not 10,080.
 */
import type { StateSegment } from '@/components/charts/alarm-shading-plugin'

const NAMES: StateSegment['state'][] = ['OK', 'ALARM', 'INSUFFICIENT_DATA']

/** The segments of a regular series: period i starts at `start + i × periodSeconds × 1000`. */
export function stateSegments(first: number, states: (0 | 1 | 2)[], periodSeconds: number): StateSegment[] {
  const out: StateSegment[] = []
  const periodMs = periodSeconds * 1000
  for (let i = 0; i < states.length; i++) {
    const state = NAMES[states[i]] ?? 'OK'
    const start = first + i * periodMs
    const end = start + periodMs
    const last = out[out.length - 1]
    if (last && last.state === state && last.end === start) last.end = end
    else out.push({ start, end, state })
  }
  return out
}

/** Minutes spent in each state, for text alternatives of timelines. */
export function minutesIn(segments: StateSegment[], state: StateSegment['state']): number {
  return Math.round(segments.filter((s) => s.state === state).reduce((n, s) => n + (s.end - s.start), 0) / 60_000)
}
