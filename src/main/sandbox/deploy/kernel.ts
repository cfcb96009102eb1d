/**
 * One release of a new model version on the simulated endpoint, minute by minute over the window:
 * the rollout decides (rollout.ts), the fleets serve (fleet.ts), the alarms evaluate at the end of
 * each of their periods (alarms.ts), and what an alarm sees acts from the next minute. `deploy.simulate`
 * runs it once with everything recorded; `deploy.compare` runs it thousands of times with nothing
 * recorded but the summary, reusing its buffers.
 *
 * What the summary counts (over the whole window, so strategies compare):
 * - requestsTotal: requests users sent; requestsFailed: those answered with a 5XX (model errors and
 *   timeouts); requestsServed: the rest. A shadow variant's copies are counted apart (shadowRequests).
 * - requestsDegraded: answered without error by a version with a quality drop; requestsSlowed: by a
 *   version with a latency regression. requestsAffected = failed + answers the defective version
 *   degraded or slowed, each request once.
 * - timeToDetectSeconds: from the first minute the new version received traffic to the first minute
 *   boundary with any alarm in ALARM; null for a healthy version or when no alarm fired.
 * - timeToRecoverSeconds: from the first minute the new version answered users to the moment it
 *   answered none again; null for a healthy version, or when it still answered at the window's end.
 * - durationSeconds: until the deployment reached COMPLETED (old fleet terminated) or ROLLED_BACK;
 *   null while still IN_PROGRESS at the window's end.
 * - instanceSeconds and costUSD: every billed instance-minute in the window, at the catalog's
 *   illustrative on-demand price; baselineCostUSD: the endpoint's own instances over the window.
 */
import type { InstanceType } from '../catalog/instances'
import { STATE_ALARM } from '../cloudwatch/alarm-evaluator'
import { normalQuantile } from '../cloudwatch/normal'
import type { AlarmState } from '../cloudwatch/types'
import type { Rng } from '../core/rng'
import type { ServingPlan } from '../workload/model'
import { AlarmRuntime, Datapoint, minuteDatapoint, type DeployNames, type KernelAlarm } from './alarms'
import type { DeploymentPlan } from './config'
import { BASELINE_ACCURACY, FleetMinute, FleetModel, fleetStreams, simulateFleetMinute, slowerPlan, type FleetNeeds, type FleetStreams, type VersionModel } from './fleet'
import { Rollout, type DeployStrategy, type FleetAllocation, type RolloutEventType, type RolloutOutcome, type RolloutPhase, type WeightChange } from './rollout'

export interface DeployScenario {
  strategy: DeployStrategy
  names: DeployNames
  instance: InstanceType
  /** How the instance type serves the current version. */
  plan: ServingPlan
  instanceCount: number
  /** Expected requests per minute. */
  rpm: number
  horizonMinutes: number
  startupMinutes: number
  deployment: DeploymentPlan | null
  shadow: { instanceCount: number; samplingPercentage: number } | null
  abTest: { instanceCount: number; currentWeight: number; newWeight: number; weightChanges: WeightChange[] } | null
  operatorResponseMinutes: number | null
  alarms: KernelAlarm[]
  /** Epoch ms of the deployment's start (the times alarm reasons print). */
  startTimeMs: number
}

export interface NewVersionSpec {
  /** Share of answered requests that fail with a 5XX, 0–1. */
  errorRate: number
  /** Service time multiplier, ≥ 1. */
  latencyMultiplier: number
  /** Relative drop in accuracy, 0–1. */
  qualityDrop: number
}

export interface ReleaseSummary {
  outcome: RolloutOutcome
  defective: boolean
  requestsTotal: number
  requestsServed: number
  requestsFailed: number
  requestsDegraded: number
  requestsSlowed: number
  requestsAffected: number
  shadowRequests: number
  shadowErrors: number
  timeToDetectSeconds: number | null
  timeToRecoverSeconds: number | null
  durationSeconds: number | null
  peakInstances: number
  instanceSeconds: number
  costUSD: number
  baselineCostUSD: number
  /** An alarm name, 'timeout' or 'operator'; null when nothing rolled back. */
  rollbackCause: string | null
  /** Whether the new version answered users at all, and whether it still did in the window's last minute. */
  newVersionServedUsers: boolean
  newVersionServingAtEnd: boolean
}

export interface FleetView {
  billedInstances: number
  inServiceInstances: number
  activeInstances: number
  trafficShare: number
  copyShare: number
  requests: number
  errors5xx: number
  /** ModelLatency of the minute's answers, ms; null without answers. */
  latencyMeanMs: number | null
  latencyP99Ms: number | null
  /** CPUUtilization averaged over the fleet's instances (0–100 × vCPU); null without instances. */
  cpuUtilization: number | null
  /** Share of correct answers; null without answers. */
  accuracy: number | null
}

export interface TimelineMinute {
  minute: number
  atSeconds: number
  phase: RolloutPhase
  current: FleetView
  new: FleetView
  /** Users' requests, their 5XX errors and error rate; p99 ModelLatency of the answers users got, ms. */
  requests: number
  errors5xx: number
  errorRate: number
  latencyP99Ms: number | null
  /** Each alarm's state after its evaluation at the end of this minute, in the order of `alarms`. */
  alarmStates: AlarmState[]
}

export type DeployEventType = RolloutEventType | 'ALARM_STATE_CHANGED'

export interface DeployEvent {
  atSeconds: number
  type: DeployEventType
  message: string
  alarmName?: string
}

export interface ReleaseResult {
  summary: ReleaseSummary
  timeline: TimelineMinute[] | null
  events: DeployEvent[] | null
}

const Z99 = normalQuantile(0.99)

/** A stream that draws nothing: expected values, for the minutes before the deployment. */
const NOISE_FREE: Rng = {
  seedKey: 'noise-free',
  next: () => 0.5,
  int: (lo: number) => lo,
  normal: () => 0,
  poisson: (lambda: number) => Math.round(lambda),
  binomial: (n: number, p: number) => Math.round(n * p),
  fork: () => NOISE_FREE
}
const NOISE_FREE_STREAMS: FleetStreams = { requests: NOISE_FREE, latency: NOISE_FREE, overhead: NOISE_FREE, accuracy: NOISE_FREE }
/** Bound once: an imported binding costs a getter call per use under the CommonJS transform (endpoint.ts). */
const ALARM = STATE_ALARM
const datapointOf = minuteDatapoint
const simulateFleet = simulateFleetMinute

export class DeployKernel {
  readonly scenario: DeployScenario
  private readonly alarms: AlarmRuntime[]
  private readonly currentModel: FleetModel
  private readonly newModel: FleetModel
  private readonly currentVersion: VersionModel
  private readonly fmCurrent = new FleetMinute()
  private readonly fmNew = new FleetMinute()
  private readonly dp = new Datapoint()
  private readonly lookbackCurrent = new FleetMinute()
  private readonly lookbackNew = new FleetMinute()
  /** What each fleet draws in a summary-only run: only what an alarm on it reads (see the constructor). */
  private readonly needsCurrent: FleetNeeds
  private readonly needsNew: FleetNeeds
  /** A recorded run draws everything, for the timeline. */
  private readonly recordNeeds: FleetNeeds
  /** Whether the current fleet's arrivals are drawn in a summary-only run. */
  private readonly drawCurrentArrivals: boolean
  private readonly inAlarm: string[] = []

  constructor(scenario: DeployScenario) {
    this.scenario = scenario
    this.alarms = scenario.alarms.map((a) => new AlarmRuntime(a, scenario.horizonMinutes))
    this.currentModel = new FleetModel(scenario.instance)
    this.newModel = new FleetModel(scenario.instance)
    this.currentVersion = { plan: scenario.plan, errorRate: 0, accuracy: BASELINE_ACCURACY, degradesAnswers: false }
    // A fleet draws a quantity only when an alarm that watches it reads it. The current version never
    // fails (it is healthy on a fleet that keeps up, as validated, and no strategy gives it more load
    // per instance than before the deployment), so unless an alarm watches it, summary-only runs count
    // its requests at their expected number instead of drawing them.
    const reads = (scopes: string[]): FleetNeeds => {
      const on = scenario.alarms.filter((a) => scopes.includes(a.scope)).map((a) => a.metric)
      return { latency: on.includes('ModelLatency'), overhead: on.includes('OverheadLatency'), errors4xx: on.includes('Invocation4XXErrors'), accuracy: false }
    }
    this.needsCurrent = reads(['current', 'both'])
    this.needsNew = reads(['new', 'both'])
    this.drawCurrentArrivals = scenario.alarms.some((a) => a.scope !== 'new')
    this.recordNeeds = { latency: true, overhead: scenario.alarms.some((a) => a.metric === 'OverheadLatency'), errors4xx: scenario.alarms.some((a) => a.metric === 'Invocation4XXErrors'), accuracy: true }
    // Before the deployment the current fleet serves everything, in its steady state.
    const full: FleetAllocation = { billed: scenario.instanceCount, inService: scenario.instanceCount, active: scenario.instanceCount, share: 1, copyShare: 0 }
    simulateFleetMinute(new FleetModel(scenario.instance), this.currentVersion, full, scenario.rpm, Math.round(scenario.rpm), NOISE_FREE_STREAMS, { latency: true, overhead: true, errors4xx: true, accuracy: false }, this.lookbackCurrent)
  }

  /** Runs one release of `version`, drawing from `rng`; `record` keeps the timeline and the events. */
  run(version: NewVersionSpec, rng: Rng, record: boolean): ReleaseResult {
    const sc = this.scenario
    const H = sc.horizonMinutes
    const needsC = record ? this.recordNeeds : this.needsCurrent
    const needsN = record ? this.recordNeeds : this.needsNew
    const drawCurrent = record || this.drawCurrentArrivals
    const newVersion: VersionModel = {
      plan: slowerPlan(sc.plan, version.latencyMultiplier),
      errorRate: version.errorRate,
      accuracy: BASELINE_ACCURACY * (1 - version.qualityDrop),
      degradesAnswers: version.latencyMultiplier > 1 || version.qualityDrop > 0
    }
    const defective = version.errorRate > 0 || version.latencyMultiplier > 1 || version.qualityDrop > 0
    const curStreams = fleetStreams(rng)
    const newStreams = curStreams
    const rollout = new Rollout({
      strategy: sc.strategy,
      instanceCount: sc.instanceCount,
      startupMinutes: sc.startupMinutes,
      ...(sc.deployment ? { plan: sc.deployment } : {}),
      ...(sc.shadow ? { shadow: sc.shadow } : {}),
      ...(sc.abTest ? { abTest: sc.abTest } : {}),
      operatorResponseMinutes: sc.operatorResponseMinutes,
      recordEvents: record
    })
    const timeline: TimelineMinute[] | null = record ? [] : null
    const alarmEvents: DeployEvent[] | null = record ? [] : null

    // The alarms existed before the deployment: those on the current fleet have seen it serving.
    for (const a of this.alarms) {
      a.reset()
      for (let k = -a.offset; k < 0; k++) {
        minuteDatapoint(a.alarm.metric, a.alarm.scope, this.lookbackCurrent, this.lookbackNew, this.dp)
        a.endMinute(k, this.dp, false, sc.startTimeMs + k * 60_000)
      }
    }
    const signals = { autoRollbackAlarmsInAlarm: this.inAlarm, anyAlarmInAlarm: false }
    this.collectSignals(signals)

    let requestsTotal = 0
    let failed = 0
    let degraded = 0
    let slowed = 0
    let affected = 0
    let shadowRequests = 0
    let shadowErrors = 0
    let instanceMinutes = 0
    const fmC = this.fmCurrent
    const fmN = this.fmNew
    const rpm = sc.rpm
    for (let m = 0; m < H; m++) {
      rollout.step(m, signals)
      const cur = rollout.current
      const nxt = rollout.candidate
      const lambdaC = rpm * cur.share
      const nC = lambdaC > 0 ? (drawCurrent ? curStreams.requests.poisson(lambdaC) : Math.round(lambdaC)) : 0
      let lambdaN: number
      let nN: number
      if (nxt.copyShare > 0) {
        lambdaN = lambdaC * nxt.copyShare
        nN = nC > 0 ? newStreams.requests.binomial(nC, nxt.copyShare) : 0
      } else {
        lambdaN = rpm * nxt.share
        nN = lambdaN > 0 ? newStreams.requests.poisson(lambdaN) : 0
      }
      simulateFleet(this.currentModel, this.currentVersion, cur, lambdaC, nC, curStreams, needsC, fmC)
      simulateFleet(this.newModel, newVersion, nxt, lambdaN, nN, newStreams, needsN, fmN)

      const newAnswersUsers = nxt.share > 0
      const minuteFailed = fmC.errors5xx + (newAnswersUsers ? fmN.errors5xx : 0)
      const newOk = newAnswersUsers ? fmN.answered - fmN.modelErrors : 0
      requestsTotal += fmC.requests + (newAnswersUsers ? fmN.requests : 0)
      failed += minuteFailed
      if (version.qualityDrop > 0) degraded += newOk
      if (version.latencyMultiplier > 1) slowed += newOk
      affected += minuteFailed + (newVersion.degradesAnswers ? newOk : 0)
      if (nxt.copyShare > 0) {
        shadowRequests += fmN.requests
        shadowErrors += fmN.errors5xx
      }
      instanceMinutes += rollout.billed

      const minuteStartMs = sc.startTimeMs + m * 60_000
      let anyChanged = false
      for (const a of this.alarms) {
        datapointOf(a.alarm.metric, a.alarm.scope, fmC, fmN, this.dp)
        if (!a.endMinute(m, this.dp, record, minuteStartMs)) continue
        anyChanged = true
        if (alarmEvents) alarmEvents.push({ atSeconds: (m + 1) * 60, type: 'ALARM_STATE_CHANGED', message: `Alarm ${a.alarm.def.AlarmName} is now ${a.stateName}: ${a.lastReason}`, alarmName: a.alarm.def.AlarmName })
      }
      if (anyChanged) this.collectSignals(signals)
      if (timeline) timeline.push(this.timelineMinute(m, rollout, newAnswersUsers))
      else if (this.settled(rollout, defective)) {
        // Nothing can change any more (see `settled`): the rest of the window only costs its instances.
        const remaining = H - (m + 1)
        instanceMinutes += rollout.billed * remaining
        requestsTotal += Math.round(rpm * remaining)
        break
      }
    }

    const price = sc.instance.pricePerHour
    const detect = defective && rollout.alarmSeenAt === rollout.alarmSeenAt ? (rollout.alarmSeenAt - rollout.candidateTrafficAt) * 60 : null
    const recover = defective && rollout.candidateServedAt === rollout.candidateServedAt && rollout.candidateStoppedAt === rollout.candidateStoppedAt ? (rollout.candidateStoppedAt - rollout.candidateServedAt) * 60 : null
    const summary: ReleaseSummary = {
      outcome: rollout.outcome,
      defective,
      requestsTotal,
      requestsServed: requestsTotal - failed,
      requestsFailed: failed,
      requestsDegraded: degraded,
      requestsSlowed: slowed,
      requestsAffected: affected,
      shadowRequests,
      shadowErrors,
      timeToDetectSeconds: detect,
      timeToRecoverSeconds: recover,
      durationSeconds: secondsAt(rollout.finishedAt),
      peakInstances: rollout.peakBilled,
      instanceSeconds: instanceMinutes * 60,
      costUSD: (instanceMinutes * price) / 60,
      baselineCostUSD: (sc.instanceCount * H * price) / 60,
      rollbackCause: rollout.rollbackCause,
      newVersionServedUsers: rollout.candidateServedAt === rollout.candidateServedAt,
      newVersionServingAtEnd: rollout.candidate.share > 0
    }
    if (!record) return { summary, timeline: null, events: null }
    const events: DeployEvent[] = rollout.events.map((e) => ({ atSeconds: e.minute * 60, type: e.type, message: e.message, ...(e.alarmName !== undefined ? { alarmName: e.alarmName } : {}) }))
    // An alarm's change at the end of a minute comes before what the rollout does about it at that moment.
    const merged = [...(alarmEvents as DeployEvent[]).map((e) => ({ e, order: 0 })), ...events.map((e) => ({ e, order: 1 }))]
    merged.sort((x, y) => x.e.atSeconds - y.e.atSeconds || x.order - y.order)
    return { summary, timeline, events: merged.map((x) => x.e) }
  }

  /**
   * True when the rest of the window cannot change the summary's risk, recovery or duration: the
   * rollout is final and a healthy version serves on a fleet that keeps up (validated for the current
   * version; a healthy new version is the same model). Rolled back: the current fleet answers
   * everything and nothing acts on a rolled-back endpoint. Completed with a healthy version: only the
   * operator could still act, on a false alarm. Summary-only runs (the Monte Carlo) stop there and
   * add the remaining minutes' cost and their expected requests.
   */
  private settled(rollout: Rollout, defective: boolean): boolean {
    if (rollout.phase === 'ROLLED_BACK') return true
    if (rollout.phase !== 'COMPLETED' || defective) return false
    return this.scenario.operatorResponseMinutes === null || this.alarms.length === 0
  }

  private collectSignals(signals: { autoRollbackAlarmsInAlarm: string[]; anyAlarmInAlarm: boolean }): void {
    const list = signals.autoRollbackAlarmsInAlarm
    list.length = 0
    let any = false
    for (const a of this.alarms) {
      if (a.state !== ALARM) continue
      any = true
      if (a.alarm.autoRollback) list.push(a.alarm.def.AlarmName)
    }
    signals.anyAlarmInAlarm = any
  }

  private timelineMinute(m: number, rollout: Rollout, newAnswersUsers: boolean): TimelineMinute {
    const fmC = this.fmCurrent
    const fmN = this.fmNew
    const requests = fmC.requests + (newAnswersUsers ? fmN.requests : 0)
    const errors5xx = fmC.errors5xx + (newAnswersUsers ? fmN.errors5xx : 0)
    minuteDatapoint('ModelLatency', newAnswersUsers ? (rollout.current.share > 0 ? 'both' : 'new') : 'current', fmC, fmN, this.dp)
    return {
      minute: m,
      atSeconds: m * 60,
      phase: rollout.phase,
      current: fleetView(rollout.current, fmC),
      new: fleetView(rollout.candidate, fmN),
      requests,
      errors5xx,
      errorRate: requests > 0 ? errors5xx / requests : 0,
      latencyP99Ms: this.dp.count > 0 ? p99Ms(this.dp.logMean, this.dp.logSd, this.dp.min, this.dp.max) : null,
      alarmStates: this.alarms.map((a) => a.stateName)
    }
  }
}

/** A minute boundary in seconds; null for one that did not happen (NaN). */
function secondsAt(minute: number): number | null {
  return minute === minute ? minute * 60 : null
}

function p99Ms(logMean: number, logSd: number, minUs: number, maxUs: number): number {
  const q = Math.exp(logMean + logSd * Z99)
  return (q < minUs ? minUs : q > maxUs ? maxUs : q) / 1000
}

function fleetView(f: FleetAllocation, fm: FleetMinute): FleetView {
  const ok = fm.answered - fm.modelErrors
  return {
    billedInstances: f.billed,
    inServiceInstances: f.inService,
    activeInstances: f.active,
    trafficShare: f.share,
    copyShare: f.copyShare,
    requests: fm.requests,
    errors5xx: fm.errors5xx,
    latencyMeanMs: fm.answered > 0 ? fm.latencyMeanUs / 1000 : null,
    latencyP99Ms: fm.answered > 0 ? p99Ms(fm.latencyLogMean, fm.latencyLogSd, fm.latencyMinUs, fm.latencyMaxUs) : null,
    cpuUtilization: fm.inService > 0 ? fm.cpuAvg : null,
    accuracy: ok > 0 ? fm.correct / ok : null
  }
}
