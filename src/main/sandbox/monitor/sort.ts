/**
 * Ascending sort of a sample in place. Integer-valued samples with a modest range (ages, counts,
 * days: most Integral features) are sorted by counting in O(n + range); other samples of at most
 * 65,536 values (a monitoring window's) by buckets, and larger ones by a radix sort of their
 * bits (radixSort). All give the same order as the engine's numeric typed-array sort (−0 before 0;
 * −0 becomes 0 when counting, which compares equal).
 */
const MAX_COUNTING_RANGE = 1 << 22
/** Samples up to this size that are not all integers (a monitoring window's values) are bucket-sorted. */
const MAX_BUCKET_SORT = 1 << 16
/** A bucket holding more than this many values (a very skewed sample) falls back to the engine's sort. */
const MAX_BUCKET_LOAD = 32

let countingBuffer = new Uint32Array(0)
let radixBuffer = new Float64Array(0)
/** 64 bits in six digits: 11, 11 and 10 bits of each 32-bit word, lowest first. */
const RADIX_BUCKETS = 2048
const RADIX_DIGITS = 6
const RADIX_SHIFT = [0, 11, 22, 0, 11, 22]
const RADIX_MASK = [2047, 2047, 1023, 2047, 2047, 1023]
const radixCounts = new Uint32Array(RADIX_DIGITS * RADIX_BUCKETS)
/** Typed arrays use the platform's byte order; radixSort reads a double's words little-endian. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/**
 * Least-significant-digit radix sort of finite doubles by the 64-bit key that orders them as
 * numbers: v's bits with the sign bit flipped when v ≥ 0 (positives after negatives) and every bit
 * flipped when v < 0 (a larger magnitude first). One pass counts all six digits; then each digit
 * whose values are not all in one bucket moves every value once, stably. O(n) whatever the values'
 * spread, where the engine's comparison sort of 1,000,000 values took most of a
 * compareDistributions call. The same order as the typed-array sort (−0 before 0; equal numbers
 * have the same bits). A double's two 32-bit words are read little-endian, as on every platform the
 * app runs on.
 */
export function radixSort(a: Float64Array): Float64Array {
  // A big-endian platform (none Electron ships on today) gets the engine's sort: the same order.
  if (!LITTLE_ENDIAN) return a.sort()
  const n = a.length
  if (radixBuffer.length < n) radixBuffer = new Float64Array(n)
  const counts = radixCounts
  counts.fill(0)
  const words: Uint32Array = new Uint32Array(a.buffer, a.byteOffset, 2 * n)
  for (let i = 0; i < n; i++) {
    const hi = words[2 * i + 1]
    const flip = hi >> 31
    const kl = words[2 * i] ^ flip
    const kh = hi ^ (flip | 0x80000000)
    counts[kl & 2047]++
    counts[2048 + ((kl >>> 11) & 2047)]++
    counts[4096 + (kl >>> 22)]++
    counts[6144 + (kh & 2047)]++
    counts[8192 + ((kh >>> 11) & 2047)]++
    counts[10240 + (kh >>> 22)]++
  }
  const other = radixBuffer.subarray(0, n)
  const otherWords: Uint32Array = new Uint32Array(other.buffer, other.byteOffset, 2 * n)
  let src: Float64Array = a
  let srcWords = words
  let dst: Float64Array = other
  let dstWords = otherWords
  for (let d = 0; d < RADIX_DIGITS; d++) {
    const base = d * RADIX_BUCKETS
    // A digit every value shares orders nothing.
    let single = false
    let sum = 0
    for (let k = 0; k < RADIX_BUCKETS; k++) {
      const c = counts[base + k]
      if (c === n) single = true
      counts[base + k] = sum
      sum += c
    }
    if (single) continue
    const shift = RADIX_SHIFT[d]
    const mask = RADIX_MASK[d]
    if (d < 3) {
      for (let i = 0; i < n; i++) dst[counts[base + (((srcWords[2 * i] ^ (srcWords[2 * i + 1] >> 31)) >>> shift) & mask)]++] = src[i]
    } else {
      for (let i = 0; i < n; i++) {
        const hi = srcWords[2 * i + 1]
        dst[counts[base + (((hi ^ ((hi >> 31) | 0x80000000)) >>> shift) & mask)]++] = src[i]
      }
    }
    const t = src
    src = dst
    dst = t
    const tw = srcWords
    srcWords = dstWords
    dstWords = tw
  }
  if (src !== a) a.set(src)
  return a
}

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
  if (load > MAX_BUCKET_LOAD) return radixSort(a)
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
    if (v !== Math.floor(v)) return n <= MAX_BUCKET_SORT ? bucketSort(a) : radixSort(a)
    if (v < min) min = v
    if (v > max) max = v
  }
  const range = max - min + 1
  if (range > MAX_COUNTING_RANGE || range > 4 * n) return n <= MAX_BUCKET_SORT ? a.sort() : radixSort(a)
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
