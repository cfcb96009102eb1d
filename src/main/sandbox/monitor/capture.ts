/**
 * Data capture on an endpoint: `DataCaptureConfig` validated as the SageMaker API reference
 * documents it (API_DataCaptureConfig: EnableCapture, InitialSamplingPercentage 0–100 required,
 * DestinationS3Uri required, KmsKeyId, CaptureOptions of 1–32 items with CaptureMode Input | Output,
 * CaptureContentTypeHeader with CsvContentTypes / JsonContentTypes of 1–10 items each), and the
 * captured data of a world kept bounded: per minute only the number of captured requests; the
 * records themselves are regenerated from the scenario (features.ts), each with the `eventId` the
 * endpoint assigns and, when the caller sends one, its `inferenceId` ("Capture data from a real-time
 * endpoint"; "Ground truth merge": Model Monitor joins ground truth on inferenceId when present,
 * else on eventId).
 */
import { invalidField } from '../../../shared/errors'
import { createIdGenerator } from '../core/ids'
import { CounterStream, keyOfSeed, subKey, type Rng } from '../core/rng'
import { MINUTE_MS } from '../core/time'
import type { FeatureRecord, FeatureScenario } from './features'

export interface DataCaptureConfig {
  EnableCapture?: boolean
  InitialSamplingPercentage: number
  DestinationS3Uri: string
  KmsKeyId?: string
  CaptureOptions: { CaptureMode: 'Input' | 'Output' }[]
  CaptureContentTypeHeader?: { CsvContentTypes?: string[]; JsonContentTypes?: string[] }
}

const S3_URI = /^(https|s3):\/\/([^/]+)\/?(.*)$/
const CONTENT_TYPE = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.])*$/

export function validateDataCaptureConfig(c: DataCaptureConfig, field = 'DataCaptureConfig'): void {
  const p = (k: string): string => `${field}.${k}`
  if (c.EnableCapture !== undefined && typeof c.EnableCapture !== 'boolean') throw invalidField(p('EnableCapture'), 'must be true or false')
  if (!Number.isInteger(c.InitialSamplingPercentage) || c.InitialSamplingPercentage < 0 || c.InitialSamplingPercentage > 100) {
    throw invalidField(p('InitialSamplingPercentage'), `must be a whole percentage from 0 to 100, got ${String(c.InitialSamplingPercentage)}`)
  }
  if (typeof c.DestinationS3Uri !== 'string' || c.DestinationS3Uri.length > 512 || !S3_URI.test(c.DestinationS3Uri)) {
    throw invalidField(p('DestinationS3Uri'), 'must be an S3 URI of at most 512 characters, such as s3://my-bucket/model-monitor/data-capture')
  }
  if (c.KmsKeyId !== undefined && (typeof c.KmsKeyId !== 'string' || c.KmsKeyId.length < 1 || c.KmsKeyId.length > 2048)) {
    throw invalidField(p('KmsKeyId'), 'must be a KMS key id, alias or ARN of 1–2048 characters')
  }
  if (!Array.isArray(c.CaptureOptions) || c.CaptureOptions.length < 1 || c.CaptureOptions.length > 32) {
    throw invalidField(p('CaptureOptions'), 'must list 1–32 capture options, each { CaptureMode: "Input" | "Output" }')
  }
  c.CaptureOptions.forEach((o, i) => {
    if (o.CaptureMode !== 'Input' && o.CaptureMode !== 'Output') throw invalidField(p(`CaptureOptions[${i}].CaptureMode`), 'must be "Input" or "Output"')
  })
  const h = c.CaptureContentTypeHeader
  if (h) {
    for (const key of ['CsvContentTypes', 'JsonContentTypes'] as const) {
      const list = h[key]
      if (list === undefined) continue
      if (!Array.isArray(list) || list.length < 1 || list.length > 10) throw invalidField(p(`CaptureContentTypeHeader.${key}`), 'must list 1–10 content types')
      list.forEach((t, i) => {
        if (typeof t !== 'string' || t.length > 256 || !CONTENT_TYPE.test(t)) throw invalidField(p(`CaptureContentTypeHeader.${key}[${i}]`), 'must be a content type such as text/csv or application/json')
      })
    }
  }
}

/** What captured data holds for one request: the input, the output, or both (CaptureOptions). */
export interface CapturedRecord {
  eventId: string
  inferenceId?: string
  at: number
  input?: FeatureRecord['features']
  /** The model's output: the predicted probability of the positive label. */
  output?: number
  /** The true label, known to the outside world only (ground truth arrives later, if at all). */
  label: 0 | 1
}

/** Most requests of a minute whose captured count is drawn by inversion (exact). */
const MAX_INVERSION = 1000

/**
 * The captured requests of one endpoint: a count per minute (a day of minutes per chunk), from which
 * the records of any window are regenerated on demand.
 */
export class CaptureLog {
  private readonly days = new Map<number, Uint32Array>()
  private total = 0

  private key: { seedKey: string; k: [number, number] } | null = null
  private readonly stream = new CounterStream()

  /** Counts the captured share of this minute's requests: each is captured with probability pct/100. */
  capture(t: number, requests: number, samplingPercentage: number, rng: Rng): number {
    const n = samplingPercentage >= 100 ? requests : this.sampled(t, requests, samplingPercentage / 100, rng)
    if (n === 0) return 0
    const day = Math.floor(t / (1440 * MINUTE_MS))
    let chunk = this.days.get(day)
    if (!chunk) this.days.set(day, (chunk = new Uint32Array(1440)))
    chunk[Math.floor((t - day * 1440 * MINUTE_MS) / MINUTE_MS)] += n
    this.total += n
    return n
  }

  /**
   * Binomial(requests, p) for minute t. Up to MAX_INVERSION requests, by inversion of one uniform
   * from a counter stream keyed by `rng`'s key and the minute (the CDF summed from k = 0 on the
   * smaller of p and 1 − p, so (1 − p)^n stays far from underflow); above, `rng.binomial` on a
   * stream forked by t (its normal or Poisson approximation).
   */
  private sampled(t: number, requests: number, p: number, rng: Rng): number {
    if (requests > MAX_INVERSION) return rng.fork(`capture:${t}`).binomial(requests, p)
    if (requests === 0 || p <= 0) return 0
    if (this.key?.seedKey !== rng.seedKey) this.key = { seedKey: rng.seedKey, k: keyOfSeed(`${rng.seedKey}/capture`) }
    const [k1, k2] = subKey(this.key.k[0], this.key.k[1], Math.floor(t / MINUTE_MS))
    const u = this.stream.open(k1, k2).next()
    const mirrored = p > 0.5
    const q = mirrored ? 1 - p : p
    const odds = q / (1 - q)
    let pk = Math.pow(1 - q, requests)
    let cdf = pk
    let k = 0
    while (u > cdf && k < requests) {
      pk *= ((requests - k) / (k + 1)) * odds
      k++
      cdf += pk
    }
    return mirrored ? requests - k : k
  }

  countAt(t: number): number {
    const day = Math.floor(t / (1440 * MINUTE_MS))
    return this.days.get(day)?.[Math.floor((t - day * 1440 * MINUTE_MS) / MINUTE_MS)] ?? 0
  }

  get totalCaptured(): number {
    return this.total
  }

  /** Captured requests in [from, to). */
  countIn(from: number, to: number): number {
    let n = 0
    for (let t = Math.ceil(from / MINUTE_MS) * MINUTE_MS; t < to; t += MINUTE_MS) n += this.countAt(t)
    return n
  }

  /**
   * The records of [from, to) as the capture files hold them (at most MAX_RECORDS_PER_MINUTE a
   * minute are generated), scored by `predict` (the model in service at each record's time).
   */
  records(
    scenario: FeatureScenario,
    from: number,
    to: number,
    root: Rng,
    opts: { input: boolean; output: boolean; inferenceIds: boolean; predict: (r: FeatureRecord) => number }
  ): CapturedRecord[] {
    const out: CapturedRecord[] = []
    for (let t = Math.ceil(from / MINUTE_MS) * MINUTE_MS; t < to; t += MINUTE_MS) {
      const n = this.countAt(t)
      if (n === 0) continue
      const ids = createIdGenerator(root.fork(`event-ids:${t}`))
      for (const r of scenario.minuteRecords(t, n, root)) {
        const eventId = ids('event')
        out.push({
          eventId,
          ...(opts.inferenceIds ? { inferenceId: `inf-${t / MINUTE_MS}-${eventId.slice(0, 8)}` } : {}),
          at: r.at,
          ...(opts.input ? { input: r.features } : {}),
          ...(opts.output ? { output: opts.predict(r) } : {}),
          label: r.label
        })
      }
    }
    return out
  }
}
