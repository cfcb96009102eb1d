/**
 * Growing per-minute metric series and the store that keys them by metric identity (namespace,
 * name, dimensions), as CloudWatch does: a metric is identified by all three, and data put under
 * the same identity goes to the same series however many times its publisher was reconfigured.
 *
 * A series starts at the minute its first datapoint was published and grows as time passes. A
 * minute with SampleCount 0 has no datapoint (CloudWatch treats it as missing), so a publisher that
 * stops (a deleted endpoint) leaves a gap, and one that comes back continues the same series.
 */
import { MINUTE_MS } from '../core/time'
import type { Dimension, MetricData, MetricId, MinuteSeries, StandardUnit } from './types'

export function metricKey(id: { Namespace: string; MetricName: string; Dimensions: readonly Dimension[] }): string {
  const dims = [...id.Dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0)).map((d) => `${d.Name}=${d.Value}`)
  return `${id.Namespace}|${id.MetricName}|${dims.join(',')}`
}

/** Minutes per storage chunk: a day. A series grows a chunk at a time and never copies what it holds. */
export const CHUNK_MINUTES = 1440

interface Chunk {
  sampleCount: Float64Array
  sum: Float64Array
  minimum: Float64Array
  maximum: Float64Array
  logMean: Float64Array | undefined
  logSd: Float64Array | undefined
}

/**
 * One metric's per-minute statistic sets, appended to minute by minute and stored a day at a time.
 * A writer calls `slot(t)` and writes at the index it returns into `sampleCount`, `sum`, `minimum`,
 * `maximum` (and `logMean`/`logSd`), which then point into the chunk that holds minute `t`.
 */
export class GrowingSeries {
  /** Minutes from `startTime` that have been written or skipped (the logical length). */
  length = 0
  sampleCount!: Float64Array
  sum!: Float64Array
  minimum!: Float64Array
  maximum!: Float64Array
  logMean: Float64Array | undefined
  logSd: Float64Array | undefined
  private readonly chunks: Chunk[] = []
  /** The chunk the writer's arrays point into. */
  private current = 0
  private readonly withDistribution: boolean
  private view: MinuteSeries | null = null

  constructor(
    readonly startTime: number,
    withDistribution: boolean
  ) {
    this.withDistribution = withDistribution
    this.select(this.chunk(0))
  }

  /** Index, within the current arrays, of the minute that starts at `t`. Read the arrays after calling this. */
  slot(t: number): number {
    const i = (t - this.startTime) / MINUTE_MS
    if (i >= this.length) {
      this.length = i + 1
      this.view = null
    }
    const k = (i / CHUNK_MINUTES) | 0
    if (k !== this.current) {
      this.select(this.chunk(k))
      this.current = k
    }
    return i - k * CHUNK_MINUTES
  }

  /** The datapoint fields of minute index `i` (from `startTime`), without moving the writer's arrays. */
  at(i: number): Chunk | null {
    if (i < 0 || i >= this.length) return null
    return this.chunks[(i / CHUNK_MINUTES) | 0] ?? null
  }

  /** The whole series as contiguous arrays (a copy, kept until the series grows). */
  read(): MinuteSeries {
    if (this.view && this.view.sampleCount.length === this.length) return this.view
    this.view = this.range(0, this.length)
    return this.view
  }

  /**
   * Minutes [from, to) of the series (indices from `startTime`; nothing before the series starts),
   * as contiguous arrays. Minutes not written yet have no datapoint (SampleCount 0).
   */
  range(from: number, to: number): MinuteSeries {
    const a = Math.max(0, from)
    const n = Math.max(0, to - a)
    const b = Math.min(this.length, a + n)
    const out: MinuteSeries = {
      startTime: this.startTime + a * MINUTE_MS,
      sampleCount: new Float64Array(n),
      sum: new Float64Array(n),
      minimum: new Float64Array(n),
      maximum: new Float64Array(n),
      ...(this.withDistribution ? { logMean: new Float64Array(n), logSd: new Float64Array(n) } : {})
    }
    let i = a
    while (i < b) {
      const k = (i / CHUNK_MINUTES) | 0
      const c = this.chunks[k]
      const lo = i - k * CHUNK_MINUTES
      const hi = Math.min(CHUNK_MINUTES, b - k * CHUNK_MINUTES)
      const at = i - a
      if (c) {
        out.sampleCount.set(c.sampleCount.subarray(lo, hi), at)
        out.sum.set(c.sum.subarray(lo, hi), at)
        out.minimum.set(c.minimum.subarray(lo, hi), at)
        out.maximum.set(c.maximum.subarray(lo, hi), at)
        if (out.logMean && out.logSd && c.logMean && c.logSd) {
          out.logMean.set(c.logMean.subarray(lo, hi), at)
          out.logSd.set(c.logSd.subarray(lo, hi), at)
        }
      }
      i += hi - lo
    }
    return out
  }

  byteSize(): number {
    return this.chunks.length * CHUNK_MINUTES * 8 * (this.withDistribution ? 6 : 4)
  }

  private chunk(k: number): Chunk {
    while (this.chunks.length <= k) {
      // One buffer per chunk, outside the JavaScript heap, cut into the statistic columns.
      const columns = this.withDistribution ? 6 : 4
      const buffer = new ArrayBuffer(columns * CHUNK_MINUTES * 8)
      const column = (c: number): Float64Array => new Float64Array(buffer, c * CHUNK_MINUTES * 8, CHUNK_MINUTES)
      this.chunks.push({
        sampleCount: column(0),
        sum: column(1),
        minimum: column(2),
        maximum: column(3),
        logMean: this.withDistribution ? column(4) : undefined,
        logSd: this.withDistribution ? column(5) : undefined
      })
    }
    return this.chunks[k]
  }

  private select(c: Chunk): void {
    this.sampleCount = c.sampleCount
    this.sum = c.sum
    this.minimum = c.minimum
    this.maximum = c.maximum
    this.logMean = c.logMean
    this.logSd = c.logSd
  }
}

export interface StoredMetric {
  id: MetricId
  unit: StandardUnit
  series: GrowingSeries
}

/** Where a publisher finds the series of a metric identity (creating it at `startTime` when new). */
export interface MetricSink {
  series(id: MetricId, unit: StandardUnit, withDistribution: boolean, startTime: number): GrowingSeries
}

/** Every metric of a world, keyed by identity, in the order they were first published. */
export class MetricStore implements MetricSink {
  private readonly byKey = new Map<string, StoredMetric>()

  series(id: MetricId, unit: StandardUnit, withDistribution: boolean, startTime: number): GrowingSeries {
    const key = metricKey(id)
    const found = this.byKey.get(key)
    if (found) return found.series
    const series = new GrowingSeries(startTime, withDistribution)
    this.byKey.set(key, { id: { Namespace: id.Namespace, MetricName: id.MetricName, Dimensions: id.Dimensions.map((d) => ({ ...d })) }, unit, series })
    return series
  }

  get(id: { Namespace: string; MetricName: string; Dimensions: readonly Dimension[] }): MetricData | undefined {
    const m = this.byKey.get(metricKey(id))
    return m ? { id: m.id, unit: m.unit, series: m.series.read() } : undefined
  }

  /** The metric's minutes in [startTime, endTime) only, as contiguous arrays: what a query reads. */
  getRange(id: { Namespace: string; MetricName: string; Dimensions: readonly Dimension[] }, startTime: number, endTime: number): MetricData | undefined {
    const m = this.byKey.get(metricKey(id))
    if (!m) return undefined
    const from = Math.floor((startTime - m.series.startTime) / MINUTE_MS)
    const to = Math.ceil((endTime - m.series.startTime) / MINUTE_MS)
    return { id: m.id, unit: m.unit, series: m.series.range(from, to) }
  }

  /** The growing series under a key `metricKey` made, or null (alarms keep theirs). */
  seriesByKey(key: string): GrowingSeries | null {
    return this.byKey.get(key)?.series ?? null
  }

  /** The same as `get`, by the key `metricKey` makes. */
  getByKey(key: string): MetricData | undefined {
    const m = this.byKey.get(key)
    return m ? { id: m.id, unit: m.unit, series: m.series.read() } : undefined
  }

  has(id: { Namespace: string; MetricName: string; Dimensions: readonly Dimension[] }): boolean {
    return this.byKey.has(metricKey(id))
  }

  list(): { id: MetricId; unit: StandardUnit }[] {
    return [...this.byKey.values()].map((m) => ({ id: m.id, unit: m.unit }))
  }

  get size(): number {
    return this.byKey.size
  }

  /** Bytes held by the series' typed arrays. */
  byteSize(): number {
    let bytes = 0
    for (const m of this.byKey.values()) bytes += m.series.byteSize()
    return bytes
  }

}
