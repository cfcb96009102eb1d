/**
 * The README's pictures (docs/screenshot-*.png), taken from the app as a learner uses it. They are
 * rewritten only on request, so a test run never changes the repository:
 *
 *   UPDATE_DOCS_SCREENSHOTS=1 npx playwright test tests/e2e/docs-screenshots.spec.ts
 */
import { expect, openDashboard, test } from './fixtures'
import { busyWorld, openLab, openLabs, openSandbox, player, setTheme } from './ux-helpers'

test.skip(!process.env.UPDATE_DOCS_SCREENSHOTS, 'writes docs/screenshot-*.png; run with UPDATE_DOCS_SCREENSHOTS=1 to refresh the README pictures')

test('the README pictures: the study home, a lab step that explains a miss, the sandbox in the dark theme', async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 860 })
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openLabs(page)

  // The lab picture: the default Average misses the regression, and the check says why.
  await openLab(page, 'latency-alarm-p99')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'false')
  await page.mouse.move(0, 0)
  const height = await page.evaluate(() => document.querySelector('.content')?.scrollHeight ?? 0)
  await page.setViewportSize({ width: 1280, height })
  await page.screenshot({ path: 'docs/screenshot-lab.png' })
  await page.setViewportSize({ width: 1280, height: 860 })

  // Finish the latency lab (its answers are in resources/labs/latency-alarm-p99.yaml) so the home has progress to show.
  await page.getByTestId('input-statistic').selectOption('p99')
  await expect(player(page)).toHaveAttribute('data-running', 'false')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'true')
  for (const [i, stepId] of [
    [1, 'm-of-n'],
    [2, 'longer-period']
  ] as const) {
    await page.getByTestId('next-step').click()
    await expect(player(page)).toHaveAttribute('data-drawn-step', stepId)
    await page.getByTestId('show-solution').click()
    await page.getByTestId('solution-confirm-yes').click()
    await expect(player(page)).toHaveAttribute('data-running', 'false')
    await page.getByTestId('check').click()
    await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'true')
    await expect(player(page)).toHaveAttribute('data-step', String(i))
  }
  await page.getByTestId('next-step').click()
  for (const c of ['statistic-for-slo-1', 'm-of-n-meaning-1', 'spike-not-incident-2', 'after-the-page-0', 'after-the-page-1', 'key-latency-metrics-1']) {
    await page.getByTestId(`choice-${c}`).check()
  }
  await page.getByTestId('submit-answers').click()
  await expect(page.getByTestId('final-score')).toBeVisible()

  // Two more labs under way, so the home shows them.
  await page.getByTestId('nav-labs').click()
  await openLab(page, 'errors-missing-data')
  await page.getByTestId('nav-labs').click()
  await openLab(page, 'composite-and-cloudtrail')
  await page.getByTestId('nav-labs').click()
  await openLab(page, 'latency-alarm-p99')

  await page.getByTestId('nav-dashboard').click()
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-ready', 'true')
  await page.mouse.move(0, 0)
  await page.screenshot({ path: 'docs/screenshot-dashboard.png' })

  await setTheme(page, 'dark')
  await openSandbox(page)
  await busyWorld(page, 'Latency drill')
  await page.getByTestId('advance-day').click()
  await expect(page.getByTestId('clock')).toHaveText('2026-01-06T01:00:00Z')
  await page.getByTestId('tab-alarms').click()
  await page.getByTestId('alarm-open-latency-p99').click()
  await expect(page.getByTestId('alarm-details').getByTestId('metric-chart')).not.toHaveAttribute('data-points', '0')
  await page.mouse.move(0, 0)
  const sandboxHeight = await page.evaluate(() => document.querySelector('.content')?.scrollHeight ?? 0)
  await page.setViewportSize({ width: 1280, height: sandboxHeight })
  await page.screenshot({ path: 'docs/screenshot-sandbox.png' })
})
