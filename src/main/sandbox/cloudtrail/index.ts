/**
 * CloudTrail in the sandbox: records and the read-only / management / data classification of API
 * calls (record.ts), Event history with LookupEvents, and trails with event selectors and log-file
 * delivery (trail.ts).
 */
export * from './record'
export * from './trail'
