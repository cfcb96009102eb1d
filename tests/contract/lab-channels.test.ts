import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createAppContext, type AppContext } from '../../src/main/api/app-context'
import type { LabProgressView } from '../../src/shared/contract/labs'
import { httpTransport, ipcTransport, type Transport } from '../helpers/transports'

describe.each(['ipc', 'http'] as const)('lab channels over %s', (kind) => {
  let ctx: AppContext
  let t: Transport

  async function open(dataDir = mkdtempSync(join(tmpdir(), 'labs-'))): Promise<Transport> {
    ctx = createAppContext({ host: 'browser', platform: 'test', dataDir })
    t = kind === 'ipc' ? ipcTransport(ctx.handlers) : await httpTransport(ctx.handlers)
    return t
  }

  afterEach(async () => {
    await t?.close()
    ctx?.close()
  })

  async function ok<T>(channel: string, req: unknown): Promise<T> {
    const r = await t.call(channel, req)
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`)
    return r.data as T
  }

  it('lists the shipped labs with coverage of Domain 4 and no load errors', async () => {
    await open()
    const list = await ok<{ labs: { id: string; status: string }[]; errors: unknown[]; coverage: { examItem: string }[] }>('labs.list', {})
    expect(list.labs.map((l) => l.id).sort()).toEqual(['composite-and-cloudtrail', 'errors-missing-data', 'latency-alarm-p99'])
    expect(list.labs.every((l) => l.status === 'not_started')).toBe(true)
    expect(list.errors).toEqual([])
    expect(list.coverage.map((c) => c.examItem)).toContain('4.2.S1')
  })

  it('runs a step, grades a wrong and a right answer, and keeps progress across a restart', async () => {
    await open()
    const run = await ok<{ alarm: { statistic: string; timestamps: number[] } }>('labs.run', {
      labId: 'latency-alarm-p99',
      stepId: 'pick-statistic',
      inputs: { statistic: 'Average' }
    })
    expect(run.alarm.statistic).toBe('Average')
    // One week of one-minute periods.
    expect(run.alarm.timestamps).toHaveLength(7 * 1440)

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
    expect(right.progress.state.steps['pick-statistic']).toMatchObject({ attempts: 2, hintsShown: 1, passed: true })

    // Close and reopen on the same data folder: the step is still passed, the hint still shown.
    const { dataDir } = await ok<{ dataDir: string }>('app.info', {})
    await t.close()
    ctx.close()
    await open(dataDir)
    const again = await ok<{ progress: LabProgressView }>('labs.get', { labId: 'latency-alarm-p99' })
    expect(again.progress.state.steps['pick-statistic'].passed).toBe(true)
    expect(again.progress.hints['pick-statistic']).toEqual([hint.text])
    expect(again.progress.score.status).toBe('in_progress')
  })

  it('a value outside the step options is refused naming the input', async () => {
    await open()
    const r = await t.call('labs.run', { labId: 'latency-alarm-p99', stepId: 'pick-statistic', inputs: { statistic: 'Median' } })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.issues[0].path).toBe('inputs.statistic')
  })

  it('an unknown lab and a nonexistent answer choice are refused', async () => {
    await open()
    const r = await t.call('labs.get', { labId: 'no-such-lab' })
    expect(!r.ok && r.error.code).toBe('NOT_FOUND')
    const a = await t.call('labs.answer', { labId: 'latency-alarm-p99', answers: { nope: 0 } })
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
