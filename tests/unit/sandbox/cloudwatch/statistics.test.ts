import { describe, expect, it } from 'vitest'
import {
  computePeriodStatistics,
  isLowSampleCount,
  lowSampleCountThreshold,
  parseStatistic
} from '../../../../src/main/sandbox/cloudwatch/statistics'
import { normalCdf, normalQuantile } from '../../../../src/main/sandbox/cloudwatch/normal'
import type { MinuteSeries } from '../../../../src/main/sandbox/cloudwatch/types'
import { LabError } from '../../../../src/shared/errors'

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0)
const MIN = 60_000

/*
 * Six minutes, one of them (and the last) empty:
 *   minute  samples  sum  min  max   average
 *     0        2     10    4    6     5
 *     1        0      -    -    -     -
 *     2        3     30    8   12    10
 *     3        1      7    7    7     7
 *     4        4      8    1    3     2
 *     5        0      -    -    -     -
 */
function smallSeries(): MinuteSeries {
  return {
    startTime: T0,
    sampleCount: new Float64Array([2, 0, 3, 1, 4, 0]),
    sum: new Float64Array([10, 0, 30, 7, 8, 0]),
    minimum: new Float64Array([4, 0, 8, 7, 1, 0]),
    maximum: new Float64Array([6, 0, 12, 7, 3, 0])
  }
}

function stat(series: MinuteSeries, period: number, s: string, minutes = 6): number[] {
  return Array.from(computePeriodStatistics(series, { startTime: T0, endTime: T0 + minutes * MIN, period, stat: s }).values)
}

describe('basic statistics, by hand', () => {
  it('aggregates 2-minute periods', () => {
    // Periods: minutes {0,1}, {2,3}, {4,5}.
    const s = smallSeries()
    expect(stat(s, 120, 'SampleCount')).toEqual([2, 4, 4])
    expect(stat(s, 120, 'Sum')).toEqual([10, 37, 8])
    expect(stat(s, 120, 'Average')).toEqual([5, 9.25, 2]) // 37 / 4 = 9.25
    expect(stat(s, 120, 'Minimum')).toEqual([4, 7, 1])
    expect(stat(s, 120, 'Maximum')).toEqual([6, 12, 3])
  })

  it('aggregates 3-minute periods', () => {
    // Minutes {0,1,2}: 5 samples, sum 40 → average 8; minutes {3,4,5}: 5 samples, sum 15 → 3.
    const s = smallSeries()
    expect(stat(s, 180, 'Average')).toEqual([8, 3])
    expect(stat(s, 180, 'Minimum')).toEqual([4, 1])
    expect(stat(s, 180, 'Maximum')).toEqual([12, 7])
  })

  it('returns no datapoint (NaN, 0 samples) for an empty period and for time outside the series', () => {
    const r = computePeriodStatistics(smallSeries(), { startTime: T0, endTime: T0 + 8 * MIN, period: 60, stat: 'Sum' })
    expect(Array.from(r.values)).toEqual([10, NaN, 30, 7, 8, NaN, NaN, NaN])
    expect(Array.from(r.sampleCounts)).toEqual([2, 0, 3, 1, 4, 0, 0, 0])
    expect(Array.from(r.timestamps)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((k) => T0 + k * MIN))
  })

  it('rounds the start time down to a whole minute (GetMetricStatistics StartTime)', () => {
    const r = computePeriodStatistics(smallSeries(), { startTime: T0 + 30_000, endTime: T0 + 2 * MIN, period: 60, stat: 'Sum' })
    expect(r.timestamps[0]).toBe(T0)
    expect(Array.from(r.values)).toEqual([10, NaN])
  })

  it('does not read minutes at or after endTime', () => {
    // One 3-minute period, but endTime after minute 1: only minute 0 counts.
    expect(stat(smallSeries(), 180, 'Sum', 2)).toEqual([10])
  })
})

describe('periods', () => {
  it('refuses 10, 20 and 30 seconds: "For metrics with regular resolution, a period … must be a multiple of 60" (GetMetricStatistics)', () => {
    for (const period of [10, 20, 30]) {
      let error: unknown
      try {
        computePeriodStatistics(smallSeries(), { startTime: T0, endTime: T0 + MIN, period, stat: 'Sum' })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(LabError)
      expect((error as LabError).code).toBe('VALIDATION')
      expect((error as LabError).message).toMatch(/high-resolution/)
      expect((error as LabError).issues[0].path).toBe('period')
    }
  })

  it('refuses periods that are not multiples of 60', () => {
    for (const period of [0, 45, 90, -60, 60.5]) {
      expect(() => computePeriodStatistics(smallSeries(), { startTime: T0, endTime: T0 + MIN, period, stat: 'Sum' })).toThrow(/multiple of 60/)
    }
  })

  it('refuses an end before the start', () => {
    expect(() => computePeriodStatistics(smallSeries(), { startTime: T0, endTime: T0, period: 60, stat: 'Sum' })).toThrow(/endTime/)
  })
})

describe('parseStatistic', () => {
  it('accepts the five statistics and percentiles p0 to p100', () => {
    expect(parseStatistic('Average')).toEqual({ kind: 'basic', name: 'Average' })
    expect(parseStatistic('p99')).toEqual({ kind: 'percentile', percentile: 99, label: 'p99' })
    expect(parseStatistic('p99.9')).toEqual({ kind: 'percentile', percentile: 99.9, label: 'p99.9' })
    expect(parseStatistic('p99.99')).toMatchObject({ percentile: 99.99 })
    expect(parseStatistic('p0.0')).toMatchObject({ percentile: 0 })
    expect(parseStatistic('p100')).toMatchObject({ percentile: 100 })
  })

  it.each(['average', 'Mean', 'p', 'p101', 'p100.5', 'p-1', 'P99', 'p99.', 'p9.999', 'p 99', ''])('refuses %j', (s) => {
    expect(() => parseStatistic(s)).toThrow(LabError)
  })
})

describe('low sample counts for percentiles (CloudWatch "Percentile-based alarms and low data samples")', () => {
  it('uses 10/(1−p) from p0.5 up and 10/p below', () => {
    // Doc example: p99 needs 1000 samples. 10/(1−0.9) = 100; 10/0.1 = 100; 10/(1−0.5) = 20.
    expect(lowSampleCountThreshold(99)).toBe(1000)
    expect(lowSampleCountThreshold(90)).toBe(100)
    expect(lowSampleCountThreshold(10)).toBe(100)
    expect(lowSampleCountThreshold(50)).toBe(20)
    expect(lowSampleCountThreshold(99.9)).toBe(10000)
  })

  it('counts "fewer than" the threshold as low', () => {
    expect(isLowSampleCount(99, 999)).toBe(true)
    expect(isLowSampleCount(99, 1000)).toBe(false)
    expect(isLowSampleCount(50, 19)).toBe(true)
    expect(isLowSampleCount(50, 20)).toBe(false)
  })

  it('never calls p0 or p100 low: they are the exact minimum and maximum', () => {
    expect(isLowSampleCount(0, 1)).toBe(false)
    expect(isLowSampleCount(100, 1)).toBe(false)
  })
})

describe('normal distribution helpers, against standard normal tables', () => {
  it('matches tabulated CDF values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7)
    expect(normalCdf(1)).toBeCloseTo(0.8413447, 6)
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6)
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 6)
  })

  it('matches tabulated quantiles', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5)
    expect(normalQuantile(0.99)).toBeCloseTo(2.326348, 5)
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5)
  })
})

function logNormalSeries(minutes: { count: number; mu: number; sigma: number }[], min = 1e-6, max = 1e12): MinuteSeries {
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

describe('percentiles from per-minute log-normal distributions', () => {
  it('gives exp(μ + σ·z_p) for a single minute (z_0.99 = 2.3263)', () => {
    const s = logNormalSeries([{ count: 5000, mu: 10, sigma: 0.5 }])
    const [p99] = stat(s, 60, 'p99', 1)
    expect(p99 / Math.exp(10 + 0.5 * 2.3263)).toBeCloseTo(1, 4)
  })

  it('gives the same as one minute when every minute of the period has the same distribution', () => {
    const s = logNormalSeries([0, 1, 2, 3, 4].map(() => ({ count: 100, mu: 3, sigma: 0.8 })))
    const [p90] = stat(s, 300, 'p90', 5)
    // z_0.90 = 1.2816 (normal table)
    expect(p90 / Math.exp(3 + 0.8 * 1.2816)).toBeCloseTo(1, 4)
  })

  it('weights minutes by their sample counts', () => {
    // 300 samples ~ LogNormal(0, 1) and 100 ~ LogNormal(20, 1). At ln x = y near 0 the second
    // component's CDF is Φ(y − 20) ≈ 0, so the median solves 0.75·Φ(y) = 0.5 → Φ(y) = 2/3 →
    // y = z_0.6667 = 0.4307 (normal table), x = e^0.4307.
    const s = logNormalSeries([
      { count: 300, mu: 0, sigma: 1 },
      { count: 100, mu: 20, sigma: 1 }
    ])
    const [p50] = stat(s, 120, 'p50', 2)
    expect(Math.log(p50)).toBeCloseTo(0.4307, 3)
  })

  it('finds a quantile inside the upper component of a well-separated mixture', () => {
    // Equal weights, LogNormal(0, 1) and LogNormal(20, 1): at y near 20, Φ(y) ≈ 1, so
    // 0.5·(1 + Φ(y − 20)) = 0.75 → Φ(y − 20) = 0.5 → y = 20.
    const s = logNormalSeries([
      { count: 100, mu: 0, sigma: 1 },
      { count: 100, mu: 20, sigma: 1 }
    ])
    const [p75] = stat(s, 120, 'p75', 2)
    expect(Math.log(p75)).toBeCloseTo(20, 4)
  })

  it('clamps to the period minimum and maximum', () => {
    // exp(10 + 0.5·2.3263) ≈ 70,600 is above the recorded maximum of 50,000.
    const high = logNormalSeries([{ count: 5000, mu: 10, sigma: 0.5 }], 1, 50_000)
    expect(stat(high, 60, 'p99', 1)).toEqual([50_000])
    const low = logNormalSeries([{ count: 5000, mu: 10, sigma: 0.5 }], 30_000, 1e9)
    expect(stat(low, 60, 'p1', 1)).toEqual([30_000])
  })

  it('clamps a several-minute mixture too', () => {
    // Two identical minutes: the mixture p99 is again exp(10 + 0.5·2.3263) ≈ 70,600 > 50,000.
    const s = logNormalSeries(
      [
        { count: 2000, mu: 10, sigma: 0.5 },
        { count: 2000, mu: 10, sigma: 0.5 }
      ],
      1,
      50_000
    )
    expect(stat(s, 120, 'p99', 2)).toEqual([50_000])
  })

  it('uses the Minimum and Maximum for p0 and p100', () => {
    const s = logNormalSeries([{ count: 10, mu: 1, sigma: 1 }], 0.25, 40)
    expect(stat(s, 60, 'p0', 1)).toEqual([0.25])
    expect(stat(s, 60, 'p100', 1)).toEqual([40])
  })
})

describe('percentiles without a stored distribution', () => {
  it('take the sample-count-weighted percentile of the per-minute averages', () => {
    // Minutes {0,1,2}: averages 5 (weight 2) and 10 (weight 3); total weight 5.
    // p40: 0.4·5 = 2 → cumulative weight reaches 2 at average 5.
    // p50: 2.5 → first reached at average 10.
    const s = smallSeries()
    expect(stat(s, 180, 'p40')).toEqual([5, 2])
    // Minutes {3,4,5}: averages 7 (weight 1), 2 (weight 4); sorted 2 (4), 7 (1); p50 target 2.5 → 2.
    expect(stat(s, 180, 'p50')).toEqual([10, 2])
    // p90 target 4.5 in the second period → reached at 7 (cumulative 5).
    expect(stat(s, 180, 'p90')).toEqual([10, 7])
  })
})
