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

/** A traffic pattern (sandbox-only: real endpoints get their traffic from clients). */
export const TrafficSpecSchema = z.looseObject({
  pattern: z.enum(['steady', 'diurnal', 'weekly', 'spikes', 'growth']),
  baseRpm: Finite
})

export const ModelProfileSchema = z.looseObject({
  name: z.string(),
  cpuMsPerRequest: Finite,
  memoryGiB: Finite,
  payloadKiB: Finite
})

export const ProductionVariantSchema = z.strictObject({
  VariantName: Name,
  InstanceType: z.string().min(1).max(64),
  InitialInstanceCount: Finite,
  InitialVariantWeight: Finite.optional(),
  /** One of the sandbox's model presets (see sandbox.catalog)… */
  ModelPreset: z.string().optional(),
  /** …or a model profile of your own. */
  Model: ModelProfileSchema.optional()
})

export const IncidentSchema = z.looseObject({
  kind: z.enum(['latencyRegression', 'errorBurst', 'trafficSpike', 'outlier', 'trafficGap'])
})

export const DimensionSchema = z.strictObject({ Name: z.string().min(1).max(255), Value: z.string().min(1).max(1024) })

export const MetricAlarmSchema = z.strictObject({
  AlarmName: Name,
  AlarmDescription: z.string().max(1024).optional(),
  Namespace: z.string().min(1).max(255),
  MetricName: z.string().min(1).max(255),
  Dimensions: z.array(DimensionSchema).max(30).optional(),
  Statistic: z.string().optional(),
  ExtendedStatistic: z.string().optional(),
  Period: Finite,
  EvaluationPeriods: Finite,
  DatapointsToAlarm: Finite.optional(),
  Threshold: Finite,
  ComparisonOperator: z.string(),
  TreatMissingData: z.string().optional(),
  EvaluateLowSampleCountPercentile: z.string().optional(),
  ActionsEnabled: z.boolean().optional(),
  AlarmActions: z.array(z.string().max(1600)).max(5).optional(),
  OKActions: z.array(z.string().max(1600)).max(5).optional(),
  InsufficientDataActions: z.array(z.string().max(1600)).max(5).optional()
})

export const SandboxActionSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('CreateEndpoint'),
    EndpointName: Name,
    ProductionVariants: z.array(ProductionVariantSchema).min(1).max(10),
    Traffic: TrafficSpecSchema
  }),
  z.strictObject({ type: z.literal('UpdateEndpoint'), EndpointName: Name, ProductionVariants: z.array(ProductionVariantSchema).min(1).max(10) }),
  z.strictObject({ type: z.literal('DeleteEndpoint'), EndpointName: Name }),
  z.strictObject({
    type: z.literal('PutScalingPolicy'),
    EndpointName: Name,
    VariantName: Name,
    TargetValue: Finite,
    MinCapacity: Finite,
    MaxCapacity: Finite,
    ScaleOutCooldown: Finite.optional(),
    ScaleInCooldown: Finite.optional(),
    DisableScaleIn: z.boolean().optional()
  }),
  z.strictObject({ type: z.literal('DeleteScalingPolicy'), EndpointName: Name, VariantName: Name }),
  z.strictObject({ type: z.literal('SetTraffic'), EndpointName: Name, Traffic: TrafficSpecSchema }),
  z.strictObject({
    type: z.literal('InjectIncident'),
    EndpointName: Name,
    /** Minutes from the world's current time until the incident starts. */
    StartsInMinutes: Finite,
    Incident: IncidentSchema
  }),
  MetricAlarmSchema.extend({ type: z.literal('PutMetricAlarm') }),
  z.strictObject({
    type: z.literal('PutCompositeAlarm'),
    AlarmName: Name,
    AlarmRule: z.string().min(1).max(10240),
    AlarmDescription: z.string().max(1024).optional(),
    AlarmActions: z.array(z.string().max(1600)).max(5).optional()
  }),
  z.strictObject({ type: z.literal('DeleteAlarms'), AlarmNames: z.array(Name).min(1).max(100) }),
  z.strictObject({
    type: z.literal('PutRule'),
    Name: z.string().min(1).max(64),
    EventPattern: z.string().min(1).max(4096),
    State: z.enum(['ENABLED', 'DISABLED']).optional(),
    Description: z.string().max(512).optional()
  }),
  z.strictObject({
    type: z.literal('PutTargets'),
    Rule: z.string().min(1).max(64),
    Targets: z.array(z.strictObject({ Id: z.string().min(1).max(64), Arn: z.string().min(1).max(1600) })).min(1).max(5)
  }),
  z.strictObject({ type: z.literal('DeleteRule'), Name: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('CreateTrail'), Name: z.string().min(3).max(128), S3BucketName: z.string().min(3).max(63) }),
  z.strictObject({ type: z.literal('AdvanceClock'), Minutes: Finite })
])
export type SandboxAction = z.infer<typeof SandboxActionSchema>
export type SandboxActionType = SandboxAction['type']

const AlarmStateSchema = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA'])

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
      EndpointStatus: z.enum(['InService', 'Deleted']),
      createdAt: z.number(),
      traffic: z.record(z.string(), z.unknown()),
      costUsd: z.number(),
      requests: z.number(),
      errors5xx: z.number(),
      variants: z.array(
        z.strictObject({
          VariantName: z.string(),
          InstanceType: z.string(),
          ModelName: z.string(),
          pricePerHour: z.number(),
          CurrentInstanceCount: z.number(),
          autoscaling: z.record(z.string(), z.unknown()).nullable(),
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
      StateUpdatedTimestamp: z.number().nullable()
    })
  ),
  rules: z.array(z.strictObject({ Name: z.string(), EventPattern: z.string(), State: z.string(), Targets: z.array(z.strictObject({ Id: z.string(), Arn: z.string() })) })),
  trails: z.array(z.strictObject({ Name: z.string(), S3BucketName: z.string(), IsLogging: z.boolean() })),
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
  definition: z.record(z.string(), z.unknown()),
  /** The state over time as runs: [start, end) in epoch ms. */
  segments: z.array(z.strictObject({ start: z.number(), end: z.number(), state: AlarmStateSchema })),
  history: z.array(
    z.strictObject({ timestamp: z.number(), oldState: AlarmStateSchema, newState: AlarmStateSchema, reason: z.string() })
  )
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
