/**
 * The world's CloudWatch metric store: one per-minute series per metric identity (namespace, name,
 * dimensions). An endpoint that was updated has one simulation per configuration; their series are
 * joined here, with no datapoints before the endpoint existed or after it was deleted.
 */
import type { Dimension, MetricData, MetricId, MinuteSeries } from '../cloudwatch/types'
import { MINUTE_MS } from '../cloudwatch/types'

export function metricKey(id: { Namespace: string; MetricName: string; Dimensions: Dimension[] }): string {
  const dims = [...id.Dimensions].sort((a, b) => a.Name.localeCompare(b.Name)).map((d) => `${d.Name}=${d.Value}`)
  return `${id.Namespace}|${id.MetricName}|${dims.join(',')}`
}

interface Part {
  data: MetricData
  minutes: number
}

export class MetricStoreBuilder {
  private readonly parts = new Map<string, Part[]>()

  add(data: MetricData, minutes: number): void {
    const key = metricKey(data.id)
    const list = this.parts.get(key)
    if (list) list.push({ data, minutes })
    else this.parts.set(key, [{ data, minutes }])
  }

  build(): MetricStore {
    const out = new Map<string, MetricData>()
    for (const [key, parts] of this.parts) out.set(key, join(parts))
    return new MetricStore(out)
  }
}

function join(parts: Part[]): MetricData {
  const first = parts[0]
  if (parts.length === 1) return sliceTo(first.data, first.minutes)
  const start = first.data.series.startTime
  const last = parts[parts.length - 1]
  const total = Math.round((last.data.series.startTime - start) / MINUTE_MS) + last.minutes
  const withDist = parts.some((p) => p.data.series.logMean)
  const series: MinuteSeries = {
    startTime: start,
    sampleCount: new Float64Array(total),
    sum: new Float64Array(total),
    minimum: new Float64Array(total),
    maximum: new Float64Array(total),
    ...(withDist ? { logMean: new Float64Array(total), logSd: new Float64Array(total) } : {})
  }
  for (const p of parts) {
    const offset = Math.round((p.data.series.startTime - start) / MINUTE_MS)
    const s = p.data.series
    const n = p.minutes
    series.sampleCount.set(s.sampleCount.subarray(0, n), offset)
    series.sum.set(s.sum.subarray(0, n), offset)
    series.minimum.set(s.minimum.subarray(0, n), offset)
    series.maximum.set(s.maximum.subarray(0, n), offset)
    if (series.logMean && s.logMean && s.logSd) {
      series.logMean.set(s.logMean.subarray(0, n), offset)
      series.logSd!.set(s.logSd.subarray(0, n), offset)
    }
  }
  return { id: first.data.id, unit: first.data.unit, series }
}

function sliceTo(data: MetricData, minutes: number): MetricData {
  const s = data.series
  if (s.sampleCount.length === minutes) return data
  return {
    id: data.id,
    unit: data.unit,
    series: {
      startTime: s.startTime,
      sampleCount: s.sampleCount.subarray(0, minutes),
      sum: s.sum.subarray(0, minutes),
      minimum: s.minimum.subarray(0, minutes),
      maximum: s.maximum.subarray(0, minutes),
      ...(s.logMean && s.logSd ? { logMean: s.logMean.subarray(0, minutes), logSd: s.logSd.subarray(0, minutes) } : {})
    }
  }
}

export class MetricStore {
  constructor(private readonly byKey: Map<string, MetricData>) {}

  get(id: { Namespace: string; MetricName: string; Dimensions: Dimension[] }): MetricData | undefined {
    return this.byKey.get(metricKey(id))
  }

  list(): { id: MetricId; unit: MetricData['unit'] }[] {
    return [...this.byKey.values()].map((m) => ({ id: m.id, unit: m.unit }))
  }

  get size(): number {
    return this.byKey.size
  }

  /** Bytes held by the series' typed arrays (for the memory figure in the bench). */
  byteSize(): number {
    let bytes = 0
    for (const m of this.byKey.values()) {
      const s = m.series
      bytes += s.sampleCount.byteLength + s.sum.byteLength + s.minimum.byteLength + s.maximum.byteLength
      bytes += (s.logMean?.byteLength ?? 0) + (s.logSd?.byteLength ?? 0)
    }
    return bytes
  }
}

/** An empty series: an alarm on a metric nobody publishes sees only missing data. */
export function emptySeries(startTime: number): MinuteSeries {
  const z = new Float64Array(0)
  return { startTime, sampleCount: z, sum: z, minimum: z, maximum: z }
}
