import { describe, expect, it } from 'vitest'
import { LabError } from '../../../../src/shared/errors'
import type { ApiCallInput, UserIdentity } from '../../../../src/main/sandbox/cloudtrail/record'
import { CloudTrailService, logFileKey, type LookupEventsRequest } from '../../../../src/main/sandbox/cloudtrail/trail'

const ACCOUNT = '123456789012'
const REGION = 'us-east-1'
const T0 = Date.UTC(2024, 5, 20, 12, 0, 0)
const MIN = 60_000
const DAY = 86_400_000

const alice: UserIdentity = {
  type: 'IAMUser',
  principalId: 'AIDAJ45Q7YFFAREXAMPLE',
  arn: 'arn:aws:iam::123456789012:user/Alice',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  userName: 'Alice'
}
const pipelineRole: UserIdentity = {
  type: 'AssumedRole',
  principalId: 'AROAIDPPEZS35WEXAMPLE:retrain',
  arn: 'arn:aws:sts::123456789012:assumed-role/PipelineRole/retrain',
  accountId: ACCOUNT,
  accessKeyId: 'ASIAEXAMPLETEMPKEY01'
}

function service() {
  let n = 0
  return new CloudTrailService({ account: ACCOUNT, region: REGION, ids: (p) => `${p}-${++n}` })
}

function call(eventName: string, minute: number, extra: Partial<ApiCallInput> = {}): ApiCallInput {
  return {
    eventTime: T0 + minute * MIN,
    eventSource: 'sagemaker.amazonaws.com',
    eventName,
    awsRegion: REGION,
    userIdentity: alice,
    ...extra
  }
}

const endpointArn = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/churn-endpoint'
const endpointResource = [{ ARN: endpointArn, accountId: ACCOUNT, type: 'AWS::SageMaker::Endpoint' }]

/** Six management events a minute apart, minutes 0..5, plus one S3 data event at minute 6. */
function seeded() {
  const ct = service()
  const ids: Record<string, string> = {}
  const add = (name: string, minute: number, extra: Partial<ApiCallInput> = {}) => {
    const outcome = ct.recordApiCall(call(name, minute, extra))
    if (!outcome) throw new Error(`${name} was not recorded`)
    ids[name] = outcome.record.eventID
  }
  add('CreateModel', 0)
  add('CreateEndpointConfig', 1)
  add('CreateEndpoint', 2, { resources: endpointResource })
  add('DescribeEndpoint', 3, { resources: endpointResource })
  add('PutMetricAlarm', 4, { eventSource: 'monitoring.amazonaws.com' })
  add('UpdateEndpoint', 5, { userIdentity: pipelineRole, resources: endpointResource })
  add('GetObject', 6, {
    eventSource: 's3.amazonaws.com',
    resources: [{ ARN: 'arn:aws:s3:::training-data/churn.csv', accountId: ACCOUNT, type: 'AWS::S3::Object' }]
  })
  return { ct, ids }
}

const NOW = T0 + 10 * MIN
const names = (ct: CloudTrailService, req: LookupEventsRequest = {}, now = NOW) => ct.lookupEvents(req, now).Events.map((e) => e.EventName)

function labErrorOf(fn: () => unknown): LabError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(LabError)
    return err as LabError
  }
  throw new Error('expected a LabError')
}

describe('Event history (LookupEvents)', () => {
  it('returns management events newest first and leaves out the data event', () => {
    const { ct } = seeded()
    expect(names(ct)).toEqual(['UpdateEndpoint', 'PutMetricAlarm', 'DescribeEndpoint', 'CreateEndpoint', 'CreateEndpointConfig', 'CreateModel'])
  })

  it('shapes each event as the API does, with the record as CloudTrailEvent JSON', () => {
    const { ct, ids } = seeded()
    const [event] = ct.lookupEvents({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'DescribeEndpoint' }] }, NOW).Events
    expect(event).toEqual({
      EventId: ids.DescribeEndpoint,
      EventName: 'DescribeEndpoint',
      ReadOnly: 'true',
      AccessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      EventTime: '2024-06-20T12:03:00Z',
      EventSource: 'sagemaker.amazonaws.com',
      Username: 'Alice',
      Resources: [{ ResourceType: 'AWS::SageMaker::Endpoint', ResourceName: endpointArn }],
      CloudTrailEvent: event.CloudTrailEvent
    })
    const record = JSON.parse(event.CloudTrailEvent)
    expect(record).toMatchObject({ eventID: ids.DescribeEndpoint, eventName: 'DescribeEndpoint', readOnly: true, managementEvent: true })
  })

  it('looks up by each of the eight attributes', () => {
    const { ct, ids } = seeded()
    const by = (AttributeKey: never, AttributeValue: string) => names(ct, { LookupAttributes: [{ AttributeKey, AttributeValue }] })
    expect(by('EventId' as never, ids.CreateEndpoint)).toEqual(['CreateEndpoint'])
    expect(by('EventName' as never, 'CreateModel')).toEqual(['CreateModel'])
    expect(by('ReadOnly' as never, 'true')).toEqual(['DescribeEndpoint'])
    expect(by('ReadOnly' as never, 'false')).toEqual(['UpdateEndpoint', 'PutMetricAlarm', 'CreateEndpoint', 'CreateEndpointConfig', 'CreateModel'])
    expect(by('Username' as never, 'retrain')).toEqual(['UpdateEndpoint'])
    expect(by('ResourceType' as never, 'AWS::SageMaker::Endpoint')).toEqual(['UpdateEndpoint', 'DescribeEndpoint', 'CreateEndpoint'])
    expect(by('ResourceName' as never, endpointArn)).toEqual(['UpdateEndpoint', 'DescribeEndpoint', 'CreateEndpoint'])
    expect(by('ResourceName' as never, 'churn-endpoint')).toEqual(['UpdateEndpoint', 'DescribeEndpoint', 'CreateEndpoint'])
    expect(by('EventSource' as never, 'monitoring.amazonaws.com')).toEqual(['PutMetricAlarm'])
    expect(by('AccessKeyId' as never, 'ASIAEXAMPLETEMPKEY01')).toEqual(['UpdateEndpoint'])
  })

  it('StartTime and EndTime are inclusive', () => {
    const { ct } = seeded()
    expect(names(ct, { StartTime: T0 + 1 * MIN, EndTime: T0 + 3 * MIN })).toEqual(['DescribeEndpoint', 'CreateEndpoint', 'CreateEndpointConfig'])
    expect(names(ct, { StartTime: T0 + 5 * MIN })).toEqual(['UpdateEndpoint'])
    expect(names(ct, { EndTime: T0 })).toEqual(['CreateModel'])
  })

  it('keeps 90 days: an event 89 days old is found, one 91 days old is not', () => {
    const ct = service()
    ct.recordApiCall(call('CreateModel', 0))
    ct.recordApiCall(call('DeleteModel', 2 * DAY / MIN))
    const now = T0 + 91 * DAY
    expect(names(ct, {}, now)).toEqual(['DeleteModel'])
    expect(names(ct, {}, T0 + 89 * DAY)).toEqual(['DeleteModel', 'CreateModel'])
  })

  it('does not return events later than the simulated now', () => {
    const { ct } = seeded()
    expect(names(ct, {}, T0 + 1 * MIN)).toEqual(['CreateEndpointConfig', 'CreateModel'])
  })

  it('pages with MaxResults and NextToken until the last page, which has no token', () => {
    const { ct } = seeded()
    const p1 = ct.lookupEvents({ MaxResults: 4 }, NOW)
    expect(p1.Events.map((e) => e.EventName)).toEqual(['UpdateEndpoint', 'PutMetricAlarm', 'DescribeEndpoint', 'CreateEndpoint'])
    expect(p1.NextToken).toBeDefined()
    const p2 = ct.lookupEvents({ MaxResults: 4, NextToken: p1.NextToken }, NOW)
    expect(p2.Events.map((e) => e.EventName)).toEqual(['CreateEndpointConfig', 'CreateModel'])
    expect(p2.NextToken).toBeUndefined()
  })

  it('an event recorded between pages does not shift the next page', () => {
    const { ct } = seeded()
    const p1 = ct.lookupEvents({ MaxResults: 3 }, NOW)
    ct.recordApiCall(call('DeleteEndpoint', 7))
    const p2 = ct.lookupEvents({ MaxResults: 3, NextToken: p1.NextToken }, NOW)
    expect(p2.Events.map((e) => e.EventName)).toEqual(['CreateEndpoint', 'CreateEndpointConfig', 'CreateModel'])
  })

  it('returns 50 events by default', () => {
    const ct = service()
    for (let i = 0; i < 60; i++) ct.recordApiCall(call('DescribeEndpoint', i))
    const page = ct.lookupEvents({}, T0 + 60 * MIN)
    expect(page.Events).toHaveLength(50)
    expect(page.NextToken).toBeDefined()
  })

  it('refuses a NextToken used with different parameters', () => {
    const { ct } = seeded()
    const p1 = ct.lookupEvents({ MaxResults: 2 }, NOW)
    const err = labErrorOf(() =>
      ct.lookupEvents({ MaxResults: 2, NextToken: p1.NextToken, LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'CreateModel' }] }, NOW)
    )
    expect(err.issues[0].path).toBe('NextToken')
    expect(labErrorOf(() => ct.lookupEvents({ NextToken: 'garbage' }, NOW)).issues[0].path).toBe('NextToken')
  })

  it('validates attributes, MaxResults and the time range, naming the field', () => {
    const { ct } = seeded()
    const two = labErrorOf(() =>
      ct.lookupEvents(
        {
          LookupAttributes: [
            { AttributeKey: 'EventName', AttributeValue: 'CreateModel' },
            { AttributeKey: 'Username', AttributeValue: 'Alice' }
          ]
        },
        NOW
      )
    )
    expect(two.code).toBe('VALIDATION')
    expect(two.issues[0].path).toBe('LookupAttributes')
    const badKey = labErrorOf(() => ct.lookupEvents({ LookupAttributes: [{ AttributeKey: 'UserName' as never, AttributeValue: 'Alice' }] }, NOW))
    expect(badKey.issues[0].path).toBe('LookupAttributes[0].AttributeKey')
    const empty = labErrorOf(() => ct.lookupEvents({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: '' }] }, NOW))
    expect(empty.issues[0].path).toBe('LookupAttributes[0].AttributeValue')
    expect(labErrorOf(() => ct.lookupEvents({ MaxResults: 0 }, NOW)).issues[0].path).toBe('MaxResults')
    expect(labErrorOf(() => ct.lookupEvents({ MaxResults: 51 }, NOW)).issues[0].path).toBe('MaxResults')
    expect(ct.lookupEvents({ MaxResults: 50 }, NOW).Events).toHaveLength(6)
    const range = labErrorOf(() => ct.lookupEvents({ StartTime: T0 + 2 * MIN, EndTime: T0 }, NOW))
    expect(range.issues[0].path).toBe('StartTime')
  })
})

describe('recordApiCall', () => {
  it('does not log InvokeEndpoint at all', () => {
    const ct = service()
    expect(ct.recordApiCall(call('InvokeEndpoint', 0))).toBeNull()
    expect(ct.lookupEvents({}, NOW).Events).toEqual([])
  })

  it('keeps events from another Region out of this Region\'s Event history', () => {
    const ct = service()
    expect(ct.recordApiCall(call('CreateModel', 0, { awsRegion: 'us-west-2' }))?.inEventHistory).toBe(false)
    expect(ct.lookupEvents({}, NOW).Events).toEqual([])
  })
})

describe('trails', () => {
  const s3Object = (key: string) => [{ ARN: `arn:aws:s3:::training-data/${key}`, accountId: ACCOUNT, type: 'AWS::S3::Object' }]

  it('a new trail records nothing until logging starts, then management events only', () => {
    const ct = service()
    ct.createTrail({ Name: 'audit', S3BucketName: 'audit-logs' })
    expect(ct.getTrailStatus('audit').IsLogging).toBe(false)
    expect(ct.recordApiCall(call('CreateModel', 0))?.trailNames).toEqual([])
    ct.startLogging('audit')
    expect(ct.recordApiCall(call('CreateEndpoint', 1))?.trailNames).toEqual(['audit'])
    expect(ct.recordApiCall(call('GetObject', 2, { eventSource: 's3.amazonaws.com', resources: s3Object('a.csv') }))?.trailNames).toEqual([])
    expect(ct.getEventSelectors('audit').EventSelectors).toEqual([{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }])
  })

  it('logs S3 data events for the selected bucket prefix only', () => {
    const ct = service()
    ct.createTrail({ Name: 'data', S3BucketName: 'audit-logs' })
    ct.startLogging('data')
    ct.putEventSelectors({
      TrailName: 'data',
      EventSelectors: [
        { ReadWriteType: 'All', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3:::training-data/'] }] }
      ]
    })
    const inBucket = ct.recordApiCall(call('GetObject', 0, { eventSource: 's3.amazonaws.com', resources: s3Object('a.csv') }))
    expect(inBucket?.trailNames).toEqual(['data'])
    expect(inBucket?.inEventHistory).toBe(false)
    const otherBucket = ct.recordApiCall(
      call('GetObject', 1, { eventSource: 's3.amazonaws.com', resources: [{ ARN: 'arn:aws:s3:::other/a.csv', accountId: ACCOUNT, type: 'AWS::S3::Object' }] })
    )
    expect(otherBucket?.trailNames).toEqual([])
    expect(ct.recordApiCall(call('CreateModel', 2))?.trailNames).toEqual([])
    expect(ct.describeTrails().trailList[0].HasCustomEventSelectors).toBe(true)
  })

  it('WriteOnly selectors skip read-only events', () => {
    const ct = service()
    ct.createTrail({ Name: 'writes', S3BucketName: 'audit-logs' })
    ct.startLogging('writes')
    ct.putEventSelectors({ TrailName: 'writes', EventSelectors: [{ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true, DataResources: [] }] })
    expect(ct.recordApiCall(call('DescribeEndpoint', 0))?.trailNames).toEqual([])
    expect(ct.recordApiCall(call('UpdateEndpoint', 1))?.trailNames).toEqual(['writes'])
  })

  it('advanced selectors log Feature Store PutRecord but not GetRecord', () => {
    const ct = service()
    ct.createTrail({ Name: 'feature-store', S3BucketName: 'audit-logs' })
    ct.startLogging('feature-store')
    ct.putEventSelectors({
      TrailName: 'feature-store',
      AdvancedEventSelectors: [
        {
          Name: 'feature store writes',
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::SageMaker::FeatureGroup'] },
            { Field: 'eventName', NotEquals: ['GetRecord', 'BatchGetRecord'] }
          ]
        }
      ]
    })
    const fg = [{ ARN: 'arn:aws:sagemaker:us-east-1:123456789012:feature-group/churn', accountId: ACCOUNT, type: 'AWS::SageMaker::FeatureGroup' }]
    expect(ct.recordApiCall(call('PutRecord', 0, { resources: fg }))?.trailNames).toEqual(['feature-store'])
    expect(ct.recordApiCall(call('GetRecord', 1, { resources: fg }))?.trailNames).toEqual([])
    expect(ct.getEventSelectors('feature-store').EventSelectors).toBeUndefined()
  })

  it('validates selectors, naming the field', () => {
    const ct = service()
    ct.createTrail({ Name: 'audit', S3BucketName: 'audit-logs' })
    expect(labErrorOf(() => ct.putEventSelectors({ TrailName: 'audit' })).issues[0].path).toBe('EventSelectors')
    const basic = labErrorOf(() =>
      ct.putEventSelectors({
        TrailName: 'audit',
        EventSelectors: [{ ReadWriteType: 'Writes' as never, IncludeManagementEvents: true, DataResources: [{ Type: 'AWS::S3::Object', Values: ['training-data'] }] }]
      })
    )
    expect(basic.issues.map((i) => i.path)).toEqual(['EventSelectors[0].ReadWriteType', 'EventSelectors[0].DataResources[0].Values'])
    const advanced = labErrorOf(() =>
      ct.putEventSelectors({ TrailName: 'audit', AdvancedEventSelectors: [{ FieldSelectors: [{ Field: 'eventName', Equals: ['PutObject'] }] }] })
    )
    expect(advanced.issues[0]).toEqual({ path: 'AdvancedEventSelectors[0].FieldSelectors', message: 'must include a selector on eventCategory' })
  })

  it('a multi-Region trail records other Regions; a single-Region trail does not', () => {
    const ct = service()
    ct.createTrail({ Name: 'home', S3BucketName: 'audit-logs' })
    ct.createTrail({ Name: 'everywhere', S3BucketName: 'audit-logs', IsMultiRegionTrail: true })
    ct.startLogging('home')
    ct.startLogging('everywhere')
    expect(ct.recordApiCall(call('CreateModel', 0, { awsRegion: 'eu-west-1' }))?.trailNames).toEqual(['everywhere'])
  })

  it('delivers log files under AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/', () => {
    const ct = service()
    ct.createTrail({ Name: 'audit', S3BucketName: 'audit-logs', S3KeyPrefix: 'prod' })
    ct.startLogging('audit')
    ct.recordApiCall(call('CreateModel', 0))
    ct.recordApiCall(call('CreateEndpoint', 1))
    const [file] = ct.deliverLogFiles(Date.UTC(2024, 5, 20, 12, 55))
    expect(file.bucket).toBe('audit-logs')
    expect(file.key).toMatch(/^prod\/AWSLogs\/123456789012\/CloudTrail\/us-east-1\/2024\/06\/20\/123456789012_CloudTrail_us-east-1_20240620T1255Z_[A-Za-z0-9]{16}\.json\.gz$/)
    expect(file.content.Records.map((r) => r.eventName)).toEqual(['CreateModel', 'CreateEndpoint'])
    expect(ct.deliverLogFiles(Date.UTC(2024, 5, 20, 13, 0))).toEqual([])
    expect(ct.listLogFiles('audit')).toHaveLength(1)
  })

  it('logFileKey reproduces the file name of the CloudTrail User Guide example', () => {
    expect(logFileKey(undefined, '111122223333', 'us-east-2', Date.UTC(2015, 7, 1, 2, 10), 'Mu0KsOhtH1ar15ZZ')).toBe(
      'AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/01/111122223333_CloudTrail_us-east-2_20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz'
    )
  })

  it('validates trail names and buckets and refuses duplicates', () => {
    const ct = service()
    for (const bad of ['ab', 'my-_trail', '192.168.5.4', '-trail', 'trail!']) {
      expect(labErrorOf(() => ct.createTrail({ Name: bad, S3BucketName: 'audit-logs' })).issues[0].path).toBe('Name')
    }
    expect(labErrorOf(() => ct.createTrail({ Name: 'audit', S3BucketName: 'Audit_Logs' })).issues[0].path).toBe('S3BucketName')
    const created = ct.createTrail({ Name: 'audit', S3BucketName: 'audit-logs' })
    expect(created.TrailARN).toBe('arn:aws:cloudtrail:us-east-1:123456789012:trail/audit')
    expect(labErrorOf(() => ct.createTrail({ Name: 'audit', S3BucketName: 'audit-logs' })).code).toBe('CONFLICT')
    expect(labErrorOf(() => ct.startLogging('missing')).code).toBe('NOT_FOUND')
  })
})
