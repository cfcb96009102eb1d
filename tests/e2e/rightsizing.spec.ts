/**
 * The Rightsizing view: cost against latency for every hosting type with the requirement as a
 * region, the advanced Inference Recommender job run visibly to its result and its cost, findings for
 * a sandbox world's running endpoint with its utilization histograms, and purchasing options over a
 * month with their break-even points.
 */
import AxeBuilder from '@axe-core/playwright'
import { type LabServer } from '../helpers/lab-server'
import { expect, openDashboard, screenshot, test } from './fixtures'
import { callApi, horizontalOverflow } from './ux-helpers'

/**
 * A world whose one ml.m5.xlarge serves xgboost-tabular at a steady 7,400 requests a minute for 40 hours:
 * 20% of the instance's CPU (see tests/contract/cost-findings-channels.test.ts for the hand calculation).
 */
async function seedWorld(server: LabServer): Promise<void> {
  const w = await callApi<{ id: string }>(server, 'sandbox.createWorld', { name: 'Churn in production', seed: 'rs-e2e' })
  await callApi(server, 'sandbox.act', {
    worldId: w.id,
    action: {
      type: 'CreateEndpoint',
      EndpointName: 'churn',
      ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1, ModelPreset: 'xgboost-tabular' }],
      Traffic: { pattern: 'steady', baseRpm: 7400, noise: 'none' }
    }
  })
  await callApi(server, 'sandbox.act', { worldId: w.id, action: { type: 'AdvanceClock', Minutes: 40 * 60 } })
  // A second world whose endpoint has run 5 hours: too little for a finding.
  const young = await callApi<{ id: string }>(server, 'sandbox.createWorld', { name: 'Just deployed', seed: 'rs-e2e-young' })
  await callApi(server, 'sandbox.act', {
    worldId: young.id,
    action: {
      type: 'CreateEndpoint',
      EndpointName: 'fresh',
      ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: 1, ModelPreset: 'xgboost-tabular' }],
      Traffic: { pattern: 'steady', baseRpm: 600, noise: 'none' }
    }
  })
  await callApi(server, 'sandbox.act', { worldId: young.id, action: { type: 'AdvanceClock', Minutes: 5 * 60 } })
}

test('rightsizing view: cheapest acceptable type, the load test job, findings of a running endpoint and purchasing options with break-even points', async ({ page, server }) => {
  await seedWorld(server)
  await page.setViewportSize({ width: 1280, height: 800 })
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

  // Findings: the seeded world and its endpoint are picked; 20% CPU on 4 vCPUs is Overprovisioned.
  const findings = page.getByTestId('rs-findings')
  await expect(findings).toContainText('Inference Recommender')
  await page.getByTestId('rs-findings-world').selectOption({ label: 'Churn in production' })
  await expect(page.getByTestId('rs-findings-endpoint')).toHaveValue('churn')
  await page.getByTestId('rs-findings-run').click()
  await expect(findings).toHaveAttribute('data-finding', 'Overprovisioned')
  await expect(page.getByTestId('rs-finding-reasons')).toContainText('CPUOverprovisioned')
  // ($0.23 − $0.056) × 730 h = $127.02 for one ml.t2.medium at 47.75% CPU.
  await expect(page.getByTestId('rs-finding-options')).toContainText('1 × ml.t2.medium')
  await expect(page.getByTestId('rs-finding-options')).toContainText('$127.02')
  await expect(findings.locator('[data-testid="utilization-histogram"] canvas')).toHaveAttribute('aria-label', /CPU: 40 h at 20–30%/)

  // Purchasing: the growing default workload makes serverless overtake the flat plans within the month.
  const purchasing = page.getByTestId('rs-purchasing')
  await expect(purchasing).toHaveAttribute('data-ready', 'true')
  await expect(page.getByTestId('rs-pur-table')).toContainText('Savings Plan 3 years')
  await expect(page.getByTestId('purchasing-month-chart')).not.toHaveAttribute('data-crossings', '0')
  await expect(page.getByTestId('rs-pur-breakevens')).toContainText('cheaper from then on')
  await expect(page.getByTestId('purchasing-month-chart').locator('canvas')).toHaveAttribute('aria-label', /Break-even points: .*Serverless 2048 MB/)

  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
    await screenshot(page, `rightsizing-${theme}`)
    await findings.screenshot({ path: `test-results/screens/rightsizing-findings-${theme}.png` })
    await purchasing.screenshot({ path: `test-results/screens/rightsizing-purchasing-${theme}.png` })
    const axe = await new AxeBuilder({ page }).analyze()
    expect(axe.passes.length).toBeGreaterThan(15)
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `axe, ${theme} theme`).toEqual([])
  }
  await page.setViewportSize({ width: 900, height: 650 })
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await screenshot(page, `rightsizing-900-${theme}`)
    await findings.screenshot({ path: `test-results/screens/rightsizing-900-findings-${theme}.png` })
    await purchasing.screenshot({ path: `test-results/screens/rightsizing-900-purchasing-${theme}.png` })
  }
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0)

  // Five hours of data are refused with Compute Optimizer's 30-hour rule, and the old finding goes.
  await page.getByTestId('rs-findings-world').selectOption({ label: 'Just deployed' })
  await expect(page.getByTestId('rs-findings-endpoint')).toHaveValue('fresh')
  await page.getByTestId('rs-findings-run').click()
  await expect(page.getByTestId('rs-findings-error')).toContainText('at least 30 hours')
  await expect(page.getByTestId('rs-findings-error')).toContainText('5.0 hours')
  await expect(findings).toHaveAttribute('data-finding', '')

  // Bad input is refused naming the field: a concurrency serverless does not allow, a model no instance holds.
  await page.getByTestId('rs-pur-concurrency').fill('500')
  await page.getByTestId('rs-pur-run').click()
  await expect(page.getByTestId('rs-pur-error')).toContainText('options[3].MaxConcurrency')
  await page.getByTestId('rs-memory').fill('2000')
  await page.getByTestId('rs-recommend').click()
  await expect(page.getByTestId('rs-error')).toContainText('model.memoryGiB')
})
