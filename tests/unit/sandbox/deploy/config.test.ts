import { describe, expect, it } from 'vitest'
import { capacityInstances, planDeployment, type DeploymentPlan } from '../../../../src/main/sandbox/deploy/config'
import { LabError } from '../../../../src/shared/errors'

const BG = 'DeploymentConfig.BlueGreenUpdatePolicy'
const TR = `${BG}.TrafficRoutingConfiguration`
const RU = 'DeploymentConfig.RollingUpdatePolicy'

function refused(config: unknown, instanceCount = 10, alarmNames: string[] = ['errors']): { path: string; message: string }[] {
  try {
    planDeployment(config, { instanceCount, alarmNames })
  } catch (e) {
    expect(e).toBeInstanceOf(LabError)
    expect((e as LabError).code).toBe('VALIDATION')
    return (e as LabError).issues
  }
  throw new Error(`accepted ${JSON.stringify(config)}`)
}

function routing(r: object, extra: object = {}): object {
  return { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: r, ...extra } }
}

describe('DeploymentConfig: the plan it stands for', () => {
  it('with no update policy SageMaker uses blue/green all at once (DeploymentConfig API reference)', () => {
    const plan = planDeployment(undefined, { instanceCount: 4, alarmNames: [] })
    expect(plan).toMatchObject({ kind: 'BLUE_GREEN', routing: 'ALL_AT_ONCE', steps: [4], waitMinutes: 0, terminationWaitMinutes: 0, alarmNames: [] })
  })

  it("the developer guide's canary example: 30% of the green fleet, 600 s baking, 600 s termination wait, 1800 s timeout", () => {
    const plan = planDeployment(
      {
        BlueGreenUpdatePolicy: {
          TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 30 }, WaitIntervalInSeconds: 600 },
          TerminationWaitInSeconds: 600,
          MaximumExecutionTimeoutInSeconds: 1800
        },
        AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'errors' }] }
      },
      { instanceCount: 10, alarmNames: ['errors'] }
    ) as Extract<DeploymentPlan, { kind: 'BLUE_GREEN' }>
    // 30% of 10 instances = 3 instances, then the rest.
    expect(plan.steps).toEqual([3, 10])
    expect(plan).toMatchObject({ waitMinutes: 10, terminationWaitMinutes: 10, timeoutMinutes: 30, alarmNames: ['errors'] })
  })

  it("the developer guide's linear example: steps of 20% of the fleet", () => {
    const plan = planDeployment(routing({ Type: 'LINEAR', LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 20 }, WaitIntervalInSeconds: 300 }), { instanceCount: 10, alarmNames: [] }) as Extract<DeploymentPlan, { kind: 'BLUE_GREEN' }>
    expect(plan.steps).toEqual([2, 4, 6, 8, 10])
    expect(plan.waitMinutes).toBe(5)
  })

  it('a linear step that does not divide the fleet leaves a smaller last step', () => {
    const plan = planDeployment(routing({ Type: 'LINEAR', LinearStepSize: { Type: 'INSTANCE_COUNT', Value: 3 }, WaitIntervalInSeconds: 60 }), { instanceCount: 7, alarmNames: [] }) as Extract<DeploymentPlan, { kind: 'BLUE_GREEN' }>
    expect(plan.steps).toEqual([3, 6, 7])
  })

  it('a CAPACITY_PERCENT size rounds down to whole instances, at least one', () => {
    expect(capacityInstances({ Type: 'CAPACITY_PERCENT', Value: 25 }, 10)).toBe(2)
    expect(capacityInstances({ Type: 'CAPACITY_PERCENT', Value: 10 }, 4)).toBe(1)
    expect(capacityInstances({ Type: 'INSTANCE_COUNT', Value: 3 }, 10)).toBe(3)
  })

  it('rolling: batch and rollback batch in instances; without RollbackMaximumBatchSize the whole fleet comes back at once', () => {
    const plan = planDeployment({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 25 }, WaitIntervalInSeconds: 90 } }, { instanceCount: 8, alarmNames: [] })
    expect(plan).toMatchObject({ kind: 'ROLLING', batchSize: 2, rollbackBatchSize: 8, waitMinutes: 2, timeoutMinutes: 480 })
    const withRollback = planDeployment({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 2 }, WaitIntervalInSeconds: 60, RollbackMaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 } } }, { instanceCount: 8, alarmNames: [] })
    expect(withRollback).toMatchObject({ batchSize: 2, rollbackBatchSize: 1 })
  })

  it('waits round up to whole minutes', () => {
    const plan = planDeployment(routing({ Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 61 }, { TerminationWaitInSeconds: 1 }), { instanceCount: 2, alarmNames: [] })
    expect(plan).toMatchObject({ waitMinutes: 2, terminationWaitMinutes: 1 })
  })
})

describe('DeploymentConfig: bad input is refused with the field path and what is allowed', () => {
  it('CanarySize above 50% of the fleet (TrafficRoutingConfig: "less than or equal to 50%")', () => {
    const pct = refused(routing({ Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 60 }, WaitIntervalInSeconds: 600 }))
    expect(pct).toEqual([{ path: `${TR}.CanarySize.Value`, message: expect.stringContaining('at most 50%') }])
    const count = refused(routing({ Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 6 }, WaitIntervalInSeconds: 600 }))
    // 50% of 10 instances is 5.
    expect(count[0]).toEqual({ path: `${TR}.CanarySize.Value`, message: expect.stringContaining('INSTANCE_COUNT from 1 to 5, got 6') })
  })

  it('a canary on a single instance cannot be at most half of it', () => {
    const issues = refused(routing({ Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 0 }), 1)
    expect(issues[0].path).toBe(`${TR}.CanarySize.Value`)
    expect(issues[0].message).toContain('use more instances')
  })

  it('LinearStepSize outside 10–50%', () => {
    expect(refused(routing({ Type: 'LINEAR', LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 5 }, WaitIntervalInSeconds: 60 }))[0]).toEqual({
      path: `${TR}.LinearStepSize.Value`,
      message: expect.stringContaining('10–50%')
    })
    expect(refused(routing({ Type: 'LINEAR', LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 51 }, WaitIntervalInSeconds: 60 }))[0].path).toBe(`${TR}.LinearStepSize.Value`)
    // 10–50% of 20 instances: 2 to 10.
    expect(refused(routing({ Type: 'LINEAR', LinearStepSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 60 }), 20)[0].message).toContain('INSTANCE_COUNT from 2 to 10, got 1')
  })

  it('the size that belongs to the other routing type, or none where one is required', () => {
    expect(refused(routing({ Type: 'CANARY', WaitIntervalInSeconds: 60 }))[0].path).toBe(`${TR}.CanarySize`)
    expect(refused(routing({ Type: 'LINEAR', WaitIntervalInSeconds: 60 }))[0].path).toBe(`${TR}.LinearStepSize`)
    expect(refused(routing({ Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 60, CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 } }))[0]).toEqual({
      path: `${TR}.CanarySize`,
      message: 'applies only when Type is CANARY (Type is ALL_AT_ONCE)'
    })
  })

  it('WaitIntervalInSeconds outside 0–3600, or missing (it is required)', () => {
    expect(refused(routing({ Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 3601 }))[0]).toEqual({ path: `${TR}.WaitIntervalInSeconds`, message: 'must be an integer and in [0, 3600], got 3601' })
    expect(refused(routing({ Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: -1 }))[0].path).toBe(`${TR}.WaitIntervalInSeconds`)
    expect(refused(routing({ Type: 'ALL_AT_ONCE' }))[0]).toEqual({ path: `${TR}.WaitIntervalInSeconds`, message: expect.stringContaining('is required') })
  })

  it('MaximumExecutionTimeoutInSeconds outside 600–28800', () => {
    expect(refused(routing({ Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 }, { MaximumExecutionTimeoutInSeconds: 599 }))[0]).toEqual({
      path: `${BG}.MaximumExecutionTimeoutInSeconds`,
      message: 'must be an integer and in [600, 28800], got 599'
    })
    expect(refused(routing({ Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 }, { MaximumExecutionTimeoutInSeconds: 28_801 }))[0].path).toBe(`${BG}.MaximumExecutionTimeoutInSeconds`)
    expect(refused({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 0, MaximumExecutionTimeoutInSeconds: 100 } })[0].path).toBe(`${RU}.MaximumExecutionTimeoutInSeconds`)
  })

  it('MaximumExecutionTimeoutInSeconds not larger than TerminationWaitInSeconds + WaitIntervalInSeconds (BlueGreenUpdatePolicy)', () => {
    // 600 + 3600 = 4200 ≥ 4200.
    const issues = refused(routing({ Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 3600 }, { TerminationWaitInSeconds: 600, MaximumExecutionTimeoutInSeconds: 4200 }))
    expect(issues).toEqual([{ path: `${BG}.MaximumExecutionTimeoutInSeconds`, message: 'must be larger than TerminationWaitInSeconds + WaitIntervalInSeconds (600 + 3600 = 4200 seconds), got 4200' }])
    expect(() => planDeployment(routing({ Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 3600 }, { TerminationWaitInSeconds: 600, MaximumExecutionTimeoutInSeconds: 4201 }), { instanceCount: 2, alarmNames: [] })).not.toThrow()
  })

  it('TerminationWaitInSeconds outside 0–3600', () => {
    expect(refused(routing({ Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 }, { TerminationWaitInSeconds: 3601 }))[0]).toEqual({ path: `${BG}.TerminationWaitInSeconds`, message: 'must be an integer and in [0, 3600], got 3601' })
  })

  it('rolling MaximumBatchSize outside 5–50% of the fleet, or missing', () => {
    expect(refused({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 4 }, WaitIntervalInSeconds: 0 } })[0]).toEqual({ path: `${RU}.MaximumBatchSize.Value`, message: expect.stringContaining('5–50%') })
    expect(refused({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 75 }, WaitIntervalInSeconds: 0 } })[0].path).toBe(`${RU}.MaximumBatchSize.Value`)
    expect(refused({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 6 }, WaitIntervalInSeconds: 0 } })[0].message).toContain('INSTANCE_COUNT from 1 to 5, got 6')
    expect(refused({ RollingUpdatePolicy: { WaitIntervalInSeconds: 0 } })[0].path).toBe(`${RU}.MaximumBatchSize`)
  })

  it('RollbackMaximumBatchSize larger than the fleet', () => {
    expect(refused({ RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 2 }, WaitIntervalInSeconds: 0, RollbackMaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 11 } } })[0]).toEqual({
      path: `${RU}.RollbackMaximumBatchSize.Value`,
      message: expect.stringContaining('INSTANCE_COUNT from 1 to 10, got 11')
    })
  })

  it('exactly one update policy', () => {
    const issues = refused({ BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 } }, RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 0 } })
    expect(issues).toEqual([{ path: 'DeploymentConfig', message: expect.stringContaining('exactly one update policy') }])
  })

  it('CapacitySize Type is INSTANCE_COUNT or CAPACITY_PERCENT (the HyperPod spelling gets a hint); Value is an integer ≥ 1', () => {
    const hyperpod = refused(routing({ Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENTAGE', Value: 10 }, WaitIntervalInSeconds: 0 }))
    expect(hyperpod[0]).toEqual({ path: `${TR}.CanarySize.Type`, message: expect.stringContaining('CAPACITY_PERCENTAGE is the HyperPod spelling') })
    expect(refused(routing({ Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 0 }, WaitIntervalInSeconds: 0 }))[0].path).toBe(`${TR}.CanarySize.Value`)
    expect(refused(routing({ Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1.5 }, WaitIntervalInSeconds: 0 }))[0].path).toBe(`${TR}.CanarySize.Value`)
  })

  it('a traffic routing Type AWS does not have', () => {
    expect(refused(routing({ Type: 'ROLLING', WaitIntervalInSeconds: 0 }))[0]).toEqual({ path: `${TR}.Type`, message: 'must be one of ALL_AT_ONCE, CANARY, LINEAR, got ROLLING' })
  })

  it('auto-rollback alarms that do not exist, or more than 10', () => {
    const missing = refused({ AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'errors' }, { AlarmName: 'latency' }] } })
    expect(missing).toEqual([{ path: 'DeploymentConfig.AutoRollbackConfiguration.Alarms[1].AlarmName', message: expect.stringContaining('no CloudWatch alarm named "latency" exists') }])
    const tooMany = refused({ AutoRollbackConfiguration: { Alarms: Array.from({ length: 11 }, () => ({ AlarmName: 'errors' })) } })
    expect(tooMany[0]).toEqual({ path: 'DeploymentConfig.AutoRollbackConfiguration.Alarms', message: 'must be a list of 1 to 10 { AlarmName } items' })
  })

  it('a field AWS does not have', () => {
    expect(refused(routing({ Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0, BakeTime: 5 }))[0]).toEqual({ path: `${TR}.BakeTime`, message: expect.stringContaining('is not a field') })
  })

  it('reports every problem of one request at once', () => {
    const issues = refused(routing({ Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 80 }, WaitIntervalInSeconds: 4000 }, { TerminationWaitInSeconds: -5 }))
    expect(issues.map((i) => i.path).sort()).toEqual([`${BG}.TerminationWaitInSeconds`, `${TR}.CanarySize.Value`, `${TR}.WaitIntervalInSeconds`])
  })
})
