import { describe, expect, it } from 'vitest'
import { createClock, floorToMinute, parseIso, SIM_EPOCH_MS, toIso, utcHourOfDay, utcWeekday } from '../../../../src/main/sandbox/core/time'
import { LabError } from '../../../../src/shared/errors'

describe('simulated clock', () => {
  it('starts on Monday 2026-01-05 at midnight UTC', () => {
    const c = createClock()
    expect(c.nowIso()).toBe('2026-01-05T00:00:00.000Z')
    expect(utcWeekday(c.now())).toBe(1)
  })

  it('advances only when told, and never backwards', () => {
    const c = createClock()
    expect(c.advance(90_000)).toBe(SIM_EPOCH_MS + 90_000)
    expect(c.nowIso()).toBe('2026-01-05T00:01:30.000Z')
    expect(() => c.advance(-1)).toThrow(LabError)
    expect(() => c.advance(Number.NaN)).toThrow(/finite/)
  })

  it('computes weekdays and hours without a Date, matching Date.getUTCDay', () => {
    for (const iso of ['1969-12-31T23:59:00Z', '2026-01-10T12:00:00Z', '2026-01-11T00:00:00Z', '2030-06-15T08:00:00Z']) {
      const ms = Date.parse(iso)
      expect(utcWeekday(ms), iso).toBe(new Date(ms).getUTCDay())
    }
    expect(utcHourOfDay(Date.parse('2026-01-05T13:30:00Z'))).toBe(13.5)
    expect(floorToMinute(SIM_EPOCH_MS + 59_999)).toBe(SIM_EPOCH_MS)
  })

  it('parses only zoned ISO-8601 timestamps', () => {
    expect(parseIso('2026-01-05T00:10:00Z')).toBe(SIM_EPOCH_MS + 600_000)
    expect(parseIso('2026-01-05T01:10:00+01:00')).toBe(SIM_EPOCH_MS + 600_000)
    expect(() => parseIso('2026-01-05 00:10')).toThrow(LabError)
    expect(toIso(SIM_EPOCH_MS)).toBe('2026-01-05T00:00:00.000Z')
  })
})
