/**
 * The Monitoring store against a fake host: a drift report job starts with both files (and the
 * learner's per-feature overrides), is polled until it ends, keeps the result and picks the first
 * drifted feature; a failed job shows its field issues; a cancel goes to the job it runs; the example
 * pair fills both files; pasted samples are parsed to numbers or categories for
 * monitor.compareDistributions, with the override of test and threshold.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import type { Res } from '@shared/contract'
import { createMonitoringState, parseSample } from '@/features/monitoring/monitoring-store'
import { FakeClient } from '../fake-client'

type Status = Res<'jobs.get'>

const feature = (name: string, drift: boolean) => ({
  name,
  inferred_type: 'Integral' as const,
  baseline: { rows: 20, present: 20, missing: 0, mismatched: 0 },
  current: { rows: 20, present: 20, missing: 0, mismatched: 0 },
  comparison: { linfSimple: 0.5, linfRobust: 0.57, psi: 1, jensenShannon: 0.5, auto: { method: 'ks' as const, value: drift ? 0.01 : 0.9, threshold: 0.05, drift } }
})
const value = {
  baselineFile: 'b.csv',
  currentFile: 'c.csv',
  report: { baselineRows: 20, currentRows: 20, features: [feature('age', false), feature('income', true)], missingColumns: [], extraColumns: [] },
  findings: [],
  csv: 'feature\r\n',
  html: '<!doctype html>'
}
const status = (state: Status['state'], done: number, extra: Partial<Status> = {}): Status => ({
  jobId: 'job-1',
  kind: 'monitor.driftReport',
  state,
  progress: { done, total: 100, message: `Running: ${done}` },
  startedAt: 0,
  finishedAt: state === 'running' ? null : 1,
  workers: 2,
  error: null,
  result: null,
  ...extra
})

let api: FakeClient
beforeEach(() => {
  api = new FakeClient()
})

const files = { b: { name: 'b.csv', text: 'x\n1\n' }, c: { name: 'c.csv', text: 'x\n2\n' } }

describe('monitoring store: bring your own data', () => {
  it('starts one job with both files and the overrides, polls until it succeeds, and selects the first drifted feature', async () => {
    const answers = [status('running', 40), status('succeeded', 100, { result: { kind: 'monitor.driftReport', value } })]
    api.on('jobs.start', () => ({ jobId: 'job-1' })).on('jobs.get', () => answers.shift()!)
    const state = createMonitoringState(api, async () => undefined)
    state.setFile('baseline', files.b)
    state.setFile('current', files.c)
    state.setOverride('age', { method: 'psi', threshold: 0.2 })
    state.setOverride('income', { threshold: undefined })
    await state.run()
    expect(api.requests('jobs.start')).toEqual([{ kind: 'monitor.driftReport', request: { baseline: files.b, current: files.c, overrides: [{ feature: 'age', method: 'psi', threshold: 0.2 }] } }])
    expect(api.requests('jobs.get')).toHaveLength(2)
    expect(state.result.value).toEqual(value)
    expect(state.selected.value).toBe('income')
    expect(state.drifted.value).toEqual(['income'])
    expect(state.running.value).toBe(false)
  })

  it('refuses a file over the contract\'s 128 Mi characters before sending anything, naming the field', async () => {
    const state = createMonitoringState(api, async () => undefined)
    state.setFile('current', { name: 'huge.csv', text: 'x'.repeat(128 * 1024 * 1024 + 1) })
    expect(state.current.value).toBeNull()
    expect(state.error.value!.issues).toEqual([{ path: 'current.text', message: 'huge.csv has 134,217,729 characters; a file may have at most 134,217,728 characters.' }])
    expect(api.sent).toEqual([])
  })

  it('does not start without both files', async () => {
    const state = createMonitoringState(api, async () => undefined)
    state.setFile('baseline', files.b)
    await state.run()
    expect(api.sent).toEqual([])
    expect(state.canRun.value).toBe(false)
  })

  it("shows a failed job's error with its field (a broken row's file and line)", async () => {
    const error = { code: 'VALIDATION' as const, message: 'current.text: c.csv: line 3: expected 1 fields as in the header, found 2', issues: [{ path: 'current.text', message: 'c.csv: line 3: expected 1 fields as in the header, found 2' }] }
    api.on('jobs.start', () => ({ jobId: 'job-1' })).on('jobs.get', () => status('failed', 10, { error }))
    const state = createMonitoringState(api, async () => undefined)
    state.setFile('baseline', files.b)
    state.setFile('current', files.c)
    await state.run()
    expect(state.error.value).toEqual({ message: error.message, issues: error.issues })
    expect(state.result.value).toBeNull()
  })

  it('a refusal at jobs.start (a file too large) is shown and nothing is polled', async () => {
    api.refuse('jobs.start', { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is larger than 288 MiB, the limit for a monitor.driftReport job.', issues: [{ path: '', message: 'at most 301989888 bytes' }] })
    const state = createMonitoringState(api, async () => undefined)
    state.setFile('baseline', files.b)
    state.setFile('current', files.c)
    await state.run()
    expect(state.error.value?.message).toMatch(/288 MiB/)
    expect(api.requests('jobs.get')).toEqual([])
  })

  it('cancels the job it runs', async () => {
    let polls = 0
    api
      .on('jobs.start', () => ({ jobId: 'job-1' }))
      .on('jobs.get', () => (++polls < 3 ? status('running', polls * 10) : status('cancelled', 20)))
      .on('jobs.cancel', () => ({ state: 'cancelled' }))
    const state = createMonitoringState(api, async () => {
      if (polls === 1) await state.cancel()
    })
    state.setFile('baseline', files.b)
    state.setFile('current', files.c)
    await state.run()
    expect(api.requests('jobs.cancel')).toEqual([{ jobId: 'job-1' }])
    expect(state.status.value?.state).toBe('cancelled')
    expect(state.result.value).toBeNull()
  })

  it('loads the example pair into both files', async () => {
    api.on('monitor.exampleCsv', (req) => ({ baseline: { name: `${req.scenario}-b.csv`, text: 'a\n1\n' }, current: { name: `${req.scenario}-c.csv`, text: 'a\n2\n' }, description: 'two files' }))
    const state = createMonitoringState(api, async () => undefined)
    state.example.value = { scenario: 'fraud', change: 'typeChange', rows: 100, seed: 4 }
    await state.loadExample()
    expect(api.requests('monitor.exampleCsv')).toEqual([{ scenario: 'fraud', change: 'typeChange', rows: 100, seed: 4 }])
    expect(state.baseline.value?.name).toBe('fraud-b.csv')
    expect(state.current.value?.name).toBe('fraud-c.csv')
    expect(state.exampleDescription.value).toBe('two files')
  })
})

describe('monitoring store: compare two samples', () => {
  it('parses pasted numbers and categories', () => {
    expect(parseSample('1, 2.5\n-3e2\t.5')).toEqual([1, 2.5, -300, 0.5])
    expect(parseSample('a b, a')).toEqual(['a', 'b', 'a'])
    // One token that is not a number makes every token a category.
    expect(parseSample('1 2 n/a')).toEqual(['1', '2', 'n/a'])
  })

  it('sends both samples with the override and keeps the answer', async () => {
    const answer = { ks: { statistic: 0.5, pValue: 0.0123 }, linfSimple: 0.5, linfRobust: 0.57, psi: 3, jensenShannon: 0.6, auto: { method: 'psi' as const, value: 3, threshold: 0.2, drift: true } }
    api.on('monitor.compareDistributions', () => answer)
    const state = createMonitoringState(api, async () => undefined)
    state.sampleA.value = '1 2 3'
    state.sampleB.value = '4 5 6'
    state.compareMethod.value = 'psi'
    state.compareThreshold.value = 0.2
    await state.compare()
    expect(api.requests('monitor.compareDistributions')).toEqual([{ baseline: [1, 2, 3], current: [4, 5, 6], method: 'psi', threshold: 0.2 }])
    expect(state.comparison.value).toEqual(answer)
  })

  it('shows a refusal naming the field and drops the previous answer', async () => {
    api.refuse('monitor.compareDistributions', { code: 'VALIDATION', message: 'baseline: must not be empty', issues: [{ path: 'baseline', message: 'must not be empty' }] })
    const state = createMonitoringState(api, async () => undefined)
    await state.compare()
    expect(api.requests('monitor.compareDistributions')).toEqual([{ baseline: [], current: [] }])
    expect(state.compareError.value).toEqual({ message: 'baseline: must not be empty', issues: [{ path: 'baseline', message: 'must not be empty' }] })
    expect(state.comparison.value).toBeNull()
  })
})
