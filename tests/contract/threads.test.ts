/**
 * The built browser-mode host (out/main/web.js, needs `electron-vite build` first; npm test runs it)
 * simulates in worker threads: while one request simulates a month of a busy world, `app.info`
 * keeps answering; a job runs on every pool worker and reaches the same answer as in process; a
 * world acted on through the session is saved action by action and replays after a restart; a
 * stateless request is parsed, validated and answered in the pool with the same answers and errors.
 * Timings are the bench's business (tests/bench/reliability.ts); these assert order and answers.
 */
import { availableParallelism } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { evaluateAlarmChannel } from '../../src/main/api/stateless'
import { compareDeployments } from '../../src/main/sandbox/deploy'
import type { JobStatus } from '../../src/shared/contract/jobs'
import { postJson, startLabServer, type LabServer } from '../helpers/lab-server'

describe('the hosts simulate in worker threads (needs `electron-vite build` first; npm test runs it)', () => {
  let server: LabServer | null = null
  afterEach(async () => {
    await server?.stop()
    server = null
  })

  const call = async (channel: string, body: unknown): Promise<Record<string, unknown>> => {
    const r = await postJson(server!, channel, body)
    if (r.status !== 200) throw new Error(`${channel}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`)
    return r.body
  }

  it('app.info answers while a month of a six-variant world simulates', async () => {
    server = await startLabServer()
    const world = await call('sandbox.createWorld', { name: 'busy', seed: 'busy' })
    // Six variants × 31 days = 267,840 variant-minutes: within one action's budget (300,000).
    const types = ['ml.m5.xlarge', 'ml.c5.xlarge', 'ml.m5.large']
    for (const [i, type] of types.entries()) {
      await call('sandbox.act', {
        worldId: world.id,
        action: {
          type: 'CreateEndpoint',
          EndpointName: `ep-${i}`,
          ProductionVariants: ['a', 'b'].map((v) => ({ VariantName: v, InstanceType: type, InitialInstanceCount: 2, ModelPreset: 'xgboost-tabular' })),
          Traffic: { pattern: 'diurnal', baseRpm: 900, amplitude: 0.5 }
        }
      })
    }
    let finished = false
    const heavy = call('sandbox.act', { worldId: world.id, action: { type: 'AdvanceClock', Minutes: 31 * 1440 } }).then((r) => {
      finished = true
      return r
    })
    let answeredMeanwhile = 0
    while (!finished) {
      await call('app.info', {})
      if (!finished) answeredMeanwhile++
      await new Promise((r) => setTimeout(r, 10))
    }
    const after = await heavy
    expect(after.now as number).toBe((after.startTime as number) + 31 * 1440 * 60_000)
    expect(answeredMeanwhile).toBeGreaterThan(2)

    // Saved action by action: after a restart the world replays to the same summary.
    const dataDir = server.dataDir
    await server.stop()
    server = await startLabServer(dataDir)
    const again = await call('sandbox.getWorld', { worldId: world.id })
    expect(again.totalCostUsd).toBe(after.totalCostUsd)
    expect((again.actions as unknown[]).length).toBe(4)
  })

  it('deploy.compare runs on every pool worker and merges to the in-process answer', async () => {
    server = await startLabServer()
    const alarm = { AlarmName: 'new-5xx', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }
    const request = {
      seed: 11,
      releases: 1500,
      endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 4 },
      traffic: { requestsPerSecond: 40 },
      defects: { probability: 0.3, errorRate: { min: 0.02, max: 0.3 } },
      configurations: [
        { name: 'in place', strategy: 'IN_PLACE', alarms: [alarm] },
        {
          name: 'canary',
          strategy: 'BLUE_GREEN',
          alarms: [alarm],
          DeploymentConfig: {
            BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 25 }, WaitIntervalInSeconds: 300 }, TerminationWaitInSeconds: 300 },
            AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-5xx' }] }
          }
        }
      ]
    }
    const { jobId } = (await call('jobs.start', { kind: 'deploy.compare', request })) as { jobId: string }
    let status: JobStatus
    do {
      await new Promise((r) => setTimeout(r, 50))
      status = (await call('jobs.get', { jobId })) as unknown as JobStatus
    } while (status.state === 'running')
    expect(status.state).toBe('succeeded')
    expect(status.workers).toBe(Math.max(1, availableParallelism()))
    expect(JSON.parse(JSON.stringify(status.result!.value))).toEqual(JSON.parse(JSON.stringify(compareDeployments(request as never))))
  })
  it('a stateless request is parsed, validated and answered in a pool worker, with the answers and errors of the in-process path', async () => {
    server = await startLabServer()
    // 200,000 one-minute periods (139 days), every 97th missing: the answer lists only the transitions.
    const datapoints = Array.from({ length: 200_000 }, (_, i) => (i % 97 === 0 ? null : 50 + ((i * 7919) % 61)))
    const alarm = { Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 100, ComparisonOperator: 'GreaterThanThreshold' }
    const request = { alarm, datapoints, reasons: 'transitions' }
    let finished = false
    const heavy = call('cloudwatch.evaluateAlarm', request).then((r) => {
      finished = true
      return r
    })
    while (!finished) {
      await call('app.info', {})
      await new Promise((r) => setTimeout(r, 5))
    }
    expect(await heavy).toEqual(JSON.parse(JSON.stringify(evaluateAlarmChannel(request as never))))

    // The errors the host itself would give: a field named, a body that is not JSON, a U+0000.
    const bad = await postJson(server, 'cloudwatch.evaluateAlarm', { alarm: { ...alarm, Period: 45 }, datapoints: [1] })
    expect(bad.status).toBe(400)
    expect((bad.body.error as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain('alarm.Period')
    const notJson = await fetch(`${server.origin}/api/cloudwatch.evaluateAlarm`, { method: 'POST', headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body: '{"alarm":' })
    expect(notJson.status).toBe(400)
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST')
    const nul = await postJson(server, 'events.testEventPattern', { EventPattern: '{"source":["a\u0000b"]}', Event: '{}' })
    expect(nul.status).toBe(400)
  })
})
