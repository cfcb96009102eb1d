import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LabError } from '../../../../src/shared/errors'
import { matchesPattern, validateEventPattern } from '../../../../src/main/sandbox/eventbridge/pattern'

/** The EC2 event from the EventBridge User Guide, "Amazon EventBridge event patterns". */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' }
}

/** The sample event of aws/event-ruler's README (AWS's open-source EventBridge matcher). */
const rulerEvent = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running'
  }
}

/** The Auto Scaling event from "Matching null values and empty strings". */
const nullEvent = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null }
}

const withDetail = (detail: Record<string, unknown>) => ({ ...ec2Event, detail })

function validationIssues(pattern: unknown): Array<{ path: string; message: string }> {
  try {
    validateEventPattern(pattern)
  } catch (err) {
    expect(err).toBeInstanceOf(LabError)
    expect((err as LabError).code).toBe('VALIDATION')
    return (err as LabError).issues
  }
  throw new Error('expected the pattern to be rejected')
}

describe('exact values, arrays, null and empty strings (EventBridge User Guide examples)', () => {
  const terminated = {
    source: ['aws.ec2'],
    'detail-type': ['EC2 Instance State-change Notification'],
    detail: { state: ['terminated'] }
  }

  it('the instance-termination pattern matches the terminated EC2 event', () => {
    expect(matchesPattern(terminated, ec2Event)).toBe(true)
  })

  it('the same pattern does not match a running instance', () => {
    expect(matchesPattern(terminated, withDetail({ state: 'running' }))).toBe(false)
  })

  it('a value array is an OR: source aws.ec2 or aws.fargate', () => {
    expect(matchesPattern({ source: ['aws.ec2', 'aws.fargate'] }, ec2Event)).toBe(true)
    expect(matchesPattern({ source: ['aws.s3', 'aws.fargate'] }, ec2Event)).toBe(false)
  })

  it('an event array matches when it intersects the pattern array ("Arrays in event patterns")', () => {
    const pattern = {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f'
      ]
    }
    const intersecting = {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f'
      ]
    }
    expect(matchesPattern(pattern, intersecting)).toBe(true)
    expect(matchesPattern(pattern, { resources: ['arn:aws:ec2:us-east-1:999999999999:instance/i-b188560f'] })).toBe(false)
  })

  it('[""] matches an empty string and [null] matches null, and they are not interchangeable', () => {
    expect(matchesPattern({ detail: { eventVersion: [''] } }, nullEvent)).toBe(true)
    expect(matchesPattern({ detail: { responseElements: [null] } }, nullEvent)).toBe(true)
    expect(matchesPattern({ detail: { responseElements: [''] } }, nullEvent)).toBe(false)
    expect(matchesPattern({ detail: { eventVersion: [null] } }, nullEvent)).toBe(false)
  })

  it('numbers and nested fields match by value (Macie risk-score example)', () => {
    const macie = { source: 'aws.macie', 'detail-type': 'Macie Alert', detail: { 'risk-score': 80, trigger: { risk: 8 } } }
    const pattern = { source: ['aws.macie'], 'detail-type': ['Macie Alert'], detail: { 'risk-score': [80], trigger: { risk: [8] } } }
    expect(matchesPattern(pattern, macie)).toBe(true)
    expect(matchesPattern({ ...pattern, detail: { 'risk-score': [80], trigger: { risk: [9] } } }, macie)).toBe(false)
  })

  it('a field the event does not have fails the match', () => {
    expect(matchesPattern({ detail: { missing: ['x'] } }, ec2Event)).toBe(false)
    expect(matchesPattern({ nothere: { state: ['terminated'] } }, ec2Event)).toBe(false)
  })

  it('string matching is case-sensitive without an ignore-case operator', () => {
    expect(matchesPattern({ source: ['AWS.EC2'] }, ec2Event)).toBe(false)
  })
})

describe('prefix and suffix', () => {
  it('prefix "2017-10-02" matches time 2017-10-02T16:24:49Z but not another day', () => {
    expect(matchesPattern({ time: [{ prefix: '2017-10-02' }] }, rulerEvent)).toBe(true)
    expect(matchesPattern({ time: [{ prefix: '2017-10-03' }] }, rulerEvent)).toBe(false)
  })

  it('prefix with equals-ignore-case "EventB" matches "EVENTBRIDGE" but not "Events"', () => {
    const pattern = { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } }
    expect(matchesPattern(pattern, { detail: { service: 'EVENTBRIDGE' } })).toBe(true)
    expect(matchesPattern(pattern, { detail: { service: 'Events' } })).toBe(false)
  })

  it('suffix ".png" matches "photo.png" but not "photo.PNG"; with ignore-case it matches both', () => {
    expect(matchesPattern({ FileName: [{ suffix: '.png' }] }, { FileName: 'photo.png' })).toBe(true)
    expect(matchesPattern({ FileName: [{ suffix: '.png' }] }, { FileName: 'photo.PNG' })).toBe(false)
    expect(matchesPattern({ FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] }, { FileName: 'photo.PNG' })).toBe(true)
  })

  it('prefix does not match a number', () => {
    expect(matchesPattern({ detail: { 'c-count': [{ prefix: '5' }] } }, rulerEvent)).toBe(false)
  })
})

describe('equals-ignore-case and wildcard', () => {
  it('equals-ignore-case "alice" matches Name "Alice" but not "Alicia"', () => {
    expect(matchesPattern({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alice' })).toBe(true)
    expect(matchesPattern({ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alicia' })).toBe(false)
  })

  it('wildcard "Simple*Service" matches "SimpleQueueService" but not "SimpleQueue"', () => {
    expect(matchesPattern({ source: [{ wildcard: 'Simple*Service' }] }, { source: 'SimpleQueueService' })).toBe(true)
    expect(matchesPattern({ source: [{ wildcard: 'Simple*Service' }] }, { source: 'SimpleQueue' })).toBe(false)
  })

  it('the asterisk matches zero characters and an escaped asterisk is literal', () => {
    expect(matchesPattern({ f: [{ wildcard: '*.png' }] }, { f: '.png' })).toBe(true)
    expect(matchesPattern({ f: [{ wildcard: 'a\\*b' }] }, { f: 'a*b' })).toBe(true)
    expect(matchesPattern({ f: [{ wildcard: 'a\\*b' }] }, { f: 'axb' })).toBe(false)
  })
})

describe('anything-but', () => {
  it('a string: anything but "initializing"', () => {
    const p = { detail: { state: [{ 'anything-but': 'initializing' }] } }
    expect(matchesPattern(p, rulerEvent)).toBe(true)
    expect(matchesPattern(p, withDetail({ state: 'initializing' }))).toBe(false)
  })

  it('a number: anything but 123', () => {
    const p = { detail: { 'x-limit': [{ 'anything-but': 123 }] } }
    expect(matchesPattern(p, withDetail({ 'x-limit': 124 }))).toBe(true)
    expect(matchesPattern(p, withDetail({ 'x-limit': 123 }))).toBe(false)
  })

  it('a list of strings and a list of numbers', () => {
    const strings = { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }
    expect(matchesPattern(strings, rulerEvent)).toBe(true)
    expect(matchesPattern(strings, withDetail({ state: 'stopped' }))).toBe(false)
    const numbers = { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } }
    expect(matchesPattern(numbers, rulerEvent)).toBe(true)
    expect(matchesPattern(numbers, withDetail({ 'x-limit': 200 }))).toBe(false)
  })

  it('prefix "init" and suffix ".png"', () => {
    const prefix = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } }
    expect(matchesPattern(prefix, rulerEvent)).toBe(true)
    expect(matchesPattern(prefix, withDetail({ state: 'initializing' }))).toBe(false)
    const suffix = { FileName: [{ 'anything-but': { suffix: '.png' } }] }
    expect(matchesPattern(suffix, { FileName: 'a.jpg' })).toBe(true)
    expect(matchesPattern(suffix, { FileName: 'a.png' })).toBe(false)
  })

  it('equals-ignore-case "initializing" excludes "INITIALIZING"', () => {
    const p = { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] }
    expect(matchesPattern(p, { state: 'running' })).toBe(true)
    expect(matchesPattern(p, { state: 'INITIALIZING' })).toBe(false)
  })

  it('wildcard "*/lib/*" excludes paths through /lib/', () => {
    const p = { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }
    expect(matchesPattern(p, { FilePath: '/usr/bin/tool' })).toBe(true)
    expect(matchesPattern(p, { FilePath: '/usr/lib/tool' })).toBe(false)
  })

  it('does not match a missing field', () => {
    expect(matchesPattern({ detail: { absent: [{ 'anything-but': 'x' }] } }, rulerEvent)).toBe(false)
  })
})

describe('numeric', () => {
  it('the user guide example matches c-count 5, d-count 3, x-limit 301.8', () => {
    const p = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }]
      }
    }
    expect(matchesPattern(p, rulerEvent)).toBe(true)
  })

  it('bounds: > 0 excludes 0, <= 5 includes 5 and excludes 6', () => {
    const p = { n: [{ numeric: ['>', 0, '<=', 5] }] }
    expect(matchesPattern(p, { n: 0 })).toBe(false)
    expect(matchesPattern(p, { n: 5 })).toBe(true)
    expect(matchesPattern(p, { n: 6 })).toBe(false)
  })

  it('does not match a numeric string', () => {
    expect(matchesPattern({ n: [{ numeric: ['>', 0] }] }, { n: '5' })).toBe(false)
  })
})

describe('cidr', () => {
  it('10.0.0.0/24 contains 10.0.0.33 but not 10.0.1.5', () => {
    const p = { detail: { 'source-ip': [{ cidr: '10.0.0.0/24' }] } }
    expect(matchesPattern(p, rulerEvent)).toBe(true)
    expect(matchesPattern(p, withDetail({ 'source-ip': '10.0.1.5' }))).toBe(false)
  })

  it('IPv6: 2001:db8::/32 contains 2001:db8:1::1 but not 2001:db9::1', () => {
    const p = { ip: [{ cidr: '2001:db8::/32' }] }
    expect(matchesPattern(p, { ip: '2001:db8:1::1' })).toBe(true)
    expect(matchesPattern(p, { ip: '2001:db9::1' })).toBe(false)
  })
})

describe('exists', () => {
  const absent = { detail: { 'c-count': [{ exists: false }] } }

  it('exists:false matches an event without the field (user guide example)', () => {
    expect(matchesPattern(absent, withDetail({ state: ['initializing', 'running'] }))).toBe(true)
  })

  it('exists:false also matches when the field holds an object, because it is not a leaf', () => {
    expect(matchesPattern(absent, withDetail({ state: ['initializing', 'running'], 'c-count': { c1: 100 } }))).toBe(true)
  })

  it('exists:false does not match a present leaf; exists:true does', () => {
    expect(matchesPattern(absent, rulerEvent)).toBe(false)
    expect(matchesPattern({ detail: { 'c-count': [{ exists: true }] } }, rulerEvent)).toBe(true)
    expect(matchesPattern({ detail: { 'e-count': [{ exists: true }] } }, rulerEvent)).toBe(false)
  })
})

describe('$or', () => {
  // aws/event-ruler README, "Normal Or": source AND (metricName OR namespace).
  const pattern = {
    source: ['aws.cloudwatch'],
    $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }]
  }

  it('matches when either alternative matches', () => {
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', metricName: 'ReadLatency' })).toBe(true)
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/EC2' })).toBe(true)
  })

  it('does not match when no alternative matches, or when the ANDed field fails', () => {
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', metricName: 'Invocations' })).toBe(false)
    expect(matchesPattern(pattern, { source: 'aws.sagemaker', metricName: 'ReadLatency' })).toBe(false)
  })
})

describe('the complex example combining operators', () => {
  const complex = {
    time: [{ prefix: '2017-10-02' }],
    detail: {
      state: [{ 'anything-but': 'initializing' }],
      'c-count': [{ numeric: ['>', 0, '<=', 5] }],
      'd-count': [{ numeric: ['<', 10] }],
      'x-limit': [{ 'anything-but': [100, 200, 300] }]
    }
  }

  it('matches the event-ruler sample event', () => {
    expect(matchesPattern(complex, rulerEvent)).toBe(true)
  })

  it('fails when one ANDed field fails (d-count 10 is not < 10)', () => {
    expect(matchesPattern(complex, { ...rulerEvent, detail: { ...rulerEvent.detail, 'd-count': 10 } })).toBe(false)
  })
})

describe('validateEventPattern', () => {
  it('names the path when a value is not an array', () => {
    const issues = validationIssues({ detail: { state: { value: 'ALARM' } } })
    expect(issues).toHaveLength(1)
    expect(issues[0].path).toBe('detail.state.value')
    expect(issues[0].message).toContain('must be an array')
  })

  it('rejects an unknown operator and lists the real ones', () => {
    const issues = validationIssues({ source: [{ prefixx: 'aws.' }] })
    expect(issues[0].path).toBe('source[0]')
    expect(issues[0].message).toContain('unknown operator "prefixx"')
    expect(issues[0].message).toContain('prefix')
  })

  it('rejects a numeric range with the upper bound first', () => {
    const issues = validationIssues({ x: [{ numeric: ['<', 5, '>', 0] }] })
    expect(issues[0].path).toBe('x[0].numeric')
    expect(issues[0].message).toContain('lower bound first')
  })

  it('rejects a numeric range whose bounds are equal, and an unknown numeric operator', () => {
    expect(validationIssues({ x: [{ numeric: ['>', 5, '<', 5] }] })[0].path).toBe('x[0].numeric')
    expect(validationIssues({ x: [{ numeric: ['!=', 5] }] })[0].path).toBe('x[0].numeric[0]')
  })

  it('rejects empty arrays and empty objects', () => {
    expect(validationIssues({ source: [] })[0].path).toBe('source')
    expect(validationIssues({})[0].path).toBe('')
    expect(validationIssues({ detail: {} })[0].path).toBe('detail')
  })

  it('rejects a pattern that is not a JSON object', () => {
    expect(validationIssues(['aws.ec2'])[0].message).toContain('JSON object')
    expect(validationIssues('{"source": [')[0].message).toContain('not valid JSON')
  })

  it('accepts a pattern given as JSON text', () => {
    expect(validateEventPattern('{"source": ["aws.sagemaker"]}')).toEqual({ source: ['aws.sagemaker'] })
  })

  it('rejects mixed anything-but lists, empty anything-but prefixes, bad wildcards and a one-item $or', () => {
    expect(validationIssues({ s: [{ 'anything-but': ['a', 1] }] })[0].path).toBe('s[0].anything-but')
    expect(validationIssues({ s: [{ 'anything-but': { prefix: '' } }] })[0].path).toBe('s[0].anything-but.prefix')
    expect(validationIssues({ s: [{ wildcard: 'a**b' }] })[0].message).toContain('consecutive')
    expect(validationIssues({ s: [{ wildcard: 'a\\b' }] })[0].message).toContain('backslash')
    expect(validationIssues({ $or: [{ a: ['x'] }] })[0].path).toBe('$or')
  })

  it('reports every problem, not just the first', () => {
    const issues = validationIssues({ source: 'aws.ec2', detail: { state: [{ exists: 'yes' }] } })
    expect(issues.map((i) => i.path)).toEqual(['source', 'detail.state[0].exists'])
  })

  it('matchesPattern throws the same validation error for an invalid pattern', () => {
    expect(() => matchesPattern({ source: 'aws.ec2' }, ec2Event)).toThrow(LabError)
  })
})

describe('property: a pattern of exact values taken from an event matches that event', () => {
  const scalar = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))
  const key = fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '$or' && k !== '__proto__')
  const value = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      scalar,
      fc.array(scalar, { minLength: 1, maxLength: 4 }),
      fc.dictionary(key, tie('node'), { minKeys: 1, maxKeys: 4 })
    )
  })).node
  const event = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 })

  /** Copies every scalar or array of scalars into a value list; keeps nested objects as nested patterns. */
  function exactPattern(obj: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(obj)) {
      if (Array.isArray(v)) out[k] = v
      else if (v !== null && typeof v === 'object') out[k] = exactPattern(v as Record<string, unknown>)
      else out[k] = [v]
    }
    return out
  }

  it('holds for generated events', () => {
    fc.assert(
      fc.property(event, (e) => {
        expect(matchesPattern(exactPattern(e), e)).toBe(true)
      })
    )
  })
})
