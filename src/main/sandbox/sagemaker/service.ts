/**
 * SageMaker real-time endpoints in a world: CreateEndpoint, UpdateEndpoint, DeleteEndpoint and
 * DescribeEndpoint (SageMaker API Reference), plus two sandbox-only actions that stand in for the
 * outside world: SetTraffic (what clients send) and InjectIncident (what goes wrong). Each endpoint
 * is an `EndpointRuntime` stepped once a minute; its metrics go to CloudWatch.
 *
 * EventBridge hears "SageMaker Endpoint State Change" events (EventBridge events reference for
 * SageMaker: CREATING/UPDATING/IN_SERVICE/DELETING in upper snake case).
 */
import { LabError } from '../../../shared/errors'
import type { SandboxAction } from '../../../shared/contract/sandbox'
import { ACCOUNT_ID, REGION, arn } from '../core/account'
import type { IdGenerator } from '../core/ids'
import { IssueList } from '../core/issues'
import type { Rng } from '../core/rng'
import { MINUTE_MS } from '../core/time'
import type { MetricSink } from '../cloudwatch/series'
import type { MetricId } from '../cloudwatch/types'
import { buildEndpointStateChangeEvent, type EndpointStatus } from '../eventbridge/events'
import { checkVariants, EndpointRuntime, NAME_PATTERN, resolveIncidents, validateTraffic, type CapacityChange, type IncidentSpec, type ModelProfile, type TrafficSpec, type VariantSpec, type VariantState, type VariantTotals } from '../workload'
import type { ActionHandlers, Service, ServiceContext } from '../world/service'
import { findModelPreset, MODEL_PRESETS } from './presets'

const SOURCE = 'sagemaker.amazonaws.com'
/** Endpoints that can run at once in a world. */
export const MAX_ENDPOINTS = 10
/** Production variants across all running endpoints of a world: what a world simulates each minute. */
export const MAX_WORLD_VARIANTS = 20
/** Endpoints a world can ever create (deleted ones keep their metrics, as CloudWatch does). */
export const MAX_ENDPOINTS_CREATED = 40

type VariantInput = Extract<SandboxAction, { type: 'CreateEndpoint' }>['ProductionVariants'][number]

interface EndpointRecord {
  name: string
  createdAt: number
  deletedAt: number | null
  lastModifiedAt: number
  configName: string
  runtime: EndpointRuntime
}

export interface EndpointSummary {
  EndpointName: string
  EndpointStatus: 'InService' | 'Updating' | 'Deleted'
  createdAt: number
  traffic: TrafficSpec
  costUsd: number
  requests: number
  errors5xx: number
  variants: (Omit<VariantState, 'totals' | 'weightShare'> & { weightShare: number })[]
}

type Owned = 'CreateEndpoint' | 'UpdateEndpoint' | 'DeleteEndpoint' | 'DescribeEndpoint' | 'SetTraffic' | 'InjectIncident'

export class SageMaker implements Service {
  readonly name = 'sagemaker'
  private readonly endpoints = new Map<string, EndpointRecord>()
  private readonly rng: Rng
  private readonly sink: MetricSink
  private readonly ids: IdGenerator
  /** The last minute a world can reach (incidents must start before it). */
  private readonly horizon: number

  constructor(opts: { rng: Rng; sink: MetricSink; ids: IdGenerator; horizon: number }) {
    this.rng = opts.rng
    this.sink = opts.sink
    this.ids = opts.ids
    this.horizon = opts.horizon
  }

  readonly actions: ActionHandlers<Owned> = {
    CreateEndpoint: {
      apply: (a, ctx) => {
        if (this.endpoints.get(a.EndpointName)?.deletedAt === null) {
          throw new LabError('CONFLICT', `Cannot create already existing endpoint "${arn.endpoint(a.EndpointName)}".`, [{ path: 'EndpointName', message: 'an endpoint with this name exists' }])
        }
        const issues = new IssueList()
        issues.string('EndpointName', a.EndpointName, NAME_PATTERN, 'letters, digits and hyphens, 1–63 characters, starting with a letter or digit')
        issues.throwIfAny('CreateEndpoint')
        if (this.live().length >= MAX_ENDPOINTS) fail('EndpointName', `the sandbox runs at most ${MAX_ENDPOINTS} endpoints at once; delete one first`)
        if (!this.endpoints.has(a.EndpointName) && this.endpoints.size >= MAX_ENDPOINTS_CREATED) fail('EndpointName', `a world can create at most ${MAX_ENDPOINTS_CREATED} endpoints; start a new world`)
        const variants = this.variantSpecs(a.ProductionVariants, null)
        this.checkVariantBudget(variants.length, null)
        const traffic = checkedTraffic(a.Traffic)
        const runtime = new EndpointRuntime({ endpointName: a.EndpointName, variants, traffic, startTime: ctx.now, rng: this.rng.fork(`created:${ctx.now}`), sink: this.sink })
        const configName = `${a.EndpointName}-config-${ctx.now}`
        this.endpoints.set(a.EndpointName, { name: a.EndpointName, createdAt: ctx.now, deletedAt: null, lastModifiedAt: ctx.now, configName, runtime })
        this.call(ctx, 'CreateEndpointConfig', { type: 'AWS::SageMaker::EndpointConfig', arn: arn.endpointConfig(configName) }, { endpointConfigName: configName, productionVariants: a.ProductionVariants }, { endpointConfigArn: arn.endpointConfig(configName) })
        this.call(ctx, 'CreateEndpoint', this.resourceOf(a.EndpointName), { endpointName: a.EndpointName, endpointConfigName: configName }, { endpointArn: arn.endpoint(a.EndpointName) })
        this.stateEvent(ctx, a.EndpointName, 'InService')
      },
      describe: (a) =>
        `Create endpoint ${a.EndpointName} (${a.ProductionVariants.map((v) => `${v.InitialInstanceCount} × ${v.InstanceType}`).join(', ')}), ${a.Traffic.pattern} traffic`
    },
    UpdateEndpoint: {
      apply: (a, ctx) => {
        const ep = this.liveEndpoint(a.EndpointName)
        const variants = this.variantSpecs(a.ProductionVariants, ep.runtime.variantSpecs)
        this.checkVariantBudget(variants.length, ep)
        ep.runtime.reconfigure(variants, ctx.now, a.RetainAllVariantProperties ?? false)
        const configName = `${ep.name}-config-${ctx.now}`
        ep.configName = configName
        ep.lastModifiedAt = ctx.now
        this.call(ctx, 'CreateEndpointConfig', { type: 'AWS::SageMaker::EndpointConfig', arn: arn.endpointConfig(configName) }, { endpointConfigName: configName, productionVariants: a.ProductionVariants }, { endpointConfigArn: arn.endpointConfig(configName) })
        this.call(ctx, 'UpdateEndpoint', this.resourceOf(ep.name), { endpointName: ep.name, endpointConfigName: configName, ...(a.RetainAllVariantProperties !== undefined ? { retainAllVariantProperties: a.RetainAllVariantProperties } : {}) }, { endpointArn: arn.endpoint(ep.name) })
        this.stateEvent(ctx, ep.name, 'InService')
      },
      describe: (a) => `Update endpoint ${a.EndpointName} to ${a.ProductionVariants.map((v) => `${v.InitialInstanceCount} × ${v.InstanceType}`).join(', ')}`
    },
    DeleteEndpoint: {
      apply: (a, ctx) => {
        const ep = this.liveEndpoint(a.EndpointName)
        ep.deletedAt = ctx.now
        ep.lastModifiedAt = ctx.now
        this.call(ctx, 'DeleteEndpoint', this.resourceOf(ep.name), { endpointName: ep.name })
        this.stateEvent(ctx, ep.name, 'Deleting')
      },
      describe: (a) => `Delete endpoint ${a.EndpointName}`
    },
    DescribeEndpoint: {
      apply: (a, ctx) => {
        const ep = this.liveEndpoint(a.EndpointName)
        this.call(ctx, 'DescribeEndpoint', this.resourceOf(ep.name), { endpointName: ep.name }, null)
      },
      describe: (a) => `Describe endpoint ${a.EndpointName}`
    },
    SetTraffic: {
      apply: (a, ctx) => {
        const ep = this.liveEndpoint(a.EndpointName)
        ep.runtime.setTraffic(checkedTraffic(a.Traffic), ctx.now)
      },
      describe: (a) => `Traffic on ${a.EndpointName}: ${a.Traffic.pattern}, ${a.Traffic.baseRpm} requests/min`
    },
    InjectIncident: {
      apply: (a, ctx) => {
        const ep = this.liveEndpoint(a.EndpointName)
        const maxStart = Math.floor((this.horizon - ctx.now) / MINUTE_MS) - 1
        if (!Number.isInteger(a.StartsInMinutes) || a.StartsInMinutes < 0 || a.StartsInMinutes > maxStart) {
          fail('StartsInMinutes', `must be a whole number of minutes from 0 to ${Math.max(0, maxStart)} (the world ends ${Math.round(maxStart / 1440)} days from now), got ${a.StartsInMinutes}`)
        }
        const start = ctx.now + a.StartsInMinutes * MINUTE_MS
        const spec = { ...a.Incident, ...(a.Incident.kind === 'outlier' ? { at: start } : { start }) } as IncidentSpec
        const issues = new IssueList()
        const windows = resolveIncidents([spec], ctx.now, Math.round((this.horizon - ctx.now) / MINUTE_MS), ep.runtime.variantSpecs.map((v) => v.VariantName), issues)
        rethrow(issues, (p) => p.replace(/^incidents\[0\]/, 'Incident'))
        ep.runtime.addIncidents(windows)
      },
      describe: (a) => `Incident on ${a.EndpointName}: ${a.Incident.kind} in ${a.StartsInMinutes} min`
    }
  }

  tick(ctx: ServiceContext): void {
    for (const ep of this.endpoints.values()) {
      if (ep.deletedAt !== null) continue
      const wasUpdating = ep.runtime.updating
      ep.runtime.step(ctx.now)
      // Instances that finished starting at this minute end the update.
      if (wasUpdating && !ep.runtime.updating) this.stateEvent(ctx, ep.name, 'InService')
    }
  }

  // ---- what other services use ---------------------------------------------------------------

  /** The running endpoint, or a NOT_FOUND error naming the running ones. */
  liveEndpoint(name: string): EndpointRecord {
    const ep = this.endpoints.get(name)
    if (!ep || ep.deletedAt !== null) {
      const live = this.live().map((e) => e.name)
      throw new LabError('NOT_FOUND', `Could not find endpoint "${arn.endpoint(name)}".${live.length ? ` Endpoints: ${live.join(', ')}.` : ' There are no endpoints yet.'}`, [
        { path: 'EndpointName', message: 'no such endpoint' }
      ])
    }
    return ep
  }

  isRunning(name: string): boolean {
    return this.endpoints.get(name)?.deletedAt === null
  }

  variantOf(endpointName: string, variantName: string): VariantState | null {
    const ep = this.endpoints.get(endpointName)
    if (!ep || ep.deletedAt !== null) return null
    return ep.runtime.variantState().find((v) => v.VariantName === variantName) ?? null
  }

  /** A running variant's fleet (instances billed and in service), or null. */
  fleet(endpointName: string, variantName: string): { desired: number; inService: number } | null {
    const ep = this.endpoints.get(endpointName)
    return ep && ep.deletedAt === null ? ep.runtime.fleet(variantName) : null
  }

  /** True while instances of the endpoint are starting (EndpointStatus Updating). */
  isUpdating(endpointName: string): boolean {
    const ep = this.endpoints.get(endpointName)
    return !!ep && ep.deletedAt === null && ep.runtime.updating
  }

  /**
   * Sets a variant's desired instance count, as Application Auto Scaling does through
   * UpdateEndpointWeightsAndCapacities (recorded in CloudTrail with the caller it acts as).
   */
  setDesiredInstanceCount(endpointName: string, variantName: string, count: number, ctx: ServiceContext, caller: ServiceContext['caller']): CapacityChange {
    const ep = this.liveEndpoint(endpointName)
    const change = ep.runtime.setDesiredInstanceCount(variantName, count, ctx.now)
    ctx.emit({
      type: 'ApiCall',
      at: ctx.now,
      eventSource: SOURCE,
      eventName: 'UpdateEndpointWeightsAndCapacities',
      caller,
      requestParameters: { endpointName, desiredWeightsAndCapacities: [{ variantName, desiredInstanceCount: count }] },
      responseElements: { endpointArn: arn.endpoint(endpointName) },
      resources: [this.resourceOf(endpointName)]
    })
    if (ep.runtime.updating) this.stateEvent(ctx, endpointName, 'Updating')
    return change
  }

  /** Metric identities of every endpoint that ever ran. */
  metricIds(): MetricId[] {
    return [...this.endpoints.values()].flatMap((e) => e.runtime.metricIds())
  }

  liveVariantCount(): number {
    return this.live().reduce((n, e) => n + e.runtime.variantSpecs.length, 0)
  }

  summaries(): EndpointSummary[] {
    return [...this.endpoints.values()].map((ep) => {
      const totals: VariantTotals = ep.runtime.totals()
      return {
        EndpointName: ep.name,
        EndpointStatus: ep.deletedAt !== null ? 'Deleted' : ep.runtime.updating ? 'Updating' : 'InService',
        createdAt: ep.createdAt,
        traffic: ep.runtime.currentTraffic,
        costUsd: totals.costUsd,
        requests: totals.requests,
        errors5xx: totals.errors5xx,
        variants: ep.runtime.variantState().map(({ totals: _t, ...v }) => ({
          ...v,
          CurrentInstanceCount: ep.deletedAt === null ? v.CurrentInstanceCount : 0,
          DesiredInstanceCount: ep.deletedAt === null ? v.DesiredInstanceCount : 0
        }))
      }
    })
  }

  totalCostUsd(): number {
    let sum = 0
    for (const ep of this.endpoints.values()) sum += ep.runtime.totals().costUsd
    return sum
  }

  // ---- internals ---------------------------------------------------------------------------------

  private live(): EndpointRecord[] {
    return [...this.endpoints.values()].filter((e) => e.deletedAt === null)
  }

  private checkVariantBudget(count: number, replacing: EndpointRecord | null): void {
    const others = this.liveVariantCount() - (replacing ? replacing.runtime.variantSpecs.length : 0)
    if (others + count > MAX_WORLD_VARIANTS) {
      fail('ProductionVariants', `a world runs at most ${MAX_WORLD_VARIANTS} production variants across its endpoints; ${others} are running, and this would add ${count}`)
    }
  }

  private variantSpecs(variants: readonly VariantInput[], previous: readonly VariantSpec[] | null): VariantSpec[] {
    const specs = variants.map((v, i): VariantSpec => {
      const before = previous?.find((p) => p.VariantName === v.VariantName)
      // An update that names neither a preset nor a model keeps the model the variant already serves.
      const model = !v.Model && !v.ModelPreset && before ? before.model : resolveModel(v, `ProductionVariants[${i}]`)
      return {
        VariantName: v.VariantName,
        InstanceType: v.InstanceType,
        InitialInstanceCount: v.InitialInstanceCount,
        ...(v.InitialVariantWeight !== undefined ? { InitialVariantWeight: v.InitialVariantWeight } : {}),
        model
      }
    })
    const issues = new IssueList()
    checkVariants(specs, issues, 'ProductionVariants')
    rethrow(issues, (p) => p.replace(/\.model\b/, '.Model'))
    return specs
  }

  private resourceOf(endpointName: string): { type: string; arn: string } {
    return { type: 'AWS::SageMaker::Endpoint', arn: arn.endpoint(endpointName) }
  }

  private call(ctx: ServiceContext, eventName: string, resource: { type: string; arn: string }, requestParameters: Record<string, unknown>, responseElements: Record<string, unknown> | null = null): void {
    ctx.emit({ type: 'ApiCall', at: ctx.now, eventSource: SOURCE, eventName, caller: ctx.caller, requestParameters, responseElements, resources: [resource] })
  }

  private stateEvent(ctx: ServiceContext, name: string, status: EndpointStatus): void {
    const ep = this.endpoints.get(name)
    if (!ep) return
    const variants = ep.runtime.variantState()
    ctx.emit({
      type: 'BusEvent',
      at: ctx.now,
      event: buildEndpointStateChangeEvent(
        { account: ACCOUNT_ID, region: REGION, ids: this.ids },
        {
          endpointName: name,
          endpointConfigName: ep.configName,
          productionVariants: variants.map((v) => ({
            VariantName: v.VariantName,
            CurrentWeight: v.weightShare,
            DesiredWeight: v.weightShare,
            CurrentInstanceCount: v.CurrentInstanceCount,
            DesiredInstanceCount: v.DesiredInstanceCount
          })),
          status,
          creationTimeMs: ep.createdAt,
          lastModifiedTimeMs: ep.lastModifiedAt,
          timeMs: ctx.now
        }
      )
    })
  }
}

function resolveModel(v: VariantInput, path: string): ModelProfile {
  if (v.Model && v.ModelPreset) fail(path, 'give ModelPreset or Model, not both')
  if (v.Model) return { ...v.Model }
  const id = v.ModelPreset ?? 'xgboost-tabular'
  const preset = findModelPreset(id)
  if (!preset) fail(`${path}.ModelPreset`, `unknown preset "${id}"; choose one of ${MODEL_PRESETS.map((p) => p.id).join(', ')}`)
  return preset.profile
}

function checkedTraffic(traffic: unknown): TrafficSpec {
  const issues = new IssueList()
  validateTraffic(traffic, issues, 'Traffic')
  rethrow(issues, (p) => p)
  return traffic as TrafficSpec
}

function rethrow(issues: IssueList, rename: (path: string) => string): void {
  if (issues.issues.length === 0) return
  const renamed = new IssueList()
  for (const i of issues.issues) renamed.add(rename(i.path), i.message)
  const first = renamed.issues[0]
  throw new LabError('VALIDATION', `${first.path}: ${first.message}${renamed.issues.length > 1 ? ` (and ${renamed.issues.length - 1} more)` : ''}`, renamed.issues)
}

function fail(path: string, message: string): never {
  throw new LabError('VALIDATION', `${path}: ${message}`, [{ path, message }])
}
