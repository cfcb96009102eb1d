/**
 * Asynchronous inference for a month of traffic, minute by minute: a request queue, instances that
 * scale down to zero and back, and what the instances cost.
 *
 * AWS (developer guide, "Autoscale an asynchronous endpoint"; AWS-FACTS §5.2 [U]):
 * - Requests are queued; the endpoint processes them as capacity allows. Unlike real-time endpoints
 *   the variant can scale to zero instances (MinCapacity 0); requests received with zero instances
 *   wait in the queue until the endpoint scales up.
 * - The recommended policy is target tracking on ApproximateBacklogSizePerInstance (the guide's
 *   example: TargetValue 5, MinCapacity 0, MaxCapacity 5). Without the optional extra step-scaling
 *   policy on HasBacklogWithoutCapacity, "the endpoint only starts scaling up from zero after the
 *   number of backlog requests exceeds the target tracking value"; with it, the first queued request
 *   starts a scale-out from zero.
 * - Instances are billed like real-time instances of the same type while they run.
 *
 * Sandbox model (COST_SIMPLIFICATIONS): the target-tracking alarms of autoscaling.ts (3 minutes above
 * target to scale out, 15 below 90% of it to scale in, to ceil(backlog / target) within the limits),
 * ApproximateBacklogSizePerInstance = backlog / max(1, instances in service), one activity at a time,
 * DEFAULT_STARTUP_MINUTES before a new instance serves, the HasBacklogWithoutCapacity alarm after one
 * minute [U]. Instances work through the queue first in, first out, at full speed (their capacity per
 * minute); a request's queue delay is counted in whole minutes.
 */
import { invalidField } from '../../../shared/errors'
import type { InstanceType } from '../catalog/instances'
import { HIGH_ALARM_DATAPOINTS, LOW_ALARM_DATAPOINTS, LOW_ALARM_FRACTION } from '../autoscaling/service'
import { DEFAULT_STARTUP_MINUTES, MAX_INSTANCES } from '../workload/endpoint'
import type { ServingPlan } from '../workload/model'

export interface AsyncConfig {
  MinCapacity: number
  MaxCapacity: number
  /** Target ApproximateBacklogSizePerInstance. */
  TargetValue: number
  /** Also scale out from zero on HasBacklogWithoutCapacity (the optional step-scaling policy). */
  scaleOutFromZeroPolicy?: boolean
  /** Instances at the start of the month; default MinCapacity. */
  initialInstances?: number
}

export interface AsyncMonth {
  hourlyCostUSD: Float64Array
  totalCostUSD: number
  instanceHours: number
  requests: number
  processedRequests: number
  /** Requests still queued at the end. */
  backlogAtEnd: number
  maxBacklog: number
  /** Mean time a processed request waited in the queue, ms (whole minutes: same-minute waits count 0). */
  meanQueueDelayMs: number
  /** The longest any request waited (AWS's ApproximateAgeOfOldestRequest at its peak), ms. */
  maxQueueDelayMs: number
  /** Minutes with no instance running. */
  minutesAtZero: number
  scaleOuts: number
  scaleIns: number
  /** Instances in service, per minute. */
  inService: Float64Array
  /** ApproximateBacklogSize at the end of each minute. */
  backlog: Float64Array
}

export function validateAsync(config: AsyncConfig, path = 'async'): void {
  const int = (name: keyof AsyncConfig, v: unknown, min: number): void => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > MAX_INSTANCES) {
      throw invalidField(`${path}.${name}`, `must be an integer from ${min} to ${MAX_INSTANCES}, got ${String(v)}`)
    }
  }
  int('MinCapacity', config.MinCapacity, 0)
  int('MaxCapacity', config.MaxCapacity, 1)
  if (config.MinCapacity > config.MaxCapacity) throw invalidField(`${path}.MinCapacity`, `must be <= MaxCapacity (${config.MaxCapacity}), got ${config.MinCapacity}`)
  if (!(typeof config.TargetValue === 'number' && config.TargetValue > 0 && config.TargetValue <= 1e6)) {
    throw invalidField(`${path}.TargetValue`, `must be a backlog per instance > 0 and <= 1000000, got ${String(config.TargetValue)}`)
  }
  if (config.initialInstances !== undefined) {
    int('initialInstances', config.initialInstances, 0)
    if (config.initialInstances < config.MinCapacity || config.initialInstances > config.MaxCapacity) {
      throw invalidField(`${path}.initialInstances`, `must be within [MinCapacity, MaxCapacity] = [${config.MinCapacity}, ${config.MaxCapacity}], got ${config.initialInstances}`)
    }
  }
}

export function simulateAsync(plan: ServingPlan, instance: InstanceType, config: AsyncConfig, rpm: ArrayLike<number>, path = 'async'): AsyncMonth {
  validateAsync(config, path)
  if (rpm.length % 60 !== 0) throw invalidField('rpm', `must cover whole hours (a multiple of 60 minutes), got ${rpm.length}`)
  const minutes = rpm.length
  const perInstance = plan.perInstanceRpm
  const target = config.TargetValue
  const clamp = (x: number): number => Math.min(config.MaxCapacity, Math.max(config.MinCapacity, x))
  const pricePerMinute = instance.pricePerHour / 60
  // Imported constants read once: under the CommonJS transform each read of an import is a getter call.
  const highPoints = HIGH_ALARM_DATAPOINTS
  const lowPoints = LOW_ALARM_DATAPOINTS
  const lowLevel = LOW_ALARM_FRACTION * target
  const startup = DEFAULT_STARTUP_MINUTES
  const fromZero = config.scaleOutFromZeroPolicy === true

  const hourly = new Float64Array(minutes / 60)
  const inServiceColumn = new Float64Array(minutes)
  const backlogColumn = new Float64Array(minutes)
  let serving = config.initialInstances ?? config.MinCapacity
  let desired = serving
  let readyAt = -1
  let backlog = 0
  // The queue, first in first out, as chunks of requests by the minute they arrived.
  const chunkMinute = new Float64Array(minutes)
  const chunkCount = new Float64Array(minutes)
  let head = 0
  let tail = 0
  let high = 0
  let low = 0
  let zeroStreak = 0
  let requests = 0
  let processedTotal = 0
  let delayWeighted = 0
  let maxDelay = 0
  let maxBacklog = 0
  let instanceMinutes = 0
  let atZero = 0
  let outs = 0
  let ins = 0

  for (let m = 0; m < minutes; m++) {
    if (readyAt === m) {
      serving = desired
      readyAt = -1
    }
    const n = Math.max(0, rpm[m])
    const capacity = serving * perInstance
    let processed = 0
    if (head === tail && n <= capacity) {
      // Nothing queued and enough capacity: the minute's requests are served in the minute.
      processed = n
    } else if (n > 0) {
      chunkMinute[tail] = m
      chunkCount[tail] = n
      tail++
    }
    let left = capacity - processed
    while (head < tail && left > 0) {
      const take = Math.min(left, chunkCount[head])
      const waited = (m - chunkMinute[head]) * 60_000
      delayWeighted += take * waited
      if (waited > maxDelay) maxDelay = waited
      processed += take
      left -= take
      chunkCount[head] -= take
      if (chunkCount[head] <= 1e-9) head++
    }
    backlog = Math.max(0, backlog + n - processed)
    if (backlog > maxBacklog) maxBacklog = backlog
    requests += n
    processedTotal += processed
    inServiceColumn[m] = serving
    backlogColumn[m] = backlog
    instanceMinutes += desired
    hourly[(m / 60) | 0] += desired * pricePerMinute
    if (desired === 0) atZero++

    // The minute's datapoint reaches the alarms; one scaling activity at a time.
    const metric = backlog / Math.max(1, serving)
    high = metric > target ? high + 1 : 0
    low = metric < lowLevel ? low + 1 : 0
    zeroStreak = serving === 0 && backlog > 0 ? zeroStreak + 1 : 0
    if (readyAt !== -1) continue
    if (high < highPoints && low < lowPoints && !(fromZero && zeroStreak >= 1 && desired === 0)) continue
    const proportional = clamp(Math.ceil(backlog / target))
    if (high >= highPoints && proportional > desired) {
      desired = proportional
      readyAt = m + 1 + startup
      outs++
      high = 0
    } else if (fromZero && zeroStreak >= 1 && desired === 0) {
      desired = clamp(1)
      readyAt = m + 1 + startup
      outs++
    } else if (low >= lowPoints && proportional < desired) {
      desired = proportional
      serving = proportional
      ins++
      low = 0
    }
  }

  if (head < tail) maxDelay = Math.max(maxDelay, (minutes - chunkMinute[head]) * 60_000)
  return {
    hourlyCostUSD: hourly,
    totalCostUSD: instanceMinutes * pricePerMinute,
    instanceHours: instanceMinutes / 60,
    requests,
    processedRequests: processedTotal,
    backlogAtEnd: backlog,
    maxBacklog,
    meanQueueDelayMs: processedTotal > 0 ? delayWeighted / processedTotal : 0,
    maxQueueDelayMs: maxDelay,
    minutesAtZero: atZero,
    scaleOuts: outs,
    scaleIns: ins,
    inService: inServiceColumn,
    backlog: backlogColumn
  }
}
