/**
 * The large-sample paths of compareDistributions: radixSort gives the engine's numeric typed-array
 * order (the reference: −0 before 0, negatives, subnormals, ties), and the merged walk gives
 * exactly the numbers of ecdfExtremes and wassersteinSorted walked separately.
 */
import { describe, expect, it } from 'vitest'
import { radixSort } from '../../../../src/main/sandbox/monitor/sort'
import { ecdfAndWasserstein, wassersteinSorted } from '../../../../src/main/sandbox/monitor/drift'
import { ecdfExtremes } from '../../../../src/main/sandbox/monitor/ks'
import { createRng } from '../../../../src/main/sandbox/core/rng'

function sample(seed: string, n: number): Float64Array {
  const rng = createRng(seed)
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const k = i % 4
    out[i] = k === 0 ? rng.int(-50, 50) : k === 1 ? rng.normal() * 10 ** rng.int(-300, 300) : k === 2 ? rng.normal() : [0, -0, 5e-324, -5e-324][rng.int(0, 3)]
  }
  return out
}

describe('radixSort', () => {
  it.each([1, 2, 17, 5000, 200_000])('orders %i values as Float64Array.prototype.sort does', (n) => {
    const a = sample(`radix/${n}`, n)
    const want = a.slice().sort()
    const got = radixSort(a)
    expect(got).toBe(a)
    for (let i = 0; i < n; i++) expect(Object.is(got[i], want[i])).toBe(true)
  })

  it('sorts a view into a larger buffer in place, leaving the rest alone', () => {
    const buf = sample('radix/view', 3000)
    const before = buf.slice()
    const view = buf.subarray(1000, 2000)
    const want = view.slice().sort()
    radixSort(view)
    expect(Array.from(view)).toEqual(Array.from(want))
    expect(Array.from(buf.subarray(0, 1000))).toEqual(Array.from(before.subarray(0, 1000)))
    expect(Array.from(buf.subarray(2000))).toEqual(Array.from(before.subarray(2000)))
  })
})

describe('ecdfAndWasserstein', () => {
  it('gives the same extremes and distance as the separate walks', () => {
    const rng = createRng('walk')
    const a = Float64Array.from({ length: 4000 }, () => Math.round(rng.normal() * 20) / 4).sort()
    const b = Float64Array.from({ length: 2500 }, () => Math.round(0.3 + rng.normal() * 20) / 4).sort()
    const walk = ecdfAndWasserstein(a, b)
    const { maxS, minS } = ecdfExtremes(a, b)
    expect(walk.maxS).toBe(maxS)
    expect(walk.minS).toBe(minS)
    expect(walk.wasserstein).toBe(wassersteinSorted(a, b))
  })
})
