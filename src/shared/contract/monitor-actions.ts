/**
 * Model monitoring in a sandbox world (issue #10): the actions of the world's `monitor` service.
 *
 * AWS calls, with their field names (SageMaker API Reference):
 * - EnableDataCapture stands for "UpdateEndpoint with a new EndpointConfig that carries a
 *   DataCaptureConfig" (real AWS sets DataCaptureConfig on CreateEndpointConfig only); the endpoint's
 *   variants and traffic are unchanged. EnableCapture false turns capture off.
 * - CreateBaseliningJob stands for the processing job `suggest_baseline` starts (CreateProcessingJob
 *   with the Model Monitor container): the training data are `TrainingDataDays` days of the endpoint's
 *   scenario without any injected change; it writes statistics.json and constraints.json (DataQuality)
 *   or a model quality constraints.json (ModelQuality).
 * - CreateMonitoringSchedule / DeleteMonitoringSchedule / StopMonitoringSchedule /
 *   StartMonitoringSchedule with MonitoringScheduleConfig { ScheduleConfig, MonitoringType,
 *   MonitoringJobDefinition { BaselineConfig { BaseliningJobName }, MonitoringInputs [{ EndpointInput
 *   { EndpointName, ProbabilityThresholdAttribute? } }], GroundTruthS3Input? } } inline (AWS also
 *   takes a separate job definition by MonitoringJobDefinitionName).
 *
 * Sandbox stand-ins for the world outside AWS:
 * - SetFeatureScenario: which generative model the endpoint's clients follow (monitor/features.ts),
 *   with optional seasonality, and whether callers send an inferenceId.
 * - InjectDataChange: a change in what clients send, `StartsInMinutes` from now (features.ts DataChange).
 * - PutGroundTruth: the labelling process uploads ground truth for the captured requests,
 *   `GroundTruthLagHours` after each inference, for a share `CoverageShare` of them (merged on
 *   inferenceId, else eventId).
 *
 * The retraining loop (item 7): CreatePipeline (a sandbox definition), StartPipelineExecution (also
 * EventBridge's pipeline target), UpdateModelPackage (ModelApprovalStatus); a retrained version is
 * deployed through the existing UpdateEndpoint with Model.name = the package's ModelName.
 *
 * Schemas check types and sizes; the service checks ranges and cross-field rules and names the field.
 */
import { z } from 'zod'
import { action, Finite, Name } from './common'

const Text = (n: number) => z.string().max(n)

export const DataCaptureConfigSchema = z.strictObject({
  EnableCapture: z.boolean().optional(),
  InitialSamplingPercentage: Finite,
  DestinationS3Uri: Text(512),
  KmsKeyId: Text(2048).optional(),
  CaptureOptions: z.array(z.strictObject({ CaptureMode: Text(16) })).max(32),
  CaptureContentTypeHeader: z.strictObject({ CsvContentTypes: z.array(Text(256)).max(10).optional(), JsonContentTypes: z.array(Text(256)).max(10).optional() }).optional()
})

export const SeasonalitySchema = z.strictObject({ Feature: Text(64), Amplitude: Finite, PeriodHours: Finite })

/** features.ts DataChange, discriminated by `kind`. */
export const DataChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('dataDrift'), Feature: Text(64), Shift: Finite.optional(), Scale: Finite.optional(), Shares: z.array(Finite).max(100).optional(), RampMinutes: Finite.optional() }),
  z.strictObject({ kind: z.literal('conceptDrift'), CoefficientFactor: Finite.optional(), RampMinutes: Finite.optional(), Feature: Text(64).optional() }),
  z.strictObject({ kind: z.literal('priorShift'), PositiveRate: Finite }),
  z.strictObject({ kind: z.literal('outlierBurst'), Feature: Text(64), DurationMinutes: Finite, Share: Finite, Magnitude: Finite }),
  z.strictObject({ kind: z.literal('schemaBreak'), Break: z.enum(['missingColumn', 'extraColumn', 'typeChange', 'nulls']), Feature: Text(64), NullShare: Finite.optional() })
])

export const MonitoringScheduleConfigSchema = z.strictObject({
  ScheduleConfig: z.strictObject({ ScheduleExpression: Text(256), DataAnalysisStartTime: Text(15).optional(), DataAnalysisEndTime: Text(15).optional() }),
  /** DataQuality or ModelQuality (ModelBias and ModelExplainability are not simulated; the service says so). */
  MonitoringType: Text(32),
  MonitoringJobDefinition: z.strictObject({
    /** Required by the sandbox: a schedule without a baseline is refused, naming this field. */
    BaselineConfig: z.strictObject({ BaseliningJobName: Text(63).optional() }).optional(),
    MonitoringInputs: z
      .array(z.strictObject({ EndpointInput: z.strictObject({ EndpointName: Name, LocalPath: Text(256).optional(), ProbabilityThresholdAttribute: Finite.optional() }) }))
      .max(1),
    /** ModelQuality: where ground truth is uploaded (PutGroundTruth puts it there). */
    GroundTruthS3Input: z.strictObject({ S3Uri: Text(512) }).optional(),
    /** ModelQuality: the scenarios are binary classifiers. */
    ProblemType: Text(32).optional()
  })
})

const ScheduleName = Text(63)

export const monitorActions = [
  action('EnableDataCapture', { EndpointName: Name, DataCaptureConfig: DataCaptureConfigSchema }),
  action('SetFeatureScenario', { EndpointName: Name, ScenarioId: Text(64), Seasonality: z.array(SeasonalitySchema).max(4).optional(), SendInferenceId: z.boolean().optional() }),
  action('InjectDataChange', { EndpointName: Name, StartsInMinutes: Finite, Change: DataChangeSchema }),
  action('CreateBaseliningJob', { ProcessingJobName: Text(63), EndpointName: Name, MonitoringType: Text(32).optional(), TrainingDataDays: Finite, TrainingRows: Finite.optional() }),
  action('CreateMonitoringSchedule', { MonitoringScheduleName: ScheduleName, MonitoringScheduleConfig: MonitoringScheduleConfigSchema }),
  action('DeleteMonitoringSchedule', { MonitoringScheduleName: ScheduleName }),
  action('StopMonitoringSchedule', { MonitoringScheduleName: ScheduleName }),
  action('StartMonitoringSchedule', { MonitoringScheduleName: ScheduleName }),
  // EventIdSource: what the labelling process writes as each label's eventMetadata.eventId: the id it
  // reads from the captured record ("Capture", the default), or the application's own request id, the
  // InferenceId it passed to InvokeEndpoint ("InferenceId": such labels match only captures carrying it).
  action('PutGroundTruth', { EndpointName: Name, GroundTruthLagHours: Finite, CoverageShare: Finite.optional(), EventIdSource: Text(16).optional() }),
  // The retraining loop (issue #10 item 7). CreatePipeline takes a sandbox pipeline definition in place
  // of AWS's PipelineDefinition JSON: retrain the endpoint's model on the last TrainingDataDays days of
  // captured, labelled data and register it in ModelPackageGroupName (PendingManualApproval).
  action('CreatePipeline', { PipelineName: Text(256), EndpointName: Name, ModelPackageGroupName: Text(63), TrainingDataDays: Finite, TrainingInstanceType: Text(64).optional(), TrainingMinutes: Finite.optional() }),
  action('StartPipelineExecution', { PipelineName: Text(256) }),
  action('UpdateModelPackage', { ModelPackageArn: Text(2048), ModelApprovalStatus: Text(32), ApprovalDescription: Text(1024).optional() })
] as const

/** The monitor's part of the world summary (bounded: at most 20 schedules, 50 jobs, 10 endpoints, 5 executions each). */
export const MonitorSummarySchema = z.strictObject({
  endpoints: z.array(
    z.strictObject({
      EndpointName: z.string(),
      ScenarioId: z.string(),
      CaptureEnabled: z.boolean(),
      InitialSamplingPercentage: z.number().nullable(),
      CapturedRequests: z.number(),
      InjectedChanges: z.number(),
      GroundTruthLagHours: z.number().nullable()
    })
  ),
  baseliningJobs: z.array(
    z.strictObject({ ProcessingJobName: z.string(), ProcessingJobStatus: z.enum(['InProgress', 'Completed']), MonitoringType: z.enum(['DataQuality', 'ModelQuality']), EndpointName: z.string(), Features: z.number() })
  ),
  pipelineExecutions: z.array(
    z.strictObject({ PipelineName: z.string(), PipelineExecutionArn: z.string(), PipelineExecutionStatus: z.enum(['Executing', 'Succeeded', 'Failed']), StartTime: z.number(), EndTime: z.number().nullable(), CostUsd: z.number(), FailureReason: z.string().nullable() })
  ),
  modelPackages: z.array(
    z.strictObject({ ModelPackageArn: z.string(), ModelPackageGroupName: z.string(), ModelPackageVersion: z.number(), ModelApprovalStatus: z.enum(['PendingManualApproval', 'Approved', 'Rejected']), ModelName: z.string(), CreationTime: z.number() })
  ),
  schedules: z.array(
    z.strictObject({
      MonitoringScheduleName: z.string(),
      MonitoringScheduleStatus: z.enum(['Scheduled', 'Stopped']),
      MonitoringType: z.enum(['DataQuality', 'ModelQuality']),
      EndpointName: z.string(),
      ScheduleExpression: z.string(),
      BaseliningJobName: z.string(),
      ExecutionCount: z.number(),
      ExecutionsWithViolations: z.number(),
      LastExecutions: z.array(
        z.strictObject({
          ScheduledTime: z.number(),
          MonitoringExecutionStatus: z.enum(['Pending', 'InProgress', 'Completed', 'CompletedWithViolations', 'Failed', 'Stopped']),
          Violations: z.number(),
          FailureReason: z.string().nullable()
        })
      )
    })
  )
})
