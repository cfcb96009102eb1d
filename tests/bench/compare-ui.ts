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
  /** From the click to the first progress line that counts a release done. */
  firstProgressMs: number
  /** From the click to the progress line's first appearance (it shows 0 done at once). */
  firstLineMs: number
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
      const w = window as unknown as { __lat: number[]; __prog: number[]; __click: number; __first: number }
      w.__lat = []
      w.__prog = []
      w.__click = NaN
      w.__first = NaN
      document.addEventListener('click', (e) => {
        if (Number.isNaN(w.__click)) w.__click = e.timeStamp
      }, true)
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
          if (Number.isNaN(w.__first) && /^\s*[1-9]/.test(text)) w.__first = performance.now()
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
    const { lat, prog, first, line } = await page.evaluate(() => {
      const w = window as unknown as { __lat: number[]; __prog: number[]; __click: number; __first: number }
      return { lat: w.__lat, prog: w.__prog, first: w.__first - w.__click, line: w.__prog[0] - w.__click }
    })
    const configurations = await page.getByTestId('compare-table').locator('tbody tr').count()
    return { wallMs, latencies: lat, progressGaps: prog.slice(1).map((t, i) => t - prog[i]), firstProgressMs: first, firstLineMs: line, configurations }
  } finally {
    await browser.close()
    await server.stop()
  }
}
