/**
 * The per-feature drift report for "bring your own data": two CSV files (baseline and current) in,
 * one `compareDistributions` result per feature out, computed as a generator that yields progress
 * so it can run as a job. Each feature's type comes from the baseline file (as Model Monitor infers
 * it there); the current file is read against it, so a non-numeric value in a numeric feature is
 * counted as a type mismatch and left out of the comparison rather than failing the report.
 * The report exports as CSV and as one self-contained HTML page with everything escaped.
 */
import { LabError, invalidField } from '../../../shared/errors'
import { parseCsv, runToEnd, type CsvColumn, type CsvProgress, type CsvTable } from './csv'
import { KIND_FRACTIONAL, KIND_INTEGRAL, KIND_MISSING, type InferredType } from './dataset'
import { sortSample } from './sort'
import { compareCategoricalCounts, compareNumericSorted, type DriftComparison, type DriftOptions } from './drift'

export interface SideCounts {
  rows: number
  present: number
  missing: number
  /** Present values whose type does not fit the feature's type (left out of the comparison). */
  mismatched: number
}

export interface FeatureDrift {
  name: string
  inferred_type: InferredType
  baseline: SideCounts
  current: SideCounts | null
  comparison: DriftComparison | null
  /** Why there is no comparison, when there is none. */
  note?: string
  /** Baseline and current shares over shared bins, for charting (with `ReportOptions.histogramBins`). */
  histogram?: FeatureHistogram
}

/**
 * Shares of each side over the same bins: equal-width numeric bins over both samples' range
 * (`edges` has one more entry than the shares), or the most frequent categories (`labels`, the rest
 * summed as "(other)").
 */
export interface FeatureHistogram {
  kind: 'numeric' | 'categorical'
  edges?: number[]
  labels?: string[]
  baseline: number[]
  current: number[]
}

/** Categories charted before the rest are summed as "(other)". */
export const HISTOGRAM_TOP_CATEGORIES = 20
export const OTHER_CATEGORY = '(other)'

export interface DriftReport {
  baselineRows: number
  currentRows: number
  features: FeatureDrift[]
  missingColumns: string[]
  extraColumns: string[]
}

export type ReportProgress =
  | CsvProgress
  | { phase: 'compare'; feature: string; step: 'sort' | 'compare'; done: number; total: number; fraction: number }

export interface ReportOptions extends DriftOptions {
  chunkRows?: number
  /** A method or threshold for some features by name, in place of the options above. */
  perFeature?: ReadonlyMap<string, DriftOptions>
  /** Equal-width bins of each numeric feature's chart (none when absent). */
  histogramBins?: number
}

/**
 * Shares of two ascending samples over `bins` equal-width bins spanning both (the last bin closed).
 * An integer feature gets bins of a whole number of integers with edges at the half-integers (one
 * integer each when at most `bins` fit), so every bin holds the same count of possible values.
 */
export function numericHistogram(b: Float64Array, c: Float64Array, bins: number, integral = false): FeatureHistogram {
  const lo = Math.min(b[0], c.length ? c[0] : b[0])
  const hi = Math.max(b[b.length - 1], c.length ? c[c.length - 1] : b[b.length - 1])
  let n: number
  let first: number
  let width: number
  if (integral) {
    width = Math.ceil((hi - lo + 1) / bins)
    n = Math.ceil((hi - lo + 1) / width)
    first = lo - 0.5
  } else if (lo === hi) {
    n = 1
    first = lo - 0.5
    width = 1
  } else {
    n = bins
    first = lo
    width = (hi - lo) / n
  }
  const edges = Array.from({ length: n + 1 }, (_, i) => (i === n && !integral && lo !== hi ? hi : first + i * width))
  const shares = (a: Float64Array): number[] => {
    const counts = new Array<number>(n).fill(0)
    for (let i = 0; i < a.length; i++) counts[Math.min(n - 1, Math.max(0, Math.floor((a[i] - first) / width)))]++
    return counts.map((k) => (a.length ? k / a.length : 0))
  }
  return { kind: 'numeric', edges, baseline: shares(b), current: shares(c) }
}

/** Shares of the most frequent categories of both sides together, the rest as "(other)". */
export function categoricalHistogram(b: Map<string, number>, nb: number, c: Map<string, number>, nc: number): FeatureHistogram {
  const total = new Map<string, number>()
  for (const [k, v] of b) total.set(k, (total.get(k) ?? 0) + v / nb)
  for (const [k, v] of c) total.set(k, (total.get(k) ?? 0) + v / nc)
  const ranked = [...total.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([k]) => k)
  const top = ranked.slice(0, HISTOGRAM_TOP_CATEGORIES)
  const labels = ranked.length > top.length ? [...top, OTHER_CATEGORY] : top
  const shares = (m: Map<string, number>, n: number): number[] => {
    const out = top.map((k) => (m.get(k) ?? 0) / n)
    if (labels.length > top.length) out.push(Math.max(0, 1 - out.reduce((a, x) => a + x, 0)))
    return out
  }
  return { kind: 'categorical', labels, baseline: shares(b, nb), current: shares(c, nc) }
}

function numericValues(col: CsvColumn): { values: Float64Array; counts: SideCounts } {
  let present = 0
  let mismatched = 0
  let k = 0
  const out = new Float64Array(col.kinds.length)
  for (let i = 0; i < col.kinds.length; i++) {
    const kind = col.kinds[i]
    if (kind === KIND_MISSING) continue
    present++
    if (kind === KIND_INTEGRAL || kind === KIND_FRACTIONAL) out[k++] = col.numbers[i]
    else mismatched++
  }
  return { values: out.subarray(0, k), counts: { rows: col.kinds.length, present, missing: col.kinds.length - present, mismatched } }
}

function categoryCounts(col: CsvColumn): { counts: Map<string, number>; side: SideCounts } {
  const byCode = new Float64Array(col.dictionary.length)
  let present = 0
  const codes = col.codes!
  for (let i = 0; i < codes.length; i++) {
    if (codes[i] >= 0) {
      byCode[codes[i]]++
      present++
    }
  }
  const counts = new Map<string, number>()
  for (let c = 0; c < byCode.length; c++) if (byCode[c] > 0) counts.set(col.dictionary[c], byCode[c])
  return { counts, side: { rows: codes.length, present, missing: codes.length - present, mismatched: 0 } }
}

/** Both files, parsed and compared feature by feature. */
export function* csvDriftReport(baselineText: string, currentText: string, options: ReportOptions = {}): Generator<ReportProgress, DriftReport> {
  const { chunkRows, perFeature, histogramBins, ...defaults } = options
  const baseline: CsvTable = yield* parseCsv(baselineText, 'baseline', { chunkRows })
  if (baseline.rows === 0) throw invalidField('baseline', 'has a header but no rows')
  const stringColumns = new Set(baseline.columns.filter((c) => c.type === 'String').map((c) => c.name))
  const current: CsvTable = yield* parseCsv(currentText, 'current', { chunkRows, categoryColumns: stringColumns })
  if (current.rows === 0) throw invalidField('current', 'has a header but no rows')

  const currentByName = new Map(current.columns.map((c) => [c.name, c]))
  const features: FeatureDrift[] = []
  const total = baseline.columns.length
  for (let f = 0; f < total; f++) {
    const b = baseline.columns[f]
    const c = currentByName.get(b.name)
    const drift = perFeature?.get(b.name) ?? defaults
    // A method that does not fit the feature (ks on categories, z on more than two values) names the feature.
    const compareFeature = <T>(run: () => T): T => {
      try {
        return run()
      } catch (err) {
        if (!(err instanceof LabError)) throw err
        const issues = err.issues.map((i) => ({ path: `${b.name}.${i.path}`, message: i.message }))
        throw new LabError(err.code, `feature "${b.name}": ${err.message}`, issues)
      }
    }
    const progress = (step: 'sort' | 'compare', share: number): ReportProgress => ({
      phase: 'compare',
      feature: b.name,
      step,
      done: f,
      total,
      fraction: (f + share) / total
    })
    if (b.type === 'Integral' || b.type === 'Fractional') {
      const bv = numericValues(b)
      sortSample(bv.values)
      yield progress('sort', 0.3)
      const cv = c ? numericValues(c) : null
      if (cv) {
        sortSample(cv.values)
        yield progress('sort', 0.6)
      }
      const comparable = cv !== null && cv.values.length > 0 && bv.values.length > 0
      features.push({
        name: b.name,
        inferred_type: b.type,
        baseline: bv.counts,
        current: cv?.counts ?? null,
        comparison: comparable ? compareFeature(() => compareNumericSorted(bv.values, cv!.values, drift)) : null,
        ...(comparable ? {} : { note: cv ? 'the current file has no numeric values for this feature' : 'the current file has no such column' }),
        ...(comparable && histogramBins ? { histogram: numericHistogram(bv.values, cv!.values, histogramBins, b.type === 'Integral') } : {})
      })
    } else if (b.type === 'String') {
      const bc = categoryCounts(b)
      const cc = c ? categoryCounts(c) : null
      const comparable = cc !== null && cc.side.present > 0
      features.push({
        name: b.name,
        inferred_type: 'String',
        baseline: bc.side,
        current: cc?.side ?? null,
        comparison: comparable ? compareFeature(() => compareCategoricalCounts(bc.counts, bc.side.present, cc!.counts, cc!.side.present, drift)) : null,
        ...(comparable ? {} : { note: cc ? 'the current file has no values for this feature' : 'the current file has no such column' }),
        ...(comparable && histogramBins ? { histogram: categoricalHistogram(bc.counts, bc.side.present, cc!.counts, cc!.side.present) } : {})
      })
    } else {
      features.push({
        name: b.name,
        inferred_type: 'Unknown',
        baseline: { rows: baseline.rows, present: 0, missing: baseline.rows, mismatched: 0 },
        current: c ? { rows: current.rows, present: c.kinds.length - c.counts.missing, missing: c.counts.missing, mismatched: 0 } : null,
        comparison: null,
        note: 'every baseline value is missing, so the feature has no type to compare'
      })
    }
    yield progress('compare', 1)
  }
  const baselineNames = new Set(baseline.header)
  return {
    baselineRows: baseline.rows,
    currentRows: current.rows,
    features,
    missingColumns: baseline.header.filter((h) => !currentByName.has(h)),
    extraColumns: current.header.filter((h) => !baselineNames.has(h))
  }
}

/** Run the report to the end, calling onProgress after each chunk. */
export function runCsvDriftReport(baselineText: string, currentText: string, options: ReportOptions = {}, onProgress?: (p: ReportProgress) => void): DriftReport {
  return runToEnd(csvDriftReport(baselineText, currentText, options), onProgress)
}

const COLUMNS = [
  'feature',
  'inferred_type',
  'baseline_present',
  'baseline_missing',
  'current_present',
  'current_missing',
  'current_type_mismatches',
  'auto_method',
  'auto_value',
  'auto_threshold',
  'drift',
  'ks_statistic',
  'ks_p_value',
  'linf_simple',
  'linf_robust',
  'psi',
  'jensen_shannon',
  'wasserstein',
  'wasserstein_normed',
  'chi_square_statistic',
  'chi_square_p_value',
  'note'
] as const

function rowOf(f: FeatureDrift): (string | number | boolean | undefined)[] {
  const c = f.comparison
  return [
    f.name,
    f.inferred_type,
    f.baseline.present,
    f.baseline.missing,
    f.current?.present,
    f.current?.missing,
    f.current?.mismatched,
    c?.auto.method,
    c?.auto.value,
    c?.auto.threshold,
    c?.auto.drift,
    c?.ks?.statistic,
    c?.ks?.pValue,
    c?.linfSimple,
    c?.linfRobust,
    c?.psi,
    c?.jensenShannon,
    c?.wasserstein,
    c?.wassersteinNormed,
    c?.chiSquare?.statistic,
    c?.chiSquare?.pValue,
    f.note
  ]
}

/** One CSV field: quoted when it must be, and text that a spreadsheet would run as a formula defused. */
function csvField(v: string | number | boolean | undefined): string {
  if (v === undefined) return ''
  if (typeof v !== 'string') return String(v)
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function reportToCsv(report: DriftReport): string {
  const lines = [COLUMNS.join(','), ...report.features.map((f) => rowOf(f).map(csvField).join(','))]
  return lines.join('\r\n') + '\r\n'
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

function cell(v: string | number | boolean | undefined): string {
  if (v === undefined) return '<td></td>'
  if (typeof v === 'number') return `<td class="num">${escapeHtml(Number.isInteger(v) ? String(v) : v.toPrecision(6))}</td>`
  return `<td>${escapeHtml(String(v))}</td>`
}

/** A self-contained HTML page (inline style, no scripts, no external resources). */
export function reportToHtml(report: DriftReport, title = 'Drift report'): string {
  const rows = report.features
    .map((f) => `<tr class="${f.comparison?.auto.drift ? 'drift' : ''}">${rowOf(f).map(cell).join('')}</tr>`)
    .join('\n')
  const list = (label: string, names: string[]): string =>
    names.length ? `<p>${escapeHtml(label)}: ${names.map((n) => `<code>${escapeHtml(n)}</code>`).join(', ')}</p>` : ''
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1b1b1b; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.drift { background: #fde8e8; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>Baseline rows: ${report.baselineRows}. Current rows: ${report.currentRows}. Features: ${report.features.length}; drifted: ${report.features.filter((f) => f.comparison?.auto.drift).length}.</p>
${list('Columns missing from the current file', report.missingColumns)}
${list('Columns only in the current file', report.extraColumns)}
<table>
<thead><tr>${COLUMNS.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>
${rows}
</tbody>
</table>
</body>
</html>
`
}
