/**
 * Billing in a world: what Cost Explorer, cost allocation tags and AWS Budgets do for the account.
 *
 * - Every simulated minute (after SageMaker has simulated it) the service bills each running
 *   variant's instances (SageMaker's DesiredInstanceCount: instances in service plus starting) at its
 *   instance type's illustrative on-demand price, into the ledger (ledger.ts): per UTC day, service
 *   (Amazon SageMaker), usage and instance type, endpoint and the active cost allocation tags.
 * - UpdateCostAllocationTagsStatus (Cost Explorer API Reference): activates or deactivates
 *   user-defined tag keys, 1–20 per call; "If the tag status that's updated is the same as the existing
 *   tag status, the request doesn't fail. Instead, it doesn't have any effect". A key can be activated
 *   once it has been applied to a resource (the Billing console lists a user-defined key for
 *   activation after it is applied). Activation takes effect at once here; AWS says it "can take up
 *   to 24 hours for tags to activate" (Billing user guide, "Activating user-defined cost allocation
 *   tags").
 * - Budgets (budgets.ts): CreateBudget with notifications inline, DeleteBudget, CreateNotification and
 *   DeleteNotification; evaluated at the end of every minute; alerts go to the subscribers as
 *   deliveries (SNS topic or email), never to EventBridge (AWS Budgets reaches EventBridge only with
 *   its API calls, through CloudTrail).
 */
import { LabError } from '../../../shared/errors'
import type { z } from 'zod'
import type { BillingSummarySchema, BudgetAlertSchema, BudgetViewSchema } from '../../../shared/contract/billing'
import { PRICE_AS_OF, type InstanceType } from '../catalog/instances'
import { ACCOUNT_ID, REGION, arn } from '../core/account'
import { IssueList } from '../core/issues'
import { toIso } from '../core/time'
import type { BilledEndpoint, SageMaker } from '../sagemaker/service'
import type { ActionHandlers, Service, ServiceContext } from '../world/service'
import {
  alertText,
  budgetNotFound,
  checkAccountId,
  checkBudget,
  checkBudgetName,
  checkNotification,
  checkSubscribers,
  costFilterPredicate,
  holds,
  MAX_BUDGETS,
  MAX_NOTIFICATIONS_PER_BUDGET,
  sameNotification,
  thresholdUsd,
  type NotificationSpec,
  type Subscriber
} from './budgets'
import { amount, compileFilter, costAndUsage, type CostAndUsageRequest, type CostFilter } from './explorer'
import { FORECAST_RULE, forecastDays, SpendTracker, type SpendPoint } from './forecast'
import { CostLedger, dayOf, dayText, memoMatcher, monthBounds, SAGEMAKER_SERVICE, type UsageLine } from './ledger'
import { BILLING_SIMPLIFICATIONS } from './simplifications'

interface CachedLine {
  tagRevision: number
  activationRevision: number
  instanceType: string
  line: UsageLine
}

const BUDGETS_SOURCE = 'budgets.amazonaws.com'
const CE_SOURCE = 'ce.amazonaws.com'
/** Budgets default a budget's end to 2087-06-15 when none is given (Budget.TimePeriod). */
const BUDGET_END = '2087-06-15'
/** Alerts a world keeps (newest). */
export const MAX_ALERTS = 1000

type BudgetView = z.infer<typeof BudgetViewSchema>
type BudgetAlert = z.infer<typeof BudgetAlertSchema>
export type BillingSummary = z.infer<typeof BillingSummarySchema>

interface NotificationRecord {
  spec: NotificationSpec
  subscribers: Subscriber[]
  state: 'OK' | 'ALARM'
  /** Whether the subscribers were alerted in the current budget period. */
  alerted: boolean
  lastAlertAt: number | null
}

interface BudgetRecord {
  name: string
  limit: number
  filters: Record<string, string[]>
  tracker: SpendTracker
  notifications: NotificationRecord[]
  /** The month the notification states belong to. */
  period: string | null
  createdAt: number
  updatedAt: number
}

interface CostTagState {
  status: 'Active' | 'Inactive'
  updatedAt: number | null
}

type Owned = 'UpdateCostAllocationTagsStatus' | 'CreateBudget' | 'DeleteBudget' | 'CreateNotification' | 'DeleteNotification'

export class Billing implements Service {
  readonly name = 'billing'
  readonly ledger = new CostLedger()
  private readonly costTags = new Map<string, CostTagState>()
  private activeKeys: string[] = []
  private activationRevision = 0
  private readonly lineCache = new Map<string, CachedLine>()
  private readonly fleetLines = new WeakMap<object, CachedLine>()
  private readonly budgets = new Map<string, BudgetRecord>()
  private readonly alertLog: BudgetAlert[] = []

  constructor(
    private readonly sagemaker: SageMaker,
    private readonly startTime: number
  ) {}

  readonly actions: ActionHandlers<Owned> = {
    UpdateCostAllocationTagsStatus: {
      apply: (a, ctx) => this.updateTagStatus(a.CostAllocationTagsStatus, ctx),
      describe: (a) => `Cost allocation tags: ${a.CostAllocationTagsStatus.map((t) => `${t.TagKey} ${t.Status === 'Active' ? 'activated' : t.Status === 'Inactive' ? 'deactivated' : t.Status}`).join(', ')}`
    },
    CreateBudget: {
      apply: (a, ctx) => {
        const issues = new IssueList()
        checkAccountId(issues, a.AccountId)
        const budget = checkBudget(issues, a.Budget)
        const notifications = (a.NotificationsWithSubscribers ?? []).map((n, i) => ({
          spec: checkNotification(issues, `NotificationsWithSubscribers[${i}].Notification`, n.Notification),
          subscribers: checkSubscribers(issues, `NotificationsWithSubscribers[${i}].Subscribers`, n.Subscribers)
        }))
        notifications.forEach((n, i) => {
          if (notifications.slice(0, i).some((m) => sameNotification(m.spec, n.spec))) issues.add(`NotificationsWithSubscribers[${i}].Notification`, 'the same notification (type, operator, threshold and threshold type) is listed twice')
        })
        issues.throwIfAny('CreateBudget')
        if (this.budgets.has(budget.name)) {
          throw new LabError('CONFLICT', `DuplicateRecordException: a budget named "${budget.name}" exists; budget names are unique in an account.`, [{ path: 'Budget.BudgetName', message: 'a budget with this name exists' }])
        }
        if (this.budgets.size >= MAX_BUDGETS) fail('Budget.BudgetName', `the sandbox keeps at most ${MAX_BUDGETS} budgets in a world; delete one first`)
        const record: BudgetRecord = {
          name: budget.name,
          limit: budget.limit,
          filters: budget.filters,
          tracker: new SpendTracker(this.ledger, memoMatcher(this.ledger, costFilterPredicate(budget.filters))),
          notifications: notifications.map((n) => ({ spec: n.spec, subscribers: n.subscribers, state: 'OK', alerted: false, lastAlertAt: null })),
          period: null,
          createdAt: ctx.now,
          updatedAt: ctx.now
        }
        this.budgets.set(record.name, record)
        this.call(ctx, BUDGETS_SOURCE, 'CreateBudget', record.name, { accountId: ACCOUNT_ID, budget: a.Budget, notificationsWithSubscribers: a.NotificationsWithSubscribers ?? [] })
      },
      describe: (a) =>
        `Budget ${a.Budget.BudgetName}: ${a.Budget.BudgetLimit ? `$${a.Budget.BudgetLimit.Amount}` : '(no limit)'} a month${(a.NotificationsWithSubscribers ?? []).map((n) => `, ${n.Notification.NotificationType} ${n.Notification.ComparisonOperator} ${n.Notification.Threshold ?? '?'}${(n.Notification.ThresholdType ?? 'PERCENTAGE') === 'PERCENTAGE' ? '%' : ' USD'}`).join('')}`
    },
    DeleteBudget: {
      apply: (a, ctx) => {
        const issues = new IssueList()
        checkAccountId(issues, a.AccountId)
        issues.throwIfAny('DeleteBudget')
        const budget = this.budget(a.BudgetName)
        this.budgets.delete(budget.name)
        this.call(ctx, BUDGETS_SOURCE, 'DeleteBudget', budget.name, { accountId: ACCOUNT_ID, budgetName: budget.name })
      },
      describe: (a) => `Delete budget ${a.BudgetName}`
    },
    CreateNotification: {
      apply: (a, ctx) => {
        const issues = new IssueList()
        checkAccountId(issues, a.AccountId)
        checkBudgetName(issues, 'BudgetName', a.BudgetName)
        const spec = checkNotification(issues, 'Notification', a.Notification)
        const subscribers = checkSubscribers(issues, 'Subscribers', a.Subscribers)
        issues.throwIfAny('CreateNotification')
        const budget = this.budget(a.BudgetName)
        if (budget.notifications.some((n) => sameNotification(n.spec, spec))) {
          throw new LabError('CONFLICT', `DuplicateRecordException: budget "${budget.name}" already has this notification.`, [{ path: 'Notification', message: 'the budget already has this notification' }])
        }
        if (budget.notifications.length >= MAX_NOTIFICATIONS_PER_BUDGET) fail('Notification', `a budget has at most ${MAX_NOTIFICATIONS_PER_BUDGET} notifications; "${budget.name}" has ${budget.notifications.length}`)
        budget.notifications.push({ spec, subscribers, state: 'OK', alerted: false, lastAlertAt: null })
        budget.updatedAt = ctx.now
        this.call(ctx, BUDGETS_SOURCE, 'CreateNotification', budget.name, { accountId: ACCOUNT_ID, budgetName: budget.name, notification: a.Notification, subscribers: a.Subscribers })
      },
      describe: (a) => `Budget ${a.BudgetName}: notify on ${a.Notification.NotificationType} ${a.Notification.ComparisonOperator} ${a.Notification.Threshold ?? '?'}${(a.Notification.ThresholdType ?? 'PERCENTAGE') === 'PERCENTAGE' ? '%' : ' USD'}`
    },
    DeleteNotification: {
      apply: (a, ctx) => {
        const issues = new IssueList()
        checkAccountId(issues, a.AccountId)
        const spec = checkNotification(issues, 'Notification', a.Notification)
        issues.throwIfAny('DeleteNotification')
        const budget = this.budget(a.BudgetName)
        const index = budget.notifications.findIndex((n) => sameNotification(n.spec, spec))
        if (index < 0) throw new LabError('NOT_FOUND', `NotFoundException: budget "${budget.name}" has no such notification.`, [{ path: 'Notification', message: 'no notification with this type, operator, threshold and threshold type' }])
        budget.notifications.splice(index, 1)
        budget.updatedAt = ctx.now
        this.call(ctx, BUDGETS_SOURCE, 'DeleteNotification', budget.name, { accountId: ACCOUNT_ID, budgetName: budget.name, notification: a.Notification })
      },
      describe: (a) => `Budget ${a.BudgetName}: stop notifying on ${a.Notification.NotificationType} ${a.Notification.ComparisonOperator} ${a.Notification.Threshold ?? '?'}`
    }
  }

  /** Bills the minute starting at `ctx.now`. SageMaker has simulated it already (it ticks first). */
  tick(ctx: ServiceContext): void {
    this.billedMinute = ctx.now
    this.sagemaker.forEachBilledFleet(this)
  }

  /** The minute `tick` bills, for `billedFleet`. */
  private billedMinute = 0

  /** Bills one fleet for the minute `tick` bills (BilledFleetVisitor: a method, the same function in every world). */
  billedFleet(ep: BilledEndpoint, key: object, variantName: string, instance: InstanceType, billed: number, fleet: string | null): void {
    if (billed <= 0) return
    // Per fleet object first: the string id (and its hash) is built only when a fleet is new.
    let cached = this.fleetLines.get(key)
    if (!cached || cached.tagRevision !== ep.tagRevision || cached.activationRevision !== this.activationRevision || cached.instanceType !== instance.name) {
      cached = this.lineFor(ep, variantName, instance, fleet)
      this.fleetLines.set(key, cached)
    }
    this.ledger.record(cached.line, this.billedMinute, billed)
  }

  /** The usage line of a fleet: one per endpoint, variant and fleet, its cost-allocation tags as of now. */
  private lineFor(ep: BilledEndpoint, variantName: string, instance: InstanceType, fleet: string | null): CachedLine {
    const id = `${ep.name}\u0001${variantName}\u0001${fleet ?? ''}`
    let cached = this.lineCache.get(id)
    if (!cached || cached.tagRevision !== ep.tagRevision || cached.activationRevision !== this.activationRevision || cached.instanceType !== instance.name) {
      const tags: Record<string, string> = {}
      for (const key of this.activeKeys) {
        const value = ep.tags.get(key)
        if (value !== undefined) tags[key] = value
      }
      const line = this.ledger.line({
        service: SAGEMAKER_SERVICE,
        region: REGION,
        usageType: `USE1-Host:${instance.name}`,
        instanceType: instance.name,
        pricePerHour: instance.pricePerHour,
        resourceArn: arn.endpoint(ep.name),
        endpointName: ep.name,
        tags
      })
      cached = { tagRevision: ep.tagRevision, activationRevision: this.activationRevision, instanceType: instance.name, line }
      this.lineCache.set(id, cached)
    }
    return cached
  }

  /** The minute that ended at `ctx.now` is billed: budgets evaluate. */
  endOfMinute(ctx: ServiceContext): void {
    for (const budget of this.budgets.values()) this.evaluate(budget, ctx)
  }

  private evaluate(budget: BudgetRecord, ctx: ServiceContext): void {
    const point = budget.tracker.at(ctx.now, this.startTime)
    if (budget.period !== point.month) {
      // A new budget period: actual and forecasted spend reset, every notification is OK again.
      budget.period = point.month
      for (const n of budget.notifications) {
        n.state = 'OK'
        n.alerted = false
      }
    }
    for (const n of budget.notifications) {
      const spend = n.spec.NotificationType === 'ACTUAL' ? point.monthToDate : point.forecast
      const threshold = thresholdUsd(n.spec, budget.limit)
      const inAlarm = spend !== null && holds(n.spec.ComparisonOperator, spend, threshold)
      if (!inAlarm) {
        n.state = 'OK'
        continue
      }
      if (n.state === 'ALARM') continue
      n.state = 'ALARM'
      if (n.alerted) continue
      n.alerted = true
      n.lastAlertAt = ctx.now
      this.alert(budget, n, spend, threshold, point, ctx)
    }
  }

  private alert(budget: BudgetRecord, n: NotificationRecord, spend: number, threshold: number, point: SpendPoint, ctx: ServiceContext): void {
    const { subject, detail } = alertText(budget, n.spec, spend, point.month)
    for (const s of n.subscribers) {
      ctx.emit({ type: 'Delivery', at: ctx.now, via: 'AWS Budgets', target: s.Address, kind: s.SubscriptionType === 'SNS' ? 'notify' : 'email', subject, detail })
    }
    this.alertLog.push({
      at: ctx.now,
      BudgetName: budget.name,
      NotificationType: n.spec.NotificationType,
      ComparisonOperator: n.spec.ComparisonOperator,
      Threshold: n.spec.Threshold,
      ThresholdType: n.spec.ThresholdType,
      SpendUsd: spend,
      ThresholdUsd: threshold,
      Subscribers: n.subscribers.map((x) => ({ ...x }))
    })
    if (this.alertLog.length > MAX_ALERTS) this.alertLog.shift()
  }

  private updateTagStatus(entries: readonly { TagKey: string; Status: string }[], ctx: ServiceContext): void {
    const issues = new IssueList()
    const seen = this.sagemaker.tagKeysSeen()
    if (entries.length === 0) issues.add('CostAllocationTagsStatus', 'list 1–20 tag keys with Status Active or Inactive')
    const keys = new Set<string>()
    entries.forEach((e, i) => {
      const p = `CostAllocationTagsStatus[${i}]`
      if (e.Status !== 'Active' && e.Status !== 'Inactive') issues.add(`${p}.Status`, `must be Active or Inactive, got "${e.Status}"`)
      if (keys.has(e.TagKey)) issues.add(`${p}.TagKey`, `"${e.TagKey}" is listed twice`)
      keys.add(e.TagKey)
      if (/^aws:/i.test(e.TagKey)) issues.add(`${p}.TagKey`, 'AWS-generated cost allocation tags (aws:…) are not simulated; activate a user-defined key such as project, env or team')
      else if (!seen.has(e.TagKey)) {
        const known = [...seen.keys()].sort()
        issues.add(`${p}.TagKey`, `no resource has been tagged with "${e.TagKey}", so it is not listed for activation yet; tag an endpoint with it first${known.length ? ` (keys in use: ${known.join(', ')})` : ''}`)
      }
    })
    issues.throwIfAny('UpdateCostAllocationTagsStatus')
    let changed = false
    for (const e of entries) {
      const status = e.Status as 'Active' | 'Inactive'
      const state = this.costTags.get(e.TagKey) ?? { status: 'Inactive', updatedAt: null }
      if (state.status !== status) {
        state.status = status
        state.updatedAt = ctx.now
        changed = true
      }
      this.costTags.set(e.TagKey, state)
    }
    if (changed) {
      this.activeKeys = [...this.costTags.entries()].filter(([, s]) => s.status === 'Active').map(([k]) => k).sort()
      this.activationRevision++
    }
    ctx.emit({
      type: 'ApiCall',
      at: ctx.now,
      eventSource: CE_SOURCE,
      eventName: 'UpdateCostAllocationTagsStatus',
      caller: ctx.caller,
      requestParameters: { costAllocationTagsStatus: entries.map((e) => ({ tagKey: e.TagKey, status: e.Status })) },
      responseElements: { errors: [] },
      resources: []
    })
  }

  // ---- reads ------------------------------------------------------------------------------------

  costAndUsage(req: CostAndUsageRequest, now: number) {
    return { ...costAndUsage(this.ledger, req, this.startTime, now), ActiveCostAllocationTags: [...this.activeKeys], PriceAsOf: PRICE_AS_OF, Simplifications: [...BILLING_SIMPLIFICATIONS] }
  }

  forecast(filter: CostFilter | undefined, now: number) {
    const point = new SpendTracker(this.ledger, memoMatcher(this.ledger, compileFilter(filter))).at(now, this.startTime)
    return {
      Month: point.month,
      MonthToDate: { Amount: amount(point.monthToDate), Unit: 'USD' },
      Total: point.forecast === null ? null : { Amount: amount(point.forecast), Unit: 'USD' },
      ForecastResultsByTime: forecastDays(point, now).map((d) => ({ TimePeriod: { Start: d.Start, End: d.End }, MeanValue: amount(d.MeanValue) })),
      DailyRate: point.dailyRate,
      WindowDays: point.windowDays,
      Rule: FORECAST_RULE,
      Unavailable: point.unavailable
    }
  }

  describeBudgets(now: number): { Budgets: BudgetView[]; Alerts: BudgetAlert[] } {
    return {
      Budgets: [...this.budgets.values()].map((b) => {
        const point = b.tracker.at(now, this.startTime)
        return {
          BudgetName: b.name,
          BudgetType: 'COST' as const,
          TimeUnit: 'MONTHLY' as const,
          BudgetLimit: { Amount: amount(b.limit), Unit: 'USD' },
          CostFilters: Object.fromEntries(Object.entries(b.filters).map(([k, v]) => [k, [...v]])),
          CalculatedSpend: { ActualSpend: { Amount: amount(point.monthToDate), Unit: 'USD' }, ForecastedSpend: point.forecast === null ? null : { Amount: amount(point.forecast), Unit: 'USD' } },
          TimePeriod: { Start: dayText(monthBounds(dayOf(b.createdAt)).start), End: BUDGET_END },
          LastUpdatedTime: b.updatedAt,
          Notifications: b.notifications.map((n) => ({ Notification: { ...n.spec, NotificationState: n.state }, Subscribers: n.subscribers.map((s) => ({ ...s })), LastAlertAt: n.lastAlertAt }))
        }
      }),
      Alerts: this.alertLog.map((a) => ({ ...a, Subscribers: a.Subscribers.map((s) => ({ ...s })) }))
    }
  }

  costAllocationTags() {
    return {
      CostAllocationTags: [...this.sagemaker.tagKeysSeen().entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([TagKey, firstSeen]) => {
          const state = this.costTags.get(TagKey)
          return { TagKey, Type: 'UserDefined' as const, Status: state?.status ?? ('Inactive' as const), LastUpdatedDate: state?.updatedAt != null ? toIso(state.updatedAt) : null, FirstSeen: toIso(firstSeen) }
        })
    }
  }

  summary(now: number): BillingSummary {
    const point = new SpendTracker(this.ledger, () => true).at(now, this.startTime)
    return {
      month: point.month,
      monthToDateUsd: point.monthToDate,
      forecastUsd: point.forecast,
      budgets: [...this.budgets.values()].map((b) => {
        const p = b.tracker.at(now, this.startTime)
        return {
          BudgetName: b.name,
          BudgetLimitUsd: b.limit,
          ActualSpendUsd: p.monthToDate,
          ForecastedSpendUsd: p.forecast,
          Notifications: b.notifications.map((n) => ({ ...n.spec, NotificationState: n.state }))
        }
      }),
      endpointTags: this.sagemaker.resourceTags(),
      activeCostAllocationTags: [...this.activeKeys]
    }
  }

  // ---- internals --------------------------------------------------------------------------------

  private budget(name: string): BudgetRecord {
    const b = this.budgets.get(name)
    if (!b) throw budgetNotFound(name, [...this.budgets.keys()])
    return b
  }

  private call(ctx: ServiceContext, source: string, eventName: string, budgetName: string, requestParameters: Record<string, unknown>): void {
    ctx.emit({
      type: 'ApiCall',
      at: ctx.now,
      eventSource: source,
      eventName,
      caller: ctx.caller,
      requestParameters,
      responseElements: null,
      // The Budget ARN pattern: arn:aws:budgets::AccountId:budget/budgetName (Budgets API Reference, Budget).
      resources: [{ type: 'AWS::Budgets::Budget', arn: `arn:aws:budgets::${ACCOUNT_ID}:budget/${budgetName}` }]
    })
  }
}

function fail(path: string, message: string): never {
  throw new LabError('VALIDATION', `${path}: ${message}`, [{ path, message }])
}
