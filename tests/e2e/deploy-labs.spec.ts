/**
 * The deployment labs in the lab player: lab "The alarm that makes a canary roll back" from the
 * default (no auto-rollback alarm: the whole fleet switches to the bad version) to a 1% 5XX alarm
 * that rolls the canary back, its check passed, the checkpoint questions answered and the lab done.
 * Screenshots of the result panel in both themes and at 900×650.
 */
import { expect, openDashboard, screenshot, test } from './fixtures'
import { openLab, openLabs, redrawnAfter, shotsInBothThemes } from './ux-helpers'

test('canary rollback lab: without an alarm the canary completes on a bad version; a 1% 5XX alarm rolls it back; the lab is done', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'deploy-canary-rollback')
  const player = page.getByTestId('lab-player')
  await expect(player).toHaveAttribute('data-drawn-step', 'rollback-alarm')
  const results = page.getByTestId('deploy-results')
  // The default names no alarm: the deployment completes and the new version answers everyone.
  await expect(page.getByTestId('deploy-outcome')).toHaveText('COMPLETED')
  await expect(results).toContainText('no auto-rollback alarm')
  await expect(results.locator('canvas')).toHaveCount(1)
  await expect(page.getByTestId('fixed-settings')).toContainText('30% of its requests fail (5XX)')
  await page.getByText('The call your settings make').click()
  await expect(page.getByTestId('deploy-call')).toContainText('"Type": "CANARY"')
  await shotsInBothThemes(page, 'deploy-labs-no-alarm', { panel: 'deploy-results' })

  await redrawnAfter(page, () => page.getByTestId('input-alarm').selectOption('fraud-5xx'))
  // 5% is above what a 10% canary failing 30% moves the variant to (3%): it fires only after the full shift.
  await expect(page.getByTestId('deploy-outcome')).toHaveText('ROLLED_BACK')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'false')
  await redrawnAfter(page, () => page.getByTestId('input-threshold').fill('0.01'))
  await expect(page.getByTestId('deploy-outcome')).toHaveText('ROLLED_BACK')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'true')
  await shotsInBothThemes(page, 'deploy-labs-rolled-back', { panel: 'deploy-results' })
  await page.setViewportSize({ width: 900, height: 650 })
  await screenshot(page, 'deploy-labs-rolled-back-900')
  await page.setViewportSize({ width: 1280, height: 800 })

  await page.getByTestId('next-step').click()
  await page.getByTestId('choice-no-alarm-canary-1').check()
  await page.getByTestId('choice-diluted-signal-2').check()
  await page.getByTestId('submit-answers').click()
  for (const q of ['no-alarm-canary', 'diluted-signal']) await expect(page.getByTestId(`question-result-${q}`)).toHaveAttribute('data-correct', 'true')
  await expect(page.getByTestId('final-step-rollback-alarm')).toHaveAttribute('data-outcome', 'solved')
  await expect(page.getByTestId('final-score-value')).toHaveText('100')
})
