/**
 * `npm run bench`: the figures the issues ask for, measured here rather than in timed unit tests.
 * Run bundled, by `npm run bench` (tests/bench/bundle.ts), after `electron-vite build` (this script does it). `--only foundation|sandbox|labs|cost|monitor|reliability|deploy|billing` narrows it.
 */
import { execSync } from 'node:child_process'
import { resolve } from 'node:path'
import { runFoundationBench } from './foundation'
import { runChild, runSandboxBench } from './sandbox'
import { runLabsBench } from './labs'
import { runCostBench } from './cost'
import { runMonitorBench, runMonitorCsvBench, runMonitorJobBench, runMonitorScheduleBench } from './monitor'
import { runReliabilityBench } from './reliability'
import { runDeployBench } from './deploy'
import { runJobsBench } from './jobs'
import { compareUiInPage } from './compare-ui'
import { median, report } from './util'
import { runBillingBench } from './billing'

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null

async function main(): Promise<void> {
  if (process.argv.includes('--child')) return runChild(process.argv[process.argv.indexOf('--child') + 1])
  execSync('npx electron-vite build', { cwd: resolve(__dirname, '../..'), stdio: 'ignore' })
  console.log(`MLOps Lab benchmarks · Node ${process.version} · ${new Date().toISOString()}\n`)
  if (!only || only === 'sandbox') runSandboxBench()
  if (!only || only === 'labs') await runLabsBench()
  if (!only || only === 'cost') await runCostBench()
  if (!only || only === 'billing') runBillingBench()
  if (!only || only === 'foundation') await runFoundationBench()
  if (!only || only === 'monitor') {
    runMonitorBench()
    runMonitorCsvBench()
    await runMonitorJobBench()
    runMonitorScheduleBench()
  }
  if (!only || only === 'reliability') await runReliabilityBench()
  if (!only || only === 'deploy') {
    runDeployBench()
    await runJobsBench()
    const ui = await compareUiInPage()
    const worst = (a: number[]): number => (a.length > 0 ? Math.max(...a) : NaN)
    report(
      `Compare view: ${ui.configurations} strategies × 10,000 releases in Chromium, input latency while it runs`,
      `${median(ui.latencies).toFixed(0)} ms median, ${worst(ui.latencies).toFixed(0)} ms worst`,
      'goal ≤ 50 ms',
      `${ui.latencies.length} key presses; job ${(ui.wallMs / 1000).toFixed(2)} s from the click to the charts`
    )
    report('Compare view: progress line updates while the job runs', `every ${median(ui.progressGaps).toFixed(0)} ms median, ${worst(ui.progressGaps).toFixed(0)} ms longest gap`, 'goal ≤ 200 ms', `${ui.progressGaps.length + 1} updates; the line appeared ${ui.firstLineMs.toFixed(0)} ms and first counted releases ${ui.firstProgressMs.toFixed(0)} ms after the click, on a host started for this run`)
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
