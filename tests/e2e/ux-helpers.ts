/**
 * Steps shared by the learner-experience specs (a11y, layout, keyboard, charts): open views and
 * wait on their ready flags (never on time), build a sandbox world with an alarm that delivers a
 * notification, and take screenshots of the window as the learner sees it.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Locator, Page } from '@playwright/test'
import { postJson, type LabServer } from '../helpers/lab-server'
import { expect } from './fixtures'

export const player = (page: Page): Locator => page.getByTestId('lab-player')

export async function openLabs(page: Page): Promise<void> {
  await page.getByTestId('nav-labs').click()
  await expect(page.getByTestId('labs')).toHaveAttribute('data-ready', 'true')
}

/** Opens a lab from the Labs view and waits until its first run is drawn. */
export async function openLab(page: Page, labId: string): Promise<void> {
  await page.getByTestId(`open-lab-${labId}`).click()
  await expect(player(page)).toHaveAttribute('data-ready', 'true')
  await expect(player(page)).toHaveAttribute('data-running', 'false')
}

/** Goes to a step from the rail and waits until its run is drawn. */
export async function goToStep(page: Page, index: number, stepId: string): Promise<void> {
  await page.getByTestId(`rail-step-${index}`).click()
  await expect(player(page)).toHaveAttribute('data-step', String(index))
  await expect(player(page)).toHaveAttribute('data-drawn-step', stepId)
  await expect(player(page)).toHaveAttribute('data-running', 'false')
}

export async function openSandbox(page: Page): Promise<void> {
  await page.getByTestId('nav-sandbox').click()
  await expect(page.getByTestId('sandbox')).toHaveAttribute('data-ready', 'true')
}

export async function createWorld(page: Page, name: string, seed = 'ux-1'): Promise<void> {
  await page.getByTestId('world-name').fill(name)
  await page.getByTestId('world-seed').fill(seed)
  await page.getByTestId('create-world').click()
  await expect(page.getByTestId('world-title')).toHaveText(name)
  await expect(page.getByTestId('sandbox')).toHaveAttribute('data-ready', 'true')
}

/**
 * A world whose p99 alarm (threshold far below bert-base-text's latency) goes to ALARM in the first
 * hour and notifies its SNS topic, and an EventBridge rule that also delivers the state change:
 * every tab of the console has something to show.
 */
export async function busyWorld(page: Page, name = 'bert world'): Promise<void> {
  await createWorld(page, name)
  await page.getByTestId('tab-endpoints').click()
  await page.getByTestId('new-endpoint').click()
  await page.getByTestId('endpoint-name').fill('bert-prod')
  await page.getByTestId('endpoint-instance-type').selectOption('ml.m5.xlarge')
  await page.getByTestId('endpoint-instance-count').fill('1')
  await page.getByTestId('endpoint-model').selectOption('bert-base-text')
  await page.getByTestId('traffic-pattern').selectOption('steady')
  await page.getByTestId('traffic-base-rpm').fill('300')
  await page.getByTestId('create-endpoint').click()
  await expect(page.getByTestId('endpoint-bert-prod')).toBeVisible()

  await page.getByTestId('tab-eventbridge').click()
  await page.getByTestId('put-rule').click()
  await expect(page.getByTestId('rule-list')).toContainText('alarm-to-sns')
  await page.getByTestId('put-targets').click()
  await expect(page.getByTestId('rule-list')).toContainText('sns-ml-alerts')

  await page.getByTestId('tab-alarms').click()
  await page.getByTestId('new-metric-alarm').click()
  await page.getByTestId('alarm-name').fill('latency-p99')
  await page.getByTestId('alarm-metric').selectOption('AWS/SageMaker|ModelLatency|EndpointName=bert-prod|VariantName=AllTraffic')
  await page.getByTestId('alarm-stat').selectOption('p99')
  await page.getByTestId('alarm-period').fill('300')
  await page.getByTestId('alarm-evaluation-periods').fill('3')
  await page.getByTestId('alarm-datapoints').fill('3')
  await page.getByTestId('alarm-threshold').fill('50000')
  const topic = await page.getByTestId('alarm-action').getAttribute('placeholder')
  await page.getByTestId('alarm-action').fill(topic ?? '')
  await page.getByTestId('create-alarm').click()
  await expect(page.getByTestId('alarm-row-latency-p99')).toBeVisible()
  await page.getByTestId('advance-hour').click()
  await expect(page.getByTestId('alarm-row-latency-p99').getByTestId('alarm-state')).toHaveAttribute('data-state', 'ALARM')
}

/** The page scrolls sideways nowhere: neither the document nor the app's own scrolling pane. */
export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const pane = document.querySelector('.content') as HTMLElement | null
    const doc = document.documentElement
    return Math.max(doc.scrollWidth - doc.clientWidth, pane ? pane.scrollWidth - pane.clientWidth : 0)
  })
}

/** A screenshot of what the window shows (not the whole page): what a learner sees at this size. */
export async function windowShot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screens/${name}.png` })
}

/** The whole content pane (the app scrolls inside it), by growing the window for the picture. */
export async function fullShot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 800 }
  const height = await page.evaluate(() => document.querySelector('.content')?.scrollHeight ?? 0)
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) })
  await page.screenshot({ path: `test-results/screens/${name}.png` })
  await page.setViewportSize(size)
}

export async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme })
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
}

/**
 * Screenshots `test-results/screens/<name>-<theme>.png` in the light and the dark theme. The app
 * scrolls inside its content pane, so the window grows to the content's height for each picture
 * and is put back after; `panels` adds a close-up of each of those test ids
 * (`<name>-<panelName>-<theme>.png`, at the size the learner sees it). Ends in the light theme.
 */
export async function shotsInBothThemes(page: Page, name: string, panels: Record<string, string> = {}): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 860 }
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    const height = await page.evaluate(() => document.getElementById('main')?.scrollHeight ?? 0)
    await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) })
    await page.screenshot({ path: `test-results/screens/${name}-${theme}.png` })
    for (const [panelName, testId] of Object.entries(panels)) {
      await page.getByTestId(testId).first().screenshot({ path: `test-results/screens/${name}-${panelName}-${theme}.png` })
    }
    await page.setViewportSize(size)
  }
  await setTheme(page, 'light')
}

/** axe finds nothing on the page (or inside `include`, a selector) in either theme. Ends in the light theme. */
export async function expectNoAxeViolations(page: Page, state: string, include?: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme)
    const builder = new AxeBuilder({ page })
    const result = await (include ? builder.include(include) : builder).analyze()
    // Proof that axe looked at something, not at an empty shell.
    expect(result.passes.length, `axe checked nothing on ${state}`).toBeGreaterThan(include ? 0 : 15)
    const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`)
    expect(found, `axe violations on ${state}, ${theme} theme`).toEqual([])
  }
  await setTheme(page, 'light')
}

/** Makes a change in the lab player and waits until a new run is drawn. */
export async function redrawnAfter(page: Page, change: () => Promise<unknown>): Promise<void> {
  const before = await player(page).getAttribute('data-run-count')
  await change()
  await expect(player(page)).not.toHaveAttribute('data-run-count', String(before))
  await expect(player(page)).toHaveAttribute('data-running', 'false')
}

/** Calls a channel over the test host's HTTP API and returns its data; anything but 200 throws. */
export async function callApi<T = Record<string, unknown>>(server: LabServer, channel: string, body: unknown): Promise<T> {
  const r = await postJson(server, channel, body)
  if (r.status !== 200) throw new Error(`${channel}: ${JSON.stringify(r.body)}`)
  return ((r.body as { data?: unknown }).data ?? r.body) as T
}
