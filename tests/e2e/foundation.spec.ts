import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startLabServer } from '../helpers/lab-server'
import { expect, openDashboard, screenshot, test } from './fixtures'

test('dashboard loads in browser mode and the token leaves the address bar', async ({ page, server }) => {
  await openDashboard(page, server)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ML Solution Monitoring, Maintenance, and Security')
  await expect(page.getByTestId('continue-empty')).toBeVisible()
  expect(page.url()).not.toContain('token=')
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
    await screenshot(page, `dashboard-${theme}`)
  }
})

test('navigation and settings are reachable from the keyboard', async ({ page, server }) => {
  await openDashboard(page, server)
  // Tab from the top of the page: skip link, then the rail's links, Settings last. Bounded, so a
  // new item in the rail does not break the test but a rail Settings cannot be reached from does.
  const settings = page.getByTestId('nav-settings')
  for (let i = 0; i < 20 && !(await settings.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab')
  await expect(settings).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('settings')).toHaveAttribute('data-ready', 'true')
  await page.getByTestId('theme-dark').focus()
  await page.keyboard.press('Space')
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await screenshot(page, 'settings-dark')
})

test('theme setting persists across a restart of the host', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('theme-dark').check()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  await server.stop()
  const again = await startLabServer(server.dataDir)
  try {
    await openDashboard(page, again)
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark')
  } finally {
    await again.stop()
  }
})

test('export and import round-trip progress (import asks first); a foreign file is refused with a clear message', async ({ page, server }, info) => {
  await openDashboard(page, server)
  await page.getByTestId('nav-settings').click()
  await page.getByTestId('theme-dark').check()

  const downloadPromise = page.waitForEvent('download')
  await page.getByTestId('export').click()
  const download = await downloadPromise
  const exported = info.outputPath('progress.json')
  await download.saveAs(exported)
  const file = JSON.parse(readFileSync(exported, 'utf8'))
  expect(file.format).toBe('mlops-lab-progress')
  expect(file.data.settings.theme).toBe('dark')
  // The message counts what the file holds.
  await expect(page.getByTestId('settings-message')).toHaveText(
    `Exported 0 labs, 0 sandbox worlds and ${file.data.activity.length} activity ${file.data.activity.length === 1 ? 'entry' : 'entries'}, and your settings, to ${download.suggestedFilename()}.`
  )

  await page.getByTestId('theme-light').check()
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light')

  await page.getByTestId('import-file').setInputFiles(exported)
  await page.getByTestId('import-confirm-button').click()
  await expect(page.getByTestId('settings-message')).toContainText('Imported')
  await expect(page.getByTestId('theme-dark')).toBeChecked()

  const foreign = info.outputPath('foreign.json')
  writeFileSync(foreign, JSON.stringify({ hello: 'world' }))
  await page.getByTestId('import-file').setInputFiles(foreign)
  await expect(page.getByTestId('settings-message')).toContainText('not an MLOps Lab progress export')
  await expect(page.getByTestId('theme-dark')).toBeChecked()
})

test('a damaged database is moved aside and the learner is told', async ({ page, server }) => {
  await server.stop()
  writeFileSync(join(server.dataDir, 'mlops-lab.sqlite'), 'this is not a database, just text that replaced it')
  const again = await startLabServer(server.dataDir)
  try {
    await openDashboard(page, again)
    await expect(page.getByTestId('store-notice')).toContainText('moved aside')
    await screenshot(page, 'corrupt-notice')
  } finally {
    await again.stop()
  }
})
