/**
 * What every simulated AWS service is to the world: the actions it owns, what it does each simulated
 * minute, and the events it listens for. The world knows nothing else about a service; a service
 * owns its state, the validation of its actions and the text that describes them (moto's `models`).
 *
 * An action handler validates the action completely before it changes anything: when it throws,
 * nothing in the world has changed (not even a random draw), so a refused action leaves no trace.
 */
import type { SandboxAction, SandboxActionType } from '../../../shared/contract/sandbox'
import type { UserIdentity } from '../cloudtrail/record'
import type { WorldEvent, WorldEventType } from './events'

export interface ServiceContext {
  /** The current simulated time, epoch ms (always a whole minute). */
  readonly now: number
  /** When the world began. */
  readonly startTime: number
  /** Queues an event; the world delivers it after the current handler returns. */
  emit(event: WorldEvent): void
  /** A fresh identifier shaped like the UUIDs AWS prints, from the world's seeded stream. */
  newId(): string
  /** Who makes the current action's call (the learner unless a scenario says otherwise). */
  readonly caller: UserIdentity
}

export type ActionOf<T extends SandboxActionType> = Extract<SandboxAction, { type: T }>

export interface ActionHandler<T extends SandboxActionType> {
  /** Validates, then applies. Throws a LabError naming the field, before any change, when refused. */
  apply(action: ActionOf<T>, ctx: ServiceContext): void
  /** One line for the world's action list. */
  describe(action: ActionOf<T>): string
}

export type ActionHandlers<T extends SandboxActionType> = { [K in T]: ActionHandler<K> }

export type EventHandlers = { [K in WorldEventType]?: (event: Extract<WorldEvent, { type: K }>, ctx: ServiceContext) => void }

export interface Service {
  readonly name: string
  readonly actions: Partial<{ [K in SandboxActionType]: ActionHandler<K> }>
  /** Simulates the minute that starts at `ctx.now`. */
  tick?(ctx: ServiceContext): void
  /** The minute that ended at `ctx.now` is over for every service (alarms evaluate here). */
  endOfMinute?(ctx: ServiceContext): void
  readonly on?: EventHandlers
}
