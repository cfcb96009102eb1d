import { describe, expect, it } from 'vitest'
import { formatSpan, formatTick, formatUtc, formatUtcRange, tickStep, timeTicks } from '@/components/charts/time-axis'

// 5 January 2026 was a Monday (ISO calendar); Date.UTC builds the instants by hand.
const MON = Date.UTC(2026, 0, 5)
const HOUR = 3_600_000

describe('the app’s one time convention', () => {
  it('names a simulated instant with weekday, date, year and UTC', () => {
    expect(formatUtc(MON + 14 * HOUR)).toBe('Mon 5 Jan 2026, 14:00 UTC')
    expect(formatUtc(MON + 14 * HOUR + 5_000, true)).toBe('Mon 5 Jan 2026, 14:00:05 UTC')
  })

  it('puts the weekday and date under the first tick of each day on sub-day axes, and on every daily tick', () => {
    expect(formatTick(MON + 22 * HOUR, 2 * HOUR)).toEqual(['22:00', 'Mon 5 Jan'])
    expect(formatTick(MON + 24 * HOUR, 2 * HOUR, MON + 22 * HOUR)).toEqual(['00:00', 'Tue 6 Jan'])
    expect(formatTick(MON + 26 * HOUR, 2 * HOUR, MON + 24 * HOUR)).toBe('02:00')
    expect(formatTick(MON + 48 * HOUR, 24 * HOUR)).toBe('Wed 7 Jan')
  })

  it('says how long a window lasts and when it runs past midnight', () => {
    expect(formatUtcRange(MON + 14 * HOUR + 2 * 60_000, MON + 16 * HOUR + 2 * 60_000)).toBe('Mon 5 Jan 14:02–16:02 UTC (2 h)')
    // 22:00 Monday to 01:30 Tuesday: 3.5 hours over two days.
    expect(formatUtcRange(MON + 22 * HOUR, MON + 25.5 * HOUR)).toBe('Mon 5 Jan 22:00 – Tue 6 Jan 01:30 UTC (3 h 30 min, over 2 days)')
    // Ending exactly at midnight stays on its own day.
    expect(formatUtcRange(MON + 23 * HOUR, MON + 24 * HOUR)).toBe('Mon 5 Jan 23:00–24:00 UTC (1 h)')
    expect(formatSpan(60_000)).toBe('1 min')
    expect(formatSpan(3 * 86_400_000 + 4 * HOUR)).toBe('3 days 4 h')
  })

  it('aligns a week of ticks to UTC days and a fortnight to Mondays', () => {
    expect(tickStep(MON, MON + 7 * 24 * HOUR)).toBe(24 * HOUR)
    expect(timeTicks(MON + HOUR, MON + 7 * 24 * HOUR)[0]).toBe(MON + 24 * HOUR)
    const weekly = timeTicks(MON - 3 * 24 * HOUR, MON + 60 * 24 * HOUR)
    for (const t of weekly) expect(new Date(t).getUTCDay()).toBe(1)
  })
})
