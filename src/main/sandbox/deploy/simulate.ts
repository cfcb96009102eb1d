/**
 * `deploy.simulate`: one release of a new model version under one strategy, minute by minute over a
 * window that starts with the deployment (`horizonSeconds`, default 3600, at most 86400), so that
 * every strategy is measured over the same time: a defective version left in service keeps failing
 * requests until the window ends, and the cost counts every instance-minute the endpoint is billed in
 * the window. The same request with the same seed gives the same answer.
 *
 * The endpoint serves a model preset (default `xgboost-tabular`) on the catalog's instance type with
 * the console's endpoint model; alarms are PutMetricAlarm-shaped and evaluated by CloudWatch's rules
 * (alarms.ts); those named in DeploymentConfig.AutoRollbackConfiguration trigger the rollback.
 */
import { LabError } from '../../../shared/errors'
import { PRICE_AS_OF } from '../catalog/instances'
import { createRng } from '../core/rng'
import { IssueList } from '../core/issues'
import { toIso } from '../core/time'
import type { AlarmScope } from './alarms'
import { DeployKernel, type DeployEvent, type ReleaseSummary, type TimelineMinute } from './kernel'
import { checkEnvironment, checkNewVersion, checkStrategy, describeStrategy, type EnvironmentInput, type NewVersionInput, type StrategyInput } from './scenario'
import { DEPLOY_SIMPLIFICATIONS } from './simplifications'
import type { DeployStrategy } from './rollout'

export interface SimulateRequest extends EnvironmentInput, StrategyInput {
  seed: number
  newVersion: NewVersionInput
}

export interface AlarmInfo {
  AlarmName: string
  MetricName: string
  Statistic: string
  /** Which fleet the alarm's dimensions select. */
  watches: AlarmScope
  /** Named in AutoRollbackConfiguration. */
  autoRollback: boolean
}

export interface SimulateResult {
  strategy: DeployStrategy
  description: string
  names: { EndpointName: string; currentVariantName: string; newVariantName: string; currentEndpointConfigName: string; newEndpointConfigName: string }
  /** Model preset, instance type and its illustrative price. */
  endpoint: { InstanceType: string; InstanceCount: number; ModelPreset: string; pricePerHour: number }
  startTime: string
  horizonSeconds: number
  alarms: AlarmInfo[]
  timeline: TimelineMinute[]
  events: DeployEvent[]
  summary: ReleaseSummary
  priceAsOf: string
  simplifications: string[]
}

export function simulateDeployment(request: SimulateRequest): SimulateResult {
  if (typeof request !== 'object' || request === null) throw new LabError('VALIDATION', 'deploy.simulate: the request must be an object', [{ path: '', message: 'must be an object' }])
  const issues = new IssueList()
  issues.number('seed', request.seed, { integer: true })
  const env = checkEnvironment(request, issues)
  const version = checkNewVersion(request.newVersion, issues, 'newVersion')
  const scenario = checkStrategy(request, env, issues)
  issues.throwIfAny('deploy.simulate')
  const sc = scenario!
  const kernel = new DeployKernel(sc)
  const result = kernel.run(version!, createRng(request.seed).fork('deploy.simulate'), true)
  return {
    strategy: sc.strategy,
    description: describeStrategy(sc),
    names: { ...sc.names },
    endpoint: { InstanceType: sc.instance.name, InstanceCount: sc.instanceCount, ModelPreset: env!.modelPreset, pricePerHour: sc.instance.pricePerHour },
    startTime: toIso(sc.startTimeMs),
    horizonSeconds: sc.horizonMinutes * 60,
    alarms: sc.alarms.map((a) => ({ AlarmName: a.def.AlarmName, MetricName: a.def.MetricName, Statistic: a.statName, watches: a.scope, autoRollback: a.autoRollback })),
    timeline: result.timeline!,
    events: result.events!,
    summary: result.summary,
    priceAsOf: PRICE_AS_OF,
    simplifications: [...DEPLOY_SIMPLIFICATIONS]
  }
}
