import { describe, expect, it } from 'vitest'
import { simulateDeployment, type SimulateRequest } from '../../../../src/main/sandbox/deploy/simulate'
import { getInstanceType } from '../../../../src/main/sandbox/catalog/instances'
import { LabError } from '../../../../src/shared/errors'

/** Every request of a new-fleet 5XX alarm: Sum > 0 over one minute, missing data is not breaching. */
const anyError = { AlarmName: 'new-fleet-5xx', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }

function base(over: Partial<SimulateRequest> = {}): SimulateRequest {
  return { seed: 1, endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2 }, traffic: { requestsPerSecond: 20 }, newVersion: { errorRate: 0 }, strategy: 'BLUE_GREEN', ...over }
}

function refused(req: unknown): { path: string; message: string }[] {
  try {
    simulateDeployment(req as SimulateRequest)
  } catch (e) {
    expect(e).toBeInstanceOf(LabError)
    expect((e as LabError).code).toBe('VALIDATION')
    return (e as LabError).issues
  }
  throw new Error(`accepted ${JSON.stringify(req)}`)
}

describe('deploy.simulate: cost and instance-seconds', () => {
  it('blue/green all at once with a 10-minute baking period and a 10-minute termination wait, by hand', () => {
    // 2 × ml.m5.xlarge. The green fleet is billed from minute 0 (provisioning) to the end of the
    // 60-minute window: 2 × 60 = 120 instance-minutes. The blue fleet serves until the shift at 5, sits
    // through the bake (5–15) and the termination wait (15–25) and is terminated at 25: 2 × 25 = 50.
    // 170 instance-minutes = 10,200 instance-seconds; at the catalog's $0.23 an hour: 170 / 60 × 0.23.
    const r = simulateDeployment(base({ DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 }, TerminationWaitInSeconds: 600 } } }))
    expect(getInstanceType('ml.m5.xlarge').pricePerHour).toBe(0.23)
    expect(r.summary.instanceSeconds).toBe(10_200)
    expect(r.summary.costUSD).toBeCloseTo((170 / 60) * 0.23, 12)
    expect(r.summary.baselineCostUSD).toBeCloseTo((120 / 60) * 0.23, 12)
    expect(r.summary).toMatchObject({ outcome: 'COMPLETED', durationSeconds: 1500, peakInstances: 4, requestsFailed: 0, requestsAffected: 0, timeToDetectSeconds: null, timeToRecoverSeconds: null })
    expect(r.timeline.map((t) => t.current.billedInstances + t.new.billedInstances).reduce((a, b) => a + b, 0)).toBe(170)
  })

  it('rolling in batches of 1 on 2 instances with 5-minute bakes, by hand', () => {
    // Batch 1: 0–5 provisioning (3 billed), 5–10 bake (3), old batch terminated at 10; batch 2: 10–15
    // provisioning (3), 15–20 bake (3), complete at 20; then 2 until 60. 20 × 3 + 40 × 2 = 140 instance-minutes.
    const r = simulateDeployment(base({ strategy: 'ROLLING', DeploymentConfig: { RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 300 } } }))
    expect(r.summary).toMatchObject({ outcome: 'COMPLETED', durationSeconds: 1200, peakInstances: 3, instanceSeconds: 140 * 60 })
  })

  it('an in-place update costs exactly the endpoint: no extra instances', () => {
    const r = simulateDeployment(base({ strategy: 'IN_PLACE' }))
    expect(r.summary.instanceSeconds).toBe(2 * 3600)
    expect(r.summary).toMatchObject({ outcome: 'COMPLETED', durationSeconds: 0, peakInstances: 2 })
  })
})

describe('deploy.simulate: exposure to a defective version', () => {
  it('a 10% canary exposes a tenth of the traffic for as long as its alarm takes, by hand', () => {
    // 10 instances, canary 1 (10%), every request of the new version fails. The canary takes traffic
    // from minute 5; the alarm (5XX Sum > 0 over one minute) goes to ALARM at the end of minute 5 and
    // the rollback acts from minute 6. So exactly one minute at 10%: 0.1 × 100 rps × 60 s = 600
    // requests expected, Poisson-distributed (sd √600 ≈ 24.5), all of them failed; that is
    // 600 / (6000 × 60) = 0.167% of the window's requests. Blue/green all at once exposes 100% for
    // the same minute: 6000.
    const canary = simulateDeployment({
      seed: 3,
      endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 10 },
      traffic: { requestsPerSecond: 100 },
      newVersion: { errorRate: 1 },
      strategy: 'BLUE_GREEN',
      DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 }, WaitIntervalInSeconds: 600 } }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-fleet-5xx' }] } },
      alarms: [anyError]
    })
    const exposed = canary.timeline.filter((t) => t.new.trafficShare > 0)
    expect(exposed.map((t) => [t.minute, t.new.trafficShare])).toEqual([[5, 0.1]])
    const failed = canary.summary.requestsFailed
    expect(failed).toBe(exposed[0].new.requests)
    expect(Math.abs(failed - 600)).toBeLessThan(5 * Math.sqrt(600))
    expect(failed / canary.summary.requestsTotal).toBeGreaterThan(0.001)
    expect(failed / canary.summary.requestsTotal).toBeLessThan(0.0023)
    expect(canary.summary).toMatchObject({ outcome: 'ROLLED_BACK', timeToDetectSeconds: 60, timeToRecoverSeconds: 60, rollbackCause: 'new-fleet-5xx', durationSeconds: 360 })
    expect(canary.events.map((e) => `${e.atSeconds} ${e.type}`)).toContain('360 ALARM_STATE_CHANGED')
    expect(canary.events.map((e) => `${e.atSeconds} ${e.type}`)).toContain('360 ROLLBACK_STARTED')
  })

  it('without an auto-rollback alarm a canary does not roll back: the whole fleet switches to the defective version', () => {
    const r = simulateDeployment(base({ newVersion: { errorRate: 0.2 }, DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 300 } } }, alarms: [anyError] }))
    expect(r.summary.outcome).toBe('COMPLETED')
    // The alarm saw the errors but is not an auto-rollback alarm.
    expect(r.summary.timeToDetectSeconds).toBe(60)
    expect(r.timeline[59].new.trafficShare).toBe(1)
    expect(r.summary.timeToRecoverSeconds).toBeNull()
  })

  it('a defective version left in service keeps failing requests until the window ends', () => {
    const hour = simulateDeployment(base({ strategy: 'IN_PLACE', newVersion: { errorRate: 0.1 } }))
    const twoHours = simulateDeployment(base({ strategy: 'IN_PLACE', newVersion: { errorRate: 0.1 }, horizonSeconds: 7200 }))
    // 10% of 20 rps: about 120 failures a minute, for every minute of the window.
    expect(hour.timeline.every((t) => t.errors5xx > 60)).toBe(true)
    expect(twoHours.summary.requestsFailed / hour.summary.requestsFailed).toBeGreaterThan(1.8)
    expect(hour.summary.requestsFailed / hour.summary.requestsTotal).toBeCloseTo(0.1, 1)
  })

  it('a quality drop no infrastructure alarm sees: nothing detects it, every answer of the new version is degraded', () => {
    const r = simulateDeployment(base({ newVersion: { errorRate: 0, qualityDrop: 0.3 }, DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 } }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-fleet-5xx' }] } }, alarms: [anyError] }))
    expect(r.summary).toMatchObject({ outcome: 'COMPLETED', timeToDetectSeconds: null, requestsFailed: 0 })
    const servedByNew = r.timeline.reduce((a, t) => a + (t.new.trafficShare > 0 ? t.new.requests : 0), 0)
    expect(r.summary.requestsDegraded).toBe(servedByNew)
    expect(r.summary.requestsAffected).toBe(servedByNew)
    // Accuracy falls from 92% to 92% × 0.7 = 64.4%, within the binomial noise of a minute's answers.
    const last = r.timeline[59]
    expect(last.new.accuracy as number).toBeGreaterThan(0.6)
    expect(last.new.accuracy as number).toBeLessThan(0.69)
  })

  it('a shadow test fails no user request and is billed for its fleet; its metrics are comparable', () => {
    const r = simulateDeployment(base({ strategy: 'SHADOW', newVersion: { errorRate: 0.5 }, shadow: { SamplingPercentage: 50, InstanceCount: 1 }, alarms: [anyError] }))
    expect(r.summary.requestsFailed).toBe(0)
    expect(r.summary.shadowRequests).toBeGreaterThan(0)
    // Half of the shadow's copies fail.
    expect(r.summary.shadowErrors / r.summary.shadowRequests).toBeCloseTo(0.5, 1)
    // 2 production instances all window + 1 shadow instance all window.
    expect(r.summary.instanceSeconds).toBe(3 * 3600)
    expect(r.summary.timeToDetectSeconds).toBe(60)
    expect(r.summary.outcome).toBe('IN_PROGRESS')
    expect(r.alarms[0].watches).toBe('new')
  })

  it('the same request with the same seed gives the same answer; another seed other noise', () => {
    const req = base({ newVersion: { errorRate: 0.05 }, DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'LINEAR', LinearStepSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 300 } }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-fleet-5xx' }] } }, alarms: [anyError] })
    expect(simulateDeployment(req)).toEqual(simulateDeployment(JSON.parse(JSON.stringify(req))))
    expect(simulateDeployment({ ...req, seed: 2 }).summary.requestsTotal).not.toBe(simulateDeployment(req).summary.requestsTotal)
  })

  it('every strategy is measured over the same window', () => {
    for (const strategy of ['IN_PLACE', 'BLUE_GREEN', 'SHADOW', 'AB_TEST'] as const) {
      const r = simulateDeployment(base({ strategy, horizonSeconds: 1800 }))
      expect(r.timeline).toHaveLength(30)
      expect(r.horizonSeconds).toBe(1800)
    }
  })
})

describe('deploy.simulate: alarms and what they watch', () => {
  const dims = (config?: string): { Name: string; Value: string }[] => [
    { Name: 'EndpointName', Value: 'my-endpoint' },
    { Name: 'VariantName', Value: 'AllTraffic' },
    ...(config ? [{ Name: 'EndpointConfigName', Value: config }] : [])
  ]
  const canaryConfig = { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 600 } }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'rate' }] } }
  const rate = { AlarmName: 'rate', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Average', Period: 60, EvaluationPeriods: 1, Threshold: 0.05, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }

  it("an alarm on the new fleet's EndpointConfigName catches the canary; the same alarm on the whole variant averages the canary's errors away", () => {
    // 10 instances, canary 1: 20% errors on the canary are 2% of the variant's requests, under the 5% threshold.
    const req = { seed: 5, endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 10 }, traffic: { requestsPerSecond: 100 }, newVersion: { errorRate: 0.2 }, strategy: 'BLUE_GREEN', DeploymentConfig: canaryConfig }
    const onNew = simulateDeployment({ ...req, alarms: [{ ...rate, Dimensions: dims('my-endpoint-config-new') }] } as SimulateRequest)
    const onBoth = simulateDeployment({ ...req, alarms: [{ ...rate, Dimensions: dims() }] } as SimulateRequest)
    expect(onNew.alarms[0].watches).toBe('new')
    expect(onBoth.alarms[0].watches).toBe('both')
    expect(onNew.summary.outcome).toBe('ROLLED_BACK')
    expect(onBoth.summary.timeToDetectSeconds).not.toBe(60)
    expect(onBoth.summary.requestsFailed).toBeGreaterThan(5 * onNew.summary.requestsFailed)
  })

  it('a p99 ModelLatency alarm in microseconds catches a latency regression', () => {
    // xgboost-tabular on ml.m5.xlarge runs 6 ms requests; a 20× regression makes them 120 ms. Threshold 50,000 µs = 50 ms.
    const p99 = { AlarmName: 'p99', Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Period: 60, EvaluationPeriods: 2, Threshold: 50_000, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }
    const r = simulateDeployment(base({ newVersion: { errorRate: 0, latencyMultiplier: 20 }, DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 } }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'p99' }] } }, alarms: [p99] }))
    expect(r.summary).toMatchObject({ outcome: 'ROLLED_BACK', timeToDetectSeconds: 120 })
    expect(r.timeline[5].new.latencyMeanMs as number).toBeGreaterThan(100)
    expect(r.summary.requestsSlowed).toBeGreaterThan(0)
  })

  it('TreatMissingData breaching on the new fleet rolls back before any traffic reaches it', () => {
    const r = simulateDeployment(base({ newVersion: { errorRate: 0 }, DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 } }, AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-fleet-5xx' }] } }, alarms: [{ ...anyError, TreatMissingData: 'breaching' }] }))
    expect(r.summary).toMatchObject({ outcome: 'ROLLED_BACK', newVersionServedUsers: false, durationSeconds: 60 })
  })
})

describe('deploy.simulate: bad input', () => {
  it('an error rate outside 0–1', () => {
    expect(refused(base({ newVersion: { errorRate: 1.5 } }))).toEqual([{ path: 'newVersion.errorRate', message: 'must be in [0, 1], got 1.5' }])
    expect(refused(base({ newVersion: { errorRate: -0.1 } }))[0].path).toBe('newVersion.errorRate')
  })

  it('a latency multiplier below 1, a quality drop above 1', () => {
    const issues = refused(base({ newVersion: { errorRate: 0, latencyMultiplier: 0.5, qualityDrop: 2 } }))
    expect(issues.map((i) => i.path)).toEqual(['newVersion.latencyMultiplier', 'newVersion.qualityDrop'])
  })

  it('an auto-rollback alarm that is not defined', () => {
    const issues = refused(base({ DeploymentConfig: { AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'nope' }] } }, alarms: [anyError] }))
    expect(issues).toEqual([{ path: 'DeploymentConfig.AutoRollbackConfiguration.Alarms[0].AlarmName', message: expect.stringContaining('the alarms defined are: new-fleet-5xx') }])
  })

  it('a DeploymentConfig on a strategy without guardrails; a RollingUpdatePolicy under BLUE_GREEN; ROLLING without one', () => {
    expect(refused(base({ strategy: 'IN_PLACE', DeploymentConfig: {} }))[0].path).toBe('DeploymentConfig')
    expect(refused(base({ DeploymentConfig: { RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 0 } } }))[0]).toEqual({ path: 'DeploymentConfig.RollingUpdatePolicy', message: expect.stringContaining('use strategy ROLLING') })
    expect(refused(base({ strategy: 'ROLLING' }))[0].path).toBe('DeploymentConfig.RollingUpdatePolicy')
  })

  it('a metric the simulation does not publish, a wrong namespace, a sub-minute period', () => {
    const issues = refused(base({ alarms: [{ ...anyError, MetricName: 'GPUUtilization', Namespace: '/aws/sagemaker/Endpoints' }, { ...anyError, AlarmName: 'b', Namespace: 'AWS/EC2' }, { ...anyError, AlarmName: 'c', Period: 10 }] }))
    expect(issues).toEqual([
      { path: 'alarms[0].MetricName', message: expect.stringContaining('Invocations, InvocationsPerInstance, Invocation4XXErrors, Invocation5XXErrors, ModelLatency, OverheadLatency, CPUUtilization, MemoryUtilization, DiskUtilization') },
      { path: 'alarms[1].Namespace', message: 'Invocation5XXErrors is published in AWS/SageMaker, not AWS/EC2' },
      { path: 'alarms[2].Period', message: expect.stringContaining('must be a multiple of 60 seconds here') }
    ])
  })

  it("dimensions that name another endpoint, leave out VariantName, or name an unknown configuration", () => {
    const d = (list: { Name: string; Value: string }[]): SimulateRequest => base({ alarms: [{ ...anyError, Dimensions: list }] })
    expect(refused(d([{ Name: 'EndpointName', Value: 'other' }, { Name: 'VariantName', Value: 'AllTraffic' }]))[0].message).toContain('EndpointName must be my-endpoint')
    expect(refused(d([{ Name: 'EndpointName', Value: 'my-endpoint' }]))[0].message).toContain('SageMaker publishes endpoint metrics per variant')
    expect(refused(d([{ Name: 'EndpointName', Value: 'my-endpoint' }, { Name: 'VariantName', Value: 'AllTraffic' }, { Name: 'EndpointConfigName', Value: 'x' }]))[0].message).toContain('my-endpoint-config-current (the current fleet) or my-endpoint-config-new (the new fleet)')
  })

  it("a PutMetricAlarm field out of range is reported under the alarm's index (CloudWatch's own validation)", () => {
    expect(refused(base({ alarms: [{ ...anyError, EvaluationPeriods: 0 }] }))[0]).toEqual({ path: 'alarms[0].EvaluationPeriods', message: 'must be a whole number ≥ 1' })
  })

  it('traffic the endpoint cannot serve even before the deployment, and a window outside 60–86400 seconds', () => {
    // xgboost-tabular: 6 ms on 4 vCPUs → 40,000 requests a minute per instance; 2 instances ≈ 1333 rps.
    expect(refused(base({ traffic: { requestsPerSecond: 2000 } }))[0]).toEqual({ path: 'traffic.requestsPerSecond', message: expect.stringContaining('use at least 4 instances') })
    expect(refused(base({ horizonSeconds: 86_460 }))[0].path).toBe('horizonSeconds')
    expect(refused(base({ horizonSeconds: 90 }))[0].message).toContain('multiple of 60')
  })

  it('an instance type endpoints cannot use and an unknown strategy', () => {
    expect(refused(base({ endpoint: { InstanceType: 'ml.t3.medium', InstanceCount: 1 } }))[0].path).toBe('endpoint.InstanceType')
    expect(refused(base({ strategy: 'BIG_BANG' }))[0]).toEqual({ path: 'strategy', message: 'must be one of IN_PLACE, BLUE_GREEN, ROLLING, SHADOW, AB_TEST, got BIG_BANG' })
  })
})
