/**
 * Numbers as the charts and their panels write them (en-US, at most N decimals), through one cached
 * `Intl.NumberFormat` per option set. `v.toLocaleString('en-US', options)` builds a new formatter on
 * every call, which costs microseconds each; a chart's ticks, its tooltip and a lab's tables call it
 * hundreds of times per redraw. `format` of a formatter built with the same locale and options
 * gives the same text as `toLocaleString` (ECMA-402: toLocaleString is specified as exactly that).
 */
const cache = new Map<number, Intl.NumberFormat>()

function formatter(maximumFractionDigits: number): Intl.NumberFormat {
  let f = cache.get(maximumFractionDigits)
  if (!f) {
    f = new Intl.NumberFormat('en-US', { maximumFractionDigits })
    cache.set(maximumFractionDigits, f)
  }
  return f
}

/** `v.toLocaleString('en-US', { maximumFractionDigits: digits })`, without building a formatter each time. */
export function formatNumber(v: number, digits = 3): string {
  return formatter(digits).format(v)
}

/** The charts' default value text: one decimal from 100 up, else up to `digits` decimals. */
export function formatValue(v: number, digits = 3): string {
  return formatNumber(v, Math.abs(v) >= 100 ? 1 : digits)
}
