/**
 * `npm run bench`: the figures the issues ask for, measured here rather than in timed unit tests.
 * Run after `electron-vite build` (the script does it). `--only foundation|sandbox|labs|cost|monitor|reliability|deploy|billing` narrows it.
 */
import { execSync } from 'node:child_process'
import { resolve } from 'node:path'
import { runFoundationBench } from './foundation'
import { runSandboxBench } from './sandbox'
import { runLabsBench } from './labs'
import { runCostBench } from './cost'
import { runMonitorBench, runMonitorCsvBench, runMonitorJobBench, runMonitorScheduleBench } from './monitor'
import { runReliabilityBench } from './reliability'
import { runDeployBench } from './deploy'
import { runJobsBench } from './jobs'
import { runBillingBench } from './billing'

const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null

async function main(): Promise<void> {
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
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
