/**
 * The `monitor.driftReport` job: "bring your own data" (two CSV files, baseline and current) turned
 * into the per-feature drift report of `report.ts`, cut into chunks a pool worker runs one after the
 * other on the same report, so the renderer sees steady progress (rows read, then features compared)
 * and a cancel stops it between two chunks.
 *
 * The report is one pass over both texts, so its chunks are sequential: chunk i advances the
 * report's generator until it has read the rows (or compared the feature) chunk i stands for. The
 * plan only estimates the rows (line ends) and features (header fields) — a quoted field may hold a
 * line end — so a chunk ends at the first progress at or past its target, and the last chunk always
 * runs the report to its end: a wrong estimate moves the progress bar unevenly, never the result.
 *
 * The result carries the report, the findings a data quality monitor would raise on it (Model
 * Monitor's data_type_check, missing_column_check and extra_column_check, named after the
 * violation types of "Schema for Violations (constraint_violations.json file)" in the SageMaker
 * Developer Guide), and the CSV and HTML exports, so the renderer only offers them as downloads.
 *
 * Also here: the seeded example pair ("load example") for a learner without data of their own.
 */
import { EXAMPLE_CHANGES, MAX_EXAMPLE_ROWS } from '../../../shared/contract/monitor'
import { LabError, invalidField } from '../../../shared/errors'
import { createRng } from '../core/rng'
import type { ReportProgress, DriftReport } from './report'
import { csvDriftReport, reportToCsv, reportToHtml } from './report'
import { DEFAULT_CHUNK_ROWS } from './csv'
import { DRIFT_METHODS, type DriftMethod, type DriftOptions } from './drift'
import { FeatureScenario, findScenarioModel, type DataChange } from './features'

/** Bins of each numeric feature's chart. */
export const REPORT_HISTOGRAM_BINS = 30
/** Columns a report compares: each yields a comparison and a chart. */
export const MAX_REPORT_COLUMNS = 500

export interface CsvFile {
  name: string
  text: string
}

export interface FeatureOverride {
  feature: string
  method?: DriftMethod
  threshold?: number
}

export interface DriftReportJobRequest {
  baseline: CsvFile
  current: CsvFile
  overrides?: FeatureOverride[]
}

export interface ReportFinding {
  feature: string
  check: 'data_type_check' | 'missing_column_check' | 'extra_column_check'
  description: string
}

export interface DriftReportJobResult {
  baselineFile: string
  currentFile: string
  report: DriftReport
  findings: ReportFinding[]
  csv: string
  html: string
}

const P_VALUE_METHODS: ReadonlySet<DriftMethod> = new Set(['ks', 'chisquare', 'z'])

/** The request's checks no schema makes (an override's threshold for a p-value test), naming the field. */
export function driftReportOptions(request: DriftReportJobRequest): Map<string, DriftOptions> {
  const perFeature = new Map<string, DriftOptions>()
  ;(request.overrides ?? []).forEach((o, i) => {
    if (perFeature.has(o.feature)) throw invalidField(`overrides[${i}].feature`, `"${o.feature}" is overridden twice; give one override per feature`)
    if (o.method !== undefined && !DRIFT_METHODS.includes(o.method)) throw invalidField(`overrides[${i}].method`, `must be one of ${DRIFT_METHODS.join(', ')}`)
    if (o.threshold !== undefined && !(Number.isFinite(o.threshold) && o.threshold >= 0)) throw invalidField(`overrides[${i}].threshold`, 'must be a finite number >= 0')
    if (o.threshold !== undefined && o.method && P_VALUE_METHODS.has(o.method) && o.threshold > 1) {
      throw invalidField(`overrides[${i}].threshold`, `${o.method} compares a p-value, so the threshold must lie in [0, 1]`)
    }
    perFeature.set(o.feature, { method: o.method, threshold: o.threshold })
  })
  return perFeature
}

/**
 * Where a chunk ends: after `rows` rows of a file (stage 0 baseline, 1 current), at `share` of
 * feature `feature`'s comparison (stage 2), or at the end (stage 3).
 */
export type DriftReportChunk = { stage: 0 | 1; rows: number } | { stage: 2; feature: number; share: number } | { stage: 3 }

/**
 * The steps of one numeric feature's comparison as report.ts reports them: the baseline sorted
 * (0.3), the current values sorted (0.6), every statistic (1). A categorical feature reports only
 * the last, so its first two chunks end at once.
 */
const COMPARE_STEPS = [
  { share: 0.3, weight: 0.3, done: 'baseline sorted' },
  { share: 0.6, weight: 0.3, done: 'current sorted' },
  { share: 1, weight: 0.4, done: 'compared' }
] as const

export interface DriftReportPlan {
  chunks: DriftReportChunk[]
  units: number[]
  labels: string[]
}

/** Line ends after the header: the rows, unless a quoted field holds a line end. */
function estimateRows(text: string): number {
  const lf = text.charCodeAt(text.length - 1) === 10 ? -1 : 0
  let n = lf
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++
  if (n <= 0) {
    // A file with CR line ends only (or one line).
    n = 0
    for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) n++
    if (text.endsWith('\r')) n--
  }
  return Math.max(0, n)
}

function estimateFeatures(text: string): number {
  const end = text.search(/[\r\n]/)
  const header = end < 0 ? text : text.slice(0, end)
  return header.split(',').length
}

/**
 * Comparing one feature of two million-row files (both sorted, then every statistic) costs about
 * as much as reading this many rows, which weighs the progress bar's two phases: on the bench's
 * files (1,000,000 rows × 10 columns, 7 numeric) reading both files is about 55 % of the report's
 * time and the comparisons 45 %, so 10 features weigh 2,000,000 × 45/55 ≈ 1,600,000 rows.
 */
const ROWS_PER_FEATURE_COMPARED = 160_000

const count = (n: number): string => n.toLocaleString('en-US')

function tooManyColumns(file: string, columns: number): LabError {
  return new LabError('PAYLOAD_TOO_LARGE', `baseline.text: a report compares at most ${MAX_REPORT_COLUMNS} columns; ${file} has ${count(columns)}.`, [{ path: 'baseline.text', message: `at most ${MAX_REPORT_COLUMNS} columns` }])
}

/** The chunks of a report: the host's cheap estimate (line ends and header fields), no parsing. */
export function planDriftReport(request: DriftReportJobRequest, chunkRows = DEFAULT_CHUNK_ROWS): DriftReportPlan {
  driftReportOptions(request)
  const chunks: DriftReportChunk[] = []
  const units: number[] = []
  const labels: string[] = []
  const sides = [request.baseline, request.current]
  const estimates = sides.map((f) => estimateRows(f.text))
  for (let stage = 0 as 0 | 1; stage <= 1; stage++) {
    const rows = estimates[stage]
    for (let from = 0; from < rows; from += chunkRows) {
      const to = Math.min(rows, from + chunkRows)
      chunks.push({ stage, rows: to })
      units.push(to - from)
      labels.push(`${sides[stage].name}: ${count(to)} of about ${count(rows)} rows read`)
    }
  }
  const features = estimateFeatures(request.baseline.text)
  if (features > MAX_REPORT_COLUMNS) throw tooManyColumns(request.baseline.name, features)
  const rowsPerFile = Math.max(estimates[0], estimates[1])
  const weight = Math.max(1, Math.round((ROWS_PER_FEATURE_COMPARED * rowsPerFile) / 1_000_000))
  for (let f = 0; f < features; f++) {
    for (const step of COMPARE_STEPS) {
      const last = f === features - 1 && step.share === 1
      chunks.push(last ? { stage: 3 } : { stage: 2, feature: f, share: step.share })
      units.push(Math.max(1, Math.round(weight * step.weight)))
      labels.push(step.share === 1 ? `${count(f + 1)} of ${count(features)} features compared` : `feature ${count(f + 1)} of ${count(features)}: ${step.done}`)
    }
  }
  if (features === 0) {
    chunks.push({ stage: 3 })
    units.push(1)
    labels.push('report written')
  }
  return { chunks, units, labels }
}

/** How far a progress report has come, in the chunks' terms. */
function positionOf(p: ReportProgress): { stage: number; value: number } {
  if (p.phase === 'parse') return { stage: p.file === 'baseline' ? 0 : 1, value: p.fraction >= 1 ? Infinity : p.rows }
  // fraction = (feature + share) / total (report.ts), rounded so 0.3 is not 0.29999….
  return { stage: 2, value: Math.round(p.fraction * p.total * 1e6) / 1e6 }
}

function reached(p: ReportProgress | null, chunk: DriftReportChunk): boolean {
  if (chunk.stage === 3 || p === null) return false
  const at = positionOf(p)
  const target = chunk.stage === 2 ? chunk.feature + chunk.share : chunk.rows
  return at.stage > chunk.stage || (at.stage === chunk.stage && at.value >= target)
}

/**
 * A parse error names the request's field (`baseline.text`) and the learner's file; an override
 * that does not fit its feature (report.ts names it "<feature>.method") names the override.
 */
function withFileName(err: unknown, request: DriftReportJobRequest): unknown {
  if (!(err instanceof LabError)) return err
  const overrides = request.overrides ?? []
  const issues = err.issues.map((i) => {
    const side = i.path === 'baseline' || i.path === 'current' ? i.path : null
    if (side) return { path: `${side}.text`, message: `${request[side].name}: ${i.message}` }
    const o = overrides.findIndex((x) => i.path === `${x.feature}.method` || i.path === `${x.feature}.threshold`)
    if (o >= 0) return { path: `overrides[${o}].${i.path.slice(overrides[o].feature.length + 1)}`, message: `${overrides[o].feature}: ${i.message}` }
    return i
  })
  return new LabError(err.code, issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues)
}

/** One report in a worker: the generator, advanced chunk by chunk. */
export class DriftReportRun {
  private readonly gen: Generator<ReportProgress, DriftReport>
  private last: ReportProgress | null = null
  private report: DriftReport | null = null

  constructor(
    readonly request: DriftReportJobRequest,
    chunkRows = DEFAULT_CHUNK_ROWS
  ) {
    this.gen = csvDriftReport(request.baseline.text, request.current.text, {
      chunkRows,
      perFeature: driftReportOptions(request),
      histogramBins: REPORT_HISTOGRAM_BINS
    })
  }

  /** Runs up to the chunk's end; the last chunk returns the report, the others null. */
  advance(chunk: DriftReportChunk): DriftReport | null {
    try {
      while (this.report === null && !reached(this.last, chunk)) {
        const step = this.gen.next()
        if (step.done) this.report = step.value
        else this.last = step.value
      }
    } catch (err) {
      throw withFileName(err, this.request)
    }
    if (chunk.stage !== 3) return null
    if (this.report!.features.length > MAX_REPORT_COLUMNS) throw tooManyColumns(this.request.baseline.name, this.report!.features.length)
    return this.report
  }
}

/** What a data quality monitor would flag in the report beside drift, in the words of its violation types. */
export function reportFindings(report: DriftReport): ReportFinding[] {
  const out: ReportFinding[] = []
  for (const f of report.features) {
    if (f.current && f.current.mismatched > 0) {
      out.push({
        feature: f.name,
        check: 'data_type_check',
        description: `${count(f.current.mismatched)} of ${count(f.current.present)} current values of the ${f.inferred_type} feature "${f.name}" are not numbers; they are left out of the comparison.`
      })
    }
  }
  for (const name of report.missingColumns) out.push({ feature: name, check: 'missing_column_check', description: `The current file has no column "${name}".` })
  for (const name of report.extraColumns) out.push({ feature: name, check: 'extra_column_check', description: `The current file has a column "${name}" the baseline does not have.` })
  return out
}

export function finishDriftReport(request: DriftReportJobRequest, report: DriftReport): DriftReportJobResult {
  return {
    baselineFile: request.baseline.name,
    currentFile: request.current.name,
    report,
    findings: reportFindings(report),
    csv: reportToCsv(report),
    html: reportToHtml(report, `Drift report: ${request.current.name} against ${request.baseline.name}`)
  }
}

/**
 * A small report request a pool worker runs once at start-up (jobs/kinds.ts `warmup`), so a
 * learner's first report runs at the speed of the next ones: the bench's first job on a fresh
 * worker took about twice as long as the second (the CSV reader, the sorts and the statistics were
 * still interpreted or baseline code). Two seeded files of `rows` rows with every kind of column a
 * report reads: integers, decimals with missing cells, counts, and categories, one of them drifted.
 */
export function driftReportWarmupRequest(rows = 6000): DriftReportJobRequest {
  const text = (side: 'baseline' | 'current'): string => {
    const rng = createRng(`monitor-warmup/${side}`)
    const shift = side === 'current' ? 1 : 0
    const plans = ['basic', 'pro', 'team', 'enterprise']
    const lines = ['age,income,score,clicks,latency_ms,plan,device']
    for (let i = 0; i < rows; i++) {
      lines.push(
        [
          Math.round(40 + 12 * rng.normal() + 5 * shift),
          (52000 + 9000 * rng.normal()).toFixed(2),
          rng.next() < 0.01 ? '' : (rng.next() + shift * 0.1).toFixed(4),
          rng.poisson(3 + shift),
          (80 + 20 * rng.normal()).toFixed(1),
          plans[rng.int(0, 2 + shift)],
          rng.next() < 0.6 ? 'mobile' : 'desktop'
        ].join(',')
      )
    }
    return lines.join('\n') + '\n'
  }
  return { baseline: { name: 'warmup-baseline.csv', text: text('baseline') }, current: { name: 'warmup-current.csv', text: text('current') } }
}

// ---------------------------------------------------------------------------------------------
// The example pair

export type ExampleChange = (typeof EXAMPLE_CHANGES)[number]

export interface ExampleRequest {
  scenario: string
  change: ExampleChange
  rows: number
  seed: number
}

export interface ExamplePair {
  baseline: CsvFile
  current: CsvFile
  description: string
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e4) / 1e4)
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * A baseline and a current file drawn from a scenario's seeded generative model (features.ts): the
 * baseline without changes, the current one with `change` in force — the first numeric feature
 * shifted by one standard deviation (data drift), the label's dependence reversed with the inputs
 * unchanged (concept drift), 2 % of the first numeric feature 8 standard deviations out (an outlier
 * burst), or the second numeric feature written with a unit ("34 units": a data type violation).
 */
export function exampleCsvPair(req: ExampleRequest): ExamplePair {
  const model = findScenarioModel(req.scenario, 'scenario')
  if (!EXAMPLE_CHANGES.includes(req.change)) throw invalidField('change', `must be one of ${EXAMPLE_CHANGES.join(', ')}`)
  if (!Number.isInteger(req.rows) || req.rows < 10 || req.rows > MAX_EXAMPLE_ROWS) throw invalidField('rows', `must be an integer from 10 to ${count(MAX_EXAMPLE_ROWS)}`)
  const numeric = model.features.filter((f) => f.kind === 'numeric')
  const changes: Record<Exclude<ExampleChange, 'none'>, { change: DataChange; text: string }> = {
    dataDrift: { change: { kind: 'dataDrift', Feature: numeric[0].name, Shift: 1 }, text: `${numeric[0].name} shifted by one standard deviation` },
    conceptDrift: { change: { kind: 'conceptDrift', CoefficientFactor: -1 }, text: 'the label depends on the inputs the other way round; the inputs are unchanged, so no feature drifts' },
    outlierBurst: { change: { kind: 'outlierBurst', Feature: numeric[0].name, DurationMinutes: 60, Share: 0.02, Magnitude: 8 }, text: `2 % of ${numeric[0].name} eight standard deviations above the mean` },
    typeChange: { change: { kind: 'schemaBreak', Break: 'typeChange', Feature: numeric[1].name }, text: `${numeric[1].name} written with a unit ("12 units"), which is text in a numeric column` }
  }
  const names = model.features.map((f) => f.name)
  const write = (scenario: FeatureScenario, label: string): string => {
    const rng = createRng(`monitor-example/${model.id}/${req.seed}/${label}`)
    const lines = [names.join(',')]
    for (let i = 0; i < req.rows; i++) {
      const r = scenario.record(0, rng)
      lines.push(names.map((n) => csvCell(r.features[n])).join(','))
    }
    return lines.join('\n') + '\n'
  }
  const base = new FeatureScenario(model)
  const current = new FeatureScenario(model)
  const chosen = req.change === 'none' ? null : changes[req.change]
  if (chosen) current.addChange(0, chosen.change, 'change')
  const stem = `${model.id}-seed${req.seed}`
  return {
    baseline: { name: `${stem}-baseline.csv`, text: write(base, 'baseline') },
    current: { name: `${stem}-current-${req.change}.csv`, text: write(current, 'current') },
    description: `${count(req.rows)} rows each from the "${model.id}" scenario (${model.description}) Current file: ${chosen ? chosen.text : 'no change'}.`
  }
}
