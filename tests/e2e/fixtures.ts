import { test as base, expect, type Page } from '@playwright/test'
import { startLabServer, type LabServer } from '../helpers/lab-server'

/** Each test gets its own browser-mode host and data folder. */
export const test = base.extend<{ server: LabServer }>({
  server: async ({}, use) => {
    const server = await startLabServer()
    await use(server)
    await server.stop()
  }
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
