/**
 * The details of #9 that are not a feature of their own: a refusal of the learner's own input is an
 * answer shown beside the field, never a failed network request in the console.
 */
import { expect, openDashboard, test } from './fixtures'
import { openSandbox } from './ux-helpers'

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
