import { describe, expect, it } from 'vitest'
import { putMetricAlarmCli, putMetricAlarmJson, shellQuote } from '@/components/aws/put-metric-alarm'

const alarm = {
  AlarmName: 'latency-p99',
  Namespace: 'AWS/SageMaker',
  MetricName: 'ModelLatency',
  Dimensions: [
    { Name: 'EndpointName', Value: 'churn-predictor-prod' },
    { Name: 'VariantName', Value: 'AllTraffic' }
  ],
  ExtendedStatistic: 'p99',
  Period: 60,
  EvaluationPeriods: 5,
  DatapointsToAlarm: 3,
  Threshold: 250000,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'missing'
}

describe('an alarm as PutMetricAlarm JSON and as the AWS CLI call', () => {
  it('writes the request with the API’s field names, in the API Reference’s order, without empty fields', () => {
    const json = JSON.parse(putMetricAlarmJson({ ...alarm, AlarmActions: [] }))
    expect(Object.keys(json)).toEqual([
      'AlarmName',
      'MetricName',
      'Namespace',
      'ExtendedStatistic',
      'Dimensions',
      'Period',
      'EvaluationPeriods',
      'DatapointsToAlarm',
      'Threshold',
      'ComparisonOperator',
      'TreatMissingData'
    ])
  })

  it('writes the CLI options as the AWS CLI Command Reference names them, dimensions in shorthand', () => {
    // Compare the CLI reference's example: --dimensions Name=key1,Value=value1 Name=key2,Value=value2
    expect(putMetricAlarmCli(alarm)).toBe(
      [
        'aws cloudwatch put-metric-alarm',
        '--alarm-name latency-p99',
        '--metric-name ModelLatency',
        '--namespace AWS/SageMaker',
        '--extended-statistic p99',
        '--dimensions Name=EndpointName,Value=churn-predictor-prod Name=VariantName,Value=AllTraffic',
        '--period 60',
        '--evaluation-periods 5',
        '--datapoints-to-alarm 3',
        '--threshold 250000',
        '--comparison-operator GreaterThanThreshold',
        '--treat-missing-data missing'
      ].join(' \\\n  ')
    )
  })

  it('quotes for a POSIX shell and falls back to JSON for dimensions the shorthand cannot carry', () => {
    expect(shellQuote('arn:aws:sns:us-east-1:111122223333:ml-alerts')).toBe('arn:aws:sns:us-east-1:111122223333:ml-alerts')
    expect(shellQuote("p99 isn't 250")).toBe(`'p99 isn'\\''t 250'`)
    const cli = putMetricAlarmCli({ ...alarm, AlarmDescription: 'Page on-call', ActionsEnabled: false, Dimensions: [{ Name: 'Team', Value: 'a,b' }] })
    expect(cli).toContain(`--alarm-description 'Page on-call'`)
    expect(cli).toContain('--no-actions-enabled')
    expect(cli).toContain(`--dimensions '[{"Name":"Team","Value":"a,b"}]'`)
  })
})
