/**
 * Purchasing options for one workload side by side over a month: what each costs hour by hour, the
 * latency it keeps, and where their cumulative costs cross (the break-even points).
 *
 * Options:
 * - onDemand: a real-time endpoint of InstanceCount instances, billed per instance-hour at the
 *   catalog's illustrative On-Demand price.
 * - savingsPlan: the same endpoint with its usage covered by a SageMaker Savings Plan
 *   (savings-plans.ts); in the sandbox the plan covers this workload only.
 * - serverless: Serverless Inference (serverless.ts).
 * - async: an asynchronous endpoint that scales to zero (async-inference.ts).
 *
 * The month's traffic is the expected request rate of each minute from a TrafficSpec (traffic.ts),
 * without per-minute Poisson noise: a month's cost depends on the rates, not on the sampling.
 * Break-even points: the moments where one option's cumulative cost overtakes another's, and for a
 * serverless option against each real-time one the steady request rate at which both cost the same
 * per hour.
 */
import { LabError } from '../../../shared/errors'
import { getInstanceType } from '../catalog/instances'
import { SIM_EPOCH_MS } from '../core/time'
import type { Rng } from '../core/rng'
import { planServing, type ModelProfile } from '../workload/model'
import { maxSustainableRpm, reportedP99Ms } from '../workload/steady-state'
import { expectedRates, validateTraffic, type TrafficSpec } from '../workload/traffic'
import { IssueList } from '../core/issues'
import { simulateAsync, type AsyncConfig, type AsyncMonth } from './async-inference'
import type { SavingsPlanTerm } from './prices'
import { applySavingsPlan, type SavingsPlanResult } from './savings-plans'
import { simulateServerless, type ServerlessConfig, type ServerlessMonth } from './serverless'

export type PurchasingOption =
  | { kind: 'onDemand'; name?: string; InstanceType: string; InstanceCount: number }
  | { kind: 'savingsPlan'; name?: string; InstanceType: string; InstanceCount: number; commitmentPerHour: number; termYears: SavingsPlanTerm; discount?: number }
  | ({ kind: 'serverless'; name?: string } & ServerlessConfig)
  | ({ kind: 'async'; name?: string; InstanceType: string } & AsyncConfig)

export const PURCHASING_KINDS = ['onDemand', 'savingsPlan', 'serverless', 'async'] as const
export const MAX_PURCHASING_OPTIONS = 8
export const MAX_DAYS = 31

export interface MonthWorkload {
  model: ModelProfile
  traffic: TrafficSpec
  /** Length in days; default 30. */
  days?: number
  /** Epoch ms; default the sandbox epoch (Monday 2026-01-05 00:00 UTC). */
  startTime?: number
}

export interface RealtimeDetail {
  InstanceType: string
  InstanceCount: number
  peakRpm: number
  /** p99 ModelLatency at the busiest minute, ms (the 60 s timeout when that minute overloads the fleet). */
  peakP99Ms: number
  /** Requests per minute the fleet sustains (steady-state.ts). */
  sustainableRpm: number
  /** Minutes whose traffic exceeds what the fleet sustains. */
  minutesOverSustainable: number
}

export type OptionDetail =
  | ({ kind: 'onDemand' } & RealtimeDetail)
  | ({ kind: 'savingsPlan' } & RealtimeDetail & Omit<SavingsPlanResult, 'hourlyCostUSD'>)
  | ({ kind: 'serverless' } & Omit<ServerlessMonth, 'hourlyCostUSD'>)
  | ({ kind: 'async' } & Omit<AsyncMonth, 'hourlyCostUSD' | 'inService' | 'backlog'>)

export interface OptionMonth {
  name: string
  kind: PurchasingOption['kind']
  hourlyCostUSD: Float64Array
  /** Cost through the end of each hour. */
  cumulativeCostUSD: Float64Array
  totalCostUSD: number
  /** p99 ModelLatency the option keeps, ms; null for asynchronous inference (see its queue delays). */
  p99Ms: number | null
  detail: OptionDetail
}

export interface CostCrossing {
  /** The two options whose cumulative costs cross. */
  between: [string, string]
  /** Hours from the start where they are equal (interpolated within the hour). */
  atHour: number
  /** The option that is cheaper from then on. */
  cheaperAfter: string
}

export interface RateBreakEven {
  serverless: string
  realtime: string
  /** Steady requests per second at which both cost the same per hour; above it the real-time option is cheaper. */
  requestsPerSecond: number
}

export interface PurchasingComparison {
  startTime: number
  hours: number
  options: OptionMonth[]
  crossings: CostCrossing[]
  rateBreakEvens: RateBreakEven[]
}

function defaultName(o: PurchasingOption): string {
  switch (o.kind) {
    case 'onDemand':
      return `On-Demand ${o.InstanceCount} × ${o.InstanceType}`
    case 'savingsPlan':
      return `Savings Plan ${o.termYears}y $${o.commitmentPerHour}/h on ${o.InstanceCount} × ${o.InstanceType}`
    case 'serverless':
      return `Serverless ${o.MemorySizeInMB} MB${o.ProvisionedConcurrency ? `, ${o.ProvisionedConcurrency} provisioned` : ''}`
    case 'async':
      return `Async ${o.MinCapacity}–${o.MaxCapacity} × ${o.InstanceType}`
  }
}

export function comparePurchasingOptions(workload: MonthWorkload, options: readonly PurchasingOption[], rng: Rng): PurchasingComparison {
  const issues = new IssueList()
  validateTraffic(workload.traffic, issues, 'workload.traffic')
  issues.optionalNumber('workload.days', workload.days, { min: 1, max: MAX_DAYS, integer: true })
  if (!Array.isArray(options) || options.length === 0 || options.length > MAX_PURCHASING_OPTIONS) {
    issues.add('options', `must list 1 to ${MAX_PURCHASING_OPTIONS} purchasing options`)
  }
  issues.throwIfAny('purchasing options')
  const names = options.map((o) => o.name ?? defaultName(o))
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) issues.add(`options[${i}].name`, `"${n}" is used by options[${names.indexOf(n)}] too; give each option its own name`)
  })
  options.forEach((o, i) => {
    if (!PURCHASING_KINDS.includes(o.kind)) issues.add(`options[${i}].kind`, `must be one of ${PURCHASING_KINDS.join(' | ')}, got ${String(o.kind)}`)
  })
  issues.throwIfAny('purchasing options')

  const startTime = workload.startTime ?? SIM_EPOCH_MS
  const hours = (workload.days ?? 30) * 24
  const rpm = expectedRates(workload.traffic, startTime, hours * 60, rng.fork('purchasing-traffic'))
  let peakRpm = 0
  for (let m = 0; m < rpm.length; m++) if (rpm[m] > peakRpm) peakRpm = rpm[m]

  // On-Demand and Savings Plan options on the same fleet share its latency and load figures.
  const fleets = new Map<string, RealtimeDetail>()
  const fleet = (type: string, count: number): RealtimeDetail => {
    const key = `${type}×${count}`
    let d = fleets.get(key)
    if (!d) fleets.set(key, (d = realtimeDetail(workload.model, type, count, rpm, peakRpm)))
    return d
  }
  const months = options.map((o, i): OptionMonth => {
    const path = `options[${i}]`
    try {
      return runOption(o, names[i], path, workload.model, rpm, fleet, hours)
    } catch (e) {
      if (e instanceof LabError && e.issues.length > 0) {
        const prefixed = e.issues.map((x) => ({ path: x.path.startsWith(path) ? x.path : `${path}.${x.path}`, message: x.message }))
        throw new LabError(e.code, `purchasing options: ${prefixed[0].path}: ${prefixed[0].message}`, prefixed)
      }
      throw e
    }
  })

  return { startTime, hours, options: months, crossings: findCrossings(months), rateBreakEvens: rateBreakEvens(months) }
}

function realtimeDetail(model: ModelProfile, type: string, count: number, rpm: Float64Array, peakRpm: number): RealtimeDetail {
  const instance = getInstanceType(type, 'InstanceType')
  const plan = planServing(model, instance)
  const sustainable = maxSustainableRpm(plan, instance).perInstanceRpm * count
  let over = 0
  for (let m = 0; m < rpm.length; m++) if (rpm[m] > sustainable) over++
  return {
    InstanceType: type,
    InstanceCount: count,
    peakRpm,
    peakP99Ms: reportedP99Ms(plan, instance, peakRpm / count),
    sustainableRpm: sustainable,
    minutesOverSustainable: over
  }
}

function runOption(
  o: PurchasingOption,
  name: string,
  path: string,
  model: ModelProfile,
  rpm: Float64Array,
  fleet: (type: string, count: number) => RealtimeDetail,
  hours: number
): OptionMonth {
  const finish = (hourly: Float64Array, p99Ms: number | null, detail: OptionDetail): OptionMonth => {
    const cumulative = new Float64Array(hourly.length)
    let total = 0
    for (let h = 0; h < hourly.length; h++) cumulative[h] = total += hourly[h]
    return { name, kind: o.kind, hourlyCostUSD: hourly, cumulativeCostUSD: cumulative, totalCostUSD: total, p99Ms, detail }
  }
  switch (o.kind) {
    case 'onDemand':
    case 'savingsPlan': {
      const countIssues = new IssueList()
      countIssues.number(`${path}.InstanceCount`, o.InstanceCount, { min: 1, max: 100, integer: true })
      countIssues.throwIfAny('purchasing options')
      const rt = fleet(o.InstanceType, o.InstanceCount)
      const usage = new Float64Array(hours).fill(o.InstanceCount * getInstanceType(o.InstanceType).pricePerHour)
      if (o.kind === 'onDemand') return finish(usage, rt.peakP99Ms, { kind: 'onDemand', ...rt })
      const sp = applySavingsPlan(usage, { commitmentPerHour: o.commitmentPerHour, termYears: o.termYears, discount: o.discount }, path)
      const { hourlyCostUSD, ...rest } = sp
      return finish(hourlyCostUSD, rt.peakP99Ms, { kind: 'savingsPlan', ...rt, ...rest })
    }
    case 'serverless': {
      const s = simulateServerless(model, o, rpm, path)
      const { hourlyCostUSD, ...rest } = s
      return finish(hourlyCostUSD, s.p99Ms, { kind: 'serverless', ...rest })
    }
    case 'async': {
      const instance = getInstanceType(o.InstanceType, `${path}.InstanceType`)
      const a = simulateAsync(planServing(model, instance, `${path}.model`), instance, o, rpm, path)
      return finish(a.hourlyCostUSD, null, {
        kind: 'async',
        totalCostUSD: a.totalCostUSD,
        instanceHours: a.instanceHours,
        requests: a.requests,
        processedRequests: a.processedRequests,
        backlogAtEnd: a.backlogAtEnd,
        maxBacklog: a.maxBacklog,
        meanQueueDelayMs: a.meanQueueDelayMs,
        maxQueueDelayMs: a.maxQueueDelayMs,
        minutesAtZero: a.minutesAtZero,
        scaleOuts: a.scaleOuts,
        scaleIns: a.scaleIns
      })
    }
  }
}

/**
 * Every moment two options' cumulative costs cross, in time order. Costs accrue evenly within an
 * hour, so between the ends of hours h − 1 and h the difference moves linearly; where it touches
 * zero at an hour's end and then changes sign, the crossing is that hour's end.
 */
export function findCrossings(months: readonly OptionMonth[]): CostCrossing[] {
  const out: CostCrossing[] = []
  for (let i = 0; i < months.length; i++) {
    for (let j = i + 1; j < months.length; j++) {
      const a = months[i].cumulativeCostUSD
      const b = months[j].cumulativeCostUSD
      let lastSign = 0
      let before = 0
      for (let h = 0; h < a.length; h++) {
        const diff = a[h] - b[h]
        const sign = Math.sign(diff)
        if (sign !== 0 && lastSign !== 0 && sign !== lastSign) {
          const atHour = before === 0 ? h : h + before / (before - diff)
          out.push({ between: [months[i].name, months[j].name], atHour, cheaperAfter: diff < 0 ? months[i].name : months[j].name })
        }
        if (sign !== 0) lastSign = sign
        before = diff
      }
    }
  }
  return out.sort((x, y) => x.atHour - y.atHour)
}

function rateBreakEvens(months: readonly OptionMonth[]): RateBreakEven[] {
  const out: RateBreakEven[] = []
  for (const s of months) {
    if (s.detail.kind !== 'serverless') continue
    const provisionedPerHour = s.detail.provisionedCostUSD / s.hourlyCostUSD.length
    for (const r of months) {
      if (r.detail.kind !== 'onDemand' && r.detail.kind !== 'savingsPlan') continue
      const realtimePerHour = r.totalCostUSD / r.hourlyCostUSD.length
      const rps = Math.max(0, realtimePerHour - provisionedPerHour) / (3600 * s.detail.costPerRequestUSD)
      out.push({ serverless: s.name, realtime: r.name, requestsPerSecond: rps })
    }
  }
  return out
}
