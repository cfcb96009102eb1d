/**
 * sandbox.monitoring: what Model Monitor did for one monitored endpoint of a world, read where the
 * world lives (issue #10, "Labs and views"): its schedules (DescribeMonitoringSchedule), each
 * schedule's executions (ListMonitoringExecutions with each run's constraint_violations.json and the
 * metrics it published: per-feature baseline drift for DataQuality, the metric values for
 * ModelQuality), the thresholds in force (the baseline's constraints.json), the ground-truth lag,
 * and the retraining the endpoint saw (pipeline executions, model packages and their approval).
 *
 * Bounded: at most MAX_MONITORING_EXECUTIONS (newest) executions per schedule, the world's 20
 * schedules, 200 pipeline executions and its model packages. Every figure is the world's own.
 */
import { z } from 'zod'
import { WorldRef } from './common'

export const MAX_MONITORING_EXECUTIONS = 500

const Status = z.enum(['Pending', 'InProgress', 'Completed', 'CompletedWithViolations', 'Failed', 'Stopped'])

export const MonitoringWorldRequestSchema = z.strictObject({
  ...WorldRef.shape,
  /** Default: the first monitored endpoint. */
  EndpointName: z.string().min(1).max(63).optional()
})

const ViolationSchema = z.strictObject({
  /** The feature (DataQuality) or the metric (ModelQuality) the violation is about. */
  feature_name: z.string(),
  constraint_check_type: z.string(),
  description: z.string()
})

const ExecutionSchema = z.strictObject({
  ProcessingJobName: z.string(),
  ScheduledTime: z.number(),
  StartTime: z.number(),
  EndTime: z.number(),
  MonitoringExecutionStatus: Status,
  FailureReason: z.string().nullable(),
  /** The captured data analysed: [start, end) in epoch ms. */
  analysisStart: z.number(),
  analysisEnd: z.number(),
  capturedRecords: z.number(),
  analysedRecords: z.number(),
  mergedRecords: z.number().nullable(),
  violations: z.array(ViolationSchema),
  /** DataQuality: feature_baseline_drift_<feature> values by feature. */
  drift: z.record(z.string(), z.number()),
  /** ModelQuality: the metric values published (accuracy, auc, …) by metric name. */
  metrics: z.record(z.string(), z.number())
})

const ScheduleSchema = z.strictObject({
  MonitoringScheduleName: z.string(),
  MonitoringScheduleStatus: z.enum(['Scheduled', 'Stopped']),
  MonitoringType: z.enum(['DataQuality', 'ModelQuality']),
  ScheduleExpression: z.string(),
  BaseliningJobName: z.string(),
  CreationTime: z.number(),
  ExecutionCount: z.number().int(),
  /** Executions older than the ones answered (the answer keeps the newest). */
  executionsOmitted: z.number().int(),
  /** DataQuality: each feature's drift threshold from the baseline's constraints.json and the check it feeds. */
  featureThresholds: z.array(z.strictObject({ feature_name: z.string(), inferred_type: z.string(), threshold: z.number(), method: z.string() })),
  /** ModelQuality: each metric's threshold and comparison operator (binary_classification_constraints). */
  metricThresholds: z.array(z.strictObject({ metric_name: z.string(), threshold: z.number(), comparison_operator: z.enum(['LessThanThreshold', 'GreaterThanThreshold']) })),
  executions: z.array(ExecutionSchema)
})

export const MonitoringWorldResponseSchema = z.strictObject({
  now: z.number(),
  /** Endpoints of the world with at least one monitoring schedule. */
  monitoredEndpoints: z.array(z.string()),
  /** The endpoint answered; null when the world monitors none. */
  EndpointName: z.string().nullable(),
  captureEnabled: z.boolean(),
  /** PutGroundTruth's lag, hours; null without ground truth. */
  groundTruthLagHours: z.number().nullable(),
  schedules: z.array(ScheduleSchema),
  pipelineExecutions: z.array(
    z.strictObject({
      PipelineName: z.string(),
      PipelineExecutionArn: z.string(),
      PipelineExecutionStatus: z.enum(['Executing', 'Succeeded', 'Failed']),
      StartTime: z.number(),
      EndTime: z.number().nullable(),
      FailureReason: z.string().nullable(),
      ModelPackageArn: z.string().nullable()
    })
  ),
  modelPackages: z.array(
    z.strictObject({
      ModelPackageArn: z.string(),
      ModelPackageGroupName: z.string(),
      ModelPackageVersion: z.number().int(),
      ModelApprovalStatus: z.enum(['Approved', 'Rejected', 'PendingManualApproval']),
      ModelName: z.string(),
      CreationTime: z.number(),
      LastModifiedTime: z.number(),
      /** When the endpoint started serving this package's model (UpdateEndpoint); null if never. */
      DeployedTime: z.number().nullable()
    })
  )
})

export const monitorWorldChannels = {
  'sandbox.monitoring': { request: MonitoringWorldRequestSchema, response: MonitoringWorldResponseSchema }
} as const
