import { test as base, expect, type Page } from '@playwright/test'
import { startLabServer, type LabServer } from '../helpers/lab-server'

/** Resolves with `what` or with 'timed out' after `ms`, so a stalled page cannot stall the probe too. */
async function within<T>(ms: number, what: Promise<T>): Promise<T | 'timed out'> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<'timed out'>((resolve) => (timer = setTimeout(() => resolve('timed out'), ms)))
  try {
    return await Promise.race([what, late])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * After a failed test, says whether the page's script still answered and whether it still drew frames.
 * An action that waits for "visible, enabled and stable" compares two animation frames, so a click that
 * times out on a button that is plainly there is either a busy script or a page that stopped drawing;
 * the line this prints tells the two apart the next time it happens on CI.
 */
async function reportStall(page: Page): Promise<string> {
  if (page.isClosed()) return 'the page was closed'
  const script = await within(2_000, page.evaluate(() => 'answered').catch((e: unknown) => `failed: ${String(e)}`))
  const frame = await within(
    2_000,
    page.evaluate(() => new Promise<string>((resolve) => requestAnimationFrame(() => resolve('drawn')))).catch((e: unknown) => `failed: ${String(e)}`)
  )
  const visibility = await within(2_000, page.evaluate(() => document.visibilityState).catch(() => 'unknown'))
  return `script ${script}; next animation frame ${frame}; document ${visibility}`
}

/** Each test gets its own browser-mode host and data folder. */
export const test = base.extend<{ server: LabServer; stallProbe: void }>({
  server: async ({}, use) => {
    const server = await startLabServer()
    await use(server)
    await server.stop()
  },
  stallProbe: [
    async ({ page }, use, testInfo) => {
      await use()
      if (testInfo.status === testInfo.expectedStatus) return
      const state = await reportStall(page)
      console.error(`[stall probe] ${testInfo.title}: ${state}`)
      await testInfo.attach('stall-probe', { body: state, contentType: 'text/plain' })
    },
    { auto: true }
  ]
})

export { expect }

/** Opens the app and waits until the dashboard has loaded its data (no sleeps). */
export async function openDashboard(page: Page, server: LabServer): Promise<void> {
  await page.goto(server.url)
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-ready', 'true')
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png`, fullPage: true })
}
