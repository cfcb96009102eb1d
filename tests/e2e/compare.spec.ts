/**
 * The Compare view (issue #12): strategies side by side from a deploy.compare job run on the host's
 * pool — progress, cancel, a refused field named beside it, results charted and tabled, the study
 * guide's table measured; axe-clean in both themes; one column at 900 × 650.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, openDashboard, test } from './fixtures'
import { fullShot, horizontalOverflow, setTheme } from './ux-helpers'

test('four strategies compared from a job: progress, results charted and tabled, the study guide table measured, axe clean in both themes', async ({ page, server }) => {
  await openDashboard(page, server)
  await page.getByRole('link', { name: 'Compare' }).click()
  await expect(page.getByTestId('compare')).toBeVisible()
  await expect(page.getByTestId('compare-empty')).toBeVisible()
  await page.getByTestId('compare-releases').fill('400')
  await page.getByTestId('compare-run').click()
  await expect(page.getByTestId('compare')).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 })
  const table = page.getByTestId('compare-table')
  await expect(table.locator('tbody tr')).toHaveCount(4)
  // Each row counts 400 releases, as asked.
  await expect(table.locator('tbody tr').first()).toContainText('of 400')
  for (const id of ['chart-affected', 'chart-recovery', 'chart-cost']) await expect(page.getByTestId(id).locator('canvas')).toBeVisible()
  await expect(page.getByTestId('strategy-table')).toContainText('All-at-once')
  await expect(page.getByTestId('strategy-table')).toContainText('Canary')
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await fullShot(page, `compare-${theme}`)
    const axe = await new AxeBuilder({ page }).analyze()
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  }
  await page.setViewportSize({ width: 900, height: 650 })
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1)
  await fullShot(page, 'compare-900')
})

test('a refused field is named beside it, too many strategies are refused before a job starts, and a long comparison can be cancelled', async ({ page, server }) => {
  await openDashboard(page, server)
  await page.goto(`${server.url}#/compare`)
  await page.getByTestId('compare-instance-count').fill('0')
  await page.getByTestId('compare-run').click()
  await expect(page.getByTestId('compare-instance-count-error')).toBeVisible()
  await expect(page.getByTestId('compare-error')).toBeVisible()
  await page.getByTestId('compare-instance-count').fill('4')

  await page.getByTestId('strategy-linear').check()
  await expect(page.getByTestId('compare-too-many')).toBeVisible()
  await page.getByTestId('strategy-linear').uncheck()

  await page.getByTestId('compare-releases').fill('10000')
  await page.getByTestId('compare-run').click()
  await expect(page.getByTestId('compare-progress')).toBeVisible()
  await page.getByTestId('compare-cancel').click()
  await expect(page.getByTestId('compare')).toHaveAttribute('data-state', 'cancelled', { timeout: 15_000 })
  await expect(page.getByTestId('compare-progress')).toContainText('Cancelled at')
})
