/**
 * The Monitoring view (issue #10, "Bring your own data"): two small CSV files uploaded, the
 * monitor.driftReport job's progress seen to the end, the drifted feature flagged (x: 1..20 against
 * 11..30, KS p = 0.0123 by scipy.stats.ks_2samp, see tests/unit/main/monitor-report-job.test.ts),
 * the text in a numeric column reported as a data_type_check finding, both exports downloaded, a
 * broken row named with its file and line; the example pair; "Compare two samples"; axe-clean in
 * both themes; one column at 900 × 650.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, openDashboard, test } from './fixtures'
import { callApi, fullShot, horizontalOverflow, setTheme, windowShot } from './ux-helpers'

const fixtures = join(__dirname, '../fixtures/monitor')

test('two CSV files compared as a job: progress to the end, the drifted feature flagged, the type finding, exports, axe clean in both themes', async ({ page, server }) => {
  await openDashboard(page, server)
  await page.getByRole('link', { name: 'Monitoring' }).click()
  await expect(page.getByTestId('monitoring')).toBeVisible()
  await expect(page.getByTestId('byod-empty')).toBeVisible()
  await page.getByTestId('byod-baseline').setInputFiles(join(fixtures, 'baseline-small.csv'))
  await page.getByTestId('byod-current').setInputFiles(join(fixtures, 'current-small.csv'))
  await expect(page.getByTestId('byod-current-name')).toContainText('current-small.csv: about 20 rows')
  await page.getByTestId('byod-run').click()
  await expect(page.getByTestId('monitoring')).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 })
  await expect(page.getByTestId('byod-progress')).toContainText('100 %')
  await expect(page.getByTestId('byod-progress').getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100')

  await expect(page.getByTestId('report-row-x')).toHaveAttribute('data-drift', 'yes')
  await expect(page.getByTestId('report-row-y')).toHaveAttribute('data-drift', 'no')
  await expect(page.getByTestId('report-row-plan')).toHaveAttribute('data-drift', 'no')
  await expect(page.getByTestId('report-row-x')).toContainText('0.0123 ≤ 0.05')
  await expect(page.getByTestId('report-summary')).toContainText('1 of 3 features drifted (x)')
  await expect(page.getByTestId('finding-data_type_check-y')).toContainText('1 of 20 current values')
  // The drifted feature is selected: its distributions charted, its statistics listed.
  await expect(page.getByTestId('feature-detail').getByRole('heading', { name: 'Feature x', exact: true })).toBeVisible()
  await expect(page.getByTestId('drift-chart').locator('canvas')).toBeVisible()
  await expect(page.getByTestId('feature-statistics')).toContainText('Kolmogorov–Smirnov statistic D')

  const csv = page.waitForEvent('download')
  await page.getByTestId('export-csv').click()
  const csvFile = await csv
  expect(csvFile.suggestedFilename()).toBe('drift-report-current-small.csv')
  const csvText = readFileSync((await csvFile.path())!, 'utf8')
  expect(csvText.split('\r\n')[0]).toMatch(/^feature,inferred_type,/)
  expect(csvText).toContain('x,Integral,20,0,20,0,0,ks,')
  const html = page.waitForEvent('download')
  await page.getByTestId('export-html').click()
  const htmlFile = await html
  expect(htmlFile.suggestedFilename()).toBe('drift-report-current-small.html')
  expect(readFileSync((await htmlFile.path())!, 'utf8')).toContain('<title>Drift report: current-small.csv against baseline-small.csv</title>')

  await page.getByTestId('monitor-simplifications').locator('summary').click()
  await expect(page.getByTestId('monitor-simplifications').locator('li').first()).toBeVisible()
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await fullShot(page, `monitoring-${theme}`)
    const axe = await new AxeBuilder({ page }).analyze()
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  }
  await page.setViewportSize({ width: 900, height: 650 })
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1)
  await fullShot(page, 'monitoring-900')
  // What the learner sees at 900 × 650 with the report's chart in view: the rail still fits.
  await page.getByTestId('drift-chart').scrollIntoViewIfNeeded()
  await windowShot(page, 'monitoring-900x650')
  const rail = await page.locator('nav.rail').evaluate((el) => el.scrollHeight - el.clientHeight)
  expect(rail).toBeLessThanOrEqual(1)
})

test('a broken row is named with its file and line; the example pair and an override; compare two samples', async ({ page, server }) => {
  await openDashboard(page, server)
  await page.goto(`${server.url}#/monitoring`)
  await page.getByTestId('byod-baseline').setInputFiles(join(fixtures, 'baseline-small.csv'))
  await page.getByTestId('byod-current').setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y,plan\n1,2,a\n3,4\n') })
  await page.getByTestId('byod-run').click()
  await expect(page.getByTestId('byod-current-error')).toHaveText('broken.csv: line 3: expected 3 fields as in the header, found 2')

  await page.getByTestId('example-change').selectOption('dataDrift')
  await page.getByTestId('example-rows').fill('3000')
  await page.getByTestId('example-load').click()
  await expect(page.getByTestId('example-description')).toContainText('user_age shifted by one standard deviation')
  const saved = page.waitForEvent('download')
  await page.getByTestId('example-save-current').click()
  const example = readFileSync((await (await saved).path())!, 'utf8').split('\n')
  expect(example[0]).toBe('user_age,session_minutes,items_viewed,device')
  expect(example.filter((l) => l.length > 0)).toHaveLength(3001)
  await page.getByTestId('byod-run').click()
  await expect(page.getByTestId('monitoring')).toHaveAttribute('data-state', 'succeeded', { timeout: 30_000 })
  await expect(page.getByTestId('report-row-user_age')).toHaveAttribute('data-drift', 'yes')
  await expect(page.getByTestId('report-row-device')).toHaveAttribute('data-drift', 'no')
  // 3,000 baseline values: normed Wasserstein at 0.1 by default; a threshold of 5 lets the shift pass.
  await expect(page.getByTestId('report-row-user_age')).toContainText('normed Wasserstein distance')
  await page.getByTestId('override-threshold').fill('5')
  await page.getByTestId('override-apply').click()
  await expect(page.getByTestId('report-row-user_age')).toHaveAttribute('data-drift', 'no', { timeout: 30_000 })
  await expect(page.getByTestId('report-row-user_age')).toContainText('(yours)')

  await page.getByTestId('compare-example-numeric').click()
  await expect(page.getByTestId('compare-samples')).toContainText('20 numbers')
  await page.getByTestId('compare-samples-run').click()
  // scipy.stats.ks_2samp(range(1, 21), range(11, 31)): D = 0.5, p = 0.012298612583953778.
  await expect(page.getByTestId('compare-samples-result-verdict')).toContainText('Drift by Kolmogorov–Smirnov p-value: 0.0123 ≤ 0.05')
  await fullShot(page, 'monitoring-compare-light')
  await page.getByTestId('compare-baseline').fill('')
  await page.getByTestId('compare-samples-run').click()
  await expect(page.getByTestId('compare-baseline-error')).toBeVisible()
})

/** The set-up of tests/unit/sandbox/monitor/service.test.ts: capture, baselines, an hourly data quality and model quality schedule, user_age drifted +2 sd, a retraining run. */
const SET_UP = [
  {
    type: 'CreateEndpoint',
    EndpointName: 'rec',
    ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 3, Model: { name: 'ctr-model', cpuMsPerRequest: 6, memoryGiB: 0.5, payloadKiB: 2, clientErrorRate: 0 } }],
    Traffic: { pattern: 'steady', baseRpm: 600, noise: 'none' }
  },
  { type: 'EnableDataCapture', EndpointName: 'rec', DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: 20, DestinationS3Uri: 's3://bucket/capture', CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }] } },
  { type: 'PutGroundTruth', EndpointName: 'rec', GroundTruthLagHours: 1 },
  { type: 'CreateBaseliningJob', ProcessingJobName: 'base', EndpointName: 'rec', TrainingDataDays: 7 },
  { type: 'CreateBaseliningJob', ProcessingJobName: 'mq-base', EndpointName: 'rec', TrainingDataDays: 7, MonitoringType: 'ModelQuality' },
  { type: 'AdvanceClock', Minutes: 10 },
  {
    type: 'CreateMonitoringSchedule',
    MonitoringScheduleName: 'hourly',
    MonitoringScheduleConfig: { ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' }, MonitoringType: 'DataQuality', MonitoringJobDefinition: { BaselineConfig: { BaseliningJobName: 'base' }, MonitoringInputs: [{ EndpointInput: { EndpointName: 'rec' } }] } }
  },
  {
    type: 'CreateMonitoringSchedule',
    MonitoringScheduleName: 'mq',
    MonitoringScheduleConfig: {
      ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)', DataAnalysisStartTime: '-PT2H', DataAnalysisEndTime: '-PT1H' },
      MonitoringType: 'ModelQuality',
      MonitoringJobDefinition: { BaselineConfig: { BaseliningJobName: 'mq-base' }, MonitoringInputs: [{ EndpointInput: { EndpointName: 'rec' } }], GroundTruthS3Input: { S3Uri: 's3://bucket/ground-truth' }, ProblemType: 'BinaryClassification' }
    }
  },
  { type: 'CreatePipeline', PipelineName: 'retrain', EndpointName: 'rec', ModelPackageGroupName: 'rec-models', TrainingDataDays: 1, TrainingMinutes: 30 },
  { type: 'AdvanceClock', Minutes: 170 },
  { type: 'InjectDataChange', EndpointName: 'rec', StartsInMinutes: 0, Change: { kind: 'dataDrift', Feature: 'user_age', Shift: 2 } },
  { type: 'AdvanceClock', Minutes: 240 },
  { type: 'StartPipelineExecution', PipelineName: 'retrain' },
  { type: 'AdvanceClock', Minutes: 120 }
]

test('sandbox schedules: a monitored endpoint of a world, its drift chart with the threshold and a CompletedWithViolations run with its violations', async ({ page, server }) => {
  const w = await callApi<{ id: string }>(server, 'sandbox.createWorld', { name: 'Monitored recommender', seed: 'monitoring-e2e' })
  for (const action of SET_UP) await callApi(server, 'sandbox.act', { worldId: w.id, action })
  await openDashboard(page, server)
  await page.goto(`${server.url}#/monitoring`)
  const panel = page.getByTestId('sched')
  await panel.getByTestId('sched-world').selectOption({ label: 'Monitored recommender' })
  await expect(panel.getByTestId('sched-endpoint')).toHaveValue('rec')
  await expect(panel.getByTestId('sched-endpoint-facts')).toContainText('ground-truth labels arrive 1 h after each inference')
  const dq = panel.getByTestId('sched-hourly')
  // The newest drift violation's feature is charted first: user_age, against the default comparison_threshold 0.1.
  await expect(dq.getByTestId('sched-feature')).toHaveValue('user_age')
  await expect(dq.getByTestId('sched-drift-chart').locator('canvas')).toBeVisible()
  await expect(dq.getByTestId('sched-drift-chart').getByRole('img')).toHaveAttribute('aria-label', /threshold 0\.1/)
  const flagged = dq.locator('tr[data-status="CompletedWithViolations"]').first()
  await expect(flagged).toBeVisible()
  await flagged.getByTestId('sched-violations').locator('summary').click()
  await expect(flagged.getByTestId('sched-violations')).toContainText('baseline_drift_check')
  await expect(flagged.getByTestId('sched-violations')).toContainText('user_age')
  const mq = panel.getByTestId('sched-mq')
  await expect(mq.getByTestId('sched-quality-chart').locator('canvas')).toBeVisible()
  await expect(mq.getByTestId('sched-quality-chart').getByRole('img')).toHaveAttribute('aria-label', /retrain started/)
  await expect(panel.getByTestId('sched-retraining')).toContainText('Pipeline retrain: Succeeded')
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await fullShot(page, `monitoring-schedules-${theme}`)
    const axe = await new AxeBuilder({ page }).include('[data-testid="sched"]').analyze()
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
  }
  await page.setViewportSize({ width: 900, height: 650 })
  // The charts redraw at the new width on their resize observer: poll until they have.
  await expect.poll(() => horizontalOverflow(page)).toBeLessThanOrEqual(1)
})
