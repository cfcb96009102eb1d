import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAppContext, type AppContext } from '../../src/main/api/app-context'
import type { LabProgressView } from '../../src/shared/contract/labs'
import { channelHarness } from '../helpers/channels'

describe.each(['ipc', 'http'] as const)('lab channels over %s', (kind) => {
  const h = channelHarness(kind, 'labs-')
  const { open, ok } = h

  it('lists the shipped labs with coverage of Domain 4 and no load errors', async () => {
    await open()
    const list = await ok<{ labs: { id: string; status: string }[]; errors: unknown[]; coverage: { examItem: string }[] }>('labs.list', {})
    // Every file shipped in resources/labs is listed (each lab's id is its file name).
    const shipped = readdirSync(join(__dirname, '../../resources/labs')).filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort()
    expect(shipped.length).toBeGreaterThanOrEqual(3)
    expect(list.labs.map((l) => l.id).sort()).toEqual(shipped)
    expect(list.labs.every((l) => l.status === 'not_started')).toBe(true)
    expect(list.errors).toEqual([])
    expect(list.coverage.map((c) => c.examItem)).toContain('4.2.S1')
  })

  it('runs a step, grades a wrong and a right answer, and keeps progress across a restart', async () => {
    await open()
    const run = await ok<{ kind: string; startTime: number; result: { alarm: { statistic: string; start: number; period: number; states: number[]; values: (number | null)[]; overlays: { values: (number | null)[] }[] } } }>('labs.run', {
      labId: 'latency-alarm-p99',
      stepId: 'pick-statistic',
      inputs: { statistic: 'Average' }
    })
    expect(run.kind).toBe('alarm')
    expect(run.result.alarm.statistic).toBe('Average')
    // One week of one-minute periods, as a regular series from the scenario's start.
    expect(run.result.alarm.start).toBe(run.startTime)
    expect(run.result.alarm.period).toBe(60)
    expect(run.result.alarm.states).toHaveLength(7 * 1440)
    expect(run.result.alarm.values).toHaveLength(7 * 1440)
    // Charted values at display precision: 3 decimals from 100 up, 6 below (ModelLatency is ~10⁵ µs).
    for (const series of [run.result.alarm.values, ...run.result.alarm.overlays.map((o) => o.values)]) {
      for (const v of series) if (v !== null) expect(Math.round(v * (Math.abs(v) >= 100 ? 1e3 : 1e6)) / (Math.abs(v) >= 100 ? 1e3 : 1e6)).toBe(v)
    }

    const wrong = await ok<{ result: { passed: boolean; results: { check: string; pass: boolean; diagnostic: string }[] }; progress: LabProgressView }>('labs.check', {
      labId: 'latency-alarm-p99',
      stepId: 'pick-statistic',
      inputs: { statistic: 'Average' }
    })
    expect(wrong.result.passed).toBe(false)
    expect(wrong.result.results.find((r) => r.check === 'detectsIncident')!.diagnostic.length).toBeGreaterThan(20)
    const hint = await ok<{ index: number; text: string }>('labs.hint', { labId: 'latency-alarm-p99', stepId: 'pick-statistic' })
    expect(hint.index).toBe(0)
    const right = await ok<{ result: { passed: boolean; explanation: string | null }; progress: LabProgressView }>('labs.check', {
      labId: 'latency-alarm-p99',
      stepId: 'pick-statistic',
      inputs: { statistic: 'p99' }
    })
    expect(right.result.passed).toBe(true)
    expect(right.result.explanation).toBeTruthy()
    expect(right.progress.state.steps['pick-statistic']).toMatchObject({ attempts: 2, hintsShown: 1, passed: true, firstPass: { hintsShown: 1, solutionShown: false } })

    // Close and reopen on the same data folder: the step is still passed, the hint still shown.
    const { dataDir } = await ok<{ dataDir: string }>('app.info', {})
    await h.close()
    await open(dataDir)
    const again = await ok<{ progress: LabProgressView }>('labs.get', { labId: 'latency-alarm-p99' })
    expect(again.progress.state.steps['pick-statistic'].passed).toBe(true)
    expect(again.progress.hints['pick-statistic']).toEqual([hint.text])
    expect(again.progress.score.status).toBe('in_progress')
  })

  it('a value outside the step options is refused naming the input', async () => {
    await open()
    const r = await h.call('labs.run', { labId: 'latency-alarm-p99', stepId: 'pick-statistic', inputs: { statistic: 'Median' } })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.issues[0].path).toBe('inputs.statistic')
  })

  it('an unknown lab and a nonexistent answer choice are refused', async () => {
    await open()
    const r = await h.call('labs.get', { labId: 'no-such-lab' })
    expect(!r.ok && r.error.code).toBe('NOT_FOUND')
    const a = await h.call('labs.answer', { labId: 'latency-alarm-p99', answers: { nope: 0 } })
    expect(!a.ok && a.error.issues[0].path).toBe('answers.nope')
  })

  it('a new seed moves the incidents; the same seed gives the same numbers', async () => {
    await open()
    const runWith = async (seed: number) => {
      await ok('labs.start', { labId: 'latency-alarm-p99', seed })
      return ok<{ incidents: { id: string; start: number }[] }>('labs.run', { labId: 'latency-alarm-p99', stepId: 'pick-statistic', inputs: { statistic: 'p99' } })
    }
    const a = await runWith(11)
    const b = await runWith(12)
    const a2 = await runWith(11)
    expect(a2.incidents).toEqual(a.incidents)
    expect(b.incidents.map((i) => i.start)).not.toEqual(a.incidents.map((i) => i.start))
  })
})

describe('lab scoring and saving (direct handlers)', () => {
  let ctx: AppContext
  const open = (dataDir = mkdtempSync(join(tmpdir(), 'labs-score-'))): AppContext => (ctx = createAppContext({ host: 'browser', platform: 'test', dataDir }))
  afterEach(() => ctx?.close())
  const L = 'latency-alarm-p99'

  it('a failed check costs nothing, and hints opened after the first pass do not lower the step', async () => {
    const h = open().handlers
    for (let i = 0; i < 3; i++) await h['labs.check']({ labId: L, stepId: 'pick-statistic', inputs: { statistic: 'Average' } })
    const passed = await h['labs.check']({ labId: L, stepId: 'pick-statistic', inputs: { statistic: 'p99' } })
    expect(passed.progress.score.steps[0]).toEqual({ id: 'pick-statistic', outcome: 'solved', points: 1 })
    await h['labs.hint']({ labId: L, stepId: 'pick-statistic' })
    await h['labs.solution']({ labId: L, stepId: 'pick-statistic' })
    const failedAgain = await h['labs.check']({ labId: L, stepId: 'pick-statistic', inputs: { statistic: 'Average' } })
    expect(failedAgain.progress.score.steps[0]).toEqual({ id: 'pick-statistic', outcome: 'solved', points: 1 })
    expect(failedAgain.progress.state.steps['pick-statistic']).toMatchObject({ attempts: 5, passed: true, firstPass: { hintsShown: 0, solutionShown: false } })
  })

  it('a hint opened before the first pass makes it "solved with hints"', async () => {
    const h = open().handlers
    await h['labs.hint']({ labId: L, stepId: 'm-of-n' })
    const r = await h['labs.check']({ labId: L, stepId: 'm-of-n', inputs: { evaluationPeriods: 5, datapointsToAlarm: 3 } })
    expect(r.progress.score.steps[1]).toEqual({ id: 'm-of-n', outcome: 'solved-with-hints', points: 0.7 })
  })

  it('the checkpoint scores its first submission; later ones are graded for practice only', async () => {
    const h = open().handlers
    const first = await h['labs.answer']({ labId: L, answers: { 'statistic-for-slo': 0 } })
    expect(first.scored).toBe(true)
    expect(first.progress.score.questions.correct).toBe(0)
    const all = { 'statistic-for-slo': 1, 'm-of-n-meaning': 1, 'spike-not-incident': 2, 'after-the-page': [0, 1], 'key-latency-metrics': 1 }
    const second = await h['labs.answer']({ labId: L, answers: all })
    expect(second.scored).toBe(false)
    expect(second.questions.correct).toBe(5)
    expect(second.progress.score.questions.correct).toBe(0)
    expect(second.progress.state.answers).toEqual({ 'statistic-for-slo': 0 })
  })

  it('saves only the step\'s declared inputs, each within its bounds', async () => {
    const h = open().handlers
    await h['labs.run']({ labId: L, stepId: 'm-of-n', inputs: { evaluationPeriods: 4, datapointsToAlarm: 2 } })
    const r = await h['labs.check']({ labId: L, stepId: 'm-of-n', inputs: { evaluationPeriods: 99, datapointsToAlarm: 3, junk: 'x'.repeat(5000) } })
    expect(r.result.inputErrors.map((e) => e.path)).toEqual(['inputs.junk', 'inputs.evaluationPeriods'])
    // The refused value keeps the one saved before; the unknown key is dropped.
    expect(r.progress.state.steps['m-of-n'].inputs).toEqual({ evaluationPeriods: 4, datapointsToAlarm: 3 })
  })

  it('reads progress saved by the previous version (no firstPass) and scores it by what it had opened', async () => {
    const c = open()
    const time = new Date().toISOString()
    c.store.putLabProgress({
      labId: L,
      status: 'in_progress',
      seed: 20260105,
      currentStep: 1,
      score: null,
      startedAt: time,
      updatedAt: time,
      state: {
        steps: { 'pick-statistic': { attempts: 3, hintsShown: 1, solutionShown: false, passed: true, inputs: { statistic: 'p99' }, lastCheck: { passed: true, results: [{ check: 'statisticIs', pass: true, diagnostic: 'You alarm on p99.' }] } } },
        answers: {},
        questionsSubmitted: false
      }
    })
    const got = await c.handlers['labs.get']({ labId: L })
    expect(got.progress.state.steps['pick-statistic'].passed).toBe(true)
    expect(got.progress.score.steps[0]).toEqual({ id: 'pick-statistic', outcome: 'solved-with-hints', points: 0.7 })
    expect(got.progress.explanations['pick-statistic']).toMatch(/^A latency objective/)
  })

  it('opens a step in the sandbox as a saved world whose alarm shows the same states', async () => {
    const h = open().handlers
    const opened = await h['labs.openInSandbox']({ labId: L, stepId: 'm-of-n', inputs: { evaluationPeriods: 5, datapointsToAlarm: 3 } })
    // The lab and step titles together pass the store's 100 characters: the step's alone names it.
    expect(opened.name).toBe('Stop the lone spikes from paging: M of N (scenario 20260105)')
    const world = await h['sandbox.getWorld']({ worldId: opened.worldId })
    expect(world.seed).toBe('latency-alarm-p99.20260105')
    const alarms = await h['sandbox.describeAlarms']({ worldId: opened.worldId })
    const run = await h['labs.run']({ labId: L, stepId: 'm-of-n', inputs: { evaluationPeriods: 5, datapointsToAlarm: 3 } })
    if (run.kind !== 'alarm') throw new Error('expected an alarm run')
    const mine = alarms.alarms.find((a) => a.AlarmName === run.result.alarm.definition.AlarmName)!
    expect(mine.history.map((x) => [x.timestamp, x.newState])).toEqual(run.result.alarm.history.map((x) => [x.timestamp, x.newState]))
    const listed = await h['sandbox.listWorlds']({})
    expect(listed.worlds.map((w) => w.id)).toContain(opened.worldId)
  })
})

describe('lab progress view', () => {
  it('holds back the answer key until the questions are submitted, and keeps the latest check', async () => {
    const ctx = createAppContext({ host: 'browser', platform: 'test', dataDir: mkdtempSync(join(tmpdir(), 'labs-key-')) })
    try {
      const h = ctx.handlers
      const before = await h['labs.get']({ labId: 'latency-alarm-p99' })
      expect(before.progress.score.questions.results.every((q) => q.answer.length === 0 && q.explanation === '')).toBe(true)
      await h['labs.check']({ labId: 'latency-alarm-p99', stepId: 'pick-statistic', inputs: { statistic: 'Average' } })
      const mid = await h['labs.get']({ labId: 'latency-alarm-p99' })
      expect(mid.progress.status).toBe('in_progress')
      expect(mid.progress.state.steps['pick-statistic'].lastCheck?.passed).toBe(false)
      const answered = await h['labs.answer']({ labId: 'latency-alarm-p99', answers: {} })
      expect(answered.progress.score.questions.results.every((q) => q.answer.length > 0 && q.explanation.length > 0)).toBe(true)
    } finally {
      ctx.close()
    }
  })
})
