/**
 * Data that is never lost by surprise (#9): resetting lab progress keeps worlds and says how many of
 * each go; import shows what the file holds and asks before replacing; a world is exported to a
 * file and imported back; worlds are duplicated and renamed in the console. Both themes are looked
 * at for every screen this changes.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import AxeBuilder from '@axe-core/playwright'
import type { Locator, Page } from '@playwright/test'
import { type LabServer } from '../helpers/lab-server'
import { expect, openDashboard, screenshot, test } from './fixtures'
import { callApi, horizontalOverflow, openSandbox } from './ux-helpers'

/** Two worlds (one with an endpoint that served an hour), one lab started, two activity entries. */
async function seed(server: LabServer): Promise<{ a: string; b: string }> {
  const a = await callApi<{ id: string }>(server, 'sandbox.createWorld', { name: 'Latency study', seed: 'safety-a' })
  await callApi(server, 'sandbox.act', {
    worldId: a.id,
    action: {
      type: 'CreateEndpoint',
      EndpointName: 'ep',
      ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: 1, ModelPreset: 'xgboost-tabular' }],
      Traffic: { pattern: 'steady', baseRpm: 120, noise: 'none' }
    }
  })
  await callApi(server, 'sandbox.act', { worldId: a.id, action: { type: 'AdvanceClock', Minutes: 60 } })
  const b = await callApi<{ id: string }>(server, 'sandbox.createWorld', { name: 'Scratch', seed: 'safety-b' })
  await callApi(server, 'labs.start', { labId: 'latency-alarm-p99', seed: 7 })
  await callApi(server, 'progress.recordActivity', { kind: 'lab', ref: 'latency-alarm-p99', title: 'Latency lab', route: '/labs/latency-alarm-p99' })
  await callApi(server, 'progress.recordActivity', { kind: 'page', ref: 'settings', title: 'Settings', route: '/settings' })
  return { a: a.id, b: b.id }
}

/** A screenshot of the state in each theme, and axe finds nothing in either; focus is left where it was. */
async function lookInBothThemes(page: Page, name: string): Promise<void> {
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme })
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme)
    await screenshot(page, `${name}-${theme}`)
    const result = await new AxeBuilder({ page }).analyze()
    expect(result.passes.length).toBeGreaterThan(15)
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${name}, ${theme}`).toEqual([])
  }
}

/** The saved world's row, by its exact name. */
function rowOf(page: Page, name: string): Locator {
  return page.getByTestId('world-row').filter({ has: page.getByRole('button', { name: `Open ${name}`, exact: true }) })
}

async function openSettings(page: Page): Promise<void> {
  await page.getByTestId('nav-settings').click()
  await expect(page.getByTestId('settings')).toHaveAttribute('data-ready', 'true')
}

test('reset lab progress says what goes and how many, keeps the worlds, and Escape closes the confirmation', async ({ page, server }) => {
  await seed(server)
  await openDashboard(page, server)
  await openSettings(page)

  await page.getByTestId('reset').click()
  await expect(page.getByTestId('reset-what')).toContainText('the progress of 1 lab')
  await expect(page.getByTestId('reset-what')).toContainText('2 activity entries')
  await expect(page.getByTestId('reset-what')).toContainText('Your 2 sandbox worlds and your settings stay')
  await expect(page.getByTestId('reset-cancel')).toBeFocused()
  await lookInBothThemes(page, 'settings-reset-confirm')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('reset-confirmation')).toHaveCount(0)
  await expect(page.getByTestId('reset')).toBeFocused()

  await page.getByTestId('reset').click()
  await page.getByTestId('reset-confirm').click()
  await expect(page.getByTestId('settings-message')).toHaveText('Deleted the progress of 1 lab and 2 activity entries. Your sandbox worlds and settings were kept.')
  expect(await callApi(server, 'progress.counts', {})).toEqual({ labProgress: 0, activity: 0, worlds: 2 })

  // The worlds are still in the console.
  await openSandbox(page)
  await expect(page.getByTestId('world-row')).toHaveCount(2)

  // Deleting the worlds is the other button, and counts them.
  await openSettings(page)
  await page.getByTestId('delete-worlds').click()
  await expect(page.getByTestId('reset-what')).toContainText('This deletes 2 sandbox worlds')
  await page.getByTestId('reset-confirm').click()
  await expect(page.getByTestId('settings-message')).toContainText('Deleted 2 sandbox worlds')
  expect(await callApi(server, 'progress.counts', {})).toMatchObject({ worlds: 0 })
})

test('import shows what the file holds and asks before replacing; Cancel changes nothing', async ({ page, server }, info) => {
  await seed(server)
  await openDashboard(page, server)
  const exported = info.outputPath('progress.json')
  writeFileSync(exported, (await callApi<{ content: string }>(server, 'progress.export', {})).content)
  await callApi(server, 'progress.reset', { confirm: true, what: 'labProgress' })
  await callApi(server, 'progress.reset', { confirm: true, what: 'worlds' })
  await callApi(server, 'sandbox.createWorld', { name: 'Made since', seed: 'since' })

  await openSettings(page)
  await page.getByTestId('import-file').setInputFiles(exported)
  await expect(page.getByTestId('import-holds')).toContainText('holds 1 lab, 2 sandbox worlds and 2 activity entries')
  await expect(page.getByTestId('import-holds')).toContainText(/It was exported (Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d+ \w+ \d{4}, \d\d:\d\d by MLOps Lab/)
  await expect(page.getByTestId('import-replaces')).toContainText('0 labs, 1 sandbox world and 0 activity entries')
  await expect(page.getByTestId('import-cancel')).toBeFocused()
  await lookInBothThemes(page, 'settings-import-confirm')
  // Nothing was replaced by choosing the file.
  expect(await callApi(server, 'progress.counts', {})).toEqual({ labProgress: 0, activity: 0, worlds: 1 })
  await page.getByTestId('import-cancel').click()
  await expect(page.getByTestId('import-confirm')).toHaveCount(0)
  expect(await callApi(server, 'progress.counts', {})).toEqual({ labProgress: 0, activity: 0, worlds: 1 })

  await page.getByTestId('import-file').setInputFiles(exported)
  await page.getByTestId('import-confirm-button').click()
  await expect(page.getByTestId('settings-message')).toHaveText('Imported progress.json: 1 lab, 2 sandbox worlds and 2 activity entries, and its settings.')
  expect(await callApi(server, 'progress.counts', {})).toEqual({ labProgress: 1, activity: 2, worlds: 2 })
})

test('a world exported to a file and imported back replays to the same numbers; replacing is asked for', async ({ page, server }, info) => {
  const { a } = await seed(server)
  await openDashboard(page, server)
  await openSandbox(page)

  const row = rowOf(page, 'Latency study')
  const downloadPromise = page.waitForEvent('download')
  await row.getByTestId('world-more').click()
  await row.getByTestId('world-more-export').click()
  const download = await downloadPromise
  expect(download.suggestedFilename()).toBe('mlops-lab-world-latency-study.json')
  const file = info.outputPath('world.json')
  await download.saveAs(file)
  const parsed = JSON.parse(readFileSync(file, 'utf8'))
  expect(parsed.world).toMatchObject({ id: a, seed: 'safety-a' })
  expect(parsed.world.actions).toHaveLength(2)
  await expect(page.getByTestId('world-status')).toContainText('Exported “Latency study” to mlops-lab-world-latency-study.json: its seed and 2 actions')

  await page.getByTestId('world-import-file').setInputFiles(file)
  await expect(page.getByTestId('world-import-holds')).toContainText('Seed safety-a and 2 actions')
  await expect(page.getByTestId('world-import-same')).toContainText('This is your saved world “Latency study” (2 actions)')
  await expect(page.getByTestId('world-import-cancel')).toBeFocused()
  await lookInBothThemes(page, 'sandbox-world-import')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('world-import-confirm')).toHaveCount(0)
  expect(await callApi(server, 'progress.counts', {})).toMatchObject({ worlds: 2 })

  await page.getByTestId('world-import-file').setInputFiles(file)
  await page.getByTestId('world-import-new').click()
  await expect(page.getByTestId('world-title')).toHaveText('Latency study')
  await expect(page.getByTestId('sandbox')).toHaveAttribute('data-ready', 'true')
  const listed = await callApi<{ worlds: { id: string; name: string }[] }>(server, 'sandbox.listWorlds', {})
  const opened = listed.worlds.find((w) => w.name === 'Latency study' && w.id !== a)?.id
  expect(opened).toBeDefined()
  expect(page.url()).toContain(`world=${opened}`)
  // The copy serves the same requests as the original: replaying the same seed and actions.
  const original = await callApi<{ endpoints: { requests: number }[] }>(server, 'sandbox.getWorld', { worldId: a })
  const copy = await callApi<{ endpoints: { requests: number }[] }>(server, 'sandbox.getWorld', { worldId: opened })
  expect(copy.endpoints[0].requests).toBe(original.endpoints[0].requests)
  expect(original.endpoints[0].requests).toBeGreaterThan(0)
  expect(await callApi(server, 'progress.counts', {})).toMatchObject({ worlds: 3 })

  // The open world exports from its own header too.
  const again = page.waitForEvent('download')
  await page.getByTestId('world-export-open').click()
  expect((await again).suggestedFilename()).toBe('mlops-lab-world-latency-study.json')
  await expect(page.getByTestId('world-export-open')).toHaveText('Saved mlops-lab-world-latency-study.json')
  await expect(page.getByTestId('world-export-open')).toBeFocused()
  await lookInBothThemes(page, 'sandbox-world-head-export')

  // A damaged file is refused, naming what is wrong.
  const damaged = info.outputPath('damaged.json')
  writeFileSync(damaged, JSON.stringify({ ...parsed, world: { ...parsed.world, name: 'Edited by hand' } }))
  await page.getByTestId('all-worlds').click()
  await page.getByTestId('world-import-file').setInputFiles(damaged)
  await expect(page.getByTestId('world-import-error')).toContainText('damaged or was edited: its checksum does not match')
  expect(await callApi(server, 'progress.counts', {})).toMatchObject({ worlds: 3 })
})

test('Create and open creates one world however often it is clicked while it works', async ({ page, server }) => {
  await openDashboard(page, server)
  await openSandbox(page)
  await page.getByTestId('world-name').fill('Once')
  await page.getByTestId('create-world').dblclick()
  await expect(page.getByTestId('world-title')).toHaveText('Once')
  expect(await callApi(server, 'progress.counts', {})).toMatchObject({ worlds: 1 })
})

test('duplicate and rename worlds in the console, from the keyboard too', async ({ page, server }) => {
  const { a } = await seed(server)
  await openDashboard(page, server)
  await openSandbox(page)
  const row = rowOf(page, 'Latency study')

  await row.getByTestId('world-more').click()
  await row.getByTestId('world-more-duplicate').click()
  await expect(page.getByTestId('world-status')).toHaveText('Duplicated “Latency study” as “Latency study (copy)”, with the same seed and actions.')
  await expect(page.getByTestId('world-row')).toHaveCount(3)
  const copyRow = rowOf(page, 'Latency study (copy)')
  await expect(copyRow).toContainText('safety-a')

  // Rename from the keyboard: the menu, Enter, type, Enter.
  await row.getByTestId('world-more').focus()
  await page.keyboard.press('ArrowDown')
  await expect(row.getByTestId('world-more-rename')).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('world-rename-input')).toBeFocused()
  await lookInBothThemes(page, 'sandbox-world-rename')
  // An empty name is refused beside the field.
  await page.getByTestId('world-rename-input').fill('   ')
  await page.keyboard.press('Enter')
  await expect(page.getByRole('row').filter({ has: page.getByTestId('world-rename-input') })).toContainText('name must not be empty')
  await page.getByTestId('world-rename-input').fill('p99 study')
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('world-status')).toHaveText('Renamed to “p99 study”.')
  await expect(page.getByTestId('world-list')).toContainText('p99 study')
  expect((await callApi<{ name: string }>(server, 'sandbox.getWorld', { worldId: a })).name).toBe('p99 study')

  // Escape leaves a rename without saving it.
  const renamed = rowOf(page, 'p99 study')
  await renamed.getByTestId('world-more').click()
  await renamed.getByTestId('world-more-rename').click()
  await page.getByTestId('world-rename-input').fill('not kept')
  await page.keyboard.press('Escape')
  await expect(page.getByTestId('world-rename-input')).toHaveCount(0)
  await expect(renamed.getByTestId('world-more')).toBeFocused()
  expect((await callApi<{ name: string }>(server, 'sandbox.getWorld', { worldId: a })).name).toBe('p99 study')
})

test('at 900 × 650 the world list with its row actions, a rename and an import confirmation do not scroll sideways', async ({ page, server }, info) => {
  const { a } = await seed(server)
  const file = info.outputPath('world.json')
  writeFileSync(file, (await callApi<{ content: string }>(server, 'sandbox.exportWorld', { worldId: a })).content)
  await page.setViewportSize({ width: 900, height: 650 })
  await openDashboard(page, server)
  await openSandbox(page)
  expect(await horizontalOverflow(page)).toBe(0)
  await page.getByTestId('world-list').screenshot({ path: 'test-results/screens/sandbox-world-list-900.png' })
  // Every row's actions are inside the window.
  for (const more of await page.getByTestId('world-more').all()) {
    const box = await more.boundingBox()
    expect(box!.x + box!.width).toBeLessThanOrEqual(900)
  }
  const row = rowOf(page, 'Latency study')
  await row.getByTestId('world-more').click()
  await row.getByTestId('world-more-rename').click()
  await expect(page.getByTestId('world-rename-input')).toBeFocused()
  expect(await horizontalOverflow(page)).toBe(0)
  await page.keyboard.press('Escape')
  await page.getByTestId('world-import-file').setInputFiles(file)
  await expect(page.getByTestId('world-import-confirm')).toBeVisible()
  expect(await horizontalOverflow(page)).toBe(0)
  await lookInBothThemes(page, 'sandbox-worlds-900')
})

test('while the saved worlds load the list says so, not "No saved worlds yet"', async ({ page, server }) => {
  let release: () => void = () => undefined
  const held = new Promise<void>((resolve) => (release = resolve))
  await page.route('**/api/sandbox.listWorlds', async (route) => {
    await held
    await route.continue()
  })
  await openDashboard(page, server)
  await page.getByTestId('nav-sandbox').click()
  await expect(page.getByTestId('worlds-loading')).toHaveText('Loading saved worlds…')
  await expect(page.getByTestId('world-list')).toHaveAttribute('aria-busy', 'true')
  await expect(page.getByTestId('no-worlds')).toHaveCount(0)
  release()
  await expect(page.getByTestId('no-worlds')).toHaveText('No saved worlds yet.')
  await expect(page.getByTestId('worlds-loading')).toHaveCount(0)
  await expect(page.getByTestId('world-list')).toHaveAttribute('aria-busy', 'false')
})
