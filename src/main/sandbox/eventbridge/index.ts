/**
 * EventBridge in the sandbox: event envelopes and builders (events.ts), event-pattern validation and
 * matching (pattern.ts), an event bus with rules, targets and a delivery log (bus.ts), and the
 * stateless TestEventPattern (test-event-pattern.ts); simplifications.ts says where it departs from AWS.
 */
export * from './events'
export * from './pattern'
export * from './bus'
export * from './test-event-pattern'
export * from './simplifications'
