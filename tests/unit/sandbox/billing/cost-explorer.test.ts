import { describe, expect, it } from 'vitest'
import { arn } from '../../../../src/main/sandbox/core/account'
import { activate, advance, DAY, dailyCost, endpoint, expectRefused, tag, worldOf } from './helpers'

const SERVICE = { Type: 'DIMENSION', Key: 'SERVICE' } as const
const TYPE = { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' } as const
const PROJECT = { Type: 'TAG', Key: 'project' } as const

describe('Cost Explorer over a world', () => {
  it("a day's cost is the billed instance-minutes × the hourly price / 60, under Amazon SageMaker", () => {
    // 2 × ml.m5.xlarge for a whole day: 2 × 1,440 min × $0.23 / 60 = $11.04.
    // Created at 06:00 on day 2: 2 × 1,080 min × $0.23 / 60 = $8.28 that day.
    const w = worldOf('day-cost', [endpoint('a', 'ml.m5.xlarge', 2), advance(2 * DAY + 360), endpoint('b', 'ml.m5.xlarge', 2), advance(DAY - 360)])
    expect(dailyCost(w, SERVICE, 'Amazon SageMaker')).toEqual([11.04, 11.04, 11.04 + 8.28])
    const res = w.billing.costAndUsage({ Granularity: 'DAILY', Metrics: ['UnblendedCost', 'UsageQuantity'] }, w.now)
    // UsageQuantity is instance-hours: 48 h on each full day, 48 + 36 on the third.
    expect(res.ResultsByTime.map((r) => r.Total.UsageQuantity?.Amount)).toEqual(['48', '48', '84'])
    expect(res.ResultsByTime.map((r) => r.TimePeriod)).toEqual([
      { Start: '2026-01-05', End: '2026-01-06' },
      { Start: '2026-01-06', End: '2026-01-07' },
      { Start: '2026-01-07', End: '2026-01-08' }
    ])
    // The clock reads 2026-01-08T00:00: every day shown is over, none is estimated.
    expect(res.ResultsByTime.every((r) => !r.Estimated)).toBe(true)
    // The runtime's own cost accumulator agrees with the ledger: 2 × 72 h × 0.23 + 2 × 18 h × 0.23.
    expect(w.sagemaker.totalCostUsd()).toBeCloseTo(33.12 + 8.28, 9)
  })

  it('groups by instance type and usage type', () => {
    // ml.m5.large × 1: 24 × 0.115 = $2.76 a day; ml.c5.xlarge × 2: 2 × 24 × 0.204 = $9.792 a day.
    const w = worldOf('types', [endpoint('a', 'ml.m5.large', 1), endpoint('b', 'ml.c5.xlarge', 2), advance(DAY)])
    expect(dailyCost(w, TYPE, 'ml.m5.large')).toEqual([2.76])
    expect(dailyCost(w, TYPE, 'ml.c5.xlarge')).toEqual([9.792])
    expect(dailyCost(w, { Type: 'DIMENSION', Key: 'USAGE_TYPE' }, 'USE1-Host:ml.c5.xlarge')).toEqual([9.792])
    expect(dailyCost(w, SERVICE, 'Amazon SageMaker')).toEqual([12.552])
  })

  it('a tag activated on day 10 attributes cost only from day 10; before it the cost is untagged', () => {
    // ml.m5.large × 1 tagged project=churn from the start: $2.76 a day. Activated at the start of
    // day 10 (2026-01-14), and deactivated at noon on day 12: that day splits $1.38 / $1.38.
    const w = worldOf('activate', [endpoint('a', 'ml.m5.large', 1, { Tags: [{ Key: 'project', Value: 'churn' }] }), advance(9 * DAY), activate('project'), advance(2 * DAY + 720), { type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: [{ TagKey: 'project', Status: 'Inactive' }] }, advance(720)])
    const untagged = dailyCost(w, PROJECT, 'project$')
    const churn = dailyCost(w, PROJECT, 'project$churn')
    expect(untagged).toEqual([2.76, 2.76, 2.76, 2.76, 2.76, 2.76, 2.76, 2.76, 2.76, 0, 0, 1.38])
    expect(churn).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 2.76, 2.76, 1.38])
  })

  it('the untagged share is the cost without the tag over the whole period', () => {
    // Tagged ml.m5.large × 1 ($2.76/day) and an untagged ml.c5.xlarge × 1 ($4.896/day), for 3 days:
    // untagged 14.688 of 22.968 → share 0.639498…
    const w = worldOf('share', [endpoint('a', 'ml.m5.large', 1, { Tags: [{ Key: 'project', Value: 'churn' }] }), endpoint('b', 'ml.c5.xlarge', 1), activate('project'), advance(3 * DAY)])
    const res = w.billing.costAndUsage({ Granularity: 'DAILY', GroupBy: [PROJECT] }, w.now)
    expect(res.UntaggedShare).toMatchObject({ TagKey: 'project', Amount: '14.688', Total: '22.968' })
    expect(res.UntaggedShare?.Share).toBeCloseTo(14.688 / 22.968, 12)
    expect(res.ActiveCostAllocationTags).toEqual(['project'])
    expect(res.PriceAsOf).toBe('2025-10-01')
  })

  it('tagging later moves cost to the tag from that minute, never before', () => {
    // Untagged for 6 hours, then AddTags env=prod (the key active since the start): $0.69 untagged, $2.07 prod.
    const w = worldOf('later', [endpoint('a', 'ml.m5.large', 1, { Tags: [{ Key: 'team', Value: 'ml' }] }), tag('a', [{ Key: 'env', Value: 'prod' }]), { type: 'DeleteTags', ResourceArn: arn.endpoint('a'), TagKeys: ['env'] }, activate('env'), advance(360), tag('a', [{ Key: 'env', Value: 'prod' }]), advance(1080)])
    expect(dailyCost(w, { Type: 'TAG', Key: 'env' }, 'env$')).toEqual([0.69])
    expect(dailyCost(w, { Type: 'TAG', Key: 'env' }, 'env$prod')).toEqual([2.07])
  })

  it('MONTHLY periods are cut at month ends and at the TimePeriod', () => {
    // ml.m5.large × 1 from 2026-01-05 to 2026-02-03: 27 January days × $2.76 = $74.52, 2 February days = $5.52.
    const w = worldOf('months', [endpoint('a', 'ml.m5.large', 1), advance(29 * DAY)])
    const res = w.billing.costAndUsage({ Granularity: 'MONTHLY', TimePeriod: { Start: '2026-01-01', End: '2026-03-01' } }, w.now)
    expect(res.ResultsByTime.map((r) => [r.TimePeriod.Start, r.TimePeriod.End, r.Total.UnblendedCost?.Amount, r.Estimated])).toEqual([
      ['2026-01-01', '2026-02-01', '74.52', false],
      ['2026-02-01', '2026-03-01', '5.52', true]
    ])
  })

  it('filters by a dimension, by a tag value, by an absent tag, and by an And of them', () => {
    const w = worldOf('filters', [endpoint('a', 'ml.m5.large', 1, { Tags: [{ Key: 'project', Value: 'churn' }] }), endpoint('b', 'ml.c5.xlarge', 1), activate('project'), advance(DAY)])
    const total = (Filter: never) => w.billing.costAndUsage({ Granularity: 'DAILY', Filter }, w.now).ResultsByTime[0].Total.UnblendedCost?.Amount
    expect(total({ Dimensions: { Key: 'INSTANCE_TYPE', Values: ['ml.c5.xlarge'] } } as never)).toBe('4.896')
    expect(total({ Tags: { Key: 'project', Values: ['churn'] } } as never)).toBe('2.76')
    expect(total({ Tags: { Key: 'project', MatchOptions: ['ABSENT'] } } as never)).toBe('4.896')
    expect(total({ And: [{ Tags: { Key: 'project', Values: ['churn'] } }, { Dimensions: { Key: 'INSTANCE_TYPE', Values: ['ml.c5.xlarge'] } }] } as never)).toBe('0')
  })

  it('a deleted endpoint stops costing at the minute it is deleted', () => {
    // 10 hours of ml.m5.xlarge × 3: 3 × 10 × 0.23 = $6.90.
    const w = worldOf('deleted', [endpoint('a', 'ml.m5.xlarge', 3), advance(600), { type: 'DeleteEndpoint', EndpointName: 'a' }, advance(840)])
    expect(dailyCost(w, SERVICE, 'Amazon SageMaker')).toEqual([6.9])
  })

  it('refuses a backwards TimePeriod, a malformed date and an unknown dimension, naming the field', () => {
    const w = worldOf('bad', [advance(60)])
    const refused = (req: object, path: string) => {
      expect(() => w.billing.costAndUsage(req as never, w.now)).toThrowError(expect.objectContaining({ issues: [expect.objectContaining({ path })] }))
    }
    refused({ Granularity: 'DAILY', TimePeriod: { Start: '2026-01-06', End: '2026-01-05' } }, 'TimePeriod.End')
    refused({ Granularity: 'DAILY', TimePeriod: { Start: '2026-02-30', End: '2026-03-05' } }, 'TimePeriod.Start')
    refused({ Granularity: 'DAILY', GroupBy: [{ Type: 'DIMENSION', Key: 'AZ' }] }, 'GroupBy[0].Key')
    refused({ Granularity: 'DAILY', Filter: { Tags: { Key: 'project' } } }, 'Filter.Tags.Values')
    refused({ Granularity: 'DAILY', TimePeriod: { Start: '2025-01-01', End: '2026-03-01' } }, 'TimePeriod')
  })
})

describe('cost allocation tags', () => {
  it('are listed once a resource carries the key, Inactive until activated; a repeated status changes nothing', () => {
    const w = worldOf('list', [endpoint('a', 'ml.m5.large', 1, { Tags: [{ Key: 'team', Value: 'ml' }] }), advance(30), activate('team'), advance(30)])
    expect(w.billing.costAllocationTags().CostAllocationTags).toEqual([{ TagKey: 'team', Type: 'UserDefined', Status: 'Active', LastUpdatedDate: '2026-01-05T00:30:00.000Z', FirstSeen: '2026-01-05T00:00:00.000Z' }])
    // "If the tag status that's updated is the same as the existing tag status, the request doesn't fail" and has no effect.
    w.apply(activate('team'))
    expect(w.billing.costAllocationTags().CostAllocationTags[0].LastUpdatedDate).toBe('2026-01-05T00:30:00.000Z')
  })

  it('refuses a key no resource carries, an aws: key and an unknown status, naming the entry', () => {
    const w = worldOf('refuse', [endpoint('a', 'ml.m5.large', 1, { Tags: [{ Key: 'team', Value: 'ml' }] })])
    expectRefused(w, activate('project'), 'CostAllocationTagsStatus[0].TagKey', /no resource has been tagged with "project".*keys in use: team/)
    expectRefused(w, activate('aws:createdBy'), 'CostAllocationTagsStatus[0].TagKey', /AWS-generated/)
    expectRefused(w, { type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: [{ TagKey: 'team', Status: 'On' }] }, 'CostAllocationTagsStatus[0].Status', /Active or Inactive/)
    expectRefused(w, { type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: [] }, 'CostAllocationTagsStatus', /1–20/)
  })
})
