/**
 * The request of a deployment simulation, checked field by field: the endpoint and its traffic, the
 * window, the strategy with its DeploymentConfig, shadow or A/B settings, the alarms, and the new
 * version. `deploy.simulate` takes one of each; `deploy.compare` shares the endpoint, traffic and
 * window among up to four strategy configurations. Every problem is reported with its field path and
 * what is allowed, all at once.
 */
import { LabError } from '../../../shared/errors'
import { getInstanceType, requireHostingInstanceType, type InstanceType } from '../catalog/instances'
import { IssueList } from '../core/issues'
import { SIM_EPOCH_MS } from '../core/time'
import { findModelPreset, MODEL_PRESETS } from '../sagemaker/presets'
import { DEFAULT_STARTUP_MINUTES, MAX_INSTANCES, NAME_PATTERN } from '../workload/endpoint'
import { planServing, type ServingPlan } from '../workload/model'
import { steadyState } from '../workload/steady-state'
import { deployNames, resolveAlarm, type KernelAlarm } from './alarms'
import { checkDeploymentConfig, describePlan, secondsToMinutes, type DeploymentPlan } from './config'
import type { DeployScenario, NewVersionSpec } from './kernel'
import { DEPLOY_STRATEGIES, type DeployStrategy, type WeightChange } from './rollout'

export const DEFAULT_HORIZON_SECONDS = 3600
export const MAX_HORIZON_SECONDS = 86_400
export const DEFAULT_ENDPOINT_NAME = 'my-endpoint'
export const DEFAULT_MODEL_PRESET = 'xgboost-tabular'
/** Alarms one simulation evaluates at most (AutoRollbackConfig takes up to 10). */
export const MAX_ALARMS = 10
export const MAX_REQUESTS_PER_SECOND = 10_000
export const MAX_WEIGHT_CHANGES = 20
/** ProductionVariant InitialVariantWeight and DesiredWeight: "Minimum value of 0"; the sandbox caps them. */
export const MAX_VARIANT_WEIGHT = 1000

export interface EndpointInput {
  InstanceType: string
  InstanceCount: number
  ModelPreset?: string
  EndpointName?: string
}

export interface EnvironmentInput {
  endpoint: EndpointInput
  traffic: { requestsPerSecond: number }
  horizonSeconds?: number
  operatorResponseSeconds?: number
}

export interface StrategyInput {
  strategy: string
  DeploymentConfig?: unknown
  alarms?: unknown[]
  shadow?: { SamplingPercentage?: number; InstanceCount?: number }
  abTest?: { currentWeight?: number; newWeight?: number; InstanceCount?: number; weightChanges?: { atSeconds: number; currentWeight: number; newWeight: number }[] }
}

export interface NewVersionInput {
  errorRate: number
  latencyMultiplier?: number
  qualityDrop?: number
}

/** What every strategy configuration of one request shares. */
export interface Environment {
  endpointName: string
  instance: InstanceType
  plan: ServingPlan
  modelPreset: string
  instanceCount: number
  rpm: number
  horizonMinutes: number
  operatorResponseMinutes: number | null
}

const p = (prefix: string, field: string): string => (prefix ? `${prefix}.${field}` : field)

export function checkEnvironment(input: EnvironmentInput, issues: IssueList, prefix = ''): Environment | null {
  const before = issues.issues.length
  const ep = input.endpoint
  let instance: InstanceType | null = null
  try {
    instance = requireHostingInstanceType(ep?.InstanceType, p(prefix, 'endpoint.InstanceType'))
  } catch (e) {
    collect(e, issues)
  }
  const countOk = issues.number(p(prefix, 'endpoint.InstanceCount'), ep?.InstanceCount, { min: 1, max: MAX_INSTANCES, integer: true })
  const presetId = ep?.ModelPreset ?? DEFAULT_MODEL_PRESET
  const preset = findModelPreset(presetId)
  if (!preset) issues.add(p(prefix, 'endpoint.ModelPreset'), `must be one of ${MODEL_PRESETS.map((m) => m.id).join(', ')}, got ${presetId}`)
  const endpointName = ep?.EndpointName ?? DEFAULT_ENDPOINT_NAME
  if (ep?.EndpointName !== undefined) issues.string(p(prefix, 'endpoint.EndpointName'), ep.EndpointName, NAME_PATTERN, 'the SageMaker name pattern: letters, digits and hyphens, 1–63 characters')

  let plan: ServingPlan | null = null
  if (instance && preset) {
    try {
      plan = planServing(preset.profile, instance, p(prefix, 'endpoint.ModelPreset'))
    } catch (e) {
      collect(e, issues)
    }
  }
  const rps = input.traffic?.requestsPerSecond
  const rpsOk = issues.number(p(prefix, 'traffic.requestsPerSecond'), rps, { above: 0, max: MAX_REQUESTS_PER_SECOND })
  if (rpsOk && countOk && plan && instance) {
    const N = ep.InstanceCount
    const s = steadyState(plan, instance, (rps * 60) / N)
    if (!s.stable) {
      const maxRps = (plan.perInstanceRpm * N) / 60
      const needed = Math.floor((rps * 60) / plan.perInstanceRpm) + 1
      issues.add(
        p(prefix, 'traffic.requestsPerSecond'),
        `${N} × ${instance.name} serve at most ${round(maxRps)} requests per second of ${presetId}, so the endpoint would be overloaded before any deployment; use at least ${needed} instances or less traffic, got ${rps}`
      )
    }
  }
  const horizon = input.horizonSeconds ?? DEFAULT_HORIZON_SECONDS
  const horizonOk = issues.number(p(prefix, 'horizonSeconds'), horizon, { min: 60, max: MAX_HORIZON_SECONDS, integer: true })
  if (horizonOk && horizon % 60 !== 0) issues.add(p(prefix, 'horizonSeconds'), `must be a whole number of minutes (a multiple of 60) from 60 to ${MAX_HORIZON_SECONDS}, got ${horizon}`)
  const operator = input.operatorResponseSeconds
  issues.optionalNumber(p(prefix, 'operatorResponseSeconds'), operator, { min: 0, max: MAX_HORIZON_SECONDS, integer: true })
  if (issues.issues.length > before || !instance || !plan) return null
  return {
    endpointName,
    instance: getInstanceType(instance.name),
    plan,
    modelPreset: presetId,
    instanceCount: ep.InstanceCount,
    rpm: rps * 60,
    horizonMinutes: horizon / 60,
    operatorResponseMinutes: operator === undefined ? null : secondsToMinutes(operator)
  }
}

export function checkNewVersion(input: NewVersionInput | undefined, issues: IssueList, prefix: string): NewVersionSpec | null {
  const before = issues.issues.length
  issues.number(`${prefix}.errorRate`, input?.errorRate, { min: 0, max: 1 })
  issues.optionalNumber(`${prefix}.latencyMultiplier`, input?.latencyMultiplier, { min: 1, max: 100 })
  issues.optionalNumber(`${prefix}.qualityDrop`, input?.qualityDrop, { min: 0, max: 1 })
  if (issues.issues.length > before || !input) return null
  return { errorRate: input.errorRate, latencyMultiplier: input.latencyMultiplier ?? 1, qualityDrop: input.qualityDrop ?? 0 }
}

/** One strategy configuration on the shared environment, as the kernel runs it. */
export function checkStrategy(input: StrategyInput, env: Environment | null, issues: IssueList, prefix = ''): DeployScenario | null {
  const before = issues.issues.length
  const strategy = input.strategy as DeployStrategy
  if (!DEPLOY_STRATEGIES.includes(strategy)) {
    issues.add(p(prefix, 'strategy'), `must be one of ${DEPLOY_STRATEGIES.join(', ')}, got ${String(input.strategy)}`)
    return null
  }
  const guarded = strategy === 'BLUE_GREEN' || strategy === 'ROLLING'
  if (input.DeploymentConfig !== undefined && !guarded) {
    issues.add(p(prefix, 'DeploymentConfig'), `applies to strategies BLUE_GREEN and ROLLING (UpdateEndpoint with deployment guardrails); ${strategy} has no DeploymentConfig`)
  }
  if (input.shadow !== undefined && strategy !== 'SHADOW') issues.add(p(prefix, 'shadow'), `applies to strategy SHADOW only, got strategy ${strategy}`)
  if (input.abTest !== undefined && strategy !== 'AB_TEST') issues.add(p(prefix, 'abTest'), `applies to strategy AB_TEST only, got strategy ${strategy}`)
  const names = deployNames(env?.endpointName ?? DEFAULT_ENDPOINT_NAME, strategy)

  const alarms: KernelAlarm[] = []
  const alarmInputs = input.alarms ?? []
  if (!Array.isArray(alarmInputs) || alarmInputs.length > MAX_ALARMS) {
    issues.add(p(prefix, 'alarms'), `must be a list of at most ${MAX_ALARMS} PutMetricAlarm-shaped alarms`)
  } else {
    const seen = new Set<string>()
    alarmInputs.forEach((a, i) => {
      const alarm = resolveAlarm(a, i, strategy, names, issues)
      if (!alarm) return
      if (seen.has(alarm.def.AlarmName)) issues.add(p(prefix, `alarms[${i}].AlarmName`), `"${alarm.def.AlarmName}" is used by another alarm; alarm names are unique in an account and Region`)
      seen.add(alarm.def.AlarmName)
      alarms.push(alarm)
    })
    if (prefix) {
      // resolveAlarm names paths from `alarms[i]`; put them under this configuration.
      for (let k = before; k < issues.issues.length; k++) {
        const issue = issues.issues[k]
        if (issue.path.startsWith('alarms[')) issue.path = `${prefix}.${issue.path}`
      }
    }
  }
  const alarmNames = Array.isArray(alarmInputs) ? alarmInputs.map((a) => (a as { AlarmName?: unknown })?.AlarmName).filter((n): n is string => typeof n === 'string') : []

  let deployment: DeploymentPlan | null = null
  if (guarded && env) {
    const config = input.DeploymentConfig as Record<string, unknown> | undefined
    const path = p(prefix, 'DeploymentConfig')
    if (strategy === 'ROLLING' && (typeof config !== 'object' || config === null || config.RollingUpdatePolicy === undefined)) {
      issues.add(`${path}.RollingUpdatePolicy`, 'is required for strategy ROLLING: { MaximumBatchSize, WaitIntervalInSeconds, MaximumExecutionTimeoutInSeconds?, RollbackMaximumBatchSize? }')
    } else if (strategy === 'BLUE_GREEN' && typeof config === 'object' && config !== null && config.RollingUpdatePolicy !== undefined && config.BlueGreenUpdatePolicy === undefined) {
      issues.add(`${path}.RollingUpdatePolicy`, 'strategy BLUE_GREEN takes a BlueGreenUpdatePolicy; use strategy ROLLING for a RollingUpdatePolicy')
    } else {
      deployment = checkDeploymentConfig(config, { instanceCount: env.instanceCount, alarmNames }, path, issues)
    }
  }

  let shadow: DeployScenario['shadow'] = null
  if (strategy === 'SHADOW' && env) {
    const s = input.shadow ?? {}
    const sp = p(prefix, 'shadow')
    issues.optionalNumber(`${sp}.SamplingPercentage`, s.SamplingPercentage, { min: 1, max: 100, integer: true })
    issues.optionalNumber(`${sp}.InstanceCount`, s.InstanceCount, { min: 1, max: MAX_INSTANCES, integer: true })
    shadow = { samplingPercentage: s.SamplingPercentage ?? 100, instanceCount: s.InstanceCount ?? env.instanceCount }
  }

  let abTest: DeployScenario['abTest'] = null
  if (strategy === 'AB_TEST' && env) {
    const ab = input.abTest ?? {}
    const ap = p(prefix, 'abTest')
    const currentOk = issues.optionalNumber(`${ap}.currentWeight`, ab.currentWeight, { min: 0, max: MAX_VARIANT_WEIGHT })
    const newOk = issues.optionalNumber(`${ap}.newWeight`, ab.newWeight, { min: 0, max: MAX_VARIANT_WEIGHT })
    const wOk = currentOk && newOk
    const currentWeight = ab.currentWeight ?? 1
    const newWeight = ab.newWeight ?? 1
    if (wOk && !(currentWeight + newWeight > 0)) issues.add(`${ap}.currentWeight`, 'at least one variant needs a weight > 0 (traffic share = VariantWeight / sum of weights)')
    issues.optionalNumber(`${ap}.InstanceCount`, ab.InstanceCount, { min: 1, max: MAX_INSTANCES, integer: true })
    const changes: WeightChange[] = []
    const list = ab.weightChanges ?? []
    if (!Array.isArray(list) || list.length > MAX_WEIGHT_CHANGES) issues.add(`${ap}.weightChanges`, `must be a list of at most ${MAX_WEIGHT_CHANGES} { atSeconds, currentWeight, newWeight } (UpdateEndpointWeightsAndCapacities calls)`)
    else {
      list.forEach((c, i) => {
        const cp = `${ap}.weightChanges[${i}]`
        const ok =
          issues.number(`${cp}.atSeconds`, c?.atSeconds, { min: 0, max: env.horizonMinutes * 60, integer: true }) &&
          issues.number(`${cp}.currentWeight`, c?.currentWeight, { min: 0, max: MAX_VARIANT_WEIGHT }) &&
          issues.number(`${cp}.newWeight`, c?.newWeight, { min: 0, max: MAX_VARIANT_WEIGHT })
        if (!ok) return
        if (!(c.currentWeight + c.newWeight > 0)) {
          issues.add(`${cp}.currentWeight`, 'at least one variant needs a weight > 0')
          return
        }
        changes.push({ minute: secondsToMinutes(c.atSeconds), currentWeight: c.currentWeight, newWeight: c.newWeight })
      })
    }
    changes.sort((a, b) => a.minute - b.minute)
    abTest = { currentWeight, newWeight, instanceCount: ab.InstanceCount ?? env.instanceCount, weightChanges: changes }
  }

  if (issues.issues.length > before || !env) return null
  if (deployment) for (const a of alarms) a.autoRollback = deployment.alarmNames.includes(a.def.AlarmName)
  return {
    strategy,
    names,
    instance: env.instance,
    plan: env.plan,
    instanceCount: env.instanceCount,
    rpm: env.rpm,
    horizonMinutes: env.horizonMinutes,
    startupMinutes: DEFAULT_STARTUP_MINUTES,
    deployment,
    shadow,
    abTest,
    operatorResponseMinutes: env.operatorResponseMinutes,
    alarms,
    startTimeMs: SIM_EPOCH_MS
  }
}

/** A learner-readable description of what a scenario deploys and how. */
export function describeStrategy(sc: DeployScenario): string {
  switch (sc.strategy) {
    case 'IN_PLACE':
      return 'in-place update, all instances at once, no guardrails'
    case 'SHADOW':
      return `shadow test: ${sc.shadow!.instanceCount} shadow instance${sc.shadow!.instanceCount === 1 ? '' : 's'} get a copy of ${sc.shadow!.samplingPercentage}% of requests`
    case 'AB_TEST':
      return `A/B test: weights ${sc.abTest!.currentWeight} (current) and ${sc.abTest!.newWeight} (new), ${sc.abTest!.instanceCount} new instance${sc.abTest!.instanceCount === 1 ? '' : 's'}`
    default:
      return describePlan(sc.deployment as DeploymentPlan)
  }
}

/** A LabError's issues join the list; anything else is a bug and is thrown on. */
function collect(e: unknown, issues: IssueList): void {
  if (!(e instanceof LabError)) throw e
  issues.issues.push(...e.issues)
}

function round(x: number): string {
  return x >= 100 ? String(Math.round(x)) : x.toFixed(1)
}
