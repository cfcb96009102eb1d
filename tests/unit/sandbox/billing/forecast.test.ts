import { describe, expect, it } from 'vitest'
import { FORECAST_RULE } from '../../../../src/main/sandbox/billing'
import { advance, DAY, endpoint, worldOf } from './helpers'

describe('the month-end forecast', () => {
  it('is unavailable until a complete day of cost exists', () => {
    const none = worldOf('none', [advance(60)])
    expect(none.billing.forecast(undefined, none.now)).toMatchObject({ Total: null, DailyRate: null, Unavailable: 'No cost yet, so nothing to forecast from.' })
    const young = worldOf('young', [endpoint('a', 'ml.m5.xlarge', 1), advance(23 * 60)])
    expect(young.billing.forecast(undefined, young.now)).toMatchObject({ Total: null, Unavailable: expect.stringMatching(/one complete day/) })
    expect(young.billing.summary(young.now).forecastUsd).toBeNull()
  })

  it('is month to date plus the rest of the month at the recent daily rate', () => {
    // ml.m5.xlarge × 1: $0.23 × 24 = $5.52 a day from 2026-01-05 00:00.
    // At 2026-01-06 12:00: month to date 1.5 days = $8.28; the rest of January is 25.5 days × $5.52 = $140.76;
    // forecast $149.04 (= 27 January days × $5.52, as it must be for a steady fleet).
    const w = worldOf('steady', [endpoint('a', 'ml.m5.xlarge', 1), advance(DAY + 720)])
    const f = w.billing.forecast(undefined, w.now)
    expect(f.Month).toBe('2026-01')
    expect(f.MonthToDate.Amount).toBe('8.28')
    expect(f.DailyRate).toBeCloseTo(5.52, 12)
    expect(f.WindowDays).toBe(1)
    expect(Number(f.Total?.Amount)).toBeCloseTo(149.04, 9)
    expect(f.Rule).toBe(FORECAST_RULE)
    // Today's remaining half day, then 25 whole days.
    expect(f.ForecastResultsByTime).toHaveLength(26)
    expect(f.ForecastResultsByTime[0]).toEqual({ TimePeriod: { Start: '2026-01-06', End: '2026-01-07' }, MeanValue: '2.76' })
    expect(f.ForecastResultsByTime[25]).toEqual({ TimePeriod: { Start: '2026-01-31', End: '2026-02-01' }, MeanValue: '5.52' })
  })

  it('averages the last 7 complete days, counted from the first day with cost', () => {
    // 1 × ml.m5.xlarge for 3 days ($5.52/day), then 3 × for 6 days ($16.56/day). At 2026-01-14 00:00 the
    // window is days 2–8: (5.52 + 6 × 16.56) / 7 = 104.88 / 7 = 14.982857…; month to date 3 × 5.52 + 6 × 16.56 = 115.92;
    // the rest of January is 18 days: forecast 115.92 + 18 × 14.982857… = 385.611428…
    const w = worldOf('window', [endpoint('a', 'ml.m5.xlarge', 1), advance(3 * DAY), { type: 'UpdateEndpoint', EndpointName: 'a', ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 3 }] }, advance(6 * DAY)])
    const f = w.billing.forecast(undefined, w.now)
    expect(f.WindowDays).toBe(7)
    expect(f.DailyRate).toBeCloseTo(104.88 / 7, 9)
    expect(Number(f.MonthToDate.Amount)).toBeCloseTo(115.92, 9)
    expect(Number(f.Total?.Amount)).toBeCloseTo(115.92 + (18 * 104.88) / 7, 8)
  })

  it('counts a first day that started late as one of the window days, as a daily model does', () => {
    // Created at 10:00: the first day has 14 h × $0.23 = $3.22. At the next midnight the rate is $3.22/day:
    // forecast 3.22 + 26 × 3.22 = $86.94.
    const w = worldOf('late', [advance(600), endpoint('a', 'ml.m5.xlarge', 1), advance(840)])
    const f = w.billing.forecast(undefined, w.now)
    expect(f.DailyRate).toBeCloseTo(3.22, 12)
    expect(Number(f.Total?.Amount)).toBeCloseTo(86.94, 9)
  })

  it('at exactly midnight on the 1st reports the month just closed, whose forecast is its total', () => {
    // 2026-01-05 → 2026-02-01 00:00 is 27 days of $5.52.
    const w = worldOf('closing', [endpoint('a', 'ml.m5.xlarge', 1), advance(27 * DAY)])
    const f = w.billing.forecast(undefined, w.now)
    expect(f.Month).toBe('2026-01')
    expect(f.MonthToDate.Amount).toBe('149.04')
    expect(f.Total?.Amount).toBe('149.04')
    expect(f.ForecastResultsByTime).toEqual([])
    // One minute later February has begun: $0.23/60 so far, and 28 days at the rate ahead.
    w.apply(advance(1))
    const feb = w.billing.forecast(undefined, w.now)
    expect(feb.Month).toBe('2026-02')
    expect(Number(feb.MonthToDate.Amount)).toBeCloseTo(0.23 / 60, 9)
    expect(Number(feb.Total?.Amount)).toBeCloseTo(0.23 / 60 + 5.52 * (28 - 1 / 1440), 8)
  })

  it('forecasts only what a filter selects', () => {
    // ml.m5.large × 1 ($2.76/day) and ml.c5.xlarge × 1 ($4.896/day); filtered to ml.m5.large: 27 × 2.76 = $74.52.
    const w = worldOf('filtered', [endpoint('a', 'ml.m5.large', 1), endpoint('b', 'ml.c5.xlarge', 1), advance(DAY)])
    const f = w.billing.forecast({ Dimensions: { Key: 'INSTANCE_TYPE', Values: ['ml.m5.large'] } }, w.now)
    expect(Number(f.Total?.Amount)).toBeCloseTo(74.52, 9)
  })
})
