/**
 * The extended statistics beyond percentiles: trimmed mean (TM, IQM), trimmed count (TC), trimmed
 * sum (TS), winsorized mean (WM) and percentile rank (PR), with percent and value bounds.
 *
 * Grammar and definitions: CloudWatch user guide, "CloudWatch statistics definitions" (quoted in
 * the tests) and the PutMetricAlarm API reference (`ExtendedStatistic` valid values).
 * Values: a latency metric's period is a mixture of per-minute log-normals; the expected values come
 * from reference/extended_statistics.py (scipy: root finding on the log-normal CDFs and numerical
 * integration of the mixture density, independent of the closed forms in statistics.ts), run once
 * with its output committed below. A metric without a distribution uses its per-minute averages;
 * those cases are worked by hand in comments.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computePeriodStatistics, parseStatistic } from '../../../../src/main/sandbox/cloudwatch/statistics'
import type { MinuteSeries } from '../../../../src/main/sandbox/cloudwatch/types'
import { LabError } from '../../../../src/shared/errors'

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0)
const MIN = 60_000

interface Component {
  count: number
  mu: number
  sigma: number
}

/** Minutes with log-normal samples; Sum is n·e^(μ+σ²/2) as the workload model writes it. Min/Max wide enough never to clamp. */
function logNormalSeries(minutes: Component[], min = 1, max = 1e9): MinuteSeries {
  return {
    startTime: T0,
    sampleCount: new Float64Array(minutes.map((m) => m.count)),
    sum: new Float64Array(minutes.map((m) => m.count * Math.exp(m.mu + (m.sigma * m.sigma) / 2))),
    minimum: new Float64Array(minutes.map(() => min)),
    maximum: new Float64Array(minutes.map(() => max)),
    logMean: new Float64Array(minutes.map((m) => m.mu)),
    logSd: new Float64Array(minutes.map((m) => m.sigma))
  }
}

function one(series: MinuteSeries, stat: string): number {
  const minutes = series.sampleCount.length
  const r = computePeriodStatistics(series, { startTime: T0, endTime: T0 + minutes * MIN, period: minutes * 60, stat })
  return r.values[0]
}

function expectRelative(actual: number, expected: number, tolerance = 1e-5): void {
  expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThan(tolerance)
}

// reference/extended_statistics.py output (scipy 1.x), committed.
const REFERENCE: Record<string, { components: Component[]; values: Record<string, number> }> = {
  'one minute of LogNormal(10, 0.5), 5000 samples': {
    components: [{ count: 5000, mu: 10, sigma: 0.5 }],
    values: {
      tm90: 21707.92210901671,
      tc90: 4500.000000000001,
      ts90: 97685649.4905752,
      'TM(10%:90%)': 23254.217916518217,
      'TC(10%:90%)': 4000.0,
      'TS(10%:90%)': 93016871.66607288,
      IQM: 22421.410997210376,
      'TM(10%:)': 26695.00008557126,
      'TS(80%:)': 45715120.26562972,
      wm98: 24688.75213038112,
      'WM(10%:90%)': 23944.43155140096,
      'TM(20000:30000)': 24519.553985456234,
      'TC(20000:30000)': 1541.056943844372,
      'TS(20000:30000)': 37786028.92925427,
      'TS(:25000)': 50237437.94331149,
      'WM(15000:40000)': 24285.57335028286,
      'PR(:25000)': 59.99672009298309,
      'PR(20000:30000)': 30.82113887688743,
      'PR(30000:)': 26.831887554250024
    }
  },
  'a two-minute mixture: 300 × LogNormal(9, 0.4) and 100 × LogNormal(10.5, 0.6)': {
    components: [
      { count: 300, mu: 9, sigma: 0.4 },
      { count: 100, mu: 10.5, sigma: 0.6 }
    ],
    values: {
      tm90: 11716.119289234395,
      tc90: 360.00000000000006,
      ts90: 4217802.944124383,
      'TM(10%:90%)': 12642.377696413101,
      'TC(10%:90%)': 320.0,
      'TS(10%:90%)': 4045560.862852193,
      IQM: 10147.609371758786,
      'TM(10%:)': 18913.639036455064,
      'TS(80%:)': 4028496.3550091065,
      wm98: 16853.588319516934,
      'WM(10%:90%)': 14861.433200287633,
      'TM(20000:30000)': 24701.14318788783,
      'TC(20000:30000)': 24.927194597100804,
      'TS(20000:30000)': 615730.2030153308,
      'TS(:25000)': 3094494.768885479,
      'WM(15000:40000)': 19399.333118843548,
      'PR(:25000)': 81.48994125533714,
      'PR(20000:30000)': 6.2317986492752,
      'PR(30000:)': 15.662838806872836
    }
  }
}

describe.each(Object.entries(REFERENCE))('extended statistics of %s', (_label, { components, values }) => {
  const series = logNormalSeries(components)
  it.each(Object.entries(values))('%s agrees with the scipy reference', (stat, expected) => {
    expectRelative(one(series, stat), expected)
  })
})

describe('extended statistics of a metric without a distribution (per-minute averages, by hand)', () => {
  /*
   * Three minutes: averages 5 (2 samples, sum 10), 10 (3 samples, sum 30); N = 5. Sorted samples by
   * rank: 5, 5, 10, 10, 10.
   */
  const series: MinuteSeries = {
    startTime: T0,
    sampleCount: new Float64Array([2, 0, 3]),
    sum: new Float64Array([10, 0, 30]),
    minimum: new Float64Array([4, 0, 8]),
    maximum: new Float64Array([6, 0, 12])
  }

  it('tm60 keeps the samples ranked 1–3: (5 + 5 + 10) / 3; tc60 = 3; ts60 = 20', () => {
    expectRelative(one(series, 'tm60'), 20 / 3, 1e-12)
    expect(one(series, 'tc60')).toBeCloseTo(3, 12)
    expect(one(series, 'ts60')).toBeCloseTo(20, 12)
  })

  it('TM(20%:80%) keeps ranks 2–4: (5 + 10 + 10) / 3', () => {
    expectRelative(one(series, 'TM(20%:80%)'), 25 / 3, 1e-12)
  })

  it('TM(30%:70%) takes a minute in part: ranks 1.5–3.5 hold half a 5 and one and a half 10s, (2.5 + 15) / 2 = 8.75', () => {
    expectRelative(one(series, 'TM(30%:70%)'), 8.75, 1e-12)
  })

  it('WM(20%:80%) sets the lowest sample to the 20th percentile (5) and the highest to the 80th (10): (5 + 25 + 10) / 5 = 8', () => {
    expectRelative(one(series, 'WM(20%:80%)'), 8, 1e-12)
  })

  it('value bounds exclude the lower edge and include the upper one ("80 (exclusive) and 500 (inclusive)")', () => {
    expect(one(series, 'TC(5:10)')).toBe(3) // the 5s are on the lower edge: out
    expect(one(series, 'TS(5:10)')).toBe(30)
    expect(one(series, 'TM(5:10)')).toBe(10)
    expect(one(series, 'TC(:5)')).toBe(2) // "TC(:0.5) uses only the values that equal 0.5 or are lower"
  })

  it('PR(:5) is the percentage at 5 or less (2 of 5 = 40); PR(5:) the rest (60)', () => {
    expect(one(series, 'PR(:5)')).toBeCloseTo(40, 12)
    expect(one(series, 'PR(5:)')).toBeCloseTo(60, 12)
  })

  it('WM(6:9) clamps each sample to the value bounds: (2 × 6 + 3 × 9) / 5 = 7.8', () => {
    expectRelative(one(series, 'WM(6:9)'), 7.8, 1e-12)
  })

  it('a range that holds no sample gives no trimmed mean, and a trimmed count and sum of 0', () => {
    expect(one(series, 'TM(20:30)')).toBeNaN()
    expect(one(series, 'TC(20:30)')).toBe(0)
    expect(one(series, 'TS(20:30)')).toBe(0)
  })
})

describe('identities the statistics definitions state', () => {
  const componentArb = fc.record({
    count: fc.integer({ min: 1, max: 2000 }),
    mu: fc.double({ min: 2, max: 12, noNaN: true }),
    sigma: fc.double({ min: 0.05, max: 1.2, noNaN: true })
  })
  const mixtureArb = fc.array(componentArb, { minLength: 1, maxLength: 5 })
  const boundsArb = fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 100 })).filter(([a, b]) => a < b)

  it('"TS is equivalent to (Trimmed Mean) * (Trimmed count)", and TC(a%:b%) is (b − a)% of the samples', () => {
    fc.assert(
      fc.property(mixtureArb, boundsArb, (components, [a, b]) => {
        const s = logNormalSeries(components)
        const n = components.reduce((sum, c) => sum + c.count, 0)
        const tm = one(s, `TM(${a}%:${b}%)`)
        const tc = one(s, `TC(${a}%:${b}%)`)
        expectRelative(tc, (n * (b - a)) / 100, 1e-9)
        expectRelative(one(s, `TS(${a}%:${b}%)`), tm * tc, 1e-9)
      }),
      { numRuns: 60 }
    )
  })

  it('over all samples, TM and WM are the Average, TC the SampleCount and TS the Sum; "IQM … is equivalent to TM(25%:75%)"', () => {
    fc.assert(
      fc.property(mixtureArb, (components) => {
        const s = logNormalSeries(components)
        const average = one(s, 'Average')
        expectRelative(one(s, 'TM(0%:100%)'), average, 1e-6)
        expectRelative(one(s, 'tm100'), average, 1e-6)
        expectRelative(one(s, 'WM(0%:100%)'), average, 1e-6)
        expectRelative(one(s, 'TC(0%:100%)'), one(s, 'SampleCount'), 1e-12)
        expectRelative(one(s, 'TS(0%:100%)'), one(s, 'Sum'), 1e-6)
        expect(one(s, 'IQM')).toBe(one(s, 'TM(25%:75%)'))
        expectRelative(one(s, 'PR(0:)'), 100, 1e-12)
      }),
      { numRuns: 60 }
    )
  })

  it('"tm99 … is the same as TM(:99%)"; "p99 is the maximum value of the remaining 99%, while tm99 is the average": tm99 ≤ p99', () => {
    fc.assert(
      fc.property(mixtureArb, fc.integer({ min: 1, max: 99 }), (components, p) => {
        const s = logNormalSeries(components)
        expect(one(s, `tm${p}`)).toBe(one(s, `TM(:${p}%)`))
        expect(one(s, `tm${p}`)).toBeLessThanOrEqual(one(s, `p${p}`) * (1 + 1e-9))
      }),
      { numRuns: 60 }
    )
  })

  it('the winsorized mean lies between the trimmed mean of the same bounds\' edges: p(a) ≤ WM(a%:b%) ≤ p(b)', () => {
    fc.assert(
      fc.property(mixtureArb, boundsArb.filter(([a, b]) => a > 0 && b < 100), (components, [a, b]) => {
        const s = logNormalSeries(components)
        const wm = one(s, `WM(${a}%:${b}%)`)
        expect(wm).toBeGreaterThanOrEqual(one(s, `p${a}`) * (1 - 1e-9))
        expect(wm).toBeLessThanOrEqual(one(s, `p${b}`) * (1 + 1e-9))
      }),
      { numRuns: 60 }
    )
  })
})

describe('means stay inside the period Minimum and Maximum, as percentiles do', () => {
  it('TM(99%:100%) of a minute whose recorded Maximum is below the top 1% of its log-normal is the Maximum', () => {
    // The top 1% of LogNormal(10, 0.5) starts at exp(10 + 0.5·2.3263) ≈ 70,600, above the recorded 50,000.
    const s = logNormalSeries([{ count: 5000, mu: 10, sigma: 0.5 }], 1, 50_000)
    expect(one(s, 'TM(99%:100%)')).toBe(50_000)
    expect(one(s, 'TS(99%:100%)')).toBeCloseTo(50_000 * 50, 6)
  })
})

describe('parseStatistic: the CloudWatch statistics-definitions grammar', () => {
  it.each([
    // "For example, tm90 calculates the average after removing the 10% of data points with the highest values."
    ['tm90', { kind: 'trimmed', fn: 'TM', bounds: { upper: 90, percent: true } }],
    ['tc90', { kind: 'trimmed', fn: 'TC', bounds: { upper: 90, percent: true } }],
    ['ts90', { kind: 'trimmed', fn: 'TS', bounds: { upper: 90, percent: true } }],
    ['wm98', { kind: 'trimmed', fn: 'WM', bounds: { upper: 98, percent: true } }],
    ['tm99.5', { kind: 'trimmed', fn: 'TM', bounds: { upper: 99.5, percent: true } }],
    ['IQM', { kind: 'trimmed', fn: 'TM', bounds: { lower: 25, upper: 75, percent: true } }],
    ['TM(2%:98%)', { kind: 'trimmed', fn: 'TM', bounds: { lower: 2, upper: 98, percent: true } }],
    ['TM(150:1000)', { kind: 'trimmed', fn: 'TM', bounds: { lower: 150, upper: 1000, percent: false } }],
    ['TM(:95%)', { kind: 'trimmed', fn: 'TM', bounds: { upper: 95, percent: true } }],
    ['TM(10%:)', { kind: 'trimmed', fn: 'TM', bounds: { lower: 10, percent: true } }],
    ['WM(10%:90%)', { kind: 'trimmed', fn: 'WM', bounds: { lower: 10, upper: 90, percent: true } }],
    ['TC(0.005:0.030)', { kind: 'trimmed', fn: 'TC', bounds: { lower: 0.005, upper: 0.03, percent: false } }],
    ['TC(80:500)', { kind: 'trimmed', fn: 'TC', bounds: { lower: 80, upper: 500, percent: false } }],
    ['TC(:0.5)', { kind: 'trimmed', fn: 'TC', bounds: { upper: 0.5, percent: false } }],
    ['TS(80%:)', { kind: 'trimmed', fn: 'TS', bounds: { lower: 80, percent: true } }],
    ['TM(0.0000000001%:99.9999999999%)', { kind: 'trimmed', fn: 'TM', bounds: { lower: 1e-10, upper: 99.9999999999, percent: true } }],
    ['PR(:300)', { kind: 'rank', bounds: { upper: 300, percent: false } }],
    ['PR(100:2000)', { kind: 'rank', bounds: { lower: 100, upper: 2000, percent: false } }],
    ['PR(10:)', { kind: 'rank', bounds: { lower: 10, percent: false } }]
  ])('accepts %s', (stat, expected) => {
    expect(parseStatistic(stat)).toEqual({ ...expected, label: stat })
  })

  it.each([
    // "They can only be abbreviated using lowercase letters when you specifying only one number": ranges are upper case…
    ['tm(10%:90%)', /upper case: TM\(10%:90%\)/],
    // …and a single number is lower case.
    ['TM90', /lower case: tm90/],
    ['iqm', /IQM in upper case/],
    ['TM(10%:90)', /both percentiles/],
    ['TM(:)', /at least one bound/],
    ['TM(90%:10%)', /lower bound must be less/],
    ['TM(10%:101%)', /between 0% and 100%/],
    ['tm101', /between 0 and 100/],
    ['PR(10%:90%)', /metric values/],
    ['PR', /not a statistic/],
    ['TM(1.00000000001%:2%)', /not a statistic/], // more than 10 decimal places
    ['TM(-5:10)', /not a statistic/],
    ['TM( 10%:90%)', /not a statistic/]
  ])('refuses %s, saying what to write', (stat, message) => {
    let error: unknown
    try {
      parseStatistic(stat, 'ExtendedStatistic')
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(LabError)
    expect((error as LabError).issues[0].path).toBe('ExtendedStatistic')
    expect((error as LabError).message).toMatch(message)
  })
})

describe('CLOUDWATCH_SIMPLIFICATIONS', () => {
  it('tells the learner how extended statistics are computed without a distribution and that counts are expected counts', async () => {
    const { CLOUDWATCH_SIMPLIFICATIONS } = await import('../../../../src/main/sandbox/cloudwatch')
    expect(CLOUDWATCH_SIMPLIFICATIONS.some((s) => /per-minute averages weighted by sample count/.test(s))).toBe(true)
    expect(CLOUDWATCH_SIMPLIFICATIONS.some((s) => /expected counts/.test(s))).toBe(true)
    // PutMetricAlarm, Period: "the alarm still attempts to gather data at the period rate that you specify".
    expect(CLOUDWATCH_SIMPLIFICATIONS.some((s) => /10-, 20- or 30-second period/.test(s))).toBe(true)
  })
})
