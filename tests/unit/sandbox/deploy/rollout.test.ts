/**
 * The deployment state machine, minute by minute. Every expected number below is worked out by hand
 * from the developer guide's description of each mode (quoted in rollout.ts), with a start-up time of
 * S = 5 minutes.
 */
import { describe, expect, it } from 'vitest'
import { planDeployment, type DeploymentConfig } from '../../../../src/main/sandbox/deploy/config'
import { Rollout, type RolloutSpec } from '../../../../src/main/sandbox/deploy/rollout'

interface Snap {
  m: number
  phase: string
  cur: [number, number, number]
  neu: [number, number, number]
  shareNew: number
  copy: number
}

/** Steps `minutes` minutes; `alarmAt(m)` lists the auto-rollback alarms in ALARM at boundary m, `anyAt(m)` whether any alarm is. */
function run(spec: RolloutSpec, minutes: number, alarmAt: (m: number) => string[] = () => [], anyAt: (m: number) => boolean = (m) => alarmAt(m).length > 0): { r: Rollout; snaps: Snap[] } {
  const r = new Rollout(spec)
  const snaps: Snap[] = []
  for (let m = 0; m < minutes; m++) {
    r.step(m, { autoRollbackAlarmsInAlarm: alarmAt(m), anyAlarmInAlarm: anyAt(m) })
    snaps.push({
      m,
      phase: r.phase,
      cur: [r.current.billed, r.current.inService, r.current.active],
      neu: [r.candidate.billed, r.candidate.inService, r.candidate.active],
      shareNew: r.candidate.share,
      copy: r.candidate.copyShare
    })
  }
  return { r, snaps }
}

function blueGreen(config: DeploymentConfig, N: number, alarms: string[] = []): RolloutSpec {
  return { strategy: 'BLUE_GREEN', instanceCount: N, startupMinutes: 5, plan: planDeployment(config, { instanceCount: N, alarmNames: alarms }) }
}

function rolling(config: DeploymentConfig, N: number, alarms: string[] = []): RolloutSpec {
  return { strategy: 'ROLLING', instanceCount: N, startupMinutes: 5, plan: planDeployment(config, { instanceCount: N, alarmNames: alarms }) }
}

describe('blue/green', () => {
  it('all at once: provision the green fleet, shift 100%, bake, wait, terminate the blue fleet', () => {
    // N = 2, WaitIntervalInSeconds 600 (10 min), TerminationWaitInSeconds 600 (10 min):
    // 0–4 provisioning (both fleets billed), 5 shift, 5–14 baking, 15 complete, 15–24 termination wait, 25 blue terminated.
    const { r, snaps } = run(blueGreen({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 }, TerminationWaitInSeconds: 600 } }, 2), 40)
    expect(snaps[0]).toMatchObject({ phase: 'PROVISIONING', cur: [2, 2, 2], neu: [2, 0, 0], shareNew: 0 })
    expect(snaps[4]).toMatchObject({ phase: 'PROVISIONING', shareNew: 0 })
    expect(snaps[5]).toMatchObject({ phase: 'BAKING', cur: [2, 2, 0], neu: [2, 2, 2], shareNew: 1 })
    expect(snaps[14].phase).toBe('BAKING')
    expect(snaps[15]).toMatchObject({ phase: 'TERMINATION_WAIT', cur: [2, 2, 0] })
    expect(snaps[24]).toMatchObject({ phase: 'TERMINATION_WAIT', cur: [2, 2, 0] })
    expect(snaps[25]).toMatchObject({ phase: 'COMPLETED', cur: [0, 0, 0], neu: [2, 2, 2], shareNew: 1 })
    expect(r.outcome).toBe('COMPLETED')
    expect(r.finishedAt).toBe(25)
    expect(r.peakBilled).toBe(4)
    expect(r.events.map((e) => `${e.minute} ${e.type}`)).toEqual([
      '0 DEPLOYMENT_STARTED',
      '0 PROVISIONING_STARTED',
      '5 FLEET_IN_SERVICE',
      '5 TRAFFIC_SHIFTED',
      '5 BAKING_STARTED',
      '15 BAKING_COMPLETED',
      '15 DEPLOYMENT_COMPLETED',
      '15 TERMINATION_WAIT_STARTED',
      '25 OLD_FLEET_TERMINATED'
    ])
  })

  it('canary: the canary share for one baking period, then the rest and a final baking period', () => {
    // N = 10, canary 1 instance (10%), 10-minute bakes, no termination wait: 5–14 at 10%, 15–24 at 100%, complete and terminate at 25.
    const { r, snaps } = run(blueGreen({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 600 } } }, 10), 30)
    expect(snaps[5]).toMatchObject({ cur: [10, 10, 9], neu: [10, 10, 1], shareNew: 0.1 })
    expect(snaps[14].shareNew).toBe(0.1)
    expect(snaps[15]).toMatchObject({ phase: 'BAKING', shareNew: 1 })
    expect(snaps[25]).toMatchObject({ phase: 'COMPLETED', cur: [0, 0, 0] })
    expect(r.finishedAt).toBe(25)
  })

  it('linear: one step size every baking period until the green fleet takes everything', () => {
    // N = 4, steps of 1 instance (25%), 2-minute bakes: 25% at 5, 50% at 7, 75% at 9, 100% at 11, complete at 13.
    const { r, snaps } = run(blueGreen({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'LINEAR', LinearStepSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 120 } } }, 4), 20)
    expect([5, 6, 7, 9, 11, 12].map((m) => snaps[m].shareNew)).toEqual([0.25, 0.25, 0.5, 0.75, 1, 1])
    expect(r.finishedAt).toBe(13)
  })

  it('a baking period of 0 moves through every step at once', () => {
    const { snaps, r } = run(blueGreen({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'LINEAR', LinearStepSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 0 } } }, 4), 8)
    expect(snaps[5]).toMatchObject({ phase: 'COMPLETED', shareNew: 1, cur: [0, 0, 0] })
    expect(r.finishedAt).toBe(5)
  })

  it('an auto-rollback alarm during a baking period sends all traffic back to blue at once and terminates green', () => {
    // Canary from 5; the alarm is in ALARM at boundary 7 (it went off at the end of minute 6).
    const { r, snaps } = run(blueGreen({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 600 } }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'errors' }] } }, 10, ['errors']), 12, (m) => (m >= 7 ? ['errors'] : []))
    expect(snaps[6].shareNew).toBe(0.1)
    expect(snaps[7]).toMatchObject({ phase: 'ROLLED_BACK', cur: [10, 10, 10], neu: [0, 0, 0], shareNew: 0 })
    expect(r).toMatchObject({ rollbackCause: 'errors', rollbackStartedAt: 7, finishedAt: 7, candidateServedAt: 5, candidateStoppedAt: 7 })
    expect(r.events.filter((e) => e.minute === 7).map((e) => e.type)).toEqual(['AUTO_ROLLBACK_ALARM', 'ROLLBACK_STARTED', 'NEW_FLEET_TERMINATED', 'ROLLBACK_COMPLETED'])
  })

  it('an alarm already in ALARM stops the deployment before any traffic shifts', () => {
    const { r, snaps } = run(blueGreen({ AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'errors' }] } }, 2, ['errors']), 3, () => ['errors'])
    expect(snaps[0]).toMatchObject({ phase: 'ROLLED_BACK', neu: [0, 0, 0] })
    expect(r.candidateServedAt).toBeNaN()
  })

  it('alarms are not watched during the termination wait', () => {
    // All at once, 1-minute bake, 10-minute termination wait: complete at 6; an alarm from 8 on changes nothing.
    const { r } = run(blueGreen({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 60 }, TerminationWaitInSeconds: 600 }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'errors' }] } }, 2, ['errors']), 30, (m) => (m >= 8 ? ['errors'] : []))
    expect(r.outcome).toBe('COMPLETED')
    expect(r.finishedAt).toBe(16)
  })

  it('MaximumExecutionTimeoutInSeconds: not complete by the timeout, the deployment rolls back', () => {
    // 3601 s (it must exceed the 3600 s wait) round up to minute 61; the canary's 60-minute bake, from 5, would end at 65.
    const { r, snaps } = run(blueGreen({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 3600 }, MaximumExecutionTimeoutInSeconds: 3601 } }, 4), 65)
    expect(r.outcome).toBe('ROLLED_BACK')
    expect(r.rollbackCause).toBe('timeout')
    expect(r.finishedAt).toBe(61)
    expect(snaps[60].shareNew).toBe(0.25)
  })
})

describe('rolling', () => {
  it('provisions, shifts, bakes and terminates one batch at a time', () => {
    // N = 4, batch 1, 2-minute bakes. Batch k is provisioned at 7(k − 1), shifted 5 minutes later,
    // baked 2 minutes; then its old counterpart is terminated: shifts at 5, 12, 19, 26; complete at 28 = 4 × (5 + 2).
    const { r, snaps } = run(rolling({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 120 } }, 4), 30)
    expect(snaps[0]).toMatchObject({ phase: 'PROVISIONING', cur: [4, 4, 4], neu: [1, 0, 0] })
    expect(snaps[5]).toMatchObject({ phase: 'BAKING', cur: [4, 4, 3], neu: [1, 1, 1], shareNew: 0.25 })
    expect(snaps[7]).toMatchObject({ phase: 'PROVISIONING', cur: [3, 3, 3], neu: [2, 1, 1] })
    expect([12, 19, 26].map((m) => snaps[m].shareNew)).toEqual([0.5, 0.75, 1])
    expect(snaps[28]).toMatchObject({ phase: 'COMPLETED', cur: [0, 0, 0], neu: [4, 4, 4] })
    expect(r.finishedAt).toBe(28)
    // At most one extra batch: 4 + 1.
    expect(r.peakBilled).toBe(5)
  })

  it('rollback without RollbackMaximumBatchSize brings the whole old capacity back in one step', () => {
    // Alarm at 13, in batch 2's bake: 2 new instances serve, 2 old serve and 1 old (batch 2's) is idle.
    // One step of 2: reuse the idle one, provision 1 (in service at 18); then all traffic goes back.
    const { r, snaps } = run(rolling({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 120 }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'a' }] } }, 4, ['a']), 20, (m) => (m >= 13 ? ['a'] : []))
    expect(snaps[13]).toMatchObject({ phase: 'ROLLING_BACK', cur: [4, 3, 2], neu: [2, 2, 2], shareNew: 0.5 })
    expect(snaps[17].shareNew).toBe(0.5)
    expect(snaps[18]).toMatchObject({ phase: 'ROLLED_BACK', cur: [4, 4, 4], neu: [0, 0, 0], shareNew: 0 })
    expect(r.finishedAt).toBe(18)
  })

  it('rollback in batches of 1: the idle old instance takes one batch back at once, the next waits for a new old instance', () => {
    const { snaps } = run(
      rolling({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 120, RollbackMaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 } }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'a' }] } }, 4, ['a']),
      20,
      (m) => (m >= 13 ? ['a'] : [])
    )
    expect(snaps[13]).toMatchObject({ cur: [4, 3, 3], neu: [1, 1, 1], shareNew: 0.25 })
    expect(snaps[18]).toMatchObject({ phase: 'ROLLED_BACK', cur: [4, 4, 4], neu: [0, 0, 0] })
  })

  it('an alarm while the first batch is still starting cancels it; nothing to move back', () => {
    const { r } = run(rolling({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 120 }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'a' }] } }, 4, ['a']), 5, (m) => (m >= 2 ? ['a'] : []))
    expect(r).toMatchObject({ phase: 'ROLLED_BACK', finishedAt: 2 })
    expect(r.candidate.billed).toBe(0)
  })
})

describe('without guardrails', () => {
  it('in place: every instance switches at once on the same hosts; only the operator rolls it back, in place', () => {
    // Alarm from boundary 3, operator response 5 minutes: switched back at 8.
    const { r, snaps } = run({ strategy: 'IN_PLACE', instanceCount: 4, startupMinutes: 5, operatorResponseMinutes: 5 }, 10, () => [], (m) => m >= 3)
    expect(snaps[0]).toMatchObject({ phase: 'COMPLETED', cur: [0, 0, 0], neu: [4, 4, 4], shareNew: 1 })
    expect(snaps[7].shareNew).toBe(1)
    expect(snaps[8]).toMatchObject({ phase: 'ROLLED_BACK', cur: [4, 4, 4], neu: [0, 0, 0], shareNew: 0 })
    expect(r).toMatchObject({ alarmSeenAt: 3, rollbackCause: 'operator', finishedAt: 8, peakBilled: 4 })
  })

  it('in place without an operator: the new version stays', () => {
    const { r } = run({ strategy: 'IN_PLACE', instanceCount: 4, startupMinutes: 5, operatorResponseMinutes: null }, 30, () => [], () => true)
    expect(r.outcome).toBe('COMPLETED')
    expect(r.candidate.share).toBe(1)
  })

  it('after a completed blue/green deployment the operator needs a second deployment that provisions a fleet first', () => {
    // Complete at 6 (1-minute bake, no wait); an alarm seen at 8, response 2 min → second deployment at 10, in service at 15.
    const { r, snaps } = run({ ...blueGreen({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 60 } } }, 2), operatorResponseMinutes: 2 }, 20, () => [], (m) => m >= 8)
    expect(snaps[10]).toMatchObject({ phase: 'REDEPLOYING', cur: [2, 0, 0], neu: [2, 2, 2], shareNew: 1 })
    expect(snaps[15]).toMatchObject({ phase: 'ROLLED_BACK', cur: [2, 2, 2], neu: [0, 0, 0], shareNew: 0 })
    expect(r.finishedAt).toBe(15)
  })

  it('shadow: production answers everything, the shadow variant gets a copy of the sampling percentage and answers nobody', () => {
    const { r, snaps } = run({ strategy: 'SHADOW', instanceCount: 2, startupMinutes: 5, shadow: { instanceCount: 1, samplingPercentage: 50 } }, 10)
    expect(snaps[0]).toMatchObject({ cur: [2, 2, 2], neu: [1, 0, 0], shareNew: 0, copy: 0 })
    expect(snaps[5]).toMatchObject({ phase: 'SHADOW_TESTING', neu: [1, 1, 1], shareNew: 0, copy: 0.5 })
    expect(r.current.share).toBe(1)
    expect(r.outcome).toBe('IN_PROGRESS')
  })

  it('A/B: traffic follows VariantWeight / sum of weights from when the new variant serves; UpdateEndpointWeightsAndCapacities changes it', () => {
    // Weights 1 and 3 → 75% new; at minute 10 weights 1 and 1 → 50%.
    const { snaps } = run({ strategy: 'AB_TEST', instanceCount: 2, startupMinutes: 5, abTest: { instanceCount: 2, currentWeight: 1, newWeight: 3, weightChanges: [{ minute: 10, currentWeight: 1, newWeight: 1 }] } }, 12)
    expect(snaps[4].shareNew).toBe(0)
    expect(snaps[5].shareNew).toBe(0.75)
    expect(snaps[10].shareNew).toBe(0.5)
    expect(snaps[11]).toMatchObject({ phase: 'AB_TESTING', cur: [2, 2, 2], neu: [2, 2, 2] })
  })

  it('A/B with an operator: the new weight goes to 0, its instances stay billed', () => {
    const { r, snaps } = run({ strategy: 'AB_TEST', instanceCount: 2, startupMinutes: 5, operatorResponseMinutes: 1, abTest: { instanceCount: 2, currentWeight: 1, newWeight: 1, weightChanges: [] } }, 10, () => [], (m) => m >= 7)
    expect(snaps[7].shareNew).toBe(0.5)
    expect(snaps[8]).toMatchObject({ phase: 'ROLLED_BACK', shareNew: 0, neu: [2, 2, 2] })
    expect(r.rollbackCause).toBe('operator')
  })
})

describe('stepping', () => {
  it('minutes are stepped in order, one at a time', () => {
    const r = new Rollout({ strategy: 'IN_PLACE', instanceCount: 1, startupMinutes: 5 })
    r.step(0)
    expect(() => r.step(2)).toThrow('expected minute 1, got 2')
  })
})
