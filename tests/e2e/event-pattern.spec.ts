import type { Page } from '@playwright/test'
import { expect, openDashboard, screenshot, test } from './fixtures'

/** Opens the sandbox, creates a world and shows its EventBridge tab (no sleeps: waits on data-ready). */
async function openEventBridge(page: Page, worldName: string): Promise<void> {
  await page.getByTestId('nav-sandbox').click()
  await expect(page.getByTestId('sandbox')).toHaveAttribute('data-ready', 'true')
  await page.getByTestId('world-name').fill(worldName)
  await page.getByTestId('create-world').click()
  await expect(page.getByTestId('world-title')).toHaveText(worldName)
  await expect(page.getByTestId('sandbox')).toHaveAttribute('data-ready', 'true')
  await page.getByTestId('tab-eventbridge').click()
}

test('the Test pattern box answers TestEventPattern for the prefilled alarm example, an edited pattern and broken input', async ({ page, server }) => {
  await page.emulateMedia({ colorScheme: 'light' })
  await openDashboard(page, server)
  await openEventBridge(page, 'Pattern tests')

  const tester = page.getByTestId('pattern-tester')
  const result = tester.getByTestId('tester-result')
  await expect(tester.getByTestId('tester-pattern')).toHaveValue(/"aws\.cloudwatch"/)
  await expect(tester.getByTestId('tester-event')).toHaveValue(/"CloudWatch Alarm State Change"/)

  // The example pattern reaches into detail.configuration.metrics, an array of objects: EventBridge flattens
  // arrays, so the event's one metric (AWS/SageMaker ModelLatency) matches (EventBridge user guide, "Arrays in
  // Amazon EventBridge event patterns": "If the value in the event is an array, then the event pattern matches if
  // the intersection of the event pattern array and the event array is non-empty"; aws/event-ruler README,
  // "JSON Array Matching").
  await tester.getByTestId('test-pattern').click()
  await expect(result).toHaveAttribute('data-result', 'true')
  await expect(result).toHaveText('Result: matches')
  await screenshot(page, 'event-pattern-matches')

  // Editing withdraws the answer; the alarm went into ALARM, so a pattern for OK does not match.
  const pattern = tester.getByTestId('tester-pattern')
  await pattern.fill((await pattern.inputValue()).replace('"ALARM"', '"OK"'))
  await expect(result).not.toHaveAttribute('data-result')
  await tester.getByTestId('test-pattern').click()
  await expect(result).toHaveAttribute('data-result', 'false')
  await expect(result).toHaveText('Result: does not match')

  // A value to match must sit in an array (EventBridge user guide, "Event pattern syntax": "In an event pattern,
  // the value to match is in a JSON array"); the error is shown beside the pattern, not the event.
  await pattern.fill('{"source": "aws.cloudwatch"}')
  await tester.getByTestId('test-pattern').click()
  await expect(tester.getByTestId('tester-pattern-error')).toContainText('must be an array')
  await expect(tester.getByTestId('tester-event-error')).toHaveCount(0)
  await expect(result).not.toHaveAttribute('data-result')

  // An event that is not JSON is refused naming Event.
  await pattern.fill('{"source": ["aws.cloudwatch"]}')
  await tester.getByTestId('tester-event').fill('{"source": "aws.cloudwatch",')
  await tester.getByTestId('test-pattern').click()
  await expect(tester.getByTestId('tester-event-error')).toContainText('not valid JSON')
  await expect(tester.getByTestId('tester-pattern-error')).toHaveCount(0)
  await screenshot(page, 'event-pattern-errors')
})
