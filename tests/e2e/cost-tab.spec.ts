import type { Page } from '@playwright/test'
import { expect, openDashboard, test } from './fixtures'
import { openSandbox, shotsInBothThemes } from './ux-helpers'

async function createWorld(page: Page, name: string, seed: string): Promise<void> {
  await page.getByTestId('world-name').fill(name)
  await page.getByTestId('world-seed').fill(seed)
  await page.getByTestId('create-world').click()
  await expect(page.getByTestId('world-title')).toHaveText(name)
  await expect(page.getByTestId('sandbox')).toHaveAttribute('data-ready', 'true')
}

/** ml.m5.xlarge × 1 ($0.23 an hour): $5.52 a day whatever the traffic. */
async function createEndpoint(page: Page, name: string): Promise<void> {
  await page.getByTestId('tab-endpoints').click()
  await page.getByTestId('new-endpoint').click()
  await page.getByTestId('endpoint-name').fill(name)
  await page.getByTestId('endpoint-instance-type').selectOption('ml.m5.xlarge')
  await page.getByTestId('endpoint-instance-count').fill('1')
  await page.getByTestId('endpoint-model').selectOption('xgboost-tabular')
  await page.getByTestId('traffic-pattern').selectOption('steady')
  await page.getByTestId('traffic-base-rpm').fill('120')
  await page.getByTestId('create-endpoint').click()
  await expect(page.getByTestId(`endpoint-${name}`)).toBeVisible()
}

test('the Cost tab tags an endpoint, activates the tag, budgets the month and shows cost, forecast, alert and quotas', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openSandbox(page)
  await createWorld(page, 'Cost drill', 'cost-1')
  await createEndpoint(page, 'churn-prod')

  await page.getByTestId('tab-cost').click()
  await expect(page.getByTestId('cost-explorer')).toHaveAttribute('data-loaded', 'true')
  await expect(page.getByTestId('price-note')).toContainText('Prices are illustrative on-demand rates (us-east-1), as of 2025-10-01')
  await expect(page.getByTestId('cost-chart-empty')).toBeVisible()
  await expect(page.getByTestId('cost-forecast')).toHaveText('not yet')

  // Tag it project=churn; the key is then listed for activation, Inactive.
  await page.getByTestId('tag-key').fill('project')
  await page.getByTestId('tag-value').fill('churn')
  await page.getByTestId('add-tag').click()
  await expect(page.getByTestId('tags-churn-prod')).toContainText('project=churn')
  await expect(page.getByTestId('cost-tag-status-project')).toHaveText('Inactive')
  await page.getByTestId('activate-project').click()
  await expect(page.getByTestId('cost-tag-status-project')).toHaveText('Active')

  // A budget without a threshold is refused beside the field.
  await page.getByTestId('budget-name').fill('ml-monthly')
  await page.getByTestId('budget-amount').fill('50')
  await page.getByTestId('budget-note-threshold').fill('')
  await page.getByTestId('create-budget').click()
  await expect(page.getByTestId('budget-form')).toContainText('is required: the percentage of the budgeted amount')
  // FORECASTED > 100% of $50 to the suggested SNS topic.
  await page.getByTestId('budget-note-type').selectOption('FORECASTED')
  await page.getByTestId('budget-note-threshold').fill('100')
  await page.getByTestId('create-budget').click()
  await expect(page.getByTestId('budget-state-ml-monthly-0')).toHaveText('OK')

  // One day: $5.52 so far; the forecast is 27 January days × $5.52 = $149.04 > $50, so the alert fires.
  await page.getByTestId('advance-day').click()
  await expect(page.getByTestId('clock')).toHaveText('2026-01-06T00:00:00Z')
  await expect(page.getByTestId('cost-mtd')).toHaveText('$5.52')
  await expect(page.getByTestId('cost-forecast')).toHaveText('$149.04')
  await expect(page.getByTestId('cost-rate')).toContainText('$5.52 a day, over 1 day')
  // The chart runs to the day of the last simulated minute: one bar, 2026-01-05.
  await expect(page.getByTestId('cost-chart')).toHaveAttribute('data-bars', '1')
  await expect(page.getByTestId('budget-state-ml-monthly-0')).toHaveText('ALARM')
  await expect(page.getByTestId('budget-forecast-ml-monthly')).toHaveText('$149.04')
  await expect(page.getByTestId('budget-alert')).toHaveCount(1)
  await expect(page.getByTestId('tab-cost')).toContainText('1 budget alert')

  // By tag: all of the day's cost carries project=churn (activated before the day began).
  await page.getByTestId('cost-group-by').selectOption('TAG:project')
  await expect(page.getByTestId('cost-group-row').filter({ hasText: 'project: churn' })).toContainText('$5.52')
  await expect(page.getByTestId('cost-untagged')).toHaveText('$0.00 of $5.52 (0.0%)')
  await shotsInBothThemes(page, 'cost-tab')

  // The quota for ml.m5.xlarge: 1 in use of 20; an increase is granted at once.
  await expect(page.getByTestId('quota-ml.m5.xlarge')).toContainText('ml.m5.xlarge for endpoint usage')
  await expect(page.getByTestId('quota-value-ml.m5.xlarge')).toHaveText('20')
  await page.getByTestId('quota-desired-ml.m5.xlarge').fill('30')
  await page.getByTestId('quota-request-ml.m5.xlarge').click()
  await expect(page.getByTestId('quota-value-ml.m5.xlarge')).toHaveText('30')

  // The alert is in the world's Notifications, delivered by AWS Budgets to the topic.
  await page.getByTestId('tab-eventbridge').click()
  await expect(page.getByTestId('notification-row').filter({ hasText: 'AWS Budgets' })).toContainText('budget-alerts')
})
