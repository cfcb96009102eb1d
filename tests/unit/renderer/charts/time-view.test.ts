import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { clampRange, frameRange, MIN_SPAN, panRange, zoomRange } from '@/components/charts/time-view'

const WEEK = { min: 0, max: 7 * 86_400_000 }
const HOUR = 3_600_000

describe('a time chart’s zoomed window', () => {
  it('frames an incident with an hour of context, or half its length when that is longer', () => {
    // 2 h incident at 50 h: one hour either side (half of 2 h is 1 h).
    expect(frameRange(50 * HOUR, 52 * HOUR, WEEK)).toEqual({ min: 49 * HOUR, max: 53 * HOUR })
    // 10 h incident: 5 h either side.
    expect(frameRange(50 * HOUR, 60 * HOUR, WEEK)).toEqual({ min: 45 * HOUR, max: 65 * HOUR })
    // At the start of the week the window slides inside it instead of running off the edge.
    expect(frameRange(0, 30 * 60_000, WEEK)).toEqual({ min: 0, max: 2.5 * HOUR })
  })

  it('is null (nothing to reset) once it covers the whole extent', () => {
    expect(zoomRange({ min: 0, max: 5 * 86_400_000 }, WEEK, 2)).toBeNull()
    expect(clampRange({ min: -5, max: WEEK.max + 5 }, WEEK)).toBeNull()
  })

  it('zooms in around the middle and pans by half a window, never leaving the week', () => {
    expect(zoomRange(null, WEEK, 0.5)).toEqual({ min: 1.75 * 86_400_000, max: 5.25 * 86_400_000 })
    expect(panRange({ min: 0, max: 10 * HOUR }, WEEK, -0.5)).toEqual({ min: 0, max: 10 * HOUR })
    expect(panRange({ min: 0, max: 10 * HOUR }, WEEK, 0.5)).toEqual({ min: 5 * HOUR, max: 15 * HOUR })
  })

  it('always stays inside the extent and at least MIN_SPAN wide (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true }), (start, width) => {
        const r = clampRange({ min: start, max: start + width }, WEEK)
        if (r === null) return
        expect(r.min).toBeGreaterThanOrEqual(WEEK.min)
        expect(r.max).toBeLessThanOrEqual(WEEK.max)
        expect(r.max - r.min).toBeGreaterThanOrEqual(MIN_SPAN - 1e-6)
      })
    )
  })
})
