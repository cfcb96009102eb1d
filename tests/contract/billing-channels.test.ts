/**
 * The billing channels through both transports: tags, cost allocation tags, budgets and quotas as
 * world actions, and the reads Cost Explorer, Budgets and Service Quotas answer.
 */
import { describe, expect, it } from 'vitest'
import { channelHarness } from '../helpers/channels'

const ARN = 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/churn'
const SNS = 'arn:aws:sns:us-east-1:111122223333:budget-alerts'

const createEndpoint = (name = 'churn', instanceType = 'ml.m5.large', count = 1, Tags?: { Key: string; Value: string }[]) => ({
  type: 'CreateEndpoint',
  EndpointName: name,
  ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: instanceType, InitialInstanceCount: count, ModelPreset: 'xgboost-tabular' }],
  Traffic: { pattern: 'steady', baseRpm: 60, noise: 'none' },
  ...(Tags ? { Tags } : {})
})

describe.each(['ipc', 'http'] as const)('billing channels over %s', (kind) => {
  const h = channelHarness(kind, 'billing-')
  const { open, ok, refused } = h

  async function world(): Promise<string> {
    return (await ok<{ id: string }>('sandbox.createWorld', { name: 'Billing', seed: 'billing-1' })).id
  }

  it('tags an endpoint, activates the key, budgets the month and reads cost, forecast, budgets, tags and quotas back', async () => {
    await open()
    const worldId = await world()
    const act = (action: unknown) => ok<{ billing: Record<string, unknown> }>('sandbox.act', { worldId, action })
    await act(createEndpoint('churn', 'ml.m5.large', 1, [{ Key: 'project', Value: 'churn' }]))
    await act(createEndpoint('search', 'ml.c5.xlarge', 1))
    await act({ type: 'AddTags', ResourceArn: ARN, Tags: [{ Key: 'env', Value: 'prod' }] })
    await act({ type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: [{ TagKey: 'project', Status: 'Active' }] })
    await act({
      type: 'CreateBudget',
      Budget: { BudgetName: 'ml-monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '100', Unit: 'USD' } },
      NotificationsWithSubscribers: [{ Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' }, Subscribers: [{ SubscriptionType: 'SNS', Address: SNS }] }]
    })
    const after = await act({ type: 'AdvanceClock', Minutes: 1440 })

    // One day: ml.m5.large 24 × $0.115 = $2.76 (project=churn), ml.c5.xlarge 24 × $0.204 = $4.896 (untagged): $7.656.
    // Forecast: 27 January days × $7.656 = $206.712 > $100, so the FORECASTED notification is in ALARM.
    expect(after.billing).toMatchObject({ month: '2026-01', monthToDateUsd: expect.closeTo(7.656, 9), forecastUsd: expect.closeTo(206.712, 9), activeCostAllocationTags: ['project'] })

    const cost = await ok<{ ResultsByTime: { Groups: { Keys: string[]; Metrics: { UnblendedCost: { Amount: string } } }[] }[]; UntaggedShare: { Share: number } }>('sandbox.getCostAndUsage', {
      worldId,
      Granularity: 'DAILY',
      GroupBy: [{ Type: 'TAG', Key: 'project' }]
    })
    expect(cost.ResultsByTime[0].Groups.map((g) => [g.Keys[0], g.Metrics.UnblendedCost.Amount])).toEqual([
      ['project$', '4.896'],
      ['project$churn', '2.76']
    ])
    expect(cost.UntaggedShare.Share).toBeCloseTo(4.896 / 7.656, 12)

    const forecast = await ok<{ Total: { Amount: string }; DailyRate: number }>('sandbox.getCostForecast', { worldId })
    expect(Number(forecast.Total.Amount)).toBeCloseTo(206.712, 9)
    const filtered = await ok<{ Total: { Amount: string } }>('sandbox.getCostForecast', { worldId, Filter: { Tags: { Key: 'project', Values: ['churn'] } } })
    expect(Number(filtered.Total.Amount)).toBeCloseTo(27 * 2.76, 9)

    const budgets = await ok<{ Budgets: { Notifications: { Notification: { NotificationState: string } }[] }[]; Alerts: { at: number }[] }>('sandbox.describeBudgets', { worldId })
    expect(budgets.Budgets[0].Notifications[0].Notification.NotificationState).toBe('ALARM')
    expect(budgets.Alerts).toHaveLength(1)
    const notes = await ok<{ notifications: { via: string; target: string }[] }>('sandbox.notifications', { worldId })
    expect(notes.notifications.filter((n) => n.via === 'AWS Budgets').map((n) => n.target)).toEqual([SNS])

    const keys = await ok<{ CostAllocationTags: { TagKey: string; Status: string }[] }>('sandbox.listCostAllocationTags', { worldId })
    expect(keys.CostAllocationTags.map((k) => [k.TagKey, k.Status])).toEqual([
      ['env', 'Inactive'],
      ['project', 'Active']
    ])
    const tags = await ok<{ Tags: { Key: string; Value: string }[] }>('sandbox.listTags', { worldId, ResourceArn: ARN })
    expect(tags.Tags).toEqual([
      { Key: 'env', Value: 'prod' },
      { Key: 'project', Value: 'churn' }
    ])

    const quotas = await ok<{ Quotas: { InstanceType: string; QuotaCode: string; Value: number; InUse: number }[] }>('sandbox.listServiceQuotas', { worldId })
    const m5 = quotas.Quotas.find((q) => q.InstanceType === 'ml.m5.large')!
    expect(m5).toMatchObject({ Value: 20, InUse: 1 })
    await act({ type: 'RequestServiceQuotaIncrease', ServiceCode: 'sagemaker', QuotaCode: m5.QuotaCode, DesiredValue: 40 })
    const raised = await ok<{ Quotas: { InstanceType: string; Value: number }[]; Requests: { Status: string }[] }>('sandbox.listServiceQuotas', { worldId })
    expect(raised.Quotas.find((q) => q.InstanceType === 'ml.m5.large')!.Value).toBe(40)
    expect(raised.Requests.map((r) => r.Status)).toEqual(['APPROVED'])
  })

  it.each([
    [
      'a budget without a threshold',
      {
        type: 'CreateBudget',
        Budget: { BudgetName: 'b', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '100', Unit: 'USD' } },
        NotificationsWithSubscribers: [{ Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN' }, Subscribers: [{ SubscriptionType: 'SNS', Address: SNS }] }]
      },
      'action.NotificationsWithSubscribers[0].Notification.Threshold'
    ],
    ['a negative limit', { type: 'CreateBudget', Budget: { BudgetName: 'b', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '-1', Unit: 'USD' } } }, 'action.Budget.BudgetLimit.Amount'],
    [
      'an unknown subscriber type',
      { type: 'CreateNotification', BudgetName: 'b', Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 50 }, Subscribers: [{ SubscriptionType: 'SLACK', Address: '#alerts' }] },
      'action.Subscribers[0].SubscriptionType'
    ],
    ['a reserved tag key', { type: 'AddTags', ResourceArn: ARN, Tags: [{ Key: 'aws:team', Value: 'ml' }] }, 'action.Tags[0].Key']
  ])('%s is refused naming the field; the world is unchanged', async (_label, action, path) => {
    await open()
    const worldId = await world()
    await ok('sandbox.act', { worldId, action: createEndpoint() })
    const error = await refused('sandbox.act', { worldId, action })
    expect(error.code).toBe('VALIDATION')
    expect(error.issues.map((i) => i.path)).toContain(path)
    const w = await ok<{ actions: unknown[]; billing: { budgets: unknown[] } }>('sandbox.getWorld', { worldId })
    expect(w.actions).toHaveLength(1)
    expect(w.billing.budgets).toEqual([])
  })

  it('CreateEndpoint beyond the instance quota is ResourceLimitExceeded (CONFLICT) naming the instance type', async () => {
    await open()
    const worldId = await world()
    const error = await refused('sandbox.act', { worldId, action: createEndpoint('gpu', 'ml.g4dn.xlarge', 3) })
    expect(error.code).toBe('CONFLICT')
    expect(error.issues[0].path).toBe('action.ProductionVariants[0].InstanceType')
    expect(error.message).toMatch(/^ResourceLimitExceeded: The account-level service limit 'ml\.g4dn\.xlarge for endpoint usage' is 2 Instances/)
  })

  it('a scale-out refused at the quota is a Failed scaling activity, newest first', async () => {
    await open()
    const worldId = await world()
    await ok('sandbox.act', { worldId, action: createEndpoint('gpu', 'ml.g4dn.xlarge', 1) })
    // Registering MinCapacity 3 asks for 2 more ml.g4dn.xlarge against a quota of 2 with 1 in use.
    await ok('sandbox.act', { worldId, action: { type: 'PutScalingPolicy', EndpointName: 'gpu', VariantName: 'AllTraffic', TargetValue: 1000, MinCapacity: 3, MaxCapacity: 4 } })
    const res = await ok<{ ScalingActivities: { ResourceId: string; Description: string; StatusCode: string; StatusMessage: string }[] }>('sandbox.describeScalingActivities', { worldId })
    expect(res.ScalingActivities).toHaveLength(1)
    expect(res.ScalingActivities[0]).toMatchObject({ ResourceId: 'endpoint/gpu/variant/AllTraffic', Description: 'Setting desired instance count to 3.', StatusCode: 'Failed' })
    expect(res.ScalingActivities[0].StatusMessage).toMatch(/Error Code: ResourceLimitExceeded/)
    const none = await ok<{ ScalingActivities: unknown[] }>('sandbox.describeScalingActivities', { worldId, ResourceId: 'endpoint/other/variant/AllTraffic' })
    expect(none.ScalingActivities).toEqual([])
  })

  it('the reads refuse an unknown world, a bad granularity and an unknown resource, naming the field', async () => {
    await open()
    expect((await refused('sandbox.getCostAndUsage', { worldId: 'nope', Granularity: 'DAILY' })).issues[0].path).toBe('worldId')
    const worldId = await world()
    const bad = await refused('sandbox.getCostAndUsage', { worldId, Granularity: 'HOURLY' })
    expect(bad.code).toBe('VALIDATION')
    expect(bad.issues[0].path).toBe('Granularity')
    const backwards = await refused('sandbox.getCostAndUsage', { worldId, Granularity: 'DAILY', TimePeriod: { Start: '2026-01-09', End: '2026-01-05' } })
    expect(backwards.issues[0].path).toBe('TimePeriod.End')
    const arn = await refused('sandbox.listTags', { worldId, ResourceArn: ARN })
    expect(arn).toMatchObject({ code: 'NOT_FOUND', issues: [{ path: 'ResourceArn' }] })
    for (const channel of ['sandbox.describeBudgets', 'sandbox.listCostAllocationTags', 'sandbox.listServiceQuotas', 'sandbox.getCostForecast', 'sandbox.describeScalingActivities']) {
      expect((await refused(channel, { worldId: 'nope' })).code).toBe('NOT_FOUND')
    }
  })
})
