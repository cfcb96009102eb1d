/**
 * SageMaker real-time endpoints in a world: CreateEndpoint, UpdateEndpoint, DeleteEndpoint and
 * DescribeEndpoint (SageMaker API Reference), plus two sandbox-only actions that stand in for the
 * outside world: SetTraffic (what clients send) and InjectIncident (what goes wrong). Each endpoint
 * is an `EndpointRuntime` stepped once a minute; its metrics go to CloudWatch.
 *
 * EventBridge hears "SageMaker Endpoint State Change" events (EventBridge events reference for
 * SageMaker: CREATING/UPDATING/IN_SERVICE/DELETING in upper snake case).
 *
 * Tags (AddTags, DeleteTags, CreateEndpoint's Tags; rules in billing/tags.ts) belong to the endpoint
 * and go with it when it is deleted. Instance quotas (Service Quotas, "<type> for endpoint usage",
 * billing/quotas.ts) stop CreateEndpoint, UpdateEndpoint and scale-outs with ResourceLimitExceeded
 * (cost/capacity.ts). An update is a blue/green deployment by default (DeploymentConfig: "If no
 * update policy is given, SageMaker defaults to blue/green with all-at-once traffic shifting",
 * AWS-FACTS §4): the new fleet starts beside the old one, so during UpdateEndpoint both fleets count
 * toward the quota [P: inferred from the blue/green behaviour].
 *
 * UpdateEndpoint with DeploymentConfig runs deployment guardrails (deployment.ts: the kernel's
 * validation and rollout state machine on the world's fleets, alarms and bill); "Cannot update
 * in-progress endpoint" refuses another update while one runs. Without DeploymentConfig the sandbox
 * switches the variants in place at once (the textbook all-at-once, with no rollback: recovery is a
 * second UpdateEndpoint); SIMPLIFICATIONS says so.
 *
 * Production variants share traffic by weight (ProductionVariant InitialVariantWeight: a variant gets
 * its weight over the sum of the weights; default 1). UpdateEndpointWeightsAndCapacities (API
 * Reference) changes the weights of one or more variants and/or the instance count of one, without a
 * new endpoint configuration: SageMaker sets the endpoint Updating, then InService; DescribeEndpoint's
 * ProductionVariants show CurrentWeight (what traffic follows) and DesiredWeight (what was asked).
 *
 * A shadow variant (CreateEndpointConfig ShadowProductionVariants; developer guide, "Shadow variants"
 * and "Create a shadow test"): at most one, and then exactly one production variant. The production
 * variant answers every request; the shadow gets a copy of a sampled share of them (its weight over the
 * production variant's) and its answers go to nobody, so its errors and latency never reach a client.
 * Its fleet is billed; its metrics are published under its own VariantName, beside production's.
 * Promoting it is an UpdateEndpoint whose ProductionVariants names the shadow variant (and no
 * ShadowProductionVariants): it then serves its own model version, defect included, on its own
 * instances (same InstanceType), and answers every request.
 */
import { LabError } from '../../../shared/errors'
import type { SandboxAction } from '../../../shared/contract/sandbox'
import { ACCOUNT_ID, REGION, arn } from '../core/account'
import type { IdGenerator } from '../core/ids'
import { IssueList } from '../core/issues'
import type { Rng } from '../core/rng'
import { MINUTE_MS } from '../core/time'
import type { InstanceType } from '../catalog/instances'
import type { MetricSink } from '../cloudwatch/series'
import type { MetricId } from '../cloudwatch/types'
import { buildEndpointStateChangeEvent, type EndpointStatus } from '../eventbridge/events'
import { applyScaleOutQuota, quotaName, resourceLimitExceededMessage, type ScalingActivityOutcome } from '../cost/capacity'
import { checkTagKey, checkTags, MAX_TAGS_PER_RESOURCE, mergedTags, SAGEMAKER_ARN, tagList, type TagInput } from '../billing/tags'
import { checkVariants, EndpointRuntime, MAX_INSTANCES, NAME_PATTERN, resolveIncidents, validateTraffic, type CapacityChange, type IncidentSpec, type ModelProfile, type TrafficSpec, type VariantSpec, type VariantState, type VariantTotals, type BilledFleetVisitor } from '../workload'
import type { ActionHandlers, EventHandlers, Service, ServiceContext } from '../world/service'
import { findModelPreset, MODEL_PRESETS } from './presets'
import { planDeployment } from '../deploy/config'
import type { AlarmState } from '../cloudwatch/types'
import { DEFAULT_STARTUP_MINUTES } from '../workload'
import { EndpointDeployment, fleetSummaries, type DeploymentSummary } from './deployment'

const SOURCE = 'sagemaker.amazonaws.com'
/** Endpoints that can run at once in a world. */
export const MAX_ENDPOINTS = 10
/** Production variants across all running endpoints of a world: what a world simulates each minute. */
export const MAX_WORLD_VARIANTS = 20
/** Endpoints a world can ever create (deleted ones keep their metrics, as CloudWatch does). */
export const MAX_ENDPOINTS_CREATED = 40

type VariantInput = Extract<SandboxAction, { type: 'CreateEndpoint' }>['ProductionVariants'][number]
type WeightsAction = Extract<SandboxAction, { type: 'UpdateEndpointWeightsAndCapacities' }>

interface EndpointRecord {
  name: string
  createdAt: number
  deletedAt: number | null
  lastModifiedAt: number
  configName: string
  runtime: EndpointRuntime
  tags: Map<string, string>
  /** Bumped on every change of the tags, so readers can cache what they derive from them. */
  tagRevision: number
  /** The latest guarded deployment (running or finished). */
  deployment: EndpointDeployment | null
}

/** What SageMaker reads of CloudWatch for auto-rollback: which alarms exist and their state. */
export interface AlarmLookup {
  alarmNames(): string[]
  alarmState(name: string): AlarmState | null
}

/** What SageMaker asks of Service Quotas. */
export interface QuotaLookup {
  quotaFor(instanceType: string): number
}

/** A running variant's billed usage this minute (what Cost Explorer bills). */
/** An endpoint as billing sees it. */
export interface BilledEndpoint {
  readonly name: string
  readonly tags: ReadonlyMap<string, string>
  /** Bumped on every change of the tags. */
  readonly tagRevision: number
}

/** A variant as the console shows it, with what it answered (for a shadow: the copies nobody got). */
export type VariantSummary = Omit<VariantState, 'totals'> & { requests: number; errors5xx: number; degraded: number; costUsd: number }

export interface EndpointSummary {
  EndpointName: string
  EndpointStatus: 'InService' | 'Updating' | 'RollingBack' | 'Deleted'
  createdAt: number
  traffic: TrafficSpec
  /** Every fleet's bill, the shadow's included. */
  costUsd: number
  /** What clients sent and got: the shadow's copies are not among them. */
  requests: number
  errors5xx: number
  variants: VariantSummary[]
  /** DescribeEndpoint ShadowProductionVariants: none or one; weightShare is the share of requests copied to it. */
  shadowVariants: VariantSummary[]
  /** The latest UpdateEndpoint with DeploymentConfig, running or finished; null when there was none. */
  deployment: DeploymentSummary | null
}

type Owned = 'CreateEndpoint' | 'UpdateEndpoint' | 'UpdateEndpointWeightsAndCapacities' | 'DeleteEndpoint' | 'DescribeEndpoint' | 'SetTraffic' | 'InjectIncident' | 'AddTags' | 'DeleteTags'

export class SageMaker implements Service {
  readonly name = 'sagemaker'
  private readonly endpoints = new Map<string, EndpointRecord>()
  private readonly rng: Rng
  private readonly sink: MetricSink
  private readonly ids: IdGenerator
  /** The last minute a world can reach (incidents must start before it). */
  private readonly horizon: number
  private readonly quotas: QuotaLookup
  private readonly alarms: AlarmLookup
  /** Every tag key ever applied, with when it first was (the keys Billing lists for activation). */
  private readonly seenTagKeys = new Map<string, number>()
  private tagRevisions = 0

  constructor(opts: { rng: Rng; sink: MetricSink; ids: IdGenerator; horizon: number; quotas: QuotaLookup; alarms?: AlarmLookup }) {
    this.alarms = opts.alarms ?? { alarmNames: () => [], alarmState: () => null }
    this.rng = opts.rng
    this.sink = opts.sink
    this.ids = opts.ids
    this.horizon = opts.horizon
    this.quotas = opts.quotas
  }

  readonly actions: ActionHandlers<Owned> = {
    CreateEndpoint: {
      apply: (a, ctx) => {
        if (this.endpoints.get(a.EndpointName)?.deletedAt === null) {
          throw new LabError('CONFLICT', `Cannot create already existing endpoint "${arn.endpoint(a.EndpointName)}".`, [{ path: 'EndpointName', message: 'an endpoint with this name exists' }])
        }
        const issues = new IssueList()
        issues.string('EndpointName', a.EndpointName, NAME_PATTERN, 'letters, digits and hyphens, 1–63 characters, starting with a letter or digit')
        if (a.Tags) checkTags(issues, 'Tags', a.Tags)
        issues.throwIfAny('CreateEndpoint')
        if (this.live().length >= MAX_ENDPOINTS) fail('EndpointName', `the sandbox runs at most ${MAX_ENDPOINTS} endpoints at once; delete one first`)
        if (!this.endpoints.has(a.EndpointName) && this.endpoints.size >= MAX_ENDPOINTS_CREATED) fail('EndpointName', `a world can create at most ${MAX_ENDPOINTS_CREATED} endpoints; start a new world`)
        const variants = this.variantSpecs(a.ProductionVariants, null)
        const shadows = this.shadowSpecs(a.ShadowProductionVariants, variants, null)
        this.checkVariantBudget(variants.length + shadows.length, null)
        const traffic = checkedTraffic(a.Traffic)
        const all = [...variants, ...shadows]
        this.checkQuotas(all, all.map((v) => v.InitialInstanceCount), null, variantPaths(variants.length, shadows.length))
        const runtime = new EndpointRuntime({ endpointName: a.EndpointName, variants, shadowVariants: shadows, traffic, startTime: ctx.now, rng: this.rng.fork(`created:${ctx.now}`), sink: this.sink })
        const configName = `${a.EndpointName}-config-${ctx.now}`
        const tags = mergedTags(new Map(), a.Tags ?? [])
        this.endpoints.set(a.EndpointName, { name: a.EndpointName, createdAt: ctx.now, deletedAt: null, lastModifiedAt: ctx.now, configName, runtime, tags, tagRevision: ++this.tagRevisions, deployment: null })
        this.noteTagKeys(a.Tags ?? [], ctx.now)
        this.call(ctx, 'CreateEndpointConfig', { type: 'AWS::SageMaker::EndpointConfig', arn: arn.endpointConfig(configName) }, { endpointConfigName: configName, productionVariants: a.ProductionVariants, ...(a.ShadowProductionVariants?.length ? { shadowProductionVariants: a.ShadowProductionVariants } : {}) }, { endpointConfigArn: arn.endpointConfig(configName) })
        this.call(ctx, 'CreateEndpoint', this.resourceOf(a.EndpointName), { endpointName: a.EndpointName, endpointConfigName: configName, ...(a.Tags ? { tags: tagList(tags) } : {}) }, { endpointArn: arn.endpoint(a.EndpointName) })
        this.stateEvent(ctx, a.EndpointName, 'InService')
      },
      describe: (a) =>
        `Create endpoint ${a.EndpointName} (${a.ProductionVariants.map((v) => `${v.InitialInstanceCount} × ${v.InstanceType}`).join(', ')}${describeShadow(a.ShadowProductionVariants)}), ${a.Traffic.pattern} traffic`
    },
    UpdateEndpoint: {
      apply: (a, ctx) => {
        const ep = this.liveEndpoint(a.EndpointName)
        if (ep.deployment?.running) {
          throw new LabError('CONFLICT', `ValidationException: Cannot update in-progress endpoint "${arn.endpoint(ep.name)}".`, [
            { path: 'EndpointName', message: 'a deployment is in progress; wait until the endpoint is InService again' }
          ])
        }
        if (a.DeploymentConfig !== undefined) {
          this.guardedUpdate(a, ep, ctx)
          return
        }
        const variants = this.variantSpecs(a.ProductionVariants, ep.runtime.variantSpecs, ep.runtime.shadowSpecs)
        const shadows = this.shadowSpecs(a.ShadowProductionVariants, variants, ep.runtime.shadowSpecs)
        this.checkVariantBudget(variants.length + shadows.length, ep)
        // The counts the new fleet starts with, as EndpointRuntime.reconfigure sets them.
        const all = [...variants, ...shadows]
        const counts = all.map((v) => (a.RetainAllVariantProperties ? (ep.runtime.fleet(v.VariantName)?.desired ?? v.InitialInstanceCount) : v.InitialInstanceCount))
        this.checkQuotas(all, counts, ep, variantPaths(variants.length, shadows.length))
        ep.runtime.reconfigure(variants, ctx.now, a.RetainAllVariantProperties ?? false, shadows)
        const configName = `${ep.name}-config-${ctx.now}`
        ep.configName = configName
        ep.lastModifiedAt = ctx.now
        this.call(ctx, 'CreateEndpointConfig', { type: 'AWS::SageMaker::EndpointConfig', arn: arn.endpointConfig(configName) }, { endpointConfigName: configName, productionVariants: a.ProductionVariants, ...(a.ShadowProductionVariants?.length ? { shadowProductionVariants: a.ShadowProductionVariants } : {}) }, { endpointConfigArn: arn.endpointConfig(configName) })
        this.call(ctx, 'UpdateEndpoint', this.resourceOf(ep.name), { endpointName: ep.name, endpointConfigName: configName, ...(a.RetainAllVariantProperties !== undefined ? { retainAllVariantProperties: a.RetainAllVariantProperties } : {}) }, { endpointArn: arn.endpoint(ep.name) })
        this.stateEvent(ctx, ep.name, 'InService')
      },
      describe: (a) =>
        `Update endpoint ${a.EndpointName} to ${a.ProductionVariants.map((v) => `${v.InitialInstanceCount} × ${v.InstanceType}${v.Defect ? ' (defective version)' : ''}`).join(', ')}${describeShadow(a.ShadowProductionVariants)}${describeDeployment(a.DeploymentConfig)}`
    },
    UpdateEndpointWeightsAndCapacities: {
      apply: (a, ctx) => this.updateWeightsAndCapacities(a, ctx),
      describe: (a) =>
        `Weights and capacities on ${a.EndpointName}: ${
          a.DesiredWeightsAndCapacities.map((d) => [d.VariantName, d.DesiredWeight !== undefined ? `weight ${d.DesiredWeight}` : '', d.DesiredInstanceCount !== undefined ? `${d.DesiredInstanceCount} instances` : ''].filter(Boolean).join(' ')).join(', ') || '(none)'
        }`
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
        const windows = resolveIncidents([spec], ctx.now, Math.round((this.horizon - ctx.now) / MINUTE_MS), [...ep.runtime.variantSpecs, ...ep.runtime.shadowSpecs].map((v) => v.VariantName), issues)
        rethrow(issues, (p) => p.replace(/^incidents\[0\]/, 'Incident'))
        ep.runtime.addIncidents(windows)
      },
      describe: (a) => `Incident on ${a.EndpointName}: ${a.Incident.kind} in ${a.StartsInMinutes} min`
    },
    AddTags: {
      apply: (a, ctx) => {
        const ep = this.taggable(a.ResourceArn)
        const issues = new IssueList()
        checkTags(issues, 'Tags', a.Tags)
        const next = mergedTags(ep.tags, a.Tags)
        if (issues.issues.length === 0 && next.size > MAX_TAGS_PER_RESOURCE) {
          issues.add('Tags', `a resource carries at most ${MAX_TAGS_PER_RESOURCE} tags; ${ep.name} has ${ep.tags.size}, and this would make ${next.size}`)
        }
        issues.throwIfAny('AddTags')
        ep.tags = next
        ep.tagRevision = ++this.tagRevisions
        this.noteTagKeys(a.Tags, ctx.now)
        const added = a.Tags.map((t) => ({ key: t.Key, value: t.Value ?? '' }))
        this.call(ctx, 'AddTags', this.resourceOf(ep.name), { resourceArn: a.ResourceArn, tags: added }, { tags: added })
      },
      describe: (a) => `Tag ${a.ResourceArn.replace(/^.*:endpoint\//, 'endpoint ')}: ${a.Tags.map((t) => `${t.Key}=${t.Value ?? ''}`).join(', ') || '(no tags)'}`
    },
    DeleteTags: {
      apply: (a, ctx) => {
        const ep = this.taggable(a.ResourceArn)
        const issues = new IssueList()
        if (a.TagKeys.length === 0) issues.add('TagKeys', 'list 1–50 tag keys to delete')
        a.TagKeys.forEach((k, i) => checkTagKey(issues, `TagKeys[${i}]`, k))
        issues.throwIfAny('DeleteTags')
        const next = new Map(ep.tags)
        for (const k of a.TagKeys) next.delete(k)
        ep.tags = next
        ep.tagRevision = ++this.tagRevisions
        this.call(ctx, 'DeleteTags', this.resourceOf(ep.name), { resourceArn: a.ResourceArn, tagKeys: a.TagKeys })
      },
      describe: (a) => `Remove tags ${a.TagKeys.join(', ')} from ${a.ResourceArn.replace(/^.*:endpoint\//, 'endpoint ')}`
    }
  }

  tick(ctx: ServiceContext): void {
    for (const ep of this.endpoints.values()) {
      if (ep.deletedAt !== null) continue
      if (ep.deployment?.running) this.stepDeployment(ep, ep.deployment, ctx)
      const wasUpdating = ep.runtime.updating
      ep.runtime.step(ctx.now)
      // Instances that finished starting at this minute end the update.
      if (wasUpdating && !ep.runtime.updating) this.stateEvent(ctx, ep.name, 'InService')
    }
  }

  readonly on: EventHandlers = {
    AlarmStateChanged: (e) => {
      for (const ep of this.endpoints.values()) if (ep.deletedAt === null && ep.deployment?.running) ep.deployment.alarmChanged(e.alarmName, e.newState)
    }
  }

  /**
   * UpdateEndpoint with DeploymentConfig. Validated completely first: one production variant (the
   * sandbox runs guardrails on single-variant endpoints) keeping its name and instance count, the
   * DeploymentConfig by the kernel's rules against the world's alarms, and the instance quota for the
   * new fleet beside the old one.
   */
  private guardedUpdate(a: Extract<SandboxAction, { type: 'UpdateEndpoint' }>, ep: EndpointRecord, ctx: ServiceContext): void {
    if (ep.runtime.updating) {
      throw new LabError('CONFLICT', `ValidationException: Cannot update in-progress endpoint "${arn.endpoint(ep.name)}".`, [{ path: 'EndpointName', message: 'instances are starting (auto scaling); wait until the endpoint is InService' }])
    }
    if (ep.runtime.shadowSpecs.length > 0 || (a.ShadowProductionVariants?.length ?? 0) > 0) {
      fail(a.ShadowProductionVariants?.length ? 'ShadowProductionVariants' : 'DeploymentConfig', 'the sandbox runs deployment guardrails on endpoints without a shadow variant: promote or remove the shadow with an UpdateEndpoint without DeploymentConfig first')
    }
    const current = ep.runtime.variantSpecs
    if (current.length !== 1 || a.ProductionVariants.length !== 1) {
      fail('ProductionVariants', `the sandbox runs deployment guardrails on endpoints with one production variant; ${ep.name} has ${current.length} and the update names ${a.ProductionVariants.length}`)
    }
    const name = current[0].VariantName
    if (a.ProductionVariants[0].VariantName !== name) fail('ProductionVariants[0].VariantName', `a guarded deployment updates the variant in place of itself: name it "${name}"`)
    const variants = this.variantSpecs(a.ProductionVariants, current)
    const N = ep.runtime.fleet(name)?.desired ?? current[0].InitialInstanceCount
    const count = a.RetainAllVariantProperties ? N : variants[0].InitialInstanceCount
    if (count !== N) {
      fail('ProductionVariants[0].InitialInstanceCount', `the new fleet has the variant's size in the sandbox: ${N} instance${N === 1 ? '' : 's'} now, got ${count} (change the count with auto scaling or a separate update)`)
    }
    const plan = planDeployment(a.DeploymentConfig, { instanceCount: N, alarmNames: this.alarms.alarmNames(), path: 'DeploymentConfig' })
    const spec = { ...variants[0], InitialInstanceCount: N }
    // The new capacity beside the old: the whole green fleet for blue/green, one batch for rolling.
    this.checkQuotas([spec], [plan.kind === 'ROLLING' ? plan.batchSize : N], ep)

    // The fleets' metrics differ only by EndpointConfigName, so the new one must differ from the old
    // even when both were made in the same minute.
    let configName = `${ep.name}-config-${ctx.now}`
    if (configName === ep.configName) configName = `${configName}-v2`
    const deployment = new EndpointDeployment({
      plan,
      startedAt: ctx.now,
      startupMinutes: spec.startupMinutes ?? DEFAULT_STARTUP_MINUTES,
      oldConfigName: ep.configName,
      newConfigName: configName,
      alarmsInAlarm: plan.alarmNames.filter((n) => this.alarms.alarmState(n) === 'ALARM')
    })
    ep.runtime.startDeployment(spec, ep.configName, configName, ctx.now)
    ep.deployment = deployment
    ep.lastModifiedAt = ctx.now
    this.call(ctx, 'CreateEndpointConfig', { type: 'AWS::SageMaker::EndpointConfig', arn: arn.endpointConfig(configName) }, { endpointConfigName: configName, productionVariants: a.ProductionVariants }, { endpointConfigArn: arn.endpointConfig(configName) })
    this.call(ctx, 'UpdateEndpoint', this.resourceOf(ep.name), { endpointName: ep.name, endpointConfigName: configName, deploymentConfig: a.DeploymentConfig, ...(a.RetainAllVariantProperties !== undefined ? { retainAllVariantProperties: a.RetainAllVariantProperties } : {}) }, { endpointArn: arn.endpoint(ep.name) })
    this.stateEvent(ctx, ep.name, 'Updating')
  }

  /**
   * UpdateEndpointWeightsAndCapacities (API Reference): "Updates variant weight of one or more variants
   * associated with an existing endpoint, or capacity of one variant"; SageMaker sets the endpoint
   * Updating, then InService. Checked completely before anything changes: the endpoint is not Updating
   * ("Cannot update in-progress endpoint"), 1–10 entries, each naming a variant of the endpoint
   * (production or shadow) once, with DesiredWeight (≥ 0), DesiredInstanceCount or both; at most one
   * entry changes a count; the production variants' weights are not all 0 afterwards; a shadow copies
   * at most every request; and a larger fleet fits the instance quota. New weights take over after
   * WEIGHT_UPDATE_MINUTES; new instances serve after their start-up, as a scale-out's do.
   */
  private updateWeightsAndCapacities(a: WeightsAction, ctx: ServiceContext): void {
    const ep = this.liveEndpoint(a.EndpointName)
    if (ep.runtime.updating) {
      throw new LabError('CONFLICT', `ValidationException: Cannot update in-progress endpoint "${arn.endpoint(ep.name)}".`, [
        { path: 'EndpointName', message: 'the endpoint is Updating (instances starting, weights moving or a deployment running); wait until it is InService' }
      ])
    }
    const production = ep.runtime.variantState()
    const shadow = ep.runtime.shadowState()[0] ?? null
    const known = [...production, ...(shadow ? [shadow] : [])]
    const list = a.DesiredWeightsAndCapacities
    const issues = new IssueList()
    if (list.length === 0) issues.add('DesiredWeightsAndCapacities', `name 1 to 10 variants, each with DesiredWeight, DesiredInstanceCount or both; ${ep.name} has ${known.map((v) => v.VariantName).join(', ')}`)
    const seen = new Set<string>()
    let capacityEntries = 0
    list.forEach((d, i) => {
      const p = `DesiredWeightsAndCapacities[${i}]`
      if (!known.some((v) => v.VariantName === d.VariantName)) issues.add(`${p}.VariantName`, `endpoint ${ep.name} has no variant "${d.VariantName}"; its variants: ${known.map((v) => v.VariantName).join(', ')}`)
      else if (seen.has(d.VariantName)) issues.add(`${p}.VariantName`, `"${d.VariantName}" is named twice; name each variant once`)
      seen.add(d.VariantName)
      if (d.DesiredWeight === undefined && d.DesiredInstanceCount === undefined) issues.add(p, 'give DesiredWeight, DesiredInstanceCount or both')
      issues.optionalNumber(`${p}.DesiredWeight`, d.DesiredWeight, { min: 0, max: 1000 })
      issues.optionalNumber(`${p}.DesiredInstanceCount`, d.DesiredInstanceCount, { min: 1, max: MAX_INSTANCES, integer: true })
      if (d.DesiredInstanceCount !== undefined) capacityEntries++
    })
    if (capacityEntries > 1) issues.add('DesiredWeightsAndCapacities', `changes the instance count of one variant per call; ${capacityEntries} entries give DesiredInstanceCount`)
    if (issues.issues.length === 0) {
      const weightOf = (name: string, current: number): number => list.find((d) => d.VariantName === name)?.DesiredWeight ?? current
      const productionWeights = production.map((v) => weightOf(v.VariantName, v.DesiredWeight))
      if (productionWeights.every((w) => w === 0)) {
        issues.add('DesiredWeightsAndCapacities', `the production variants' weights would all be 0 (${production.map((v, i) => `${v.VariantName} ${productionWeights[i]}`).join(', ')}); at least one must stay above 0 to take traffic`)
      } else if (shadow) {
        const sw = weightOf(shadow.VariantName, shadow.DesiredWeight)
        const i = list.findIndex((d) => d.VariantName === shadow.VariantName || d.VariantName === production[0].VariantName)
        if (sw > productionWeights[0]) issues.add(i >= 0 ? `DesiredWeightsAndCapacities[${i}].DesiredWeight` : 'DesiredWeightsAndCapacities', `the shadow variant ${shadow.VariantName} would get weight ${sw} against the production variant's ${productionWeights[0]}: a shadow copies at most every request (its weight at most the production variant's)`)
      }
    }
    issues.throwIfAny('UpdateEndpointWeightsAndCapacities')
    const capacityIndex = list.findIndex((d) => d.DesiredInstanceCount !== undefined)
    if (capacityIndex >= 0) {
      const d = list[capacityIndex]
      const v = known.find((x) => x.VariantName === d.VariantName)!
      const more = d.DesiredInstanceCount! - v.DesiredInstanceCount
      if (more > 0) {
        const spec = [...ep.runtime.variantSpecs, ...ep.runtime.shadowSpecs].find((x) => x.VariantName === d.VariantName)!
        this.checkQuotas([spec], [more], null, [`DesiredWeightsAndCapacities[${capacityIndex}].DesiredInstanceCount`])
      }
    }

    const weights = new Map<string, number>()
    for (const d of list) if (d.DesiredWeight !== undefined) weights.set(d.VariantName, d.DesiredWeight)
    // Even a change of capacity alone takes the update's minutes (the endpoint is Updating meanwhile).
    ep.runtime.setDesiredWeights(weights, ctx.now)
    if (capacityIndex >= 0) ep.runtime.setDesiredInstanceCount(list[capacityIndex].VariantName, list[capacityIndex].DesiredInstanceCount!, ctx.now)
    ep.lastModifiedAt = ctx.now
    this.call(
      ctx,
      'UpdateEndpointWeightsAndCapacities',
      this.resourceOf(ep.name),
      {
        endpointName: ep.name,
        desiredWeightsAndCapacities: list.map((d) => ({ variantName: d.VariantName, ...(d.DesiredWeight !== undefined ? { desiredWeight: d.DesiredWeight } : {}), ...(d.DesiredInstanceCount !== undefined ? { desiredInstanceCount: d.DesiredInstanceCount } : {}) }))
      },
      { endpointArn: arn.endpoint(ep.name) }
    )
    this.stateEvent(ctx, ep.name, 'Updating')
  }

  /** The rollout decides the minute starting at ctx.now; the fleets follow; a finished deployment hands the variant to the fleet it kept. */
  private stepDeployment(ep: EndpointRecord, d: EndpointDeployment, ctx: ServiceContext): void {
    const m = d.step(ctx.now)
    const r = d.rollout
    ep.runtime.setFleets(
      { billed: r.current.billed, serving: r.current.active, share: r.current.share },
      { billed: r.candidate.billed, serving: r.candidate.active, share: r.candidate.share }
    )
    if (r.rollbackStartedAt === m) this.stateEvent(ctx, ep.name, 'RollingBack')
    if (d.running) return
    const fleets = ep.runtime.deploymentFleets()
    d.finalFleets = fleets ? fleetSummaries(fleets) : null
    const completed = r.outcome === 'COMPLETED'
    ep.runtime.finishDeployment(completed ? 'green' : 'blue', ctx.now)
    ep.configName = completed ? d.newConfigName : d.oldConfigName
    ep.lastModifiedAt = ctx.now
    this.stateEvent(ctx, ep.name, 'InService')
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

  /**
   * Requests an endpoint has answered without an error since it was created (what data capture can
   * capture: an invocation that failed returned no inference); null for an unknown or deleted endpoint.
   */
  answeredRequests(name: string): number | null {
    const ep = this.endpoints.get(name)
    if (!ep || ep.deletedAt !== null) return null
    return ep.runtime.answeredRequests()
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

  /**
   * A running variant's fleet when its endpoint is not Updating, else null: what a scaling policy
   * reads before it acts (one look-up; an alarm in ALARM invokes its policy every minute).
   */
  steadyFleet(endpointName: string, variantName: string): { desired: number; inService: number } | null {
    const ep = this.endpoints.get(endpointName)
    return ep && ep.deletedAt === null && !ep.runtime.updating ? ep.runtime.fleet(variantName) : null
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

  /** Production and shadow variants of the running endpoints (each is simulated every minute). */
  liveVariantCount(): number {
    return this.live().reduce((n, e) => n + e.runtime.variantSpecs.length + e.runtime.shadowSpecs.length, 0)
  }

  /** An endpoint's totals since it was created (what clients sent and got, degraded answers included), or null. */
  endpointTotals(name: string): Readonly<VariantTotals> | null {
    const ep = this.endpoints.get(name)
    return ep ? ep.runtime.totals() : null
  }

  summaries(): EndpointSummary[] {
    return [...this.endpoints.values()].map((ep) => {
      const totals: VariantTotals = ep.runtime.totals()
      return {
        EndpointName: ep.name,
        EndpointStatus: ep.deletedAt !== null ? 'Deleted' : ep.deployment?.running && ep.deployment.rollout.phase === 'ROLLING_BACK' ? 'RollingBack' : ep.runtime.updating ? 'Updating' : 'InService',
        createdAt: ep.createdAt,
        traffic: ep.runtime.currentTraffic,
        costUsd: totals.costUsd,
        requests: totals.requests,
        errors5xx: totals.errors5xx,
        variants: ep.runtime.variantState().map((v) => variantSummary(v, ep.deletedAt !== null)),
        shadowVariants: ep.runtime.shadowState().map((v) => variantSummary(v, ep.deletedAt !== null)),
        deployment: ep.deployment ? ep.deployment.summary(ep.deployment.running ? fleetSummaries(ep.runtime.deploymentFleets()!) : null) : null
      }
    })
  }

  /**
   * Every running fleet's billed instances this minute, with its endpoint (name, tags and their
   * revision): what billing reads each simulated minute, so nothing is allocated. `key` identifies the
   * fleet from minute to minute (see EndpointRuntime.forEachBilledFleet).
   */
  forEachBilledFleet(visitor: BilledFleetVisitor<BilledEndpoint>): void {
    for (const ep of this.endpoints.values()) {
      if (ep.deletedAt !== null) continue
      ep.runtime.forEachBilledFleet(ep, visitor)
    }
  }

  /** Instances of `instanceType` the running endpoints are billed for (what its quota counts). */
  instancesInUse(instanceType: string): number {
    let n = 0
    for (const ep of this.endpoints.values()) {
      if (ep.deletedAt !== null) continue
      for (const f of ep.runtime.billedFleets()) if (f.InstanceType === instanceType) n += f.billed
    }
    return n
  }

  /**
   * What a scale-out of a variant to `desired` instances meets at the quota: Successful, or Failed with
   * ResourceLimitExceeded's text as Application Auto Scaling reports it (cost/capacity.ts).
   */
  scaleOutOutcome(endpointName: string, variantName: string, desired: number, cause: string, requestId: () => string): ScalingActivityOutcome {
    const ep = this.liveEndpoint(endpointName)
    const type = ep.runtime.variantSpecs.find((v) => v.VariantName === variantName)?.InstanceType ?? ''
    const current = ep.runtime.fleet(variantName)?.desired ?? 0
    return applyScaleOutQuota({ InstanceType: type, currentCount: current, desiredCount: desired, accountUtilization: this.instancesInUse(type), quota: this.quotas.quotaFor(type), cause, requestId })
  }

  /** Running endpoints' tags, sorted by key. */
  resourceTags(): { EndpointName: string; ResourceArn: string; Tags: { Key: string; Value: string }[] }[] {
    return this.live().map((ep) => ({ EndpointName: ep.name, ResourceArn: arn.endpoint(ep.name), Tags: tagList(ep.tags) }))
  }

  /** ListTags on a running endpoint's ARN. */
  listTags(resourceArn: string): { Key: string; Value: string }[] {
    return tagList(this.taggable(resourceArn).tags)
  }

  /** Tag keys ever applied in this world, with the time each was first applied. */
  tagKeysSeen(): ReadonlyMap<string, number> {
    return this.seenTagKeys
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

  /** The running endpoint an ARN names, or an error naming ResourceArn and what may be tagged. */
  private taggable(resourceArn: string): EndpointRecord {
    if (!SAGEMAKER_ARN.test(resourceArn)) fail('ResourceArn', `must be a SageMaker ARN (arn:aws:sagemaker:<region>:<account>:…), got "${resourceArn}"`)
    const ep = this.live().find((e) => arn.endpoint(e.name) === resourceArn)
    if (!ep) {
      const arns = this.live().map((e) => arn.endpoint(e.name))
      throw new LabError('NOT_FOUND', `ResourceArn: no running endpoint has ARN "${resourceArn}"; the sandbox tags endpoints.${arns.length ? ` Endpoints: ${arns.join(', ')}.` : ' There are no endpoints yet.'}`, [
        { path: 'ResourceArn', message: 'no such endpoint' }
      ])
    }
    return ep
  }

  private noteTagKeys(tags: readonly TagInput[], at: number): void {
    for (const t of tags) if (!this.seenTagKeys.has(t.Key)) this.seenTagKeys.set(t.Key, at)
  }

  /**
   * ResourceLimitExceeded when the new fleet would take an instance type past its quota. `replacing`
   * is the endpoint being updated: its fleet keeps running beside the new one (blue/green), so it
   * counts toward current utilization.
   */
  private checkQuotas(variants: readonly VariantSpec[], counts: readonly number[], replacing: EndpointRecord | null, paths: readonly string[] = variantPaths(variants.length, 0)): void {
    const delta = new Map<string, { count: number; index: number }>()
    variants.forEach((v, i) => {
      const d = delta.get(v.InstanceType) ?? { count: 0, index: i }
      d.count += counts[i]
      delta.set(v.InstanceType, d)
    })
    for (const [type, d] of delta) {
      const current = this.instancesInUse(type)
      const quota = this.quotas.quotaFor(type)
      if (current + d.count <= quota) continue
      const message =
        `ResourceLimitExceeded: ${resourceLimitExceededMessage(quotaName(type), quota, current, d.count)}` +
        (replacing ? ' (An update starts the new fleet beside the old one, blue/green, so both count until the old fleet stops.)' : '')
      throw new LabError('CONFLICT', message, [{ path: paths[d.index], message }])
    }
  }

  private checkVariantBudget(count: number, replacing: EndpointRecord | null): void {
    const others = this.liveVariantCount() - (replacing ? replacing.runtime.variantSpecs.length + replacing.runtime.shadowSpecs.length : 0)
    if (others + count > MAX_WORLD_VARIANTS) {
      fail('ProductionVariants', `a world runs at most ${MAX_WORLD_VARIANTS} variants (production and shadow) across its endpoints; ${others} are running, and this would add ${count}`)
    }
  }

  /**
   * The variants of a new configuration. `previous` are the endpoint's variants (or its shadow, for
   * the shadow) and `previousShadow` its shadow: an update that names neither a preset nor a model
   * keeps the model version the variant already serves (its Defect too, unless the update gives one),
   * and a production variant named like the current shadow (promoting it) takes the shadow's.
   */
  private variantSpecs(variants: readonly VariantInput[], previous: readonly VariantSpec[] | null, previousShadow: readonly VariantSpec[] = [], path = 'ProductionVariants', shadow = false): VariantSpec[] {
    const specs = variants.map((v, i): VariantSpec => {
      const before = previous?.find((p) => p.VariantName === v.VariantName)
      const promoted = !before && !shadow ? previousShadow.find((p) => p.VariantName === v.VariantName) : undefined
      const was = before ?? promoted
      const model = !v.Model && !v.ModelPreset && was ? was.model : resolveModel(v, `${path}[${i}]`)
      const defect = v.Defect ?? (was && !v.Model && !v.ModelPreset ? was.defect : undefined)
      return {
        VariantName: v.VariantName,
        InstanceType: v.InstanceType,
        InitialInstanceCount: v.InitialInstanceCount,
        ...(v.InitialVariantWeight !== undefined ? { InitialVariantWeight: v.InitialVariantWeight } : {}),
        model,
        ...(defect ? { defect: { ...defect } } : {})
      }
    })
    const issues = new IssueList()
    checkVariants(specs, issues, path, { shadow })
    rethrow(issues, (p) => p.replace(/\.model\b/, '.Model').replace(/\.defect\b/, '.Defect'))
    return specs
  }

  /**
   * ShadowProductionVariants (CreateEndpointConfig: "If you use this field, you can only specify one
   * variant for ProductionVariants and one variant for ShadowProductionVariants"). The shadow's
   * InitialVariantWeight over the production variant's is the share of requests copied to it, at most
   * all of them [P]; a name of its own.
   */
  private shadowSpecs(shadows: readonly VariantInput[] | undefined, production: readonly VariantSpec[], previous: readonly VariantSpec[] | null): VariantSpec[] {
    if (!shadows || shadows.length === 0) return []
    if (shadows.length > 1) fail('ShadowProductionVariants', `an endpoint has at most one shadow variant (developer guide, "Create a shadow test"); got ${shadows.length}`)
    if (production.length !== 1) fail('ProductionVariants', `an endpoint with a shadow variant has exactly one production variant; got ${production.length}`)
    if (shadows[0].VariantName === production[0].VariantName) fail('ShadowProductionVariants[0].VariantName', `must differ from the production variant's name "${production[0].VariantName}"`)
    const specs = this.variantSpecs(shadows, previous, [], 'ShadowProductionVariants', true)
    const sw = specs[0].InitialVariantWeight ?? 1
    const pw = production[0].InitialVariantWeight ?? 1
    if (sw > pw) {
      fail('ShadowProductionVariants[0].InitialVariantWeight', `a shadow copies at most every request: its weight (${sw}) over the production variant's (${pw}) is the share copied, so it must be at most ${pw}`)
    }
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
            CurrentWeight: v.CurrentWeight,
            DesiredWeight: v.DesiredWeight,
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

function describeDeployment(config: Extract<SandboxAction, { type: 'UpdateEndpoint' }>['DeploymentConfig']): string {
  if (!config) return ', in place'
  if (config.RollingUpdatePolicy) return ', rolling'
  const type = config.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration.Type ?? 'ALL_AT_ONCE'
  const alarms = config.AutoRollbackConfiguration?.Alarms?.map((x) => x.AlarmName) ?? []
  return `, blue/green ${type}${alarms.length ? ` with auto-rollback on ${alarms.join(', ')}` : ''}`
}

function describeShadow(shadows: readonly VariantInput[] | undefined): string {
  return shadows?.length ? `, shadow ${shadows.map((v) => `${v.VariantName} ${v.InitialInstanceCount} × ${v.InstanceType}`).join(', ')}` : ''
}

/** Where each variant of a configuration is named: production variants, then the shadow. */
function variantPaths(production: number, shadows: number): string[] {
  return [...Array.from({ length: production }, (_, i) => `ProductionVariants[${i}].InstanceType`), ...Array.from({ length: shadows }, (_, i) => `ShadowProductionVariants[${i}].InstanceType`)]
}

function variantSummary(v: VariantState, deleted: boolean): VariantSummary {
  const { totals, ...rest } = v
  return {
    ...rest,
    CurrentInstanceCount: deleted ? 0 : v.CurrentInstanceCount,
    DesiredInstanceCount: deleted ? 0 : v.DesiredInstanceCount,
    requests: totals.requests,
    errors5xx: totals.errors5xx,
    degraded: totals.degraded,
    costUsd: totals.costUsd
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
