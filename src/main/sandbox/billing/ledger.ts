/**
 * The world's bill as Cost Explorer sees it: billed instance-minutes per UTC day and per line item,
 * a line item being one instance type on one endpoint with the cost allocation tags it carried while
 * it ran. Cost is computed when read, instance-minutes × the hourly price / 60, so a day's cost is an
 * exact function of whole minutes (SageMaker bills real-time instances per second of use, AWS-FACTS
 * §5.1; the sandbox steps in minutes).
 *
 * Cost allocation (AWS Billing user guide, "Using user-defined cost allocation tags"): a user-defined
 * tag attributes cost only while it is an activated cost allocation tag, and only cost incurred after
 * activation; tags are not applied to cost that came before. So a line item records the tags that were
 * on the resource *and* active at the minute the cost was incurred, and never changes afterwards.
 */
import { DAY_MS } from '../core/time'

/** The service name Cost Explorer's SERVICE dimension uses for SageMaker. */
export const SAGEMAKER_SERVICE = 'Amazon SageMaker'

export interface UsageLine {
  key: string
  service: string
  region: string
  /** USAGE_TYPE: `USE1-Host:<instance type>`, the shape SageMaker hosting usage takes on bills [U]. */
  usageType: string
  instanceType: string
  pricePerHour: number
  resourceArn: string
  endpointName: string
  /** The cost allocation tags active on the resource when the cost was incurred. */
  tags: Readonly<Record<string, string>>
}

export type LinePredicate = (line: UsageLine) => boolean

export const dayOf = (t: number): number => Math.floor(t / DAY_MS)
export const dayText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)
export const monthText = (day: number): string => dayText(day).slice(0, 7)

/** First day of the month containing `day`, and the first day of the next month. */
export function monthBounds(day: number): { start: number; end: number } {
  const d = new Date(day * DAY_MS)
  const y = d.getUTCFullYear()
  const m = d.getUTCMonth()
  return { start: Date.UTC(y, m, 1) / DAY_MS, end: Date.UTC(y, m + 1, 1) / DAY_MS }
}

export class CostLedger {
  private readonly lines = new Map<string, UsageLine>()
  private readonly days = new Map<number, Map<string, number>>()
  private lastDay = NaN
  private lastMap: Map<string, number> | null = null
  private first: number | null = null

  /** The interned line item for these attributes. */
  line(spec: Omit<UsageLine, 'key'>): UsageLine {
    const tagText = Object.keys(spec.tags)
      .sort()
      .map((k) => `${k}=${spec.tags[k]}`)
      .join('\u0002')
    const key = `${spec.instanceType}\u0001${spec.resourceArn}\u0001${tagText}`
    let line = this.lines.get(key)
    if (!line) {
      line = { key, ...spec, tags: Object.freeze({ ...spec.tags }) }
      this.lines.set(key, line)
    }
    return line
  }

  /** Bills `instances` instance-minutes of `line` in the minute starting at `t`. */
  record(line: UsageLine, t: number, instances: number): void {
    if (instances <= 0) return
    const day = dayOf(t)
    if (day !== this.lastDay) {
      let map = this.days.get(day)
      if (!map) {
        map = new Map()
        this.days.set(day, map)
      }
      this.lastDay = day
      this.lastMap = map
      if (this.first === null || day < this.first) this.first = day
    }
    const map = this.lastMap as Map<string, number>
    map.set(line.key, (map.get(line.key) ?? 0) + instances)
  }

  lineOf(key: string): UsageLine {
    return this.lines.get(key) as UsageLine
  }

  /** Every line item ever billed. */
  allLines(): UsageLine[] {
    return [...this.lines.values()]
  }

  /** The billed instance-minutes of one day, by line key (empty for a day without cost). */
  day(day: number): ReadonlyMap<string, number> {
    return this.days.get(day) ?? EMPTY
  }

  /** The first day with any cost, or null. */
  get firstDay(): number | null {
    return this.first
  }

  /** Cost of one day's lines that pass `matches` (a line-key test). */
  daySum(day: number, matches: (key: string) => boolean): number {
    let sum = 0
    for (const [key, minutes] of this.day(day)) {
      if (matches(key)) sum += costOf(this.lineOf(key), minutes)
    }
    return sum
  }

  /** Cost over the days [from, to). */
  sumDays(from: number, to: number, matches: (key: string) => boolean): number {
    let sum = 0
    for (let d = from; d < to; d++) sum += this.daySum(d, matches)
    return sum
  }

  /** The first day on which a matching line has cost, or null. */
  firstDayWhere(matches: (key: string) => boolean): number | null {
    if (this.first === null) return null
    const days = [...this.days.keys()].sort((a, b) => a - b)
    for (const d of days) {
      for (const key of (this.days.get(d) as Map<string, number>).keys()) if (matches(key)) return d
    }
    return null
  }
}

const EMPTY: ReadonlyMap<string, number> = new Map()

export function costOf(line: UsageLine, minutes: number): number {
  return (minutes * line.pricePerHour) / 60
}

/** A line-key test that remembers each line's answer (line items never change). */
export function memoMatcher(ledger: CostLedger, predicate: LinePredicate): (key: string) => boolean {
  const memo = new Map<string, boolean>()
  return (key) => {
    let hit = memo.get(key)
    if (hit === undefined) {
      hit = predicate(ledger.lineOf(key))
      memo.set(key, hit)
    }
    return hit
  }
}
