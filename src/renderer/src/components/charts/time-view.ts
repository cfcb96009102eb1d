/**
 * The visible window of a time chart, as pure functions: zoom in or out around a point, pan, and
 * frame an event (an incident, a false alarm) with some context. A window is always inside the
 * chart's extent and never narrower than `MIN_SPAN`; a window equal to the extent is `null`
 * ("not zoomed"), so a chart that shows everything has nothing to reset.
 */
export interface TimeRange {
  min: number
  max: number
}

const MINUTE = 60_000
/** The narrowest window: a few one-minute periods stay readable. */
export const MIN_SPAN = 10 * MINUTE

/** `range` moved and shrunk as little as possible to fit `extent`; null when it covers the extent. */
export function clampRange(range: TimeRange | null, extent: TimeRange): TimeRange | null {
  if (!range) return null
  const full = extent.max - extent.min
  const width = range.max - range.min
  const span = Math.min(Math.max(width, MIN_SPAN), full)
  if (span >= full) return null
  // A window narrower than MIN_SPAN grows around its middle.
  const min = Math.min(Math.max(range.min - (span - width) / 2, extent.min), extent.max - span)
  return { min, max: min + span }
}

/** Zooms by `factor` (< 1 in, > 1 out) around `center` (default: the middle of the window). */
export function zoomRange(range: TimeRange | null, extent: TimeRange, factor: number, center?: number): TimeRange | null {
  const cur = range ?? extent
  const c = center ?? (cur.min + cur.max) / 2
  const span = (cur.max - cur.min) * factor
  const left = (c - cur.min) / (cur.max - cur.min)
  return clampRange({ min: c - span * left, max: c + span * (1 - left) }, extent)
}

/** Pans by `fraction` of the window (negative: earlier). */
export function panRange(range: TimeRange | null, extent: TimeRange, fraction: number): TimeRange | null {
  if (!range) return null
  const shift = (range.max - range.min) * fraction
  return clampRange({ min: range.min + shift, max: range.max + shift }, extent)
}

/**
 * A window that frames `[start, end)` with context on both sides: half the event's length, at
 * least `context` (default 1 hour), so a one-minute spike shows the normal minutes around it.
 */
export function frameRange(start: number, end: number, extent: TimeRange, context = 60 * MINUTE): TimeRange | null {
  const pad = Math.max((end - start) / 2, context)
  return clampRange({ min: start - pad, max: Math.max(end, start + MINUTE) + pad }, extent)
}
