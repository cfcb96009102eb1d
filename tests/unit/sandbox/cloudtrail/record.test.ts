import { describe, expect, it } from 'vitest'
import { LabError } from '../../../../src/shared/errors'
import {
  buildCloudTrailRecord,
  classifyApiCall,
  formatIsoSeconds,
  lookupUsername
} from '../../../../src/main/sandbox/cloudtrail/record'

function fixedIds(...ids: string[]) {
  let i = 0
  return (prefix: string) => ids[i++] ?? `${prefix}-extra-${i}`
}

describe('buildCloudTrailRecord', () => {
  it('reproduces the PutRecord data-event example of the SageMaker Developer Guide', () => {
    // "Logging Feature Store operations by using AWS CloudTrail". AWS's example shows eventVersion
    // 1.08 because it was captured earlier; the record-contents page gives 1.11 as current.
    const record = buildCloudTrailRecord(
      {
        eventTime: Date.UTC(2023, 0, 1, 1, 0, 0),
        eventSource: 'sagemaker.amazonaws.com',
        eventName: 'PutRecord',
        awsRegion: 'us-east-1',
        userIdentity: {
          type: 'IAMUser',
          principalId: 'USERPRINCIPALID',
          arn: 'arn:aws:iam::123456789012:user/user',
          accountId: '123456789012',
          accessKeyId: 'USERACCESSKEYID',
          userName: 'your-user-name'
        },
        sourceIPAddress: '192.0.2.0',
        userAgent: 'your-user-agent',
        requestParameters: { featureGroupName: 'your-feature-group-name' },
        resources: [
          {
            accountId: '123456789012',
            type: 'AWS::SageMaker::FeatureGroup',
            ARN: 'arn:aws:sagemaker:us-east-1:123456789012:feature-group/your-feature-group-name'
          }
        ]
      },
      fixedIds('request-id', 'event-id')
    )
    expect(record).toEqual({
      eventVersion: '1.11',
      userIdentity: {
        type: 'IAMUser',
        principalId: 'USERPRINCIPALID',
        arn: 'arn:aws:iam::123456789012:user/user',
        accountId: '123456789012',
        accessKeyId: 'USERACCESSKEYID',
        userName: 'your-user-name'
      },
      eventTime: '2023-01-01T01:00:00Z',
      eventSource: 'sagemaker.amazonaws.com',
      eventName: 'PutRecord',
      awsRegion: 'us-east-1',
      sourceIPAddress: '192.0.2.0',
      userAgent: 'your-user-agent',
      requestParameters: { featureGroupName: 'your-feature-group-name' },
      responseElements: null,
      requestID: 'request-id',
      eventID: 'event-id',
      readOnly: false,
      resources: [
        {
          accountId: '123456789012',
          type: 'AWS::SageMaker::FeatureGroup',
          ARN: 'arn:aws:sagemaker:us-east-1:123456789012:feature-group/your-feature-group-name'
        }
      ],
      eventType: 'AwsApiCall',
      managementEvent: false,
      recipientAccountId: '123456789012',
      eventCategory: 'Data'
    })
  })

  it('marks CreateEndpoint as a write management event (SageMaker "Understand log file entries" example)', () => {
    const record = buildCloudTrailRecord(
      {
        eventTime: Date.UTC(2018, 0, 2, 13, 39, 6),
        eventSource: 'sagemaker.amazonaws.com',
        eventName: 'CreateEndpoint',
        awsRegion: 'us-west-2',
        userIdentity: { type: 'IAMUser', principalId: 'AIXDAYQEXAMPLEUMLYNGL', arn: 'arn:aws:iam::123456789012:user/intern', accountId: '123456789012', accessKeyId: 'ASXIAGXEXAMPLEQULKNXV', userName: 'intern' },
        sourceIPAddress: '127.0.0.1',
        userAgent: 'USER_AGENT',
        requestParameters: { endpointName: 'ExampleEndpoint', endpointConfigName: 'ExampleEndpointConfig' },
        responseElements: { endpointArn: 'arn:aws:sagemaker:us-west-2:123456789012:endpoint/exampleendpoint' },
        recipientAccountId: '444455556666'
      },
      fixedIds('6b1b42b9-EXAMPLE', 'a6f85b21-EXAMPLE')
    )
    expect(record).toMatchObject({
      eventTime: '2018-01-02T13:39:06Z',
      eventName: 'CreateEndpoint',
      requestID: '6b1b42b9-EXAMPLE',
      eventID: 'a6f85b21-EXAMPLE',
      eventType: 'AwsApiCall',
      recipientAccountId: '444455556666',
      readOnly: false,
      managementEvent: true,
      eventCategory: 'Management',
      responseElements: { endpointArn: 'arn:aws:sagemaker:us-west-2:123456789012:endpoint/exampleendpoint' }
    })
    expect(record.resources).toBeUndefined()
  })

  it('keeps errorCode and errorMessage of a failed call', () => {
    const record = buildCloudTrailRecord(
      {
        eventTime: 0,
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        awsRegion: 'us-east-1',
        userIdentity: { type: 'IAMUser', accountId: '123456789012', userName: 'bob' },
        errorCode: 'AccessDenied',
        errorMessage: 'Access Denied'
      },
      fixedIds('r', 'e')
    )
    expect(record).toMatchObject({ errorCode: 'AccessDenied', errorMessage: 'Access Denied', readOnly: true, eventCategory: 'Data' })
  })

  it('rejects a malformed eventSource, naming the field', () => {
    try {
      buildCloudTrailRecord(
        { eventTime: 0, eventSource: 'sagemaker', eventName: 'CreateModel', awsRegion: 'us-east-1', userIdentity: { type: 'Root', accountId: '1' } },
        fixedIds()
      )
      throw new Error('expected a LabError')
    } catch (err) {
      expect(err).toBeInstanceOf(LabError)
      expect((err as LabError).issues[0].path).toBe('eventSource')
    }
  })
})

describe('classifyApiCall', () => {
  it('S3 object reads and writes and Feature Store runtime calls are data events', () => {
    expect(classifyApiCall('s3.amazonaws.com', 'GetObject')).toMatchObject({ category: 'Data', readOnly: true, resourceType: 'AWS::S3::Object' })
    expect(classifyApiCall('s3.amazonaws.com', 'PutObject')).toMatchObject({ category: 'Data', readOnly: false })
    expect(classifyApiCall('sagemaker.amazonaws.com', 'GetRecord')).toMatchObject({ category: 'Data', readOnly: true })
    expect(classifyApiCall('sagemaker.amazonaws.com', 'PutRecord')).toMatchObject({ category: 'Data', readOnly: false })
  })

  it('Feature group control-plane calls are management events', () => {
    expect(classifyApiCall('sagemaker.amazonaws.com', 'CreateFeatureGroup')).toMatchObject({ category: 'Management', readOnly: false })
    expect(classifyApiCall('sagemaker.amazonaws.com', 'DescribeFeatureGroup')).toMatchObject({ category: 'Management', readOnly: true })
  })

  it('InvokeEndpoint is not logged', () => {
    expect(classifyApiCall('sagemaker.amazonaws.com', 'InvokeEndpoint').category).toBe('NotLogged')
  })

  it('guesses unknown APIs from their verb and says it guessed', () => {
    expect(classifyApiCall('sagemaker.amazonaws.com', 'ListTrainingJobs')).toEqual({ readOnly: true, category: 'Management', basis: 'inferred' })
    expect(classifyApiCall('sagemaker.amazonaws.com', 'CreateTrainingJob')).toEqual({ readOnly: false, category: 'Management', basis: 'inferred' })
  })
})

describe('formatting and identities', () => {
  it('eventTime drops milliseconds', () => {
    expect(formatIsoSeconds(Date.UTC(2023, 0, 1, 1, 0, 0, 999))).toBe('2023-01-01T01:00:00Z')
  })

  it('the Event history Username is the userName, the role session name, or root', () => {
    expect(lookupUsername({ type: 'IAMUser', userName: 'Alice' })).toBe('Alice')
    // The AssumedRole example of "CloudTrail userIdentity element".
    expect(
      lookupUsername({
        type: 'AssumedRole',
        principalId: 'AROAIDPPEZS35WEXAMPLE:AssumedRoleSessionName',
        arn: 'arn:aws:sts::123456789012:assumed-role/RoleToBeAssumed/MySessionName',
        accountId: '123456789012'
      })
    ).toBe('MySessionName')
    expect(lookupUsername({ type: 'Root', accountId: '123456789012' })).toBe('root')
  })
})
