/**
 * Ascending sort of a sample in place. Integer-valued samples with a modest range (ages, counts,
 * days: most Integral features) are sorted by counting in O(n + range); everything else uses the
 * engine's numeric typed-array sort. Both give the same order (−0 becomes 0, which compares equal).
 */
const MAX_COUNTING_RANGE = 1 << 22

export function sortSample(a: Float64Array): Float64Array {
  const n = a.length
  if (n < 64) return a.sort()
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    const v = a[i]
    if (v !== Math.floor(v)) return a.sort()
    if (v < min) min = v
    if (v > max) max = v
  }
  const range = max - min + 1
  if (range > MAX_COUNTING_RANGE || range > 4 * n) return a.sort()
  const counts = new Uint32Array(range)
  for (let i = 0; i < n; i++) counts[a[i] - min]++
  let k = 0
  for (let r = 0; r < range; r++) {
    const v = r + min
    for (let c = counts[r]; c > 0; c--) a[k++] = v
  }
  return a
}
