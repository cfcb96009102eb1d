/** Checks over the CloudTrail step: the right service, the right lookup, the right answer. */
import { z } from 'zod'
import type { AuditEvent, AuditStepRun } from '../../../../shared/contract/cloudtrail'
import { plural } from '../../labs/format'
import { checksFor } from '../../labs/kinds'
import { LOOKUP_ATTRIBUTE_KEYS } from '../trail'

const auditCheck = checksFor<AuditStepRun['result']>()
const EventName = z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'must be an API action name such as DeleteEndpoint')

function latest(events: readonly AuditEvent[], eventName: string): AuditEvent | undefined {
  // LookupEvents returns newest first.
  return events.find((e) => e.EventName === eventName)
}

export const lookupUsesCloudTrail = auditCheck({
  name: 'lookupUsesCloudTrail',
  description: 'The learner asks CloudTrail (not CloudWatch), with a LookupEvents attribute key from `attributeKey`, and the lookup returns the `eventName` call.',
  params: z.strictObject({ attributeKey: z.array(z.enum(LOOKUP_ATTRIBUTE_KEYS)).min(1), eventName: EventName }),
  criterion: (p) => `You look in CloudTrail Event history with a LookupEvents attribute (${p.attributeKey.join(' or ')}) that finds the ${p.eventName} call.`,
  run(ctx, p) {
    const a = ctx.result.audit
    if (a.service !== 'CloudTrail') {
      return {
        pass: false,
        diagnostic: `You asked ${a.service}. Its metrics and alarm history show what the endpoint and the alarm did and when, but ${p.eventName} is an API call: the record of who called it, from where and with which parameters is CloudTrail's (Event history keeps 90 days of management events).`
      }
    }
    if (!a.lookup) return { pass: false, diagnostic: `Choose a lookup attribute and a value: LookupEvents filters on one attribute, such as ${p.attributeKey.join(' or ')}.` }
    const { AttributeKey: key, AttributeValue: value } = a.lookup
    const hit = latest(a.events, p.eventName)
    if (!p.attributeKey.includes(key as (typeof p.attributeKey)[number])) {
      const why = key === 'Username' ? 'you do not know the caller yet — that is the question' : `${key} is not how you find one specific call here`
      return {
        pass: false,
        diagnostic: `LookupEvents with ${key} = "${value}" returned ${plural(a.events.length, 'event')}${hit ? `, including ${p.eventName}` : `, none of them ${p.eventName}`}, but ${why}. Look it up by ${p.attributeKey.join(' or ')}, then read the caller from the event's Username.`
      }
    }
    if (!hit) {
      const tip = key === 'EventName' ? `event names are API action names, such as ${p.eventName}` : "ResourceName matches the resource's name or ARN"
      return { pass: false, diagnostic: `LookupEvents with ${key} = "${value}" returned ${plural(a.events.length, 'event')}, none of them ${p.eventName}. Check the value: ${tip}.` }
    }
    return { pass: true, diagnostic: `LookupEvents with ${key} = "${value}" found ${p.eventName} by ${hit.Username} at ${hit.when}.`, details: { eventId: hit.EventId } }
  }
})

export const identifiesActor = auditCheck({
  name: 'identifiesActor',
  description: "The learner names (Username input) the caller of the latest `eventName` call in the scenario's CloudTrail history.",
  params: z.strictObject({ eventName: EventName }),
  criterion: (p) => `You name the IAM user who made the latest ${p.eventName} call.`,
  run(ctx, p) {
    const a = ctx.result.audit
    const truth = latest(a.allEvents, p.eventName)
    if (!truth) return { pass: false, diagnostic: `Lab content problem: no ${p.eventName} call in this scenario's history.` }
    if (a.username === truth.Username) return { pass: true, diagnostic: `Right: ${truth.Username} called ${p.eventName} at ${truth.when}.` }
    return {
      pass: false,
      diagnostic: `${a.username ? `"${a.username}" is not` : 'You have not named'} the caller of ${p.eventName}. Find the ${p.eventName} event in CloudTrail Event history and read its Username (the IAM user or role session that made the call).`
    }
  }
})
