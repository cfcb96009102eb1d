/**
 * A monitoring execution's checks: the current dataset against the baseline's constraints, giving
 * `constraint_violations.json` records (`feature_name`, `constraint_check_type`, `description`) for
 * the six check types of "Schema for Violations" (model-monitor-interpreting-violations), and the
 * per-feature metrics a schedule emits to CloudWatch (model-monitor-interpreting-cloudwatch):
 * `feature_data_<name>` (numeric features: SampleCount, Sum, Minimum, Maximum),
 * `feature_non_null_<name>` (completeness) and `feature_baseline_drift_<name>` (the distance).
 *
 * How each check decides (the doc gives the intent, the thresholds come from constraints.json):
 * - data_type_check: the share of present values whose type does not fit the baseline's inferred
 *   type (an Integral feature accepts only integers; a Fractional one integers and decimals) is
 *   greater than `datatype_check_threshold`. Such values are left out of the feature's statistics;
 *   they never stop the run.
 * - completeness_check: the share of non-null values is below the feature's `completeness`.
 * - baseline_drift_check: numeric features compare the two samples' CDFs (linf_simple, or
 *   linf_robust with comparison_method Robust) against `comparison_threshold`; String features use
 *   `categorical_drift_method` — LInfinity compares category shares the same way against
 *   `categorical_comparison_threshold`, ChiSquared flags a chi-squared homogeneity p-value below it.
 * - categorical_values_check: the share of present values outside the baseline's domains is greater
 *   than `domain_content_threshold`.
 * - missing_column_check / extra_column_check: the current dataset has fewer / more columns than the
 *   baseline (the doc compares the counts); each record names a column that is absent / new.
 */
import { invalidField } from '../../../shared/errors'
import type { ConstraintsJson, FeatureConstraints, StatisticsJson } from './baseline'
import { profileColumn, statisticsOf, type ColumnProfile } from './baseline'
import { KIND_MISSING, checkDataset, cellKind, kindFits, numberOf, textOf, type Dataset, type DatasetColumn, type InferredType } from './dataset'
import type { CellColumn, RecordColumns } from './columns'
import { chiSquareHomogeneity, linfRobust } from './drift'
import { ecdfExtremes } from './ks'
import { sortSample } from './sort'

export const CHECK_TYPES = [
  'data_type_check',
  'completeness_check',
  'baseline_drift_check',
  'missing_column_check',
  'extra_column_check',
  'categorical_values_check'
] as const
export type ConstraintCheckType = (typeof CHECK_TYPES)[number]

export interface Violation {
  feature_name: string
  constraint_check_type: ConstraintCheckType
  description: string
}

export interface EmittedMetric {
  MetricName: string
  Value?: number
  StatisticValues?: { SampleCount: number; Sum: number; Minimum: number; Maximum: number }
}

export interface ExecutionResult {
  violations: Violation[]
  /** statistics.json of the current dataset. */
  statistics: StatisticsJson
  metrics: EmittedMetric[]
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`

function checkShare(v: unknown, field: string): number {
  if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw invalidField(field, 'must be a number in [0, 1]')
  return v
}

function checkConstraintsShape(c: ConstraintsJson): void {
  const mc = c.monitoring_config
  if (!mc || !mc.distribution_constraints) throw invalidField('constraints.monitoring_config', 'is required, with distribution_constraints')
  checkShare(mc.datatype_check_threshold, 'constraints.monitoring_config.datatype_check_threshold')
  checkShare(mc.domain_content_threshold, 'constraints.monitoring_config.domain_content_threshold')
  const dc = mc.distribution_constraints
  checkShare(dc.comparison_threshold, 'constraints.monitoring_config.distribution_constraints.comparison_threshold')
  if (dc.categorical_comparison_threshold !== undefined) {
    checkShare(dc.categorical_comparison_threshold, 'constraints.monitoring_config.distribution_constraints.categorical_comparison_threshold')
  }
  if (!['Simple', 'Robust'].includes(dc.comparison_method)) {
    throw invalidField('constraints.monitoring_config.distribution_constraints.comparison_method', 'must be "Simple" or "Robust"')
  }
  if (dc.categorical_drift_method !== undefined && !['LInfinity', 'ChiSquared'].includes(dc.categorical_drift_method)) {
    throw invalidField('constraints.monitoring_config.distribution_constraints.categorical_drift_method', 'must be "LInfinity" or "ChiSquared"')
  }
  c.features.forEach((f, i) => checkShare(f.completeness, `constraints.features[${i}].completeness`))
}

/** The current column read as the baseline's type: mismatches counted, fitting values kept. */
function readAs(col: DatasetColumn, type: InferredType, field: string) {
  let present = 0
  let mismatched = 0
  const numbers: number[] = []
  const categories = new Map<string, number>()
  for (let i = 0; i < col.values.length; i++) {
    const v = col.values[i]
    const k = cellKind(v, field, i)
    if (k === KIND_MISSING) continue
    present++
    if (!kindFits(k, type)) {
      mismatched++
      continue
    }
    if (type === 'Integral' || type === 'Fractional') numbers.push(numberOf(v))
    else {
      const t = textOf(v)
      categories.set(t, (categories.get(t) ?? 0) + 1)
    }
  }
  return { present, mismatched, sortedNumbers: sortSample(Float64Array.from(numbers)), categories }
}

/**
 * A feature's numbers while its checks run (one feature at a time): views of one buffer, so the
 * 2,160 executions of a schedule do not allocate three typed arrays each.
 */
let scratch = new Float64Array(1024)

function scratchOf(n: number): Float64Array {
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, 2 * scratch.length))
  return scratch.subarray(0, n)
}

/**
 * readAs for a column of generated records (columns.ts): the same counts, numbers and categories
 * (in first-seen order) from the typed arrays, without a cell value per row.
 */
function readColumnAs(col: CellColumn, type: InferredType): ReturnType<typeof readAs> {
  const { kinds, numbers, rows } = col
  let present = 0
  let mismatched = 0
  const categories = new Map<string, number>()
  if (type === 'Integral' || type === 'Fractional') {
    const integral = type === 'Integral'
    if (col.numberCount === rows && (!integral || col.fractionCount === 0)) {
      // Every cell is a number that fits: all of them, as they are.
      const all = scratchOf(rows)
      all.set(numbers.subarray(0, rows))
      return { present: rows, mismatched: 0, sortedNumbers: sortSample(all), categories }
    }
    const fitting = scratchOf(rows)
    let m = 0
    for (let i = 0; i < rows; i++) {
      const k = kinds[i]
      if (k === KIND_MISSING) continue
      present++
      if (k === 1 || (k === 2 && !integral)) fitting[m++] = numbers[i]
      else mismatched++
    }
    return { present, mismatched, sortedNumbers: sortSample(fitting.subarray(0, m)), categories }
  }
  if (col.onlyCategories && col.categories.length > 0) {
    // Counted by category index as the cells were set; the map lists them in the order rows first show them.
    for (const c of col.categoryOrder) {
      categories.set(col.categories[c], col.categoryCounts[c])
      present += col.categoryCounts[c]
    }
  } else {
    for (let i = 0; i < rows; i++) {
      if (kinds[i] === KIND_MISSING) continue
      present++
      const t = col.text(i)
      categories.set(t, (categories.get(t) ?? 0) + 1)
    }
  }
  return { present, mismatched, sortedNumbers: new Float64Array(0), categories }
}

function linfOfSamples(b: Float64Array, c: Float64Array): number {
  const { maxS, minS } = integralExtremes(b, c) ?? (b.length > 2 * c.length && c.length > 0 ? gridExtremes(b, c) : ecdfExtremes(b, c))
  return Math.max(maxS, minS)
}

/** k/n for k = 0 … n, each the same division the merge makes, kept per n (a window's sizes recur). */
const shareTables = new Map<number, Float64Array>()

function shares(n: number): Float64Array {
  let t = shareTables.get(n)
  if (!t) {
    t = new Float64Array(n + 1)
    for (let k = 0; k <= n; k++) t[k] = k / n
    if (shareTables.size > 4096) shareTables.clear()
    shareTables.set(n, t)
  }
  return t
}

/** Per baseline sample: a grid of equal cells over its range, with the count below each cell's lower edge. */
const grids = new WeakMap<Float64Array, { lo: number; scale: number; below: Int32Array }>()

function gridOf(sorted: Float64Array): { lo: number; scale: number; below: Int32Array } {
  let g = grids.get(sorted)
  if (!g) {
    const n = sorted.length
    const cells = Math.max(1, n)
    const lo = sorted[0]
    const width = sorted[n - 1] - lo
    const scale = width > 0 ? cells / width : 0
    const below = new Int32Array(cells + 1)
    let k = 0
    for (let cell = 0; cell <= cells; cell++) {
      // Values of cell `cell` are those v with floor((v − lo)·scale) = cell; count those of earlier cells.
      while (k < n && Math.floor((sorted[k] - lo) * scale) < cell) k++
      below[cell] = k
    }
    g = { lo, scale, below }
    grids.set(sorted, g)
  }
  return g
}

/**
 * ecdfExtremes(b, c) for a baseline b much larger than c, evaluated where it can change: at each
 * distinct value c_k of c (with J_k values of c at or below it) the difference is at its smallest,
 * #b ≤ c_k over n₁ minus J_k/n₂, and just below c_{k+1} at its largest, #b < c_{k+1} over n₁ minus
 * J_k/n₂ (before c_1: #b < c_1 over n₁). These are differences the merge takes at pooled values,
 * so the extremes are the same numbers; the counts of b come from a grid over b's range.
 */
export function gridExtremes(b: Float64Array, c: Float64Array): { maxS: number; minS: number } {
  const n1 = b.length
  const n2 = c.length
  const { lo, scale, below } = gridOf(b)
  const cells = below.length - 1
  const bMin = b[0]
  const bMax = b[n1 - 1]
  // k: #b < v for the current value v, then #b <= v; both only grow as v does. The grid gives a
  // lower bound to start from, so the scans pass only the few baseline values of v's cell.
  const floorOf = (x: number): number => (x > bMax ? n1 : x < bMin ? 0 : below[Math.min(cells, Math.floor((x - lo) * scale))])
  const share1 = shares(n1)
  const share2 = shares(n2)
  let k = floorOf(c[0])
  let v = c[0]
  while (k < n1 && b[k] < v) k++
  let maxS = share1[k]
  let minS = 0
  let j = 0
  while (j < n2) {
    v = c[j]
    while (j < n2 && c[j] === v) j++
    while (k < n1 && b[k] <= v) k++
    const low = share1[k] - share2[j]
    if (low < minS) minS = low
    let high: number
    if (j < n2) {
      const next = c[j]
      const floor = floorOf(next)
      if (floor > k) k = floor
      while (k < n1 && b[k] < next) k++
      high = share1[k] - share2[j]
    } else high = share1[n1] - share2[j]
    if (high > maxS) maxS = high
  }
  return { maxS, minS: Math.min(Math.max(-minS, 0), 1) }
}

/** Per baseline sample: whether it is all integers and, if so, its count at or below each integer of its range. */
const integralTables = new WeakMap<Float64Array, { lo: number; cum: Int32Array } | null>()

function integralTable(sorted: Float64Array): { lo: number; cum: Int32Array } | null {
  let table = integralTables.get(sorted)
  if (table === undefined) {
    table = null
    const n = sorted.length
    const lo = sorted[0]
    const range = sorted[n - 1] - lo + 1
    if (n > 0 && range <= 4 * n + 1024 && sorted.every((v) => v === Math.floor(v))) {
      const cum = new Int32Array(range)
      for (let i = 0; i < n; i++) cum[sorted[i] - lo]++
      for (let k = 1; k < range; k++) cum[k] += cum[k - 1]
      table = { lo, cum }
    }
    integralTables.set(sorted, table)
  }
  return table
}

/**
 * ecdfExtremes(b, c) for integer-valued samples, walking the integers of their joint range rather
 * than every value: at each integer v the counts of b and c at or below v, i/n₁ − j/n₂ the same
 * differences the merge takes at the pooled values (an integer that is in neither sample repeats
 * the previous pair, and the last pair is n₁, n₂, difference 0). Null when either sample has a
 * fraction or the range is too wide.
 */
export function integralExtremes(b: Float64Array, c: Float64Array): { maxS: number; minS: number } | null {
  const n1 = b.length
  const n2 = c.length
  if (n1 === 0 || n2 === 0) return null
  const table = integralTable(b)
  if (table === null) return null
  const lo = Math.min(table.lo, c[0])
  const hi = Math.max(table.lo + table.cum.length - 1, c[n2 - 1])
  if (hi - lo > 4 * (n1 + n2) + 1024) return null
  const bHi = table.lo + table.cum.length - 1
  let maxS = -Infinity
  let minS = Infinity
  let j = 0
  for (let v = lo; v <= hi; v++) {
    while (j < n2 && c[j] <= v) {
      if (c[j] !== Math.floor(c[j])) return null
      j++
    }
    const i = v < table.lo ? 0 : v >= bHi ? n1 : table.cum[v - table.lo]
    const diff = i / n1 - j / n2
    if (diff > maxS) maxS = diff
    if (diff < minS) minS = diff
  }
  return { maxS, minS: Math.min(Math.max(-minS, 0), 1) }
}

function linfOfCategories(b: Map<string, number>, nb: number, c: Map<string, number>, nc: number): number {
  let linf = 0
  for (const k of new Set([...b.keys(), ...c.keys()])) linf = Math.max(linf, Math.abs((b.get(k) ?? 0) / nb - (c.get(k) ?? 0) / nc))
  return linf
}

/** A baseline dataset read once, for the many executions of a schedule. */
export interface BaselineProfiles {
  dataset: Dataset
  profiles: Map<string, ColumnProfile>
}

export function profileBaseline(baseline: Dataset): BaselineProfiles {
  checkDataset(baseline, 'baseline')
  return { dataset: baseline, profiles: new Map<string, ColumnProfile>(baseline.map((col, i) => [col.name, profileColumn(col, `baseline[${i}]`)])) }
}

/**
 * Run one monitoring execution: the baseline dataset (for its distributions), its constraints (as
 * suggested, or edited by the learner) and the current dataset.
 */
export function checkConstraints(baseline: Dataset, constraints: ConstraintsJson, current: Dataset, profiled?: BaselineProfiles): ExecutionResult {
  const r = evaluateConstraints(baseline, constraints, current, profiled, true)
  return { violations: r.violations, statistics: r.statistics!, metrics: r.metrics }
}

/**
 * The checks and metrics of checkConstraints without the current dataset's statistics.json (a
 * schedule's executions publish metrics and violations only; profiling the current data again
 * would cost as much as the checks).
 */
export function checkConstraintsOnly(baseline: Dataset, constraints: ConstraintsJson, current: Dataset | RecordColumns, profiled?: BaselineProfiles): Omit<ExecutionResult, 'statistics'> {
  const r = evaluateConstraints(baseline, constraints, current, profiled, false)
  return { violations: r.violations, metrics: r.metrics }
}

function evaluateConstraints(baseline: Dataset, constraints: ConstraintsJson, data: Dataset | RecordColumns, profiled: BaselineProfiles | undefined, withStatistics: boolean): Omit<ExecutionResult, 'statistics'> & { statistics?: StatisticsJson } {
  // Generated records come as columns (columns.ts); a learner's or a lab's dataset as cells.
  const columnar = !Array.isArray(data)
  const current: readonly { name: string }[] = columnar ? (data as RecordColumns).columns : (data as Dataset)
  const rows = columnar ? (current.length === 0 ? checkDataset([], 'current') : (data as RecordColumns).rows) : checkDataset(data as Dataset, 'current')
  checkConstraintsShape(constraints)
  const mc = constraints.monitoring_config
  const dc = mc.distribution_constraints
  const baselineProfiles = profiled && profiled.dataset === baseline ? profiled.profiles : profileBaseline(baseline).profiles
  const read = (i: number, type: InferredType): ReturnType<typeof readAs> =>
    columnar ? readColumnAs((data as RecordColumns).columns[i], type) : readAs((data as Dataset)[i], type, `current[${i}]`)
  const currentByName = new Map(current.map((col, i) => [col.name, i]))
  const violations: Violation[] = []
  const metrics: EmittedMetric[] = []

  const featureNames = new Set(constraints.features.map((f) => f.name))
  if (current.length < constraints.features.length) {
    for (const f of constraints.features) {
      if (!currentByName.has(f.name)) {
        violations.push({
          feature_name: f.name,
          constraint_check_type: 'missing_column_check',
          description: `There are fewer columns in the current dataset (${current.length}) than in the baseline (${constraints.features.length}): column "${f.name}" is missing.`
        })
      }
    }
  }
  if (current.length > constraints.features.length) {
    for (const col of current) {
      if (!featureNames.has(col.name)) {
        violations.push({
          feature_name: col.name,
          constraint_check_type: 'extra_column_check',
          description: `There are more columns in the current dataset (${current.length}) than in the baseline (${constraints.features.length}): column "${col.name}" is new.`
        })
      }
    }
  }

  for (const f of constraints.features) {
    const found = currentByName.get(f.name)
    if (found === undefined) continue
    const cur = read(found, f.inferred_type)
    const completeness = rows === 0 ? 0 : cur.present / rows
    if (mc.emit_metrics === 'Enabled') metrics.push({ MetricName: `feature_non_null_${f.name}`, Value: completeness })
    checkFeature(f, cur, completeness, rows, baselineProfiles.get(f.name), constraints, violations, metrics)
  }
  const kept = mc.evaluate_constraints === 'Enabled' ? violations : []
  if (!withStatistics) return { violations: kept, metrics }
  if (columnar) throw new Error('statistics.json of generated columns is not computed: pass a Dataset')
  const currentProfiles = (data as Dataset).map((col, i) => profileColumn(col, `current[${i}]`))
  return { violations: kept, statistics: statisticsOf(currentProfiles, rows), metrics }
}

/**
 * One feature's checks and metrics. A function of its own rather than a closure of
 * evaluateConstraints: a closure made per execution kept losing its optimised code each time a run
 * took a branch earlier runs had not (a first violation, a first String feature).
 */
function checkFeature(
  f: FeatureConstraints,
  cur: ReturnType<typeof readAs>,
  completeness: number,
  n: number,
  base: ColumnProfile | undefined,
  c: ConstraintsJson,
  out: Violation[],
  emitted: EmittedMetric[]
): void {
  const mc = c.monitoring_config
  const dc = mc.distribution_constraints
  const emit = mc.emit_metrics === 'Enabled'
  const numeric = f.inferred_type === 'Integral' || f.inferred_type === 'Fractional'
  if (cur.present > 0 && cur.mismatched / cur.present > mc.datatype_check_threshold) {
    out.push({
      feature_name: f.name,
      constraint_check_type: 'data_type_check',
      description: `Data type match requirement is not met. Expected data type: ${f.inferred_type}, expected match: at least ${pct(1 - mc.datatype_check_threshold)}. Observed: only ${pct(1 - cur.mismatched / cur.present)} of the ${cur.present} present values are ${f.inferred_type}.`
    })
  }
  if (completeness < f.completeness) {
    out.push({
      feature_name: f.name,
      constraint_check_type: 'completeness_check',
      description: `Completeness requirement is not met. Expected: at least ${pct(f.completeness)} of values present. Observed: ${pct(completeness)} (${cur.present} of ${n}).`
    })
  }
  if (numeric && emit && cur.sortedNumbers.length > 0) {
    const xs = cur.sortedNumbers
    let sum = 0
    for (let i = 0; i < xs.length; i++) sum += xs[i]
    emitted.push({ MetricName: `feature_data_${f.name}`, StatisticValues: { SampleCount: xs.length, Sum: sum, Minimum: xs[0], Maximum: xs[xs.length - 1] } })
  }
  if (dc.perform_comparison === 'Enabled' && base) {
    let distance: number | null = null
    let drifted = false
    // The description is written only for a violation.
    let how = (): string => ''
    if (numeric && cur.sortedNumbers.length > 0 && base.sortedNumbers.length > 0) {
      const simple = linfOfSamples(base.sortedNumbers, cur.sortedNumbers)
      distance = dc.comparison_method === 'Robust' ? linfRobust(simple, base.sortedNumbers.length, cur.sortedNumbers.length) : simple
      drifted = distance > dc.comparison_threshold
      how = () => `${dc.comparison_method === 'Robust' ? 'linf_robust' : 'linf_simple'} distance ${distance!.toPrecision(4)} exceeds comparison_threshold ${dc.comparison_threshold}`
    } else if (f.inferred_type === 'String' && cur.categories.size > 0 && base.categories.size > 0) {
      const nb = base.present
      let nc = 0
      for (const v of cur.categories.values()) nc += v
      const threshold = dc.categorical_comparison_threshold ?? dc.comparison_threshold
      if (dc.categorical_drift_method === 'ChiSquared') {
        distance = chiSquareHomogeneity(base.categories, nb, cur.categories, nc).pValue
        drifted = distance < threshold
        how = () => `chi-squared p-value ${distance!.toPrecision(4)} is below categorical_comparison_threshold ${threshold}`
      } else {
        const simple = linfOfCategories(base.categories, nb, cur.categories, nc)
        distance = dc.comparison_method === 'Robust' ? linfRobust(simple, nb, nc) : simple
        drifted = distance > threshold
        how = () => `LInfinity ${dc.comparison_method === 'Robust' ? 'robust' : 'simple'} distance ${distance!.toPrecision(4)} exceeds categorical_comparison_threshold ${threshold}`
      }
    }
    if (distance !== null) {
      if (emit) emitted.push({ MetricName: `feature_baseline_drift_${f.name}`, Value: distance })
      if (drifted) {
        out.push({
          feature_name: f.name,
          constraint_check_type: 'baseline_drift_check',
          description: `Baseline drift check failed: the ${how()}.`
        })
      }
    }
  }
  const domains = f.string_constraints?.domains
  if (domains && cur.present > 0) {
    const known = new Set(domains)
    let unknown = 0
    for (const [v, count] of cur.categories) if (!known.has(v)) unknown += count
    if (unknown / cur.present > mc.domain_content_threshold) {
      out.push({
        feature_name: f.name,
        constraint_check_type: 'categorical_values_check',
        description: `Value outside the baseline's domains for ${pct(unknown / cur.present)} of present values (${unknown} of ${cur.present}); domain_content_threshold allows ${pct(mc.domain_content_threshold)}.`
      })
    }
  }
}
