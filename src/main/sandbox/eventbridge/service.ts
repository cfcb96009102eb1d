/**
 * EventBridge in a world: the default event bus owns its rules and targets (bus.ts validates every
 * call the way the EventBridge API does), hears every event services put on the bus, and delivers
 * matches to their targets. SNS topics and Lambda functions are not simulated: a delivery to one is
 * recorded as a notification (what the learner would receive).
 */
import { ACCOUNT_ID, REGION, arn } from '../core/account'
import type { ActionHandlers, EventHandlers, Service, ServiceContext } from '../world/service'
import { EventBus, type Delivery, type RuleDescription, type Target, type TargetKind } from './bus'
import type { EventBridgeEvent } from './events'

const SOURCE = 'events.amazonaws.com'

/** What a target ARN is, so the right thing happens on delivery. */
export function targetKindOf(targetArn: string): TargetKind {
  if (targetArn.startsWith('arn:aws:lambda:')) return 'invokeFunction'
  if (/^arn:aws:sagemaker:[^:]*:[^:]*:pipeline\//.test(targetArn)) return 'startPipeline'
  return 'notify'
}

export interface RuleSummary {
  Name: string
  EventPattern: string
  State: string
  Description?: string
  Targets: { Id: string; Arn: string }[]
}

type Owned = 'PutRule' | 'PutTargets' | 'RemoveTargets' | 'EnableRule' | 'DisableRule' | 'DeleteRule'

export class EventBridge implements Service {
  readonly name = 'events'
  readonly bus = new EventBus({ account: ACCOUNT_ID, region: REGION })
  /** The delivery being made, so a target handler can emit into the world. */
  private delivering: ServiceContext | null = null

  constructor() {
    for (const kind of ['notify', 'invokeFunction', 'startPipeline'] as const) {
      this.bus.registerTargetKind(kind, (inv) => {
        const ctx = this.delivering
        if (!ctx) return { ok: false }
        ctx.emit({
          type: 'Delivery',
          at: ctx.now,
          via: 'EventBridge',
          target: inv.target.Arn,
          kind,
          subject: `${inv.event['detail-type']} (rule ${inv.ruleName})`,
          detail: summarizeEvent(inv.event)
        })
        return { ok: true }
      })
    }
  }

  readonly actions: ActionHandlers<Owned> = {
    PutRule: {
      apply: (a, ctx) => {
        const state = a.State ?? 'ENABLED'
        this.bus.putRule({ Name: a.Name, EventPattern: a.EventPattern, State: state, ...(a.Description !== undefined ? { Description: a.Description } : {}) })
        this.call(ctx, 'PutRule', a.Name, { name: a.Name, eventPattern: a.EventPattern, state }, { ruleArn: arn.rule(a.Name) })
      },
      describe: (a) => `EventBridge rule ${a.Name}${a.State === 'DISABLED' ? ' (disabled)' : ''}`
    },
    PutTargets: {
      apply: (a, ctx) => {
        const targets: Target[] = a.Targets.map((t) => ({ Id: t.Id, Arn: t.Arn, kind: targetKindOf(t.Arn) }))
        this.bus.putTargets({ Rule: a.Rule, Targets: targets })
        this.call(ctx, 'PutTargets', a.Rule, { rule: a.Rule, targets: a.Targets }, { failedEntryCount: 0, failedEntries: [] })
      },
      describe: (a) => `Targets for rule ${a.Rule}: ${a.Targets.map((t) => t.Id).join(', ')}`
    },
    RemoveTargets: {
      apply: (a, ctx) => {
        // Validate first: the bus reports unknown Ids as failed entries rather than refusing.
        this.bus.listTargetsByRule(a.Rule)
        const result = this.bus.removeTargets({ Rule: a.Rule, Ids: a.Ids })
        this.call(ctx, 'RemoveTargets', a.Rule, { rule: a.Rule, ids: a.Ids }, { failedEntryCount: result.FailedEntryCount, failedEntries: result.FailedEntries })
      },
      describe: (a) => `Remove targets ${a.Ids.join(', ')} from rule ${a.Rule}`
    },
    EnableRule: {
      apply: (a, ctx) => {
        this.bus.enableRule(a.Name)
        this.call(ctx, 'EnableRule', a.Name, { name: a.Name })
      },
      describe: (a) => `Enable rule ${a.Name}`
    },
    DisableRule: {
      apply: (a, ctx) => {
        this.bus.disableRule(a.Name)
        this.call(ctx, 'DisableRule', a.Name, { name: a.Name })
      },
      describe: (a) => `Disable rule ${a.Name}`
    },
    DeleteRule: {
      apply: (a, ctx) => {
        this.bus.deleteRule(a.Name)
        this.call(ctx, 'DeleteRule', a.Name, { name: a.Name })
      },
      describe: (a) => `Delete rule ${a.Name}`
    }
  }

  readonly on: EventHandlers = {
    BusEvent: (e, ctx) => {
      this.delivering = ctx
      try {
        this.bus.putEvents([e.event], e.at)
      } finally {
        this.delivering = null
      }
    }
  }

  rules(): RuleSummary[] {
    return this.bus.listRules().Rules.map((r: RuleDescription) => ({
      Name: r.Name,
      EventPattern: r.EventPattern,
      State: r.State,
      ...(r.Description !== undefined ? { Description: r.Description } : {}),
      Targets: this.bus.listTargetsByRule(r.Name).Targets.map((t) => ({ Id: t.Id, Arn: t.Arn }))
    }))
  }

  deliveries(): Delivery[] {
    return this.bus.deliveryLog()
  }

  private call(ctx: ServiceContext, eventName: string, ruleName: string, requestParameters: Record<string, unknown>, responseElements: Record<string, unknown> | null = null): void {
    ctx.emit({
      type: 'ApiCall',
      at: ctx.now,
      eventSource: SOURCE,
      eventName,
      caller: ctx.caller,
      requestParameters,
      responseElements,
      resources: [{ type: 'AWS::Events::Rule', arn: arn.rule(ruleName) }]
    })
  }
}

/** One line about an event, for a notification's text. */
export function summarizeEvent(e: EventBridgeEvent<unknown>): string {
  const d = e.detail as Record<string, unknown>
  if (e['detail-type'] === 'CloudWatch Alarm State Change') {
    const state = d.state as { value: string; reason: string }
    return `${String(d.alarmName)} is ${state.value}: ${state.reason}`
  }
  if (e['detail-type'] === 'AWS API Call via CloudTrail') return `${String(d.eventSource)} ${String(d.eventName)} by ${String((d.userIdentity as { arn?: string })?.arn ?? 'unknown')}`
  return JSON.stringify(d).slice(0, 300)
}
