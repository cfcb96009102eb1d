/**
 * Request and response shapes of the sandbox channels. Field names follow the AWS APIs they mimic
 * (SageMaker CreateEndpoint/UpdateEndpoint, Application Auto Scaling PutScalingPolicy, CloudWatch
 * PutMetricAlarm/PutCompositeAlarm/GetMetricData, EventBridge PutRule/PutTargets, CloudTrail
 * CreateTrail/LookupEvents). These schemas check types; the sandbox checks ranges and cross-field
 * rules and names the field and the allowed range when it refuses something.
 */
import { z } from 'zod'

const Name = z.string().min(1).max(256)
const Finite = z.number()

const Noise = z.enum(['poisson', 'none']).optional()
const Rpm = Finite

/** A traffic pattern (sandbox-only: real endpoints get their traffic from clients). The sandbox checks the ranges. */
export const TrafficSpecSchema = z.discriminatedUnion('pattern', [
  z.strictObject({ pattern: z.literal('steady'), baseRpm: Rpm, noise: Noise }),
  z.strictObject({ pattern: z.literal('diurnal'), baseRpm: Rpm, noise: Noise, amplitude: Finite, peakHourUtc: Finite.optional() }),
  z.strictObject({ pattern: z.literal('weekly'), baseRpm: Rpm, noise: Noise, amplitude: Finite, peakHourUtc: Finite.optional(), weekendFactor: Finite.optional() }),
  z.strictObject({ pattern: z.literal('spikes'), baseRpm: Rpm, noise: Noise, spikesPerDay: Finite, spikeMultiplier: Finite, spikeMinutes: Finite }),
  z.strictObject({ pattern: z.literal('growth'), baseRpm: Rpm, noise: Noise, dailyGrowthRate: Finite })
])

export const ModelProfileSchema = z.strictObject({
  name: z.string().min(1).max(100),
  cpuMsPerRequest: Finite,
  memoryGiB: Finite,
  payloadKiB: Finite,
  acceleratorSpeedup: z.strictObject({ gpu: Finite.optional(), inferentia: Finite.optional() }).optional(),
  clientErrorRate: Finite.optional(),
  serviceTimeCv: Finite.optional(),
  artifactGiB: Finite.optional(),
  hostCpuShare: Finite.optional()
})

export const ProductionVariantSchema = z.strictObject({
  VariantName: Name,
  InstanceType: z.string().min(1).max(64),
  InitialInstanceCount: Finite,
  InitialVariantWeight: Finite.optional(),
  /** One of the sandbox's model presets (see sandbox.catalog)… */
  ModelPreset: z.string().max(100).optional(),
  /** …or a model profile of your own. */
  Model: ModelProfileSchema.optional()
})

const VariantRef = Name.optional()
export const IncidentSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('latencyRegression'), durationMinutes: Finite, factor: Finite, VariantName: VariantRef }),
  z.strictObject({ kind: z.literal('errorBurst'), durationMinutes: Finite, errorRate: Finite, VariantName: VariantRef }),
  z.strictObject({ kind: z.literal('trafficSpike'), durationMinutes: Finite, multiplier: Finite }),
  z.strictObject({ kind: z.literal('outlier'), latencyFactor: Finite, VariantName: VariantRef }),
  z.strictObject({ kind: z.literal('trafficGap'), durationMinutes: Finite })
])

export const DimensionSchema = z.strictObject({ Name: z.string().min(1).max(255), Value: z.string().min(1).max(1024) })

const ActionArn = z.string().max(1600)

export const MetricAlarmSchema = z.strictObject({
  AlarmName: Name,
  AlarmDescription: z.string().max(1024).optional(),
  Namespace: z.string().min(1).max(255),
  MetricName: z.string().min(1).max(255),
  Dimensions: z.array(DimensionSchema).max(30).optional(),
  Statistic: z.string().max(64).optional(),
  ExtendedStatistic: z.string().max(64).optional(),
  Period: Finite,
  EvaluationPeriods: Finite,
  DatapointsToAlarm: Finite.optional(),
  Threshold: Finite,
  ComparisonOperator: z.string().max(64),
  TreatMissingData: z.string().max(64).optional(),
  EvaluateLowSampleCountPercentile: z.string().max(64).optional(),
  ActionsEnabled: z.boolean().optional(),
  AlarmActions: z.array(ActionArn).max(5).optional(),
  OKActions: z.array(ActionArn).max(5).optional(),
  InsufficientDataActions: z.array(ActionArn).max(5).optional()
})

/** Application Auto Scaling StepAdjustment: bounds relative to the alarm threshold. */
export const StepAdjustmentSchema = z.strictObject({
  MetricIntervalLowerBound: Finite.optional(),
  MetricIntervalUpperBound: Finite.optional(),
  ScalingAdjustment: Finite
})

export const StepScalingPolicyConfigurationSchema = z.strictObject({
  AdjustmentType: z.enum(['ChangeInCapacity', 'PercentChangeInCapacity', 'ExactCapacity']),
  StepAdjustments: z.array(StepAdjustmentSchema).min(1).max(20),
  Cooldown: Finite.optional(),
  MetricAggregationType: z.enum(['Average', 'Minimum', 'Maximum']).optional(),
  MinAdjustmentMagnitude: Finite.optional()
})

export const EventSelectorSchema = z.strictObject({
  ReadWriteType: z.enum(['ReadOnly', 'WriteOnly', 'All']).optional(),
  IncludeManagementEvents: z.boolean().optional(),
  DataResources: z.array(z.strictObject({ Type: z.string().max(100), Values: z.array(z.string().max(2000)).max(250) })).max(250).optional()
})

export const AdvancedEventSelectorSchema = z.strictObject({
  Name: z.string().max(1000).optional(),
  FieldSelectors: z
    .array(
      z.strictObject({
        Field: z.string().max(1000),
        Equals: z.array(z.string().max(2048)).max(50).optional(),
        StartsWith: z.array(z.string().max(2048)).max(50).optional(),
        EndsWith: z.array(z.string().max(2048)).max(50).optional(),
        NotEquals: z.array(z.string().max(2048)).max(50).optional(),
        NotStartsWith: z.array(z.string().max(2048)).max(50).optional(),
        NotEndsWith: z.array(z.string().max(2048)).max(50).optional()
      })
    )
    .min(1)
    .max(20)
})

/**
 * Every action carries an optional `Caller`: sandbox-only, the IAM user who makes the call (default
 * `learner`). Scenario scripts use it for the other people in the account.
 */
const Caller = { Caller: z.string().min(1).max(64).optional() }
const action = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...Caller, ...shape })
const RuleName = z.string().min(1).max(64)
const TrailName = z.string().min(3).max(128)

export const SandboxActionSchema = z.discriminatedUnion('type', [
  // SageMaker
  action('CreateEndpoint', { EndpointName: Name, ProductionVariants: z.array(ProductionVariantSchema).min(1).max(10), Traffic: TrafficSpecSchema }),
  action('UpdateEndpoint', {
    EndpointName: Name,
    ProductionVariants: z.array(ProductionVariantSchema).min(1).max(10),
    /** UpdateEndpoint: keep each variant's current instance count and weight instead of the new configuration's. */
    RetainAllVariantProperties: z.boolean().optional()
  }),
  action('DeleteEndpoint', { EndpointName: Name }),
  action('DescribeEndpoint', { EndpointName: Name }),
  action('SetTraffic', { EndpointName: Name, Traffic: TrafficSpecSchema }),
  action('InjectIncident', {
    EndpointName: Name,
    /** Minutes from the world's current time until the incident starts. */
    StartsInMinutes: Finite,
    Incident: IncidentSchema
  }),
  // Application Auto Scaling (the scalable target is registered with the policy: MinCapacity, MaxCapacity)
  action('PutScalingPolicy', {
    EndpointName: Name,
    VariantName: Name,
    PolicyName: z.string().min(1).max(256).optional(),
    PolicyType: z.enum(['TargetTrackingScaling', 'StepScaling']).optional(),
    MinCapacity: Finite,
    MaxCapacity: Finite,
    /** Target tracking on SageMakerVariantInvocationsPerInstance. */
    TargetValue: Finite.optional(),
    ScaleOutCooldown: Finite.optional(),
    ScaleInCooldown: Finite.optional(),
    DisableScaleIn: z.boolean().optional(),
    StepScalingPolicyConfiguration: StepScalingPolicyConfigurationSchema.optional()
  }),
  action('DeleteScalingPolicy', { EndpointName: Name, VariantName: Name, PolicyName: z.string().min(1).max(256).optional() }),
  // CloudWatch
  MetricAlarmSchema.extend({ type: z.literal('PutMetricAlarm'), ...Caller }),
  action('PutCompositeAlarm', {
    AlarmName: Name,
    AlarmRule: z.string().min(1).max(10240),
    AlarmDescription: z.string().max(1024).optional(),
    ActionsEnabled: z.boolean().optional(),
    AlarmActions: z.array(ActionArn).max(5).optional(),
    OKActions: z.array(ActionArn).max(5).optional(),
    InsufficientDataActions: z.array(ActionArn).max(5).optional()
  }),
  action('DeleteAlarms', { AlarmNames: z.array(Name).min(1).max(100) }),
  action('DescribeAlarms', { AlarmNames: z.array(Name).max(100).optional() }),
  // EventBridge
  action('PutRule', { Name: RuleName, EventPattern: z.string().min(1).max(4096), State: z.enum(['ENABLED', 'DISABLED']).optional(), Description: z.string().max(512).optional() }),
  action('PutTargets', { Rule: RuleName, Targets: z.array(z.strictObject({ Id: z.string().min(1).max(64), Arn: z.string().min(1).max(1600) })).min(1).max(10) }),
  action('RemoveTargets', { Rule: RuleName, Ids: z.array(z.string().min(1).max(64)).min(1).max(100) }),
  action('EnableRule', { Name: RuleName }),
  action('DisableRule', { Name: RuleName }),
  action('DeleteRule', { Name: RuleName }),
  // CloudTrail
  action('CreateTrail', { Name: TrailName, S3BucketName: z.string().min(3).max(63) }),
  action('DeleteTrail', { Name: TrailName }),
  action('StartLogging', { Name: TrailName }),
  action('StopLogging', { Name: TrailName }),
  action('GetTrailStatus', { Name: TrailName }),
  action('PutEventSelectors', {
    TrailName,
    EventSelectors: z.array(EventSelectorSchema).max(5).optional(),
    AdvancedEventSelectors: z.array(AdvancedEventSelectorSchema).max(500).optional()
  }),
  // The clock
  action('AdvanceClock', { Minutes: Finite })
])
export type SandboxAction = z.infer<typeof SandboxActionSchema>
export type SandboxActionType = SandboxAction['type']

const AlarmStateSchema = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA'])

const StepConfigView = StepScalingPolicyConfigurationSchema

export const ScalingPolicySummarySchema = z.strictObject({
  PolicyName: z.string(),
  PolicyARN: z.string(),
  PolicyType: z.enum(['TargetTrackingScaling', 'StepScaling']),
  ResourceId: z.string(),
  MinCapacity: z.number(),
  MaxCapacity: z.number(),
  TargetValue: z.number().nullable(),
  ScaleOutCooldown: z.number(),
  ScaleInCooldown: z.number(),
  DisableScaleIn: z.boolean(),
  StepScalingPolicyConfiguration: StepConfigView.nullable(),
  Alarms: z.array(z.string())
})

export const WorldSummarySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  seed: z.string(),
  startTime: z.number(),
  now: z.number(),
  nowIso: z.string(),
  actions: z.array(z.strictObject({ index: z.number(), type: z.string(), at: z.number(), summary: z.string() })),
  endpoints: z.array(
    z.strictObject({
      EndpointName: z.string(),
      EndpointStatus: z.enum(['InService', 'Updating', 'Deleted']),
      createdAt: z.number(),
      traffic: TrafficSpecSchema,
      costUsd: z.number(),
      requests: z.number(),
      errors5xx: z.number(),
      variants: z.array(
        z.strictObject({
          VariantName: z.string(),
          InstanceType: z.string(),
          ModelName: z.string(),
          pricePerHour: z.number(),
          weightShare: z.number(),
          CurrentInstanceCount: z.number(),
          DesiredInstanceCount: z.number(),
          scalingPolicies: z.array(ScalingPolicySummarySchema),
          scalingActivities: z.number()
        })
      )
    })
  ),
  alarms: z.array(
    z.strictObject({
      AlarmName: z.string(),
      type: z.enum(['metric', 'composite']),
      StateValue: AlarmStateSchema,
      StateReason: z.string(),
      StateUpdatedTimestamp: z.number(),
      ManagedBy: z.string().nullable()
    })
  ),
  rules: z.array(
    z.strictObject({ Name: z.string(), EventPattern: z.string(), State: z.string(), Description: z.string().optional(), Targets: z.array(z.strictObject({ Id: z.string(), Arn: z.string() })) })
  ),
  trails: z.array(z.strictObject({ Name: z.string(), S3BucketName: z.string(), IsLogging: z.boolean(), HasCustomEventSelectors: z.boolean() })),
  totalCostUsd: z.number(),
  notifications: z.number()
})
export type WorldSummary = z.infer<typeof WorldSummarySchema>

export const MetricQuerySchema = z.strictObject({
  worldId: z.string().min(1),
  Namespace: z.string().min(1),
  MetricName: z.string().min(1),
  Dimensions: z.array(DimensionSchema).max(30),
  /** `SampleCount | Average | Sum | Minimum | Maximum` or a percentile such as `p99`. */
  Stat: z.string().min(1),
  Period: Finite,
  StartTime: Finite.optional(),
  EndTime: Finite.optional()
})

export const AlarmDetailSchema = z.strictObject({
  AlarmName: z.string(),
  type: z.enum(['metric', 'composite']),
  StateValue: AlarmStateSchema,
  StateReason: z.string(),
  StateUpdatedTimestamp: z.number(),
  ManagedBy: z.string().nullable(),
  definition: z.record(z.string(), z.unknown()),
  /** The state over time as runs: [start, end) in epoch ms. */
  segments: z.array(z.strictObject({ start: z.number(), end: z.number(), state: AlarmStateSchema })),
  history: z.array(
    z.strictObject({ timestamp: z.number(), oldState: AlarmStateSchema, newState: AlarmStateSchema, reason: z.string() })
  ),
  historyDropped: z.number()
})
export type AlarmDetail = z.infer<typeof AlarmDetailSchema>

export const LookupEventsRequestSchema = z.strictObject({
  worldId: z.string().min(1),
  LookupAttributes: z.array(z.strictObject({ AttributeKey: z.string(), AttributeValue: z.string().max(2000) })).max(1).optional(),
  StartTime: Finite.optional(),
  EndTime: Finite.optional(),
  MaxResults: Finite.optional(),
  NextToken: z.string().max(2000).optional()
})
