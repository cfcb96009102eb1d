/**
 * Accessibility as a test: axe-core (through @axe-core/playwright, with its default rules: WCAG 2.x
 * A and AA plus best practices) finds no violation on any view, in the light and the dark theme,
 * including the states that matter: a lab step with its run drawn and a failed check, a composite
 * and a CloudTrail step, the checkpoint, every tab of the sandbox console with data in it, the
 * alarm copied as code, the shortcut cheat sheet and the "go to" palette.
 */
import { expect, openDashboard, test } from './fixtures'
import { busyWorld, expectNoAxeViolations, goToStep, openLab, openLabs, openSandbox, player } from './ux-helpers'

test('dashboard, labs, settings, the cheat sheet and the palette have no axe violations in either theme', async ({ page, server }) => {
  await openDashboard(page, server)
  await expectNoAxeViolations(page, 'the dashboard, nothing started')

  await openLabs(page)
  await expectNoAxeViolations(page, 'the Labs view')

  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('settings')).toHaveAttribute('data-ready', 'true')
  await expectNoAxeViolations(page, 'Settings')

  await page.keyboard.press('?')
  await expect(page.getByTestId('shortcuts-dialog')).toBeVisible()
  await expectNoAxeViolations(page, 'the shortcut cheat sheet')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('shortcuts-dialog')).toBeHidden()

  await page.keyboard.press('/')
  await expect(page.getByTestId('palette-input')).toBeFocused()
  await page.getByTestId('palette-input').fill('alarm')
  await expectNoAxeViolations(page, 'the go-to palette')
  await page.keyboard.press('Escape')

  await page.getByTestId('nav-dashboard').click()
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-ready', 'true')
})

test('every lab step kind, a failed check and the checkpoint have no axe violations in either theme', async ({ page, server }) => {
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'latency-alarm-p99')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'false')
  await page.getByTestId('lab-copy-alarm-menu').click()
  await page.getByTestId('lab-copy-alarm-menu-show').click()
  await expect(page.getByTestId('lab-copy-alarm-code')).toBeVisible()
  await page.getByTestId('zoom-incident-v8-regression').click()
  await expect(page.getByTestId('metric-chart')).toHaveAttribute('data-zoomed', 'true')
  await expectNoAxeViolations(page, 'an alarm step with its run, a failed check, the alarm as code and a zoomed chart')

  await page.getByTestId('rail-step-3').click()
  await expect(player(page)).toHaveAttribute('data-step', '3')
  await expect(page.getByTestId('checkpoint')).toBeVisible()
  await expectNoAxeViolations(page, 'the checkpoint questions')

  await page.getByTestId('nav-labs').click()
  await openLab(page, 'composite-and-cloudtrail')
  await goToStep(page, 0, 'composite-rule')
  await expect(page.getByTestId('composite-run')).toBeVisible()
  await expectNoAxeViolations(page, 'a composite alarm step')
  await goToStep(page, 1, 'who-deleted')
  await expect(page.getByTestId('audit')).toBeVisible()
  await expectNoAxeViolations(page, 'a CloudTrail step')
})

test('the sandbox console, its world list and each tab with data have no axe violations in either theme', async ({ page, server }) => {
  await openDashboard(page, server)
  await openSandbox(page)
  await expectNoAxeViolations(page, 'the world list')
  await busyWorld(page)

  for (const tab of ['endpoints', 'metrics', 'alarms', 'eventbridge', 'cloudtrail'] as const) {
    await page.getByTestId(`tab-${tab}`).click()
    await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true')
    if (tab === 'alarms') {
      await page.getByTestId('alarm-open-latency-p99').click()
      await expect(page.getByTestId('alarm-details')).toBeVisible()
      await page.getByTestId('copy-alarm-menu').click()
      await page.getByTestId('copy-alarm-menu-show').click()
      await expect(page.getByTestId('copy-alarm-code')).toBeVisible()
    }
    if (tab === 'metrics') await expect(page.getByTestId('metric-chart')).not.toHaveAttribute('data-points', '0')
    if (tab === 'cloudtrail') await expect(page.getByTestId('ct-row').first()).toBeVisible()
    if (tab === 'eventbridge') await expect(page.getByTestId('notification-row').first()).toBeVisible()
    await expectNoAxeViolations(page, `the sandbox's ${tab} tab`)
  }
})
