import { describe, expect, it } from 'vitest'
import { quotaCodeOf } from '../../../../src/main/sandbox/billing'
import { arn } from '../../../../src/main/sandbox/core/account'
import { MINUTE_MS } from '../../../../src/main/sandbox/core/time'
import { World } from '../../../../src/main/sandbox/world'
import { advance, endpoint, expectRefused, tag, worldOf } from './helpers'

const ARN = arn.endpoint('a')
const tags = (w: World) => w.sagemaker.listTags(ARN)

describe('tags on endpoints (SageMaker AddTags, DeleteTags, CreateEndpoint Tags)', () => {
  it('AddTags adds or overwrites, a missing Value is the empty string, DeleteTags removes; CloudTrail records both', () => {
    const w = worldOf('tags', [endpoint('a', 'ml.m5.large', 1, { Tags: [{ Key: 'project', Value: 'churn' }, { Key: 'env', Value: 'dev' }] })])
    w.apply(tag('a', [{ Key: 'env', Value: 'prod' }, { Key: 'team' }]))
    expect(tags(w)).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'project', Value: 'churn' },
      { Key: 'team', Value: '' }
    ])
    w.apply({ type: 'DeleteTags', ResourceArn: ARN, TagKeys: ['team', 'not-there'] })
    expect(tags(w).map((t) => t.Key)).toEqual(['env', 'project'])
    const calls = w.cloudtrail.lookupEvents({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: ARN }] }, w.now).Events.map((e) => e.EventName)
    expect(calls).toEqual(['DeleteTags', 'AddTags', 'CreateEndpoint'])
  })

  it('tags go with a deleted endpoint; a new endpoint of the same name starts untagged', () => {
    const w = worldOf('gone', [endpoint('a', 'ml.m5.large', 1, { Tags: [{ Key: 'project', Value: 'churn' }] }), { type: 'DeleteEndpoint', EndpointName: 'a' }, endpoint('a', 'ml.m5.large', 1)])
    expect(tags(w)).toEqual([])
    // The key stays known for cost allocation, as keys once used stay listed.
    expect(w.billing.costAllocationTags().CostAllocationTags.map((t) => t.TagKey)).toEqual(['project'])
  })

  it('refuses reserved, malformed, duplicate and too many tags, and an ARN that is no running endpoint', () => {
    const w = worldOf('bad-tags', [endpoint('a', 'ml.m5.large', 1)])
    expectRefused(w, tag('a', [{ Key: 'aws:owner', Value: 'x' }]), 'Tags[0].Key', /reserved for AWS/)
    expectRefused(w, tag('a', [{ Key: 'cost center!', Value: 'x' }]), 'Tags[0].Key', /letters, digits, spaces/)
    expectRefused(w, tag('a', [{ Key: '', Value: 'x' }]), 'Tags[0].Key', /1–128 characters/)
    expectRefused(w, tag('a', [{ Key: 'env', Value: 'a' }, { Key: 'env', Value: 'b' }]), 'Tags[1].Key', /appears twice/)
    expectRefused(w, tag('a', [{ Key: 'env', Value: 'x'.repeat(257) }]), 'Tags[0].Value', /at most 256 characters/)
    w.apply(tag('a', Array.from({ length: 30 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }))))
    expectRefused(w, tag('a', Array.from({ length: 21 }, (_, i) => ({ Key: `m${i}`, Value: 'v' }))), 'Tags', /at most 50 tags; a has 30, and this would make 51/)
    expectRefused(w, tag('b', [{ Key: 'env', Value: 'x' }]), 'ResourceArn', /no such endpoint/, 'NOT_FOUND')
    expectRefused(w, { type: 'AddTags', ResourceArn: 'endpoint/a', Tags: [] }, 'ResourceArn', /must be a SageMaker ARN/)
    expectRefused(w, { type: 'DeleteTags', ResourceArn: ARN, TagKeys: [] }, 'TagKeys', /1–50 tag keys/)
    expectRefused(w, endpoint('c', 'ml.m5.large', 1, { Tags: [{ Key: 'aws:x', Value: '1' }] }), 'Tags[0].Key', /reserved for AWS/)
  })
})

describe('instance quotas (Service Quotas, "<type> for endpoint usage")', () => {
  it("CreateEndpoint beyond the quota is refused with ResourceLimitExceeded in AWS's words, across endpoints", () => {
    // ml.g4dn.xlarge: the illustrative default GPU quota is 2.
    const w = worldOf('quota', [endpoint('gpu1', 'ml.g4dn.xlarge', 1)])
    expectRefused(
      w,
      endpoint('gpu2', 'ml.g4dn.xlarge', 2),
      'ProductionVariants[0].InstanceType',
      /^ResourceLimitExceeded: The account-level service limit 'ml\.g4dn\.xlarge for endpoint usage' is 2 Instances, with current utilization of 1 Instances and a request delta of 2 Instances\. Please use AWS Service Quotas to request an increase for this quota\./,
      'CONFLICT'
    )
    w.apply(endpoint('gpu2', 'ml.g4dn.xlarge', 1))
    expect(w.sagemaker.instancesInUse('ml.g4dn.xlarge')).toBe(2)
  })

  it('UpdateEndpoint counts the old fleet beside the new one (blue/green) until a quota increase allows it', () => {
    const update = { type: 'UpdateEndpoint', EndpointName: 'gpu', ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.g4dn.xlarge', InitialInstanceCount: 1 }] } as never
    const w = worldOf('bluegreen', [endpoint('gpu', 'ml.g4dn.xlarge', 2)])
    // 2 running + 1 new = 3 > 2.
    expectRefused(w, update, 'ProductionVariants[0].InstanceType', /current utilization of 2 Instances and a request delta of 1 Instances.*blue\/green/, 'CONFLICT')
    const code = quotaCodeOf('ml.g4dn.xlarge for endpoint usage')
    w.apply({ type: 'RequestServiceQuotaIncrease', ServiceCode: 'sagemaker', QuotaCode: code, DesiredValue: 3 })
    const q = w.quotas.list((t) => w.sagemaker.instancesInUse(t)).find((x) => x.InstanceType === 'ml.g4dn.xlarge')
    expect(q).toMatchObject({ QuotaName: 'ml.g4dn.xlarge for endpoint usage', QuotaCode: code, Value: 3, DefaultValue: 2, InUse: 2 })
    expect(w.quotas.history()).toMatchObject([{ QuotaCode: code, DesiredValue: 3, Status: 'APPROVED' }])
    w.apply(update)
    expect(w.sagemaker.instancesInUse('ml.g4dn.xlarge')).toBe(1)
  })

  it('a scale-out beyond the quota is a failed scaling activity; the fleet and the world go on', () => {
    // 1 × ml.g4dn.xlarge; registering MinCapacity 3 moves the capacity to 3 at once, which needs 2 more
    // instances against a quota of 2 with 1 in use: Failed, the count stays 1. Within the quota (MinCapacity 2) it succeeds.
    const w = worldOf('scale', [endpoint('gpu', 'ml.g4dn.xlarge', 1), { type: 'PutScalingPolicy', EndpointName: 'gpu', VariantName: 'AllTraffic', TargetValue: 1000, MinCapacity: 3, MaxCapacity: 4 }])
    const [failed] = w.autoscaling.activities()
    expect(failed).toMatchObject({ direction: 'out', fromCount: 1, toCount: 3, StatusCode: 'Failed' })
    expect(failed.StatusMessage).toMatch(
      /^Failed to set desired instance count to 3\. Reason: The account-level service limit 'ml\.g4dn\.xlarge for endpoint usage' is 2 Instances, with current utilization of 1 Instances and a request delta of 2 Instances\..*\(Service: AmazonSageMaker; Status Code: 400; Error Code: ResourceLimitExceeded; Request ID: [0-9a-f-]+\)\.$/
    )
    expect(w.sagemaker.fleet('gpu', 'AllTraffic')).toEqual({ desired: 1, inService: 1 })
    w.apply(advance(60))
    // Billed for 1 instance all along: 60 × 0.736 / 60.
    expect(Number(w.billing.costAndUsage({ Granularity: 'DAILY' }, w.now).ResultsByTime[0].Total.UnblendedCost?.Amount)).toBeCloseTo(0.736, 10)
    w.apply({ type: 'PutScalingPolicy', EndpointName: 'gpu', VariantName: 'AllTraffic', TargetValue: 1000, MinCapacity: 2, MaxCapacity: 4 })
    const ok = w.autoscaling.activities().at(-1)!
    expect(ok).toMatchObject({ fromCount: 1, toCount: 2, StatusCode: 'Successful', StatusMessage: 'Successfully set desired instance count to 2. Change successfully fulfilled by sagemaker.' })
    expect(w.sagemaker.fleet('gpu', 'AllTraffic')?.desired).toBe(2)
    expect((ok.time - w.startTime) / MINUTE_MS).toBe(60)
  })

  it('RequestServiceQuotaIncrease refuses another service, an unknown code and a value not above the current one', () => {
    const w = worldOf('requests', [])
    const code = quotaCodeOf('ml.m5.large for endpoint usage')
    expectRefused(w, { type: 'RequestServiceQuotaIncrease', ServiceCode: 'ec2', QuotaCode: code, DesiredValue: 30 }, 'ServiceCode', /"sagemaker"/)
    expectRefused(w, { type: 'RequestServiceQuotaIncrease', ServiceCode: 'sagemaker', QuotaCode: 'L-00000000', DesiredValue: 30 }, 'QuotaCode', /no such quota/, 'NOT_FOUND')
    expectRefused(w, { type: 'RequestServiceQuotaIncrease', ServiceCode: 'sagemaker', QuotaCode: code, DesiredValue: 20 }, 'DesiredValue', /greater than the current value .* \(20\)/)
    expectRefused(w, { type: 'RequestServiceQuotaIncrease', ServiceCode: 'sagemaker', QuotaCode: code, DesiredValue: 25.5 }, 'DesiredValue', /integer/)
  })

  it('quota codes have the shape of AWS codes and are distinct per instance type', () => {
    const codes = worldOf('codes', []).quotas.list(() => 0).map((q) => q.QuotaCode)
    expect(codes.every((c) => /^L-[0-9A-F]{8}$/.test(c))).toBe(true)
    expect(new Set(codes).size).toBe(codes.length)
  })
})
