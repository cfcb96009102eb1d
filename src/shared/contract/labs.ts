/**
 * Shapes of the lab channels. The run and check results are the lab engine's own plain-JSON types
 * (src/main/sandbox/labs, pure TypeScript), imported here as types only so the renderer is typed
 * without loading any sandbox code.
 */
import { z } from 'zod'
import type {
  CheckStepResult,
  LabScore,
  LabSummary,
  LabView,
  QuestionsScore,
  StepRun,
  CoverageEntry
} from '../../main/sandbox/labs'

export type { CheckStepResult, LabScore, LabSummary, LabView, QuestionsScore, StepRun, CoverageEntry }
export type { AlarmRun, CompositeRun, AuditRun, Scorecard, Tradeoff, IncidentSummary, IncidentScore, FalseAlarm, TradeoffPoint } from '../../main/sandbox/labs'

export const LabInputsSchema = z.record(z.string().max(100), z.union([z.string().max(10_000), z.number()]))

/** What the app keeps per step (inside LabProgressRow.state). */
export const StepStateSchema = z.strictObject({
  attempts: z.number().int().min(0),
  hintsShown: z.number().int().min(0),
  solutionShown: z.boolean(),
  passed: z.boolean(),
  inputs: LabInputsSchema,
  /** The latest graded check, so a learner who comes back sees what it said. */
  lastCheck: z
    .strictObject({
      passed: z.boolean(),
      results: z.array(z.strictObject({ check: z.string(), pass: z.boolean(), diagnostic: z.string() }))
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

export interface LabProgressView {
  /** The saved status (in progress as soon as anything was run), as the Labs view shows it. */
  status: 'not_started' | 'in_progress' | 'done' | 'done_assisted'
  seed: number
  currentStep: number
  state: LabState
  /** Hints shown so far, per step, in order. */
  hints: Record<string, string[]>
  /** Solutions shown so far, per step. */
  solutions: Record<string, { solution: Record<string, string | number>; explanation: string }>
  /** Explanations of steps that passed. */
  explanations: Record<string, string>
  /** Until the questions are submitted, `score.questions.results` carries no answers or explanations. */
  score: LabScore
}

const custom = <T>() => z.custom<T>((v) => typeof v === 'object' && v !== null)

export const LabIdRef = z.strictObject({ labId: z.string().min(1).max(100) })
export const LabStepRef = z.strictObject({ labId: z.string().min(1).max(100), stepId: z.string().min(1).max(100) })

export const labChannels = {
  'labs.list': {
    request: z.strictObject({}),
    response: z.strictObject({
      labs: z.array(
        custom<LabSummary & { status: LabScore['status']; score: number | null; currentStep: number; updatedAt: string | null }>()
      ),
      /** Lab files that could not be loaded: the file, line and field, and what is expected. */
      errors: z.array(z.strictObject({ file: z.string(), line: z.number().optional(), field: z.string(), message: z.string() })),
      coverage: z.array(custom<CoverageEntry>())
    })
  },
  'labs.get': {
    request: LabIdRef,
    response: z.strictObject({ lab: custom<LabView>(), progress: custom<LabProgressView>() })
  },
  'labs.start': {
    /** Starts (or goes on with) a lab under a seed: "Try another scenario" sends a new one. */
    request: z.strictObject({ labId: z.string().min(1).max(100), seed: z.number().int().min(0).max(2 ** 31 - 1).optional() }),
    response: custom<LabProgressView>()
  },
  'labs.run': {
    request: LabStepRef.extend({ inputs: LabInputsSchema }),
    response: custom<StepRun>()
  },
  'labs.check': {
    request: LabStepRef.extend({ inputs: LabInputsSchema }),
    response: z.strictObject({ result: custom<CheckStepResult>(), progress: custom<LabProgressView>() })
  },
  'labs.hint': {
    request: LabStepRef,
    response: z.strictObject({ index: z.number(), text: z.string(), remaining: z.number(), progress: custom<LabProgressView>() })
  },
  'labs.solution': {
    request: LabStepRef,
    response: z.strictObject({ solution: LabInputsSchema, explanation: z.string(), progress: custom<LabProgressView>() })
  },
  'labs.goToStep': {
    request: z.strictObject({ labId: z.string().min(1).max(100), step: z.number().int().min(0).max(100) }),
    response: custom<LabProgressView>()
  },
  'labs.answer': {
    request: z.strictObject({
      labId: z.string().min(1).max(100),
      answers: z.record(z.string().max(100), z.union([z.number().int().min(0), z.array(z.number().int().min(0)).max(20)]))
    }),
    response: z.strictObject({ questions: custom<QuestionsScore>(), progress: custom<LabProgressView>() })
  }
} as const
