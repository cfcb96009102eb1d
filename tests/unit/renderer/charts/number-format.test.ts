import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatNumber, formatValue } from '@/components/charts/number-format'

describe('the charts’ number text', () => {
  it('writes en-US numbers with at most the given decimals (hand-checked)', () => {
    expect(formatNumber(1234.5678)).toBe('1,234.568')
    expect(formatNumber(1234.5678, 1)).toBe('1,234.6')
    expect(formatNumber(0.5, 3)).toBe('0.5')
    expect(formatNumber(-2500, 3)).toBe('-2,500')
    // One decimal from 100 up, else up to three (or the digits asked for).
    expect(formatValue(241.449)).toBe('241.4')
    expect(formatValue(41.44463)).toBe('41.445')
    expect(formatValue(0.012345, 4)).toBe('0.0123')
    expect(formatValue(-150.25)).toBe('-150.3')
  })

  it('gives the text toLocaleString gives, for any number and digits (the formatter is the one ECMA-402 specifies for it)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 }), (v, digits) => {
        expect(formatNumber(v, digits)).toBe(v.toLocaleString('en-US', { maximumFractionDigits: digits }))
        expect(formatValue(v, digits)).toBe(v.toLocaleString('en-US', { maximumFractionDigits: Math.abs(v) >= 100 ? 1 : digits }))
      })
    )
  })
})
