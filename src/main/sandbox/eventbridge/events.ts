/**
 * The EventBridge event envelope and builders for the events the sandbox emits.
 *
 * Envelope fields: EventBridge User Guide, "Amazon EventBridge events" (version "0", id, detail-type,
 * source, account, time, region, resources, detail). Each builder names the AWS page whose example
 * event it follows.
 */
import { formatIsoSeconds, type CloudTrailRecord, type IdGenerator } from '../cloudtrail/record'
import { isoUtcZeroOffset } from '../core/time'

export interface EventBridgeEvent<TDetail = Record<string, unknown>> {
  version: '0'
  id: string
  'detail-type': string
  source: string
  account: string
  /** ISO-8601 UTC to the second, e.g. `2019-10-02T17:04:40Z`. */
  time: string
  region: string
  resources: string[]
  detail: TDetail
}

/** Where and with which id source events are built. */
export interface EventContext {
  account: string
  region: string
  ids: IdGenerator
}

export interface EnvelopeInput<TDetail> {
  source: string
  detailType: string
  /** Simulated epoch milliseconds. */
  timeMs: number
  resources?: string[]
  detail: TDetail
}

export function buildEvent<TDetail>(ctx: EventContext, input: EnvelopeInput<TDetail>): EventBridgeEvent<TDetail> {
  return {
    version: '0',
    id: ctx.ids('eb-event'),
    'detail-type': input.detailType,
    source: input.source,
    account: ctx.account,
    time: formatIsoSeconds(input.timeMs),
    region: ctx.region,
    resources: input.resources ?? [],
    detail: input.detail
  }
}

// ---------------------------------------------------------------------------------------------
// CloudWatch Alarm State Change
// Shape: CloudWatch User Guide, "Alarm events and EventBridge" (single-metric and metric-math
// examples). Source `aws.cloudwatch`, resource = the alarm ARN, state/previousState timestamps with
// milliseconds and a `+0000` offset, reasonData a JSON string.
// ---------------------------------------------------------------------------------------------

export const ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change'

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'

export interface AlarmStateInput {
  value: AlarmStateValue
  /**
   * The StateReason, or a holder that words it when first read (a world's alarms change state
   * thousands of times and most reasons are never read): the event's `reason` then reads it from
   * the holder, and is the same text either way.
   */
  reason: string | { readonly text: string }
  /** JSON text; see buildAlarmReasonData. Absent on e.g. "Unchecked: Initial alarm creation". */
  reasonData?: string
  /** Epoch milliseconds of the state change. */
  timestampMs: number
}

export interface AlarmState {
  value: AlarmStateValue
  reason: string
  reasonData?: string
  timestamp: string
}

export interface AlarmMetricStatConfig {
  id: string
  metricStat: {
    metric: { namespace: string; name: string; dimensions: Record<string, string> }
    period: number
    stat: string
  }
  returnData: boolean
}

export interface AlarmExpressionConfig {
  id: string
  expression: string
  label?: string
  returnData: boolean
}

export type AlarmMetricConfig = AlarmMetricStatConfig | AlarmExpressionConfig

export interface AlarmStateChangeDetail {
  alarmName: string
  state: AlarmState
  previousState: AlarmState
  configuration: { description?: string; metrics: AlarmMetricConfig[] }
}

export interface AlarmStateChangeInput {
  alarmName: string
  description?: string
  metrics: AlarmMetricConfig[]
  state: AlarmStateInput
  previousState: AlarmStateInput
}

function alarmState(s: AlarmStateInput, timestamp: string): AlarmState {
  const reason = s.reason
  const state: AlarmState =
    typeof reason === 'string'
      ? { value: s.value, reason, timestamp }
      : {
          value: s.value,
          get reason() {
            return reason.text
          },
          timestamp
        }
  if (s.reasonData !== undefined) state.reasonData = s.reasonData
  return state
}

export function alarmArn(ctx: Pick<EventContext, 'account' | 'region'>, alarmName: string): string {
  return `arn:aws:cloudwatch:${ctx.region}:${ctx.account}:alarm:${alarmName}`
}

export function buildAlarmStateChangeEvent(
  ctx: EventContext,
  input: AlarmStateChangeInput
): EventBridgeEvent<AlarmStateChangeDetail> {
  const configuration: AlarmStateChangeDetail['configuration'] = { metrics: input.metrics }
  if (input.description !== undefined) configuration.description = input.description
  const time = isoUtcZeroOffset(input.state.timestampMs)
  return buildEvent(ctx, {
    source: 'aws.cloudwatch',
    detailType: ALARM_STATE_CHANGE,
    timeMs: input.state.timestampMs,
    resources: [alarmArn(ctx, input.alarmName)],
    detail: {
      alarmName: input.alarmName,
      state: alarmState(input.state, time),
      // A world's events have both at the moment of the change: the text is made once.
      previousState: alarmState(input.previousState, input.previousState.timestampMs === input.state.timestampMs ? time : isoUtcZeroOffset(input.previousState.timestampMs)),
      configuration
    }
  })
}

export interface AlarmReasonDataInput {
  queryDateMs: number
  startDateMs: number
  statistic?: string
  period: number
  recentDatapoints: number[]
  threshold: number
}

/**
 * The `reasonData` JSON text of a threshold alarm, with the fields of AWS's example:
 * version, queryDate, startDate, statistic, period, recentDatapoints, threshold.
 */
export function buildAlarmReasonData(input: AlarmReasonDataInput): string {
  const data: Record<string, unknown> = {
    version: '1.0',
    queryDate: isoUtcZeroOffset(input.queryDateMs),
    startDate: isoUtcZeroOffset(input.startDateMs)
  }
  if (input.statistic !== undefined) data.statistic = input.statistic
  data.period = input.period
  data.recentDatapoints = input.recentDatapoints
  data.threshold = input.threshold
  return JSON.stringify(data)
}

// ---------------------------------------------------------------------------------------------
// SageMaker events (source `aws.sagemaker`). Names: EventBridge Events Reference, "Amazon
// SageMaker AI events". Shapes: SageMaker Developer Guide, "Events that Amazon SageMaker AI sends
// to Amazon EventBridge".
// ---------------------------------------------------------------------------------------------

export const SAGEMAKER_SOURCE = 'aws.sagemaker'
export const ENDPOINT_STATE_CHANGE = 'SageMaker Endpoint State Change'
export const ENDPOINT_DEPLOYMENT_STATE_CHANGE = 'SageMaker Endpoint Deployment State Change'
export const MODEL_PACKAGE_STATE_CHANGE = 'SageMaker Model Package State Change'
export const MONITORING_SCHEDULE_STATE_CHANGE = 'SageMaker Monitoring Schedule State Change'

/** SageMaker ARNs carry resource names in lower case (the guide's endpoint example: MyEndpoint → endpoint/myendpoint). */
export function sageMakerArn(ctx: Pick<EventContext, 'account' | 'region'>, resource: string, name: string): string {
  return `arn:aws:sagemaker:${ctx.region}:${ctx.account}:${resource}/${name.toLowerCase()}`
}

/** DescribeEndpoint's EndpointStatus values (SageMaker API Reference). */
export type EndpointStatus =
  | 'OutOfService'
  | 'Creating'
  | 'Updating'
  | 'SystemUpdating'
  | 'RollingBack'
  | 'InService'
  | 'Deleting'
  | 'Failed'
  | 'UpdateRollbackFailed'

/**
 * The events spell EndpointStatus in upper snake case ("IN_SERVICE", "UPDATING" in AWS's examples),
 * unlike the API's "InService". The other values are converted the same way.
 */
export function endpointStatusForEvent(status: EndpointStatus): string {
  return status.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()
}

export type VariantStatusName = 'Creating' | 'Updating' | 'Deleting' | 'ActivatingTraffic' | 'Baking'

export interface VariantStatus {
  Status: VariantStatusName
  StatusMessage: string
  /** Epoch milliseconds, as in AWS's example. */
  StartTime: number
}

export interface EventProductionVariant {
  VariantName: string
  CurrentWeight?: number
  DesiredWeight: number
  CurrentInstanceCount?: number
  DesiredInstanceCount: number
  VariantStatus?: VariantStatus[]
}

export interface EndpointStateDetail {
  EndpointName: string
  EndpointArn: string
  EndpointConfigName: string
  ProductionVariants: EventProductionVariant[]
  EndpointStatus: string
  CreationTime: number
  LastModifiedTime: number
  Tags: Record<string, string>
  FailureReason?: string
}

export interface EndpointStateInput {
  endpointName: string
  endpointConfigName: string
  productionVariants: EventProductionVariant[]
  status: EndpointStatus
  creationTimeMs: number
  lastModifiedTimeMs: number
  /** When the change happened; defaults to lastModifiedTimeMs. */
  timeMs?: number
  tags?: Record<string, string>
  failureReason?: string
}

function endpointDetail(ctx: EventContext, input: EndpointStateInput): EndpointStateDetail {
  const detail: EndpointStateDetail = {
    EndpointName: input.endpointName,
    EndpointArn: sageMakerArn(ctx, 'endpoint', input.endpointName),
    EndpointConfigName: input.endpointConfigName,
    ProductionVariants: input.productionVariants,
    EndpointStatus: endpointStatusForEvent(input.status),
    CreationTime: input.creationTimeMs,
    LastModifiedTime: input.lastModifiedTimeMs,
    Tags: input.tags ?? {}
  }
  if (input.failureReason !== undefined) detail.FailureReason = input.failureReason
  return detail
}

/** "Endpoint state change" example. */
export function buildEndpointStateChangeEvent(
  ctx: EventContext,
  input: EndpointStateInput
): EventBridgeEvent<EndpointStateDetail> {
  const detail = endpointDetail(ctx, input)
  return buildEvent(ctx, {
    source: SAGEMAKER_SOURCE,
    detailType: ENDPOINT_STATE_CHANGE,
    timeMs: input.timeMs ?? input.lastModifiedTimeMs,
    resources: [detail.EndpointArn],
    detail
  })
}

export interface PendingDeploymentSummary {
  EndpointConfigName: string
  /** Epoch milliseconds. */
  StartTime: number
  ProductionVariants: EventProductionVariant[]
}

export interface EndpointDeploymentDetail extends EndpointStateDetail {
  PendingDeploymentSummary?: PendingDeploymentSummary
}

export interface EndpointDeploymentInput extends EndpointStateInput {
  pendingDeployment?: PendingDeploymentSummary
}

/** "Endpoint deployment state change" examples (blue/green canary baking; scaling out). */
export function buildEndpointDeploymentStateChangeEvent(
  ctx: EventContext,
  input: EndpointDeploymentInput
): EventBridgeEvent<EndpointDeploymentDetail> {
  const detail: EndpointDeploymentDetail = endpointDetail(ctx, input)
  if (input.pendingDeployment) detail.PendingDeploymentSummary = input.pendingDeployment
  return buildEvent(ctx, {
    source: SAGEMAKER_SOURCE,
    detailType: ENDPOINT_DEPLOYMENT_STATE_CHANGE,
    timeMs: input.timeMs ?? input.lastModifiedTimeMs,
    resources: [detail.EndpointArn],
    detail
  })
}

/** ModelApprovalStatus values (SageMaker API Reference, ModelPackageSummary). */
export type ModelApprovalStatus = 'Approved' | 'Rejected' | 'PendingManualApproval'
/** ModelPackageStatus values (SageMaker API Reference, ModelPackageSummary). */
export type ModelPackageStatus = 'Pending' | 'InProgress' | 'Completed' | 'Failed' | 'Deleting'

export interface ModelPackageStateDetail {
  ModelPackageGroupName: string
  ModelPackageVersion: number
  ModelPackageArn: string
  ModelPackageDescription?: string
  CreationTime: string
  LastModifiedTime: string
  ModelPackageStatus: ModelPackageStatus
  ModelApprovalStatus: ModelApprovalStatus
  ApprovalDescription?: string
  InferenceSpecification?: Record<string, unknown>
  ModelMetrics?: Record<string, unknown>
  MetadataProperties?: Record<string, unknown>
  CertifyForMarketplace: boolean
}

export interface ModelPackageStateInput {
  groupName: string
  version: number
  status: ModelPackageStatus
  approvalStatus: ModelApprovalStatus
  creationTimeMs: number
  lastModifiedTimeMs: number
  description?: string
  approvalDescription?: string
  inferenceSpecification?: Record<string, unknown>
  modelMetrics?: Record<string, unknown>
  metadataProperties?: Record<string, unknown>
}

/**
 * "Model package state change" example: a versioned package's ARN is
 * `model-package/<group>/<version>`; CreationTime and LastModifiedTime are ISO strings.
 */
export function buildModelPackageStateChangeEvent(
  ctx: EventContext,
  input: ModelPackageStateInput
): EventBridgeEvent<ModelPackageStateDetail> {
  const arn = sageMakerArn(ctx, 'model-package', `${input.groupName}/${input.version}`)
  const detail: ModelPackageStateDetail = {
    ModelPackageGroupName: input.groupName,
    ModelPackageVersion: input.version,
    ModelPackageArn: arn,
    CreationTime: formatIsoSeconds(input.creationTimeMs),
    LastModifiedTime: formatIsoSeconds(input.lastModifiedTimeMs),
    ModelPackageStatus: input.status,
    ModelApprovalStatus: input.approvalStatus,
    CertifyForMarketplace: false
  }
  if (input.description !== undefined) detail.ModelPackageDescription = input.description
  if (input.approvalDescription !== undefined) detail.ApprovalDescription = input.approvalDescription
  if (input.inferenceSpecification) detail.InferenceSpecification = input.inferenceSpecification
  if (input.modelMetrics) detail.ModelMetrics = input.modelMetrics
  if (input.metadataProperties) detail.MetadataProperties = input.metadataProperties
  return buildEvent(ctx, {
    source: SAGEMAKER_SOURCE,
    detailType: MODEL_PACKAGE_STATE_CHANGE,
    timeMs: input.lastModifiedTimeMs,
    resources: [arn],
    detail
  })
}

/** MonitoringScheduleStatus values (SageMaker API Reference, MonitoringScheduleSummary). */
export type MonitoringScheduleStatus = 'Pending' | 'Failed' | 'Scheduled' | 'Stopped'
/** MonitoringType values (SageMaker API Reference, MonitoringScheduleConfig). */
export type MonitoringType = 'DataQuality' | 'ModelQuality' | 'ModelBias' | 'ModelExplainability'
/** MonitoringExecutionStatus values (SageMaker API Reference, MonitoringExecutionSummary). */
export type MonitoringExecutionStatus =
  | 'Pending'
  | 'Completed'
  | 'CompletedWithViolations'
  | 'InProgress'
  | 'Failed'
  | 'Stopping'
  | 'Stopped'

export interface MonitoringExecutionSummary {
  MonitoringScheduleName: string
  ScheduledTime: string
  CreationTime: string
  LastModifiedTime: string
  MonitoringExecutionStatus: MonitoringExecutionStatus
  ProcessingJobArn?: string
  EndpointName?: string
  FailureReason?: string
}

export interface MonitoringScheduleStateDetail {
  MonitoringScheduleName: string
  MonitoringScheduleArn: string
  MonitoringScheduleStatus: MonitoringScheduleStatus
  MonitoringType: MonitoringType
  EndpointName?: string
  CreationTime: string
  LastModifiedTime: string
  LastMonitoringExecutionSummary?: MonitoringExecutionSummary
  FailureReason?: string
}

export interface MonitoringScheduleStateInput {
  scheduleName: string
  status: MonitoringScheduleStatus
  monitoringType: MonitoringType
  endpointName?: string
  creationTimeMs: number
  lastModifiedTimeMs: number
  lastExecution?: {
    status: MonitoringExecutionStatus
    scheduledTimeMs: number
    creationTimeMs: number
    lastModifiedTimeMs: number
    processingJobArn?: string
    failureReason?: string
  }
  failureReason?: string
}

/**
 * "SageMaker Monitoring Schedule State Change" is in the EventBridge Events Reference list, but AWS
 * publishes no example detail for it. The sandbox's detail uses the field names of the
 * DescribeMonitoringSchedule response (MonitoringScheduleName, MonitoringScheduleStatus,
 * LastMonitoringExecutionSummary…), so a rule can match, say,
 * `detail.LastMonitoringExecutionSummary.MonitoringExecutionStatus: ["CompletedWithViolations"]`.
 * Treat the detail layout as the sandbox's model, not as AWS's wire format.
 */
export function buildMonitoringScheduleStateChangeEvent(
  ctx: EventContext,
  input: MonitoringScheduleStateInput
): EventBridgeEvent<MonitoringScheduleStateDetail> {
  const arn = sageMakerArn(ctx, 'monitoring-schedule', input.scheduleName)
  const detail: MonitoringScheduleStateDetail = {
    MonitoringScheduleName: input.scheduleName,
    MonitoringScheduleArn: arn,
    MonitoringScheduleStatus: input.status,
    MonitoringType: input.monitoringType,
    CreationTime: formatIsoSeconds(input.creationTimeMs),
    LastModifiedTime: formatIsoSeconds(input.lastModifiedTimeMs)
  }
  if (input.endpointName !== undefined) detail.EndpointName = input.endpointName
  if (input.failureReason !== undefined) detail.FailureReason = input.failureReason
  const last = input.lastExecution
  if (last) {
    const summary: MonitoringExecutionSummary = {
      MonitoringScheduleName: input.scheduleName,
      ScheduledTime: formatIsoSeconds(last.scheduledTimeMs),
      CreationTime: formatIsoSeconds(last.creationTimeMs),
      LastModifiedTime: formatIsoSeconds(last.lastModifiedTimeMs),
      MonitoringExecutionStatus: last.status
    }
    if (last.processingJobArn !== undefined) summary.ProcessingJobArn = last.processingJobArn
    if (input.endpointName !== undefined) summary.EndpointName = input.endpointName
    if (last.failureReason !== undefined) summary.FailureReason = last.failureReason
    detail.LastMonitoringExecutionSummary = summary
  }
  return buildEvent(ctx, {
    source: SAGEMAKER_SOURCE,
    detailType: MONITORING_SCHEDULE_STATE_CHANGE,
    timeMs: input.lastModifiedTimeMs,
    resources: [arn],
    detail
  })
}

// ---------------------------------------------------------------------------------------------
// AWS API Call via CloudTrail
// EventBridge User Guide, "AWS service events delivered via AWS CloudTrail": detail-type
// "AWS API Call via CloudTrail", detail = the CloudTrail record. EventBridge Events Reference pages
// give each service's source as `aws.<service>` with eventSource `<service>.amazonaws.com`
// (aws.s3 / s3.amazonaws.com, aws.cloudtrail / cloudtrail.amazonaws.com).
// ---------------------------------------------------------------------------------------------

export const API_CALL_VIA_CLOUDTRAIL = 'AWS API Call via CloudTrail'

/**
 * `sagemaker.amazonaws.com` → `aws.sagemaker`. For CloudWatch this gives `aws.monitoring`, which is
 * what the EventBridge Events Reference ("Amazon CloudWatch Monitoring events") lists; note that
 * alarm state change events themselves carry `aws.cloudwatch` in the CloudWatch User Guide's examples.
 */
export function eventBridgeSourceFor(eventSource: string): string {
  return `aws.${eventSource.replace(/\.amazonaws\.com$/, '')}`
}

export function buildApiCallEvent(ids: IdGenerator, record: CloudTrailRecord): EventBridgeEvent<CloudTrailRecord> {
  return {
    version: '0',
    id: ids('eb-event'),
    'detail-type': API_CALL_VIA_CLOUDTRAIL,
    source: eventBridgeSourceFor(record.eventSource),
    account: record.recipientAccountId,
    time: record.eventTime,
    region: record.awsRegion,
    resources: [],
    detail: record
  }
}
