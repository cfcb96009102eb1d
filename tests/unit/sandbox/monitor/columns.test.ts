/**
 * The column path of a schedule's executions (issue #10's 90-day hourly figure): a window's records
 * as typed columns must be the cells the record objects give, and the faster statistics on them
 * must be the numbers the reference implementations give.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CounterStream, createRng, keyOfSeed, subKey, ZIGGURAT_EDGES } from '../../../../src/main/sandbox/core/rng'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../../src/main/sandbox/core/time'
import { CaptureLog } from '../../../../src/main/sandbox/monitor/capture'
import { FeatureScenario, findScenarioModel, toDataset, type DataChange } from '../../../../src/main/sandbox/monitor/features'
import { ecdfExtremes } from '../../../../src/main/sandbox/monitor/ks'
import { sortSample } from '../../../../src/main/sandbox/monitor/sort'
import { gridExtremes, integralExtremes } from '../../../../src/main/sandbox/monitor/violations'

const T0 = Date.UTC(2026, 0, 5)

const CHANGES: [string, DataChange[]][] = [
  ['none', []],
  ['ramped drifts', [{ kind: 'dataDrift', Feature: 'user_age', Shift: 1.5, Scale: 1.3, RampMinutes: 600 }, { kind: 'dataDrift', Feature: 'device', Shares: [0.2, 0.3, 0.5], RampMinutes: 300 }, { kind: 'dataDrift', Feature: 'user_age', Shift: -0.5 }]],
  ['label shift', [{ kind: 'priorShift', PositiveRate: 0.4 }]],
  ['outlier burst', [{ kind: 'outlierBurst', Feature: 'session_minutes', DurationMinutes: 300, Share: 0.3, Magnitude: 8 }]],
  ['schema breaks', [{ kind: 'schemaBreak', Break: 'nulls', Feature: 'session_minutes', NullShare: 0.4 }, { kind: 'schemaBreak', Break: 'extraColumn', Feature: 'coupon' }, { kind: 'schemaBreak', Break: 'missingColumn', Feature: 'session_minutes' }, { kind: 'schemaBreak', Break: 'typeChange', Feature: 'user_age' }]]
]

describe('a window of records as columns', () => {
  it.each(CHANGES)('holds the cells toDataset gives for the captured records, in the same column order (%s)', (_, changes) => {
    const s = new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario'), [{ Feature: 'session_minutes', Amplitude: 0.5, PeriodHours: 5 }])
    changes.forEach((c, i) => s.addChange(T0 + (2 + 3 * i) * HOUR_MS + 17 * MINUTE_MS, c))
    const capture = new CaptureLog()
    const rng = createRng('columns')
    for (let t = T0; t < T0 + DAY_MS; t += MINUTE_MS) capture.capture(t, 1 + ((t / MINUTE_MS) % 17), 50, rng)
    for (let h = 1; h < 24; h++) {
      const from = T0 + (h - 1) * HOUR_MS + 123
      const to = T0 + h * HOUR_MS
      const records = capture.records(s, from, to, rng, { input: true, output: false, inferenceIds: false, predict: () => 0 })
      const want = toDataset(records.map((r) => ({ at: r.at, features: r.input!, label: r.label }))).map((c) => ({ name: c.name, values: c.values.map((v) => v ?? null) }))
      const cols = s.windowColumns(from, to, capture, rng)
      expect(cols.rows).toBe(records.length)
      expect(cols.columns.map((c) => ({ name: c.name, values: Array.from({ length: c.rows }, (_, i) => c.cell(i)) }))).toEqual(want)
    }
  })
})

describe('the faster KS extremes', () => {
  it('integralExtremes and gridExtremes equal the merge (ecdfExtremes, checked against scipy in ks.test.ts) exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 3 }), fc.double({ min: -2, max: 2, noNaN: true }), fc.string(), (n1, n2, mode, shift, seed) => {
        const r = createRng(seed)
        const draw = (d: number): number =>
          mode === 0 ? Math.round(30 + 8 * r.normal() + d) : mode === 1 ? Math.max(0, 12 + 5 * r.normal() + d) : mode === 2 ? Math.round((r.normal() + d) * 4) / 4 : r.int(0, 5)
        const b = sortSample(Float64Array.from({ length: n1 }, () => draw(0)))
        const c = sortSample(Float64Array.from({ length: n2 }, () => draw(shift)))
        const ref = ecdfExtremes(b, c)
        expect(gridExtremes(b, c)).toEqual(ref)
        const integral = integralExtremes(b, c)
        if (mode === 0 || mode === 3) expect(integral).toEqual(ref)
        else if (integral) expect(integral).toEqual(ref)
      }),
      { numRuns: 300 }
    )
  })

  it('sortSample orders fractional samples as the typed-array sort does, skewed ones too', () => {
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 3000 }), fc.boolean(), fc.string(), (n, skewed, seed) => {
        const r = createRng(seed)
        const xs = Float64Array.from({ length: n }, (_, i) => (skewed && i % 50 === 0 ? 1e6 * r.next() : Math.max(0, 12 + 5 * r.normal())))
        expect(Array.from(sortSample(xs.slice()))).toEqual(Array.from(xs.slice().sort()))
      }),
      { numRuns: 100 }
    )
  })
})

describe('counter streams', () => {
  it('the ziggurat: the base strip is V/f(R) wide and the top layer closes at f(0) = 1', () => {
    // python3: R = 3.442619855899; V = 9.91256303526217e-3; V / math.exp(-R*R/2) -> 3.7130862467425505
    expect(ZIGGURAT_EDGES[0]).toBeCloseTo(3.7130862467425505, 12)
    expect(ZIGGURAT_EDGES[1]).toBe(3.442619855899)
    const x = ZIGGURAT_EDGES[127]
    expect(9.91256303526217e-3 / x + Math.exp(-0.5 * x * x)).toBeCloseTo(1, 9)
  })

  it('normals are standard normal: KS distance, moments and the tail beyond 3 sd', () => {
    const [k1, k2] = keyOfSeed('s:zig-test')
    const s = new CounterStream()
    const n = 100_000
    const xs = new Float64Array(n)
    for (let m = 0; m < n / 10; m++) {
      const [a, b] = subKey(k1, k2, m)
      s.open(a, b)
      for (let j = 0; j < 10; j++) xs[m * 10 + j] = s.normal()
    }
    const sorted = xs.slice().sort()
    // Φ by erf's Abramowitz–Stegun 7.1.26 is good to 1.5e-7, far below the bound checked.
    const phi = (z: number): number => {
      const t = 1 / (1 + 0.3275911 * (Math.abs(z) / Math.SQRT2))
      const e = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2)
      return z >= 0 ? (1 + e) / 2 : (1 - e) / 2
    }
    let d = 0
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(phi(sorted[i]) - i / n), Math.abs(phi(sorted[i]) - (i + 1) / n))
    // Kolmogorov's 0.1 % critical value 1.9495 / sqrt(n) = 0.00616.
    expect(d).toBeLessThan(0.00616)
    let sum = 0
    let ss = 0
    let tail = 0
    for (const x of xs) {
      sum += x
      ss += x * x
      if (Math.abs(x) > 3) tail++
    }
    // Standard errors: mean 1/sqrt(n) = 0.0032, variance sqrt(2/n) = 0.0045; 5 SE allowed.
    expect(Math.abs(sum / n)).toBeLessThan(0.016)
    expect(Math.abs(ss / n - 1)).toBeLessThan(0.023)
    // scipy: 2 * norm.sf(3) = 0.0026997960632601866; binomial SE sqrt(p(1-p)/n) = 0.000164, 5 SE.
    expect(Math.abs(tail / n - 0.0026997960632601866)).toBeLessThan(0.00082)
  })

  it('a capture count is Binomial(requests, p): 60 requests at 20 % have mean 12 and variance 9.6 (scipy.stats.binom)', () => {
    const log = new CaptureLog()
    const rng = createRng('capture-binomial')
    const n = 20_000
    const counts: number[] = []
    for (let i = 0; i < n; i++) counts.push(log.capture(T0 + i * MINUTE_MS, 60, 20, rng))
    const mean = counts.reduce((a, b) => a + b, 0) / n
    const variance = counts.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)
    // SE of the mean sqrt(9.6/n) = 0.022; of the variance about 9.6·sqrt(2/n) = 0.096; 5 SE allowed.
    expect(Math.abs(mean - 12)).toBeLessThan(0.11)
    expect(Math.abs(variance - 9.6)).toBeLessThan(0.48)
    // binom.pmf(0, 60, 0.2) = 1.53e-06: no minute of 20,000 should capture nothing (expected 0.03).
    expect(Math.min(...counts)).toBeGreaterThan(0)
    expect(log.totalCaptured).toBe(counts.reduce((a, b) => a + b, 0))
  })
})
