/**
 * How an alarm reads its period from the metric store without allocating (alarms evaluate every
 * period of a world): basic statistics and one-minute percentiles straight from the stored minutes.
 * The CloudWatch service (service.ts) hands longer percentiles and the trimmed statistics to
 * statistics.ts.
 */
import type { GrowingSeries } from './series'
import { CHUNK_MINUTES } from './series'
import { basicStatistic, type ParsedStatistic } from './statistics'
import { normalQuantile } from './normal'

/** The one datapoint object every read answers with: read it before the next read. */
export const scratch = { value: NaN, samples: 0 }

export function datapoint(value: number, samples: number): { value: number; samples: number } {
  scratch.value = value
  scratch.samples = samples
  return scratch
}

export function noDatapoint(): { value: number; samples: number } {
  return datapoint(NaN, 0)
}

/**
 * A basic statistic over minutes [from, to), or a percentile of one minute, read straight from the
 * series with nothing allocated (alarms evaluate every period of a world). A one-minute percentile
 * is the closed form of that minute's log-normal, clamped to its Minimum and Maximum, as
 * statistics.ts computes it. `percentile` is the statistic's percentile, NaN for a basic one.
 *
 * The minutes are walked a day chunk at a time with whole-number offsets into the chunk's arrays:
 * a remainder of a double per minute costs more than the sums themselves.
 */
export function minutesStatistic(series: GrowingSeries, from: number, to: number, stat: ParsedStatistic, percentile: number): { value: number; samples: number } {
  let n = 0
  let sum = 0
  let min = Infinity
  let max = -Infinity
  let lastChunk: Chunk | null = null
  let lastSlot = -1
  const until = to < series.length ? to : series.length
  let i = from
  while (i < until) {
    const base = ((i / CHUNK_MINUTES) | 0) * CHUNK_MINUTES
    const stop = base + CHUNK_MINUTES < until ? base + CHUNK_MINUTES : until
    const c = series.at(i)
    if (c) {
      const counts = c.sampleCount
      const sums = c.sum
      const minima = c.minimum
      const maxima = c.maximum
      for (let j = i - base, end = stop - base; j < end; j++) {
        const k = counts[j]
        if (!(k > 0)) continue
        n += k
        sum += sums[j]
        if (minima[j] < min) min = minima[j]
        if (maxima[j] > max) max = maxima[j]
        lastChunk = c
        lastSlot = j
      }
    }
    i = stop
  }
  if (n === 0) return noDatapoint()
  if (percentile !== percentile) return datapoint(basicStatistic((stat as Extract<ParsedStatistic, { kind: 'basic' }>).name, n, sum, min, max), n)
  if (percentile === 0) return datapoint(min, n)
  if (percentile === 100) return datapoint(max, n)
  const c = lastChunk as Chunk
  const j = lastSlot
  const q = c.logMean && c.logSd ? Math.exp(c.logMean[j] + Math.max(c.logSd[j], 0) * quantileZ(percentile)) : sum / n
  return datapoint(q < min ? min : q > max ? max : q, n)
}

type Chunk = NonNullable<ReturnType<GrowingSeries['at']>>

const zCache = new Map<number, number>()
function quantileZ(percentile: number): number {
  let z = zCache.get(percentile)
  if (z === undefined) zCache.set(percentile, (z = normalQuantile(percentile / 100)))
  return z
}
