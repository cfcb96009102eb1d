/**
 * EventBridge: rules and targets on the default bus as world actions (PutRule, PutTargets,
 * RemoveTargets, EnableRule, DisableRule, DeleteRule), and the stateless TestEventPattern with its
 * request and response shape (Amazon EventBridge API Reference): `{ EventPattern, Event }` as JSON
 * text, `{ Result }`.
 */
import { z } from 'zod'
import { action } from './common'

const RuleName = z.string().min(1).max(64)

export const eventsActions = [
  action('PutRule', { Name: RuleName, EventPattern: z.string().min(1).max(4096), State: z.enum(['ENABLED', 'DISABLED']).optional(), Description: z.string().max(512).optional() }),
  action('PutTargets', { Rule: RuleName, Targets: z.array(z.strictObject({ Id: z.string().min(1).max(64), Arn: z.string().min(1).max(1600) })).min(1).max(10) }),
  action('RemoveTargets', { Rule: RuleName, Ids: z.array(z.string().min(1).max(64)).min(1).max(100) }),
  action('EnableRule', { Name: RuleName }),
  action('DisableRule', { Name: RuleName }),
  action('DeleteRule', { Name: RuleName })
] as const

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
