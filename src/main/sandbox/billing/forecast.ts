/**
 * Month to date and the month-end forecast, for Cost Explorer's forecast and for budgets.
 *
 * AWS: Cost Explorer's forecast is "a prediction of how much you will use AWS services over the
 * forecast time period … based on your past usage", with an 80% prediction interval, and none at all
 * when there is too little history, "common for accounts that have less than one full billing cycle"
 * (Billing user guide, "Forecasting with Cost Explorer"). Budgets' FORECASTED alerts compare that
 * forecast of the period's spend with the threshold (Budgets API Reference, Notification).
 *
 * The sandbox's rule (a stated simplification; AWS's model is not published):
 *   forecast = month to date + (time left in the month) × the recent daily rate,
 *   recent daily rate = mean cost of the last complete UTC days, up to 7, counted from the first day
 *   that had any (matching) cost.
 * It needs one complete day of history; before that there is no forecast (and FORECASTED alerts do not
 * fire). A change of the fleet moves the forecast from the next complete day on, as a daily model does.
 *
 * "The month" is the month of the last simulated minute, so at exactly midnight on the 1st the month
 * just closed is shown (its forecast equals its total) until the first minute of the new month runs.
 */
import { DAY_MS, MINUTE_MS } from '../core/time'
import { dayOf, dayText, monthBounds, monthText, type CostLedger } from './ledger'

export const FORECAST_WINDOW_DAYS = 7
export const FORECAST_RULE =
  'Forecast = month to date + the rest of the month × the mean daily cost of the last complete days (up to 7, counted from the first day with cost). It needs one complete day of history.'

export interface SpendPoint {
  month: string
  /** First day of the month and the instant the month ends (epoch ms). */
  monthStartDay: number
  monthEndMs: number
  monthToDate: number
  dailyRate: number | null
  windowDays: number
  forecast: number | null
  unavailable: string | null
}

/** The month whose spend is reported at `now`: that of the last simulated minute. */
export function reportDay(now: number, startTime: number): number {
  return dayOf(now > startTime ? now - MINUTE_MS : now)
}

/**
 * Spend of the lines a matcher selects, at any `now`. Sums over complete days are cached (the ledger
 * only ever adds to the day being simulated), so a budget evaluated every minute costs one day's lines.
 */
export class SpendTracker {
  private day = NaN
  private month = ''
  private monthStartDay = 0
  private monthEndMs = 0
  private mtdBefore = 0
  private rateDay = NaN
  private rate: number | null = null
  private windowDays = 0
  private scanned = false
  private firstDay: number | null = null

  constructor(
    private readonly ledger: CostLedger,
    private readonly matches: (key: string) => boolean
  ) {}

  at(now: number, startTime: number): SpendPoint {
    const day = reportDay(now, startTime)
    if (day !== this.day) {
      const { start, end } = monthBounds(day)
      this.day = day
      this.month = monthText(day)
      this.monthStartDay = start
      this.monthEndMs = end * DAY_MS
      this.mtdBefore = this.ledger.sumDays(start, day, this.matches)
    }
    const monthToDate = this.mtdBefore + this.ledger.daySum(day, this.matches)

    // The first day with matching cost: found once by a scan, then only the day being billed can add it.
    if (!this.scanned) {
      this.firstDay = this.ledger.firstDayWhere(this.matches)
      this.scanned = true
    } else if (this.firstDay === null) {
      for (const key of this.ledger.day(day).keys()) {
        if (this.matches(key)) {
          this.firstDay = day
          break
        }
      }
    }

    // Days that ended at or before `now`.
    const lastComplete = dayOf(now) - 1
    if (lastComplete !== this.rateDay) {
      this.rateDay = lastComplete
      if (this.firstDay === null || lastComplete < this.firstDay) {
        this.rate = null
        this.windowDays = 0
      } else {
        const from = Math.max(this.firstDay, lastComplete - FORECAST_WINDOW_DAYS + 1)
        this.windowDays = lastComplete - from + 1
        this.rate = this.ledger.sumDays(from, lastComplete + 1, this.matches) / this.windowDays
      }
    }
    const forecast = this.rate === null ? null : monthToDate + (this.rate * Math.max(0, this.monthEndMs - now)) / DAY_MS
    return {
      month: this.month,
      monthStartDay: this.monthStartDay,
      monthEndMs: this.monthEndMs,
      monthToDate,
      dailyRate: this.rate,
      windowDays: this.windowDays,
      forecast,
      unavailable:
        this.rate !== null
          ? null
          : this.firstDay === null
            ? 'No cost yet, so nothing to forecast from.'
            : 'The forecast needs one complete day (UTC) of cost history; advance the clock past midnight.'
    }
  }
}

/** The forecast's days: what each remaining day of the month is expected to cost. */
export function forecastDays(point: SpendPoint, now: number): { Start: string; End: string; MeanValue: number }[] {
  if (point.dailyRate === null) return []
  const out: { Start: string; End: string; MeanValue: number }[] = []
  for (let d = dayOf(now); d * DAY_MS < point.monthEndMs; d++) {
    const from = Math.max(now, d * DAY_MS)
    const to = (d + 1) * DAY_MS
    out.push({ Start: dayText(d), End: dayText(d + 1), MeanValue: (point.dailyRate * (to - from)) / DAY_MS })
  }
  return out
}
