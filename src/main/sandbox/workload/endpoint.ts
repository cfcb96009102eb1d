/**
 * One SageMaker real-time endpoint, simulated minute by minute, and the CloudWatch metrics its
 * variants publish. The SageMaker service steps one `EndpointRuntime` per endpoint once a minute, so
 * what other services do between minutes (auto scaling changing the fleet, an update, an incident)
 * acts from the next minute on.
 *
 * Metrics (SageMaker developer guide, "Monitor Amazon SageMaker AI with Amazon CloudWatch"; AWS-FACTS §3.6):
 * - `AWS/SageMaker`, dimensions EndpointName + VariantName, one statistic set per minute:
 *   - Invocations: every request is one sample of value 1 (SampleCount = Sum = requests). Use Sum.
 *   - InvocationsPerInstance: every request adds 1/instances in service (Sum = requests / instances).
 *   - Invocation4XXErrors / Invocation5XXErrors: every request adds 1 if it failed that way, else 0
 *     (SampleCount = requests, Sum = errors, Average = error rate).
 *   - ModelLatency / OverheadLatency in MICROSECONDS: one sample per answered request; the minute's
 *     samples are log-normal and their log-space mean and sd are stored so percentiles work.
 *   A minute without requests publishes none of these: the series has a gap (SampleCount 0).
 * - `/aws/sagemaker/Endpoints`, same dimensions, one sample per in-service instance per minute:
 *   CPUUtilization (sum over vCPUs: 0–100 × vCPU), MemoryUtilization and DiskUtilization (0–100),
 *   and on GPU instances GPUUtilization and GPUMemoryUtilization (0–100 × GPUs). Published every minute,
 *   with or without traffic.
 *
 * Latency and overload (sandbox model, see SIMPLIFICATIONS):
 * - While the instances keep up (no backlog, requests < capacity), each instance is an M/G/c queue and
 *   the mean wait is the Allen–Cunneen approximation (queueing.ts).
 * - When requests exceed capacity, a fluid model takes over: the excess queues, a queue holds at most
 *   60 s of work, and requests that would wait longer time out as 5XX (InvokeEndpoint: the container
 *   must answer within 60 seconds). The mean wait follows from Little's law (mean queue / throughput).
 *   The backlog carries into the next minute, so recovery after a burst takes time, as it does on AWS.
 * - ModelLatency = service time + queueing wait (the wait happens inside the container's model server,
 *   so SageMaker counts it as model time). Timed-out requests add no latency sample.
 * - Minimum and Maximum of a minute are the quantiles at the expected ranks of the smallest and largest
 *   of n samples, 1/(n+1) and n/(n+1).
 *
 * The fleet: each variant has a desired instance count (what is billed) and the instances in service.
 * New instances serve `startupMinutes` after they are requested (default 5); removed ones stop at once.
 *
 * Random streams: every variant draws arrivals, errors and latency noise from three streams of its
 * own, each minute in turn, so changing one aspect (say the error rate) leaves the others' draws alone,
 * and a minute's numbers depend only on the seed and what happened before it.
 */
import { LabError } from '../../../shared/errors'
import { findInstanceType, getInstanceType, requireHostingInstanceType, type InstanceType } from '../catalog/instances'
import type { Dimension, MetricData, MetricId } from '../cloudwatch/types'
import { MetricStore, type GrowingSeries, type MetricSink } from '../cloudwatch/series'
import { IssueList } from '../core/issues'
import type { Rng } from '../core/rng'
import { DAY_MS, floorToMinute, MINUTE_MS, toEpochMs, toIso } from '../core/time'
import { resolveIncidents, type IncidentSpec, type IncidentWindow } from './incidents'
import { planServing, validateModel, type ServingPlan } from './model'
import { shapeRate, spikeMultipliersForDay, validateTraffic, type TrafficSpec } from './traffic'
import { VariantRuntime, emptyTotals, setStats, type EndpointMetricName, type VariantSpec, type VariantTotals, type CapacityChange, type SeriesSet, type VariantRecording, type BilledFleetVisitor } from './variant'

// What callers have long imported from this file, now defined with the variant.
export { NS_SAGEMAKER, NS_ENDPOINTS, METRIC, INVOCATION_TIMEOUT_MS, DEFAULT_STARTUP_MINUTES } from './variant'
export type { EndpointMetricName, VariantSpec, ModelDefect, VariantTotals, CapacityChange, VariantRecording, BilledFleetVisitor } from './variant'

/** Max simulated length: 92 days of minutes. */
export const MAX_MINUTES = 92 * 24 * 60
export const MAX_VARIANTS = 10
/** Instances per variant the sandbox simulates at most. */
export const MAX_INSTANCES = 100
/** EndpointName / VariantName pattern from the SageMaker API reference. */
export const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/

// ------------------------------------------------------------------------------------------------
// Validation

interface CheckedVariants {
  plans: ServingPlan[]
  instances: InstanceType[]
}

/**
 * Checks production variants (names, instance types, counts, weights, models and whether each model
 * fits its instance). Problems are added to `issues` under `path[i].Field`; returns the serving plans
 * when there were none.
 */
export function checkVariants(variants: unknown, issues: IssueList, path = 'variants', opts: { shadow?: boolean } = {}): CheckedVariants | null {
  const plans: ServingPlan[] = []
  const instances: InstanceType[] = []
  const names: string[] = []
  const before = issues.issues.length
  if (!Array.isArray(variants) || variants.length === 0 || variants.length > MAX_VARIANTS) {
    issues.add(path, `must be an array of 1 to ${MAX_VARIANTS} production variants`)
    return null
  }
  variants.forEach((v: VariantSpec, i) => {
    const p = `${path}[${i}]`
    if (typeof v !== 'object' || v === null) {
      issues.add(p, 'must be a production variant object')
      return
    }
    if (issues.string(`${p}.VariantName`, v.VariantName, NAME_PATTERN, 'letters, digits and hyphens, 1–63 characters')) {
      if (names.includes(v.VariantName)) issues.add(`${p}.VariantName`, `must be unique within the endpoint; "${v.VariantName}" is repeated`)
      names.push(v.VariantName)
    }
    const start = issues.issues.length
    let instance: InstanceType | undefined
    if (typeof v.InstanceType !== 'string' || !findInstanceType(v.InstanceType)) {
      try {
        requireHostingInstanceType(String(v.InstanceType), `${p}.InstanceType`)
      } catch (e) {
        if (e instanceof LabError) issues.issues.push(...e.issues)
        else throw e
      }
    } else {
      instance = getInstanceType(v.InstanceType)
    }
    issues.number(`${p}.InitialInstanceCount`, v.InitialInstanceCount, { min: 1, max: MAX_INSTANCES, integer: true })
    issues.optionalNumber(`${p}.InitialVariantWeight`, v.InitialVariantWeight, { min: 0, max: 1000 })
    issues.optionalNumber(`${p}.startupMinutes`, v.startupMinutes, { min: 0, max: 120, integer: true })
    if (v.defect !== undefined) {
      if (typeof v.defect !== 'object' || v.defect === null) issues.add(`${p}.defect`, 'must be an object { errorRate?, latencyMultiplier?, qualityDrop? }')
      else {
        issues.optionalNumber(`${p}.defect.errorRate`, v.defect.errorRate, { min: 0, max: 1 })
        issues.optionalNumber(`${p}.defect.latencyMultiplier`, v.defect.latencyMultiplier, { min: 1, max: 20 })
        issues.optionalNumber(`${p}.defect.qualityDrop`, v.defect.qualityDrop, { min: 0, max: 1 })
      }
    }
    const modelOk = validateModel(v.model, issues, `${p}.model`)
    if (issues.issues.length === start && instance && modelOk) {
      try {
        plans[i] = planServing(v.model, instance, `${p}.model`)
        instances[i] = instance
      } catch (e) {
        if (e instanceof LabError) issues.issues.push(...e.issues)
        else throw e
      }
    }
  })
  // A shadow variant's weight is its sampling share, and 0 copies nothing: only production weights must not all be 0.
  if (issues.issues.length === before && !opts.shadow) {
    const total = variants.reduce((a: number, v: VariantSpec) => a + (v.InitialVariantWeight ?? 1), 0)
    if (!(total > 0)) issues.add(path, 'at least one variant needs InitialVariantWeight > 0')
  }
  return issues.issues.length === before ? { plans, instances } : null
}

export interface EndpointRuntimeInput {
  endpointName: string
  variants: VariantSpec[]
  /** The shadow variant, if any (ShadowProductionVariants: at most one, beside exactly one production variant). */
  shadowVariants?: VariantSpec[]
  traffic: TrafficSpec
  /** Epoch ms, minute-aligned: the first minute the endpoint serves. */
  startTime: number
  /** The endpoint draws from `rng.fork('endpoint:<name>')`, so endpoints sharing one rng stay independent. */
  rng: Rng
  sink: MetricSink
  /** Keep per-minute fleet columns (tests and the stateless simulation). */
  recordColumns?: boolean
}

/**
 * Minutes UpdateEndpointWeightsAndCapacities takes to move traffic to the new weights: the endpoint is
 * Updating meanwhile and traffic follows CurrentWeight. Illustrative (AWS documents no duration; the
 * sandbox's simplifications say so).
 */
export const WEIGHT_UPDATE_MINUTES = 2

/** The variant state a view needs. */
export interface VariantState {
  VariantName: string
  InstanceType: string
  ModelName: string
  pricePerHour: number
  /** Production variant: its share of the endpoint's requests (CurrentWeight / sum of CurrentWeights). Shadow variant: the share of the production variant's requests copied to it. */
  weightShare: number
  /** DescribeEndpoint ProductionVariantSummary: the weight traffic follows now, and the one asked for. */
  CurrentWeight: number
  DesiredWeight: number
  CurrentInstanceCount: number
  DesiredInstanceCount: number
  totals: VariantTotals
}

export class EndpointRuntime {
  readonly endpointName: string
  private readonly rng: Rng
  private readonly sink: MetricSink
  private traffic: TrafficSpec
  /** When the traffic pattern was set: growth compounds from here. */
  private trafficOrigin: number
  private trafficRng: Rng
  private spikeDay = NaN
  private spikes: Float64Array | null = null
  private previousSpikes: Float64Array | null = null
  private variants: VariantRuntime[] = []
  /** Incidents not yet over, in start order. */
  private incidents: IncidentWindow[] = []
  /** Totals of variants that a reconfiguration replaced. */
  private readonly retired: VariantTotals = emptyTotals()
  private readonly recordColumns: boolean
  /** A guarded deployment in progress: the old (blue) and new (green) fleets of the one variant. */
  private fleets: DeploymentFleets | null = null
  /** Metric identities of fleets that ran during deployments (published with EndpointConfigName). */
  private readonly fleetIds: MetricId[] = []
  /** The shadow variant (CreateEndpointConfig ShadowProductionVariants: at most one), or null. */
  private shadow: VariantRuntime | null = null
  /** When an UpdateEndpointWeightsAndCapacities's weights take over (DesiredWeight becomes CurrentWeight), or null. */
  private weightChangeAt: number | null = null

  constructor(input: EndpointRuntimeInput) {
    this.endpointName = input.endpointName
    this.rng = input.rng.fork(`endpoint:${input.endpointName}`)
    this.sink = input.sink
    this.traffic = input.traffic
    this.trafficOrigin = input.startTime
    this.trafficRng = this.rng.fork(`traffic:${input.startTime}`)
    this.recordColumns = input.recordColumns ?? false
    this.reconfigure(input.variants, input.startTime, false, input.shadowVariants ?? [])
  }

  /**
   * A new set of variants from minute `at` (UpdateEndpoint). A variant serves with the new
   * configuration's InitialInstanceCount, or keeps its current count with `retainCounts`
   * (UpdateEndpoint RetainAllVariantProperties). A variant that keeps its name and instance type keeps
   * its queue; the switch itself is instant here (a simplification the console lists).
   */
  reconfigure(specs: VariantSpec[], at: number, retainCounts = false, shadowSpecs: readonly VariantSpec[] = []): void {
    const issues = new IssueList()
    const checked = checkVariants(specs, issues)
    const checkedShadow = shadowSpecs.length > 0 ? checkVariants(shadowSpecs, issues, 'shadowVariants', { shadow: true }) : null
    if (shadowSpecs.length > 1) issues.add('shadowVariants', 'an endpoint has at most one shadow variant')
    if (shadowSpecs.length > 0 && specs.length !== 1) issues.add('variants', 'an endpoint with a shadow variant has exactly one production variant')
    issues.throwIfAny('endpoint')
    // A promoted shadow (its name now among the production variants) keeps its instances like any variant.
    const before = new Map([...(this.shadow ? [this.shadow] : []), ...this.variants].map((v) => [v.spec.VariantName, v]))
    for (const v of this.variants) addTotals(this.retired, v.totals)
    // A shadow's answers went to nobody: of its totals only the bill counts toward the endpoint's.
    if (this.shadow) addCost(this.retired, this.shadow.totals)
    this.weightChangeAt = null
    const make = (spec: VariantSpec, instance: InstanceType, plan: ServingPlan): VariantRuntime => {
      const old = before.get(spec.VariantName)
      const kept = old && old.instance.name === spec.InstanceType ? old.carry() : undefined
      const count = retainCounts && old ? old.desired : spec.InitialInstanceCount
      const carried = kept ? { desired: count, inService: count, pending: [], backlog: kept.backlog } : retainCounts && old ? { desired: count, inService: count, pending: [], backlog: 0 } : undefined
      const runtime = new VariantRuntime(this.endpointName, spec, instance, plan, this.rng.fork(`variant:${spec.VariantName}:${at}`), this.sink, at, carried)
      // UpdateEndpoint RetainAllVariantProperties keeps the weight as well as the instance count.
      if (retainCounts && old) runtime.weight = runtime.desiredWeight = old.weight
      if (this.recordColumns) runtime.recording = { inServiceInstances: [], desiredInstances: [] }
      return runtime
    }
    this.variants = specs.map((spec, i) => make(spec, checked!.instances[i], checked!.plans[i]))
    this.shadow = shadowSpecs.length > 0 ? make(shadowSpecs[0], checkedShadow!.instances[0], checkedShadow!.plans[0]) : null
    this.applyWeights()
  }

  /**
   * Traffic follows CurrentWeight: a production variant answers its weight over the sum of the
   * production variants' weights (ProductionVariant, InitialVariantWeight); the shadow variant gets a
   * copy of its weight over the production variant's, at most all of them [P: the developer guide's
   * shadow-variant example sets the sampling share with InitialVariantWeight relative to production].
   */
  private applyWeights(): void {
    const total = this.variants.reduce((a, v) => a + v.weight, 0)
    for (const v of this.variants) v.share = total > 0 ? v.weight / total : 0
    if (this.shadow) {
      const production = this.variants[0].weight
      this.shadow.share = production > 0 ? Math.min(1, this.shadow.weight / production) : 0
    }
  }

  /**
   * UpdateEndpointWeightsAndCapacities's weights: each named variant's DesiredWeight now, its
   * CurrentWeight (what traffic follows) from `at` + WEIGHT_UPDATE_MINUTES, while the endpoint is
   * Updating. The caller has checked the names and values.
   */
  setDesiredWeights(weights: ReadonlyMap<string, number>, at: number): void {
    for (const v of this.allVariants()) {
      const w = weights.get(v.spec.VariantName)
      if (w !== undefined) v.desiredWeight = w
    }
    this.weightChangeAt = at + WEIGHT_UPDATE_MINUTES * MINUTE_MS
  }

  /** Production variants and the shadow variant. */
  private allVariants(): VariantRuntime[] {
    return this.shadow ? [...this.variants, this.shadow] : this.variants
  }

  setTraffic(spec: TrafficSpec, at: number): void {
    this.traffic = spec
    this.trafficOrigin = at
    this.trafficRng = this.rng.fork(`traffic:${at}`)
    this.spikeDay = NaN
  }

  addIncidents(windows: readonly IncidentWindow[]): void {
    this.incidents.push(...windows)
    this.incidents.sort((a, b) => a.startTime - b.startTime)
  }

  get currentTraffic(): TrafficSpec {
    return this.traffic
  }

  /** The production variants' specs. */
  get variantSpecs(): VariantSpec[] {
    return this.variants.map((v) => v.spec)
  }

  /** The shadow variant's spec (none or one). */
  get shadowSpecs(): VariantSpec[] {
    return this.shadow ? [this.shadow.spec] : []
  }

  /** The metric identities the endpoint publishes under. */
  metricIds(): MetricId[] {
    return [...this.variants.flatMap((v) => v.ids), ...(this.shadow ? this.shadow.ids : []), ...this.fleetIds]
  }

  // ---- guarded deployments (UpdateEndpoint with DeploymentConfig) -------------------------------

  /**
   * Starts a deployment of `spec` on the endpoint's one variant: from minute `at` the variant runs two
   * fleets, the current configuration's (blue) and the new one's (green, no instances yet), each
   * publishing its own metrics with the dimension EndpointConfigName, while the variant's metrics
   * (EndpointName + VariantName) count both fleets together, as SageMaker publishes them during a
   * deployment (developer guide, "Auto-Rollback Configuration and Monitoring"). The caller sets both
   * fleets every minute (`setFleets`) and ends the deployment with `finishDeployment`.
   */
  startDeployment(spec: VariantSpec, oldConfigName: string, newConfigName: string, at: number): void {
    if (this.fleets) throw new LabError('CONFLICT', `Endpoint "${this.endpointName}" is already being deployed.`, [{ path: 'EndpointName', message: 'a deployment is in progress' }])
    if (this.shadow) throw new LabError('CONFLICT', `Endpoint "${this.endpointName}" has a shadow variant; guarded deployments run without one.`, [{ path: 'EndpointName', message: 'remove or promote the shadow variant first' }])
    const issues = new IssueList()
    const checked = checkVariants([spec], issues)
    issues.throwIfAny('endpoint')
    const variant = this.variants[0]
    const name = variant.spec.VariantName
    const configDim = (value: string): Dimension[] => [{ Name: 'EndpointConfigName', Value: value }]
    const blue = new VariantRuntime(this.endpointName, variant.spec, variant.instance, variant.plan, this.rng.fork(`fleet:${name}:blue:${at}`), this.sink, at, variant.carry(), configDim(oldConfigName))
    const green = new VariantRuntime(this.endpointName, spec, checked!.instances[0], checked!.plans[0], this.rng.fork(`fleet:${name}:green:${at}`), this.sink, at, { desired: 0, inService: 0, pending: [], backlog: 0 }, configDim(newConfigName))
    blue.share = 1
    green.share = 0
    this.fleetIds.push(...blue.ids, ...green.ids)
    this.fleets = { variant, blue, green, blueConfig: oldConfigName, greenConfig: newConfigName }
  }

  get deploying(): boolean {
    return this.fleets !== null
  }

  /** Both fleets for the minute about to be simulated: instances billed, answering, and traffic share. */
  setFleets(blue: FleetSetting, green: FleetSetting): void {
    const f = this.fleets
    if (!f) return
    f.blue.setFleet(blue.billed, blue.serving, blue.share)
    f.green.setFleet(green.billed, green.serving, green.share)
  }

  /** The fleets of the deployment in progress, or null. */
  deploymentFleets(): { blue: FleetView; green: FleetView } | null {
    const f = this.fleets
    if (!f) return null
    const view = (v: VariantRuntime, config: string): FleetView => ({ EndpointConfigName: config, InstanceType: v.instance.name, ModelName: v.spec.model.name, billed: v.desired, serving: v.inService, share: v.share, pricePerHour: v.instance.pricePerHour, totals: { ...v.totals } })
    return { blue: view(f.blue, f.blueConfig), green: view(f.green, f.greenConfig) }
  }

  /**
   * Ends the deployment at minute `at`: the kept fleet (green when it completed, blue when it rolled
   * back) becomes the variant again, with its instances, queue and configuration.
   */
  finishDeployment(keep: 'blue' | 'green', at: number): void {
    const f = this.fleets
    if (!f) return
    const kept = keep === 'green' ? f.green : f.blue
    for (const v of [f.variant, f.blue, f.green]) addTotals(this.retired, v.totals)
    const c = kept.carry()
    const runtime = new VariantRuntime(this.endpointName, kept.spec, kept.instance, kept.plan, this.rng.fork(`variant:${kept.spec.VariantName}:${at}`), this.sink, at, { desired: c.desired, inService: c.desired, pending: [], backlog: c.backlog })
    runtime.share = 1
    if (this.recordColumns) runtime.recording = { inServiceInstances: [], desiredInstances: [] }
    this.variants = [runtime]
    this.fleets = null
  }

  /**
   * Each running fleet and what it is billed this minute (both fleets during a deployment), without
   * allocating: billing calls this every simulated minute. `key` is the fleet's runtime object, the
   * same from minute to minute until the fleet is replaced, for callers that cache per fleet.
   */
  forEachBilledFleet<T>(owner: T, visitor: BilledFleetVisitor<T>): void {
    // `owner` is handed to the visitor as it is, so a caller needs no closure per call to carry it,
    // and the visitor is an object with a method, so every world calls the same function.
    const f = this.fleets
    if (f) {
      visitor.billedFleet(owner, f.blue, f.blue.spec.VariantName, f.blue.instance, f.blue.desired, f.blueConfig)
      visitor.billedFleet(owner, f.green, f.green.spec.VariantName, f.green.instance, f.green.desired, f.greenConfig)
      return
    }
    // The shadow fleet is billed like any other (developer guide, "Shadow tests": you pay for its instances).
    const variants = this.variants
    for (let i = 0; i < variants.length; i++) visitor.billedFleet(owner, variants[i], variants[i].spec.VariantName, variants[i].instance, variants[i].desired, null)
    if (this.shadow) visitor.billedFleet(owner, this.shadow, this.shadow.spec.VariantName, this.shadow.instance, this.shadow.desired, null)
  }

  /** What each running fleet is billed this minute (both fleets during a deployment). */
  billedFleets(): { VariantName: string; InstanceType: string; pricePerHour: number; billed: number; fleet: string | null }[] {
    const f = this.fleets
    if (f) {
      return [f.blue, f.green].map((v, i) => ({ VariantName: v.spec.VariantName, InstanceType: v.instance.name, pricePerHour: v.instance.pricePerHour, billed: v.desired, fleet: i === 0 ? f.blueConfig : f.greenConfig }))
    }
    // The shadow fleet is billed like any other (developer guide, "Shadow tests": you pay for its instances).
    return this.allVariants().map((v) => ({ VariantName: v.spec.VariantName, InstanceType: v.instance.name, pricePerHour: v.instance.pricePerHour, billed: v.desired, fleet: null }))
  }

  /** The production variants (DescribeEndpoint ProductionVariants). */
  variantState(): VariantState[] {
    return this.variants.map((v) => this.stateOf(v))
  }

  /** The shadow variant, none or one (DescribeEndpoint ShadowProductionVariants); its totals are the copies it answered for nobody. */
  shadowState(): VariantState[] {
    return this.shadow ? [this.stateOf(this.shadow)] : []
  }

  private stateOf(v: VariantRuntime): VariantState {
    return {
      VariantName: v.spec.VariantName,
      InstanceType: v.instance.name,
      ModelName: v.spec.model.name,
      pricePerHour: v.instance.pricePerHour,
      weightShare: v.share,
      CurrentWeight: v.weight,
      DesiredWeight: v.desiredWeight,
      CurrentInstanceCount: this.fleet(v.spec.VariantName)?.inService ?? v.inService,
      DesiredInstanceCount: this.fleet(v.spec.VariantName)?.desired ?? v.desired,
      totals: { ...v.totals }
    }
  }

  /**
   * Everything billed and served to clients since the endpoint was created: the shadow variant's
   * instances are billed, but the requests it answered are copies nobody got, so only its cost counts.
   */
  totals(): VariantTotals {
    const sum = { ...this.retired }
    for (const v of this.variants) addTotals(sum, v.totals)
    if (this.shadow) addCost(sum, this.shadow.totals)
    if (this.fleets) {
      addTotals(sum, this.fleets.blue.totals)
      addTotals(sum, this.fleets.green.totals)
    }
    return sum
  }

  /**
   * `totals().requests − errors4xx − errors5xx` without building the totals: Model Monitor's capture
   * asks for it every minute. The counts are whole numbers, so they add up the same in any order.
   */
  answeredRequests(): number {
    const answered = (t: VariantTotals): number => t.requests - t.errors4xx - t.errors5xx
    let n = answered(this.retired)
    for (const v of this.variants) n += answered(v.totals)
    if (this.fleets) n += answered(this.fleets.blue.totals) + answered(this.fleets.green.totals)
    return n
  }

  hasVariant(name: string): boolean {
    return this.variants.some((v) => v.spec.VariantName === name)
  }

  /** True while instances are starting, new weights are being applied or a deployment runs (SageMaker shows the endpoint as Updating). */
  get updating(): boolean {
    if (this.fleets !== null || this.weightChangeAt !== null) return true
    // Read every minute by scaling policies, so a loop rather than allVariants().some's array and closure.
    const variants = this.variants
    for (let i = 0; i < variants.length; i++) if (variants[i].starting > 0) return true
    return this.shadow !== null && this.shadow.starting > 0
  }

  /** Changes a variant's desired instance count (Application Auto Scaling's scalable dimension, or UpdateEndpointWeightsAndCapacities on a production or shadow variant). */
  setDesiredInstanceCount(variantName: string, n: number, at: number): CapacityChange {
    const v = this.allVariants().find((x) => x.spec.VariantName === variantName)
    if (!v) throw new LabError('NOT_FOUND', `Endpoint "${this.endpointName}" has no variant "${variantName}".`, [{ path: 'VariantName', message: 'no such variant' }])
    return v.setDesired(n, at)
  }

  /** A variant's fleet: instances billed (desired) and in service; null for an unknown variant. */
  fleet(variantName: string): { desired: number; inService: number } | null {
    const f = this.fleets
    if (f && f.variant.spec.VariantName === variantName) return { desired: f.blue.desired + f.green.desired, inService: f.blue.inService + f.green.inService }
    const variants = this.variants
    for (let i = 0; i < variants.length; i++) if (variants[i].spec.VariantName === variantName) return { desired: variants[i].desired, inService: variants[i].inService }
    const s = this.shadow
    return s && s.spec.VariantName === variantName ? { desired: s.desired, inService: s.inService } : null
  }

  readyAt(variantName: string): number | null {
    return this.allVariants().find((x) => x.spec.VariantName === variantName)?.readyAt() ?? null
  }

  recordings(): Map<string, VariantRecording> {
    return new Map(this.allVariants().filter((v) => v.recording).map((v) => [v.spec.VariantName, v.recording as VariantRecording]))
  }

  /** Simulates the minute [t, t + 1 min). */
  step(t: number): void {
    const rpm = this.expectedRpm(t)
    const poisson = (this.traffic.noise ?? 'poisson') === 'poisson'
    // Incidents that have ended are dropped now and then, so the list stays short.
    if (this.incidents.length > 0 && this.incidents[0].endTime <= t) this.incidents = this.incidents.filter((i) => i.endTime > t)
    const f = this.fleets
    if (f) {
      const k = this.incidentFactors(f.variant.spec.VariantName, t)
      f.blue.minute(t, rpm, poisson, k.service, k.latency, k.burst)
      f.green.minute(t, rpm, poisson, k.service, k.latency, k.burst)
      mergeFleets(f.variant.series, f.blue, f.green, t)
      return
    }
    // New weights take over at the start of the minute they are due (UpdateEndpointWeightsAndCapacities).
    if (this.weightChangeAt !== null && this.weightChangeAt <= t) {
      for (const v of this.allVariants()) v.weight = v.desiredWeight
      this.weightChangeAt = null
      this.applyWeights()
    }
    for (const v of this.variants) {
      const k = this.incidentFactors(v.spec.VariantName, t)
      v.minute(t, rpm, poisson, k.service, k.latency, k.burst)
    }
    // The shadow variant gets its sampled copy of what the (one) production variant got this minute.
    const s = this.shadow
    if (s) {
      const k = this.incidentFactors(s.spec.VariantName, t)
      s.minute(t, rpm, poisson, k.service, k.latency, k.burst, this.variants[0].lastArrivals)
    }
  }

  /** The injected incidents' effect on a variant in the minute starting at `t` (one shared object). */
  private incidentFactors(variantName: string, t: number): { service: number; latency: number; burst: number } {
    const k = factorScratch
    k.service = 1
    k.latency = 1
    k.burst = 0
    for (const inc of this.incidents) {
      if (inc.startTime > t) break
      if (inc.endTime <= t) continue
      if (inc.variantName !== null && inc.variantName !== variantName) continue
      if (inc.kind === 'latencyRegression') k.service *= inc.params.factor
      else if (inc.kind === 'outlier') k.latency *= inc.params.latencyFactor
      // Overlapping bursts combine as independent failures.
      else if (inc.kind === 'errorBurst') k.burst = 1 - (1 - k.burst) * (1 - inc.params.errorRate)
    }
    return k
  }

  /** Expected endpoint requests in the minute starting at `t`: the pattern, its bursts and traffic incidents. */
  expectedRpm(t: number): number {
    let rate = shapeRate(this.traffic, t, this.trafficOrigin)
    if (this.traffic.pattern === 'spikes' && this.traffic.spikesPerDay > 0) {
      const day = Math.floor(t / DAY_MS)
      if (day !== this.spikeDay) {
        // A burst that began late the day before can run into this one.
        this.previousSpikes = day === this.spikeDay + 1 ? this.spikes : spikeMultipliersForDay(this.traffic, day - 1, this.trafficRng)
        this.spikes = spikeMultipliersForDay(this.traffic, day, this.trafficRng)
        this.spikeDay = day
      }
      const m = (t - day * DAY_MS) / MINUTE_MS
      const own = this.spikes![m]
      const spill = this.previousSpikes ? this.previousSpikes[1440 + m] ?? 0 : 0
      const spiked = Math.max(own, spill)
      if (spiked > rate) rate = spiked
    }
    for (const inc of this.incidents) {
      if (inc.startTime > t) break
      if (inc.endTime <= t) continue
      if (inc.kind === 'trafficSpike') rate *= inc.params.multiplier
      else if (inc.kind === 'trafficGap') rate = 0
    }
    return rate
  }
}

const factorScratch = { service: 1, latency: 1, burst: 0 }

interface DeploymentFleets {
  /** The variant as it was: its series are the variant's metrics, both fleets together. */
  variant: VariantRuntime
  blue: VariantRuntime
  green: VariantRuntime
  blueConfig: string
  greenConfig: string
}

/** One fleet for one minute, as a deployment sets it. */
export interface FleetSetting {
  billed: number
  serving: number
  share: number
}

/** One fleet as the console shows it. */
export interface FleetView {
  EndpointConfigName: string
  InstanceType: string
  ModelName: string
  billed: number
  serving: number
  share: number
  pricePerHour: number
  totals: VariantTotals
}

/**
 * The variant's metrics for minute `t` from its two fleets: counts and sums add, Minimum and Maximum
 * are the extremes, InvocationsPerInstance is requests over instances answering, and the latency of
 * the two fleets' answers (a mixture of two log-normals) is stored as the log-normal with the same mean
 * and variance (the deployment kernel's rule, deploy/alarms.ts).
 */
function mergeFleets(out: SeriesSet, a: VariantRuntime, b: VariantRuntime, t: number): void {
  const x = a.series
  const y = b.series
  mergeCounts(out.inv, x.inv, y.inv, t)
  mergeCounts(out.e4, x.e4, y.e4, t)
  mergeCounts(out.e5, x.e5, y.e5, t)
  mergeCounts(out.cpu, x.cpu, y.cpu, t)
  mergeCounts(out.mem, x.mem, y.mem, t)
  mergeCounts(out.disk, x.disk, y.disk, t)
  if (out.gpu && x.gpu && y.gpu) mergeCounts(out.gpu, x.gpu, y.gpu, t)
  if (out.gpuMem && x.gpuMem && y.gpuMem) mergeCounts(out.gpuMem, x.gpuMem, y.gpuMem, t)
  mergeLatency(out.modelLat, x.modelLat, y.modelLat, t)
  mergeLatency(out.overLat, x.overLat, y.overLat, t)
  const n = slotCount(x.inv, t) + slotCount(y.inv, t)
  const serving = (slotCount(x.inv, t) > 0 ? a.inService : 0) + (slotCount(y.inv, t) > 0 ? b.inService : 0)
  if (n > 0 && serving > 0) setStats(out.ipi, t, n, n / serving, 1 / serving, 1 / serving)
}

function slotCount(s: GrowingSeries, t: number): number {
  if (t - s.startTime >= s.length * MINUTE_MS || t < s.startTime) return 0
  return s.sampleCount[s.slot(t)]
}

function mergeCounts(out: GrowingSeries, x: GrowingSeries, y: GrowingSeries, t: number): void {
  let n = 0
  let sum = 0
  let min = Infinity
  let max = -Infinity
  for (const s of [x, y]) {
    const c = slotCount(s, t)
    if (c === 0) continue
    const i = s.slot(t)
    n += c
    sum += s.sum[i]
    if (s.minimum[i] < min) min = s.minimum[i]
    if (s.maximum[i] > max) max = s.maximum[i]
  }
  if (n > 0) setStats(out, t, n, sum, min, max)
}

function mergeLatency(out: GrowingSeries, x: GrowingSeries, y: GrowingSeries, t: number): void {
  let n = 0
  let sum = 0
  let second = 0
  let min = Infinity
  let max = -Infinity
  for (const s of [x, y]) {
    const c = slotCount(s, t)
    if (c === 0) continue
    const i = s.slot(t)
    const mean = s.sum[i] / c
    const sd = s.logSd ? s.logSd[i] : 0
    n += c
    sum += s.sum[i]
    // E[X²] of a log-normal with this mean: mean² · exp(σ²).
    second += c * mean * mean * Math.exp(sd * sd)
    if (s.minimum[i] < min) min = s.minimum[i]
    if (s.maximum[i] > max) max = s.maximum[i]
  }
  if (n === 0) return
  const mean = sum / n
  const cv2 = Math.max(0, second / n / (mean * mean) - 1)
  const logSd = Math.sqrt(Math.log1p(cv2))
  const i = out.slot(t)
  out.sampleCount[i] = n
  out.sum[i] = sum
  out.minimum[i] = min
  out.maximum[i] = max
  if (out.logMean && out.logSd) {
    out.logMean[i] = Math.log(mean) - (logSd * logSd) / 2
    out.logSd[i] = logSd
  }
}

/** Only the bill of `t` (a shadow variant's: its requests were copies nobody got). */
function addCost(into: VariantTotals, t: VariantTotals): void {
  into.instanceMinutes += t.instanceMinutes
  into.costUsd += t.costUsd
}

function addTotals(into: VariantTotals, t: VariantTotals): void {
  into.degraded += t.degraded
  into.requests += t.requests
  into.errors4xx += t.errors4xx
  into.errors5xx += t.errors5xx
  into.timeouts += t.timeouts
  into.instanceMinutes += t.instanceMinutes
  into.costUsd += t.costUsd
}

// ------------------------------------------------------------------------------------------------
// The stateless form: one endpoint for a number of minutes (tests, scenario previews)

export interface SimulateEndpointInput {
  endpointName: string
  variants: VariantSpec[]
  traffic: TrafficSpec
  incidents?: IncidentSpec[]
  /** Epoch ms or ISO-8601; rounded down to the minute. */
  startTime: number | string
  minutes: number
  rng: Rng
}

export interface VariantResult {
  variantName: string
  instanceType: InstanceType
  plan: ServingPlan
  /** Traffic share of the variant, 0–1. */
  weightShare: number
  metrics: MetricData[]
  /** Instances in service, per minute. */
  inServiceInstances: Float64Array
  /** Instances billed (in service plus starting), per minute. */
  desiredInstances: Float64Array
  totals: VariantTotals
}

export interface EndpointSimulation {
  endpointName: string
  startTime: number
  startIso: string
  minutes: number
  variants: VariantResult[]
  /** Every variant's metrics, in variant order. */
  metrics: MetricData[]
  incidents: IncidentWindow[]
}

/** Simulates one endpoint on its own for `minutes` minutes (no other service acts on it). */
export function simulateEndpoint(input: SimulateEndpointInput): EndpointSimulation {
  const issues = new IssueList()
  if (typeof input !== 'object' || input === null) {
    throw new LabError('VALIDATION', 'simulateEndpoint: input must be an object', [{ path: '', message: 'must be an object' }])
  }
  issues.string('endpointName', input.endpointName, NAME_PATTERN, 'the SageMaker name pattern: letters, digits and hyphens, 1–63 characters, starting with a letter or digit')
  const minutesOk = issues.number('minutes', input.minutes, { min: 1, max: MAX_MINUTES, integer: true })
  let startTime = NaN
  if (typeof input.startTime !== 'number' && typeof input.startTime !== 'string') {
    issues.add('startTime', 'must be epoch milliseconds or an ISO-8601 timestamp')
  } else {
    try {
      startTime = floorToMinute(toEpochMs(input.startTime, 'startTime'))
    } catch (e) {
      if (e instanceof LabError) issues.issues.push(...e.issues)
      else throw e
    }
  }
  if (typeof input.rng !== 'object' || input.rng === null || typeof input.rng.fork !== 'function') issues.add('rng', 'must be an Rng from createRng(seed)')
  validateTraffic(input.traffic, issues)
  checkVariants(input.variants, issues)
  const names = Array.isArray(input.variants) ? input.variants.map((v) => v?.VariantName) : []
  const incidents = minutesOk && Number.isFinite(startTime) ? resolveIncidents(input.incidents, startTime, input.minutes, names, issues) : []
  issues.throwIfAny('simulateEndpoint')

  const store = new MetricStore()
  const runtime = new EndpointRuntime({ endpointName: input.endpointName, variants: input.variants, traffic: input.traffic, startTime, rng: input.rng, sink: store, recordColumns: true })
  runtime.addIncidents(incidents)
  for (let i = 0; i < input.minutes; i++) runtime.step(startTime + i * MINUTE_MS)

  const recordings = runtime.recordings()
  const states = runtime.variantState()
  const end = startTime + input.minutes * MINUTE_MS
  const all = store.list().map(({ id }) => store.getRange(id, startTime, end) as MetricData)
  const variants: VariantResult[] = input.variants.map((spec, i) => {
    const rec = recordings.get(spec.VariantName)!
    const instance = getInstanceType(spec.InstanceType)
    return {
      variantName: spec.VariantName,
      instanceType: instance,
      plan: planServing(spec.model, instance),
      weightShare: states[i].weightShare,
      metrics: all.filter((m) => m.id.Dimensions.some((d) => d.Name === 'VariantName' && d.Value === spec.VariantName)),
      inServiceInstances: Float64Array.from(rec.inServiceInstances),
      desiredInstances: Float64Array.from(rec.desiredInstances),
      totals: states[i].totals
    }
  })
  return {
    endpointName: input.endpointName,
    startTime,
    startIso: toIso(startTime),
    minutes: input.minutes,
    variants,
    metrics: variants.flatMap((v) => v.metrics),
    incidents
  }
}

/** The metric of one variant by name; throws when absent. */
export function findMetric(result: EndpointSimulation, variantName: string, metricName: EndpointMetricName): MetricData {
  const v = result.variants.find((x) => x.variantName === variantName)
  const m = v?.metrics.find((x) => x.id.MetricName === metricName)
  if (!m) {
    throw new LabError('NOT_FOUND', `metric ${metricName} of variant ${variantName} not found in endpoint ${result.endpointName}`, [
      { path: 'metricName', message: `variant ${variantName} publishes: ${v ? v.metrics.map((x) => x.id.MetricName).join(', ') : 'nothing (unknown variant)'}` }
    ])
  }
  return m
}
