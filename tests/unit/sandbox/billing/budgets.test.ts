import { describe, expect, it } from 'vitest'
import { World } from '../../../../src/main/sandbox/world'
import { activate, advance, budget, DAY, endpoint, expectRefused, minutesOf, SNS, worldOf } from './helpers'

const EMAIL = [{ SubscriptionType: 'EMAIL', Address: 'ml-team@example.com' }]

function notificationState(w: World, name: string): string[] {
  return w.billing.describeBudgets(w.now).Budgets.find((b) => b.BudgetName === name)!.Notifications.map((n) => n.Notification.NotificationState)
}

const budgetAlerts = (w: World) => w.notifications.list().filter((n) => n.via === 'AWS Budgets')

describe('AWS Budgets in a world', () => {
  it('an ACTUAL 80% notification fires the minute the accumulated cost crosses 80% of the limit', () => {
    // ml.m5.large × 1 costs $0.115/60 a minute. 80% of $10 = $8.00: after 4,173 minutes the cost is
    // 4,173 × 0.115 / 60 = $7.99825, after 4,174 minutes $8.000167 > $8. So the alert comes at the end
    // of minute 4,174 (2026-01-07T21:34Z), not a minute earlier.
    const w = worldOf('actual80', [endpoint('a', 'ml.m5.large', 1), budget('monthly', '10', [{ type: 'ACTUAL', threshold: 80, subscribers: EMAIL }]), advance(4173)])
    expect(notificationState(w, 'monthly')).toEqual(['OK'])
    expect(budgetAlerts(w)).toEqual([])
    w.apply(advance(1))
    expect(notificationState(w, 'monthly')).toEqual(['ALARM'])
    const [alert] = budgetAlerts(w)
    expect(minutesOf(w, alert.at)).toBe(4174)
    expect(alert).toMatchObject({ target: 'ml-team@example.com', kind: 'email', subject: 'AWS Budgets: monthly has exceeded your alert threshold' })
    expect(alert.detail).toMatch(/actual cost of budget "monthly" is greater than 80% of \$10\.00 \(\$8\.00\) for 2026-01\. The actual cost is \$8\.00/)
    const { Alerts } = w.billing.describeBudgets(w.now)
    expect(Alerts).toHaveLength(1)
    expect(Alerts[0].SpendUsd).toBeCloseTo((4174 * 0.115) / 60, 12)
    expect(Alerts[0].ThresholdUsd).toBe(8)
    // It stays in ALARM and alerts once.
    w.apply(advance(600))
    expect(budgetAlerts(w)).toHaveLength(1)
  })

  it('a FORECASTED 100% notification fires days before the overspend does', () => {
    // ml.m5.xlarge × 1: $5.52 a day. Budget $50. The forecast exists from the first midnight
    // (minute 1,440): 27 January days × 5.52 = $149.04 > $50, so FORECASTED fires then. ACTUAL > $50
    // needs 50 / (0.23 / 60) = 13,043.5 → 13,044 minutes (2026-01-14T01:24Z), about 8.1 days later.
    const w = worldOf('forecasted', [
      endpoint('a', 'ml.m5.xlarge', 1),
      budget('guard', '50', [
        { type: 'FORECASTED', threshold: 100 },
        { type: 'ACTUAL', threshold: 100 }
      ]),
      advance(10 * DAY)
    ])
    const alerts = w.billing.describeBudgets(w.now).Alerts
    expect(alerts.map((a) => [a.NotificationType, minutesOf(w, a.at)])).toEqual([
      ['FORECASTED', 1440],
      ['ACTUAL', 13044]
    ])
    expect(alerts[0].SpendUsd).toBeCloseTo(149.04, 9)
    expect(budgetAlerts(w)[0]).toMatchObject({ target: SNS, kind: 'notify', subject: 'AWS Budgets: guard is forecasted to exceed your alert threshold' })
  })

  it('an ABSOLUTE_VALUE threshold is in USD, a LESS_THAN notification is in ALARM while spend is below it', () => {
    // ml.m5.large × 1: $2.76 a day. ABSOLUTE_VALUE $5 is crossed after 5 / (0.115/60) = 2,608.7 → 2,609 minutes.
    const w = worldOf('absolute', [
      endpoint('a', 'ml.m5.large', 1),
      budget('abs', '100', [
        { type: 'ACTUAL', threshold: 5, thresholdType: 'ABSOLUTE_VALUE' },
        { type: 'ACTUAL', op: 'LESS_THAN', threshold: 1, thresholdType: 'ABSOLUTE_VALUE' }
      ]),
      advance(2 * DAY)
    ])
    const alerts = w.billing.describeBudgets(w.now).Alerts
    // LESS_THAN $1 holds from the first minute (spend $0.0019 < $1) until $1 is reached at 521.7 → 522 minutes.
    expect(alerts.map((a) => [a.ComparisonOperator, minutesOf(w, a.at)])).toEqual([
      ['LESS_THAN', 1],
      ['GREATER_THAN', 2609]
    ])
    expect(notificationState(w, 'abs')).toEqual(['ALARM', 'OK'])
  })

  it('a new month resets the budget: notifications return to OK and can alert again', () => {
    // $2.76 a day against a $20 budget at 50% ($10): crossed on 2026-01-08 (day 3.6) and again on 2026-02-04.
    const w = worldOf('reset', [endpoint('a', 'ml.m5.large', 1), budget('monthly', '20', [{ type: 'ACTUAL', threshold: 50 }]), advance(27 * DAY + 60)])
    expect(notificationState(w, 'monthly')).toEqual(['OK'])
    expect(w.billing.describeBudgets(w.now).Budgets[0].CalculatedSpend.ActualSpend.Amount).toBe('0.115')
    w.apply(advance(4 * DAY))
    const alerts = w.billing.describeBudgets(w.now).Alerts
    // 10 / (0.115/60) = 5,217.4 → minute 5,218 in each month; February begins at minute 38,880.
    expect(alerts.map((a) => minutesOf(w, a.at))).toEqual([5218, 27 * DAY + 5218])
  })

  it('CostFilters by cost allocation tag count only the tagged, activated cost', () => {
    // Two ml.m5.large endpoints ($2.76/day each); the budget counts user:project$churn, activated at noon.
    // By midnight: $1.38 counted; the untagged endpoint's $2.76 and churn's first $1.38 are not.
    const w = worldOf('filtered', [
      endpoint('churn', 'ml.m5.large', 1, { Tags: [{ Key: 'project', Value: 'churn' }] }),
      endpoint('other', 'ml.m5.large', 1),
      budget('churn', '100', [], { TagKeyValue: ['user:project$churn'] }),
      advance(720),
      activate('project'),
      advance(720)
    ])
    const [b] = w.billing.describeBudgets(w.now).Budgets
    expect(b.CalculatedSpend.ActualSpend.Amount).toBe('1.38')
    // The forecast uses the one complete day: 1.38 + 26 × 1.38 = $37.26.
    expect(b.CalculatedSpend.ForecastedSpend?.Amount).toBe('37.26')
    expect(b.CostFilters).toEqual({ TagKeyValue: ['user:project$churn'] })
    expect(b.TimePeriod).toEqual({ Start: '2026-01-01', End: '2087-06-15' })
  })

  it('alerts reach SNS and email subscribers only: EventBridge sees the Budgets API calls, not the alerts', () => {
    const w = worldOf('eventbridge', [
      { type: 'CreateTrail', Name: 'audit', S3BucketName: 'audit-111122223333' },
      { type: 'PutRule', Name: 'budgets', EventPattern: JSON.stringify({ source: ['aws.budgets'] }) },
      { type: 'PutTargets', Rule: 'budgets', Targets: [{ Id: 'ops', Arn: 'arn:aws:sns:us-east-1:111122223333:ops' }] },
      endpoint('a', 'ml.m5.large', 1),
      budget('tiny', '1', [{ type: 'ACTUAL', threshold: 50 }]),
      advance(DAY)
    ])
    const fromEventBridge = w.notifications.list().filter((n) => n.via === 'EventBridge')
    expect(fromEventBridge.map((n) => n.subject)).toEqual(['AWS API Call via CloudTrail (rule budgets)'])
    expect(fromEventBridge[0].detail).toMatch(/budgets\.amazonaws\.com CreateBudget/)
    expect(budgetAlerts(w).map((n) => n.target)).toEqual([SNS])
  })

  it('DeleteBudget, CreateNotification and DeleteNotification change what is evaluated', () => {
    const w = worldOf('manage', [endpoint('a', 'ml.m5.large', 1), budget('b', '10'), { type: 'CreateNotification', BudgetName: 'b', Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 10 }, Subscribers: EMAIL }])
    expect(w.billing.describeBudgets(w.now).Budgets[0].Notifications.map((n) => n.Notification)).toEqual([
      { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 10, ThresholdType: 'PERCENTAGE', NotificationState: 'OK' }
    ])
    w.apply({ type: 'DeleteNotification', BudgetName: 'b', Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 10, ThresholdType: 'PERCENTAGE' } })
    w.apply(advance(DAY))
    expect(budgetAlerts(w)).toEqual([])
    w.apply({ type: 'DeleteBudget', BudgetName: 'b' })
    expect(w.billing.describeBudgets(w.now).Budgets).toEqual([])
    const calls = w.cloudtrail.lookupEvents({ LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: 'budgets.amazonaws.com' }] }, w.now).Events.map((e) => e.EventName)
    expect(calls).toEqual(['DeleteBudget', 'DeleteNotification', 'CreateNotification', 'CreateBudget'])
  })
})

describe('bad budgets are refused, naming the field', () => {
  const w = worldOf('refusals', [endpoint('a', 'ml.m5.large', 1), budget('exists', '10')])
  const n = (over: object) => ({ NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ...over })
  const create = (Budget: object, notification?: object, Subscribers: object[] = [{ SubscriptionType: 'SNS', Address: SNS }]) =>
    ({ type: 'CreateBudget', Budget: { BudgetName: 'new', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '10', Unit: 'USD' }, ...Budget }, ...(notification ? { NotificationsWithSubscribers: [{ Notification: notification, Subscribers }] } : {}) }) as never

  it('a notification without a threshold', () => {
    expectRefused(w, create({}, { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN' }), 'NotificationsWithSubscribers[0].Notification.Threshold', /is required: the percentage of the budgeted amount/)
  })

  it('a negative or non-numeric limit, a limit in another unit, and no limit at all', () => {
    expectRefused(w, create({ BudgetLimit: { Amount: '-5', Unit: 'USD' } }), 'Budget.BudgetLimit.Amount', /must be a positive amount in USD, got -5/)
    expectRefused(w, create({ BudgetLimit: { Amount: 'ten', Unit: 'USD' } }), 'Budget.BudgetLimit.Amount', /written as a number/)
    expectRefused(w, create({ BudgetLimit: { Amount: '10', Unit: 'EUR' } }), 'Budget.BudgetLimit.Unit', /"USD"/)
    expectRefused(w, create({ BudgetLimit: undefined }), 'Budget.BudgetLimit', /is required for a COST budget/)
  })

  it('an unknown subscriber type, an SNS address that is not a topic ARN, two SNS subscribers, no subscriber', () => {
    expectRefused(w, create({}, n({}), [{ SubscriptionType: 'SMS', Address: '+15550100' }]), 'NotificationsWithSubscribers[0].Subscribers[0].SubscriptionType', /must be SNS or EMAIL, got "SMS"/)
    expectRefused(w, create({}, n({}), [{ SubscriptionType: 'SNS', Address: 'budget-alerts' }]), 'NotificationsWithSubscribers[0].Subscribers[0].Address', /topic ARN/)
    expectRefused(w, create({}, n({}), [{ SubscriptionType: 'SNS', Address: SNS }, { SubscriptionType: 'SNS', Address: `${SNS}-2` }]), 'NotificationsWithSubscribers[0].Subscribers', /at most one SNS subscriber/)
    expectRefused(w, create({}, n({}), []), 'NotificationsWithSubscribers[0].Subscribers', /at least one subscriber/)
  })

  it('unknown notification values, and a percentage beyond 1,000,000', () => {
    expectRefused(w, create({}, n({ NotificationType: 'PREDICTED' })), 'NotificationsWithSubscribers[0].Notification.NotificationType', /ACTUAL .* or FORECASTED/)
    expectRefused(w, create({}, n({ ComparisonOperator: 'GreaterThanThreshold' })), 'NotificationsWithSubscribers[0].Notification.ComparisonOperator', /GREATER_THAN, LESS_THAN, EQUAL_TO/)
    expectRefused(w, create({}, n({ ThresholdType: 'PERCENT' })), 'NotificationsWithSubscribers[0].Notification.ThresholdType', /PERCENTAGE .* or ABSOLUTE_VALUE/)
    expectRefused(w, create({}, n({ Threshold: 2_000_000 })), 'NotificationsWithSubscribers[0].Notification.Threshold', /in \[0, 1000000\]/)
  })

  it('other budget types and periods, a bad name, a duplicate name, a bad filter', () => {
    expectRefused(w, create({ BudgetType: 'USAGE' }), 'Budget.BudgetType', /simulates COST budgets only/)
    expectRefused(w, create({ TimeUnit: 'WEEKLY' }), 'Budget.TimeUnit', /DAILY, MONTHLY, QUARTERLY, ANNUALLY/)
    expectRefused(w, create({ BudgetName: 'team:ml' }), 'Budget.BudgetName', /":"/)
    expectRefused(w, create({ BudgetName: 'exists' }), 'Budget.BudgetName', /a budget with this name exists/, 'CONFLICT')
    expectRefused(w, create({ CostFilters: { TagKeyValue: ['project=churn'] } }), 'Budget.CostFilters.TagKeyValue[0]', /user:<tag key>\$<tag value>/)
    expectRefused(w, create({ CostFilters: { LinkedAccount: ['1'] } }), 'Budget.CostFilters.LinkedAccount', /Service, InstanceType, UsageType, TagKeyValue/)
  })

  it('notifications on a budget that does not exist, twice the same notification, deleting one that is not there', () => {
    const note = { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 90 }
    expectRefused(w, { type: 'CreateNotification', BudgetName: 'nope', Notification: note, Subscribers: EMAIL } as never, 'BudgetName', /no such budget/, 'NOT_FOUND')
    w.apply({ type: 'CreateNotification', BudgetName: 'exists', Notification: note, Subscribers: EMAIL } as never)
    expectRefused(w, { type: 'CreateNotification', BudgetName: 'exists', Notification: note, Subscribers: EMAIL } as never, 'Notification', /already has this notification/, 'CONFLICT')
    expectRefused(w, { type: 'DeleteNotification', BudgetName: 'exists', Notification: { ...note, Threshold: 91 } } as never, 'Notification', /no notification with this type/, 'NOT_FOUND')
    expectRefused(w, { type: 'DeleteBudget', BudgetName: 'nope' } as never, 'BudgetName', /no such budget/, 'NOT_FOUND')
    expectRefused(w, { type: 'DeleteBudget', BudgetName: 'exists', AccountId: '999999999999' } as never, 'AccountId', /111122223333/)
  })
})
