/**
 * Channels of the cost service: stateless answers computed from the request alone.
 *
 * - cost.recommend: Inference Recommender's recommendations for a model (instance type, count,
 *   ModelLatency in milliseconds, MaxInvocations per minute, CostPerHour, CostPerInference,
 *   CpuUtilization, MemoryUtilization), cheapest acceptable first. `seed` is part of the request so a
 *   recommendation and the advanced job's sampled load test share one request shape; the
 *   recommendation itself is the noise-free steady state and does not depend on it.
 * - cost.trainingJob: one training job, on-demand or Managed Spot, with the Spot market drawn from
 *   `seed`: its final TrainingJobStatus and SecondaryStatus, TrainingTimeInSeconds,
 *   BillableTimeInSeconds, AWS's savings percentage and the cost.
 *
 * - cost.purchasing: purchasing options for one workload over a month (On-Demand, SageMaker Savings
 *   Plans, Serverless Inference, asynchronous inference): each option's cumulative cost hour by hour,
 *   the moments cumulative costs cross and the request rates where serverless breaks even.
 * - sandbox.endpointFindings: read from a world (the session runs it where the world lives): Compute
 *   Optimizer-style findings for a running endpoint from its last 14 days of utilization.
 *
 * Types and shapes only: ranges and allowed values are checked by the sandbox, whose errors name the
 * field and what is allowed.
 */
import { z } from 'zod'
import { WorldRef } from './common'
import { stepRunBase } from './lab-results'
import { TrafficSpecSchema } from './sagemaker'

const InstanceTypeName = z.string().min(1).max(64)

export const RecommendRequestSchema = z.strictObject({
  seed: z.number().int(),
  model: z.strictObject({
    cpuMsPerRequest: z.number(),
    memoryGiB: z.number(),
    payloadKiB: z.number(),
    gpu: z.boolean().optional()
  }),
  instanceTypes: z.array(InstanceTypeName).max(64).optional(),
  traffic: z.strictObject({ requestsPerSecond: z.number() }).optional(),
  latencyP99Ms: z.number().optional()
})

export const RecommendationSchema = z.strictObject({
  InstanceType: z.string(),
  InitialInstanceCount: z.number().int(),
  /** p99, milliseconds. */
  ModelLatency: z.number(),
  /** Requests per minute. */
  MaxInvocations: z.number().int(),
  CostPerHour: z.number(),
  CostPerInference: z.number(),
  /** Percent summed over vCPUs. */
  CpuUtilization: z.number(),
  MemoryUtilization: z.number(),
  meetsRequirement: z.boolean()
})

export const RecommendResponseSchema = z.strictObject({
  recommendations: z.array(RecommendationSchema),
  /** Candidate types that cannot hold the model, with the reason. */
  excluded: z.array(z.strictObject({ InstanceType: z.string(), reason: z.string() })),
  priceAsOf: z.string(),
  simplifications: z.array(z.string())
})

const SecondaryStatusSchema = z.enum([
  'Starting',
  'Downloading',
  'Training',
  'Interrupted',
  'Uploading',
  'Completed',
  'Stopping',
  'MaxRuntimeExceeded',
  'MaxWaitTimeExceeded'
])

export const TrainingJobRequestSchema = z.strictObject({
  seed: z.number().int(),
  InstanceType: InstanceTypeName,
  InstanceCount: z.number(),
  /** The work, in seconds at full speed. */
  trainingSeconds: z.number(),
  EnableManagedSpotTraining: z.boolean(),
  MaxRuntimeInSeconds: z.number(),
  MaxWaitTimeInSeconds: z.number().optional(),
  checkpointing: z.boolean()
})

export const TrainingJobResponseSchema = z.strictObject({
  TrainingJobStatus: z.enum(['Completed', 'Stopped']),
  SecondaryStatus: SecondaryStatusSchema,
  SecondaryStatusTransitions: z.array(
    z.strictObject({
      Status: SecondaryStatusSchema,
      /** Seconds since the job was created. */
      StartTime: z.number(),
      StatusMessage: z.string()
    })
  ),
  TrainingTimeInSeconds: z.number().int(),
  BillableTimeInSeconds: z.number().int(),
  /** (1 − BillableTimeInSeconds / TrainingTimeInSeconds) × 100. */
  savingsPercent: z.number(),
  costUSD: z.number(),
  /** One uninterrupted on-demand run of the same job. */
  onDemandCostUSD: z.number(),
  interruptions: z.array(
    z.strictObject({
      atSecond: z.number(),
      progressSeconds: z.number(),
      resumeFromSeconds: z.number(),
      lostSeconds: z.number()
    })
  ),
  progressSeconds: z.number(),
  wallClockSeconds: z.number(),
  waitingSeconds: z.number(),
  pricePerHour: z.number(),
  spotDiscount: z.number(),
  priceAsOf: z.string(),
  simplifications: z.array(z.string())
})

/**
 * The advanced Inference Recommender job, run as the job kind `cost.loadTest` (jobs.start): 1–10
 * EndpointConfigurations (InstanceType with InitialInstanceCount, or ServerlessConfig), a STAIRS
 * traffic pattern of request rates, and the requirement as StoppingConditions. Each configuration's
 * test steps traffic up until it breaks; the result carries AWS's recommendation fields and the ramp.
 */
const LoadTestModelSchema = RecommendRequestSchema.shape.model
export const LoadTestJobRequestSchema = z.strictObject({
  seed: z.number().int(),
  model: LoadTestModelSchema,
  EndpointConfigurations: z
    .array(
      z.strictObject({
        InstanceType: InstanceTypeName.optional(),
        InitialInstanceCount: z.number().optional(),
        ServerlessConfig: z.strictObject({ MemorySizeInMB: z.number(), MaxConcurrency: z.number(), ProvisionedConcurrency: z.number().optional() }).optional()
      })
    )
    .max(64),
  TrafficPattern: z
    .strictObject({
      TrafficType: z.literal('STAIRS'),
      Stairs: z.strictObject({ DurationInSeconds: z.number().optional(), NumberOfSteps: z.number().optional(), StepRpm: z.number().optional(), StartRpm: z.number().optional() }).optional()
    })
    .optional(),
  StoppingConditions: z
    .strictObject({
      MaxInvocations: z.number().optional(),
      ModelLatencyThresholds: z.tuple([z.strictObject({ Percentile: z.enum(['P95', 'P99']), ValueInMilliseconds: z.number() })]).optional()
    })
    .optional()
})

const JobStopReasonSchema = z.enum(['ModelLatencyThreshold', 'FlatInvocations', 'Timeouts', 'Throttling', 'MaxStages'])
const ServerlessConfigSchema = z.strictObject({ MemorySizeInMB: z.number(), MaxConcurrency: z.number(), ProvisionedConcurrency: z.number().optional() })

export const LoadTestJobResultSchema = z.strictObject({
  EndpointConfiguration: z.strictObject({ InstanceType: z.string().nullable(), InitialInstanceCount: z.number().int(), ServerlessConfig: ServerlessConfigSchema.nullable() }),
  label: z.string(),
  InstanceType: z.string().nullable(),
  InitialInstanceCount: z.number().int(),
  /** ms, the threshold's percentile of the last stage that passed. */
  ModelLatency: z.number().nullable(),
  /** Requests per minute. */
  MaxInvocations: z.number().int(),
  CostPerHour: z.number(),
  CostPerInference: z.number().nullable(),
  CpuUtilization: z.number().nullable(),
  MemoryUtilization: z.number().nullable(),
  ModelSetupTime: z.number().nullable(),
  stoppedBy: JobStopReasonSchema,
  meetsRequirement: z.boolean(),
  stages: z.array(
    z.strictObject({
      stage: z.number().int(),
      offeredRpm: z.number(),
      invocationsRpm: z.number(),
      latencyMs: z.number(),
      cpuUtilization: z.number().nullable(),
      memoryUtilization: z.number().nullable(),
      errorRate: z.number(),
      costUSD: z.number(),
      passed: z.boolean(),
      stopReason: JobStopReasonSchema.nullable()
    })
  ),
  costUSD: z.number(),
  durationSeconds: z.number()
})

export const LoadTestJobResponseSchema = z.strictObject({
  results: z.array(LoadTestJobResultSchema),
  cheapestAcceptable: z.number().int().nullable(),
  jobCostUSD: z.number(),
  priceAsOf: z.string(),
  simplifications: z.array(z.string())
})

/** A row of the `rightsizing` lab step: Inference Recommender's fields at the lab's traffic, plus the cost of a served inference. */
export const RightsizingRowSchema = RecommendationSchema.extend({
  /** CostPerHour / (the traffic's requests per hour), USD. */
  costPerServedInference: z.number(),
  category: z.string()
})
export type RightsizingRow = z.infer<typeof RightsizingRowSchema>

export const RightsizingStepRunSchema = z.strictObject({
  ...stepRunBase,
  kind: z.literal('rightsizing'),
  result: z.strictObject({
    rightsizing: z.strictObject({
      requirement: z.strictObject({ latencyP99Ms: z.number(), requestsPerSecond: z.number() }),
      choice: RightsizingRowSchema,
      /** Every catalog type that holds the model, at the smallest count serving the traffic. */
      candidates: z.array(RightsizingRowSchema),
      cheapestAcceptable: RightsizingRowSchema.nullable(),
      largestGpu: RightsizingRowSchema.nullable(),
      priceAsOf: z.string()
    })
  })
})
export type RightsizingStepRun = z.infer<typeof RightsizingStepRunSchema>

/** The `spotTraining` lab step: the learner's job and the same work on one uninterrupted On-Demand run. */
export const SpotTrainingStepRunSchema = z.strictObject({
  ...stepRunBase,
  kind: z.literal('spotTraining'),
  result: z.strictObject({
    training: z.strictObject({
      job: TrainingJobResponseSchema.omit({ simplifications: true }),
      /** (1 − costUSD / onDemandCostUSD) × 100: what the choice saved against On-Demand, redone work included. */
      costSavingPercent: z.number()
    })
  })
})
export type SpotTrainingStepRun = z.infer<typeof SpotTrainingStepRunSchema>

/** The `purchasing` lab step: each workload's options priced over the month, the learner's pick, the cheapest that keeps every requirement. */
export const PurchasingStepRunSchema = z.strictObject({
  ...stepRunBase,
  kind: z.literal('purchasing'),
  result: z.strictObject({
    purchasing: z.strictObject({
      days: z.number().int(),
      workloads: z.array(
        z.strictObject({
          workload: z.enum(['training', 'inference', 'tool']),
          label: z.string(),
          options: z.array(z.strictObject({ option: z.string(), monthCostUSD: z.number(), p99Ms: z.number().nullable(), meets: z.boolean(), note: z.string() })),
          chosen: z.string()
        })
      ),
      totalCostUSD: z.number(),
      onDemandTotalUSD: z.number(),
      cheapestTotalUSD: z.number().nullable(),
      cheapestChoice: z.array(z.string().nullable()),
      priceAsOf: z.string()
    })
  })
})
export type PurchasingStepRun = z.infer<typeof PurchasingStepRunSchema>

/** The `budget` lab step: the learner's tag activation and budget, evaluated by the scenario world's Budgets. */
export const BudgetStepRunSchema = z.strictObject({
  ...stepRunBase,
  kind: z.literal('budget'),
  result: z.strictObject({
    budget: z.strictObject({
      choice: z.strictObject({ TagKey: z.string(), NotificationType: z.enum(['ACTUAL', 'FORECASTED']), Threshold: z.number() }),
      limitUsd: z.number(),
      filter: z.string(),
      actualUsd: z.number(),
      forecastUsd: z.number().nullable(),
      alerts: z.array(z.strictObject({ at: z.number(), when: z.string(), NotificationType: z.enum(['ACTUAL', 'FORECASTED']), SpendUsd: z.number(), ThresholdUsd: z.number() })),
      /** The UTC day the team's month-to-date spend passed the limit. */
      overspendDay: z.string().nullable(),
      days: z.array(z.strictObject({ day: z.string(), teamCostUsd: z.number(), cumulativeUsd: z.number() }))
    })
  })
})
export type BudgetStepRun = z.infer<typeof BudgetStepRunSchema>

const UtilizationMetricSchema = z.strictObject({
  name: z.enum(['Cpu', 'Memory', 'Gpu', 'ModelLatencyP99', 'InvocationsPerMinute']),
  statistic: z.enum(['P99_5', 'Maximum']),
  value: z.number()
})
const FindingReasonCodeSchema = z.enum(['CPUUnderprovisioned', 'CPUOverprovisioned', 'MemoryUnderprovisioned', 'MemoryOverprovisioned', 'GPUUnderprovisioned', 'GPUOverprovisioned', 'ModelLatencyAboveRequirement'])
const UtilizationHistogramSchema = z.strictObject({
  /** Lower edge of each 10% band, percent of the instance. */
  bandsPercent: z.array(z.number()),
  hours: z.array(z.number())
})

export const EndpointFindingsRequestSchema = z.strictObject({
  ...WorldRef.shape,
  EndpointName: z.string().min(1).max(63),
  VariantName: z.string().min(1).max(63).optional(),
  /** A p99 ModelLatency requirement, ms: adds the sandbox's reason ModelLatencyAboveRequirement. */
  latencyP99Ms: z.number().optional()
})

export const EndpointFindingsResponseSchema = z.strictObject({
  EndpointName: z.string(),
  VariantName: z.string(),
  StartTime: z.number(),
  EndTime: z.number(),
  finding: z.enum(['Underprovisioned', 'Overprovisioned', 'Optimized']).nullable(),
  findingReasonCodes: z.array(FindingReasonCodeSchema),
  reasons: z.array(z.strictObject({ code: FindingReasonCodeSchema, metric: z.string(), statistic: z.string(), observed: z.number(), limit: z.number(), message: z.string() })),
  lookBackPeriodInDays: z.number(),
  hoursOfData: z.number(),
  insufficientData: z.string().nullable(),
  utilizationMetrics: z.array(UtilizationMetricSchema),
  current: z.strictObject({ InstanceType: z.string(), InstanceCount: z.number().int(), costPerHour: z.number(), monthlyCostUSD: z.number() }),
  recommendationOptions: z.array(
    z.strictObject({
      rank: z.number().int(),
      InstanceType: z.string(),
      InstanceCount: z.number().int(),
      projectedUtilizationMetrics: z.array(UtilizationMetricSchema),
      projectedP99Ms: z.number(),
      costPerHour: z.number(),
      monthlyCostUSD: z.number(),
      estimatedMonthlySavingsUSD: z.number(),
      savingsOpportunityPercentage: z.number()
    })
  ),
  histograms: z.strictObject({ cpu: UtilizationHistogramSchema, memory: UtilizationHistogramSchema }),
  note: z.string(),
  priceAsOf: z.string()
})

const OptionName = z.string().min(1).max(100).optional()
export const PurchasingRequestSchema = z.strictObject({
  seed: z.number().int(),
  workload: z.strictObject({
    model: RecommendRequestSchema.shape.model,
    traffic: TrafficSpecSchema,
    /** 1–31 days; default 30. */
    days: z.number().optional()
  }),
  options: z
    .array(
      z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('onDemand'), name: OptionName, InstanceType: InstanceTypeName, InstanceCount: z.number() }),
        z.strictObject({
          kind: z.literal('savingsPlan'),
          name: OptionName,
          InstanceType: InstanceTypeName,
          InstanceCount: z.number(),
          /** USD an hour; default: the fleet's On-Demand rate at the plan's discount (covers it exactly). */
          commitmentPerHour: z.number().optional(),
          termYears: z.number(),
          discount: z.number().optional()
        }),
        z.strictObject({ kind: z.literal('serverless'), name: OptionName, MemorySizeInMB: z.number(), MaxConcurrency: z.number(), ProvisionedConcurrency: z.number().optional() }),
        z.strictObject({
          kind: z.literal('async'),
          name: OptionName,
          InstanceType: InstanceTypeName,
          MinCapacity: z.number(),
          MaxCapacity: z.number(),
          TargetValue: z.number(),
          scaleOutFromZeroPolicy: z.boolean().optional(),
          initialInstances: z.number().optional()
        })
      ])
    )
    .max(16)
})

export const PurchasingResponseSchema = z.strictObject({
  startTime: z.number(),
  hours: z.number().int(),
  options: z.array(
    z.strictObject({
      name: z.string(),
      kind: z.enum(['onDemand', 'savingsPlan', 'serverless', 'async']),
      totalCostUSD: z.number(),
      /** p99 ModelLatency kept, ms; null for asynchronous inference. */
      p99Ms: z.number().nullable(),
      /** Cost through the end of each hour, USD. */
      cumulativeCostUSD: z.array(z.number()),
      /** The option's scalar figures (coverage, cold starts, backlog…), by field name. */
      detail: z.record(z.string(), z.union([z.number(), z.string(), z.null()]))
    })
  ),
  crossings: z.array(z.strictObject({ between: z.tuple([z.string(), z.string()]), atHour: z.number(), cheaperAfter: z.string() })),
  rateBreakEvens: z.array(z.strictObject({ serverless: z.string(), realtime: z.string(), requestsPerSecond: z.number() })),
  priceAsOf: z.string(),
  simplifications: z.array(z.string())
})

export const costChannels = {
  'cost.recommend': { request: RecommendRequestSchema, response: RecommendResponseSchema },
  'cost.trainingJob': { request: TrainingJobRequestSchema, response: TrainingJobResponseSchema },
  'cost.purchasing': { request: PurchasingRequestSchema, response: PurchasingResponseSchema },
  'sandbox.endpointFindings': { request: EndpointFindingsRequestSchema, response: EndpointFindingsResponseSchema }
} as const
