/** How the Monitoring view names drift tests and writes their figures. */
import type { DriftMethod } from '../monitoring-store'

export const METHOD_LABELS: Readonly<Record<DriftMethod, string>> = {
  ks: 'Kolmogorov–Smirnov p-value',
  chisquare: 'chi-squared p-value',
  z: 'two-proportion z-test p-value',
  wasserstein: 'normed Wasserstein distance',
  jensenshannon: 'Jensen–Shannon distance',
  psi: 'PSI'
}

/** p-value tests drift when the value is at or below (KS) or below (chi-squared, z) the threshold; distances at or above it (Evidently). */
export function verdictRule(method: DriftMethod, drift: boolean): string {
  if (method === 'ks') return drift ? '≤' : '>'
  if (method === 'chisquare' || method === 'z') return drift ? '<' : '≥'
  return drift ? '≥' : '<'
}

/** 4 significant digits; very small p-values in scientific notation. */
export function formatStat(v: number): string {
  if (v === 0) return '0'
  const a = Math.abs(v)
  if (a < 1e-4 || a >= 1e6) return v.toExponential(3)
  return Number(v.toPrecision(4)).toLocaleString('en-US', { maximumFractionDigits: 8 })
}
