/**
 * Application Auto Scaling for SageMaker variants: PutScalingPolicy (which here also registers the
 * scalable target with MinCapacity and MaxCapacity) and DeleteScalingPolicy, with target tracking on
 * SageMakerVariantInvocationsPerInstance or step scaling (Application Auto Scaling API Reference).
 */
import { z } from 'zod'
import { action, Finite, Name } from './common'

/** StepAdjustment: bounds relative to the alarm threshold. */
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

export const autoscalingActions = [
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
  action('DeleteScalingPolicy', { EndpointName: Name, VariantName: Name, PolicyName: z.string().min(1).max(256).optional() })
] as const

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
  StepScalingPolicyConfiguration: StepScalingPolicyConfigurationSchema.nullable(),
  Alarms: z.array(z.string())
})
