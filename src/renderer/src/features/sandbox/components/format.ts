/** Number and money formats used across the sandbox console. */
export const usd = (v: number): string => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: v < 1 ? 3 : 2 })}`
export const count = (v: number): string => Math.round(v).toLocaleString('en-US')

/** "7 days", "1 hour", "90 minutes": for the clock's progress message. */
export function duration(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`
  if (minutes % 60 === 0) return `${minutes / 60} hour${minutes === 60 ? '' : 's'}`
  return `${minutes} minute${minutes === 1 ? '' : 's'}`
}
