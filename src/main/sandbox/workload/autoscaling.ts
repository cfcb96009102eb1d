/**
 * Application Auto Scaling target tracking on the predefined metric
 * `SageMakerVariantInvocationsPerInstance` for one production variant.
 *
 * Rules, and where they come from:
 * - Target tracking creates and manages two CloudWatch alarms and computes the adjustment from the
 *   metric and the target ("How target tracking scaling for Application Auto Scaling works",
 *   Application Auto Scaling User Guide).
 * - High alarm: metric > TargetValue for 3 consecutive 1-minute datapoints. Low alarm: metric below
 *   90% of TargetValue for 15 consecutive 1-minute datapoints. The guide says scale-in waits until the
 *   metric is "typically more than 10%" below target; the 3-of-3 and 15-of-15 datapoint counts are
 *   what the generated alarms show in practice (hashicorp/terraform-provider-aws#42553: 60 s period,
 *   3 of 3; aws/containers-roadmap#638: AlarmLow 15 datapoints within 15 minutes). [P]
 * - The metric is the per-minute Sum of InvocationsPerInstance: requests in the minute divided by the
 *   instances in service (SageMaker developer guide, "Monitor SageMaker AI with CloudWatch").
 * - New capacity is proportional to the metric: desired = ceil(instances × metric / target), which is
 *   ceil(requests in the minute / target), clamped to [MinCapacity, MaxCapacity]. Scale-out rounds up
 *   so the metric lands at or below the target.
 * - ScaleOutCooldown and ScaleInCooldown default to 300 s for SageMaker endpoint variants (AWS CDK
 *   aws-applicationautoscaling BaseTargetTrackingProps: "Default: Duration.seconds(300) for … Amazon
 *   SageMaker endpoint variants"). A cooldown runs from the *completion* of the previous activity in
 *   the same direction (TargetTrackingScalingPolicyConfiguration API reference). A scale-in cooldown
 *   never delays a scale-out (same reference).
 * - Alarm actions repeat every minute while an alarm stays in ALARM (CloudWatch User Guide), so a
 *   blocked scale-out happens as soon as the block ends if the alarm is still in ALARM.
 *
 * Sandbox simplifications (also listed in SIMPLIFICATIONS):
 * - One activity at a time: while instances are starting the endpoint is Updating and no other
 *   activity starts.
 * - A scale-out activity completes when its instances are in service, `startupMinutes` after it
 *   starts (default 5). Scale-in removes instances at once.
 * - During ScaleOutCooldown no further scale-out starts. AWS may still add capacity then, counting
 *   what the previous activity added; the sandbox waits, which makes the cooldown's effect visible.
 * - A minute with no requests has no InvocationsPerInstance datapoint; it breaks both alarms'
 *   streaks. So an endpoint whose traffic stops entirely does not scale in, as on AWS, where the low
 *   alarm goes to INSUFFICIENT_DATA.
 * - Datapoints are available to the alarm as soon as their minute ends (no publishing delay).
 */
import { toIso } from '../clock'
import { MINUTE_MS } from '../cloudwatch/types'
import { IssueList } from './validation'

export interface TargetTrackingScaling {
  /** Target InvocationsPerInstance per minute. */
  TargetValue: number
  MinCapacity: number
  MaxCapacity: number
  /** Seconds; default 300. */
  ScaleOutCooldown?: number
  /** Seconds; default 300. */
  ScaleInCooldown?: number
  DisableScaleIn?: boolean
}

export const DEFAULT_SCALE_OUT_COOLDOWN_S = 300
export const DEFAULT_SCALE_IN_COOLDOWN_S = 300
export const HIGH_ALARM_DATAPOINTS = 3
export const LOW_ALARM_DATAPOINTS = 15
export const LOW_ALARM_FRACTION = 0.9
/**
 * Minutes a new instance takes to serve. Third-party write-ups put SageMaker scale-out at roughly
 * 3–5 minutes for small models; larger containers take longer. 5 is the sandbox default.
 */
export const DEFAULT_STARTUP_MINUTES = 5
export const MAX_INSTANCES = 100

export interface ScalingActivity {
  variantName: string
  direction: 'out' | 'in'
  /** Minute index at whose start the activity began. */
  minute: number
  time: string
  timeMs: number
  fromCount: number
  toCount: number
  /** Minute index from which the new count is in service. */
  readyMinute: number
  readyTime: string
  cause: string
}

export function validateScaling(
  cfg: unknown,
  initialCount: number | undefined,
  issues: IssueList,
  path: string
): cfg is TargetTrackingScaling {
  if (typeof cfg !== 'object' || cfg === null) {
    issues.add(path, 'must be an object with TargetValue, MinCapacity and MaxCapacity')
    return false
  }
  const c = cfg as Record<string, unknown>
  const before = issues.issues.length
  issues.number(`${path}.TargetValue`, c.TargetValue, { above: 0, max: 1e9 })
  const minOk = issues.number(`${path}.MinCapacity`, c.MinCapacity, { min: 1, max: MAX_INSTANCES, integer: true })
  const maxOk = issues.number(`${path}.MaxCapacity`, c.MaxCapacity, { min: 1, max: MAX_INSTANCES, integer: true })
  if (minOk && maxOk) {
    const min = c.MinCapacity as number
    const max = c.MaxCapacity as number
    if (min > max) issues.add(`${path}.MinCapacity`, `must be <= MaxCapacity (${max}), got ${min}`)
    else if (initialCount !== undefined && (initialCount < min || initialCount > max)) {
      issues.add(`InitialInstanceCount`, `must be within [MinCapacity, MaxCapacity] = [${min}, ${max}], got ${initialCount}`)
    }
  }
  issues.optionalNumber(`${path}.ScaleOutCooldown`, c.ScaleOutCooldown, { min: 0, max: 86_400 })
  issues.optionalNumber(`${path}.ScaleInCooldown`, c.ScaleInCooldown, { min: 0, max: 86_400 })
  if (c.DisableScaleIn !== undefined && typeof c.DisableScaleIn !== 'boolean') {
    issues.add(`${path}.DisableScaleIn`, `must be a boolean, got ${String(c.DisableScaleIn)}`)
  }
  return issues.issues.length === before
}

/**
 * Capacity state of one variant, stepped minute by minute. Call `beforeMinute(i)` at the start of
 * minute i (completes activities, takes decisions), read `serving` and `desired`, then call
 * `afterMinute(requests)` with the minute's request count (its InvocationsPerInstance datapoint).
 */
export class CapacityTracker {
  /** Instances billed: in service plus starting. */
  desired: number
  /** Instances in service. */
  serving: number
  readonly activities: ScalingActivity[] = []

  private pendingReady = -1
  private pendingActivity: ScalingActivity | null = null
  private lastOutDone = -Infinity
  private lastInDone = -Infinity
  private highStreak = 0
  private lowStreak = 0
  private lastRequests = 0
  private readonly outCooldownMin: number
  private readonly inCooldownMin: number

  constructor(
    initialCount: number,
    private readonly scaling: TargetTrackingScaling | undefined,
    private readonly startupMinutes: number,
    private readonly endpointName: string,
    private readonly variantName: string,
    private readonly startTime: number
  ) {
    this.desired = initialCount
    this.serving = initialCount
    this.outCooldownMin = Math.ceil((scaling?.ScaleOutCooldown ?? DEFAULT_SCALE_OUT_COOLDOWN_S) / 60)
    this.inCooldownMin = Math.ceil((scaling?.ScaleInCooldown ?? DEFAULT_SCALE_IN_COOLDOWN_S) / 60)
  }

  beforeMinute(i: number): void {
    if (this.pendingActivity !== null && i >= this.pendingReady) {
      this.serving = this.desired
      this.lastOutDone = i
      this.pendingActivity = null
      this.pendingReady = -1
    }
    const s = this.scaling
    if (!s || this.pendingActivity !== null) return
    const target = s.TargetValue
    const wanted = Math.min(s.MaxCapacity, Math.max(s.MinCapacity, Math.ceil(this.lastRequests / target)))
    if (this.highStreak >= HIGH_ALARM_DATAPOINTS) {
      if (wanted > this.desired && i - this.lastOutDone >= this.outCooldownMin) {
        const metric = this.lastRequests / this.serving
        this.start(i, 'out', wanted, this.startupMinutes,
          `monitor alarm TargetTracking-endpoint/${this.endpointName}/variant/${this.variantName}-AlarmHigh in state ALARM: ` +
          `InvocationsPerInstance ${round2(metric)} > ${target} for ${HIGH_ALARM_DATAPOINTS} consecutive minutes; ` +
          `desired = ceil(${this.lastRequests} requests / ${target}) = ${wanted}` +
          (wanted === s.MaxCapacity && Math.ceil(this.lastRequests / target) > s.MaxCapacity ? ` (capped at MaxCapacity ${s.MaxCapacity})` : ''))
      }
    } else if (this.lowStreak >= LOW_ALARM_DATAPOINTS && !s.DisableScaleIn) {
      if (wanted < this.desired && i - this.lastInDone >= this.inCooldownMin) {
        const metric = this.lastRequests / this.serving
        this.start(i, 'in', wanted, 0,
          `monitor alarm TargetTracking-endpoint/${this.endpointName}/variant/${this.variantName}-AlarmLow in state ALARM: ` +
          `InvocationsPerInstance ${round2(metric)} < ${round2(LOW_ALARM_FRACTION * target)} (90% of ${target}) for ${LOW_ALARM_DATAPOINTS} consecutive minutes; ` +
          `desired = ceil(${this.lastRequests} requests / ${target}) = ${wanted}`)
      }
    }
  }

  afterMinute(requests: number): void {
    this.lastRequests = requests
    const s = this.scaling
    if (!s) return
    if (requests <= 0) {
      this.highStreak = 0
      this.lowStreak = 0
      return
    }
    const metric = requests / this.serving
    this.highStreak = metric > s.TargetValue ? this.highStreak + 1 : 0
    this.lowStreak = metric < LOW_ALARM_FRACTION * s.TargetValue ? this.lowStreak + 1 : 0
  }

  private start(i: number, direction: 'out' | 'in', to: number, startup: number, cause: string): void {
    const timeMs = this.startTime + i * MINUTE_MS
    const readyMinute = i + startup
    const activity: ScalingActivity = {
      variantName: this.variantName,
      direction,
      minute: i,
      time: toIso(timeMs),
      timeMs,
      fromCount: this.desired,
      toCount: to,
      readyMinute,
      readyTime: toIso(this.startTime + readyMinute * MINUTE_MS),
      cause
    }
    this.activities.push(activity)
    this.desired = to
    if (direction === 'in' || startup === 0) {
      this.serving = to
      if (direction === 'in') this.lastInDone = i
      else this.lastOutDone = i
    } else {
      this.pendingActivity = activity
      this.pendingReady = readyMinute
    }
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100
}
