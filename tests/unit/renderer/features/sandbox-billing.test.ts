import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from '@/api/api-error'
import { useSandboxStore } from '@/features/sandbox/sandbox-store'
import { FakeClient, installStores } from '../fake-client'
import { alarmsOf, metricsOf, notificationsOf, world } from '../fixtures'

const ARN = 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/churn'
let api: FakeClient

beforeEach(() => {
  api = new FakeClient()
  installStores(api)
  api.on('sandbox.getWorld', (r) => world(r.worldId))
  api.on('sandbox.listMetrics', (r) => metricsOf(r.worldId))
  api.on('sandbox.describeAlarms', (r) => alarmsOf(r.worldId))
  api.on('sandbox.notifications', (r) => notificationsOf(r.worldId))
})

async function openStore(id = 'w1') {
  const store = useSandboxStore()
  await store.openWorld(id)
  api.sent.length = 0
  return store
}

describe('sandbox store: the Cost tab’s reads', () => {
  it('every read names the open world and passes the query as given', async () => {
    api.on('sandbox.getCostAndUsage', () => ({ GroupDefinitions: [], ResultsByTime: [], UntaggedShare: null, ActiveCostAllocationTags: [], PriceAsOf: '2025-10-01', Simplifications: [] }))
    api.on('sandbox.getCostForecast', () => ({ Month: '2026-01', MonthToDate: { Amount: '0', Unit: 'USD' }, Total: null, ForecastResultsByTime: [], DailyRate: null, WindowDays: 0, Rule: 'r', Unavailable: 'No cost yet.' }))
    api.on('sandbox.describeBudgets', () => ({ Budgets: [], Alerts: [] }))
    api.on('sandbox.listCostAllocationTags', () => ({ CostAllocationTags: [] }))
    api.on('sandbox.listServiceQuotas', () => ({ Quotas: [], Requests: [] }))
    api.on('sandbox.listTags', () => ({ Tags: [{ Key: 'project', Value: 'churn' }] }))
    api.on('sandbox.describeScalingActivities', () => ({ ScalingActivities: [] }))
    const store = await openStore()
    await store.getCostAndUsage({ Granularity: 'DAILY', GroupBy: [{ Type: 'TAG', Key: 'project' }] })
    await store.getCostForecast()
    await store.getCostForecast({ Tags: { Key: 'project', Values: ['churn'] } })
    await store.describeBudgets()
    await store.listCostAllocationTags()
    await store.listServiceQuotas()
    expect(await store.listTags(ARN)).toEqual({ Tags: [{ Key: 'project', Value: 'churn' }] })
    await store.describeScalingActivities(200)
    expect(api.sent).toEqual([
      { channel: 'sandbox.getCostAndUsage', request: { worldId: 'w1', Granularity: 'DAILY', GroupBy: [{ Type: 'TAG', Key: 'project' }] } },
      { channel: 'sandbox.getCostForecast', request: { worldId: 'w1' } },
      { channel: 'sandbox.getCostForecast', request: { worldId: 'w1', Filter: { Tags: { Key: 'project', Values: ['churn'] } } } },
      { channel: 'sandbox.describeBudgets', request: { worldId: 'w1' } },
      { channel: 'sandbox.listCostAllocationTags', request: { worldId: 'w1' } },
      { channel: 'sandbox.listServiceQuotas', request: { worldId: 'w1' } },
      { channel: 'sandbox.listTags', request: { worldId: 'w1', ResourceArn: ARN } },
      { channel: 'sandbox.describeScalingActivities', request: { worldId: 'w1', MaxResults: 200 } }
    ])
    // Reads keep nothing in the store: the revision is untouched.
    expect(store.revision).toBe(1)
  })

  it('a read with no world open fails before sending anything', () => {
    const store = useSandboxStore()
    expect(() => store.describeBudgets()).toThrow('No sandbox world is open.')
    expect(api.sent).toEqual([])
  })
})

describe('sandbox store: the Cost tab’s changes go through act', () => {
  it('tags, cost allocation tags, budgets, notifications and quota requests are the AWS actions', async () => {
    api.on('sandbox.act', (r) => world(r.worldId, { actions: [] }))
    const store = await openStore()
    const note = { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' }
    const subscribers = [{ SubscriptionType: 'EMAIL', Address: 'ml-team@example.com' }]
    const budget = { BudgetName: 'ml', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '100', Unit: 'USD' } }
    await store.addTags(ARN, [{ Key: 'env', Value: 'prod' }])
    await store.deleteTags(ARN, ['env'])
    await store.setCostAllocationTagStatus('project', true)
    await store.setCostAllocationTagStatus('project', false)
    await store.createBudget(budget)
    await store.createBudget(budget, [{ Notification: note, Subscribers: subscribers }])
    await store.createNotification('ml', note, subscribers)
    await store.deleteNotification('ml', note)
    await store.deleteBudget('ml')
    await store.requestQuotaIncrease('L-1A2B3C4D', 30)
    expect(api.requests('sandbox.act').map((r) => r.action)).toEqual([
      { type: 'AddTags', ResourceArn: ARN, Tags: [{ Key: 'env', Value: 'prod' }] },
      { type: 'DeleteTags', ResourceArn: ARN, TagKeys: ['env'] },
      { type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: [{ TagKey: 'project', Status: 'Active' }] },
      { type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: [{ TagKey: 'project', Status: 'Inactive' }] },
      { type: 'CreateBudget', Budget: budget },
      { type: 'CreateBudget', Budget: budget, NotificationsWithSubscribers: [{ Notification: note, Subscribers: subscribers }] },
      { type: 'CreateNotification', BudgetName: 'ml', Notification: note, Subscribers: subscribers },
      { type: 'DeleteNotification', BudgetName: 'ml', Notification: note },
      { type: 'DeleteBudget', BudgetName: 'ml' },
      { type: 'RequestServiceQuotaIncrease', ServiceCode: 'sagemaker', QuotaCode: 'L-1A2B3C4D', DesiredValue: 30 }
    ])
    expect(api.requests('sandbox.act').every((r) => r.worldId === 'w1')).toBe(true)
    // Each change refreshed the world's derived data and bumped the revision: 1 on open + 10.
    expect(store.revision).toBe(11)
  })

  it('a refused budget rejects with the host’s field issue and leaves the revision alone', async () => {
    api.refuse('sandbox.act', {
      code: 'VALIDATION',
      message: 'CreateBudget: NotificationsWithSubscribers[0].Notification.Threshold: is required',
      issues: [{ path: 'action.NotificationsWithSubscribers[0].Notification.Threshold', message: 'is required' }]
    })
    const store = await openStore()
    const err = await store
      .createBudget({ BudgetName: 'ml', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '100', Unit: 'USD' } }, [
        { Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN' }, Subscribers: [{ SubscriptionType: 'SNS', Address: 'arn:aws:sns:us-east-1:111122223333:a' }] }
      ])
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).issueFor('action.NotificationsWithSubscribers[0].Notification.Threshold')).toBe('is required')
    expect(store.revision).toBe(1)
    expect(store.acting).toBe(false)
  })
})
