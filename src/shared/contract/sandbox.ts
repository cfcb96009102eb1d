/**
 * Sandbox worlds: every action a world takes (each service's actions plus the clock), the world's
 * summary, and the channels that create, act on and read worlds. A world is its seed plus the ordered
 * actions taken in it; replaying them reproduces every number.
 */
import { z } from 'zod'
import { autoscalingActions, ScalingPolicySummarySchema } from './autoscaling'
import { billingActions, BillingSummarySchema } from './billing'
import { cloudtrailActions, LookupEventsRequestSchema, LookupEventsResponseSchema } from './cloudtrail'
import { AlarmDetailSchema, cloudwatchActions, MetricQuerySchema } from './cloudwatch'
import { action, AlarmStateName, Empty, Finite, Ok, WorldRef } from './common'
import { eventsActions } from './events'
import { DeploymentSummarySchema, sagemakerActions, TrafficSpecSchema } from './sagemaker'
import { monitorActions, MonitorSummarySchema } from './monitor-actions'

export const SandboxActionSchema = z.discriminatedUnion('type', [
  ...sagemakerActions,
  ...autoscalingActions,
  ...cloudwatchActions,
  ...eventsActions,
  ...cloudtrailActions,
  ...billingActions,
  ...monitorActions,
  // The clock.
  action('AdvanceClock', { Minutes: Finite })
])
export type SandboxAction = z.infer<typeof SandboxActionSchema>
export type SandboxActionType = SandboxAction['type']

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
      EndpointStatus: z.enum(['InService', 'Updating', 'RollingBack', 'Deleted']),
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
      ),
      /** The latest UpdateEndpoint with DeploymentConfig (guardrails), running or finished. */
      deployment: DeploymentSummarySchema.nullable()
    })
  ),
  alarms: z.array(
    z.strictObject({
      AlarmName: z.string(),
      type: z.enum(['metric', 'composite']),
      StateValue: AlarmStateName,
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
  notifications: z.number(),
  billing: BillingSummarySchema,
  monitor: MonitorSummarySchema
})
export type WorldSummary = z.infer<typeof WorldSummarySchema>

export const WORLD_FILE_FORMAT = 'mlops-lab-world'
export const WORLD_FILE_VERSION = 1

/** One sandbox world to share: its name, seed and actions (replaying them reproduces every number). */
export const WorldFileWorld = z.strictObject({
  /** The id it had where it was exported: import keeps it only when asked to replace that world. */
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1, 'name must not be empty').max(100),
  seed: z.string().min(1).max(100),
  actions: z.array(SandboxActionSchema).max(2000)
})
export type WorldFileWorld = z.infer<typeof WorldFileWorld>

export const WorldFile = z.strictObject({
  format: z.literal(WORLD_FILE_FORMAT),
  formatVersion: z.literal(WORLD_FILE_VERSION),
  exportedAt: z.iso.datetime(),
  app: z.strictObject({ name: z.string(), version: z.string() }),
  /** SHA-256 (hex) of `JSON.stringify(world)`: catches a truncated or edited file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  world: WorldFileWorld
})
export type WorldFile = z.infer<typeof WorldFile>

const WorldName = z.string().trim().min(1, 'name must not be empty').max(100)
/** A world file's text, as read by the renderer; a world's log is small, so 4 MiB is generous. */
const WorldFileContent = z.string().max(4 * 1024 * 1024, 'the file is larger than 4 MiB')

export const sandboxChannels = {
  'sandbox.catalog': {
    request: Empty,
    response: z.strictObject({
      instanceTypes: z.array(
        z.strictObject({
          name: z.string(),
          family: z.string(),
          category: z.string(),
          vcpu: z.number(),
          memoryGiB: z.number(),
          accelerator: z.string().nullable(),
          pricePerHour: z.number(),
          priceAsOf: z.string(),
          priceSource: z.string()
        })
      ),
      modelPresets: z.array(z.strictObject({ id: z.string(), label: z.string(), description: z.string() })),
      trafficPatterns: z.array(z.string()),
      incidentKinds: z.array(z.string()),
      simplifications: z.array(z.string()),
      limits: z.strictObject({ maxAdvanceMinutes: z.number(), maxWorldMinutes: z.number() }),
      /** The simulated account and Region every world's ARNs use, so the console never hard-codes them. */
      accountId: z.string().regex(/^\d{12}$/), // AWS account ids are 12 digits (AWS Account Management guide, "View AWS account identifiers")
      region: z.string()
    })
  },
  'sandbox.listWorlds': {
    request: Empty,
    response: z.strictObject({
      worlds: z.array(z.strictObject({ id: z.string(), name: z.string(), seed: z.string(), actionCount: z.number(), updatedAt: z.string() })),
      /** Saved worlds this version cannot read: left in the database, named here so the learner knows. */
      unreadable: z.array(z.strictObject({ id: z.string(), name: z.string(), problem: z.string() }))
    })
  },
  'sandbox.createWorld': {
    request: z.strictObject({
      name: z.string().trim().min(1, 'name must not be empty').max(100),
      seed: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/, 'seed may use letters, digits, ".", "_" and "-"').optional()
    }),
    response: WorldSummarySchema
  },
  'sandbox.getWorld': { request: WorldRef, response: WorldSummarySchema },
  'sandbox.deleteWorld': { request: WorldRef, response: Ok },
  'sandbox.renameWorld': {
    request: z.strictObject({ worldId: z.string().min(1).max(100), name: WorldName }),
    response: z.strictObject({ id: z.string(), name: z.string() })
  },
  /** A new world with the same seed and actions (so the same numbers), under a new id and name. */
  'sandbox.duplicateWorld': {
    request: z.strictObject({ worldId: z.string().min(1).max(100), name: WorldName }),
    response: WorldSummarySchema
  },
  'sandbox.exportWorld': { request: WorldRef, response: z.strictObject({ fileName: z.string(), content: z.string() }) },
  /** What a world file holds, validated and replayed exactly as import would, without saving anything. */
  'sandbox.inspectWorldFile': {
    request: z.strictObject({ content: WorldFileContent }),
    response: z.strictObject({
      name: z.string(),
      seed: z.string(),
      actionCount: z.number().int().min(0),
      exportedAt: z.string(),
      app: z.strictObject({ name: z.string(), version: z.string() }),
      /** A saved world here with the file's id: import replaces it only when asked to. */
      sameId: z.strictObject({ id: z.string(), name: z.string(), actionCount: z.number() }).nullable()
    })
  },
  /**
   * Saves the file's world. By default under a new id, so no world here changes; with
   * `replace: true` it overwrites the saved world that has the file's id (which must exist).
   */
  'sandbox.importWorld': {
    request: z.strictObject({ content: WorldFileContent, replace: z.boolean().default(false) }),
    response: WorldSummarySchema
  },
  'sandbox.act': {
    request: z.strictObject({ worldId: z.string().min(1).max(100), action: SandboxActionSchema }),
    response: WorldSummarySchema
  },
  'sandbox.listMetrics': {
    request: WorldRef,
    response: z.strictObject({
      metrics: z.array(
        z.strictObject({
          Namespace: z.string(),
          MetricName: z.string(),
          Dimensions: z.array(z.strictObject({ Name: z.string(), Value: z.string() })),
          Unit: z.string()
        })
      )
    })
  },
  'sandbox.getMetricData': {
    request: MetricQuerySchema,
    response: z.strictObject({
      Label: z.string(),
      Unit: z.string(),
      Period: z.number(),
      Timestamps: z.array(z.number()),
      Values: z.array(z.number().nullable()),
      SampleCounts: z.array(z.number())
    })
  },
  'sandbox.describeAlarms': { request: WorldRef, response: z.strictObject({ alarms: z.array(AlarmDetailSchema) }) },
  'sandbox.lookupEvents': { request: LookupEventsRequestSchema, response: LookupEventsResponseSchema },
  'sandbox.notifications': {
    request: WorldRef,
    response: z.strictObject({
      notifications: z.array(
        z.strictObject({ at: z.number(), via: z.string(), target: z.string(), kind: z.string(), subject: z.string(), detail: z.string() })
      )
    })
  }
} as const
