/**
 * Application Auto Scaling for SageMaker endpoint variants (scalable dimension
 * `sagemaker:variant:DesiredInstanceCount`), driven by CloudWatch alarms exactly as on AWS: a policy
 * acts when an alarm that names its ARN in AlarmActions is in ALARM, and again every period while the
 * alarm stays there (CloudWatch user guide, "Alarm actions").
 *
 * - The sandbox's PutScalingPolicy also registers the scalable target (RegisterScalableTarget with
 *   MinCapacity and MaxCapacity); CloudTrail records both calls. A capacity outside the new range is
 *   moved to the nearer bound at once (RegisterScalableTarget: Application Auto Scaling scales the
 *   target to the range when its current capacity is outside it).
 * - Target tracking on the predefined metric SageMakerVariantInvocationsPerInstance ("Target tracking
 *   scaling policies for Application Auto Scaling"): the policy creates and owns two alarms on
 *   `AWS/SageMaker` InvocationsPerInstance (Sum per minute = invocations per instance per minute),
 *   `TargetTracking-<resource>-AlarmHigh-<id>` (> target for 3 of 3 one-minute datapoints) and, unless
 *   scale-in is disabled, `…-AlarmLow-<id>` (< 90 % of target for 15 of 15) [P: the datapoint counts
 *   and the 90 % are what the generated alarms show; hashicorp/terraform-provider-aws#42553,
 *   aws/containers-roadmap#638]. Deleting the policy deletes them. New capacity is proportional to the
 *   metric: ceil(in service × metric / target) = ceil(requests per minute / target), within the range.
 * - Cooldowns (TargetTrackingScalingPolicyConfiguration and StepScalingPolicyConfiguration API
 *   references): a cooldown runs from the completion of the previous activity in the same direction.
 *   During a scale-out cooldown "the capacity that has been added by the previous scale out event that
 *   initiated the cooldown is calculated as part of the desired capacity for the next scale out", and
 *   the policy "won't increase the desired capacity again unless either a larger scale out is triggered
 *   or the cooldown period ends": a larger scale-out happens at once. A scale-in waits for its cooldown,
 *   but "if another alarm triggers a scale out policy during the cooldown period after a scale-in,
 *   application auto scaling scales out your scalable target immediately". Defaults: 300 s for
 *   SageMaker variants (AWS CDK BaseTargetTrackingProps).
 * - Step scaling ("Step scaling policies for Application Auto Scaling"): the step is chosen by how far
 *   the alarm's metric is from the alarm's threshold (MetricIntervalLowerBound inclusive,
 *   MetricIntervalUpperBound exclusive); ChangeInCapacity adds, PercentChangeInCapacity adds a percent
 *   (rounded toward zero; MinAdjustmentMagnitude at least), ExactCapacity sets.
 *
 * - Instance quotas: a scale-out beyond the account's "<type> for endpoint usage" quota fails as a
 *   whole and leaves the capacity unchanged; DescribeScalingActivities shows it with StatusCode Failed
 *   and ResourceLimitExceeded in StatusMessage (developer guide, "Query Endpoint Autoscaling History":
 *   "When you exceed your quota, automatic scaling is blocked"; the wording is in cost/capacity.ts).
 *   A failed activity starts no cooldown, so the policy tries again the next time its alarm acts.
 *
 * Sandbox simplifications: one activity at a time per endpoint (while instances start, the endpoint is
 * Updating and a policy waits for the next invocation); an activity completes when its instances are in
 * service; the breach is measured on the alarm's newest datapoint (MetricAggregationType has no further
 * effect on a one-datapoint period).
 */
import { LabError } from '../../../shared/errors'
import type { SandboxAction } from '../../../shared/contract/sandbox'
import type { UserIdentity } from '../cloudtrail/record'
import type { CloudWatch } from '../cloudwatch/service'
import { ACCOUNT_ID, arn } from '../core/account'
import { IssueList } from '../core/issues'
import { toIso } from '../core/time'
import type { SageMaker } from '../sagemaker/service'
import { MAX_INSTANCES, NS_SAGEMAKER } from '../workload'
import type { AlarmActionEvent } from '../world/events'
import type { ActionHandlers, EventHandlers, Service, ServiceContext } from '../world/service'

const SOURCE = 'application-autoscaling.amazonaws.com'
export const DEFAULT_SCALE_OUT_COOLDOWN_S = 300
export const DEFAULT_SCALE_IN_COOLDOWN_S = 300
export const DEFAULT_STEP_COOLDOWN_S = 300
export const HIGH_ALARM_DATAPOINTS = 3
export const LOW_ALARM_DATAPOINTS = 15
export const LOW_ALARM_FRACTION = 0.9
/** Scaling activities a world keeps (newest). */
export const MAX_ACTIVITIES = 1000
/** TargetValue range (TargetTrackingScalingPolicyConfiguration). */
const TARGET_MIN = 8.515920e-109
const TARGET_MAX = 1.174271e108
const ROLE_NAME = 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint'

/** The service-linked role Application Auto Scaling acts as: how CloudTrail shows its calls. */
export const AUTOSCALING_ROLE: UserIdentity = {
  type: 'AssumedRole',
  principalId: 'AROAEXAMPLEAUTOSCALING:AutoScaling',
  arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${ROLE_NAME}/AutoScaling`,
  accountId: ACCOUNT_ID,
  sessionContext: {
    attributes: { mfaAuthenticated: 'false', creationDate: '2026-01-05T00:00:00Z' },
    sessionIssuer: {
      type: 'Role',
      principalId: 'AROAEXAMPLEAUTOSCALING',
      arn: `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/${ROLE_NAME}`,
      accountId: ACCOUNT_ID,
      userName: ROLE_NAME
    }
  },
  invokedBy: SOURCE
}

type StepConfig = NonNullable<Extract<SandboxAction, { type: 'PutScalingPolicy' }>['StepScalingPolicyConfiguration']>

interface ScalableTarget {
  resourceId: string
  endpointName: string
  variantName: string
  min: number
  max: number
  /** Completion of the last scale-out / scale-in, and the capacity before the scale-out that started the cooldown. */
  lastOutDone: number
  lastInDone: number
  outBase: number
}

interface PolicyRecord {
  name: string
  arn: string
  type: 'TargetTrackingScaling' | 'StepScaling'
  resourceId: string
  targetValue?: number
  scaleOutCooldownMs: number
  scaleInCooldownMs: number
  disableScaleIn: boolean
  step?: StepConfig
  alarms: string[]
}

export interface ScalingActivity {
  resourceId: string
  endpointName: string
  variantName: string
  policyName: string
  direction: 'out' | 'in'
  time: number
  fromCount: number
  toCount: number
  /** When the new count is in service. */
  readyAt: number
  /** Application Auto Scaling's Cause text. */
  cause: string
  /** How the sandbox worked out the new capacity. */
  details: string
  /** DescribeScalingActivities StatusCode and StatusMessage. */
  StatusCode: 'Successful' | 'Failed'
  StatusMessage: string
}

export interface PolicySummary {
  PolicyName: string
  PolicyARN: string
  PolicyType: 'TargetTrackingScaling' | 'StepScaling'
  ResourceId: string
  MinCapacity: number
  MaxCapacity: number
  TargetValue: number | null
  ScaleOutCooldown: number
  ScaleInCooldown: number
  DisableScaleIn: boolean
  StepScalingPolicyConfiguration: StepConfig | null
  Alarms: string[]
}

type Owned = 'PutScalingPolicy' | 'DeleteScalingPolicy'

export class AutoScaling implements Service {
  readonly name = 'autoscaling'
  private readonly targets = new Map<string, ScalableTarget>()
  private readonly policies = new Map<string, PolicyRecord>()
  private readonly activityLog: ScalingActivity[] = []
  /**
   * Whether an alarm name is a target tracking AlarmHigh (it scales out; any other alarm naming the
   * policy scales in), by name: an alarm in ALARM re-invokes the policy every minute, and searching
   * its long name each time cost more than the rest of a repeat that changes nothing.
   */
  private readonly scalesOut = new Map<string, boolean>()

  constructor(
    private readonly sagemaker: SageMaker,
    private readonly cloudwatch: CloudWatch
  ) {}

  readonly actions: ActionHandlers<Owned> = {
    PutScalingPolicy: {
      apply: (a, ctx) => this.putScalingPolicy(a, ctx),
      describe: (a) =>
        (a.PolicyType ?? 'TargetTrackingScaling') === 'TargetTrackingScaling'
          ? `Target tracking on ${a.EndpointName}/${a.VariantName}: ${a.TargetValue} invocations per instance, ${a.MinCapacity}–${a.MaxCapacity} instances`
          : `Step scaling policy ${a.PolicyName ?? ''} on ${a.EndpointName}/${a.VariantName}, ${a.MinCapacity}–${a.MaxCapacity} instances`
    },
    DeleteScalingPolicy: {
      apply: (a, ctx) => {
        const resourceId = resourceIdOf(a.EndpointName, a.VariantName)
        const policy = this.findPolicy(resourceId, a.PolicyName)
        this.policies.delete(policy.arn)
        this.cloudwatch.deleteManagedAlarms(policy.alarms, ctx, AUTOSCALING_ROLE)
        this.call(ctx, ctx.caller, 'DeleteScalingPolicy', { policyName: policy.name, serviceNamespace: 'sagemaker', resourceId, scalableDimension: 'sagemaker:variant:DesiredInstanceCount' })
      },
      describe: (a) => `Remove scaling policy${a.PolicyName ? ` ${a.PolicyName}` : ''} from ${a.EndpointName}/${a.VariantName}`
    }
  }

  readonly on: EventHandlers = {
    AlarmAction: (e, ctx) => {
      const policy = this.policies.get(e.arn)
      if (policy && e.state === 'ALARM') this.invoke(policy, e, ctx)
    }
  }

  // ---- PutScalingPolicy ---------------------------------------------------------------------

  private putScalingPolicy(a: Extract<SandboxAction, { type: 'PutScalingPolicy' }>, ctx: ServiceContext): void {
    this.sagemaker.liveEndpoint(a.EndpointName)
    const variant = this.sagemaker.variantOf(a.EndpointName, a.VariantName)
    if (!variant) {
      const names = this.sagemaker.summaries().find((e) => e.EndpointName === a.EndpointName)?.variants.map((v) => v.VariantName) ?? []
      throw new LabError('NOT_FOUND', `Endpoint "${a.EndpointName}" has no variant "${a.VariantName}"; it has ${names.join(', ')}.`, [{ path: 'VariantName', message: 'no such variant' }])
    }
    const type = a.PolicyType ?? 'TargetTrackingScaling'
    const issues = new IssueList()
    const minOk = issues.number('MinCapacity', a.MinCapacity, { min: 1, max: MAX_INSTANCES, integer: true })
    const maxOk = issues.number('MaxCapacity', a.MaxCapacity, { min: 1, max: MAX_INSTANCES, integer: true })
    if (minOk && maxOk && a.MinCapacity > a.MaxCapacity) issues.add('MinCapacity', `must be <= MaxCapacity (${a.MaxCapacity}), got ${a.MinCapacity}`)
    if (a.PolicyName !== undefined && !/^[\p{L}\p{N}_\-./:]{1,256}$/u.test(a.PolicyName)) issues.add('PolicyName', 'must be 1–256 characters without spaces or control characters')
    if (type === 'TargetTrackingScaling') {
      issues.number('TargetValue', a.TargetValue, { min: TARGET_MIN, max: TARGET_MAX })
      issues.optionalNumber('ScaleOutCooldown', a.ScaleOutCooldown, { min: 0, max: 86_400, integer: true })
      issues.optionalNumber('ScaleInCooldown', a.ScaleInCooldown, { min: 0, max: 86_400, integer: true })
      if (a.StepScalingPolicyConfiguration !== undefined) issues.add('StepScalingPolicyConfiguration', 'is only for PolicyType StepScaling')
    } else {
      if (!a.StepScalingPolicyConfiguration) issues.add('StepScalingPolicyConfiguration', 'is required for PolicyType StepScaling')
      else checkStepConfig(a.StepScalingPolicyConfiguration, issues)
      for (const f of ['TargetValue', 'ScaleOutCooldown', 'ScaleInCooldown', 'DisableScaleIn'] as const) {
        if (a[f] !== undefined) issues.add(f, 'is only for target tracking; a step scaling policy has Cooldown in StepScalingPolicyConfiguration')
      }
    }
    issues.throwIfAny('PutScalingPolicy')

    const resourceId = resourceIdOf(a.EndpointName, a.VariantName)
    const name = a.PolicyName ?? (type === 'TargetTrackingScaling' ? `${a.EndpointName}-${a.VariantName}-invocations` : `${a.EndpointName}-${a.VariantName}-step`)
    const existing = [...this.policies.values()].find((p) => p.resourceId === resourceId && p.name === name)
    if (existing && existing.type !== type) throw new LabError('VALIDATION', `PolicyType: policy "${name}" exists as ${existing.type}; delete it first or use another PolicyName`, [{ path: 'PolicyType', message: `"${name}" is a ${existing.type} policy` }])
    if (type === 'TargetTrackingScaling' && !existing && this.policyFor(resourceId, 'TargetTrackingScaling')) {
      throw new LabError('VALIDATION', `PolicyName: ${a.EndpointName}/${a.VariantName} already has a target tracking policy on SageMakerVariantInvocationsPerInstance`, [{ path: 'PolicyName', message: 'one target tracking policy per metric and variant' }])
    }

    // Everything checked: register the target, then put the policy.
    const target = this.targets.get(resourceId) ?? { resourceId, endpointName: a.EndpointName, variantName: a.VariantName, min: a.MinCapacity, max: a.MaxCapacity, lastOutDone: -Infinity, lastInDone: -Infinity, outBase: 0 }
    target.min = a.MinCapacity
    target.max = a.MaxCapacity
    this.targets.set(resourceId, target)
    this.call(ctx, ctx.caller, 'RegisterScalableTarget', { serviceNamespace: 'sagemaker', resourceId, scalableDimension: 'sagemaker:variant:DesiredInstanceCount', minCapacity: a.MinCapacity, maxCapacity: a.MaxCapacity })

    const policyArn = existing?.arn ?? arn.scalingPolicy(ctx.newId(), resourceId, name)
    const policy: PolicyRecord = {
      name,
      arn: policyArn,
      type,
      resourceId,
      scaleOutCooldownMs: 1000 * (type === 'StepScaling' ? (a.StepScalingPolicyConfiguration?.Cooldown ?? DEFAULT_STEP_COOLDOWN_S) : (a.ScaleOutCooldown ?? DEFAULT_SCALE_OUT_COOLDOWN_S)),
      scaleInCooldownMs: 1000 * (type === 'StepScaling' ? (a.StepScalingPolicyConfiguration?.Cooldown ?? DEFAULT_STEP_COOLDOWN_S) : (a.ScaleInCooldown ?? DEFAULT_SCALE_IN_COOLDOWN_S)),
      disableScaleIn: a.DisableScaleIn ?? false,
      ...(type === 'TargetTrackingScaling' ? { targetValue: a.TargetValue } : { step: a.StepScalingPolicyConfiguration }),
      alarms: existing?.alarms ?? []
    }
    this.policies.set(policyArn, policy)
    if (type === 'TargetTrackingScaling') this.putTargetTrackingAlarms(policy, a.EndpointName, a.VariantName, ctx)
    this.call(ctx, ctx.caller, 'PutScalingPolicy', {
      policyName: name,
      serviceNamespace: 'sagemaker',
      resourceId,
      scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      policyType: type,
      ...(type === 'TargetTrackingScaling'
        ? {
            targetTrackingScalingPolicyConfiguration: {
              targetValue: a.TargetValue,
              predefinedMetricSpecification: { predefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
              scaleOutCooldown: policy.scaleOutCooldownMs / 1000,
              scaleInCooldown: policy.scaleInCooldownMs / 1000,
              disableScaleIn: policy.disableScaleIn
            }
          }
        : { stepScalingPolicyConfiguration: a.StepScalingPolicyConfiguration })
    }, { policyARN: policyArn, alarms: policy.alarms.map((n) => ({ alarmName: n, alarmARN: arn.alarm(n) })) })

    // A capacity outside the registered range moves to the nearer bound.
    const current = variant.DesiredInstanceCount
    const bounded = Math.min(Math.max(current, target.min), target.max)
    if (bounded !== current) this.scale(target, policy, bounded, ctx, `registered range ${target.min}–${target.max}`, `the desired capacity ${current} was outside MinCapacity ${target.min}–MaxCapacity ${target.max}`)
  }

  /** Target tracking's two alarms, created (or updated) by the policy as the service-linked role. */
  private putTargetTrackingAlarms(policy: PolicyRecord, endpointName: string, variantName: string, ctx: ServiceContext): void {
    const target = policy.targetValue as number
    const suffix = policy.alarms[0]?.match(/-AlarmHigh-(.+)$/)?.[1] ?? ctx.newId()
    const base = `TargetTracking-${policy.resourceId}`
    const metric = {
      Namespace: NS_SAGEMAKER,
      MetricName: 'InvocationsPerInstance',
      Dimensions: [
        { Name: 'EndpointName', Value: endpointName },
        { Name: 'VariantName', Value: variantName }
      ],
      Statistic: 'Sum',
      Period: 60,
      AlarmActions: [policy.arn]
    }
    const high = `${base}-AlarmHigh-${suffix}`
    const low = `${base}-AlarmLow-${suffix}`
    this.cloudwatch.putMetricAlarm(
      { ...metric, AlarmName: high, AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${policy.arn}.`, EvaluationPeriods: HIGH_ALARM_DATAPOINTS, DatapointsToAlarm: HIGH_ALARM_DATAPOINTS, Threshold: target, ComparisonOperator: 'GreaterThanThreshold' },
      ctx,
      AUTOSCALING_ROLE,
      policy.arn
    )
    const names = [high]
    if (!policy.disableScaleIn) {
      this.cloudwatch.putMetricAlarm(
        { ...metric, AlarmName: low, AlarmDescription: `DO NOT EDIT OR DELETE. For TargetTrackingScaling policy ${policy.arn}.`, EvaluationPeriods: LOW_ALARM_DATAPOINTS, DatapointsToAlarm: LOW_ALARM_DATAPOINTS, Threshold: LOW_ALARM_FRACTION * target, ComparisonOperator: 'LessThanThreshold' },
        ctx,
        AUTOSCALING_ROLE,
        policy.arn
      )
      names.push(low)
    }
    const gone = policy.alarms.filter((n) => !names.includes(n))
    this.cloudwatch.deleteManagedAlarms(gone, ctx, AUTOSCALING_ROLE)
    policy.alarms = names
  }

  // ---- the policy acts ------------------------------------------------------------------------

  private invoke(policy: PolicyRecord, e: AlarmActionEvent, ctx: ServiceContext): void {
    const target = this.targets.get(policy.resourceId)
    if (!target || e.value === null) return
    // One activity at a time: while instances start, the endpoint is Updating and the policy waits.
    const fleet = this.sagemaker.steadyFleet(target.endpointName, target.variantName)
    if (!fleet) return
    const current = fleet.desired
    const now = ctx.now
    const inOutCooldown = now - target.lastOutDone < policy.scaleOutCooldownMs
    const inInCooldown = now - target.lastInDone < policy.scaleInCooldownMs

    // An alarm in ALARM repeats its action every minute and most repeats change nothing (the
    // capacity is at a bound, or a scale-in waits for a cooldown), so the new capacity is decided
    // first and the activity's text is worded only for an activity.
    let wanted: number
    let step: StepConfig['StepAdjustments'][number] | undefined
    let base = current
    let breach = 0
    if (policy.type === 'TargetTrackingScaling') {
      wanted = Math.ceil((e.value * fleet.inService) / (policy.targetValue as number))
      let high = this.scalesOut.get(e.alarmName)
      if (high === undefined) this.scalesOut.set(e.alarmName, (high = e.alarmName.includes('-AlarmHigh-')))
      if (high ? wanted <= current : wanted >= current || policy.disableScaleIn) return
    } else {
      const cfg = policy.step as StepConfig
      const alarm = this.cloudwatch.metricAlarm(e.alarmName)
      breach = e.value - (alarm?.Threshold ?? e.threshold ?? 0)
      step = cfg.StepAdjustments.find((s) => (s.MetricIntervalLowerBound ?? -Infinity) <= breach && breach < (s.MetricIntervalUpperBound ?? Infinity))
      if (!step) return
      // During a scale-out cooldown, what the activity that started it added counts toward this one.
      base = step.ScalingAdjustment > 0 && inOutCooldown ? target.outBase : current
      wanted = adjust(base, cfg, step.ScalingAdjustment)
    }
    const bounded = Math.min(Math.max(wanted, target.min), target.max)
    if (bounded === current) return
    const out = bounded > current
    // A scale-in waits for its cooldown and for any scale-out cooldown; a larger scale-out does not wait.
    if (!out && (inInCooldown || inOutCooldown)) return
    let details: string
    if (policy.type === 'TargetTrackingScaling') {
      const requests = e.value * fleet.inService
      details = `InvocationsPerInstance ${round2(e.value)} on ${fleet.inService} in service = ${round2(requests)} requests a minute; ceil(${round2(requests)} / ${policy.targetValue}) = ${wanted}`
    } else {
      const cfg = policy.step as StepConfig
      const s = step as StepConfig['StepAdjustments'][number]
      details = `the metric ${round2(e.value)} is ${round2(breach)} from the alarm threshold ${round2(e.value - breach)}: step ${describeStep(s)} → ${cfg.AdjustmentType} ${s.ScalingAdjustment} from ${base} = ${wanted}`
    }
    if (bounded !== wanted) details += ` (capped at ${bounded < wanted ? `MaxCapacity ${target.max}` : `MinCapacity ${target.min}`})`
    this.scale(target, policy, bounded, ctx, `monitor alarm ${e.alarmName} in state ALARM`, details)
  }

  private scale(target: ScalableTarget, policy: PolicyRecord, to: number, ctx: ServiceContext, trigger: string, details: string): void {
    const fleet = this.sagemaker.fleet(target.endpointName, target.variantName)
    if (!fleet) return
    const from = fleet.desired
    const cause = `At ${toIso(ctx.now)} a ${trigger} triggered policy ${policy.name} changing the desired capacity from ${from} to ${to}.`
    const outcome = this.sagemaker.scaleOutOutcome(target.endpointName, target.variantName, to, cause, () => ctx.newId())
    if (outcome.StatusCode === 'Failed') {
      this.record({ resourceId: target.resourceId, endpointName: target.endpointName, variantName: target.variantName, policyName: policy.name, direction: 'out', time: ctx.now, fromCount: from, toCount: to, readyAt: ctx.now, cause, details, StatusCode: 'Failed', StatusMessage: outcome.StatusMessage })
      return
    }
    const change = this.sagemaker.setDesiredInstanceCount(target.endpointName, target.variantName, to, ctx, AUTOSCALING_ROLE)
    if (to > from) {
      target.outBase = from
      // The cooldown counts from when the new instances serve.
      target.lastOutDone = change.readyAt
    } else {
      target.lastInDone = ctx.now
    }
    this.record({
      resourceId: target.resourceId,
      endpointName: target.endpointName,
      variantName: target.variantName,
      policyName: policy.name,
      direction: to > from ? 'out' : 'in',
      time: ctx.now,
      fromCount: from,
      toCount: to,
      readyAt: change.readyAt,
      cause,
      details,
      StatusCode: 'Successful',
      StatusMessage: outcome.StatusMessage
    })
  }

  private record(activity: ScalingActivity): void {
    this.activityLog.push(activity)
    if (this.activityLog.length > MAX_ACTIVITIES) this.activityLog.shift()
  }

  // ---- views ------------------------------------------------------------------------------------

  activities(): readonly ScalingActivity[] {
    return this.activityLog
  }

  policySummaries(): PolicySummary[] {
    return [...this.policies.values()].map((p) => {
      const t = this.targets.get(p.resourceId) as ScalableTarget
      return {
        PolicyName: p.name,
        PolicyARN: p.arn,
        PolicyType: p.type,
        ResourceId: p.resourceId,
        MinCapacity: t.min,
        MaxCapacity: t.max,
        TargetValue: p.targetValue ?? null,
        ScaleOutCooldown: p.scaleOutCooldownMs / 1000,
        ScaleInCooldown: p.scaleInCooldownMs / 1000,
        DisableScaleIn: p.disableScaleIn,
        StepScalingPolicyConfiguration: p.step ?? null,
        Alarms: [...p.alarms]
      }
    })
  }

  // ---- internals ----------------------------------------------------------------------------

  private policyFor(resourceId: string, type: PolicyRecord['type']): PolicyRecord | undefined {
    return [...this.policies.values()].find((p) => p.resourceId === resourceId && p.type === type)
  }

  private findPolicy(resourceId: string, name: string | undefined): PolicyRecord {
    const mine = [...this.policies.values()].filter((p) => p.resourceId === resourceId)
    if (mine.length === 0) throw new LabError('NOT_FOUND', `No scaling policy on ${resourceId}.`, [{ path: 'VariantName', message: 'the variant has no scaling policy' }])
    if (name === undefined) {
      if (mine.length > 1) throw new LabError('VALIDATION', `PolicyName: ${resourceId} has ${mine.length} policies (${mine.map((p) => p.name).join(', ')}); name the one to delete`, [{ path: 'PolicyName', message: 'name the policy to delete' }])
      return mine[0]
    }
    const found = mine.find((p) => p.name === name)
    if (!found) throw new LabError('NOT_FOUND', `No scaling policy "${name}" on ${resourceId}; it has ${mine.map((p) => p.name).join(', ')}.`, [{ path: 'PolicyName', message: 'no such policy' }])
    return found
  }

  private call(ctx: ServiceContext, caller: UserIdentity, eventName: string, requestParameters: Record<string, unknown>, responseElements: Record<string, unknown> | null = null): void {
    ctx.emit({ type: 'ApiCall', at: ctx.now, eventSource: SOURCE, eventName, caller, requestParameters, responseElements, resources: [] })
  }
}

export function resourceIdOf(endpointName: string, variantName: string): string {
  return `endpoint/${endpointName}/variant/${variantName}`
}

/** StepScalingPolicyConfiguration rules (StepScalingPolicyConfiguration and StepAdjustment API references). */
function checkStepConfig(cfg: StepConfig, issues: IssueList): void {
  const steps = cfg.StepAdjustments
  steps.forEach((s, i) => {
    issues.number(`StepScalingPolicyConfiguration.StepAdjustments[${i}].ScalingAdjustment`, s.ScalingAdjustment, { min: -1e6, max: 1e6, integer: true })
    if (s.MetricIntervalLowerBound === undefined && s.MetricIntervalUpperBound === undefined && steps.length > 1) {
      issues.add(`StepScalingPolicyConfiguration.StepAdjustments[${i}]`, 'only a policy with one step may leave both bounds open')
    }
    if (s.MetricIntervalLowerBound !== undefined && s.MetricIntervalUpperBound !== undefined && !(s.MetricIntervalUpperBound > s.MetricIntervalLowerBound)) {
      issues.add(`StepScalingPolicyConfiguration.StepAdjustments[${i}].MetricIntervalUpperBound`, 'must be greater than MetricIntervalLowerBound')
    }
  })
  if (steps.filter((s) => s.MetricIntervalLowerBound === undefined).length > 1) issues.add('StepScalingPolicyConfiguration.StepAdjustments', 'at most one step may have no lower bound')
  if (steps.filter((s) => s.MetricIntervalUpperBound === undefined).length > 1) issues.add('StepScalingPolicyConfiguration.StepAdjustments', 'at most one step may have no upper bound')
  // "The ranges of your step adjustments can't overlap or have a gap."
  const sorted = [...steps].sort((a, b) => (a.MetricIntervalLowerBound ?? -Infinity) - (b.MetricIntervalLowerBound ?? -Infinity))
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i - 1].MetricIntervalUpperBound ?? Infinity) !== (sorted[i].MetricIntervalLowerBound ?? -Infinity)) {
      issues.add('StepScalingPolicyConfiguration.StepAdjustments', 'the step ranges must meet exactly: each MetricIntervalUpperBound is the next step\'s MetricIntervalLowerBound (no gap, no overlap)')
      break
    }
  }
  issues.optionalNumber('StepScalingPolicyConfiguration.Cooldown', cfg.Cooldown, { min: 0, max: 86_400, integer: true })
  if (cfg.MinAdjustmentMagnitude !== undefined) {
    if (cfg.AdjustmentType !== 'PercentChangeInCapacity') issues.add('StepScalingPolicyConfiguration.MinAdjustmentMagnitude', 'applies only to AdjustmentType PercentChangeInCapacity')
    else issues.number('StepScalingPolicyConfiguration.MinAdjustmentMagnitude', cfg.MinAdjustmentMagnitude, { min: 1, max: MAX_INSTANCES, integer: true })
  }
  if (cfg.AdjustmentType === 'ExactCapacity') steps.forEach((s, i) => issues.number(`StepScalingPolicyConfiguration.StepAdjustments[${i}].ScalingAdjustment`, s.ScalingAdjustment, { min: 0, max: MAX_INSTANCES, integer: true }))
}

/** The new capacity from `base` for one step (Application Auto Scaling "Scaling adjustment types"). */
function adjust(base: number, cfg: StepConfig, adjustment: number): number {
  switch (cfg.AdjustmentType) {
    case 'ExactCapacity':
      return adjustment
    case 'ChangeInCapacity':
      return base + adjustment
    case 'PercentChangeInCapacity': {
      // Whole instances: a change between 0 and 1 (or −1 and 0) counts as one, a larger one is
      // rounded toward zero; then at least MinAdjustmentMagnitude in the step's direction.
      const raw = (base * adjustment) / 100
      let delta = raw > 0 && raw < 1 ? 1 : raw < 0 && raw > -1 ? -1 : Math.trunc(raw)
      const min = cfg.MinAdjustmentMagnitude ?? 0
      if (adjustment > 0) delta = Math.max(delta, min)
      else if (adjustment < 0) delta = Math.min(delta, -min)
      return base + delta
    }
  }
}

function describeStep(s: { MetricIntervalLowerBound?: number; MetricIntervalUpperBound?: number }): string {
  return `[${s.MetricIntervalLowerBound ?? '−∞'}, ${s.MetricIntervalUpperBound ?? '+∞'})`
}

function round2(x: number): number {
  return Math.round(x * 100) / 100
}
