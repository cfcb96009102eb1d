/**
 * The Monitoring store's "Sandbox schedules" state against a fake host: the worlds are listed and
 * the first one read (the host picks its first monitored endpoint), another endpoint is asked by
 * name, a late answer for a world the learner left is dropped, a refusal is kept with its message;
 * and the chart data is the answer's own values rearranged (drift per feature, threshold, markers).
 */
import { describe, expect, it } from 'vitest'
import type { Res } from '@shared/contract'
import { createMonitoringState } from '@/features/monitoring/monitoring-store'
import { driftFeatures, driftSeries, driftThreshold, qualityMetrics, qualitySeries, retrainingMarkers } from '@/features/monitoring/components/schedule-series'
import { FakeClient } from '../fake-client'

type Answer = Res<'sandbox.monitoring'>
const T = Date.UTC(2026, 0, 5, 11)
const H = 3_600_000
const exec = (i: number, drift: Record<string, number>, extra: Partial<Answer['schedules'][number]['executions'][number]> = {}) => ({
  ProcessingJobName: `job-${i}`,
  ScheduledTime: T + i * H,
  StartTime: T + i * H + 60_000,
  EndTime: T + i * H + 4 * 60_000,
  MonitoringExecutionStatus: 'Completed' as const,
  FailureReason: null,
  analysisStart: T + (i - 1) * H,
  analysisEnd: T + i * H,
  capturedRecords: 7200,
  analysedRecords: 600,
  mergedRecords: null,
  violations: [],
  drift,
  metrics: {},
  ...extra
})
const answer = (EndpointName: string | null): Answer => ({
  now: T + 5 * H,
  monitoredEndpoints: ['rec', 'fraud'],
  EndpointName,
  captureEnabled: true,
  groundTruthLagHours: 1,
  schedules: [
    {
      MonitoringScheduleName: 'hourly',
      MonitoringScheduleStatus: 'Scheduled',
      MonitoringType: 'DataQuality',
      ScheduleExpression: 'cron(0 * ? * * *)',
      BaseliningJobName: 'base',
      CreationTime: T - 43 * 60_000,
      ExecutionCount: 3,
      executionsOmitted: 0,
      featureThresholds: [
        { feature_name: 'user_age', inferred_type: 'Fractional', threshold: 0.1, method: 'linf_robust' },
        { feature_name: 'device', inferred_type: 'String', threshold: 0.2, method: 'LInfinity' }
      ],
      metricThresholds: [],
      executions: [
        exec(0, { user_age: 0.03, device: 0.01 }),
        exec(1, {}, { MonitoringExecutionStatus: 'Failed', FailureReason: 'no data' }),
        exec(2, { user_age: 0.42, device: 0.02 }, { MonitoringExecutionStatus: 'CompletedWithViolations', violations: [{ feature_name: 'user_age', constraint_check_type: 'baseline_drift_check', description: 'too far' }] })
      ]
    },
    {
      MonitoringScheduleName: 'mq',
      MonitoringScheduleStatus: 'Scheduled',
      MonitoringType: 'ModelQuality',
      ScheduleExpression: 'cron(0 * ? * * *)',
      BaseliningJobName: 'mq-base',
      CreationTime: T - H,
      ExecutionCount: 2,
      executionsOmitted: 0,
      featureThresholds: [],
      metricThresholds: [{ metric_name: 'auc', threshold: 0.8, comparison_operator: 'LessThanThreshold' }],
      executions: [exec(0, {}, { metrics: { f1: 0.5, auc: 0.85, accuracy: 0.9 } }), exec(1, {}, { metrics: { f1: 0.4, auc: 0.2, accuracy: 0.6 } })]
    }
  ],
  pipelineExecutions: [{ PipelineName: 'retrain', PipelineExecutionArn: 'arn:p/1', PipelineExecutionStatus: 'Succeeded', StartTime: T + 3 * H, EndTime: T + 3.5 * H, FailureReason: null, ModelPackageArn: 'arn:mp/1' }],
  modelPackages: [
    { ModelPackageArn: 'arn:mp/1', ModelPackageGroupName: 'g', ModelPackageVersion: 1, ModelApprovalStatus: 'Approved', ModelName: 'g-v1', CreationTime: T + 3.5 * H, LastModifiedTime: T + 4 * H, DeployedTime: T + 4 * H },
    { ModelPackageArn: 'arn:mp/2', ModelPackageGroupName: 'g', ModelPackageVersion: 2, ModelApprovalStatus: 'PendingManualApproval', ModelName: 'g-v2', CreationTime: T + 5 * H, LastModifiedTime: T + 5 * H, DeployedTime: null }
  ]
})

describe('monitoring store: sandbox schedules', () => {
  it('lists the worlds, reads the first one (the host picks its endpoint), then another endpoint by name', async () => {
    const api = new FakeClient()
      .on('sandbox.listWorlds', () => ({ worlds: [{ id: 'w1', name: 'One', seed: 's', actionCount: 3, updatedAt: '' }], unreadable: [] }) as unknown as Res<'sandbox.listWorlds'>)
      .on('sandbox.monitoring', (r) => answer(r.EndpointName ?? 'rec'))
    const s = createMonitoringState(api)
    await s.loadWorlds()
    expect(s.worldId.value).toBe('w1')
    expect(s.endpointName.value).toBe('rec')
    await s.selectEndpoint('fraud')
    expect(api.sent.filter((x) => x.channel === 'sandbox.monitoring').map((x) => x.request)).toEqual([{ worldId: 'w1' }, { worldId: 'w1', EndpointName: 'fraud' }])
    expect(s.monitoring.value?.EndpointName).toBe('fraud')
  })

  it('drops a late answer for a world the learner has left, and keeps a refusal with its message', async () => {
    const api = new FakeClient()
    const held = api.hold('sandbox.monitoring')
    const s = createMonitoringState(api)
    const first = s.selectWorld('w1')
    const second = s.selectWorld('w2')
    held[1].resolve(answer('fraud'))
    await second
    held[0].resolve(answer('rec'))
    await first
    expect(s.worldId.value).toBe('w2')
    expect(s.monitoring.value?.EndpointName).toBe('fraud')

    const refusing = new FakeClient().refuse('sandbox.monitoring', { code: 'NOT_FOUND', message: 'EndpointName: "plain" has no monitoring schedule.', issues: [{ path: 'EndpointName', message: 'has no monitoring schedule' }] })
    const r = createMonitoringState(refusing)
    await r.selectWorld('w1')
    expect(r.monitoring.value).toBeNull()
    expect(r.monitoringError.value?.message).toMatch(/has no monitoring schedule/)
  })

  it('charts the answer as given: drift per feature at each ScheduledTime (a failed run is a gap), its threshold, quality metrics, retraining marks', () => {
    const a = answer('rec')
    const [dq, mq] = a.schedules
    expect(driftFeatures(dq)).toEqual(['user_age', 'device'])
    expect(driftSeries(dq, 'user_age')).toEqual({ label: 'feature_baseline_drift_user_age', timestamps: [T, T + H, T + 2 * H], values: [0.03, null, 0.42] })
    expect(driftThreshold(dq, 'device')).toEqual({ threshold: 0.2, method: 'LInfinity' })
    expect(qualityMetrics(mq)).toEqual(['accuracy', 'auc', 'f1'])
    expect(qualitySeries(mq, 'auc').values).toEqual([0.85, 0.2])
    // The pipeline's start, then the deployed package; the undeployed v2 is not marked.
    expect(retrainingMarkers(a)).toEqual([
      { at: T + 3 * H, label: 'retrain started' },
      { at: T + 4 * H, label: 'v1 deployed' }
    ])
  })
})
