import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compactUtcMinute, isoUtc, reasonTimestampUtc, utcFields } from '../../../../src/main/sandbox/core/time'

// The reference is the JavaScript Date itself (ECMA-262's proleptic Gregorian UTC calendar).
const YEAR_10000_MS = Date.UTC(10000, 0, 1)

describe('UTC formatting without a Date', () => {
  it('utcFields gives Date’s getUTC… fields and isoUtc its toISOString, for any whole millisecond from 1970 to 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: YEAR_10000_MS - 1 }), (ms) => {
        const d = new Date(ms)
        const f = { ...utcFields(ms) }
        expect(f).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: d.getUTCMilliseconds() })
        expect(isoUtc(ms)).toBe(d.toISOString())
      }),
      { numRuns: 20_000 }
    )
  })

  it('is exact at the calendar edges: leap days, century years, the year ends', () => {
    const edges = ['1970-01-01T00:00:00.000Z', '2000-02-29T23:59:59.999Z', '2100-02-28T12:00:00.000Z', '2100-03-01T00:00:00.000Z', '2400-02-29T00:00:00.001Z', '2026-12-31T23:59:59.000Z', '9999-12-31T23:59:59.999Z', '0999-12-31T00:00:00.000Z']
    for (const text of edges) {
      const ms = Date.parse(text)
      if (ms >= 0) expect(isoUtc(ms)).toBe(text)
      else expect(isoUtc(ms)).toBe(new Date(ms).toISOString())
    }
  })

  it('falls back to Date outside its range, so the output never differs', () => {
    for (const ms of [-1, -86_400_000 * 400, 1.5, YEAR_10000_MS, YEAR_10000_MS + 123]) expect(isoUtc(ms)).toBe(new Date(ms).toISOString())
    expect(() => isoUtc(NaN)).toThrow(RangeError)
  })

  it('reasonTimestampUtc is CloudWatch’s dd/MM/yy HH:mm:ss of the same fields', () => {
    expect(reasonTimestampUtc(Date.parse('2021-07-14T23:18:00Z'))).toBe('14/07/21 23:18:00')
    fc.assert(
      fc.property(fc.integer({ min: -YEAR_10000_MS, max: YEAR_10000_MS - 1 }), (ms) => {
        const d = new Date(ms)
        // The Date-based form CloudWatch's reasons used before (years before 1970 fall back to it).
        const p = (k: number): string => (k < 10 ? `0${k}` : String(k))
        expect(reasonTimestampUtc(ms)).toBe(`${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`)
      }),
      { numRuns: 5_000 }
    )
  })

  it('compactUtcMinute is the ISO time without - : T, cut to yyyyMMddHHmm', () => {
    // The processing job of a schedule's 01:00 run on the sandbox's first day.
    expect(compactUtcMinute(Date.parse('2026-01-05T01:00:00Z'))).toBe('202601050100')
    fc.assert(
      fc.property(fc.integer({ min: -YEAR_10000_MS, max: YEAR_10000_MS - 1 }), (ms) => {
        expect(compactUtcMinute(ms)).toBe(new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 12))
      }),
      { numRuns: 5_000 }
    )
  })
})
