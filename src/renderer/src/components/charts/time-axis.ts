/**
 * UTC time ticks and labels for a Chart.js linear x axis holding epoch milliseconds. The app ships
 * no date adapter (chart.js's time scale needs one), and simulated time is always shown in UTC, the
 * way the CloudWatch console shows it when set to UTC.
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

/** "Mon 14:00" for ticks less than a day apart, "Jan 06" for daily or coarser ones. */
export function formatTick(t: number, step: number): string {
  const d = new Date(t)
  if (step < DAY) return `${WEEKDAYS[d.getUTCDay()]} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  return `${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())}`
}

/** "Mon 05 Jan 2026, 14:00 UTC": tooltips and tables. */
export function formatUtc(t: number, withSeconds = false): string {
  const d = new Date(t)
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${withSeconds ? `:${pad(d.getUTCSeconds())}` : ''}`
  return `${WEEKDAYS[d.getUTCDay()]} ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${time} UTC`
}
