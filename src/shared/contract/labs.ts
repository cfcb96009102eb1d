/**
 * The lab channels: the catalogue, a lab's learner view (no hints, solutions or answers until earned),
 * runs and checks of a step, hints, solutions, checkpoint questions, the learner's progress, and a
 * step opened in the sandbox. Every response has a schema; a run is the union of the step kinds'
 * results (lab-kinds.ts).
 */
import { z } from 'zod'
import { StepRunSchema } from './lab-kinds'

export { StepRunSchema, type StepRun, type StepKindName } from './lab-kinds'
export * from './lab-results'
export type { AlarmRun, AlarmStepRun, CompositeRun, CompositeStepRun, FalseAlarm, IncidentScore, Scorecard, Tradeoff, TradeoffPoint } from './cloudwatch'
export type { AuditEvent, AuditRun, AuditStepRun } from './cloudtrail'

const Scalar = z.union([z.string(), z.number()])
export const LabInputsSchema = z.record(z.string().max(100), z.union([z.string().max(10_000), z.number()]))

export const LabSummarySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  estimatedMinutes: z.number(),
  taskStatement: z.string(),
  examItems: z.array(z.string()),
  stepCount: z.number(),
  questionCount: z.number(),
  defaultSeed: z.number(),
  /** Where the lab comes in the suggested learning order (1 = first). */
  order: z.number()
})
export type LabSummary = z.infer<typeof LabSummarySchema>

export const InputDefSchema = z.strictObject({
  id: z.string(),
  /** The AWS field the input sets (e.g. `ExtendedStatistic`, `EvaluationPeriods`). */
  field: z.string(),
  /** What it sets the field of, when a step has several (a composite step's child alarm). */
  target: z.string().optional(),
  type: z.enum(['select', 'number', 'text']),
  label: z.string(),
  help: z.string().optional(),
  options: z.array(Scalar).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  step: z.number().optional(),
  unit: z.string().optional(),
  default: Scalar
})
export type InputDefView = z.infer<typeof InputDefSchema>

export const StepViewSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  kind: z.string(),
  examItems: z.array(z.string()),
  instructions: z.string(),
  inputs: z.array(InputDefSchema),
  fixed: z.record(z.string(), z.unknown()),
  hintCount: z.number(),
  /** What it takes to pass: one sentence per check, from the checks themselves. */
  criteria: z.array(z.strictObject({ check: z.string(), text: z.string() }))
})
export type StepView = z.infer<typeof StepViewSchema>

export const QuestionViewSchema = z.strictObject({
  id: z.string(),
  examItems: z.array(z.string()),
  prompt: z.string(),
  choices: z.array(z.string()),
  /** True when more than one choice is right (select all that apply). */
  multiple: z.boolean()
})

/** How a lab scores: shown on its start page and its score card, so nothing is a surprise. */
export const ScoringRulesSchema = z.strictObject({
  /** Points of a step by how it was solved, 0–1. */
  solved: z.number(),
  solvedWithHints: z.number(),
  solutionShown: z.number(),
  stepsWeight: z.number(),
  questionsWeight: z.number(),
  text: z.string()
})
export type ScoringRules = z.infer<typeof ScoringRulesSchema>

export const LabViewSchema = LabSummarySchema.extend({
  steps: z.array(StepViewSchema),
  questions: z.array(QuestionViewSchema),
  scoring: ScoringRulesSchema
})
export type LabView = z.infer<typeof LabViewSchema>

export const CheckOutcomeSchema = z.strictObject({
  check: z.string(),
  pass: z.boolean(),
  diagnostic: z.string(),
  details: z.record(z.string(), z.unknown()).optional()
})

export const ErrorIssueSchema = z.strictObject({ path: z.string(), message: z.string() })

export const CheckStepResultSchema = z.strictObject({
  passed: z.boolean(),
  results: z.array(CheckOutcomeSchema),
  /** Inputs that could not be run (the service rejected them): each names `inputs.<id>` and what is allowed. */
  inputErrors: z.array(ErrorIssueSchema),
  /** The step's explanation, its numbers from this run: only once the step passed or its solution was shown. */
  explanation: z.string().nullable()
})
export type CheckStepResult = z.infer<typeof CheckStepResultSchema>

export const QuestionGradeSchema = z.strictObject({
  id: z.string(),
  correct: z.boolean(),
  chosen: z.array(z.number()).nullable(),
  answer: z.array(z.number()),
  explanation: z.string()
})

export const QuestionsScoreSchema = z.strictObject({
  correct: z.number(),
  total: z.number(),
  /** 0–100. */
  percent: z.number(),
  results: z.array(QuestionGradeSchema)
})
export type QuestionsScore = z.infer<typeof QuestionsScoreSchema>

export const StepOutcomeSchema = z.enum(['solved', 'solved-with-hints', 'solution-shown', 'not-solved'])
export type StepOutcome = z.infer<typeof StepOutcomeSchema>

export const LabScoreSchema = z.strictObject({
  /** 0–100: steps and questions weighted as `scoring` says. */
  score: z.number(),
  status: z.enum(['not_started', 'in_progress', 'done', 'done_assisted']),
  steps: z.array(z.strictObject({ id: z.string(), outcome: StepOutcomeSchema, points: z.number() })),
  questions: QuestionsScoreSchema
})
export type LabScore = z.infer<typeof LabScoreSchema>

/** What the app keeps per step (inside LabProgressRow.state). */
export const StepStateSchema = z.strictObject({
  /** Checks made (graded ones; refused inputs are not attempts). Trying costs nothing. */
  attempts: z.number().int().min(0),
  hintsShown: z.number().int().min(0),
  solutionShown: z.boolean(),
  passed: z.boolean(),
  /** How the step stood at its first passing check: what its score is fixed by. Absent before the first pass. */
  firstPass: z.strictObject({ hintsShown: z.number().int().min(0), solutionShown: z.boolean() }).optional(),
  inputs: LabInputsSchema,
  /** The latest graded check, so a learner who comes back sees what it said. */
  lastCheck: z
    .strictObject({
      passed: z.boolean(),
      results: z.array(z.strictObject({ check: z.string(), pass: z.boolean(), diagnostic: z.string() })),
      explanation: z.string().nullable().optional()
    })
    .optional()
})
export type StepState = z.infer<typeof StepStateSchema>

export const LabStateSchema = z.strictObject({
  steps: z.record(z.string(), StepStateSchema),
  answers: z.record(z.string(), z.union([z.number().int(), z.array(z.number().int())])),
  questionsSubmitted: z.boolean()
})
export type LabState = z.infer<typeof LabStateSchema>

export const LabProgressViewSchema = z.strictObject({
  /** The saved status (in progress as soon as anything was run), as the Labs view shows it. */
  status: z.enum(['not_started', 'in_progress', 'done', 'done_assisted']),
  seed: z.number(),
  currentStep: z.number(),
  state: LabStateSchema,
  /** Hints shown so far, per step, in order. */
  hints: z.record(z.string(), z.array(z.string())),
  /** Solutions shown so far, per step. */
  solutions: z.record(z.string(), z.strictObject({ solution: LabInputsSchema, explanation: z.string() })),
  /** Explanations of steps that passed. */
  explanations: z.record(z.string(), z.string()),
  /** Until the questions are submitted, `score.questions.results` carries no answers or explanations. */
  score: LabScoreSchema
})
export type LabProgressView = z.infer<typeof LabProgressViewSchema>

export const CoverageEntrySchema = z.strictObject({
  examItem: z.string(),
  labs: z.array(z.strictObject({ labId: z.string(), steps: z.array(z.string()), questions: z.array(z.string()), lab: z.boolean() }))
})
export type CoverageEntry = z.infer<typeof CoverageEntrySchema>

export const LabIdRef = z.strictObject({ labId: z.string().min(1).max(100) })
export const LabStepRef = z.strictObject({ labId: z.string().min(1).max(100), stepId: z.string().min(1).max(100) })

export const LabListItemSchema = LabSummarySchema.extend({
  status: LabScoreSchema.shape.status,
  score: z.number().nullable(),
  currentStep: z.number(),
  updatedAt: z.string().nullable()
})

export const labChannels = {
  'labs.list': {
    request: z.strictObject({}),
    response: z.strictObject({
      labs: z.array(LabListItemSchema),
      /** Lab files that could not be loaded: the file, line and field, and what is expected. */
      errors: z.array(z.strictObject({ file: z.string(), line: z.number().optional(), field: z.string(), message: z.string() })),
      coverage: z.array(CoverageEntrySchema)
    })
  },
  'labs.get': {
    request: LabIdRef,
    response: z.strictObject({ lab: LabViewSchema, progress: LabProgressViewSchema })
  },
  'labs.start': {
    /** Starts (or goes on with) a lab under a seed: "Try another scenario" sends a new one. */
    request: z.strictObject({ labId: z.string().min(1).max(100), seed: z.number().int().min(0).max(2 ** 31 - 1).optional() }),
    response: LabProgressViewSchema
  },
  'labs.run': {
    request: LabStepRef.extend({ inputs: LabInputsSchema }),
    response: StepRunSchema
  },
  'labs.check': {
    request: LabStepRef.extend({ inputs: LabInputsSchema }),
    response: z.strictObject({ result: CheckStepResultSchema, progress: LabProgressViewSchema })
  },
  'labs.hint': {
    request: LabStepRef,
    response: z.strictObject({ index: z.number(), text: z.string(), remaining: z.number(), progress: LabProgressViewSchema })
  },
  'labs.solution': {
    request: LabStepRef,
    response: z.strictObject({ solution: LabInputsSchema, explanation: z.string(), progress: LabProgressViewSchema })
  },
  'labs.goToStep': {
    request: z.strictObject({ labId: z.string().min(1).max(100), step: z.number().int().min(0).max(100) }),
    response: LabProgressViewSchema
  },
  'labs.answer': {
    request: z.strictObject({
      labId: z.string().min(1).max(100),
      answers: z.record(z.string().max(100), z.union([z.number().int().min(0), z.array(z.number().int().min(0)).max(20)]))
    }),
    /** `scored`: whether this submission counts (the first does; later ones are graded for practice). */
    response: z.strictObject({ questions: QuestionsScoreSchema, scored: z.boolean(), progress: LabProgressViewSchema })
  },
  'labs.openInSandbox': {
    /** A sandbox world that replays the step's scenario with the learner's inputs: the same numbers, to explore further. */
    request: LabStepRef.extend({ inputs: LabInputsSchema }),
    response: z.strictObject({ worldId: z.string(), name: z.string() })
  }
} as const

