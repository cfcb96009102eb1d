/**
 * SageMaker deployment guardrails: the `DeploymentConfig` of UpdateEndpoint, its validation with AWS's
 * names and ranges, and the plan the rollout state machine (rollout.ts) runs.
 *
 * Sources (SageMaker API Reference unless a line says otherwise):
 * - DeploymentConfig: AutoRollbackConfiguration, BlueGreenUpdatePolicy, RollingUpdatePolicy. "Only one
 *   update policy should be used in the deployment configuration. If no update policy is specified,
 *   SageMaker uses a blue/green deployment strategy with all at once traffic shifting by default."
 * - BlueGreenUpdatePolicy: TrafficRoutingConfiguration (required); TerminationWaitInSeconds 0–3600,
 *   default 0, "additional waiting time … after the completion of an endpoint deployment before
 *   terminating the old endpoint fleet"; MaximumExecutionTimeoutInSeconds 600–28800, which "should be
 *   larger than the total waiting time specified in TerminationWaitInSeconds and WaitIntervalInSeconds".
 * - TrafficRoutingConfig: Type ALL_AT_ONCE | CANARY | LINEAR (required); WaitIntervalInSeconds 0–3600
 *   (required), "the waiting time … between incremental steps"; CanarySize "must be less than or equal
 *   to 50% of the variant's total instance count"; LinearStepSize "must be 10-50% of the variant's total
 *   instance count".
 * - RollingUpdatePolicy: MaximumBatchSize (required) "between 5% to 50% of the variant's total instance
 *   count"; WaitIntervalInSeconds 0–3600 (required), "the length of the baking period"; MaximumExecution-
 *   TimeoutInSeconds 600–28800; RollbackMaximumBatchSize, absent = "100% of total capacity which means
 *   to bring up the whole capacity of the old fleet at once during rollback".
 * - CapacitySize: Type INSTANCE_COUNT | CAPACITY_PERCENT, Value an integer ≥ 1. "For a rollback
 *   strategy, if you don't specify the fields in this object, or if you set the Value to 100%, then
 *   SageMaker uses a blue/green rollback strategy and rolls all traffic back to the blue fleet."
 *   (The HyperPod CapacitySizeConfig spells the percentage CAPACITY_PERCENTAGE; endpoints use
 *   CAPACITY_PERCENT, and the error for the other spelling says so.)
 * - AutoRollbackConfig: Alarms, 1 to 10 `{ AlarmName }`, "CloudWatch alarms in your account that are
 *   configured to monitor metrics on an endpoint".
 *
 * Rules the documents leave open, and what the sandbox does (listed in DEPLOY_SIMPLIFICATIONS):
 * - A CAPACITY_PERCENT size becomes whole instances by rounding down, at least one instance.
 * - The simulation moves in whole minutes: waits round up to the next minute, and the deployment times
 *   out at the first minute boundary at or after MaximumExecutionTimeoutInSeconds.
 * - MaximumExecutionTimeoutInSeconds defaults to its maximum, 28800, when absent.
 */
import { IssueList } from '../core/issues'

export type CapacitySizeType = 'INSTANCE_COUNT' | 'CAPACITY_PERCENT'
export const CAPACITY_SIZE_TYPES: readonly CapacitySizeType[] = ['INSTANCE_COUNT', 'CAPACITY_PERCENT']

export interface CapacitySize {
  Type: CapacitySizeType
  Value: number
}

export type TrafficRoutingConfigType = 'ALL_AT_ONCE' | 'CANARY' | 'LINEAR'
export const TRAFFIC_ROUTING_TYPES: readonly TrafficRoutingConfigType[] = ['ALL_AT_ONCE', 'CANARY', 'LINEAR']

export interface TrafficRoutingConfig {
  Type: TrafficRoutingConfigType
  WaitIntervalInSeconds: number
  CanarySize?: CapacitySize
  LinearStepSize?: CapacitySize
}

export interface BlueGreenUpdatePolicy {
  TrafficRoutingConfiguration: TrafficRoutingConfig
  TerminationWaitInSeconds?: number
  MaximumExecutionTimeoutInSeconds?: number
}

export interface RollingUpdatePolicy {
  MaximumBatchSize: CapacitySize
  WaitIntervalInSeconds: number
  MaximumExecutionTimeoutInSeconds?: number
  RollbackMaximumBatchSize?: CapacitySize
}

export interface AutoRollbackConfig {
  Alarms?: { AlarmName: string }[]
}

export interface DeploymentConfig {
  BlueGreenUpdatePolicy?: BlueGreenUpdatePolicy
  RollingUpdatePolicy?: RollingUpdatePolicy
  AutoRollbackConfiguration?: AutoRollbackConfig
}

/** API ranges, seconds. */
export const WAIT_INTERVAL_MAX_SECONDS = 3600
export const TERMINATION_WAIT_MAX_SECONDS = 3600
export const EXECUTION_TIMEOUT_MIN_SECONDS = 600
export const EXECUTION_TIMEOUT_MAX_SECONDS = 28_800
/** AutoRollbackConfig.Alarms: "Minimum number of 1 item. Maximum number of 10 items." */
export const MAX_ROLLBACK_ALARMS = 10
/** Size limits as shares of the variant's instance count. */
export const CANARY_MAX_PERCENT = 50
export const LINEAR_MIN_PERCENT = 10
export const LINEAR_MAX_PERCENT = 50
export const ROLLING_MIN_PERCENT = 5
export const ROLLING_MAX_PERCENT = 50

/** What the rollout runs: a validated DeploymentConfig turned into whole instances and whole minutes. */
export type DeploymentPlan = BlueGreenPlan | RollingPlan

interface PlanBase {
  /** The variant's instance count (both fleets have it). */
  instanceCount: number
  /** Baking period after each traffic step, whole minutes. */
  waitMinutes: number
  /** The deployment is rolled back when it has not completed by this minute. */
  timeoutMinutes: number
  /** AutoRollbackConfiguration.Alarms, by name (empty: no auto-rollback). */
  alarmNames: string[]
  /** The configuration as given, with AWS's defaults filled in. */
  config: DeploymentConfig
}

export interface BlueGreenPlan extends PlanBase {
  kind: 'BLUE_GREEN'
  routing: TrafficRoutingConfigType
  /** New-fleet instances that receive traffic after each shift; the last is the whole fleet. */
  steps: number[]
  terminationWaitMinutes: number
}

export interface RollingPlan extends PlanBase {
  kind: 'ROLLING'
  /** Instances provisioned, shifted and cleaned up per step (the last batch may be smaller). */
  batchSize: number
  /** Instances moved back per rollback step. */
  rollbackBatchSize: number
}

export interface PlanOptions {
  /** The variant's total instance count. */
  instanceCount: number
  /** Names of the alarms that exist (AutoRollbackConfiguration may only name these). */
  alarmNames: readonly string[]
  /** Field path prefix for errors. Default `DeploymentConfig`. */
  path?: string
}

/** The default when UpdateEndpoint has no update policy: blue/green, all at once (DeploymentConfig API reference). */
export const DEFAULT_BLUE_GREEN: BlueGreenUpdatePolicy = {
  TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 },
  TerminationWaitInSeconds: 0
}

/** Seconds → whole simulated minutes, rounded up (a bake is never shorter than asked). */
export function secondsToMinutes(seconds: number): number {
  return Math.ceil(seconds / 60)
}

/** Instances a CapacitySize stands for in a variant of `instanceCount` instances. */
export function capacityInstances(size: CapacitySize, instanceCount: number): number {
  if (size.Type === 'INSTANCE_COUNT') return size.Value
  return Math.max(1, Math.floor((instanceCount * size.Value) / 100))
}

/**
 * Validates a DeploymentConfig for a variant of `instanceCount` instances and returns the plan. Every
 * problem is reported with its field path (e.g. `DeploymentConfig.BlueGreenUpdatePolicy.
 * TrafficRoutingConfiguration.CanarySize.Value`) and what is allowed; throws one VALIDATION LabError.
 * `undefined` gives AWS's default policy, blue/green all at once.
 */
export function planDeployment(input: unknown, options: PlanOptions): DeploymentPlan {
  const path = options.path ?? 'DeploymentConfig'
  const issues = new IssueList()
  const plan = checkDeploymentConfig(input, options, path, issues)
  issues.throwIfAny('DeploymentConfig')
  return plan as DeploymentPlan
}

/** Collects the problems of a DeploymentConfig into `issues`; returns the plan when there were none. */
export function checkDeploymentConfig(input: unknown, options: PlanOptions, path: string, issues: IssueList): DeploymentPlan | null {
  const before = issues.issues.length
  const N = options.instanceCount
  if (input === undefined) input = {}
  if (!isObject(input)) {
    issues.add(path, 'must be an object with BlueGreenUpdatePolicy or RollingUpdatePolicy, and optionally AutoRollbackConfiguration')
    return null
  }
  unknownFields(input, ['BlueGreenUpdatePolicy', 'RollingUpdatePolicy', 'AutoRollbackConfiguration'], path, issues)
  const alarmNames = checkAutoRollback(input.AutoRollbackConfiguration, options.alarmNames, `${path}.AutoRollbackConfiguration`, issues)

  const hasBlueGreen = input.BlueGreenUpdatePolicy !== undefined
  const hasRolling = input.RollingUpdatePolicy !== undefined
  if (hasBlueGreen && hasRolling) {
    issues.add(path, 'specify exactly one update policy: BlueGreenUpdatePolicy or RollingUpdatePolicy, not both ("Only one update policy should be used in the deployment configuration")')
    return null
  }
  if (hasRolling) {
    const rolling = checkRolling(input.RollingUpdatePolicy, N, `${path}.RollingUpdatePolicy`, issues)
    if (!rolling || issues.issues.length > before) return null
    return {
      kind: 'ROLLING',
      instanceCount: N,
      waitMinutes: secondsToMinutes(rolling.WaitIntervalInSeconds),
      timeoutMinutes: secondsToMinutes(rolling.MaximumExecutionTimeoutInSeconds ?? EXECUTION_TIMEOUT_MAX_SECONDS),
      alarmNames,
      batchSize: capacityInstances(rolling.MaximumBatchSize, N),
      rollbackBatchSize: rolling.RollbackMaximumBatchSize ? Math.min(N, capacityInstances(rolling.RollbackMaximumBatchSize, N)) : N,
      config: { RollingUpdatePolicy: rolling, ...(alarmNames.length > 0 ? { AutoRollbackConfiguration: { Alarms: alarmNames.map((AlarmName) => ({ AlarmName })) } } : {}) }
    }
  }
  const blueGreen = hasBlueGreen ? checkBlueGreen(input.BlueGreenUpdatePolicy, N, `${path}.BlueGreenUpdatePolicy`, issues) : DEFAULT_BLUE_GREEN
  if (!blueGreen || issues.issues.length > before) return null
  const routing = blueGreen.TrafficRoutingConfiguration
  let steps: number[]
  if (routing.Type === 'CANARY') steps = [capacityInstances(routing.CanarySize as CapacitySize, N), N]
  else if (routing.Type === 'LINEAR') {
    const size = capacityInstances(routing.LinearStepSize as CapacitySize, N)
    steps = []
    for (let k = size; k < N; k += size) steps.push(k)
    steps.push(N)
  } else steps = [N]
  return {
    kind: 'BLUE_GREEN',
    routing: routing.Type,
    instanceCount: N,
    steps,
    waitMinutes: secondsToMinutes(routing.WaitIntervalInSeconds),
    terminationWaitMinutes: secondsToMinutes(blueGreen.TerminationWaitInSeconds ?? 0),
    timeoutMinutes: secondsToMinutes(blueGreen.MaximumExecutionTimeoutInSeconds ?? EXECUTION_TIMEOUT_MAX_SECONDS),
    alarmNames,
    config: { BlueGreenUpdatePolicy: blueGreen, ...(alarmNames.length > 0 ? { AutoRollbackConfiguration: { Alarms: alarmNames.map((AlarmName) => ({ AlarmName })) } } : {}) }
  }
}

function checkAutoRollback(input: unknown, known: readonly string[], path: string, issues: IssueList): string[] {
  if (input === undefined) return []
  if (!isObject(input)) {
    issues.add(path, 'must be an object { Alarms: [{ AlarmName }] }')
    return []
  }
  unknownFields(input, ['Alarms'], path, issues)
  const alarms = input.Alarms
  if (alarms === undefined) return []
  if (!Array.isArray(alarms) || alarms.length < 1 || alarms.length > MAX_ROLLBACK_ALARMS) {
    issues.add(`${path}.Alarms`, `must be a list of 1 to ${MAX_ROLLBACK_ALARMS} { AlarmName } items`)
    return []
  }
  const names: string[] = []
  alarms.forEach((a: unknown, i) => {
    const p = `${path}.Alarms[${i}].AlarmName`
    const name = isObject(a) ? a.AlarmName : undefined
    if (typeof name !== 'string' || name.length < 1 || name.length > 255) {
      issues.add(p, 'must be the name of a CloudWatch alarm (1 to 255 characters)')
      return
    }
    if (!known.includes(name)) {
      const list = known.length > 0 ? `the alarms defined are: ${known.join(', ')}` : 'no alarms are defined'
      issues.add(p, `no CloudWatch alarm named "${name}" exists; define it in alarms (PutMetricAlarm-shaped) first; ${list}`)
      return
    }
    if (names.includes(name)) {
      issues.add(p, `"${name}" is listed twice`)
      return
    }
    names.push(name)
  })
  return names
}

function checkBlueGreen(input: unknown, N: number, path: string, issues: IssueList): BlueGreenUpdatePolicy | null {
  if (!isObject(input)) {
    issues.add(path, 'must be an object { TrafficRoutingConfiguration, TerminationWaitInSeconds?, MaximumExecutionTimeoutInSeconds? }')
    return null
  }
  const before = issues.issues.length
  unknownFields(input, ['TrafficRoutingConfiguration', 'TerminationWaitInSeconds', 'MaximumExecutionTimeoutInSeconds'], path, issues)
  const routing = checkRouting(input.TrafficRoutingConfiguration, N, `${path}.TrafficRoutingConfiguration`, issues)
  const termination = input.TerminationWaitInSeconds
  const terminationOk = issues.optionalNumber(`${path}.TerminationWaitInSeconds`, termination, { min: 0, max: TERMINATION_WAIT_MAX_SECONDS, integer: true })
  const timeout = input.MaximumExecutionTimeoutInSeconds
  const timeoutOk = issues.optionalNumber(`${path}.MaximumExecutionTimeoutInSeconds`, timeout, { min: EXECUTION_TIMEOUT_MIN_SECONDS, max: EXECUTION_TIMEOUT_MAX_SECONDS, integer: true })
  if (timeoutOk && timeout !== undefined && routing && terminationOk) {
    const waits = ((termination as number | undefined) ?? 0) + routing.WaitIntervalInSeconds
    if ((timeout as number) <= waits) {
      issues.add(
        `${path}.MaximumExecutionTimeoutInSeconds`,
        `must be larger than TerminationWaitInSeconds + WaitIntervalInSeconds (${termination ?? 0} + ${routing.WaitIntervalInSeconds} = ${waits} seconds), got ${timeout}`
      )
    }
  }
  if (issues.issues.length > before || !routing) return null
  return {
    TrafficRoutingConfiguration: routing,
    TerminationWaitInSeconds: (termination as number | undefined) ?? 0,
    ...(timeout !== undefined ? { MaximumExecutionTimeoutInSeconds: timeout as number } : {})
  }
}

function checkRouting(input: unknown, N: number, path: string, issues: IssueList): TrafficRoutingConfig | null {
  if (!isObject(input)) {
    issues.add(path, 'is required: an object { Type: ALL_AT_ONCE | CANARY | LINEAR, WaitIntervalInSeconds, CanarySize?, LinearStepSize? }')
    return null
  }
  const before = issues.issues.length
  unknownFields(input, ['Type', 'WaitIntervalInSeconds', 'CanarySize', 'LinearStepSize'], path, issues)
  const type = input.Type as TrafficRoutingConfigType
  if (!TRAFFIC_ROUTING_TYPES.includes(type)) issues.add(`${path}.Type`, `must be one of ${TRAFFIC_ROUTING_TYPES.join(', ')}, got ${String(input.Type)}`)
  checkWait(input.WaitIntervalInSeconds, `${path}.WaitIntervalInSeconds`, issues)

  let canary: CapacitySize | null = null
  let step: CapacitySize | null = null
  if (type === 'CANARY') {
    if (input.CanarySize === undefined) issues.add(`${path}.CanarySize`, 'is required when Type is CANARY: { Type: INSTANCE_COUNT | CAPACITY_PERCENT, Value }')
    else canary = checkCapacity(input.CanarySize, `${path}.CanarySize`, issues, { N, maxPercent: CANARY_MAX_PERCENT, what: 'the canary' })
  } else if (input.CanarySize !== undefined) {
    issues.add(`${path}.CanarySize`, `applies only when Type is CANARY (Type is ${String(input.Type)})`)
  }
  if (type === 'LINEAR') {
    if (input.LinearStepSize === undefined) issues.add(`${path}.LinearStepSize`, 'is required when Type is LINEAR: { Type: INSTANCE_COUNT | CAPACITY_PERCENT, Value }')
    else step = checkCapacity(input.LinearStepSize, `${path}.LinearStepSize`, issues, { N, minPercent: LINEAR_MIN_PERCENT, maxPercent: LINEAR_MAX_PERCENT, what: 'each linear step' })
  } else if (input.LinearStepSize !== undefined) {
    issues.add(`${path}.LinearStepSize`, `applies only when Type is LINEAR (Type is ${String(input.Type)})`)
  }
  if (issues.issues.length > before) return null
  return {
    Type: type,
    WaitIntervalInSeconds: input.WaitIntervalInSeconds as number,
    ...(canary ? { CanarySize: canary } : {}),
    ...(step ? { LinearStepSize: step } : {})
  }
}

function checkRolling(input: unknown, N: number, path: string, issues: IssueList): RollingUpdatePolicy | null {
  if (!isObject(input)) {
    issues.add(path, 'must be an object { MaximumBatchSize, WaitIntervalInSeconds, MaximumExecutionTimeoutInSeconds?, RollbackMaximumBatchSize? }')
    return null
  }
  const before = issues.issues.length
  unknownFields(input, ['MaximumBatchSize', 'WaitIntervalInSeconds', 'MaximumExecutionTimeoutInSeconds', 'RollbackMaximumBatchSize'], path, issues)
  let batch: CapacitySize | null = null
  if (input.MaximumBatchSize === undefined) issues.add(`${path}.MaximumBatchSize`, 'is required: { Type: INSTANCE_COUNT | CAPACITY_PERCENT, Value }')
  else batch = checkCapacity(input.MaximumBatchSize, `${path}.MaximumBatchSize`, issues, { N, minPercent: ROLLING_MIN_PERCENT, maxPercent: ROLLING_MAX_PERCENT, what: 'a rolling batch' })
  checkWait(input.WaitIntervalInSeconds, `${path}.WaitIntervalInSeconds`, issues)
  issues.optionalNumber(`${path}.MaximumExecutionTimeoutInSeconds`, input.MaximumExecutionTimeoutInSeconds, { min: EXECUTION_TIMEOUT_MIN_SECONDS, max: EXECUTION_TIMEOUT_MAX_SECONDS, integer: true })
  let rollback: CapacitySize | null = null
  if (input.RollbackMaximumBatchSize !== undefined) {
    rollback = checkCapacity(input.RollbackMaximumBatchSize, `${path}.RollbackMaximumBatchSize`, issues, { N, maxPercent: 100, what: 'a rollback batch' })
  }
  if (issues.issues.length > before || !batch) return null
  return {
    MaximumBatchSize: batch,
    WaitIntervalInSeconds: input.WaitIntervalInSeconds as number,
    ...(input.MaximumExecutionTimeoutInSeconds !== undefined ? { MaximumExecutionTimeoutInSeconds: input.MaximumExecutionTimeoutInSeconds as number } : {}),
    ...(rollback ? { RollbackMaximumBatchSize: rollback } : {})
  }
}

function checkWait(value: unknown, path: string, issues: IssueList): void {
  if (value === undefined) {
    issues.add(path, `is required: the baking period in seconds, 0 to ${WAIT_INTERVAL_MAX_SECONDS}`)
    return
  }
  issues.number(path, value, { min: 0, max: WAIT_INTERVAL_MAX_SECONDS, integer: true })
}

interface CapacityLimits {
  N: number
  minPercent?: number
  maxPercent: number
  what: string
}

/**
 * A CapacitySize against its limits. CAPACITY_PERCENT: Value in [minPercent, maxPercent]. INSTANCE_COUNT:
 * Value instances, which as a share of the N-instance variant must lie in the same range.
 */
function checkCapacity(input: unknown, path: string, issues: IssueList, limits: CapacityLimits): CapacitySize | null {
  if (!isObject(input)) {
    issues.add(path, 'must be an object { Type: INSTANCE_COUNT | CAPACITY_PERCENT, Value }')
    return null
  }
  const before = issues.issues.length
  unknownFields(input, ['Type', 'Value'], path, issues)
  const type = input.Type as CapacitySizeType
  if (!CAPACITY_SIZE_TYPES.includes(type)) {
    const hint = input.Type === 'CAPACITY_PERCENTAGE' ? ' (CAPACITY_PERCENTAGE is the HyperPod spelling; endpoint deployments use CAPACITY_PERCENT)' : ''
    issues.add(`${path}.Type`, `must be INSTANCE_COUNT or CAPACITY_PERCENT, got ${String(input.Type)}${hint}`)
  }
  const { N, minPercent, maxPercent, what } = limits
  const range = minPercent !== undefined ? `${minPercent}–${maxPercent}%` : `at most ${maxPercent}%`
  if (issues.number(`${path}.Value`, input.Value, { min: 1, integer: true }) && CAPACITY_SIZE_TYPES.includes(type)) {
    const v = input.Value as number
    if (type === 'CAPACITY_PERCENT') {
      if (v > maxPercent || (minPercent !== undefined && v < minPercent)) {
        issues.add(`${path}.Value`, `${what} must be ${range} of the variant's instance count: CAPACITY_PERCENT from ${minPercent ?? 1} to ${maxPercent}, got ${v}`)
      }
    } else {
      const lo = minPercent !== undefined ? Math.ceil((N * minPercent) / 100) : 1
      const hi = Math.floor((N * maxPercent) / 100)
      if (hi < lo) {
        issues.add(`${path}.Value`, `${what} must be ${range} of the variant's instance count, which no whole number of instances is for ${N} instance${N === 1 ? '' : 's'}; use more instances`)
      } else if (v < lo || v > hi) {
        issues.add(`${path}.Value`, `${what} must be ${range} of the variant's instance count: with ${N} instances INSTANCE_COUNT from ${lo} to ${hi}, got ${v}`)
      }
    }
  }
  if (issues.issues.length > before) return null
  return { Type: type, Value: input.Value as number }
}

function unknownFields(input: Record<string, unknown>, allowed: readonly string[], path: string, issues: IssueList): void {
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) issues.add(`${path}.${key}`, `is not a field of this object; allowed: ${allowed.join(', ')}`)
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** For callers that hold a plan and want AWS's wording of it. */
export function describePlan(plan: DeploymentPlan): string {
  if (plan.kind === 'ROLLING') {
    return `rolling deployment in batches of ${plan.batchSize} instance${plan.batchSize === 1 ? '' : 's'}, ${plan.waitMinutes} min baking per batch, rollback ${plan.rollbackBatchSize === plan.instanceCount ? 'all at once' : `in batches of ${plan.rollbackBatchSize}`}`
  }
  const share = (k: number): string => `${Math.round((100 * k) / plan.instanceCount)}%`
  const shifts = plan.routing === 'ALL_AT_ONCE' ? 'all traffic at once' : plan.steps.map(share).join(' → ')
  return `blue/green ${plan.routing.replace(/_/g, ' ').toLowerCase()} (${shifts}), ${plan.waitMinutes} min baking per step, ${plan.terminationWaitMinutes} min termination wait`
}

