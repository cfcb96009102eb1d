/**
 * The kernel evaluates its alarms one period at a time from per-minute statistic sets, with closed
 * forms where one minute is the period. The independent reference is the CloudWatch service's batch
 * path: `evaluateMetricAlarm` over the same per-minute series (statistics.ts for the period values,
 * alarm-evaluator.ts for the states). They must agree period for period.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateMetricAlarm } from '../../../../src/main/sandbox/cloudwatch/alarms'
import { ALARM_STATES } from '../../../../src/main/sandbox/cloudwatch/alarm-evaluator'
import type { MinuteSeries } from '../../../../src/main/sandbox/cloudwatch/types'
import { IssueList } from '../../../../src/main/sandbox/core/issues'
import { AlarmRuntime, Datapoint, deployNames, resolveAlarm } from '../../../../src/main/sandbox/deploy/alarms'

const MINUTES = 60

interface Minute {
  count: number
  mean: number
  logSd: number
}

/** Per-minute latency-like data: some minutes without samples, log-normal otherwise (µs). */
const minutes = fc.array(
  fc.oneof(
    { weight: 1, arbitrary: fc.constant<Minute>({ count: 0, mean: 0, logSd: 0 }) },
    { weight: 5, arbitrary: fc.record({ count: fc.integer({ min: 1, max: 5000 }), mean: fc.double({ min: 1000, max: 200_000, noNaN: true }), logSd: fc.double({ min: 0.05, max: 1.2, noNaN: true }) }) }
  ),
  { minLength: MINUTES, maxLength: MINUTES }
)

function check(alarmInput: Record<string, unknown>, data: Minute[]): void {
  const issues = new IssueList()
  const alarm = resolveAlarm(alarmInput, 0, 'BLUE_GREEN', deployNames('my-endpoint', 'BLUE_GREEN'), issues)
  expect(issues.issues).toEqual([])
  const runtime = new AlarmRuntime(alarm!, MINUTES)
  const series: MinuteSeries = {
    startTime: 0,
    sampleCount: new Float64Array(MINUTES),
    sum: new Float64Array(MINUTES),
    minimum: new Float64Array(MINUTES),
    maximum: new Float64Array(MINUTES),
    logMean: new Float64Array(MINUTES),
    logSd: new Float64Array(MINUTES)
  }
  const kernelStates: string[] = []
  const dp = new Datapoint()
  data.forEach((d, m) => {
    const logMean = Math.log(d.mean) - (d.logSd * d.logSd) / 2
    dp.count = d.count
    dp.sum = d.mean * d.count
    dp.min = d.count > 0 ? Math.exp(logMean - 2.5 * d.logSd) : Infinity
    dp.max = d.count > 0 ? Math.exp(logMean + 2.5 * d.logSd) : -Infinity
    dp.logMean = d.count > 0 ? logMean : NaN
    dp.logSd = d.count > 0 ? d.logSd : NaN
    series.sampleCount[m] = dp.count
    series.sum[m] = dp.sum
    series.minimum[m] = d.count > 0 ? dp.min : 0
    series.maximum[m] = d.count > 0 ? dp.max : 0
    series.logMean![m] = d.count > 0 ? logMean : 0
    series.logSd![m] = d.count > 0 ? d.logSd : 0
    runtime.endMinute(m, dp, false, m * 60_000)
    if ((m + 1) % alarm!.periodMinutes === 0) kernelStates.push(runtime.stateName)
  })
  const batch = evaluateMetricAlarm(alarmInput as never, series, { startTime: 0, endTime: MINUTES * 60_000 })
  expect(kernelStates).toEqual(Array.from(batch.states, (s) => ALARM_STATES[s]))
}

const latency = (over: Record<string, unknown>): Record<string, unknown> => ({
  AlarmName: 'latency',
  Namespace: 'AWS/SageMaker',
  MetricName: 'ModelLatency',
  Period: 60,
  EvaluationPeriods: 3,
  DatapointsToAlarm: 2,
  Threshold: 60_000,
  ComparisonOperator: 'GreaterThanThreshold',
  ...over
})

describe('kernel alarms agree with the CloudWatch service', () => {
  it('p99 over one-minute periods (the closed form: a minute is one log-normal)', () => {
    fc.assert(fc.property(minutes, (data) => check(latency({ ExtendedStatistic: 'p99' }), data)), { numRuns: 60 })
  })

  it('p99 over five-minute periods (the mixture of the minutes, by computePeriodStatistics)', () => {
    fc.assert(fc.property(minutes, (data) => check(latency({ ExtendedStatistic: 'p99', Period: 300, TreatMissingData: 'breaching' }), data)), { numRuns: 40 })
  })

  it('Sum, Average, Minimum, Maximum and SampleCount over one- and several-minute periods', () => {
    for (const Statistic of ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount']) {
      for (const Period of [60, 120, 300]) {
        const threshold = Statistic === 'SampleCount' ? 3000 : Statistic === 'Sum' ? 1e8 : 60_000
        fc.assert(fc.property(minutes, (data) => check(latency({ Statistic, Period, Threshold: threshold, TreatMissingData: 'notBreaching' }), data)), { numRuns: 10 })
      }
    }
  })

  it('trimmed means and percentile ranks go through the same period statistics', () => {
    fc.assert(fc.property(minutes, (data) => check(latency({ ExtendedStatistic: 'tm90', TreatMissingData: 'ignore' }), data)), { numRuns: 20 })
    fc.assert(fc.property(minutes, (data) => check(latency({ ExtendedStatistic: 'PR(:50000)', Threshold: 80, ComparisonOperator: 'LessThanThreshold' }), data)), { numRuns: 20 })
  })

  it('EvaluateLowSampleCountPercentile ignore holds the state where a period has too few samples', () => {
    fc.assert(fc.property(minutes, (data) => check(latency({ ExtendedStatistic: 'p99', EvaluateLowSampleCountPercentile: 'ignore' }), data)), { numRuns: 40 })
  })
})
