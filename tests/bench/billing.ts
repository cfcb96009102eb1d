/**
 * Billing figures: what billing adds to a 30-day world (the sandbox bench's 3 endpoints and 10
 * alarms, plus tags, an activated cost allocation tag and 5 budgets evaluated every minute), and
 * the Cost tab's reads over those 30 days.
 */
import type { SandboxAction } from '../../src/shared/contract/sandbox'
import { arn } from '../../src/main/sandbox/core/account'
import { World } from '../../src/main/sandbox/world'
import { thirtyDayActions } from './sandbox'
import { median, report, time } from './util'

function withBilling(budgets: number): SandboxAction[] {
  const base = thirtyDayActions()
  const advance = base.pop() as SandboxAction
  const names = ['fraud-xgb', 'reviews-bert', 'images-resnet']
  const extra: SandboxAction[] = names.map((n, i) => ({ type: 'AddTags', ResourceArn: arn.endpoint(n), Tags: [{ Key: 'project', Value: ['fraud', 'reviews', 'images'][i] }, { Key: 'team', Value: 'ml' }] }))
  extra.push({ type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: [{ TagKey: 'project', Status: 'Active' }] })
  for (let i = 0; i < budgets; i++) {
    extra.push({
      type: 'CreateBudget',
      Budget: { BudgetName: `b${i}`, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: String(200 + 100 * i), Unit: 'USD' }, ...(i % 2 ? { CostFilters: { TagKeyValue: [`user:project$${['fraud', 'reviews', 'images'][i % 3]}`] } } : {}) },
      NotificationsWithSubscribers: [
        { Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80 }, Subscribers: [{ SubscriptionType: 'EMAIL', Address: 'ml@example.com' }] },
        { Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100 }, Subscribers: [{ SubscriptionType: 'SNS', Address: 'arn:aws:sns:us-east-1:111122223333:budgets' }] }
      ]
    })
  }
  return [...base, ...extra, advance]
}

/** Replays the actions with the Billing service's tick and endOfMinute timed (the rest of the world runs as usual). */
function timedReplay(actions: SandboxAction[]): { total: number; billing: number; world: World } {
  const w = new World('bench')
  const billing = w.billing
  let spent = 0
  const tick = billing.tick.bind(billing)
  const end = billing.endOfMinute.bind(billing)
  billing.tick = (ctx) => {
    const t0 = performance.now()
    tick(ctx)
    spent += performance.now() - t0
  }
  billing.endOfMinute = (ctx) => {
    const t0 = performance.now()
    end(ctx)
    spent += performance.now() - t0
  }
  const t0 = performance.now()
  for (const a of actions) w.apply(a)
  return { total: performance.now() - t0, billing: spent, world: w }
}

export function runBillingBench(): void {
  for (const budgets of [0, 5]) {
    const runs = Array.from({ length: 5 }, () => timedReplay(withBilling(budgets)))
    const billing = median(runs.map((r) => r.billing))
    const total = median(runs.map((r) => r.total))
    report(`Billing in a 30-day world, 3 tagged endpoints, ${budgets} budgets (median of 5)`, `${billing.toFixed(0)} ms`, '', `of ${total.toFixed(0)} ms for the whole world; ${((billing / 43_200) * 1000).toFixed(1)} µs a simulated minute`)
  }

  const w = timedReplay(withBilling(5)).world
  const daily = time(() => w.billing.costAndUsage({ Granularity: 'DAILY', GroupBy: [{ Type: 'TAG', Key: 'project' }, { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' }] }, w.now), 21, 3)
  const forecast = time(() => w.billing.forecast(undefined, w.now), 21, 3)
  const budgets = time(() => w.billing.describeBudgets(w.now), 21, 3)
  report('GetCostAndUsage: 30 days DAILY by tag and instance type (median)', `${median(daily).toFixed(2)} ms`)
  report('GetCostForecast (median)', `${median(forecast).toFixed(2)} ms`)
  report('DescribeBudgets, 5 budgets (median)', `${median(budgets).toFixed(2)} ms`)
}
