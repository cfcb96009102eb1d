/**
 * The deployment service (issue #12): `deploy.simulate`, one release of a new model version under one
 * strategy, minute by minute; and the request and response of `deploy.compare`, the Monte Carlo over
 * many releases, which runs as a job off the request thread (its channel is wired by the job
 * mechanism, not listed here).
 *
 * DeploymentConfig uses the SageMaker API's names (DeploymentConfig, BlueGreenUpdatePolicy,
 * TrafficRoutingConfig, CapacitySize, RollingUpdatePolicy, AutoRollbackConfig); alarms are
 * PutMetricAlarm-shaped. These schemas check types and shapes; the sandbox checks AWS's ranges and
 * enums (CanarySize at most 50%, LinearStepSize 10–50%, WaitIntervalInSeconds 0–3600, …) and names the
 * field and what is allowed when it refuses something.
 */
import { z } from 'zod'
import { AlarmStateName, Finite } from './common'
import { MetricAlarmSchema } from './cloudwatch'
import { stepRunBase } from './lab-results'

const Text = z.string().max(64)

export const CapacitySizeSchema = z.strictObject({ Type: Text, Value: Finite })

export const TrafficRoutingConfigSchema = z.strictObject({
  Type: Text,
  /** Required by AWS; the sandbox says so when it is missing. */
  WaitIntervalInSeconds: Finite.optional(),
  CanarySize: CapacitySizeSchema.optional(),
  LinearStepSize: CapacitySizeSchema.optional()
})

export const DeploymentConfigSchema = z.strictObject({
  BlueGreenUpdatePolicy: z
    .strictObject({
      TrafficRoutingConfiguration: TrafficRoutingConfigSchema,
      TerminationWaitInSeconds: Finite.optional(),
      MaximumExecutionTimeoutInSeconds: Finite.optional()
    })
    .optional(),
  RollingUpdatePolicy: z
    .strictObject({
      MaximumBatchSize: CapacitySizeSchema.optional(),
      WaitIntervalInSeconds: Finite.optional(),
      MaximumExecutionTimeoutInSeconds: Finite.optional(),
      RollbackMaximumBatchSize: CapacitySizeSchema.optional()
    })
    .optional(),
  AutoRollbackConfiguration: z.strictObject({ Alarms: z.array(z.strictObject({ AlarmName: z.string().max(256) })).max(100).optional() }).optional()
})

const EndpointSchema = z.strictObject({
  InstanceType: z.string().min(1).max(64),
  InstanceCount: Finite,
  /** A model preset of the sandbox (sandbox.catalog); default xgboost-tabular. */
  ModelPreset: z.string().max(100).optional(),
  /** Default my-endpoint: the value alarms name in their EndpointName dimension. */
  EndpointName: z.string().max(63).optional()
})

const TrafficSchema = z.strictObject({ requestsPerSecond: Finite })

/** What one strategy configuration is: the strategy, its DeploymentConfig or shadow / A/B settings, and its alarms. */
const StrategyFields = {
  /** IN_PLACE | BLUE_GREEN | ROLLING | SHADOW | AB_TEST. */
  strategy: Text,
  DeploymentConfig: DeploymentConfigSchema.optional(),
  /** PutMetricAlarm-shaped; those named in AutoRollbackConfiguration trigger the rollback. */
  alarms: z.array(MetricAlarmSchema).max(10, 'at most 10 alarms').optional(),
  /** SHADOW: the shadow variant (InferenceExperiment ShadowModelVariantConfig SamplingPercentage); InstanceCount defaults to the endpoint's. */
  shadow: z.strictObject({ SamplingPercentage: Finite.optional(), InstanceCount: Finite.optional() }).optional(),
  /** AB_TEST: VariantWeight of each variant (default 1), the new variant's InstanceCount, and UpdateEndpointWeightsAndCapacities calls. */
  abTest: z
    .strictObject({
      currentWeight: Finite.optional(),
      newWeight: Finite.optional(),
      InstanceCount: Finite.optional(),
      weightChanges: z.array(z.strictObject({ atSeconds: Finite, currentWeight: Finite, newWeight: Finite })).max(20).optional()
    })
    .optional()
}

/** Everything the configurations of one comparison share. */
const EnvironmentFields = {
  seed: z.number().int(),
  endpoint: EndpointSchema,
  traffic: TrafficSchema,
  /** The window every strategy is measured over, from the deployment's start: default 3600, at most 86400. */
  horizonSeconds: Finite.optional(),
  /** Sandbox-only: someone who starts a recovery deployment this long after an alarm; absent, nobody does. */
  operatorResponseSeconds: Finite.optional()
}

export const DeploySimulateRequestSchema = z.strictObject({
  ...EnvironmentFields,
  newVersion: z.strictObject({
    /** 5XX share the new version adds, 0–1. */
    errorRate: Finite,
    /** Service-time multiplier, ≥ 1. */
    latencyMultiplier: Finite.optional(),
    /** Relative accuracy drop, 0–1: no infrastructure metric shows it. */
    qualityDrop: Finite.optional()
  }),
  ...StrategyFields
})

const PhaseSchema = z.enum(['PROVISIONING', 'BAKING', 'TERMINATION_WAIT', 'ROLLING_BACK', 'REDEPLOYING', 'SHADOW_TESTING', 'AB_TESTING', 'COMPLETED', 'ROLLED_BACK'])
const OutcomeSchema = z.enum(['COMPLETED', 'ROLLED_BACK', 'IN_PROGRESS'])
const StrategySchema = z.enum(['IN_PLACE', 'BLUE_GREEN', 'ROLLING', 'SHADOW', 'AB_TEST'])
const Nullable = z.number().nullable()

const FleetMinuteSchema = z.strictObject({
  billedInstances: z.number(),
  inServiceInstances: z.number(),
  activeInstances: z.number(),
  trafficShare: z.number(),
  copyShare: z.number(),
  requests: z.number(),
  errors5xx: z.number(),
  /** ModelLatency, milliseconds. */
  latencyMeanMs: Nullable,
  latencyP99Ms: Nullable,
  /** Summed over vCPUs, averaged over the fleet's instances. */
  cpuUtilization: Nullable,
  accuracy: Nullable
})

export const DeployEventSchema = z.strictObject({
  atSeconds: z.number(),
  type: z.enum([
    'DEPLOYMENT_STARTED',
    'PROVISIONING_STARTED',
    'FLEET_IN_SERVICE',
    'TRAFFIC_SHIFTED',
    'BAKING_STARTED',
    'BAKING_COMPLETED',
    'AUTO_ROLLBACK_ALARM',
    'DEPLOYMENT_TIMED_OUT',
    'ROLLBACK_STARTED',
    'ROLLBACK_STEP',
    'ROLLBACK_COMPLETED',
    'DEPLOYMENT_COMPLETED',
    'TERMINATION_WAIT_STARTED',
    'OLD_BATCH_TERMINATED',
    'OLD_FLEET_TERMINATED',
    'NEW_FLEET_TERMINATED',
    'SWITCHED_IN_PLACE',
    'SHADOW_TEST_STARTED',
    'WEIGHTS_UPDATED',
    'OPERATOR_ACTION',
    'ALARM_STATE_CHANGED'
  ]),
  message: z.string(),
  alarmName: z.string().optional()
})

export const ReleaseSummarySchema = z.strictObject({
  outcome: OutcomeSchema,
  defective: z.boolean(),
  requestsTotal: z.number(),
  requestsServed: z.number(),
  requestsFailed: z.number(),
  requestsDegraded: z.number(),
  requestsSlowed: z.number(),
  requestsAffected: z.number(),
  shadowRequests: z.number(),
  shadowErrors: z.number(),
  timeToDetectSeconds: Nullable,
  timeToRecoverSeconds: Nullable,
  durationSeconds: Nullable,
  peakInstances: z.number(),
  instanceSeconds: z.number(),
  costUSD: z.number(),
  baselineCostUSD: z.number(),
  rollbackCause: z.string().nullable(),
  newVersionServedUsers: z.boolean(),
  newVersionServingAtEnd: z.boolean()
})

export const DeploySimulateResponseSchema = z.strictObject({
  strategy: StrategySchema,
  description: z.string(),
  names: z.strictObject({
    EndpointName: z.string(),
    currentVariantName: z.string(),
    newVariantName: z.string(),
    currentEndpointConfigName: z.string(),
    newEndpointConfigName: z.string()
  }),
  endpoint: z.strictObject({ InstanceType: z.string(), InstanceCount: z.number(), ModelPreset: z.string(), pricePerHour: z.number() }),
  startTime: z.string(),
  horizonSeconds: z.number(),
  alarms: z.array(z.strictObject({ AlarmName: z.string(), MetricName: z.string(), Statistic: z.string(), watches: z.enum(['current', 'new', 'both']), autoRollback: z.boolean() })),
  timeline: z.array(
    z.strictObject({
      minute: z.number(),
      atSeconds: z.number(),
      phase: PhaseSchema,
      current: FleetMinuteSchema,
      new: FleetMinuteSchema,
      requests: z.number(),
      errors5xx: z.number(),
      errorRate: z.number(),
      latencyP99Ms: Nullable,
      /** Each alarm's state after its evaluation at the end of the minute, in the order of `alarms`. */
      alarmStates: z.array(AlarmStateName)
    })
  ),
  events: z.array(DeployEventSchema),
  summary: ReleaseSummarySchema,
  priceAsOf: z.string(),
  simplifications: z.array(z.string())
})

const RangeSchema = z.strictObject({ min: Finite, max: Finite, distribution: Text.optional() })

export const DeployCompareRequestSchema = z.strictObject({
  ...EnvironmentFields,
  /** Releases per configuration, at most 10,000. */
  releases: Finite,
  /** How often a release is defective, and how bad: each given range drawn uniformly or log-uniformly. */
  defects: z.strictObject({ probability: Finite, errorRate: RangeSchema.optional(), latencyMultiplier: RangeSchema.optional(), qualityDrop: RangeSchema.optional() }),
  configurations: z.array(z.strictObject({ name: z.string().max(64), ...StrategyFields })).max(4)
})

const DistributionSchema = z.strictObject({ count: z.number(), median: Nullable, p95: Nullable, worst: Nullable, mean: Nullable })

export const DeployCompareResponseSchema = z.strictObject({
  releases: z.number(),
  horizonSeconds: z.number(),
  configurations: z.array(
    z.strictObject({
      name: z.string(),
      strategy: StrategySchema,
      category: z.enum(['All-at-once', 'Blue/Green', 'Canary', 'Linear', 'Rolling', 'Shadow', 'A/B test']).nullable(),
      description: z.string(),
      releases: z.number(),
      defectiveReleases: z.number(),
      detectedShare: Nullable,
      caughtShare: Nullable,
      healthyRolledBackShare: Nullable,
      completedShare: z.number(),
      rolledBackShare: z.number(),
      affectedRequests: DistributionSchema,
      failedRequests: DistributionSchema,
      costUSD: DistributionSchema,
      durationSeconds: DistributionSchema,
      detectSeconds: DistributionSchema,
      recoverySeconds: DistributionSchema,
      reactionSeconds: DistributionSchema,
      peakInstances: z.number(),
      baselineCostUSD: z.number()
    })
  ),
  table: z.strictObject({
    rows: z.array(
      z.strictObject({
        strategy: z.enum(['All-at-once', 'Blue/Green', 'Canary']),
        configuration: z.string(),
        risk: z.strictObject({ level: z.enum(['Lowest', 'Low', 'High']).nullable(), ruleOfThumb: z.string(), meanAffectedRequests: z.number(), p95AffectedRequests: z.number(), caughtShare: Nullable }),
        cost: z.strictObject({ level: z.enum(['Low', 'Medium', 'High']).nullable(), ruleOfThumb: z.string(), medianCostUSD: z.number(), costRatio: z.number(), peakInstances: z.number(), instanceCount: z.number() }),
        recovery: z.strictObject({ level: z.enum(['Instant', 'Fast', 'Slow', 'None']), ruleOfThumb: z.string(), medianReactionSeconds: Nullable, recoveredShare: Nullable })
      })
    ),
    disagreements: z.array(z.string()),
    missing: z.array(z.enum(['All-at-once', 'Blue/Green', 'Canary']))
  }),
  priceAsOf: z.string(),
  simplifications: z.array(z.string())
})

export const deployChannels = {
  'deploy.simulate': { request: DeploySimulateRequestSchema, response: DeploySimulateResponseSchema }
} as const

/** deploy.compare's shapes, for the job mechanism that runs it (a job, so not a channel here). */
export const deployCompareJob = { request: DeployCompareRequestSchema, response: DeployCompareResponseSchema } as const

/**
 * The `deploy` lab step: the learner's release (an UpdateEndpoint with DeploymentConfig, an in-place
 * update, or a shadow variant) on the scenario world's endpoint, read from that world over the
 * window that starts with the update.
 */
const DeployStepSummarySchema = z.strictObject({
  outcome: z.enum(['COMPLETED', 'ROLLED_BACK', 'IN_PROGRESS']),
  /** The alarm that rolled it back, "timeout", or null. */
  rollbackReason: z.string().nullable(),
  /** What clients sent in the window (a shadow's copies are not among them). */
  requestsServed: z.number(),
  requestsFailed: z.number(),
  requestsDegraded: z.number(),
  /** (failed + degraded) / sent. */
  affectedShare: z.number(),
  timeToDetectSeconds: z.number().nullable(),
  timeToRecoverSeconds: z.number().nullable(),
  durationSeconds: z.number().nullable(),
  peakInstances: z.number(),
  costUsd: z.number()
})

export const DeployStepRunSchema = z.strictObject({
  ...stepRunBase,
  kind: z.literal('deploy'),
  result: z.strictObject({
    deploy: z.strictObject({
      /** IN_PLACE, ALL_AT_ONCE, CANARY, LINEAR, ROLLING, SHADOW or AB_TEST, and the call made. */
      strategy: z.string(),
      description: z.string(),
      action: z.record(z.string(), z.unknown()),
      alarm: z.strictObject({ AlarmName: z.string(), MetricName: z.string(), Statistic: z.string(), Threshold: z.number(), EvaluationPeriods: z.number(), DatapointsToAlarm: z.number(), watched: z.boolean() }).nullable(),
      newVersion: z.strictObject({ errorRate: z.number(), latencyMultiplier: z.number(), qualityDrop: z.number() }),
      startedAt: z.number(),
      windowMinutes: z.number(),
      summary: DeployStepSummarySchema,
      /** The same release of a healthy version (no Defect), when the lab asks what the rollout itself costs. */
      healthy: DeployStepSummarySchema.nullable(),
      /** A shadow test: copies the shadow answered for nobody, its degraded answers, its bill, and the accuracy a model-quality evaluation of its copies measures. */
      shadow: z
        .strictObject({ copies: z.number(), copiesFailed: z.number(), copiesDegraded: z.number(), costUsd: z.number(), productionAccuracy: z.number(), shadowAccuracy: z.number(), accuracyStandardError: z.number() })
        .nullable(),
      /** An A/B test: the candidate production variant beside the current one, and the accuracy each answers with. */
      candidate: z
        .strictObject({ VariantName: z.string(), weightShare: z.number(), requests: z.number(), failed: z.number(), degraded: z.number(), costUsd: z.number(), productionAccuracy: z.number(), candidateAccuracy: z.number(), accuracyStandardError: z.number() })
        .nullable(),
      timeline: z.array(
        z.strictObject({
          minute: z.number(),
          /** Share of client requests the new version answered. */
          newShare: z.number(),
          instances: z.number(),
          requests: z.number(),
          errorRate: z.number(),
          degraded: z.number(),
          alarm: AlarmStateName.nullable()
        })
      ),
      events: z.array(z.strictObject({ minute: z.number(), message: z.string() }))
    })
  })
})
export type DeployStepRun = z.infer<typeof DeployStepRunSchema>
