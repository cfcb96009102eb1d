/**
 * The sandbox store's billing requests (the Cost tab): Cost Explorer, Budgets, cost allocation tags,
 * Service Quotas (with the scaling activities a quota refused) and tags on the open world. Reads return their answer and keep nothing, so a world
 * that was closed leaves nothing behind; every change is an action through the store's `act`, which
 * refreshes the world and bumps `revision`, the Cost tab's cue to read again.
 */
import type { Ref } from 'vue'
import type { Req, Res } from '@shared/contract'
import type { ApiClient } from '@/api/api-client'

type Action = Req<'sandbox.act'>['action']
type ActionOf<T extends Action['type']> = Extract<Action, { type: T }>

export type CostQuery = Omit<Req<'sandbox.getCostAndUsage'>, 'worldId'>
export type CostResult = Res<'sandbox.getCostAndUsage'>
export type ForecastResult = Res<'sandbox.getCostForecast'>
export type BudgetsResult = Res<'sandbox.describeBudgets'>
export type CostAllocationTagsResult = Res<'sandbox.listCostAllocationTags'>
export type QuotasResult = Res<'sandbox.listServiceQuotas'>
export type ScalingActivitiesResult = Res<'sandbox.describeScalingActivities'>
export type BudgetInput = ActionOf<'CreateBudget'>['Budget']
export type BudgetNotificationInput = ActionOf<'CreateNotification'>['Notification']
export type BudgetSubscriberInput = ActionOf<'CreateNotification'>['Subscribers'][number]
export type NotificationWithSubscribers = NonNullable<ActionOf<'CreateBudget'>['NotificationsWithSubscribers']>[number]

export function useBillingRequests(api: ApiClient, worldId: Ref<string | null>, act: (action: Action) => Promise<unknown>) {
  function id(): string {
    if (!worldId.value) throw new Error('No sandbox world is open.')
    return worldId.value
  }

  return {
    getCostAndUsage: (q: CostQuery): Promise<CostResult> => api.call('sandbox.getCostAndUsage', { worldId: id(), ...q }),
    getCostForecast: (Filter?: Req<'sandbox.getCostForecast'>['Filter']): Promise<ForecastResult> => api.call('sandbox.getCostForecast', { worldId: id(), ...(Filter ? { Filter } : {}) }),
    describeBudgets: (): Promise<BudgetsResult> => api.call('sandbox.describeBudgets', { worldId: id() }),
    listCostAllocationTags: (): Promise<CostAllocationTagsResult> => api.call('sandbox.listCostAllocationTags', { worldId: id() }),
    listServiceQuotas: (): Promise<QuotasResult> => api.call('sandbox.listServiceQuotas', { worldId: id() }),
    listTags: (ResourceArn: string): Promise<Res<'sandbox.listTags'>> => api.call('sandbox.listTags', { worldId: id(), ResourceArn }),
    describeScalingActivities: (MaxResults?: number): Promise<ScalingActivitiesResult> => api.call('sandbox.describeScalingActivities', { worldId: id(), ...(MaxResults ? { MaxResults } : {}) }),

    addTags: (ResourceArn: string, Tags: { Key: string; Value?: string }[]) => act({ type: 'AddTags', ResourceArn, Tags }),
    deleteTags: (ResourceArn: string, TagKeys: string[]) => act({ type: 'DeleteTags', ResourceArn, TagKeys }),
    setCostAllocationTagStatus: (TagKey: string, active: boolean) => act({ type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: [{ TagKey, Status: active ? 'Active' : 'Inactive' }] }),
    createBudget: (Budget: BudgetInput, NotificationsWithSubscribers: NotificationWithSubscribers[] = []) =>
      act({ type: 'CreateBudget', Budget, ...(NotificationsWithSubscribers.length ? { NotificationsWithSubscribers } : {}) }),
    deleteBudget: (BudgetName: string) => act({ type: 'DeleteBudget', BudgetName }),
    createNotification: (BudgetName: string, Notification: BudgetNotificationInput, Subscribers: BudgetSubscriberInput[]) => act({ type: 'CreateNotification', BudgetName, Notification, Subscribers }),
    deleteNotification: (BudgetName: string, Notification: BudgetNotificationInput) => act({ type: 'DeleteNotification', BudgetName, Notification }),
    requestQuotaIncrease: (QuotaCode: string, DesiredValue: number) => act({ type: 'RequestServiceQuotaIncrease', ServiceCode: 'sagemaker', QuotaCode, DesiredValue })
  }
}
