import { describe, expect, it } from 'vitest'
import { applyScaleOutQuota, checkInstanceQuota, instanceQuota, quotaName } from '../../../../src/main/sandbox/cost/capacity'
import { LabError } from '../../../../src/shared/errors'

describe('instance quotas', () => {
  it('names the quota as Service Quotas does and reads overrides before the illustrative defaults', () => {
    expect(quotaName('ml.g5.xlarge')).toBe('ml.g5.xlarge for endpoint usage')
    expect(quotaName('ml.p3.2xlarge', 'training job')).toBe('ml.p3.2xlarge for training job usage')
    expect(instanceQuota('ml.g5.xlarge')).toBe(2)
    expect(instanceQuota('ml.m5.xlarge', { 'ml.m5.xlarge': 4 })).toBe(4)
  })

  it('CreateEndpoint beyond the quota fails with the ResourceLimitExceeded text AWS gives', () => {
    let e: unknown
    try {
      checkInstanceQuota({ InstanceType: 'ml.g6.48xlarge', currentUtilization: 0, requestDelta: 1, quota: 0 })
    } catch (err) {
      e = err
    }
    expect(e).toBeInstanceOf(LabError)
    // The message users report from CreateEndpoint, word for word.
    expect((e as LabError).message).toBe(
      "ResourceLimitExceeded: The account-level service limit 'ml.g6.48xlarge for endpoint usage' is 0 Instances, with current utilization of 0 Instances and a request delta of 1 Instances. Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota."
    )
    expect(() => checkInstanceQuota({ InstanceType: 'ml.m5.xlarge', currentUtilization: 3, requestDelta: 1, quota: 4 })).not.toThrow()
  })

  it('a scale-out beyond the quota fails as a whole and is blocked: the count stays, the activity says why', () => {
    // The developer guide's example: desired 110, account at 997 of 1,000, a delta of 20 (here 110 − 90).
    const r = applyScaleOutQuota({
      InstanceType: 'ml.c5.xlarge',
      currentCount: 90,
      desiredCount: 110,
      accountUtilization: 997,
      quota: 1000,
      cause: 'minimum capacity was set to 110',
      requestId: () => 'request-id'
    })
    expect(r.StatusCode).toBe('Failed')
    expect(r.count).toBe(90)
    expect(r.StatusMessage).toBe(
      "Failed to set desired instance count to 110. Reason: The account-level service limit 'ml.c5.xlarge for endpoint usage' is 1000 Instances, with current utilization of 997 Instances and a request delta of 20 Instances. Please use AWS Service Quotas to request an increase for this quota. If AWS Service Quotas is not available, contact AWS support to request an increase for this quota. (Service: AmazonSageMaker; Status Code: 400; Error Code: ResourceLimitExceeded; Request ID: request-id)."
    )
  })

  it('within the quota the scale-out succeeds', () => {
    const r = applyScaleOutQuota({ InstanceType: 'ml.m5.xlarge', currentCount: 2, desiredCount: 4, accountUtilization: 2, quota: 4, cause: 'alarm', requestId: () => 'x' })
    expect(r).toMatchObject({ count: 4, StatusCode: 'Successful', StatusMessage: 'Successfully set desired instance count to 4. Change successfully fulfilled by sagemaker.' })
  })
})
