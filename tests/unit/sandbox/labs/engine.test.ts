/**
 * The lab engine on the shipped labs: determinism per seed, other seeds moving the incidents while
 * the solutions still pass, input errors naming the input, the explanation held back until earned,
 * questions and the final score.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { LabError } from '../../../../src/shared/errors'
import {
  LabEngine,
  checkStep,
  clearRunCache,
  clearScenarioCache,
  getLab,
  gradeQuestions,
  listLabs,
  resolveIncidentTimes,
  revealHint,
  revealSolution,
  runStep,
  scoreLab,
  verifySolutions,
  type Lab
} from '../../../../src/main/sandbox/labs'
import { loadResourceLabs } from './helpers'

let labs: Lab[]
let latency: Lab
let composite: Lab

beforeAll(() => {
  const loaded = loadResourceLabs()
  expect(loaded.errors).toEqual([])
  labs = loaded.labs
  latency = labs.find((l) => l.id === 'latency-alarm-p99')!
  composite = labs.find((l) => l.id === 'composite-and-cloudtrail')!
})

function inputError(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(LabError)
    expect((e as LabError).code).toBe('VALIDATION')
    return (e as LabError).issues
  }
  throw new Error('expected a LabError')
}

describe('determinism', () => {
  it('the same seed and inputs give identical results, recomputed from scratch', () => {
    const a = runStep(latency, 'm-of-n', { evaluationPeriods: 5, datapointsToAlarm: 3 }, 99)
    clearRunCache()
    clearScenarioCache()
    const b = runStep(latency, 'm-of-n', { evaluationPeriods: 5, datapointsToAlarm: 3 }, 99)
    expect(b).not.toBe(a)
    expect(b).toEqual(a)
  })

  it('results are plain JSON: a JSON round trip changes nothing', () => {
    for (const [lab, step] of [
      [latency, 'pick-statistic'],
      [composite, 'composite-rule'],
      [composite, 'who-deleted']
    ] as const) {
      const run = runStep(lab, step, lab.steps.find((s) => s.id === step)!.solution)
      expect(JSON.parse(JSON.stringify(run))).toEqual(run)
    }
  })

  it('another seed moves the incidents inside their windows', () => {
    const starts = [1, 2, 3, 4, 5, 6].map((seed) => resolveIncidentTimes(latency.scenario.params, seed).find((r) => r.def.id === 'v8-regression')!.startMinute)
    expect(new Set(starts).size).toBeGreaterThan(1)
    for (const m of starts) {
      // start: { days: [2, 3], hours: [10, 15] }: Wednesday or Thursday, 10:00 to 14:59 UTC.
      expect(Math.floor(m / 1440)).toBeGreaterThanOrEqual(2)
      expect(Math.floor(m / 1440)).toBeLessThanOrEqual(3)
      expect(m % 1440).toBeGreaterThanOrEqual(600)
      expect(m % 1440).toBeLessThan(900)
    }
    const a = runStep(latency, 'pick-statistic', { statistic: 'p99' }, 1)
    const b = runStep(latency, 'pick-statistic', { statistic: 'p99' }, 2)
    expect(a.incidents.map((i) => i.start)).not.toEqual(b.incidents.map((i) => i.start))
  })

  it('every solution still passes its checks under other seeds', () => {
    for (const lab of labs) expect(verifySolutions(lab, [1, 2, 3])).toEqual([])
  })

  it('repeated runs come from the cache', () => {
    const a = runStep(latency, 'longer-period', { evaluationPeriods: 3, datapointsToAlarm: 2 }, 5)
    expect(runStep(latency, 'longer-period', { evaluationPeriods: '3', datapointsToAlarm: 2 }, 5)).toBe(a)
  })
})

describe('runStep', () => {
  it('returns chart data, scorecard and trade-off for an alarm step', () => {
    const run = runStep(latency, 'm-of-n', { evaluationPeriods: 5, datapointsToAlarm: 3 })
    const alarm = run.alarm!
    // One week of one-minute periods, starting on the simulated Monday.
    expect(alarm.timestamps.length).toBe(7 * 1440)
    expect(alarm.timestamps[0]).toBe(Date.UTC(2026, 0, 5))
    expect(alarm.definition).toMatchObject({ MetricName: 'ModelLatency', Namespace: 'AWS/SageMaker', ExtendedStatistic: 'p99', EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 250000 })
    expect(alarm.definition.Dimensions).toEqual([
      { Name: 'EndpointName', Value: 'churn-predictor-prod' },
      { Name: 'VariantName', Value: 'AllTraffic' }
    ])
    expect(run.incidents.map((i) => [i.id, i.shouldPage])).toEqual([
      ['gc-pause-tue', false],
      ['gc-pause-fri', false],
      ['v8-regression', true]
    ])
    const sweep = run.tradeoff!
    expect(sweep.mOfN.filter((p) => p.chosen)).toEqual([expect.objectContaining({ M: 3, N: 5, falseAlarms: 0, missed: 0 })])
    // Each lone spike is one breaching p99 datapoint (5× a ~100 ms p99 is far over 250 ms): 1 of 1 pages on both.
    expect(sweep.mOfN.find((p) => p.M === 1 && p.N === 1)).toMatchObject({ falseAlarms: 2, missed: 0 })
    expect(sweep.thresholds.filter((p) => p.chosen).map((p) => p.threshold)).toEqual([250000])
  })

  it('names the input when the alarm rejects a value (M above N)', () => {
    expect(inputError(() => runStep(latency, 'm-of-n', { evaluationPeriods: 3, datapointsToAlarm: 5 }))).toEqual([
      { path: 'inputs.datapointsToAlarm', message: 'DatapointsToAlarm (M): must be a whole number from 1 to EvaluationPeriods (3)' }
    ])
  })

  it('names the input for a value outside its range or options, and refuses unknown inputs', () => {
    expect(inputError(() => runStep(latency, 'm-of-n', { evaluationPeriods: 11 }))).toEqual([{ path: 'inputs.evaluationPeriods', message: 'EvaluationPeriods (N): must be at most 10' }])
    expect(inputError(() => runStep(latency, 'pick-statistic', { statistic: 'p42.123' }))).toEqual([
      { path: 'inputs.statistic', message: 'Statistic: must be one of Average, p50, p90, p99, Maximum' }
    ])
    expect(inputError(() => runStep(latency, 'pick-statistic', { Threshold: 5 }))[0].path).toBe('inputs.Threshold')
  })

  it('names the AlarmRule input for a rule that does not parse', () => {
    const [issue] = inputError(() => runStep(composite, 'composite-rule', { alarmRule: 'ALARM("recsys-latency-p99") AND' }))
    expect(issue.path).toBe('inputs.alarmRule')
    // The rule is 31 characters long; the parser reports the position after the dangling AND.
    expect(issue.message).toMatch(/^AlarmRule: at character 32: expected ALARM.*found the end of the rule$/)
  })

  it('unknown lab or step is NOT_FOUND', () => {
    expect(() => runStep(latency, 'nope', {})).toThrow(/has no step "nope"/)
    expect(() => new LabEngine(labs).getLab('nope')).toThrow(LabError)
  })
})

describe('checkStep', () => {
  it('holds the explanation back until the step passes', () => {
    const fail = checkStep(latency, 'pick-statistic', { statistic: 'Average' })
    expect(fail.passed).toBe(false)
    expect(fail.explanation).toBeNull()
    expect(fail.results.map((r) => [r.check, r.pass])).toEqual([
      ['detectsIncident', false],
      ['statisticIs', false]
    ])
    const pass = checkStep(latency, 'pick-statistic', { statistic: 'p99' })
    expect(pass.passed).toBe(true)
    expect(pass.explanation).toMatch(/^A latency objective written as/)
    expect(checkStep(latency, 'pick-statistic', { statistic: 'Average' }, undefined, { solutionShown: true }).explanation).toBe(pass.explanation)
  })

  it('returns input errors instead of throwing', () => {
    const r = checkStep(latency, 'm-of-n', { evaluationPeriods: 2, datapointsToAlarm: 3 })
    expect(r).toEqual({
      passed: false,
      results: [],
      inputErrors: [{ path: 'inputs.datapointsToAlarm', message: 'DatapointsToAlarm (M): must be a whole number from 1 to EvaluationPeriods (2)' }],
      explanation: null
    })
  })

  it('grades the CloudTrail step: CloudWatch is the wrong place to ask who deleted an endpoint', () => {
    const r = checkStep(composite, 'who-deleted', {})
    expect(r.passed).toBe(false)
    expect(r.results[0].diagnostic).toMatch(/^You asked CloudWatch\./)
    expect(checkStep(composite, 'who-deleted', { service: 'CloudTrail', attributeKey: 'ResourceName', attributeValue: 'recsys-ranker-staging', username: 'marco.ds' }).passed).toBe(true)
  })
})

describe('catalogue views, hints and solutions', () => {
  it('lists the labs and hides hints, solutions, explanations and answers from getLab', () => {
    expect(listLabs(labs).map((l) => [l.id, l.stepCount, l.questionCount])).toEqual([
      ['composite-and-cloudtrail', 3, 5],
      ['errors-missing-data', 3, 5],
      ['latency-alarm-p99', 3, 5]
    ])
    const view = getLab(labs, 'latency-alarm-p99')
    const text = JSON.stringify(view)
    for (const key of ['"solution"', '"hints"', '"explanation"', '"answer"']) expect(text).not.toContain(key)
    expect(view.steps[0].hintCount).toBe(3)
    expect(view.questions.find((q) => q.id === 'after-the-page')!.multiple).toBe(true)
  })

  it('reveals hints one at a time, then the solution', () => {
    expect(revealHint(latency, 'm-of-n', 0)).toMatchObject({ index: 0, remaining: 2 })
    expect(revealHint(latency, 'm-of-n', 2).remaining).toBe(0)
    expect(() => revealHint(latency, 'm-of-n', 3)).toThrow(/hint index must be 0 to 2/)
    expect(revealSolution(latency, 'm-of-n').solution).toEqual({ evaluationPeriods: 5, datapointsToAlarm: 3 })
  })
})

describe('questions and the lab score', () => {
  it('grades single and select-all questions (order does not matter)', () => {
    const s = gradeQuestions(latency, { 'statistic-for-slo': 1, 'after-the-page': [1, 0], 'm-of-n-meaning': 0 })
    expect(s.correct).toBe(2)
    expect(s.total).toBe(5)
    expect(s.percent).toBe(40)
    expect(s.results.find((r) => r.id === 'm-of-n-meaning')).toMatchObject({ correct: false, chosen: [0], answer: [1] })
    expect(gradeQuestions(latency, { 'after-the-page': [0] }).results.find((r) => r.id === 'after-the-page')!.correct).toBe(false)
  })

  it('scores first try, with help and assisted steps, plus questions', () => {
    const all = Object.fromEntries(latency.questions.map((q) => [q.id, q.answer]))
    const score = scoreLab(latency, {
      steps: {
        'pick-statistic': { attempts: 1, hintsShown: 0, solutionShown: false, passed: true },
        'm-of-n': { attempts: 3, hintsShown: 1, solutionShown: false, passed: true },
        'longer-period': { attempts: 2, hintsShown: 3, solutionShown: true, passed: true }
      },
      answers: all
    })
    // Steps: (1 + 0.7 + 0.3) / 3 × 70 = 46.67; questions 5/5 × 30 = 30; total 76.67 → 77.
    expect(score.steps.map((s) => s.outcome)).toEqual(['first-try', 'with-help', 'assisted'])
    expect(score.score).toBe(77)
    expect(score.status).toBe('done_assisted')
    expect(scoreLab(latency, { steps: {} })).toMatchObject({ score: 0, status: 'not_started' })
    expect(scoreLab(latency, { steps: { 'm-of-n': { attempts: 1, hintsShown: 0, solutionShown: false, passed: false } } }).status).toBe('in_progress')
  })
})
