/**
 * Issue #12's responsiveness figures, in Chromium against the built browser-mode host: while the
 * Compare view runs a deploy.compare job (its default strategies × 10,000 releases), a key is pressed
 * every 50 ms and the page records, for each keydown, the time from the event's timestamp to the next
 * animation frame (input latency: goal ≤ 50 ms); a MutationObserver records when the progress line
 * changes (goal: at least every 200 ms).
 */
import { chromium } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumExecutable } from '../helpers/chromium'
import { startLabServer } from '../helpers/lab-server'

export interface CompareUiFigures {
  wallMs: number
  latencies: number[]
  progressGaps: number[]
  configurations: number
}

export async function compareUiInPage(): Promise<CompareUiFigures> {
  const server = await startLabServer()
  const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
    await page.goto(server.url)
    await page.evaluate(() => (window.location.hash = '#/compare'))
    await page.getByTestId('compare-run').waitFor({ timeout: 20_000 })
    await page.getByTestId('compare-releases').fill('10000')
    await page.evaluate(() => {
      const w = window as unknown as { __lat: number[]; __prog: number[] }
      w.__lat = []
      w.__prog = []
      document.addEventListener('keydown', (e) => {
        const t = e.timeStamp
        requestAnimationFrame(() => w.__lat.push(performance.now() - t))
      })
      let last = ''
      new MutationObserver(() => {
        const text = document.querySelector('[data-testid="compare-progress"]')?.textContent ?? ''
        if (text !== last) {
          last = text
          w.__prog.push(performance.now())
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    const t0 = Date.now()
    await page.getByTestId('compare-run').click()
    const root = page.getByTestId('compare')
    for (;;) {
      const state = await root.getAttribute('data-state')
      if (state === 'succeeded') break
      if (state === 'failed' || state === 'cancelled') throw new Error(`the compare job ended ${state}`)
      if (Date.now() - t0 > 60_000) throw new Error('the compare job took over a minute')
      await page.keyboard.press('Shift')
      await page.waitForTimeout(50)
    }
    const wallMs = Date.now() - t0
    const { lat, prog } = await page.evaluate(() => {
      const w = window as unknown as { __lat: number[]; __prog: number[] }
      return { lat: w.__lat, prog: w.__prog }
    })
    const configurations = await page.getByTestId('compare-table').locator('tbody tr').count()
    return { wallMs, latencies: lat, progressGaps: prog.slice(1).map((t, i) => t - prog[i]), configurations }
  } finally {
    await browser.close()
    await server.stop()
  }
}
