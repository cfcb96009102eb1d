/**
 * Cost Explorer's GetCostAndUsage over a world's ledger (Cost Explorer API Reference,
 * GetCostAndUsage, Expression, GroupDefinition):
 * - TimePeriod: Start inclusive, End exclusive, YYYY-MM-DD; Granularity DAILY or MONTHLY (a MONTHLY
 *   period is cut at the TimePeriod's ends).
 * - GroupBy: up to two groups, each a DIMENSION (SERVICE, INSTANCE_TYPE, USAGE_TYPE, REGION here) or a
 *   TAG key. A tag group's key is `<key>$<value>`, and cost without the tag falls in `<key>$` ("When you
 *   group by tag key, you get all tag values, including empty strings").
 * - Filter: an Expression with one Dimensions or Tags condition, or an And of them ("Each Expression
 *   can have only one operator"). Tags MatchOptions ABSENT matches cost without the tag.
 * - Metrics: UnblendedCost (USD) and UsageQuantity (the instance-hours billed, unit Hrs).
 * - Estimated: true for a period whose figures can still change (it has not ended at the world's now).
 *
 * Only activated cost allocation tags appear (ledger.ts). Amounts are strings, as the API returns them.
 */
import { LabError } from '../../../shared/errors'
import type { z } from 'zod'
import type { CostFilterSchema, GetCostAndUsageRequestSchema, GetCostAndUsageResponseSchema } from '../../../shared/contract/billing'
import { DAY_MS } from '../core/time'
import { costOf, dayText, memoMatcher, monthBounds, type CostLedger, type LinePredicate, type UsageLine } from './ledger'
import { reportDay } from './forecast'

export type CostFilter = z.infer<typeof CostFilterSchema>
export type CostAndUsageRequest = Omit<z.infer<typeof GetCostAndUsageRequestSchema>, 'worldId'>
export type CostAndUsageResult = Omit<z.infer<typeof GetCostAndUsageResponseSchema>, 'ActiveCostAllocationTags' | 'PriceAsOf' | 'Simplifications'>

/** Days one DAILY request may span: more than a world can run, fewer than make an unbounded answer. */
export const MAX_DAILY_SPAN_DAYS = 400
export const MAX_MONTHLY_SPAN_DAYS = 3 * 366
/** Groups one period may return; the world's endpoints and tags stay far below it. */
export const MAX_GROUPS_PER_PERIOD = 1000

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Formats an amount as Cost Explorer does: a decimal string (here to 10 decimal places, trailing zeros dropped). */
export function amount(x: number): string {
  return String(Math.round(x * 1e10) / 1e10)
}

export function parseDay(text: string, path: string): number {
  const ms = DATE.test(text) ? Date.parse(`${text}T00:00:00Z`) : NaN
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new LabError('VALIDATION', `${path}: must be a date YYYY-MM-DD, got "${text}"`, [{ path, message: 'must be a date YYYY-MM-DD, e.g. 2026-01-05' }])
  }
  return ms / DAY_MS
}

function fail(path: string, message: string): never {
  throw new LabError('VALIDATION', `${path}: ${message}`, [{ path, message }])
}

/** The line test of a Cost Explorer Expression (absent: everything). */
export function compileFilter(filter: CostFilter | undefined, path = 'Filter'): LinePredicate {
  if (!filter) return () => true
  if ('And' in filter) {
    const parts = filter.And.map((f, i) => compileFilter(f, `${path}.And[${i}]`))
    return (line) => parts.every((p) => p(line))
  }
  if ('Dimensions' in filter) {
    const values = new Set(filter.Dimensions.Values)
    const pick = dimensionOf(filter.Dimensions.Key)
    return (line) => values.has(pick(line))
  }
  const { Key, Values, MatchOptions } = filter.Tags
  if (MatchOptions?.[0] === 'ABSENT') {
    if (Values && Values.length > 0) fail(`${path}.Tags.Values`, 'give no Values with MatchOptions ABSENT (it matches cost without the tag)')
    return (line) => !line.tags[Key]
  }
  if (!Values || Values.length === 0) fail(`${path}.Tags.Values`, 'list the tag values to match, or use MatchOptions ["ABSENT"] for cost without the tag')
  const values = new Set(Values)
  // An empty value in Values matches cost without the tag, as its group key `<key>$` does.
  return (line) => values.has(line.tags[Key] ?? '')
}

function dimensionOf(key: 'SERVICE' | 'INSTANCE_TYPE' | 'USAGE_TYPE' | 'REGION'): (line: UsageLine) => string {
  switch (key) {
    case 'SERVICE':
      return (l) => l.service
    case 'INSTANCE_TYPE':
      return (l) => l.instanceType
    case 'USAGE_TYPE':
      return (l) => l.usageType
    case 'REGION':
      return (l) => l.region
  }
}

const DIMENSIONS = ['SERVICE', 'INSTANCE_TYPE', 'USAGE_TYPE', 'REGION'] as const

export function costAndUsage(ledger: CostLedger, req: CostAndUsageRequest, startTime: number, now: number): CostAndUsageResult {
  const lastDay = reportDay(now, startTime)
  const start = req.TimePeriod ? parseDay(req.TimePeriod.Start, 'TimePeriod.Start') : Math.floor(startTime / DAY_MS)
  const end = req.TimePeriod ? parseDay(req.TimePeriod.End, 'TimePeriod.End') : lastDay + 1
  if (end <= start) fail('TimePeriod.End', `must be after Start (End is exclusive), got ${dayText(start)} to ${dayText(end)}`)
  const span = req.Granularity === 'DAILY' ? MAX_DAILY_SPAN_DAYS : MAX_MONTHLY_SPAN_DAYS
  if (end - start > span) fail('TimePeriod', `a ${req.Granularity} request spans at most ${span} days, got ${end - start}`)

  const groupBy = req.GroupBy ?? []
  const keyers = groupBy.map((g, i): ((line: UsageLine) => string) => {
    if (g.Type === 'TAG') return (l) => `${g.Key}$${l.tags[g.Key] ?? ''}`
    if (!(DIMENSIONS as readonly string[]).includes(g.Key)) fail(`GroupBy[${i}].Key`, `the sandbox groups by dimension ${DIMENSIONS.join(', ')}, or by a TAG key; got "${g.Key}"`)
    return dimensionOf(g.Key as (typeof DIMENSIONS)[number])
  })
  const metrics = req.Metrics ?? ['UnblendedCost']
  const matches = memoMatcher(ledger, compileFilter(req.Filter))

  const periods: { from: number; to: number }[] = []
  for (let d = start; d < end; ) {
    const to = req.Granularity === 'DAILY' ? d + 1 : Math.min(end, monthBounds(d).end)
    periods.push({ from: d, to })
    d = to
  }

  const firstTag = groupBy.find((g) => g.Type === 'TAG')
  let untagged = 0
  let overall = 0
  const ResultsByTime = periods.map(({ from, to }) => {
    let cost = 0
    let minutes = 0
    const groups = new Map<string, { keys: string[]; cost: number; minutes: number }>()
    for (let d = from; d < to; d++) {
      for (const [key, m] of ledger.day(d)) {
        if (!matches(key)) continue
        const line = ledger.lineOf(key)
        const c = costOf(line, m)
        cost += c
        minutes += m
        if (firstTag && !line.tags[firstTag.Key]) untagged += c
        if (keyers.length === 0) continue
        const keys = keyers.map((k) => k(line))
        const id = keys.join('\u0001')
        const g = groups.get(id) ?? { keys, cost: 0, minutes: 0 }
        g.cost += c
        g.minutes += m
        groups.set(id, g)
      }
    }
    overall += cost
    if (groups.size > MAX_GROUPS_PER_PERIOD) fail('GroupBy', `more than ${MAX_GROUPS_PER_PERIOD} groups in one period; add a Filter`)
    return {
      TimePeriod: { Start: dayText(from), End: dayText(to) },
      Total: values(metrics, cost, minutes),
      Groups: [...groups.values()]
        .sort((a, b) => (a.keys.join('\u0001') < b.keys.join('\u0001') ? -1 : 1))
        .map((g) => ({ Keys: g.keys, Metrics: values(metrics, g.cost, g.minutes) })),
      Estimated: to * DAY_MS > now
    }
  })
  return {
    GroupDefinitions: groupBy.map((g) => ({ Type: g.Type, Key: g.Key })),
    ResultsByTime,
    UntaggedShare: firstTag ? { TagKey: firstTag.Key, Amount: amount(untagged), Total: amount(overall), Share: overall > 0 ? untagged / overall : 0 } : null
  }
}

function values(metrics: readonly ('UnblendedCost' | 'UsageQuantity')[], cost: number, minutes: number) {
  return {
    ...(metrics.includes('UnblendedCost') ? { UnblendedCost: { Amount: amount(cost), Unit: 'USD' } } : {}),
    ...(metrics.includes('UsageQuantity') ? { UsageQuantity: { Amount: amount(minutes / 60), Unit: 'Hrs' } } : {})
  }
}
