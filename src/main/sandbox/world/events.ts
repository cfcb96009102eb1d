/**
 * What services tell each other inside a world. The world delivers each event to every service that
 * listens for its type, in the services' fixed order, one event at a time (first in, first out), so
 * the same actions on the same seed always produce the same sequence.
 *
 * An event's fields are read, never spread or serialised: CloudWatch's AlarmStateChanged and
 * AlarmAction carry `reason` as a getter that words the text when first read (cloudwatch/lazy-text.ts).
 */
import type { UserIdentity } from '../cloudtrail/record'
import type { AlarmState } from '../cloudwatch/types'
import type { EventBridgeEvent } from '../eventbridge/events'

/** An AWS API call made in the world: CloudTrail records it. */
export interface ApiCallEvent {
  type: 'ApiCall'
  at: number
  eventSource: string
  eventName: string
  /** Who made the call; a service acting for the account carries `invokedBy`. */
  caller: UserIdentity
  requestParameters: Record<string, unknown> | null
  responseElements: Record<string, unknown> | null
  /** The resources the call acted on, for LookupEvents by ResourceType / ResourceName. */
  resources: { type: string; arn: string }[]
}

/** An event on the default event bus (EventBridge hears it and matches its rules). */
export interface BusEvent {
  type: 'BusEvent'
  at: number
  event: EventBridgeEvent<unknown>
}

/** An alarm changed state (CloudWatch tells itself, for composites, and anyone interested). */
export interface AlarmStateChangedEvent {
  type: 'AlarmStateChanged'
  at: number
  alarmName: string
  oldState: AlarmState
  newState: AlarmState
  reason: string
}

/**
 * CloudWatch runs one of an alarm's actions: on a state change, and, for Auto Scaling actions, again
 * every period while the alarm stays in that state (CloudWatch user guide, "Alarm actions").
 */
export interface AlarmActionEvent {
  type: 'AlarmAction'
  at: number
  arn: string
  alarmName: string
  state: AlarmState
  /** The newest evaluated datapoint (null when there was none) and the alarm's threshold. */
  value: number | null
  threshold: number | null
  reason: string
  /** True when this is a repeat while the alarm stays in its state. */
  repeat: boolean
}

/** A message delivered to an SNS topic, a Lambda function or an email address (the sandbox records it; nothing is sent). */
export interface DeliveryEvent {
  type: 'Delivery'
  at: number
  via: 'EventBridge' | 'CloudWatch alarm action' | 'AWS Budgets'
  target: string
  kind: string
  subject: string
  detail: string
}

export type WorldEvent = ApiCallEvent | BusEvent | AlarmStateChangedEvent | AlarmActionEvent | DeliveryEvent
export type WorldEventType = WorldEvent['type']
