/**
 * Lab figures: a check's run time (goal ≤ 20 ms) and, in Chromium, the time from changing an input
 * to the lab's charts redrawn (goal ≤ 100 ms, measured in the page with performance marks).
 */
import { join, resolve } from 'node:path'
import { chromium } from '@playwright/test'
import { loadLabs, readExamItemIds } from '../../src/main/labs/loader'
import { checkStep, clearRunCache, clearScenarioCache, runStep, type Lab } from '../../src/main/sandbox/labs'
import { CHROMIUM_ARGS, chromiumExecutable } from '../helpers/chromium'
import { startLabServer } from '../helpers/lab-server'
import { median, report, time } from './util'

const RESOURCES = resolve(__dirname, '../../resources')

function labs(): Lab[] {
  return loadLabs(join(RESOURCES, 'labs'), readExamItemIds(join(RESOURCES, 'content/exam-domain4.json'))).labs
}

export function runLabEngineBench(): void {
  const all = labs()
  const lab = all.find((l) => l.id === 'latency-alarm-p99')!
  const step = lab.steps[0]
  clearRunCache()
  clearScenarioCache()
  const t0 = performance.now()
  runStep(lab, step.id, step.solution)
  report('Lab step, first run of a seed (simulate the week)', `${(performance.now() - t0).toFixed(0)} ms`)
  const checks = time(() => checkStep(lab, step.id, step.solution), 20, 2)
  report('Lab check on a run already made (median of 20)', `${median(checks).toFixed(2)} ms`, 'goal ≤ 20 ms')
  const fresh = time(() => {
    clearRunCache()
    return checkStep(lab, step.id, { ...step.solution })
  }, 10, 1)
  report('Lab check with the run redone (same seed, cached week)', `${median(fresh).toFixed(1)} ms`, 'goal ≤ 20 ms')
}

/** Where one redraw's time went, from the page's Resource Timing entry of its `labs.run` request. */
export interface RedrawSplit {
  /** Input changed → the answer's last byte: the request, the host (simulation, save, JSON) and the transfer. */
  request: number
  /** Of that, request sent → first byte of the answer: the host's share. */
  host: number
  /** The answer's last byte → charts drawn: JSON parse, Vue, Chart.js and the frame. */
  page: number
  /** The answer's size in bytes. */
  bytes: number
}

/** Changes an input in the Lab player and reads the page's marks: input changed → charts drawn. */
export async function labRedrawInPage(runs = 10, splits: RedrawSplit[] = []): Promise<number[] | null> {
  const server = await startLabServer()
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS })
  const times: number[] = []
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
    await page.goto(server.url)
    await page.evaluate(() => (window.location.hash = '#/labs/latency-alarm-p99'))
    const root = page.locator('[data-run-count]')
    await root.waitFor({ timeout: 20000 })
    // The first run happens on open; wait for it so the measured runs start from a drawn chart.
    await page.waitForFunction(() => Number(document.querySelector('[data-run-count]')?.getAttribute('data-run-count')) > 0, undefined, { timeout: 20000 })
    const input = page.locator('[data-testid="lab-player"] select, [data-testid="lab-player"] input[type="number"]').first()
    if ((await input.count()) === 0) return null
    const options = await input.evaluate((el) => (el instanceof HTMLSelectElement ? Array.from(el.options).map((o) => o.value) : []))
    for (let i = 0; i < runs; i++) {
      const before = Number(await root.getAttribute('data-run-count'))
      await page.evaluate(() => {
        performance.clearMarks()
        performance.clearResourceTimings()
      })
      if (options.length > 0) await input.selectOption(options[i % options.length] === (await input.inputValue()) ? options[(i + 1) % options.length] : options[i % options.length])
      else await input.fill(String(200000 + i * 5000))
      await page.waitForFunction((b) => Number(document.querySelector('[data-run-count]')?.getAttribute('data-run-count')) > b, before, { timeout: 20000 })
      const t = await page.evaluate(() => {
        const a = performance.getEntriesByName('lab-input-changed').at(-1)
        const b = performance.getEntriesByName('lab-charts-drawn').at(-1)
        return a && b ? b.startTime - a.startTime : NaN
      })
      times.push(t)
      const split = await page.evaluate(() => {
        const a = performance.getEntriesByName('lab-input-changed').at(-1)
        const b = performance.getEntriesByName('lab-charts-drawn').at(-1)
        const r = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/labs.run')).at(-1) as PerformanceResourceTiming | undefined
        return a && b && r ? { request: r.responseEnd - a.startTime, host: r.responseStart - r.requestStart, page: b.startTime - r.responseEnd, bytes: r.encodedBodySize } : null
      })
      if (split) splits.push(split)
    }
  } finally {
    await browser.close()
    await server.stop()
  }
  return times
}

export async function runLabsBench(): Promise<void> {
  runLabEngineBench()
  const splits: RedrawSplit[] = []
  const redraw = await labRedrawInPage(10, splits)
  if (redraw) {
    report('Lab input changed → charts redrawn, in Chromium (median of 10)', `${median(redraw).toFixed(0)} ms`, 'goal ≤ 100 ms', redraw.map((t) => t.toFixed(0)).join(' '))
    if (splits.length > 0) {
      const m = (k: keyof RedrawSplit): number => median(splits.map((s) => s[k]))
      report(
        '  of which: labs.run request, then the page (medians)',
        `${m('request').toFixed(0)} + ${m('page').toFixed(0)} ms`,
        '',
        `host ${m('host').toFixed(0)} ms to first byte; answer ${(m('bytes') / 1024).toFixed(0)} KiB; the page: JSON parse, Vue, Chart.js, the frame`
      )
    }
  } else report('Lab input changed → charts redrawn', 'not measured', '', 'no input found in the lab player')
}
