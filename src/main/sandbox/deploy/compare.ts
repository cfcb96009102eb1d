/**
 * `deploy.compare`: a Monte Carlo of many releases per strategy configuration on one scenario, so the
 * risk, cost and recovery of the strategies can be compared as distributions, not anecdotes.
 *
 * Each release draws whether its version is defective (`defects.probability`) and, if it is, how bad
 * (each given range drawn uniformly, or log-uniformly), then runs the kernel over the window. Release i
 * draws from `seed` and i alone, so every configuration meets the same releases with the same noise
 * (common random numbers: the differences between configurations are the strategies', not luck's), and
 * any split of [0, releases) across workers gives the same answer:
 *
 *   const prepared = prepareCompare(request)               // in each worker: validates, builds kernels
 *   const part = runReleases(prepared, c, from, to)        // releases [from, to) of configuration c
 *   const result = mergePartials(prepared, c, [part, …])   // the distribution, in release order
 *
 * Partial aggregates keep one number per release (Float64Arrays, cheap to post between threads), so
 * the merged medians and percentiles are exact.
 *
 * Distributions are over: all releases (affected requests, cost); releases whose deployment finished
 * in the window (duration); defective releases that recovered (recovery time, from the first answer of
 * the defective version to its last; reaction, from the first alarm to the last answer). Percentiles
 * interpolate linearly between order statistics (numpy's default).
 *
 * A defective release is caught when the defective version no longer answers users at the window's
 * end (rolled back, or replaced by the operator), or, for a shadow test, when an alarm detected it
 * before it answered anyone.
 */
import { LabError } from '../../../shared/errors'
import { PRICE_AS_OF } from '../catalog/instances'
import { createRng, type Rng } from '../core/rng'
import { IssueList } from '../core/issues'
import { DeployKernel, type DeployScenario, type NewVersionSpec } from './kernel'
import { checkEnvironment, checkStrategy, describeStrategy, type Environment, type EnvironmentInput, type StrategyInput } from './scenario'
import { DEPLOY_SIMPLIFICATIONS } from './simplifications'
import type { DeployStrategy } from './rollout'
import { strategyTable, type StrategyTable, ruleOfThumbCategory, type StrategyCategory } from './table'

export const MAX_RELEASES = 10_000
export const MAX_CONFIGURATIONS = 4

export interface DefectRange {
  min: number
  max: number
  /** `uniform` (default) or `logUniform` (needs min > 0); checked, so any string is taken here. */
  distribution?: string
}

export interface CompareRequest extends EnvironmentInput {
  seed: number
  /** Releases per configuration. */
  releases: number
  defects: { probability: number; errorRate?: DefectRange; latencyMultiplier?: DefectRange; qualityDrop?: DefectRange }
  configurations: (StrategyInput & { name: string })[]
}

interface Draw {
  min: number
  max: number
  log: boolean
}

export interface PreparedCompare {
  seed: number
  releases: number
  probability: number
  errorRate: Draw | null
  latencyMultiplier: Draw | null
  qualityDrop: Draw | null
  environment: Environment
  scenarios: DeployScenario[]
  names: string[]
  kernels: (DeployKernel | null)[]
}

/** Per-release results of releases [from, to) of one configuration. NaN = did not happen. */
export interface PartialAggregate {
  configuration: number
  from: number
  to: number
  affected: Float64Array
  failed: Float64Array
  cost: Float64Array
  duration: Float64Array
  detect: Float64Array
  recovery: Float64Array
  peak: Float64Array
  /** Bit flags per release (FLAG_*). */
  flags: Uint8Array
}

export const FLAG_DEFECTIVE = 1
export const FLAG_DETECTED = 2
export const FLAG_CAUGHT = 4
export const FLAG_ROLLED_BACK = 8
export const FLAG_COMPLETED = 16

export interface Distribution {
  count: number
  median: number | null
  p95: number | null
  worst: number | null
  mean: number | null
}

export interface ConfigurationResult {
  name: string
  strategy: DeployStrategy
  category: StrategyCategory | null
  description: string
  releases: number
  defectiveReleases: number
  /** Shares of the defective releases an alarm detected, and that were caught (see the file comment). */
  detectedShare: number | null
  caughtShare: number | null
  /** Healthy releases that were rolled back anyway (a false alarm). */
  healthyRolledBackShare: number | null
  completedShare: number
  rolledBackShare: number
  affectedRequests: Distribution
  failedRequests: Distribution
  costUSD: Distribution
  durationSeconds: Distribution
  detectSeconds: Distribution
  recoverySeconds: Distribution
  /** From the first alarm to the last answer of the defective version, over releases that recovered after an alarm. */
  reactionSeconds: Distribution
  peakInstances: number
  baselineCostUSD: number
}

export interface CompareResult {
  releases: number
  horizonSeconds: number
  configurations: ConfigurationResult[]
  table: StrategyTable
  priceAsOf: string
  simplifications: string[]
}

/** Validates a compare request and builds what the releases run on (kernels are built on first use). */
export function prepareCompare(request: CompareRequest): PreparedCompare {
  if (typeof request !== 'object' || request === null) throw new LabError('VALIDATION', 'deploy.compare: the request must be an object', [{ path: '', message: 'must be an object' }])
  const issues = new IssueList()
  issues.number('seed', request.seed, { integer: true })
  issues.number('releases', request.releases, { min: 1, max: MAX_RELEASES, integer: true })
  const env = checkEnvironment(request, issues)
  const d = request.defects
  issues.number('defects.probability', d?.probability, { min: 0, max: 1 })
  const errorRate = checkRange(d?.errorRate, 'defects.errorRate', 0, 1, issues)
  const latencyMultiplier = checkRange(d?.latencyMultiplier, 'defects.latencyMultiplier', 1, 100, issues)
  const qualityDrop = checkRange(d?.qualityDrop, 'defects.qualityDrop', 0, 1, issues)
  if (d && d.errorRate === undefined && d.latencyMultiplier === undefined && d.qualityDrop === undefined) {
    issues.add('defects', 'say how bad a defective release is: give at least one of errorRate, latencyMultiplier, qualityDrop as { min, max, distribution? }')
  }
  const configs = request.configurations
  const scenarios: DeployScenario[] = []
  const names: string[] = []
  if (!Array.isArray(configs) || configs.length < 1 || configs.length > MAX_CONFIGURATIONS) {
    issues.add('configurations', `must be a list of 1 to ${MAX_CONFIGURATIONS} strategy configurations`)
  } else {
    configs.forEach((c, i) => {
      const path = `configurations[${i}]`
      if (typeof c?.name !== 'string' || c.name.length < 1 || c.name.length > 64) issues.add(`${path}.name`, 'must be a name of 1 to 64 characters')
      else if (names.includes(c.name)) issues.add(`${path}.name`, `"${c.name}" names another configuration too`)
      else names.push(c.name)
      const sc = checkStrategy(c ?? { strategy: '' }, env, issues, path)
      if (sc) scenarios.push(sc)
    })
  }
  issues.throwIfAny('deploy.compare')
  return {
    seed: request.seed,
    releases: request.releases,
    probability: d.probability,
    errorRate,
    latencyMultiplier,
    qualityDrop,
    environment: env!,
    scenarios,
    names,
    kernels: scenarios.map(() => null)
  }
}

function checkRange(r: DefectRange | undefined, path: string, lo: number, hi: number, issues: IssueList): Draw | null {
  if (r === undefined) return null
  const before = issues.issues.length
  const minOk = issues.number(`${path}.min`, r?.min, { min: lo, max: hi })
  const maxOk = issues.number(`${path}.max`, r?.max, { min: lo, max: hi })
  if (minOk && maxOk && r.min > r.max) issues.add(`${path}.max`, `must be at least min (${r.min}), got ${r.max}`)
  const dist = r?.distribution ?? 'uniform'
  if (dist !== 'uniform' && dist !== 'logUniform') issues.add(`${path}.distribution`, `must be uniform or logUniform, got ${String(dist)}`)
  if (dist === 'logUniform' && minOk && !(r.min > 0)) issues.add(`${path}.min`, 'must be above 0 for a logUniform distribution')
  return issues.issues.length > before ? null : { min: r.min, max: r.max, log: dist === 'logUniform' }
}

function draw(d: Draw, u: number): number {
  if (d.min === d.max) return d.min
  if (d.log) return Math.exp(Math.log(d.min) + u * (Math.log(d.max) - Math.log(d.min)))
  return d.min + u * (d.max - d.min)
}

/** The random stream of release i: its version's draws come first; its noise streams are forks of it. */
export function releaseRng(prepared: PreparedCompare, i: number): Rng {
  return createRng(prepared.seed).fork(`release:${i}`)
}

/**
 * The version release i deploys, healthy or defective as drawn from the ranges, from the first draws
 * of the release's stream `r` (a fork's numbers do not depend on the parent's draws, so the noise
 * streams forked from `r` are the same either way).
 */
export function releaseVersion(prepared: PreparedCompare, r: Rng): NewVersionSpec {
  const healthy = { errorRate: 0, latencyMultiplier: 1, qualityDrop: 0 }
  if (!(r.next() < prepared.probability)) return healthy
  // One uniform per aspect, drawn whether or not the aspect is used, so adding a range leaves the others' draws alone.
  const u1 = r.next()
  const u2 = r.next()
  const u3 = r.next()
  return {
    errorRate: prepared.errorRate ? draw(prepared.errorRate, u1) : 0,
    latencyMultiplier: prepared.latencyMultiplier ? draw(prepared.latencyMultiplier, u2) : 1,
    qualityDrop: prepared.qualityDrop ? draw(prepared.qualityDrop, u3) : 0
  }
}

/** Runs releases [from, to) of configuration `configuration`. */
export function runReleases(prepared: PreparedCompare, configuration: number, from: number, to: number): PartialAggregate {
  if (!(configuration >= 0 && configuration < prepared.scenarios.length && Number.isInteger(configuration))) {
    throw new LabError('VALIDATION', `configuration: must be an index from 0 to ${prepared.scenarios.length - 1}`, [{ path: 'configuration', message: 'no such configuration' }])
  }
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= prepared.releases)) {
    throw new LabError('VALIDATION', `releases [${from}, ${to}) are not within [0, ${prepared.releases})`, [{ path: 'from', message: `must satisfy 0 ≤ from ≤ to ≤ ${prepared.releases}` }])
  }
  const kernel = (prepared.kernels[configuration] ??= new DeployKernel(prepared.scenarios[configuration]))
  const n = to - from
  const part: PartialAggregate = {
    configuration,
    from,
    to,
    affected: new Float64Array(n),
    failed: new Float64Array(n),
    cost: new Float64Array(n),
    duration: new Float64Array(n),
    detect: new Float64Array(n),
    recovery: new Float64Array(n),
    peak: new Float64Array(n),
    flags: new Uint8Array(n)
  }
  const base = createRng(prepared.seed)
  const strategy = prepared.scenarios[configuration].strategy
  for (let i = from; i < to; i++) {
    const rng = base.fork(`release:${i}`)
    const version = releaseVersion(prepared, rng)
    const { summary: s } = kernel.run(version, rng, false)
    const k = i - from
    part.affected[k] = s.requestsAffected
    part.failed[k] = s.requestsFailed
    part.cost[k] = s.costUSD
    part.duration[k] = s.durationSeconds ?? NaN
    part.detect[k] = s.timeToDetectSeconds ?? NaN
    part.recovery[k] = s.timeToRecoverSeconds ?? NaN
    part.peak[k] = s.peakInstances
    let flags = 0
    if (s.defective) flags |= FLAG_DEFECTIVE
    if (s.timeToDetectSeconds !== null) flags |= FLAG_DETECTED
    if (s.defective && (strategy === 'SHADOW' ? s.timeToDetectSeconds !== null : !s.newVersionServingAtEnd)) flags |= FLAG_CAUGHT
    if (s.outcome === 'ROLLED_BACK') flags |= FLAG_ROLLED_BACK
    if (s.outcome === 'COMPLETED') flags |= FLAG_COMPLETED
    part.flags[k] = flags
  }
  return part
}

/** Merges the partial aggregates of one configuration (any order, any split) into its distributions. */
export function mergePartials(prepared: PreparedCompare, configuration: number, partials: readonly PartialAggregate[]): ConfigurationResult {
  const parts = [...partials].filter((p) => p.configuration === configuration).sort((a, b) => a.from - b.from)
  let next = 0
  for (const p of parts) {
    if (p.from !== next) throw new LabError('VALIDATION', `partials of configuration ${configuration} must cover [0, ${prepared.releases}) without gaps or overlaps; release ${next} is ${p.from > next ? 'missing' : 'repeated'}`, [{ path: 'partials', message: 'gap or overlap' }])
    next = p.to
  }
  if (next !== prepared.releases) throw new LabError('VALIDATION', `partials of configuration ${configuration} end at release ${next}, not ${prepared.releases}`, [{ path: 'partials', message: 'incomplete' }])
  const n = prepared.releases
  const cat = (pick: (p: PartialAggregate) => Float64Array): Float64Array => {
    const out = new Float64Array(n)
    for (const p of parts) out.set(pick(p), p.from)
    return out
  }
  const affected = cat((p) => p.affected)
  const failed = cat((p) => p.failed)
  const cost = cat((p) => p.cost)
  const duration = cat((p) => p.duration)
  const detect = cat((p) => p.detect)
  const recovery = cat((p) => p.recovery)
  const peak = cat((p) => p.peak)
  const flags = new Uint8Array(n)
  for (const p of parts) flags.set(p.flags, p.from)

  let defective = 0
  let detected = 0
  let caught = 0
  let healthyRolledBack = 0
  let completed = 0
  let rolledBack = 0
  const recoveries: number[] = []
  const reactions: number[] = []
  const detections: number[] = []
  for (let i = 0; i < n; i++) {
    const f = flags[i]
    if (f & FLAG_COMPLETED) completed++
    if (f & FLAG_ROLLED_BACK) rolledBack++
    if (f & FLAG_DEFECTIVE) {
      defective++
      if (f & FLAG_DETECTED) {
        detected++
        detections.push(detect[i])
      }
      if (f & FLAG_CAUGHT) caught++
      if (recovery[i] === recovery[i]) {
        recoveries.push(recovery[i])
        // The recovery clock starts at the first answer, detection at the first traffic: both start together except for a shadow.
        if (detect[i] === detect[i] && recovery[i] >= detect[i]) reactions.push(recovery[i] - detect[i])
      }
    } else if (f & FLAG_ROLLED_BACK) healthyRolledBack++
  }
  const healthy = n - defective
  const sc = prepared.scenarios[configuration]
  let peakMax = 0
  for (let i = 0; i < n; i++) if (peak[i] > peakMax) peakMax = peak[i]
  return {
    name: prepared.names[configuration],
    strategy: sc.strategy,
    category: ruleOfThumbCategory(sc),
    description: describeStrategy(sc),
    releases: n,
    defectiveReleases: defective,
    detectedShare: defective > 0 ? detected / defective : null,
    caughtShare: defective > 0 ? caught / defective : null,
    healthyRolledBackShare: healthy > 0 ? healthyRolledBack / healthy : null,
    completedShare: completed / n,
    rolledBackShare: rolledBack / n,
    affectedRequests: distribution(affected),
    failedRequests: distribution(failed),
    costUSD: distribution(cost),
    durationSeconds: distribution(finite(duration)),
    detectSeconds: distribution(Float64Array.from(detections)),
    recoverySeconds: distribution(Float64Array.from(recoveries)),
    reactionSeconds: distribution(Float64Array.from(reactions)),
    peakInstances: peakMax,
    baselineCostUSD: (sc.instanceCount * sc.horizonMinutes * sc.instance.pricePerHour) / 60
  }
}

function finite(xs: Float64Array): Float64Array {
  return xs.filter((x) => x === x)
}

/** Median, p95 (linear interpolation between order statistics), worst and mean. */
export function distribution(values: Float64Array): Distribution {
  const n = values.length
  if (n === 0) return { count: 0, median: null, p95: null, worst: null, mean: null }
  const s = Float64Array.from(values).sort()
  let sum = 0
  for (let i = 0; i < n; i++) sum += s[i]
  return { count: n, median: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95), worst: s[n - 1], mean: sum / n }
}

/** The q-quantile of sorted values, numpy's default ("linear"): position q·(n − 1), interpolated. */
export function quantileSorted(s: Float64Array, q: number): number {
  const pos = q * (s.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.min(s.length - 1, lo + 1)
  return s[lo] + (pos - lo) * (s[hi] - s[lo])
}

/** The whole compare on one thread: every configuration, every release, then the study guide's table. */
export function compareDeployments(request: CompareRequest): CompareResult {
  const prepared = prepareCompare(request)
  const configurations = prepared.scenarios.map((_, c) => mergePartials(prepared, c, [runReleases(prepared, c, 0, prepared.releases)]))
  return finishCompare(prepared, configurations)
}

/** The answer from merged configurations (what the job mechanism calls once all partials are in). */
export function finishCompare(prepared: PreparedCompare, configurations: ConfigurationResult[]): CompareResult {
  return {
    releases: prepared.releases,
    horizonSeconds: prepared.environment.horizonMinutes * 60,
    configurations,
    table: strategyTable(configurations, prepared.scenarios),
    priceAsOf: PRICE_AS_OF,
    simplifications: [...DEPLOY_SIMPLIFICATIONS]
  }
}
