/**
 * SageMaker Model Monitor in a world: data capture on an endpoint, the scenario its clients follow,
 * baselining jobs, monitoring schedules and their executions, ground truth, and the CloudWatch
 * metrics a schedule publishes (issue #10 items 1–6, on the kernel in this folder).
 *
 * - Data capture ("Capture data from a real-time endpoint"; API_DataCaptureConfig): each simulated
 *   minute (after SageMaker simulated it) the requests the endpoint answered that minute are captured
 *   with probability InitialSamplingPercentage / 100 each, into the endpoint's CaptureLog (counts per
 *   minute; records are regenerated from the scenario on demand, capture.ts).
 * - Baselining ("Create a Baseline", model-monitor-create-baseline): CreateBaseliningJob runs the
 *   processing job `suggest_baseline` starts, for BASELINE_JOB_MINUTES simulated minutes, on
 *   TrainingDataDays days of the scenario without injected changes; it writes statistics.json and
 *   constraints.json (baseline.ts). A ModelQuality baselining job scores the training data with the
 *   deployed model and writes a constraints.json of metric thresholds
 *   ("binary_classification_constraints", model-monitor-model-quality-baseline): each metric's
 *   baseline value, LessThanThreshold (GreaterThanThreshold for the false positive / negative rates).
 * - Schedules (API_CreateMonitoringSchedule, API_ScheduleConfig, model-monitor-schedule-expression):
 *   each run's processing job starts 0–20 minutes after its scheduled time (schedule.ts) and takes
 *   EXECUTION_MINUTES; when it completes, its status (Completed, CompletedWithViolations, Failed),
 *   constraint_violations.json and metrics are recorded (ListMonitoringExecutions), the metrics are
 *   published to CloudWatch at that minute, and EventBridge hears "SageMaker Processing Job State
 *   Change" and "SageMaker Monitoring Schedule State Change" (EventBridge Events Reference, SageMaker).
 * - Metrics (model-monitor-interpreting-cloudwatch): data quality metrics in
 *   `/aws/sagemaker/Endpoints/data-metric` with dimensions EndpointName and ScheduleName
 *   (feature_data_<f> as statistic sets, feature_non_null_<f>, feature_baseline_drift_<f>); model
 *   quality metrics (accuracy, precision, recall, f1, auc, …) in `/aws/sagemaker/Endpoints/model-metrics`
 *   with the same dimensions (that namespace is not confirmed in AWS's pages; AWS-FACTS §2.6).
 * - Ground truth ("Ingest Ground Truth Labels and Merge Them With Predictions",
 *   model-monitor-model-quality-merge): PutGroundTruth makes each captured inference's true label
 *   available GroundTruthLagHours after it (not before the call itself), for a seeded share
 *   CoverageShare of inferences; a model quality run joins the labels available when it starts with
 *   the captured predictions of its window on inferenceId when the capture has one, else eventId.
 *
 * - Retraining (issue #10 item 7; AWS-FACTS §8): CreatePipeline, StartPipelineExecution (also as an
 *   EventBridge target: a rule on the alarm's state change delivers to the pipeline ARN), a training
 *   step billed per instance-minute into the world's cost ledger, a RegisterModel step creating a model
 *   package PendingManualApproval ("SageMaker Model Package State Change"), UpdateModelPackage, and
 *   "SageMaker Model Building Pipeline Execution Status Change" events. The retrained model learns the
 *   concept in force when the execution starts; deployed by UpdateEndpoint, it scores later requests.
 *
 * Every refused action throws before any change. CloudTrail records the SageMaker calls.
 */
import { LabError, invalidField } from '../../../shared/errors'
import type { SandboxAction } from '../../../shared/contract/sandbox'
import type { CostLedger, UsageLine } from '../billing/ledger'
import { SAGEMAKER_SERVICE } from '../billing/ledger'
import { requireHostingInstanceType } from '../catalog/instances'
import type { UserIdentity } from '../cloudtrail/record'
import type { MetricSink } from '../cloudwatch/series'
import { ACCOUNT_ID, REGION } from '../core/account'
import type { IdGenerator } from '../core/ids'
import type { Rng } from '../core/rng'
import { compactUtcMinute, DAY_MS, HOUR_MS, MINUTE_MS } from '../core/time'
import { buildEvent, buildModelPackageStateChangeEvent, buildMonitoringScheduleStateChangeEvent, SAGEMAKER_SOURCE, sageMakerArn, type ModelApprovalStatus } from '../eventbridge/events'
import type { SageMaker } from '../sagemaker/service'
import type { ActionHandlers, EventHandlers, Service, ServiceContext } from '../world/service'
import { suggestBaseline, type ConstraintsJson, type StatisticsJson } from './baseline'
import { CaptureLog, validateDataCaptureConfig, type DataCaptureConfig } from './capture'
import type { Dataset } from './dataset'
import { baseModelScore, runDataQualityExecution, type MonitoringExecutionStatus } from './execution'
import { FeatureScenario, findScenarioModel, MAX_CHANGES, SCENARIO_MODELS, validateSeasonality, type DataChange, type FeatureRecord, type ScenarioModel, type Seasonality } from './features'
import { modelQuality, type MetricValue } from './quality'
import { scheduledRuns, validateScheduleConfig, type ScheduleConfig, type ScheduledRun } from './schedule'
import { profileBaseline, type BaselineProfiles, type EmittedMetric, type Violation } from './violations'

const SOURCE = 'sagemaker.amazonaws.com'
export const DATA_METRIC_NAMESPACE = '/aws/sagemaker/Endpoints/data-metric'
export const MODEL_METRIC_NAMESPACE = '/aws/sagemaker/Endpoints/model-metrics'
export const PROCESSING_JOB_STATE_CHANGE = 'SageMaker Processing Job State Change'
/** How long a baselining job runs (simulated). */
export const BASELINE_JOB_MINUTES = 5
/** How long a monitoring execution's processing job runs after it starts (simulated). */
export const EXECUTION_MINUTES = 3
export const DEFAULT_SCENARIO = 'recommender-ctr'
export const MAX_SCHEDULES = 20
export const MAX_BASELINING_JOBS = 50
/** Executions a schedule keeps (newest): 92 days of an hourly schedule. */
export const MAX_EXECUTIONS_KEPT = 92 * 24
export const MAX_TRAINING_DAYS = 30
export const DEFAULT_TRAINING_ROWS = 2000
export const MAX_TRAINING_ROWS = 20_000
export const MAX_GROUND_TRUTH_LAG_HOURS = 30 * 24
/** Model quality metrics a schedule publishes and its baseline constrains (binary classification). */
export const MODEL_QUALITY_METRICS = ['accuracy', 'precision', 'recall', 'f0_5', 'f1', 'f2', 'auc', 'true_positive_rate', 'true_negative_rate', 'false_positive_rate', 'false_negative_rate'] as const
const HIGHER_IS_WORSE = new Set(['false_positive_rate', 'false_negative_rate'])

export type MonitoringType = 'DataQuality' | 'ModelQuality'
const MONITORING_TYPES: readonly string[] = ['DataQuality', 'ModelQuality']

export interface ModelQualityConstraints {
  version: 0
  binary_classification_constraints: Record<string, { threshold: number; comparison_operator: 'LessThanThreshold' | 'GreaterThanThreshold' }>
}

export interface ModelQualityViolation {
  metric_name: string
  constraint_check_type: 'LessThanThreshold' | 'GreaterThanThreshold'
  description: string
}

interface EndpointMonitor {
  name: string
  capture: DataCaptureConfig | null
  log: CaptureLog
  scenario: FeatureScenario
  sendInferenceId: boolean
  /** The endpoint's answered requests seen at the end of the previous minute. */
  lastAnswered: number | null
  /** inferenceIdOnly: the labels carry the application's request ids (EventIdSource InferenceId). */
  groundTruth: { lagMs: number; coverage: number; since: number; inferenceIdOnly: boolean } | null
  /** Streams forked once (a fork depends on its parent's seed key only, so caching changes no draw). */
  captureRng: Rng
  scenarioRng: Rng
  /** The model in service from each time on (UpdateEndpoint): a registered package's concept, or the base model. */
  models: { from: number; modelName: string; conceptFactor: readonly number[] | null }[]
}

interface PipelineRecord {
  name: string
  arn: string
  endpoint: string
  group: string
  days: number
  instanceType: string
  pricePerHour: number
  minutes: number
  createdAt: number
}

export interface PipelineExecutionRecord {
  PipelineName: string
  PipelineExecutionArn: string
  PipelineExecutionStatus: 'Executing' | 'Succeeded' | 'Failed'
  StartTime: number
  EndTime: number | null
  CostUsd: number
  FailureReason: string | null
  /** Labelled captured requests in the training window, and the concept the retrained model learns. */
  trainingRecords: number
  conceptFactor: number[] | null
  endsAt: number
  line: UsageLine
  ModelPackageArn: string | null
}

export interface ModelPackageRecord {
  ModelPackageArn: string
  ModelPackageGroupName: string
  ModelPackageVersion: number
  ModelApprovalStatus: ModelApprovalStatus
  /** The model name to deploy it under (UpdateEndpoint ProductionVariants[].Model.name). */
  ModelName: string
  CreationTime: number
  LastModifiedTime: number
  conceptFactor: number[] | null
  trainedOn: { from: number; to: number; records: number }
}

interface BaseliningJob {
  name: string
  arn: string
  endpoint: string
  type: MonitoringType
  createdAt: number
  completesAt: number
  status: 'InProgress' | 'Completed'
  rows: number
  trainingFrom: number
  trainingTo: number
  statistics?: StatisticsJson
  constraints?: ConstraintsJson
  modelConstraints?: ModelQualityConstraints
  dataset?: Dataset
  profiled?: BaselineProfiles
}

export interface ExecutionRecord {
  ProcessingJobName: string
  ScheduledTime: number
  /** When the processing job started (0–20 minutes after ScheduledTime) and finished. */
  StartTime: number
  EndTime: number
  MonitoringExecutionStatus: MonitoringExecutionStatus
  FailureReason?: string
  analysisStart: number
  analysisEnd: number
  capturedRecords: number
  analysedRecords: number
  /** constraint_violations.json: data quality records, or model quality metric records. */
  violations: (Violation | ModelQualityViolation)[]
  metrics: EmittedMetric[]
  /** ModelQuality: predictions merged with ground truth. */
  mergedRecords?: number
  /** ModelQuality: the merged labels' positive share (observed click or fraud rate) and the mean predicted probability. */
  positiveRate?: number
  meanProbability?: number
}

interface ScheduleRecord {
  name: string
  arn: string
  type: MonitoringType
  endpoint: string
  config: ScheduleConfig
  baselineJob: string
  probabilityThreshold: number
  status: 'Scheduled' | 'Stopped'
  createdAt: number
  lastModifiedAt: number
  /** Runs already computed, not yet finished, ordered by when they finish. */
  pending: (ScheduledRun & { doneAt: number })[]
  /** Run times up to here have been queued. */
  queuedUntil: number
  executions: ExecutionRecord[]
  total: number
}

type Owned =
  | 'EnableDataCapture'
  | 'SetFeatureScenario'
  | 'InjectDataChange'
  | 'CreateBaseliningJob'
  | 'CreateMonitoringSchedule'
  | 'DeleteMonitoringSchedule'
  | 'StopMonitoringSchedule'
  | 'StartMonitoringSchedule'
  | 'PutGroundTruth'
  | 'CreatePipeline'
  | 'StartPipelineExecution'
  | 'UpdateModelPackage'

type Act<T extends Owned> = Extract<SandboxAction, { type: T }>

const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/
const NAME_RULE = '1–63 letters, digits and hyphens, starting with a letter or digit'
const INPUT_PATH = 'MonitoringScheduleConfig.MonitoringJobDefinition.MonitoringInputs[0].EndpointInput.EndpointName'

export class Monitor implements Service {
  readonly name = 'monitor'
  private readonly endpoints = new Map<string, EndpointMonitor>()
  private readonly jobs = new Map<string, BaseliningJob>()
  private readonly schedules = new Map<string, ScheduleRecord>()
  private readonly pipelines = new Map<string, PipelineRecord>()
  private readonly pipelineRuns: PipelineExecutionRecord[] = []
  private readonly packages: ModelPackageRecord[] = []
  /** The CloudWatch series each schedule writes, by schedule, endpoint, namespace and metric. */
  /** Per schedule record: its published series by metric name. */
  private readonly series = new WeakMap<ScheduleRecord, Map<string, ReturnType<MetricSink['series']>>>()

  constructor(
    private readonly sagemaker: SageMaker,
    private readonly sink: MetricSink,
    private readonly rng: Rng,
    private readonly ids: IdGenerator,
    private readonly ledger: CostLedger | null = null
  ) {}

  readonly actions: ActionHandlers<Owned> = {
    EnableDataCapture: {
      apply: (a, ctx) => this.enableCapture(a, ctx),
      describe: (a) =>
        a.DataCaptureConfig.EnableCapture === false
          ? `Turn off data capture on ${a.EndpointName}`
          : `Capture ${a.DataCaptureConfig.InitialSamplingPercentage}% of ${a.EndpointName}'s requests (${a.DataCaptureConfig.CaptureOptions.map((o) => o.CaptureMode).join(' + ')}) to ${a.DataCaptureConfig.DestinationS3Uri}`
    },
    SetFeatureScenario: {
      apply: (a) => this.setScenario(a),
      describe: (a) => `Clients of ${a.EndpointName} follow the ${a.ScenarioId} scenario${a.Seasonality?.length ? ` with seasonality in ${a.Seasonality.map((s) => `${s.Feature} (${s.PeriodHours} h)`).join(', ')}` : ''}`
    },
    InjectDataChange: {
      apply: (a, ctx) => this.injectChange(a, ctx),
      describe: (a) => `In ${a.StartsInMinutes} min, ${a.EndpointName}'s clients change: ${changeText(a.Change as DataChange)}`
    },
    CreateBaseliningJob: {
      apply: (a, ctx) => this.createBaseliningJob(a, ctx),
      describe: (a) => `Baselining job ${a.ProcessingJobName}: ${a.MonitoringType ?? 'DataQuality'} baseline of ${a.EndpointName} from ${a.TrainingDataDays} day(s) of training data`
    },
    CreateMonitoringSchedule: {
      apply: (a, ctx) => this.createSchedule(a, ctx),
      describe: (a) =>
        `Monitoring schedule ${a.MonitoringScheduleName}: ${a.MonitoringScheduleConfig.MonitoringType} of ${a.MonitoringScheduleConfig.MonitoringJobDefinition.MonitoringInputs[0]?.EndpointInput.EndpointName ?? '?'}, ${a.MonitoringScheduleConfig.ScheduleConfig.ScheduleExpression}`
    },
    DeleteMonitoringSchedule: {
      apply: (a, ctx) => {
        const s = this.schedule(a.MonitoringScheduleName)
        this.schedules.delete(s.name)
        this.call(ctx, 'DeleteMonitoringSchedule', s.arn, 'AWS::SageMaker::MonitoringSchedule', { monitoringScheduleName: s.name })
      },
      describe: (a) => `Delete monitoring schedule ${a.MonitoringScheduleName}`
    },
    StopMonitoringSchedule: {
      apply: (a, ctx) => {
        const s = this.schedule(a.MonitoringScheduleName)
        if (s.status === 'Scheduled') {
          s.status = 'Stopped'
          s.lastModifiedAt = ctx.now
          // Runs not started yet are dropped; a processing job already running finishes.
          s.pending = s.pending.filter((r) => r.startTime <= ctx.now)
          this.scheduleEvent(s, ctx)
        }
        this.call(ctx, 'StopMonitoringSchedule', s.arn, 'AWS::SageMaker::MonitoringSchedule', { monitoringScheduleName: s.name })
      },
      describe: (a) => `Stop monitoring schedule ${a.MonitoringScheduleName}`
    },
    StartMonitoringSchedule: {
      apply: (a, ctx) => {
        const s = this.schedule(a.MonitoringScheduleName)
        if (s.status === 'Stopped') {
          s.status = 'Scheduled'
          s.lastModifiedAt = ctx.now
          s.queuedUntil = ctx.now
          this.scheduleEvent(s, ctx)
        }
        this.call(ctx, 'StartMonitoringSchedule', s.arn, 'AWS::SageMaker::MonitoringSchedule', { monitoringScheduleName: s.name })
      },
      describe: (a) => `Start monitoring schedule ${a.MonitoringScheduleName}`
    },
    PutGroundTruth: {
      apply: (a, ctx) => {
        const ep = this.monitored(a.EndpointName)
        if (!(Number.isFinite(a.GroundTruthLagHours) && a.GroundTruthLagHours >= 0 && a.GroundTruthLagHours <= MAX_GROUND_TRUTH_LAG_HOURS)) {
          throw invalidField('GroundTruthLagHours', `must be a number of hours from 0 to ${MAX_GROUND_TRUTH_LAG_HOURS} (30 days)`)
        }
        const coverage = a.CoverageShare ?? 1
        if (!(Number.isFinite(coverage) && coverage > 0 && coverage <= 1)) throw invalidField('CoverageShare', 'must be a share greater than 0 and at most 1 (1: every inference gets its label)')
        const source = a.EventIdSource ?? 'Capture'
        if (source !== 'Capture' && source !== 'InferenceId') throw invalidField('EventIdSource', 'must be Capture (the id read from each captured record) or InferenceId (the application\'s request id)')
        ep.groundTruth = { lagMs: Math.round(a.GroundTruthLagHours * HOUR_MS), coverage, since: ctx.now, inferenceIdOnly: source === 'InferenceId' }
      },
      describe: (a) => `Ground truth for ${a.EndpointName}: ${a.CoverageShare !== undefined ? `${Math.round(a.CoverageShare * 100)}% of ` : ''}labels arrive ${a.GroundTruthLagHours} h after each inference`
    },
    CreatePipeline: {
      apply: (a, ctx) => this.createPipeline(a, ctx),
      describe: (a) => `Pipeline ${a.PipelineName}: retrain ${a.EndpointName}'s model on the last ${a.TrainingDataDays} day(s) of captured data, register it in ${a.ModelPackageGroupName}`
    },
    StartPipelineExecution: {
      apply: (a, ctx) => {
        const p = this.pipelines.get(a.PipelineName)
        if (!p) throw new LabError('NOT_FOUND', `ResourceNotFound: no pipeline "${a.PipelineName}".`, [{ path: 'PipelineName', message: `no such pipeline${this.pipelines.size ? `; pipelines: ${[...this.pipelines.keys()].join(', ')}` : ''}` }])
        this.startPipeline(p, ctx, ctx.caller)
      },
      describe: (a) => `Start pipeline ${a.PipelineName}`
    },
    UpdateModelPackage: {
      apply: (a, ctx) => {
        const pkg = this.packages.find((p) => p.ModelPackageArn === a.ModelPackageArn)
        if (!pkg) throw new LabError('NOT_FOUND', `ValidationException: model package "${a.ModelPackageArn}" does not exist.`, [{ path: 'ModelPackageArn', message: `no such model package${this.packages.length ? `; packages: ${this.packages.map((p) => p.ModelPackageArn).join(', ')}` : ''}` }])
        if (!['Approved', 'Rejected', 'PendingManualApproval'].includes(a.ModelApprovalStatus)) throw invalidField('ModelApprovalStatus', 'must be Approved, Rejected or PendingManualApproval')
        pkg.ModelApprovalStatus = a.ModelApprovalStatus as ModelApprovalStatus
        pkg.LastModifiedTime = ctx.now
        this.call(ctx, 'UpdateModelPackage', pkg.ModelPackageArn, 'AWS::SageMaker::ModelPackage', { modelPackageArn: pkg.ModelPackageArn, modelApprovalStatus: a.ModelApprovalStatus, ...(a.ApprovalDescription ? { approvalDescription: a.ApprovalDescription } : {}) }, { modelPackageArn: pkg.ModelPackageArn })
        this.packageEvent(pkg, ctx, a.ApprovalDescription)
      },
      describe: (a) => `Model package ${a.ModelPackageArn.replace(/^.*model-package\//, '')}: ${a.ModelApprovalStatus}`
    }
  }

  /**
   * EventBridge delivers to a pipeline target (StartPipelineExecution is a native EventBridge
   * target): the pipeline starts, called by EventBridge on the account's behalf. An UpdateEndpoint
   * changes the model in service on an endpoint from that minute on.
   */
  readonly on: EventHandlers = {
    Delivery: (e, ctx) => {
      if (e.kind !== 'startPipeline') return
      const p = [...this.pipelines.values()].find((x) => x.arn === e.target)
      // Over the world's limit the invocation is dropped (an event handler never refuses).
      if (p && this.pipelineRuns.length < MAX_PIPELINE_EXECUTIONS) this.startPipeline(p, ctx, EVENTBRIDGE_CALLER)
    },
    ApiCall: (e, ctx) => {
      if (e.eventSource !== SOURCE || e.eventName !== 'UpdateEndpoint') return
      const name = (e.requestParameters as { endpointName?: string } | null)?.endpointName
      const ep = name ? this.endpoints.get(name) : undefined
      if (!ep) return
      const modelName = this.sagemaker.summaries().find((x) => x.EndpointName === name)?.variants[0]?.ModelName
      if (modelName === undefined || ep.models[ep.models.length - 1]?.modelName === modelName) return
      const pkg = this.packages.find((p) => p.ModelName === modelName)
      ep.models.push({ from: ctx.now, modelName, conceptFactor: pkg ? pkg.conceptFactor : null })
    }
  }

  // ---- actions ----------------------------------------------------------------------------------

  private enableCapture(a: Act<'EnableDataCapture'>, ctx: ServiceContext): void {
    this.sagemaker.liveEndpoint(a.EndpointName)
    const c = a.DataCaptureConfig as DataCaptureConfig
    validateDataCaptureConfig(c, 'DataCaptureConfig')
    const ep = this.monitorOf(a.EndpointName)
    const enabled = c.EnableCapture !== false
    ep.capture = enabled ? { ...c, CaptureOptions: c.CaptureOptions.map((o) => ({ ...o })) } : null
    ep.lastAnswered = this.sagemaker.answeredRequests(a.EndpointName)
    const configName = `${a.EndpointName}-config-capture-${ctx.now / MINUTE_MS}`
    this.call(ctx, 'CreateEndpointConfig', `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:endpoint-config/${configName.toLowerCase()}`, 'AWS::SageMaker::EndpointConfig', {
      endpointConfigName: configName,
      dataCaptureConfig: { enableCapture: enabled, initialSamplingPercentage: c.InitialSamplingPercentage, destinationS3Uri: c.DestinationS3Uri, captureOptions: c.CaptureOptions, ...(c.KmsKeyId ? { kmsKeyId: c.KmsKeyId } : {}) }
    })
    this.call(ctx, 'UpdateEndpoint', `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:endpoint/${a.EndpointName.toLowerCase()}`, 'AWS::SageMaker::Endpoint', { endpointName: a.EndpointName, endpointConfigName: configName })
  }

  private setScenario(a: Act<'SetFeatureScenario'>): void {
    this.sagemaker.liveEndpoint(a.EndpointName)
    const model = findScenarioModel(a.ScenarioId, 'ScenarioId')
    const seasonality = (a.Seasonality ?? []) as Seasonality[]
    seasonality.forEach((s, i) => validateSeasonality(model, s, `Seasonality[${i}]`))
    const ep = this.endpoints.get(a.EndpointName)
    if (ep && ep.log.totalCaptured > 0) {
      throw new LabError('CONFLICT', `ScenarioId: ${a.EndpointName} has captured data from the ${ep.scenario.model.id} scenario; set the scenario before capturing (or use a new endpoint).`, [
        { path: 'ScenarioId', message: 'the endpoint has captured data already' }
      ])
    }
    const m = this.monitorOf(a.EndpointName)
    m.scenario = new FeatureScenario(model, seasonality.map((s) => ({ ...s })))
    m.sendInferenceId = a.SendInferenceId ?? false
  }

  private injectChange(a: Act<'InjectDataChange'>, ctx: ServiceContext): void {
    this.sagemaker.liveEndpoint(a.EndpointName)
    if (!(Number.isInteger(a.StartsInMinutes) && a.StartsInMinutes >= 0 && a.StartsInMinutes <= 92 * 1440)) {
      throw invalidField('StartsInMinutes', 'must be a whole number of minutes from 0 to 132480 (92 days)')
    }
    const ep = this.endpoints.get(a.EndpointName)
    const scenario = ep?.scenario ?? new FeatureScenario(findScenarioModel(DEFAULT_SCENARIO, 'ScenarioId'))
    // Validates (throws naming Change.*) before anything is kept.
    const probe = new FeatureScenario(scenario.model)
    probe.addChange(0, a.Change as DataChange, 'Change')
    if (scenario.timeline.length >= MAX_CHANGES) throw invalidField('Change', `a scenario holds at most ${MAX_CHANGES} changes`)
    this.monitorOf(a.EndpointName).scenario.addChange(ctx.now + a.StartsInMinutes * MINUTE_MS, JSON.parse(JSON.stringify(a.Change)) as DataChange, 'Change')
  }

  private createBaseliningJob(a: Act<'CreateBaseliningJob'>, ctx: ServiceContext): void {
    if (!JOB_NAME.test(a.ProcessingJobName)) throw invalidField('ProcessingJobName', `must be ${NAME_RULE}`)
    if (this.jobs.has(a.ProcessingJobName)) {
      throw new LabError('CONFLICT', `ResourceInUse: a processing job named "${a.ProcessingJobName}" exists.`, [{ path: 'ProcessingJobName', message: 'processing job names are unique in an account' }])
    }
    if (this.jobs.size >= MAX_BASELINING_JOBS) throw invalidField('ProcessingJobName', `a world runs at most ${MAX_BASELINING_JOBS} baselining jobs`)
    this.sagemaker.liveEndpoint(a.EndpointName)
    const type = (a.MonitoringType ?? 'DataQuality') as string
    if (!MONITORING_TYPES.includes(type)) throw invalidField('MonitoringType', `must be DataQuality or ModelQuality (ModelBias and ModelExplainability are not simulated), got "${type}"`)
    if (!(Number.isInteger(a.TrainingDataDays) && a.TrainingDataDays >= 1 && a.TrainingDataDays <= MAX_TRAINING_DAYS)) {
      throw invalidField('TrainingDataDays', `must be a whole number of days from 1 to ${MAX_TRAINING_DAYS}`)
    }
    const rows = a.TrainingRows ?? DEFAULT_TRAINING_ROWS
    if (!(Number.isInteger(rows) && rows >= 100 && rows <= MAX_TRAINING_ROWS)) throw invalidField('TrainingRows', `must be a whole number of rows from 100 to ${MAX_TRAINING_ROWS}`)
    const scenario = this.endpoints.get(a.EndpointName)?.scenario ?? new FeatureScenario(findScenarioModel(DEFAULT_SCENARIO, 'ScenarioId'))
    // The training data: the scenario's base (its seasonality, no injected change) over the N days
    // before the job; computed now (it depends on nothing that can change), published when it completes.
    const base = new FeatureScenario(scenario.model, scenario.seasonality)
    const from = ctx.now - a.TrainingDataDays * DAY_MS
    const train = base.trainingData(from, ctx.now, rows, this.rng.fork(`baselining/${a.ProcessingJobName}/${ctx.now}`))
    const job: BaseliningJob = {
      name: a.ProcessingJobName,
      arn: sageMakerArn({ account: ACCOUNT_ID, region: REGION }, 'processing-job', a.ProcessingJobName.toLowerCase()),
      endpoint: a.EndpointName,
      type: type as MonitoringType,
      createdAt: ctx.now,
      completesAt: ctx.now + BASELINE_JOB_MINUTES * MINUTE_MS,
      status: 'InProgress',
      rows,
      trainingFrom: from,
      trainingTo: ctx.now
    }
    if (job.type === 'DataQuality') {
      const b = suggestBaseline(train.dataset)
      job.statistics = b.statistics
      job.constraints = b.constraints
      job.dataset = train.dataset
    } else {
      job.modelConstraints = modelQualityBaseline(scenario.model, train.dataset, train.labels, 0.5)
    }
    this.jobs.set(job.name, job)
    this.call(ctx, 'CreateProcessingJob', job.arn, 'AWS::SageMaker::ProcessingJob', {
      processingJobName: job.name,
      environment: { dataset_format: '{"csv": {"header": true}}', analysis_type: job.type === 'DataQuality' ? 'DataQuality' : 'ModelQuality', baseline_days: String(a.TrainingDataDays) }
    }, { processingJobArn: job.arn })
    this.processingEvent(ctx, job.name, 'InProgress', job.createdAt, null)
  }

  private createSchedule(a: Act<'CreateMonitoringSchedule'>, ctx: ServiceContext): void {
    const name = a.MonitoringScheduleName
    if (!JOB_NAME.test(name)) throw invalidField('MonitoringScheduleName', `must be ${NAME_RULE}`)
    if (this.schedules.has(name)) {
      throw new LabError('CONFLICT', `ResourceInUse: a monitoring schedule named "${name}" exists.`, [{ path: 'MonitoringScheduleName', message: 'schedule names are unique in an account and Region' }])
    }
    if (this.schedules.size >= MAX_SCHEDULES) throw invalidField('MonitoringScheduleName', `a world runs at most ${MAX_SCHEDULES} monitoring schedules; delete one first`)
    const cfg = a.MonitoringScheduleConfig
    const type = cfg.MonitoringType
    if (!MONITORING_TYPES.includes(type)) throw invalidField('MonitoringScheduleConfig.MonitoringType', `must be DataQuality or ModelQuality (ModelBias and ModelExplainability are not simulated), got "${type}"`)
    const scheduleConfig: ScheduleConfig = { ...cfg.ScheduleConfig }
    under('MonitoringScheduleConfig', () => validateScheduleConfig(scheduleConfig))
    const def = cfg.MonitoringJobDefinition
    const input = def.MonitoringInputs[0]?.EndpointInput
    if (!input) throw invalidField('MonitoringScheduleConfig.MonitoringJobDefinition.MonitoringInputs', 'must name one endpoint: [{ EndpointInput: { EndpointName } }]')
    try {
      this.sagemaker.liveEndpoint(input.EndpointName)
    } catch (err) {
      if (err instanceof LabError) throw new LabError(err.code, `${INPUT_PATH}: ${err.message}`, [{ path: INPUT_PATH, message: 'no such endpoint' }])
      throw err
    }
    const ep = this.endpoints.get(input.EndpointName)
    if (!ep?.capture) {
      throw invalidField(INPUT_PATH, `data capture is not enabled on ${input.EndpointName}: enable it first (EnableDataCapture with EnableCapture true)`)
    }
    const modes = new Set(ep.capture.CaptureOptions.map((o) => o.CaptureMode))
    const needed = type === 'DataQuality' ? 'Input' : 'Output'
    if (!modes.has(needed)) throw invalidField(INPUT_PATH, `a ${type} monitor reads the captured ${needed.toLowerCase()}s, but ${input.EndpointName} captures ${[...modes].join(' and ')} only: add CaptureMode ${needed}`)
    const jobName = def.BaselineConfig?.BaseliningJobName
    const BASE = 'MonitoringScheduleConfig.MonitoringJobDefinition.BaselineConfig.BaseliningJobName'
    if (!jobName) throw invalidField(BASE, `a ${type} schedule needs a baseline: give the name of a ${type} baselining job (CreateBaseliningJob)`)
    const job = this.jobs.get(jobName)
    if (!job) throw invalidField(BASE, `no baselining job "${jobName}"${this.jobs.size ? `; jobs: ${[...this.jobs.keys()].join(', ')}` : '; run CreateBaseliningJob first'}`)
    if (job.type !== type) throw invalidField(BASE, `"${jobName}" is a ${job.type} baseline; a ${type} schedule needs a ${type} baseline`)
    let threshold = 0.5
    if (type === 'ModelQuality') {
      if (def.ProblemType !== undefined && def.ProblemType !== 'BinaryClassification') throw invalidField('MonitoringScheduleConfig.MonitoringJobDefinition.ProblemType', 'the scenarios are binary classifiers: use BinaryClassification')
      if (!def.GroundTruthS3Input) throw invalidField('MonitoringScheduleConfig.MonitoringJobDefinition.GroundTruthS3Input', 'a ModelQuality schedule needs GroundTruthS3Input { S3Uri } (where PutGroundTruth uploads the labels)')
      if (!/^(https|s3):\/\/([^/]+)\/?(.*)$/.test(def.GroundTruthS3Input.S3Uri)) throw invalidField('MonitoringScheduleConfig.MonitoringJobDefinition.GroundTruthS3Input.S3Uri', 'must be an S3 URI such as s3://my-bucket/ground-truth')
      threshold = input.ProbabilityThresholdAttribute ?? 0.5
      if (!(threshold > 0 && threshold < 1)) throw invalidField('MonitoringScheduleConfig.MonitoringJobDefinition.MonitoringInputs[0].EndpointInput.ProbabilityThresholdAttribute', 'must be a probability strictly between 0 and 1')
    } else if (def.GroundTruthS3Input || def.ProblemType) {
      throw invalidField(def.GroundTruthS3Input ? 'MonitoringScheduleConfig.MonitoringJobDefinition.GroundTruthS3Input' : 'MonitoringScheduleConfig.MonitoringJobDefinition.ProblemType', 'applies to ModelQuality schedules only')
    }
    const s: ScheduleRecord = {
      name,
      arn: sageMakerArn({ account: ACCOUNT_ID, region: REGION }, 'monitoring-schedule', name.toLowerCase()),
      type: type as MonitoringType,
      endpoint: input.EndpointName,
      config: scheduleConfig,
      baselineJob: jobName,
      probabilityThreshold: threshold,
      status: 'Scheduled',
      createdAt: ctx.now,
      lastModifiedAt: ctx.now,
      pending: [],
      queuedUntil: ctx.now,
      executions: [],
      total: 0
    }
    this.schedules.set(name, s)
    this.call(ctx, 'CreateMonitoringSchedule', s.arn, 'AWS::SageMaker::MonitoringSchedule', { monitoringScheduleName: name, monitoringScheduleConfig: JSON.parse(JSON.stringify(cfg)) as unknown }, { monitoringScheduleArn: s.arn })
    this.scheduleEvent(s, ctx)
  }

  private createPipeline(a: Act<'CreatePipeline'>, ctx: ServiceContext): void {
    if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}$/.test(a.PipelineName)) throw invalidField('PipelineName', 'must be 1–256 letters, digits and hyphens, starting with a letter or digit')
    if (this.pipelines.has(a.PipelineName)) throw new LabError('CONFLICT', `ResourceInUse: a pipeline named "${a.PipelineName}" exists.`, [{ path: 'PipelineName', message: 'pipeline names are unique in an account' }])
    if (this.pipelines.size >= MAX_SCHEDULES) throw invalidField('PipelineName', `a world holds at most ${MAX_SCHEDULES} pipelines`)
    this.sagemaker.liveEndpoint(a.EndpointName)
    if (!JOB_NAME.test(a.ModelPackageGroupName)) throw invalidField('ModelPackageGroupName', `must be ${NAME_RULE}`)
    if (!(Number.isInteger(a.TrainingDataDays) && a.TrainingDataDays >= 1 && a.TrainingDataDays <= 90)) throw invalidField('TrainingDataDays', 'must be a whole number of days from 1 to 90')
    const minutes = a.TrainingMinutes ?? DEFAULT_TRAINING_MINUTES
    if (!(Number.isInteger(minutes) && minutes >= 1 && minutes <= 24 * 60)) throw invalidField('TrainingMinutes', 'must be a whole number of minutes from 1 to 1440')
    const instance = requireHostingInstanceType(a.TrainingInstanceType ?? 'ml.m5.xlarge', 'TrainingInstanceType')
    const p: PipelineRecord = {
      name: a.PipelineName,
      arn: `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:pipeline/${a.PipelineName.toLowerCase()}`,
      endpoint: a.EndpointName,
      group: a.ModelPackageGroupName,
      days: a.TrainingDataDays,
      instanceType: instance.name,
      pricePerHour: instance.pricePerHour,
      minutes,
      createdAt: ctx.now
    }
    this.pipelines.set(p.name, p)
    this.call(ctx, 'CreatePipeline', p.arn, 'AWS::SageMaker::Pipeline', { pipelineName: p.name }, { pipelineArn: p.arn })
  }

  private startPipeline(p: PipelineRecord, ctx: ServiceContext, caller: UserIdentity): void {
    if (this.pipelineRuns.length >= MAX_PIPELINE_EXECUTIONS) throw invalidField('PipelineName', `a world runs at most ${MAX_PIPELINE_EXECUTIONS} pipeline executions`)
    const id = this.ids('pipeline').replace(/-/g, '').slice(0, 12)
    const arn = `${p.arn}/execution/${id}`
    const ep = this.endpoints.get(p.endpoint)
    const from = ctx.now - p.days * DAY_MS
    const labelled = ep && ep.groundTruth ? Math.floor(this.labelledCount(ep, from, ctx.now)) : 0
    const run: PipelineExecutionRecord = {
      PipelineName: p.name,
      PipelineExecutionArn: arn,
      PipelineExecutionStatus: 'Executing',
      StartTime: ctx.now,
      EndTime: null,
      CostUsd: 0,
      FailureReason: null,
      trainingRecords: labelled,
      // The retrained model learns the concept in force at the end of its training data.
      conceptFactor: ep ? conceptFactorAt(ep.scenario, ctx.now) : null,
      endsAt: ctx.now + p.minutes * MINUTE_MS,
      line: { key: '', service: SAGEMAKER_SERVICE, region: REGION, usageType: `USE1-Train:${p.instanceType}`, instanceType: p.instanceType, pricePerHour: p.pricePerHour, resourceArn: arn, endpointName: p.endpoint, tags: {} },
      ModelPackageArn: null
    }
    if (this.ledger) run.line = this.ledger.line({ service: run.line.service, region: run.line.region, usageType: run.line.usageType, instanceType: run.line.instanceType, pricePerHour: run.line.pricePerHour, resourceArn: arn, endpointName: p.endpoint, tags: {} })
    this.pipelineRuns.push(run)
    ctx.emit({ type: 'ApiCall', at: ctx.now, eventSource: SOURCE, eventName: 'StartPipelineExecution', caller, requestParameters: { pipelineName: p.name }, responseElements: { pipelineExecutionArn: arn }, resources: [{ type: 'AWS::SageMaker::Pipeline', arn: p.arn }] })
    this.pipelineEvent(run, p, ctx, 'Executing')
  }

  /** Captured requests of [from, to) whose ground truth has arrived by `to` (an expectation over the coverage share). */
  private labelledCount(ep: EndpointMonitor, from: number, to: number): number {
    const gt = ep.groundTruth
    if (!gt || to < gt.since || (gt.inferenceIdOnly && !ep.sendInferenceId)) return 0
    return ep.log.countIn(from, Math.min(to, to - gt.lagMs)) * gt.coverage
  }

  private stepPipelines(ctx: ServiceContext): void {
    for (const run of this.pipelineRuns) {
      if (run.PipelineExecutionStatus !== 'Executing') continue
      const p = this.pipelines.get(run.PipelineName)!
      if (ctx.now < run.endsAt) {
        // One training instance, billed per minute (SageMaker bills training per second of instance time).
        this.ledger?.record(run.line, ctx.now, 1)
        run.CostUsd += p.pricePerHour / 60
        continue
      }
      run.EndTime = ctx.now
      if (run.trainingRecords < MIN_TRAINING_RECORDS) {
        run.PipelineExecutionStatus = 'Failed'
        run.FailureReason = `Training step failed: ${run.trainingRecords} labelled captured records in the last ${p.days} day(s) of ${p.endpoint}; at least ${MIN_TRAINING_RECORDS} are needed (capture data and deliver ground truth first).`
        this.pipelineEvent(run, p, ctx, 'Failed')
        continue
      }
      run.PipelineExecutionStatus = 'Succeeded'
      const version = this.packages.filter((x) => x.ModelPackageGroupName === p.group).length + 1
      const pkg: ModelPackageRecord = {
        ModelPackageArn: `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:model-package/${p.group.toLowerCase()}/${version}`,
        ModelPackageGroupName: p.group,
        ModelPackageVersion: version,
        ModelApprovalStatus: 'PendingManualApproval',
        ModelName: `${p.group}-v${version}`,
        CreationTime: ctx.now,
        LastModifiedTime: ctx.now,
        conceptFactor: run.conceptFactor,
        trainedOn: { from: run.StartTime - p.days * DAY_MS, to: run.StartTime, records: run.trainingRecords }
      }
      this.packages.push(pkg)
      run.ModelPackageArn = pkg.ModelPackageArn
      // The pipeline's RegisterModel step, made by SageMaker on the account's behalf.
      ctx.emit({ type: 'ApiCall', at: ctx.now, eventSource: SOURCE, eventName: 'CreateModelPackage', caller: PIPELINE_CALLER, requestParameters: { modelPackageGroupName: p.group, modelApprovalStatus: 'PendingManualApproval' }, responseElements: { modelPackageArn: pkg.ModelPackageArn }, resources: [{ type: 'AWS::SageMaker::ModelPackage', arn: pkg.ModelPackageArn }] })
      this.packageEvent(pkg, ctx)
      this.pipelineEvent(run, p, ctx, 'Succeeded')
    }
  }

  /** "SageMaker Model Building Pipeline Execution Status Change" (EventBridge Events Reference, SageMaker). */
  private pipelineEvent(run: PipelineExecutionRecord, p: PipelineRecord, ctx: ServiceContext, status: 'Executing' | 'Succeeded' | 'Failed'): void {
    const detail: Record<string, unknown> = { pipelineExecutionDisplayName: run.PipelineExecutionArn.split('/').pop(), currentPipelineExecutionStatus: status, executionStartTime: new Date(run.StartTime).toISOString(), pipelineArn: p.arn, pipelineExecutionArn: run.PipelineExecutionArn }
    if (status !== 'Executing') detail.previousPipelineExecutionStatus = 'Executing'
    if (run.EndTime !== null) detail.executionEndTime = new Date(run.EndTime).toISOString()
    ctx.emit({ type: 'BusEvent', at: ctx.now, event: buildEvent({ account: ACCOUNT_ID, region: REGION, ids: this.ids }, { source: SAGEMAKER_SOURCE, detailType: PIPELINE_EXECUTION_STATUS_CHANGE, timeMs: ctx.now, resources: [p.arn, run.PipelineExecutionArn], detail }) })
  }

  private packageEvent(pkg: ModelPackageRecord, ctx: ServiceContext, approvalDescription?: string): void {
    ctx.emit({
      type: 'BusEvent',
      at: ctx.now,
      event: buildModelPackageStateChangeEvent(
        { account: ACCOUNT_ID, region: REGION, ids: this.ids },
        { groupName: pkg.ModelPackageGroupName, version: pkg.ModelPackageVersion, status: 'Completed', approvalStatus: pkg.ModelApprovalStatus, creationTimeMs: pkg.CreationTime, lastModifiedTimeMs: pkg.LastModifiedTime, ...(approvalDescription ? { approvalDescription } : {}) }
      )
    })
  }

  // ---- each minute ------------------------------------------------------------------------------

  tick(ctx: ServiceContext): void {
    // Capture: SageMaker has simulated the minute starting at ctx.now (it ticks first).
    for (const ep of this.endpoints.values()) {
      if (!ep.capture) continue
      const answered = this.sagemaker.answeredRequests(ep.name)
      if (answered === null) {
        ep.lastAnswered = null
        continue
      }
      const n = answered - (ep.lastAnswered ?? answered)
      ep.lastAnswered = answered
      if (n > 0 && ep.capture.InitialSamplingPercentage > 0) ep.log.capture(ctx.now, n, ep.capture.InitialSamplingPercentage, ep.captureRng)
    }
    for (const job of this.jobs.values()) {
      if (job.status === 'InProgress' && job.completesAt <= ctx.now) {
        job.status = 'Completed'
        this.processingEvent(ctx, job.name, 'Completed', job.createdAt, ctx.now)
      }
    }
    for (const s of this.schedules.values()) this.stepSchedule(s, ctx)
    if (this.pipelineRuns.length > 0) this.stepPipelines(ctx)
  }

  private stepSchedule(s: ScheduleRecord, ctx: ServiceContext): void {
    if (s.status === 'Scheduled' && s.queuedUntil <= ctx.now) {
      // Queue the runs of the next day (scheduled times in [queuedUntil, +1 day)).
      const to = s.queuedUntil + DAY_MS
      for (const r of scheduledRuns(s.config, s.queuedUntil, to, `${this.rng.seedKey}/${s.name}`, s.createdAt)) {
        s.pending.push({ ...r, doneAt: Math.ceil(r.startTime / MINUTE_MS) * MINUTE_MS + EXECUTION_MINUTES * MINUTE_MS })
      }
      s.queuedUntil = to
    }
    while (s.pending.length > 0 && s.pending[0].doneAt <= ctx.now) {
      const run = s.pending.shift()!
      this.execute(s, run, ctx)
    }
  }

  private execute(s: ScheduleRecord, run: ScheduledRun & { doneAt: number }, ctx: ServiceContext): void {
    const ep = this.endpoints.get(s.endpoint)!
    const job = this.jobs.get(s.baselineJob)
    const stamp = compactUtcMinute(run.scheduledTime)
    const jobName = `model-monitoring-${stamp}-${this.ids('processing').replace(/-/g, '').slice(0, 24)}`
    const base = { ProcessingJobName: jobName, ScheduledTime: run.scheduledTime, StartTime: run.startTime, EndTime: ctx.now, analysisStart: run.analysisStart, analysisEnd: run.analysisEnd }
    let rec: ExecutionRecord
    if (!job || job.status !== 'Completed') {
      rec = {
        ...base,
        MonitoringExecutionStatus: 'Failed',
        FailureReason: `The baseline of baselining job "${s.baselineJob}" is not available${job ? ' yet: the job is still running' : ''}.`,
        capturedRecords: ep.log.countIn(run.analysisStart, run.analysisEnd),
        analysedRecords: 0,
        violations: [],
        metrics: []
      }
    } else {
      try {
        if (s.type === 'DataQuality') {
          job.profiled ??= profileBaseline(job.dataset!)
          const r = runDataQualityExecution(run, { baseline: job.dataset!, constraints: job.constraints!, capture: ep.log, scenario: ep.scenario, rng: this.scenarioRng(ep), profiled: job.profiled })
          // The record `{ ...base, ...r }` makes, field by field in the same order: spreading two
          // objects is a runtime call in V8, and an hourly schedule makes 2,208 records in 92 days.
          rec =
            r.FailureReason === undefined
              ? { ProcessingJobName: jobName, ScheduledTime: r.ScheduledTime, StartTime: run.startTime, EndTime: ctx.now, analysisStart: r.analysisStart, analysisEnd: r.analysisEnd, capturedRecords: r.capturedRecords, MonitoringExecutionStatus: r.MonitoringExecutionStatus, analysedRecords: r.analysedRecords, violations: r.violations, metrics: r.metrics }
              : { ...base, ...r, StartTime: run.startTime, violations: r.violations, metrics: r.metrics }
        } else {
          rec = { ...base, ...this.modelQualityRun(s, ep, job, run) }
        }
      } catch (err) {
        // A processing job that cannot read its input fails; it never stops the world.
        if (!(err instanceof LabError)) throw err
        rec = { ...base, MonitoringExecutionStatus: 'Failed', FailureReason: `ClientError: ${err.message}`, capturedRecords: ep.log.countIn(run.analysisStart, run.analysisEnd), analysedRecords: 0, violations: [], metrics: [] }
      }
    }
    s.executions.push(rec)
    if (s.executions.length > MAX_EXECUTIONS_KEPT) s.executions.shift()
    s.total++
    s.lastModifiedAt = ctx.now
    this.publish(s, rec, ctx.now)
    this.processingEvent(ctx, jobName, rec.MonitoringExecutionStatus === 'Failed' ? 'Failed' : 'Completed', run.startTime, ctx.now, s, rec)
    this.scheduleEvent(s, ctx, rec)
  }

  private modelQualityRun(s: ScheduleRecord, ep: EndpointMonitor, job: BaseliningJob, run: ScheduledRun): Omit<ExecutionRecord, 'ProcessingJobName' | 'ScheduledTime' | 'StartTime' | 'EndTime' | 'analysisStart' | 'analysisEnd'> {
    const captured = ep.log.countIn(run.analysisStart, run.analysisEnd)
    const fail = (reason: string, merged = 0) => ({ MonitoringExecutionStatus: 'Failed' as const, FailureReason: reason, capturedRecords: captured, analysedRecords: 0, mergedRecords: merged, violations: [], metrics: [] })
    if (captured === 0) return fail('No captured data in the analysis window: enable data capture and send traffic to the endpoint.')
    const model = ep.scenario.model
    const predict = (r: FeatureRecord): number => {
      let factor: readonly number[] | null = null
      for (const m of ep.models) if (m.from <= r.at) factor = m.conceptFactor
      return factor === null ? baseModelScore(model, r) : conceptScore(model, r, factor)
    }
    const records = ep.log.records(ep.scenario, run.analysisStart, run.analysisEnd, this.scenarioRng(ep), { input: false, output: true, inferenceIds: ep.sendInferenceId, predict })
    // Ground truth as the labelling process uploaded it by the time the job starts, keyed as Model
    // Monitor joins it: inferenceId when the capture carries one, else eventId.
    const gt = ep.groundTruth
    const truth = new Map<string, 0 | 1>()
    if (gt) {
      const pick = this.rng.fork(`ground-truth/${ep.name}`)
      for (const r of records) {
        const key = r.inferenceId ?? r.eventId
        // A label keyed by the application's request id cannot match a capture without an inferenceId.
        if (gt.inferenceIdOnly && r.inferenceId === undefined) continue
        if (Math.max(r.at + gt.lagMs, gt.since) > run.startTime) continue
        if (gt.coverage < 1 && pick.fork(key).next() >= gt.coverage) continue
        truth.set(key, r.label)
      }
    }
    const labels: number[] = []
    const predictions: number[] = []
    const probabilities: number[] = []
    for (const r of records) {
      const y = truth.get(r.inferenceId ?? r.eventId)
      if (y === undefined) continue
      labels.push(y)
      probabilities.push(r.output!)
      predictions.push(r.output! >= s.probabilityThreshold ? 1 : 0)
    }
    if (labels.length === 0) {
      return fail(
        gt?.inferenceIdOnly && !ep.sendInferenceId
          ? 'No ground truth could be merged: the captured records carry no inferenceId, so Model Monitor joins on eventId, which SageMaker generates and the labelling system never saw (its labels carry the application\'s request ids).'
          : gt
          ? `No ground truth merged: none of the ${records.length} captured inferences of the window has a label yet (labels arrive ${(gt.lagMs / HOUR_MS).toFixed(1)} h after the inference; move DataAnalysisStartTime back to cover the lag).`
          : 'No ground truth merged: no ground truth has been uploaded for this endpoint (PutGroundTruth).'
      )
    }
    const q = modelQuality({ problemType: 'BinaryClassification', labels, predictions, probabilities }, { seed: `${s.name}/${run.scheduledTime}` })
    const metrics: EmittedMetric[] = []
    const violations: ModelQualityViolation[] = []
    for (const name of MODEL_QUALITY_METRICS) {
      const m = q[name] as MetricValue | undefined
      if (!m || !Number.isFinite(m.value)) continue
      metrics.push({ MetricName: name, Value: m.value })
      const c = job.modelConstraints!.binary_classification_constraints[name]
      if (!c) continue
      const bad = c.comparison_operator === 'LessThanThreshold' ? m.value < c.threshold : m.value > c.threshold
      if (bad) violations.push({ metric_name: name, constraint_check_type: c.comparison_operator, description: `Metric ${name} with ${m.value.toPrecision(6)} was ${c.comparison_operator} '${c.threshold.toPrecision(6)}'` })
    }
    let positives = 0
    let predicted = 0
    for (let i = 0; i < labels.length; i++) {
      positives += labels[i]
      predicted += probabilities[i]
    }
    return {
      MonitoringExecutionStatus: violations.length > 0 ? 'CompletedWithViolations' : 'Completed',
      capturedRecords: captured,
      analysedRecords: records.length,
      mergedRecords: labels.length,
      positiveRate: positives / labels.length,
      meanProbability: predicted / labels.length,
      violations,
      metrics
    }
  }

  /** The metrics of a finished execution, at the minute it finished (ctx.now). */
  private publish(s: ScheduleRecord, rec: ExecutionRecord, t: number): void {
    const namespace = s.type === 'DataQuality' ? DATA_METRIC_NAMESPACE : MODEL_METRIC_NAMESPACE
    // A schedule's endpoint, type and name never change, so its series are found by metric name alone
    // (a schedule made again under the same name gets the store's same series back from `sink.series`).
    let mine = this.series.get(s)
    if (!mine) this.series.set(s, (mine = new Map()))
    for (const m of rec.metrics) {
      let series = mine.get(m.MetricName)
      if (!series) {
        series = this.sink.series({ Namespace: namespace, MetricName: m.MetricName, Dimensions: [{ Name: 'EndpointName', Value: s.endpoint }, { Name: 'ScheduleName', Value: s.name }] }, 'None', false, t)
        mine.set(m.MetricName, series)
      }
      const i = series.slot(t)
      if (m.StatisticValues) {
        series.sampleCount[i] = m.StatisticValues.SampleCount
        series.sum[i] = m.StatisticValues.Sum
        series.minimum[i] = m.StatisticValues.Minimum
        series.maximum[i] = m.StatisticValues.Maximum
      } else {
        series.sampleCount[i] = 1
        series.sum[i] = m.Value!
        series.minimum[i] = m.Value!
        series.maximum[i] = m.Value!
      }
    }
  }

  // ---- what other parts of the app read --------------------------------------------------------

  listMonitoringSchedules() {
    return [...this.schedules.values()].map((s) => ({
      MonitoringScheduleName: s.name,
      MonitoringScheduleArn: s.arn,
      MonitoringScheduleStatus: s.status,
      MonitoringType: s.type,
      EndpointName: s.endpoint,
      ScheduleExpression: s.config.ScheduleExpression,
      BaseliningJobName: s.baselineJob,
      CreationTime: s.createdAt,
      LastModifiedTime: s.lastModifiedAt,
      ExecutionCount: s.total
    }))
  }

  /** ListMonitoringExecutions: a schedule's executions, oldest first (at most MAX_EXECUTIONS_KEPT). */
  listMonitoringExecutions(scheduleName: string): readonly ExecutionRecord[] {
    return this.schedule(scheduleName, 'MonitoringScheduleName').executions
  }

  /** What a baselining job wrote (null while it runs). */
  baseliningJob(name: string) {
    const job = this.jobs.get(name)
    if (!job) throw new LabError('NOT_FOUND', `ProcessingJobName: no baselining job "${name}".`, [{ path: 'ProcessingJobName', message: 'no such baselining job' }])
    const done = job.status === 'Completed'
    return {
      ProcessingJobName: job.name,
      ProcessingJobArn: job.arn,
      ProcessingJobStatus: job.status,
      MonitoringType: job.type,
      EndpointName: job.endpoint,
      CreationTime: job.createdAt,
      ProcessingEndTime: done ? job.completesAt : null,
      TrainingData: { From: job.trainingFrom, To: job.trainingTo, Rows: job.rows },
      statistics: done ? (job.statistics ?? null) : null,
      constraints: done ? (job.constraints ?? job.modelConstraints ?? null) : null
    }
  }

  listPipelineExecutions(): readonly PipelineExecutionRecord[] {
    return this.pipelineRuns
  }

  /** The pipelines (ListPipelines) with the endpoint each retrains and the group it registers into. */
  listPipelines(): { PipelineName: string; PipelineArn: string; EndpointName: string; ModelPackageGroupName: string; CreationTime: number }[] {
    return [...this.pipelines.values()].map((p) => ({ PipelineName: p.name, PipelineArn: p.arn, EndpointName: p.endpoint, ModelPackageGroupName: p.group, CreationTime: p.createdAt }))
  }

  listModelPackages(): readonly ModelPackageRecord[] {
    return this.packages
  }

  /** The models an endpoint served, each from when (UpdateEndpoint), and its ground-truth lag; null if the monitor never saw it. */
  endpointState(endpointName: string): { captureEnabled: boolean; groundTruthLagHours: number | null; models: { from: number; modelName: string }[] } | null {
    const ep = this.endpoints.get(endpointName)
    if (!ep) return null
    return { captureEnabled: ep.capture !== null, groundTruthLagHours: ep.groundTruth ? ep.groundTruth.lagMs / HOUR_MS : null, models: ep.models.map((m) => ({ from: m.from, modelName: m.modelName })) }
  }

  /** The captured data of one endpoint (counts), for views and labs. */
  capturedCount(endpointName: string, from: number, to: number): number {
    return this.endpoints.get(endpointName)?.log.countIn(from, to) ?? 0
  }

  summary(): MonitorSummary {
    return {
      endpoints: [...this.endpoints.values()].map((e) => ({
        EndpointName: e.name,
        ScenarioId: e.scenario.model.id,
        CaptureEnabled: e.capture !== null,
        InitialSamplingPercentage: e.capture?.InitialSamplingPercentage ?? null,
        CapturedRequests: e.log.totalCaptured,
        InjectedChanges: e.scenario.timeline.length,
        GroundTruthLagHours: e.groundTruth ? e.groundTruth.lagMs / HOUR_MS : null
      })),
      baseliningJobs: [...this.jobs.values()].slice(-MAX_SUMMARY_ITEMS).map((j) => ({
        ProcessingJobName: j.name,
        ProcessingJobStatus: j.status,
        MonitoringType: j.type,
        EndpointName: j.endpoint,
        Features: j.statistics ? j.statistics.features.length : Object.keys(j.modelConstraints?.binary_classification_constraints ?? {}).length
      })),
      pipelineExecutions: this.pipelineRuns.slice(-MAX_SUMMARY_ITEMS).map((r) => ({
        PipelineName: r.PipelineName,
        PipelineExecutionArn: r.PipelineExecutionArn,
        PipelineExecutionStatus: r.PipelineExecutionStatus,
        StartTime: r.StartTime,
        EndTime: r.EndTime,
        CostUsd: r.CostUsd,
        FailureReason: r.FailureReason
      })),
      modelPackages: this.packages.slice(-MAX_SUMMARY_ITEMS).map((p) => ({
        ModelPackageArn: p.ModelPackageArn,
        ModelPackageGroupName: p.ModelPackageGroupName,
        ModelPackageVersion: p.ModelPackageVersion,
        ModelApprovalStatus: p.ModelApprovalStatus,
        ModelName: p.ModelName,
        CreationTime: p.CreationTime
      })),
      schedules: [...this.schedules.values()].map((s) => ({
        MonitoringScheduleName: s.name,
        MonitoringScheduleStatus: s.status,
        MonitoringType: s.type,
        EndpointName: s.endpoint,
        ScheduleExpression: s.config.ScheduleExpression,
        BaseliningJobName: s.baselineJob,
        ExecutionCount: s.total,
        ExecutionsWithViolations: s.executions.filter((x) => x.MonitoringExecutionStatus === 'CompletedWithViolations').length,
        LastExecutions: s.executions.slice(-SUMMARY_EXECUTIONS).map((x) => ({
          ScheduledTime: x.ScheduledTime,
          MonitoringExecutionStatus: x.MonitoringExecutionStatus,
          Violations: x.violations.length,
          FailureReason: x.FailureReason ?? null
        }))
      }))
    }
  }

  // ---- internals --------------------------------------------------------------------------------

  /** The stream a scenario's records are regenerated from: one per endpoint, whatever reads them. */
  private scenarioRng(ep: EndpointMonitor): Rng {
    return ep.scenarioRng
  }

  private monitorOf(name: string): EndpointMonitor {
    let ep = this.endpoints.get(name)
    if (!ep) {
      ep = { name, capture: null, log: new CaptureLog(), scenario: new FeatureScenario(findScenarioModel(DEFAULT_SCENARIO, 'ScenarioId')), sendInferenceId: false, lastAnswered: null, groundTruth: null, models: [], captureRng: this.rng.fork(`capture/${name}`), scenarioRng: this.rng.fork(`scenario/${name}`) }
      this.endpoints.set(name, ep)
    }
    return ep
  }

  /** An endpoint that is running and has capture set up. */
  private monitored(name: string): EndpointMonitor {
    this.sagemaker.liveEndpoint(name)
    const ep = this.endpoints.get(name)
    if (!ep?.capture) throw invalidField('EndpointName', `data capture is not enabled on ${name}: ground truth is merged with captured inferences, so enable capture first (EnableDataCapture)`)
    return ep
  }

  private schedule(name: string, path = 'MonitoringScheduleName'): ScheduleRecord {
    const s = this.schedules.get(name)
    if (!s) {
      const names = [...this.schedules.keys()]
      throw new LabError('NOT_FOUND', `ResourceNotFound: no monitoring schedule "${name}".${names.length ? ` Schedules: ${names.join(', ')}.` : ''}`, [{ path, message: 'no such monitoring schedule' }])
    }
    return s
  }

  private call(ctx: ServiceContext, eventName: string, arn: string, type: string, requestParameters: Record<string, unknown>, responseElements: Record<string, unknown> | null = null): void {
    ctx.emit({ type: 'ApiCall', at: ctx.now, eventSource: SOURCE, eventName, caller: ctx.caller, requestParameters, responseElements, resources: [{ type, arn }] })
  }

  /**
   * "SageMaker Processing Job State Change" (EventBridge Events Reference, SageMaker): the detail uses
   * DescribeProcessingJob's field names, times in epoch milliseconds as the reference's example has them.
   */
  private processingEvent(ctx: ServiceContext, name: string, status: 'InProgress' | 'Completed' | 'Failed', startedAt: number, endedAt: number | null, s?: ScheduleRecord, rec?: ExecutionRecord): void {
    const arn = sageMakerArn({ account: ACCOUNT_ID, region: REGION }, 'processing-job', name.toLowerCase())
    const detail: Record<string, unknown> = {
      ProcessingJobName: name,
      ProcessingJobArn: arn,
      ProcessingJobStatus: status,
      CreationTime: startedAt,
      ProcessingStartTime: startedAt,
      LastModifiedTime: ctx.now,
      ...(endedAt !== null ? { ProcessingEndTime: endedAt } : {}),
      ...(s ? { MonitoringScheduleArn: s.arn } : {}),
      ...(rec?.FailureReason ? { FailureReason: rec.FailureReason } : {}),
      ...(rec && rec.MonitoringExecutionStatus !== 'Failed' ? { ExitMessage: rec.MonitoringExecutionStatus === 'CompletedWithViolations' ? `CompletedWithViolations: ${rec.violations.length} violation(s) in constraint_violations.json` : 'Completed: Job completed successfully with no violations.' } : {})
    }
    ctx.emit({ type: 'BusEvent', at: ctx.now, event: buildEvent({ account: ACCOUNT_ID, region: REGION, ids: this.ids }, { source: SAGEMAKER_SOURCE, detailType: PROCESSING_JOB_STATE_CHANGE, timeMs: ctx.now, resources: [arn], detail }) })
  }

  private scheduleEvent(s: ScheduleRecord, ctx: ServiceContext, rec?: ExecutionRecord): void {
    ctx.emit({
      type: 'BusEvent',
      at: ctx.now,
      event: buildMonitoringScheduleStateChangeEvent(
        { account: ACCOUNT_ID, region: REGION, ids: this.ids },
        {
          scheduleName: s.name,
          status: s.status,
          monitoringType: s.type,
          endpointName: s.endpoint,
          creationTimeMs: s.createdAt,
          lastModifiedTimeMs: ctx.now,
          ...(rec
            ? {
                lastExecution: {
                  status: rec.MonitoringExecutionStatus,
                  scheduledTimeMs: rec.ScheduledTime,
                  creationTimeMs: rec.StartTime,
                  lastModifiedTimeMs: rec.EndTime,
                  processingJobArn: sageMakerArn({ account: ACCOUNT_ID, region: REGION }, 'processing-job', rec.ProcessingJobName),
                  ...(rec.FailureReason ? { failureReason: rec.FailureReason } : {})
                }
              }
            : {})
        }
      )
    })
  }
}

export const MAX_SUMMARY_ITEMS = 20
export const PIPELINE_EXECUTION_STATUS_CHANGE = 'SageMaker Model Building Pipeline Execution Status Change'
export const DEFAULT_TRAINING_MINUTES = 30
export const MIN_TRAINING_RECORDS = 500
export const MAX_PIPELINE_EXECUTIONS = 200

/** SageMaker acting for the account (a pipeline's steps), and EventBridge invoking a pipeline target. */
const PIPELINE_CALLER: UserIdentity = { type: 'AWSService', accountId: ACCOUNT_ID, invokedBy: 'sagemaker.amazonaws.com' }
const EVENTBRIDGE_CALLER: UserIdentity = { type: 'AWSService', accountId: ACCOUNT_ID, invokedBy: 'events.amazonaws.com' }

/**
 * The concept in force at t, per feature (in the model's order): the product of the factors of every
 * concept drift on all features or on that one, ramped as features.ts ramps it.
 */
export function conceptFactorAt(scenario: FeatureScenario, t: number): number[] {
  const names = scenario.model.features.map((f) => f.name)
  const factor = names.map(() => 1)
  for (const { start, change: c } of scenario.timeline) {
    if (c.kind !== 'conceptDrift' || t < start) continue
    const p = c.RampMinutes ? Math.min(1, (t - start) / (c.RampMinutes * MINUTE_MS)) : 1
    const k = 1 + p * ((c.CoefficientFactor ?? -1) - 1)
    names.forEach((name, i) => {
      if (c.Feature === undefined || c.Feature === name) factor[i] *= k
    })
  }
  return factor
}

/** A model trained on the concept with each feature's coefficients × its factor (the intercept kept): its score for r. */
export function conceptScore(model: ScenarioModel, r: FeatureRecord, factor: readonly number[]): number {
  let z = model.intercept
  // Called for every scored record of a model quality window: an indexed loop, no closure per call.
  for (let k = 0; k < model.features.length; k++) {
    const f = model.features[k]
    const v = r.features[f.name]
    if (f.kind === 'numeric') {
      if (typeof v === 'number') z += factor[k] * f.coefficient * ((v - f.mean) / f.std)
    } else {
      const i = f.values.indexOf(String(v))
      if (i >= 0) z += factor[k] * f.coefficients[i]
    }
  }
  return 1 / (1 + Math.exp(-z))
}
export const SUMMARY_EXECUTIONS = 5

export interface MonitorSummary {
  endpoints: {
    EndpointName: string
    ScenarioId: string
    CaptureEnabled: boolean
    InitialSamplingPercentage: number | null
    CapturedRequests: number
    InjectedChanges: number
    GroundTruthLagHours: number | null
  }[]
  baseliningJobs: { ProcessingJobName: string; ProcessingJobStatus: 'InProgress' | 'Completed'; MonitoringType: MonitoringType; EndpointName: string; Features: number }[]
  pipelineExecutions: Pick<PipelineExecutionRecord, 'PipelineName' | 'PipelineExecutionArn' | 'PipelineExecutionStatus' | 'StartTime' | 'EndTime' | 'CostUsd' | 'FailureReason'>[]
  modelPackages: Pick<ModelPackageRecord, 'ModelPackageArn' | 'ModelPackageGroupName' | 'ModelPackageVersion' | 'ModelApprovalStatus' | 'ModelName' | 'CreationTime'>[]
  schedules: {
    MonitoringScheduleName: string
    MonitoringScheduleStatus: 'Scheduled' | 'Stopped'
    MonitoringType: MonitoringType
    EndpointName: string
    ScheduleExpression: string
    BaseliningJobName: string
    ExecutionCount: number
    ExecutionsWithViolations: number
    LastExecutions: { ScheduledTime: number; MonitoringExecutionStatus: MonitoringExecutionStatus; Violations: number; FailureReason: string | null }[]
  }[]
}

/**
 * A model quality baseline: the deployed model (the scenario's base concept) scored on the training
 * data at the probability threshold, each metric's value the suggested threshold.
 */
export function modelQualityBaseline(model: ScenarioModel, dataset: Dataset, labels: readonly (0 | 1)[], threshold: number): ModelQualityConstraints {
  const probabilities: number[] = []
  for (let i = 0; i < labels.length; i++) {
    const features: FeatureRecord['features'] = {}
    for (const col of dataset) features[col.name] = col.values[i]
    probabilities.push(baseModelScore(model, { at: 0, features, label: labels[i] }))
  }
  const q = modelQuality({ problemType: 'BinaryClassification', labels: [...labels], predictions: probabilities.map((p) => (p >= threshold ? 1 : 0)), probabilities }, { seed: 'model-quality-baseline' })
  const constraints: ModelQualityConstraints['binary_classification_constraints'] = {}
  for (const name of MODEL_QUALITY_METRICS) {
    const m = q[name] as MetricValue | undefined
    if (m && Number.isFinite(m.value)) constraints[name] = { threshold: m.value, comparison_operator: HIGHER_IS_WORSE.has(name) ? 'GreaterThanThreshold' : 'LessThanThreshold' }
  }
  return { version: 0, binary_classification_constraints: constraints }
}

/** Runs `fn`, naming the fields of a refusal under `prefix` (the kernel names them from its own level). */
function under<T>(prefix: string, fn: () => T): T {
  try {
    return fn()
  } catch (err) {
    if (!(err instanceof LabError)) throw err
    const issues = err.issues.map((i) => ({ path: i.path ? `${prefix}.${i.path}` : prefix, message: i.message }))
    throw new LabError(err.code, issues[0] ? `${issues[0].path}: ${issues[0].message}` : err.message, issues)
  }
}

function changeText(c: DataChange): string {
  switch (c.kind) {
    case 'dataDrift':
      return `${c.Feature} drifts${c.Shift !== undefined ? ` by ${c.Shift} sd` : ''}${c.Scale !== undefined ? `, spread × ${c.Scale}` : ''}${c.Shares ? ` to shares ${c.Shares.join('/')}` : ''}${c.RampMinutes ? ` over ${c.RampMinutes} min` : ''}`
    case 'conceptDrift':
      return `concept drift (coefficients × ${c.CoefficientFactor ?? -1})${c.RampMinutes ? ` over ${c.RampMinutes} min` : ''}`
    case 'priorShift':
      return `positive share becomes ${c.PositiveRate}`
    case 'outlierBurst':
      return `outlier burst in ${c.Feature} for ${c.DurationMinutes} min`
    case 'schemaBreak':
      return `schema break (${c.Break}) in ${c.Feature}`
  }
}

/** The scenarios a learner can pick (for catalogs and views). */
export const SCENARIO_IDS: readonly string[] = SCENARIO_MODELS.map((m) => m.id)
