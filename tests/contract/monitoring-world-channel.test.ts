/**
 * sandbox.monitoring through both transports, on a world built with the monitor service's own
 * actions: the answer's figures are the world's own reads (ListMonitoringExecutions, the baseline's
 * constraints.json), plus hand checks of the schedule's timing and the errors.
 */
import { describe, expect, it } from 'vitest'
import type { Res } from '../../src/shared/contract'
import { World } from '../../src/main/sandbox/world'
import type { SandboxAction } from '../../src/shared/contract/sandbox'
import { channelHarness } from '../helpers/channels'

const endpoint = {
  type: 'CreateEndpoint',
  EndpointName: 'rec',
  ProductionVariants: [
    { VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 3, Model: { name: 'ctr-model', cpuMsPerRequest: 6, memoryGiB: 0.5, payloadKiB: 2, clientErrorRate: 0 } }
  ],
  Traffic: { pattern: 'steady', baseRpm: 600, noise: 'none' }
} as const
const other = { ...endpoint, EndpointName: 'plain' }
const SET_UP = [
  endpoint,
  other,
  { type: 'EnableDataCapture', EndpointName: 'rec', DataCaptureConfig: { EnableCapture: true, InitialSamplingPercentage: 20, DestinationS3Uri: 's3://bucket/capture', CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }] } },
  { type: 'CreateBaseliningJob', ProcessingJobName: 'base', EndpointName: 'rec', TrainingDataDays: 7 },
  // 10 h 17 min after the world's start (2026-01-05T00:00Z): 10:17.
  { type: 'AdvanceClock', Minutes: 617 },
  {
    type: 'CreateMonitoringSchedule',
    MonitoringScheduleName: 'hourly',
    MonitoringScheduleConfig: {
      ScheduleConfig: { ScheduleExpression: 'cron(0 * ? * * *)' },
      MonitoringType: 'DataQuality',
      MonitoringJobDefinition: { BaselineConfig: { BaseliningJobName: 'base' }, MonitoringInputs: [{ EndpointInput: { EndpointName: 'rec' } }] }
    }
  },
  { type: 'AdvanceClock', Minutes: 120 },
  { type: 'InjectDataChange', EndpointName: 'rec', StartsInMinutes: 0, Change: { kind: 'dataDrift', Feature: 'user_age', Shift: 2 } },
  { type: 'AdvanceClock', Minutes: 240 }
] as unknown as SandboxAction[]

type Answer = Res<'sandbox.monitoring'>

describe.each(['ipc', 'http'] as const)('sandbox.monitoring over %s', (kind) => {
  const h = channelHarness(kind, 'monitoring-')
  const { open, ok } = h

  async function refused(channel: string, req: unknown) {
    const r = await h.call(channel, req)
    if (r.ok) throw new Error(`${channel} accepted ${JSON.stringify(req)}`)
    return r.error
  }

  it('answers the schedule, its executions with drift, thresholds and violations as the world reads them', async () => {
    await open()
    const worldId = (await ok<{ id: string }>('sandbox.createWorld', { name: 'Monitored', seed: 'monitoring-view' })).id
    const empty = await ok<Answer>('sandbox.monitoring', { worldId })
    expect(empty).toMatchObject({ EndpointName: null, monitoredEndpoints: [], schedules: [] })
    for (const action of SET_UP) await ok('sandbox.act', { worldId, action })
    const a = await ok<Answer>('sandbox.monitoring', { worldId })
    expect(a.EndpointName).toBe('rec')
    expect(a.monitoredEndpoints).toEqual(['rec'])
    expect(a.captureEnabled).toBe(true)
    expect(a.groundTruthLagHours).toBeNull()
    const [s] = a.schedules
    expect(s).toMatchObject({ MonitoringScheduleName: 'hourly', MonitoringType: 'DataQuality', ScheduleExpression: 'cron(0 * ? * * *)', executionsOmitted: 0 })
    // Hand check: created at 10:17, an hourly cron schedule's first run is at 11:00.
    expect(new Date(s.executions[0].ScheduledTime).toISOString()).toBe('2026-01-05T11:00:00.000Z')

    // The same world replayed in process: the answer is its own reads.
    const w = World.replay('monitoring-view', SET_UP)
    const runs = w.monitor.listMonitoringExecutions('hourly')
    expect(s.executions.map((x) => [x.ScheduledTime, x.MonitoringExecutionStatus, x.violations.length])).toEqual(runs.map((r) => [r.ScheduledTime, r.MonitoringExecutionStatus, r.violations.length]))
    for (const [i, r] of runs.entries()) {
      for (const m of r.metrics) if (m.MetricName.startsWith('feature_baseline_drift_')) expect(s.executions[i].drift[m.MetricName.slice(23)]).toBe(m.Value)
    }
    // The drift of user_age (+2 sd from the third run on) is flagged against the default 0.1 threshold.
    const flagged = s.executions.find((x) => x.MonitoringExecutionStatus === 'CompletedWithViolations')!
    expect(flagged.violations).toContainEqual(expect.objectContaining({ feature_name: 'user_age', constraint_check_type: 'baseline_drift_check' }))
    expect(flagged.drift.user_age).toBeGreaterThan(0.1)
    const constraints = w.monitor.baseliningJob('base').constraints as { monitoring_config: { distribution_constraints: { comparison_threshold: number } } }
    expect(s.featureThresholds.find((f) => f.feature_name === 'user_age')).toMatchObject({ threshold: constraints.monitoring_config.distribution_constraints.comparison_threshold, method: 'linf_robust' })
    expect(constraints.monitoring_config.distribution_constraints.comparison_threshold).toBe(0.1)

    // Errors: an unknown world, an unknown endpoint, an endpoint with no monitoring.
    expect((await refused('sandbox.monitoring', { worldId: 'no-such-world' })).code).toBe('NOT_FOUND')
    const unknown = await refused('sandbox.monitoring', { worldId, EndpointName: 'fraud' })
    expect(unknown.issues).toEqual([{ path: 'EndpointName', message: 'no such endpoint; monitored: rec' }])
    const plain = await refused('sandbox.monitoring', { worldId, EndpointName: 'plain' })
    expect(plain.message).toMatch(/"plain" has no monitoring schedule/)
  })
})
