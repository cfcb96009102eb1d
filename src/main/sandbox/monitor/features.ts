/**
 * The feature vectors and labels a monitored endpoint's clients send (the world outside AWS, like
 * workload/traffic.ts for request rates): a seeded generative model per scenario with changes
 * injected over time, so a monitoring schedule has something to find. The kinds of change follow
 * the study guide's task statement 4.1 and the list:
 *
 * - data drift (covariate shift): a numeric feature's mean moves by `Shift` baseline standard
 *   deviations and its spread is multiplied by `Scale`, linearly over `RampMinutes` (the study
 *   guide's "User Age"); a categorical feature's shares move toward `Shares`. P(label | features) is
 *   unchanged, so a business metric such as the click-through rate moves only through the inputs.
 * - concept drift: the label's dependence on the features changes (each coefficient multiplied by
 *   `CoefficientFactor`, default −1: the fraud model meets a new technique) while the inputs keep
 *   their distribution, so only a model quality monitor with ground truth can see it. With `Feature`
 *   only that feature's coefficients change (the recommender's users who browse longer stop clicking
 *   more), so the model's ranking degrades without the label's overall rate following.
 * - label (prior) shift: the share of positive labels becomes `PositiveRate` while P(features | label)
 *   stays the same (rejection sampling from the base joint distribution).
 * - an outlier burst: for `DurationMinutes`, a share `Share` of records carry `Feature` at
 *   `Magnitude` baseline standard deviations from its mean — a one-off, not drift.
 * - a schema break: a column missing, an extra column, a type change (numbers sent as text such as
 *   "42 yrs"), or a share `NullShare` of nulls.
 * - seasonality is part of the scenario from the start (a numeric feature's mean follows a sine of
 *   period `PeriodHours`), so the training data contain every phase of it and a window of a whole
 *   period looks like the baseline: seasonality that is not drift.
 *
 * Every record of minute `t` comes from a stream forked by `t` alone, so the records of a minute are
 * the same whenever they are generated (at capture, in a later execution, on replay), and nothing but
 * the timeline of changes (each starting at or after the time it was injected) needs to be stored.
 */
import { invalidField } from '../../../shared/errors'
import { createRng, type Rng } from '../core/rng'
import { HOUR_MS, MINUTE_MS } from '../core/time'
import type { Cell, Dataset } from './dataset'

export type NumericFeatureSpec = { name: string; kind: 'numeric'; mean: number; std: number; integral: boolean; min?: number; max?: number; coefficient: number }
export type CategoricalFeatureSpec = { name: string; kind: 'categorical'; values: string[]; shares: number[]; coefficients: number[] }
export type FeatureSpec = NumericFeatureSpec | CategoricalFeatureSpec

export interface ScenarioModel {
  id: string
  description: string
  label: string
  /** Intercept of the label's logistic model (on standardized numeric features). */
  intercept: number
  features: FeatureSpec[]
}

/**
 * Two scenarios: the study guide's recommender (click-through rate about 5 %; older users click
 * less) and a fraud model (about 10 % fraud, large amounts and new devices are risky).
 */
export const SCENARIO_MODELS: readonly ScenarioModel[] = [
  {
    id: 'recommender-ctr',
    description: 'A recommendation engine: does the user click the recommended item? About 5 % do.',
    label: 'clicked',
    intercept: -3.1,
    features: [
      { name: 'user_age', kind: 'numeric', mean: 34, std: 9, integral: true, min: 18, max: 90, coefficient: -0.9 },
      { name: 'session_minutes', kind: 'numeric', mean: 12, std: 5, integral: false, min: 0, coefficient: 0.5 },
      { name: 'items_viewed', kind: 'numeric', mean: 8, std: 3, integral: true, min: 0, coefficient: 0.3 },
      { name: 'device', kind: 'categorical', values: ['mobile', 'desktop', 'tablet'], shares: [0.6, 0.3, 0.1], coefficients: [0.2, 0, -0.2] }
    ]
  },
  {
    id: 'fraud',
    description: 'A card-fraud model: is the transaction fraudulent? About 10 % are.',
    label: 'is_fraud',
    intercept: -2.6,
    features: [
      { name: 'amount_usd', kind: 'numeric', mean: 80, std: 40, integral: false, min: 0, coefficient: 1.4 },
      { name: 'account_age_days', kind: 'numeric', mean: 700, std: 300, integral: true, min: 0, coefficient: -1.0 },
      { name: 'merchant_risk', kind: 'numeric', mean: 0.3, std: 0.15, integral: false, min: 0, max: 1, coefficient: 0.8 },
      { name: 'channel', kind: 'categorical', values: ['online', 'in_store', 'phone'], shares: [0.5, 0.4, 0.1], coefficients: [0.6, -0.6, 0.3] }
    ]
  }
]

export type DataChange =
  | { kind: 'dataDrift'; Feature: string; Shift?: number; Scale?: number; Shares?: number[]; RampMinutes?: number }
  | { kind: 'conceptDrift'; CoefficientFactor?: number; RampMinutes?: number; Feature?: string }
  | { kind: 'priorShift'; PositiveRate: number }
  | { kind: 'outlierBurst'; Feature: string; DurationMinutes: number; Share: number; Magnitude: number }
  | { kind: 'schemaBreak'; Break: 'missingColumn' | 'extraColumn' | 'typeChange' | 'nulls'; Feature: string; NullShare?: number }

export interface Seasonality {
  Feature: string
  /** Peak deviation of the mean, in baseline standard deviations. */
  Amplitude: number
  PeriodHours: number
}

export interface TimedChange {
  start: number
  change: DataChange
}

export const MAX_CHANGES = 50
export const MAX_RAMP_MINUTES = 92 * 24 * 60
/** The most records generated for one minute; a world captures more only as a count. */
export const MAX_RECORDS_PER_MINUTE = 10

export function findScenarioModel(id: string, field: string): ScenarioModel {
  const m = SCENARIO_MODELS.find((s) => s.id === id)
  if (!m) throw invalidField(field, `unknown scenario "${id}"; choose one of ${SCENARIO_MODELS.map((s) => s.id).join(', ')}`)
  return m
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Checks a change against the scenario; throws a VALIDATION LabError naming the field. */
export function validateChange(model: ScenarioModel, c: DataChange, field: string): void {
  const feature = (name: string): FeatureSpec => {
    const f = model.features.find((x) => x.name === name)
    if (!f) throw invalidField(`${field}.Feature`, `"${name}" is not a feature of ${model.id}; its features are ${model.features.map((x) => x.name).join(', ')}`)
    return f
  }
  const ramp = (r: number | undefined): void => {
    if (r !== undefined && !(Number.isInteger(r) && r >= 0 && r <= MAX_RAMP_MINUTES)) throw invalidField(`${field}.RampMinutes`, `must be a whole number of minutes from 0 to ${MAX_RAMP_MINUTES}`)
  }
  switch (c.kind) {
    case 'dataDrift': {
      const f = feature(c.Feature)
      ramp(c.RampMinutes)
      if (f.kind === 'numeric') {
        if (c.Shares !== undefined) throw invalidField(`${field}.Shares`, `applies to categorical features; ${f.name} is numeric (give Shift and Scale)`)
        if (c.Shift !== undefined && !(finite(c.Shift) && Math.abs(c.Shift) <= 10)) throw invalidField(`${field}.Shift`, 'must be a number of baseline standard deviations from −10 to 10')
        if (c.Scale !== undefined && !(finite(c.Scale) && c.Scale > 0 && c.Scale <= 10)) throw invalidField(`${field}.Scale`, 'must be a factor greater than 0 and at most 10')
        if (c.Shift === undefined && c.Scale === undefined) throw invalidField(`${field}.Shift`, 'give Shift (standard deviations), Scale (a factor) or both')
      } else {
        if (c.Shift !== undefined || c.Scale !== undefined) throw invalidField(`${field}.Shares`, `${f.name} is categorical: give Shares, one per value (${f.values.join(', ')})`)
        const s = c.Shares
        if (!s || s.length !== f.values.length || !s.every((x) => finite(x) && x >= 0) || Math.abs(s.reduce((a, b) => a + b, 0) - 1) > 1e-9) {
          throw invalidField(`${field}.Shares`, `must be ${f.values.length} non-negative shares summing to 1, one per value (${f.values.join(', ')})`)
        }
      }
      return
    }
    case 'conceptDrift':
      ramp(c.RampMinutes)
      if (c.Feature !== undefined) feature(c.Feature)
      if (c.CoefficientFactor !== undefined && !(finite(c.CoefficientFactor) && Math.abs(c.CoefficientFactor) <= 5)) throw invalidField(`${field}.CoefficientFactor`, 'must be a number from −5 to 5')
      return
    case 'priorShift':
      if (!(finite(c.PositiveRate) && c.PositiveRate >= 0.01 && c.PositiveRate <= 0.99)) throw invalidField(`${field}.PositiveRate`, 'must be a share from 0.01 to 0.99')
      return
    case 'outlierBurst': {
      const f = feature(c.Feature)
      if (f.kind !== 'numeric') throw invalidField(`${field}.Feature`, `an outlier burst needs a numeric feature; ${f.name} is categorical`)
      if (!(Number.isInteger(c.DurationMinutes) && c.DurationMinutes >= 1 && c.DurationMinutes <= 24 * 60)) throw invalidField(`${field}.DurationMinutes`, 'must be a whole number of minutes from 1 to 1440')
      if (!(finite(c.Share) && c.Share > 0 && c.Share <= 1)) throw invalidField(`${field}.Share`, 'must be a share greater than 0 and at most 1')
      if (!(finite(c.Magnitude) && Math.abs(c.Magnitude) >= 1 && Math.abs(c.Magnitude) <= 100)) throw invalidField(`${field}.Magnitude`, 'must be 1 to 100 standard deviations (either sign)')
      return
    }
    case 'schemaBreak': {
      if (!['missingColumn', 'extraColumn', 'typeChange', 'nulls'].includes(c.Break)) throw invalidField(`${field}.Break`, 'must be missingColumn, extraColumn, typeChange or nulls')
      if (c.Break === 'extraColumn') {
        if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(c.Feature) || model.features.some((x) => x.name === c.Feature)) throw invalidField(`${field}.Feature`, 'the extra column needs a new name: a letter or _ then up to 63 letters, digits or _')
      } else feature(c.Feature)
      if (c.Break === 'nulls' && !(finite(c.NullShare) && c.NullShare > 0 && c.NullShare <= 1)) throw invalidField(`${field}.NullShare`, 'must be a share greater than 0 and at most 1')
      if (c.Break !== 'nulls' && c.NullShare !== undefined) throw invalidField(`${field}.NullShare`, 'applies only to Break "nulls"')
      return
    }
  }
}

export function validateSeasonality(model: ScenarioModel, s: Seasonality, field: string): void {
  const f = model.features.find((x) => x.name === s.Feature)
  if (!f || f.kind !== 'numeric') throw invalidField(`${field}.Feature`, `must be a numeric feature of ${model.id}: ${model.features.filter((x) => x.kind === 'numeric').map((x) => x.name).join(', ')}`)
  if (!(finite(s.Amplitude) && s.Amplitude > 0 && s.Amplitude <= 5)) throw invalidField(`${field}.Amplitude`, 'must be greater than 0 and at most 5 standard deviations')
  if (!(Number.isInteger(s.PeriodHours) && s.PeriodHours >= 1 && s.PeriodHours <= 24 * 7)) throw invalidField(`${field}.PeriodHours`, 'must be a whole number of hours from 1 to 168')
}

/** One generated request: its features (possibly broken), its true label and the time it was sent. */
export interface FeatureRecord {
  at: number
  features: Record<string, Cell>
  label: 0 | 1
}

/** How far a ramped change has come at time t: 0 before its start, 1 once the ramp is over. */
function progress(start: number, ramp: number | undefined, t: number): number {
  if (t < start) return 0
  if (!ramp) return 1
  return Math.min(1, (t - start) / (ramp * MINUTE_MS))
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

/** The scenario's world at one time: the distributions and the concept the records follow. */
interface StateAt {
  shift: Map<string, { shift: number; scale: number }>
  shares: Map<string, number[]>
  coefficientFactor: number
  /** Per-feature factors of a feature-targeted concept drift, on top of `coefficientFactor`. */
  featureFactor: Map<string, number>
  positiveRate: number | null
  bursts: { feature: string; share: number; magnitude: number }[]
  breaks: DataChange[]
}

const BASE_STATE: StateAt = Object.freeze({ shift: new Map(), shares: new Map(), coefficientFactor: 1, featureFactor: new Map(), positiveRate: null, bursts: [], breaks: [] }) as StateAt

/**
 * A scenario's generative model with its seasonality and the timeline of injected changes. Changes
 * must be added in the order they are injected and start at or after the time of injection.
 */
export class FeatureScenario {
  readonly model: ScenarioModel
  readonly seasonality: readonly Seasonality[]
  private readonly changes: TimedChange[] = []

  constructor(model: ScenarioModel, seasonality: readonly Seasonality[] = []) {
    this.model = model
    this.seasonality = seasonality
  }

  get timeline(): readonly TimedChange[] {
    return this.changes
  }

  addChange(start: number, change: DataChange, field = 'Change'): void {
    if (this.changes.length >= MAX_CHANGES) throw invalidField(field, `a scenario holds at most ${MAX_CHANGES} changes`)
    validateChange(this.model, change, field)
    this.changes.push({ start, change })
  }

  private stateAt(t: number): StateAt {
    // Before any change has started, every record reads the same (never modified) base state.
    if (!this.changes.some((c) => t >= c.start)) return BASE_STATE
    const s: StateAt = { shift: new Map(), shares: new Map(), coefficientFactor: 1, featureFactor: new Map(), positiveRate: null, bursts: [], breaks: [] }
    for (const { start, change: c } of this.changes) {
      if (t < start) continue
      switch (c.kind) {
        case 'dataDrift': {
          const p = progress(start, c.RampMinutes, t)
          const f = this.model.features.find((x) => x.name === c.Feature)!
          if (f.kind === 'numeric') {
            const prev = s.shift.get(f.name) ?? { shift: 0, scale: 1 }
            s.shift.set(f.name, { shift: prev.shift + p * (c.Shift ?? 0), scale: prev.scale * (1 + p * ((c.Scale ?? 1) - 1)) })
          } else {
            const prev = s.shares.get(f.name) ?? f.shares
            s.shares.set(f.name, prev.map((x, i) => x + p * (c.Shares![i] - x)))
          }
          break
        }
        case 'conceptDrift': {
          const factor = 1 + progress(start, c.RampMinutes, t) * ((c.CoefficientFactor ?? -1) - 1)
          if (c.Feature === undefined) s.coefficientFactor *= factor
          else s.featureFactor.set(c.Feature, (s.featureFactor.get(c.Feature) ?? 1) * factor)
          break
        }
        case 'priorShift':
          s.positiveRate = c.PositiveRate
          break
        case 'outlierBurst':
          if (t < start + c.DurationMinutes * MINUTE_MS) s.bursts.push({ feature: c.Feature, share: c.Share, magnitude: c.Magnitude })
          break
        case 'schemaBreak':
          s.breaks.push(c)
          break
      }
    }
    return s
  }

  /** A draw of the inputs and the label under the distributions of `s` (before bursts and breaks). */
  private draw(t: number, s: StateAt, rng: Rng): { values: Record<string, number | string>; label: 0 | 1 } {
    const values: Record<string, number | string> = {}
    let z = this.model.intercept
    for (const f of this.model.features) {
      if (f.kind === 'numeric') {
        const d = s.shift.get(f.name) ?? { shift: 0, scale: 1 }
        let mean = f.mean + d.shift * f.std
        for (const season of this.seasonality) {
          if (season.Feature === f.name) mean += season.Amplitude * f.std * Math.sin((2 * Math.PI * (t % (season.PeriodHours * HOUR_MS))) / (season.PeriodHours * HOUR_MS))
        }
        let x = mean + d.scale * f.std * rng.normal()
        if (f.min !== undefined && x < f.min) x = f.min
        if (f.max !== undefined && x > f.max) x = f.max
        if (f.integral) x = Math.round(x)
        values[f.name] = x
        z += s.coefficientFactor * (s.featureFactor.get(f.name) ?? 1) * f.coefficient * ((x - f.mean) / f.std)
      } else {
        const shares = s.shares.get(f.name) ?? f.shares
        let u = rng.next()
        let i = 0
        while (i < shares.length - 1 && u >= shares[i]) u -= shares[i++]
        values[f.name] = f.values[i]
        z += s.coefficientFactor * (s.featureFactor.get(f.name) ?? 1) * f.coefficients[i]
      }
    }
    return { values, label: rng.next() < sigmoid(z) ? 1 : 0 }
  }

  /** The share of positive labels of the base joint distribution (no changes), by a seeded estimate. */
  private basePositiveRate(rng: Rng): number {
    // Seasonality averages out over a period, so the phase at t = 0 stands for the base.
    const base: StateAt = { shift: new Map(), shares: new Map(), coefficientFactor: 1, featureFactor: new Map(), positiveRate: null, bursts: [], breaks: [] }
    let pos = 0
    const n = 4000
    for (let i = 0; i < n; i++) pos += this.draw(0, base, rng).label
    return pos / n
  }

  private baseRate: number | null = null

  /** One record sent at time t, from `rng` (a stream the caller forks per minute). */
  record(t: number, rng: Rng): FeatureRecord {
    const s = this.stateAt(t)
    let drawn = this.draw(t, s, rng)
    if (s.positiveRate !== null) {
      // Label shift: accept a draw with probability proportional to new share / base share of its label.
      // Estimated from a stream of its own, so the estimate does not depend on which minute asks first.
      const base = (this.baseRate ??= this.basePositiveRate(createRng(`base-rate:${this.model.id}`)))
      const w1 = s.positiveRate / base
      const w0 = (1 - s.positiveRate) / (1 - base)
      const top = Math.max(w1, w0)
      for (let tries = 0; tries < 1000 && rng.next() >= (drawn.label ? w1 : w0) / top; tries++) drawn = this.draw(t, s, rng)
    }
    const features: Record<string, Cell> = { ...drawn.values }
    for (const b of s.bursts) {
      const f = this.model.features.find((x) => x.name === b.feature) as NumericFeatureSpec
      if (rng.next() < b.share) features[b.feature] = f.integral ? Math.round(f.mean + b.magnitude * f.std) : f.mean + b.magnitude * f.std
    }
    for (const br of s.breaks) {
      if (br.kind !== 'schemaBreak') continue
      if (br.Break === 'missingColumn') delete features[br.Feature]
      else if (br.Break === 'extraColumn') features[br.Feature] = rng.int(0, 999)
      else if (br.Break === 'typeChange') features[br.Feature] = typeof features[br.Feature] === 'number' ? `${features[br.Feature]} units` : features[br.Feature]
      else if (rng.next() < (br.NullShare ?? 0)) features[br.Feature] = null
    }
    return { at: t, features, label: drawn.label }
  }

  /** `count` records of the minute that starts at t, from a stream forked by t alone. */
  minuteRecords(t: number, count: number, root: Rng): FeatureRecord[] {
    const n = Math.min(count, MAX_RECORDS_PER_MINUTE)
    const rng = root.fork(`minute:${t}`)
    const out: FeatureRecord[] = []
    for (let i = 0; i < n; i++) out.push(this.record(t + Math.floor((i * MINUTE_MS) / Math.max(1, n)), rng))
    return out
  }

  /**
   * Training data: `rows` records at times spread evenly over [from, to) with the changes in force
   * then (so every phase of a season is present), as a Dataset with the label as the last column.
   */
  trainingData(from: number, to: number, rows: number, rng: Rng): { dataset: Dataset; labels: (0 | 1)[] } {
    const recs: FeatureRecord[] = []
    for (let i = 0; i < rows; i++) recs.push(this.record(from + Math.floor(((to - from) * (i + rng.next())) / rows), rng))
    return { dataset: toDataset(recs), labels: recs.map((r) => r.label) }
  }
}

/** Records as Model Monitor's dataset: one column per feature name seen, in first-seen order; absent cells are null. */
export function toDataset(records: readonly FeatureRecord[]): Dataset {
  const names: string[] = []
  const seen = new Set<string>()
  for (const r of records) for (const k of Object.keys(r.features)) if (!seen.has(k)) (seen.add(k), names.push(k))
  return names.map((name) => ({ name, values: records.map((r) => (name in r.features ? r.features[name] : null)) }))
}
