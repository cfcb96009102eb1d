import { describe, expect, it } from 'vitest'
import { createRng } from '../../../../src/main/sandbox/core/rng'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '../../../../src/main/sandbox/core/time'
import { suggestBaseline } from '../../../../src/main/sandbox/monitor/baseline'
import { CaptureLog } from '../../../../src/main/sandbox/monitor/capture'
import { baseModelScore, runSchedule } from '../../../../src/main/sandbox/monitor/execution'
import { FeatureScenario, findScenarioModel } from '../../../../src/main/sandbox/monitor/features'

const T0 = Date.UTC(2026, 0, 5)

function setup() {
  const scenario = new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario'))
  const train = scenario.trainingData(T0 - 14 * DAY_MS, T0, 3000, createRng('train'))
  const { constraints } = suggestBaseline(train.dataset)
  scenario.addChange(T0 + DAY_MS, { kind: 'dataDrift', Feature: 'user_age', Shift: 2 })
  const capture = new CaptureLog()
  const rng = createRng('world')
  for (let t = T0; t < T0 + 2 * DAY_MS; t += MINUTE_MS) capture.capture(t, 60, 20, rng)
  return { baseline: train.dataset, constraints, capture, scenario, rng }
}

describe('data quality executions of an hourly schedule', () => {
  const inputs = setup()
  const runs = runSchedule({ ScheduleExpression: 'cron(0 * ? * * *)' }, T0, T0 + 2 * DAY_MS, 'seed', inputs)

  it('runs every hour, starting 0–20 minutes after the hour, over the hour before', () => {
    expect(runs).toHaveLength(48)
    runs.forEach((r, i) => {
      expect(r.ScheduledTime).toBe(T0 + i * HOUR_MS)
      expect(r.StartTime - r.ScheduledTime).toBeGreaterThanOrEqual(0)
      expect(r.StartTime - r.ScheduledTime).toBeLessThanOrEqual(20 * MINUTE_MS)
      expect([r.analysisStart, r.analysisEnd]).toEqual([r.ScheduledTime - HOUR_MS, r.ScheduledTime])
    })
  })

  it('fails when the window holds no captured data (before capture began)', () => {
    expect(runs[0].MonitoringExecutionStatus).toBe('Failed')
    expect(runs[0].FailureReason).toMatch(/No captured data/)
  })

  it('is Completed before the drift and CompletedWithViolations (user_age baseline_drift_check) after it', () => {
    // 60 requests a minute at 20 % ≈ 12 captured, 10 analysed: 600 an hour. linf_robust subtracts
    // 1.8·sqrt((600 + 3000)/(600·3000)) ≈ 0.080 from a sampling-noise KS distance of about 0.04,
    // so no drift reads 0; a 2 sd shift gives linf_simple ≈ 2Φ(1) − 1 ≈ 0.68, well above 0.1.
    for (const r of runs.slice(1, 25)) expect(r.MonitoringExecutionStatus).toBe('Completed')
    for (const r of runs.slice(26)) {
      expect(r.MonitoringExecutionStatus).toBe('CompletedWithViolations')
      expect(r.violations.map((v) => [v.feature_name, v.constraint_check_type])).toEqual([['user_age', 'baseline_drift_check']])
      const drift = r.metrics.find((m) => m.MetricName === 'feature_baseline_drift_user_age')!.Value!
      expect(Math.abs(drift - (0.6827 - 0.08))).toBeLessThan(0.1)
    }
    // Binomial(60, 0.2) captures fall below 10 in some minutes: the sample is Σ min(10, captured) over the hour.
    let expected = 0
    for (let t = runs[5].analysisStart; t < runs[5].analysisEnd; t += MINUTE_MS) expected += Math.min(10, inputs.capture.countAt(t))
    expect(runs[5].analysedRecords).toBe(expected)
    expect(runs[5].capturedRecords).toBeGreaterThan(600)
  })

  it('scores records with the base concept: the average score is the base click-through rate', () => {
    const s = inputs.scenario
    const recs = Array.from({ length: 4000 }, (_, i) => s.record(T0 + (i % 1440) * MINUTE_MS, createRng(`r${i}`)))
    const meanScore = recs.reduce((a, r) => a + baseModelScore(s.model, r), 0) / recs.length
    const ctr = recs.reduce((a, r) => a + r.label, 0) / recs.length
    // The labels are Bernoulli(score): their mean matches within ~4 sd of a 5 % rate over 4000 (0.0034 each).
    expect(Math.abs(meanScore - ctr)).toBeLessThan(0.014)
    expect(meanScore).toBeGreaterThan(0.03)
    expect(meanScore).toBeLessThan(0.08)
  })
})
