import type { Page } from '@playwright/test'
import { expect, openDashboard, screenshot, test } from './fixtures'
import { openSandbox, shotsInBothThemes } from './ux-helpers'

async function createWorld(page: Page, name: string, seed?: string): Promise<void> {
  await page.getByTestId('world-name').fill(name)
  if (seed) await page.getByTestId('world-seed').fill(seed)
  await page.getByTestId('create-world').click()
  await expect(page.getByTestId('world-title')).toHaveText(name)
  await expect(page.getByTestId('sandbox')).toHaveAttribute('data-ready', 'true')
}

/** ml.m5.xlarge × 1 serving bert-base-text at a steady 300 requests/min. */
async function createEndpoint(page: Page, name: string, screenshotName?: string): Promise<void> {
  await page.getByTestId('tab-endpoints').click()
  await page.getByTestId('new-endpoint').click()
  await page.getByTestId('endpoint-name').fill(name)
  await page.getByTestId('endpoint-instance-type').selectOption('ml.m5.xlarge')
  await page.getByTestId('endpoint-instance-count').fill('1')
  await page.getByTestId('endpoint-model').selectOption('bert-base-text')
  await page.getByTestId('traffic-pattern').selectOption('steady')
  await page.getByTestId('traffic-base-rpm').fill('300')
  await expect(page.getByTestId('instance-details')).toContainText('4 vCPU')
  await expect(page.getByTestId('instance-details')).toContainText('Prices are illustrative, as of')
  if (screenshotName) await shotsInBothThemes(page, `sandbox-${screenshotName}`)
  await page.getByTestId('create-endpoint').click()
  await expect(page.getByTestId(`endpoint-${name}`)).toBeVisible()
}

const latencyMetric = (endpoint: string): string => `AWS/SageMaker|ModelLatency|EndpointName=${endpoint}|VariantName=AllTraffic`

async function fillAlarm(page: Page, o: { name: string; endpoint: string; threshold: string; evaluationPeriods: string; datapoints: string }): Promise<void> {
  await page.getByTestId('tab-alarms').click()
  await page.getByTestId('new-metric-alarm').click()
  await page.getByTestId('alarm-name').fill(o.name)
  await page.getByTestId('alarm-metric').selectOption(latencyMetric(o.endpoint))
  await page.getByTestId('alarm-stat').selectOption('p99')
  await page.getByTestId('alarm-period').fill('300')
  await page.getByTestId('alarm-evaluation-periods').fill(o.evaluationPeriods)
  await page.getByTestId('alarm-datapoints').fill(o.datapoints)
  await page.getByTestId('alarm-operator').selectOption('GreaterThanThreshold')
  await page.getByTestId('alarm-threshold').fill(o.threshold)
  await page.getByTestId('create-alarm').click()
}

test('a p99 latency alarm set below the endpoint’s latency goes to ALARM: badge, shaded chart and history', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openSandbox(page)
  await shotsInBothThemes(page, 'sandbox-worlds')
  await createWorld(page, 'Latency drill', 'drill-42')
  await expect(page.getByTestId('world-seed-value')).toHaveText('drill-42')
  await expect(page).toHaveURL(/\/sandbox\?world=/)
  await createEndpoint(page, 'bert-prod', 'create-endpoint')

  await page.getByTestId('advance-day').click()
  await expect(page.getByTestId('clock')).toHaveText('2026-01-06T00:00:00Z')
  // 300 requests/min for 1440 minutes ≈ 432,000 (Poisson draws, so not exactly).
  const requests = Number((await page.getByTestId('endpoint-requests').innerText()).replace(/,/g, ''))
  expect(requests).toBeGreaterThan(400_000)
  expect(requests).toBeLessThan(460_000)
  await shotsInBothThemes(page, 'sandbox-endpoints')

  // bert-base-text is 90 ms of CPU per request, so p99 sits far above 50 ms (50,000 µs): every period breaches.
  await fillAlarm(page, { name: 'latency-p99', endpoint: 'bert-prod', threshold: '50000', evaluationPeriods: '3', datapoints: '3' })
  await expect(page.getByTestId('alarm-row-latency-p99').getByTestId('alarm-state')).toHaveAttribute('data-state', 'INSUFFICIENT_DATA')
  await page.getByTestId('advance-hour').click()
  await expect(page.getByTestId('clock')).toHaveText('2026-01-06T01:00:00Z')

  await expect(page.getByTestId('alarm-row-latency-p99').getByTestId('alarm-state')).toHaveAttribute('data-state', 'ALARM')
  await expect(page.getByTestId('tab-alarms')).toContainText('1 in alarm')
  const details = page.getByTestId('alarm-details')
  await expect(details.getByTestId('alarm-state').first()).toHaveAttribute('data-state', 'ALARM')
  const chart = details.getByTestId('metric-chart')
  await expect(chart).not.toHaveAttribute('data-points', '0')
  await expect(chart).toHaveAttribute('data-alarm-runs', '1')
  const transition = details.getByTestId('alarm-history-row').first()
  await expect(transition).toContainText('Threshold Crossed')
  await expect(transition.getByTestId('alarm-state').last()).toHaveAttribute('data-state', 'ALARM')
  await shotsInBothThemes(page, 'sandbox-alarms')

  // Hold the week-long AdvanceClock at the host until the progress indicator has been checked.
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/api/sandbox.act', async (route) => {
    await held
    await route.continue()
  })
  await page.emulateMedia({ colorScheme: 'light' })
  await page.getByTestId('advance-week').click()
  await expect(page.getByTestId('simulating')).toHaveText('Simulating 7 days…')
  await expect(page.getByTestId('clock-controls')).toHaveAttribute('aria-busy', 'true')
  await expect(page.getByTestId('advance-hour')).toBeDisabled()
  await expect(page.getByTestId('advance-week')).toBeDisabled()
  await screenshot(page, 'sandbox-simulating-light')
  release()
  await expect(page.getByTestId('clock')).toHaveText('2026-01-13T01:00:00Z')
  await expect(page.getByTestId('clock-controls')).toHaveAttribute('aria-busy', 'false')
  await page.unroute('**/api/sandbox.act')

  await page.getByTestId('tab-metrics').click()
  await expect(page.getByTestId('metric-select')).toHaveValue(latencyMetric('bert-prod'))
  await expect(page.getByTestId('metric-chart')).not.toHaveAttribute('data-points', '0')
  await shotsInBothThemes(page, 'sandbox-metrics')
})

test('DatapointsToAlarm above EvaluationPeriods is refused beside the field and creates no alarm', async ({ page, server }) => {
  await openDashboard(page, server)
  await openSandbox(page)
  await createWorld(page, 'Bad alarm')
  await createEndpoint(page, 'bert-prod')
  await page.getByTestId('advance-hour').click()
  await expect(page.getByTestId('clock')).toHaveText('2026-01-05T01:00:00Z')

  await fillAlarm(page, { name: 'too-many', endpoint: 'bert-prod', threshold: '200000', evaluationPeriods: '3', datapoints: '5' })
  await expect(page.getByTestId('alarm-datapoints-error')).toContainText('from 1 to EvaluationPeriods (3)')
  await expect(page.getByTestId('alarm-datapoints')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByTestId('metric-alarm-error')).toBeVisible()
  await expect(page.getByTestId('no-alarms')).toBeVisible()
  await shotsInBothThemes(page, 'sandbox-alarm-error')
})

test('CloudTrail event history shows CreateEndpoint and its record', async ({ page, server }) => {
  await openDashboard(page, server)
  await openSandbox(page)
  await createWorld(page, 'Audit')
  await createEndpoint(page, 'bert-prod')

  await page.getByTestId('tab-cloudtrail').click()
  await expect(page.getByTestId('ct-row').filter({ hasText: 'CreateEndpointConfig' })).toHaveCount(1)
  await page.getByTestId('ct-attribute').selectOption('EventName')
  await page.getByTestId('ct-value').fill('CreateEndpoint')
  await page.getByTestId('ct-search').click()
  await expect(page.getByTestId('ct-row')).toHaveCount(1)
  await page.getByTestId('ct-row').getByRole('button', { name: 'CreateEndpoint' }).click()
  await expect(page.getByTestId('ct-json')).toContainText('"eventName": "CreateEndpoint"')
  await expect(page.getByTestId('ct-json')).toContainText('"endpointName": "bert-prod"')
  await shotsInBothThemes(page, 'sandbox-cloudtrail')
})

test('the sandbox tabs follow the arrow keys, and Continue on the dashboard reopens the world', async ({ page, server }) => {
  await openDashboard(page, server)
  await openSandbox(page)
  await createWorld(page, 'Keyboard world')

  await page.getByTestId('tab-endpoints').focus()
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('tab-metrics')).toBeFocused()
  await expect(page.getByTestId('tab-metrics')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('End')
  await expect(page.getByTestId('tab-cost')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('ArrowRight')
  await expect(page.getByTestId('tab-endpoints')).toHaveAttribute('aria-selected', 'true')

  await page.getByTestId('tab-eventbridge').click()
  await page.getByTestId('rule-pattern').fill('{"source": "aws.cloudwatch"}')
  await page.getByTestId('put-rule').click()
  await expect(page.getByTestId('rule-pattern-error')).toContainText('must be an array')
  await shotsInBothThemes(page, 'sandbox-eventbridge')

  await page.getByTestId('nav-dashboard').click()
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-ready', 'true')
  await page.getByTestId('continue').click()
  await expect(page.getByTestId('sandbox')).toHaveAttribute('data-ready', 'true')
  await expect(page.getByTestId('world-title')).toHaveText('Keyboard world')
})

test('an endpoint is resized and autoscaled, a latency regression fires an alarm, and its SNS action and EventBridge rule both deliver', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openSandbox(page)
  await createWorld(page, 'Operations')
  await createEndpoint(page, 'bert-prod')
  const card = page.getByTestId('endpoint-bert-prod')

  await card.getByTestId('endpoint-update').click()
  await card.getByTestId('update-instance-count').fill('2')
  await expect(card.getByTestId('update-endpoint')).toBeEnabled() // once the deployed model is read back
  await card.getByTestId('update-endpoint').click()
  await expect(card.getByTestId('variant-count')).toHaveText('2')

  await card.getByTestId('endpoint-scaling').click()
  await card.getByRole('button', { name: 'Put scaling policy' }).click()
  await expect(card).toContainText('target 200 invocations/instance/min, 1–4 instances')

  // The regression triples latency from 8 to 10 hours from now: p99 ≈ 240 ms × 3 ≈ 720 ms > 500 ms.
  await card.getByTestId('endpoint-incident').click()
  await card.getByTestId('incident-kind').selectOption('latencyRegression')
  await card.getByTestId('incident-starts').fill('480')
  await card.getByTestId('incident-duration').fill('120')
  await card.getByTestId('incident-factor').fill('3')
  await card.getByTestId('inject-incident').click()
  await expect(card.getByTestId('incident-form')).toBeHidden()

  await page.getByTestId('tab-eventbridge').click()
  await page.getByTestId('put-rule').click()
  await expect(page.getByTestId('rule-list')).toContainText('alarm-to-sns')
  await page.getByTestId('put-targets').click()
  await expect(page.getByTestId('rule-list')).toContainText('sns-ml-alerts')

  // Metrics are listed once they have datapoints, as with CloudWatch ListMetrics: let the endpoint serve a while.
  await page.getByTestId('advance-custom').click() // the default custom step: 6 hours
  await expect(page.getByTestId('clock')).toHaveText('2026-01-05T06:00:00Z')
  await page.getByTestId('tab-alarms').click()
  await page.getByTestId('new-metric-alarm').click()
  await page.getByTestId('alarm-name').fill('latency-p99')
  await page.getByTestId('alarm-metric').selectOption(latencyMetric('bert-prod'))
  await page.getByTestId('alarm-threshold').fill('500000')
  await page.getByTestId('alarm-action').fill('arn:aws:sns:us-east-1:111122223333:ml-alerts')
  await page.getByTestId('create-alarm').click()
  await expect(page.getByTestId('alarm-row-latency-p99')).toBeVisible()

  await page.getByTestId('advance-day').click()
  await expect(page.getByTestId('clock')).toHaveText('2026-01-06T06:00:00Z')
  // Fired during the regression, recovered after it.
  await expect(page.getByTestId('alarm-row-latency-p99').getByTestId('alarm-state')).toHaveAttribute('data-state', 'OK')
  await expect(page.getByTestId('alarm-history-row').filter({ hasText: 'Threshold Crossed' })).not.toHaveCount(0)
  await expect(page.getByTestId('alarm-details').getByTestId('metric-chart')).toHaveAttribute('data-alarm-runs', '1')
  await shotsInBothThemes(page, 'sandbox-alarm-recovered')

  await page.getByTestId('tab-eventbridge').click()
  const rows = page.getByTestId('notification-row')
  await expect(rows.filter({ hasText: 'CloudWatch alarm action' })).not.toHaveCount(0)
  await expect(rows.filter({ hasText: 'EventBridge' }).first()).toContainText('CloudWatch Alarm State Change')
  await shotsInBothThemes(page, 'sandbox-notifications')

  await page.getByTestId('tab-endpoints').click()
  await shotsInBothThemes(page, 'sandbox-endpoints-managed')
})
