/**
 * Request traffic: an expected request rate per minute (rpm) for every simulated minute. The actual
 * count of each minute is drawn later, per variant, from a Poisson distribution with that mean
 * (requests from many independent clients arrive as a Poisson process), or rounded when
 * `noise: 'none'` is asked for (useful for labs that need an exact, hand-checkable timeline).
 *
 * Patterns (all times UTC):
 * - steady:  rate = baseRpm.
 * - diurnal: rate = baseRpm · (1 + amplitude · cos(2π · (hour − peakHourUtc) / 24)).
 * - weekly:  diurnal, times weekendFactor on Saturdays and Sundays.
 * - spikes:  baseRpm, with random bursts: each UTC day has Poisson(spikesPerDay) bursts at uniformly
 *            random minutes, each lasting spikeMinutes at spikeMultiplier × base. Overlapping bursts
 *            do not compound (the larger multiplier wins). Each day's bursts come from a stream named
 *            after the day, so a longer run never changes the bursts of an earlier day.
 * - growth:  rate = baseRpm · (1 + dailyGrowthRate)^(days since startTime), compounding continuously.
 */
import type { Rng } from '../core/rng'
import { DAY_MS, MINUTE_MS, utcHourOfDay, utcWeekday } from '../core/time'
import { IssueList } from '../core/issues'

interface TrafficBase {
  /** Mean requests per minute to the endpoint (before the pattern's shape). */
  baseRpm: number
  /** 'poisson' (default) samples each minute's count; 'none' uses the rounded expected rate. */
  noise?: 'poisson' | 'none'
}

export type TrafficSpec =
  | (TrafficBase & { pattern: 'steady' })
  | (TrafficBase & { pattern: 'diurnal'; amplitude: number; peakHourUtc?: number })
  | (TrafficBase & { pattern: 'weekly'; amplitude: number; peakHourUtc?: number; weekendFactor?: number })
  | (TrafficBase & { pattern: 'spikes'; spikesPerDay: number; spikeMultiplier: number; spikeMinutes: number })
  | (TrafficBase & { pattern: 'growth'; dailyGrowthRate: number })

export const TRAFFIC_PATTERNS = ['steady', 'diurnal', 'weekly', 'spikes', 'growth'] as const

/** 15:00 UTC = 10:00 in US Eastern winter time: a business-hours peak for a us-east-1 workload. */
export const DEFAULT_PEAK_HOUR_UTC = 15
export const DEFAULT_WEEKEND_FACTOR = 0.5
export const MAX_BASE_RPM = 10_000_000

export function validateTraffic(spec: unknown, issues: IssueList, path = 'traffic'): spec is TrafficSpec {
  if (typeof spec !== 'object' || spec === null) {
    issues.add(path, 'must be an object with a pattern: steady | diurnal | weekly | spikes | growth')
    return false
  }
  const s = spec as Record<string, unknown>
  const before = issues.issues.length
  if (!TRAFFIC_PATTERNS.includes(s.pattern as (typeof TRAFFIC_PATTERNS)[number])) {
    issues.add(`${path}.pattern`, `must be one of ${TRAFFIC_PATTERNS.join(' | ')}, got ${String(s.pattern)}`)
    return false
  }
  issues.number(`${path}.baseRpm`, s.baseRpm, { min: 0, max: MAX_BASE_RPM })
  if (s.noise !== undefined && s.noise !== 'poisson' && s.noise !== 'none') {
    issues.add(`${path}.noise`, `must be 'poisson' or 'none', got ${String(s.noise)}`)
  }
  switch (s.pattern) {
    case 'diurnal':
    case 'weekly':
      issues.number(`${path}.amplitude`, s.amplitude, { min: 0, max: 1 })
      issues.optionalNumber(`${path}.peakHourUtc`, s.peakHourUtc, { min: 0, max: 23.99 })
      if (s.pattern === 'weekly') issues.optionalNumber(`${path}.weekendFactor`, s.weekendFactor, { min: 0, max: 2 })
      break
    case 'spikes':
      issues.number(`${path}.spikesPerDay`, s.spikesPerDay, { min: 0, max: 100 })
      issues.number(`${path}.spikeMultiplier`, s.spikeMultiplier, { min: 1, max: 100 })
      issues.number(`${path}.spikeMinutes`, s.spikeMinutes, { min: 1, max: 1440, integer: true })
      break
    case 'growth':
      issues.number(`${path}.dailyGrowthRate`, s.dailyGrowthRate, { min: -0.5, max: 1 })
      break
  }
  return issues.issues.length === before
}

/** Expected rpm at time `t` for the patterns that need no randomness (all but the bursts of 'spikes'). */
export function shapeRate(spec: TrafficSpec, t: number, startTime: number): number {
  switch (spec.pattern) {
    case 'steady':
    case 'spikes':
      return spec.baseRpm
    case 'diurnal':
      return diurnal(spec.baseRpm, spec.amplitude, spec.peakHourUtc ?? DEFAULT_PEAK_HOUR_UTC, t)
    case 'weekly': {
      const day = utcWeekday(t)
      const weekend = day === 0 || day === 6
      const r = diurnal(spec.baseRpm, spec.amplitude, spec.peakHourUtc ?? DEFAULT_PEAK_HOUR_UTC, t)
      return weekend ? r * (spec.weekendFactor ?? DEFAULT_WEEKEND_FACTOR) : r
    }
    case 'growth':
      return spec.baseRpm * Math.pow(1 + spec.dailyGrowthRate, (t - startTime) / DAY_MS)
  }
}

function diurnal(base: number, amplitude: number, peakHour: number, t: number): number {
  return base * (1 + amplitude * Math.cos((2 * Math.PI * (utcHourOfDay(t) - peakHour)) / 24))
}

/**
 * Expected rpm for each of `minutes` minutes from `startTime` (minute-aligned). `rng` is used only by
 * the 'spikes' pattern, through forks named after each UTC day.
 */
export function expectedRates(spec: TrafficSpec, startTime: number, minutes: number, rng: Rng): Float64Array {
  const out = new Float64Array(minutes)
  for (let i = 0; i < minutes; i++) out[i] = shapeRate(spec, startTime + i * MINUTE_MS, startTime)
  if (spec.pattern !== 'spikes' || spec.spikesPerDay <= 0) return out
  const minutesPerDay = DAY_MS / MINUTE_MS
  const firstDay = Math.floor(startTime / DAY_MS)
  const lastDay = Math.floor((startTime + minutes * MINUTE_MS - 1) / DAY_MS)
  // Start one day early so a burst that began just before the window still shows at its start.
  for (let day = firstDay - 1; day <= lastDay; day++) {
    const spiked = spikeMultipliersForDay(spec, day, rng)
    const offset = Math.round((day * DAY_MS - startTime) / MINUTE_MS)
    for (let m = 0; m < 2 * minutesPerDay; m++) {
      const i = offset + m
      if (i >= 0 && i < minutes && out[i] < spiked[m]) out[i] = spiked[m]
    }
  }
  return out
}

/**
 * The bursts that start on UTC day `day` (days since the Unix epoch), as the spiked rate of each
 * minute from that day's midnight over two days (a burst may run past midnight), 0 where none runs.
 * The day's bursts come from the stream `spikes-day-<day>`, so they never depend on other days.
 */
export function spikeMultipliersForDay(spec: Extract<TrafficSpec, { pattern: 'spikes' }>, day: number, rng: Rng): Float64Array {
  const minutesPerDay = DAY_MS / MINUTE_MS
  const out = new Float64Array(2 * minutesPerDay)
  const dayRng = rng.fork(`spikes-day-${day}`)
  const count = dayRng.poisson(spec.spikesPerDay)
  const spiked = spec.baseRpm * spec.spikeMultiplier
  for (let k = 0; k < count; k++) {
    const startMinute = dayRng.int(0, minutesPerDay - 1)
    const end = Math.min(2 * minutesPerDay, startMinute + spec.spikeMinutes)
    // Overlapping bursts do not compound: the larger rate wins.
    for (let m = startMinute; m < end; m++) if (out[m] < spiked) out[m] = spiked
  }
  return out
}
