/**
 * The learner's experience of the charts, the keyboard and a small window (issue 9): zoom to an
 * incident, focus after Run, Check and a navigation, shortcuts that never fire while typing, the
 * 900 × 650 layout of the lab player and the EventBridge and CloudTrail panels, old check results
 * that go when an input changes, and the details (favicon, one message for a wrong token).
 */
import type { Page } from '@playwright/test'
import { expect, openDashboard, test } from './fixtures'
import { busyWorld, fullShot, horizontalOverflow, openLab, openLabs, openSandbox, player, setTheme, windowShot } from './ux-helpers'

/** Incident windows in resources/labs/latency-alarm-p99.yaml's week, read from the page's legend. */
async function viewOf(page: Page): Promise<{ min: number; max: number; zoomed: boolean }> {
  const chart = page.getByTestId('alarm-run').getByTestId('metric-chart')
  return {
    min: Number(await chart.getAttribute('data-view-min')),
    max: Number(await chart.getAttribute('data-view-max')),
    zoomed: (await chart.getAttribute('data-zoomed')) === 'true'
  }
}

test('clicking an incident bar zooms the alarm chart to it, the legend and the scorecard do the same from the keyboard, and Reset zoom shows the week again', async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'latency-alarm-p99')
  const chart = page.getByTestId('alarm-run').getByTestId('metric-chart')
  const week = await viewOf(page)
  expect(week.zoomed).toBe(false)
  // The lab's week is 7 days of one-minute data.
  expect(week.max - week.min).toBe(7 * 86_400_000)

  // The bars are drawn on the canvas; the page says where (CSS pixels) so the test clicks like a learner.
  const canvas = chart.locator('canvas')
  const marks = JSON.parse((await canvas.getAttribute('data-marks')) ?? '[]') as { kind: string; n: number; x: number; y: number }[]
  const incidents = page.getByTestId('incident-legend').locator('li')
  const regressionIndex = (await incidents.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).indexOf('incident-v8-regression')
  const bar = marks.find((m) => m.kind === 'incident' && m.n === regressionIndex + 1)
  expect(bar, 'the regression has a bar on the chart').toBeTruthy()
  await canvas.click({ position: { x: bar!.x, y: bar!.y } })
  await expect(chart).toHaveAttribute('data-zoomed', 'true')
  const zoomed = await viewOf(page)
  // Framed with context: narrower than a day, wider than the incident, inside the week.
  expect(zoomed.max - zoomed.min).toBeLessThan(86_400_000)
  expect(zoomed.min).toBeGreaterThanOrEqual(week.min)
  expect(zoomed.max).toBeLessThanOrEqual(week.max)
  await expect(page.getByTestId('chart-reset-zoom').first()).toBeVisible()
  await setTheme(page, 'light')
  await windowShot(page, 'ux-zoomed-incident-1280-light')

  await page.getByTestId('chart-reset-zoom').first().click()
  await expect(chart).toHaveAttribute('data-zoomed', 'false')

  // The same from the legend's button, by keyboard.
  await page.getByTestId('zoom-incident-v8-regression').focus()
  await page.keyboard.press('Enter')
  await expect(chart).toHaveAttribute('data-zoomed', 'true')
  expect(await viewOf(page)).toEqual(zoomed)
  await page.getByTestId('chart-reset-zoom').first().click()

  // A false alarm: Maximum at 1 of 1 pages on the lone slow minutes (5× latency); its "Show on chart".
  await page.getByTestId('input-statistic').selectOption('Maximum')
  await expect(player(page)).toHaveAttribute('data-running', 'false')
  await expect(page.getByTestId('false-alarm-1')).toBeVisible()
  await page.getByTestId('show-false-alarm-1').click()
  await expect(chart).toHaveAttribute('data-zoomed', 'true')
  const fa = await viewOf(page)
  // One hour of context either side of a 10-minute window around the transition.
  expect(fa.max - fa.min).toBe(2 * 3_600_000 + 10 * 60_000)
})

test('Run and Check keep the focus on their buttons, the lab title takes focus when a lab opens, and the new page heading after a navigation', async ({ page, server }) => {
  await openDashboard(page, server)
  await page.getByTestId('nav-labs').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('labs')).toHaveAttribute('data-ready', 'true')
  await expect(page.locator('#main h1')).toHaveText('Labs')
  await expect(page.locator('#main h1')).toBeFocused()

  await page.getByTestId('open-lab-latency-alarm-p99').focus()
  await page.keyboard.press('Enter')
  await expect(player(page)).toHaveAttribute('data-ready', 'true')
  await expect(page.getByTestId('lab-title')).toBeFocused()

  await page.getByTestId('run').focus()
  await page.keyboard.press('Enter')
  await expect(player(page)).toHaveAttribute('data-running', 'false')
  await expect(page.getByTestId('run')).toBeFocused()

  await page.getByTestId('check').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'false')
  await expect(page.getByTestId('check')).toBeFocused()
  // The verdict is also on the screen, not only for screen readers.
  await expect(page.getByTestId('lab-status-message')).toBeVisible()
  await expect(page.getByTestId('lab-status-message')).toContainText('checks fail')

  await page.getByTestId('hint').focus()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('hint-0')).toBeVisible()
  await expect(page.getByTestId('hint')).toBeFocused()

  // The solution's confirmation: Escape closes it and gives focus back.
  await page.getByTestId('show-solution').click()
  await expect(page.getByTestId('solution-confirm-no')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('solution-confirm')).toHaveCount(0)
  await expect(page.getByTestId('show-solution')).toBeFocused()

  await page.getByTestId('nav-sandbox').click()
  await expect(page.getByTestId('sandbox')).toHaveAttribute('data-ready', 'true')
  await expect(page.locator('#main h1')).toHaveText('Sandbox')
  await expect(page.locator('#main h1')).toBeFocused()
})

test('a failed re-check of a solved step shows its own verdict without the explanation the pass earned, and the step stays solved', async ({ page, server }) => {
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'latency-alarm-p99')
  await page.getByTestId('input-statistic').selectOption('p99')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'true')
  await expect(page.getByTestId('explanation')).toBeVisible()
  // The wrong answer again, after the pass: its verdict, no "Why" written for the passing run.
  await page.getByTestId('input-statistic').selectOption('Average')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'false')
  await expect(page.getByTestId('explanation')).toHaveCount(0)
  await expect(page.getByTestId('step-passed')).toBeVisible()
})

test('an input change clears the old check at once, and an invalid replay seed is said on screen beside the field', async ({ page, server }) => {
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'latency-alarm-p99')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'false')
  await page.getByTestId('input-statistic').selectOption('p99')
  // Gone before the next check: it graded Average, not p99.
  await expect(page.getByTestId('check-results')).toHaveCount(0)
  await expect(page.getByTestId('check-stale')).toBeVisible()

  await page.getByTestId('seed-input').fill('twelve')
  await page.getByTestId('use-seed').click()
  await expect(page.getByTestId('seed-error')).toBeVisible()
  await expect(page.getByTestId('seed-error')).toHaveText('A seed is a whole number from 0 to 2147483647.')
  await expect(page.getByTestId('seed-input')).toHaveAttribute('aria-invalid', 'true')
})

test('shortcuts run, check and move between steps, go to views, open the palette and the cheat sheet, and never fire while typing', async ({ page, server }) => {
  await openDashboard(page, server)
  await page.keyboard.press('g')
  await page.keyboard.press('l')
  await expect(page.getByTestId('labs')).toHaveAttribute('data-ready', 'true')
  await openLab(page, 'latency-alarm-p99')

  await page.keyboard.press('c')
  await expect(page.getByTestId('check-results')).toHaveAttribute('data-passed', 'false')

  // Typing "n" or "p" in a field types it; the step does not change.
  await page.getByTestId('seed-input').focus()
  await page.getByTestId('seed-input').press('n')
  await page.getByTestId('seed-input').press('p')
  await expect(page.getByTestId('seed-input')).toHaveValue('np')
  await expect(player(page)).toHaveAttribute('data-step', '0')

  await page.locator('#main h1').focus()
  await page.keyboard.press('n')
  await expect(player(page)).toHaveAttribute('data-step', '1')
  await expect(page.getByTestId('step-title')).toBeFocused()
  await page.keyboard.press('p')
  await expect(player(page)).toHaveAttribute('data-step', '0')

  await page.keyboard.press('?')
  const sheet = page.getByTestId('shortcuts-dialog')
  await expect(sheet).toBeVisible()
  await expect(sheet).toContainText('Check the step')
  await expect(sheet).toContainText('Go to Settings')
  await setTheme(page, 'dark')
  await windowShot(page, 'ux-cheat-sheet-1280-dark')
  await setTheme(page, 'light')
  await page.keyboard.press('Escape')
  await expect(sheet).toBeHidden()

  // The palette: a lab step by name.
  await page.keyboard.press('/')
  await page.getByTestId('palette-input').fill('lone spikes')
  await expect(page.getByTestId('palette-option-lab-latency-alarm-p99-step-1')).toBeVisible()
  await windowShot(page, 'ux-palette-1280-light')
  await page.keyboard.press('Enter')
  await expect(player(page)).toHaveAttribute('data-step', '1')

  // …and a console tab.
  await page.keyboard.press('Control+k')
  await page.getByTestId('palette-input').fill('cloudtrail')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/sandbox\?.*tab=cloudtrail/)
  await page.keyboard.press('g')
  await page.keyboard.press(',')
  await expect(page.getByTestId('settings')).toHaveAttribute('data-ready', 'true')
})

test('at 900 × 650 the lab player is one column with no sideways scrolling, in both themes', async ({ page, server }) => {
  await page.setViewportSize({ width: 900, height: 650 })
  await openDashboard(page, server)
  expect(await horizontalOverflow(page)).toBe(0)
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await windowShot(page, `ux-dashboard-900-${theme}`)
  }
  await openLabs(page)
  await openLab(page, 'latency-alarm-p99')
  await page.getByTestId('check').click()
  await expect(page.getByTestId('check-results')).toBeVisible()
  const instructions = await page.locator('.instructions').boundingBox()
  const workspace = await page.locator('.workspace').boundingBox()
  // One column: the instructions above the workspace, both as wide as the content.
  expect(instructions!.y + instructions!.height).toBeLessThanOrEqual(workspace!.y + 1)
  expect(Math.abs(instructions!.width - workspace!.width)).toBeLessThan(2)
  // The chart gets the full width of the content.
  const plot = await page.getByTestId('alarm-run').locator('canvas').boundingBox()
  expect(plot!.width).toBeGreaterThan(700)
  expect(await horizontalOverflow(page)).toBe(0)
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await windowShot(page, `ux-lab-900-${theme}`)
    await fullShot(page, `ux-lab-900-full-${theme}`)
  }
  await page.setViewportSize({ width: 1280, height: 800 })
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await fullShot(page, `ux-lab-1280-full-${theme}`)
  }
})

test('at 900 × 650 EventBridge notifications stay short cards and CloudTrail keeps ResourceName and ReadOnly in view', async ({ page, server }) => {
  await openDashboard(page, server)
  await openSandbox(page)
  await busyWorld(page)
  await page.setViewportSize({ width: 900, height: 650 })

  await page.getByTestId('tab-eventbridge').click()
  const rows = page.getByTestId('notification-row')
  await expect(rows.first()).toBeVisible()
  const count = await rows.count()
  expect(count).toBeGreaterThan(0)
  for (let i = 0; i < count; i++) {
    const box = await rows.nth(i).boundingBox()
    // Was 1,400 px: each delivery now reads as a short card.
    expect(box!.height).toBeLessThan(320)
  }
  const width = await page.evaluate(() => (document.querySelector('.content') as HTMLElement).clientWidth)
  for (const cell of ['time', 'subject', 'target']) {
    const b = await rows.first().locator(`td.${cell}`).boundingBox()
    expect(b!.x + b!.width, `${cell} is inside the window`).toBeLessThanOrEqual(width + 92)
  }
  expect(await horizontalOverflow(page)).toBe(0)
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await rows.first().scrollIntoViewIfNeeded()
    await windowShot(page, `ux-eventbridge-900-${theme}`)
  }

  await page.getByTestId('tab-cloudtrail').click()
  const row = page.getByTestId('ct-row').first()
  await expect(row).toBeVisible()
  await row.scrollIntoViewIfNeeded()
  for (const id of ['ct-resource', 'ct-readonly']) {
    const b = await row.getByTestId(id).boundingBox()
    expect(b!.x + b!.width, `${id} is inside the window`).toBeLessThanOrEqual(900)
    expect(b!.width).toBeGreaterThan(30)
  }
  expect(await horizontalOverflow(page)).toBe(0)
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await windowShot(page, `ux-cloudtrail-900-${theme}`)
  }

  await page.getByTestId('tab-alarms').click()
  await page.getByTestId('alarm-open-latency-p99').click()
  await page.getByTestId('copy-alarm-menu').click()
  await page.getByTestId('copy-alarm-menu-show').click()
  const cli = page.getByTestId('copy-alarm-cli')
  await expect(cli).toContainText('aws cloudwatch put-metric-alarm')
  await expect(cli).toContainText('--dimensions Name=EndpointName,Value=bert-prod Name=VariantName,Value=AllTraffic')
  await expect(cli).toContainText('--extended-statistic p99')
  await expect(page.getByTestId('copy-alarm-json')).toContainText('"ExtendedStatistic": "p99"')
  expect(await horizontalOverflow(page)).toBe(0)
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await fullShot(page, `ux-alarm-900-full-${theme}`)
  }
})

test('the console remembers its world and tab across a reload, and the rail and palette reach them', async ({ page, server }) => {
  await openDashboard(page, server)
  await openSandbox(page)
  await busyWorld(page, 'remembered')
  await page.getByTestId('tab-alarms').click()
  await page.getByTestId('alarm-open-latency-p99').click()
  await expect(page.getByTestId('alarm-details')).toBeVisible()
  await page.getByTestId('nav-dashboard').click()
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-ready', 'true')
  await page.reload()
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-ready', 'true')
  await openSandbox(page)
  await expect(page.getByTestId('world-title')).toHaveText('remembered')
  await expect(page.getByTestId('tab-alarms')).toHaveAttribute('aria-selected', 'true')
  await expect(page.getByTestId('alarm-details')).toBeVisible()

  // "All worlds" closes it: the next visit shows the list.
  await page.getByTestId('all-worlds').click()
  await expect(page.getByTestId('world-list')).toBeVisible()
  await page.getByTestId('nav-dashboard').click()
  await openSandbox(page)
  await expect(page.getByTestId('world-list')).toBeVisible()
})

test('the dashboard shows progress per task and exam item, recommends the next lab, and its task cards open the labs of that task', async ({ page, server }) => {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openDashboard(page, server)
  // Nothing done: the first lab in the learning order (the lab files' `order`) is next. The Labs view
  // groups labs by task statement, so with task 4.1's labs listed first it is not the first card.
  const first = await page.getByTestId('next-lab-title').innerText()
  await openLabs(page)
  await expect(page.getByTestId('lab-card-latency-alarm-p99').locator('h3')).toContainText(first)
  await openLab(page, 'latency-alarm-p99')
  await expect(page.getByTestId('nav-current-lab')).toHaveAttribute('aria-current', 'page')
  await expect(page.getByTestId('nav-labs')).toHaveClass(/active/)
  await page.getByTestId('nav-dashboard').click()
  await page.getByTestId('nav-labs').click()
  await page.getByTestId('nav-dashboard').click()
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-ready', 'true')
  // The lab was opened once from the Labs view: it shows once under Recent.
  const recent = await page.getByTestId('recent-item').allInnerTexts()
  expect(new Set(recent).size).toBe(recent.length)
  // latency-alarm-p99 tags 4.1 items: they show as in progress.
  await expect(page.locator('[data-testid^="item-4.1."][data-state="in_progress"]').first()).toBeVisible()
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await fullShot(page, `ux-dashboard-1280-${theme}`)
  }
  await page.getByTestId('task-link-4.3').click()
  await expect(page.getByTestId('labs-filter')).toContainText('Task 4.3')
  await expect(page.getByTestId('lab-card-composite-and-cloudtrail')).toBeVisible()
  await expect(page.getByTestId('lab-card-latency-alarm-p99')).toHaveCount(0)
})

test('a wrong token gets one clear message, and a page load logs no console error (the favicon is there)', async ({ page, server }) => {
  const errors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await openDashboard(page, server)
  await openLabs(page)
  expect(errors).toEqual([])
  const icon = await page.request.get(`${server.origin}/favicon.svg`)
  expect(icon.status()).toBe(200)

  const other = await page.context().newPage()
  await other.goto(`${server.origin}/?token=wrong`)
  await expect(other.getByTestId('host-unauthorized')).toBeVisible()
  await expect(other.getByRole('alert')).toHaveCount(1)
  await other.close()
})

test('at 900 × 650 no view scrolls sideways: labs, a composite and a CloudTrail step, the console tabs, settings', async ({ page, server }) => {
  await page.setViewportSize({ width: 900, height: 650 })
  await openDashboard(page, server)
  const check = async (name: string): Promise<void> => {
    expect(await horizontalOverflow(page), `${name} scrolls sideways`).toBe(0)
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme)
      await fullShot(page, `ux-${name}-900-full-${theme}`)
    }
    await setTheme(page, 'light')
  }
  await openLabs(page)
  await check('labs')
  await openLab(page, 'composite-and-cloudtrail')
  await check('composite')
  await page.getByTestId('rail-step-1').click()
  await expect(player(page)).toHaveAttribute('data-drawn-step', 'who-deleted')
  await expect(page.getByTestId('audit')).toBeVisible()
  const event = page.getByTestId('audit-events').locator('tbody tr').first()
  if (await event.count()) {
    const last = await event.locator('td').last().boundingBox()
    expect(last!.x + last!.width, 'ReadOnly is inside the window').toBeLessThanOrEqual(900)
  }
  await check('cloudtrail-step')
  await page.getByTestId('rail-step-3').click()
  await expect(page.getByTestId('checkpoint')).toBeVisible()
  await check('checkpoint')
  await openSandbox(page)
  await check('worlds')
  await busyWorld(page)
  for (const tab of ['endpoints', 'metrics', 'alarms']) {
    await page.getByTestId(`tab-${tab}`).click()
    await check(`tab-${tab}`)
  }
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('settings')).toHaveAttribute('data-ready', 'true')
  await check('settings')
})

test('a chart of counts offers a log scale, and any chart saves its data as CSV and its picture as PNG', async ({ page, server }, info) => {
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'errors-missing-data')
  const chart = page.getByTestId('alarm-run').getByTestId('metric-chart')
  // Error counts run from single errors to bursts: more than a factor of ten.
  await chart.getByTestId('chart-log-scale').check()
  await expect(chart).toHaveAttribute('data-log', 'true')
  await expect(chart).toContainText('Log scale: periods whose value is 0 are not drawn')

  const csvDownload = page.waitForEvent('download')
  await chart.getByTestId('chart-export').click()
  await chart.getByTestId('chart-export-csv').click()
  const csv = await csvDownload
  expect(csv.suggestedFilename()).toMatch(/\.csv$/)
  const text = (await import('node:fs')).readFileSync(await csv.path(), 'utf8')
  const lines = text.replace(/^\ufeff/, '').split('\r\n')
  expect(lines[0]).toMatch(/^Time \(UTC\),.+,Threshold,Alarm state$/)
  // One row per period of the week (7 × 86,400 s / Period), plus the header and the final CRLF.
  const period = Number(/Period (\d+) s/.exec(await page.getByTestId('fixed-settings').innerText())?.[1])
  expect(period).toBeGreaterThan(0)
  expect(lines.length).toBe((7 * 86_400) / period + 2)
  expect(lines[1]).toMatch(/^2026-01-05T00:00:00\.000Z,/)

  const pngDownload = page.waitForEvent('download')
  await chart.getByTestId('chart-export').click()
  await chart.getByTestId('chart-export-png').click()
  const png = await pngDownload
  expect(png.suggestedFilename()).toMatch(/\.png$/)
  const bytes = (await import('node:fs')).readFileSync(await png.path())
  // The PNG signature (PNG specification, 5.2): 89 50 4E 47 0D 0A 1A 0A.
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  await png.saveAs(info.outputPath('chart.png'))
})

test('the alarm chart overlays Average and p99 from the run beside the alarm’s own statistic, never drawing one twice', async ({ page, server }) => {
  await openDashboard(page, server)
  await openLabs(page)
  await openLab(page, 'latency-alarm-p99')
  const canvas = page.getByTestId('alarm-run').locator('canvas')
  // The default statistic is Average: p99 is drawn beside it for comparison, Average only once.
  await expect(canvas).toHaveAttribute('aria-label', /the alarm's statistic\): \d+ datapoints/)
  await expect(canvas).toHaveAttribute('aria-label', /ModelLatency p99, for comparison: \d+ datapoints/)
  await expect(canvas).not.toHaveAttribute('aria-label', /ModelLatency Average, for comparison/)
  await page.getByTestId('input-statistic').selectOption('p99')
  await expect(canvas).toHaveAttribute('aria-label', /ModelLatency Average, for comparison: \d+ datapoints/)
  await expect(canvas).not.toHaveAttribute('aria-label', /ModelLatency p99, for comparison/)
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    await page.getByTestId('alarm-run').screenshot({ path: `test-results/screens/ux-overlays-1280-${theme}.png` })
  }
})
