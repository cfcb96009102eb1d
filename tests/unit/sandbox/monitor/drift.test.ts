import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareDistributions, type DriftComparison, type DriftMethod } from '../../../../src/main/sandbox/monitor/drift'
import { sturgesEdges } from '../../../../src/main/sandbox/monitor/histogram'
import { sortSample } from '../../../../src/main/sandbox/monitor/sort'
import { LabError } from '../../../../src/shared/errors'
import { REF, expectClose, sample, type SampleSpec } from './reference'

function values(s: SampleSpec | string[]): number[] | string[] {
  return Array.isArray(s) ? s : sample(s)
}

function expectComparison(actual: DriftComparison, expected: Record<string, unknown>): void {
  const e = expected as Record<string, number> & { ks?: { statistic: number; pValue: number }; chiSquare?: { statistic: number; pValue: number }; auto: { method: string; value: number; threshold: number; drift: boolean } }
  expect(Object.keys(actual).sort()).toEqual(Object.keys(e).sort())
  if (e.ks) {
    expect(actual.ks!.statistic).toBe(e.ks.statistic)
    expectClose(actual.ks!.pValue, e.ks.pValue, 1e-9, 1e-300, 'ks.pValue')
  }
  if (e.chiSquare) {
    expectClose(actual.chiSquare!.statistic, e.chiSquare.statistic, 1e-11, 1e-12, 'chiSquare.statistic')
    expectClose(actual.chiSquare!.pValue, e.chiSquare.pValue, 1e-10, 1e-300, 'chiSquare.pValue')
  }
  expect(actual.linfSimple).toBe(e.linfSimple)
  expectClose(actual.linfRobust, e.linfRobust, 1e-12, 1e-15, 'linfRobust')
  expectClose(actual.psi, e.psi, 1e-10, 1e-14, 'psi')
  expectClose(actual.jensenShannon, e.jensenShannon, 1e-10, 1e-14, 'jensenShannon')
  if ('wasserstein' in e) {
    expectClose(actual.wasserstein!, e.wasserstein, 1e-10, 1e-14, 'wasserstein')
    expectClose(actual.wassersteinNormed!, e.wassersteinNormed, 1e-10, 1e-14, 'wassersteinNormed')
  }
  expect(actual.auto.method).toBe(e.auto.method)
  expect(actual.auto.threshold).toBe(e.auto.threshold)
  expect(actual.auto.drift).toBe(e.auto.drift)
  expectClose(actual.auto.value, e.auto.value, 1e-9, 1e-14, 'auto.value')
}

describe('compareDistributions against numpy, scipy and Evidently’s rules (reference script)', () => {
  for (const c of REF.drift) {
    it(c.name, () => {
      const options: { method?: DriftMethod; threshold?: number } = {}
      if (c.method) options.method = c.method
      if (c.threshold !== null) options.threshold = c.threshold
      expectComparison(compareDistributions(values(c.baseline), values(c.current), options), c.expected)
    })
  }
})

describe('Sturges bin edges', () => {
  it('a 1,024-value sample has log2 = 10 exactly, so 11 bins; a constant sample gets [v − 0.5, v + 0.5]', () => {
    // Hand calculation: width = (1 − 0) / (10 + 1); ceil(1 / width) = 11 bins, 12 edges.
    expect(sturgesEdges(0, 1, 1024).length).toBe(12)
    expect(Array.from(sturgesEdges(5, 5, 10))).toEqual([4.5, 5.5])
  })
})

describe('bad input is refused with the field named', () => {
  const code = (fn: () => unknown): { path: string; message: string } => {
    try {
      fn()
    } catch (err) {
      expect(err).toBeInstanceOf(LabError)
      return (err as LabError).issues[0]
    }
    throw new Error('expected a LabError')
  }
  it('an empty sample', () => {
    expect(code(() => compareDistributions([], [1, 2])).path).toBe('baseline')
    expect(code(() => compareDistributions([1], [])).path).toBe('current')
  })
  it('mixed types inside a sample and across samples', () => {
    expect(code(() => compareDistributions([1, 2, 'x' as unknown as number], [1])).path).toBe('baseline[2]')
    expect(code(() => compareDistributions([1, 2], ['a', 'b'])).path).toBe('current')
  })
  it('NaN and infinite values', () => {
    expect(code(() => compareDistributions([1, NaN], [1])).path).toBe('baseline[1]')
    expect(code(() => compareDistributions([1], [Infinity])).path).toBe('current[0]')
    expect(code(() => compareDistributions(Float64Array.of(1, -Infinity), [1])).path).toBe('baseline[1]')
  })
  it('a test that does not fit the feature, or a bad threshold', () => {
    expect(code(() => compareDistributions(['a', 'b'], ['a'], { method: 'ks' })).path).toBe('method')
    expect(code(() => compareDistributions([1, 2, 3], [1, 2, 4], { method: 'z' })).path).toBe('method')
    expect(code(() => compareDistributions([1, 2, 3], [1, 2, 4], { method: 'ks', threshold: 5 })).path).toBe('threshold')
    expect(code(() => compareDistributions([1, 2, 3], [1, 2, 4], { threshold: -1 })).path).toBe('threshold')
  })
})

describe('invariants', () => {
  const arr = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 })
  it('distances are symmetric in range: KS, JS in [0, 1], PSI and Wasserstein >= 0, robust <= simple', () => {
    fc.assert(
      fc.property(arr, arr, (a, b) => {
        const r = compareDistributions(a, b)
        expect(r.ks!.statistic).toBeGreaterThanOrEqual(0)
        expect(r.ks!.statistic).toBeLessThanOrEqual(1)
        expect(r.ks!.pValue).toBeGreaterThanOrEqual(0)
        expect(r.ks!.pValue).toBeLessThanOrEqual(1)
        expect(r.jensenShannon).toBeGreaterThanOrEqual(0)
        expect(r.jensenShannon).toBeLessThanOrEqual(1)
        expect(r.psi).toBeGreaterThanOrEqual(-1e-12)
        expect(r.wasserstein).toBeGreaterThanOrEqual(0)
        expect(r.linfRobust).toBeLessThanOrEqual(r.linfSimple)
      })
    )
  })
  it('a sample compared with itself shows no drift on any distance', () => {
    fc.assert(
      fc.property(arr, (a) => {
        const r = compareDistributions(a, [...a].reverse())
        expect(r.ks!.statistic).toBe(0)
        expect(r.ks!.pValue).toBe(1)
        expect(r.psi).toBeCloseTo(0, 12)
        expect(r.wasserstein).toBe(0)
      })
    )
  })
})

describe('sorting samples', () => {
  it('counting sort of integer samples gives the same order as a numeric sort', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -500, max: 500 }), { minLength: 0, maxLength: 400 }), fc.boolean(), (xs, withFraction) => {
        const values = withFraction && xs.length > 0 ? [...xs, 0.5] : xs
        const expected = Float64Array.from(values).sort()
        expect(Array.from(sortSample(Float64Array.from(values)))).toEqual(Array.from(expected))
      })
    )
  })
})
