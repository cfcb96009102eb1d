/**
 * The CloudTrail variant of the alarm week: the API calls people and pipelines made during the week
 * (from the lab's `audit` list, at seeded times) are recorded by the sandbox's CloudTrail service, and
 * the learner answers "who changed the alarm / deleted the endpoint?" by choosing a service and a
 * LookupEvents attribute.
 *
 * CloudWatch holds metrics and alarm state; CloudTrail records API calls with the caller's identity
 * (CloudTrail User Guide, "What is AWS CloudTrail?"; Event history keeps 90 days of management
 * events). LookupEvents takes one attribute per request (CloudTrail API Reference, LookupEvents).
 */
import { LabError } from '../../../../shared/errors'
import { CloudTrailService, LOOKUP_ATTRIBUTE_KEYS, type LookupAttributeKey, type LookupEvent } from '../../cloudtrail'
import { createRng } from '../../core/rng'
import type { AlarmWeekParams, AuditEventDef } from '../schema'
import { formatWhen } from './format'
import type { AuditEvent, AuditRun } from './types'
import { WEEK_MINUTES, WEEK_END, WEEK_START } from './alarm-week'

export const AUDIT_ACCOUNT = '111122223333'
export const AUDIT_REGION = 'us-east-1'
export const AUDIT_SERVICES = ['CloudTrail', 'CloudWatch'] as const

const MINUTE_MS = 60_000

const RESOURCE_TYPES: Record<string, string> = {
  'sagemaker.amazonaws.com': 'AWS::SageMaker::Endpoint',
  'monitoring.amazonaws.com': 'AWS::CloudWatch::Alarm'
}

function resourceArn(type: string, name: string): string {
  if (type === 'AWS::CloudWatch::Alarm') return `arn:aws:cloudwatch:${AUDIT_REGION}:${AUDIT_ACCOUNT}:alarm:${name}`
  if (type === 'AWS::SageMaker::Endpoint') return `arn:aws:sagemaker:${AUDIT_REGION}:${AUDIT_ACCOUNT}:endpoint/${name}`
  return `arn:aws:${type.split('::')[1]?.toLowerCase() ?? 'unknown'}:${AUDIT_REGION}:${AUDIT_ACCOUNT}:${name}`
}

/** Seeded minute of the week for each audit event. */
export function auditTimes(events: readonly AuditEventDef[], seed: number): number[] {
  const root = createRng(seed).fork('lab-audit')
  const out: number[] = []
  events.forEach((ev, i) => {
    const rng = root.fork(`${i}:${ev.eventName}`)
    let minute: number
    if ('after' in ev.start) {
      const anchorIndex = events.findIndex((e, k) => k < i && e.eventName === (ev.start as { after: string }).after)
      const base = anchorIndex >= 0 ? out[anchorIndex] : 0
      minute = base + rng.int(ev.start.offsetMinutes[0], ev.start.offsetMinutes[1])
    } else {
      const day = rng.int(ev.start.days[0], ev.start.days[1])
      const lo = Math.round(ev.start.hours[0] * 60)
      minute = day * 1440 + rng.int(lo, Math.max(lo, Math.round(ev.start.hours[1] * 60) - 1))
    }
    out.push(Math.min(Math.max(0, minute), WEEK_MINUTES - 1))
  })
  return out
}

/** Records the week's API calls into a fresh CloudTrail service. */
export function buildAuditTrail(params: AlarmWeekParams, seed: number): CloudTrailService {
  let counter = 0
  const rng = createRng(seed).fork('lab-audit-ids')
  const ids = (prefix: string): string => {
    counter++
    const hex = Math.floor(rng.next() * 0xffffffff).toString(16).padStart(8, '0')
    return `${prefix === 'ct-event' ? '' : `${prefix}-`}${hex}-${String(counter).padStart(4, '0')}-4000-8000-${String(seed).padStart(12, '0').slice(-12)}`
  }
  const trail = new CloudTrailService({ account: AUDIT_ACCOUNT, region: AUDIT_REGION, ids })
  const times = auditTimes(params.audit, seed)
  params.audit.forEach((ev, i) => {
    const type = ev.resourceType ?? RESOURCE_TYPES[ev.eventSource]
    trail.recordApiCall({
      eventTime: WEEK_START + times[i] * MINUTE_MS + 17_000,
      eventSource: ev.eventSource,
      eventName: ev.eventName,
      awsRegion: AUDIT_REGION,
      userIdentity: {
        type: 'IAMUser',
        principalId: `AIDA${ev.username.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(12, 'X').slice(0, 12)}`,
        arn: `arn:aws:iam::${AUDIT_ACCOUNT}:user/${ev.username}`,
        accountId: AUDIT_ACCOUNT,
        userName: ev.username
      },
      requestParameters: ev.requestParameters ?? (ev.resourceName ? { name: ev.resourceName } : null),
      ...(ev.resourceName && type ? { resources: [{ ARN: resourceArn(type, ev.resourceName), accountId: AUDIT_ACCOUNT, type }] } : {})
    })
  })
  return trail
}

function toAuditEvent(e: LookupEvent): AuditEvent {
  const t = Date.parse(e.EventTime)
  return {
    EventId: e.EventId,
    EventName: e.EventName,
    EventSource: e.EventSource,
    EventTime: e.EventTime,
    when: formatWhen(t),
    Username: e.Username ?? '',
    ResourceName: e.Resources[0]?.ResourceName ?? null,
    ReadOnly: e.ReadOnly
  }
}

function lookupAll(trail: CloudTrailService, attr: { AttributeKey: LookupAttributeKey; AttributeValue: string } | null): AuditEvent[] {
  const out: AuditEvent[] = []
  let token: string | undefined
  do {
    const page = trail.lookupEvents({ ...(attr ? { LookupAttributes: [attr] } : {}), MaxResults: 50, ...(token ? { NextToken: token } : {}) }, WEEK_END)
    out.push(...page.Events.map(toAuditEvent))
    token = page.NextToken
  } while (token)
  return out
}

export interface AuditChoice {
  Service: string
  AttributeKey?: string
  AttributeValue?: string
  Username?: string
}

/** Runs the learner's lookup. Bad choices are VALIDATION errors naming the field. */
export function runAuditWeek(params: AlarmWeekParams, choice: AuditChoice, seed: number): AuditRun {
  const issues: { path: string; message: string }[] = []
  if (!(AUDIT_SERVICES as readonly string[]).includes(choice.Service)) issues.push({ path: 'Service', message: `must be one of ${AUDIT_SERVICES.join(', ')}` })
  const key = choice.AttributeKey
  if (key !== undefined && !(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
    issues.push({ path: 'AttributeKey', message: `must be one of ${LOOKUP_ATTRIBUTE_KEYS.join(', ')} (LookupAttribute.AttributeKey)` })
  }
  if (choice.AttributeValue !== undefined && (choice.AttributeValue.length < 1 || choice.AttributeValue.length > 2000)) {
    issues.push({ path: 'AttributeValue', message: 'must be 1 to 2000 characters (LookupAttribute.AttributeValue)' })
  }
  if (issues.length > 0) throw new LabError('VALIDATION', `Invalid lookup: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)

  const trail = buildAuditTrail(params, seed)
  const allEvents = lookupAll(trail, null)
  const lookup = key && choice.AttributeValue ? { AttributeKey: key, AttributeValue: choice.AttributeValue } : null
  const events = choice.Service === 'CloudTrail' ? lookupAll(trail, lookup as { AttributeKey: LookupAttributeKey; AttributeValue: string } | null) : []
  const cloudWatchView = allEvents
    .filter((e) => e.ReadOnly === 'false')
    .map((e) =>
      e.EventName === 'DeleteEndpoint'
        ? `${e.when}: the endpoint's metrics stop arriving; nothing in the metrics says which caller did it`
        : e.EventSource === 'monitoring.amazonaws.com'
          ? `${e.when}: the alarm's configuration changes; its state history shows what changed, not an audit record of the API call`
          : `${e.when}: no metric marks this ${e.EventName} call`
    )
    .reverse()
  return {
    service: choice.Service,
    lookup,
    events,
    cloudWatchView,
    allEvents,
    username: choice.Username ?? null
  }
}
