/**
 * The lab file schema: one YAML file in `resources/labs/` per lab, content as data (DESIGN.md,
 * "Labs as data"). `LabFile` is the zod schema of the parsed document; `validateLab` adds the rules a
 * schema cannot express on its own (exam item ids that exist, checks that exist with parameters that
 * fit them, inputs and solutions that agree) and reports every problem as an issue with a path into
 * the document, so the loader can map it back to a line.
 *
 * Field names follow the AWS APIs the learner types into: PutMetricAlarm for metric alarms
 * (`Statistic`, `Period`, `EvaluationPeriods`, `DatapointsToAlarm`, `Threshold`, `ComparisonOperator`,
 * `TreatMissingData`), PutCompositeAlarm for `AlarmRule`, CloudTrail LookupEvents for `AttributeKey`
 * / `AttributeValue` (LookupAttribute) and `Username` (the Event history field).
 */
import { z } from 'zod'
import { METRIC } from '../workload/endpoint'
import { markdownProblem } from './markdown'

export const TASK_STATEMENTS = ['4.1', '4.2', '4.3'] as const
export const INCIDENT_KINDS = ['latencyRegression', 'errorBurst', 'trafficSpike', 'outlier', 'trafficGap'] as const
export type LabIncidentKind = (typeof INCIDENT_KINDS)[number]

/** Fields an input can bind to. Metric-alarm fields, the composite rule, and the CloudTrail lookup. */
export const ALARM_INPUT_FIELDS = [
  'Statistic',
  'ExtendedStatistic',
  'Period',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'ComparisonOperator',
  'TreatMissingData'
] as const
export const INPUT_FIELDS = [...ALARM_INPUT_FIELDS, 'AlarmRule', 'Service', 'AttributeKey', 'AttributeValue', 'Username'] as const
export type InputField = (typeof INPUT_FIELDS)[number]

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/
const kebab = z.string().regex(ID, 'must be kebab-case: lower-case letters and digits joined by single hyphens')
const inputId = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must start with a letter and use letters, digits, _ or - (at most 64)')

/** Markdown shown to the learner: non-empty, no raw HTML, no script-bearing links. */
export const Markdown = z
  .string()
  .min(1, 'must not be empty')
  .max(20_000)
  .superRefine((text, ctx) => {
    const problem = markdownProblem(text)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const Scalar = z.union([z.string(), z.number()])
export type InputValue = z.infer<typeof Scalar>

export const InputDef = z.strictObject({
  /** Key of the value in the learner's inputs and the solution. */
  id: inputId,
  field: z.enum(INPUT_FIELDS),
  /** Composite steps: the child alarm this input configures (absent for the AlarmRule). */
  alarm: z.string().min(1).max(255).optional(),
  type: z.enum(['select', 'number', 'text']),
  label: z.string().min(1).max(200),
  help: Markdown.optional(),
  /** select: the allowed values. */
  options: z.array(Scalar).min(2).optional(),
  /** number: the allowed range and the step of the control. */
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().positive().optional(),
  /** What the number is in, shown beside the control (e.g. "microseconds"). */
  unit: z.string().max(40).optional(),
  default: Scalar
})
export type InputDef = z.infer<typeof InputDef>

export const CheckRef = z.strictObject({
  check: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({})
})
export type CheckRef = z.infer<typeof CheckRef>

/** A partial PutMetricAlarm request the step presets; inputs fill the rest. */
export const AlarmFixed = z.strictObject({
  AlarmName: z.string().min(1).max(255).optional(),
  MetricName: z.enum(Object.values(METRIC) as [string, ...string[]]),
  Statistic: z.string().optional(),
  ExtendedStatistic: z.string().optional(),
  Period: z.number().optional(),
  EvaluationPeriods: z.number().optional(),
  DatapointsToAlarm: z.number().optional(),
  Threshold: z.number().optional(),
  ComparisonOperator: z.string().optional(),
  TreatMissingData: z.string().optional()
})
export type AlarmFixed = z.infer<typeof AlarmFixed>

const stepCommon = {
  id: kebab,
  title: z.string().min(1).max(200),
  examItems: z.array(z.string()).min(1),
  instructions: Markdown,
  inputs: z.array(InputDef).min(1),
  /** Incident ids that should page in this step; default: the scenario's `shouldPage` flags. */
  pageFor: z.array(z.string()).optional(),
  checks: z.array(CheckRef).min(1),
  hints: z.array(Markdown).min(1).max(5),
  solution: z.record(z.string(), Scalar),
  explanation: Markdown
}

export const AlarmStep = z.strictObject({
  ...stepCommon,
  kind: z.literal('alarm'),
  fixed: z.strictObject({ alarm: AlarmFixed })
})

export const CompositeStep = z.strictObject({
  ...stepCommon,
  kind: z.literal('composite'),
  fixed: z.strictObject({
    /** The child metric alarms by AlarmName. */
    alarms: z.record(z.string().min(1).max(255), AlarmFixed),
    AlarmRule: z.string().optional()
  })
})

export const CloudTrailStep = z.strictObject({
  ...stepCommon,
  kind: z.literal('cloudtrail'),
  fixed: z.strictObject({}).default({})
})

export const LabStep = z.discriminatedUnion('kind', [AlarmStep, CompositeStep, CloudTrailStep])
export type LabStep = z.infer<typeof LabStep>
export type StepKind = LabStep['kind']

/** When a seeded incident may start: a day range (0 = Monday) and an hour range (UTC), or after another incident. */
const StartWindow = z.union([
  z.strictObject({
    days: z.tuple([z.number().int().min(0).max(6), z.number().int().min(0).max(6)]),
    hours: z.tuple([z.number().min(0).max(24), z.number().min(0).max(24)])
  }),
  z.strictObject({
    after: kebab,
    offsetMinutes: z.tuple([z.number().int().min(0), z.number().int().min(0)])
  })
])

export const ScenarioIncident = z.strictObject({
  id: kebab,
  kind: z.enum(INCIDENT_KINDS),
  /** What the learner sees, e.g. "model v7 latency regression". */
  label: z.string().min(1).max(120),
  /** Whether an alarm should page for it; default false for outlier and trafficGap, true otherwise. */
  shouldPage: z.boolean().optional(),
  start: StartWindow,
  durationMinutes: z.number().int().min(1).max(10_080).optional(),
  factor: z.number().positive().optional(),
  errorRate: z.number().min(0).max(1).optional(),
  multiplier: z.number().min(0).optional(),
  latencyFactor: z.number().positive().optional()
})
export type ScenarioIncident = z.infer<typeof ScenarioIncident>

/** Audit events start in a day/hour window, or some minutes after an earlier event (by eventName). */
const AuditStart = z.union([
  z.strictObject({
    days: z.tuple([z.number().int().min(0).max(6), z.number().int().min(0).max(6)]),
    hours: z.tuple([z.number().min(0).max(24), z.number().min(0).max(24)])
  }),
  z.strictObject({
    after: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'must name an earlier event by its eventName'),
    offsetMinutes: z.tuple([z.number().int().min(0), z.number().int().min(0)])
  })
])

export const AuditEventDef = z.strictObject({
  eventName: z.string().regex(/^[A-Z][A-Za-z0-9]*$/, 'must be an API action name such as DeleteEndpoint'),
  eventSource: z.string().regex(/^[a-z0-9-]+\.amazonaws\.com$/, 'must look like sagemaker.amazonaws.com'),
  username: z.string().min(1).max(64),
  /** ResourceName as LookupEvents matches it: an endpoint or alarm name. */
  resourceName: z.string().min(1).max(255).optional(),
  resourceType: z.string().min(1).max(100).optional(),
  start: AuditStart,
  requestParameters: z.record(z.string(), z.unknown()).optional()
})
export type AuditEventDef = z.infer<typeof AuditEventDef>

export const AlarmWeekParams = z.strictObject({
  endpoint: z.strictObject({
    EndpointName: z.string().min(1).max(63),
    VariantName: z.string().min(1).max(63).default('AllTraffic'),
    InstanceType: z.string().min(1),
    InitialInstanceCount: z.number().int().min(1),
    model: z.record(z.string(), z.unknown())
  }),
  /** A workload TrafficSpec; checked by the workload simulator. */
  traffic: z.record(z.string(), z.unknown()),
  incidents: z.array(ScenarioIncident).default([]),
  /** Minutes after an incident ends in which an ALARM still counts as detecting it. */
  graceMinutes: z.number().int().min(0).max(240).default(15),
  /** API calls made during the week, for the CloudTrail steps. */
  audit: z.array(AuditEventDef).default([])
})
export type AlarmWeekParams = z.infer<typeof AlarmWeekParams>

export const Scenario = z.strictObject({
  kind: z.literal('alarm-week'),
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  params: AlarmWeekParams
})
export type Scenario = z.infer<typeof Scenario>

export const Question = z
  .strictObject({
    id: kebab,
    examItems: z.array(z.string()).min(1),
    prompt: Markdown,
    choices: z.array(Markdown).min(2).max(6),
    /** Index of the right choice, or indices when several are right (select all that apply). */
    answer: z.union([z.number().int().min(0), z.array(z.number().int().min(0)).min(1)]),
    explanation: Markdown
  })
  .superRefine((q, ctx) => {
    const answers = Array.isArray(q.answer) ? q.answer : [q.answer]
    for (const a of answers) {
      if (a >= q.choices.length) ctx.addIssue({ code: 'custom', path: ['answer'], message: `must index one of the ${q.choices.length} choices (0 to ${q.choices.length - 1}), got ${a}` })
    }
  })
export type Question = z.infer<typeof Question>

export const LabFile = z.strictObject({
  id: kebab,
  title: z.string().min(1).max(200),
  summary: Markdown,
  estimatedMinutes: z.number().int().min(1).max(240),
  taskStatement: z.enum(TASK_STATEMENTS),
  examItems: z.array(z.string()).min(1),
  scenario: Scenario,
  steps: z.array(LabStep).min(1).max(8),
  questions: z.array(Question).min(1).max(10)
})
export type Lab = z.infer<typeof LabFile>

/** One problem in a lab document: `path` into the parsed document, as zod reports it. */
export interface LabIssue {
  path: (string | number)[]
  message: string
}

/** Which lab and step/question ids are tagged with each exam item. */
export interface CoverageEntry {
  examItem: string
  labs: { labId: string; steps: string[]; questions: string[]; lab: boolean }[]
}

/**
 * Exam-item coverage of a set of labs: for every id in `examItemIds` (all Domain 4 items), the labs
 * that tag it at lab, step or question level. Items no lab covers appear with an empty `labs` list.
 */
export function coverage(labs: readonly Lab[], examItemIds: readonly string[]): CoverageEntry[] {
  return examItemIds.map((examItem) => ({
    examItem,
    labs: labs
      .map((lab) => ({
        labId: lab.id,
        lab: lab.examItems.includes(examItem),
        steps: lab.steps.filter((s) => s.examItems.includes(examItem)).map((s) => s.id),
        questions: lab.questions.filter((q) => q.examItems.includes(examItem)).map((q) => q.id)
      }))
      .filter((c) => c.lab || c.steps.length > 0 || c.questions.length > 0)
  }))
}

/** The exam item ids of EXAM-DOMAIN4.json's shape (`taskStatements[].items[].id`). */
export function examItemIdsOf(doc: unknown): string[] {
  const parsed = z
    .object({ taskStatements: z.array(z.object({ id: z.string(), items: z.array(z.object({ id: z.string() })) })) })
    .parse(doc)
  return parsed.taskStatements.flatMap((t) => t.items.map((i) => i.id))
}
