/**
 * The Compare store against a fake host: it starts one deploy.compare job with the strategies chosen
 * (each strategy's DeploymentConfig as the SageMaker API names it), polls jobs.get until the job
 * ends, keeps the result, shows a refusal's field issues, and cancels the job it runs.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import type { Res } from '@shared/contract'
import { createCompareState } from '@/features/compare/compare-store'
import { FakeClient } from '../fake-client'

type Status = Res<'jobs.get'>

const status = (state: Status['state'], done: number, result: Status['result'] = null): Status => ({
  jobId: 'job-1',
  kind: 'deploy.compare',
  state,
  progress: { done, total: 8000, message: '' },
  startedAt: 0,
  finishedAt: state === 'running' ? null : 1,
  workers: 2,
  error: null,
  result
})

let api: FakeClient
beforeEach(() => {
  api = new FakeClient()
})

describe('compare store', () => {
  it('starts one job with the chosen strategies, polls until it succeeds and keeps its result', async () => {
    const answers = [status('running', 2000), status('running', 6000), status('succeeded', 8000, { kind: 'deploy.compare', value: { releases: 2000 } as never })]
    api.on('jobs.start', () => ({ jobId: 'job-1' })).on('jobs.get', () => answers.shift()!)
    const state = createCompareState(api, async () => undefined)
    await state.run()
    const [start] = api.requests('jobs.start')
    expect(start.kind).toBe('deploy.compare')
    const request = start.request as { configurations: { name: string; strategy: string; DeploymentConfig?: { BlueGreenUpdatePolicy?: { TrafficRoutingConfiguration: { Type: string; CanarySize?: unknown; WaitIntervalInSeconds?: number } } } }[]; releases: number }
    // The default four, in the order the view lists them.
    expect(request.configurations.map((c) => c.strategy)).toEqual(['IN_PLACE', 'BLUE_GREEN', 'BLUE_GREEN', 'ROLLING'])
    const canary = request.configurations[2].DeploymentConfig!.BlueGreenUpdatePolicy!.TrafficRoutingConfiguration
    expect(canary).toEqual({ Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 25 }, WaitIntervalInSeconds: 600 })
    expect(request.releases).toBe(2000)
    expect(api.requests('jobs.get')).toHaveLength(3)
    expect(state.result.value).toEqual({ releases: 2000 })
    expect(state.running.value).toBe(false)
  })

  it("shows a refused request's field issues and starts nothing more", async () => {
    api.refuse('jobs.start', { code: 'VALIDATION', message: 'endpoint.InstanceCount: must be at least 1', issues: [{ path: 'endpoint.InstanceCount', message: 'must be at least 1' }] })
    const state = createCompareState(api, async () => undefined)
    state.settings.value.InstanceCount = 0
    await state.run()
    expect(state.error.value?.issues[0].path).toBe('endpoint.InstanceCount')
    expect(api.channels()).toEqual(['jobs.start'])
  })

  it('cancels the job it is running', async () => {
    let polls = 0
    api.on('jobs.start', () => ({ jobId: 'job-1' })).on('jobs.get', () => (++polls < 3 ? status('running', polls * 100) : status('cancelled', 200))).on('jobs.cancel', () => ({ state: 'cancelled' }))
    let release: () => void = () => undefined
    const state = createCompareState(api, () => new Promise<void>((r) => (release = r)))
    const done = state.run()
    await new Promise((r) => setTimeout(r, 0))
    await state.cancel()
    expect(api.requests('jobs.cancel')).toEqual([{ jobId: 'job-1' }])
    for (let i = 0; i < 3; i++) {
      release()
      await new Promise((r) => setTimeout(r, 0))
    }
    await done
    expect(state.status.value?.state).toBe('cancelled')
    expect(state.result.value).toBeNull()
  })
})
