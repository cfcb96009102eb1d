/**
 * The sandbox channels: worlds saved in the store as seed + actions, replayed on demand, and the
 * stateless alarm evaluator. A refused action leaves both the world in memory and the saved copy
 * untouched, because the world validates before it changes and the store is written only after.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { ParsedReq, Res } from '../../shared/contract'
import { LabError } from '../../shared/errors'
import type { SandboxAction } from '../../shared/contract/sandbox'
import { INSTANCE_TYPES } from '../sandbox/catalog'
import type { CloudTrailService } from '../sandbox/cloudtrail/trail'
import {
  ALARM_STATES,
  computePeriodStatistics,
  evaluateAlarmSeries,
  formatReason,
  validateMetricAlarm,
  type ComparisonOperator,
  type TreatMissingData
} from '../sandbox/cloudwatch'
import { INCIDENT_KINDS, SIMPLIFICATIONS, TRAFFIC_PATTERNS } from '../sandbox/workload'
import { ACCOUNT_ID, REGION } from '../sandbox/core/account'
import { MODEL_PRESETS } from '../sandbox/sagemaker/presets'
import { MAX_ADVANCE_MINUTES, MAX_WORLD_MINUTES, World, worldParts } from '../sandbox/world'
import type { ProgressStore } from '../store/progress-store'
import type { Handlers } from './dispatch'

/** GetMetricData returns at most 100,800 datapoints per call (CloudWatch API Reference). */
export const MAX_METRIC_DATAPOINTS = 100_800
/** Worlds kept replayed in memory; others are replayed from the store when opened. */
const WORLD_CACHE_SIZE = 4

/** What the sandbox simplifies beyond the workload model, shown in the console. */
export const WORLD_SIMPLIFICATIONS: readonly string[] = [
  'CreateEndpoint takes its variants inline; on AWS you create a model and an endpoint configuration first. CloudTrail still records CreateEndpointConfig and CreateEndpoint.',
  'A change to an endpoint, its scaling policy or its traffic starts a new simulation from that minute; a variant on the same instance type keeps its instance count, while queued requests and scaling cooldowns start afresh.',
  'Alarm actions and EventBridge targets deliver into the Notifications list instead of sending email, starting pipelines or invoking functions.',
  'Alarms are evaluated at the end of each period from the minute they were created; CloudWatch evaluates on its own schedule, usually within a minute of that.',
  'Prices are illustrative on-demand rates (us-east-1) with an as-of date; cost counts instance hours only.'
]

type SandboxChannel =
  | 'cloudwatch.evaluateAlarm'
  | 'sandbox.catalog'
  | 'sandbox.listWorlds'
  | 'sandbox.createWorld'
  | 'sandbox.getWorld'
  | 'sandbox.deleteWorld'
  | 'sandbox.act'
  | 'sandbox.listMetrics'
  | 'sandbox.getMetricData'
  | 'sandbox.describeAlarms'
  | 'sandbox.lookupEvents'
  | 'sandbox.notifications'

export function evaluateAlarmChannel(req: ParsedReq<'cloudwatch.evaluateAlarm'>): Res<'cloudwatch.evaluateAlarm'> {
  // The alarm fields get PutMetricAlarm's own checks; the metric identity is irrelevant here.
  try {
    validateMetricAlarm({ AlarmName: 'evaluateAlarm', Namespace: 'Sandbox', MetricName: 'Series', Statistic: 'Average', ...req.alarm })
  } catch (err) {
    if (err instanceof LabError) {
      const issues = err.issues.map((i) => ({ path: `alarm.${i.path}`, message: i.message }))
      throw new LabError(err.code, `${issues[0]?.path}: ${issues[0]?.message}`, issues)
    }
    throw err
  }
  const result = evaluateAlarmSeries(
    {
      Period: req.alarm.Period,
      EvaluationPeriods: req.alarm.EvaluationPeriods,
      DatapointsToAlarm: req.alarm.DatapointsToAlarm,
      Threshold: req.alarm.Threshold,
      ComparisonOperator: req.alarm.ComparisonOperator as ComparisonOperator,
      TreatMissingData: req.alarm.TreatMissingData as TreatMissingData | undefined
    },
    req.datapoints,
    { initialState: req.initialState }
  )
  const onlyTransitions = req.reasons === 'transitions'
  // Read once into locals: this loop builds one object per period (a million in the bench), and an
  // imported binding is a property read through the module namespace on every access.
  const states = result.states
  const stateNames = ALARM_STATES
  const n = states.length
  const evaluations = new Array<{ index: number; state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'; reason: string }>(n)
  let previous = result.initialState
  for (let i = 0; i < n; i++) {
    const code = states[i]
    evaluations[i] = { index: i, state: stateNames[code], reason: !onlyTransitions || code !== previous ? formatReason(result, i) : '' }
    previous = code
  }
  return { evaluations, finalState: stateNames[n > 0 ? states[n - 1] : result.initialState] }
}

export function createSandboxHandlers(store: ProgressStore): Pick<Handlers, SandboxChannel | BillingChannel> {
  const cache = new Map<string, World>()

  function remember(id: string, world: World): World {
    cache.delete(id)
    cache.set(id, world)
    while (cache.size > WORLD_CACHE_SIZE) cache.delete(cache.keys().next().value as string)
    return world
  }

  function open(worldId: string): World {
    const hit = cache.get(worldId)
    if (hit) return remember(worldId, hit)
    const row = store.getWorld(worldId)
    if (!row) throw new LabError('NOT_FOUND', `No sandbox world with id "${worldId}".`, [{ path: 'worldId', message: 'no such world' }])
    return remember(worldId, World.replay(row.seed, row.actions as SandboxAction[]))
  }

  function summary(worldId: string, world: World): Res<'sandbox.getWorld'> {
    const row = store.getWorld(worldId)
    return { id: worldId, name: row?.name ?? worldId, ...worldParts(world) }
  }

  return {
    'cloudwatch.evaluateAlarm': evaluateAlarmChannel,

    'sandbox.catalog': () => ({
      instanceTypes: INSTANCE_TYPES.map((t) => ({
        name: t.name,
        family: t.family,
        category: t.category,
        vcpu: t.vcpu,
        memoryGiB: t.memoryGiB,
        accelerator: t.accelerator ? `${t.accelerator.count} × ${t.accelerator.name}` : null,
        pricePerHour: t.pricePerHour,
        priceAsOf: t.priceAsOf,
        priceSource: t.priceSource
      })),
      modelPresets: MODEL_PRESETS.map((p) => ({ id: p.id, label: p.label, description: p.description })),
      trafficPatterns: [...TRAFFIC_PATTERNS],
      incidentKinds: [...INCIDENT_KINDS],
      simplifications: [...SIMPLIFICATIONS, ...WORLD_SIMPLIFICATIONS],
      limits: { maxAdvanceMinutes: MAX_ADVANCE_MINUTES, maxWorldMinutes: MAX_WORLD_MINUTES },
      accountId: ACCOUNT_ID,
      region: REGION
    }),

    'sandbox.listWorlds': () => {
      const { worlds, unreadable } = store.readWorlds()
      return {
        worlds: worlds.map((w) => ({ id: w.id, name: w.name, seed: w.seed, actionCount: w.actionCount, updatedAt: w.updatedAt })),
        unreadable
      }
    },

    'sandbox.createWorld': ({ name, seed }) => {
      const id = randomUUID()
      const now = new Date().toISOString()
      const worldSeed = seed ?? randomBytes(5).toString('hex')
      store.putWorld({ id, name, seed: worldSeed, actions: [], createdAt: now, updatedAt: now })
      return summary(id, remember(id, new World(worldSeed)))
    },

    'sandbox.getWorld': ({ worldId }) => summary(worldId, open(worldId)),

    'sandbox.deleteWorld': ({ worldId }) => {
      if (!store.deleteWorld(worldId)) throw new LabError('NOT_FOUND', `No sandbox world with id "${worldId}".`, [{ path: 'worldId', message: 'no such world' }])
      cache.delete(worldId)
      return { ok: true as const }
    },

    'sandbox.act': ({ worldId, action }) => {
      const row = store.getWorld(worldId)
      if (!row) {
        // Gone from the store (reset, import) while still cached: the store is the truth.
        cache.delete(worldId)
        throw new LabError('NOT_FOUND', `No sandbox world with id "${worldId}".`, [{ path: 'worldId', message: 'no such world' }])
      }
      const world = open(worldId)
      try {
        world.apply(action)
      } catch (err) {
        if (err instanceof LabError) {
          const issues = err.issues.map((i) => ({ path: i.path ? `action.${i.path}` : 'action', message: i.message }))
          throw new LabError(err.code, err.message, issues)
        }
        throw err
      }
      store.putWorld({ ...row, actions: world.actions.map((a) => a.action), updatedAt: new Date().toISOString() })
      return summary(worldId, world)
    },

    'sandbox.listMetrics': ({ worldId }) => ({
      metrics: open(worldId)
        .cloudwatch.metrics.list()
        .map((m) => ({ Namespace: m.id.Namespace, MetricName: m.id.MetricName, Dimensions: m.id.Dimensions.map((d) => ({ ...d })), Unit: m.unit }))
    }),

    'sandbox.getMetricData': (q) => {
      const world = open(q.worldId)
      const startTime = q.StartTime ?? world.startTime
      const endTime = q.EndTime ?? world.now
      if (endTime <= startTime) {
        throw new LabError('VALIDATION', 'EndTime must be after StartTime.', [{ path: 'EndTime', message: 'must be after StartTime' }])
      }
      if (!(q.Period >= 1) || (endTime - startTime) / (q.Period * 1000) > MAX_METRIC_DATAPOINTS) {
        const shortest = Math.ceil((endTime - startTime) / 1000 / MAX_METRIC_DATAPOINTS / 60) * 60
        throw new LabError('VALIDATION', `Period: this range needs a Period of at least ${shortest} s (at most ${MAX_METRIC_DATAPOINTS} datapoints per request).`, [
          { path: 'Period', message: `at least ${shortest} for this time range` }
        ])
      }
      const data = world.cloudwatch.metrics.get(q)
      if (!data) {
        throw new LabError('NOT_FOUND', `No metric ${q.Namespace} ${q.MetricName} with those dimensions in this world.`, [
          { path: 'MetricName', message: 'no such metric; see sandbox.listMetrics' }
        ])
      }
      const stats = computePeriodStatistics(data.series, { startTime, endTime, period: q.Period, stat: q.Stat })
      return {
        Label: `${q.MetricName} (${q.Stat}, ${q.Period} s)`,
        Unit: data.unit,
        Period: q.Period,
        Timestamps: Array.from(stats.timestamps),
        Values: Array.from(stats.values, (v) => (Number.isNaN(v) ? null : v)),
        SampleCounts: Array.from(stats.sampleCounts)
      }
    },

    'sandbox.describeAlarms': ({ worldId }) => ({
      alarms: (() => {
        const world = open(worldId)
        return world.cloudwatch.describe(world.now)
      })()
    }),

    'sandbox.lookupEvents': ({ worldId, ...req }) => {
      const world = open(worldId)
      // The trail checks AttributeKey against the eight keys LookupEvents accepts and names a wrong one.
      const res = world.cloudtrail.lookupEvents(req as Parameters<CloudTrailService['lookupEvents']>[0], world.now)
      return {
        Events: res.Events.map((e) => ({ ...e, Resources: e.Resources.map((r) => ({ ...r })) })),
        ...(res.NextToken ? { NextToken: res.NextToken } : {})
      }
    },

    'sandbox.notifications': ({ worldId }) => ({ notifications: open(worldId).notifications.list().map((n) => ({ ...n })) }),

    ...createBillingReadHandlers(open)
  }
}

// ---- Billing: Cost Explorer, Budgets, cost allocation tags, Service Quotas, tags (issue #11) -------
// The world reads of src/shared/contract/billing.ts. Each takes { worldId } and answers a bounded
// result: a world's billing is bounded by its days (≤ 92), endpoints (≤ 40), budgets (≤ 20) and the
// catalog's instance types.

type BillingChannel =
  | 'sandbox.getCostAndUsage'
  | 'sandbox.getCostForecast'
  | 'sandbox.describeBudgets'
  | 'sandbox.listCostAllocationTags'
  | 'sandbox.listServiceQuotas'
  | 'sandbox.describeScalingActivities'
  | 'sandbox.listTags'

function createBillingReadHandlers(open: (worldId: string) => World): Pick<Handlers, BillingChannel> {
  return {
    'sandbox.getCostAndUsage': ({ worldId, ...req }) => {
      const world = open(worldId)
      return world.billing.costAndUsage(req, world.now)
    },
    'sandbox.getCostForecast': ({ worldId, Filter }) => {
      const world = open(worldId)
      return world.billing.forecast(Filter, world.now)
    },
    'sandbox.describeBudgets': ({ worldId }) => {
      const world = open(worldId)
      return world.billing.describeBudgets(world.now)
    },
    'sandbox.listCostAllocationTags': ({ worldId }) => open(worldId).billing.costAllocationTags(),
    'sandbox.listServiceQuotas': ({ worldId }) => {
      const world = open(worldId)
      return { Quotas: world.quotas.list((type) => world.sagemaker.instancesInUse(type)), Requests: world.quotas.history().map((r) => ({ ...r })) }
    },
    // Application Auto Scaling's DescribeScalingActivities: newest first, at most MaxResults (default 50).
    'sandbox.describeScalingActivities': ({ worldId, ResourceId, MaxResults }) => ({
      ScalingActivities: open(worldId)
        .autoscaling.activities()
        .filter((a) => ResourceId === undefined || a.resourceId === ResourceId)
        .slice(-(MaxResults ?? 50))
        .reverse()
        .map((a) => ({
          ServiceNamespace: 'sagemaker' as const,
          ResourceId: a.resourceId,
          ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' as const,
          Description: `Setting desired instance count to ${a.toCount}.`,
          Cause: a.cause,
          StartTime: a.time,
          EndTime: a.StatusCode === 'Failed' ? a.time : a.readyAt,
          StatusCode: a.StatusCode,
          StatusMessage: a.StatusMessage,
          Details: a.details
        }))
    }),
    'sandbox.listTags': ({ worldId, ResourceArn }) => ({ Tags: open(worldId).sagemaker.listTags(ResourceArn) })
  }
}
