/** kthSmallest (core/select.ts) gives what sorting and indexing gives: checked against the engine's typed-array sort. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { kthSmallest, lowerBound, upperBound } from '../../../../src/main/sandbox/core/select'

describe('kthSmallest', () => {
  it('the median of a small hand example', () => {
    // Sorted: 1 1 2 3 4 5 5 5 6 9 → index 5 is 5, index 0 is 1, index 9 is 9.
    const a = [3, 1, 4, 1, 5, 9, 2, 6, 5, 5]
    expect(kthSmallest(Float64Array.from(a), 5)).toBe(5)
    expect(kthSmallest(Float64Array.from(a), 0)).toBe(1)
    expect(kthSmallest(Float64Array.from(a), 9)).toBe(9)
  })

  it('equals sort()[k] on random samples with many ties, sorted and reversed runs', () => {
    const sample = fc.oneof(
      fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 1, maxLength: 300 }),
      fc.array(fc.double({ noNaN: true, noDefaultInfinity: false }), { minLength: 1, maxLength: 300 }),
      fc.integer({ min: 1, max: 300 }).map((n) => Array.from({ length: n }, (_, i) => i)),
      fc.integer({ min: 1, max: 300 }).map((n) => Array.from({ length: n }, (_, i) => n - i))
    )
    fc.assert(
      fc.property(sample, fc.nat(), (values, r) => {
        const k = r % values.length
        const sorted = Float64Array.from(values).sort()
        // −0 and 0 are the same order statistic.
        expect(kthSmallest(Float64Array.from(values), k) === sorted[k]).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  it('refuses an index outside the sample', () => {
    expect(() => kthSmallest(new Float64Array(3), 3)).toThrow(/k must be in \[0, 3\)/)
  })
})

describe('lowerBound and upperBound', () => {
  it('the first index at or above, and above, a value (hand example with ties)', () => {
    const a = [1, 2, 2, 2, 5]
    expect([lowerBound(a, 2), upperBound(a, 2)]).toEqual([1, 4])
    expect([lowerBound(a, 0), upperBound(a, 0)]).toEqual([0, 0])
    expect([lowerBound(a, 9), upperBound(a, 9)]).toEqual([5, 5])
    expect([lowerBound(a, 3), upperBound(a, 3)]).toEqual([4, 4])
  })
})
