/**
 * AWS Budgets cost budgets and their notifications (AWS Budgets API Reference: CreateBudget, Budget,
 * Notification, Subscriber, NotificationWithSubscribers, CreateNotification, DeleteNotification).
 *
 * Validation, as the API reference states it:
 * - BudgetName: 1–100 characters, unique in the account; `:` and `\` and the substring "/action/" are
 *   not allowed, nor a script element (the API's pattern). A second budget of the same name is a
 *   DuplicateRecordException.
 * - BudgetType: the sandbox simulates COST budgets (AWS also has USAGE, RI_UTILIZATION, RI_COVERAGE,
 *   SAVINGS_PLANS_UTILIZATION, SAVINGS_PLANS_COVERAGE). TimeUnit: the sandbox simulates MONTHLY (AWS
 *   also has DAILY, QUARTERLY, ANNUALLY). BudgetLimit is required for cost budgets; the sandbox takes a
 *   positive amount in USD.
 * - Notification: NotificationType ACTUAL | FORECASTED, ComparisonOperator GREATER_THAN | LESS_THAN |
 *   EQUAL_TO, Threshold (required, 0 to 15,000,000,000,000; a PERCENTAGE threshold at most 1,000,000),
 *   ThresholdType PERCENTAGE | ABSOLUTE_VALUE (PERCENTAGE when absent [P]). "For PERCENTAGE thresholds,
 *   AWS notifies you when you go over … a certain percentage of your [budgeted amount]: a budget for
 *   200 dollars with a PERCENTAGE threshold of 80% notifies you when you go over 160 dollars."
 * - A budget has up to ten notifications; each has at least one subscriber, at most one SNS and ten
 *   email subscribers (11 in all). Subscriber: SubscriptionType SNS | EMAIL, Address without line
 *   breaks (the sandbox also checks that an SNS address is a topic ARN and an EMAIL one an address).
 * - The legacy CostFilters map narrows what a budget counts: here Service, InstanceType, UsageType and
 *   TagKeyValue (`user:<key>$<value>`, a cost allocation tag).
 *
 * Evaluation (AWS: "updates your budget status several times a day"; the sandbox evaluates at the end
 * of every simulated minute, a stated simplification): ACTUAL compares the month's spend so far,
 * FORECASTED the month-end forecast (forecast.ts), with the threshold in USD. A notification goes to
 * ALARM when its condition holds and back to OK when it no longer does; its subscribers are notified on
 * the first change to ALARM in a budget period only [U: AWS alerts once per period per notification],
 * and every notification returns to OK when a new month begins (TimeUnit: "the length of time until a
 * budget resets the actual and forecasted spend"). EQUAL_TO compares to the cent.
 *
 * Where alerts go: AWS Budgets notifies the SNS topic and the email subscribers. It does not put
 * threshold events on EventBridge: "AWS Budgets sends service events to EventBridge via AWS
 * CloudTrail" (EventBridge events reference, "AWS Budgets events"), i.e. only its API calls (CreateBudget
 * and the rest) reach EventBridge, as "AWS API Call via CloudTrail" through a trail.
 */
import { LabError } from '../../../shared/errors'
import { ACCOUNT_ID } from '../core/account'
import { IssueList } from '../core/issues'
import type { LinePredicate, UsageLine } from './ledger'

export const MAX_BUDGETS = 20
export const MAX_NOTIFICATIONS_PER_BUDGET = 10
export const MAX_EMAIL_SUBSCRIBERS = 10
export const MAX_THRESHOLD = 15_000_000_000_000
export const MAX_PERCENT_THRESHOLD = 1_000_000

export const NOTIFICATION_TYPES = ['ACTUAL', 'FORECASTED'] as const
export const COMPARISON_OPERATORS = ['GREATER_THAN', 'LESS_THAN', 'EQUAL_TO'] as const
export const THRESHOLD_TYPES = ['PERCENTAGE', 'ABSOLUTE_VALUE'] as const
export const SUBSCRIPTION_TYPES = ['SNS', 'EMAIL'] as const
const BUDGET_TYPES = ['COST', 'USAGE', 'RI_UTILIZATION', 'RI_COVERAGE', 'SAVINGS_PLANS_UTILIZATION', 'SAVINGS_PLANS_COVERAGE']
const TIME_UNITS = ['DAILY', 'MONTHLY', 'QUARTERLY', 'ANNUALLY']
export const COST_FILTER_KEYS = ['Service', 'InstanceType', 'UsageType', 'TagKeyValue'] as const

export type NotificationType = (typeof NOTIFICATION_TYPES)[number]
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number]
export type ThresholdType = (typeof THRESHOLD_TYPES)[number]
export type SubscriptionType = (typeof SUBSCRIPTION_TYPES)[number]

export interface NotificationSpec {
  NotificationType: NotificationType
  ComparisonOperator: ComparisonOperator
  Threshold: number
  ThresholdType: ThresholdType
}

export interface Subscriber {
  SubscriptionType: SubscriptionType
  Address: string
}

export interface NotificationInput {
  NotificationType: string
  ComparisonOperator: string
  Threshold?: number
  ThresholdType?: string
}

export interface SubscriberInput {
  SubscriptionType: string
  Address: string
}

export interface BudgetInput {
  BudgetName: string
  BudgetType: string
  TimeUnit: string
  BudgetLimit?: { Amount: string; Unit: string }
  CostFilters?: Record<string, string[]>
}

export interface CheckedBudget {
  name: string
  limit: number
  filters: Record<string, string[]>
}

const SNS_TOPIC = /^arn:aws:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const TAG_KEY_VALUE = /^user:([^$]+)\$(.*)$/s

export function checkAccountId(issues: IssueList, accountId: string | undefined): void {
  if (accountId !== undefined && accountId !== ACCOUNT_ID) issues.add('AccountId', `must be this world's account, ${ACCOUNT_ID}, got "${accountId}"`)
}

export function checkBudgetName(issues: IssueList, path: string, name: string): boolean {
  const bad =
    name.length < 1 || name.length > 100
      ? `must be 1–100 characters, got ${name.length}`
      : /[:\\]/.test(name)
        ? 'may not contain ":" or "\\"'
        : name.includes('/action/')
          ? 'may not contain "/action/"'
          : /<script>.*<\/script>/i.test(name)
            ? 'may not contain a script element'
            : null
  if (bad) issues.add(path, bad)
  return bad === null
}

export function checkBudget(issues: IssueList, b: BudgetInput): CheckedBudget {
  checkBudgetName(issues, 'Budget.BudgetName', b.BudgetName)
  if (b.BudgetType !== 'COST') {
    issues.add('Budget.BudgetType', BUDGET_TYPES.includes(b.BudgetType) ? `the sandbox simulates COST budgets only; "${b.BudgetType}" is not simulated` : `must be one of ${BUDGET_TYPES.join(', ')} (the sandbox simulates COST), got "${b.BudgetType}"`)
  }
  if (b.TimeUnit !== 'MONTHLY') {
    issues.add('Budget.TimeUnit', TIME_UNITS.includes(b.TimeUnit) ? `the sandbox simulates MONTHLY budgets only; "${b.TimeUnit}" is not simulated` : `must be one of ${TIME_UNITS.join(', ')} (the sandbox simulates MONTHLY), got "${b.TimeUnit}"`)
  }
  let limit = NaN
  if (!b.BudgetLimit) issues.add('Budget.BudgetLimit', 'is required for a COST budget: the amount to budget for the month, e.g. { "Amount": "100", "Unit": "USD" }')
  else {
    limit = /^-?\d+(\.\d+)?$/.test(b.BudgetLimit.Amount.trim()) ? Number(b.BudgetLimit.Amount) : NaN
    if (!Number.isFinite(limit)) issues.add('Budget.BudgetLimit.Amount', `must be an amount in USD written as a number, e.g. "100" or "250.50", got "${b.BudgetLimit.Amount}"`)
    else if (limit <= 0) issues.add('Budget.BudgetLimit.Amount', `must be a positive amount in USD, got ${b.BudgetLimit.Amount}`)
    if (b.BudgetLimit.Unit !== 'USD') issues.add('Budget.BudgetLimit.Unit', `must be "USD" for a cost budget, got "${b.BudgetLimit.Unit}"`)
  }
  const filters: Record<string, string[]> = {}
  for (const [key, values] of Object.entries(b.CostFilters ?? {})) {
    const path = `Budget.CostFilters.${key}`
    if (!(COST_FILTER_KEYS as readonly string[]).includes(key)) {
      issues.add(path, `the sandbox filters budgets by ${COST_FILTER_KEYS.join(', ')}; got "${key}"`)
      continue
    }
    if (values.length === 0) issues.add(path, 'list at least one value')
    if (key === 'TagKeyValue') values.forEach((v, i) => TAG_KEY_VALUE.test(v) || issues.add(`${path}[${i}]`, `must be "user:<tag key>$<tag value>", e.g. "user:project$churn", got "${v}"`))
    filters[key] = [...values]
  }
  return { name: b.BudgetName, limit, filters }
}

export function checkNotification(issues: IssueList, path: string, n: NotificationInput): NotificationSpec {
  if (!(NOTIFICATION_TYPES as readonly string[]).includes(n.NotificationType)) {
    issues.add(`${path}.NotificationType`, `must be ACTUAL (what you have spent) or FORECASTED (what you are forecast to spend), got "${n.NotificationType}"`)
  }
  if (!(COMPARISON_OPERATORS as readonly string[]).includes(n.ComparisonOperator)) {
    issues.add(`${path}.ComparisonOperator`, `must be one of ${COMPARISON_OPERATORS.join(', ')}, got "${n.ComparisonOperator}"`)
  }
  const thresholdType = n.ThresholdType ?? 'PERCENTAGE'
  if (!(THRESHOLD_TYPES as readonly string[]).includes(thresholdType)) {
    issues.add(`${path}.ThresholdType`, `must be PERCENTAGE (of the budgeted amount) or ABSOLUTE_VALUE (USD), got "${thresholdType}"`)
  }
  if (n.Threshold === undefined) {
    issues.add(`${path}.Threshold`, 'is required: the percentage of the budgeted amount (ThresholdType PERCENTAGE, e.g. 80) or the amount in USD (ABSOLUTE_VALUE) at which to notify')
  } else {
    const max = thresholdType === 'PERCENTAGE' ? MAX_PERCENT_THRESHOLD : MAX_THRESHOLD
    issues.number(`${path}.Threshold`, n.Threshold, { min: 0, max })
  }
  return { NotificationType: n.NotificationType as NotificationType, ComparisonOperator: n.ComparisonOperator as ComparisonOperator, Threshold: n.Threshold ?? NaN, ThresholdType: thresholdType as ThresholdType }
}

export function checkSubscribers(issues: IssueList, path: string, subscribers: readonly SubscriberInput[]): Subscriber[] {
  if (subscribers.length === 0) issues.add(path, 'a notification needs at least one subscriber: an SNS topic or an email address')
  let sns = 0
  let email = 0
  const seen = new Set<string>()
  subscribers.forEach((s, i) => {
    const p = `${path}[${i}]`
    if (s.SubscriptionType === 'SNS') {
      sns++
      if (!SNS_TOPIC.test(s.Address)) issues.add(`${p}.Address`, `an SNS subscriber's Address is a topic ARN, e.g. arn:aws:sns:us-east-1:${ACCOUNT_ID}:budget-alerts, got "${s.Address}"`)
    } else if (s.SubscriptionType === 'EMAIL') {
      email++
      if (!EMAIL.test(s.Address)) issues.add(`${p}.Address`, `an EMAIL subscriber's Address is an email address, e.g. ml-team@example.com, got "${s.Address}"`)
    } else {
      issues.add(`${p}.SubscriptionType`, `must be SNS or EMAIL, got "${s.SubscriptionType}"`)
    }
    if (/[\n\r]/.test(s.Address)) issues.add(`${p}.Address`, 'may not contain line breaks')
    const id = `${s.SubscriptionType}\u0001${s.Address}`
    if (seen.has(id)) issues.add(`${p}.Address`, `"${s.Address}" is already a subscriber of this notification`)
    seen.add(id)
  })
  if (sns > 1) issues.add(path, `a notification has at most one SNS subscriber, got ${sns}`)
  if (email > MAX_EMAIL_SUBSCRIBERS) issues.add(path, `a notification has at most ${MAX_EMAIL_SUBSCRIBERS} email subscribers, got ${email}`)
  return subscribers.map((s) => ({ SubscriptionType: s.SubscriptionType as SubscriptionType, Address: s.Address }))
}

export function sameNotification(a: NotificationSpec, b: NotificationSpec): boolean {
  return a.NotificationType === b.NotificationType && a.ComparisonOperator === b.ComparisonOperator && a.Threshold === b.Threshold && a.ThresholdType === b.ThresholdType
}

/** The line test of a budget's CostFilters: every key must match (values of one key are alternatives). */
export function costFilterPredicate(filters: Readonly<Record<string, readonly string[]>>): LinePredicate {
  const tests: LinePredicate[] = Object.entries(filters).map(([key, values]) => {
    switch (key) {
      case 'Service':
        return (l: UsageLine) => values.includes(l.service)
      case 'InstanceType':
        return (l: UsageLine) => values.includes(l.instanceType)
      case 'UsageType':
        return (l: UsageLine) => values.includes(l.usageType)
      default: {
        const pairs = values.map((v) => TAG_KEY_VALUE.exec(v) as RegExpExecArray).map((m) => [m[1], m[2]] as const)
        return (l: UsageLine) => pairs.some(([k, v]) => (l.tags[k] ?? '') === v)
      }
    }
  })
  return (line) => tests.every((t) => t(line))
}

/** The threshold in USD. */
export function thresholdUsd(n: NotificationSpec, limit: number): number {
  return n.ThresholdType === 'PERCENTAGE' ? (limit * n.Threshold) / 100 : n.Threshold
}

export function holds(op: ComparisonOperator, value: number, threshold: number): boolean {
  switch (op) {
    case 'GREATER_THAN':
      return value > threshold
    case 'LESS_THAN':
      return value < threshold
    case 'EQUAL_TO':
      return Math.round(value * 100) === Math.round(threshold * 100)
  }
}

const OP_TEXT: Record<ComparisonOperator, string> = { GREATER_THAN: 'greater than', LESS_THAN: 'less than', EQUAL_TO: 'equal to' }

/** The alert a subscriber receives: written in the sandbox's words, shaped like AWS's budget alert. */
export function alertText(budget: { name: string; limit: number }, n: NotificationSpec, spend: number, month: string): { subject: string; detail: string } {
  const which = n.NotificationType === 'ACTUAL' ? 'actual' : 'forecasted'
  const threshold = n.ThresholdType === 'PERCENTAGE' ? `${n.Threshold}% of $${budget.limit.toFixed(2)} ($${thresholdUsd(n, budget.limit).toFixed(2)})` : `$${n.Threshold.toFixed(2)}`
  const verb = n.ComparisonOperator === 'GREATER_THAN' ? (n.NotificationType === 'ACTUAL' ? 'has exceeded' : 'is forecasted to exceed') : n.ComparisonOperator === 'LESS_THAN' ? 'is below' : 'has reached'
  return {
    subject: `AWS Budgets: ${budget.name} ${verb} your alert threshold`,
    detail: `You asked to be alerted when the ${which} cost of budget "${budget.name}" is ${OP_TEXT[n.ComparisonOperator]} ${threshold} for ${month}. The ${which} cost is $${spend.toFixed(2)} (budgeted: $${budget.limit.toFixed(2)}).`
  }
}

export function budgetNotFound(name: string, existing: readonly string[]): LabError {
  return new LabError('NOT_FOUND', `BudgetName: no budget named "${name}".${existing.length ? ` Budgets: ${existing.join(', ')}.` : ' There are no budgets yet.'}`, [
    { path: 'BudgetName', message: 'no such budget' }
  ])
}
