/**
 * The monitor.driftReport job on the built browser-mode host (out/main/web.js and worker.js, so
 * `electron-vite build` first; npm test runs it): its sequential chunks all run on the worker that
 * holds the report (a chunk on another worker would have no context and fail), and it ends with the
 * in-process report; a deploy.compare job runs beside it on every worker. The body limit: a drift
 * report of more than 16 MiB is accepted, any other request of that size is refused with 413 naming
 * the 16 MiB limit.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { runCsvDriftReport } from '../../src/main/sandbox/monitor'
import type { JobStatus } from '../../src/shared/contract/jobs'
import { postJson, startLabServer, type LabServer } from '../helpers/lab-server'

function csv(rows: number, shift: number, pad = ''): string {
  const lines = ['a,b,c,d']
  for (let i = 0; i < rows; i++) lines.push(`${((i * 37) % 1000) + shift},${(i * 11) % 97}.25,${i % 3 === 0 ? 'x' : 'y'},${pad}${i % 5}`)
  return lines.join('\n') + '\n'
}

describe('monitor.driftReport on the pool (needs `electron-vite build` first)', () => {
  let server: LabServer | null = null
  afterEach(async () => {
    await server?.stop()
    server = null
  })

  const until = async (jobId: string): Promise<JobStatus> => {
    for (;;) {
      await new Promise((r) => setTimeout(r, 50))
      const s = (await postJson(server!, 'jobs.get', { jobId })).body as unknown as JobStatus
      if (s.state !== 'running') return s
    }
  }

  it('runs its chunks in order on one worker, beside a parallel job, and ends with the in-process report', async () => {
    server = await startLabServer()
    // 180,000 and 170,000 rows: 4 + 4 row chunks of 50,000, then 4 features.
    const baseline = { name: 'b.csv', text: csv(180_000, 0) }
    const current = { name: 'c.csv', text: csv(170_000, 40) }
    const report = await postJson(server, 'jobs.start', { kind: 'monitor.driftReport', request: { baseline, current } })
    expect(report.status).toBe(200)
    const alarm = { AlarmName: 'e', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' }
    const compare = await postJson(server, 'jobs.start', {
      kind: 'deploy.compare',
      request: { seed: 1, releases: 1000, endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2 }, traffic: { requestsPerSecond: 10 }, defects: { probability: 0.3, errorRate: { min: 0.02, max: 0.3 } }, configurations: [{ name: 'in place', strategy: 'IN_PLACE', alarms: [alarm] }] }
    })
    expect(compare.status).toBe(200)
    const [r, c] = await Promise.all([until(report.body.jobId as string), until(compare.body.jobId as string)])
    expect(c.state).toBe('succeeded')
    expect(r.state).toBe('succeeded')
    expect(r.progress.done).toBe(r.progress.total)
    const value = r.result!.kind === 'monitor.driftReport' ? r.result!.value : null
    const expected = runCsvDriftReport(baseline.text, current.text, { histogramBins: 30 })
    expect(JSON.parse(JSON.stringify(value!.report))).toEqual(JSON.parse(JSON.stringify(expected)))
  })

  it('accepts a drift report over 16 MiB and refuses any other request that large, naming the limit', async () => {
    server = await startLabServer()
    // About 9 MiB each: 18 MiB of body in all.
    const big = csv(300_000, 0, 'xxxxxxxxxxxxxxxxxxxx')
    expect(big.length).toBeGreaterThan(8.5 * 2 ** 20)
    const ok = await postJson(server, 'jobs.start', { kind: 'monitor.driftReport', request: { baseline: { name: 'b.csv', text: big }, current: { name: 'c.csv', text: big } } })
    expect(ok.status).toBe(200)
    expect((await until(ok.body.jobId as string)).state).toBe('succeeded')
    const refused = await postJson(server, 'jobs.start', { kind: 'deploy.compare', request: { padding: big + big } })
    expect(refused.status).toBe(413)
    expect(refused.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Request body is larger than 16 MiB, the limit for a request other than a monitor.driftReport job.' })
    const other = await postJson(server, 'monitor.compareDistributions', { baseline: [big, big] })
    expect(other.status).toBe(413)
    expect(other.body.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: 'Request body is larger than 16 MiB, the limit for a request.' })
  })

  it('parses a body over 16 MiB in a worker: broken JSON there is a 400 naming the parse error, and the host keeps answering', async () => {
    server = await startLabServer()
    const big = JSON.stringify({ kind: 'monitor.driftReport', request: { baseline: { name: 'b.csv', text: csv(300_000, 0, 'xxxxxxxxxxxxxxxxxxxx') } } })
    expect(big.length).toBeGreaterThan(9 * 2 ** 20)
    // Cut off inside the second file's text: not JSON.
    const broken = big.slice(0, -40) + big.slice(0, 8 * 2 ** 20)
    const res = await fetch(`${server.origin}/api/jobs.start`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body: broken })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('BAD_REQUEST')
    expect(body.error.message).toMatch(/^Request body is not valid JSON: /)
    expect((await postJson(server, 'app.info', {})).status).toBe(200)
  })
})
