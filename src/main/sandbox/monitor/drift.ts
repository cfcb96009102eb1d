/**
 * Drift between a baseline sample and a current sample of one feature: every statistic the
 * monitoring labs compare, each defined as below (issue #10, item 5).
 *
 * Numeric features (numbers):
 * - `ks`: the two-sample Kolmogorov–Smirnov statistic and p-value (`ks.ts`, as scipy's ks_2samp);
 * - `linfSimple` = the KS statistic and `linfRobust` = max(0, linfSimple − 1.8·sqrt((n+m)/(n·m))),
 *   SageMaker Model Monitor's two comparison methods (AWS Deequ `Distance.selectMetrics`, c(α) = 1.8);
 * - `psi` = Σ (c − b)·ln(c/b) and `jensenShannon` (base 2) over the shared Sturges bins of
 *   baseline ∪ current (`histogram.ts`), each side's share per bin with 0 replaced by 0.0001;
 * - `wasserstein`: the 1-Wasserstein distance between the two empirical distributions
 *   (scipy.stats.wasserstein_distance), and `wassersteinNormed` = that / max(σ_baseline, 0.001) with
 *   σ the population standard deviation; the 0.001 floor is Evidently's, so a constant baseline
 *   does not divide by zero.
 * Categorical features (strings): the bins are the categories seen on either side; `linfSimple` is
 * the largest difference of category shares (Deequ's categorical L-infinity distance), `chiSquare` is
 * the chi-squared test of homogeneity on the 2 × k table of counts without continuity correction
 * (scipy.stats.chi2_contingency(correction=False)).
 *
 * `auto` is Evidently's default choice (`evidently/calculations/stattests/registry.py`,
 * `_get_default_stattest`): with at most 1,000 baseline values, KS for a numeric feature with more
 * than 5 distinct values, else chi-squared when there are more than 2 distinct values, else the
 * two-proportion z-test, each at p-value threshold 0.05 (KS drifts at p <= 0.05, the others at
 * p < 0.05, as Evidently compares them); with more baseline values, normed Wasserstein for a numeric
 * feature with more than 5 distinct values, else Jensen–Shannon, at threshold 0.1 (drift at >=).
 * The learner can override the method and the threshold.
 */
import { invalidField } from '../../../shared/errors'
import { ks2sampFromExtremes } from './ks'
import { histogramSorted, sturgesEdges } from './histogram'
import { sortSample } from './sort'
import { chi2Sf, normalSf } from './special'

export const DRIFT_METHODS = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'] as const
export type DriftMethod = (typeof DRIFT_METHODS)[number]

/** Evidently's default thresholds per test (StatTest.default_threshold). */
export const DEFAULT_THRESHOLDS: Readonly<Record<DriftMethod, number>> = {
  ks: 0.05,
  chisquare: 0.05,
  z: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1
}

/** Model Monitor's robust correction constant (Deequ `defaultCAlpha`, α ≈ 0.003). */
export const LINF_ROBUST_C = 1.8
/** Share that replaces an empty bin before PSI and Jensen–Shannon (issue #10, item 5). */
export const EMPTY_BIN_SHARE = 0.0001
/** Evidently's small-sample limit: at most this many baseline values use the p-value tests. */
export const AUTO_SMALL_BASELINE = 1000

export interface DriftOptions {
  method?: DriftMethod
  threshold?: number
}

export interface TestResult {
  statistic: number
  pValue: number
}

export interface AutoResult {
  method: DriftMethod
  value: number
  threshold: number
  drift: boolean
}

export interface DriftComparison {
  ks?: TestResult
  linfSimple: number
  linfRobust: number
  psi: number
  jensenShannon: number
  wasserstein?: number
  wassersteinNormed?: number
  chiSquare?: TestResult
  auto: AutoResult
}

export type FeatureKind = 'numeric' | 'categorical'
export type Sample = readonly number[] | readonly string[] | Float64Array

/** Neumaier-compensated running sum, so a million small terms do not lose digits. */
class Sum {
  private s = 0
  private c = 0
  add(x: number): void {
    const t = this.s + x
    this.c += Math.abs(this.s) >= Math.abs(x) ? this.s - t + x : x - t + this.s
    this.s = t
  }
  get value(): number {
    return this.s + this.c
  }
}

export function linfRobust(linfSimple: number, n: number, m: number): number {
  return Math.max(0, linfSimple - LINF_ROBUST_C * Math.sqrt((n + m) / (n * m)))
}

/** Replace empty shares (issue #10: "shares of 0 replaced by 0.0001"). */
function fillEmpty(shares: Float64Array): Float64Array {
  for (let i = 0; i < shares.length; i++) if (shares[i] === 0) shares[i] = EMPTY_BIN_SHARE
  return shares
}

export function psiOf(b: Float64Array, c: Float64Array): number {
  const s = new Sum()
  for (let i = 0; i < b.length; i++) s.add((c[i] - b[i]) * Math.log(c[i] / b[i]))
  return s.value
}

/** scipy.spatial.distance.jensenshannon(b, c, base=2): both vectors renormalized to sum 1 first. */
export function jensenShannonOf(b: Float64Array, c: Float64Array): number {
  let sb = 0
  let sc = 0
  for (let i = 0; i < b.length; i++) {
    sb += b[i]
    sc += c[i]
  }
  const left = new Sum()
  const right = new Sum()
  for (let i = 0; i < b.length; i++) {
    const p = b[i] / sb
    const q = c[i] / sc
    const m = (p + q) / 2
    if (p > 0) left.add(p * Math.log(p / m))
    if (q > 0) right.add(q * Math.log(q / m))
  }
  const js = (left.value + right.value) / Math.LN2
  return Math.sqrt(Math.max(js, 0) / 2)
}

/** Wasserstein-1 between two ascending samples: Σ |F_a − F_b| · Δ over consecutive pooled values. */
export function wassersteinSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n1 = a.length
  const n2 = b.length
  let i = 0
  let j = 0
  const s = new Sum()
  let v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j]
  while (i < n1 || j < n2) {
    while (i < n1 && a[i] <= v) i++
    while (j < n2 && b[j] <= v) j++
    if (i === n1 && j === n2) break
    const next = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j]
    s.add(Math.abs(i / n1 - j / n2) * (next - v))
    v = next
  }
  return s.value
}

/**
 * ecdfExtremes (ks.ts) and wassersteinSorted of two ascending samples in one walk over their
 * distinct pooled values: at each the difference i/n₁ − j/n₂ is the one both take, and the
 * Wasserstein sum adds |difference| × the gap to the next value in the same order
 * wassersteinSorted does, so all three numbers are the same.
 */
export function ecdfAndWasserstein(a: Float64Array, b: Float64Array): { maxS: number; minS: number; wasserstein: number } {
  const n1 = a.length
  const n2 = b.length
  let i = 0
  let j = 0
  let maxS = -Infinity
  let minS = Infinity
  // Sum's compensated addition, written out.
  let s = 0
  let comp = 0
  let v = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j]
  for (;;) {
    while (i < n1 && a[i] <= v) i++
    while (j < n2 && b[j] <= v) j++
    const diff = i / n1 - j / n2
    if (diff > maxS) maxS = diff
    if (diff < minS) minS = diff
    if (i === n1 && j === n2) break
    const next = j >= n2 || (i < n1 && a[i] <= b[j]) ? a[i] : b[j]
    const x = Math.abs(diff) * (next - v)
    const t = s + x
    comp += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s
    s = t
    v = next
  }
  return { maxS, minS: Math.min(Math.max(-minS, 0), 1), wasserstein: s + comp }
}

/** Population standard deviation (numpy.std, ddof 0), two passes. */
export function populationStd(a: ArrayLike<number>): number {
  const n = a.length
  const mean = new Sum()
  for (let i = 0; i < n; i++) mean.add(a[i])
  const mu = mean.value / n
  const ss = new Sum()
  for (let i = 0; i < n; i++) {
    const d = a[i] - mu
    ss.add(d * d)
  }
  return Math.sqrt(ss.value / n)
}

/** Distinct values of baseline ∪ current, counted up to `cap` + 1 (enough to choose a test). */
function distinctUnionSorted(a: ArrayLike<number>, b: ArrayLike<number>, cap: number): number {
  let i = 0
  let j = 0
  let count = 0
  while ((i < a.length || j < b.length) && count <= cap) {
    const v = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j]
    count++
    while (i < a.length && a[i] <= v) i++
    while (j < b.length && b[j] <= v) j++
  }
  return count
}

/** Category → count of an ascending numeric sample (used when a numeric feature has few values). */
function runCounts(a: ArrayLike<number>): Map<number, number> {
  const m = new Map<number, number>()
  for (let i = 0; i < a.length; ) {
    let k = i
    while (k < a.length && a[k] === a[i]) k++
    m.set(a[i], k - i)
    i = k
  }
  return m
}

/** Chi-squared test of homogeneity on the 2 × k table (scipy.stats.chi2_contingency, no correction). */
export function chiSquareHomogeneity<K>(b: Map<K, number>, nb: number, c: Map<K, number>, nc: number): TestResult {
  const keys = new Set<K>([...b.keys(), ...c.keys()])
  const dof = keys.size - 1
  if (dof === 0) return { statistic: 0, pValue: 1 }
  const total = nb + nc
  const stat = new Sum()
  for (const k of keys) {
    const ob = b.get(k) ?? 0
    const oc = c.get(k) ?? 0
    const col = ob + oc
    const eb = (nb * col) / total
    const ec = (nc * col) / total
    stat.add(((ob - eb) * (ob - eb)) / eb)
    stat.add(((oc - ec) * (oc - ec)) / ec)
  }
  const statistic = stat.value
  return { statistic, pValue: chi2Sf(statistic, dof) }
}

/**
 * Evidently's two-proportion z-test for a binary feature (`z_stattest.py`): the share of values that
 * are not the smallest category on each side, pooled standard error, two-sided p-value.
 */
export function zTestProportions<K>(b: Map<K, number>, nb: number, c: Map<K, number>, nc: number): TestResult {
  const keys = [...new Set<K>([...b.keys(), ...c.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
  if (b.size === 1 && c.size === 1 && keys.length === 1) return { statistic: 0, pValue: 1 }
  const first = keys[0]
  const p1 = (nb - (b.get(first) ?? 0)) / nb
  const p2 = (nc - (c.get(first) ?? 0)) / nc
  const pooled = (p1 * nb + p2 * nc) / (nb + nc)
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / nb + 1 / nc))
  return { statistic: z, pValue: 2 * normalSf(Math.abs(z)) }
}

function sharesOf<K>(keys: readonly K[], counts: Map<K, number>, n: number): Float64Array {
  const out = new Float64Array(keys.length)
  for (let i = 0; i < keys.length; i++) out[i] = (counts.get(keys[i]) ?? 0) / n
  return out
}

/** `distinct` may be a count that stopped early: at `cap` + 1 it means "more than `cap`". */
function checkOverride(kind: FeatureKind, distinct: number, options: DriftOptions, cap = Infinity): void {
  const m = options.method
  if (m !== undefined) {
    if (!(DRIFT_METHODS as readonly string[]).includes(m)) {
      throw invalidField('method', `must be one of ${DRIFT_METHODS.join(', ')}, got "${String(m)}"`)
    }
    if (kind === 'categorical' && (m === 'ks' || m === 'wasserstein')) {
      throw invalidField('method', `${m} needs a numeric feature; for categories use chisquare, z, jensenshannon or psi`)
    }
    if (m === 'z' && distinct > 2) {
      throw invalidField('method', `the z-test compares two proportions, so it needs at most 2 distinct values; this feature has ${distinct > cap ? `more than ${cap}` : distinct}`)
    }
  }
  const t = options.threshold
  if (t !== undefined && !(Number.isFinite(t) && t >= 0)) throw invalidField('threshold', 'must be a finite number >= 0')
  if (t !== undefined && (m === 'ks' || m === 'chisquare' || m === 'z') && t > 1) {
    throw invalidField('threshold', `${m} compares a p-value, so the threshold must lie in [0, 1]`)
  }
}

function decide(method: DriftMethod, value: number, threshold: number): boolean {
  // Evidently: KS drifts at p <= threshold, chi-squared and z at p < threshold, distances at >=.
  if (method === 'ks') return value <= threshold
  if (method === 'chisquare' || method === 'z') return value < threshold
  return value >= threshold
}

function autoMethod(kind: FeatureKind, baselineSize: number, distinct: number): DriftMethod {
  if (baselineSize <= AUTO_SMALL_BASELINE) {
    if (kind === 'numeric' && distinct > 5) return 'ks'
    return distinct > 2 ? 'chisquare' : 'z'
  }
  return kind === 'numeric' && distinct > 5 ? 'wasserstein' : 'jensenshannon'
}

/** All statistics for two ascending numeric samples (both non-empty, finite). */
export function compareNumericSorted(b: Float64Array, c: Float64Array, options: DriftOptions = {}): DriftComparison {
  const nb = b.length
  const nc = c.length
  const distinct = distinctUnionSorted(b, c, 5)
  checkOverride('numeric', distinct, options, 5)
  const walk = ecdfAndWasserstein(b, c)
  const ks = ks2sampFromExtremes(nb, nc, walk.maxS, walk.minS)
  const edges = sturgesEdges(Math.min(b[0], c[0]), Math.max(b[nb - 1], c[nc - 1]), nb + nc)
  const hb = histogramSorted(b, edges)
  const hc = histogramSorted(c, edges)
  for (let i = 0; i < hb.length; i++) {
    hb[i] /= nb
    hc[i] /= nc
  }
  fillEmpty(hb)
  fillEmpty(hc)
  const psi = psiOf(hb, hc)
  const jensenShannon = jensenShannonOf(hb, hc)
  const wasserstein = walk.wasserstein
  const wassersteinNormed = wasserstein / Math.max(populationStd(b), 0.001)
  const method = options.method ?? autoMethod('numeric', nb, distinct)
  let value: number
  switch (method) {
    case 'ks':
      value = ks.pValue
      break
    case 'wasserstein':
      value = wassersteinNormed
      break
    case 'psi':
      value = psi
      break
    case 'jensenshannon':
      value = jensenShannon
      break
    case 'chisquare':
      value = chiSquareHomogeneity(runCounts(b), nb, runCounts(c), nc).pValue
      break
    case 'z':
      value = zTestProportions(runCounts(b), nb, runCounts(c), nc).pValue
      break
  }
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[method]
  return {
    ks: { statistic: ks.statistic, pValue: ks.pValue },
    linfSimple: ks.statistic,
    linfRobust: linfRobust(ks.statistic, nb, nc),
    psi,
    jensenShannon,
    wasserstein,
    wassersteinNormed,
    auto: { method, value, threshold, drift: decide(method, value, threshold) }
  }
}

/** All statistics for two categorical samples given as category → count. */
export function compareCategoricalCounts(
  b: Map<string, number>,
  nb: number,
  c: Map<string, number>,
  nc: number,
  options: DriftOptions = {}
): DriftComparison {
  const keys = [...new Set<string>([...b.keys(), ...c.keys()])]
  checkOverride('categorical', keys.length, options)
  const sb = sharesOf(keys, b, nb)
  const sc = sharesOf(keys, c, nc)
  let linf = 0
  for (let i = 0; i < keys.length; i++) linf = Math.max(linf, Math.abs(sb[i] - sc[i]))
  fillEmpty(sb)
  fillEmpty(sc)
  const psi = psiOf(sb, sc)
  const jensenShannon = jensenShannonOf(sb, sc)
  const chiSquare = chiSquareHomogeneity(b, nb, c, nc)
  const method = options.method ?? autoMethod('categorical', nb, keys.length)
  const value =
    method === 'chisquare'
      ? chiSquare.pValue
      : method === 'z'
        ? zTestProportions(b, nb, c, nc).pValue
        : method === 'psi'
          ? psi
          : jensenShannon
  const threshold = options.threshold ?? DEFAULT_THRESHOLDS[method]
  return {
    linfSimple: linf,
    linfRobust: linfRobust(linf, nb, nc),
    psi,
    jensenShannon,
    chiSquare,
    auto: { method, value, threshold, drift: decide(method, value, threshold) }
  }
}

/** The kind of a sample, refusing empty samples, mixed types and non-finite numbers. */
export function sampleKind(sample: Sample, field: string): FeatureKind {
  if (sample.length === 0) throw invalidField(field, 'must not be empty: give at least one value')
  if (sample instanceof Float64Array) {
    for (let i = 0; i < sample.length; i++) {
      if (!Number.isFinite(sample[i])) throw invalidField(`${field}[${i}]`, `must be a finite number, got ${sample[i]}`)
    }
    return 'numeric'
  }
  const kind = typeof sample[0] === 'number' ? 'numeric' : typeof sample[0] === 'string' ? 'categorical' : null
  if (kind === null) throw invalidField(`${field}[0]`, 'must be a number (numeric feature) or a string (categorical feature)')
  const want = kind === 'numeric' ? 'number' : 'string'
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i]
    if (typeof v !== want) {
      throw invalidField(`${field}[${i}]`, `is a ${v === null ? 'null' : typeof v} but ${field}[0] is a ${want}: a feature's values must all be numbers or all be strings`)
    }
    if (kind === 'numeric' && !Number.isFinite(v)) throw invalidField(`${field}[${i}]`, `must be a finite number, got ${v}`)
  }
  return kind
}

function sortedCopy(sample: Sample): Float64Array {
  return sortSample(sample instanceof Float64Array ? sample.slice() : Float64Array.from(sample as readonly number[]))
}

function countsOf(sample: readonly string[]): Map<string, number> {
  const m = new Map<string, number>()
  for (const v of sample) m.set(v, (m.get(v) ?? 0) + 1)
  return m
}

/**
 * The entry point: compare two samples of one feature. Both must be non-empty and of one type
 * (numbers, or strings); the statistics that do not apply to the type are absent.
 */
export function compareDistributions(baseline: Sample, current: Sample, options: DriftOptions = {}): DriftComparison {
  const kb = sampleKind(baseline, 'baseline')
  const kc = sampleKind(current, 'current')
  if (kb !== kc) {
    throw invalidField('current', `holds ${kc === 'numeric' ? 'numbers' : 'strings'} but baseline holds ${kb === 'numeric' ? 'numbers' : 'strings'}: compare samples of the same type`)
  }
  if (kb === 'numeric') return compareNumericSorted(sortedCopy(baseline), sortedCopy(current), options)
  return compareCategoricalCounts(countsOf(baseline as readonly string[]), baseline.length, countsOf(current as readonly string[]), current.length, options)
}
