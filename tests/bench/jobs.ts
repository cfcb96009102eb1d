/**
 * The job mechanism's figure: `deploy.compare` (4 strategies × 10,000 releases) as a job on a pool of
 * two worker threads from the built app (out/main/worker.js, so `electron-vite build` first; run.ts
 * does it), started and polled the way the renderer does. Goal ≤ 1.5 s wall (issue #12).
 */
import { loadavg } from 'node:os'
import { resolve } from 'node:path'
import { ThreadPool } from '../../src/main/jobs/executor'
import { JobManager } from '../../src/main/jobs/manager'
import { COMPARE_BENCH_REQUEST } from './deploy'
import { report } from './util'

export async function runJobsBench(): Promise<void> {
  const pool = new ThreadPool(resolve(__dirname, '../../out/main/worker.js'), 2)
  const jobs = new JobManager(pool)
  try {
    const run = async (request: typeof COMPARE_BENCH_REQUEST): Promise<{ wall: number; polls: number; firstProgress: number }> => {
      const t0 = performance.now()
      const { jobId } = jobs.start({ kind: 'deploy.compare', request } as never)
      let polls = 0
      let firstProgress = NaN
      for (;;) {
        await new Promise((r) => setTimeout(r, 20))
        polls++
        const status = jobs.get(jobId)
        if (Number.isNaN(firstProgress) && status.progress.done > 0) firstProgress = performance.now() - t0
        if (status.state === 'succeeded') return { wall: performance.now() - t0, polls, firstProgress }
        if (status.state !== 'running' && status.state !== 'queued') throw new Error(`deploy.compare job ended ${status.state}: ${JSON.stringify(status.error)}`)
      }
    }
    // The pool's own warm-up (jobs/kinds.ts) has the workers' JIT ready by the time a learner has
    // opened the Compare view (the host starts the pool with the app). The first job is measured after it.
    const started = performance.now()
    await pool.ready()
    const readyMs = performance.now() - started
    const cold = await run({ ...COMPARE_BENCH_REQUEST, seed: 2 })
    const warm = await run(COMPARE_BENCH_REQUEST)
    report('deploy.compare 4 × 10,000 releases as a job, two pool workers', `${(warm.wall / 1000).toFixed(2)} s`, 'goal ≤ 1.5 s', `pool started and warmed in ${readyMs.toFixed(0)} ms; then the first job ${(cold.wall / 1000).toFixed(2)} s, its first progress after ${cold.firstProgress.toFixed(0)} ms (goal ≤ 200 ms); progress read ${warm.polls} times; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`)
  } finally {
    await pool.close()
  }
}
