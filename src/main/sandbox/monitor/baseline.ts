/**
 * Baselining: the `statistics.json` and suggested `constraints.json` Model Monitor's prebuilt
 * container writes for a baseline dataset, with AWS's field names and defaults
 * ("Schema for Statistics", model-monitor-interpreting-statistics; "Schema for Constraints",
 * model-monitor-byoc-constraints; see AWS-FACTS §2.2).
 *
 * - Numeric features: count present/missing, mean, sum, std_dev (population, as Deequ's
 *   StandardDeviation analyzer), min, max, and `distribution.kll.buckets`: 10 equal-width buckets
 *   from min to max, bucket i spanning [min + (max − min)·i/10, min + (max − min)·(i + 1)/10), the
 *   last one closed (Deequ's KLLSketch analyzer). The counts are exact here; AWS reads them off a
 *   KLL sketch, and the sketch itself is not written.
 * - String features: distinct_count and `distribution.categorical.buckets` (value, count), at most
 *   1,000 buckets, most frequent first (Deequ's Histogram analyzer keeps at most 1,000 bins).
 * - Constraints: inferred_type, completeness (the observed share of non-null values),
 *   `num_constraints.is_non_negative` when min >= 0 holds, and `string_constraints.domains` for
 *   String features of low cardinality — at most 120 distinct values, of which at most 10 % are seen
 *   only once (Deequ's ColumnProfiler cardinality threshold and CategoricalRangeRule).
 * - `monitoring_config` defaults: the doc table's 0.1 for both thresholds (its schema sample shows
 *   1.0: the table is followed), comparison_threshold 0.1, comparison_method "Robust" and
 *   categorical_drift_method "LInfinity" (SageMaker Python SDK defaults).
 */
import { invalidField } from '../../../shared/errors'
import { lowerBound, upperBound } from '../core/select'
import { sortSample } from './sort'
import {
  KIND_FRACTIONAL,
  KIND_INTEGRAL,
  KIND_MISSING,
  KIND_STRING,
  checkDataset,
  cellKind,
  numberOf,
  textOf,
  typeFromCounts,
  type Dataset,
  type DatasetColumn,
  type InferredType
} from './dataset'

export const KLL_BUCKETS = 10
export const MAX_CATEGORICAL_BUCKETS = 1000
export const DOMAIN_MAX_DISTINCT = 120
export const DOMAIN_MAX_UNIQUE_SHARE = 0.1

export interface Common {
  num_present: number
  num_missing: number
}
export interface KllBucket {
  lower_bound: number
  upper_bound: number
  count: number
}
export interface NumericalStatistics {
  common: Common
  mean: number
  sum: number
  std_dev: number
  min: number
  max: number
  distribution: { kll: { buckets: KllBucket[] } }
}
export interface StringStatistics {
  common: Common
  distinct_count: number
  distribution: { categorical: { buckets: { value: string; count: number }[] } }
}
export interface FeatureStatistics {
  name: string
  inferred_type: InferredType
  numerical_statistics?: NumericalStatistics
  string_statistics?: StringStatistics
}
export interface StatisticsJson {
  version: 0
  dataset: { item_count: number }
  features: FeatureStatistics[]
}

export type Toggle = 'Enabled' | 'Disabled'
export interface MonitoringConfig {
  evaluate_constraints: Toggle
  emit_metrics: Toggle
  datatype_check_threshold: number
  domain_content_threshold: number
  distribution_constraints: {
    perform_comparison: Toggle
    comparison_threshold: number
    comparison_method: 'Simple' | 'Robust'
    categorical_comparison_threshold: number
    categorical_drift_method: 'LInfinity' | 'ChiSquared'
  }
}
export interface FeatureConstraints {
  name: string
  inferred_type: InferredType
  completeness: number
  num_constraints?: { is_non_negative: boolean }
  string_constraints?: { domains: string[] }
}
export interface ConstraintsJson {
  version: 0
  features: FeatureConstraints[]
  monitoring_config: MonitoringConfig
}

export function defaultMonitoringConfig(): MonitoringConfig {
  return {
    evaluate_constraints: 'Enabled',
    emit_metrics: 'Enabled',
    datatype_check_threshold: 0.1,
    domain_content_threshold: 0.1,
    distribution_constraints: {
      perform_comparison: 'Enabled',
      comparison_threshold: 0.1,
      comparison_method: 'Robust',
      categorical_comparison_threshold: 0.1,
      categorical_drift_method: 'LInfinity'
    }
  }
}

/** One column read once: its type, its numeric values (sorted) or its category counts. */
export interface ColumnProfile {
  name: string
  rows: number
  type: InferredType
  present: number
  missing: number
  /** Per row: 0 missing, 1 Integral, 2 Fractional, 3 String. */
  kinds: Uint8Array
  /** Ascending numeric values of the cells that read as numbers. */
  sortedNumbers: Float64Array
  /** Category → count over all present cells, read as text. */
  categories: Map<string, number>
}

export function profileColumn(col: DatasetColumn, field: string): ColumnProfile {
  const n = col.values.length
  const kinds = new Uint8Array(n)
  const counts = [0, 0, 0, 0]
  const numbers: number[] = []
  for (let i = 0; i < n; i++) {
    const v = col.values[i]
    const k = cellKind(v, field, i)
    kinds[i] = k
    counts[k]++
    if (k === KIND_INTEGRAL || k === KIND_FRACTIONAL) numbers.push(numberOf(v))
  }
  const type = typeFromCounts(counts[KIND_INTEGRAL], counts[KIND_FRACTIONAL], counts[KIND_STRING])
  // Categories are only needed for String columns (statistics, domains, categorical drift).
  const categories = new Map<string, number>()
  if (type === 'String') {
    for (let i = 0; i < n; i++) {
      if (kinds[i] === KIND_MISSING) continue
      const t = textOf(col.values[i])
      categories.set(t, (categories.get(t) ?? 0) + 1)
    }
  }
  return {
    name: col.name,
    rows: n,
    type,
    present: n - counts[KIND_MISSING],
    missing: counts[KIND_MISSING],
    kinds,
    sortedNumbers: sortSample(Float64Array.from(numbers)),
    categories
  }
}

/** Deequ's equal-width buckets with exact counts over an ascending sample. */
export function kllBuckets(sorted: Float64Array): KllBucket[] {
  const start = sorted[0]
  const end = sorted[sorted.length - 1]
  const rankExclusive = (v: number): number => lowerBound(sorted, v)
  const rank = (v: number): number => upperBound(sorted, v)
  const out: KllBucket[] = []
  for (let i = 0; i < KLL_BUCKETS; i++) {
    const lower = start + ((end - start) * i) / KLL_BUCKETS
    const upper = start + ((end - start) * (i + 1)) / KLL_BUCKETS
    const count = i === KLL_BUCKETS - 1 ? rank(upper) - rankExclusive(lower) : rankExclusive(upper) - rankExclusive(lower)
    out.push({ lower_bound: lower, upper_bound: upper, count })
  }
  return out
}

export function featureStatistics(p: ColumnProfile): FeatureStatistics {
  const common = { num_present: p.present, num_missing: p.missing }
  if ((p.type === 'Integral' || p.type === 'Fractional') && p.sortedNumbers.length > 0) {
    const xs = p.sortedNumbers
    let sum = 0
    for (let i = 0; i < xs.length; i++) sum += xs[i]
    const mean = sum / xs.length
    let ss = 0
    for (let i = 0; i < xs.length; i++) ss += (xs[i] - mean) * (xs[i] - mean)
    return {
      name: p.name,
      inferred_type: p.type,
      numerical_statistics: {
        common,
        mean,
        sum,
        std_dev: Math.sqrt(ss / xs.length),
        min: xs[0],
        max: xs[xs.length - 1],
        distribution: { kll: { buckets: kllBuckets(xs) } }
      }
    }
  }
  if (p.type === 'String') {
    const buckets = [...p.categories.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, MAX_CATEGORICAL_BUCKETS)
      .map(([value, count]) => ({ value, count }))
    return {
      name: p.name,
      inferred_type: 'String',
      string_statistics: { common, distinct_count: p.categories.size, distribution: { categorical: { buckets } } }
    }
  }
  return { name: p.name, inferred_type: p.type }
}

export function statisticsOf(profiles: readonly ColumnProfile[], rows: number): StatisticsJson {
  return { version: 0, dataset: { item_count: rows }, features: profiles.map(featureStatistics) }
}

export function suggestFeatureConstraints(p: ColumnProfile): FeatureConstraints {
  const c: FeatureConstraints = { name: p.name, inferred_type: p.type, completeness: p.rows === 0 ? 0 : p.present / p.rows }
  if ((p.type === 'Integral' || p.type === 'Fractional') && p.sortedNumbers.length > 0) {
    c.num_constraints = { is_non_negative: p.sortedNumbers[0] >= 0 }
  }
  if (p.type === 'String') {
    let seenOnce = 0
    for (const count of p.categories.values()) if (count === 1) seenOnce++
    if (p.categories.size <= DOMAIN_MAX_DISTINCT && seenOnce / p.categories.size <= DOMAIN_MAX_UNIQUE_SHARE) {
      c.string_constraints = { domains: [...p.categories.keys()].sort() }
    }
  }
  return c
}

export interface Baseline {
  statistics: StatisticsJson
  constraints: ConstraintsJson
}

/** What a baselining job writes for this dataset. */
export function suggestBaseline(dataset: Dataset): Baseline {
  const rows = checkDataset(dataset, 'dataset')
  if (rows === 0) throw invalidField('dataset', 'has no rows: a baseline needs at least one row')
  const profiles = dataset.map((col, i) => profileColumn(col, `dataset[${i}]`))
  return {
    statistics: statisticsOf(profiles, rows),
    constraints: { version: 0, features: profiles.map(suggestFeatureConstraints), monitoring_config: defaultMonitoringConfig() }
  }
}
