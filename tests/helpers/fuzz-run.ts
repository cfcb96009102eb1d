/**
 * Drives the fuzz (tests/contract/fuzz.test.ts, tests/bench/reliability.ts): seeds a world and
 * looks up lab and step ids so near-valid requests reach the handlers, then sends each channel its
 * generated requests and keeps every answer that is a 500 or an INTERNAL error.
 */
import fc from 'fast-check'
import type { z } from 'zod'
import { contract } from '../../src/shared/contract'
import { requestsFor, type KnownValues } from './fuzz-requests'
import type { Transport } from './transports'

export interface FuzzFailure {
  channel: string
  request: string
  status: number | undefined
  code: string
  message: string
}

export interface FuzzResult {
  sent: number
  channelsHit: string[]
  failures: FuzzFailure[]
  /** The slowest single answer, for the bench. */
  slowestMs: number
  slowestChannel: string
}

async function data<T>(t: Transport, channel: string, request: unknown): Promise<T> {
  const r = await t.call(channel, request)
  if (!r.ok) throw new Error(`seeding the fuzz: ${channel} failed: ${r.error.code} ${r.error.message}`)
  return r.data as T
}

/** A world with an endpoint, an alarm and an hour of metrics, and the ids of the labs and their steps. */
export async function seedFuzzWorld(t: Transport): Promise<KnownValues> {
  const world = await data<{ id: string }>(t, 'sandbox.createWorld', { name: 'Fuzz', seed: 'fuzz' })
  await data(t, 'sandbox.act', {
    worldId: world.id,
    action: {
      type: 'CreateEndpoint',
      EndpointName: 'ep',
      ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: 2, ModelPreset: 'xgboost-tabular' }],
      Traffic: { pattern: 'steady', baseRpm: 300 }
    }
  })
  await data(t, 'sandbox.act', { worldId: world.id, action: { type: 'AdvanceClock', Minutes: 60 } })
  const labs = await data<{ labs: { id: string }[] }>(t, 'labs.list', {})
  const labIds = labs.labs.map((l) => l.id)
  const stepIds: string[] = []
  for (const labId of labIds.slice(0, 2)) {
    const lab = await data<{ lab: { steps?: { id: string }[] } }>(t, 'labs.get', { labId })
    stepIds.push(...(lab.lab.steps ?? []).map((s) => s.id))
  }
  return {
    worldId: [world.id],
    labId: labIds,
    stepId: stepIds,
    EndpointName: ['ep'],
    VariantName: ['AllTraffic'],
    InstanceType: ['ml.m5.large', 'ml.c5.xlarge'],
    ModelPreset: ['xgboost-tabular'],
    Namespace: ['AWS/SageMaker'],
    MetricName: ['Invocations', 'ModelLatency'],
    Name: ['EndpointName', 'VariantName'],
    Value: ['ep', 'AllTraffic'],
    ComparisonOperator: ['GreaterThanThreshold', 'GreaterThanOrEqualToThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'],
    TreatMissingData: ['missing', 'breaching', 'notBreaching', 'ignore'],
    Statistic: ['Average', 'Sum', 'Maximum', 'Minimum', 'SampleCount'],
    ExtendedStatistic: ['p99', 'p90', 'p50'],
    Stat: ['Average', 'Sum', 'Maximum', 'p99'],
    Period: [60, 300, 3600],
    EvaluationPeriods: [1, 3, 5],
    DatapointsToAlarm: [1, 2, 3],
    Minutes: [1, 60, 1440],
    InitialInstanceCount: [1, 2, 4],
    baseRpm: [100, 1000],
    Threshold: [0, 250, 500_000],
    AttributeKey: ['EventName', 'Username', 'ResourceName'],
    AttributeValue: ['PutMetricAlarm', 'CreateEndpoint', 'ep'],
    MaxResults: [1, 10, 50]
  }
}

export interface FuzzOptions {
  runsPerChannel: number
  /** Then this many requests to channels picked at random, one world for all: reset, import or delete followed by use. */
  mixedRuns: number
  seed: number
  /** Called after each answer, e.g. to print progress. */
  onAnswer?: (channel: string, ms: number) => void
}

export async function fuzzChannels(t: Transport, channels: readonly string[], options: FuzzOptions): Promise<FuzzResult> {
  const result: FuzzResult = { sent: 0, channelsHit: [], failures: [], slowestMs: 0, slowestChannel: '' }
  const schemaOf = (channel: string) => contract[channel as keyof typeof contract].request as unknown as z.ZodType
  for (const [i, channel] of channels.entries()) {
    // A fresh world per channel: an earlier channel may have deleted, reset or replaced it.
    const known = await seedFuzzWorld(t)
    const requests = fc.sample(requestsFor(schemaOf(channel), known), { numRuns: options.runsPerChannel, seed: options.seed + i })
    for (const request of requests) await send(t, channel, request, result, options)
    result.channelsHit.push(channel)
  }
  if (options.mixedRuns > 0) {
    const known = await seedFuzzWorld(t)
    const pairs = fc.sample(
      fc.constantFrom(...channels).chain((channel) => requestsFor(schemaOf(channel), known).map((request) => ({ channel, request }))),
      { numRuns: options.mixedRuns, seed: options.seed + channels.length }
    )
    for (const { channel, request } of pairs) await send(t, channel, request, result, options)
  }
  return result
}

async function send(t: Transport, channel: string, request: unknown, result: FuzzResult, options: FuzzOptions): Promise<void> {
  const t0 = performance.now()
  let r: Awaited<ReturnType<Transport['call']>>
  try {
    r = await t.call(channel, request).catch((err: unknown) => {
      // A reused keep-alive connection the server closed just as the request went out: HTTP/1.1
      // clients (browsers included) send again once. A host that died fails the second try too.
      if ((err as { cause?: { code?: string } }).cause?.code === 'ECONNRESET') return t.call(channel, request)
      throw err
    })
  } catch (err) {
    // No answer at all (a reset connection, a body that is not JSON): worse than a 500.
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? ''
    result.sent++
    result.failures.push({ channel, request: JSON.stringify(request).slice(0, 400), status: undefined, code: 'NO_ANSWER', message: `${(err as Error).message} ${cause}`.trim() })
    return
  }
  const ms = performance.now() - t0
  result.sent++
  if (ms > result.slowestMs) {
    result.slowestMs = ms
    result.slowestChannel = channel
  }
  options.onAnswer?.(channel, ms)
  const status = (r as { status?: number }).status
  if (status === 500 || (!r.ok && r.error.code === 'INTERNAL')) {
    result.failures.push({
      channel,
      request: JSON.stringify(request).slice(0, 400),
      status,
      code: r.ok ? '' : r.error.code,
      message: r.ok ? '' : r.error.message.slice(0, 300)
    })
  }
}
