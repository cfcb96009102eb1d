/**
 * The Rightsizing view: cost against latency for every hosting type with the requirement as a
 * region, then the advanced Inference Recommender job run visibly to its result and its cost.
 */
import AxeBuilder from '@axe-core/playwright'
import { expect, openDashboard, screenshot, test } from './fixtures'

test('rightsizing view: the cheapest acceptable type is labelled, and the load test job runs to a result with its cost', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await page.getByTestId('nav-rightsizing').click()
  const view = page.getByTestId('rightsizing')
  await expect(view).toHaveAttribute('data-ready', 'true')
  await expect(view).toContainText('Compute Optimizer covers EC2')
  await expect(view).toContainText('illustrative, as of')
  await expect(view.locator('[data-testid="cost-latency-chart"] canvas')).toHaveAttribute('aria-label', /Cheapest acceptable: ml\.c6i\.large/)
  await page.getByTestId('rs-run-job').click()
  await expect(page.getByTestId('rs-job-state')).toHaveAttribute('data-state', 'succeeded')
  await expect(page.getByTestId('rs-job-cost')).toContainText('The job cost $')
  await expect(page.getByTestId('rs-cancel-job')).toBeDisabled()
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
    await screenshot(page, `rightsizing-${theme}`)
    const axe = await new AxeBuilder({ page }).analyze()
    expect(axe.passes.length).toBeGreaterThan(15)
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe, ${theme} theme`).toEqual([])
  }
  await page.setViewportSize({ width: 900, height: 650 })
  await screenshot(page, 'rightsizing-900')
  // A model no instance can hold is refused naming the field.
  await page.getByTestId('rs-memory').fill('2000')
  await page.getByTestId('rs-recommend').click()
  await expect(page.getByTestId('rs-error')).toContainText('model.memoryGiB')
})
