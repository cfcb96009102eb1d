/**
 * The monitoring labs' kernel pieces and step kind: the logistic refit against scipy, the monitored
 * timeline's rules (ground-truth merge, the lag, M of N against a burst, the retraining window), and
 * the checks' arithmetic on hand-made runs.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLabFiles, readExamItemIds } from '../../../../src/main/labs/loader'
import { parseLabText } from '../../../../src/main/labs/parse'
import { checkStep, clearRunCache, runStep, sandboxPlan } from '../../../../src/main/sandbox/labs/engine'
import { World } from '../../../../src/main/sandbox/world'
import { DAY_MS, HOUR_MS, SIM_EPOCH_MS } from '../../../../src/main/sandbox/core/time'
import { FeatureScenario, findScenarioModel } from '../../../../src/main/sandbox/monitor/features'
import { fitLogistic } from '../../../../src/main/sandbox/monitor/labs/logistic'
import { detectsChange, noFalseDrift, qualityRecovers } from '../../../../src/main/sandbox/monitor/labs/monitor-kind'
import { simulateMonitoring, type MonitorSpec } from '../../../../src/main/sandbox/monitor/labs/simulate'
import { createRng } from '../../../../src/main/sandbox/core/rng'
import { MonitorStepRunSchema, type MonitorRun } from '../../../../src/shared/contract/monitor-labs'

const ROOT = resolve(__dirname, '../../../..')

describe('logistic refit', () => {
  it('reaches the optimum scipy finds for the same ridge-penalised log-loss', () => {
    // python3 /tmp/logit_ref.py: scipy.optimize.minimize(f, zeros(3), jac=g, method="BFGS", gtol=1e-12) on
    // f(w) = Σ log(1 + e^{Aw}) − y·Aw + ½·1·‖w[1:]‖², A = [1 | X] → w = [-0.15024423, 1.46251921, 0.36473019]
    const X = [[0.5, 1.0], [-1.2, 0.3], [0.3, -0.7], [2.0, 0.1], [-0.4, -1.5], [1.1, 0.8], [-2.0, 0.4], [0.0, 0.0], [0.9, -0.2], [-0.6, 1.3], [1.5, -1.1], [-1.0, -0.3]]
    const y = [1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0]
    const { weights } = fitLogistic(X, y, 1)
    expect(weights[0]).toBeCloseTo(-0.15024423, 6)
    expect(weights[1]).toBeCloseTo(1.46251921, 6)
    expect(weights[2]).toBeCloseTo(0.36473019, 6)
  })
})

describe('feature-targeted concept drift', () => {
  it('changes only the named feature\'s coefficient: with session_minutes at factor 0 the label stops depending on it', () => {
    const model = findScenarioModel('recommender-ctr', 'scenario')
    const s = new FeatureScenario(model)
    s.addChange(SIM_EPOCH_MS, { kind: 'conceptDrift', Feature: 'session_minutes', CoefficientFactor: 0 })
    const rng = createRng('concept-feature')
    // Click rates of long vs short sessions: equal (within sampling error) once the coefficient is 0.
    let longN = 0, longPos = 0, shortN = 0, shortPos = 0
    for (let i = 0; i < 40000; i++) {
      const r = s.record(SIM_EPOCH_MS + i * 1000, rng)
      if ((r.features.session_minutes as number) > 17) (longN++, (longPos += r.label))
      else if ((r.features.session_minutes as number) < 7) (shortN++, (shortPos += r.label))
    }
    // Under the base concept (coefficient 0.5 per std) long sessions click about e^{0.5·2}≈2.7× as often.
    expect(Math.abs(longPos / longN - shortPos / shortN)).toBeLessThan(0.02)
  })
})

const baseSpec: MonitorSpec = {
  scenario: 'recommender-ctr',
  days: 6,
  requestsPerHour: 120,
  InitialSamplingPercentage: 100,
  trainingDays: 30,
  trainingRows: 4000,
  seasonality: [],
  changes: [{ id: 'burst', label: 'burst', startDay: [2, 2], change: { kind: 'outlierBurst', Feature: 'session_minutes', DurationMinutes: 180, Share: 0.5, Magnitude: 8 } }],
  ScheduleExpression: 'cron(0 * ? * * *)',
  comparison_method: 'Robust',
  comparison_threshold: 0.1,
  categorical_drift_method: 'LInfinity',
  stattest: null,
  stattest_threshold: null,
  modelQuality: null,
  alarm: { AlarmName: 'a', MonitoringType: 'DataQuality', MetricName: 'feature_baseline_drift_session_minutes', Threshold: 0.1, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1, DatapointsToAlarm: 1 },
  retraining: { RetrainingWindowDays: 30, pipelineHours: 4 }
}

describe('the monitored timeline', () => {
  it('a three-hour burst starting at 00:00 breaches the hourly runs of 01:00, 02:00 and 03:00 only, so 1 of 1 alarms and 6 of 6 does not', () => {
    const oneOfOne = simulateMonitoring(baseSpec, 'burst')
    const start = SIM_EPOCH_MS + 2 * DAY_MS
    // The runs whose window [t − 1 h, t) overlaps [start, start + 3 h): t = start + 1 h … start + 3 h.
    const breaching = oneOfOne.alarm!.points.filter((p) => p.value !== null && p.value > 0.1).map((p) => (p.timestamp - start) / HOUR_MS)
    expect(breaching).toEqual([1, 2, 3])
    expect(oneOfOne.retraining).toHaveLength(1)
    // A 1 h pipeline window: triggered at the 01:00 run's end, trained on [t − 30 d, t) (no ground-truth lag).
    const rt = oneOfOne.retraining[0]
    expect(rt.trainedTo).toBe(rt.triggeredAt)
    expect(rt.triggeredAt - rt.trainedFrom).toBe(30 * DAY_MS)
    expect(rt.deployedAt - rt.triggeredAt).toBe(4 * HOUR_MS)
    const sixOfSix = simulateMonitoring({ ...baseSpec, alarm: { ...baseSpec.alarm!, EvaluationPeriods: 6, DatapointsToAlarm: 6 } }, 'burst')
    expect(sixOfSix.alarm!.firstAlarm).toBeNull()
    expect(sixOfSix.retraining).toEqual([])
  })

  it('without InferenceId no ground truth merges: every model quality execution fails and says it joined on eventId', () => {
    const spec: MonitorSpec = { ...baseSpec, days: 3, changes: [], alarm: null, retraining: null, ScheduleExpression: 'cron(0 0 ? * * *)', modelQuality: { metric: 'auc', probabilityThreshold: 0.5, lagHours: 24, InferenceId: false, ScheduleExpression: 'cron(0 0 ? * * *)' } }
    const off = simulateMonitoring(spec, 'merge')
    expect(off.modelQuality.filter((e) => e.records > 0).every((e) => e.MonitoringExecutionStatus === 'Failed' && /eventId/.test(e.FailureReason ?? ''))).toBe(true)
    const on = simulateMonitoring({ ...spec, modelQuality: { ...spec.modelQuality!, InferenceId: true } }, 'merge')
    // The run at day 2 00:00 merges the requests of [day 0, day 1): 24 h lag, 24 h window; 120 an hour.
    const e = on.modelQuality.find((x) => x.ScheduledTime === SIM_EPOCH_MS + 2 * DAY_MS)!
    expect([e.dataStart, e.dataEnd]).toEqual([SIM_EPOCH_MS, SIM_EPOCH_MS + DAY_MS])
    expect(e.merged).toBe(24 * 120)
  })

  it('concept drift leaves every input distribution alone: no baseline_drift_check violation, while auc falls', () => {
    const spec: MonitorSpec = {
      ...baseSpec,
      scenario: 'fraud',
      days: 6,
      requestsPerHour: 60,
      ScheduleExpression: 'cron(0 0 ? * * *)',
      changes: [{ id: 'technique', label: 'new technique', startDay: [2, 2], change: { kind: 'conceptDrift', CoefficientFactor: -1 } }],
      alarm: null,
      retraining: null,
      modelQuality: { metric: 'auc', probabilityThreshold: 0.5, lagHours: 0, InferenceId: true, ScheduleExpression: 'cron(0 0 ? * * *)' }
    }
    const r = simulateMonitoring(spec, 'concept')
    expect(r.dataQuality.flatMap((e) => e.violations)).toEqual([])
    const before = r.modelQuality.filter((e) => e.dataEnd <= SIM_EPOCH_MS + 2 * DAY_MS && e.value !== null).map((e) => e.value!)
    const after = r.modelQuality.filter((e) => e.dataStart >= SIM_EPOCH_MS + 2 * DAY_MS && e.value !== null).map((e) => e.value!)
    // An inverted concept turns a ranking with AUC a into one with AUC about 1 − a.
    expect(Math.min(...before)).toBeGreaterThan(0.75)
    expect(Math.max(...after)).toBeLessThan(0.3)
  })
})

/** A hand-made run: one change at day 1, daily executions with four features. */
function handRun(over: Partial<MonitorRun> = {}): MonitorRun {
  const t = (d: number, h = 0): number => SIM_EPOCH_MS + d * DAY_MS + h * HOUR_MS
  const exec = (d: number, drifted: string[]) => ({
    ScheduledTime: t(d),
    StartTime: t(d),
    MonitoringExecutionStatus: drifted.length ? ('CompletedWithViolations' as const) : ('Completed' as const),
    analysisStart: t(d - 1),
    analysisEnd: t(d),
    records: 100,
    drift: { a: 0.05, b: 0.05, c: 0.05, d: 0.05 },
    violations: drifted.map((f) => ({ feature_name: f, constraint_check_type: 'baseline_drift_check' as const, description: '' })),
    baselineVersion: 1
  })
  return {
    simulatedOn: 'kernel',
    scenario: 'recommender-ctr',
    label: 'clicked',
    features: ['a', 'b', 'c', 'd'],
    startTime: t(0),
    endTime: t(11),
    baselineRows: 100,
    choice: {},
    qualityMetric: 'auc',
    groundTruthLagHours: 24,
    changes: [{ id: 'shift', label: 'a shifts', kind: 'dataDrift', feature: 'a', start: t(1, 6), end: null, actionable: true }],
    // Executions on days 1–10; feature a drifts from day 3 on; b is flagged falsely on day 5.
    dataQuality: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((d) => exec(d, [...(d >= 3 ? ['a'] : []), ...(d === 5 ? ['b'] : [])])),
    modelQuality: [],
    alarm: null,
    retraining: [],
    ...over
  }
}

describe('monitor checks, by hand', () => {
  const ctx = (m: MonitorRun) => ({ result: { monitor: m }, incidents: [], inputs: {} })

  it('detectsChange: the change at day 1 06:00, first flagged by the day-3 run, is caught 42 h later', () => {
    const r = detectsChange.run(ctx(handRun()), { change: 'shift', withinHours: 48, by: 'violation' })
    expect(r.pass).toBe(true)
    expect(r.details).toEqual({ hours: 42 })
    expect(detectsChange.run(ctx(handRun()), { change: 'shift', withinHours: 41, by: 'violation' }).pass).toBe(false)
  })

  it('noFalseDrift: one false flag (b on day 5) among the comparisons no change explains', () => {
    // Unexplained comparisons: b, c, d on all 10 days (30) + a on day 1 only (its change starts day 1 06:00,
    // so the day-1 run's window [day 0, day 1) precedes it; from day 2 on a is explained) = 31. 1 / 31 = 3.2 %.
    const r = noFalseDrift.run(ctx(handRun()), { max: 0, maxShare: 0.03, by: 'violation' })
    expect(r.details).toEqual({ falseShare: 1 / 31 })
    expect(r.pass).toBe(false)
    expect(noFalseDrift.run(ctx(handRun()), { max: 0, maxShare: 0.04, by: 'violation' }).pass).toBe(true)
    expect(noFalseDrift.run(ctx(handRun()), { max: 1, by: 'violation' }).pass).toBe(true)
  })

  it('qualityRecovers compares the last executions after the deployment with the first ones', () => {
    const t = (d: number): number => SIM_EPOCH_MS + d * DAY_MS
    const q = (d: number, value: number) => ({ ScheduledTime: t(d + 1), StartTime: t(d + 1), MonitoringExecutionStatus: 'Completed' as const, dataStart: t(d), dataEnd: t(d + 1), records: 10, merged: 10, value, standardDeviation: null, metrics: { auc: value }, positiveRate: null, predictedRate: null, modelVersions: [1] })
    // First 2: 0.8, 0.8 (mean 0.8); after the deployment at day 6: 0.7, 0.78 → the last 2 mean 0.74 = 92.5 %.
    const run = handRun({ modelQuality: [q(0, 0.8), q(1, 0.8), q(2, 0.5), q(3, 0.5), q(6, 0.7), q(7, 0.78)], retraining: [{ triggeredAt: t(5), trainedFrom: t(-25), trainedTo: t(4), rows: 10, deployedAt: t(6), version: 2 }] })
    const r = qualityRecovers.run(ctx(run), { ofBaseline: 0.92, executions: 2 })
    expect(r.pass).toBe(true)
    expect((r.details as { after: number }).after).toBeCloseTo(0.74, 12)
    expect(qualityRecovers.run(ctx(run), { ofBaseline: 0.93, executions: 2 }).pass).toBe(false)
  })
})

describe('monitor labs', () => {
  const ids = readExamItemIds(resolve(ROOT, 'resources/content/exam-domain4.json'))
  const { labs, errors } = loadLabFiles([resolve(ROOT, 'resources/labs/monitor-outlier-vs-drift.yaml')], ids)

  it('load, and a run fits the step run contract', () => {
    expect(errors).toEqual([])
    const run = runStep(labs[0], 'alarm-datapoints', { threshold: 0.1, evaluationPeriods: 6, datapointsToAlarm: 6 })
    expect(MonitorStepRunSchema.safeParse(run).success).toBe(true)
  })

  it('a bad setting is an input error naming the input, and a refused run changes nothing', () => {
    const r = checkStep(labs[0], 'alarm-datapoints', { threshold: 0.1, evaluationPeriods: 2, datapointsToAlarm: 3 })
    expect(r.passed).toBe(false)
    expect(r.inputErrors.map((e) => e.path)).toEqual(['inputs.datapointsToAlarm'])
  })

  it('a lab file is refused, naming the field, when its traffic would make a run too long or an input offers a metric no monitor publishes', () => {
    const text = readFileSync(resolve(ROOT, 'resources/labs/monitor-data-vs-concept-drift.yaml'), 'utf8')
    const heavy = parseLabText(text.replace('requestsPerHour: 60', 'requestsPerHour: 600'), 'x.yaml', ids)
    // 28 days × 24 × 600 = 403,200 requests > 100,000.
    expect(heavy.errors.map((e) => [e.field, e.message])).toEqual([['steps[0].fixed.requestsPerHour', expect.stringMatching(/at most 100,000 requests/)]])
    const metric = parseLabText(text.replace('feature_baseline_drift_channel, auc', 'feature_baseline_drift_chanel, auc'), 'x.yaml', ids)
    expect(metric.errors.map((e) => e.field)).toEqual(['steps[0].inputs[1].options[3]'])
  })

  it('a World step whose requestsPerHour is not the rate its setup endpoint serves is refused, naming the field', () => {
    // monitor-outlier-vs-drift's endpoint serves Traffic.baseRpm 2, i.e. 2 × 60 = 120 requests an hour.
    const text = readFileSync(resolve(ROOT, 'resources/labs/monitor-outlier-vs-drift.yaml'), 'utf8')
    const wrong = parseLabText(text.replace('requestsPerHour: 120', 'requestsPerHour: 90'), 'monitor-outlier-vs-drift.yaml', ids)
    expect(wrong.errors).toEqual([])
    clearRunCache() // the engine keys its runs by lab id; a reloaded lab clears them, as here
    // A content problem of the lab, not of the learner's inputs: the engine says so (labs:check runs every step).
    expect(() => checkStep(wrong.lab!, 'alarm-datapoints', { threshold: 0.1, evaluationPeriods: 6, datapointsToAlarm: 6 })).toThrow(/fixed\.requestsPerHour: must equal 60 × the setup endpoint's Traffic\.baseRpm \(120\).*a lab content problem/)
  })

  it('the schema step runs on the scenario World: opening it in the sandbox replays the same monitor actions to the same executions', () => {
    const [schema] = loadLabFiles([resolve(ROOT, 'resources/labs/monitor-drift-tests-and-schema.yaml')], ids).labs
    const inputs = { feature: 'user_age', checkType: 'data_type_check' }
    const plan = sandboxPlan(schema, 'schema-violations', inputs, 7)
    expect(plan.actions.map((a) => a.type).slice(1, 8)).toEqual(['SetFeatureScenario', 'EnableDataCapture', 'InjectDataChange', 'InjectDataChange', 'CreateBaseliningJob', 'CreateMonitoringSchedule', 'AdvanceClock'])
    const world = World.replay(plan.seed, plan.actions)
    const run = runStep(schema, 'schema-violations', inputs, 7)
    if (run.kind !== 'monitor') throw new Error('expected a monitor run')
    const inWorld = world.monitor.listMonitoringExecutions('lab-data-quality').map((e) => [e.ScheduledTime, e.MonitoringExecutionStatus, e.violations.map((v) => ('feature_name' in v ? `${v.feature_name}/${v.constraint_check_type}` : ''))])
    expect(run.result.monitor.dataQuality.map((e) => [e.ScheduledTime, e.MonitoringExecutionStatus, e.violations.map((v) => `${v.feature_name}/${v.constraint_check_type}`)])).toEqual(inWorld)
    expect(inWorld.some(([, , v]) => (v as string[]).includes('user_age/data_type_check'))).toBe(true)
  })

  it('the outlier lab runs on the World: its alarm, EventBridge rule and pipeline give the same ALARM times and retrainings when opened in the sandbox', () => {
    const inputs = { threshold: 0.1, evaluationPeriods: 1, datapointsToAlarm: 1 }
    const plan = sandboxPlan(labs[0], 'alarm-datapoints', inputs, 3)
    expect(plan.actions.map((a) => a.type)).toEqual(expect.arrayContaining(['PutMetricAlarm', 'CreatePipeline', 'PutRule', 'PutTargets']))
    const world = World.replay(plan.seed, plan.actions)
    const run = runStep(labs[0], 'alarm-datapoints', inputs, 3)
    if (run.kind !== 'monitor') throw new Error('expected a monitor run')
    const history = world.cloudwatch.describe(world.now).find((a) => a.AlarmName === 'recs-session-minutes-drift')!.history
    expect(run.result.monitor.alarm!.alarmTransitions).toEqual(history.filter((h) => h.newState === 'ALARM').map((h) => h.timestamp))
    // One pipeline execution per ALARM transition (the rule matches state ALARM only), started in the minute of the transition.
    expect(world.monitor.listPipelineExecutions().map((r) => r.StartTime)).toEqual(run.result.monitor.alarm!.alarmTransitions)
    expect(run.result.monitor.retraining.map((r) => r.triggeredAt)).toEqual(run.result.monitor.alarm!.alarmTransitions)
  })
})

/**
 * Issue #7 item 4: every step of the monitor labs whose data fit a World runs on it, and "Open in the
 * sandbox" replays the step's run. For each such step (the solution and a wrong answer that retrains
 * at another time), the World rebuilt from sandboxPlan alone gives the numbers the step's run shows:
 * the executions with their statuses, violations and metrics, the alarm's ALARM times, the pipeline
 * runs, the approvals and the models the endpoint served.
 */
describe('monitor labs: the World reached through "Open in the sandbox" gives the step\'s numbers', () => {
  const ids = readExamItemIds(resolve(ROOT, 'resources/content/exam-domain4.json'))
  const files = ['monitor-ctr-worked-example', 'monitor-data-vs-concept-drift', 'monitor-outlier-vs-drift', 'monitor-drift-tests-and-schema']
  const { labs, errors } = loadLabFiles(files.map((f) => resolve(ROOT, `resources/labs/${f}.yaml`)), ids)
  const cases = labs.flatMap((lab) =>
    lab.steps.flatMap((step) => {
      const wrong = step.examples.find((e) => !e.passes)
      const sets = [{ name: 'solution', inputs: step.solution }, ...(wrong ? [{ name: `wrong ${JSON.stringify(wrong.inputs)}`, inputs: { ...step.solution, ...wrong.inputs } }] : [])]
      return sets.map((s) => ({ lab, step, ...s }))
    })
  )
  const metric = (e: { metrics: readonly { MetricName: string; Value?: number }[] }, name: string) => e.metrics.find((m) => m.MetricName === name)?.Value ?? null
  const done = (s: string) => s !== 'Pending' && s !== 'InProgress' && s !== 'Stopped'

  it('loads the four labs', () => expect(errors).toEqual([]))

  // The drift-test steps compare Evidently-style tests beside Model Monitor's on the kernel: they say so and open no World of their own.
  const kernelOnly = new Set(['monitor-drift-tests-and-schema/small-sample', 'monitor-drift-tests-and-schema/large-sample'])

  it.each(cases.map((c) => [`${c.lab.id}/${c.step.id} (${c.name})`, c] as const))('%s', (key, { lab, step, inputs }) => {
    const run = runStep(lab, step.id, inputs)
    if (run.kind !== 'monitor') throw new Error('expected a monitor run')
    const m = run.result.monitor
    if (kernelOnly.has(`${lab.id}/${step.id}`)) {
      expect(m.simulatedOn).toBe('kernel')
      return
    }
    expect(m.simulatedOn).toBe('world')
    const plan = sandboxPlan(lab, step.id, inputs)
    const world = World.replay(plan.seed, plan.actions)
    expect(world.now).toBe(m.endTime)
    const dq = world.monitor.listMonitoringExecutions('lab-data-quality').filter((e) => done(e.MonitoringExecutionStatus))
    expect(m.dataQuality.map((e) => [e.ScheduledTime, e.MonitoringExecutionStatus, e.records, e.violations.length, ...m.features.map((f) => e.drift[f])])).toEqual(
      dq.map((e) => [e.ScheduledTime, e.MonitoringExecutionStatus, e.analysedRecords, e.violations.length, ...m.features.map((f) => metric(e, `feature_baseline_drift_${f}`))])
    )
    if (m.qualityMetric) {
      const mq = world.monitor.listMonitoringExecutions('lab-model-quality').filter((e) => done(e.MonitoringExecutionStatus))
      expect(m.modelQuality.length).toBeGreaterThan(0)
      expect(m.modelQuality.map((e) => [e.ScheduledTime, e.merged, e.value, e.metrics.accuracy])).toEqual(mq.map((e) => [e.ScheduledTime, e.mergedRecords ?? 0, metric(e, m.qualityMetric!), metric(e, 'accuracy')]))
    }
    if (m.alarm) {
      const history = world.cloudwatch.describe(world.now).find((a) => a.AlarmName === m.alarm!.spec.AlarmName)!.history
      expect(m.alarm.alarmTransitions).toEqual(history.filter((h) => h.newState === 'ALARM').map((h) => h.timestamp).sort((a, b) => a - b))
    }
    const pipelines = world.monitor.listPipelineExecutions()
    expect(m.retraining.map((r) => [r.triggeredAt, r.rows])).toEqual(pipelines.map((r) => [r.StartTime, r.trainingRecords]))
    if (m.qualityMetric && m.retraining.length > 0) {
      // The lab approved every registered model and the endpoint served it from that minute on.
      const packages = world.monitor.listModelPackages()
      expect(packages.length).toBeGreaterThan(0)
      expect(packages.every((p) => p.ModelApprovalStatus === 'Approved')).toBe(true)
      // The first entry is the model the endpoint was created with (EnableDataCapture's UpdateEndpoint).
      const names = new Set(packages.map((p) => p.ModelName))
      const served = world.monitor.endpointState((step.fixed.world as { EndpointName: string }).EndpointName)!.models.filter((s) => names.has(s.modelName))
      expect(served.map((s) => s.modelName)).toEqual(packages.map((p) => p.ModelName))
      expect(m.retraining.filter((r) => r.note?.includes('approved')).map((r) => r.deployedAt)).toEqual(served.map((s) => s.from))
      expect(plan.actions.filter((a) => a.type === 'UpdateModelPackage' || a.type === 'UpdateEndpoint')).toHaveLength(2 * packages.length)
    }
    void key
  }, 60_000)
})
