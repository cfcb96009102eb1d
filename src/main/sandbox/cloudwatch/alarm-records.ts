/**
 * The records CloudWatch keeps and the events it emits for an alarm's state: history items,
 * AlarmStateChanged and AlarmAction (world/events.ts), each carrying a reason that may be worded
 * only when read.
 */
import type { AlarmActionEvent, AlarmStateChangedEvent } from '../world/events'
import { textOf, type Text } from './lazy-text'
import type { AlarmHistoryEntry } from './service'
import type { AlarmState } from './types'

/**
 * A history item, an AlarmStateChanged and an AlarmAction whose reason may be worded later
 * (lazy-text.ts): `reason` is a getter on the class, so reading it gives the text, while spreading or
 * serialising the object would not carry it. The world's services read these events' fields and
 * `describe` copies history items field by field. (A getter in an object literal would be an own
 * property, but V8 builds such a literal in its runtime, at a microsecond each: an alarm in ALARM
 * repeats its Auto Scaling action every minute.)
 */
abstract class WithReason {
  constructor(private readonly why: Text) {}

  get reason(): string {
    return textOf(this.why)
  }
}

export class HistoryItem extends WithReason implements AlarmHistoryEntry {
  constructor(
    readonly timestamp: number,
    readonly oldState: AlarmState,
    readonly newState: AlarmState,
    why: Text
  ) {
    super(why)
  }
}

export class StateChanged extends WithReason implements AlarmStateChangedEvent {
  readonly type = 'AlarmStateChanged'
  constructor(
    readonly at: number,
    readonly alarmName: string,
    readonly oldState: AlarmState,
    readonly newState: AlarmState,
    why: Text
  ) {
    super(why)
  }
}

export class AlarmAction extends WithReason implements AlarmActionEvent {
  readonly type = 'AlarmAction'
  constructor(
    readonly at: number,
    readonly arn: string,
    readonly alarmName: string,
    readonly state: AlarmState,
    readonly value: number | null,
    readonly threshold: number | null,
    why: Text,
    readonly repeat: boolean
  ) {
    super(why)
  }
}
