/**
 * The `cloudtrail` lab step kind: the scenario world's other people made API calls during the week
 * (the lab's `scenario.calls`, each with its `Caller`, at seeded times), and the world's CloudTrail
 * recorded them in Event history. The learner answers "who changed the alarm / deleted the
 * endpoint?" by choosing where to look (CloudWatch or CloudTrail) and a LookupEvents attribute.
 *
 * CloudWatch holds metrics and alarm state; CloudTrail records API calls with the caller's identity
 * (CloudTrail User Guide, "What is AWS CloudTrail?"; Event history keeps 90 days of management
 * events without a trail). LookupEvents takes one attribute per request (CloudTrail API Reference,
 * LookupEvents). The lookup runs against the scenario world's own CloudTrail, so opening the step in
 * the sandbox shows the same events.
 */
import { z } from 'zod'
import { LabError, type ErrorIssue } from '../../../../shared/errors'
import type { AuditEvent, AuditStepRun } from '../../../../shared/contract/cloudtrail'
import type { SandboxAction } from '../../../../shared/contract/sandbox'
import { formatWhen } from '../../labs/format'
import type { KindRun, LabInputs, RunContext, StepKind } from '../../labs/kinds'
import type { LabStep } from '../../labs/schema'
import type { World } from '../../world'
import { LOOKUP_ATTRIBUTE_KEYS, MAX_LOOKUP_RESULTS, type LookupAttributeKey, type LookupEvent } from '../trail'
import { identifiesActor, lookupUsesCloudTrail } from './checks'

/** Where the learner may look: the services whose records the step contrasts. */
export const AUDIT_SERVICES = ['CloudTrail', 'CloudWatch'] as const
/** Fields an input of a CloudTrail step binds to: the service, one LookupAttribute, and the learner's answer. */
export const AUDIT_FIELDS = ['Service', 'AttributeKey', 'AttributeValue', 'Username'] as const

const CloudTrailFixed = z.strictObject({})

function toAuditEvent(e: LookupEvent): AuditEvent {
  return {
    EventId: e.EventId,
    EventName: e.EventName,
    EventSource: e.EventSource,
    EventTime: e.EventTime,
    when: formatWhen(Date.parse(e.EventTime)),
    Username: e.Username ?? '',
    ResourceName: e.Resources[0]?.ResourceName ?? null,
    ReadOnly: e.ReadOnly
  }
}

/** Every page of a LookupEvents query at the end of the scenario, newest first (as the API returns them). */
function lookupAll(world: World, attr: { AttributeKey: LookupAttributeKey; AttributeValue: string } | null): AuditEvent[] {
  const out: AuditEvent[] = []
  let token: string | undefined
  do {
    const page = world.cloudtrail.lookupEvents({ ...(attr ? { LookupAttributes: [attr] } : {}), MaxResults: MAX_LOOKUP_RESULTS, ...(token ? { NextToken: token } : {}) }, world.now)
    out.push(...page.Events.map(toAuditEvent))
    token = page.NextToken
  } while (token)
  return out
}

function choiceOf(step: LabStep, inputs: LabInputs): Partial<Record<(typeof AUDIT_FIELDS)[number], string>> {
  const out: Partial<Record<(typeof AUDIT_FIELDS)[number], string>> = {}
  for (const def of step.inputs) {
    const v = inputs[def.id]
    if (v !== undefined && v !== '') out[def.field as (typeof AUDIT_FIELDS)[number]] = String(v)
  }
  return out
}

/** What CloudWatch shows of the same week: effects of the calls, never who made them. */
function cloudWatchView(events: readonly AuditEvent[]): string[] {
  return events
    .filter((e) => e.ReadOnly === 'false')
    .map((e) =>
      e.EventName === 'DeleteEndpoint'
        ? `${e.when}: the endpoint's metrics stop arriving; nothing in the metrics says which caller did it`
        : e.EventSource === 'monitoring.amazonaws.com'
          ? `${e.when}: the alarm's configuration changes; its state history shows what it evaluated, not who called ${e.EventName}`
          : `${e.when}: no metric marks this ${e.EventName} call`
    )
}

function run(ctx: RunContext<unknown>): KindRun<AuditStepRun['result']> {
  const choice = choiceOf(ctx.step, ctx.inputs)
  const issues: ErrorIssue[] = []
  const service = choice.Service ?? 'CloudTrail'
  if (!(AUDIT_SERVICES as readonly string[]).includes(service)) issues.push({ path: 'Service', message: `must be one of ${AUDIT_SERVICES.join(', ')}` })
  const key = choice.AttributeKey
  if (key !== undefined && !(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(key)) {
    issues.push({ path: 'AttributeKey', message: `must be one of ${LOOKUP_ATTRIBUTE_KEYS.join(', ')} (LookupAttribute.AttributeKey)` })
  }
  const value = choice.AttributeValue
  if (value !== undefined && value.length > 2000) issues.push({ path: 'AttributeValue', message: 'must be 1 to 2000 characters (LookupAttribute.AttributeValue)' })
  if (issues.length > 0) throw new LabError('VALIDATION', `Invalid lookup: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)

  const world = ctx.scenario.world
  const allEvents = lookupAll(world, null)
  // An empty value is no filter at all (the console's Event history with no lookup attribute).
  const lookup = key !== undefined && value !== undefined ? { AttributeKey: key, AttributeValue: value } : null
  const events = service === 'CloudTrail' ? lookupAll(world, lookup as { AttributeKey: LookupAttributeKey; AttributeValue: string } | null) : []
  const audit = { service, lookup, events, cloudWatchView: cloudWatchView(allEvents), allEvents, username: choice.Username ?? null }
  const facts: Record<string, string> = { events: String(allEvents.length), found: String(events.length) }
  // The latest call of each API name, for explanations ("{{caller.DeleteEndpoint}} deleted it at {{when.DeleteEndpoint}}").
  for (const e of [...allEvents].reverse()) {
    facts[`caller.${e.EventName}`] = e.Username
    facts[`when.${e.EventName}`] = e.when
  }
  return { result: { audit }, facts }
}

export const cloudtrailKind: StepKind<z.infer<typeof CloudTrailFixed>, AuditStepRun['result']> = {
  kind: 'cloudtrail',
  owner: 'cloudtrail',
  fixed: CloudTrailFixed,
  fields: AUDIT_FIELDS,
  validateStep(step, _fixed, issue) {
    const seen = new Set<string>()
    step.inputs.forEach((input, k) => {
      const ip = ['steps', '*', 'inputs', k]
      if (input.target !== undefined) issue([...ip, 'target'], 'a CloudTrail step has no targets')
      if (seen.has(input.field)) issue([...ip, 'field'], `${input.field} is bound by two inputs`)
      seen.add(input.field)
      if (input.field === 'Service' && input.options) {
        input.options.forEach((o, j) => {
          if (!(AUDIT_SERVICES as readonly unknown[]).includes(o)) issue([...ip, 'options', j], `must be one of ${AUDIT_SERVICES.join(', ')}`)
        })
      }
      if (input.field === 'AttributeKey' && input.options) {
        input.options.forEach((o, j) => {
          if (!(LOOKUP_ATTRIBUTE_KEYS as readonly unknown[]).includes(o)) issue([...ip, 'options', j], `"${o}" is not a LookupEvents attribute key (${LOOKUP_ATTRIBUTE_KEYS.join(', ')})`)
        })
      }
    })
  },
  run,
  checks: { [lookupUsesCloudTrail.name]: lookupUsesCloudTrail, [identifiesActor.name]: identifiesActor },
  // Looking something up changes nothing: the step opens in the sandbox as the scenario world, whose
  // CloudTrail console shows the same Event history.
  sandboxActions(): SandboxAction[] {
    return []
  }
}
