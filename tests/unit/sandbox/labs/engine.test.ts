/**
 * The lab engine on the shipped labs: determinism per seed, other seeds moving the incidents while
 * the solutions still pass, input errors naming the input, the explanation held back until earned
 * and quoting the learner's own run, stated criteria, the sandbox plan that shows the same numbers,
 * questions and the score rules (failed checks free, points fixed at the first pass).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { LabError } from '../../../../src/shared/errors'
import {
  LabEngine,
  checkStep,
  clearRunCache,
  clearScenarioCache,
  displayRun,
  getLab,
  gradeQuestions,
  listLabs,
  resolveIncidents,
  revealHint,
  revealSolution,
  runStep,
  sandboxPlan,
  scoreLab,
  verifySolutions,
  type Lab
} from '../../../../src/main/sandbox/labs'
import type { StepRun } from '../../../../src/shared/contract/labs'
import { World } from '../../../../src/main/sandbox/world'
import { loadResourceLabs } from './helpers'
import { displayPrecision } from '../../../../src/main/sandbox/cloudwatch/labs/alarm-kind'

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

function alarmOf(run: StepRun) {
  if (run.kind !== 'alarm') throw new Error(`expected an alarm run, got ${run.kind}`)
  return run.result
}

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
    const starts = [1, 2, 3, 4, 5, 6].map((seed) => resolveIncidents(latency, seed).find((r) => r.def.id === 'v8-regression')!.startMinute)
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

  // Every shipped lab's solutions, hints and examples under three seeds: the cost grows with the content
  // (the monitoring labs simulate weeks to months), hence the longer limit.
  it('every solution still passes its checks under other seeds', () => {
    for (const lab of labs) expect(verifySolutions(lab, [1, 2, 3])).toEqual([])
    // Fifteen labs' worlds under three seeds; the monitoring labs simulate weeks to months.
  }, 180_000)

  it('repeated runs come from the cache', () => {
    const a = runStep(latency, 'longer-period', { evaluationPeriods: 3, datapointsToAlarm: 2 }, 5)
    expect(runStep(latency, 'longer-period', { evaluationPeriods: '3', datapointsToAlarm: 2 }, 5)).toBe(a)
  })
})

describe('runStep', () => {
  it('returns chart data, scorecard and trade-off for an alarm step', () => {
    const run = runStep(latency, 'm-of-n', { evaluationPeriods: 5, datapointsToAlarm: 3 })
    const { alarm, tradeoff: sweep } = alarmOf(run)
    // One week of one-minute periods, starting on the simulated Monday: a regular series (start + i × period).
    expect(alarm.states.length).toBe(7 * 1440)
    expect(alarm.values.length).toBe(7 * 1440)
    expect(alarm.start).toBe(Date.UTC(2026, 0, 5))
    expect(alarm.period).toBe(60)
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

  it('overlays Average and p99 on the alarm chart, and quotes the run in its facts', () => {
    const run = runStep(latency, 'pick-statistic', { statistic: 'Maximum' })
    const { alarm } = alarmOf(run)
    // The chart gets Average and p99; the step's other options (p50, p90) still feed the facts.
    expect(alarm.overlays.map((o) => o.statistic)).toEqual(['Average', 'p99'])
    expect(run.facts['peak.p90.v8-regression']).toMatch(/^\d+ ms$/)
    for (const o of alarm.overlays) expect(o.values.length).toBe(alarm.values.length)
    // ModelLatency is in microseconds; the facts are formatted for people.
    expect(run.facts['peak.p99.v8-regression']).toMatch(/^\d+ ms$/)
    expect(run.facts['detect.v8-regression']).toMatch(/^\d+ min$|^did not page$/)
  })

  it('unknown lab or step is NOT_FOUND', () => {
    expect(() => runStep(latency, 'nope', {})).toThrow(/has no step "nope"/)
    expect(() => new LabEngine(labs).getLab('nope')).toThrow(LabError)
  })
})

describe('displayRun (what labs.run sends to the screen)', () => {
  it('rounds a value to 3 decimals from 100 up and to 6 below, and keeps whole numbers and null', () => {
    // By hand: 123456.78949 µs → 123456.789; 99.1234567 → 99.123457; 0.000123456789 → 0.000123.
    expect(displayPrecision(123456.78949)).toBe(123456.789)
    expect(displayPrecision(99.1234567)).toBe(99.123457)
    expect(displayPrecision(0.000123456789)).toBe(0.000123)
    expect(displayPrecision(-250.00051)).toBe(-250.001)
    expect(displayPrecision(1234567)).toBe(1234567)
    expect(displayPrecision(null)).toBe(null)
    // The short decimal is what JSON prints.
    expect(JSON.stringify(displayPrecision(0.1 + 0.2))).toBe('0.3')
  })

  it('sends the charted series at display precision and leaves everything graded untouched', () => {
    const full = runStep(latency, 'pick-statistic', { statistic: 'p99' })
    const shown = displayRun(latency, 'pick-statistic', { statistic: 'p99' })
    const a = alarmOf(full).alarm
    const b = alarmOf(shown).alarm
    expect(b.values).toEqual(a.values.map((v) => (v === null ? null : Math.round(v * (Math.abs(v) >= 100 ? 1e3 : 1e6)) / (Math.abs(v) >= 100 ? 1e3 : 1e6))))
    for (let k = 0; k < a.overlays.length; k++) expect(b.overlays[k].values.every((v, i) => v === null ? a.overlays[k].values[i] === null : Math.abs(v - a.overlays[k].values[i]!) <= 5e-4)).toBe(true)
    expect({ ...b, values: null, overlays: null }).toEqual({ ...a, values: null, overlays: null })
    expect(alarmOf(shown).scorecard).toEqual(alarmOf(full).scorecard)
    expect(alarmOf(shown).tradeoff).toEqual(alarmOf(full).tradeoff)
    expect(shown.facts).toEqual(full.facts)
    // The graded run keeps full precision (somewhere in a week of p99 there is a value with more than 3 decimals).
    expect(a.values.some((v) => v !== null && Math.round(v * 1e3) / 1e3 !== v)).toBe(true)
    expect(JSON.stringify(shown).length).toBeLessThan(JSON.stringify(full).length * 0.8)
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
    // The numbers come from this run, not from prose written for one seed.
    const facts = runStep(latency, 'pick-statistic', { statistic: 'p99' }).facts
    expect(pass.explanation).toContain(`${facts["peak.Average.v8-regression"]} (${facts["ratio.Average.v8-regression"]})`)
    expect(pass.explanation).not.toContain('{{')
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
  it('lists the labs in their learning order and hides hints, solutions, explanations and answers from getLab', () => {
    expect(listLabs(labs).map((l) => [l.id, l.order, l.stepCount, l.questionCount])).toEqual([
      ['latency-alarm-p99', 1, 3, 5],
      ['errors-missing-data', 2, 3, 5],
      ['composite-and-cloudtrail', 3, 3, 5],
      ['deploy-strategy-constraints', 8, 1, 2],
      ['deploy-canary-rollback', 9, 1, 2],
      ['deploy-baking-canary-size', 10, 1, 2],
      ['deploy-quality-shadow', 11, 3, 2],
      ['rightsizing-p99', 12, 1, 3],
      ['spot-training-checkpoints', 13, 1, 3],
      ['purchasing-mixed-workload', 14, 1, 3],
      ['budget-forecast-tags', 15, 1, 3],
      ['monitor-ctr-worked-example', 20, 3, 3],
      ['monitor-data-vs-concept-drift', 21, 1, 3],
      ['monitor-outlier-vs-drift', 22, 1, 3],
      ['monitor-drift-tests-and-schema', 23, 3, 3]
    ])
    const view = getLab(labs, 'latency-alarm-p99')
    const text = JSON.stringify(view)
    for (const key of ['"solution"', '"hints"', '"explanation"', '"answer"']) expect(text).not.toContain(key)
    expect(view.steps[0].hintCount).toBe(3)
    expect(view.questions.find((q) => q.id === 'after-the-page')!.multiple).toBe(true)
  })

  it('states every pass criterion, one sentence per check, naming the incident', () => {
    const view = getLab(labs, 'latency-alarm-p99')
    expect(view.steps[1].criteria).toEqual([
      { check: 'ignoresOutlier', text: 'Your alarm does not page for a lone slow minute (an outlier).' },
      { check: 'detectsIncident', text: expect.stringMatching(/model v8 latency regression.*10 min/) },
      { check: 'noFalseAlarms', text: 'Your alarm never pages outside the incidents that should page (no false alarms).' }
    ])
    for (const lab of labs) for (const step of getLab(labs, lab.id).steps) expect(step.criteria.length).toBe(lab.steps.find((s) => s.id === step.id)!.checks.length)
    expect(view.scoring).toMatchObject({ solved: 1, solvedWithHints: 0.7, solutionShown: 0.3, stepsWeight: 70, questionsWeight: 30 })
  })

  it('reveals hints one at a time, then the solution', () => {
    expect(revealHint(latency, 'm-of-n', 0)).toMatchObject({ index: 0, remaining: 2 })
    expect(revealHint(latency, 'm-of-n', 2).remaining).toBe(0)
    expect(() => revealHint(latency, 'm-of-n', 3)).toThrow(/every hint of this step is already shown \(3\)/)
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

  const all = (): Record<string, number | number[]> => Object.fromEntries(latency.questions.map((q) => [q.id, q.answer]))
  const step = (over: Partial<{ attempts: number; hintsShown: number; solutionShown: boolean; passed: boolean; firstPass: { hintsShown: number; solutionShown: boolean } }>) => ({
    attempts: 1,
    hintsShown: 0,
    solutionShown: false,
    passed: false,
    ...over
  })

  it('scores solved, solved with hints and solution shown, plus questions', () => {
    const score = scoreLab(latency, {
      steps: {
        'pick-statistic': step({ passed: true, firstPass: { hintsShown: 0, solutionShown: false } }),
        'm-of-n': step({ attempts: 3, hintsShown: 1, passed: true, firstPass: { hintsShown: 1, solutionShown: false } }),
        'longer-period': step({ attempts: 2, hintsShown: 3, solutionShown: true, passed: true, firstPass: { hintsShown: 3, solutionShown: true } })
      },
      answers: all(),
      questionsSubmitted: true
    })
    // Steps: (1 + 0.7 + 0.3) / 3 × 70 = 46.67; questions 5/5 × 30 = 30; total 76.67 → 77.
    expect(score.steps.map((s) => s.outcome)).toEqual(['solved', 'solved-with-hints', 'solution-shown'])
    expect(score.score).toBe(77)
    expect(score.status).toBe('done_assisted')
    expect(scoreLab(latency, { steps: {}, questionsSubmitted: false })).toMatchObject({ score: 0, status: 'not_started' })
    expect(scoreLab(latency, { steps: { 'm-of-n': step({}) }, questionsSubmitted: false }).status).toBe('in_progress')
  })

  it('failed checks cost nothing, and what is opened after the first pass does not lower it', () => {
    const solvedAfterFailures = step({ attempts: 9, passed: true, firstPass: { hintsShown: 0, solutionShown: false } })
    const hintsAfterPassing = step({ attempts: 4, hintsShown: 3, solutionShown: true, passed: true, firstPass: { hintsShown: 0, solutionShown: false } })
    const score = scoreLab(latency, { steps: { 'pick-statistic': solvedAfterFailures, 'm-of-n': hintsAfterPassing, 'longer-period': solvedAfterFailures }, answers: all(), questionsSubmitted: true })
    expect(score.steps.map((s) => s.outcome)).toEqual(['solved', 'solved', 'solved'])
    expect(score).toMatchObject({ score: 100, status: 'done' })
  })

  it('a step saved before firstPass existed is scored by what it had opened', () => {
    expect(scoreLab(latency, { steps: { 'pick-statistic': step({ attempts: 4, hintsShown: 1, passed: true }) }, questionsSubmitted: false }).steps[0]).toEqual({ id: 'pick-statistic', outcome: 'solved-with-hints', points: 0.7 })
  })

  it('is done only with every step solved and the checkpoint submitted; unsubmitted answers score nothing', () => {
    const solved = step({ passed: true, firstPass: { hintsShown: 0, solutionShown: false } })
    const steps = { 'pick-statistic': solved, 'm-of-n': solved, 'longer-period': solved }
    expect(scoreLab(latency, { steps, answers: all(), questionsSubmitted: false })).toMatchObject({ score: 70, status: 'in_progress' })
    expect(scoreLab(latency, { steps, answers: {}, questionsSubmitted: true })).toMatchObject({ score: 70, status: 'done' })
  })
})

describe('open in the sandbox', () => {
  it('replays to a world whose alarm shows the states the step showed', () => {
    const inputs = { evaluationPeriods: 5, datapointsToAlarm: 3 }
    const plan = sandboxPlan(latency, 'm-of-n', inputs, 11)
    expect(plan.seed).toBe('latency-alarm-p99.11')
    expect(plan.actions[0]).toMatchObject({ type: 'CreateEndpoint', EndpointName: 'churn-predictor-prod' })
    expect(plan.actions[1]).toMatchObject({ type: 'PutMetricAlarm', ExtendedStatistic: 'p99', EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 250000 })
    const world = World.replay(plan.seed, plan.actions)
    const { alarm } = alarmOf(runStep(latency, 'm-of-n', inputs, 11))
    const inWorld = world.cloudwatch.describe(world.now).find((a) => a.AlarmName === alarm.definition.AlarmName)!
    expect(inWorld.history.map((h) => [h.timestamp, h.newState])).toEqual(alarm.history.map((h) => [h.timestamp, h.newState]))
  })

  it('the CloudTrail step opens as the scenario world with the same Event history', () => {
    const plan = sandboxPlan(composite, 'who-deleted', {}, 777)
    const world = World.replay(plan.seed, plan.actions)
    const run = runStep(composite, 'who-deleted', { service: 'CloudTrail' }, 777)
    if (run.kind !== 'cloudtrail') throw new Error('expected a cloudtrail run')
    const page = world.cloudtrail.lookupEvents({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DeleteEndpoint' }] }, world.now)
    expect(page.Events.map((e) => [e.EventId, e.Username])).toEqual(run.result.audit.allEvents.filter((e) => e.EventName === 'DeleteEndpoint').map((e) => [e.EventId, e.Username]))
  })
})

describe('labs:check catches claims that do not hold', () => {
  it('a hint that suggests a failing setting, and an example said to pass that fails', () => {
    const bad = structuredClone(latency)
    bad.steps[1].hints[2] = { text: 'Try 1 of 1.', suggests: { evaluationPeriods: 1, datapointsToAlarm: 1 } }
    bad.steps[2].examples = [{ inputs: { evaluationPeriods: 1, datapointsToAlarm: 1 }, passes: true }]
    const failures = verifySolutions(bad, [bad.scenario.seed])
    expect(failures.some((f) => f.stepId === 'm-of-n' && f.message.startsWith("hint 3's suggestion"))).toBe(true)
    expect(failures.some((f) => f.stepId === 'longer-period' && f.message.startsWith('examples[0] (said to pass)'))).toBe(true)
  })

  it('an explanation that quotes a fact the run does not measure', () => {
    const bad = structuredClone(latency)
    bad.steps[0].explanation = 'It rose by {{peak.p99.no-such-incident}}.'
    const [failure] = verifySolutions(bad, [bad.scenario.seed])
    expect(failure.message).toMatch(/quotes \{\{peak\.p99\.no-such-incident\}\}, which the run does not measure/)
  })
})
