import type { Page } from '@playwright/test'
import { expect, openDashboard, test } from './fixtures'
import { expectNoAxeViolations, horizontalOverflow, shotsInBothThemes, windowShot } from './ux-helpers'

async function advance(page: Page, minutes: number): Promise<void> {
  await page.locator('#advance-unit').selectOption('1')
  await page.getByTestId('advance-amount').fill(String(minutes))
  await page.getByTestId('advance-custom').click()
}

test('a shadow test from the console: a refused weight named beside its field, the shadow copying 50%, weights and capacities, then promotion', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await page.getByTestId('nav-sandbox').click()
  await expect(page.getByTestId('sandbox')).toHaveAttribute('data-ready', 'true')
  await page.getByTestId('world-name').fill('Shadow drill')
  await page.getByTestId('world-seed').fill('shadow-1')
  await page.getByTestId('create-world').click()
  await expect(page.getByTestId('world-title')).toHaveText('Shadow drill')
  await page.getByTestId('tab-endpoints').click()
  await page.getByTestId('new-endpoint').click()
  await page.getByTestId('endpoint-name').fill('churn')
  await page.getByTestId('endpoint-instance-type').selectOption('ml.m5.xlarge')
  await page.getByTestId('endpoint-instance-count').fill('2')
  await page.getByTestId('traffic-pattern').selectOption('steady')
  await page.getByTestId('traffic-base-rpm').fill('600')
  await page.getByTestId('create-endpoint').click()
  const card = page.getByTestId('endpoint-churn')
  await expect(card).toBeVisible()
  await expect(card.getByTestId('variant-share')).toHaveText('100%')

  await card.getByTestId('endpoint-shadow').click()
  // A shadow weighted above production would copy more than every request: refused beside the field.
  await card.getByTestId('shadow-weight').fill('2')
  await card.getByTestId('shadow-start').click()
  await expect(card.getByTestId('shadow-form')).toContainText('at most every request')
  await shotsInBothThemes(page, 'sandbox-shadow-form')
  await expectNoAxeViolations(page, 'the refused shadow form')
  await card.getByTestId('shadow-weight').fill('0.5')
  await card.getByTestId('shadow-error-rate').fill('0.2')
  await card.getByTestId('shadow-quality').fill('0.1')
  await card.getByTestId('shadow-start').click()
  // Weight 0.5 against production's 1: a copy of 50% of the requests.
  await expect(card.getByTestId('shadow-share')).toHaveText('50%')
  await advance(page, 60)
  // About 600 a minute for an hour (Poisson): clients sent ≈ 36,000, and the shadow answered copies of about half.
  await expect.poll(async () => Number((await card.getByTestId('endpoint-requests').textContent())!.replace(/,/g, ''))).toBeGreaterThan(35000)
  const clients = Number((await card.getByTestId('endpoint-requests').textContent())!.replace(/,/g, ''))
  const copies = Number((await card.getByTestId('shadow-Shadow').locator('td').nth(5).textContent())!.replace(/,/g, ''))
  expect(clients).toBeGreaterThan(35000)
  expect(clients).toBeLessThan(37000)
  expect(copies / clients).toBeGreaterThan(0.48)
  expect(copies / clients).toBeLessThan(0.52)
  await expect(card.getByTestId('shadow-variants')).toContainText('answers go to nobody')
  await shotsInBothThemes(page, 'sandbox-shadow-variant')
  await expectNoAxeViolations(page, 'an endpoint with a shadow variant')
  // At the smallest supported window the wide tables scroll inside their own box, not the page.
  const size = page.viewportSize()!
  await page.setViewportSize({ width: 900, height: 650 })
  await card.getByTestId('shadow-variants').scrollIntoViewIfNeeded()
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1)
  await windowShot(page, 'sandbox-shadow-variant-900x650')
  await page.setViewportSize(size)

  await card.getByTestId('endpoint-weights').click()
  await card.getByTestId('weights-weight-Shadow').fill('0.25')
  await expect(card.getByTestId('weights-preview')).toContainText('Shadow gets a copy of 25%')
  await card.getByTestId('weights-weight-AllTraffic').fill('0')
  await card.getByTestId('weights-submit').click()
  // All production weights 0: refused at the top of the form.
  await expect(card.getByTestId('weights-form')).toContainText('would all be 0')
  await shotsInBothThemes(page, 'sandbox-weights-form')
  await expectNoAxeViolations(page, 'the refused weights form')
  await card.getByTestId('weights-weight-AllTraffic').fill('1')
  await card.getByTestId('weights-submit').click()
  await expect(card.getByTestId('endpoint-status')).toHaveText('Updating')
  await advance(page, 3)
  await expect(card.getByTestId('endpoint-status')).toHaveText('InService')
  await expect(card.getByTestId('shadow-share')).toHaveText('25%')

  await card.getByTestId('endpoint-shadow').click()
  await card.getByTestId('shadow-promote').click()
  await expect(card.getByTestId('shadow-variants')).toHaveCount(0)
  await expect(card.getByTestId('variant-Shadow')).toContainText('100%')
})
