/**
 * Ascending sort of a sample in place. Integer-valued samples with a modest range (ages, counts,
 * days: most Integral features) are sorted by counting in O(n + range); other samples of at most
 * 65,536 values (a monitoring window's) by buckets, and larger ones by the engine's numeric
 * typed-array sort. All give the same order (−0 becomes 0 when counting, which compares equal).
 */
const MAX_COUNTING_RANGE = 1 << 22
/** Samples up to this size that are not all integers (a monitoring window's values) are bucket-sorted. */
const MAX_BUCKET_SORT = 1 << 16
/** A bucket holding more than this many values (a very skewed sample) falls back to the engine's sort. */
const MAX_BUCKET_LOAD = 32

let countingBuffer = new Uint32Array(0)
let bucketCounts = new Int32Array(0)
let bucketOut = new Float64Array(0)

/**
 * n equal-width buckets over [min, max], values placed bucket by bucket, then an insertion sort,
 * which only has to order the few values that share a bucket: O(n) for samples spread like a
 * monitoring window's. Same order as the typed-array sort (equal values are equal numbers).
 */
function bucketSort(a: Float64Array): Float64Array {
  const n = a.length
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    const v = a[i]
    if (v < min) min = v
    if (v > max) max = v
  }
  if (!(max > min) || !Number.isFinite(max - min)) return a.sort()
  if (bucketCounts.length < n + 1) {
    bucketCounts = new Int32Array(n + 1)
    bucketOut = new Float64Array(n)
  }
  const counts = bucketCounts
  const out = bucketOut
  counts.fill(0, 0, n + 1)
  const scale = (n - 1) / (max - min)
  let load = 0
  for (let i = 0; i < n; i++) {
    const c = ++counts[((a[i] - min) * scale) | 0]
    if (c > load) load = c
  }
  if (load > MAX_BUCKET_LOAD) return a.sort()
  let sum = 0
  for (let b = 0; b < n; b++) {
    const c = counts[b]
    counts[b] = sum
    sum += c
  }
  for (let i = 0; i < n; i++) {
    const v = a[i]
    out[counts[((v - min) * scale) | 0]++] = v
  }
  for (let i = 1; i < n; i++) {
    const v = out[i]
    let j = i - 1
    while (j >= 0 && out[j] > v) {
      out[j + 1] = out[j]
      j--
    }
    out[j + 1] = v
  }
  a.set(out.subarray(0, n))
  return a
}

export function sortSample(a: Float64Array): Float64Array {
  const n = a.length
  if (n < 64) return a.sort()
  let min = Infinity
  let max = -Infinity
  for (let i = 0; i < n; i++) {
    const v = a[i]
    if (v !== Math.floor(v)) return n <= MAX_BUCKET_SORT ? bucketSort(a) : a.sort()
    if (v < min) min = v
    if (v > max) max = v
  }
  const range = max - min + 1
  if (range > MAX_COUNTING_RANGE || range > 4 * n) return a.sort()
  if (countingBuffer.length < range) countingBuffer = new Uint32Array(Math.max(range, 2 * countingBuffer.length))
  const counts = countingBuffer
  counts.fill(0, 0, range)
  for (let i = 0; i < n; i++) counts[a[i] - min]++
  let k = 0
  for (let r = 0; r < range; r++) {
    const v = r + min
    for (let c = counts[r]; c > 0; c--) a[k++] = v
  }
  return a
}
