/**
 * Simulated time. The sandbox never reads the real clock: every scenario starts at a fixed instant
 * and moves only when the simulation advances it, so the same scenario gives the same timestamps on
 * every machine and every day.
 *
 * Epoch choice: Monday 2026-01-05T00:00:00Z.
 * - A Monday at 00:00 UTC, so minute 0 is the start of a day and of an ISO week: daily and weekly
 *   traffic cycles line up with the chart's day boundaries and the weekend falls on days 5 and 6.
 * - After the as-of date of the catalog prices, so a simulated bill never predates its price list.
 * - In winter, so no daylight-saving shift can confuse anyone reading times as local.
 */
import { LabError } from '../../../shared/errors'

export const MINUTE_MS = 60_000
/** Epoch milliseconds of 2026-01-05T00:00:00Z (a Monday). */
export const SIM_EPOCH_MS = Date.UTC(2026, 0, 5, 0, 0, 0)
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS

export interface SimClock {
  /** Current simulated time, epoch milliseconds. */
  now(): number
  /** Current simulated time as ISO-8601 UTC, e.g. `2026-01-05T00:00:00.000Z`. */
  nowIso(): string
  /** Moves time forward by `ms` (finite, >= 0) and returns the new time. */
  advance(ms: number): number
}

export function createClock(startMs: number = SIM_EPOCH_MS): SimClock {
  assertFiniteTime(startMs, 'startMs')
  let t = startMs
  return {
    now: () => t,
    nowIso: () => toIso(t),
    advance(ms: number): number {
      if (!Number.isFinite(ms) || ms < 0) {
        throw new LabError('VALIDATION', `advance: ms must be a finite number >= 0, got ${ms}`, [
          { path: 'ms', message: 'must be a finite number >= 0 (simulated time never runs backwards)' }
        ])
      }
      t += ms
      return t
    }
  }
}

/** ISO-8601 UTC with milliseconds, the format CloudWatch and CloudTrail use for timestamps. */
export function toIso(ms: number): string {
  assertFiniteTime(ms, 'time')
  return new Date(ms).toISOString()
}

/** Parses an ISO-8601 timestamp that names its zone (`Z` or `±hh:mm`); throws a LabError otherwise. */
export function parseIso(text: string, path = 'time'): number {
  const zoned = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/
  const ms = zoned.test(text) ? Date.parse(text) : NaN
  if (!Number.isFinite(ms)) {
    throw new LabError('VALIDATION', `${path}: not an ISO-8601 timestamp with a zone: "${text}"`, [
      { path, message: 'must be ISO-8601 with a zone, e.g. 2026-01-05T09:30:00Z' }
    ])
  }
  return ms
}

/** Accepts epoch milliseconds or an ISO-8601 string; returns epoch milliseconds. */
export function toEpochMs(value: number | string, path = 'time'): number {
  if (typeof value === 'string') return parseIso(value, path)
  assertFiniteTime(value, path)
  return value
}

/** Rounds down to the start of the minute. */
export function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS
}

/** Index of the minute containing `ms`, counting from `startMs` (which should be minute-aligned). */
export function minuteIndex(startMs: number, ms: number): number {
  return Math.floor((ms - startMs) / MINUTE_MS)
}

/** UTC hour of day as a fraction, e.g. 13.5 for 13:30. */
export function utcHourOfDay(ms: number): number {
  const inDay = ((ms % DAY_MS) + DAY_MS) % DAY_MS
  return inDay / HOUR_MS
}

/** UTC weekday, 0 = Sunday … 6 = Saturday (as Date.getUTCDay). */
export function utcWeekday(ms: number): number {
  // 1970-01-01 was a Thursday (4). Arithmetic instead of a Date keeps the traffic loop allocation-free.
  const day = Math.floor(ms / DAY_MS)
  return (((day + 4) % 7) + 7) % 7
}

function assertFiniteTime(ms: number, path: string): void {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new LabError('VALIDATION', `${path}: must be finite epoch milliseconds, got ${ms}`, [
      { path, message: 'must be finite epoch milliseconds or an ISO-8601 string' }
    ])
  }
}
