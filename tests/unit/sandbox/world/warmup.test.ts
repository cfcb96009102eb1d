/**
 * The session worker's start-up warm-up (sandbox/world/warmup.ts): its world must replay (a refused
 * action would only be logged by the worker, and the JIT would then skip that service), run the
 * paths it is there to compile, and leave no trace in what a learner's world computes.
 */
import { describe, expect, it } from 'vitest'
import { World, worldParts } from '../../../../src/main/sandbox/world'
import { WARMUP_MINUTES, warmUp, warmUpActions, warmUpPieces } from '../../../../src/main/sandbox/world/warmup'
import { MINUTE_MS } from '../../../../src/main/sandbox/core/time'

describe('the session warm-up world', () => {
  it('replays every action and runs the minute of each service it is there to compile', () => {
    const world = World.replay('session-warm-up', warmUpActions())
    world.apply({ type: 'AdvanceClock', Minutes: WARMUP_MINUTES })
    expect((world.now - world.startTime) / MINUTE_MS).toBe(30 * 60)
    // Target tracking made its two alarms beside the 9 the actions put; step scaling has its policy.
    const alarms = world.cloudwatch.describe(world.now).map((a) => a.AlarmName)
    expect(alarms.filter((n) => n.startsWith('TargetTracking-'))).toHaveLength(2)
    expect(alarms).toHaveLength(9 + 2)
    expect(world.autoscaling.policySummaries().map((p) => p.PolicyType).sort()).toEqual(['StepScaling', 'TargetTrackingScaling'])
    // The hourly schedule ran each hour; the first run's window (the hour before the world began) holds no
    // captured data, so it fails as a processing job with an empty input does; every later one analyses data.
    const runs = world.monitor.listMonitoringExecutions('warm-hourly')
    expect(runs.length).toBeGreaterThanOrEqual(29)
    expect(runs[0].MonitoringExecutionStatus).toBe('Failed')
    expect(runs.slice(1).every((r) => r.MonitoringExecutionStatus !== 'Failed' && r.analysedRecords > 0)).toBe(true)
    expect(worldParts(world).endpoints).toHaveLength(2)
  })

  it('steps in pieces of at most three simulated hours', () => {
    let steps = 0
    for (const _ of warmUpPieces()) steps++
    // The set-up, then 30 hours in 3-hour pieces.
    expect(steps).toBe(1 + 10)
  })

  it('changes nothing a learner\'s world computes', () => {
    const actions = warmUpActions()
    const before = JSON.stringify(worldParts(World.replay('learner', [...actions, { type: 'AdvanceClock', Minutes: 600 }])))
    warmUp()
    const after = JSON.stringify(worldParts(World.replay('learner', [...actions, { type: 'AdvanceClock', Minutes: 600 }])))
    expect(after).toBe(before)
  })
})
