import { describe, expect, it } from 'vitest'
import { LabError } from '../../../../src/shared/errors'
import { buildCloudTrailRecord } from '../../../../src/main/sandbox/cloudtrail/record'
import { EventBus, type Target } from '../../../../src/main/sandbox/eventbridge/bus'
import { testEventPattern } from '../../../../src/main/sandbox/eventbridge/test-event-pattern'
import {
  buildAlarmStateChangeEvent,
  buildApiCallEvent,
  buildEvent,
  buildModelPackageStateChangeEvent,
  type EventContext
} from '../../../../src/main/sandbox/eventbridge/events'

function counterIds() {
  let n = 0
  return (prefix: string) => `${prefix}-${++n}`
}

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const NOW = Date.UTC(2024, 5, 1, 12, 0, 0)

function setup() {
  const bus = new EventBus({ account: ACCOUNT, region: REGION })
  const ctx: EventContext = { account: ACCOUNT, region: REGION, ids: counterIds() }
  return { bus, ctx }
}

function alarmEvent(ctx: EventContext, value: 'OK' | 'ALARM', previous: 'OK' | 'ALARM') {
  return buildAlarmStateChangeEvent(ctx, {
    alarmName: 'churn-feature-drift',
    metrics: [],
    state: { value, reason: 'test', timestampMs: NOW },
    previousState: { value: previous, reason: 'test', timestampMs: NOW - 60_000 }
  })
}

const driftRule = {
  Name: 'retrain-on-drift',
  EventPattern: {
    source: ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
    detail: { alarmName: ['churn-feature-drift'], state: { value: ['ALARM'] } }
  }
}

const pipelineTarget: Target = {
  Id: 'pipeline',
  Arn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-retrain',
  kind: 'startPipeline'
}

function labErrorOf(fn: () => unknown): LabError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(LabError)
    return err as LabError
  }
  throw new Error('expected a LabError')
}

describe('routing', () => {
  it('an alarm going to ALARM is delivered to the rule\'s target; going back to OK is not', () => {
    const { bus, ctx } = setup()
    bus.putRule(driftRule)
    bus.putTargets({ Rule: 'retrain-on-drift', Targets: [pipelineTarget] })

    const alarm = alarmEvent(ctx, 'ALARM', 'OK')
    const fired = bus.putEvents([alarm], NOW)
    expect(fired.matches).toEqual([{ eventId: alarm.id, ruleNames: ['retrain-on-drift'] }])
    expect(fired.deliveries).toHaveLength(1)
    expect(fired.deliveries[0]).toMatchObject({
      ruleName: 'retrain-on-drift',
      targetId: 'pipeline',
      kind: 'startPipeline',
      event: alarm,
      input: alarm,
      deliveredAt: '2024-06-01T12:00:00Z',
      status: 'unhandled'
    })

    const ok = alarmEvent(ctx, 'OK', 'ALARM')
    expect(bus.putEvents([ok], NOW).deliveries).toEqual([])
  })

  it('a disabled rule does not fire, and fires again once enabled', () => {
    const { bus, ctx } = setup()
    bus.putRule({ ...driftRule, State: 'DISABLED' })
    bus.putTargets({ Rule: 'retrain-on-drift', Targets: [pipelineTarget] })
    expect(bus.putEvents([alarmEvent(ctx, 'ALARM', 'OK')], NOW).deliveries).toHaveLength(0)
    bus.enableRule('retrain-on-drift')
    expect(bus.putEvents([alarmEvent(ctx, 'ALARM', 'OK')], NOW).deliveries).toHaveLength(1)
  })

  it('every target of a matching rule gets the event, in the order they were added', () => {
    const { bus, ctx } = setup()
    bus.putRule(driftRule)
    bus.putTargets({
      Rule: 'retrain-on-drift',
      Targets: [pipelineTarget, { Id: 'oncall', Arn: 'arn:aws:sns:us-east-1:123456789012:oncall', kind: 'notify' }]
    })
    const deliveries = bus.putEvents([alarmEvent(ctx, 'ALARM', 'OK')], NOW).deliveries
    expect(deliveries.map((d) => [d.targetId, d.kind])).toEqual([
      ['pipeline', 'startPipeline'],
      ['oncall', 'notify']
    ])
  })

  it('two rules matching one event both deliver; a rule without targets matches but delivers nothing', () => {
    const { bus, ctx } = setup()
    bus.putRule(driftRule)
    bus.putTargets({ Rule: 'retrain-on-drift', Targets: [pipelineTarget] })
    bus.putRule({ Name: 'all-alarms', EventPattern: { source: ['aws.cloudwatch'] } })
    const result = bus.putEvents([alarmEvent(ctx, 'ALARM', 'OK')], NOW)
    expect(result.matches[0].ruleNames).toEqual(['retrain-on-drift', 'all-alarms'])
    expect(result.deliveries).toHaveLength(1)
  })

  it('a target Input replaces the event passed to the target', () => {
    const { bus, ctx } = setup()
    bus.putRule(driftRule)
    bus.putTargets({ Rule: 'retrain-on-drift', Targets: [{ ...pipelineTarget, Input: '{"PipelineParameters":{"reason":"drift"}}' }] })
    const [delivery] = bus.putEvents([alarmEvent(ctx, 'ALARM', 'OK')], NOW).deliveries
    expect(delivery.input).toEqual({ PipelineParameters: { reason: 'drift' } })
  })

  it('the Model Registry pattern routes a model package event (AWS-FACTS §8)', () => {
    const { bus, ctx } = setup()
    bus.putRule({
      Name: 'deploy-on-approval',
      EventPattern: '{"source":["aws.sagemaker"],"detail-type":["SageMaker Model Package State Change"],"detail":{"ModelApprovalStatus":["Approved"]}}'
    })
    bus.putTargets({ Rule: 'deploy-on-approval', Targets: [{ Id: 'deploy', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:deploy', kind: 'invokeFunction' }] })
    const pkg = (approvalStatus: 'Approved' | 'Rejected') =>
      buildModelPackageStateChangeEvent(ctx, { groupName: 'churn', version: 4, status: 'Completed', approvalStatus, creationTimeMs: NOW, lastModifiedTimeMs: NOW })
    expect(bus.putEvents([pkg('Rejected')], NOW).deliveries).toHaveLength(0)
    expect(bus.putEvents([pkg('Approved')], NOW).deliveries).toHaveLength(1)
  })

  it('keeps a delivery log across calls', () => {
    const { bus, ctx } = setup()
    bus.putRule(driftRule)
    bus.putTargets({ Rule: 'retrain-on-drift', Targets: [pipelineTarget] })
    bus.putEvents([alarmEvent(ctx, 'ALARM', 'OK')], NOW)
    bus.putEvents([alarmEvent(ctx, 'ALARM', 'OK')], NOW + 60_000)
    expect(bus.deliveryLog().map((d) => d.deliveredAt)).toEqual(['2024-06-01T12:00:00Z', '2024-06-01T12:01:00Z'])
  })

  it('rejects an event that is not an envelope', () => {
    const { bus } = setup()
    const err = labErrorOf(() => bus.putEvents([{ id: 'x', source: 'aws.sagemaker' } as never], NOW))
    expect(err.issues[0].path).toBe('events[0]')
  })
})

describe('CloudTrail-delivered events and rule State', () => {
  function apiEvent(eventName: string) {
    const ids = counterIds()
    const record = buildCloudTrailRecord(
      {
        eventTime: NOW,
        eventSource: 'sagemaker.amazonaws.com',
        eventName,
        awsRegion: REGION,
        userIdentity: { type: 'IAMUser', accountId: ACCOUNT, userName: 'alice' }
      },
      ids
    )
    return buildApiCallEvent(ids, record)
  }

  const pattern = { source: ['aws.sagemaker'], 'detail-type': ['AWS API Call via CloudTrail'] }

  it('an ENABLED rule gets write calls but not read-only Describe/Get/List management calls', () => {
    const { bus } = setup()
    bus.putRule({ Name: 'audit', EventPattern: pattern })
    bus.putTargets({ Rule: 'audit', Targets: [{ Id: 'log', Arn: 'arn:aws:sns:us-east-1:123456789012:audit', kind: 'notify' }] })
    expect(bus.putEvents([apiEvent('CreateEndpoint')], NOW).deliveries).toHaveLength(1)
    expect(bus.putEvents([apiEvent('DescribeEndpoint')], NOW).deliveries).toHaveLength(0)
  })

  it('ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS also gets read-only calls', () => {
    const { bus } = setup()
    bus.putRule({ Name: 'audit', EventPattern: pattern, State: 'ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS' })
    bus.putTargets({ Rule: 'audit', Targets: [{ Id: 'log', Arn: 'arn:aws:sns:us-east-1:123456789012:audit', kind: 'notify' }] })
    expect(bus.putEvents([apiEvent('DescribeEndpoint')], NOW).deliveries).toHaveLength(1)
  })
})

describe('target handlers', () => {
  it('a registered handler is called with the invocation and its result is logged', () => {
    const { bus, ctx } = setup()
    const calls: string[] = []
    bus.registerTargetKind('startPipeline', (inv) => {
      calls.push(`${inv.ruleName}/${inv.target.Id}`)
      return { PipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-retrain/execution/1' }
    })
    bus.putRule(driftRule)
    bus.putTargets({ Rule: 'retrain-on-drift', Targets: [pipelineTarget] })
    const [delivery] = bus.putEvents([alarmEvent(ctx, 'ALARM', 'OK')], NOW).deliveries
    expect(calls).toEqual(['retrain-on-drift/pipeline'])
    expect(delivery.status).toBe('delivered')
    expect(delivery.result).toEqual({ PipelineExecutionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-retrain/execution/1' })
  })

  it('a handler that throws is recorded as failed, and other targets still get the event', () => {
    const { bus, ctx } = setup()
    bus.registerTargetKind('startPipeline', () => {
      throw new Error('pipeline does not exist')
    })
    bus.putRule(driftRule)
    bus.putTargets({
      Rule: 'retrain-on-drift',
      Targets: [pipelineTarget, { Id: 'oncall', Arn: 'arn:aws:sns:us-east-1:123456789012:oncall', kind: 'notify' }]
    })
    const deliveries = bus.putEvents([alarmEvent(ctx, 'ALARM', 'OK')], NOW).deliveries
    expect(deliveries.map((d) => d.status)).toEqual(['failed', 'unhandled'])
    expect(deliveries[0].error).toBe('pipeline does not exist')
  })

  it('a rule that re-triggers itself through its handler is stopped by the loop guard', () => {
    const { bus, ctx } = setup()
    bus.putRule({ Name: 'echo', EventPattern: { source: ['lab.echo'] } })
    bus.putTargets({ Rule: 'echo', Targets: [{ Id: 'self', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:echo', kind: 'invokeFunction' }] })
    bus.registerTargetKind('invokeFunction', () =>
      bus.putEvents([buildEvent(ctx, { source: 'lab.echo', detailType: 'Echo', timeMs: NOW, detail: {} })], NOW)
    )
    bus.putEvents([buildEvent(ctx, { source: 'lab.echo', detailType: 'Echo', timeMs: NOW, detail: {} })], NOW)
    const log = bus.deliveryLog()
    // Ten nested putEvents calls are allowed; the handler of the tenth delivery is refused.
    expect(log).toHaveLength(10)
    expect(log[9].status).toBe('failed')
    expect(log[9].error).toContain('levels deep')
  })
})

describe('rule and target management', () => {
  it('validates the rule name, state and pattern, naming each field', () => {
    const { bus } = setup()
    const err = labErrorOf(() =>
      bus.putRule({ Name: 'bad name!', EventPattern: { detail: { state: { value: 'ALARM' } } }, State: 'ON' as never })
    )
    expect(err.code).toBe('VALIDATION')
    expect(err.issues.map((i) => i.path)).toEqual(['Name', 'State', 'EventPattern.detail.state.value'])
    expect(labErrorOf(() => bus.putRule({ Name: 'x'.repeat(65), EventPattern: { source: ['a'] } })).issues[0].path).toBe('Name')
    expect(() => bus.putRule({ Name: 'x'.repeat(64), EventPattern: { source: ['a'] } })).not.toThrow()
  })

  it('allows five targets per rule and refuses a sixth; re-putting an existing Id updates it', () => {
    const { bus } = setup()
    bus.putRule(driftRule)
    const t = (i: number): Target => ({ Id: `t${i}`, Arn: `arn:aws:sns:us-east-1:123456789012:t${i}`, kind: 'notify' })
    bus.putTargets({ Rule: 'retrain-on-drift', Targets: [1, 2, 3, 4, 5].map(t) })
    bus.putTargets({ Rule: 'retrain-on-drift', Targets: [{ ...t(5), kind: 'invokeFunction' }] })
    expect(bus.listTargetsByRule('retrain-on-drift').Targets.map((x) => x.kind)).toEqual([
      'notify',
      'notify',
      'notify',
      'notify',
      'invokeFunction'
    ])
    const err = labErrorOf(() => bus.putTargets({ Rule: 'retrain-on-drift', Targets: [t(6)] }))
    expect(err.issues[0].path).toBe('Targets')
    expect(err.message).toContain('at most 5 targets')
    expect(bus.listTargetsByRule('retrain-on-drift').Targets).toHaveLength(5)
  })

  it('validates target fields', () => {
    const { bus } = setup()
    bus.putRule(driftRule)
    const err = labErrorOf(() =>
      bus.putTargets({ Rule: 'retrain-on-drift', Targets: [{ Id: '', Arn: 'pipeline', kind: 'startPipeline', Input: '{oops' }] })
    )
    expect(err.issues.map((i) => i.path)).toEqual(['Targets[0].Id', 'Targets[0].Arn', 'Targets[0].Input'])
  })

  it('a rule with targets cannot be deleted until they are removed', () => {
    const { bus } = setup()
    bus.putRule(driftRule)
    bus.putTargets({ Rule: 'retrain-on-drift', Targets: [pipelineTarget] })
    expect(labErrorOf(() => bus.deleteRule('retrain-on-drift')).code).toBe('CONFLICT')
    expect(bus.removeTargets({ Rule: 'retrain-on-drift', Ids: ['pipeline', 'ghost'] })).toEqual({
      FailedEntryCount: 1,
      FailedEntries: [{ TargetId: 'ghost', ErrorCode: 'ResourceNotFoundException', ErrorMessage: 'rule "retrain-on-drift" has no target "ghost"' }]
    })
    bus.deleteRule('retrain-on-drift')
    expect(bus.listRules().Rules).toEqual([])
    expect(labErrorOf(() => bus.describeRule('retrain-on-drift')).code).toBe('NOT_FOUND')
  })

  it('PutRule on an existing rule replaces its pattern but keeps its targets', () => {
    const { bus } = setup()
    bus.putRule(driftRule)
    bus.putTargets({ Rule: 'retrain-on-drift', Targets: [pipelineTarget] })
    bus.putRule({ Name: 'retrain-on-drift', EventPattern: { source: ['aws.sagemaker'] } })
    expect(bus.describeRule('retrain-on-drift').EventPattern).toBe('{"source":["aws.sagemaker"]}')
    expect(bus.listTargetsByRule('retrain-on-drift').Targets).toHaveLength(1)
  })

  it('lists rules by name prefix with the default-bus rule ARN', () => {
    const { bus } = setup()
    bus.putRule({ Name: 'retrain-b', EventPattern: { source: ['a'] }, Description: 'second' })
    bus.putRule({ Name: 'retrain-a', EventPattern: { source: ['a'] } })
    bus.putRule({ Name: 'notify', EventPattern: { source: ['a'] } })
    const rules = bus.listRules({ NamePrefix: 'retrain-' }).Rules
    expect(rules.map((r) => r.Name)).toEqual(['retrain-a', 'retrain-b'])
    expect(rules[0]).toEqual({
      Name: 'retrain-a',
      Arn: 'arn:aws:events:us-east-1:123456789012:rule/retrain-a',
      EventPattern: '{"source":["a"]}',
      State: 'ENABLED',
      EventBusName: 'default'
    })
  })

  it('testEventPattern answers a rule\'s pattern the way the bus routes the same event', () => {
    const { ctx } = setup()
    const ask = (event: unknown) => testEventPattern({ EventPattern: JSON.stringify(driftRule.EventPattern), Event: JSON.stringify(event) }).Result
    expect(ask(alarmEvent(ctx, 'ALARM', 'OK'))).toBe(true)
    expect(ask(alarmEvent(ctx, 'OK', 'ALARM'))).toBe(false)
  })
})
