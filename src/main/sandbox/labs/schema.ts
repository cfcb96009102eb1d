/**
 * The lab file schema: one YAML file in `resources/labs/` per lab, content as data (DESIGN.md, "Labs
 * as data"). `LabFile` is the zod schema of the parsed document; `validateLab` adds the rules a
 * schema cannot express on its own (exam item ids that exist, kinds and checks that exist with
 * parameters that fit them, inputs and solutions that agree) and reports every problem as an issue
 * with a path into the document, so the loader can map it back to a line.
 *
 * A scenario is a sandbox world: a seed, the actions that set it up (the same actions a learner takes
 * in the console: CreateEndpoint, PutMetricAlarm, …), incidents at seeded times, and API calls other
 * people make at seeded times. Steps name a kind; what a kind's `fixed` block and inputs hold is the
 * kind's business (labs/kinds.ts), so nothing here names a step kind.
 */
import { z } from 'zod'
import { LAB_INCIDENT_KINDS } from '../../../shared/contract/lab-results'
import type { CoverageEntry } from '../../../shared/contract/labs'
import { SandboxActionSchema } from '../../../shared/contract/sandbox'
import { markdownProblem } from './markdown'

export const TASK_STATEMENTS = ['4.1', '4.2', '4.3'] as const
export type LabIncidentKind = (typeof LAB_INCIDENT_KINDS)[number]

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
  /** The AWS field it sets; which fields exist is the step kind's to say. */
  field: z.string().min(1).max(64),
  /** What it sets the field of, when a step configures several things (a composite step's child alarm). */
  target: z.string().min(1).max(255).optional(),
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
  params: z.record(z.string(), z.unknown()).default({}),
  /** The pass criterion as the learner reads it, when the check's own sentence does not fit the lab. */
  criterion: z.string().min(1).max(300).optional()
})
export type CheckRef = z.infer<typeof CheckRef>

/**
 * A hint. One that proposes a setting says so as data (`suggests`: input values, merged onto the
 * solution), so labs:check can prove the setting passes the step.
 */
export const Hint = z.union([Markdown, z.strictObject({ text: Markdown, suggests: z.record(z.string(), Scalar) })])
export type Hint = z.infer<typeof Hint>

export function hintText(h: Hint): string {
  return typeof h === 'string' ? h : h.text
}

export const LabStep = z.strictObject({
  id: kebab,
  kind: z.string().min(1).max(64),
  title: z.string().min(1).max(200),
  examItems: z.array(z.string()).min(1),
  instructions: Markdown,
  /** What the step presets, in its kind's shape. */
  fixed: z.record(z.string(), z.unknown()).default({}),
  inputs: z.array(InputDef).min(1),
  /** Incident ids that should page in this step; default: the scenario's `shouldPage` flags. */
  pageFor: z.array(z.string()).optional(),
  checks: z.array(CheckRef).min(1),
  hints: z.array(Hint).min(1).max(5),
  solution: z.record(z.string(), Scalar),
  /**
   * Settings the step's text names (instructions, hints, explanation), merged onto the solution, and
   * whether each passes: labs:check proves every claim under every seed it tries.
   */
  examples: z.array(z.strictObject({ inputs: z.record(z.string(), Scalar), passes: z.boolean() })).max(10).default([]),
  /** Markdown; `{{fact}}` placeholders take numbers from the learner's own run (the kind names its facts). */
  explanation: Markdown
})
export type LabStep = z.infer<typeof LabStep>

/** When something seeded starts: a day range (0 = the first day, a Monday) and an hour range (UTC), or after another item. */
const StartWindow = z.union([
  z.strictObject({
    days: z.tuple([z.number().int().min(0).max(30), z.number().int().min(0).max(30)]),
    hours: z.tuple([z.number().min(0).max(24), z.number().min(0).max(24)])
  }),
  z.strictObject({
    after: kebab,
    offsetMinutes: z.tuple([z.number().int().min(0), z.number().int().min(0)])
  })
])
export type StartWindow = z.infer<typeof StartWindow>

export const ScenarioIncident = z.strictObject({
  id: kebab,
  /** The endpoint it happens to; default: the scenario's only endpoint. */
  endpoint: z.string().min(1).max(63).optional(),
  kind: z.enum(LAB_INCIDENT_KINDS),
  /** What the learner sees, e.g. "model v7 latency regression". */
  label: z.string().min(1).max(120),
  /** Whether an alarm should page for it; default false for outlier and trafficGap, true otherwise. */
  shouldPage: z.boolean().optional(),
  start: StartWindow,
  durationMinutes: z.number().int().min(1).max(44_640).optional(),
  factor: z.number().positive().optional(),
  errorRate: z.number().min(0).max(1).optional(),
  multiplier: z.number().min(0).optional(),
  latencyFactor: z.number().positive().optional(),
  VariantName: z.string().min(1).max(63).optional()
})
export type ScenarioIncident = z.infer<typeof ScenarioIncident>

/** An API call someone else makes during the scenario (what the CloudTrail steps investigate). */
export const ScenarioCall = z.strictObject({
  /** Lets a later call start `after` this one. */
  id: kebab.optional(),
  /** The IAM user who makes it. */
  caller: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM user name: 1–64 letters, digits and + = , . @ _ -'),
  start: StartWindow,
  action: SandboxActionSchema
})
export type ScenarioCall = z.infer<typeof ScenarioCall>

export const Scenario = z.strictObject({
  seed: z.number().int().min(0).max(2 ** 31 - 1),
  /** How long the scenario runs, in days from Monday 2026-01-05 00:00 UTC. */
  days: z.number().int().min(1).max(92).default(7),
  /** Minutes after an incident ends in which an ALARM still counts as detecting it. */
  graceMinutes: z.number().int().min(0).max(240).default(15),
  /** Actions at the start, in order: the same actions a learner takes in the sandbox console. */
  setup: z.array(SandboxActionSchema).min(1).max(50),
  incidents: z.array(ScenarioIncident).max(50).default([]),
  calls: z.array(ScenarioCall).max(100).default([])
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
  /** Where the lab comes in the suggested learning order (1 = first). */
  order: z.number().int().min(1).max(1000),
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

export type { CoverageEntry } from '../../../shared/contract/labs'

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
