import { describe, expect, it } from 'vitest'
import { evaluateMetricAlarm, validateMetricAlarm, type MetricAlarmInput } from '../../../../src/main/sandbox/cloudwatch/alarms'
import { stateName } from '../../../../src/main/sandbox/cloudwatch/alarm-evaluator'
import type { MinuteSeries } from '../../../../src/main/sandbox/cloudwatch/types'
import { LabError } from '../../../../src/shared/errors'

const T0 = Date.UTC(2024, 0, 1, 0, 0, 0)
const MIN = 60_000

function validAlarm(): MetricAlarmInput {
  return {
    AlarmName: 'endpoint-latency-high',
    Namespace: 'AWS/SageMaker',
    MetricName: 'ModelLatency',
    Dimensions: [
      { Name: 'EndpointName', Value: 'churn-prod' },
      { Name: 'VariantName', Value: 'AllTraffic' }
    ],
    Statistic: 'Average',
    Period: 60,
    EvaluationPeriods: 3,
    Threshold: 80,
    ComparisonOperator: 'GreaterThanThreshold'
  }
}

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    validateMetricAlarm(input)
  } catch (e) {
    expect(e).toBeInstanceOf(LabError)
    expect((e as LabError).code).toBe('VALIDATION')
    return (e as LabError).issues
  }
  throw new Error('expected a validation error')
}

describe('validateMetricAlarm', () => {
  it('fills in the PutMetricAlarm defaults', () => {
    const def = validateMetricAlarm(validAlarm())
    expect(def.DatapointsToAlarm).toBe(3)
    expect(def.TreatMissingData).toBe('missing')
    expect(def.EvaluateLowSampleCountPercentile).toBe('evaluate')
    expect(def.ActionsEnabled).toBe(true)
    expect(def.AlarmActions).toEqual([])
  })

  it('accepts 10, 20 and 30 second periods ("Valid values are 10, 20, 30, and any multiple of 60"), a one-day and a seven-day evaluation', () => {
    for (const Period of [10, 20, 30, 60, 120, 86_400]) expect(validateMetricAlarm({ ...validAlarm(), Period, EvaluationPeriods: 1 }).Period).toBe(Period)
    expect(validateMetricAlarm({ ...validAlarm(), Period: 60, EvaluationPeriods: 1440 }).EvaluationPeriods).toBe(1440)
    // "Period multiplied by EvaluationPeriods can't be more than 604,800 seconds": 3,600 × 168 = 604,800.
    expect(validateMetricAlarm({ ...validAlarm(), Period: 3600, EvaluationPeriods: 168 }).EvaluationPeriods).toBe(168)
  })

  it('accepts an extended statistic instead of a statistic', () => {
    const { Statistic: _unused, ...rest } = validAlarm()
    expect(validateMetricAlarm({ ...rest, ExtendedStatistic: 'p99.9' }).ExtendedStatistic).toBe('p99.9')
  })

  const badFields: [string, Partial<Record<keyof MetricAlarmInput, unknown>>, string, RegExp][] = [
    ['an empty alarm name', { AlarmName: '' }, 'AlarmName', /1 to 255/],
    ['a 256-character alarm name', { AlarmName: 'a'.repeat(256) }, 'AlarmName', /1 to 255/],
    ['a missing namespace', { Namespace: undefined }, 'Namespace', /1 to 255/],
    ['a dimension without a value', { Dimensions: [{ Name: 'EndpointName' }] }, 'Dimensions[0].Value', /1 to 1024/],
    ['an unknown statistic', { Statistic: 'Mean' }, 'Statistic', /SampleCount, Average, Sum, Minimum, Maximum/],
    ['a percentile in Statistic', { Statistic: 'p99' }, 'Statistic', /SampleCount/],
    ['both statistics', { ExtendedStatistic: 'p99' }, 'ExtendedStatistic', /exactly one/],
    ['a 45-second period', { Period: 45 }, 'Period', /10, 20, 30 or a positive multiple of 60/],
    ['a zero period', { Period: 0 }, 'Period', /10, 20, 30 or a positive multiple of 60/],
    ['zero evaluation periods', { EvaluationPeriods: 0 }, 'EvaluationPeriods', /≥ 1/],
    ['fractional evaluation periods', { EvaluationPeriods: 2.5 }, 'EvaluationPeriods', /whole number/],
    ['more datapoints to alarm than evaluation periods', { DatapointsToAlarm: 4 }, 'DatapointsToAlarm', /1 to EvaluationPeriods \(3\)/],
    ['zero datapoints to alarm', { DatapointsToAlarm: 0 }, 'DatapointsToAlarm', /1 to EvaluationPeriods/],
    // PutMetricAlarm Period: "For alarms with a period of less than one hour (3,600 seconds), the total evaluation period can't be longer than one day".
    ['more than a day of evaluation under a one-hour period', { Period: 1800, EvaluationPeriods: 49 }, 'EvaluationPeriods', /86400 seconds \(one day, for a Period under an hour\)/],
    ['more than seven days of evaluation', { Period: 3600, EvaluationPeriods: 169 }, 'EvaluationPeriods', /604800 seconds \(seven days\)/],
    ['a NaN threshold', { Threshold: NaN }, 'Threshold', /finite/],
    ['an infinite threshold', { Threshold: Infinity }, 'Threshold', /finite/],
    ['a string threshold', { Threshold: '80' }, 'Threshold', /finite/],
    ['an anomaly-detection operator', { ComparisonOperator: 'GreaterThanUpperThreshold' }, 'ComparisonOperator', /GreaterThanOrEqualToThreshold/],
    ['an unknown missing-data treatment', { TreatMissingData: 'zero' }, 'TreatMissingData', /missing, notBreaching, breaching, ignore/],
    ['an unknown low-sample option', { EvaluateLowSampleCountPercentile: 'skip' }, 'EvaluateLowSampleCountPercentile', /evaluate or ignore/],
    ['a non-boolean ActionsEnabled', { ActionsEnabled: 'yes' }, 'ActionsEnabled', /true or false/],
    ['six alarm actions', { AlarmActions: Array.from({ length: 6 }, (_, k) => `arn:aws:sns:us-east-1:123456789012:t${k}`) }, 'AlarmActions', /at most 5/]
  ]

  it.each(badFields)('names the field for %s', (_label, change, path, message) => {
    const issues = issuesOf({ ...validAlarm(), ...change })
    const issue = issues.find((i) => i.path === path)
    expect(issue, JSON.stringify(issues)).toBeDefined()
    expect(issue?.message).toMatch(message)
  })

  it.each(['tm90', 'tc90', 'ts90', 'wm90', 'IQM', 'PR(:300)', 'PR(100:2000)', 'TM(10%:90%)', 'TC(10%:90%)', 'TS(10%:90%)', 'WM(10%:90%)', 'TM(150:1000)', 'TM(:95%)', 'TM(5%:)'])(
    'accepts the extended statistic %s (PutMetricAlarm ExtendedStatistic valid values; statistics definitions for the bound forms)',
    (ext) => {
      const { Statistic: _unused, ...rest } = validAlarm()
      expect(validateMetricAlarm({ ...rest, ExtendedStatistic: ext }).ExtendedStatistic).toBe(ext)
    }
  )

  it('keeps Statistic for the five basic statistics and ExtendedStatistic for the rest, saying which field to use', () => {
    const { Statistic: _unused, ...rest } = validAlarm()
    expect(issuesOf({ ...rest, Statistic: 'tm90' })[0]).toMatchObject({ path: 'Statistic', message: expect.stringContaining('put extended statistics such as tm90 in ExtendedStatistic') })
    expect(issuesOf({ ...rest, ExtendedStatistic: 'Average' })[0]).toMatchObject({ path: 'ExtendedStatistic', message: expect.stringContaining('put it in Statistic') })
    expect(issuesOf({ ...rest, ExtendedStatistic: 'tm(10%:90%)' })[0]).toMatchObject({ path: 'ExtendedStatistic', message: expect.stringContaining('TM(10%:90%)') })
  })

  it('refuses an extended statistic outside p0–p100', () => {
    const { Statistic: _unused, ...rest } = validAlarm()
    for (const ext of ['p101', 'p99.999', 'Average']) {
      const issues = issuesOf({ ...rest, ExtendedStatistic: ext })
      expect(issues.map((i) => i.path)).toEqual(['ExtendedStatistic'])
    }
  })

  it('reports every bad field at once', () => {
    const issues = issuesOf({ ...validAlarm(), Period: 45, Threshold: NaN, ComparisonOperator: 'Bigger' })
    expect(issues.map((i) => i.path).sort()).toEqual(['ComparisonOperator', 'Period', 'Threshold'])
  })

  it('refuses something that is not an object', () => {
    expect(() => validateMetricAlarm(null)).toThrow(LabError)
    expect(() => validateMetricAlarm([])).toThrow(LabError)
  })
})

/** One datapoint a minute with the given averages (NaN = no data that minute). */
function averageSeries(averages: number[], start = T0): MinuteSeries {
  const count = averages.map((a) => (Number.isNaN(a) ? 0 : 1))
  return {
    startTime: start,
    sampleCount: new Float64Array(count),
    sum: new Float64Array(averages.map((a) => (Number.isNaN(a) ? 0 : a))),
    minimum: new Float64Array(averages.map((a) => (Number.isNaN(a) ? 0 : a))),
    maximum: new Float64Array(averages.map((a) => (Number.isNaN(a) ? 0 : a)))
  }
}

describe('evaluateMetricAlarm', () => {
  /*
   * Average > 80, 3 of 3, period 60, TreatMissingData missing. Minute averages:
   *   minute:   0   1   2   3   4   5   6   7
   *   average: 50  50  90  95  85  40  40  40
   * By hand (range = 5 periods, nothing before minute 0):
   *   after 0: one real point, not breaching → OK (was INSUFFICIENT_DATA)
   *   after 1, 2, 3: most recent ≤ 3 contain a non-breaching point → OK
   *   after 4: 90, 95, 85 all breach → ALARM
   *   after 5: 95, 85, 40 → one non-breaching → OK
   */
  const series = averageSeries([50, 50, 90, 95, 85, 40, 40, 40])

  it('records a history item only when the state changes, with CloudWatch reasons', () => {
    const timeline = evaluateMetricAlarm(validAlarm(), series, { startTime: T0, endTime: T0 + 8 * MIN })
    expect(Array.from(timeline.states, stateName)).toEqual(['OK', 'OK', 'OK', 'OK', 'ALARM', 'OK', 'OK', 'OK'])
    expect(timeline.history.map((h) => [h.oldState, h.newState, h.timestamp])).toEqual([
      ['INSUFFICIENT_DATA', 'OK', T0 + 1 * MIN],
      ['OK', 'ALARM', T0 + 5 * MIN],
      ['ALARM', 'OK', T0 + 6 * MIN]
    ])
    expect(timeline.history[1].reason).toBe(
      'Threshold Crossed: 3 out of the last 3 datapoints [85.0 (01/01/24 00:04:00), 95.0 (01/01/24 00:03:00), 90.0 (01/01/24 00:02:00)] ' +
        'were greater than the threshold (80.0) (minimum 3 datapoints for OK -> ALARM transition).'
    )
    expect(timeline.history[2].reason).toBe(
      'Threshold Crossed: 1 out of the last 3 datapoints [40.0 (01/01/24 00:05:00)] was not greater than the threshold (80.0) (minimum 1 datapoint for ALARM -> OK transition).'
    )
    expect(timeline.history[1].reasonData).toMatchObject({
      version: '1.0',
      statistic: 'Average',
      period: 60,
      threshold: 80,
      recentDatapoints: [90, 95, 85],
      startDate: '2024-01-01T00:02:00.000+0000'
    })
  })

  it('uses data from before the range start for the first evaluation (metric reported before the alarm existed)', () => {
    // Range starts at minute 4: the first evaluation already sees 90, 95, 85 → ALARM at once.
    const timeline = evaluateMetricAlarm(validAlarm(), series, { startTime: T0 + 4 * MIN, endTime: T0 + 8 * MIN })
    expect(Array.from(timeline.periodStarts)).toEqual([4, 5, 6, 7].map((k) => T0 + k * MIN))
    expect(Array.from(timeline.states, stateName)).toEqual(['ALARM', 'OK', 'OK', 'OK'])
    expect(timeline.history[0]).toMatchObject({ oldState: 'INSUFFICIENT_DATA', newState: 'ALARM', index: 0 })
  })

  it('starts from the given initial state', () => {
    const timeline = evaluateMetricAlarm(validAlarm(), series, { startTime: T0, endTime: T0 + 2 * MIN }, 'OK')
    expect(timeline.history).toEqual([])
  })

  it('a 10-second alarm on this standard-resolution metric gets a datapoint only each whole minute and lapses into INSUFFICIENT_DATA', () => {
    // PutMetricAlarm Period: for a 10, 20 or 30 second period on a metric without sub-minute resolution "it
    // does not receive data for the attempts that do not correspond to a one-minute data resolution, and the
    // alarm might often lapse into INSUFFICENT_DATA status". 1 of 1, evaluation range 3 periods (30 s):
    // minute 2 (90 > 80) gives ALARM while its datapoint is in the range (3 periods), then 3 periods with
    // nothing; minute 3 (95) the same.
    const alarm = { ...validAlarm(), Period: 10, EvaluationPeriods: 1 }
    const timeline = evaluateMetricAlarm(alarm, series, { startTime: T0 + 2 * MIN, endTime: T0 + 4 * MIN })
    const A = 'ALARM'
    const I = 'INSUFFICIENT_DATA'
    expect(Array.from(timeline.states, stateName)).toEqual([A, A, A, I, I, I, A, A, A, I, I, I])
    expect(Array.from(timeline.values.slice(0, 7))).toEqual([90, NaN, NaN, NaN, NaN, NaN, 95])
    expect(timeline.periodStarts[1] - timeline.periodStarts[0]).toBe(10_000)
  })

  it('a 60-second alarm is unaffected: one datapoint per period', () => {
    const timeline = evaluateMetricAlarm({ ...validAlarm(), EvaluationPeriods: 1 }, series, { startTime: T0 + 2 * MIN, endTime: T0 + 4 * MIN })
    expect(Array.from(timeline.states, stateName)).toEqual(['ALARM', 'ALARM'])
  })

  it('evaluates an ExtendedStatistic alarm on its statistic: tm90 of one sample a minute is that sample', () => {
    // One sample per minute: TM(:90%) keeps ranks (0, 0.9] of the single sample, so its value is the average.
    const { Statistic: _unused, ...rest } = validAlarm()
    const timeline = evaluateMetricAlarm({ ...rest, ExtendedStatistic: 'tm90' }, series, { startTime: T0, endTime: T0 + 8 * MIN })
    expect(Array.from(timeline.values)).toEqual([50, 50, 90, 95, 85, 40, 40, 40])
    expect(timeline.history[1]).toMatchObject({ newState: 'ALARM', reasonData: { statistic: 'tm90' } })
  })

  describe('EvaluateLowSampleCountPercentile', () => {
    // p99 latency alarm, 1 of 1, threshold 1000. Each minute: LogNormal(μ = 7, σ = 0.5), whose p99
    // is exp(7 + 0.5·2.3263) ≈ 3,510 > 1000, so an evaluated minute breaches.
    // 500 samples a minute is low for p99 (needs 1000); 2000 is not.
    function latencySeries(counts: number[]): MinuteSeries {
      return {
        startTime: T0,
        sampleCount: new Float64Array(counts),
        sum: new Float64Array(counts.map((c) => c * 1250)),
        minimum: new Float64Array(counts.map(() => 100)),
        maximum: new Float64Array(counts.map(() => 20_000)),
        logMean: new Float64Array(counts.map(() => 7)),
        logSd: new Float64Array(counts.map(() => 0.5))
      }
    }
    function p99Alarm(option: 'evaluate' | 'ignore'): MetricAlarmInput {
      const { Statistic: _unused, ...rest } = validAlarm()
      return { ...rest, ExtendedStatistic: 'p99', EvaluationPeriods: 1, Threshold: 1000, EvaluateLowSampleCountPercentile: option }
    }

    it('ignore: a period with too few samples does not change the state', () => {
      const timeline = evaluateMetricAlarm(p99Alarm('ignore'), latencySeries([500, 500, 2000]), { startTime: T0, endTime: T0 + 3 * MIN })
      expect(Array.from(timeline.states, stateName)).toEqual(['INSUFFICIENT_DATA', 'INSUFFICIENT_DATA', 'ALARM'])
      expect(timeline.history).toHaveLength(1)
    })

    it('evaluate: the alarm is evaluated no matter how many samples there are', () => {
      const timeline = evaluateMetricAlarm(p99Alarm('evaluate'), latencySeries([500, 500, 2000]), { startTime: T0, endTime: T0 + 3 * MIN })
      expect(Array.from(timeline.states, stateName)).toEqual(['ALARM', 'ALARM', 'ALARM'])
      expect(timeline.values[0] / Math.exp(7 + 0.5 * 2.3263)).toBeCloseTo(1, 4)
    })
  })
})
