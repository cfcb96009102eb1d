/**
 * The session worker's start-up warm-up (sandbox/world/warmup.ts): its world must replay (a refused
 * action would only be logged by the worker, and the JIT would then skip that service), run the
 * paths it is there to compile, and leave no trace in what a learner's world computes.
 */
import { describe, expect, it } from 'vitest'
import { World, worldParts } from '../../../../src/main/sandbox/world'
import { WARMUP_MINUTES, WARMUP_WORLDS, warmUp, warmUpActions, warmUpPieces } from '../../../../src/main/sandbox/world/warmup'
import { MINUTE_MS } from '../../../../src/main/sandbox/core/time'

describe('the session warm-up world', () => {
  it('replays every action and runs the minute of each service it is there to compile', () => {
    const world = World.replay('session-warm-up', warmUpActions())
    world.apply({ type: 'AdvanceClock', Minutes: WARMUP_MINUTES })
    expect((world.now - world.startTime) / MINUTE_MS).toBe(30 * 60)
    // The two target tracking policies made their two alarms each beside the 13 the actions put
    // (four per endpoint and one composite); step scaling has its policy.
    const alarms = world.cloudwatch.describe(world.now).map((a) => a.AlarmName)
    expect(alarms.filter((n) => n.startsWith('TargetTracking-'))).toHaveLength(4)
    expect(alarms).toHaveLength(13 + 4)
    expect(world.autoscaling.policySummaries().map((p) => p.PolicyType).sort()).toEqual(['StepScaling', 'TargetTrackingScaling', 'TargetTrackingScaling'])
    // Every accelerator path runs: a CPU, a GPU and an Inferentia endpoint.
    expect(worldParts(world).endpoints.map((e) => e.variants[0].InstanceType).sort()).toEqual(['ml.c5.xlarge', 'ml.g4dn.xlarge', 'ml.inf2.xlarge'])
    // The hourly schedule ran each hour; the first run's window (the hour before the world began) holds no
    // captured data, so it fails as a processing job with an empty input does; every later one analyses data.
    const runs = world.monitor.listMonitoringExecutions('warm-hourly')
    expect(runs.length).toBeGreaterThanOrEqual(29)
    expect(runs[0].MonitoringExecutionStatus).toBe('Failed')
    expect(runs.slice(1).every((r) => r.MonitoringExecutionStatus !== 'Failed' && r.analysedRecords > 0)).toBe(true)
    expect(worldParts(world).endpoints).toHaveLength(3)
  })

  it('steps in pieces of at most three simulated hours, through three worlds', () => {
    let steps = 0
    for (const _ of warmUpPieces()) steps++
    // Per world the set-up, then 30 hours in 3-hour pieces.
    expect(WARMUP_WORLDS).toBe(3)
    expect(steps).toBe(WARMUP_WORLDS * (1 + 10))
  })

  it('changes nothing a learner\'s world computes', () => {
    const actions = warmUpActions()
    const before = JSON.stringify(worldParts(World.replay('learner', [...actions, { type: 'AdvanceClock', Minutes: 600 }])))
    warmUp()
    const after = JSON.stringify(worldParts(World.replay('learner', [...actions, { type: 'AdvanceClock', Minutes: 600 }])))
    expect(after).toBe(before)
  })
})
