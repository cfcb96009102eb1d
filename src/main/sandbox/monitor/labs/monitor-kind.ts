/**
 * The `monitor` lab step kind: a monitored endpoint over weeks or months (simulate.ts, on the
 * monitor kernel). The step fixes the scenario (its generative model, the changes injected at
 * seeded times, the traffic and the training data) and defaults for every setting; the learner's
 * inputs set the AWS fields: the data quality constraints' `comparison_method`,
 * `comparison_threshold`, `categorical_drift_method`, the schedule's `ScheduleExpression`,
 * `InitialSamplingPercentage`, a two-sample test (`stattest`, `stattest_threshold`, Evidently's
 * names), whether the caller sends `InferenceId`, the CloudWatch alarm (`MonitoringType` of the
 * monitor whose metric it watches, `MetricName`, `Threshold`, `ComparisonOperator`,
 * `EvaluationPeriods`, `DatapointsToAlarm`), the retraining window (`RetrainingWindowDays`), and
 * answers read off the executions' constraint_violations.json (`feature_name`,
 * `constraint_check_type`).
 *
 * Two ways to run, both real simulations. A step with `fixed.world` runs on the scenario World
 * (up to the World's 92 days): its choices become the monitor service's actions (SetFeatureScenario,
 * EnableDataCapture, InjectDataChange, CreateBaseliningJob, CreateMonitoringSchedule; with a model
 * quality monitor PutGroundTruth keyed by the application's InferenceId, a ModelQuality baselining
 * job and schedule whose window lies `lagHours` back; with an alarm, PutMetricAlarm on the schedule's
 * metric, and with retraining CreatePipeline and an EventBridge rule on the alarm's ALARM state
 * targeting the pipeline) right after the lab's setup. The World simulates the days with the
 * endpoint's own traffic; with a model quality loop the lab is the approver AWS leaves to a person
 * or an automation: the minute the pipeline registers a model package (PendingManualApproval), the
 * run approves it (UpdateModelPackage) and deploys it (UpdateEndpoint). The run reads the schedules'
 * executions, the alarm's history, the pipeline's executions and the deployments back;
 * `sandboxActions` is the same ordered list, AdvanceClock pieces included, so "Open in the sandbox"
 * replays it to the same numbers. Steps with a two-sample test beside Model Monitor's (`stattest`,
 * Evidently's names — no World schedule runs one) are computed on the monitor kernel
 * (simulate.ts); their `sandboxActions` are empty and the step's panel says the sandbox does not
 * show their numbers.
 */
import { z } from 'zod'
import { LabError, type ErrorIssue } from '../../../../shared/errors'
import type { MonitorRun, MonitorStepRun } from '../../../../shared/contract/monitor-labs'
import type { SandboxAction } from '../../../../shared/contract/sandbox'
import { Lru } from '../../core/lru'
import { createRng } from '../../core/rng'
import { DAY_MS, HOUR_MS, MINUTE_MS, SIM_EPOCH_MS } from '../../core/time'
import { advance, buildScenarioWorld, timeline } from '../../labs/scenario'
import type { World } from '../../world'
import { formatWhen } from '../../labs/format'
import { checksFor, type KindRun, type RunContext, type StepKind } from '../../labs/kinds'
import { CHECK_TYPES, type Violation } from '../violations'
import { DRIFT_METHODS } from '../drift'
import { SCENARIO_MODELS, findScenarioModel, validateChange, validateSeasonality, type DataChange } from '../features'
import { parseScheduleExpression, validateScheduleConfig } from '../schedule'
import { DATA_METRIC_NAMESPACE, MAX_TRAINING_DAYS, MODEL_METRIC_NAMESPACE } from '../service'
import { ACCOUNT_ID, REGION } from '../../core/account'
import { sageMakerArn } from '../../eventbridge/events'
import { MAX_TIMELINE_REQUESTS, MONITORING_TYPES, QUALITY_METRICS, checkSpec, simulateMonitoring, type MonitorSpec, type MonitorTimeline } from './simulate'

export const MONITOR_FIELDS = [
  'ScheduleExpression',
  'InitialSamplingPercentage',
  'comparison_method',
  'comparison_threshold',
  'categorical_drift_method',
  'stattest',
  'stattest_threshold',
  'InferenceId',
  'MonitoringType',
  'MetricName',
  'Threshold',
  'ComparisonOperator',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'RetrainingWindowDays',
  'feature_name',
  'constraint_check_type'
] as const
type Field = (typeof MONITOR_FIELDS)[number]

const OPERATORS = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'] as const
const Setting = z.union([z.string(), z.number()])

const MonitorFixed = z.strictObject({
  scenario: z.enum(SCENARIO_MODELS.map((m) => m.id) as [string, ...string[]]),
  days: z.number().int().min(1).max(120),
  /** Requests the endpoint receives per hour (each captured with probability InitialSamplingPercentage). */
  requestsPerHour: z.number().int().min(1).max(600),
  trainingDays: z.number().int().min(1).max(365).default(30),
  trainingRows: z.number().int().min(50).max(20_000).default(4000),
  seasonality: z.array(z.strictObject({ Feature: z.string(), Amplitude: z.number(), PeriodHours: z.number().int() })).max(4).default([]),
  changes: z
    .array(z.strictObject({ id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/), label: z.string().min(1).max(120), startDay: z.tuple([z.number().min(0), z.number().min(0)]), change: z.record(z.string(), z.unknown()), actionable: z.boolean().optional() }))
    .max(10)
    .default([]),
  /** Defaults of the learner's fields, by AWS field name. */
  settings: z.partialRecord(z.enum(MONITOR_FIELDS), Setting).default({}),
  DataAnalysisStartTime: z.string().optional(),
  DataAnalysisEndTime: z.string().optional(),
  /** A model quality monitor on merged ground truth. */
  modelQuality: z
    .strictObject({
      metric: z.enum(QUALITY_METRICS).default('auc'),
      probabilityThreshold: z.number().min(0).max(1).default(0.5),
      lagHours: z.number().int().min(0).max(24 * 14).default(24),
      ScheduleExpression: z.string().default('cron(0 0 ? * * *)')
    })
    .optional(),
  /** A CloudWatch alarm on one metric the monitors emit (its fields come from settings and inputs). */
  alarm: z.strictObject({ AlarmName: z.string().min(1).max(255) }).optional(),
  /** The alarm starts a retraining pipeline (EventBridge rule → SageMaker Pipelines). */
  retraining: z.strictObject({ pipelineHours: z.number().min(1).max(72).default(6) }).optional(),
  /**
   * Run on the scenario World instead of the kernel: the step's choices become the monitor
   * service's actions on this endpoint of the lab's setup (data quality only; the World runs
   * `scenario.days` days, and `days` must equal it).
   */
  world: z.strictObject({ EndpointName: z.string().min(1).max(63) }).optional()
})
type Fixed = z.infer<typeof MonitorFixed>
type Result = MonitorStepRun['result']

const DEFAULTS: Partial<Record<Field, string | number>> = {
  ScheduleExpression: 'cron(0 * ? * * *)',
  InitialSamplingPercentage: 100,
  comparison_method: 'Robust',
  comparison_threshold: 0.1,
  categorical_drift_method: 'LInfinity',
  InferenceId: 'true',
  MonitoringType: 'DataQuality',
  ComparisonOperator: 'GreaterThanThreshold',
  EvaluationPeriods: 1,
  DatapointsToAlarm: 1,
  RetrainingWindowDays: 30
}

/** The step's settings: lab defaults, then the fixed settings, then the learner's inputs. */
function settingsOf(ctx: Pick<RunContext<Fixed>, 'fixed' | 'step' | 'inputs'>): Partial<Record<Field, string | number>> {
  const by: Partial<Record<Field, string | number>> = { ...DEFAULTS, ...ctx.fixed.settings }
  for (const def of ctx.step.inputs) {
    const v = ctx.inputs[def.id]
    if (v !== undefined) by[def.field as Field] = v
  }
  return by
}

function specOf(ctx: Pick<RunContext<Fixed>, 'fixed' | 'step' | 'inputs'>): { spec: MonitorSpec; settings: Partial<Record<Field, string | number>> } {
  const f = ctx.fixed
  const s = settingsOf(ctx)
  const issues: ErrorIssue[] = []
  const num = (field: Field): number => {
    const v = Number(s[field])
    if (s[field] === undefined || s[field] === '' || !Number.isFinite(v)) issues.push({ path: field, message: `must be a number, got ${String(s[field])}` })
    return v
  }
  const oneOf = <T extends string>(field: Field, allowed: readonly T[]): T => {
    const v = String(s[field])
    if (!(allowed as readonly string[]).includes(v)) issues.push({ path: field, message: `must be one of ${allowed.join(', ')}, got ${v}` })
    return v as T
  }
  const comparison_method = oneOf('comparison_method', ['Simple', 'Robust'] as const)
  const categorical_drift_method = oneOf('categorical_drift_method', ['LInfinity', 'ChiSquared'] as const)
  const comparison_threshold = num('comparison_threshold')
  const InitialSamplingPercentage = num('InitialSamplingPercentage')
  const InferenceId = oneOf('InferenceId', ['true', 'false'] as const) === 'true'
  const stattest = s.stattest === undefined ? null : oneOf('stattest', [...DRIFT_METHODS, 'auto'] as const)
  const stattest_threshold = s.stattest_threshold === undefined || s.stattest_threshold === 'default' ? null : num('stattest_threshold')
  const ScheduleExpression = String(s.ScheduleExpression)
  try {
    validateScheduleConfig({ ScheduleExpression, DataAnalysisStartTime: f.DataAnalysisStartTime, DataAnalysisEndTime: f.DataAnalysisEndTime })
  } catch (err) {
    if (!(err instanceof LabError)) throw err
    issues.push(...err.issues.map((i) => ({ path: i.path === 'ScheduleConfig.ScheduleExpression' ? 'ScheduleExpression' : i.path, message: i.message })))
  }
  const alarm = f.alarm
    ? {
        AlarmName: f.alarm.AlarmName,
        MonitoringType: oneOf('MonitoringType', MONITORING_TYPES),
        MetricName: String(s.MetricName ?? ''),
        Threshold: num('Threshold'),
        ComparisonOperator: oneOf('ComparisonOperator', OPERATORS),
        EvaluationPeriods: num('EvaluationPeriods'),
        DatapointsToAlarm: num('DatapointsToAlarm')
      }
    : null
  if (issues.length > 0) throw new LabError('VALIDATION', `Invalid settings: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)
  const mq = f.modelQuality
  const spec: MonitorSpec = {
    scenario: f.scenario,
    days: f.days,
    requestsPerHour: f.requestsPerHour,
    InitialSamplingPercentage,
    trainingDays: f.trainingDays,
    trainingRows: f.trainingRows,
    seasonality: f.seasonality,
    changes: f.changes.map((c) => ({ ...c, change: c.change as unknown as DataChange })),
    ScheduleExpression,
    ...(f.DataAnalysisStartTime ? { DataAnalysisStartTime: f.DataAnalysisStartTime } : {}),
    ...(f.DataAnalysisEndTime ? { DataAnalysisEndTime: f.DataAnalysisEndTime } : {}),
    comparison_method,
    comparison_threshold,
    categorical_drift_method,
    stattest,
    stattest_threshold,
    modelQuality: mq
      ? {
          metric: mq.metric,
          probabilityThreshold: mq.probabilityThreshold,
          lagHours: mq.lagHours,
          InferenceId,
          ScheduleExpression: mq.ScheduleExpression
        }
      : null,
    alarm,
    retraining: f.retraining && alarm ? { RetrainingWindowDays: num('RetrainingWindowDays'), pipelineHours: f.retraining.pipelineHours } : null
  }
  return { spec, settings: s }
}

/** Runs of the same step, settings and seed come from a small cache (a check right after a run). */
const cache = new Lru<MonitorTimeline>(6)

function timelineOf(ctx: RunContext<Fixed>): { timeline: MonitorTimeline; spec: MonitorSpec; settings: Partial<Record<Field, string | number>> } {
  const { spec, settings } = specOf(ctx)
  const seed = `${ctx.lab.id}.${ctx.step.id}.${ctx.seed}`
  const timeline = cache.getOrCreate(`${seed}|${JSON.stringify(spec)}`, () => simulateMonitoring(spec, seed))
  return { timeline, spec, settings }
}

const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(digits)}%`)
const num3 = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : x.toFixed(3))
const dayOf = (m: MonitorRun, t: number): string => `day ${Math.floor((t - m.startTime) / DAY_MS)}`
const when = (m: MonitorRun, t: number): string => `${dayOf(m, t)} (${formatWhen(t)})`

/** Mean of the non-null values. */
function meanOf(xs: readonly (number | null)[]): number | null {
  const v = xs.filter((x): x is number => x !== null)
  return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length
}

/** Baseline-drift violations per feature over all executions. */
export function driftViolationCounts(m: MonitorRun): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(m.features.map((f) => [f, 0]))
  for (const e of m.dataQuality) for (const v of e.violations) if (v.constraint_check_type === 'baseline_drift_check') out[v.feature_name] = (out[v.feature_name] ?? 0) + 1
  return out
}

/** Is a drift flag on `feature` in [from, to) explained by an injected change to that feature? */
function explained(m: MonitorRun, feature: string, from: number, to: number): boolean {
  return m.changes.some((c) => c.actionable && c.feature === feature && c.start < to && (c.kind !== 'outlierBurst' || (c.end ?? c.start) > from))
}

type Flag = { at: number; feature: string }
function driftFlags(m: MonitorRun, by: 'violation' | 'stattest'): Flag[] {
  const out: Flag[] = []
  for (const e of m.dataQuality) {
    if (by === 'violation') {
      for (const v of e.violations) if (v.constraint_check_type === 'baseline_drift_check') out.push({ at: e.ScheduledTime, feature: v.feature_name })
    } else if (e.test) {
      for (const [feature, t] of Object.entries(e.test)) if (t?.drift) out.push({ at: e.ScheduledTime, feature })
    }
  }
  return out
}

function facts(m: MonitorRun, settings: Partial<Record<Field, string | number>>): Record<string, string> {
  const counts = driftViolationCounts(m)
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]
  const q = m.modelQuality.filter((e) => e.value !== null)
  const first = q.slice(0, 7)
  const last = q.slice(-7)
  const worst = q.reduce<(typeof q)[number] | null>((w, e) => (w === null || (e.value ?? 1) < (w.value ?? 1) ? e : w), null)
  const rt = m.retraining[0]
  const out: Record<string, string> = {
    executions: String(m.dataQuality.length),
    withViolations: String(m.dataQuality.filter((e) => e.MonitoringExecutionStatus === 'CompletedWithViolations').length),
    recordsPerExecution: String(Math.round(meanOf(m.dataQuality.map((e) => e.records)) ?? 0)),
    driftedFeature: top && top[1] > 0 ? top[0] : 'none',
    driftViolations: top ? String(top[1]) : '0',
    firstAlarm: m.alarm?.firstAlarm != null ? when(m, m.alarm.firstAlarm) : 'never',
    alarms: String(m.alarm?.alarmTransitions.length ?? 0),
    retrainings: String(m.retraining.length),
    retrainedAt: rt ? when(m, rt.triggeredAt) : 'never',
    deployedAt: rt ? when(m, rt.deployedAt) : 'never',
    trainedOn: rt ? `${((rt.trainedTo - rt.trainedFrom) / DAY_MS).toFixed(0)} days (${rt.rows.toLocaleString('en-US')} labelled records)` : 'nothing',
    qualityMetric: m.qualityMetric ?? 'none',
    qualityBefore: num3(meanOf(first.map((e) => e.value))),
    qualityWorst: worst ? `${num3(worst.value)} on the data of ${dayOf(m, worst.dataStart)}` : 'n/a',
    qualityAfter: num3(meanOf(last.map((e) => e.value))),
    rateBefore: pct(meanOf(first.map((e) => e.positiveRate))),
    rateAfter: pct(meanOf(last.map((e) => e.positiveRate))),
    merged: String(m.modelQuality.reduce((a, e) => a + e.merged, 0)),
    failedQuality: String(m.modelQuality.filter((e) => e.MonitoringExecutionStatus === 'Failed').length),
    lag: m.groundTruthLagHours === null ? 'n/a' : `${m.groundTruthLagHours} h`,
    falseDrift: String(driftFlags(m, 'violation').filter((f) => !explained(m, f.feature, f.at - DAY_MS, f.at)).length),
    falseTestDrift: String(driftFlags(m, 'stattest').filter((f) => !explained(m, f.feature, f.at - DAY_MS, f.at)).length)
  }
  for (const [f, n] of Object.entries(counts)) out[`violations.${f}`] = String(n)
  for (const c of m.changes) {
    out[`start.${c.id}`] = when(m, c.start)
    const flag = driftFlags(m, 'violation').find((x) => x.feature === c.feature && x.at >= c.start)
    out[`detect.${c.id}`] = flag ? `${((flag.at - c.start) / HOUR_MS).toFixed(0)} h after it began` : 'not detected'
  }
  for (const [k, v] of Object.entries(settings)) out[`setting.${k}`] = String(v)
  return out
}

const WORLD_BASELINE_JOB = 'lab-baseline'
const WORLD_QUALITY_BASELINE_JOB = 'lab-model-baseline'
const WORLD_SCHEDULE = 'lab-data-quality'
const WORLD_QUALITY_SCHEDULE = 'lab-model-quality'
const WORLD_PIPELINE = 'lab-retraining'

/** Each change's start, drawn as simulate.ts draws it (so a step reads the same on either path). */
function changeMinutes(ctx: Pick<RunContext<Fixed>, 'fixed' | 'lab' | 'step' | 'seed'>): number[] {
  const root = createRng(`${ctx.lab.id}.${ctx.step.id}.${ctx.seed}`).fork('monitor-lab')
  return ctx.fixed.changes.map((c) => {
    const r = root.fork(`change:${c.id}`)
    const minute = r.int(Math.round(c.startDay[0] * 1440), Math.max(Math.round(c.startDay[0] * 1440), Math.round(c.startDay[1] * 1440)))
    return Math.min(minute, ctx.fixed.days * 1440 - 1)
  })
}

/** The period of one datapoint of a schedule's metrics: its interval (hourly, every N hours, daily). */
function schedulePeriodSeconds(expression: string): number {
  const s = parseScheduleExpression(expression)
  return s.kind === 'hourly' ? 3600 : s.kind === 'everyNHours' ? s.intervalHours * 3600 : 86_400
}

/** "-PT<h>H": an offset of whole hours back from a run's scheduled time. */
const hoursBack = (h: number): string => (h === 0 ? 'PT0H' : `-PT${h}H`)

/**
 * The step's choices as the World monitor service's actions on the step's endpoint, all at the start
 * of the run (right after the lab's setup).
 */
function worldActions(ctx: RunContext<Fixed>): SandboxAction[] {
  const f = ctx.fixed
  const EndpointName = f.world!.EndpointName
  const { spec } = specOf(ctx)
  // The same rules as the kernel path, so a bad choice is an input error, not a refused World action.
  checkSpec(spec)
  const minutes = changeMinutes(ctx)
  const mq = spec.modelQuality
  const out: SandboxAction[] = [
    { type: 'SetFeatureScenario', EndpointName, ScenarioId: f.scenario, ...(f.seasonality.length ? { Seasonality: f.seasonality } : {}), ...(mq ? { SendInferenceId: mq.InferenceId } : {}) },
    {
      type: 'EnableDataCapture',
      EndpointName,
      DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: spec.InitialSamplingPercentage, DestinationS3Uri: `s3://lab-bucket/${EndpointName}/data-capture`, CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }] }
    },
    ...f.changes.map((c, k): SandboxAction => ({ type: 'InjectDataChange', EndpointName, StartsInMinutes: minutes[k], Change: c.change as unknown as Extract<SandboxAction, { type: 'InjectDataChange' }>['Change'] })),
    { type: 'CreateBaseliningJob', ProcessingJobName: WORLD_BASELINE_JOB, EndpointName, MonitoringType: 'DataQuality', TrainingDataDays: f.trainingDays, TrainingRows: f.trainingRows },
    {
      type: 'CreateMonitoringSchedule',
      MonitoringScheduleName: WORLD_SCHEDULE,
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: spec.ScheduleExpression, ...(spec.DataAnalysisStartTime ? { DataAnalysisStartTime: spec.DataAnalysisStartTime } : {}), ...(spec.DataAnalysisEndTime ? { DataAnalysisEndTime: spec.DataAnalysisEndTime } : {}) },
        MonitoringType: 'DataQuality',
        MonitoringJobDefinition: { BaselineConfig: { BaseliningJobName: WORLD_BASELINE_JOB }, MonitoringInputs: [{ EndpointInput: { EndpointName } }] }
      }
    }
  ]
  if (mq) {
    // The click (or chargeback) log is uploaded as ground truth `lagHours` after each request, keyed by
    // the application's request id: it matches only captures that carry it as inferenceId.
    out.push({ type: 'PutGroundTruth', EndpointName, GroundTruthLagHours: mq.lagHours, EventIdSource: 'InferenceId' })
    out.push({ type: 'CreateBaseliningJob', ProcessingJobName: WORLD_QUALITY_BASELINE_JOB, EndpointName, MonitoringType: 'ModelQuality', TrainingDataDays: f.trainingDays, TrainingRows: f.trainingRows })
    // Each run measures the period before it, moved back by the lag: the requests whose labels have all arrived.
    const periodHours = schedulePeriodSeconds(mq.ScheduleExpression) / 3600
    out.push({
      type: 'CreateMonitoringSchedule',
      MonitoringScheduleName: WORLD_QUALITY_SCHEDULE,
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: mq.ScheduleExpression, DataAnalysisStartTime: hoursBack(periodHours + mq.lagHours), DataAnalysisEndTime: hoursBack(mq.lagHours) },
        MonitoringType: 'ModelQuality',
        MonitoringJobDefinition: {
          BaselineConfig: { BaseliningJobName: WORLD_QUALITY_BASELINE_JOB },
          MonitoringInputs: [{ EndpointInput: { EndpointName, ProbabilityThresholdAttribute: mq.probabilityThreshold } }],
          GroundTruthS3Input: { S3Uri: `s3://lab-bucket/${EndpointName}/ground-truth` },
          ProblemType: 'BinaryClassification'
        }
      }
    })
  }
  out.push(...worldAlarmActions(ctx, spec))
  return out
}

/**
 * The alarm on the schedule's metric and, with retraining, the loop AWS wires for it (AWS-FACTS §8):
 * the labels uploaded as ground truth, a pipeline, an EventBridge rule on the alarm's state change to
 * ALARM with the pipeline as its target.
 */
function worldAlarmActions(ctx: RunContext<Fixed>, spec: MonitorSpec): SandboxAction[] {
  const f = ctx.fixed
  const a = spec.alarm
  if (!a || !f.world) return []
  const EndpointName = f.world.EndpointName
  const out: SandboxAction[] = []
  const quality = a.MonitoringType === 'ModelQuality'
  if (f.retraining && spec.retraining) {
    if (!spec.modelQuality) out.push({ type: 'PutGroundTruth', EndpointName, GroundTruthLagHours: 1 })
    out.push({ type: 'CreatePipeline', PipelineName: WORLD_PIPELINE, EndpointName, ModelPackageGroupName: `${EndpointName}-models`, TrainingDataDays: spec.retraining.RetrainingWindowDays, TrainingMinutes: Math.round(spec.retraining.pipelineHours * 60) })
    out.push({
      type: 'PutRule',
      Name: `${a.AlarmName}-retrain`,
      EventPattern: JSON.stringify({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], detail: { alarmName: [a.AlarmName], state: { value: ['ALARM'] } } })
    })
    out.push({ type: 'PutTargets', Rule: `${a.AlarmName}-retrain`, Targets: [{ Id: 'retrain', Arn: sageMakerArn({ account: ACCOUNT_ID, region: REGION }, 'pipeline', WORLD_PIPELINE) }] })
  }
  out.push({
    type: 'PutMetricAlarm',
    AlarmName: a.AlarmName,
    Namespace: quality ? MODEL_METRIC_NAMESPACE : DATA_METRIC_NAMESPACE,
    MetricName: a.MetricName,
    Dimensions: [
      { Name: 'EndpointName', Value: EndpointName },
      { Name: 'ScheduleName', Value: quality ? WORLD_QUALITY_SCHEDULE : WORLD_SCHEDULE }
    ],
    Statistic: 'Maximum',
    Period: schedulePeriodSeconds(quality ? spec.modelQuality!.ScheduleExpression : spec.ScheduleExpression),
    EvaluationPeriods: a.EvaluationPeriods,
    DatapointsToAlarm: a.DatapointsToAlarm,
    Threshold: a.Threshold,
    ComparisonOperator: a.ComparisonOperator,
    TreatMissingData: 'missing'
  } as SandboxAction)
  return out
}

/** A World run: the world after the step, and the learner's actions that made it (what "Open in the sandbox" replays). */
interface WorldRun {
  world: World
  /** The step's actions at the start, then, with a model quality loop, AdvanceClock pieces and each approval and deployment. */
  learner: SandboxAction[]
  /** When each registered model package was approved and deployed, by ARN. */
  deployed: Map<string, number>
}

/**
 * Runs the step on the scenario World: the lab's setup, the step's actions, then the clock to the end
 * with the scenario's own timed actions at their minutes. With a model quality loop, the learner is
 * the approver AWS leaves to a person or an automation: when the pipeline's RegisterModel step has
 * registered a package (PendingManualApproval), at the next minute the run approves it
 * (UpdateModelPackage Approved) and deploys it (UpdateEndpoint with the package's model), and these
 * actions, with the AdvanceClock pieces between them, are part of what the sandbox replays.
 */
function worldRun(ctx: RunContext<Fixed>): WorldRun {
  const f = ctx.fixed
  if (f.days !== ctx.lab.scenario.days) throw new LabError('VALIDATION', `days: a World step runs the lab's scenario, ${ctx.lab.scenario.days} day(s); set days to ${ctx.lab.scenario.days}`, [{ path: 'days', message: `must equal scenario.days (${ctx.lab.scenario.days})` }])
  const initial = worldActions(ctx)
  const base = ctx.scenario
  // The same builder as every scenario world, so a refused setup action is named by its place in the lab file.
  const world = buildScenarioWorld(base.seed, [...base.setup, ...initial], base.setup.length, base.calls)
  const learner = [...initial]
  const deployed = new Map<string, number>()
  const approves = Boolean(f.modelQuality && f.retraining && f.alarm)
  const theirs = timeline(base.timed)
  const total = ctx.lab.scenario.days * 1440
  // Short enough that a pipeline started inside a stretch is still running at its end.
  const stretch = approves ? Math.max(1, Math.floor((f.retraining!.pipelineHours * 60) / 2)) : total
  const endpoint = base.setup.find((a): a is Extract<SandboxAction, { type: 'CreateEndpoint' }> => a.type === 'CreateEndpoint' && a.EndpointName === f.world!.EndpointName)
  // The World's traffic comes from the setup's CreateEndpoint; requestsPerHour only describes it, so
  // a step whose text quotes another rate than the endpoint serves is refused rather than misleading.
  const traffic = endpoint?.Traffic
  if (traffic && traffic.pattern === 'steady' && Math.abs(traffic.baseRpm * 60 - f.requestsPerHour) > 1e-9) {
    throw new LabError('VALIDATION', `requestsPerHour: a World step's endpoint "${endpoint.EndpointName}" serves ${traffic.baseRpm * 60} requests an hour (Traffic.baseRpm ${traffic.baseRpm}); set requestsPerHour to ${traffic.baseRpm * 60}`, [
      { path: 'requestsPerHour', message: `must equal 60 × the setup endpoint's Traffic.baseRpm (${traffic.baseRpm * 60})` }
    ])
  }
  let at = 0
  let unrecorded = 0
  let next = 0
  while (at < total) {
    while (next < theirs.length && theirs[next].at <= at) world.apply(theirs[next++].action)
    let to = Math.min(total, at + stretch, next < theirs.length ? theirs[next].at : total)
    if (approves) {
      const running = world.monitor.listPipelineExecutions().filter((r) => r.PipelineExecutionStatus === 'Executing')
      if (running.length > 0) to = Math.min(to, Math.max(at + 1, Math.min(...running.map((r) => Math.ceil((r.endsAt - SIM_EPOCH_MS) / MINUTE_MS)))))
    }
    for (const a of advance(to - at)) world.apply(a)
    unrecorded += to - at
    at = to
    if (!approves || !endpoint) continue
    for (const r of world.monitor.listPipelineExecutions()) {
      if (r.PipelineExecutionStatus !== 'Succeeded' || !r.ModelPackageArn || deployed.has(r.ModelPackageArn)) continue
      const pkg = world.monitor.listModelPackages().find((p) => p.ModelPackageArn === r.ModelPackageArn)!
      const acts: SandboxAction[] = [
        { type: 'UpdateModelPackage', ModelPackageArn: pkg.ModelPackageArn, ModelApprovalStatus: 'Approved', ApprovalDescription: 'Approved by the lab: the retrained model is deployed as soon as the pipeline registers it.' },
        { type: 'UpdateEndpoint', EndpointName: endpoint.EndpointName, ProductionVariants: endpoint.ProductionVariants.map((v, i) => (i === 0 && v.Model ? { ...v, Model: { ...v.Model, name: pkg.ModelName } } : v)) }
      ]
      learner.push(...advance(unrecorded), ...acts)
      unrecorded = 0
      for (const a of acts) world.apply(a)
      deployed.set(pkg.ModelPackageArn, world.now)
    }
  }
  return { world, learner, deployed }
}

/** World runs of the same step, inputs and seed (a run, then its check and "Open in the sandbox"). */
const worldRuns = new Lru<{ timeline: MonitorTimeline; learner: SandboxAction[] }>(3)

function worldRunCached(ctx: RunContext<Fixed>): { timeline: MonitorTimeline; learner: SandboxAction[] } {
  // The step's fixed block is in the key: two lab files may share an id (an edited copy being checked).
  const key = `${ctx.lab.id}|${ctx.step.id}|${ctx.seed}|${JSON.stringify(ctx.lab.scenario)}|${JSON.stringify(ctx.fixed)}|${JSON.stringify(worldActions(ctx))}`
  return worldRuns.getOrCreate(key, () => {
    const r = worldRun(ctx)
    return { timeline: worldTimeline(ctx, r), learner: r.learner }
  })
}

const DATA_CHECKS = new Set<string>(CHECK_TYPES)
const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null)

/** The World after the step, read back as a monitored timeline. */
function worldTimeline(ctx: RunContext<Fixed>, run: WorldRun): MonitorTimeline {
  const f = ctx.fixed
  const world = run.world
  const model = findScenarioModel(f.scenario, 'scenario')
  const features = model.features.map((x) => x.name)
  const minutes = changeMinutes(ctx)
  const finished = (s: string) => (s === 'Completed' || s === 'CompletedWithViolations' || s === 'Failed')
  const dqExecutions = world.monitor.listMonitoringExecutions(WORLD_SCHEDULE).filter((e) => finished(e.MonitoringExecutionStatus))
  const dataQuality = dqExecutions.map((e) => {
    const drift: Record<string, number | null> = Object.fromEntries(features.map((x) => [x, null]))
    for (const m of e.metrics) {
      const d = /^feature_baseline_drift_(.+)$/.exec(m.MetricName)
      if (d && d[1] in drift) drift[d[1]] = finite(m.Value)
    }
    const violations = e.violations.filter((v): v is Violation => 'feature_name' in v && DATA_CHECKS.has(v.constraint_check_type))
    return {
      ScheduledTime: e.ScheduledTime,
      StartTime: e.StartTime,
      MonitoringExecutionStatus: e.MonitoringExecutionStatus as 'Completed' | 'CompletedWithViolations' | 'Failed',
      ...(e.FailureReason ? { FailureReason: e.FailureReason } : {}),
      analysisStart: e.analysisStart,
      analysisEnd: e.analysisEnd,
      records: e.analysedRecords,
      drift,
      violations,
      baselineVersion: 1
    }
  })
  const { spec } = specOf(ctx)
  const mq = spec.modelQuality
  const served = world.monitor.endpointState(f.world!.EndpointName)?.models ?? []
  const versionOf = (modelName: string): number => world.monitor.listModelPackages().find((p) => p.ModelName === modelName)?.ModelPackageVersion ?? 0
  const mqExecutions = mq ? world.monitor.listMonitoringExecutions(WORLD_QUALITY_SCHEDULE).filter((e) => finished(e.MonitoringExecutionStatus)) : []
  const modelQuality = mqExecutions.map((e) => {
    const metrics: Record<string, number | null> = Object.fromEntries(QUALITY_METRICS.map((k) => [k, finite(e.metrics.find((m) => m.MetricName === k)?.Value)]))
    // The models that scored the window's requests: the one in service at its start and any deployed during it (1 = the original).
    const versions = new Set<number>()
    let current = 1
    for (const m of served) {
      if (m.from <= e.analysisStart) current = versionOf(m.modelName) + 1
      else if (m.from < e.analysisEnd) versions.add(versionOf(m.modelName) + 1)
    }
    versions.add(current)
    const failed = e.MonitoringExecutionStatus === 'Failed'
    return {
      ScheduledTime: e.ScheduledTime,
      StartTime: e.StartTime,
      MonitoringExecutionStatus: failed ? ('Failed' as const) : ('Completed' as const),
      ...(e.FailureReason ? { FailureReason: e.FailureReason } : {}),
      dataStart: e.analysisStart,
      dataEnd: e.analysisEnd,
      records: e.analysedRecords > 0 ? e.analysedRecords : e.capturedRecords,
      merged: e.mergedRecords ?? 0,
      value: failed ? null : metrics[mq!.metric],
      standardDeviation: null,
      metrics,
      positiveRate: failed ? null : (e.positiveRate ?? null),
      predictedRate: failed ? null : (e.meanProbability ?? null),
      modelVersions: failed ? [] : [...versions].sort((x, y) => x - y)
    }
  })
  const changes = f.changes.map((c, k) => {
    const start = SIM_EPOCH_MS + minutes[k] * MINUTE_MS
    const ch = c.change as unknown as DataChange
    const feature = 'Feature' in ch && typeof ch.Feature === 'string' ? ch.Feature : null
    const end = ch.kind === 'outlierBurst' ? start + ch.DurationMinutes * MINUTE_MS : (ch.kind === 'dataDrift' || ch.kind === 'conceptDrift') && ch.RampMinutes ? start + ch.RampMinutes * MINUTE_MS : null
    return { id: c.id, label: c.label, kind: ch.kind, feature, start, end, actionable: c.actionable ?? true }
  })
  let alarm: MonitorTimeline['alarm'] = null
  if (spec.alarm) {
    const quality = spec.alarm.MonitoringType === 'ModelQuality'
    const desc = world.cloudwatch.describe(world.now).find((x) => x.AlarmName === spec.alarm!.AlarmName)
    const segments = desc?.segments ?? []
    const periodMs = schedulePeriodSeconds(quality ? mq!.ScheduleExpression : spec.ScheduleExpression) * 1000
    const stateAt = (t: number): 0 | 1 | 2 => {
      const seg = segments.find((x) => x.start <= t && t < x.end)
      return seg?.state === 'ALARM' ? 1 : seg?.state === 'OK' ? 0 : 2
    }
    const source = quality ? mqExecutions : dqExecutions
    const points = source.map((e) => {
      const value = finite(e.metrics.find((x) => x.MetricName === spec.alarm!.MetricName)?.Value)
      return { timestamp: e.ScheduledTime, evaluatedAt: e.ScheduledTime + periodMs, value, state: stateAt(e.ScheduledTime + periodMs - 1) }
    })
    const alarmTransitions = (desc?.history ?? []).filter((h) => h.newState === 'ALARM').map((h) => h.timestamp).sort((x, y) => x - y)
    alarm = { spec: spec.alarm, points, firstAlarm: alarmTransitions[0] ?? null, alarmTransitions }
  }
  const window = (spec.retraining?.RetrainingWindowDays ?? 0) * DAY_MS
  const packages = world.monitor.listModelPackages()
  const retraining = world.monitor.listPipelineExecutions().map((r, i) => {
    const pkg = packages.find((p) => p.ModelPackageArn === r.ModelPackageArn)
    const deployedAt = r.ModelPackageArn ? run.deployed.get(r.ModelPackageArn) : undefined
    return {
      triggeredAt: r.StartTime,
      trainedFrom: r.StartTime - window,
      trainedTo: r.StartTime,
      rows: r.trainingRecords,
      deployedAt: deployedAt ?? r.EndTime ?? r.endsAt,
      version: pkg ? pkg.ModelPackageVersion + 1 : i + 2,
      note:
        deployedAt !== undefined
          ? `${r.PipelineExecutionStatus}; the model package (PendingManualApproval) was approved (UpdateModelPackage) and deployed (UpdateEndpoint) ${formatWhen(deployedAt)}`
          : `${r.PipelineExecutionStatus}${r.FailureReason ? `: ${r.FailureReason}` : ''}; the model package waits for approval (PendingManualApproval) before UpdateEndpoint deploys it`
    }
  })
  return { scenario: model.id, label: model.label, features, startTime: SIM_EPOCH_MS, endTime: SIM_EPOCH_MS + f.days * DAY_MS, baselineRows: f.trainingRows, changes, dataQuality, modelQuality, alarm, retraining }
}

function run(ctx: RunContext<Fixed>): KindRun<Result> {
  const { timeline, spec, settings } = ctx.fixed.world ? { ...specOf(ctx), timeline: worldRunCached(ctx).timeline } : timelineOf(ctx)
  const monitor: MonitorRun = {
    simulatedOn: ctx.fixed.world ? 'world' : 'kernel',
    scenario: timeline.scenario,
    label: timeline.label,
    features: timeline.features,
    startTime: timeline.startTime,
    endTime: timeline.endTime,
    baselineRows: timeline.baselineRows,
    choice: Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, v ?? null])),
    qualityMetric: spec.modelQuality?.metric ?? null,
    groundTruthLagHours: spec.modelQuality?.lagHours ?? null,
    changes: timeline.changes,
    dataQuality: timeline.dataQuality,
    modelQuality: timeline.modelQuality,
    alarm: timeline.alarm,
    retraining: timeline.retraining
  }
  return { result: { monitor }, facts: facts(monitor, settings) }
}

const check = checksFor<Result>()
const changeOf = (m: MonitorRun, id: string) => m.changes.find((c) => c.id === id)

export const namesDriftedFeature = check({
  name: 'namesDriftedFeature',
  description: 'The learner\'s feature_name is the feature with the most baseline_drift_check violations.',
  params: z.strictObject({}),
  criterion: () => 'The feature you name (feature_name) is the one whose baseline_drift_check violations the executions report most often.',
  run(ctx) {
    const m = ctx.result.monitor
    const counts = driftViolationCounts(m)
    const max = Math.max(...Object.values(counts))
    const named = String(m.choice.feature_name ?? '')
    const list = Object.entries(counts).map(([f, n]) => `${f} ${n}`).join(', ')
    if (max === 0) return { pass: false, diagnostic: `No execution reported a baseline_drift_check violation (${list}): with these constraints the monitor sees no drift, so there is nothing to name yet.` }
    return {
      pass: counts[named] === max,
      diagnostic: counts[named] === max ? `Right: ${named} drifted (${list} executions with baseline_drift_check violations).` : `Executions with baseline_drift_check violations per feature: ${list}. ${named} is not the feature that drifted.`,
      details: { counts }
    }
  }
})

export const namesViolation = check({
  name: 'namesViolation',
  description: 'The learner\'s (feature_name, constraint_check_type) pair appears in the executions\' constraint_violations.json, with a check type from `checkTypes`.',
  params: z.strictObject({ checkTypes: z.array(z.enum(CHECK_TYPES)).min(1).default([...CHECK_TYPES]) }),
  criterion: (p) => `The feature_name and constraint_check_type you name appear together in an execution's constraint_violations.json, and the check is one of ${p.checkTypes.join(', ')}.`,
  run(ctx, p) {
    const m = ctx.result.monitor
    const feature = String(m.choice.feature_name ?? '')
    const type = String(m.choice.constraint_check_type ?? '')
    const seen = new Map<string, number>()
    for (const e of m.dataQuality) for (const v of e.violations) if (p.checkTypes.includes(v.constraint_check_type)) seen.set(`${v.feature_name} / ${v.constraint_check_type}`, (seen.get(`${v.feature_name} / ${v.constraint_check_type}`) ?? 0) + 1)
    const key = `${feature} / ${type}`
    const list = [...seen.entries()].map(([k, n]) => `${k} (${n})`).join('; ') || 'none'
    return {
      pass: seen.has(key),
      diagnostic: seen.has(key) ? `Found: ${key} in ${seen.get(key)} execution(s).` : `${key} is not in any execution's violations. The violations of the kinds this step asks about: ${list}.`
    }
  }
})

export const detectsChange = check({
  name: 'detectsChange',
  description: 'The change `change` is flagged within `withinHours` of its start: by a baseline_drift_check violation on its feature, the drift test, or the alarm.',
  params: z.strictObject({ change: z.string(), withinHours: z.number().positive(), by: z.enum(['violation', 'stattest', 'alarm']).default('violation') }),
  criterion: (p) =>
    `The change "${p.change}" is caught within ${p.withinHours} hours of its start${p.by === 'alarm' ? ' by your alarm going to ALARM' : p.by === 'stattest' ? ' by your drift test on its feature' : " by a baseline_drift_check violation on its feature"}.`,
  run(ctx, p) {
    const m = ctx.result.monitor
    const c = changeOf(m, p.change)
    if (!c) return { pass: false, diagnostic: `The scenario has no change "${p.change}" (a lab content problem).` }
    let at: number | undefined
    if (p.by === 'alarm') at = m.alarm?.alarmTransitions.find((t) => t >= c.start)
    else at = driftFlags(m, p.by).find((f) => f.feature === c.feature && f.at >= c.start)?.at
    if (at === undefined) return { pass: false, diagnostic: `${c.label} began ${when(m, c.start)} and was never caught${p.by === 'alarm' ? ' by the alarm' : ''}.` }
    const hours = (at - c.start) / HOUR_MS
    return { pass: hours <= p.withinHours, diagnostic: `${c.label} began ${when(m, c.start)}; caught ${when(m, at)}, ${hours.toFixed(0)} h later.`, details: { hours } }
  }
})

export const noFalseDrift = check({
  name: 'noFalseDrift',
  description: 'At most `max` drift flags (violations, or the drift test) on a feature and time no injected change explains.',
  params: z.strictObject({ max: z.number().int().min(0).default(0), maxShare: z.number().min(0).max(1).optional(), by: z.enum(['violation', 'stattest']).default('violation') }),
  criterion: (p) =>
    p.maxShare !== undefined
      ? `At most ${Math.round(p.maxShare * 100)}% of the ${p.by === 'stattest' ? 'drift-test verdicts' : 'drift comparisons'} on features (and times) with no change worth acting on say "drift" (false alarms).`
      : `At most ${p.max} ${p.by === 'stattest' ? 'drift-test verdicts' : 'baseline_drift_check violations'} on features (and times) with no change worth acting on (false alarms).`,
  run(ctx, p) {
    const m = ctx.result.monitor
    const bad = driftFlags(m, p.by).filter((f) => !explained(m, f.feature, f.at - DAY_MS, f.at))
    if (p.maxShare !== undefined) {
      let compared = 0
      for (const e of m.dataQuality) {
        for (const f of m.features) {
          const v = p.by === 'stattest' ? e.test?.[f] : e.drift[f]
          if (v !== null && v !== undefined && !explained(m, f, e.ScheduledTime - DAY_MS, e.ScheduledTime)) compared++
        }
      }
      const share = compared === 0 ? 0 : bad.length / compared
      return {
        pass: share <= p.maxShare,
        diagnostic: `${bad.length} of ${compared} comparisons on unchanged features said "drift" (${(share * 100).toFixed(1)}%); the step allows ${Math.round(p.maxShare * 100)}%.`,
        details: { falseShare: share }
      }
    }
    const byFeature = new Map<string, number>()
    for (const f of bad) byFeature.set(f.feature, (byFeature.get(f.feature) ?? 0) + 1)
    return {
      pass: bad.length <= p.max,
      diagnostic: bad.length === 0 ? 'No drift flagged on a feature that did not change.' : `${bad.length} false drift flag(s): ${[...byFeature.entries()].map(([f, n]) => `${f} ${n}`).join(', ')}; the first ${when(m, bad[0].at)}.`,
      details: { falseFlags: bad.length }
    }
  }
})

export const noAlarmDuring = check({
  name: 'noAlarmDuring',
  description: 'The alarm does not go to ALARM (and starts no retraining) from the start of `change` until `graceHours` after it ends.',
  params: z.strictObject({ change: z.string(), graceHours: z.number().min(0).default(24) }),
  criterion: (p) => `Your alarm stays out of ALARM, and starts no retraining, from the start of "${p.change}" until ${p.graceHours} hours after it ends.`,
  run(ctx, p) {
    const m = ctx.result.monitor
    const c = changeOf(m, p.change)
    if (!c) return { pass: false, diagnostic: `The scenario has no change "${p.change}" (a lab content problem).` }
    const until = (c.end ?? c.start) + p.graceHours * HOUR_MS
    const t = m.alarm?.alarmTransitions.find((x) => x >= c.start && x <= until)
    return t === undefined
      ? { pass: true, diagnostic: `${c.label} (${when(m, c.start)}) did not put the alarm in ALARM.` }
      : { pass: false, diagnostic: `${c.label} began ${when(m, c.start)} and the alarm went to ALARM ${when(m, t)}${m.retraining.some((r) => r.triggeredAt === t) ? ', starting a retraining for nothing' : ''}.` }
  }
})

export const retrainsAfter = check({
  name: 'retrainsAfter',
  description: 'The first retraining starts after `change` begins and within `withinDays` of it.',
  params: z.strictObject({ change: z.string(), withinDays: z.number().positive() }),
  criterion: (p) => `A retraining is triggered within ${p.withinDays} day${p.withinDays === 1 ? '' : 's'} after "${p.change}" begins, and none before it.`,
  run(ctx, p) {
    const m = ctx.result.monitor
    const c = changeOf(m, p.change)
    if (!c) return { pass: false, diagnostic: `The scenario has no change "${p.change}" (a lab content problem).` }
    const first = m.retraining[0]
    if (!first) return { pass: false, diagnostic: `${c.label} began ${when(m, c.start)} and no retraining was triggered: ${m.alarm ? `the alarm ${m.alarm.firstAlarm === null ? 'never went to ALARM' : `went to ALARM ${when(m, m.alarm.firstAlarm)}`}` : 'there is no alarm'}.` }
    if (first.triggeredAt < c.start) return { pass: false, diagnostic: `A retraining started ${when(m, first.triggeredAt)}, before ${c.label} began (${when(m, c.start)}): the alarm fired for something else (noise, or a change that does not call for retraining).` }
    const days = (first.triggeredAt - c.start) / DAY_MS
    return { pass: days <= p.withinDays, diagnostic: `${c.label} began ${when(m, c.start)}; retraining started ${when(m, first.triggeredAt)}, ${days.toFixed(1)} days later.`, details: { days } }
  }
})

export const qualityRecovers = check({
  name: 'qualityRecovers',
  description: 'After the last retraining is deployed, the mean quality metric over the last `executions` model quality executions is at least `ofBaseline` × its mean over the first ones.',
  params: z.strictObject({ ofBaseline: z.number().min(0).max(2).default(0.95), executions: z.number().int().min(1).default(7) }),
  criterion: (p) => `After your retrained model is deployed, the model quality metric over the last ${p.executions} executions averages at least ${Math.round(p.ofBaseline * 100)}% of its value in the first ${p.executions}.`,
  run(ctx, p) {
    const m = ctx.result.monitor
    const q = m.modelQuality.filter((e) => e.value !== null)
    const rt = m.retraining.at(-1)
    if (!rt) return { pass: false, diagnostic: 'No retraining was deployed, so nothing could recover.' }
    const before = meanOf(q.slice(0, p.executions).map((e) => e.value))
    const after = q.filter((e) => e.dataStart >= rt.deployedAt).slice(-p.executions)
    if (before === null || after.length === 0) return { pass: false, diagnostic: `The retrained model was deployed ${when(m, rt.deployedAt)}, too late for a model quality execution to measure it.` }
    const a = meanOf(after.map((e) => e.value))!
    return {
      pass: a >= p.ofBaseline * before,
      diagnostic: `${m.qualityMetric} was ${num3(before)} at first and ${num3(a)} over the last ${after.length} execution(s) after the retrained model (trained on ${((rt.trainedTo - rt.trainedFrom) / DAY_MS).toFixed(0)} days) went live: ${Math.round((a / before) * 100)}% of it.`,
      details: { before, after: a }
    }
  }
})

export const groundTruthMerged = check({
  name: 'groundTruthMerged',
  description: 'Every model quality execution with captured data merged ground truth.',
  params: z.strictObject({}),
  criterion: () => 'Every model quality execution that had captured data merged ground-truth labels with it.',
  run(ctx) {
    const m = ctx.result.monitor
    const withData = m.modelQuality.filter((e) => e.records > 0)
    const failed = withData.filter((e) => e.merged === 0)
    return {
      pass: withData.length > 0 && failed.length === 0,
      diagnostic: failed.length === 0 ? `All ${withData.length} executions merged their labels (${withData.reduce((a, e) => a + e.merged, 0).toLocaleString('en-US')} records).` : `${failed.length} of ${withData.length} executions merged nothing: ${failed[0].FailureReason}`
    }
  }
})

export const settingIs = check({
  name: 'settingIs',
  description: 'The learner\'s setting `field` is one of `oneOf`; `why` is the sentence the learner reads.',
  params: z.strictObject({ field: z.enum(MONITOR_FIELDS), oneOf: z.array(Setting).min(1), why: z.string().min(1) }),
  criterion: (p) => p.why,
  run(ctx, p) {
    const v = ctx.result.monitor.choice[p.field]
    const ok = p.oneOf.some((o) => String(o) === String(v))
    return { pass: ok, diagnostic: ok ? `${p.field} is ${String(v)}.` : `${p.field} is ${String(v)}; ${p.why}` }
  }
})

export const monitorKind: StepKind<Fixed, Result> = {
  kind: 'monitor',
  owner: 'monitor',
  fixed: MonitorFixed,
  fields: MONITOR_FIELDS,
  validateStep(step, fixed, issue) {
    const model = SCENARIO_MODELS.find((m) => m.id === fixed.scenario)
    if (!model) return
    if (fixed.world) {
      const where = ['steps', '*', 'fixed']
      if (fixed.settings.MonitoringType === 'ModelQuality' && !fixed.modelQuality) issue([...where, 'settings', 'MonitoringType'], 'a model quality alarm needs the step\'s modelQuality monitor')
      if (fixed.retraining && fixed.retraining.pipelineHours * 60 > 1440) issue([...where, 'retraining', 'pipelineHours'], 'a World pipeline\'s training step runs at most 24 hours (CreatePipeline TrainingMinutes 1–1440)')
      if (step.inputs.some((i) => i.field === 'stattest' || i.field === 'stattest_threshold') || fixed.settings.stattest !== undefined) issue([...where, 'world'], 'the drift test (stattest) is computed on the kernel path only')
      if (fixed.trainingDays > MAX_TRAINING_DAYS) issue([...where, 'trainingDays'], `a World baselining job reads at most ${MAX_TRAINING_DAYS} days of training data`)
    }
    if (fixed.days * 24 * fixed.requestsPerHour > MAX_TIMELINE_REQUESTS) {
      issue(['steps', '*', 'fixed', 'requestsPerHour'], `days × 24 × requestsPerHour must be at most ${MAX_TIMELINE_REQUESTS.toLocaleString('en-US')} requests (one run stays near a second)`)
    }
    fixed.changes.forEach((c, k) => {
      try {
        validateChange(model, c.change as unknown as DataChange, 'change')
      } catch (err) {
        if (!(err instanceof LabError)) throw err
        for (const i of err.issues) issue(['steps', '*', 'fixed', 'changes', k, ...i.path.split('.')], i.message)
      }
      if (c.startDay[1] < c.startDay[0] || c.startDay[1] > fixed.days) issue(['steps', '*', 'fixed', 'changes', k, 'startDay'], `must be [from, to] with from ≤ to ≤ days (${fixed.days})`)
    })
    fixed.seasonality.forEach((s, k) => {
      try {
        validateSeasonality(findScenarioModel(fixed.scenario, 'scenario'), s, 'seasonality')
      } catch (err) {
        if (!(err instanceof LabError)) throw err
        issue(['steps', '*', 'fixed', 'seasonality', k], err.message)
      }
    })
    step.inputs.forEach((input, k) => {
      const ip = ['steps', '*', 'inputs', k]
      if (input.target !== undefined) issue([...ip, 'target'], 'a monitor step has no targets')
      const allowed: Partial<Record<Field, readonly string[]>> = {
        comparison_method: ['Simple', 'Robust'],
        categorical_drift_method: ['LInfinity', 'ChiSquared'],
        stattest: [...DRIFT_METHODS, 'auto'],
        InferenceId: ['true', 'false'],
        MonitoringType: MONITORING_TYPES,
        ComparisonOperator: OPERATORS,
        feature_name: model.features.map((f) => f.name),
        constraint_check_type: CHECK_TYPES
      }
      if (input.field === 'MetricName' && input.options) {
        const ok = new Set<string>([...QUALITY_METRICS, ...model.features.flatMap((f) => [`feature_baseline_drift_${f.name}`, `feature_non_null_${f.name}`])])
        input.options.forEach((o, j) => ok.has(String(o)) || issue([...ip, 'options', j], `must be a metric the monitors publish: feature_baseline_drift_<feature>, feature_non_null_<feature> or one of ${QUALITY_METRICS.join(', ')}`))
      }
      const list = allowed[input.field as Field]
      if (list && input.options) input.options.forEach((o, j) => list.includes(String(o)) || issue([...ip, 'options', j], `must be one of ${list.join(', ')}`))
      if (['MonitoringType', 'MetricName', 'Threshold', 'ComparisonOperator', 'EvaluationPeriods', 'DatapointsToAlarm', 'RetrainingWindowDays'].includes(input.field) && !fixed.alarm) {
        issue([...ip, 'field'], `${input.field} sets the alarm, but the step's fixed block has no alarm`)
      }
    })
  },
  run,
  checks: Object.fromEntries([namesDriftedFeature, namesViolation, detectsChange, noFalseDrift, noAlarmDuring, retrainsAfter, qualityRecovers, groundTruthMerged, settingIs].map((c) => [c.name, c])),
  // A World step opens with the same monitor actions; a kernel step opens the scenario world as it is.
  sandboxActions(ctx): SandboxAction[] {
    return ctx.fixed.world ? worldRunCached(ctx).learner : []
  }
}
