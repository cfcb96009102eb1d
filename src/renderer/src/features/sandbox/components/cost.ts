/**
 * What the Cost tab draws from Cost Explorer's answer: bar labels per period, one series per group
 * (largest first), and readable group names (`project$churn` → "project: churn", `project$` → "No
 * project tag", as the Cost Explorer console words untagged cost).
 */
import type { CostResult } from '../billing-requests'

export interface CostSeries {
  label: string
  values: number[]
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

export const amountOf = (m: { Amount: string } | undefined | null): number => (m ? Number(m.Amount) : 0)

/** "Jan 05" for a day, "Jan 2026" for a month. */
export function periodLabel(start: string, granularity: 'DAILY' | 'MONTHLY'): string {
  const [y, m, d] = start.split('-')
  const month = MONTHS[Number(m) - 1] ?? m
  return granularity === 'DAILY' ? `${month} ${d}` : `${month} ${y}`
}

export function groupLabel(key: string, type: 'DIMENSION' | 'TAG'): string {
  if (type !== 'TAG') return key
  const at = key.indexOf('$')
  const tagKey = key.slice(0, at)
  const value = key.slice(at + 1)
  return value === '' ? `No ${tagKey} tag` : `${tagKey}: ${value}`
}

export function costSeries(result: CostResult, granularity: 'DAILY' | 'MONTHLY'): { labels: string[]; series: CostSeries[] } {
  const labels = result.ResultsByTime.map((r) => periodLabel(r.TimePeriod.Start, granularity))
  const defs = result.GroupDefinitions
  if (defs.length === 0) return { labels, series: [{ label: 'Total', values: result.ResultsByTime.map((r) => amountOf(r.Total.UnblendedCost)) }] }
  const byKey = new Map<string, number[]>()
  result.ResultsByTime.forEach((r, i) => {
    for (const g of r.Groups) {
      const label = g.Keys.map((k, j) => groupLabel(k, defs[j]?.Type ?? 'DIMENSION')).join(' · ')
      const values = byKey.get(label) ?? new Array<number>(result.ResultsByTime.length).fill(0)
      values[i] += amountOf(g.Metrics.UnblendedCost)
      byKey.set(label, values)
    }
  })
  const sum = (v: number[]) => v.reduce((a, b) => a + b, 0)
  const series = [...byKey.entries()].map(([label, values]) => ({ label, values })).sort((a, b) => sum(b.values) - sum(a.values) || (a.label < b.label ? -1 : 1))
  return { labels, series }
}
