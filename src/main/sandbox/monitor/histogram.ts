import { lowerBound, upperBound } from '../core/select'

/**
 * Shared bins for PSI and Jensen–Shannon: `numpy.histogram_bin_edges(baseline ∪ current,
 * bins="sturges")` and `numpy.histogram(sample, edges)` reproduced from numpy 2.x
 * (`numpy/lib/_histograms_impl.py`, `numpy/_core/function_base.py` linspace):
 * - width = (max − min) / (log2(size) + 1); bins = ceil((last − first) / width), or 1 bin when the
 *   width is 0; a constant sample gets the range [v − 0.5, v + 0.5];
 * - edges = linspace(first, last, bins + 1): i·step + first, with the last edge set to `last`;
 * - every bin is half-open [e_i, e_i+1) except the last, which also holds its right edge.
 */
export function sturgesEdges(min: number, max: number, size: number): Float64Array {
  let first = min
  let last = max
  if (first === last) {
    first = first - 0.5
    last = last + 0.5
  }
  const width = (max - min) / (Math.log2(size) + 1)
  const bins = width ? Math.ceil((last - first) / width) : 1
  const edges = new Float64Array(bins + 1)
  const delta = last - first
  const step = delta / bins
  for (let i = 0; i <= bins; i++) edges[i] = step === 0 ? (i / bins) * delta + first : i * step + first
  edges[bins] = last
  return edges
}

/** Index of the first element >= v (left) or > v (right) in an ascending array, as numpy.searchsorted. */
export function searchSorted(a: ArrayLike<number>, v: number, side: 'left' | 'right'): number {
  return side === 'left' ? lowerBound(a, v) : upperBound(a, v)
}

/** Counts per bin of an ascending sample, as `numpy.histogram(sample, edges)` counts them. */
export function histogramSorted(sorted: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const bins = edges.length - 1
  const counts = new Float64Array(bins)
  let prev = searchSorted(sorted, edges[0], 'left')
  for (let i = 0; i < bins; i++) {
    const next = i === bins - 1 ? searchSorted(sorted, edges[i + 1], 'right') : searchSorted(sorted, edges[i + 1], 'left')
    counts[i] = next - prev
    prev = next
  }
  return counts
}
