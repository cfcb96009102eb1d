/**
 * The deployment state machine: which fleet runs which version, how many instances each has (what is
 * billed) and which share of the traffic each answers, minute by minute. A caller steps it once per
 * simulated minute with the alarm states at that moment: the stateless kernel (simulate.ts) feeds it
 * the states of its own alarms, a world can feed it the states of its CloudWatch alarms. It knows
 * nothing of metrics or money; it only decides.
 *
 * Blue/green (SageMaker developer guide, "Blue/Green Deployments", "Use all at once traffic shifting",
 * "Use canary traffic shifting", "Use linear traffic shifting"):
 * - SageMaker provisions the whole new (green) fleet first; it serves after the instance start-up time.
 * - Then it shifts traffic: ALL_AT_ONCE in one step; CANARY the canary's share, then the rest; LINEAR
 *   one step size at a time. "SageMaker deactivates the same size portion of the blue fleet": the old
 *   instances stay provisioned, so each instance keeps the same load.
 * - Every shift is followed by a baking period (WaitIntervalInSeconds), the last one too ("there is a
 *   final baking period"). "If any of the pre-specified alarms trip during any baking period, then all
 *   endpoint traffic rolls back to the blue fleet": at once, and the green fleet is terminated.
 * - After the final baking period the deployment is complete; the blue fleet is terminated after
 *   TerminationWaitInSeconds (BlueGreenUpdatePolicy API reference).
 *
 * Rolling (developer guide, "Use rolling deployments", How it works; RollingUpdatePolicy API
 * reference): SageMaker provisions one batch of new instances, shifts the matching share of traffic to
 * it, bakes, and after the baking period terminates a batch of old instances; then the next batch. On
 * an alarm "traffic rolls back to the old fleet in batches of the size you specify": each rollback step
 * provisions old capacity (reusing the old batch not yet terminated), turns traffic back on it and
 * terminates as many new instances; without RollbackMaximumBatchSize the whole old capacity comes back
 * in one step.
 *
 * Alarms trigger a rollback from the start of the deployment until it completes (AutoRollbackConfig:
 * "If any alarms are tripped during a deployment, SageMaker rolls back the deployment"; the auto-rollback
 * page adds that an alarm tripped by the old fleet stops the deployment too), not during the termination
 * wait. A deployment not complete by MaximumExecutionTimeoutInSeconds rolls back ("Exceeding this limit
 * causes a timeout").
 *
 * Without guardrails:
 * - IN_PLACE is the textbook all-at-once: every instance switches to the new version at once, on the
 *   same hosts, with no extra capacity; nothing rolls it back. Recovery is a second deployment somebody
 *   has to start (the optional operator below).
 * - SHADOW (developer guide, "Create a shadow test"): the production variant answers 100% of requests;
 *   the shadow variant, on its own instances, gets a copy of SamplingPercentage of them and answers
 *   nobody. It runs to the end of the window here (AWS's default test lasts 7 days).
 * - AB_TEST: two production variants; each answers VariantWeight / sum of weights of the traffic
 *   (ProductionVariant API reference), from when the new variant is in service; scheduled
 *   UpdateEndpointWeightsAndCapacities calls change the weights.
 *
 * The operator (sandbox-only, optional): someone who reacts to any alarm in ALARM after the new version
 * took traffic, `operatorResponseMinutes` later, once no deployment is in progress (UpdateEndpoint is
 * refused while the endpoint is Updating). In place they switch the instances back at once; after a
 * completed blue/green or rolling deployment they start a second deployment of the old version (a
 * default blue/green all-at-once: provision, then switch); in an A/B test they set the new variant's
 * weight to 0.
 *
 * Time: `step(m, signals)` decides the state for minute m (from m·60 s to (m+1)·60 s) from the alarm
 * states at the minute boundary m, i.e. as evaluated at the end of minute m − 1. What an alarm sees at
 * the end of a minute acts from the next minute, as in the world.
 */
import type { DeploymentPlan } from './config'

export type DeployStrategy = 'IN_PLACE' | 'BLUE_GREEN' | 'ROLLING' | 'SHADOW' | 'AB_TEST'
export const DEPLOY_STRATEGIES: readonly DeployStrategy[] = ['IN_PLACE', 'BLUE_GREEN', 'ROLLING', 'SHADOW', 'AB_TEST']

export type RolloutPhase =
  | 'PROVISIONING'
  | 'BAKING'
  | 'TERMINATION_WAIT'
  | 'ROLLING_BACK'
  | 'REDEPLOYING'
  | 'SHADOW_TESTING'
  | 'AB_TESTING'
  | 'COMPLETED'
  | 'ROLLED_BACK'

export type RolloutOutcome = 'COMPLETED' | 'ROLLED_BACK' | 'IN_PROGRESS'

/** One fleet (a version on its own instances) during one minute. */
export interface FleetAllocation {
  /** Instances billed: in service (active or idle) plus starting. */
  billed: number
  /** Instances that have started and can serve. */
  inService: number
  /** Instances that receive traffic (a subset of those in service). */
  active: number
  /** Share of the endpoint's requests this fleet answers, 0–1. */
  share: number
  /** Share of the endpoint's requests copied to this fleet without it answering them (a shadow variant). */
  copyShare: number
}

export type RolloutEventType =
  | 'DEPLOYMENT_STARTED'
  | 'PROVISIONING_STARTED'
  | 'FLEET_IN_SERVICE'
  | 'TRAFFIC_SHIFTED'
  | 'BAKING_STARTED'
  | 'BAKING_COMPLETED'
  | 'AUTO_ROLLBACK_ALARM'
  | 'DEPLOYMENT_TIMED_OUT'
  | 'ROLLBACK_STARTED'
  | 'ROLLBACK_STEP'
  | 'ROLLBACK_COMPLETED'
  | 'DEPLOYMENT_COMPLETED'
  | 'TERMINATION_WAIT_STARTED'
  | 'OLD_BATCH_TERMINATED'
  | 'OLD_FLEET_TERMINATED'
  | 'NEW_FLEET_TERMINATED'
  | 'SWITCHED_IN_PLACE'
  | 'SHADOW_TEST_STARTED'
  | 'WEIGHTS_UPDATED'
  | 'OPERATOR_ACTION'

export interface RolloutEvent {
  /** Minute boundary since the deployment started (0 = the UpdateEndpoint call). */
  minute: number
  type: RolloutEventType
  message: string
  alarmName?: string
}

export interface WeightChange {
  minute: number
  currentWeight: number
  newWeight: number
}

export interface RolloutSpec {
  strategy: DeployStrategy
  /** Instances of the current variant (and of the new fleet for blue/green, rolling and in place). */
  instanceCount: number
  /** Minutes a new instance takes before it serves. */
  startupMinutes: number
  /** BLUE_GREEN and ROLLING. */
  plan?: DeploymentPlan
  shadow?: { instanceCount: number; samplingPercentage: number }
  abTest?: { instanceCount: number; currentWeight: number; newWeight: number; weightChanges: WeightChange[] }
  /** Minutes between an alarm in ALARM and the operator's action; null: nobody acts. */
  operatorResponseMinutes?: number | null
  /** Keep the event list (off in the Monte Carlo). */
  recordEvents?: boolean
}

/** What the caller tells the rollout at each minute boundary. */
export interface RolloutSignals {
  /** Auto-rollback alarms (AutoRollbackConfiguration.Alarms) in ALARM now. */
  autoRollbackAlarmsInAlarm: readonly string[]
  /** Whether any alarm the operator watches is in ALARM now. */
  anyAlarmInAlarm: boolean
}

const NO_SIGNALS: RolloutSignals = { autoRollbackAlarmsInAlarm: [], anyAlarmInAlarm: false }

export class Rollout {
  readonly spec: RolloutSpec
  /** The version in service before the deployment (blue fleet, production variant). */
  readonly current: FleetAllocation = { billed: 0, inService: 0, active: 0, share: 0, copyShare: 0 }
  /** The new version (green fleet, new batches, shadow or candidate variant). */
  readonly candidate: FleetAllocation = { billed: 0, inService: 0, active: 0, share: 0, copyShare: 0 }
  phase: RolloutPhase = 'PROVISIONING'
  readonly events: RolloutEvent[] = []
  /** The minute last stepped (−1 before the first step). */
  minute = -1

  // Timings, in minute boundaries since the start; NaN when it did not happen.
  /** First minute the new version answered users. */
  candidateServedAt = NaN
  /** First minute the new version received any traffic (answered or copied). */
  candidateTrafficAt = NaN
  /** The minute the new version stopped answering users, if it has not answered since. */
  candidateStoppedAt = NaN
  /** First boundary with an alarm in ALARM after the new version took traffic. */
  alarmSeenAt = NaN
  rollbackStartedAt = NaN
  /** When the rollout reached COMPLETED or ROLLED_BACK. */
  finishedAt = NaN
  /** Most instances billed at once. */
  peakBilled = 0
  /** Why the rollback happened: an alarm name, 'timeout' or 'operator'. */
  rollbackCause: string | null = null

  private readonly N: number
  private readonly S: number
  private readonly record: boolean
  // Blue/green and rolling.
  private nextAt = 0
  private stepIndex = 0
  private timeoutAt = Infinity
  // Rolling: new batch starting, old capacity starting during a rollback.
  private candidatePending = 0
  private currentPending = 0
  private rollbackBatch = 0
  // Shadow and A/B.
  private currentWeight = 1
  private newWeight = 1
  private weightIndex = 0
  private operatorDone = false

  constructor(spec: RolloutSpec) {
    this.spec = spec
    this.N = spec.instanceCount
    this.S = spec.startupMinutes
    this.record = spec.recordEvents ?? true
    if ((spec.strategy === 'BLUE_GREEN' || spec.strategy === 'ROLLING') && spec.plan?.kind !== spec.strategy) {
      throw new Error(`Rollout: strategy ${spec.strategy} needs a ${spec.strategy} plan`)
    }
  }

  get outcome(): RolloutOutcome {
    return this.phase === 'COMPLETED' ? 'COMPLETED' : this.phase === 'ROLLED_BACK' ? 'ROLLED_BACK' : 'IN_PROGRESS'
  }

  /** Total instances billed this minute. */
  get billed(): number {
    return this.current.billed + this.candidate.billed
  }

  /** Decides minute `m` (the next one) from the alarm states at its start. */
  step(m: number, signals: RolloutSignals = NO_SIGNALS): void {
    if (m !== this.minute + 1) throw new Error(`Rollout.step: expected minute ${this.minute + 1}, got ${m}`)
    this.minute = m
    if (m === 0) this.start()
    if (this.candidateTrafficAt < m && signals.anyAlarmInAlarm && this.alarmSeenAt !== this.alarmSeenAt) this.alarmSeenAt = m
    switch (this.spec.strategy) {
      case 'BLUE_GREEN':
        this.stepBlueGreen(m, signals)
        break
      case 'ROLLING':
        this.stepRolling(m, signals)
        break
      case 'AB_TEST':
        this.stepAbTest(m)
        break
      case 'SHADOW':
        this.stepShadow(m)
        break
      case 'IN_PLACE':
        break
    }
    this.stepOperator(m)
    this.route(m)
  }

  // ---- the start --------------------------------------------------------------------------------

  private start(): void {
    const N = this.N
    const c = this.current
    c.billed = c.inService = c.active = N
    const strategy = this.spec.strategy
    if (strategy === 'IN_PLACE') {
      c.billed = c.inService = c.active = 0
      const n = this.candidate
      n.billed = n.inService = n.active = N
      this.phase = 'COMPLETED'
      this.finishedAt = 0
      this.emit(0, 'SWITCHED_IN_PLACE', `UpdateEndpoint in place: all ${N} instance${N === 1 ? '' : 's'} switched to the new version at once; no extra capacity and no rollback`)
      return
    }
    this.emit(0, 'DEPLOYMENT_STARTED', this.startMessage())
    if (strategy === 'BLUE_GREEN') {
      const plan = this.spec.plan!
      this.candidate.billed = N
      this.candidatePending = N
      this.nextAt = this.S
      this.timeoutAt = plan.timeoutMinutes
      this.emit(0, 'PROVISIONING_STARTED', `Provisioning the new (green) fleet: ${N} instance${N === 1 ? '' : 's'}, in service in ${this.S} min`)
    } else if (strategy === 'ROLLING') {
      const plan = this.spec.plan!
      this.timeoutAt = plan.timeoutMinutes
      this.provisionBatch(0)
    } else if (strategy === 'SHADOW') {
      const s = this.spec.shadow!
      this.candidate.billed = s.instanceCount
      this.candidatePending = s.instanceCount
      this.nextAt = this.S
      this.emit(0, 'PROVISIONING_STARTED', `Provisioning the shadow variant: ${s.instanceCount} instance${s.instanceCount === 1 ? '' : 's'}, in service in ${this.S} min`)
    } else {
      const ab = this.spec.abTest!
      this.currentWeight = ab.currentWeight
      this.newWeight = ab.newWeight
      this.candidate.billed = ab.instanceCount
      this.candidatePending = ab.instanceCount
      this.nextAt = this.S
      this.emit(0, 'PROVISIONING_STARTED', `Provisioning the new production variant: ${ab.instanceCount} instance${ab.instanceCount === 1 ? '' : 's'}, in service in ${this.S} min`)
    }
    this.phase = 'PROVISIONING'
  }

  private startMessage(): string {
    switch (this.spec.strategy) {
      case 'SHADOW':
        return `Shadow test: the production variant keeps answering every request; the shadow variant gets a copy of ${this.spec.shadow!.samplingPercentage}% of them`
      case 'AB_TEST':
        return `A/B test: a second production variant with the new version, weights ${this.spec.abTest!.currentWeight} (current) and ${this.spec.abTest!.newWeight} (new)`
      default:
        return `UpdateEndpoint with DeploymentConfig: ${this.spec.strategy === 'ROLLING' ? 'RollingUpdatePolicy' : `BlueGreenUpdatePolicy, ${(this.spec.plan as { routing: string }).routing}`}`
    }
  }

  // ---- blue/green --------------------------------------------------------------------------------

  private stepBlueGreen(m: number, signals: RolloutSignals): void {
    const plan = this.spec.plan as Extract<DeploymentPlan, { kind: 'BLUE_GREEN' }>
    if ((this.phase === 'PROVISIONING' || this.phase === 'BAKING') && this.tripped(m, signals)) {
      this.rollBackBlueGreen(m)
      return
    }
    // Several transitions can fall on one boundary (a baking period of 0 minutes).
    for (;;) {
      if (this.phase === 'PROVISIONING' && m >= this.nextAt) {
        const n = this.candidate
        n.inService = this.N
        this.candidatePending = 0
        this.emit(m, 'FLEET_IN_SERVICE', `The new fleet is in service (${this.N} instance${this.N === 1 ? '' : 's'})`)
        this.shiftTo(m, plan.steps[0], plan)
      } else if (this.phase === 'BAKING' && m >= this.nextAt) {
        this.emit(m, 'BAKING_COMPLETED', `Baking period ${this.stepIndex + 1} of ${plan.steps.length} ended with no auto-rollback alarm in ALARM`)
        if (this.stepIndex + 1 < plan.steps.length) {
          this.stepIndex++
          this.shiftTo(m, plan.steps[this.stepIndex], plan)
        } else {
          this.emit(m, 'DEPLOYMENT_COMPLETED', 'Deployment complete: the new fleet serves all traffic')
          if (plan.terminationWaitMinutes > 0) {
            this.phase = 'TERMINATION_WAIT'
            this.nextAt = m + plan.terminationWaitMinutes
            this.emit(m, 'TERMINATION_WAIT_STARTED', `TerminationWaitInSeconds: the old fleet stays provisioned for ${plan.terminationWaitMinutes} min before it is terminated`)
          } else {
            this.terminateOld(m)
          }
        }
      } else if (this.phase === 'TERMINATION_WAIT' && m >= this.nextAt) {
        this.terminateOld(m)
      } else {
        break
      }
    }
    if ((this.phase === 'PROVISIONING' || this.phase === 'BAKING') && m >= this.timeoutAt) {
      this.rollbackCause = 'timeout'
      this.emit(m, 'DEPLOYMENT_TIMED_OUT', `MaximumExecutionTimeoutInSeconds reached (${this.timeoutAt} min) before the deployment completed`)
      this.rollBackBlueGreen(m)
    }
  }

  private shiftTo(m: number, active: number, plan: Extract<DeploymentPlan, { kind: 'BLUE_GREEN' }>): void {
    this.candidate.active = active
    this.current.active = this.N - active
    this.phase = 'BAKING'
    this.nextAt = m + plan.waitMinutes
    const pct = Math.round((100 * active) / this.N)
    this.emit(m, 'TRAFFIC_SHIFTED', `Traffic shift ${this.stepIndex + 1} of ${plan.steps.length}: ${active} of ${this.N} new instance${this.N === 1 ? '' : 's'} turned on, ${pct}% of traffic to the new fleet`)
    this.emit(m, 'BAKING_STARTED', `Baking period started: ${plan.waitMinutes} min of alarm monitoring`)
  }

  private rollBackBlueGreen(m: number): void {
    this.startRollback(m)
    const c = this.current
    c.active = c.inService = c.billed = this.N
    const n = this.candidate
    n.billed = n.inService = n.active = 0
    this.candidatePending = 0
    this.emit(m, 'NEW_FLEET_TERMINATED', 'The new fleet is terminated')
    this.finishRollback(m, 'All traffic is back on the old (blue) fleet')
  }

  private terminateOld(m: number): void {
    const c = this.current
    c.billed = c.inService = c.active = 0
    this.phase = 'COMPLETED'
    this.finishedAt = m
    this.emit(m, 'OLD_FLEET_TERMINATED', 'The old (blue) fleet is terminated')
  }

  // ---- rolling -----------------------------------------------------------------------------------

  private stepRolling(m: number, signals: RolloutSignals): void {
    const plan = this.spec.plan as Extract<DeploymentPlan, { kind: 'ROLLING' }>
    if ((this.phase === 'PROVISIONING' || this.phase === 'BAKING') && this.tripped(m, signals)) {
      this.beginRollingRollback(m)
    } else if ((this.phase === 'PROVISIONING' || this.phase === 'BAKING') && m >= this.timeoutAt && !this.completesAt(m)) {
      this.rollbackCause = 'timeout'
      this.emit(m, 'DEPLOYMENT_TIMED_OUT', `MaximumExecutionTimeoutInSeconds reached (${this.timeoutAt} min) before the deployment completed`)
      this.beginRollingRollback(m)
    }
    for (;;) {
      if (this.phase === 'PROVISIONING' && m >= this.nextAt) {
        const b = this.candidatePending
        const n = this.candidate
        n.inService += b
        n.active += b
        this.current.active -= b
        this.candidatePending = 0
        this.phase = 'BAKING'
        this.nextAt = m + plan.waitMinutes
        const pct = Math.round((100 * n.active) / this.N)
        this.emit(m, 'TRAFFIC_SHIFTED', `Batch ${this.stepIndex + 1}: ${b} new instance${b === 1 ? '' : 's'} in service and turned on; ${pct}% of traffic on the new version`)
        this.emit(m, 'BAKING_STARTED', `Baking period started: ${plan.waitMinutes} min of alarm monitoring for this batch`)
      } else if (this.phase === 'BAKING' && m >= this.nextAt) {
        const c = this.current
        const idle = c.inService - c.active
        c.billed -= idle
        c.inService -= idle
        this.emit(m, 'BAKING_COMPLETED', `Baking period of batch ${this.stepIndex + 1} ended with no auto-rollback alarm in ALARM`)
        this.emit(m, 'OLD_BATCH_TERMINATED', `${idle} old instance${idle === 1 ? '' : 's'} terminated`)
        if (this.candidate.active >= this.N) {
          this.phase = 'COMPLETED'
          this.finishedAt = m
          this.emit(m, 'DEPLOYMENT_COMPLETED', 'Deployment complete: every instance runs the new version')
        } else {
          this.stepIndex++
          this.provisionBatch(m)
        }
      } else if (this.phase === 'ROLLING_BACK' && m >= this.nextAt) {
        if (!this.rollbackStep(m)) break
      } else {
        break
      }
    }
  }

  /** True when the rolling deployment reaches completion at boundary m (it is not timed out then). */
  private completesAt(m: number): boolean {
    return this.phase === 'BAKING' && m >= this.nextAt && this.candidate.active >= this.N
  }

  private provisionBatch(m: number): void {
    const plan = this.spec.plan as Extract<DeploymentPlan, { kind: 'ROLLING' }>
    const b = Math.min(plan.batchSize, this.N - this.candidate.active)
    this.candidate.billed += b
    this.candidatePending = b
    this.phase = 'PROVISIONING'
    this.nextAt = m + this.S
    this.emit(m, 'PROVISIONING_STARTED', `Batch ${this.stepIndex + 1}: provisioning ${b} new instance${b === 1 ? '' : 's'}, in service in ${this.S} min`)
  }

  private beginRollingRollback(m: number): void {
    const plan = this.spec.plan as Extract<DeploymentPlan, { kind: 'ROLLING' }>
    this.startRollback(m)
    // A batch still starting is cancelled.
    const n = this.candidate
    n.billed -= this.candidatePending
    this.candidatePending = 0
    this.rollbackBatch = plan.rollbackBatchSize
    if (n.active === 0) {
      // The first batch had not taken traffic yet: nothing to move back.
      n.billed = n.inService = 0
      this.emit(m, 'NEW_FLEET_TERMINATED', 'The new instances are terminated')
      this.finishRollback(m, 'The old fleet never stopped serving')
      return
    }
    this.nextAt = m
    this.prepareRollbackStep(m)
  }

  /** Starts old capacity for the next rollback step: reuses old instances not yet terminated, provisions the rest. */
  private prepareRollbackStep(m: number): void {
    const n = this.candidate
    const c = this.current
    const r = Math.min(this.rollbackBatch, n.active)
    const idle = c.inService - c.active
    const need = Math.max(0, r - idle)
    if (need > 0) {
      c.billed += need
      this.currentPending = need
      this.nextAt = m + this.S
      this.emit(m, 'PROVISIONING_STARTED', `Rollback: provisioning ${need} old-version instance${need === 1 ? '' : 's'}, in service in ${this.S} min`)
    } else {
      this.nextAt = m
    }
  }

  /** Moves one rollback batch back to the old version; false when nothing happened at m. */
  private rollbackStep(m: number): boolean {
    const n = this.candidate
    const c = this.current
    if (n.active === 0) return false
    c.inService += this.currentPending
    this.currentPending = 0
    const r = Math.min(this.rollbackBatch, n.active)
    c.active += r
    n.active -= r
    n.inService -= r
    n.billed -= r
    this.emit(m, 'ROLLBACK_STEP', `Rollback step: ${r} old-version instance${r === 1 ? '' : 's'} turned on, ${r} new instance${r === 1 ? '' : 's'} terminated; ${Math.round((100 * n.active) / this.N)}% of traffic left on the new version`)
    if (n.active === 0) {
      n.billed = n.inService = 0
      this.emit(m, 'NEW_FLEET_TERMINATED', 'The last new instances are terminated')
      this.finishRollback(m, 'Every instance runs the old version again')
      return false
    }
    this.prepareRollbackStep(m)
    return true
  }

  // ---- shadow and A/B ----------------------------------------------------------------------------

  private stepShadow(m: number): void {
    if (this.phase === 'PROVISIONING' && m >= this.nextAt) {
      const n = this.candidate
      n.inService = n.active = n.billed
      this.candidatePending = 0
      this.phase = 'SHADOW_TESTING'
      this.emit(m, 'SHADOW_TEST_STARTED', `The shadow variant is in service and receives a copy of ${this.spec.shadow!.samplingPercentage}% of requests; its responses are discarded`)
    }
  }

  private stepAbTest(m: number): void {
    const ab = this.spec.abTest!
    if (this.phase === 'PROVISIONING' && m >= this.nextAt) {
      const n = this.candidate
      n.inService = n.active = n.billed
      this.candidatePending = 0
      this.phase = 'AB_TESTING'
      this.emit(m, 'FLEET_IN_SERVICE', `The new production variant is in service; traffic splits by VariantWeight: ${this.splitText()}`)
    }
    while (this.weightIndex < ab.weightChanges.length && ab.weightChanges[this.weightIndex].minute <= m) {
      const w = ab.weightChanges[this.weightIndex++]
      if (this.operatorDone) continue
      this.currentWeight = w.currentWeight
      this.newWeight = w.newWeight
      this.emit(m, 'WEIGHTS_UPDATED', `UpdateEndpointWeightsAndCapacities: weights ${w.currentWeight} (current) and ${w.newWeight} (new): ${this.splitText()}`)
    }
  }

  private splitText(): string {
    const total = this.currentWeight + this.newWeight
    return `${fmtPct(this.currentWeight / total)} current, ${fmtPct(this.newWeight / total)} new`
  }

  // ---- the operator ------------------------------------------------------------------------------

  private stepOperator(m: number): void {
    const response = this.spec.operatorResponseMinutes
    if (response === undefined || response === null || this.operatorDone) return
    if (this.alarmSeenAt !== this.alarmSeenAt || m < this.alarmSeenAt + response) return
    const strategy = this.spec.strategy
    if (strategy === 'SHADOW') return
    if (this.candidate.share === 0 && this.candidate.active === 0) return
    if (strategy === 'AB_TEST') {
      if (this.phase !== 'AB_TESTING') return
      this.operatorDone = true
      this.newWeight = 0
      if (this.currentWeight === 0) this.currentWeight = 1
      this.rollbackCause = 'operator'
      this.rollbackStartedAt = m
      this.emit(m, 'OPERATOR_ACTION', 'The operator calls UpdateEndpointWeightsAndCapacities: the new variant\'s weight is set to 0')
      this.finishRollback(m, 'The current variant answers all traffic; the new variant keeps its instances')
      return
    }
    if (this.phase !== 'COMPLETED') return
    this.operatorDone = true
    this.rollbackCause = 'operator'
    this.rollbackStartedAt = m
    if (strategy === 'IN_PLACE') {
      this.emit(m, 'OPERATOR_ACTION', 'The operator starts a second in-place deployment of the old version')
      const c = this.current
      c.billed = c.inService = c.active = this.N
      const n = this.candidate
      n.billed = n.inService = n.active = 0
      this.emit(m, 'SWITCHED_IN_PLACE', `All ${this.N} instance${this.N === 1 ? '' : 's'} switched back to the old version`)
      this.finishRollback(m, 'The old version is back in service')
      return
    }
    // A second UpdateEndpoint with the old configuration and no update policy: blue/green, all at once.
    this.phase = 'REDEPLOYING'
    this.current.billed = this.N
    this.currentPending = this.N
    this.nextAt = m + this.S
    this.emit(m, 'OPERATOR_ACTION', `The operator starts a second deployment with the old version (blue/green, all at once): ${this.N} instance${this.N === 1 ? '' : 's'}, in service in ${this.S} min`)
  }

  private stepRedeploy(m: number): void {
    if (this.phase !== 'REDEPLOYING' || m < this.nextAt) return
    const c = this.current
    c.inService = c.active = this.N
    this.currentPending = 0
    const n = this.candidate
    n.billed = n.inService = n.active = 0
    this.emit(m, 'NEW_FLEET_TERMINATED', 'The fleet with the defective version is terminated')
    this.finishRollback(m, 'The old version serves all traffic again')
  }

  // ---- shared ------------------------------------------------------------------------------------

  /** True when an auto-rollback alarm is in ALARM at m; records the cause. */
  private tripped(m: number, signals: RolloutSignals): boolean {
    const names = signals.autoRollbackAlarmsInAlarm
    if (names.length === 0) return false
    this.rollbackCause = names[0]
    for (const name of names) this.emit(m, 'AUTO_ROLLBACK_ALARM', `Auto-rollback alarm ${name} is in ALARM`, name)
    return true
  }

  private startRollback(m: number): void {
    this.rollbackStartedAt = m
    this.phase = 'ROLLING_BACK'
    const why = this.rollbackCause === 'timeout' ? 'the deployment timed out' : `alarm ${this.rollbackCause} is in ALARM`
    this.emit(m, 'ROLLBACK_STARTED', `Rollback started: ${why}`)
  }

  private finishRollback(m: number, message: string): void {
    this.phase = 'ROLLED_BACK'
    this.finishedAt = m
    this.emit(m, 'ROLLBACK_COMPLETED', message)
  }

  /** Sets every fleet's traffic share for minute m and the timings that depend on it. */
  private route(m: number): void {
    if (this.phase === 'REDEPLOYING') this.stepRedeploy(m)
    const c = this.current
    const n = this.candidate
    const strategy = this.spec.strategy
    if (strategy === 'SHADOW') {
      c.share = 1
      n.share = 0
      n.copyShare = n.active > 0 ? this.spec.shadow!.samplingPercentage / 100 : 0
    } else if (strategy === 'AB_TEST') {
      const total = this.currentWeight + (n.active > 0 ? this.newWeight : 0)
      n.share = n.active > 0 ? this.newWeight / total : 0
      c.share = 1 - n.share
      c.active = c.inService
    } else {
      const total = c.active + n.active
      n.share = total > 0 ? n.active / total : 0
      c.share = total > 0 ? c.active / total : 1
    }
    if ((n.share > 0 || n.copyShare > 0) && this.candidateTrafficAt !== this.candidateTrafficAt) this.candidateTrafficAt = m
    if (n.share > 0) {
      if (this.candidateServedAt !== this.candidateServedAt) this.candidateServedAt = m
      this.candidateStoppedAt = NaN
    } else if (this.candidateServedAt === this.candidateServedAt && this.candidateStoppedAt !== this.candidateStoppedAt) {
      this.candidateStoppedAt = m
    }
    const billed = c.billed + n.billed
    if (billed > this.peakBilled) this.peakBilled = billed
  }

  private emit(minute: number, type: RolloutEventType, message: string, alarmName?: string): void {
    if (!this.record) return
    this.events.push(alarmName === undefined ? { minute, type, message } : { minute, type, message, alarmName })
  }
}

function fmtPct(x: number): string {
  return `${Math.round(1000 * x) / 10}%`
}
