/**
 * EventBridge channels: a thin layer over the sandbox's EventBridge model (moto's responses.py).
 * TestEventPattern is stateless, so it needs no world.
 */
import { testEventPattern } from '../sandbox/eventbridge/test-event-pattern'
import type { Handlers } from './dispatch'

export function createEventsHandlers(): Pick<Handlers, 'events.testEventPattern'> {
  return {
    'events.testEventPattern': (req) => testEventPattern(req)
  }
}
