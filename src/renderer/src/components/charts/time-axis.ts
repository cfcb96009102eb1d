/**
 * The app's one date and time convention, and the UTC ticks of a Chart.js linear x axis holding
 * epoch milliseconds (the app ships no date adapter, which chart.js's time scale would need).
 *
 * - Simulated time (the sandbox's clock, a lab's week, CloudWatch datapoints, CloudTrail events) is
 *   always UTC, the way the CloudWatch console shows it when set to UTC, and always says "UTC":
 *   "Mon 5 Jan 2026, 14:00 UTC". Axes carry the weekday and the date.
 * - The learner's own activity (when a lab was last opened, when a world was last changed) is real
 *   time and shown in the learner's time zone, in the same shape without "UTC": "Mon 5 Jan 2026, 14:03".
 */
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
/** 1970-01-01 was a Thursday; weekly ticks start on Mondays (4 days later). */
const MONDAY_OFFSET = 4 * DAY

const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY]

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const pad = (n: number): string => String(n).padStart(2, '0')

/** The tick step for a range: the smallest that gives at most `maxTicks` ticks. */
export function tickStep(min: number, max: number, maxTicks = 8): number {
  const span = Math.max(max - min, MINUTE)
  return STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / DAY) * DAY
}

/** Tick positions aligned to whole UTC minutes, hours, days or Mondays. */
export function timeTicks(min: number, max: number, maxTicks = 8): number[] {
  const step = tickStep(min, max, maxTicks)
  const offset = step >= 7 * DAY ? MONDAY_OFFSET : 0
  const ticks: number[] = []
  for (let t = Math.ceil((min - offset) / step) * step + offset; t <= max; t += step) ticks.push(t)
  return ticks
}

/** "Mon 5 Jan" (UTC). */
export function formatUtcDay(t: number): string {
  const d = new Date(t)
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`
}

/** "14:00" (UTC). */
export function formatUtcTime(t: number, withSeconds = false): string {
  const d = new Date(t)
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${withSeconds ? `:${pad(d.getUTCSeconds())}` : ''}`
}

/**
 * A tick's label. Daily or coarser ticks: "Mon 5 Jan". Finer ticks: the time, with the weekday and
 * date on a second line under the first tick and under the first tick of each new day, so every
 * axis names its days without repeating them ("14:00", ["00:00", "Tue 6 Jan"], "02:00"…).
 */
export function formatTick(t: number, step: number, previous?: number): string | string[] {
  if (step >= DAY) return formatUtcDay(t)
  const time = formatUtcTime(t)
  const newDay = previous === undefined || Math.floor(previous / DAY) !== Math.floor(t / DAY)
  return newDay ? [time, formatUtcDay(t)] : time
}

/** "Mon 5 Jan 2026, 14:00 UTC": tooltips, tables, anywhere a simulated instant is named. */
export function formatUtc(t: number, withSeconds = false): string {
  const d = new Date(t)
  return `${formatUtcDay(t)} ${d.getUTCFullYear()}, ${formatUtcTime(t, withSeconds)} UTC`
}

/** "2 h 30 min", "45 min", "3 days 4 h": how long a window lasts. */
export function formatSpan(ms: number): string {
  const minutes = Math.round(ms / MINUTE)
  if (minutes < 60) return `${minutes} min`
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const rest = minutes % 60
  const parts: string[] = []
  if (days) parts.push(`${days} day${days === 1 ? '' : 's'}`)
  if (hours) parts.push(`${hours} h`)
  if (rest && !days) parts.push(`${rest} min`)
  return parts.join(' ')
}

/**
 * A simulated window `[start, end)` (end exclusive, as incidents and alarm periods are), in UTC:
 * "Tue 6 Jan 14:02–16:02 UTC (2 h)" within one day, "Tue 6 Jan 22:00 – Wed 7 Jan 01:30 UTC
 * (3 h 30 min, over 2 days)" across midnight. A window that ends exactly at midnight ends at "24:00"
 * of its own day rather than spilling into the next.
 */
export function formatUtcRange(start: number, end: number): string {
  const lastDay = Math.floor((Math.max(end, start + 1) - 1) / DAY)
  const firstDay = Math.floor(start / DAY)
  const span = formatSpan(end - start)
  if (lastDay === firstDay) {
    const endText = end % DAY === 0 && end > start ? '24:00' : formatUtcTime(end)
    return `${formatUtcDay(start)} ${formatUtcTime(start)}–${endText} UTC (${span})`
  }
  const days = lastDay - firstDay + 1
  return `${formatUtcDay(start)} ${formatUtcTime(start)} – ${formatUtcDay(end)} ${formatUtcTime(end)} UTC (${span}, over ${days} days)`
}

/** Real time (the learner's activity) in the learner's own time zone: "Mon 5 Jan 2026, 14:03". */
export function formatLocal(iso: string | number): string {
  const d = new Date(iso)
  return `${WEEKDAYS[d.getDay()]} ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}, ${pad(d.getHours())}:${pad(d.getMinutes())}`
}
