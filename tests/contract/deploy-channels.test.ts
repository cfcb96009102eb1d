import { describe, expect, it } from 'vitest'
import type { Res } from '../../src/shared/contract'
import { deployCompareJob } from '../../src/shared/contract/deploy'
import { compareDeployments } from '../../src/main/sandbox/deploy'
import { channelHarness } from '../helpers/channels'
import { httpTransport, ipcTransport } from '../helpers/transports'

const alarm = { AlarmName: 'new-fleet-5xx', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }

/** The developer guide's canary example (30% canary, 600 s bake, 600 s termination wait, 1800 s timeout) with a defective version. */
const canary = {
  seed: 42,
  endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 10 },
  traffic: { requestsPerSecond: 50 },
  newVersion: { errorRate: 0.3 },
  strategy: 'BLUE_GREEN',
  DeploymentConfig: {
    BlueGreenUpdatePolicy: {
      TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 30 }, WaitIntervalInSeconds: 600 },
      TerminationWaitInSeconds: 600,
      MaximumExecutionTimeoutInSeconds: 1800
    },
    AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-fleet-5xx' }] }
  },
  alarms: [alarm]
}

describe.each(['ipc', 'http'] as const)('deploy channels over %s', (kind) => {
  const h = channelHarness(kind, 'deploy-')
  const { open } = h

  async function refused(req: unknown): Promise<{ code: string; issues: { path: string; message: string }[]; status?: number }> {
    const r = await h.call('deploy.simulate', req)
    if (r.ok) throw new Error(`accepted ${JSON.stringify(req)}`)
    return { ...r.error, status: r.status }
  }

  it('deploy.simulate rolls the canary back when its alarm fires: 30% of the traffic for one minute', async () => {
    await open()
    const r = await h.call('deploy.simulate', canary)
    if (!r.ok) throw new Error(r.error.message)
    const data = r.data as Res<'deploy.simulate'>
    // 30% of 10 instances = 3; the canary serves minute 5, its alarm fires at the end of it.
    expect(data.timeline[5].new.trafficShare).toBe(0.3)
    expect(data.timeline[6].new.trafficShare).toBe(0)
    expect(data.summary).toMatchObject({ outcome: 'ROLLED_BACK', timeToDetectSeconds: 60, rollbackCause: 'new-fleet-5xx', peakInstances: 20 })
    expect(data.events.some((e) => e.type === 'ROLLBACK_STARTED' && e.atSeconds === 360)).toBe(true)
    expect(data.priceAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(data.simplifications.length).toBeGreaterThan(5)
  })

  it('deploy.simulate gives the same answer for the same seed, and the same on both transports', async () => {
    await open()
    const a = await h.call('deploy.simulate', canary)
    const other = kind === 'ipc' ? await httpTransport(h.ctx.handlers) : ipcTransport(h.ctx.handlers)
    const b = await other.call('deploy.simulate', canary)
    await other.close()
    expect(a.ok && b.ok).toBe(true)
    expect(a.ok && a.data).toEqual(b.ok && b.data)
  })

  it('deploy.simulate refuses a canary above 50% naming the field, and a wrongly typed field (the contract schema)', async () => {
    await open()
    const e = await refused({ ...canary, DeploymentConfig: { ...canary.DeploymentConfig, BlueGreenUpdatePolicy: { ...canary.DeploymentConfig.BlueGreenUpdatePolicy, TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 60 }, WaitIntervalInSeconds: 600 } } } })
    expect(e.code).toBe('VALIDATION')
    if (kind === 'http') expect(e.status).toBe(400)
    expect(e.issues[0].path).toBe('DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value')
    expect(e.issues[0].message).toContain('at most 50%')
    const typed = await refused({ ...canary, seed: 'one', newVersion: { errorRate: 'high' } })
    expect(typed.issues.map((i) => i.path).sort()).toEqual(['newVersion.errorRate', 'seed'])
    const unknown = await refused({ ...canary, DeploymentConfig: { ...canary.DeploymentConfig, BakeTime: 10 } })
    expect(unknown.issues[0].path).toBe('DeploymentConfig')
  })

  it('deploy.simulate refuses an error rate outside 0–1 and an auto-rollback alarm that does not exist', async () => {
    await open()
    expect((await refused({ ...canary, newVersion: { errorRate: 2 } })).issues).toEqual([{ path: 'newVersion.errorRate', message: 'must be in [0, 1], got 2' }])
    const e = await refused({ ...canary, alarms: [] })
    expect(e.issues[0].path).toBe('DeploymentConfig.AutoRollbackConfiguration.Alarms[0].AlarmName')
  })
})

describe("deploy.compare's contract shapes (run as a job, not a channel)", () => {
  it('the request schema takes a comparison and the response schema holds what the sandbox answers', () => {
    const request = {
      seed: 3,
      releases: 20,
      endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 4 },
      traffic: { requestsPerSecond: 40 },
      defects: { probability: 0.4, errorRate: { min: 0.05, max: 0.3, distribution: 'logUniform' } },
      configurations: [
        { name: 'in place', strategy: 'IN_PLACE', alarms: [alarm] },
        { name: 'canary', strategy: 'BLUE_GREEN', alarms: [alarm], DeploymentConfig: canary.DeploymentConfig }
      ]
    }
    const parsed = deployCompareJob.request.parse(request)
    const answer = compareDeployments(parsed)
    expect(() => deployCompareJob.response.parse(JSON.parse(JSON.stringify(answer)))).not.toThrow()
    expect(deployCompareJob.request.safeParse({ ...request, configurations: [...request.configurations, ...request.configurations, request.configurations[0]] }).success).toBe(false)
    expect(deployCompareJob.request.safeParse({ ...request, extra: 1 }).success).toBe(false)
  })
})
