/**
 * A sandbox world: its seed plus the ordered list of actions taken in it. Everything a learner sees
 * (metrics, alarm states and history, EventBridge deliveries, CloudTrail events, cost) is derived
 * from those two by `materialize()`, so replaying the same actions on the same seed reproduces every
 * number. Actions are AWS API calls (CreateEndpoint, PutMetricAlarm, PutRule, CreateTrail…) plus two
 * sandbox-only ones that stand in for the outside world: SetTraffic/InjectIncident (what clients
 * do) and AdvanceClock (time passing).
 *
 * `apply()` validates an action completely before it changes anything, so a refused action leaves
 * the world exactly as it was.
 */
import { LabError, type ErrorIssue } from '../../../shared/errors'
import type { SandboxAction } from '../../../shared/sandbox'
import { findInstanceType } from '../catalog'
import { CloudTrailService } from '../cloudtrail'
import type { UserIdentity } from '../cloudtrail/record'
import {
  ALARM_STATES,
  evaluateCompositeAlarm,
  evaluateMetricAlarm,
  parseAlarmRule,
  referencedAlarms,
  validateMetricAlarm,
  type MetricAlarmDefinition
} from '../cloudwatch'
import type { AlarmState } from '../cloudwatch/types'
import { MINUTE_MS } from '../cloudwatch/types'
import { DAY_MS, SIM_EPOCH_MS, toIso } from '../clock'
import { buildAlarmStateChangeEvent, buildApiCallEvent, EventBus, validateEventPattern, type EventBridgeEvent } from '../eventbridge'
import { createRng } from '../rng'
import { MAX_MINUTES, simulateEndpoint, type EndpointSimulation, type IncidentSpec, type TrafficSpec, type VariantSpec } from '../workload'
import type { ModelProfile, TargetTrackingScaling } from '../workload'
import { createIdGenerator } from './ids'
import { emptySeries, MetricStoreBuilder, type MetricStore } from './metric-store'
import { findModelPreset, MODEL_PRESETS } from './presets'

export const ACCOUNT_ID = '111122223333'
export const REGION = 'us-east-1'
/** The learner, as CloudTrail records them. */
export const LEARNER: UserIdentity = {
  type: 'IAMUser',
  principalId: 'AIDAEXAMPLELEARNER01',
  arn: `arn:aws:iam::${ACCOUNT_ID}:user/learner`,
  accountId: ACCOUNT_ID,
  accessKeyId: 'AKIAEXAMPLELEARNER01',
  userName: 'learner'
}
/** The longest a world may run: the endpoint simulation's own limit (92 days). */
export const MAX_WORLD_MINUTES = MAX_MINUTES
/** The most one AdvanceClock may move time: 31 days. */
export const MAX_ADVANCE_MINUTES = 31 * 24 * 60
export const MAX_ENDPOINTS = 10
export const MAX_ALARMS = 50
export const MAX_ACTIONS = 2000

// ---- internal records ------------------------------------------------------------------------

interface Epoch {
  start: number
  variants: VariantSpec[]
  traffic: TrafficSpec
}

interface EndpointRecord {
  name: string
  createdAt: number
  deletedAt: number | null
  /** When the traffic pattern was first set: growth compounds from here. */
  trafficOrigin: number
  epochs: Epoch[]
  incidents: IncidentSpec[]
}

interface CompositeDefinition {
  AlarmName: string
  AlarmRule: string
  AlarmDescription?: string
  AlarmActions: string[]
}

type AlarmDefinition = { type: 'metric'; def: MetricAlarmDefinition } | { type: 'composite'; def: CompositeDefinition }

interface AlarmRecord {
  name: string
  createdAt: number
  deletedAt: number | null
  /** Each PutMetricAlarm/PutCompositeAlarm starts a segment; the state carries over (AWS: an update leaves the state unchanged). */
  segments: Array<{ from: number; definition: AlarmDefinition }>
}

interface ApiCall {
  at: number
  eventSource: string
  eventName: string
  requestParameters: Record<string, unknown>
  responseElements?: Record<string, unknown> | null
  /** The resource the call acted on, for LookupEvents by ResourceType / ResourceName. */
  resource?: { type: string; arn: string }
}

const arnOf = {
  endpoint: (name: string) => `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:endpoint/${name.toLowerCase()}`,
  endpointConfig: (name: string) => `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:endpoint-config/${name.toLowerCase()}`,
  alarm: (name: string) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:${name}`,
  rule: (name: string) => `arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/${name}`,
  trail: (name: string) => `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/${name}`
}

/** CloudTrail resource types (AWS::Service::Type) of the resources sandbox calls act on. */
function resourceOf(eventName: string, p: Record<string, unknown>): ApiCall['resource'] {
  const str = (k: string) => String(p[k])
  switch (eventName) {
    case 'CreateEndpoint':
    case 'UpdateEndpoint':
    case 'DeleteEndpoint':
      return { type: 'AWS::SageMaker::Endpoint', arn: arnOf.endpoint(str('endpointName')) }
    case 'CreateEndpointConfig':
      return { type: 'AWS::SageMaker::EndpointConfig', arn: arnOf.endpointConfig(str('endpointConfigName')) }
    case 'PutMetricAlarm':
    case 'PutCompositeAlarm':
      return { type: 'AWS::CloudWatch::Alarm', arn: arnOf.alarm(String(p.AlarmName)) }
    case 'PutRule':
    case 'DeleteRule':
      return { type: 'AWS::Events::Rule', arn: arnOf.rule(str('name')) }
    case 'PutTargets':
      return { type: 'AWS::Events::Rule', arn: arnOf.rule(str('rule')) }
    case 'CreateTrail':
    case 'StartLogging':
      return { type: 'AWS::CloudTrail::Trail', arn: arnOf.trail(str('name')) }
    default:
      return undefined
  }
}

type BusChange =
  | { at: number; kind: 'putRule'; Name: string; EventPattern: string; State: 'ENABLED' | 'DISABLED'; Description?: string }
  | { at: number; kind: 'putTargets'; Rule: string; Targets: { Id: string; Arn: string }[] }
  | { at: number; kind: 'deleteRule'; Name: string }

export interface AppliedAction {
  index: number
  at: number
  action: SandboxAction
}

// ---- derived views ---------------------------------------------------------------------------

export interface StateSegment {
  start: number
  end: number
  state: AlarmState
}

export interface AlarmView {
  AlarmName: string
  type: 'metric' | 'composite'
  StateValue: AlarmState
  StateReason: string
  StateUpdatedTimestamp: number | null
  definition: Record<string, unknown>
  segments: StateSegment[]
  history: { timestamp: number; oldState: AlarmState; newState: AlarmState; reason: string }[]
}

export interface Notification {
  at: number
  via: 'EventBridge' | 'CloudWatch alarm action'
  target: string
  kind: string
  subject: string
  detail: string
}

export interface EndpointView {
  EndpointName: string
  EndpointStatus: 'InService' | 'Deleted'
  createdAt: number
  traffic: TrafficSpec
  costUsd: number
  requests: number
  errors5xx: number
  variants: {
    VariantName: string
    InstanceType: string
    /** The model profile's name: a preset id, or the learner's own model's name. */
    ModelName: string
    pricePerHour: number
    CurrentInstanceCount: number
    autoscaling: TargetTrackingScaling | null
    scalingActivities: number
  }[]
}

export interface Materialized {
  metrics: MetricStore
  endpoints: EndpointView[]
  simulations: Map<string, EndpointSimulation[]>
  alarms: AlarmView[]
  trail: CloudTrailService
  bus: EventBus
  notifications: Notification[]
  totalCostUsd: number
}

function issuesWithPrefix(err: unknown, rename: (path: string) => string): never {
  if (err instanceof LabError) {
    const issues: ErrorIssue[] = err.issues.map((i) => ({ path: rename(i.path), message: i.message }))
    const first = issues[0]
    throw new LabError(err.code, first ? `${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}` : err.message, issues)
  }
  throw err
}

/** Maps the workload simulation's field paths onto the action's AWS-named fields. */
function endpointPath(path: string): string {
  return path
    .replace(/^variants/, 'ProductionVariants')
    .replace(/\.model\b/, '.Model')
    .replace(/^traffic/, 'Traffic')
    .replace(/^incidents\[\d+\]/, 'Incident')
}

function fail(path: string, message: string): never {
  throw new LabError('VALIDATION', `${path}: ${message}`, [{ path, message }])
}

function notFound(path: string, message: string): never {
  throw new LabError('NOT_FOUND', message, [{ path, message }])
}

function resolveModel(v: { ModelPreset?: string; Model?: Record<string, unknown> }, path: string): ModelProfile {
  if (v.Model && v.ModelPreset) fail(path, 'give ModelPreset or Model, not both')
  if (v.Model) return v.Model as unknown as ModelProfile
  const id = v.ModelPreset ?? 'xgboost-tabular'
  const preset = findModelPreset(id)
  if (!preset) fail(`${path}.ModelPreset`, `unknown preset "${id}"; choose one of ${MODEL_PRESETS.map((p) => p.id).join(', ')}`)
  return preset.profile
}

/** Growth compounds from when the traffic was set; a later configuration starts where it had got to. */
function anchorTraffic(traffic: TrafficSpec, origin: number, at: number): TrafficSpec {
  if (traffic.pattern !== 'growth' || at <= origin) return traffic
  return { ...traffic, baseRpm: traffic.baseRpm * Math.pow(1 + traffic.dailyGrowthRate, (at - origin) / DAY_MS) }
}

/** The part of an incident that falls in [from, to), as an incident of that window (or null). */
function clipIncident(spec: IncidentSpec, from: number, to: number): IncidentSpec | null {
  if (spec.kind === 'outlier') {
    const at = Number(spec.at)
    return at >= from && at < to ? spec : null
  }
  const start = Number(spec.start)
  const end = start + spec.durationMinutes * MINUTE_MS
  const s = Math.max(start, from)
  const e = Math.min(end, to)
  if (e <= s) return null
  return { ...spec, start: s, durationMinutes: Math.round((e - s) / MINUTE_MS) }
}

function arnKind(arn: string): string {
  if (arn.startsWith('arn:aws:sns:')) return 'notify'
  if (/^arn:aws:sagemaker:[^:]*:[^:]*:pipeline\//.test(arn)) return 'startPipeline'
  if (arn.startsWith('arn:aws:lambda:')) return 'invokeFunction'
  return 'notify'
}

export class World {
  readonly seed: string
  readonly startTime = SIM_EPOCH_MS
  private nowMs = SIM_EPOCH_MS
  private readonly applied: AppliedAction[] = []
  private readonly endpoints = new Map<string, EndpointRecord>()
  private readonly alarms = new Map<string, AlarmRecord>()
  private readonly busChanges: BusChange[] = []
  private readonly rules = new Map<string, { Targets: { Id: string; Arn: string }[]; EventPattern: string; State: string }>()
  private readonly trails = new Map<string, { S3BucketName: string; at: number }>()
  private readonly apiCalls: ApiCall[] = []
  private cache: Materialized | null = null

  constructor(seed: string) {
    this.seed = seed
  }

  /** Rebuilds a world from its saved form. A stored action that no longer applies is reported by index. */
  static replay(seed: string, actions: readonly SandboxAction[]): World {
    const world = new World(seed)
    actions.forEach((action, i) => {
      try {
        world.apply(action)
      } catch (err) {
        issuesWithPrefix(err, (p) => `actions[${i}]${p ? `.${p}` : ''}`)
      }
    })
    return world
  }

  get now(): number {
    return this.nowMs
  }

  get actions(): readonly AppliedAction[] {
    return this.applied
  }

  /** Validates and applies one action. Throws LabError (naming the field) and changes nothing if it is refused. */
  apply(action: SandboxAction): void {
    if (this.applied.length >= MAX_ACTIONS) fail('action', `a world holds at most ${MAX_ACTIONS} actions; start a new world`)
    const commit = this.plan(action)
    commit()
    this.applied.push({ index: this.applied.length, at: this.nowMs, action })
    this.cache = null
  }

  /** Checks an action against the current state and returns the change to make. Never mutates. */
  private plan(action: SandboxAction): () => void {
    const at = this.nowMs
    const call = (eventSource: string, eventName: string, requestParameters: Record<string, unknown>, responseElements?: Record<string, unknown> | null) =>
      this.apiCalls.push({ at, eventSource, eventName, requestParameters, responseElements, resource: resourceOf(eventName, requestParameters) })

    switch (action.type) {
      case 'CreateEndpoint': {
        if (this.endpoints.get(action.EndpointName)?.deletedAt === null) {
          throw new LabError('CONFLICT', `Cannot create already existing endpoint "${action.EndpointName}".`, [
            { path: 'EndpointName', message: 'an endpoint with this name exists' }
          ])
        }
        if ([...this.endpoints.values()].filter((e) => e.deletedAt === null).length >= MAX_ENDPOINTS) {
          fail('EndpointName', `the sandbox runs at most ${MAX_ENDPOINTS} endpoints at once; delete one first`)
        }
        const variants = this.variantSpecs(action.ProductionVariants, null)
        const traffic = action.Traffic as unknown as TrafficSpec
        this.validateEndpoint(action.EndpointName, variants, traffic)
        return () => {
          this.endpoints.set(action.EndpointName, {
            name: action.EndpointName,
            createdAt: at,
            deletedAt: null,
            trafficOrigin: at,
            epochs: [{ start: at, variants, traffic }],
            incidents: []
          })
          const config = `${action.EndpointName}-config-${at}`
          call('sagemaker.amazonaws.com', 'CreateEndpointConfig', { endpointConfigName: config, productionVariants: action.ProductionVariants })
          call('sagemaker.amazonaws.com', 'CreateEndpoint', { endpointName: action.EndpointName, endpointConfigName: config }, {
            endpointArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:endpoint/${action.EndpointName.toLowerCase()}`
          })
        }
      }
      case 'UpdateEndpoint': {
        const ep = this.liveEndpoint(action.EndpointName)
        const last = ep.epochs[ep.epochs.length - 1]
        const variants = this.variantSpecs(action.ProductionVariants, last.variants)
        this.validateEndpoint(ep.name, variants, last.traffic)
        return () => {
          this.newEpoch(ep, { start: at, variants, traffic: last.traffic })
          const config = `${ep.name}-config-${at}`
          call('sagemaker.amazonaws.com', 'CreateEndpointConfig', { endpointConfigName: config, productionVariants: action.ProductionVariants })
          call('sagemaker.amazonaws.com', 'UpdateEndpoint', { endpointName: ep.name, endpointConfigName: config })
        }
      }
      case 'DeleteEndpoint': {
        const ep = this.liveEndpoint(action.EndpointName)
        return () => {
          ep.deletedAt = at
          call('sagemaker.amazonaws.com', 'DeleteEndpoint', { endpointName: ep.name })
        }
      }
      case 'PutScalingPolicy':
      case 'DeleteScalingPolicy': {
        const ep = this.liveEndpoint(action.EndpointName)
        const last = ep.epochs[ep.epochs.length - 1]
        const idx = last.variants.findIndex((v) => v.VariantName === action.VariantName)
        if (idx < 0) {
          notFound('VariantName', `Endpoint "${ep.name}" has no variant "${action.VariantName}"; it has ${last.variants.map((v) => v.VariantName).join(', ')}.`)
        }
        const variants = last.variants.map((v) => ({ ...v }))
        if (action.type === 'PutScalingPolicy') {
          const { type: _t, EndpointName: _e, VariantName: _v, ...policy } = action
          variants[idx].autoscaling = policy
          // A policy applies to the fleet as it is; start within the new bounds (Application Auto Scaling does the same).
          variants[idx].InitialInstanceCount = Math.min(Math.max(variants[idx].InitialInstanceCount, policy.MinCapacity), policy.MaxCapacity)
        } else {
          if (!variants[idx].autoscaling) notFound('VariantName', `Variant "${action.VariantName}" has no scaling policy.`)
          delete variants[idx].autoscaling
        }
        try {
          this.validateEndpoint(ep.name, variants, last.traffic)
        } catch (err) {
          issuesWithPrefix(err, (p) => p.replace(/^ProductionVariants\[\d+\]\.autoscaling\.?/, ''))
        }
        return () => {
          this.newEpoch(ep, { start: at, variants, traffic: last.traffic })
          const resourceId = `endpoint/${ep.name}/variant/${action.VariantName}`
          if (action.type === 'PutScalingPolicy') {
            call('application-autoscaling.amazonaws.com', 'RegisterScalableTarget', {
              serviceNamespace: 'sagemaker',
              resourceId,
              scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
              minCapacity: action.MinCapacity,
              maxCapacity: action.MaxCapacity
            })
            call('application-autoscaling.amazonaws.com', 'PutScalingPolicy', {
              policyName: `${ep.name}-${action.VariantName}-invocations`,
              serviceNamespace: 'sagemaker',
              resourceId,
              policyType: 'TargetTrackingScaling',
              targetTrackingScalingPolicyConfiguration: {
                targetValue: action.TargetValue,
                predefinedMetricSpecification: { predefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
                scaleOutCooldown: action.ScaleOutCooldown ?? 300,
                scaleInCooldown: action.ScaleInCooldown ?? 300,
                disableScaleIn: action.DisableScaleIn ?? false
              }
            })
          } else {
            call('application-autoscaling.amazonaws.com', 'DeleteScalingPolicy', { serviceNamespace: 'sagemaker', resourceId })
          }
        }
      }
      case 'SetTraffic': {
        const ep = this.liveEndpoint(action.EndpointName)
        const last = ep.epochs[ep.epochs.length - 1]
        const traffic = action.Traffic as unknown as TrafficSpec
        this.validateEndpoint(ep.name, last.variants, traffic)
        return () => {
          ep.trafficOrigin = at
          this.newEpoch(ep, { start: at, variants: last.variants, traffic })
        }
      }
      case 'InjectIncident': {
        const ep = this.liveEndpoint(action.EndpointName)
        if (!Number.isInteger(action.StartsInMinutes) || action.StartsInMinutes < 0 || action.StartsInMinutes > MAX_ADVANCE_MINUTES) {
          fail('StartsInMinutes', `must be a whole number of minutes from 0 to ${MAX_ADVANCE_MINUTES}, got ${action.StartsInMinutes}`)
        }
        const start = at + action.StartsInMinutes * MINUTE_MS
        const spec = { ...action.Incident, ...(action.Incident.kind === 'outlier' ? { at: start } : { start }) } as unknown as IncidentSpec
        const last = ep.epochs[ep.epochs.length - 1]
        const span = spec.kind === 'outlier' ? 1 : Math.max(1, Math.ceil(Number((spec as { durationMinutes?: unknown }).durationMinutes) || 1))
        try {
          simulateEndpoint({
            endpointName: ep.name,
            variants: last.variants,
            traffic: last.traffic,
            incidents: [spec],
            startTime: start,
            minutes: Math.min(span, MAX_MINUTES),
            rng: createRng('validate')
          })
        } catch (err) {
          issuesWithPrefix(err, endpointPath)
        }
        return () => {
          ep.incidents.push(spec)
        }
      }
      case 'PutMetricAlarm': {
        const { type: _t, ...input } = action
        let def: MetricAlarmDefinition
        try {
          def = validateMetricAlarm(input)
        } catch (err) {
          issuesWithPrefix(err, (p) => p)
        }
        const existing = this.alarms.get(def.AlarmName)
        if (existing && existing.deletedAt === null && existing.segments[existing.segments.length - 1].definition.type !== 'metric') {
          fail('AlarmName', `"${def.AlarmName}" is a composite alarm; metric and composite alarms cannot share a name`)
        }
        this.checkAlarmCount(existing)
        return () => {
          this.putAlarm(def.AlarmName, at, { type: 'metric', def })
          call('monitoring.amazonaws.com', 'PutMetricAlarm', { ...input })
        }
      }
      case 'PutCompositeAlarm': {
        let children: string[]
        try {
          children = referencedAlarms(parseAlarmRule(action.AlarmRule))
        } catch (err) {
          issuesWithPrefix(err, () => 'AlarmRule')
        }
        const missing = children.filter((c) => this.alarms.get(c)?.deletedAt !== null)
        if (missing.length > 0) fail('AlarmRule', `names alarms that do not exist: ${missing.join(', ')}`)
        if (children.includes(action.AlarmName)) fail('AlarmRule', 'a composite alarm cannot refer to itself')
        const existing = this.alarms.get(action.AlarmName)
        if (existing && existing.deletedAt === null && existing.segments[existing.segments.length - 1].definition.type !== 'composite') {
          fail('AlarmName', `"${action.AlarmName}" is a metric alarm; metric and composite alarms cannot share a name`)
        }
        this.checkAlarmCount(existing)
        const def: CompositeDefinition = {
          AlarmName: action.AlarmName,
          AlarmRule: action.AlarmRule,
          AlarmDescription: action.AlarmDescription,
          AlarmActions: action.AlarmActions ?? []
        }
        return () => {
          this.putAlarm(action.AlarmName, at, { type: 'composite', def })
          const { type: _t, ...params } = action
          call('monitoring.amazonaws.com', 'PutCompositeAlarm', params)
        }
      }
      case 'DeleteAlarms': {
        for (const [i, name] of action.AlarmNames.entries()) {
          const rec = this.alarms.get(name)
          if (!rec || rec.deletedAt !== null) notFound(`AlarmNames[${i}]`, `No alarm named "${name}".`)
          const users = [...this.alarms.values()].filter((a) => {
            if (a.deletedAt !== null || action.AlarmNames.includes(a.name)) return false
            const d = a.segments[a.segments.length - 1].definition
            return d.type === 'composite' && referencedAlarms(parseAlarmRule(d.def.AlarmRule)).includes(name)
          })
          if (users.length > 0) {
            fail(`AlarmNames[${i}]`, `"${name}" is used by composite alarm ${users.map((u) => `"${u.name}"`).join(', ')}; change or delete that first`)
          }
        }
        return () => {
          for (const name of action.AlarmNames) this.alarms.get(name)!.deletedAt = at
          call('monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: action.AlarmNames })
        }
      }
      case 'PutRule': {
        try {
          validateEventPattern(action.EventPattern)
        } catch (err) {
          issuesWithPrefix(err, (p) => `EventPattern${p ? `.${p}` : ''}`)
        }
        if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(action.Name)) fail('Name', 'must be 1–64 characters of letters, digits, ".", "-" and "_"')
        const state = action.State ?? 'ENABLED'
        return () => {
          const existing = this.rules.get(action.Name)
          this.rules.set(action.Name, { Targets: existing?.Targets ?? [], EventPattern: action.EventPattern, State: state })
          this.busChanges.push({ at, kind: 'putRule', Name: action.Name, EventPattern: action.EventPattern, State: state, Description: action.Description })
          call('events.amazonaws.com', 'PutRule', { name: action.Name, eventPattern: action.EventPattern, state })
        }
      }
      case 'PutTargets': {
        const rule = this.rules.get(action.Rule)
        if (!rule) notFound('Rule', `Rule "${action.Rule}" does not exist.`)
        const merged = new Map(rule.Targets.map((t) => [t.Id, t]))
        action.Targets.forEach((t, i) => {
          if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(t.Id)) fail(`Targets[${i}].Id`, 'must be 1–64 characters of letters, digits, ".", "-" and "_"')
          if (!t.Arn.startsWith('arn:aws:')) fail(`Targets[${i}].Arn`, 'must be an ARN such as arn:aws:sns:us-east-1:111122223333:ml-alerts')
          merged.set(t.Id, t)
        })
        if (merged.size > 5) fail('Targets', `a rule has at most 5 targets; "${action.Rule}" would have ${merged.size}`)
        return () => {
          rule.Targets = [...merged.values()]
          this.busChanges.push({ at, kind: 'putTargets', Rule: action.Rule, Targets: action.Targets })
          call('events.amazonaws.com', 'PutTargets', { rule: action.Rule, targets: action.Targets })
        }
      }
      case 'DeleteRule': {
        if (!this.rules.has(action.Name)) notFound('Name', `Rule "${action.Name}" does not exist.`)
        return () => {
          this.rules.delete(action.Name)
          this.busChanges.push({ at, kind: 'deleteRule', Name: action.Name })
          call('events.amazonaws.com', 'DeleteRule', { name: action.Name })
        }
      }
      case 'CreateTrail': {
        if (this.trails.has(action.Name)) {
          throw new LabError('CONFLICT', `Trail "${action.Name}" already exists.`, [{ path: 'Name', message: 'a trail with this name exists' }])
        }
        if (!/^[A-Za-z0-9][A-Za-z0-9._-]{2,127}$/.test(action.Name)) fail('Name', 'must be 3–128 characters of letters, digits, ".", "_" and "-", starting with a letter or digit')
        if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(action.S3BucketName)) fail('S3BucketName', 'must be a valid S3 bucket name (3–63 lower-case letters, digits, "." and "-")')
        return () => {
          this.trails.set(action.Name, { S3BucketName: action.S3BucketName, at })
          call('cloudtrail.amazonaws.com', 'CreateTrail', { name: action.Name, s3BucketName: action.S3BucketName })
          call('cloudtrail.amazonaws.com', 'StartLogging', { name: action.Name })
        }
      }
      case 'AdvanceClock': {
        const m = action.Minutes
        if (!Number.isInteger(m) || m < 1 || m > MAX_ADVANCE_MINUTES) {
          fail('Minutes', `must be a whole number of minutes from 1 to ${MAX_ADVANCE_MINUTES} (31 days), got ${m}`)
        }
        const elapsed = (this.nowMs - this.startTime) / MINUTE_MS
        if (elapsed + m > MAX_WORLD_MINUTES) {
          fail('Minutes', `a world runs at most ${MAX_WORLD_MINUTES / 1440} days; ${Math.floor((MAX_WORLD_MINUTES - elapsed) / 1440)} days ${(MAX_WORLD_MINUTES - elapsed) % 1440} minutes are left`)
        }
        return () => {
          this.nowMs += m * MINUTE_MS
        }
      }
    }
  }

  private liveEndpoint(name: string): EndpointRecord {
    const ep = this.endpoints.get(name)
    if (!ep || ep.deletedAt !== null) {
      const live = [...this.endpoints.values()].filter((e) => e.deletedAt === null).map((e) => e.name)
      notFound('EndpointName', `Could not find endpoint "${name}".${live.length ? ` Endpoints: ${live.join(', ')}.` : ' There are no endpoints yet.'}`)
    }
    return ep
  }

  private variantSpecs(
    variants: Extract<SandboxAction, { type: 'CreateEndpoint' }>['ProductionVariants'],
    previous: VariantSpec[] | null
  ): VariantSpec[] {
    const names = new Set<string>()
    return variants.map((v, i) => {
      if (names.has(v.VariantName)) fail(`ProductionVariants[${i}].VariantName`, `"${v.VariantName}" is used twice; variant names must be unique`)
      names.add(v.VariantName)
      // An update keeps a variant's scaling policy when the variant keeps its name (Application Auto Scaling registers per variant).
      const before = previous?.find((p) => p.VariantName === v.VariantName)
      const kept = before?.autoscaling
      // An update that names neither a preset nor a model keeps the model the variant already serves.
      const model = !v.Model && !v.ModelPreset && before ? before.model : resolveModel(v, `ProductionVariants[${i}]`)
      return {
        VariantName: v.VariantName,
        InstanceType: v.InstanceType,
        InitialInstanceCount: v.InitialInstanceCount,
        ...(v.InitialVariantWeight !== undefined ? { InitialVariantWeight: v.InitialVariantWeight } : {}),
        model,
        ...(kept ? { autoscaling: kept } : {})
      }
    })
  }

  /** One simulated minute exercises every check the simulation makes (types, ranges, memory fit). */
  private validateEndpoint(name: string, variants: VariantSpec[], traffic: TrafficSpec): void {
    try {
      simulateEndpoint({ endpointName: name, variants, traffic, startTime: this.nowMs, minutes: 1, rng: createRng('validate') })
    } catch (err) {
      issuesWithPrefix(err, endpointPath)
    }
  }

  private newEpoch(ep: EndpointRecord, epoch: Epoch): void {
    const last = ep.epochs[ep.epochs.length - 1]
    if (last.start === epoch.start) ep.epochs[ep.epochs.length - 1] = epoch
    else ep.epochs.push(epoch)
  }

  private checkAlarmCount(existing: AlarmRecord | undefined): void {
    const live = [...this.alarms.values()].filter((a) => a.deletedAt === null).length
    if ((!existing || existing.deletedAt !== null) && live >= MAX_ALARMS) fail('AlarmName', `the sandbox keeps at most ${MAX_ALARMS} alarms; delete one first`)
  }

  private putAlarm(name: string, at: number, definition: AlarmDefinition): void {
    const rec = this.alarms.get(name)
    if (rec && rec.deletedAt === null) {
      const last = rec.segments[rec.segments.length - 1]
      if (last.from === at) last.definition = definition
      else rec.segments.push({ from: at, definition })
    } else {
      this.alarms.set(name, { name, createdAt: at, deletedAt: null, segments: [{ from: at, definition }] })
    }
  }

  // ---- materialize ---------------------------------------------------------------------------

  materialize(): Materialized {
    if (this.cache) return this.cache
    const root = createRng(this.seed)
    const builder = new MetricStoreBuilder()
    const simulations = new Map<string, EndpointSimulation[]>()
    const endpointViews: EndpointView[] = []
    let totalCost = 0

    for (const ep of this.endpoints.values()) {
      const end = ep.deletedAt ?? this.nowMs
      const sims: EndpointSimulation[] = []
      let carried = new Map<string, { instanceType: string; count: number }>()
      ep.epochs.forEach((epoch, k) => {
        const from = epoch.start
        const to = Math.min(k + 1 < ep.epochs.length ? ep.epochs[k + 1].start : end, end)
        const minutes = Math.round((to - from) / MINUTE_MS)
        if (minutes <= 0) return
        // A new configuration of the same variant on the same instance type starts with the fleet it had.
        const variants = epoch.variants.map((v) => {
          const before = carried.get(v.VariantName)
          if (!before || before.instanceType !== v.InstanceType || k === 0) return v
          const min = v.autoscaling?.MinCapacity ?? 1
          const max = v.autoscaling?.MaxCapacity ?? Number.MAX_SAFE_INTEGER
          return { ...v, InitialInstanceCount: Math.min(Math.max(before.count, min), max) }
        })
        const incidents = ep.incidents.map((i) => clipIncident(i, from, to)).filter((i): i is IncidentSpec => i !== null)
        const sim = simulateEndpoint({
          endpointName: ep.name,
          variants,
          traffic: anchorTraffic(epoch.traffic, ep.trafficOrigin, from),
          incidents,
          startTime: from,
          minutes,
          rng: root.fork(`epoch:${from}`)
        })
        sims.push(sim)
        for (const m of sim.metrics) builder.add(m, minutes)
        carried = new Map(
          sim.variants.map((v) => [v.variantName, { instanceType: v.instanceType.name, count: v.inServiceInstances[minutes - 1] }])
        )
      })
      if (sims.length === 0 && ep.deletedAt === null) {
        // Created this minute: nothing published yet, but its metrics exist (empty) so alarms can name them.
        const first = ep.epochs[0]
        const probe = simulateEndpoint({ endpointName: ep.name, variants: first.variants, traffic: first.traffic, startTime: first.start, minutes: 1, rng: createRng('probe') })
        for (const m of probe.metrics) builder.add(m, 0)
      }
      simulations.set(ep.name, sims)
      const lastEpoch = ep.epochs[ep.epochs.length - 1]
      const lastSim = sims[sims.length - 1]
      const cost = sims.reduce((s, sim) => s + sim.variants.reduce((a, v) => a + v.totals.costUsd, 0), 0)
      totalCost += cost
      endpointViews.push({
        EndpointName: ep.name,
        EndpointStatus: ep.deletedAt === null ? 'InService' : 'Deleted',
        createdAt: ep.createdAt,
        traffic: lastEpoch.traffic,
        costUsd: cost,
        requests: sims.reduce((s, sim) => s + sim.variants.reduce((a, v) => a + v.totals.requests, 0), 0),
        errors5xx: sims.reduce((s, sim) => s + sim.variants.reduce((a, v) => a + v.totals.errors5xx, 0), 0),
        variants: lastEpoch.variants.map((v) => {
          const result = lastSim?.variants.find((r) => r.variantName === v.VariantName)
          const count = result ? result.inServiceInstances[result.inServiceInstances.length - 1] : v.InitialInstanceCount
          return {
            VariantName: v.VariantName,
            InstanceType: v.InstanceType,
            ModelName: v.model.name,
            pricePerHour: findInstanceType(v.InstanceType)?.pricePerHour ?? 0,
            CurrentInstanceCount: ep.deletedAt === null ? count : 0,
            autoscaling: v.autoscaling ?? null,
            scalingActivities: sims.reduce((s, sim) => s + (sim.variants.find((r) => r.variantName === v.VariantName)?.scalingActivities.length ?? 0), 0)
          }
        })
      })
    }
    const metrics = builder.build()

    const { alarms, alarmEvents, alarmNotifications } = this.evaluateAlarms(metrics)
    const ids = createIdGenerator(root.fork('ids'))
    const trail = new CloudTrailService({ account: ACCOUNT_ID, region: REGION, ids })
    const bus = new EventBus({ account: ACCOUNT_ID, region: REGION })
    const notifications: Notification[] = [...alarmNotifications]
    const notify = (kind: string) => (inv: { ruleName: string; target: { Arn: string }; event: EventBridgeEvent<unknown> }) => {
      notifications.push({
        at: Date.parse(inv.event.time),
        via: 'EventBridge',
        target: inv.target.Arn,
        kind,
        subject: `${inv.event['detail-type']} (rule ${inv.ruleName})`,
        detail: summarizeEvent(inv.event)
      })
      return { ok: true }
    }
    for (const kind of ['notify', 'startPipeline', 'invokeFunction', 'rollbackDeployment']) bus.registerTargetKind(kind, notify(kind))

    // Everything that reaches the bus, in time order: rule changes first at a given instant, then API calls, then alarm changes.
    type Timed = { at: number; order: number; run: () => void }
    const timeline: Timed[] = []
    for (const change of this.busChanges) {
      timeline.push({
        at: change.at,
        order: 0,
        run: () => {
          if (change.kind === 'putRule') bus.putRule({ Name: change.Name, EventPattern: change.EventPattern, State: change.State, Description: change.Description })
          else if (change.kind === 'putTargets') bus.putTargets({ Rule: change.Rule, Targets: change.Targets.map((t) => ({ ...t, kind: arnKind(t.Arn) })) })
          else {
            const targets = bus.listTargetsByRule(change.Name).Targets.map((t) => t.Id)
            if (targets.length > 0) bus.removeTargets({ Rule: change.Name, Ids: targets })
            bus.deleteRule(change.Name)
          }
        }
      })
    }
    for (const c of this.apiCalls) {
      timeline.push({
        at: c.at,
        order: 1,
        run: () => {
          if (c.eventName === 'CreateTrail') trail.createTrail({ Name: String(c.requestParameters.name), S3BucketName: String(c.requestParameters.s3BucketName) })
          if (c.eventName === 'StartLogging') trail.startLogging(String(c.requestParameters.name))
          const outcome = trail.recordApiCall({
            eventTime: c.at,
            eventSource: c.eventSource,
            eventName: c.eventName,
            awsRegion: REGION,
            userIdentity: LEARNER,
            sourceIPAddress: '198.51.100.24',
            userAgent: 'mlops-lab-console',
            requestParameters: c.requestParameters,
            responseElements: c.responseElements ?? null,
            ...(c.resource ? { resources: [{ ARN: c.resource.arn, accountId: ACCOUNT_ID, type: c.resource.type }] } : {})
          })
          // EventBridge receives "AWS API Call via CloudTrail" only while a trail logs the call.
          if (outcome && outcome.trailNames.length > 0) bus.putEvents([buildApiCallEvent(ids, outcome.record)], c.at)
        }
      })
    }
    for (const e of alarmEvents) {
      timeline.push({ at: e.at, order: 2, run: () => bus.putEvents([e.build(ids)], e.at) })
    }
    timeline.sort((a, b) => a.at - b.at || a.order - b.order)
    for (const t of timeline) t.run()
    notifications.sort((a, b) => a.at - b.at)

    this.cache = { metrics, endpoints: endpointViews, simulations, alarms, trail, bus, notifications, totalCostUsd: totalCost }
    return this.cache
  }

  private evaluateAlarms(metrics: MetricStore): {
    alarms: AlarmView[]
    alarmEvents: { at: number; build: (ids: ReturnType<typeof createIdGenerator>) => EventBridgeEvent<unknown> }[]
    alarmNotifications: Notification[]
  } {
    // Imported bindings read once: the loops below run once per period or minute.
    const stateNames = ALARM_STATES
    const minuteMs = MINUTE_MS
    const views = new Map<string, AlarmView>()
    const alarmEvents: { at: number; build: (ids: ReturnType<typeof createIdGenerator>) => EventBridgeEvent<unknown> }[] = []
    const alarmNotifications: Notification[] = []
    const metricRecords = [...this.alarms.values()].filter((a) => a.segments.some((s) => s.definition.type === 'metric'))
    const compositeRecords = [...this.alarms.values()].filter((a) => a.segments.every((s) => s.definition.type === 'composite'))

    const record = (rec: AlarmRecord, view: AlarmView, defFor: (t: number) => AlarmDefinition) => {
      for (const h of view.history) {
        const d = defFor(h.timestamp)
        const actions = d.type === 'metric' ? (d.def.ActionsEnabled === false ? [] : stateActions(d.def, h.newState)) : h.newState === 'ALARM' ? d.def.AlarmActions : []
        for (const arn of actions) {
          alarmNotifications.push({
            at: h.timestamp,
            via: 'CloudWatch alarm action',
            target: arn,
            kind: arnKind(arn),
            subject: `ALARM: "${rec.name}" ${h.oldState} → ${h.newState}`,
            detail: h.reason
          })
        }
        alarmEvents.push({
          at: h.timestamp,
          build: (ids) =>
            buildAlarmStateChangeEvent(
              { account: ACCOUNT_ID, region: REGION, ids },
              {
                alarmName: rec.name,
                description: d.def.AlarmDescription,
                metrics:
                  d.type === 'metric'
                    ? [
                        {
                          id: 'm1',
                          metricStat: {
                            metric: {
                              namespace: d.def.Namespace,
                              name: d.def.MetricName,
                              dimensions: Object.fromEntries(d.def.Dimensions.map((x) => [x.Name, x.Value]))
                            },
                            period: d.def.Period,
                            stat: d.def.ExtendedStatistic ?? d.def.Statistic ?? 'Average'
                          },
                          returnData: true
                        }
                      ]
                    : [],
                state: { value: h.newState, reason: h.reason, timestampMs: h.timestamp },
                previousState: { value: h.oldState, reason: '', timestampMs: h.timestamp }
              }
            )
        })
      }
    }

    for (const rec of metricRecords) {
      const end = rec.deletedAt ?? this.nowMs
      let state: AlarmState = 'INSUFFICIENT_DATA'
      const view = newAlarmView(rec, 'metric')
      rec.segments.forEach((seg, k) => {
        if (seg.definition.type !== 'metric') return
        const def = seg.definition.def
        view.definition = { ...def }
        const to = Math.min(k + 1 < rec.segments.length ? rec.segments[k + 1].from : end, end)
        if (to <= seg.from) return
        const data = metrics.get({ Namespace: def.Namespace, MetricName: def.MetricName, Dimensions: def.Dimensions })
        const series = data?.series ?? emptySeries(seg.from)
        const timeline = evaluateMetricAlarm(def, series, { startTime: seg.from, endTime: to }, state)
        const { states, periodStarts } = timeline
        appendStateSegments(view.segments, states, periodStarts, def.Period * 1000, to)
        for (const h of timeline.history) {
          view.history.push({ timestamp: h.timestamp, oldState: h.oldState, newState: h.newState, reason: h.reason })
          view.StateReason = h.reason
          view.StateUpdatedTimestamp = h.timestamp
        }
        if (states.length > 0) state = stateNames[states[states.length - 1]]
      })
      view.StateValue = state
      views.set(rec.name, view)
      record(rec, view, (t) => definitionAt(rec, t))
    }

    for (const rec of compositeRecords) {
      const end = rec.deletedAt ?? this.nowMs
      let state: AlarmState = 'INSUFFICIENT_DATA'
      const view = newAlarmView(rec, 'composite')
      rec.segments.forEach((seg, k) => {
        if (seg.definition.type !== 'composite') return
        const def = seg.definition.def
        view.definition = { ...def }
        const to = Math.min(k + 1 < rec.segments.length ? rec.segments[k + 1].from : end, end)
        const n = Math.floor((to - seg.from) / MINUTE_MS)
        if (n <= 0) return
        const ast = parseAlarmRule(def.AlarmRule)
        const children: Record<string, Uint8Array> = {}
        for (const name of referencedAlarms(ast)) children[name] = stateGrid(views.get(name)?.segments ?? [], seg.from, n)
        const starts = new Float64Array(n)
        const timestamps = new Float64Array(n)
        for (let i = 0; i < n; i++) {
          starts[i] = seg.from + i * minuteMs
          timestamps[i] = seg.from + (i + 1) * minuteMs
        }
        const result = evaluateCompositeAlarm(ast, children, { initialState: state, timestamps })
        appendStateSegments(view.segments, result.states, starts, minuteMs, Infinity)
        for (const h of result.history) {
          view.history.push({ timestamp: h.timestamp ?? seg.from, oldState: h.oldState, newState: h.newState, reason: h.reason })
          view.StateReason = h.reason
          view.StateUpdatedTimestamp = h.timestamp ?? seg.from
        }
        state = stateNames[result.states[n - 1]]
      })
      view.StateValue = state
      views.set(rec.name, view)
      record(rec, view, (t) => definitionAt(rec, t))
    }

    const live = [...this.alarms.values()].filter((a) => a.deletedAt === null).map((a) => a.name)
    return { alarms: live.map((n) => views.get(n)!).filter(Boolean), alarmEvents, alarmNotifications }
  }

  // ---- views for the channels ----------------------------------------------------------------

  summaryParts() {
    const m = this.materialize()
    return {
      seed: this.seed,
      startTime: this.startTime,
      now: this.nowMs,
      nowIso: toIso(this.nowMs),
      actions: this.applied.map((a) => ({ index: a.index, type: a.action.type, at: a.at, summary: describeAction(a.action) })),
      endpoints: m.endpoints,
      alarms: m.alarms.map((a) => ({
        AlarmName: a.AlarmName,
        type: a.type,
        StateValue: a.StateValue,
        StateReason: a.StateReason,
        StateUpdatedTimestamp: a.StateUpdatedTimestamp
      })),
      rules: [...this.rules.entries()].map(([Name, r]) => ({ Name, EventPattern: r.EventPattern, State: r.State, Targets: r.Targets })),
      trails: [...this.trails.entries()].map(([Name, t]) => ({ Name, S3BucketName: t.S3BucketName, IsLogging: true })),
      totalCostUsd: m.totalCostUsd,
      notifications: m.notifications.length
    }
  }
}

/** An alarm as CloudWatch shows it right after PutMetricAlarm / PutCompositeAlarm. */
function newAlarmView(rec: AlarmRecord, type: AlarmView['type']): AlarmView {
  return {
    AlarmName: rec.name,
    type,
    StateValue: 'INSUFFICIENT_DATA',
    StateReason: 'Unchecked: Initial alarm creation',
    StateUpdatedTimestamp: rec.createdAt,
    definition: {},
    segments: [],
    history: []
  }
}

function definitionAt(rec: AlarmRecord, t: number): AlarmDefinition {
  let d = rec.segments[0].definition
  for (const s of rec.segments) if (s.from <= t) d = s.definition
  return d
}

function stateActions(def: MetricAlarmDefinition, state: AlarmState): string[] {
  if (state === 'ALARM') return def.AlarmActions ?? []
  if (state === 'OK') return def.OKActions ?? []
  return def.InsufficientDataActions ?? []
}

/**
 * Appends evaluation periods (state codes, start times, each `lengthMs` long but ending by `to`) to
 * a state timeline: a period continuing the last segment's state from where it ends extends it,
 * any other starts a new segment.
 */
function appendStateSegments(segments: StateSegment[], states: Uint8Array, starts: ArrayLike<number>, lengthMs: number, to: number): void {
  const names = ALARM_STATES
  let last = segments.length > 0 ? segments[segments.length - 1] : undefined
  for (let i = 0; i < states.length; i++) {
    const state = names[states[i]]
    const start = starts[i]
    const end = Math.min(start + lengthMs, to)
    if (last && last.state === state && last.end === start) last.end = end
    else segments.push((last = { start, end, state }))
  }
}

/** A child's state at each minute of [from, from + n minutes), from its state segments. */
function stateGrid(segments: StateSegment[], from: number, n: number): Uint8Array {
  const grid = new Uint8Array(n).fill(2)
  for (const s of segments) {
    const code = ALARM_STATES.indexOf(s.state)
    const a = Math.max(0, Math.floor((s.start - from) / MINUTE_MS))
    const b = Math.min(n, Math.ceil((s.end - from) / MINUTE_MS))
    if (b > a) grid.fill(code, a, b)
  }
  return grid
}

function summarizeEvent(e: EventBridgeEvent<unknown>): string {
  const d = e.detail as Record<string, unknown>
  if (e['detail-type'] === 'CloudWatch Alarm State Change') {
    const state = d.state as { value: string; reason: string }
    return `${String(d.alarmName)} is ${state.value}: ${state.reason}`
  }
  if (e['detail-type'] === 'AWS API Call via CloudTrail') return `${String(d.eventSource)} ${String(d.eventName)} by ${String((d.userIdentity as { arn?: string })?.arn ?? 'unknown')}`
  return JSON.stringify(d).slice(0, 300)
}

export function describeAction(a: SandboxAction): string {
  switch (a.type) {
    case 'CreateEndpoint':
      return `Create endpoint ${a.EndpointName} (${a.ProductionVariants.map((v) => `${v.InitialInstanceCount} × ${v.InstanceType}`).join(', ')}), ${a.Traffic.pattern} traffic`
    case 'UpdateEndpoint':
      return `Update endpoint ${a.EndpointName} to ${a.ProductionVariants.map((v) => `${v.InitialInstanceCount} × ${v.InstanceType}`).join(', ')}`
    case 'DeleteEndpoint':
      return `Delete endpoint ${a.EndpointName}`
    case 'PutScalingPolicy':
      return `Target tracking on ${a.EndpointName}/${a.VariantName}: ${a.TargetValue} invocations per instance, ${a.MinCapacity}–${a.MaxCapacity} instances`
    case 'DeleteScalingPolicy':
      return `Remove scaling policy from ${a.EndpointName}/${a.VariantName}`
    case 'SetTraffic':
      return `Traffic on ${a.EndpointName}: ${a.Traffic.pattern}, ${a.Traffic.baseRpm} requests/min`
    case 'InjectIncident':
      return `Incident on ${a.EndpointName}: ${a.Incident.kind} in ${a.StartsInMinutes} min`
    case 'PutMetricAlarm':
      return `Alarm ${a.AlarmName}: ${a.ExtendedStatistic ?? a.Statistic} ${a.MetricName} ${a.ComparisonOperator} ${a.Threshold}, ${a.DatapointsToAlarm ?? a.EvaluationPeriods} of ${a.EvaluationPeriods} × ${a.Period}s`
    case 'PutCompositeAlarm':
      return `Composite alarm ${a.AlarmName}: ${a.AlarmRule}`
    case 'DeleteAlarms':
      return `Delete alarms ${a.AlarmNames.join(', ')}`
    case 'PutRule':
      return `EventBridge rule ${a.Name}`
    case 'PutTargets':
      return `Targets for rule ${a.Rule}: ${a.Targets.map((t) => t.Id).join(', ')}`
    case 'DeleteRule':
      return `Delete rule ${a.Name}`
    case 'CreateTrail':
      return `CloudTrail trail ${a.Name} → s3://${a.S3BucketName}`
    case 'AdvanceClock':
      return `Advance the clock ${a.Minutes >= 1440 && a.Minutes % 1440 === 0 ? `${a.Minutes / 1440} day(s)` : a.Minutes >= 60 && a.Minutes % 60 === 0 ? `${a.Minutes / 60} hour(s)` : `${a.Minutes} minute(s)`}`
  }
}

