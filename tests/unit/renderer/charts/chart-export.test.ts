import { describe, expect, it } from 'vitest'
import { csvField, fileSlug, toCsv } from '@/components/charts/chart-export'

describe('CSV export', () => {
  it('quotes fields as RFC 4180 says and ends records with CRLF', () => {
    // RFC 4180 §2: fields with commas, quotes or line breaks are enclosed in quotes; quotes doubled.
    expect(toCsv([['Time (UTC)', 'p99, ms'], ['2026-01-05T00:00:00.000Z', 242.5], ['say "hi"', null]])).toBe(
      'Time (UTC),"p99, ms"\r\n2026-01-05T00:00:00.000Z,242.5\r\n"say ""hi""",\r\n'
    )
  })

  it('keeps a spreadsheet from reading a label as a formula, but writes negative numbers as numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)")
    expect(csvField(-3)).toBe('-3')
    expect(csvField(Number.NaN)).toBe('')
  })

  it('names files after the chart’s title', () => {
    expect(fileSlug('ModelLatency p99 over the simulated week, with the alarm’s threshold')).toBe('modellatency-p99-over-the-simulated-week-with-the-alarm-s-threshold')
    expect(fileSlug('µ')).toBe('chart')
  })
})
