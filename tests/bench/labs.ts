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

/** Changes an input in the Lab player and reads the page's marks: input changed → charts drawn. */
export async function labRedrawInPage(runs = 10): Promise<number[] | null> {
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
      await page.evaluate(() => performance.clearMarks())
      if (options.length > 0) await input.selectOption(options[i % options.length] === (await input.inputValue()) ? options[(i + 1) % options.length] : options[i % options.length])
      else await input.fill(String(200000 + i * 5000))
      await page.waitForFunction((b) => Number(document.querySelector('[data-run-count]')?.getAttribute('data-run-count')) > b, before, { timeout: 20000 })
      const t = await page.evaluate(() => {
        const a = performance.getEntriesByName('lab-input-changed').at(-1)
        const b = performance.getEntriesByName('lab-charts-drawn').at(-1)
        return a && b ? b.startTime - a.startTime : NaN
      })
      times.push(t)
    }
  } finally {
    await browser.close()
    await server.stop()
  }
  return times
}

export async function runLabsBench(): Promise<void> {
  runLabEngineBench()
  const redraw = await labRedrawInPage()
  if (redraw) report('Lab input changed → charts redrawn, in Chromium (median of 10)', `${median(redraw).toFixed(0)} ms`, 'goal ≤ 100 ms', redraw.map((t) => t.toFixed(0)).join(' '))
  else report('Lab input changed → charts redrawn', 'not measured', '', 'no input found in the lab player')
}
