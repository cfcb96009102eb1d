/**
 * Account-level instance quotas: how many instances of one type an account may run for endpoints
 * (or training jobs) in a Region, and the ResourceLimitExceeded errors a request beyond it gets.
 *
 * AWS: each SageMaker instance type has a Service Quotas entry named "<type> for endpoint usage" (and
 * "<type> for training job usage"). CreateEndpoint or UpdateEndpoint beyond it fails with
 * ResourceLimitExceeded: "The account-level service limit 'ml.g6.48xlarge for endpoint usage' is 0
 * Instances, with current utilization of 0 Instances and a request delta of 1 Instances. Please use
 * AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available,
 * contact AWS support to request an increase for this quota." (the wording as users report it).
 * A blocked scale-out shows in DescribeScalingActivities as StatusCode Failed with "Failed to set
 * desired instance count to 110. Reason: The account-level service limit … (Service: AmazonSageMaker;
 * Status Code: 400; Error Code: ResourceLimitExceeded; Request ID: …)" (developer guide, "Query
 * Endpoint Autoscaling History": "When you exceed your quota, automatic scaling is blocked"). A
 * successful one reads "Successfully set desired instance count to 48. Change successfully fulfilled by
 * sagemaker." (a DescribeScalingActivities response quoted in public code).
 *
 * Default quotas differ by account and type and were not retrieved [U]; DEFAULT_INSTANCE_QUOTA is an
 * illustrative set (GPU and Inferentia quotas smaller than CPU ones, as new accounts see).
 */
import { LabError } from '../../../shared/errors'
import { getInstanceType, type InstanceCategory } from '../catalog/instances'

export type QuotaUsage = 'endpoint' | 'training job'

export const DEFAULT_INSTANCE_QUOTA: Record<InstanceCategory, number> = {
  burstable: 20,
  general: 20,
  compute: 20,
  memory: 20,
  gpu: 2,
  inference: 2
}

export function quotaName(instanceType: string, usage: QuotaUsage = 'endpoint'): string {
  return `${instanceType} for ${usage} usage`
}

/** The account's quota for `instanceType`: an override when given, else the illustrative default. */
export function instanceQuota(instanceType: string, overrides: Readonly<Record<string, number>> = {}): number {
  return overrides[instanceType] ?? DEFAULT_INSTANCE_QUOTA[getInstanceType(instanceType).category]
}

export function resourceLimitExceededMessage(name: string, quota: number, currentUtilization: number, requestDelta: number): string {
  return (
    `The account-level service limit '${name}' is ${quota} Instances, with current utilization of ${currentUtilization} Instances and a request delta of ${requestDelta} Instances. ` +
    'Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota.'
  )
}

export interface QuotaRequest {
  InstanceType: string
  usage?: QuotaUsage
  /** Instances of this type the account already runs for this usage. */
  currentUtilization: number
  /** Instances the request adds. */
  requestDelta: number
  quota: number
}

/**
 * Throws ResourceLimitExceeded when the request would take the account over the quota. The LabError
 * code is CONFLICT: the request is valid, the account's state refuses it.
 */
export function checkInstanceQuota(req: QuotaRequest): void {
  if (req.currentUtilization + req.requestDelta <= req.quota) return
  const message = resourceLimitExceededMessage(quotaName(req.InstanceType, req.usage), req.quota, req.currentUtilization, req.requestDelta)
  throw new LabError('CONFLICT', `ResourceLimitExceeded: ${message}`, [{ path: 'InstanceType', message: `ResourceLimitExceeded: ${message}` }])
}

export interface ScaleOutRequest {
  InstanceType: string
  /** The variant's instances now. */
  currentCount: number
  /** What the scaling policy asks for. */
  desiredCount: number
  /** Instances of this type the whole account runs for endpoints now, this variant included. */
  accountUtilization: number
  quota: number
  /** Why the activity started, e.g. "monitor alarm … in state ALARM triggered policy …". */
  cause: string
  requestId: () => string
}

export interface ScalingActivityOutcome {
  /** The variant's count after the activity: the desired count, or unchanged when blocked. */
  count: number
  StatusCode: 'Successful' | 'Failed'
  StatusMessage: string
  Cause: string
}

/** A scale-out within the quota succeeds; one beyond it fails as a whole and leaves the count unchanged. */
export function applyScaleOutQuota(req: ScaleOutRequest): ScalingActivityOutcome {
  const delta = req.desiredCount - req.currentCount
  if (delta <= 0 || req.accountUtilization + delta <= req.quota) {
    return { count: req.desiredCount, StatusCode: 'Successful', StatusMessage: `Successfully set desired instance count to ${req.desiredCount}. Change successfully fulfilled by sagemaker.`, Cause: req.cause }
  }
  const reason = resourceLimitExceededMessage(quotaName(req.InstanceType), req.quota, req.accountUtilization, delta)
  return {
    count: req.currentCount,
    StatusCode: 'Failed',
    StatusMessage: `Failed to set desired instance count to ${req.desiredCount}. Reason: ${reason} (Service: AmazonSageMaker; Status Code: 400; Error Code: ResourceLimitExceeded; Request ID: ${req.requestId()}).`,
    Cause: req.cause
  }
}
