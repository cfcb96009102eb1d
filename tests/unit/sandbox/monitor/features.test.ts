import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createRng } from '../../../../src/main/sandbox/core/rng'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../../src/main/sandbox/core/time'
import { suggestBaseline } from '../../../../src/main/sandbox/monitor/baseline'
import { FeatureScenario, findScenarioModel, toDataset, type FeatureRecord } from '../../../../src/main/sandbox/monitor/features'
import { checkConstraints } from '../../../../src/main/sandbox/monitor/violations'
import { LabError } from '../../../../src/shared/errors'

const T0 = Date.UTC(2026, 0, 5)

function records(s: FeatureScenario, at: (i: number) => number, n: number, seed = 'f'): FeatureRecord[] {
  const rng = createRng(seed)
  return Array.from({ length: n }, (_, i) => s.record(at(i), rng))
}
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
const num = (rs: FeatureRecord[], f: string): number[] => rs.map((r) => r.features[f] as number)

describe('feature scenarios', () => {
  it('a minute gives the same records whenever it is generated', () => {
    const s = new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario'))
    const root = createRng('world')
    const late = s.minuteRecords(T0 + 5 * MINUTE_MS, 8, root)
    s.minuteRecords(T0 + 3 * MINUTE_MS, 8, root)
    expect(new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario')).minuteRecords(T0 + 5 * MINUTE_MS, 8, createRng('world'))).toEqual(late)
    // At most 10 records a minute are generated, however many were captured.
    expect(s.minuteRecords(T0, 500, root)).toHaveLength(10)
  })

  it('a change injected for later never alters the records of an earlier minute (what replay relies on)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2000 }), fc.integer({ min: 1, max: 2000 }), fc.constantFrom('dataDrift', 'conceptDrift', 'outlierBurst', 'schemaBreak'), (minute, later, kind) => {
        const model = findScenarioModel('recommender-ctr', 'Scenario')
        const t = T0 + minute * MINUTE_MS
        const before = new FeatureScenario(model).minuteRecords(t, 10, createRng('p'))
        const s = new FeatureScenario(model)
        const change =
          kind === 'dataDrift' ? { kind, Feature: 'user_age', Shift: 3 } : kind === 'conceptDrift' ? { kind } : kind === 'outlierBurst' ? { kind, Feature: 'user_age', DurationMinutes: 60, Share: 1, Magnitude: 9 } : { kind, Break: 'missingColumn' as const, Feature: 'device' }
        s.addChange(t + later * MINUTE_MS, change as Parameters<FeatureScenario['addChange']>[1])
        expect(s.minuteRecords(t, 10, createRng('p'))).toEqual(before)
      }),
      { numRuns: 40 }
    )
  })

  it('the scenarios have the base rates their descriptions give: 5 % clicks, 10 % fraud; a 1.16 sd older audience clicks 2 %', () => {
    // Reference: tests/unit/sandbox/monitor/reference/scenario_base_rates.py (numpy Monte Carlo over
    // 4 M draws of the same spec): 0.0501, 0.1001, and 2.0 % after user_age shifts by 1.16 sd.
    // 40,000 labels: sd of a 5 % rate 0.0011, of a 10 % rate 0.0015, of 2 % 0.0007; bounds at ~4 sd.
    const rate = (s: FeatureScenario, t: number): number => mean(records(s, () => t, 40_000, 'rate').map((r) => r.label))
    expect(Math.abs(rate(new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario')), T0) - 0.0501)).toBeLessThan(0.0045)
    expect(Math.abs(rate(new FeatureScenario(findScenarioModel('fraud', 'Scenario')), T0) - 0.1001)).toBeLessThan(0.006)
    const older = new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario'))
    older.addChange(T0, { kind: 'dataDrift', Feature: 'user_age', Shift: 1.16 })
    expect(Math.abs(rate(older, T0 + MINUTE_MS) - 0.02)).toBeLessThan(0.003)
  })

  it('data drift moves user_age by Shift standard deviations, linearly over the ramp', () => {
    const s = new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario'))
    s.addChange(T0 + DAY_MS, { kind: 'dataDrift', Feature: 'user_age', Shift: 2, RampMinutes: 1440 })
    // Base: mean 34, sd 9, clipped at 18 (1.78 sd below): E[max(X, 18)] = 34 + 9·(φ(1.78) − 1.78·Q(1.78)) ≈ 34.13.
    expect(mean(num(records(s, () => T0, 5000), 'user_age'))).toBeCloseTo(34.13, 0)
    // Half way through the ramp: shift 1 sd → 43 (clipping now 2.78 sd away, negligible).
    expect(Math.abs(mean(num(records(s, () => T0 + 1.5 * DAY_MS, 5000), 'user_age')) - 43)).toBeLessThan(0.6)
    expect(Math.abs(mean(num(records(s, () => T0 + 3 * DAY_MS, 5000), 'user_age')) - 52)).toBeLessThan(0.6)
  })

  it('concept drift keeps the inputs and reverses how the label depends on them', () => {
    const s = new FeatureScenario(findScenarioModel('fraud', 'Scenario'))
    s.addChange(T0 + DAY_MS, { kind: 'conceptDrift' })
    const before = records(s, () => T0, 6000)
    const after = records(s, () => T0 + 2 * DAY_MS, 6000)
    // Inputs: amount mean 80, sd 40 (clipped at 0, 2 sd below: +40·(φ(2) − 2·Q(2)) ≈ +0.34) on both sides.
    expect(Math.abs(mean(num(before, 'amount_usd')) - 80.34)).toBeLessThan(2)
    expect(Math.abs(mean(num(after, 'amount_usd')) - 80.34)).toBeLessThan(2)
    const fraudRate = (rs: FeatureRecord[], big: boolean): number => mean(rs.filter((r) => ((r.features.amount_usd as number) > 120) === big).map((r) => r.label))
    expect(fraudRate(before, true)).toBeGreaterThan(fraudRate(before, false))
    expect(fraudRate(after, true)).toBeLessThan(fraudRate(after, false))
  })

  it('label shift sets the positive rate and keeps P(features | label)', () => {
    const s = new FeatureScenario(findScenarioModel('fraud', 'Scenario'))
    s.addChange(T0 + DAY_MS, { kind: 'priorShift', PositiveRate: 0.3 })
    const before = records(s, () => T0, 8000)
    const after = records(s, () => T0 + 2 * DAY_MS, 8000)
    // Binomial(8000, 0.3): sd 0.0051, so ±0.02 is about 4 sd.
    expect(Math.abs(mean(after.map((r) => r.label)) - 0.3)).toBeLessThan(0.02)
    const posAmount = (rs: FeatureRecord[]): number => mean(rs.filter((r) => r.label === 1).map((r) => r.features.amount_usd as number))
    expect(Math.abs(posAmount(after) - posAmount(before))).toBeLessThan(8)
  })

  it('an outlier burst puts Share of the records at Magnitude sd for its duration only', () => {
    const s = new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario'))
    s.addChange(T0 + HOUR_MS, { kind: 'outlierBurst', Feature: 'session_minutes', DurationMinutes: 10, Share: 0.5, Magnitude: 20 })
    const at = (rs: FeatureRecord[]): number => mean(rs.map((r) => (r.features.session_minutes === 12 + 20 * 5 ? 1 : 0)))
    expect(Math.abs(at(records(s, () => T0 + HOUR_MS + 5 * MINUTE_MS, 4000)) - 0.5)).toBeLessThan(0.04)
    expect(at(records(s, () => T0 + HOUR_MS + 10 * MINUTE_MS, 1000))).toBe(0)
  })

  it('schema breaks: a missing column, an extra column, numbers as text, nulls', () => {
    const s = new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario'))
    s.addChange(T0, { kind: 'schemaBreak', Break: 'missingColumn', Feature: 'device' })
    s.addChange(T0, { kind: 'schemaBreak', Break: 'extraColumn', Feature: 'referrer_id' })
    s.addChange(T0, { kind: 'schemaBreak', Break: 'typeChange', Feature: 'user_age' })
    s.addChange(T0, { kind: 'schemaBreak', Break: 'nulls', Feature: 'items_viewed', NullShare: 0.25 })
    const ds = toDataset(records(s, () => T0, 4000))
    expect(ds.map((c) => c.name)).toEqual(['user_age', 'session_minutes', 'items_viewed', 'referrer_id'])
    expect(String(ds[0].values[0])).toMatch(/^\d+ units$/)
    expect(Math.abs(mean(ds[2].values.map((v) => (v === null ? 1 : 0))) - 0.25)).toBeLessThan(0.03)
  })

  it('seasonality over whole periods looks like the baseline; one phase does not', () => {
    const model = findScenarioModel('recommender-ctr', 'Scenario')
    const s = new FeatureScenario(model, [{ Feature: 'session_minutes', Amplitude: 1, PeriodHours: 24 }])
    // Mean 12 + 1·5·sin(2πt/24h): averages to 12 over a day; 17 at 06:00 (a quarter period).
    const day = records(s, (i) => T0 + Math.floor((i * DAY_MS) / 6000), 6000)
    expect(Math.abs(mean(num(day, 'session_minutes')) - 12.03)).toBeLessThan(0.3)
    expect(Math.abs(mean(num(records(s, () => T0 + 6 * HOUR_MS, 4000), 'session_minutes')) - 17)).toBeLessThan(0.3)
  })

  it('feeds the baseline and the checks: 2 sd of drift on user_age is a baseline_drift_check, none without it', () => {
    const s = new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario'))
    s.addChange(T0 + DAY_MS, { kind: 'dataDrift', Feature: 'user_age', Shift: 2 })
    const train = s.trainingData(T0 - 14 * DAY_MS, T0, 3000, createRng('train'))
    const { constraints } = suggestBaseline(train.dataset)
    const quiet = checkConstraints(train.dataset, constraints, toDataset(records(s, () => T0 + 60_000, 600)))
    expect(quiet.violations).toEqual([])
    const drifted = checkConstraints(train.dataset, constraints, toDataset(records(s, () => T0 + 2 * DAY_MS, 600)))
    expect(drifted.violations.map((v) => [v.feature_name, v.constraint_check_type])).toEqual([['user_age', 'baseline_drift_check']])
  })

  it('refuses a change that does not fit the scenario, naming the field', () => {
    const s = new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario'))
    const refused = (f: () => void): LabError => {
      try {
        f()
      } catch (e) {
        return e as LabError
      }
      throw new Error('not refused')
    }
    expect(refused(() => s.addChange(T0, { kind: 'dataDrift', Feature: 'age', Shift: 1 })).issues[0].path).toBe('Change.Feature')
    expect(refused(() => s.addChange(T0, { kind: 'dataDrift', Feature: 'device', Shares: [0.5, 0.5] })).issues[0].path).toBe('Change.Shares')
    expect(refused(() => s.addChange(T0, { kind: 'priorShift', PositiveRate: 1.5 })).issues[0].path).toBe('Change.PositiveRate')
    expect(refused(() => s.addChange(T0, { kind: 'outlierBurst', Feature: 'device', DurationMinutes: 5, Share: 0.1, Magnitude: 5 })).issues[0].path).toBe('Change.Feature')
    expect(refused(() => findScenarioModel('nope', 'Scenario')).issues[0].path).toBe('Scenario')
    expect(s.timeline).toEqual([])
  })
})
