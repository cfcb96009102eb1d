/** Worlds and actions the billing tests share. Prices are the catalog's: ml.m5.large $0.115/h, ml.m5.xlarge $0.23/h, ml.c5.xlarge $0.204/h, ml.g4dn.xlarge $0.736/h. */
import { expect } from 'vitest'
import type { SandboxAction } from '../../../../src/shared/contract/sandbox'
import { LabError } from '../../../../src/shared/errors'
import { arn } from '../../../../src/main/sandbox/core/account'
import { DAY_MS, MINUTE_MS } from '../../../../src/main/sandbox/core/time'
import { World } from '../../../../src/main/sandbox/world'

export const DAY = 1440
export const SNS = 'arn:aws:sns:us-east-1:111122223333:budget-alerts'

type Create = Extract<SandboxAction, { type: 'CreateEndpoint' }>

export function endpoint(name: string, instanceType: string, count: number, extra: Partial<Create> = {}): SandboxAction {
  return {
    type: 'CreateEndpoint',
    EndpointName: name,
    ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: instanceType, InitialInstanceCount: count, ModelPreset: 'xgboost-tabular' }],
    Traffic: { pattern: 'steady', baseRpm: 60, noise: 'none' },
    ...extra
  } as SandboxAction
}

export const advance = (Minutes: number): SandboxAction => ({ type: 'AdvanceClock', Minutes })
export const tag = (endpointName: string, Tags: { Key: string; Value?: string }[]): SandboxAction => ({ type: 'AddTags', ResourceArn: arn.endpoint(endpointName), Tags })
export const activate = (...keys: string[]): SandboxAction => ({ type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: keys.map((TagKey) => ({ TagKey, Status: 'Active' })) })

export function budget(name: string, limit: string, notifications: { type: string; op?: string; threshold?: number; thresholdType?: string; subscribers?: { SubscriptionType: string; Address: string }[] }[] = [], CostFilters?: Record<string, string[]>): SandboxAction {
  return {
    type: 'CreateBudget',
    Budget: { BudgetName: name, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: limit, Unit: 'USD' }, ...(CostFilters ? { CostFilters } : {}) },
    NotificationsWithSubscribers: notifications.map((n) => ({
      Notification: { NotificationType: n.type, ComparisonOperator: n.op ?? 'GREATER_THAN', ...(n.threshold !== undefined ? { Threshold: n.threshold } : {}), ...(n.thresholdType ? { ThresholdType: n.thresholdType } : {}) },
      Subscribers: n.subscribers ?? [{ SubscriptionType: 'SNS', Address: SNS }]
    }))
  } as SandboxAction
}

export function worldOf(seed: string, actions: SandboxAction[]): World {
  return World.replay(seed, actions)
}

/** Minutes since the world began. */
export const minutesOf = (w: World, t: number): number => (t - w.startTime) / MINUTE_MS
export const dayStart = (w: World, day: number): number => w.startTime + day * DAY_MS

/** Daily cost of one group key, in order of days (0 for a day without it). */
export function dailyCost(w: World, groupBy: { Type: 'DIMENSION' | 'TAG'; Key: string }, key: string): number[] {
  return w.billing.costAndUsage({ Granularity: 'DAILY', GroupBy: [groupBy] }, w.now).ResultsByTime.map((r) => Number(r.Groups.find((g) => g.Keys[0] === key)?.Metrics.UnblendedCost?.Amount ?? 0))
}

/** Applies an action that must be refused; checks the issue path and message and that nothing changed. */
export function expectRefused(w: World, action: SandboxAction, path: string, message: RegExp, code: string = 'VALIDATION'): void {
  const before = JSON.stringify([w.billing.describeBudgets(w.now), w.billing.costAllocationTags(), w.sagemaker.resourceTags(), w.quotas.list(() => 0), w.actions.length])
  let error: unknown
  try {
    w.apply(action)
  } catch (err) {
    error = err
  }
  expect(error).toBeInstanceOf(LabError)
  expect((error as LabError).code).toBe(code)
  const issue = (error as LabError).issues.find((i) => i.path === path)
  expect(issue, `issues were ${JSON.stringify((error as LabError).issues)}`).toBeDefined()
  expect(issue!.message).toMatch(message)
  expect(JSON.stringify([w.billing.describeBudgets(w.now), w.billing.costAllocationTags(), w.sagemaker.resourceTags(), w.quotas.list(() => 0), w.actions.length])).toBe(before)
}
