/**
 * What reaches SNS topics and Lambda functions: the sandbox does not send email or run code, it
 * records each delivery so the learner can see what would have arrived, when and why. Alarm actions
 * (CloudWatch) and EventBridge targets both deliver here.
 */
import type { EventHandlers, Service } from '../world/service'

export interface Notification {
  at: number
  via: 'EventBridge' | 'CloudWatch alarm action' | 'AWS Budgets'
  target: string
  kind: string
  subject: string
  detail: string
}

/** ARNs that alarm actions and targets can name and this service receives. */
export function isNotificationArn(arn: string): boolean {
  return arn.startsWith('arn:aws:sns:') || arn.startsWith('arn:aws:lambda:')
}

/** The most deliveries a world keeps; older ones are counted, not kept (CloudWatch keeps alarm history 2 weeks too). */
export const MAX_KEPT_NOTIFICATIONS = 5000

export class Notifications implements Service {
  readonly name = 'notifications'
  readonly actions = {}
  private readonly kept: Notification[] = []
  private dropped = 0

  readonly on: EventHandlers = {
    Delivery: (e) => this.add({ at: e.at, via: e.via, target: e.target, kind: e.kind, subject: e.subject, detail: e.detail }),
    AlarmAction: (e) => {
      // Repeats (an alarm staying in ALARM re-invokes only its Auto Scaling actions) come every minute: checked first.
      if (e.repeat || !isNotificationArn(e.arn)) return
      this.add({
        at: e.at,
        via: 'CloudWatch alarm action',
        target: e.arn,
        kind: e.arn.startsWith('arn:aws:lambda:') ? 'invokeFunction' : 'notify',
        subject: `${e.state}: "${e.alarmName}"`,
        detail: e.reason
      })
    }
  }

  private add(n: Notification): void {
    this.kept.push(n)
    if (this.kept.length > MAX_KEPT_NOTIFICATIONS) {
      this.kept.shift()
      this.dropped++
    }
  }

  /** Every delivery so far, oldest first (the newest MAX_KEPT_NOTIFICATIONS). */
  list(): readonly Notification[] {
    return this.kept
  }

  get total(): number {
    return this.kept.length + this.dropped
  }
}
