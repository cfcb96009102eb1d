/**
 * Foundation figures: cold loads of the dashboard in Chromium, initial renderer JavaScript (gzip),
 * acknowledged writes per second and their survival of kill -9.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumExecutable } from '../helpers/chromium'
import { startLabServer } from '../helpers/lab-server'
import { openDatabase } from '../../src/main/store/database'
import { ProgressStore } from '../../src/main/store/progress-store'
import { median, report } from './util'

const ROOT = resolve(__dirname, '../..')

export function initialBundleGzip(): { files: string[]; bytes: number } {
  const dir = join(ROOT, 'out/renderer')
  const html = readFileSync(join(dir, 'index.html'), 'utf8')
  const refs = [...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="([^"]+\.js)"/g)].map((m) => m[1])
  const files = [...new Set(refs)]
  const bytes = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dir, f.replace(/^\//, '')))).length, 0)
  return { files, bytes }
}

export async function coldLoads(runs = 10): Promise<number[]> {
  const server = await startLabServer()
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS })
  const times: number[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext() // a new context: empty cache, cold load
      const page = await context.newPage()
      await page.goto(server.url)
      await page.waitForSelector('[data-testid="dashboard"][data-ready="true"]')
      const t = await page.evaluate(() => performance.getEntriesByName('dashboard-ready')[0]?.startTime ?? NaN)
      times.push(t)
      await context.close()
    }
  } finally {
    await browser.close()
    await server.stop()
  }
  return times
}

export function storeWritesPerSecond(n = 2000): number {
  const { db } = openDatabase(join(mkdtempSync(join(tmpdir(), 'bench-store-')), 'lab.sqlite'))
  const store = new ProgressStore(db)
  const t0 = performance.now()
  for (let i = 0; i < n; i++) store.recordActivity({ kind: 'page', ref: `b${i}`, title: 'Bench', route: '/' })
  const seconds = (performance.now() - t0) / 1000
  store.close()
  return n / seconds
}

/**
 * Acknowledged HTTP writes for `ms`, then SIGKILL, restart, and count what survived. Each write
 * creates a saved sandbox world (rows that are never pruned), so every acknowledged one can be found.
 */
export async function writesSurviveKill(ms = 2000): Promise<{ acknowledged: number; survived: number; perSecond: number }> {
  const server = await startLabServer()
  let acknowledged = 0
  const t0 = performance.now()
  while (performance.now() - t0 < ms) {
    const res = await fetch(`${server.origin}/api/sandbox.createWorld`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}` },
      body: JSON.stringify({ name: `k${acknowledged}`, seed: 'kill' })
    })
    if (res.status !== 200) throw new Error(`write failed: ${res.status}`)
    acknowledged++
  }
  const perSecond = acknowledged / ((performance.now() - t0) / 1000)
  await server.stop('SIGKILL')
  const again = await startLabServer(server.dataDir)
  const res = await fetch(`${again.origin}/api/sandbox.listWorlds`, { method: 'POST', headers: { Authorization: `Bearer ${again.token}` }, body: '{}' })
  const names = new Set(((await res.json()) as { worlds: { name: string }[] }).worlds.map((w) => w.name))
  await again.stop()
  const survived = Array.from({ length: acknowledged }, (_, i) => `k${i}`).filter((n) => names.has(n)).length
  return { acknowledged, survived, perSecond }
}

export async function runFoundationBench(): Promise<void> {
  const bundle = initialBundleGzip()
  report('Initial renderer JS (gzip)', `${(bundle.bytes / 1024).toFixed(1)} KB`, 'goal ≤ 250 KB', bundle.files.join(', '))
  const loads = await coldLoads(10)
  report('Cold load to interactive dashboard (median of 10)', `${median(loads).toFixed(0)} ms`, 'goal ≤ 800 ms', loads.map((t) => t.toFixed(0)).join(' '))
  report('Store writes (in-process, each committed)', `${storeWritesPerSecond().toFixed(0)} /s`)
  const kill = await writesSurviveKill()
  report(
    'Acknowledged HTTP writes, then kill -9',
    `${kill.perSecond.toFixed(0)} /s`,
    kill.survived === kill.acknowledged ? `all ${kill.acknowledged} survived` : `LOST ${kill.acknowledged - kill.survived} of ${kill.acknowledged}`
  )
}
