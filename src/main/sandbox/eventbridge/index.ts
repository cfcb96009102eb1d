/**
 * EventBridge in the sandbox: event envelopes and builders (events.ts), event-pattern validation and
 * matching (pattern.ts), and an event bus with rules, targets and a delivery log (bus.ts).
 */
export * from './events'
export * from './pattern'
export * from './bus'
