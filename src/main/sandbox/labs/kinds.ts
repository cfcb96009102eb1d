/**
 * Lab step kinds are plug-ins. The service folder that owns a kind (cloudwatch/labs, cloudtrail/labs,
 * …) describes it here: the `fixed` block a step presets, the AWS fields its inputs may bind to, how a
 * run is made from the scenario world and the learner's inputs, the result's schema, and the checks
 * that grade it. The engine, the lab file schema and the lab player name no kind; the registry of
 * kinds the app knows is `src/main/sandbox/lab-kinds.ts`.
 */
import type { z } from 'zod'
import { LabError, type ErrorIssue } from '../../../shared/errors'
import type { IncidentSummary } from '../../../shared/contract/lab-results'
import type { SandboxAction } from '../../../shared/contract/sandbox'
import type { InputDef, Lab, LabStep } from './schema'
import type { ScenarioRun } from './scenario'

export type LabInputs = Readonly<Record<string, string | number>>

export interface CheckResult {
  pass: boolean
  diagnostic: string
  details?: Record<string, unknown>
}

/** What a kind's run returns: its result (its own shape) and the facts its explanation may quote. */
export interface KindRun<R> {
  result: R
  facts: Record<string, string>
}

/** Everything a check sees of a run: the scenario's incidents and the kind's result. */
export interface CheckContext<R> {
  result: R
  incidents: readonly IncidentSummary[]
  inputs: LabInputs
}

export interface CheckDefinition<R, P> {
  name: string
  /** One line for authors (README, labs:check). */
  description: string
  params: z.ZodType<P>
  /** The pass criterion in a sentence the learner reads before checking ("The regression pages within 5 minutes of its start."). */
  criterion(params: P, incidents: readonly IncidentSummary[]): string
  run(ctx: CheckContext<R>, params: P): CheckResult
}

/** A registered check with its parameter type erased: `run` takes parameters already parsed by `params`. */
export interface AnyCheck<R> {
  name: string
  description: string
  params: z.ZodType<unknown>
  criterion(params: unknown, incidents: readonly IncidentSummary[]): string
  run(ctx: CheckContext<R>, params: unknown): CheckResult
}

export function defineCheck<R, P>(def: CheckDefinition<R, P>): AnyCheck<R> {
  return def as unknown as AnyCheck<R>
}

/**
 * A check maker for one result type whose parameter type follows from its `params` schema:
 * `const alarmCheck = checksFor<AlarmResult>()`, then `alarmCheck({ params: z.strictObject(…), run(ctx, p) {…} })`.
 */
export function checksFor<R>() {
  return <S extends z.ZodType>(def: Omit<CheckDefinition<R, z.output<S>>, 'params'> & { params: S }): AnyCheck<R> => defineCheck<R, z.output<S>>(def as CheckDefinition<R, z.output<S>>)
}

export interface RunContext<F> {
  lab: Lab
  step: LabStep
  fixed: F
  inputs: LabInputs
  seed: number
  scenario: ScenarioRun
  incidents: readonly IncidentSummary[]
}

export interface StepKind<F = unknown, R = unknown> {
  kind: string
  /** The service folder that owns the kind, for the docs. */
  owner: string
  /** The step's `fixed` block. */
  fixed: z.ZodType<F>
  /** AWS field names an input of this kind may bind to. */
  fields: readonly string[]
  /**
   * Rules of the kind that a schema cannot express, for labs:check and the loader: an input's
   * target, options that are real values of their field, a field both fixed and an input.
   */
  validateStep?(step: LabStep, fixed: F, issue: (path: (string | number)[], message: string) => void): void
  /** Makes the run. Throws a VALIDATION LabError whose issue paths name the AWS field (mapped to inputs by the engine). */
  run(ctx: RunContext<F>): KindRun<R>
  checks: Readonly<Record<string, AnyCheck<R>>>
  /**
   * The learner's choices as sandbox actions, applied at the start of the scenario world, so the
   * step opens in the sandbox with the same numbers.
   */
  sandboxActions(ctx: RunContext<F>): SandboxAction[]
  /** The input a run's validation issue (an AWS field path) is about; default: the input bound to that field. */
  issueInput?(step: LabStep, path: string): InputDef | undefined
  /**
   * The result as it is sent to the learner's screen (`displayRun`), e.g. charted series at display
   * precision. Checks, facts and diagnostics always read the full result `run` made. Default: as is.
   */
  forDisplay?(result: R): R
}

/** Maps a kind's validation issue (an AWS field path) back to the input that set it, or to the lab's fixed values. */
export function inputIssue(kind: StepKind, step: LabStep, issue: ErrorIssue): ErrorIssue {
  const input = kind.issueInput ? kind.issueInput(step, issue.path) : step.inputs.find((i) => i.field === issue.path)
  if (input) return { path: `inputs.${input.id}`, message: `${input.label}: ${issue.message}` }
  return { path: `fixed.${issue.path}`, message: `${issue.message} (set by the lab, not by you: a lab content problem)` }
}

/**
 * Runs check `name` of a kind over a run. An unknown check or parameters that do not fit are
 * VALIDATION errors naming `check` or `params.<field>` (labs:check catches both before a learner can).
 */
export function runKindCheck<R>(kind: Pick<StepKind<unknown, R>, 'kind' | 'checks'>, name: string, ctx: CheckContext<R>, params: unknown): CheckResult {
  const def = kind.checks[name]
  if (!def) {
    throw new LabError('VALIDATION', `unknown check "${name}" for ${kind.kind} steps (they have ${Object.keys(kind.checks).join(', ')})`, [{ path: 'check', message: `must be one of ${Object.keys(kind.checks).join(', ')}` }])
  }
  const parsed = def.params.safeParse(params ?? {})
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ path: ['params', ...i.path.map(String)].join('.'), message: i.message }))
    throw new LabError('VALIDATION', `${name}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)
  }
  return def.run(ctx, parsed.data)
}
