import type { Locator, Page } from '@playwright/test'
import { startLabServer } from '../helpers/lab-server'
import { expect, openDashboard, test } from './fixtures'
import { shotsInBothThemes } from './ux-helpers'

/** Opens the Labs view from the rail and waits for its data (no sleeps). */
async function openLabs(page: Page): Promise<void> {
  await page.getByTestId('nav-labs').click()
  await expect(page.getByTestId('labs')).toHaveAttribute('data-ready', 'true')
}

async function openLab(page: Page, labId: string): Promise<void> {
  await page.getByTestId(`open-lab-${labId}`).click()
  await expect(page.getByTestId('lab-player')).toHaveAttribute('data-ready', 'true')
}

const player = (page: Page): Locator => page.getByTestId('lab-player')

async function runCount(page: Page): Promise<number> {
  return Number(await player(page).getAttribute('data-run-count'))
}

/** Waits until the charts show a run of this step. */
async function stepDrawn(page: Page, stepId: string): Promise<void> {
  await expect(player(page)).toHaveAttribute('data-drawn-step', stepId)
  await expect(player(page)).toHaveAttribute('data-running', 'false')
}

/** Does `change` and waits until the charts have redrawn for it (the player counts redraws). */
async function redrawnAfter(page: Page, change: () => Promise<unknown>): Promise<void> {
  const before = await runCount(page)
  await change()
  await expect(player(page)).not.toHaveAttribute('data-run-count', String(before))
  await expect(player(page)).toHaveAttribute('data-running', 'false')
}

/** The window grown to the content in both themes (ux-helpers), with close-ups of `details` by test id. */
async function bothThemes(page: Page, name: string, details: string[] = []): Promise<void> {
  await shotsInBothThemes(page, `labs-${name}`, Object.fromEntries(details.map((id) => [id, id])))
}

test('latency lab from the Labs view to the final score: a wrong answer explained, a hint, progress kept across a restart, failed checks free, done with a solution shown', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openLabs(page)
  await expect(page.getByTestId('lab-load-errors')).toHaveCount(0)
  await expect(page.getByTestId('labs-coverage')).toContainText('Domain 4 exam items')
  await expect(page.getByTestId('lab-status-latency-alarm-p99')).toHaveText('Not started')
  await bothThemes(page, 'list')

  await openLab(page, 'latency-alarm-p99')
  await expect(page.getByTestId('lab-title')).toHaveText('Latency alarms that page for the right reasons')
  await expect(player(page)).toHaveAttribute('data-step', '0')
  // How scoring works, and what this step takes to pass, before anything is tried.
  await expect(page.getByTestId('scoring-rules')).toContainText('Running a step and checking it are free')
  await expect(page.getByTestId('criterion-statisticIs')).toHaveText('Your alarm evaluates the p99 statistic.')
  await expect(page.getByTestId('criterion-detectsIncident')).toHaveText('Your alarm pages for the model v8 latency regression within 5 minutes of its start.')
  await expect(page.getByTestId('hint-cost')).toContainText('caps this step at 70 %')
  // The default statistic is Average: the alarm chart and the three incidents are drawn.
  await expect(page.getByTestId('metric-chart')).toHaveCount(1)
  await expect(page.getByTestId('incident-legend').locator('li')).toHaveCount(3)
  await expect(page.getByTestId('incident-v8-regression')).toHaveAttribute('data-should-page', 'true')
  await expect(page.getByTestId('tradeoff-chart')).toHaveCount(2)

  // Step 1, wrong: Average of ModelLatency never crosses 250 ms during the regression.
  await expect(page.getByTestId('input-statistic')).toHaveValue('Average')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'false')
  await expect(page.getByTestId('check-statisticIs')).toHaveAttribute('data-pass', 'false')
  await expect(page.getByTestId('check-statisticIs')).toContainText('You alarm on Average; this step needs p99')
  await expect(page.getByTestId('check-detectsIncident')).toContainText('Missed the model v8 latency regression')
  await expect(page.getByTestId('score-missed')).toHaveText('1')
  await bothThemes(page, 'step1-wrong')

  await page.getByTestId('hint').click()
  await expect(page.getByTestId('hint-0')).toContainText('Hint 1 of 3')
  await expect(page.getByTestId('hint-0')).toContainText('stated as a percentile')
  await expect(page.getByTestId('hint')).toHaveText('Hint (2 of 3)')

  // Right: p99 pages for the regression within the 5 minutes.
  await redrawnAfter(page, () => page.getByTestId('input-statistic').selectOption('p99'))
  await expect(page.getByTestId('score-detected')).toHaveText('1 of 1')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'true')
  await expect(page.getByTestId('explanation')).toContainText('A latency objective written as "p99 ≤ 250 ms"')
  await expect(page.getByTestId('rail-step-0')).toHaveAttribute('data-state', 'passed')
  await bothThemes(page, 'step1-passed', ['alarm-run', 'tradeoff'])

  // Step 2: start it, set N, then close the app.
  await page.getByTestId('next-step').click()
  await expect(player(page)).toHaveAttribute('data-step', '1')
  await expect(page.getByTestId('step-title')).toHaveText('Stop the lone spikes from paging: M of N')
  await stepDrawn(page, 'm-of-n')
  await redrawnAfter(page, () => page.getByTestId('input-evaluationPeriods').fill('5'))

  // Close and reopen the app on the same data folder.
  await server.stop()
  const again = await startLabServer(server.dataDir)
  try {
    await openDashboard(page, again)
    await openLabs(page)
    await expect(page.getByTestId('lab-status-latency-alarm-p99')).toHaveText('In progress')
    await openLab(page, 'latency-alarm-p99')
    await expect(player(page)).toHaveAttribute('data-step', '1')
    await expect(page.getByTestId('rail-step-0')).toHaveAttribute('data-state', 'passed')
    await expect(page.getByTestId('input-evaluationPeriods')).toHaveValue('5')
    await expect(page.getByTestId('input-datapointsToAlarm')).toHaveValue('1')
    await stepDrawn(page, 'm-of-n')

    // Step 2, wrong first (N = 5 with M = 1 still pages on each lone spike): a failed check costs nothing.
    await page.getByTestId('check').click()
    await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'false')
    // Right: 3 of 5 ignores the lone spikes and pages for the regression.
    await redrawnAfter(page, () => page.getByTestId('input-datapointsToAlarm').fill('3'))
    await expect(page.getByTestId('score-false-alarms')).toHaveText('0')
    await bothThemes(page, 'step2', ['tradeoff', 'scorecard'])
    await page.getByTestId('check').click()
    await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'true')
    await expect(page.getByTestId('step-passed')).toHaveText('✓ Solved')
    // Re-checking a wrong setting after the pass, and a hint opened now, do not lower the step.
    await redrawnAfter(page, () => page.getByTestId('input-datapointsToAlarm').fill('1'))
    await page.getByTestId('check').click()
    await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'false')
    await expect(page.getByTestId('hint-cost')).toContainText('free now: this step is already solved')
    await page.getByTestId('hint').click()
    await expect(page.getByTestId('step-passed')).toHaveText('✓ Solved')
    await expect(page.getByTestId('rail-step-1')).toHaveAttribute('data-state', 'passed')
    await page.getByTestId('next-step').click()

    // Step 3 with the solution shown: it asks first, then fills in 2 of 3.
    await expect(player(page)).toHaveAttribute('data-step', '2')
    await stepDrawn(page, 'longer-period')
    await page.getByTestId('show-solution').click()
    await expect(page.getByTestId('solution-confirm')).toContainText('scores it 30 % instead of 100 %')
    await page.getByTestId('solution-confirm-yes').click()
    await expect(page.getByTestId('hint-cost')).toContainText('free: the solution is already shown')
    await expect(page.getByTestId('input-evaluationPeriods')).toHaveValue('3')
    await expect(page.getByTestId('input-datapointsToAlarm')).toHaveValue('2')
    await expect(page.getByTestId('explanation')).toContainText('A longer period smooths an **average**'.replace(/\*\*/g, ''))
    await page.getByTestId('check').click()
    await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'true')
    await expect(page.getByTestId('rail-step-2')).toHaveAttribute('data-state', 'assisted')
    await bothThemes(page, 'step3-solution')
    await page.getByTestId('next-step').click()

    // Checkpoint: the answers in resources/labs/latency-alarm-p99.yaml.
    await expect(player(page)).toHaveAttribute('data-step', '3')
    await page.getByTestId('choice-statistic-for-slo-1').check()
    await page.getByTestId('choice-m-of-n-meaning-1').check()
    await page.getByTestId('choice-spike-not-incident-2').check()
    await page.getByTestId('choice-after-the-page-0').check()
    await page.getByTestId('choice-after-the-page-1').check()
    await page.getByTestId('choice-key-latency-metrics-1').check()
    await page.getByTestId('submit-answers').click()
    for (const q of ['statistic-for-slo', 'm-of-n-meaning', 'spike-not-incident', 'after-the-page', 'key-latency-metrics']) {
      await expect(page.getByTestId(`question-result-${q}`)).toHaveAttribute('data-correct', 'true')
    }
    // Steps 70 %: step 1 solved after a hint 0.7, step 2 solved (its failed checks are free) 1, step 3 with the solution 0.3
    // → (0.7 + 1 + 0.3) / 3 × 70 = 46.67; questions 5 of 5 → 30; total 76.67, shown as 77.
    await expect(page.getByTestId('final-score-value')).toHaveText('77')
    await expect(page.getByTestId('final-status')).toHaveText('Done, solution shown')
    await expect(page.getByTestId('final-step-pick-statistic')).toHaveAttribute('data-outcome', 'solved-with-hints')
    await expect(page.getByTestId('final-step-m-of-n')).toHaveAttribute('data-outcome', 'solved')
    await expect(page.getByTestId('final-step-longer-period')).toHaveAttribute('data-outcome', 'solution-shown')
    await expect(page.getByTestId('final-questions')).toContainText('5 of 5 right')
    await bothThemes(page, 'checkpoint')

    await page.getByTestId('done-back').click()
    await expect(page.getByTestId('labs')).toHaveAttribute('data-ready', 'true')
    await expect(page.getByTestId('lab-status-latency-alarm-p99')).toHaveText('Done, solution shown')
    await expect(page.getByTestId('lab-score-latency-alarm-p99')).toHaveText('77 / 100')
  } finally {
    await again.stop()
  }
})

test('an input the alarm refuses is explained beside its field and is not graded', async ({ page, server }) => {
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'latency-alarm-p99')
  await page.getByTestId('rail-step-1').click()
  await expect(player(page)).toHaveAttribute('data-step', '1')
  await expect(page.getByTestId('step-title')).toHaveText('Stop the lone spikes from paging: M of N')
  await stepDrawn(page, 'm-of-n')
  await redrawnAfter(page, () => page.getByTestId('input-evaluationPeriods').fill('2'))
  await page.getByTestId('input-datapointsToAlarm').fill('3')
  await expect(page.getByTestId('input-datapointsToAlarm-error')).toHaveText('DatapointsToAlarm (M): must be a whole number from 1 to EvaluationPeriods (2)')
  await expect(page.getByTestId('input-datapointsToAlarm')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByTestId('stale-note')).toBeVisible()
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-verdict')).toHaveText('Not graded: fix the marked inputs first.')
  await bothThemes(page, 'bad-input')

  // A Threshold outside the input's range, in another lab.
  await page.getByTestId('back-to-labs').click()
  await expect(page.getByTestId('labs')).toHaveAttribute('data-ready', 'true')
  await openLab(page, 'errors-missing-data')
  await page.getByTestId('rail-step-2').click()
  await expect(player(page)).toHaveAttribute('data-step', '2')
  await stepDrawn(page, 'error-rate')
  await page.getByTestId('input-threshold').fill('5000')
  await expect(page.getByTestId('input-threshold-error')).toContainText('must be at most 1000')
  // Fixing it clears the message.
  await redrawnAfter(page, () => page.getByTestId('input-threshold').fill('20'))
  await expect(page.getByTestId('input-threshold-error')).toHaveCount(0)
})

test('composite and CloudTrail steps; another scenario moves the incidents and its seed replays the same numbers', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'composite-and-cloudtrail')

  // Composite: each child's chart and the states side by side.
  await stepDrawn(page, 'composite-rule')
  await expect(page.getByTestId('composite-run')).toBeVisible()
  await expect(page.getByTestId('metric-chart')).toHaveCount(2)
  await redrawnAfter(page, async () => {
    await page.getByTestId('input-alarmRule').fill('ALARM("recsys-latency-p99") AND ALARM("recsys-5xx-rate")')
    await page.getByTestId('input-alarmRule').press('Enter')
  })
  await expect(page.getByTestId('score-false-alarms')).toHaveText('0')
  await bothThemes(page, 'composite', ['composite-run'])
  const seed = await page.getByTestId('lab-seed').innerText()
  const when = (await page.getByTestId('incident-legend').first().textContent()) ?? ''

  await redrawnAfter(page, () => page.getByTestId('another-scenario').click())
  await expect(page.getByTestId('lab-seed')).not.toHaveText(seed)
  await expect(page.getByTestId('incident-legend').first()).not.toHaveText(when)
  await page.getByTestId('seed-input').fill(seed)
  await redrawnAfter(page, () => page.getByTestId('use-seed').click())
  await expect(page.getByTestId('lab-seed')).toHaveText(seed)
  await expect(page.getByTestId('incident-legend').first()).toHaveText(when)

  // CloudTrail: CloudWatch cannot say who; LookupEvents by EventName can.
  await page.getByTestId('rail-step-1').click()
  await expect(player(page)).toHaveAttribute('data-step', '1')
  await stepDrawn(page, 'who-deleted')
  await expect(page.getByTestId('cloudwatch-view')).toBeVisible()
  await redrawnAfter(page, () => page.getByTestId('input-service').selectOption('CloudTrail'))
  await redrawnAfter(page, () => page.getByTestId('input-attributeKey').selectOption('EventName'))
  await redrawnAfter(page, () => page.getByTestId('input-attributeValue').fill('DeleteEndpoint'))
  await expect(page.getByTestId('audit-event-DeleteEndpoint')).toContainText('marco.ds')
  await page.getByTestId('input-username').selectOption('marco.ds')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'true')
  await bothThemes(page, 'cloudtrail')
})
