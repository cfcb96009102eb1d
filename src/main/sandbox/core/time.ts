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
  return isoUtc(ms)
}

/** Epoch ms of 10000-01-01T00:00:00Z: below it (and from 0) `isoUtc` formats without a Date. */
const YEAR_10000_MS = 253402300800000
const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)))

/**
 * The UTC calendar fields of whole-millisecond epoch time `ms` (0 ≤ ms < year 10000), by Howard
 * Hinnant's days-to-civil algorithm ("chrono-Compatible Low-Level Date Algorithms"), the proleptic
 * Gregorian calendar Date uses, so each field equals Date's getUTC… one (a test compares them). Every
 * event of a world stamps a time or two, and this makes no Date. One shared object: read it at once.
 */
export function utcFields(ms: number): { year: number; month: number; day: number; hour: number; minute: number; second: number; millisecond: number } {
  const f = fieldScratch
  const days = Math.floor(ms / DAY_MS)
  let rest = ms - days * DAY_MS
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  f.day = doy - Math.floor((153 * mp + 2) / 5) + 1
  f.month = mp < 10 ? mp + 3 : mp - 9
  f.year = yoe + era * 400 + (f.month <= 2 ? 1 : 0)
  f.hour = Math.floor(rest / 3_600_000)
  rest -= f.hour * 3_600_000
  f.minute = Math.floor(rest / MINUTE_MS)
  rest -= f.minute * MINUTE_MS
  f.second = Math.floor(rest / 1000)
  f.millisecond = rest - f.second * 1000
  return f
}

const fieldScratch = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0 }

/** Whether `utcFields` covers `ms` (a whole millisecond from 1970 to year 9999). */
export function hasUtcFields(ms: number): boolean {
  return Number.isInteger(ms) && ms >= 0 && ms < YEAR_10000_MS
}

/** Exactly `new Date(ms).toISOString()` ("2026-01-05T00:00:00.000Z"), without a Date where `utcFields` covers `ms`. */
export function isoUtc(ms: number): string {
  if (!hasUtcFields(ms)) return new Date(ms).toISOString()
  const f = utcFields(ms)
  const y = f.year
  const ms3 = f.millisecond < 10 ? `00${f.millisecond}` : f.millisecond < 100 ? `0${f.millisecond}` : String(f.millisecond)
  return `${TWO_DIGITS[(y / 100) | 0]}${TWO_DIGITS[y % 100]}-${TWO_DIGITS[f.month]}-${TWO_DIGITS[f.day]}T${TWO_DIGITS[f.hour]}:${TWO_DIGITS[f.minute]}:${TWO_DIGITS[f.second]}.${ms3}Z`
}

/**
 * ISO-8601 with the zone as "+0000" ("2019-10-02T17:04:40.989+0000"): the form of CloudWatch's
 * reason data and of the timestamps inside an alarm state-change event's state objects.
 */
export function isoUtcZeroOffset(ms: number): string {
  return isoUtc(ms).replace('Z', '+0000')
}

/** dd/MM/yy HH:mm:ss in UTC (CloudWatch's reason form), from `utcFields` where it covers `ms`. */
export function reasonTimestampUtc(ms: number): string {
  if (!hasUtcFields(ms)) {
    const t = new Date(ms)
    return `${pad2(t.getUTCDate())}/${pad2(t.getUTCMonth() + 1)}/${pad2(t.getUTCFullYear() % 100)} ${pad2(t.getUTCHours())}:${pad2(t.getUTCMinutes())}:${pad2(t.getUTCSeconds())}`
  }
  const f = utcFields(ms)
  return `${TWO_DIGITS[f.day]}/${TWO_DIGITS[f.month]}/${TWO_DIGITS[f.year % 100]} ${TWO_DIGITS[f.hour]}:${TWO_DIGITS[f.minute]}:${TWO_DIGITS[f.second]}`
}

/**
 * yyyyMMddHHmm in UTC ("202601050100"): the time stamp in the name of a processing job a
 * monitoring schedule starts. Exactly `new Date(ms).toISOString()` without `-`, `:` and `T`, cut to
 * 12 characters; from `utcFields` where it covers `ms`.
 */
export function compactUtcMinute(ms: number): string {
  if (!hasUtcFields(ms)) return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 12)
  const f = utcFields(ms)
  const y = f.year
  return `${TWO_DIGITS[(y / 100) | 0]}${TWO_DIGITS[y % 100]}${TWO_DIGITS[f.month]}${TWO_DIGITS[f.day]}${TWO_DIGITS[f.hour]}${TWO_DIGITS[f.minute]}`
}

function pad2(k: number): string {
  return k < 10 ? `0${k}` : String(k)
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
