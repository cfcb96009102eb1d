/**
 * The `deploy` lab step kind: the learner releases a new model version on the scenario World's
 * endpoint — an UpdateEndpoint with DeploymentConfig (blue/green ALL_AT_ONCE, CANARY or LINEAR, or a
 * RollingUpdatePolicy) watched by an auto-rollback alarm of their own, an in-place UpdateEndpoint
 * without guardrails, a shadow variant that gets a sampled copy of the traffic, or an A/B test (a
 * weighted candidate production variant) — and the world is
 * advanced minute by minute over the window that starts with the update. Every number of the result
 * is read from that world (its endpoint's totals, the deployment's fleets, the alarm's state, the
 * bill), and the same actions open in the sandbox (sandboxActions), so the console shows the same
 * numbers.
 *
 * AWS: SageMaker developer guide, "Deployment guardrails", "Blue/Green Deployments" (all at once,
 * canary, linear), "Use rolling deployments", "Auto-Rollback Configuration and Monitoring" (the
 * guardrails roll back only when an alarm named in AutoRollbackConfiguration goes to ALARM during
 * baking; without one the deployment completes whatever the new version does), and "Shadow tests"
 * (the shadow variant's answers reach nobody, and you pay for its instances), and "Test models in
 * production" (A/B production variants answer their weight's share of the requests). The DeploymentConfig
 * ranges are checked by the world (deploy/config.ts planDeployment), which names the field.
 *
 * What the summary counts, over the window (as deploy/kernel.ts counts them, so the labs and the
 * Compare view agree):
 * - requestsServed: requests the clients sent; requestsFailed: answered with a 5XX; requestsDegraded:
 *   answered without an error by a version with a quality drop. affectedShare = (failed + degraded) / sent.
 * - timeToDetectSeconds: from the first minute the new version answered clients to the first minute
 *   boundary with the auto-rollback alarm in ALARM; null for a healthy version or when it never fired.
 * - timeToRecoverSeconds: from the first minute the new version answered clients to the first minute
 *   it answered none again; null for a healthy version or when it still answered at the window's end.
 * - durationSeconds: until the deployment reached COMPLETED (old fleet terminated) or ROLLED_BACK;
 *   0 for an in-place update, null for a shadow or A/B test (they run to the window's end).
 * - peakInstances, costUsd: billed instances (both fleets, a shadow's too), at the catalog's price.
 */
import { z } from 'zod'
import { LabError } from '../../../../shared/errors'
import type { DeployStepRun } from '../../../../shared/contract/deploy'
import type { SandboxAction } from '../../../../shared/contract/sandbox'
import { MINUTE_MS } from '../../core/time'
import { checksFor, type KindRun, type LabInputs, type RunContext, type StepKind } from '../../labs/kinds'
import type { LabStep } from '../../labs/schema'
import { World } from '../../world'
import { BASELINE_ACCURACY } from '../fleet'

type Result = DeployStepRun['result']
type Summary = Result['deploy']['summary']
type Update = Extract<SandboxAction, { type: 'UpdateEndpoint' }>
type Variant = Update['ProductionVariants'][number]
type Create = Extract<SandboxAction, { type: 'CreateEndpoint' }>

/** The A/B test's candidate variant. */
const CANDIDATE = 'Candidate'

/** The strategies a learner picks: TrafficRoutingConfiguration Type, RollingUpdatePolicy, no guardrails, or a shadow variant. */
export const DEPLOY_TYPES = ['ALL_AT_ONCE', 'CANARY', 'LINEAR', 'ROLLING', 'IN_PLACE', 'SHADOW', 'AB_TEST'] as const
type DeployType = (typeof DEPLOY_TYPES)[number]
/** Metrics an auto-rollback alarm may watch on the variant (the ones the endpoint publishes that a defect moves). */
const ALARM_METRICS = ['Invocation5XXErrors', 'ModelLatency', 'Invocations'] as const

export const DEPLOY_FIELDS = [
  'Type',
  'CanarySize.Type',
  'CanarySize.Value',
  'LinearStepSize.Type',
  'LinearStepSize.Value',
  'WaitIntervalInSeconds',
  'TerminationWaitInSeconds',
  'MaximumExecutionTimeoutInSeconds',
  'MaximumBatchSize.Type',
  'MaximumBatchSize.Value',
  'RollbackMaximumBatchSize.Value',
  'AutoRollbackAlarm',
  'MetricName',
  'Statistic',
  'Threshold',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'SamplingPercentage',
  'ShadowInstanceCount',
  'CandidateWeightPercent',
  'CandidateInstanceCount'
] as const

const Defect = z.strictObject({ errorRate: z.number().min(0).max(1).default(0), latencyMultiplier: z.number().min(1).max(20).default(1), qualityDrop: z.number().min(0).max(1).default(0) })

const DeployFixed = z.strictObject({
  /** The endpoint of the scenario's setup that gets the new version (default: the only one). */
  EndpointName: z.string().min(1).max(63).optional(),
  /** Minutes after the scenario's start when the learner's UpdateEndpoint is called (the alarm has history by then). */
  startMinute: z.number().int().min(0).max(1440).default(10),
  /** The window the result reads, from the update on. */
  windowMinutes: z.number().int().min(10).max(1440).default(60),
  /** What the new model version does wrong (sandbox-only Defect). */
  newVersion: Defect.default({ errorRate: 0, latencyMultiplier: 1, qualityDrop: 0 }),
  /** Also run the same release of a healthy version, for the rollout's own cost and duration. */
  healthyReference: z.boolean().default(false),
  /** Defaults of the learner's fields that the step does not ask for (same names as the inputs' fields). */
  defaults: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  /** The auto-rollback alarm's name and the statistic/period it uses; created by the step unless AutoRollbackAlarm is "none". */
  alarm: z
    .strictObject({ AlarmName: z.string().min(1).max(255), Period: z.number().int().min(60).max(3600).default(60) })
    .default({ AlarmName: 'new-version-5xx', Period: 60 })
})
type Fixed = z.infer<typeof DeployFixed>

interface Choice {
  type: DeployType
  values: Record<string, string | number>
}

/** The learner's values by AWS field: the step's inputs over its fixed defaults. */
function valuesOf(step: LabStep, fixed: Fixed, inputs: LabInputs): Record<string, string | number> {
  const by: Record<string, string | number> = { ...fixed.defaults }
  for (const def of step.inputs) if (inputs[def.id] !== undefined) by[def.field] = inputs[def.id]
  return by
}

function choice(ctx: RunContext<Fixed>): Choice {
  const values = valuesOf(ctx.step, ctx.fixed, ctx.inputs)
  const type = String(values.Type ?? 'ALL_AT_ONCE')
  if (!(DEPLOY_TYPES as readonly string[]).includes(type)) {
    throw new LabError('VALIDATION', `Type must be one of ${DEPLOY_TYPES.join(', ')}, got ${type}`, [{ path: 'Type', message: `must be one of ${DEPLOY_TYPES.join(', ')}` }])
  }
  return { type: type as DeployType, values }
}

function num(values: Record<string, string | number>, field: string, fallback: number): number {
  const v = values[field]
  if (v === undefined || v === '') return fallback
  const n = Number(v)
  if (!Number.isFinite(n)) throw new LabError('VALIDATION', `${field} must be a number, got ${String(v)}`, [{ path: field, message: 'must be a number' }])
  return n
}

function str(values: Record<string, string | number>, field: string, fallback: string): string {
  const v = values[field]
  return v === undefined || v === '' ? fallback : String(v)
}

/** The setup's endpoint that gets the new version. */
function targetEndpoint(ctx: RunContext<Fixed>): Create {
  const created = ctx.lab.scenario.setup.filter((a): a is Create => a.type === 'CreateEndpoint')
  const ep = ctx.fixed.EndpointName ? created.find((c) => c.EndpointName === ctx.fixed.EndpointName) : created.length === 1 ? created[0] : undefined
  if (!ep) throw new LabError('VALIDATION', 'the scenario must create the endpoint the deploy step updates (fixed.EndpointName)', [{ path: 'EndpointName', message: 'name an endpoint the setup creates' }])
  return ep
}

/** The auto-rollback alarm of the learner's choice (PutMetricAlarm on the variant: both fleets together), or null for "none". */
function alarmAction(ctx: RunContext<Fixed>, c: Choice, ep: Create): Extract<SandboxAction, { type: 'PutMetricAlarm' }> | null {
  const watched = str(c.values, 'AutoRollbackAlarm', ctx.fixed.alarm.AlarmName)
  if (watched === 'none') return null
  const metric = str(c.values, 'MetricName', 'Invocation5XXErrors')
  if (!(ALARM_METRICS as readonly string[]).includes(metric)) throw new LabError('VALIDATION', `MetricName must be one of ${ALARM_METRICS.join(', ')}`, [{ path: 'MetricName', message: `must be one of ${ALARM_METRICS.join(', ')}` }])
  const periods = num(c.values, 'EvaluationPeriods', 1)
  return {
    type: 'PutMetricAlarm',
    AlarmName: ctx.fixed.alarm.AlarmName,
    Namespace: 'AWS/SageMaker',
    MetricName: metric,
    Dimensions: [
      { Name: 'EndpointName', Value: ep.EndpointName },
      { Name: 'VariantName', Value: ep.ProductionVariants[0].VariantName }
    ],
    // Invocation5XXErrors is 0 or 1 per request, so its Average is the 5XX share (developer guide, "Metrics for monitoring Amazon SageMaker AI").
    Statistic: str(c.values, 'Statistic', 'Average') as 'Average',
    Period: ctx.fixed.alarm.Period,
    EvaluationPeriods: periods,
    DatapointsToAlarm: num(c.values, 'DatapointsToAlarm', periods),
    Threshold: num(c.values, 'Threshold', 0.01),
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching'
  } as Extract<SandboxAction, { type: 'PutMetricAlarm' }>
}

function size(values: Record<string, string | number>, name: string, fallbackValue: number): { Type: string; Value: number } {
  return { Type: str(values, `${name}.Type`, 'CAPACITY_PERCENT'), Value: num(values, `${name}.Value`, fallbackValue) }
}

/** The UpdateEndpoint the learner's choice makes (the new version is the current variant with the lab's Defect). */
function updateAction(ctx: RunContext<Fixed>, c: Choice, ep: Create, alarm: string | null, defect: Fixed['newVersion'] | null): Update {
  const current = ep.ProductionVariants[0]
  const { InitialVariantWeight: _w, Defect: _d, ...base } = current
  const bad =
    defect && (defect.errorRate > 0 || defect.latencyMultiplier > 1 || defect.qualityDrop > 0)
      ? { Defect: { ...(defect.errorRate > 0 ? { errorRate: defect.errorRate } : {}), ...(defect.latencyMultiplier > 1 ? { latencyMultiplier: defect.latencyMultiplier } : {}), ...(defect.qualityDrop > 0 ? { qualityDrop: defect.qualityDrop } : {}) } }
      : {}
  const newVersion: Variant = { ...base, ...bad }
  const v = c.values
  const rollback = alarm ? { AutoRollbackConfiguration: { Alarms: [{ AlarmName: alarm }] } } : {}
  const timeout = v.MaximumExecutionTimeoutInSeconds !== undefined ? { MaximumExecutionTimeoutInSeconds: num(v, 'MaximumExecutionTimeoutInSeconds', 28800) } : {}
  switch (c.type) {
    case 'IN_PLACE':
      return { type: 'UpdateEndpoint', EndpointName: ep.EndpointName, ProductionVariants: [newVersion] }
    case 'SHADOW': {
      // Shadow tests: the shadow variant's weight over production's is the share of requests copied to it.
      const sampling = num(v, 'SamplingPercentage', 100)
      const count = num(v, 'ShadowInstanceCount', current.InitialInstanceCount)
      return {
        type: 'UpdateEndpoint',
        EndpointName: ep.EndpointName,
        ProductionVariants: [{ ...base, InitialVariantWeight: 1 }],
        ShadowProductionVariants: [{ ...newVersion, VariantName: `${current.VariantName}-shadow`, InitialInstanceCount: count, InitialVariantWeight: sampling / 100 }]
      }
    }
    case 'AB_TEST': {
      // Production variants with weights (developer guide, "Test models in production"): each variant
      // answers its weight's share of the requests, so users do get the candidate's answers.
      const weight = num(v, 'CandidateWeightPercent', 10)
      return {
        type: 'UpdateEndpoint',
        EndpointName: ep.EndpointName,
        ProductionVariants: [
          { ...base, InitialVariantWeight: 100 - weight },
          { ...newVersion, VariantName: CANDIDATE, InitialInstanceCount: num(v, 'CandidateInstanceCount', 1), InitialVariantWeight: weight }
        ]
      }
    }
    case 'ROLLING':
      return {
        type: 'UpdateEndpoint',
        EndpointName: ep.EndpointName,
        ProductionVariants: [newVersion],
        DeploymentConfig: {
          RollingUpdatePolicy: {
            MaximumBatchSize: size(v, 'MaximumBatchSize', 25),
            WaitIntervalInSeconds: num(v, 'WaitIntervalInSeconds', 300),
            ...(v['RollbackMaximumBatchSize.Value'] !== undefined ? { RollbackMaximumBatchSize: size(v, 'RollbackMaximumBatchSize', 100) } : {}),
            ...timeout
          },
          ...rollback
        }
      }
    default: {
      const routing = {
        Type: c.type,
        WaitIntervalInSeconds: num(v, 'WaitIntervalInSeconds', 300),
        ...(c.type === 'CANARY' ? { CanarySize: size(v, 'CanarySize', 10) } : {}),
        ...(c.type === 'LINEAR' ? { LinearStepSize: size(v, 'LinearStepSize', 20) } : {})
      }
      return {
        type: 'UpdateEndpoint',
        EndpointName: ep.EndpointName,
        ProductionVariants: [newVersion],
        DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: routing, TerminationWaitInSeconds: num(v, 'TerminationWaitInSeconds', 0), ...timeout }, ...rollback }
      }
    }
  }
}

interface Plan {
  choice: Choice
  endpoint: Create
  alarm: Extract<SandboxAction, { type: 'PutMetricAlarm' }> | null
  /** Whether the alarm is named in AutoRollbackConfiguration (a shadow or in-place update has none). */
  watched: boolean
  actions: (defect: Fixed['newVersion'] | null) => SandboxAction[]
}

function plan(ctx: RunContext<Fixed>): Plan {
  const c = choice(ctx)
  const ep = targetEndpoint(ctx)
  const alarm = alarmAction(ctx, c, ep)
  const watched = alarm !== null && c.type !== 'IN_PLACE' && c.type !== 'SHADOW'
  return {
    choice: c,
    endpoint: ep,
    alarm,
    watched,
    actions: (defect) => [
      ...(alarm ? [alarm] : []),
      ...(ctx.fixed.startMinute > 0 ? [{ type: 'AdvanceClock', Minutes: ctx.fixed.startMinute } as SandboxAction] : []),
      updateAction(ctx, c, ep, watched ? alarm!.AlarmName : null, defect)
    ]
  }
}

type Row = Result['deploy']['timeline'][number]

interface Observed {
  summary: Summary
  timeline: Row[]
  events: { minute: number; message: string }[]
  shadow: Result['deploy']['shadow']
  candidate: Result['deploy']['candidate']
  startedAt: number
  description: string
}

/**
 * Builds the scenario world with the learner's actions after its setup (the same world "open in the
 * sandbox" replays) and reads it minute by minute over the window.
 */
function observe(ctx: RunContext<Fixed>, p: Plan, defect: Fixed['newVersion'] | null): Observed {
  // The scenario's seed and actions (labs/scenario.ts, built by the engine for this step).
  const base = ctx.scenario
  const world = new World(base.seed)
  const name = p.endpoint.EndpointName
  for (const a of [...base.setup, ...p.actions(defect)]) world.apply(a)
  const startedAt = world.now
  // The scenario's incidents and other people's calls follow the learner's actions, as in the world
  // "open in the sandbox" replays (labs/scenario.ts): incidents are scheduled now, calls keep their
  // minutes counted from here; the clock then moves a minute at a time until the window ends.
  const windowEnd = startedAt + ctx.fixed.windowMinutes * MINUTE_MS
  let scenarioAt = startedAt
  const calls: { at: number; action: SandboxAction }[] = []
  for (const a of base.timed) {
    if (a.type === 'InjectIncident') world.apply(a)
    else if (a.type === 'AdvanceClock') scenarioAt += a.Minutes * MINUTE_MS
    else calls.push({ at: scenarioAt, action: a })
  }
  const totals0 = { ...world.sagemaker.endpointTotals(name)! }
  const isNewVersion = p.choice.type !== 'SHADOW'
  const defective = defect !== null && (defect.errorRate > 0 || defect.latencyMultiplier > 1 || defect.qualityDrop > 0)
  const timeline: Row[] = []
  let prev = { ...totals0 }
  let shadowCost0 = 0
  for (let m = 0; m < ctx.fixed.windowMinutes; m++) {
    for (const c of calls) if (c.at === world.now) world.apply(c.action)
    if (m === 0) shadowCost0 = world.sagemaker.summaries().find((e) => e.EndpointName === name)?.shadowVariants[0]?.costUsd ?? 0
    world.apply({ type: 'AdvanceClock', Minutes: 1 })
    const t = world.sagemaker.endpointTotals(name)!
    const e = world.sagemaker.summaries().find((x) => x.EndpointName === name)!
    const d = e.deployment && e.deployment.startedAt >= startedAt ? e.deployment : null
    let newShare: number
    let instances: number
    if (d && d.outcome === 'IN_PROGRESS') {
      newShare = d.fleets.find((f) => f.role === 'green')?.share ?? 0
      instances = d.fleets.reduce((a, f) => a + f.billed, 0)
    } else {
      newShare = p.choice.type === 'AB_TEST' ? (e.variants.find((x) => x.VariantName === CANDIDATE)?.weightShare ?? 0) : !isNewVersion || d?.outcome === 'ROLLED_BACK' ? 0 : 1
      instances = e.variants.reduce((a, v) => a + v.DesiredInstanceCount, 0) + e.shadowVariants.reduce((a, v) => a + v.DesiredInstanceCount, 0)
    }
    const requests = t.requests - prev.requests
    timeline.push({
      minute: m,
      newShare,
      instances,
      requests,
      errorRate: requests > 0 ? (t.errors5xx - prev.errors5xx) / requests : 0,
      degraded: t.degraded - prev.degraded,
      alarm: p.alarm ? world.cloudwatch.alarmState(p.alarm.AlarmName) : null
    })
    prev = { ...t }
  }
  const t = world.sagemaker.endpointTotals(name)!
  const e = world.sagemaker.summaries().find((x) => x.EndpointName === name)!
  const d = e.deployment && e.deployment.startedAt >= startedAt ? e.deployment : null
  const requestsServed = t.requests - totals0.requests
  const requestsFailed = t.errors5xx - totals0.errors5xx
  const requestsDegraded = t.degraded - totals0.degraded
  const firstNew = isNewVersion ? timeline.findIndex((r) => r.newShare > 0) : -1
  let timeToDetectSeconds: number | null = null
  let timeToRecoverSeconds: number | null = null
  if (defective && firstNew >= 0) {
    if (p.watched) {
      // Alarm state read after minute m = its state at the boundary m + 1.
      const k = timeline.findIndex((r, i) => i >= firstNew && r.alarm === 'ALARM')
      if (k >= 0) timeToDetectSeconds = (k + 1 - firstNew) * 60
    }
    const off = timeline.findIndex((r, i) => i > firstNew && r.newShare === 0)
    if (off >= 0) timeToRecoverSeconds = (off - firstNew) * 60
  }
  const outcome = d ? d.outcome : 'COMPLETED'
  const durationSeconds = d ? (d.finishedAt !== null ? (d.finishedAt - d.startedAt) / 1000 : null) : p.choice.type === 'SHADOW' || p.choice.type === 'AB_TEST' ? null : 0
  const events: { minute: number; message: string }[] = []
  if (d) for (const ev of d.events) events.push({ minute: Math.round((ev.at - startedAt) / MINUTE_MS), message: ev.message })
  if (p.alarm) {
    const desc = world.cloudwatch.describe(world.now).find((a) => a.AlarmName === p.alarm!.AlarmName)
    for (const h of desc?.history ?? []) {
      if (h.timestamp < startedAt || h.timestamp > windowEnd) continue
      events.push({ minute: Math.round((h.timestamp - startedAt) / MINUTE_MS), message: `alarm ${p.alarm.AlarmName}: ${h.oldState} → ${h.newState}` })
    }
  }
  events.sort((a, b) => a.minute - b.minute)
  let shadow: Result['deploy']['shadow'] = null
  const s = e.shadowVariants[0]
  if (p.choice.type === 'SHADOW' && s) {
    const drop = defect?.qualityDrop ?? 0
    const answered = s.requests - s.errors5xx
    const p1 = BASELINE_ACCURACY
    const p2 = BASELINE_ACCURACY * (1 - drop)
    // Standard error of the difference of two accuracies, each estimated from `answered` labelled answers.
    const se = answered > 0 ? Math.sqrt((p1 * (1 - p1)) / answered + (p2 * (1 - p2)) / answered) : Infinity
    shadow = { copies: s.requests, copiesFailed: s.errors5xx, copiesDegraded: s.degraded, costUsd: s.costUsd - shadowCost0, productionAccuracy: p1, shadowAccuracy: p2, accuracyStandardError: Number.isFinite(se) ? se : 1 }
  }
  let candidate: Result['deploy']['candidate'] = null
  const cv = e.variants.find((x) => x.VariantName === CANDIDATE)
  if (p.choice.type === 'AB_TEST' && cv) {
    // The variant's counts start with the UpdateEndpoint that created it (sagemaker simplifications), i.e. with the window.
    const answered = cv.requests - cv.errors5xx
    const p1 = BASELINE_ACCURACY
    const p2 = BASELINE_ACCURACY * (1 - (defect?.qualityDrop ?? 0))
    const se = answered > 0 ? Math.sqrt((p1 * (1 - p1)) / Math.max(1, requestsServed - cv.requests) + (p2 * (1 - p2)) / answered) : 1
    candidate = { VariantName: CANDIDATE, weightShare: cv.weightShare, requests: cv.requests, failed: cv.errors5xx, degraded: cv.degraded, costUsd: cv.costUsd, productionAccuracy: p1, candidateAccuracy: p2, accuracyStandardError: se }
  }
  return {
    candidate,
    summary: {
      outcome,
      rollbackReason: d?.rollbackReason ?? null,
      requestsServed,
      requestsFailed,
      requestsDegraded,
      affectedShare: requestsServed > 0 ? (requestsFailed + requestsDegraded) / requestsServed : 0,
      timeToDetectSeconds,
      timeToRecoverSeconds,
      durationSeconds,
      peakInstances: timeline.reduce((a, r) => Math.max(a, r.instances), 0),
      costUsd: t.costUsd - totals0.costUsd
    },
    timeline,
    events,
    shadow,
    startedAt,
    description: d?.description ?? (p.choice.type === 'SHADOW' ? 'shadow test' : p.choice.type === 'AB_TEST' ? 'A/B test: production variants with weights' : 'in-place update, no guardrails')
  }
}

function run(ctx: RunContext<Fixed>): KindRun<Result> {
  const p = plan(ctx)
  const o = observe(ctx, p, ctx.fixed.newVersion)
  const healthy = ctx.fixed.healthyReference ? observe(ctx, p, null).summary : null
  const update = p.actions(ctx.fixed.newVersion).at(-1) as Update
  const { type: _t, ...action } = update
  const s = o.summary
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`
  const secs = (x: number | null): string => (x === null ? 'never' : x < 60 ? `${x} s` : `${(x / 60).toFixed(x % 60 === 0 ? 0 : 1)} min`)
  const facts: Record<string, string> = {
    strategy: p.choice.type,
    description: o.description,
    outcome: s.outcome,
    rollbackReason: s.rollbackReason ?? 'none',
    served: String(s.requestsServed),
    failed: String(s.requestsFailed),
    degraded: String(s.requestsDegraded),
    affected: pct(s.affectedShare),
    detect: secs(s.timeToDetectSeconds),
    recover: secs(s.timeToRecoverSeconds),
    duration: secs(s.durationSeconds),
    peak: String(s.peakInstances),
    cost: `$${s.costUsd.toFixed(2)}`,
    maxNewShare: pct(o.timeline.reduce((a, r) => Math.max(a, r.newShare), 0)),
    healthyCost: healthy ? `$${healthy.costUsd.toFixed(2)}` : 'n/a',
    healthyDuration: healthy ? secs(healthy.durationSeconds) : 'n/a',
    alarm: p.alarm ? `${p.alarm.AlarmName} (${p.alarm.MetricName} ${p.alarm.Statistic} > ${p.alarm.Threshold}, ${p.alarm.DatapointsToAlarm ?? p.alarm.EvaluationPeriods} of ${p.alarm.EvaluationPeriods} × ${p.alarm.Period} s)` : 'none',
    copies: o.shadow ? String(o.shadow.copies) : '0',
    shadowCost: o.shadow ? `$${o.shadow.costUsd.toFixed(2)}` : '$0.00',
    shadowAccuracy: o.shadow ? pct(o.shadow.shadowAccuracy) : 'n/a',
    candidateAnswers: o.candidate ? String(o.candidate.requests - o.candidate.failed) : '0',
    candidateAccuracy: o.candidate ? pct(o.candidate.candidateAccuracy) : 'n/a'
  }
  return {
    result: {
      deploy: {
        strategy: p.choice.type,
        description: o.description,
        action: action as Record<string, unknown>,
        alarm: p.alarm
          ? { AlarmName: p.alarm.AlarmName, MetricName: p.alarm.MetricName, Statistic: String(p.alarm.Statistic), Threshold: p.alarm.Threshold, EvaluationPeriods: p.alarm.EvaluationPeriods, DatapointsToAlarm: p.alarm.DatapointsToAlarm ?? p.alarm.EvaluationPeriods, watched: p.watched }
          : null,
        newVersion: { ...ctx.fixed.newVersion },
        startedAt: o.startedAt,
        windowMinutes: ctx.fixed.windowMinutes,
        summary: s,
        healthy,
        shadow: o.shadow,
        candidate: o.candidate,
        timeline: o.timeline,
        events: o.events
      }
    },
    facts
  }
}

const check = checksFor<Result>()
const Release = z.enum(['defective', 'healthy']).default('defective')

function releaseOf(r: Result, which: 'defective' | 'healthy'): Summary | null {
  return which === 'healthy' ? r.deploy.healthy : r.deploy.summary
}

export const maxAffected = check({
  name: 'maxAffected',
  description: 'At most `percent` % of the requests in the window were failed or degraded by the new version.',
  params: z.strictObject({ percent: z.number().min(0).max(100) }),
  criterion: (p) => `The defective release affects (fails or degrades) at most ${p.percent}% of the requests in the window.`,
  run(ctx, p) {
    const s = ctx.result.deploy.summary
    const share = s.affectedShare * 100
    const why =
      s.outcome === 'ROLLED_BACK'
        ? `it was rolled back by ${s.rollbackReason} after ${s.timeToDetectSeconds ?? '?'} s`
        : s.requestsDegraded > 0 && s.requestsFailed === 0
          ? 'the deployment completed: a quality drop changes no infrastructure metric, so nothing rolled it back'
          : 'the deployment completed, so the new version kept answering until the window ended'
    return { pass: share <= p.percent, diagnostic: `${s.requestsFailed} failed and ${s.requestsDegraded} degraded of ${s.requestsServed} requests = ${share.toFixed(3)}% (limit ${p.percent}%): ${why}.`, details: { affectedPercent: share } }
  }
})

export const maxCost = check({
  name: 'maxCost',
  description: 'The window cost at most `usd` (of the defective release, or of the same release of a healthy version).',
  params: z.strictObject({ usd: z.number().positive(), release: Release }),
  criterion: (p) => `The ${p.release === 'healthy' ? 'rollout of a healthy version' : 'release'} costs at most $${p.usd.toFixed(2)} over the window (every billed instance-minute).`,
  run(ctx, p) {
    const s = releaseOf(ctx.result, p.release)
    if (!s) return { pass: false, diagnostic: 'This step has no healthy reference run (a lab content problem: set fixed.healthyReference).' }
    const extra = s.peakInstances > 0 ? ` Peak ${s.peakInstances} instances billed.` : ''
    return { pass: s.costUsd <= p.usd + 1e-9, diagnostic: `The ${p.release === 'healthy' ? 'healthy rollout' : 'release'} cost $${s.costUsd.toFixed(3)} over the window (limit $${p.usd.toFixed(2)}).${extra}`, details: { costUsd: s.costUsd } }
  }
})

export const finishesWithin = check({
  name: 'finishesWithin',
  description: 'The deployment reached COMPLETED (or ROLLED_BACK) within `minutes` of the update.',
  params: z.strictObject({ minutes: z.number().positive(), release: Release }),
  criterion: (p) => `The ${p.release === 'healthy' ? 'rollout of a healthy version' : 'release'} is over (old fleet terminated) within ${p.minutes} minutes.`,
  run(ctx, p) {
    const s = releaseOf(ctx.result, p.release)
    if (!s) return { pass: false, diagnostic: 'This step has no healthy reference run (a lab content problem: set fixed.healthyReference).' }
    if (s.durationSeconds === null) return { pass: false, diagnostic: `The deployment was still ${s.outcome} when the ${ctx.result.deploy.windowMinutes}-minute window ended.` }
    return { pass: s.durationSeconds <= p.minutes * 60, diagnostic: `The deployment took ${(s.durationSeconds / 60).toFixed(0)} min (${s.outcome}); the limit is ${p.minutes} min.`, details: { durationSeconds: s.durationSeconds } }
  }
})

export const rolledBack = check({
  name: 'rolledBack',
  description: 'The guardrails rolled the defective release back (outcome ROLLED_BACK), optionally before the new version took more than `maxNewSharePercent` % of the traffic.',
  params: z.strictObject({ maxNewSharePercent: z.number().min(0).max(100).default(100) }),
  criterion: (p) => (p.maxNewSharePercent < 100 ? `The deployment rolls back before the new version answers more than ${p.maxNewSharePercent}% of the traffic.` : 'The deployment rolls back on its own (outcome ROLLED_BACK).'),
  run(ctx, p) {
    const d = ctx.result.deploy
    const peak = d.timeline.reduce((a, r) => Math.max(a, r.newShare), 0) * 100
    if (d.summary.outcome !== 'ROLLED_BACK') {
      const why = !d.alarm || !d.alarm.watched ? 'no alarm is named in AutoRollbackConfiguration, so the guardrails had nothing to watch' : `${d.alarm.AlarmName} never went to ALARM while the deployment baked`
      return { pass: false, diagnostic: `The deployment ${d.summary.outcome === 'COMPLETED' ? `completed and the new version took ${peak.toFixed(0)}% of the traffic` : 'was still in progress'}: ${why}.` }
    }
    return { pass: peak <= p.maxNewSharePercent + 1e-9, diagnostic: `Rolled back by ${d.summary.rollbackReason} ${d.summary.timeToDetectSeconds ?? '?'} s after the new version first answered; at most ${peak.toFixed(0)}% of the traffic reached it.`, details: { peakNewSharePercent: peak } }
  }
})

export const guardrailsMissed = check({
  name: 'guardrailsMissed',
  description: 'The release COMPLETED although the new version degraded answers: what infrastructure alarms cannot see.',
  params: z.strictObject({}),
  criterion: () => 'You see the deployment complete with degraded answers, whatever alarm watches it.',
  run(ctx) {
    const s = ctx.result.deploy.summary
    const pass = s.outcome === 'COMPLETED' && s.requestsDegraded > 0
    return { pass, diagnostic: pass ? `COMPLETED with ${s.requestsDegraded} degraded answers (${(s.affectedShare * 100).toFixed(1)}% of requests) and ${s.requestsFailed} 5XX: no alarm saw the quality drop.` : `Outcome ${s.outcome} with ${s.requestsDegraded} degraded answers.` }
  }
})

export const shadowEvaluated = check({
  name: 'shadowEvaluated',
  description: 'A shadow test answered at least `minCopies` copies (enough to compare accuracy) while no client got a degraded answer.',
  params: z.strictObject({ minCopies: z.number().int().min(1) }),
  criterion: (p) => `No client gets an answer from the new version, and the shadow answers at least ${p.minCopies} copies to compare its model quality with production's.`,
  run(ctx, p) {
    const d = ctx.result.deploy
    const sh = d.shadow
    if (!sh) return { pass: false, diagnostic: `${d.strategy} is not a shadow test: ${d.summary.requestsDegraded} clients got degraded answers.` }
    const answered = sh.copies - sh.copiesFailed
    const z = (sh.productionAccuracy - sh.shadowAccuracy) / sh.accuracyStandardError
    const pass = d.summary.requestsDegraded === 0 && answered >= p.minCopies
    return {
      pass,
      diagnostic: `The shadow answered ${answered} copies for nobody (${sh.copiesFailed} failed); with ground truth its accuracy is ${(sh.shadowAccuracy * 100).toFixed(1)}% against production's ${(sh.productionAccuracy * 100).toFixed(1)}%, a difference of ${z.toFixed(1)} standard errors. Clients got ${d.summary.requestsDegraded} degraded answers.${answered < p.minCopies ? ` Too few copies: sample more traffic.` : ''}`,
      details: { answered, z }
    }
  }
})

export const abEvaluated = check({
  name: 'abEvaluated',
  description: 'An A/B test: the candidate variant answered at least `minAnswers` requests to compare accuracy, while at most `maxAffectedPercent` % of all requests were failed or degraded.',
  params: z.strictObject({ minAnswers: z.number().int().min(1), maxAffectedPercent: z.number().min(0).max(100) }),
  criterion: (p) => `The candidate answers at least ${p.minAnswers} real requests to compare its accuracy, and at most ${p.maxAffectedPercent}% of all requests get a failed or degraded answer.`,
  run(ctx, p) {
    const d = ctx.result.deploy
    const c = d.candidate
    if (!c) return { pass: false, diagnostic: `${d.strategy} is not an A/B test: no candidate variant answered beside production.` }
    const answered = c.requests - c.failed
    const affected = d.summary.affectedShare * 100
    const z = (c.productionAccuracy - c.candidateAccuracy) / c.accuracyStandardError
    const pass = answered >= p.minAnswers && affected <= p.maxAffectedPercent
    return {
      pass,
      diagnostic: `The candidate (${(c.weightShare * 100).toFixed(0)}% of the traffic) answered ${answered} requests, accuracy ${(c.candidateAccuracy * 100).toFixed(1)}% against production's ${(c.productionAccuracy * 100).toFixed(1)}% (${z.toFixed(1)} standard errors apart); ${affected.toFixed(2)}% of all requests were failed or degraded (limit ${p.maxAffectedPercent}%).${answered < p.minAnswers ? ' Too few answers: give it more weight.' : ''}`,
      details: { answered, z, affectedPercent: affected }
    }
  }
})

const CHECKS = [abEvaluated, maxAffected, maxCost, finishesWithin, rolledBack, guardrailsMissed, shadowEvaluated]

/** A run's validation issue (an AWS field path such as DeploymentConfig.…CanarySize.Value) → the input bound to its last field names. */
function issueInput(step: LabStep, path: string) {
  return [...step.inputs].sort((a, b) => b.field.length - a.field.length).find((i) => path === i.field || path.endsWith(`.${i.field}`))
}

export const deployKind: StepKind<Fixed, Result> = {
  kind: 'deploy',
  owner: 'deploy',
  fixed: DeployFixed,
  fields: DEPLOY_FIELDS,
  validateStep(step, _fixed, issue) {
    step.inputs.forEach((input, k) => {
      if (input.target !== undefined) issue(['steps', '*', 'inputs', k, 'target'], 'a deploy step has no targets')
      if (input.field === 'Type') input.options?.forEach((o, j) => (DEPLOY_TYPES as readonly unknown[]).includes(o) || issue(['steps', '*', 'inputs', k, 'options', j], `must be one of ${DEPLOY_TYPES.join(', ')}`))
      if (input.field === 'MetricName') input.options?.forEach((o, j) => (ALARM_METRICS as readonly unknown[]).includes(o) || issue(['steps', '*', 'inputs', k, 'options', j], `must be one of ${ALARM_METRICS.join(', ')}`))
    })
  },
  run,
  checks: Object.fromEntries(CHECKS.map((c) => [c.name, c])),
  sandboxActions: (ctx) => plan(ctx).actions(ctx.fixed.newVersion),
  issueInput
}

