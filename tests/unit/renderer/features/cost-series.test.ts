import { describe, expect, it } from 'vitest'
import { costSeries, groupLabel, periodLabel } from '@/features/sandbox/components/cost'
import type { CostResult } from '@/features/sandbox/billing-requests'

const usd = (Amount: string) => ({ UnblendedCost: { Amount, Unit: 'USD' } })

function result(groups: [string, string][][], tag = true): CostResult {
  return {
    GroupDefinitions: [{ Type: tag ? 'TAG' : 'DIMENSION', Key: tag ? 'project' : 'INSTANCE_TYPE' }],
    ResultsByTime: groups.map((g, i) => ({
      TimePeriod: { Start: `2026-01-0${5 + i}`, End: `2026-01-0${6 + i}` },
      Total: usd(String(g.reduce((s, [, a]) => s + Number(a), 0))),
      Groups: g.map(([k, a]) => ({ Keys: [k], Metrics: usd(a) })),
      Estimated: false
    })),
    UntaggedShare: null,
    ActiveCostAllocationTags: ['project'],
    PriceAsOf: '2025-10-01',
    Simplifications: []
  }
}

describe('the Cost tab’s chart data', () => {
  it('names tag groups as the Cost Explorer console does: a value, or no tag', () => {
    expect(groupLabel('project$churn', 'TAG')).toBe('project: churn')
    expect(groupLabel('project$', 'TAG')).toBe('No project tag')
    expect(groupLabel('cost$center$a', 'TAG')).toBe('cost: center$a')
    expect(groupLabel('ml.m5.large', 'DIMENSION')).toBe('ml.m5.large')
  })

  it('labels days and months', () => {
    expect(periodLabel('2026-01-05', 'DAILY')).toBe('Jan 05')
    expect(periodLabel('2026-02-01', 'MONTHLY')).toBe('Feb 2026')
  })

  it('makes one series per group, zero on days without it, largest first', () => {
    // churn: 2.76 + 2.76 = 5.52; untagged: 4.896 on day 2 only.
    const { labels, series } = costSeries(result([[['project$churn', '2.76']], [['project$churn', '2.76'], ['project$', '4.896']]]), 'DAILY')
    expect(labels).toEqual(['Jan 05', 'Jan 06'])
    expect(series).toEqual([
      { label: 'project: churn', values: [2.76, 2.76] },
      { label: 'No project tag', values: [0, 4.896] }
    ])
  })

  it('without GroupBy draws the totals as one series', () => {
    const r = result([[['x', '1']]])
    const { series } = costSeries({ ...r, GroupDefinitions: [] }, 'DAILY')
    expect(series).toEqual([{ label: 'Total', values: [1] }])
  })
})
