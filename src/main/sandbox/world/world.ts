/**
 * A sandbox world: its seed, the ordered log of actions taken in it, the clock, and the services
 * that make up the simulated AWS account. The world owns nothing else: each service owns its state
 * and its rules (world/service.ts); the world decides only the order in which things happen.
 *
 * Time advances a minute at a time. In each minute every service simulates it (`tick`, in service
 * order), then the minute is over for all of them (`endOfMinute`: alarms evaluate), and the events
 * they emitted are delivered — to other services in service order, one event at a time, first in
 * first out — so an alarm's state change can act inside the same simulation: a scaling policy
 * changes the fleet from the next minute on, EventBridge delivers, CloudTrail records.
 *
 * The world lives in memory and moves forward: an action costs what it simulates, not the world's
 * history. Replaying the log from the seed reaches the same state (a property test checks it), and
 * advancing in pieces equals advancing at once. An action is validated completely before it changes
 * anything, so a refused action leaves no trace (not even a random draw).
 */
import { LabError } from '../../../shared/errors'
import type { SandboxAction, SandboxActionType } from '../../../shared/contract/sandbox'
import { AutoScaling } from '../autoscaling/service'
import { Billing } from '../billing/service'
import { ServiceQuotas } from '../billing/quotas'
import type { UserIdentity } from '../cloudtrail/record'
import { CloudTrail } from '../cloudtrail/service'
import { CloudWatch } from '../cloudwatch/service'
import { IAM_USER_NAME, LEARNER, LEARNER_NAME, iamUser } from '../core/account'
import { createIdGenerator, type IdGenerator } from '../core/ids'
import { createRng } from '../core/rng'
import { MINUTE_MS, SIM_EPOCH_MS, toIso } from '../core/time'
import { EventBridge } from '../eventbridge/service'
import { Notifications } from '../notifications/service'
import { SageMaker } from '../sagemaker/service'
import { MAX_MINUTES } from '../workload'
import { Monitor } from '../monitor/service'
import type { WorldEvent } from './events'
import type { ActionHandler, Service, ServiceContext } from './service'

/** The longest a world may run: the endpoint simulation's own limit (92 days). */
export const MAX_WORLD_MINUTES = MAX_MINUTES
/** The most one AdvanceClock may move time: 31 days. */
export const MAX_ADVANCE_MINUTES = 31 * 24 * 60
export const MAX_ACTIONS = 2000
/** Events one step may deliver; more means services are feeding each other in a loop. */
const MAX_EVENTS_PER_STEP = 100_000

export interface AppliedAction {
  index: number
  at: number
  action: SandboxAction
}

export class World {
  readonly seed: string
  readonly startTime = SIM_EPOCH_MS
  private nowMs = SIM_EPOCH_MS
  private readonly log: AppliedAction[] = []
  private readonly queue: WorldEvent[] = []
  private readonly idStream

  readonly sagemaker: SageMaker
  readonly autoscaling: AutoScaling
  readonly cloudwatch: CloudWatch
  readonly events: EventBridge
  readonly cloudtrail: CloudTrail
  readonly notifications: Notifications
  readonly quotas: ServiceQuotas
  readonly billing: Billing
  readonly monitor: Monitor
  /** In the order they simulate each minute and hear each event. */
  private readonly services: Service[]
  private readonly routes = new Map<string, { service: Service; handler: ActionHandler<SandboxActionType> }>()
  private readonly context: WorldContext
  /** Who hears each event type, in service order (built once: most steps deliver alarm actions). */
  private readonly listeners = new Map<string, ((e: WorldEvent, ctx: ServiceContext) => void)[]>()
  private readonly tickers: Service[]
  private readonly finishers: Service[]

  constructor(seed: string) {
    this.seed = seed
    const root = createRng(seed)
    const ids = createIdGenerator(root.fork('ids'))
    this.idStream = ids
    this.cloudwatch = new CloudWatch(ids)
    this.quotas = new ServiceQuotas()
    this.sagemaker = new SageMaker({ rng: root.fork('sagemaker'), sink: this.cloudwatch.metrics, ids, horizon: this.startTime + MAX_WORLD_MINUTES * MINUTE_MS, quotas: this.quotas, alarms: this.cloudwatch })
    this.autoscaling = new AutoScaling(this.sagemaker, this.cloudwatch)
    this.events = new EventBridge()
    this.cloudtrail = new CloudTrail(ids)
    this.notifications = new Notifications()
    // Billing ticks after SageMaker, so it bills the fleet each minute was simulated with.
    this.billing = new Billing(this.sagemaker, this.startTime)
    // Model Monitor ticks after SageMaker, so it captures the requests each minute was simulated with.
    this.monitor = new Monitor(this.sagemaker, this.cloudwatch.metrics, root.fork('monitor'), ids, this.billing.ledger)
    this.services = [this.sagemaker, this.autoscaling, this.cloudwatch, this.events, this.cloudtrail, this.notifications, this.billing, this.quotas, this.monitor]
    for (const service of this.services) {
      for (const [type, handler] of Object.entries(service.actions)) this.routes.set(type, { service, handler: handler as ActionHandler<SandboxActionType> })
    }
    for (const service of this.services) {
      for (const [type, handler] of Object.entries(service.on ?? {})) {
        const list = this.listeners.get(type) ?? []
        list.push(handler as (e: WorldEvent, ctx: ServiceContext) => void)
        this.listeners.set(type, list)
      }
    }
    this.tickers = this.services.filter((s) => s.tick)
    this.finishers = this.services.filter((s) => s.endOfMinute)
    this.context = new WorldContext(this.nowMs, this.startTime, this.queue, this.idStream, LEARNER)
  }

  /** Rebuilds a world from its saved form. A stored action that no longer applies is reported by index. */
  static replay(seed: string, actions: readonly SandboxAction[]): World {
    const world = new World(seed)
    actions.forEach((action, i) => {
      try {
        world.apply(action)
      } catch (err) {
        if (!(err instanceof LabError)) throw err
        const issues = err.issues.map((x) => ({ path: `actions[${i}]${x.path ? `.${x.path}` : ''}`, message: x.message }))
        const first = issues[0]
        throw new LabError(err.code, first ? `${first.path}: ${first.message}` : `actions[${i}]: ${err.message}`, issues)
      }
    })
    return world
  }

  get now(): number {
    return this.nowMs
  }

  get nowIso(): string {
    return toIso(this.nowMs)
  }

  get actions(): readonly AppliedAction[] {
    return this.log
  }

  /** Validates and applies one action. Throws LabError (naming the field) and changes nothing if it is refused. */
  apply(action: SandboxAction): AppliedAction {
    if (this.log.length >= MAX_ACTIONS) refuse('action', `a world holds at most ${MAX_ACTIONS} actions; start a new world`)
    const caller = this.callerOf(action)
    if (action.type === 'AdvanceClock') {
      this.checkAdvance(action.Minutes)
    } else {
      const route = this.routes.get(action.type)
      if (!route) refuse('type', `no service handles "${(action as { type: string }).type}"`)
      this.context.caller = caller
      try {
        route.handler.apply(action as never, this.context)
      } finally {
        this.context.caller = LEARNER
      }
    }
    const applied = { index: this.log.length, at: this.nowMs, action }
    this.log.push(applied)
    if (action.type === 'AdvanceClock') {
      this.advance(action.Minutes)
    } else {
      this.drain()
    }
    return applied
  }

  /** One line describing an action, from the service that owns it. */
  describe(action: SandboxAction): string {
    if (action.type === 'AdvanceClock') {
      const m = action.Minutes
      return `Advance the clock ${m >= 1440 && m % 1440 === 0 ? `${m / 1440} day(s)` : m >= 60 && m % 60 === 0 ? `${m / 60} hour(s)` : `${m} minute(s)`}`
    }
    const route = this.routes.get(action.type)
    const text = route ? route.handler.describe(action as never) : action.type
    return action.Caller && action.Caller !== LEARNER_NAME ? `${text} (as ${action.Caller})` : text
  }

  private callerOf(action: SandboxAction): UserIdentity {
    const name = action.Caller
    if (name === undefined || name === LEARNER_NAME) return LEARNER
    if (!IAM_USER_NAME.test(name)) refuse('Caller', 'must be an IAM user name: 1–64 letters, digits and + = , . @ _ -')
    return iamUser(name)
  }

  private checkAdvance(m: number): void {
    if (!Number.isInteger(m) || m < 1 || m > MAX_ADVANCE_MINUTES) refuse('Minutes', `must be a whole number of minutes from 1 to ${MAX_ADVANCE_MINUTES} (31 days), got ${m}`)
    const elapsed = (this.nowMs - this.startTime) / MINUTE_MS
    if (elapsed + m > MAX_WORLD_MINUTES) {
      const left = MAX_WORLD_MINUTES - elapsed
      refuse('Minutes', `a world runs at most ${MAX_WORLD_MINUTES / 1440} days; ${Math.floor(left / 1440)} days ${left % 1440} minutes are left`)
    }
  }

  private advance(minutes: number): void {
    const ctx = this.context
    for (let k = 0; k < minutes; k++) {
      for (const s of this.tickers) s.tick?.(ctx)
      if (this.queue.length > 0) this.drain()
      this.nowMs += MINUTE_MS
      ctx.now = this.nowMs
      for (const s of this.finishers) s.endOfMinute?.(ctx)
      if (this.queue.length > 0) this.drain()
    }
  }

  /** Delivers queued events, in order, to every service that listens for them. */
  private drain(): void {
    const queue = this.queue
    let delivered = 0
    for (let i = 0; i < queue.length; i++) {
      const e = queue[i]
      const listeners = this.listeners.get(e.type)
      if (listeners) for (const handler of listeners) handler(e, this.context)
      if (++delivered > MAX_EVENTS_PER_STEP) {
        queue.length = 0
        throw new LabError('CONFLICT', `the world stopped at ${toIso(this.nowMs)}: services delivered more than ${MAX_EVENTS_PER_STEP} events in one step, so something feeds itself in a loop`, [
          { path: 'action', message: 'an event loop between services' }
        ])
      }
    }
    queue.length = 0
  }
}

/**
 * What services see of the world while it runs. A class rather than an object of closures, so that
 * `ctx.emit(…)` calls one function in every world: code the JIT optimized while a first world ran
 * then does not deoptimize ("wrong call target") when the learner's next world runs it.
 */
class WorldContext implements ServiceContext {
  constructor(
    public now: number,
    readonly startTime: number,
    private readonly queue: WorldEvent[],
    private readonly ids: IdGenerator,
    public caller: UserIdentity
  ) {}

  emit(e: WorldEvent): void {
    this.queue.push(e)
  }

  newId(): string {
    return this.ids('id')
  }
}

function refuse(path: string, message: string): never {
  throw new LabError('VALIDATION', `${path}: ${message}`, [{ path, message }])
}
