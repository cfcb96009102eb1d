/**
 * Event-pattern behaviour where the sandbox was found to disagree with AWS (issue #7, item 8).
 *
 * Expected values come from AWS's recorded behaviour, not from this code:
 * - "LocalStack <name>": a TestEventPattern template in localstack/localstack,
 *   tests/aws/services/events/event_pattern_templates/<name>.json5, which LocalStack's suite runs
 *   against AWS (`@markers.aws.validated`); a name without a suffix matched on AWS, `_NEG` did not,
 *   `_EXC` was refused (test_events_patterns.snapshot.json holds AWS's error text).
 * - "event-ruler": aws/event-ruler, AWS's open-source EventBridge matcher (README or test named).
 * - The EventBridge User Guide, quoted where it says so.
 */
import { describe, expect, it } from 'vitest'
import { LabError } from '../../../../src/shared/errors'
import {
  MAX_OR_COMBINATIONS,
  TOO_COMPLEX_MESSAGE,
  matchesPattern,
  validateEventPattern,
  wildcardComplexity
} from '../../../../src/main/sandbox/eventbridge/pattern'

/** The envelope LocalStack's templates use. */
const envelope = {
  id: '1',
  source: 'test-source',
  'detail-type': 'test-detail-type',
  account: '123456789012',
  region: 'us-east-2',
  time: '2022-07-13T13:48:01Z'
}
const withDetail = (detail: Record<string, unknown>): Record<string, unknown> => ({ ...envelope, detail })

function issuesOf(pattern: unknown): Array<{ path: string; message: string }> {
  try {
    validateEventPattern(pattern)
  } catch (err) {
    expect(err).toBeInstanceOf(LabError)
    expect((err as LabError).code).toBe('VALIDATION')
    return (err as LabError).issues
  }
  throw new Error('expected the pattern to be refused')
}

describe('anything-but with prefix, suffix, equals-ignore-case or wildcard matches values that are not strings', () => {
  it('a number is anything but a prefix (LocalStack content_anything_prefix_int_value: true)', () => {
    expect(matchesPattern({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, withDetail({ state: 12 }))).toBe(true)
  })

  it('null is anything but a list of prefixes (LocalStack content_anything_prefix_list_null: true)', () => {
    expect(matchesPattern({ detail: { state: [{ 'anything-but': { prefix: ['init', 'test'] } }] } }, withDetail({ state: null }))).toBe(true)
  })

  it('null is anything but a suffix (LocalStack content_anything_suffix_null: true)', () => {
    expect(matchesPattern({ detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } }, withDetail({ FileName: null }))).toBe(true)
  })

  it('null is anything but an ignore-case value (LocalStack content_anything_but_ignorecase_null: true)', () => {
    const p = { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } }
    expect(matchesPattern(p, withDetail({ state: null }))).toBe(true)
  })

  it('a number is anything but a wildcard (LocalStack content_anything_wildcard_int: true)', () => {
    expect(matchesPattern({ detail: { FilePath: [{ 'anything-but': { wildcard: '*/dir/*' } }] } }, withDetail({ FilePath: 123 }))).toBe(true)
  })

  it('a boolean is anything but a prefix too: event-ruler compares against the JSON text, where only a string starts with a quote', () => {
    expect(matchesPattern({ detail: { flag: [{ 'anything-but': { prefix: 'tr' } }] } }, withDetail({ flag: true }))).toBe(true)
  })

  it('a missing field still does not match (LocalStack content_anything_prefix_missing_NEG and content_anything_suffix_missing_NEG)', () => {
    expect(matchesPattern({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }, withDetail({}))).toBe(false)
    expect(matchesPattern({ detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } }, withDetail({}))).toBe(false)
  })

  it('a plain anything-but list of numbers matches a string (event-ruler MachineTest.testAnythingButDeletion: "b": "444" matches [111, 222, 333])', () => {
    expect(matchesPattern({ b: [{ 'anything-but': [111, 222, 333] }] }, { b: '444' })).toBe(true)
    expect(matchesPattern({ d: [{ 'anything-but': 111 }] }, { d: '444' })).toBe(true)
  })
})

describe('anything-but takes lists of prefixes and of suffixes', () => {
  const prefixes = { detail: { state: [{ 'anything-but': { prefix: ['init', 'test'] } }] } }
  const suffixes = { detail: { FileName: [{ 'anything-but': { suffix: ['.txt', '.jpg'] } }] } }

  it('a value that starts with none of the prefixes matches (LocalStack content_anything_prefix_list: "post-init" → true)', () => {
    expect(matchesPattern(prefixes, withDetail({ state: 'post-init' }))).toBe(true)
  })

  it('a value that starts with one of them does not (the prefix list excludes "initializing" as a single "init" would)', () => {
    expect(matchesPattern(prefixes, withDetail({ state: 'initializing' }))).toBe(false)
    expect(matchesPattern(prefixes, withDetail({ state: 'testing' }))).toBe(false)
  })

  it('a value ending in a listed suffix does not match (LocalStack content_anything_suffix_list_NEG: "file.jpg" → false)', () => {
    expect(matchesPattern(suffixes, withDetail({ FileName: 'file.jpg' }))).toBe(false)
    expect(matchesPattern(suffixes, withDetail({ FileName: 'file.png' }))).toBe(true)
  })

  it('a number in the list is refused with AWS\'s reason (LocalStack content_anything_prefix_list_type_EXC, content_anything_suffix_list_type_EXC)', () => {
    const [issue] = issuesOf({ detail: { state: [{ 'anything-but': { prefix: [123, 'test'] } }] } })
    expect(issue.path).toBe('detail.state[0].anything-but.prefix[0]')
    expect(issue.message).toContain('string')
    expect(issuesOf({ detail: { FileName: [{ 'anything-but': { suffix: [123, '.txt'] } }] } })[0].path).toBe('detail.FileName[0].anything-but.suffix[0]')
  })

  it('an empty prefix in the list is refused ("Null prefix/suffix not allowed", event-ruler JsonRuleCompiler)', () => {
    expect(issuesOf({ s: [{ 'anything-but': { prefix: ['ok', ''] } }] })[0].path).toBe('s[0].anything-but.prefix[1]')
  })

  it('prefix with equals-ignore-case inside anything-but is refused (LocalStack content_anything_prefix_ignorecase_EXC)', () => {
    expect(issuesOf({ detail: { FileName: [{ 'anything-but': { prefix: { 'equals-ignore-case': 'file' } } }] } })[0].path).toBe(
      'detail.FileName[0].anything-but.prefix'
    )
  })
})

describe('a key containing a dot is the same as the nested path', () => {
  it('a dotted pattern key matches the nested event field (LocalStack dot_joining_pattern: true)', () => {
    expect(matchesPattern({ detail: { 'state.status': ['running'] } }, withDetail({ state: { status: 'running' } }))).toBe(true)
  })

  it('a dotted pattern key does not match one level deeper (LocalStack dot_joining_pattern_NEG: false)', () => {
    expect(matchesPattern({ detail: { 'state.status': { status: ['running'] } } }, withDetail({ state: { status: 'running' } }))).toBe(false)
  })

  it('a dotted event key matches the nested pattern (event-ruler README, "Caveat: Compiled rules and JSON keys with dots")', () => {
    expect(matchesPattern({ detail: { state: { status: ['running'] } } }, { detail: { 'state.status': 'running' } })).toBe(true)
    expect(matchesPattern({ 'detail.state.status': ['running'] }, { detail: { 'state.status': 'running' } })).toBe(true)
  })

  it('a dotted event key one level deeper does not (LocalStack dot_joining_event_NEG: false)', () => {
    expect(matchesPattern({ detail: { state: { status: ['running'] } } }, withDetail({ 'state.status': { status: 'running' } }))).toBe(false)
  })

  it('a path given twice uses the last one ("Content filtering": "if you include a key more than once the last reference will be the one used")', () => {
    // The guide's example, written once as duplicate JSON keys and once as a dotted key and its nested twin.
    const asText = '{"detail": {"location": [{"prefix": "us-"}], "location": [{"anything-but": "us-east"}]}}'
    const asPaths = { 'detail.location': [{ prefix: 'us-' }], detail: { location: [{ 'anything-but': 'us-east' }] } }
    for (const p of [asText, asPaths]) {
      expect(matchesPattern(p, { detail: { location: 'eu-west' } })).toBe(true)
      expect(matchesPattern(p, { detail: { location: 'us-east' } })).toBe(false)
    }
  })

  it('a leaf and a deeper path under the same key are both checked', () => {
    const p = { a: ['x'], 'a.b': [2] }
    expect(matchesPattern(p, { a: 'x', 'a.b': 2 })).toBe(true)
    expect(matchesPattern(p, { a: 'x', 'a.b': 3 })).toBe(false)
  })
})

describe('objects inside nested arrays are matched (arrays are flattened)', () => {
  // event-ruler README, "JSON Array Matching": "This works for multi-level arrays too".
  const employees = {
    employees: [
      [
        { firstName: 'John', lastName: 'Doe' },
        { firstName: 'Anna', lastName: 'Smith' }
      ],
      [{ firstName: 'Peter', lastName: 'Jones' }]
    ]
  }

  it('{"employees": {"firstName": ["Anna"]}} matches the two-level employees array', () => {
    expect(matchesPattern({ employees: { firstName: ['Anna'] } }, employees)).toBe(true)
  })

  it('fields of one nested pattern must come from the same element ("Anna"/"Jones" does not match under rulesForJSONEvent)', () => {
    expect(matchesPattern({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, employees)).toBe(false)
    expect(matchesPattern({ employees: { firstName: ['Peter'], lastName: ['Jones'] } }, employees)).toBe(true)
  })
})

describe('a pattern whose $or expands to more than 1,000 combinations is refused', () => {
  /** `{"$or": [{"<key>": [0]}, …, {"<key>": [n-1]}]}`: one $or of n alternatives. */
  const or = (key: string, n: number): Record<string, unknown> => ({ $or: Array.from({ length: n }, (_, i) => ({ [key]: [i] })) })

  it('$or groups in different places multiply (event-ruler JsonRuleCompiler copies the branches for each alternative): 10 × 10 × 10 = 1,000 is allowed', () => {
    expect(() => validateEventPattern({ ...or('a', 10), b: or('c', 10), d: or('e', 10) })).not.toThrow()
  })

  it('10 × 10 × 11 = 1,100 is refused, naming $or and the count', () => {
    const [issue] = issuesOf({ ...or('a', 10), b: or('c', 10), d: or('e', 11) })
    expect(issue.path).toBe('$or')
    expect(issue.message).toContain('1100')
    expect(issue.message).toContain(String(MAX_OR_COMBINATIONS))
  })

  it('alternatives of one $or add: a nested $or of 2 inside one of 3 alternatives gives 4 branches, not 6', () => {
    // Effect of the README's "Nested Or and And" example: (metricName || (metricType && namespace && (metricId || spaceId)) || scope).
    const nested = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { metricType: ['MetricType'], namespace: ['AWS/EC2', 'AWS/ES'], $or: [{ metricId: [1234] }, { spaceId: [1000] }] },
        { scope: ['Service'] }
      ]
    }
    expect(matchesPattern(nested, { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2', spaceId: 1000 })).toBe(true)
    expect(matchesPattern(nested, { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' })).toBe(false)
    // 4 branches × 250 (a sibling $or) = 1,000 passes and × 251 = 1,004 is refused; counting 3 × 2 = 6 would refuse both.
    expect(() => validateEventPattern({ ...nested, other: or('k', 250) })).not.toThrow()
    expect(issuesOf({ ...nested, other: or('k', 251) })[0].message).toContain('1004')
  })
})

describe('a wildcard AWS calls "too complex" is refused', () => {
  it('"*:*:*:*:*:event-bus/*" is refused with AWS\'s reason (LocalStack content_wildcard_complex_EXC)', () => {
    const [issue] = issuesOf({ EventBusArn: [{ wildcard: '*:*:*:*:*:event-bus/*' }] })
    expect(issue.path).toBe('EventBusArn[0].wildcard')
    expect(issue.message).toContain(TOO_COMPLEX_MESSAGE)
  })

  it('wildcards AWS accepted stay accepted (LocalStack content_wildcard_simplified, content_wildcard_repeating, content_wildcard_nonrepeating)', () => {
    const ok = [
      { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
      { FileName: [{ wildcard: '/Users/*/dir/dir/dir/dir/dir/doc.txt' }] },
      { FileName: [{ wildcard: '/Users/*/doc.txt' }] }
    ]
    const events = [
      { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/myEventBus' },
      { FileName: '/Users/ls_user/dir/dir/dir/dir/dir/doc.txt' },
      { FileName: '/Users/ls_user/dir/dir/dir/dir/dir/doc.txt' }
    ]
    ok.forEach((p, i) => expect(matchesPattern(p, events[i])).toBe(true))
  })

  it('wildcards on one field add up: three "*:stack/<name>/*" pass and four are refused (AWS refused the fourth: vals-ai/Valkyrie PR #278, "Rule is too complex")', () => {
    const names = ['Alpha', 'Beta', 'Gamma', 'Delta']
    const pattern = (n: number) => ({ detail: { 'stack-id': names.slice(0, n).map((name) => ({ wildcard: `*:stack/${name}/*` })) } })
    expect(() => validateEventPattern(pattern(3))).not.toThrow()
    expect(issuesOf(pattern(4))[0].message).toContain(TOO_COMPLEX_MESSAGE)
  })

  it('anything-but wildcards count too (event-ruler MachineComplexityEvaluator: MATCH_TYPES_WITH_COMPLEXITY = WILDCARD, ANYTHING_BUT_WILDCARD)', () => {
    expect(issuesOf({ EventBusArn: [{ 'anything-but': { wildcard: '*:*:*:*:*:event-bus/*' } }] })[0].message).toContain(TOO_COMPLEX_MESSAGE)
  })

  it('the complexity agrees with an independent model of event-ruler\'s evaluator (reference/wildcard_complexity.py, output committed there)', () => {
    const limit = 100
    expect(wildcardComplexity(['*:*:*:*:*:event-bus/*'], limit)).toBe(11)
    expect(wildcardComplexity(['/Users/*/dir/dir/dir/dir/dir/doc.txt'], limit)).toBe(7)
    expect(wildcardComplexity(['/Users/*/doc.txt'], limit)).toBe(2)
    expect(wildcardComplexity(['arn:aws:events:us-east-1:*:event-bus/*'], limit)).toBe(3)
    expect(wildcardComplexity(['*:stack/Alpha/*', '*:stack/Beta/*', '*:stack/Gamma/*'], limit)).toBe(9)
    expect(wildcardComplexity(['*:stack/Alpha/*', '*:stack/Beta/*', '*:stack/Gamma/*', '*:stack/Delta/*'], limit)).toBe(12)
    expect(wildcardComplexity(['*/lib/*'], limit)).toBe(4)
    expect(wildcardComplexity(['Simple*Service'], limit)).toBe(2)
  })
})
