/**
 * TestEventPattern: does this event pattern match this event? Stateless, as in the EventBridge API.
 *
 * Amazon EventBridge API Reference, TestEventPattern:
 * - Request `{ "Event": string, "EventPattern": string }`, both required; EventPattern has a
 *   maximum length of 4096. Response `{ "Result": boolean }`.
 * - Event is "the event, in JSON format … and the following fields are mandatory: id, account,
 *   source, time, region, resources, detail-type".
 * - An invalid pattern is an InvalidEventPatternException ("Event pattern is not valid. Reason: …");
 *   an unusable Event is a ValidationException ("Parameter Event is not valid."). Both are HTTP 400.
 *
 * `resources`: the reference lists it as mandatory, but AWS answers events without it. LocalStack's
 * pattern templates omit it and its suite records AWS's `Result` for each of them
 * (localstack/localstack tests/aws/services/events/test_events_patterns.py, `@markers.aws.validated`;
 * its provider notes "the documentation says that `resources` is mandatory, but it is not in
 * reality"). The sandbox follows what AWS does and requires the other six.
 */
import { LabError, type ErrorIssue } from '../../../shared/errors'
import { compileEventPattern, matchesPattern } from './pattern'

/** TestEventPattern's EventPattern length constraint. */
export const MAX_EVENT_PATTERN_LENGTH = 4096

/** The envelope fields an Event must have (see the file comment on `resources`). */
export const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'detail-type'] as const

export interface TestEventPatternRequest {
  EventPattern: string
  Event: string
}

export interface TestEventPatternResponse {
  Result: boolean
}

function patternIssues(text: string): { issues: ErrorIssue[]; run?: (event: unknown) => boolean } {
  if (text.length > MAX_EVENT_PATTERN_LENGTH) {
    return { issues: [{ path: 'EventPattern', message: `must be at most ${MAX_EVENT_PATTERN_LENGTH} characters (it has ${text.length})` }] }
  }
  try {
    const compiled = compileEventPattern(text)
    return { issues: [], run: (event) => matchesPattern(compiled, event) }
  } catch (err) {
    if (!(err instanceof LabError)) throw err
    return { issues: err.issues.map((i) => ({ path: i.path ? `EventPattern.${i.path}` : 'EventPattern', message: i.message })) }
  }
}

function eventIssues(text: string): { issues: ErrorIssue[]; event?: unknown } {
  let event: unknown
  try {
    event = JSON.parse(text)
  } catch {
    return { issues: [{ path: 'Event', message: 'is not valid JSON; give the event as a JSON object' }] }
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { issues: [{ path: 'Event', message: 'must be a JSON object with the event envelope fields' }] }
  }
  const missing = REQUIRED_EVENT_FIELDS.filter((f) => !Object.prototype.hasOwnProperty.call(event, f))
  if (missing.length > 0) {
    return {
      issues: [
        {
          path: 'Event',
          message: `is missing ${missing.join(', ')}; TestEventPattern needs ${REQUIRED_EVENT_FIELDS.join(', ')} (and the API reference lists resources too)`
        }
      ]
    }
  }
  return { issues: [], event }
}

/**
 * Answers TestEventPattern. Throws one VALIDATION LabError naming `EventPattern…` and/or `Event`
 * when either is unusable, so a learner sees every problem at once.
 */
export function testEventPattern(req: TestEventPatternRequest): TestEventPatternResponse {
  const pattern = patternIssues(req.EventPattern)
  const event = eventIssues(req.Event)
  const issues = [...pattern.issues, ...event.issues]
  if (issues.length > 0 || !pattern.run) {
    const parts: string[] = []
    if (pattern.issues.length > 0) parts.push(`Event pattern is not valid. Reason: ${pattern.issues.map(describe).join('; ')}`)
    if (event.issues.length > 0) parts.push(`Parameter Event is not valid: ${event.issues.map(describe).join('; ')}`)
    throw new LabError('VALIDATION', parts.join(' '), issues)
  }
  return { Result: pattern.run(event.event) }
}

function describe(issue: ErrorIssue): string {
  return `${issue.path}: ${issue.message}`
}
