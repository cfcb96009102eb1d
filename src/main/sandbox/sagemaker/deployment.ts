/**
 * A guarded deployment on a world's endpoint: UpdateEndpoint with DeploymentConfig (SageMaker API
 * Reference: UpdateEndpoint, DeploymentConfig; developer guide, "Deployment guardrails", "Blue/Green
 * Deployments", "Use rolling deployments", "Auto-Rollback Configuration and Monitoring").
 *
 * The rules are the deployment kernel's, not repeated here: `planDeployment` (deploy/config.ts)
 * validates the DeploymentConfig with AWS's names and ranges, and the kernel's `Rollout` state machine
 * (deploy/rollout.ts) decides, minute by minute, how many instances each fleet has, how many answer
 * traffic and which share each gets. What this file adds is the world's side:
 * - the alarms are the world's own CloudWatch alarms. SageMaker hears their state changes as world
 *   events (AlarmStateChanged, delivered after CloudWatch evaluated the minute), so an alarm that goes
 *   to ALARM at the end of minute m − 1 acts on the rollout at minute m, as step scaling does;
 * - the fleets are the endpoint's (workload/endpoint.ts): they serve the world's traffic, publish their
 *   metrics with EndpointConfigName and together under the variant, and Billing bills both;
 * - EndpointStatus (DescribeEndpoint): Updating while the deployment runs (through the termination
 *   wait), RollingBack while traffic moves back, InService when it is over; each change is a
 *   "SageMaker Endpoint State Change" event.
 */
import { MINUTE_MS } from '../core/time'
import { describePlan, type DeploymentPlan } from '../deploy/config'
import { Rollout, type RolloutOutcome, type RolloutPhase } from '../deploy/rollout'
import type { FleetView } from '../workload'

export interface DeploymentFleetSummary extends Omit<FleetView, 'totals'> {
  role: 'blue' | 'green'
  requests: number
  errors5xx: number
  degraded: number
  costUsd: number
}

/** What the console shows of a deployment. */
export interface DeploymentSummary {
  strategy: 'BLUE_GREEN' | 'ROLLING'
  /** The DeploymentConfig as SageMaker holds it (defaults filled in). */
  DeploymentConfig: Record<string, unknown>
  description: string
  startedAt: number
  phase: RolloutPhase
  outcome: RolloutOutcome
  finishedAt: number | null
  /** The alarm that rolled it back, "timeout", or null. */
  rollbackReason: string | null
  alarmNames: string[]
  alarmsInAlarm: string[]
  /** Blue/green traffic steps: instances of the new fleet turned on at each shift, and the share. */
  steps: { instances: number; share: number }[]
  fleets: DeploymentFleetSummary[]
  events: { at: number; type: string; message: string }[]
}

export class EndpointDeployment {
  readonly plan: DeploymentPlan
  readonly startedAt: number
  readonly oldConfigName: string
  readonly newConfigName: string
  readonly rollout: Rollout
  /** Auto-rollback alarms in ALARM, as SageMaker last heard. */
  private readonly inAlarm = new Set<string>()
  /** The fleets as they were when the deployment ended (the console shows them afterwards). */
  finalFleets: DeploymentFleetSummary[] | null = null

  constructor(opts: { plan: DeploymentPlan; startedAt: number; startupMinutes: number; oldConfigName: string; newConfigName: string; alarmsInAlarm: readonly string[] }) {
    this.plan = opts.plan
    this.startedAt = opts.startedAt
    this.oldConfigName = opts.oldConfigName
    this.newConfigName = opts.newConfigName
    this.rollout = new Rollout({ strategy: opts.plan.kind, instanceCount: opts.plan.instanceCount, startupMinutes: opts.startupMinutes, plan: opts.plan, recordEvents: true })
    for (const name of opts.alarmsInAlarm) if (opts.plan.alarmNames.includes(name)) this.inAlarm.add(name)
  }

  get running(): boolean {
    return this.rollout.outcome === 'IN_PROGRESS'
  }

  /** An alarm changed state (world event). */
  alarmChanged(name: string, state: string): void {
    if (!this.plan.alarmNames.includes(name)) return
    if (state === 'ALARM') this.inAlarm.add(name)
    else this.inAlarm.delete(name)
  }

  /** Decides the minute starting at `now`; returns its index from the start. */
  step(now: number): number {
    const m = Math.round((now - this.startedAt) / MINUTE_MS)
    // In the order the alarms were named, so the reason names the first one (as the kernel does).
    const tripped = this.plan.alarmNames.filter((n) => this.inAlarm.has(n))
    this.rollout.step(m, { autoRollbackAlarmsInAlarm: tripped, anyAlarmInAlarm: tripped.length > 0 })
    return m
  }

  summary(liveFleets: DeploymentFleetSummary[] | null): DeploymentSummary {
    const r = this.rollout
    const plan = this.plan
    const N = plan.instanceCount
    return {
      strategy: plan.kind,
      DeploymentConfig: plan.config as unknown as Record<string, unknown>,
      description: describePlan(plan),
      startedAt: this.startedAt,
      phase: r.phase,
      outcome: r.outcome,
      finishedAt: r.finishedAt === r.finishedAt ? this.startedAt + r.finishedAt * MINUTE_MS : null,
      rollbackReason: r.rollbackCause,
      alarmNames: [...plan.alarmNames],
      alarmsInAlarm: plan.alarmNames.filter((n) => this.inAlarm.has(n)),
      steps: plan.kind === 'BLUE_GREEN' ? plan.steps.map((k) => ({ instances: k, share: k / N })) : [],
      fleets: liveFleets ?? this.finalFleets ?? [],
      events: r.events.map((e) => ({ at: this.startedAt + e.minute * MINUTE_MS, type: e.type, message: e.message }))
    }
  }
}

export function fleetSummaries(fleets: { blue: FleetView; green: FleetView }): DeploymentFleetSummary[] {
  return (['blue', 'green'] as const).map((role) => {
    const { totals, ...f } = fleets[role]
    return { role, ...f, requests: totals.requests, errors5xx: totals.errors5xx, degraded: totals.degraded, costUsd: totals.costUsd }
  })
}
