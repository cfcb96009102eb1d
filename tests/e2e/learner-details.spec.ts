/**
 * The details of #9 that are not a feature of their own: a refusal of the learner's own input is an
 * answer shown beside the field, never a failed network request in the console; the setting "Show
 * links to the AWS documents" makes a step's sources links that open outside the app.
 */
import { expect, openDashboard, test } from './fixtures'
import { createWorld, openLab, openLabs, openSandbox, player, setTheme } from './ux-helpers'

test('refusals of the learner’s own input are shown beside the field and log no console error', async ({ page, server }) => {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await openDashboard(page, server)
  await openSandbox(page)
  // A 400: an empty world name.
  await page.getByTestId('world-name').fill('')
  await page.getByTestId('create-world').click()
  await expect(page.getByTestId('create-world-form')).toContainText('name must not be empty')
  // A 400 from the seed form: a seed with a space.
  await page.getByTestId('open-seed').fill('two words')
  await page.getByTestId('open-from-seed').click()
  await expect(page.getByText('seed may use letters, digits, ".", "_" and "-"')).toBeVisible()
  // A 404: a world that is gone, opened from an old address.
  await page.goto(`${server.url.split('#')[0]}#/sandbox?world=gone-world`)
  await expect(page.getByTestId('sandbox-error')).toContainText('That world no longer exists')
  expect(errors).toEqual([])
})

test('with "Show links to the AWS documents" on, a step’s sources are links that open in a new tab; off, they are plain text', async ({ page, server, context }) => {
  // Offline: the documentation answers from here, so the new tab has something to show.
  await context.route('https://docs.aws.amazon.com/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<title>AWS doc</title>' }))
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'latency-alarm-p99')
  await page.getByTestId('input-statistic').selectOption('p99')
  await page.getByTestId('check').click()
  const explanation = page.getByTestId('explanation')
  await expect(explanation).toBeVisible()
  const link = explanation.getByRole('link', { name: /CloudWatch statistics definitions/ })
  await expect(link).toHaveAttribute('href', 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html')
  await expect(link).toHaveAttribute('target', '_blank')
  await expect(link).toHaveAttribute('rel', 'noopener noreferrer')
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await explanation.screenshot({ path: `test-results/screens/doc-links-${theme}.png` })
  }
  const popup = page.waitForEvent('popup')
  await link.click()
  const tab = await popup
  await tab.waitForLoadState()
  expect(tab.url()).toBe('https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html')
  await tab.close()

  // Off: the same sentence, no links.
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('settings')).toHaveAttribute('data-ready', 'true')
  await page.getByTestId('show-doc-links').uncheck()
  await page.goBack()
  await expect(player(page)).toHaveAttribute('data-ready', 'true')
  await page.getByTestId('input-statistic').selectOption('p99')
  await page.getByTestId('check').click()
  await expect(explanation).toContainText('CloudWatch statistics definitions')
  await expect(explanation.getByRole('link')).toHaveCount(0)
})

test('a console form keeps the focus on its busy submit button, so after a refusal the keyboard is still in the form', async ({ page, server }) => {
  await openDashboard(page, server)
  await openSandbox(page)
  await createWorld(page, 'Focus world')
  await page.getByTestId('tab-endpoints').click()
  await page.getByTestId('new-endpoint').click()
  await page.getByTestId('endpoint-name').fill('bert-prod')
  await page.getByTestId('create-endpoint').click()
  await expect(page.getByTestId('endpoint-bert-prod')).toBeVisible()

  await page.getByTestId('tab-alarms').click()
  await page.getByTestId('new-metric-alarm').click()
  await page.getByTestId('alarm-name').fill('too-many')
  await page.getByTestId('alarm-metric').selectOption('AWS/SageMaker|ModelLatency|EndpointName=bert-prod|VariantName=AllTraffic')
  await page.getByTestId('alarm-evaluation-periods').fill('3')
  await page.getByTestId('alarm-datapoints').fill('5')
  await page.getByTestId('alarm-threshold').fill('200000')
  // From the keyboard: focus the button and press Enter.
  await page.getByTestId('create-alarm').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('alarm-datapoints-error')).toContainText('from 1 to EvaluationPeriods (3)')
  await expect(page.getByTestId('create-alarm')).toBeFocused()
  await expect(page.getByTestId('create-alarm')).toHaveAttribute('aria-disabled', 'false')
})

test('a console form that closes on success gives the focus back to the button that opened it, not to the page', async ({ page, server }) => {
  await openDashboard(page, server)
  await openSandbox(page)
  await createWorld(page, 'Return world')
  await page.getByTestId('tab-endpoints').click()
  await page.getByTestId('new-endpoint').click()
  await page.getByTestId('endpoint-name').fill('bert-prod')
  await page.getByTestId('create-endpoint').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('endpoint-bert-prod')).toBeVisible()
  // The form is gone; its opener has the focus.
  await expect(page.getByTestId('new-endpoint')).toBeFocused()

  await page.getByTestId('tab-alarms').click()
  await page.getByTestId('new-metric-alarm').click()
  await page.getByTestId('alarm-name').fill('bert-p99')
  await page.getByTestId('alarm-metric').selectOption('AWS/SageMaker|ModelLatency|EndpointName=bert-prod|VariantName=AllTraffic')
  await page.getByTestId('alarm-threshold').fill('200000')
  await page.getByTestId('create-alarm').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('alarm-row-bert-p99')).toBeVisible()
  await expect(page.getByTestId('new-metric-alarm')).toBeFocused()
})
