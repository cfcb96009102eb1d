import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SandboxAction } from '../../../../src/shared/contract/sandbox'
import { arn } from '../../../../src/main/sandbox/core/account'
import { World, worldParts } from '../../../../src/main/sandbox/world'
import { activate, advance, budget, endpoint, tag } from './helpers'

/** Everything billing shows of a world, in one string. */
function billingFingerprint(w: World): string {
  return JSON.stringify([
    w.billing.costAndUsage({ Granularity: 'DAILY', GroupBy: [{ Type: 'TAG', Key: 'project' }, { Type: 'DIMENSION', Key: 'INSTANCE_TYPE' }] }, w.now),
    w.billing.forecast(undefined, w.now),
    w.billing.describeBudgets(w.now),
    w.billing.costAllocationTags(),
    worldParts(w).billing,
    w.notifications.list()
  ])
}

const TYPES = ['ml.m5.large', 'ml.c5.xlarge', 'ml.m5.xlarge'] as const
const PROJECTS = ['churn', 'fraud', 'search'] as const

/** A random but valid billing scenario: two endpoints, tagging, (de)activation, budgets and advances. */
const scenario = fc
  .record({
    types: fc.tuple(fc.constantFrom(...TYPES), fc.constantFrom(...TYPES)),
    counts: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    steps: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 2000 }) }),
        fc.record({ kind: fc.constant('tag' as const), ep: fc.constantFrom('a', 'b'), project: fc.constantFrom(...PROJECTS) }),
        fc.record({ kind: fc.constant('untag' as const), ep: fc.constantFrom('a', 'b') }),
        fc.record({ kind: fc.constant('status' as const), active: fc.boolean() }),
        fc.record({ kind: fc.constant('budget' as const), limit: fc.integer({ min: 1, max: 200 }), threshold: fc.integer({ min: 10, max: 150 }), forecasted: fc.boolean() })
      ),
      { minLength: 1, maxLength: 8 }
    )
  })
  .map(({ types, counts, steps }) => {
    const actions: SandboxAction[] = [endpoint('a', types[0], counts[0], { Tags: [{ Key: 'project', Value: 'churn' }] }), endpoint('b', types[1], counts[1])]
    let budgets = 0
    for (const s of steps) {
      if (s.kind === 'advance') actions.push(advance(s.minutes))
      else if (s.kind === 'tag') actions.push(tag(s.ep, [{ Key: 'project', Value: s.project }]))
      else if (s.kind === 'untag') actions.push({ type: 'DeleteTags', ResourceArn: arn.endpoint(s.ep), TagKeys: ['project'] })
      else if (s.kind === 'status') actions.push(s.active ? activate('project') : { type: 'UpdateCostAllocationTagsStatus', CostAllocationTagsStatus: [{ TagKey: 'project', Status: 'Inactive' }] })
      else actions.push(budget(`b${budgets++}`, String(s.limit), [{ type: s.forecasted ? 'FORECASTED' : 'ACTUAL', threshold: s.threshold }]))
    }
    actions.push(advance(60))
    return actions
  })

describe('billing in the world', () => {
  it('replaying the same seed and actions reaches the same billing state', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 6 }), scenario, (seed, actions) => {
        expect(billingFingerprint(World.replay(seed, actions))).toBe(billingFingerprint(World.replay(seed, actions)))
      }),
      { numRuns: 12 }
    )
  })

  it('advancing in pieces bills and alerts exactly as advancing at once', () => {
    const base: SandboxAction[] = [endpoint('a', 'ml.m5.large', 2, { Tags: [{ Key: 'project', Value: 'churn' }] }), activate('project'), budget('b', '5', [{ type: 'ACTUAL', threshold: 50 }, { type: 'FORECASTED', threshold: 100 }])]
    const once = World.replay('pieces', [...base, advance(3 * 1440)])
    const pieces = World.replay('pieces', [...base, advance(1000), advance(2000), advance(3 * 1440 - 3000)])
    expect(billingFingerprint(pieces)).toBe(billingFingerprint(once))
  })

  it('cost is never negative, and per period the tag groups plus the untagged group add up to the total', () => {
    fc.assert(
      fc.property(scenario, (actions) => {
        const w = World.replay('sums', actions)
        const res = w.billing.costAndUsage({ Granularity: 'DAILY', GroupBy: [{ Type: 'TAG', Key: 'project' }] }, w.now)
        let untagged = 0
        let total = 0
        for (const r of res.ResultsByTime) {
          const periodTotal = Number(r.Total.UnblendedCost?.Amount)
          expect(periodTotal).toBeGreaterThanOrEqual(0)
          const groups = r.Groups.map((g) => Number(g.Metrics.UnblendedCost?.Amount))
          for (const g of groups) expect(g).toBeGreaterThanOrEqual(0)
          // Amounts are rounded to 1e-10 each.
          expect(Math.abs(groups.reduce((a, b) => a + b, 0) - periodTotal)).toBeLessThan(1e-9 * (groups.length + 1))
          untagged += Number(r.Groups.find((g) => g.Keys[0] === 'project$')?.Metrics.UnblendedCost?.Amount ?? 0)
          total += periodTotal
        }
        expect(Number(res.UntaggedShare?.Amount)).toBeCloseTo(untagged, 6)
        expect(Number(res.UntaggedShare?.Total)).toBeCloseTo(total, 6)
        // The endpoint runtime accumulates its own cost minute by minute; the ledger agrees with it.
        expect(total).toBeCloseTo(w.sagemaker.totalCostUsd(), 6)
        const f = w.billing.forecast(undefined, w.now)
        expect(Number(f.MonthToDate.Amount)).toBeGreaterThanOrEqual(0)
        if (f.Total) expect(Number(f.Total.Amount)).toBeGreaterThanOrEqual(Number(f.MonthToDate.Amount))
      }),
      { numRuns: 25 }
    )
  })

  it('a lower ACTUAL threshold never alerts later than a higher one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.constantFrom(...TYPES), (t1, t2, type) => {
        const [low, high] = t1 <= t2 ? [t1, t2] : [t2, t1]
        // 4 days of the cheapest type (4 × $2.76 = $11.04) cross every threshold up to 100% of $10.
        const w = World.replay('order', [endpoint('a', type, 1), budget('low', '10', [{ type: 'ACTUAL', threshold: low }]), budget('high', '10', [{ type: 'ACTUAL', threshold: high }]), advance(4 * 1440)])
        const at = (name: string) => w.billing.describeBudgets(w.now).Alerts.find((a) => a.BudgetName === name)?.at ?? Infinity
        expect(at('high')).toBeLessThan(Infinity)
        expect(at('low')).toBeLessThanOrEqual(at('high'))
      }),
      { numRuns: 12 }
    )
  })

  it('the world summary carries month to date, the forecast, budgets with their states, tags and active keys', () => {
    // ml.m5.large × 2 for one day: 2 × 2.76 = $5.52; forecast 27 × 5.52 = $149.04.
    const w = World.replay('summary', [endpoint('a', 'ml.m5.large', 2, { Tags: [{ Key: 'team', Value: 'ml' }] }), activate('team'), budget('b', '100', [{ type: 'FORECASTED', threshold: 100 }]), advance(1440)])
    const billing = worldParts(w).billing
    expect(billing).toMatchObject({
      month: '2026-01',
      monthToDateUsd: expect.closeTo(5.52, 9),
      forecastUsd: expect.closeTo(149.04, 9),
      endpointTags: [{ EndpointName: 'a', ResourceArn: arn.endpoint('a'), Tags: [{ Key: 'team', Value: 'ml' }] }],
      activeCostAllocationTags: ['team']
    })
    expect(billing.budgets).toEqual([{ BudgetName: 'b', BudgetLimitUsd: 100, ActualSpendUsd: expect.closeTo(5.52, 9), ForecastedSpendUsd: expect.closeTo(149.04, 9), Notifications: [{ NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE', NotificationState: 'ALARM' }] }])
  })
})
