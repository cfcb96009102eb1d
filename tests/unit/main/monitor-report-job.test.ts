/**
 * The monitor.driftReport job (src/main/jobs/kinds.ts, sandbox/monitor/report-job.ts) through the
 * job manager on the in-process executor: its chunks follow the rows and then the features, run in
 * order, and end with the report the one-pass `runCsvDriftReport` gives; a cancel stops it between
 * two chunks; a broken row fails it naming the file and the line; a numeric column with text is a
 * data_type_check finding, not a failure.
 *
 * Reference values (scipy 1.x), for the fixtures tests/fixtures/monitor/{baseline,current}-small.csv
 * (x = 1..20 against 11..30; y the same 20 values but the first current row "n/a"):
 *   python3 -c "from scipy.stats import ks_2samp; print(ks_2samp(range(1,21), range(11,31)))"
 *     → statistic 0.5, pvalue 0.012298612583953778
 *   python3 -c "from scipy.stats import ks_2samp; y=[(i*7%20)/2 for i in range(1,21)]; print(ks_2samp(y, y[1:]))"
 *     → statistic 0.031578947368421054 (= 1/20 − 1/19 + …, one value left out), pvalue 1.0
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { InlineExecutor } from '../../../src/main/jobs/executor'
import { JobManager } from '../../../src/main/jobs/manager'
import { JobStartSchema, type JobStatus } from '../../../src/shared/contract/jobs'
import { DriftReportRun, planDriftReport, runCsvDriftReport, exampleCsvPair, numericHistogram, categoricalHistogram } from '../../../src/main/sandbox/monitor'
import { LabError } from '../../../src/shared/errors'

const dir = join(__dirname, '../../fixtures/monitor')
const baseline = { name: 'baseline-small.csv', text: readFileSync(join(dir, 'baseline-small.csv'), 'utf8') }
const current = { name: 'current-small.csv', text: readFileSync(join(dir, 'current-small.csv'), 'utf8') }

async function until(jobs: JobManager, jobId: string, seen: JobStatus[] = []): Promise<JobStatus[]> {
  for (;;) {
    const s = jobs.get(jobId)
    seen.push(s)
    if (s.state !== 'running' && s.state !== 'queued') return seen
    await new Promise((r) => setImmediate(r))
  }
}

function bigCsv(rows: number, shift: number): string {
  const lines = ['a,b,c']
  for (let i = 0; i < rows; i++) lines.push(`${(i * 37) % 1000 + shift},${(i * 11) % 97},${i % 3 === 0 ? 'x' : 'y'}`)
  return lines.join('\n') + '\n'
}

describe('monitor.driftReport plan', () => {
  it('cuts the rows of each file into chunks, then three per feature (two sorts, the statistics), the last running to the end', () => {
    const plan = planDriftReport({ baseline: { name: 'b.csv', text: bigCsv(120, 0) }, current: { name: 'c.csv', text: bigCsv(50, 0) } }, 50)
    // 120 rows → 50, 100, 120; 50 rows → 50; 3 header fields → 3 steps each, the last one the end.
    const steps = (f: number) => [0.3, 0.6, 1].map((share) => ({ stage: 2, feature: f, share }))
    expect(plan.chunks).toEqual([{ stage: 0, rows: 50 }, { stage: 0, rows: 100 }, { stage: 0, rows: 120 }, { stage: 1, rows: 50 }, ...steps(0), ...steps(1), ...steps(2).slice(0, 2), { stage: 3 }])
    expect(plan.units.slice(0, 4)).toEqual([50, 50, 20, 50])
    expect(plan.labels[1]).toBe('b.csv: 100 of about 120 rows read')
    expect(plan.labels[4]).toBe('feature 1 of 3: baseline sorted')
    expect(plan.labels[12]).toBe('3 of 3 features compared')
  })

  it('refuses an override naming the field: a p-value threshold above 1, a feature given twice', () => {
    const req = { baseline, current, overrides: [{ feature: 'x', method: 'ks' as const, threshold: 2 }] }
    expect(() => planDriftReport(req)).toThrow(/overrides\[0\]\.threshold: ks compares a p-value/)
    expect(() => planDriftReport({ baseline, current, overrides: [{ feature: 'x' }, { feature: 'x', threshold: 0.2 }] })).toThrow(/overrides\[1\]\.feature/)
  })

  it('refuses a baseline of more than 500 columns before any work, naming the limit', () => {
    const header = Array.from({ length: 501 }, (_, i) => `c${i}`).join(',')
    const wide = { name: 'wide.csv', text: `${header}\n${Array(501).fill(1).join(',')}\n` }
    expect(() => planDriftReport({ baseline: wide, current: wide })).toThrow('baseline.text: a report compares at most 500 columns; wide.csv has 501.')
  })

  it('the contract caps each file and the overrides', () => {
    const r = JobStartSchema.safeParse({ kind: 'monitor.driftReport', request: { baseline, current, overrides: [{ feature: 'x', method: 'median' }] } })
    expect(r.success).toBe(false)
    expect(r.error!.issues[0].path).toEqual(['request', 'overrides', 0, 'method'])
  })
})

describe('monitor.driftReport chunks', () => {
  it('each chunk ends where it says, and the chunked run gives the one-pass report', () => {
    const request = { baseline: { name: 'b.csv', text: bigCsv(120, 0) }, current: { name: 'c.csv', text: bigCsv(130, 200) } }
    const plan = planDriftReport(request, 50)
    const run = new DriftReportRun(request, 50)
    const parts = plan.chunks.map((c) => run.advance(c))
    expect(parts.slice(0, -1).every((p) => p === null)).toBe(true)
    const oneShot = runCsvDriftReport(request.baseline.text, request.current.text, { chunkRows: 50, histogramBins: 30 })
    expect(parts[parts.length - 1]).toEqual(oneShot)
  })
})

describe('monitor.driftReport as a job', () => {
  it('reports steady progress and ends with the report: x drifts (KS as scipy), y has a data_type_check finding', async () => {
    const jobs = new JobManager(new InlineExecutor())
    const { jobId } = jobs.start({ kind: 'monitor.driftReport', request: { baseline, current } })
    const seen = await until(jobs, jobId)
    const last = seen[seen.length - 1]
    expect(last.state).toBe('succeeded')
    // 20 + 20 rows in one chunk each, then 3 features of 3 steps at weight 1 each.
    expect(last.progress).toEqual({ done: 49, total: 49, message: 'Done: 3 of 3 features compared' })
    const messages = seen.map((s) => s.progress.message)
    expect(messages).toContain('Running: current-small.csv: 20 of about 20 rows read')
    const dones = seen.map((s) => s.progress.done)
    expect(dones).toEqual([...dones].sort((a, b) => a - b))
    const value = last.result!.kind === 'monitor.driftReport' ? last.result!.value : null
    const [x, y, plan] = value!.report.features
    expect(x.comparison!.ks!.statistic).toBe(0.5)
    expect(x.comparison!.ks!.pValue).toBeCloseTo(0.012298612583953778, 12)
    expect(x.comparison!.auto).toEqual({ method: 'ks', value: x.comparison!.ks!.pValue, threshold: 0.05, drift: true })
    expect(y.current).toEqual({ rows: 20, present: 20, missing: 0, mismatched: 1 })
    expect(y.comparison!.ks!.statistic).toBeCloseTo(0.031578947368421054, 15)
    expect(y.comparison!.auto.drift).toBe(false)
    expect(plan.comparison!.auto.drift).toBe(false)
    expect(value!.findings).toEqual([{ feature: 'y', check: 'data_type_check', description: '1 of 20 current values of the Fractional feature "y" are not numbers; they are left out of the comparison.' }])
    // Charts: the integers 1..30 (both files) one bin each, edges at 0.5, 1.5, …, 30.5; the baseline
    // (1..20) holds 1/20 in each of the first 20 bins, the current file (11..30) in the last 20.
    expect(x.histogram!.edges).toEqual(Array.from({ length: 31 }, (_, i) => i + 0.5))
    expect(x.histogram!.baseline).toEqual([...Array(20).fill(0.05), ...Array(10).fill(0)])
    expect(x.histogram!.current).toEqual([...Array(10).fill(0), ...Array(20).fill(0.05)])
    // y (Fractional, 0 to 9.5): 30 equal bins of width 9.5/30.
    expect(y.histogram!.edges).toHaveLength(31)
    expect(y.histogram!.edges![0]).toBe(0)
    expect(y.histogram!.edges![30]).toBe(9.5)
    expect(y.histogram!.baseline.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
    expect(plan.histogram).toEqual({ kind: 'categorical', labels: ['a', 'b'], baseline: [0.5, 0.5], current: [0.5, 0.5] })
    // The exports are in the result.
    expect(value!.csv.split('\r\n')[0]).toMatch(/^feature,inferred_type,/)
    expect(value!.html).toContain('<title>Drift report: current-small.csv against baseline-small.csv</title>')
  })

  it('an override replaces the automatic test of one feature', async () => {
    const jobs = new JobManager(new InlineExecutor())
    const { jobId } = jobs.start({ kind: 'monitor.driftReport', request: { baseline, current, overrides: [{ feature: 'x', method: 'wasserstein', threshold: 0.5 }] } })
    const last = (await until(jobs, jobId)).pop()!
    const x = last.result!.kind === 'monitor.driftReport' ? last.result!.value.report.features[0] : null
    // Wasserstein between 1..20 and 11..30 is 10 (every value moved by 10); normed by the baseline's
    // population std sqrt((20² − 1)/12) = 5.766281297335398: 10 / 5.766281297335398 = 1.734219...
    expect(x!.comparison!.auto.method).toBe('wasserstein')
    expect(x!.comparison!.auto.threshold).toBe(0.5)
    expect(x!.comparison!.auto.value).toBeCloseTo(10 / Math.sqrt((400 - 1) / 12), 12)
  })

  it('a broken row fails the job naming the file and its line', async () => {
    const jobs = new JobManager(new InlineExecutor())
    const broken = { name: 'current-broken.csv', text: 'x,y,plan\n1,2,a\n3,4\n' }
    const { jobId } = jobs.start({ kind: 'monitor.driftReport', request: { baseline, current: broken } })
    const last = (await until(jobs, jobId)).pop()!
    expect(last.state).toBe('failed')
    expect(last.error).toEqual({
      code: 'VALIDATION',
      message: 'current.text: current-broken.csv: line 3: expected 3 fields as in the header, found 2',
      issues: [{ path: 'current.text', message: 'current-broken.csv: line 3: expected 3 fields as in the header, found 2' }]
    })
  })

  it('an override that does not fit its feature fails the job naming the override', async () => {
    const jobs = new JobManager(new InlineExecutor())
    // The z-test compares two proportions: plan has 2 categories, x has 20 distinct values.
    const { jobId } = jobs.start({ kind: 'monitor.driftReport', request: { baseline, current, overrides: [{ feature: 'plan', method: 'z' }, { feature: 'x', method: 'z' }] } })
    const last = (await until(jobs, jobId)).pop()!
    expect(last.state).toBe('failed')
    expect(last.error!.issues).toHaveLength(1)
    expect(last.error!.issues[0].path).toBe('overrides[1].method')
    expect(last.error!.issues[0].message).toMatch(/^x: the z-test compares two proportions, so it needs at most 2 distinct values; this feature has more than 5$/)
  })

  it('a cancel stops it between two chunks', async () => {
    const jobs = new JobManager(new InlineExecutor())
    const request = { baseline: { name: 'b.csv', text: bigCsv(200_000, 0) }, current: { name: 'c.csv', text: bigCsv(200_000, 5) } }
    const { jobId } = jobs.start({ kind: 'monitor.driftReport', request })
    const total = jobs.get(jobId).progress.total
    await new Promise((r) => setImmediate(r))
    await new Promise((r) => setImmediate(r))
    expect(jobs.cancel(jobId)).toEqual({ state: 'cancelled' })
    await new Promise((r) => setTimeout(r, 20))
    const s = jobs.get(jobId)
    expect(s.state).toBe('cancelled')
    expect(s.progress.done).toBeLessThan(total)
    expect(s.result).toBeNull()
  })
})

describe('the report charts', () => {
  it('bins a wide integer range by whole integers: 0..99 in 30 bins is 25 bins of 4 integers', () => {
    const b = Float64Array.from({ length: 100 }, (_, i) => i)
    const c = Float64Array.from({ length: 50 }, (_, i) => i * 2)
    const h = numericHistogram(b, c, 30, true)
    // width = ceil(100 / 30) = 4, bins = ceil(100 / 4) = 25, edges −0.5, 3.5, …, 99.5.
    expect(h.edges).toEqual(Array.from({ length: 26 }, (_, i) => 4 * i - 0.5))
    expect(h.baseline).toEqual(Array(25).fill(0.04))
    // The even numbers 0..98: two in each bin of four integers, 2/50 = 0.04.
    expect(h.current).toEqual(Array(25).fill(0.04))
  })

  it('bins decimals over the shared range, the last bin closed', () => {
    const h = numericHistogram(Float64Array.from([0, 0.5, 1]), Float64Array.from([1, 2]), 4)
    // Width (2 − 0) / 4 = 0.5: [0, 0.5) [0.5, 1) [1, 1.5) [1.5, 2].
    expect(h.edges).toEqual([0, 0.5, 1, 1.5, 2])
    expect(h.baseline).toEqual([1 / 3, 1 / 3, 1 / 3, 0])
    expect(h.current).toEqual([0, 0, 0.5, 0.5])
  })

  it('keeps the 20 most frequent categories of both sides and sums the rest as (other)', () => {
    const b = new Map(Array.from({ length: 22 }, (_, i) => [`k${String(i).padStart(2, '0')}`, 22 - i] as [string, number]))
    const nb = [...b.values()].reduce((a, x) => a + x, 0)
    const h = categoricalHistogram(b, nb, new Map([['k00', 1]]), 1)
    expect(h.labels).toHaveLength(21)
    expect(h.labels![20]).toBe('(other)')
    // k20 and k21 (counts 2 and 1 of 253) are the rest.
    expect(h.baseline[20]).toBeCloseTo(3 / 253, 12)
    expect(h.current).toEqual([1, ...Array(20).fill(0)])
  })
})

describe('the example pair', () => {
  it('is seeded, and data drift moves only the first numeric feature', () => {
    const a = exampleCsvPair({ scenario: 'recommender-ctr', change: 'dataDrift', rows: 2000, seed: 7 })
    expect(exampleCsvPair({ scenario: 'recommender-ctr', change: 'dataDrift', rows: 2000, seed: 7 })).toEqual(a)
    expect(a.baseline.text.split('\n')[0]).toBe('user_age,session_minutes,items_viewed,device')
    const report = runCsvDriftReport(a.baseline.text, a.current.text)
    expect(report.features.map((f) => [f.name, f.comparison!.auto.drift])).toEqual([
      ['user_age', true],
      ['session_minutes', false],
      ['items_viewed', false],
      ['device', false]
    ])
  })

  it('refuses rows out of range naming the field', () => {
    expect(() => exampleCsvPair({ scenario: 'fraud', change: 'none', rows: 5, seed: 1 })).toThrow(LabError)
    expect(() => exampleCsvPair({ scenario: 'fraud', change: 'none', rows: 5, seed: 1 })).toThrow(/^rows: /)
  })
})
