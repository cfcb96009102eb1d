/**
 * The bring-your-own-data channels over both transports: monitor.exampleCsv answers a seeded pair
 * (the same request, the same files) and refuses a row count out of range naming `rows`;
 * monitor.simplifications lists the kernel's MONITOR_SIMPLIFICATIONS; a drift report job over the
 * example pair flags the shifted feature only.
 */
import { describe, expect, it } from 'vitest'
import { MONITOR_SIMPLIFICATIONS } from '../../src/main/sandbox/monitor'
import type { JobStatus } from '../../src/shared/contract/jobs'
import { channelHarness } from '../helpers/channels'

describe.each(['ipc', 'http'] as const)('bring-your-own-data channels over %s', (kind) => {
  const h = channelHarness(kind, 'monitor-byod-')
  const { open, ok } = h

  it('an example pair is seeded, and a job over it flags the shifted feature only', async () => {
    await open()
    const req = { scenario: 'fraud', change: 'dataDrift', rows: 2000, seed: 3 }
    const pair = await ok<{ baseline: { name: string; text: string }; current: { name: string; text: string }; description: string }>('monitor.exampleCsv', req)
    expect(await ok('monitor.exampleCsv', req)).toEqual(pair)
    expect(pair.baseline.name).toBe('fraud-seed3-baseline.csv')
    expect(pair.current.text.split('\n')[0]).toBe('amount_usd,account_age_days,merchant_risk,channel')
    expect(pair.description).toContain('amount_usd shifted by one standard deviation')
    const { jobId } = await ok<{ jobId: string }>('jobs.start', { kind: 'monitor.driftReport', request: { baseline: pair.baseline, current: pair.current } })
    let s: JobStatus
    do {
      await new Promise((r) => setTimeout(r, 5))
      s = await ok<JobStatus>('jobs.get', { jobId })
    } while (s.state === 'running')
    expect(s.state).toBe('succeeded')
    const value = s.result!.kind === 'monitor.driftReport' ? s.result!.value : null
    expect(value!.report.features.map((f) => [f.name, f.comparison!.auto.drift])).toEqual([
      ['amount_usd', true],
      ['account_age_days', false],
      ['merchant_risk', false],
      ['channel', false]
    ])
  })

  it('refuses rows out of range and an unknown change, naming the field', async () => {
    await open()
    const rows = await h.call('monitor.exampleCsv', { scenario: 'fraud', change: 'none', rows: 20_001, seed: 1 })
    expect(rows.ok).toBe(false)
    if (!rows.ok) expect(rows.error.issues[0].path).toBe('rows')
    const change = await h.call('monitor.exampleCsv', { scenario: 'fraud', change: 'labelShift', rows: 100, seed: 1 })
    expect(change.ok).toBe(false)
    if (!change.ok) expect(change.error.issues[0].path).toBe('change')
  })

  it('lists the monitor simplifications', async () => {
    await open()
    expect(await ok('monitor.simplifications', {})).toEqual({ simplifications: [...MONITOR_SIMPLIFICATIONS] })
  })
})
