import { describe, expect, it } from 'vitest'
import { channelHarness } from '../helpers/channels'
import { REF, expectClose } from '../unit/sandbox/monitor/reference'

describe.each(['ipc', 'http'] as const)('monitor channels over %s', (kind) => {
  const h = channelHarness(kind, 'monitor-')
  const { open, ok } = h

  it('compares two numeric samples with every statistic scipy gives (first reference case)', async () => {
    await open()
    const c = REF.drift[0]
    const r = await ok<{ ks: { statistic: number; pValue: number }; psi: number; auto: { method: string; drift: boolean }; chiSquare?: unknown }>(
      'monitor.compareDistributions',
      { baseline: c.baseline, current: c.current }
    )
    expect(r.ks.statistic).toBe(c.expected.ks.statistic)
    expectClose(r.ks.pValue, c.expected.ks.pValue, 1e-9, 1e-300, 'ks.pValue')
    expectClose(r.psi, c.expected.psi, 1e-10, 1e-14, 'psi')
    expect(r.auto.method).toBe('ks')
    expect(r.chiSquare).toBeUndefined()
  })

  it('compares two categorical samples and honours an overridden test and threshold', async () => {
    await open()
    const r = await ok<{ chiSquare: { pValue: number }; ks?: unknown; wasserstein?: unknown; auto: { method: string; threshold: number } }>(
      'monitor.compareDistributions',
      { baseline: ['a', 'a', 'b', 'c'], current: ['a', 'b', 'b', 'c', 'c'], method: 'psi', threshold: 0.25 }
    )
    expect(r.ks).toBeUndefined()
    expect(r.wasserstein).toBeUndefined()
    expect(r.auto).toMatchObject({ method: 'psi', threshold: 0.25 })
    expect(r.chiSquare.pValue).toBeGreaterThan(0)
  })

  it('reports model quality with AWS metric names and "NaN" standard deviations below 200 rows', async () => {
    await open()
    const r = await ok<Record<string, { value: number | string; standard_deviation: number | string }> & { confusion_matrix: unknown }>(
      'monitor.modelQuality',
      { problemType: 'BinaryClassification', labels: [0, 0, 0, 1], predictions: [0, 1, 1, 1] }
    )
    expect(r.confusion_matrix).toEqual({ '0': { '0': 1, '1': 2 }, '1': { '0': 0, '1': 1 } })
    expect(r.precision_best_constant_classifier).toEqual({ value: 0.25, standard_deviation: 'NaN' })
    expect(r.true_negative_rate.value).toBe(0.33333333333333337)
  })

  it('refuses bad input with the field named, the same way on both transports', async () => {
    await open()
    const cases: [string, unknown, string][] = [
      ['monitor.compareDistributions', { baseline: [], current: [1] }, 'baseline'],
      ['monitor.compareDistributions', { baseline: [1, 2], current: ['a'] }, 'current'],
      ['monitor.compareDistributions', { baseline: [1, 'a'], current: [1] }, 'baseline'],
      ['monitor.compareDistributions', { baseline: ['a'], current: ['b'], method: 'ks' }, 'method'],
      ['monitor.modelQuality', { problemType: 'Regression', labels: [1, 2, 3], predictions: [1, 2] }, 'predictions'],
      ['monitor.modelQuality', { problemType: 'BinaryClassification', labels: [0, 1], predictions: [0, 1], probabilities: [0.5, 1.5] }, 'probabilities[1]'],
      ['monitor.modelQuality', { problemType: 'Ranking', labels: [1], predictions: [1] }, 'problemType']
    ]
    for (const [channel, req, path] of cases) {
      const r = await h.call(channel, req)
      expect(r.ok, `${channel} ${JSON.stringify(req)}`).toBe(false)
      if (r.ok) continue
      expect(r.error.code).toBe('VALIDATION')
      expect(r.error.issues[0].path).toBe(path)
      if (kind === 'http') expect(r.status).toBe(400)
    }
  })

  it('refuses a sample over the 1,000,000-value cap', async () => {
    await open()
    const r = await h.call('monitor.compareDistributions', { baseline: new Array(1_000_001).fill(1), current: [1] })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.issues[0].path).toBe('baseline')
  })
})
