/**
 * EventBridge channels. `events.testEventPattern` has TestEventPattern's request and response
 * shape (Amazon EventBridge API Reference): `{ EventPattern, Event }` as JSON text, `{ Result }`.
 */
import { z } from 'zod'

/**
 * TestEventPattern gives no maximum for Event; the sandbox caps it at PutEvents' 256 KB entry size
 * (EventBridge User Guide, "Calculating PutEvents event entry size") so a pasted file cannot exhaust
 * memory. EventPattern's own 4,096-character limit is checked by the handler, where the error can
 * say how long the pattern is.
 */
const MAX_EVENT_TEXT = 256 * 1024

export const eventsChannels = {
  'events.testEventPattern': {
    request: z.strictObject({
      EventPattern: z.string(),
      Event: z.string().max(MAX_EVENT_TEXT, `must be at most ${MAX_EVENT_TEXT} characters (PutEvents' 256 KB entry size)`)
    }),
    response: z.strictObject({ Result: z.boolean() })
  }
} as const
