/**
 * Monitoring schedules: `ScheduleConfig` validated as the SageMaker API reference documents it
 * (API_ScheduleConfig; "The cron expression for monitoring schedule",
 * model-monitor-schedule-expression) and the runs it starts in a window of simulated time.
 *
 * Accepted `ScheduleExpression` forms, and nothing else:
 * - hourly `cron(0 * ? * * *)`;
 * - daily `cron(0 H ? * * *)` with H in 0–23 (one or two digits, e.g. `cron(0 12 ? * * *)`);
 * - every N hours `cron(0 H/N ? * * *)` with H in 0–23 and N in 1–24. AWS describes
 *   `cron(0 17/12 ? * * *)` as "every 12 hours, starting at 5 PM UTC", so the run hours of a day are
 *   those that are H modulo N (17/12 → 05:00 and 17:00), and the pattern repeats each day;
 * - `NOW`: one run, immediately, not recurring; DataAnalysisStartTime and DataAnalysisEndTime are
 *   then required.
 * An execution starts 0–20 minutes after its scheduled time (seeded, per run). DataAnalysisStartTime
 * and DataAnalysisEndTime are ISO 8601 durations (1–15 characters, matching ^.?P.*) offset from
 * the scheduled time, e.g. "-PT1H"; the end must not follow the start by more than 24 hours.
 */
import { invalidField } from '../../../shared/errors'
import { DAY_MS, HOUR_MS } from '../core/time'
import { createRng } from '../core/rng'

export const MAX_START_DELAY_SECONDS = 20 * 60
export const MAX_ANALYSIS_WINDOW_MS = 24 * HOUR_MS

export const ACCEPTED_FORMS =
  'cron(0 * ? * * *) (hourly), cron(0 H ? * * *) (daily at hour H, 0–23), cron(0 H/N ? * * *) (every N hours from hour H, N 1–24) or NOW (once, immediately)'

export type Schedule =
  | { kind: 'hourly' }
  | { kind: 'daily'; hour: number }
  | { kind: 'everyNHours'; startHour: number; intervalHours: number }
  | { kind: 'now' }

export interface ScheduleConfig {
  ScheduleExpression: string
  DataAnalysisStartTime?: string
  DataAnalysisEndTime?: string
}

export interface ValidatedSchedule {
  schedule: Schedule
  /** Offsets from the scheduled time, milliseconds. */
  analysisStartOffsetMs: number
  analysisEndOffsetMs: number
}

export interface ScheduledRun {
  /** The time the expression names (epoch ms). */
  scheduledTime: number
  /** When the execution actually starts: 0–20 minutes later. */
  startTime: number
  /** The data it analyses: [scheduledTime + start offset, scheduledTime + end offset). */
  analysisStart: number
  analysisEnd: number
}

const CRON = /^cron\(0 (\*|\d{1,2}|\d{1,2}\/\d{1,2}) \? \* \* \*\)$/
const FIELD = 'ScheduleConfig.ScheduleExpression'

export function parseScheduleExpression(expression: string): Schedule {
  if (typeof expression !== 'string' || expression.length < 1 || expression.length > 256) {
    throw invalidField(FIELD, `must be 1–256 characters: ${ACCEPTED_FORMS}`)
  }
  if (expression === 'NOW') return { kind: 'now' }
  const m = CRON.exec(expression)
  if (!m) throw invalidField(FIELD, `"${expression}" is not a form Model Monitor accepts; use ${ACCEPTED_FORMS}`)
  if (m[1] === '*') return { kind: 'hourly' }
  const [h, n] = m[1].split('/').map(Number)
  if (h > 23) throw invalidField(FIELD, `the hour must be 0–23, got ${h}; use ${ACCEPTED_FORMS}`)
  if (n === undefined) return { kind: 'daily', hour: h }
  if (n < 1 || n > 24) throw invalidField(FIELD, `the interval must be 1–24 hours (SageMaker supports hourly integer rates between 1 and 24 hours), got ${n}; use ${ACCEPTED_FORMS}`)
  return { kind: 'everyNHours', startHour: h, intervalHours: n }
}

const DURATION = /^([+-])?P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/

/** An ISO 8601 duration with an optional sign, in milliseconds (weeks, days, hours, minutes, seconds). */
export function parseIsoOffset(value: string, field: string): number {
  if (typeof value !== 'string' || value.length < 1 || value.length > 15 || !/^.?P.*/.test(value)) {
    throw invalidField(field, 'must be an ISO 8601 duration of 1–15 characters such as "-PT1H" (pattern ^.?P.*)')
  }
  const m = DURATION.exec(value)
  if (!m || value.endsWith('T') || /^[+-]?P$/.test(value)) {
    if (/^[+-]?P(\d+Y|.*\d+M.*T|\d+M)/.test(value)) {
      throw invalidField(field, `"${value}" uses years or months, which have no fixed length; give the offset in weeks, days, hours, minutes or seconds (e.g. "-P1D", "-PT6H")`)
    }
    throw invalidField(field, `"${value}" is not an ISO 8601 duration such as "-PT1H", "-PT30M" or "-P1D"`)
  }
  const [, sign, w, d, h, min, s] = m
  const ms = (Number(w ?? 0) * 7 + Number(d ?? 0)) * DAY_MS + Number(h ?? 0) * HOUR_MS + Number(min ?? 0) * 60_000 + Number(s ?? 0) * 1000
  return sign === '-' ? -ms : ms
}

/** The window a run analyses when the offsets are not given: the period since the previous run. */
function defaultWindow(schedule: Schedule): number {
  if (schedule.kind === 'hourly') return HOUR_MS
  if (schedule.kind === 'everyNHours') return schedule.intervalHours * HOUR_MS
  return DAY_MS
}

export function validateScheduleConfig(config: ScheduleConfig): ValidatedSchedule {
  const schedule = parseScheduleExpression(config.ScheduleExpression)
  const hasStart = config.DataAnalysisStartTime !== undefined
  const hasEnd = config.DataAnalysisEndTime !== undefined
  if (schedule.kind === 'now' && (!hasStart || !hasEnd)) {
    throw invalidField(hasStart ? 'ScheduleConfig.DataAnalysisEndTime' : 'ScheduleConfig.DataAnalysisStartTime', 'is required when ScheduleExpression is NOW, e.g. "-PT1H" to "PT0H"')
  }
  const start = hasStart ? parseIsoOffset(config.DataAnalysisStartTime!, 'ScheduleConfig.DataAnalysisStartTime') : -defaultWindow(schedule)
  const end = hasEnd ? parseIsoOffset(config.DataAnalysisEndTime!, 'ScheduleConfig.DataAnalysisEndTime') : 0
  if (end <= start) throw invalidField('ScheduleConfig.DataAnalysisEndTime', 'must come after DataAnalysisStartTime')
  if (end - start > MAX_ANALYSIS_WINDOW_MS) {
    throw invalidField('ScheduleConfig.DataAnalysisEndTime', `must not follow DataAnalysisStartTime by more than 24 hours (it follows by ${((end - start) / HOUR_MS).toFixed(1)} h)`)
  }
  return { schedule, analysisStartOffsetMs: start, analysisEndOffsetMs: end }
}

function runHours(schedule: Schedule): number[] {
  switch (schedule.kind) {
    case 'hourly':
      return Array.from({ length: 24 }, (_, h) => h)
    case 'daily':
      return [schedule.hour]
    case 'everyNHours':
      return Array.from({ length: 24 }, (_, h) => h).filter((h) => h % schedule.intervalHours === schedule.startHour % schedule.intervalHours)
    case 'now':
      return []
  }
}

/**
 * The runs whose scheduled time falls in [from, to): epoch milliseconds of simulated time. A NOW
 * schedule runs once at `createdAt`. Each run's start delay comes from `seed` and its scheduled time
 * only, so a longer window never changes the runs of a shorter one.
 */
export function scheduledRuns(config: ScheduleConfig, from: number, to: number, seed: string, createdAt = from): ScheduledRun[] {
  const v = validateScheduleConfig(config)
  const rng = createRng(seed).fork('monitoring-schedule/start-delay')
  const times: number[] = []
  if (v.schedule.kind === 'now') {
    if (createdAt >= from && createdAt < to) times.push(createdAt)
  } else {
    const hours = runHours(v.schedule)
    for (let day = Math.floor(from / DAY_MS) * DAY_MS; day < to; day += DAY_MS) {
      for (const h of hours) {
        const t = day + h * HOUR_MS
        if (t >= from && t < to) times.push(t)
      }
    }
  }
  return times.map((t) => ({
    scheduledTime: t,
    startTime: t + rng.fork(String(t)).int(0, MAX_START_DELAY_SECONDS) * 1000,
    analysisStart: t + v.analysisStartOffsetMs,
    analysisEnd: t + v.analysisEndOffsetMs
  }))
}
