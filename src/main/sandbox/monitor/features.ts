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
 * Every record of minute `t` comes from a counter-based stream keyed by the root stream's key and
 * `t` alone (core/rng.ts CounterStream), so the records of a minute are the same whenever they are
 * generated (at capture, in a later execution, on replay), and nothing but the timeline of changes
 * (each starting at or after the time it was injected) needs to be stored. Record i of a minute
 * reads its own stretches of that stream: one for its inputs, one for its label (and label-shift
 * acceptance), one for bursts and schema breaks, so reading the inputs alone (a data quality check)
 * gives the same inputs as reading the whole record.
 */
import { invalidField } from '../../../shared/errors'
import { counterBits, CounterStream, keyOfSeed, subKey, unitFromBits, zigguratNormal, zigguratQuick, type Rng } from '../core/rng'
import { HOUR_MS, MINUTE_MS } from '../core/time'
import { CellColumn, type RecordColumns } from './columns'
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
    // The base rate is the mean of sigmoid(intercept + Σ coefficient·z) over the features' spread,
    // not sigmoid(intercept): −3.49 gives 5.0 % (Monte Carlo over 4 M draws of this spec with numpy;
    // −3.1 gave 7.1 %). Reference: python3 tests/unit/sandbox/monitor/reference/scenario_base_rates.py.
    intercept: -3.49,
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
    // −3.48 gives 10.0 % (same Monte Carlo; −2.6 gave 17 %).
    intercept: -3.48,
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

/** A feature's dataDrift changes, flat: start (epoch ms), ramp (ms, 0 = at once), Shift and Scale − 1. */
interface DriftArrays {
  start: Float64Array
  ramp: Float64Array
  shift: Float64Array
  scaleStep: Float64Array
}

/** How far a ramped change has come at time t: 0 before its start, 1 once the ramp is over. */
function progress(start: number, ramp: number | undefined, t: number): number {
  if (t < start) return 0
  if (!ramp) return 1
  return Math.min(1, (t - start) / (ramp * MINUTE_MS))
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z))

/**
 * The scenario's world at one time (the distributions and the concept the records follow), in flat
 * arrays indexed by the model's feature order and rewritten for each record, so that generating a
 * window allocates nothing per record.
 */
class StateAt {
  /** dataDrift of a numeric feature: its mean moved by `shift` baseline sds, its spread times `scale`. */
  readonly shift: Float64Array
  readonly scale: Float64Array
  /** dataDrift of a categorical feature: its shares (the model's when no drift applies). */
  readonly shares: Float64Array[]
  /** Per-feature factors of a feature-targeted concept drift, on top of `coefficientFactor`. */
  readonly featureFactor: Float64Array
  coefficientFactor = 1
  positiveRate: number | null = null
  /** Active outlier bursts: feature index, share, magnitude; `burstCount` of them. */
  readonly burstFeature: number[] = []
  readonly burstShare: number[] = []
  readonly burstMagnitude: number[] = []
  burstCount = 0
  /** Schema breaks in force, in the order they were injected; `breakCount` of them. */
  readonly breaks: Extract<DataChange, { kind: 'schemaBreak' }>[] = []
  /** Per break: the slot of the column it acts on (see RecordScratch). */
  readonly breakSlot: number[] = []
  breakCount = 0
  private readonly baseShares: Float64Array[]

  constructor(model: ScenarioModel) {
    const n = model.features.length
    this.shift = new Float64Array(n)
    this.scale = new Float64Array(n).fill(1)
    this.featureFactor = new Float64Array(n).fill(1)
    this.baseShares = model.features.map((f) => Float64Array.from(f.kind === 'categorical' ? f.shares : []))
    this.shares = this.baseShares.map((b) => b.slice())
  }

  reset(): void {
    for (let i = 0; i < this.shift.length; i++) {
      this.shift[i] = 0
      this.scale[i] = 1
      this.featureFactor[i] = 1
      const base = this.baseShares[i]
      const shares = this.shares[i]
      for (let k = 0; k < base.length; k++) shares[k] = base[k]
    }
    this.coefficientFactor = 1
    this.positiveRate = null
    this.burstCount = 0
    this.breakCount = 0
  }

  /** Moves categorical feature i's shares a share p of the way toward `to` (each x to x + p·(to − x)). */
  moveShares(i: number, to: readonly number[], p: number): void {
    const shares = this.shares[i]
    for (let k = 0; k < shares.length; k++) shares[k] = shares[k] + p * (to[k] - shares[k])
  }
}

/** A model's feature specs as flat arrays: min −∞ and max +∞ where a feature has no bound. */
interface FlatModel {
  count: number
  numeric: Uint8Array
  integral: Uint8Array
  seasonal: Uint8Array
  mean: Float64Array
  std: Float64Array
  min: Float64Array
  max: Float64Array
  coefficient: Float64Array
  coefficients: Float64Array[]
}

function flatModel(model: ScenarioModel, seasonsOf: readonly (readonly Seasonality[])[]): FlatModel {
  const fs = model.features
  const num = (f: FeatureSpec, get: (n: NumericFeatureSpec) => number | undefined, none: number): number => (f.kind === 'numeric' ? (get(f) ?? none) : none)
  return {
    count: fs.length,
    numeric: Uint8Array.from(fs, (f) => (f.kind === 'numeric' ? 1 : 0)),
    integral: Uint8Array.from(fs, (f) => (f.kind === 'numeric' && f.integral ? 1 : 0)),
    seasonal: Uint8Array.from(fs, (_, i) => (seasonsOf[i].length > 0 ? 1 : 0)),
    mean: Float64Array.from(fs, (f) => num(f, (n) => n.mean, 0)),
    std: Float64Array.from(fs, (f) => num(f, (n) => n.std, 1)),
    min: Float64Array.from(fs, (f) => num(f, (n) => n.min, -Infinity)),
    max: Float64Array.from(fs, (f) => num(f, (n) => n.max, Infinity)),
    coefficient: Float64Array.from(fs, (f) => num(f, (n) => n.coefficient, 0)),
    coefficients: fs.map((f) => Float64Array.from(f.kind === 'categorical' ? f.coefficients : []))
  }
}

/** Per-record cells while a record is generated: one slot per model feature, then per extra column name. */
const SLOT_ABSENT = 0
const SLOT_NULL = 1
const SLOT_UNDEFINED = 2
const SLOT_NUMBER = 3
const SLOT_CATEGORY = 4
const SLOT_UNITS = 5

class RecordScratch {
  readonly state: Uint8Array
  readonly value: Float64Array
  /** The record's keys in insertion order (as the object record would hold them), `keyCount` of them. */
  readonly keys: Int32Array
  keyCount = 0
  label: 0 | 1 = 0

  constructor(slots: number) {
    this.state = new Uint8Array(slots)
    this.value = new Float64Array(slots)
    this.keys = new Int32Array(slots)
  }

  /** Deletes the key of slot s (`delete features[name]`). */
  remove(s: number): void {
    if (this.state[s] === SLOT_ABSENT) return
    this.state[s] = SLOT_ABSENT
    let j = 0
    for (let k = 0; k < this.keyCount; k++) if (this.keys[k] !== s) this.keys[j++] = this.keys[k]
    this.keyCount = j
  }

  /** Assigns slot s (`features[name] = …`): a new key goes last. */
  set(s: number, state: number, value: number): void {
    if (this.state[s] === SLOT_ABSENT) this.keys[this.keyCount++] = s
    this.state[s] = state
    this.value[s] = value
  }
}

/**
 * A scenario's generative model with its seasonality and the timeline of injected changes. Changes
 * must be added in the order they are injected and start at or after the time of injection.
 */
export class FeatureScenario {
  readonly model: ScenarioModel
  readonly seasonality: readonly Seasonality[]
  private readonly changes: TimedChange[] = []
  /** Per change: the index of the feature it names in the model (−1 when none or an extra column). */
  private readonly changeFeature: number[] = []
  /** The extra columns schema breaks add, by name: their slot is model.features.length + index. */
  private readonly extraNames: string[] = []
  private readonly changeSlot: number[] = []
  /** Per feature: the seasons on it. */
  private readonly seasonsOf: Seasonality[][]
  private readonly state: StateAt
  private stateIsBase = true
  private firstStart = Infinity
  private readonly flat: FlatModel
  private scratch: RecordScratch

  constructor(model: ScenarioModel, seasonality: readonly Seasonality[] = []) {
    this.model = model
    this.seasonality = seasonality
    this.seasonsOf = model.features.map((f) => seasonality.filter((s) => s.Feature === f.name))
    this.state = new StateAt(model)
    this.flat = flatModel(model, this.seasonsOf)
    this.next = new Int32Array(model.features.length)
    this.driftsOf = model.features.map(() => [])
    this.driftArrays = model.features.map(() => null)
    this.scratch = new RecordScratch(model.features.length)
  }

  get timeline(): readonly TimedChange[] {
    return this.changes
  }

  addChange(start: number, change: DataChange, field = 'Change'): void {
    if (this.changes.length >= MAX_CHANGES) throw invalidField(field, `a scenario holds at most ${MAX_CHANGES} changes`)
    validateChange(this.model, change, field)
    this.changes.push({ start, change })
    this.firstStart = Math.min(this.firstStart, start)
    const name = 'Feature' in change ? change.Feature : undefined
    const fi = name === undefined ? -1 : this.model.features.findIndex((f) => f.name === name)
    this.changeFeature.push(fi)
    if (change.kind === 'dataDrift') {
      this.driftsOf[fi].push(this.changes.length - 1)
      this.driftArrays[fi] = null
    }
    let slot = fi
    if (change.kind === 'schemaBreak' && change.Break === 'extraColumn') {
      let e = this.extraNames.indexOf(change.Feature)
      if (e < 0) {
        e = this.extraNames.push(change.Feature) - 1
        this.scratch = new RecordScratch(this.slotCount)
      }
      slot = this.model.features.length + e
    }
    this.changeSlot.push(slot)
  }

  private get slotCount(): number {
    return this.model.features.length + this.extraNames.length
  }

  private slotName(s: number): string {
    const nf = this.model.features.length
    return s < nf ? this.model.features[s].name : this.extraNames[s - nf]
  }

  /** Rewrites `this.state` for time t: every change that has started, in the order injected. */
  private stateAt(t: number): StateAt {
    const s = this.state
    // Before any change has started, every record reads the base state, which needs no rewriting.
    if (t < this.firstStart) {
      if (!this.stateIsBase) s.reset()
      this.stateIsBase = true
      return s
    }
    this.stateIsBase = false
    s.reset()
    for (let ci = 0; ci < this.changes.length; ci++) {
      const { start, change: c } = this.changes[ci]
      if (t < start) continue
      const fi = this.changeFeature[ci]
      switch (c.kind) {
        case 'dataDrift': {
          const p = progress(start, c.RampMinutes, t)
          if (this.model.features[fi].kind === 'numeric') {
            s.shift[fi] = s.shift[fi] + p * (c.Shift ?? 0)
            s.scale[fi] = s.scale[fi] * (1 + p * ((c.Scale ?? 1) - 1))
          } else s.moveShares(fi, c.Shares!, p)
          break
        }
        case 'conceptDrift': {
          const factor = 1 + progress(start, c.RampMinutes, t) * ((c.CoefficientFactor ?? -1) - 1)
          if (c.Feature === undefined) s.coefficientFactor *= factor
          else s.featureFactor[fi] = s.featureFactor[fi] * factor
          break
        }
        case 'priorShift':
          s.positiveRate = c.PositiveRate
          break
        case 'outlierBurst':
          if (t < start + c.DurationMinutes * MINUTE_MS) {
            const k = s.burstCount++
            s.burstFeature[k] = fi
            s.burstShare[k] = c.Share
            s.burstMagnitude[k] = c.Magnitude
          }
          break
        case 'schemaBreak':
          s.breakSlot[s.breakCount] = this.changeSlot[ci]
          s.breaks[s.breakCount++] = c
          break
      }
    }
    return s
  }

  /**
   * A draw of the inputs and the label under the distributions of `s` (before bursts and breaks):
   * numeric feature i's value into value[i], categorical feature i's category index into value[i].
   */
  private draw(t: number, s: StateAt, inputs: CounterStream, next: Int32Array, labels: CounterStream | null, value: Float64Array): 0 | 1 {
    // The model's specs read from flat arrays (FlatModel): the spec objects have several shapes.
    const m = this.flat
    let z = this.model.intercept
    for (let fi = 0; fi < m.count; fi++) {
      // Feature fi reads its own stretch of the record's numbers, from where its last draw stopped.
      inputs.seek(next[fi])
      if (m.numeric[fi] === 1) {
        const std = m.std[fi]
        let mean = m.mean[fi] + s.shift[fi] * std
        if (m.seasonal[fi] === 1) {
          for (const season of this.seasonsOf[fi]) {
            mean += season.Amplitude * std * Math.sin((2 * Math.PI * (t % (season.PeriodHours * HOUR_MS))) / (season.PeriodHours * HOUR_MS))
          }
        }
        let x = mean + s.scale[fi] * std * zigguratNormal(inputs)
        if (x < m.min[fi]) x = m.min[fi]
        if (x > m.max[fi]) x = m.max[fi]
        if (m.integral[fi] === 1) x = Math.round(x)
        value[fi] = x
        next[fi] = inputs.counter
        if (labels !== null) z += s.coefficientFactor * s.featureFactor[fi] * m.coefficient[fi] * ((x - m.mean[fi]) / std)
      } else {
        const shares = s.shares[fi]
        let u = inputs.next()
        let i = 0
        while (i < shares.length - 1 && u >= shares[i]) u -= shares[i++]
        value[fi] = i
        next[fi] = inputs.counter
        if (labels !== null) z += s.coefficientFactor * s.featureFactor[fi] * m.coefficients[fi][i]
      }
    }
    return labels !== null && labels.next() < sigmoid(z) ? 1 : 0
  }

  /** The share of positive labels of the base joint distribution (no changes), by a seeded estimate. */
  private basePositiveRate(): number {
    // Seasonality averages out over a period, so the phase at t = 0 stands for the base. Draw i
    // reads its features and label as record 0 of the sub-stream i of a key of its own.
    const [k1, k2] = keyOfSeed(`s:base-rate:${this.model.id}`)
    const base = new StateAt(this.model)
    const nf = this.model.features.length
    const value = new Float64Array(nf)
    const next = new Int32Array(nf)
    const inputs = new CounterStream()
    const labels = new CounterStream()
    let pos = 0
    const n = 4000
    for (let i = 0; i < n; i++) {
      const [a, b] = subKey(k1, k2, i)
      inputs.open(a, b)
      for (let fi = 0; fi < nf; fi++) next[fi] = fi * FEATURE_STRIDE
      pos += this.draw(0, base, inputs, next, labels.open(a, b).seek(LABEL_OFFSET), value)
    }
    return pos / n
  }

  private baseRate: number | null = null

  private readonly inputs = new CounterStream()
  private readonly next: Int32Array
  /** Per feature: the indexes of the dataDrift changes on it. */
  private readonly driftsOf: number[][]
  /** Per feature: its dataDrift changes as flat arrays for featureColumn's per-row steps; rebuilt after a change is added. */
  private readonly driftArrays: (DriftArrays | null)[]

  private flatDrifts(fi: number): DriftArrays {
    const drifts = this.driftsOf[fi]
    const out: DriftArrays = { start: new Float64Array(drifts.length), ramp: new Float64Array(drifts.length), shift: new Float64Array(drifts.length), scaleStep: new Float64Array(drifts.length) }
    for (let d = 0; d < drifts.length; d++) {
      const { start, change: c } = this.changes[drifts[d]]
      if (c.kind !== 'dataDrift') continue
      out.start[d] = start
      out.ramp[d] = c.RampMinutes ? c.RampMinutes * MINUTE_MS : 0
      out.shift[d] = c.Shift ?? 0
      out.scaleStep[d] = (c.Scale ?? 1) - 1
    }
    return out
  }
  private readonly labels = new CounterStream()
  private readonly extras = new CounterStream()

  /**
   * Record `index` of the counter stream (k1, k2) (a minute's, see minuteKey), sent at time t, into
   * the scratch: its cells per slot and its keys in the order the object record holds them. Its
   * feature f reads numbers index·2^20 + f·2^14 + 1 … of the stream, its label numbers from
   * index·2^20 + 2^18, its bursts and breaks numbers from index·2^20 + 2^19 (at most 2,048 records
   * a stream, 16 features). Without
   * `withLabel` the label is not drawn (0) unless a label shift needs it to choose the inputs.
   */
  private generate(t: number, k1: number, k2: number, index: number, withLabel: boolean): RecordScratch {
    const s = this.stateAt(t)
    const r = this.scratch
    const nf = this.model.features.length
    const at = index * RECORD_STRIDE
    const inputs = this.inputs.open(k1, k2)
    const next = this.next
    for (let fi = 0; fi < nf; fi++) next[fi] = at + fi * FEATURE_STRIDE
    const labels = withLabel || s.positiveRate !== null ? this.labels.open(k1, k2).seek(at + LABEL_OFFSET) : null
    // Label shift accepts a draw with probability proportional to new share / base share of its label.
    // The base share is estimated from a stream of its own, so it does not depend on which minute asks first.
    const base = s.positiveRate === null ? 0 : (this.baseRate ??= this.basePositiveRate())
    let label = this.draw(t, s, inputs, next, labels, r.value)
    if (s.positiveRate !== null) {
      const w1 = s.positiveRate / base
      const w0 = (1 - s.positiveRate) / (1 - base)
      const top = Math.max(w1, w0)
      for (let tries = 0; tries < 1000 && labels!.next() >= (label ? w1 : w0) / top; tries++) label = this.draw(t, s, inputs, next, labels, r.value)
    }
    r.label = label
    const rng = this.extras.open(k1, k2).seek(at + EXTRAS_OFFSET)
    for (let fi = 0; fi < nf; fi++) {
      r.state[fi] = this.flat.numeric[fi] === 1 ? SLOT_NUMBER : SLOT_CATEGORY
      r.keys[fi] = fi
    }
    if (r.state.length > nf) r.state.fill(SLOT_ABSENT, nf)
    r.keyCount = nf
    for (let k = 0; k < s.burstCount; k++) {
      const fi = s.burstFeature[k]
      const f = this.model.features[fi] as NumericFeatureSpec
      if (rng.next() < s.burstShare[k]) r.value[fi] = f.integral ? Math.round(f.mean + s.burstMagnitude[k] * f.std) : f.mean + s.burstMagnitude[k] * f.std
    }
    for (let k = 0; k < s.breakCount; k++) {
      const br = s.breaks[k]
      const slot = s.breakSlot[k]
      if (br.Break === 'missingColumn') r.remove(slot)
      else if (br.Break === 'extraColumn') r.set(slot, SLOT_NUMBER, rng.int(0, 999))
      else if (br.Break === 'typeChange') {
        // A number is sent as text with a unit; any other cell (even an absent one, read as undefined) is written back as it is.
        const st = r.state[slot]
        r.set(slot, st === SLOT_NUMBER ? SLOT_UNITS : st === SLOT_ABSENT ? SLOT_UNDEFINED : st, r.value[slot])
      } else if (rng.next() < (br.NullShare ?? 0)) r.set(slot, SLOT_NULL, 0)
    }
    return r
  }

  /** The cell of slot s of the scratch record, as the object record holds it. */
  private cellOf(r: RecordScratch, s: number): Cell {
    switch (r.state[s]) {
      case SLOT_NUMBER:
        return r.value[s]
      case SLOT_CATEGORY:
        return (this.model.features[s] as CategoricalFeatureSpec).values[r.value[s]]
      case SLOT_UNITS:
        return `${r.value[s]} units`
      case SLOT_NULL:
        return null
      default:
        return undefined
    }
  }

  private objectRecord(t: number, r: RecordScratch): FeatureRecord {
    const features: Record<string, Cell> = {}
    for (let k = 0; k < r.keyCount; k++) features[this.slotName(r.keys[k])] = this.cellOf(r, r.keys[k])
    return { at: t, features, label: r.label }
  }

  /** One record sent at time t, from a counter stream whose key is drawn from `rng`. */
  record(t: number, rng: Rng): FeatureRecord {
    return this.objectRecord(t, this.generate(t, Math.floor(rng.next() * 4294967296), Math.floor(rng.next() * 4294967296), 0, true))
  }

  /** `count` records of the minute that starts at t, from the stream keyed by the root's key and t alone. */
  minuteRecords(t: number, count: number, root: Rng): FeatureRecord[] {
    const n = Math.min(count, MAX_RECORDS_PER_MINUTE)
    const [k1, k2] = minuteKey(keyOfSeed(root.seedKey), t)
    const out: FeatureRecord[] = []
    for (let i = 0; i < n; i++) {
      const at = t + Math.floor((i * MINUTE_MS) / Math.max(1, n))
      out.push(this.objectRecord(at, this.generate(at, k1, k2, i, true)))
    }
    return out
  }

  /**
   * The records `minuteRecords` gives for each minute of [from, to) with `counts.countAt(minute)`
   * captured requests, held as columns: the same cells as `toDataset` of those records, in the same
   * column order, without an object per record (a schedule's executions read only these). The
   * columns are this scenario's own buffers: the next call overwrites them.
   */
  windowColumns(from: number, to: number, counts: { countAt(t: number): number }, root: Rng): RecordColumns {
    const first = Math.ceil(from / MINUTE_MS) * MINUTE_MS
    let rows = 0
    for (let t = first; t < to; t += MINUTE_MS) rows += Math.min(counts.countAt(t), MAX_RECORDS_PER_MINUTE)
    const nf = this.model.features.length
    const slots = this.slotCount
    const cols = this.columnPool(rows)
    const rootKey = keyOfSeed(root.seedKey)
    const w = this.rowPool(rows)
    let row = 0
    for (let t = first; t < to; t += MINUTE_MS) {
      const n = Math.min(counts.countAt(t), MAX_RECORDS_PER_MINUTE)
      if (n === 0) continue
      const [k1, k2] = minuteKey(rootKey, t)
      for (let i = 0; i < n; i++, row++) {
        w.at[row] = t + Math.floor((i * MINUTE_MS) / n)
        w.k1[row] = k1
        w.k2[row] = k2
        w.index[row] = i
      }
    }
    if (rows > 0 && this.plainBetween(w.at[0], w.at[rows - 1])) {
      for (let fi = 0; fi < nf; fi++) this.featureColumn(fi, rows, w, cols[fi])
      return { rows, columns: cols.slice(0, nf) }
    }
    const seen = new Uint8Array(slots)
    const order: CellColumn[] = []
    row = 0
    for (let t = first; t < to; t += MINUTE_MS) {
      const n = Math.min(counts.countAt(t), MAX_RECORDS_PER_MINUTE)
      if (n === 0) continue
      const [k1, k2] = minuteKey(rootKey, t)
      for (let i = 0; i < n; i++, row++) {
        const r = this.generate(t + Math.floor((i * MINUTE_MS) / n), k1, k2, i, false)
        if (order.length < slots) {
          for (let k = 0; k < r.keyCount; k++) {
            const s = r.keys[k]
            if (!seen[s]) (seen[s] = 1), order.push(cols[s])
          }
        }
        for (let s = 0; s < slots; s++) {
          const st = r.state[s]
          if (st === SLOT_NUMBER) cols[s].setNumber(row, r.value[s])
          else if (st === SLOT_CATEGORY) cols[s].setCategory(row, r.value[s])
          else if (st === SLOT_UNITS) cols[s].setUnits(row, r.value[s])
        }
      }
    }
    return { rows, columns: order }
  }

  /**
   * Do the records sent in [from, to] carry only their features, drawn from distributions that at
   * most drift (no outlier burst, schema break or label shift in force at any of those times)? Then
   * each feature's column can be drawn on its own (featureColumn).
   */
  private plainBetween(from: number, to: number): boolean {
    for (const { start, change: c } of this.changes) {
      if (start > to) continue
      if (c.kind === 'schemaBreak' || c.kind === 'priorShift') return false
      if (c.kind === 'outlierBurst' && start + c.DurationMinutes * MINUTE_MS > from) return false
    }
    return true
  }

  /** Is feature fi's distribution the same at every time of [from, to] (no drift of it starting or ramping then)? */
  private steadyBetween(fi: number, from: number, to: number): boolean {
    for (let ci = 0; ci < this.changes.length; ci++) {
      const { start, change: c } = this.changes[ci]
      if (c.kind !== 'dataDrift' || this.changeFeature[ci] !== fi || start > to) continue
      if (start > from || (c.RampMinutes && start + c.RampMinutes * MINUTE_MS > from)) return false
    }
    return true
  }

  /**
   * Feature fi's cells of the window's rows, the same numbers generate() gives them: the
   * distribution at each row's time (once for the window when it is steady), then one draw from
   * the row's stretch of its minute's stream.
   */
  private featureColumn(fi: number, rows: number, w: RowTimes, col: CellColumn): void {
    const m = this.flat
    const steady = this.steadyBetween(fi, w.at[0], w.at[rows - 1])
    const stream = this.inputs
    const { at, k1: keys1, k2: keys2, index } = w
    const from = fi * FEATURE_STRIDE
    let s = this.stateAt(at[0])
    if (m.numeric[fi] === 1) {
      const std = m.std[fi]
      const base = m.mean[fi]
      const lo = m.min[fi]
      const hi = m.max[fi]
      const integral = m.integral[fi] === 1
      const seasonal = m.seasonal[fi] === 1
      const numbers = col.numbers
      const { start: dStart, ramp: dRamp, shift: dShift, scaleStep: dScale } = this.driftArrays[fi] ?? (this.driftArrays[fi] = this.flatDrifts(fi))
      const nd = dStart.length
      let shift = s.shift[fi]
      let scale = s.scale[fi]
      for (let r = 0; r < rows; r++) {
        const t = at[r]
        if (!steady) {
          // Only the drifts of this feature move it (the same steps stateAt takes, in the same order).
          shift = 0
          scale = 1
          for (let d = 0; d < nd; d++) {
            const start = dStart[d]
            if (t < start) continue
            const ramp = dRamp[d]
            const p = ramp === 0 ? 1 : Math.min(1, (t - start) / ramp)
            shift = shift + p * dShift[d]
            scale = scale * (1 + p * dScale[d])
          }
        }
        let mean = base + shift * std
        if (seasonal) {
          for (const season of this.seasonsOf[fi]) {
            mean += season.Amplitude * std * Math.sin((2 * Math.PI * (t % (season.PeriodHours * HOUR_MS))) / (season.PeriodHours * HOUR_MS))
          }
        }
        // The row's first number decides its ziggurat draw 98.8 % of the time; else the stream from there.
        const first = (index[r] * RECORD_STRIDE + from) | 0
        let z = zigguratQuick(counterBits(keys1[r], keys2[r], (first + 1) | 0))
        if (z !== z) z = zigguratNormal(stream.open(keys1[r], keys2[r]).seek(first))
        let x = mean + scale * std * z
        if (x < lo) x = lo
        if (x > hi) x = hi
        numbers[r] = integral ? Math.round(x) : x
      }
      col.setNumbers(rows, integral)
    } else {
      for (let r = 0; r < rows; r++) {
        if (!steady) s = this.stateAt(at[r])
        const shares = s.shares[fi]
        let u = unitFromBits(counterBits(keys1[r], keys2[r], (index[r] * RECORD_STRIDE + from + 1) | 0))
        let i = 0
        while (i < shares.length - 1 && u >= shares[i]) u -= shares[i++]
        col.setCategory(r, i)
      }
    }
  }

  /** One column per slot for a window of `rows` rows, reused by the next window (see windowColumns). */
  private columnPool(rows: number): CellColumn[] {
    const nf = this.model.features.length
    if (!this.columns || this.columns.length !== this.slotCount || this.columns[0].capacity < rows) {
      const capacity = Math.max(rows, this.columns?.[0].capacity ?? 0)
      this.columns = Array.from({ length: this.slotCount }, (_, s) => {
        const f = s < nf ? this.model.features[s] : undefined
        return new CellColumn(this.slotName(s), capacity, f?.kind === 'categorical' ? f.values : [])
      })
    }
    for (const c of this.columns) c.reset(rows)
    return this.columns
  }

  private rowPool(rows: number): RowTimes {
    if (!this.rowTimes || this.rowTimes.at.length < rows) {
      const n = Math.max(rows, 2 * (this.rowTimes?.at.length ?? 0))
      this.rowTimes = { at: new Float64Array(n), k1: new Int32Array(n), k2: new Int32Array(n), index: new Int32Array(n) }
    }
    return this.rowTimes
  }

  private columns: CellColumn[] | null = null
  private rowTimes: RowTimes | null = null

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

/** Per row of a window: the time it was sent, its minute's stream key and its index in the minute. */
interface RowTimes {
  at: Float64Array
  k1: Int32Array
  k2: Int32Array
  index: Int32Array
}

/** Where record i's numbers start in its minute's stream, and its label's and extras' stretches. */
const RECORD_STRIDE = 2 ** 20
const FEATURE_STRIDE = 2 ** 14
const LABEL_OFFSET = 2 ** 18
const EXTRAS_OFFSET = 2 ** 19

/** The counter-stream key of the minute that starts at t, under a root stream's key. */
function minuteKey(root: readonly [number, number], t: number): [number, number] {
  return subKey(root[0], root[1], Math.floor(t / MINUTE_MS))
}

/** Records as Model Monitor's dataset: one column per feature name seen, in first-seen order; absent cells are null. */
export function toDataset(records: readonly FeatureRecord[]): Dataset {
  const names: string[] = []
  const seen = new Set<string>()
  for (const r of records) for (const k of Object.keys(r.features)) if (!seen.has(k)) (seen.add(k), names.push(k))
  return names.map((name) => ({ name, values: records.map((r) => (name in r.features ? r.features[name] : null)) }))
}
