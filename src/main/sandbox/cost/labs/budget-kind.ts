/**
 * The `budget` lab step kind, on the scenario World's billing service: the learner activates a cost
 * allocation tag key and creates a monthly COST budget filtered on the team's tag, with one
 * notification (NotificationType ACTUAL or FORECASTED, a PERCENTAGE threshold). The scenario world
 * is rebuilt with those actions right after its setup (labs/scenario.ts), so the budget is evaluated
 * by the world's Budgets every minute as the month's spend arrives, and the step opens in the
 * sandbox with the same alerts.
 *
 * AWS (Budgets API Reference, CreateBudget and Notification; Billing user guide, "Activating
 * user-defined cost allocation tags"): a tag filter only sees costs of tag keys activated as cost
 * allocation tags; an ACTUAL notification fires when the month-to-date spend passes the threshold, a
 * FORECASTED one when the forecast of the month's spend does — which can be days before the money is
 * spent.
 */
import { z } from 'zod'
import { LabError, type ErrorIssue } from '../../../../shared/errors'
import type { BudgetStepRun } from '../../../../shared/contract/cost'
import type { SandboxAction } from '../../../../shared/contract/sandbox'
import { formatWhen } from '../../labs/format'
import { checksFor, type KindRun, type RunContext, type StepKind } from '../../labs/kinds'
import { scenarioRun } from '../../labs/scenario'

export const BUDGET_FIELDS = ['TagKey', 'NotificationType', 'Threshold'] as const
const NOTIFICATION_TYPES = ['ACTUAL', 'FORECASTED'] as const

const BudgetFixed = z.strictObject({
  BudgetName: z.string().min(1).max(100),
  /** Monthly limit, USD. */
  limitUsd: z.number().positive(),
  /** The budget's tag filter: key and value ("project", "recs"). */
  tag: z.strictObject({ Key: z.string().min(1).max(128), Value: z.string().min(1).max(256) }),
  subscriber: z.string().email().default('ml-team@example.com')
})
type Fixed = z.infer<typeof BudgetFixed>
type Result = BudgetStepRun['result']

function choice(ctx: RunContext<Fixed>): { TagKey: string; NotificationType: 'ACTUAL' | 'FORECASTED'; Threshold: number } {
  const by: Record<string, string | number> = {}
  for (const def of ctx.step.inputs) if (ctx.inputs[def.id] !== undefined) by[def.field] = ctx.inputs[def.id]
  const issues: ErrorIssue[] = []
  const type = String(by.NotificationType ?? 'ACTUAL')
  if (!(NOTIFICATION_TYPES as readonly string[]).includes(type)) issues.push({ path: 'NotificationType', message: 'must be ACTUAL or FORECASTED' })
  const threshold = Number(by.Threshold ?? 100)
  if (!Number.isFinite(threshold) || threshold <= 0 || threshold > 1000) issues.push({ path: 'Threshold', message: `must be a percentage above 0 and at most 1000, got ${String(by.Threshold)}` })
  if (issues.length > 0) throw new LabError('VALIDATION', `Invalid budget: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)
  return { TagKey: String(by.TagKey ?? 'none'), NotificationType: type as 'ACTUAL' | 'FORECASTED', Threshold: threshold }
}

function actions(ctx: RunContext<Fixed>): SandboxAction[] {
  const f = ctx.fixed
  const c = choice(ctx)
  const out: SandboxAction[] = []
  if (c.TagKey !== 'none') out.push({ type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: [{ TagKey: c.TagKey, Status: 'Active' }] } as SandboxAction)
  out.push({
    type: 'CreateBudget',
    Budget: { BudgetName: f.BudgetName, BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: String(f.limitUsd), Unit: 'USD' }, CostFilters: { TagKeyValue: [`user:${f.tag.Key}$${f.tag.Value}`] } },
    NotificationsWithSubscribers: [
      { Notification: { NotificationType: c.NotificationType, ComparisonOperator: 'GREATER_THAN', Threshold: c.Threshold, ThresholdType: 'PERCENTAGE' }, Subscribers: [{ SubscriptionType: 'EMAIL', Address: f.subscriber }] }
    ]
  } as SandboxAction)
  return out
}

function run(ctx: RunContext<Fixed>): KindRun<Result> {
  const f = ctx.fixed
  const c = choice(ctx)
  const learner = actions(ctx)
  const world = scenarioRun(ctx.lab, ctx.seed, learner).world
  const { Budgets, Alerts } = world.billing.describeBudgets(world.now)
  const budget = Budgets.find((b) => b.BudgetName === f.BudgetName)
  // When the team's actual spend passed the limit: its tag's daily costs in Cost Explorer, read from a
  // world where the tag key is active (the learner's, or the same scenario with only the activation).
  const reference = c.TagKey === f.tag.Key ? world : scenarioRun(ctx.lab, ctx.seed, [{ type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: [{ TagKey: f.tag.Key, Status: 'Active' }] } as SandboxAction]).world
  const daily = reference.billing.costAndUsage({ Granularity: 'DAILY', Metrics: ['UnblendedCost'], GroupBy: [{ Type: 'TAG', Key: f.tag.Key }] } as never, reference.now) as unknown as { ResultsByTime: { TimePeriod: { Start: string }; Groups: { Keys: string[]; Metrics: { UnblendedCost: { Amount: string } } }[] }[] }
  let cumulative = 0
  let overspendDay: string | null = null
  const days: { day: string; teamCostUsd: number; cumulativeUsd: number }[] = []
  for (const r of daily.ResultsByTime) {
    const team = r.Groups.filter((g) => g.Keys.some((k) => k === `${f.tag.Key}$${f.tag.Value}`)).reduce((a, g) => a + Number(g.Metrics.UnblendedCost.Amount), 0)
    cumulative += team
    days.push({ day: r.TimePeriod.Start, teamCostUsd: team, cumulativeUsd: cumulative })
    if (overspendDay === null && cumulative > f.limitUsd) overspendDay = r.TimePeriod.Start
  }
  const alerts = Alerts.filter((a) => a.BudgetName === f.BudgetName).map((a) => ({ at: a.at, when: formatWhen(a.at), NotificationType: a.NotificationType, SpendUsd: a.SpendUsd, ThresholdUsd: a.ThresholdUsd }))
  const first = alerts[0] ?? null
  const facts: Record<string, string> = {
    alerts: String(alerts.length),
    firstAlert: first ? first.when : 'never',
    overspendDay: overspendDay ?? 'not this month',
    actual: budget ? `$${Number(budget.CalculatedSpend.ActualSpend.Amount).toFixed(2)}` : '$0.00',
    forecast: budget?.CalculatedSpend.ForecastedSpend ? `$${Number(budget.CalculatedSpend.ForecastedSpend.Amount).toFixed(2)}` : 'none',
    limit: `$${f.limitUsd.toFixed(2)}`,
    tagKey: c.TagKey
  }
  return {
    result: {
      budget: {
        choice: c,
        limitUsd: f.limitUsd,
        filter: `user:${f.tag.Key}$${f.tag.Value}`,
        actualUsd: budget ? Number(budget.CalculatedSpend.ActualSpend.Amount) : 0,
        forecastUsd: budget?.CalculatedSpend.ForecastedSpend ? Number(budget.CalculatedSpend.ForecastedSpend.Amount) : null,
        alerts,
        overspendDay,
        days
      }
    },
    facts
  }
}

const check = checksFor<Result>()
const DAY_MS = 86_400_000

export const alertBeforeOverspend = check({
  name: 'alertBeforeOverspend',
  description: "The budget's first alert reaches the team at least `days` days before the team's actual spend passes the limit.",
  params: z.strictObject({ days: z.number().min(0).max(30).default(2) }),
  criterion: (p) => `Your budget alerts the team at least ${p.days} days before its actual spend passes the monthly limit (the start of the day the limit is passed).`,
  run(ctx, p) {
    const b = ctx.result.budget
    const first = b.alerts[0]
    if (!b.overspendDay) return { pass: false, diagnostic: 'The team did not pass its limit this month (a lab content problem).' }
    const over = Date.parse(`${b.overspendDay}T00:00:00Z`)
    if (!first) return { pass: false, diagnostic: `No alert fired; the team passed its $${b.limitUsd} limit on ${b.overspendDay}.${b.choice.TagKey === 'none' || b.choice.TagKey !== b.filter.slice(5, b.filter.indexOf('$')) ? ' The budget filters on a tag whose key is not an active cost allocation tag, so it sees no cost at all.' : ''}` }
    const lead = (over - first.at) / DAY_MS
    return { pass: lead >= p.days, diagnostic: `First alert (${first.NotificationType}) ${first.when}; the limit was passed on ${b.overspendDay}: ${lead > 0 ? `${lead.toFixed(1)} days of warning` : 'no warning, the alert came on the day the limit was passed'}.`, details: { leadDays: lead } }
  }
})

export const budgetKind: StepKind<Fixed, Result> = {
  kind: 'budget',
  owner: 'cost',
  fixed: BudgetFixed,
  fields: BUDGET_FIELDS,
  validateStep(step, _fixed, issue) {
    step.inputs.forEach((input, k) => {
      if (input.target !== undefined) issue(['steps', '*', 'inputs', k, 'target'], 'a budget step has no targets')
      if (input.field === 'NotificationType') input.options?.forEach((o, j) => (NOTIFICATION_TYPES as readonly unknown[]).includes(o) || issue(['steps', '*', 'inputs', k, 'options', j], 'must be ACTUAL or FORECASTED'))
    })
  },
  run,
  checks: { [alertBeforeOverspend.name]: alertBeforeOverspend },
  sandboxActions: (ctx) => actions(ctx)
}
