import { expect, openDashboard, test } from './fixtures'
import { expectNoAxeViolations, shotsInBothThemes } from './ux-helpers'

test('a canary deployment from the console: refused size named beside its field, then progress with both fleets, and completion', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await page.getByTestId('nav-sandbox').click()
  await expect(page.getByTestId('sandbox')).toHaveAttribute('data-ready', 'true')
  await page.getByTestId('world-name').fill('Canary drill')
  await page.getByTestId('world-seed').fill('canary-1')
  await page.getByTestId('create-world').click()
  await expect(page.getByTestId('world-title')).toHaveText('Canary drill')
  await page.getByTestId('tab-endpoints').click()
  await page.getByTestId('new-endpoint').click()
  await page.getByTestId('endpoint-name').fill('churn')
  await page.getByTestId('endpoint-instance-type').selectOption('ml.m5.xlarge')
  await page.getByTestId('endpoint-instance-count').fill('4')
  await page.getByTestId('traffic-pattern').selectOption('steady')
  await page.getByTestId('traffic-base-rpm').fill('600')
  await page.getByTestId('create-endpoint').click()
  await expect(page.getByTestId('endpoint-churn')).toBeVisible()

  await page.getByTestId('endpoint-deploy').click()
  // 60% of the fleet is over CanarySize's 50% limit: refused, named beside the field.
  await page.getByTestId('deploy-size').fill('60')
  await page.getByTestId('deploy-start').click()
  await expect(page.getByTestId('deployment-form')).toContainText('at most 50%')
  await shotsInBothThemes(page, 'sandbox-deployment-form')
  await expectNoAxeViolations(page, 'the refused deployment form')
  await page.getByTestId('deploy-size').fill('25')
  await page.getByTestId('deploy-wait').fill('300')
  await page.getByTestId('deploy-start').click()
  await expect(page.getByTestId('endpoint-status')).toHaveText('Updating')
  await expect(page.getByTestId('deployment-progress')).toBeVisible()

  // Ten minutes: provisioning (5) then the 25% canary (1 of 4 instances) baking.
  await page.locator('#advance-unit').selectOption('1')
  await page.getByTestId('advance-amount').fill('7')
  await page.getByTestId('advance-custom').click()
  await expect(page.getByTestId('deployment-fleet-green')).toContainText('25%')
  // Both fleets billed: 4 + 4 instances.
  await expect(page.getByTestId('deployment-fleet-blue')).toContainText('4')
  await shotsInBothThemes(page, 'sandbox-deployment-progress')
  await page.getByText(/^Events \(/).click()
  await expect(page.getByTestId('deployment-events')).toContainText('Traffic shift 1 of 2')
  await expectNoAxeViolations(page, 'a deployment in progress')

  await page.getByTestId('advance-amount').fill('20')
  await page.getByTestId('advance-custom').click()
  await expect(page.getByTestId('deployment-outcome')).toContainText('Completed')
  await expect(page.getByTestId('endpoint-status')).toHaveText('InService')
})
