/**
 * The cost labs in the lab player: the rightsizing step's cost-against-latency chart moves the
 * learner's ring from the largest GPU to the cheapest acceptable CPU instance, and the Spot step
 * shows a checkpointed job completing. Screenshots in both themes and at 900×650.
 */
import { expect, openDashboard, screenshot, test } from './fixtures'
import { openLab, openLabs, redrawnAfter, shotsInBothThemes } from './ux-helpers'

test('rightsizing lab: the largest GPU meets p99 but not the cost; one ml.c6i.large is the cheapest acceptable', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'rightsizing-p99')
  const player = page.getByTestId('lab-player')
  await expect(player).toHaveAttribute('data-drawn-step', 'choose-instance')
  const results = page.getByTestId('rightsizing-results')
  await expect(results).toContainText('ml.p3.2xlarge: p99')
  await expect(results).toContainText('meets the requirement')
  await expect(page.getByTestId('cost-latency-chart')).toHaveAttribute('data-points', /\d+/)
  await redrawnAfter(page, () => page.getByTestId('input-instanceType').selectOption('ml.c6i.large'))
  await expect(results).toContainText('ml.c6i.large: p99')
  await expect(results.locator('canvas')).toHaveAttribute('aria-label', /Cheapest acceptable: ml\.c6i\.large/)
  await shotsInBothThemes(page, 'cost-labs-rightsizing')
  await page.getByTestId('rightsizing-results').screenshot({ path: 'test-results/screens/cost-labs-rightsizing-panel.png' })
  await page.setViewportSize({ width: 900, height: 650 })
  await screenshot(page, 'cost-labs-rightsizing-900')
})

test('Spot lab: a checkpointed Spot job with a loose MaxWaitTimeInSeconds completes', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'spot-training-checkpoints')
  await expect(page.getByTestId('lab-player')).toHaveAttribute('data-drawn-step', 'spot-job')
  const results = page.getByTestId('spot-results')
  await expect(results).toContainText('Completed')
  await redrawnAfter(page, () => page.getByTestId('input-spot').selectOption('true'))
  await redrawnAfter(page, () => page.getByTestId('input-maxWait').fill('129600'))
  await expect(results).toContainText('Stopped')
  await redrawnAfter(page, () => page.getByTestId('input-checkpointing').selectOption('true'))
  await expect(results).toContainText('Completed')
  await shotsInBothThemes(page, 'cost-labs-spot')
  await page.getByTestId('spot-results').screenshot({ path: 'test-results/screens/cost-labs-spot-panel.png' })
})

test('purchasing lab: Spot, a Savings Plan and Serverless against everything On-Demand', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'purchasing-mixed-workload')
  await expect(page.getByTestId('lab-player')).toHaveAttribute('data-drawn-step', 'choose-options')
  const results = page.getByTestId('purchasing-results')
  await expect(results).toContainText('everything On-Demand $379.34')
  await redrawnAfter(page, () => page.getByTestId('input-inference').selectOption('SavingsPlan3y'))
  await redrawnAfter(page, () => page.getByTestId('input-tool').selectOption('Serverless'))
  await expect(page.getByTestId('purchasing-inference-SavingsPlan3y')).toContainText('(yours)')
  await shotsInBothThemes(page, 'cost-labs-purchasing')
  await results.screenshot({ path: 'test-results/screens/cost-labs-purchasing-panel.png' })
})

test('budget lab: activating project and a FORECASTED alert warns days before the $300 is spent', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'budget-forecast-tags')
  await expect(page.getByTestId('lab-player')).toHaveAttribute('data-drawn-step', 'budget')
  await expect(page.getByTestId('budget-no-alert')).toBeVisible()
  await redrawnAfter(page, () => page.getByTestId('input-tagKey').selectOption('project'))
  await redrawnAfter(page, () => page.getByTestId('input-type').selectOption('FORECASTED'))
  await expect(page.getByTestId('budget-results')).toContainText('FORECASTED spend')
  await shotsInBothThemes(page, 'cost-labs-budget')
  await page.getByTestId('budget-results').screenshot({ path: 'test-results/screens/cost-labs-budget-panel.png' })
})
