import { describe, expect, it } from 'vitest'
import { buildCloudTrailRecord } from '../../../../src/main/sandbox/cloudtrail/record'
import {
  buildAlarmReasonData,
  buildAlarmStateChangeEvent,
  buildApiCallEvent,
  buildEndpointDeploymentStateChangeEvent,
  buildEndpointStateChangeEvent,
  buildModelPackageStateChangeEvent,
  buildMonitoringScheduleStateChangeEvent,
  endpointStatusForEvent,
  eventBridgeSourceFor
} from '../../../../src/main/sandbox/eventbridge/events'
import { matchesPattern } from '../../../../src/main/sandbox/eventbridge/pattern'

/** An id source that hands out fixed ids in order, so tests can use the ids of AWS's examples. */
function fixedIds(...ids: string[]) {
  let i = 0
  return (prefix: string) => ids[i++] ?? `${prefix}-extra-${i}`
}

describe('CloudWatch Alarm State Change', () => {
  // The single-metric example in the CloudWatch User Guide, "Alarm events and EventBridge".
  const awsExample = {
    version: '0',
    id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
    'detail-type': 'CloudWatch Alarm State Change',
    source: 'aws.cloudwatch',
    account: '123456789012',
    time: '2019-10-02T17:04:40Z',
    region: 'us-east-1',
    resources: ['arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh'],
    detail: {
      alarmName: 'ServerCpuTooHigh',
      configuration: {
        description: 'Goes into alarm when server CPU utilization is too high!',
        metrics: [
          {
            id: '30b6c6b2-a864-43a2-4877-c09a1afc3b87',
            metricStat: {
              metric: { dimensions: { InstanceId: 'i-12345678901234567' }, name: 'CPUUtilization', namespace: 'AWS/EC2' },
              period: 300,
              stat: 'Average'
            },
            returnData: true
          }
        ]
      },
      previousState: {
        reason:
          'Threshold Crossed: 1 out of the last 1 datapoints [0.0666851903306472 (01/10/19 13:46:00)] was not greater than the threshold (50.0) (minimum 1 datapoint for ALARM -> OK transition).',
        reasonData:
          '{"version":"1.0","queryDate":"2019-10-01T13:56:40.985+0000","startDate":"2019-10-01T13:46:00.000+0000","statistic":"Average","period":300,"recentDatapoints":[0.0666851903306472],"threshold":50.0}',
        timestamp: '2019-10-01T13:56:40.987+0000',
        value: 'OK'
      },
      state: {
        reason:
          'Threshold Crossed: 1 out of the last 1 datapoints [99.50160229693434 (02/10/19 16:59:00)] was greater than the threshold (50.0) (minimum 1 datapoint for OK -> ALARM transition).',
        reasonData:
          '{"version":"1.0","queryDate":"2019-10-02T17:04:40.985+0000","startDate":"2019-10-02T16:59:00.000+0000","statistic":"Average","period":300,"recentDatapoints":[99.50160229693434],"threshold":50.0}',
        timestamp: '2019-10-02T17:04:40.989+0000',
        value: 'ALARM'
      }
    }
  }

  const event = buildAlarmStateChangeEvent(
    { account: '123456789012', region: 'us-east-1', ids: fixedIds('c4c1c1c9-6542-e61b-6ef0-8c4d36933a92') },
    {
      alarmName: 'ServerCpuTooHigh',
      description: awsExample.detail.configuration.description,
      metrics: awsExample.detail.configuration.metrics,
      previousState: {
        value: 'OK',
        reason: awsExample.detail.previousState.reason,
        reasonData: buildAlarmReasonData({
          queryDateMs: Date.UTC(2019, 9, 1, 13, 56, 40, 985),
          startDateMs: Date.UTC(2019, 9, 1, 13, 46, 0, 0),
          statistic: 'Average',
          period: 300,
          recentDatapoints: [0.0666851903306472],
          threshold: 50
        }),
        timestampMs: Date.UTC(2019, 9, 1, 13, 56, 40, 987)
      },
      state: {
        value: 'ALARM',
        reason: awsExample.detail.state.reason,
        reasonData: buildAlarmReasonData({
          queryDateMs: Date.UTC(2019, 9, 2, 17, 4, 40, 985),
          startDateMs: Date.UTC(2019, 9, 2, 16, 59, 0, 0),
          statistic: 'Average',
          period: 300,
          recentDatapoints: [99.50160229693434],
          threshold: 50
        }),
        timestampMs: Date.UTC(2019, 9, 2, 17, 4, 40, 989)
      }
    }
  )

  it('has the envelope of the AWS example: source, detail-type, time to the second, alarm ARN', () => {
    const { detail: _d, ...envelope } = event
    const { detail: _e, ...expected } = awsExample
    expect(envelope).toEqual(expected)
  })

  it('has the detail of the AWS example (reasonData compared as JSON, since 50.0 and 50 are the same number)', () => {
    const parse = (s: { reasonData?: string }) => ({ ...s, reasonData: JSON.parse(s.reasonData ?? 'null') })
    expect({ ...event.detail, state: parse(event.detail.state), previousState: parse(event.detail.previousState) }).toEqual({
      ...awsExample.detail,
      state: parse(awsExample.detail.state),
      previousState: parse(awsExample.detail.previousState)
    })
  })

  it('a rule on state ALARM matches it; a rule on state OK does not', () => {
    const base = { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] }
    expect(matchesPattern({ ...base, detail: { state: { value: ['ALARM'] } } }, event)).toBe(true)
    expect(matchesPattern({ ...base, detail: { state: { value: ['OK'] } } }, event)).toBe(false)
  })
})

describe('SageMaker events', () => {
  it('Model Package State Change reproduces the AWS example envelope and key detail fields', () => {
    // SageMaker Developer Guide, "Model package state change" example.
    const event = buildModelPackageStateChangeEvent(
      { account: '123456789012', region: 'us-east-2', ids: fixedIds('844e2571-85d4-695f-b930-0153b71dcb42') },
      {
        groupName: 'versionedmp-p-idy6c3e1fiqj',
        version: 2,
        status: 'Completed',
        approvalStatus: 'Rejected',
        creationTimeMs: Date.UTC(2021, 1, 24, 17, 0, 14),
        lastModifiedTimeMs: Date.UTC(2021, 1, 24, 17, 0, 14)
      }
    )
    expect(event).toMatchObject({
      version: '0',
      id: '844e2571-85d4-695f-b930-0153b71dcb42',
      'detail-type': 'SageMaker Model Package State Change',
      source: 'aws.sagemaker',
      account: '123456789012',
      time: '2021-02-24T17:00:14Z',
      region: 'us-east-2',
      resources: ['arn:aws:sagemaker:us-east-2:123456789012:model-package/versionedmp-p-idy6c3e1fiqj/2'],
      detail: {
        ModelPackageGroupName: 'versionedmp-p-idy6c3e1fiqj',
        ModelPackageVersion: 2,
        ModelPackageArn: 'arn:aws:sagemaker:us-east-2:123456789012:model-package/versionedmp-p-idy6c3e1fiqj/2',
        CreationTime: '2021-02-24T17:00:14Z',
        ModelPackageStatus: 'Completed',
        CertifyForMarketplace: false,
        ModelApprovalStatus: 'Rejected',
        LastModifiedTime: '2021-02-24T17:00:14Z'
      }
    })
  })

  it('the Model Registry pattern from AWS-FACTS §8 matches a model package event; an Approved-only rule does not match a rejection', () => {
    const event = buildModelPackageStateChangeEvent(
      { account: '123456789012', region: 'us-east-1', ids: fixedIds('e1') },
      { groupName: 'churn', version: 3, status: 'Completed', approvalStatus: 'Rejected', creationTimeMs: 0, lastModifiedTimeMs: 0 }
    )
    const registry = { source: ['aws.sagemaker'], 'detail-type': ['SageMaker Model Package State Change'] }
    expect(matchesPattern(registry, event)).toBe(true)
    expect(matchesPattern({ ...registry, detail: { ModelApprovalStatus: ['Approved'] } }, event)).toBe(false)
  })

  it('Endpoint State Change follows the AWS example: lower-case ARN name and IN_SERVICE status', () => {
    // SageMaker Developer Guide, "Endpoint state change" example (EndpointName MyEndpoint).
    const event = buildEndpointStateChangeEvent(
      { account: '123456789012', region: 'us-west-2', ids: fixedIds('d2921b5a-b0ad-cace-a8e3-0f159d018e06') },
      {
        endpointName: 'MyEndpoint',
        endpointConfigName: 'MyEndpointConfig',
        productionVariants: [{ VariantName: 'AllTraffic', DesiredWeight: 1, DesiredInstanceCount: 1 }],
        status: 'InService',
        creationTimeMs: 1592411992203,
        lastModifiedTimeMs: 1592411994287
      }
    )
    expect(event['detail-type']).toBe('SageMaker Endpoint State Change')
    expect(event.source).toBe('aws.sagemaker')
    expect(event.resources).toEqual(['arn:aws:sagemaker:us-west-2:123456789012:endpoint/myendpoint'])
    expect(event.detail).toEqual({
      EndpointName: 'MyEndpoint',
      EndpointArn: 'arn:aws:sagemaker:us-west-2:123456789012:endpoint/myendpoint',
      EndpointConfigName: 'MyEndpointConfig',
      ProductionVariants: [{ VariantName: 'AllTraffic', DesiredWeight: 1, DesiredInstanceCount: 1 }],
      EndpointStatus: 'IN_SERVICE',
      CreationTime: 1592411992203,
      LastModifiedTime: 1592411994287,
      Tags: {}
    })
  })

  it('Endpoint Deployment State Change carries the canary baking summary of the AWS example', () => {
    const pending = {
      EndpointConfigName: 'sample-endpoint-config-2',
      StartTime: 1635195269181,
      ProductionVariants: [
        {
          VariantName: 'AllTraffic',
          CurrentWeight: 1,
          DesiredWeight: 1,
          CurrentInstanceCount: 1,
          DesiredInstanceCount: 3,
          VariantStatus: [
            {
              Status: 'Baking' as const,
              StatusMessage:
                'Baking for 600 seconds (TerminationWaitInSeconds) with traffic enabled on canary capacity of 1 instance(s).',
              StartTime: 1635195269181
            }
          ]
        }
      ]
    }
    const event = buildEndpointDeploymentStateChangeEvent(
      { account: '111122223333', region: 'us-west-2', ids: fixedIds('0bd4a141-0a02-9d8a-f977-3924c3fb259c') },
      {
        endpointName: 'sample-endpoint',
        endpointConfigName: 'sample-endpoint-config-1',
        productionVariants: [
          { VariantName: 'AllTraffic', CurrentWeight: 1, DesiredWeight: 1, CurrentInstanceCount: 3, DesiredInstanceCount: 3 }
        ],
        status: 'Updating',
        creationTimeMs: 1635195148181,
        lastModifiedTimeMs: 1635195148181,
        timeMs: Date.UTC(2021, 9, 25, 1, 52, 12),
        pendingDeployment: pending
      }
    )
    expect(event['detail-type']).toBe('SageMaker Endpoint Deployment State Change')
    expect(event.time).toBe('2021-10-25T01:52:12Z')
    expect(event.resources).toEqual(['arn:aws:sagemaker:us-west-2:111122223333:endpoint/sample-endpoint'])
    expect(event.detail.EndpointStatus).toBe('UPDATING')
    expect(event.detail.PendingDeploymentSummary).toEqual(pending)
  })

  it('converts API endpoint statuses to the events\' upper snake case', () => {
    expect(endpointStatusForEvent('RollingBack')).toBe('ROLLING_BACK')
    expect(endpointStatusForEvent('UpdateRollbackFailed')).toBe('UPDATE_ROLLBACK_FAILED')
    expect(endpointStatusForEvent('Failed')).toBe('FAILED')
  })

  it('Monitoring Schedule State Change can be matched on a CompletedWithViolations execution', () => {
    const event = buildMonitoringScheduleStateChangeEvent(
      { account: '123456789012', region: 'us-east-1', ids: fixedIds('m1') },
      {
        scheduleName: 'Churn-DataQuality',
        status: 'Scheduled',
        monitoringType: 'DataQuality',
        endpointName: 'churn-endpoint',
        creationTimeMs: Date.UTC(2024, 0, 1),
        lastModifiedTimeMs: Date.UTC(2024, 0, 2, 1, 5),
        lastExecution: {
          status: 'CompletedWithViolations',
          scheduledTimeMs: Date.UTC(2024, 0, 2, 1, 0),
          creationTimeMs: Date.UTC(2024, 0, 2, 1, 0),
          lastModifiedTimeMs: Date.UTC(2024, 0, 2, 1, 5)
        }
      }
    )
    expect(event['detail-type']).toBe('SageMaker Monitoring Schedule State Change')
    expect(event.resources).toEqual(['arn:aws:sagemaker:us-east-1:123456789012:monitoring-schedule/churn-dataquality'])
    const violations = {
      source: ['aws.sagemaker'],
      'detail-type': ['SageMaker Monitoring Schedule State Change'],
      detail: { LastMonitoringExecutionSummary: { MonitoringExecutionStatus: ['CompletedWithViolations'] } }
    }
    expect(matchesPattern(violations, event)).toBe(true)
  })
})

describe('AWS API Call via CloudTrail', () => {
  const record = buildCloudTrailRecord(
    {
      eventTime: Date.UTC(2018, 0, 2, 13, 39, 6),
      eventSource: 'sagemaker.amazonaws.com',
      eventName: 'CreateEndpoint',
      awsRegion: 'us-west-2',
      userIdentity: { type: 'IAMUser', accountId: '123456789012', userName: 'intern' },
      requestParameters: { endpointName: 'ExampleEndpoint', endpointConfigName: 'ExampleEndpointConfig' }
    },
    fixedIds('req-1', 'evt-1')
  )

  it('wraps the CloudTrail record as detail, with source aws.<service> and the record\'s time and Region', () => {
    const event = buildApiCallEvent(fixedIds('eb-1'), record)
    expect(event).toEqual({
      version: '0',
      id: 'eb-1',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.sagemaker',
      account: '123456789012',
      time: '2018-01-02T13:39:06Z',
      region: 'us-west-2',
      resources: [],
      detail: record
    })
  })

  it('the EventBridge reference pattern for a service\'s API calls matches it', () => {
    const event = buildApiCallEvent(fixedIds('eb-2'), record)
    const pattern = {
      source: ['aws.sagemaker'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['sagemaker.amazonaws.com'], eventName: ['CreateEndpoint'] }
    }
    expect(matchesPattern(pattern, event)).toBe(true)
  })

  it('maps event sources as the EventBridge Events Reference lists them', () => {
    expect(eventBridgeSourceFor('s3.amazonaws.com')).toBe('aws.s3')
    expect(eventBridgeSourceFor('cloudtrail.amazonaws.com')).toBe('aws.cloudtrail')
    expect(eventBridgeSourceFor('monitoring.amazonaws.com')).toBe('aws.monitoring')
  })
})
