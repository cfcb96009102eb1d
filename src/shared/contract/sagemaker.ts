/**
 * SageMaker real-time endpoints: CreateEndpoint, UpdateEndpoint, DeleteEndpoint, DescribeEndpoint,
 * UpdateEndpointWeightsAndCapacities (SageMaker API Reference; the sandbox takes the variants, and the
 * shadow variant, inline instead of a separate endpoint configuration), and two sandbox-only stand-ins for the outside world: SetTraffic (what clients
 * send) and InjectIncident (what goes wrong). These schemas check types; the sandbox checks ranges
 * and cross-field rules and names the field and what is allowed when it refuses something.
 */
import { z } from 'zod'
import { TagListSchema } from './billing'
import { action, Finite, Name } from './common'
import { DeploymentConfigSchema } from './deploy'

const Noise = z.enum(['poisson', 'none']).optional()

/** A traffic pattern (sandbox-only: real endpoints get their traffic from clients). */
export const TrafficSpecSchema = z.discriminatedUnion('pattern', [
  z.strictObject({ pattern: z.literal('steady'), baseRpm: Finite, noise: Noise }),
  z.strictObject({ pattern: z.literal('diurnal'), baseRpm: Finite, noise: Noise, amplitude: Finite, peakHourUtc: Finite.optional() }),
  z.strictObject({ pattern: z.literal('weekly'), baseRpm: Finite, noise: Noise, amplitude: Finite, peakHourUtc: Finite.optional(), weekendFactor: Finite.optional() }),
  z.strictObject({ pattern: z.literal('spikes'), baseRpm: Finite, noise: Noise, spikesPerDay: Finite, spikeMultiplier: Finite, spikeMinutes: Finite }),
  z.strictObject({ pattern: z.literal('growth'), baseRpm: Finite, noise: Noise, dailyGrowthRate: Finite })
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
  Model: ModelProfileSchema.optional(),
  /** Sandbox-only: what this model version does wrong (a defective release): 5XX share 0–1, service-time multiplier 1–20, relative accuracy drop 0–1. */
  Defect: z.strictObject({ errorRate: Finite.optional(), latencyMultiplier: Finite.optional(), qualityDrop: Finite.optional() }).optional()
})

const VariantRef = Name.optional()
export const IncidentSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('latencyRegression'), durationMinutes: Finite, factor: Finite, VariantName: VariantRef }),
  z.strictObject({ kind: z.literal('errorBurst'), durationMinutes: Finite, errorRate: Finite, VariantName: VariantRef }),
  z.strictObject({ kind: z.literal('trafficSpike'), durationMinutes: Finite, multiplier: Finite }),
  z.strictObject({ kind: z.literal('outlier'), latencyFactor: Finite, VariantName: VariantRef }),
  z.strictObject({ kind: z.literal('trafficGap'), durationMinutes: Finite })
])

/** A guarded deployment as the console shows it (sandbox/sagemaker/deployment.ts). */
export const DeploymentSummarySchema = z.strictObject({
  strategy: z.enum(['BLUE_GREEN', 'ROLLING']),
  DeploymentConfig: z.record(z.string(), z.unknown()),
  description: z.string(),
  startedAt: z.number(),
  phase: z.string(),
  outcome: z.enum(['COMPLETED', 'ROLLED_BACK', 'IN_PROGRESS']),
  finishedAt: z.number().nullable(),
  rollbackReason: z.string().nullable(),
  alarmNames: z.array(z.string()),
  alarmsInAlarm: z.array(z.string()),
  steps: z.array(z.strictObject({ instances: z.number(), share: z.number() })),
  fleets: z.array(
    z.strictObject({
      role: z.enum(['blue', 'green']),
      EndpointConfigName: z.string(),
      InstanceType: z.string(),
      ModelName: z.string(),
      billed: z.number(),
      serving: z.number(),
      share: z.number(),
      pricePerHour: z.number(),
      requests: z.number(),
      errors5xx: z.number(),
      degraded: z.number(),
      costUsd: z.number()
    })
  ),
  events: z.array(z.strictObject({ at: z.number(), type: z.string(), message: z.string() }))
})
export type DeploymentSummaryView = z.infer<typeof DeploymentSummarySchema>

/**
 * CreateEndpointConfig ShadowProductionVariants: at most one, beside exactly one production variant
 * (the sandbox says so by name when there are more). Its InitialVariantWeight over the production
 * variant's is the share of requests copied to it.
 */
const ShadowVariants = z.array(ProductionVariantSchema).max(10).optional()

/** UpdateEndpointWeightsAndCapacities DesiredWeightAndCapacity: a variant's new weight, new instance count, or both. */
export const DesiredWeightAndCapacitySchema = z.strictObject({
  VariantName: Name,
  DesiredWeight: Finite.optional(),
  DesiredInstanceCount: Finite.optional()
})

/** A variant's CurrentWeight / DesiredWeight (DescribeEndpoint) and what it answered (a shadow: copies nobody got) and cost. */
export const VariantWeightsAndTotals = {
  CurrentWeight: z.number(),
  DesiredWeight: z.number(),
  requests: z.number(),
  errors5xx: z.number(),
  /** Answered without an error by a version with a quality drop (Defect.qualityDrop): wrong more often, and no metric shows it. */
  degraded: z.number(),
  costUsd: z.number()
}

/** The shadow variant as the console shows it. */
export const ShadowVariantSummarySchema = z.strictObject({
  VariantName: z.string(),
  InstanceType: z.string(),
  ModelName: z.string(),
  pricePerHour: z.number(),
  /** Share of the production variant's requests copied to the shadow. */
  weightShare: z.number(),
  ...VariantWeightsAndTotals,
  CurrentInstanceCount: z.number(),
  DesiredInstanceCount: z.number()
})

export const sagemakerActions = [
  action('CreateEndpoint', { EndpointName: Name, ProductionVariants: z.array(ProductionVariantSchema).min(1).max(10), ShadowProductionVariants: ShadowVariants, Traffic: TrafficSpecSchema, Tags: TagListSchema.optional() }),
  action('UpdateEndpoint', {
    EndpointName: Name,
    ProductionVariants: z.array(ProductionVariantSchema).min(1).max(10),
    /** The shadow variant of the new configuration; absent removes the shadow (promoting it = naming it in ProductionVariants). */
    ShadowProductionVariants: ShadowVariants,
    /** UpdateEndpoint: keep each variant's current instance count and weight instead of the new configuration's. */
    RetainAllVariantProperties: z.boolean().optional(),
    /** Deployment guardrails (SageMaker API DeploymentConfig): blue/green or rolling, with auto-rollback alarms. Absent: the sandbox switches in place. */
    DeploymentConfig: DeploymentConfigSchema.optional()
  }),
  action('DeleteEndpoint', { EndpointName: Name }),
  /** Changes variants' weights and/or one variant's instance count without a new endpoint configuration. */
  action('UpdateEndpointWeightsAndCapacities', { EndpointName: Name, DesiredWeightsAndCapacities: z.array(DesiredWeightAndCapacitySchema).max(10) }),
  action('DescribeEndpoint', { EndpointName: Name }),
  action('SetTraffic', { EndpointName: Name, Traffic: TrafficSpecSchema }),
  action('InjectIncident', {
    EndpointName: Name,
    /** Minutes from the world's current time until the incident starts. */
    StartsInMinutes: Finite,
    Incident: IncidentSchema
  })
] as const

