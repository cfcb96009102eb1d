/**
 * How the labs write times and metric values in diagnostics: simulated week days ("Tue 14:02", UTC)
 * and values in the unit a person thinks in (ModelLatency is stored in microseconds, as CloudWatch
 * stores it, but read in milliseconds).
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** "Tue 14:02" (UTC). */
export function formatWhen(epochMs: number): string {
  const d = new Date(epochMs)
  const p = (k: number): string => (k < 10 ? `0${k}` : String(k))
  return `${DAYS[d.getUTCDay()]} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
}

/** "Tue 14:02–16:02"; the end day is repeated when it differs. */
export function formatSpan(startMs: number, endMs: number): string {
  const a = formatWhen(startMs)
  const b = formatWhen(endMs)
  return a.slice(0, 3) === b.slice(0, 3) && endMs - startMs < 86_400_000 ? `${a}–${b.slice(4)}` : `${a}–${b}`
}

function round(v: number, digits: number): string {
  const s = v.toFixed(digits)
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

/** A metric value for a sentence: microseconds as ms, error-rate averages as percent, counts as counts. */
export function formatValue(v: number | null, unit: string, statistic: string, metricName: string): string {
  if (v === null || !Number.isFinite(v)) return 'no data'
  if (unit === 'Microseconds') return `${round(v / 1000, v >= 100_000 ? 0 : 1)} ms`
  if (unit === 'Percent') return `${round(v, 1)}%`
  if (/Errors$/.test(metricName) && statistic === 'Average') return `${round(v * 100, 2)}%`
  return round(v, 2)
}

/** "1 datapoint" / "3 datapoints". */
export function plural(k: number, noun: string): string {
  return `${k} ${noun}${k === 1 ? '' : 's'}`
}

/** One formatter for every call: toLocaleString builds a new one each time (a lab run formats thousands). */
const GROUPED = new Intl.NumberFormat('en-US')

export function seconds(s: number): string {
  return `${GROUPED.format(Math.round(s))} s`
}

/** A limit for a sentence: whole minutes as minutes ("10 minutes"), anything else in seconds. */
export function duration(s: number): string {
  if (s >= 60 && s % 60 === 0) return plural(s / 60, 'minute')
  return seconds(s)
}
