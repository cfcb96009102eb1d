/**
 * The lab engine: what the contract handlers call. Pure: labs come in already loaded and validated
 * (src/main/labs/loader.ts reads the files), results are plain JSON. It names no step kind: a step's
 * kind (src/main/sandbox/lab-kinds.ts) makes its run from the scenario world and grades it.
 *
 * Runs are cached per (lab, step, seed, inputs) in a small LRU on top of the scenario world's cache
 * per (lab, seed), so `checkStep` right after `runStep` with the same inputs costs only the checks.
 */
import { LabError, type ErrorIssue } from '../../../shared/errors'
import type { CheckStepResult, LabSummary, LabView, QuestionsScore, ScoringRules, StepOutcome, StepRun } from '../../../shared/contract/labs'
import type { SandboxAction } from '../../../shared/contract/sandbox'
import { Lru } from '../core/lru'
import { stepKind } from '../lab-kinds'
import { inputIssue, runKindCheck, type LabInputs, type RunContext, type StepKind } from './kinds'
import { incidentsOf, mergeTimed, scenarioRun, summarizeIncidents } from './scenario'
import { hintText, type Lab, type LabStep, type Question } from './schema'
import { valueProblem } from './validate'

export type { LabInputs } from './kinds'

// ----------------------------------------------------------------------------------------------
// Scoring rules: the same numbers the start page and the score card state.

/**
 * Running and checking cost nothing; a step's points are fixed by its first passing check, by what
 * the learner had opened by then. Checkpoint questions count their first submission.
 */
export const SCORING: ScoringRules = {
  solved: 1,
  solvedWithHints: 0.7,
  solutionShown: 0.3,
  stepsWeight: 70,
  questionsWeight: 30,
  text:
    'Running a step and checking it are free: try the wrong answer and see what it costs. A step scores when it first passes: ' +
    'full marks if solved on your own, 70 % if you had opened a hint, 30 % if you had shown the solution; it never goes down afterwards. ' +
    'Steps make 70 % of the lab’s score and the checkpoint questions 30 %, counted on your first submission.'
}

const STEP_POINTS: Record<StepOutcome, number> = {
  solved: SCORING.solved,
  'solved-with-hints': SCORING.solvedWithHints,
  'solution-shown': SCORING.solutionShown,
  'not-solved': 0
}

// ----------------------------------------------------------------------------------------------
// Catalogue views (no answers in them)

function summary(lab: Lab): LabSummary {
  return {
    id: lab.id,
    title: lab.title,
    summary: lab.summary,
    estimatedMinutes: lab.estimatedMinutes,
    taskStatement: lab.taskStatement,
    examItems: [...lab.examItems],
    stepCount: lab.steps.length,
    questionCount: lab.questions.length,
    defaultSeed: lab.scenario.seed,
    order: lab.order
  }
}

/** The labs in their learning order (then by id, so the order is total). */
export function listLabs(labs: readonly Lab[]): LabSummary[] {
  return [...labs].sort((a, b) => a.order - b.order || a.id.localeCompare(b.id)).map(summary)
}

function kindOf(step: LabStep): StepKind {
  const kind = stepKind(step.kind)
  if (!kind) throw new LabError('INTERNAL', `step ${step.id}: unknown step kind "${step.kind}" (labs are validated on load; this is a bug)`)
  return kind
}

/** The pass criteria of a step, one sentence per check, as the learner reads them before checking. */
export function criteria(lab: Lab, step: LabStep, seed: number = lab.scenario.seed): { check: string; text: string }[] {
  const kind = kindOf(step)
  const incidents = incidentsOf(lab, seed, step.pageFor)
  return step.checks.map((c) => {
    const def = kind.checks[c.check]
    return { check: c.check, text: c.criterion ?? def.criterion(def.params.parse(c.params), incidents) }
  })
}

/** The learner's view of a lab: hints, solutions, explanations and answers are held back. */
export function getLab(labs: readonly Lab[], id: string): LabView {
  const lab = findLab(labs, id)
  return {
    ...summary(lab),
    steps: lab.steps.map((s) => ({
      id: s.id,
      title: s.title,
      kind: s.kind,
      examItems: [...s.examItems],
      instructions: s.instructions,
      inputs: s.inputs.map((i) => ({ ...i })),
      fixed: JSON.parse(JSON.stringify(s.fixed)) as Record<string, unknown>,
      hintCount: s.hints.length,
      criteria: criteria(lab, s)
    })),
    questions: lab.questions.map((q) => ({ id: q.id, examItems: [...q.examItems], prompt: q.prompt, choices: [...q.choices], multiple: Array.isArray(q.answer) })),
    scoring: { ...SCORING }
  }
}

export function findLab(labs: readonly Lab[], id: string): Lab {
  const lab = labs.find((l) => l.id === id)
  if (!lab) throw new LabError('NOT_FOUND', `no lab "${id}"`, [{ path: 'labId', message: `must be one of ${labs.map((l) => l.id).join(', ')}` }])
  return lab
}

export function findStep(lab: Lab, stepId: string): LabStep {
  const step = lab.steps.find((s) => s.id === stepId)
  if (!step) throw new LabError('NOT_FOUND', `lab ${lab.id} has no step "${stepId}"`, [{ path: 'stepId', message: `must be one of ${lab.steps.map((s) => s.id).join(', ')}` }])
  return step
}

/** Hint `index` (0-based) of a step; hints are revealed one at a time. */
export function revealHint(lab: Lab, stepId: string, index: number): { index: number; text: string; remaining: number } {
  const step = findStep(lab, stepId)
  if (!Number.isInteger(index) || index < 0 || index >= step.hints.length) {
    const message = step.hints.length === 0 ? 'this step has no hints' : index >= step.hints.length ? `every hint of this step is already shown (${step.hints.length})` : `must be 0 to ${step.hints.length - 1}`
    throw new LabError('VALIDATION', `hint: ${message}`, [{ path: 'index', message }])
  }
  return { index, text: hintText(step.hints[index]), remaining: step.hints.length - index - 1 }
}

/** The step's solution and its explanation (with the numbers of the solution's run under `seed`). */
export function revealSolution(lab: Lab, stepId: string, seed: number = lab.scenario.seed): { solution: LabInputs; explanation: string } {
  const step = findStep(lab, stepId)
  return { solution: { ...step.solution }, explanation: explain(step, runStep(lab, stepId, step.solution, seed).facts) }
}

// ----------------------------------------------------------------------------------------------
// Inputs

/** Defaults filled in, then every value checked against its input definition. Issues: `inputs.<id>`. */
export function resolveInputs(step: LabStep, inputs: Readonly<Record<string, unknown>>): { values: LabInputs; issues: ErrorIssue[] } {
  const issues: ErrorIssue[] = []
  const values: Record<string, string | number> = {}
  for (const key of Object.keys(inputs ?? {})) {
    if (!step.inputs.some((i) => i.id === key)) issues.push({ path: `inputs.${key}`, message: `is not an input of this step (inputs: ${step.inputs.map((i) => i.id).join(', ')})` })
  }
  for (const def of step.inputs) {
    let v = inputs?.[def.id] ?? def.default
    if (def.type === 'number' && typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) v = Number(v)
    if (def.type === 'select' && typeof v === 'string' && def.options?.some((o) => typeof o === 'number') && Number.isFinite(Number(v))) {
      const n = Number(v)
      if (def.options.includes(n)) v = n
    }
    const problem = valueProblem(def, v)
    if (problem) issues.push({ path: `inputs.${def.id}`, message: `${def.label}: ${problem}` })
    else values[def.id] = v as string | number
  }
  return { values, issues }
}

// ----------------------------------------------------------------------------------------------
// Running and checking a step

const runs = new Lru<StepRun>(64)

function runKey(lab: Lab, step: LabStep, values: LabInputs, seed: number): string {
  const sorted = Object.keys(values)
    .sort()
    .map((k) => `${k}=${JSON.stringify(values[k])}`)
    .join('&')
  return `${lab.id}|${step.id}|${seed}|${sorted}`
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) {
    throw new LabError('VALIDATION', `seed must be a whole number from 0 to ${2 ** 31 - 1}`, [{ path: 'seed', message: `must be a whole number from 0 to ${2 ** 31 - 1}` }])
  }
}

/** The run context of a step: its kind, fixed block, the learner's values and the scenario world. */
function context(lab: Lab, step: LabStep, values: LabInputs, seed: number): { kind: StepKind; ctx: RunContext<unknown> } {
  const kind = kindOf(step)
  const scenario = scenarioRun(lab, seed)
  return {
    kind,
    ctx: { lab, step, fixed: kind.fixed.parse(step.fixed), inputs: values, seed, scenario, incidents: summarizeIncidents(scenario, step.pageFor) }
  }
}

/** A kind's VALIDATION error about an AWS field, re-aimed at the input that set it. */
function mapKindError(kind: StepKind, step: LabStep, e: unknown): never {
  if (e instanceof LabError && e.code === 'VALIDATION' && !e.issues.some((i) => i.path.startsWith('scenario'))) {
    const mapped = e.issues.map((i) => inputIssue(kind, step, i))
    throw new LabError('VALIDATION', `Invalid inputs: ${mapped.map((i) => `${i.path}: ${i.message}`).join('; ')}`, mapped)
  }
  throw e
}

function validInputs(step: LabStep, inputs: Readonly<Record<string, unknown>>): LabInputs {
  const { values, issues } = resolveInputs(step, inputs)
  if (issues.length > 0) throw new LabError('VALIDATION', `Invalid inputs: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)
  return values
}

/**
 * Runs a step with the learner's inputs over the scenario world of `seed`: the kind's result (chart
 * data, scorecard, trade-off, lookup …) and the facts its explanation quotes. Throws a VALIDATION
 * LabError whose issues are `inputs.<id>` when an input is not acceptable (the service's own
 * validation included).
 */
export function runStep(lab: Lab, stepId: string, inputs: Readonly<Record<string, unknown>>, seed: number = lab.scenario.seed): StepRun {
  checkSeed(seed)
  const step = findStep(lab, stepId)
  const values = validInputs(step, inputs)
  const key = runKey(lab, step, values, seed)
  const hit = runs.get(key)
  if (hit) return hit
  const { kind, ctx } = context(lab, step, values, seed)
  let out: { result: unknown; facts: Record<string, string> }
  try {
    out = kind.run(ctx)
  } catch (e) {
    mapKindError(kind, step, e)
  }
  const scenario = ctx.scenario
  const run = {
    labId: lab.id,
    stepId: step.id,
    kind: step.kind,
    seed,
    startTime: scenario.startTime,
    endTime: scenario.endTime,
    incidents: ctx.incidents,
    inputs: values,
    facts: out.facts,
    result: out.result
  } as StepRun
  runs.set(key, run)
  return run
}

const displayed = new WeakMap<StepRun, StepRun>()

/**
 * `runStep` as the learner's screen gets it: the kind's `forDisplay` applied to the result (charted
 * series at display precision). Grading never reads this copy; it is made once per cached run.
 */
export function displayRun(lab: Lab, stepId: string, inputs: Readonly<Record<string, unknown>>, seed: number = lab.scenario.seed): StepRun {
  const run = runStep(lab, stepId, inputs, seed)
  const hit = displayed.get(run)
  if (hit) return hit
  const kind = kindOf(findStep(lab, stepId))
  const out = kind.forDisplay ? ({ ...run, result: kind.forDisplay(run.result) } as StepRun) : run
  displayed.set(run, out)
  return out
}

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.:-]+)\s*\}\}/g

/** The fact names an explanation quotes. */
export function placeholders(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1])
}

/** The explanation with its `{{fact}}` placeholders filled from a run (labs:check proves the solution's run has them all). */
export function explain(step: LabStep, facts: Readonly<Record<string, string>>): string {
  return step.explanation.replace(PLACEHOLDER, (_, name: string) => facts[name] ?? `(${name}: not measured in this run)`)
}

/** Runs the step (cached) and grades it with every check the step names. */
export function checkStep(lab: Lab, stepId: string, inputs: Readonly<Record<string, unknown>>, seed: number = lab.scenario.seed, options: { solutionShown?: boolean } = {}): CheckStepResult {
  const step = findStep(lab, stepId)
  let run: StepRun
  try {
    run = runStep(lab, stepId, inputs, seed)
  } catch (e) {
    if (e instanceof LabError && e.code === 'VALIDATION' && e.issues.every((i) => i.path.startsWith('inputs.'))) {
      return { passed: false, results: [], inputErrors: e.issues, explanation: options.solutionShown ? revealSolution(lab, stepId, seed).explanation : null }
    }
    throw e
  }
  const kind = kindOf(step)
  const results = step.checks.map((c) => {
    const r = runKindCheck(kind, c.check, { result: run.result, incidents: run.incidents, inputs: run.inputs }, c.params)
    return { check: c.check, pass: r.pass, diagnostic: r.diagnostic, ...(r.details ? { details: r.details } : {}) }
  })
  const passed = results.every((r) => r.pass)
  const explanation = passed ? explain(step, run.facts) : options.solutionShown ? revealSolution(lab, stepId, seed).explanation : null
  return { passed, results, inputErrors: [], explanation }
}

/**
 * What "open in the sandbox" saves: a world with the scenario's seed and its actions, the learner's
 * choices as actions right after the setup. Replaying it shows the numbers the step showed.
 */
export function sandboxPlan(lab: Lab, stepId: string, inputs: Readonly<Record<string, unknown>>, seed: number = lab.scenario.seed): { seed: string; actions: SandboxAction[]; name: string } {
  checkSeed(seed)
  const step = findStep(lab, stepId)
  const values = validInputs(step, inputs)
  const { kind, ctx } = context(lab, step, values, seed)
  let learner: SandboxAction[]
  try {
    learner = kind.sandboxActions(ctx)
  } catch (e) {
    mapKindError(kind, step, e)
  }
  return { seed: ctx.scenario.seed, actions: [...ctx.scenario.setup, ...mergeTimed(learner, ctx.scenario.timed)], name: sandboxName(lab, step, seed) }
}

// ----------------------------------------------------------------------------------------------
// Questions and the score

export type QuestionAnswers = Record<string, number | number[]>

function asSet(a: number | number[]): number[] {
  return (Array.isArray(a) ? [...a] : [a]).sort((x, y) => x - y)
}

export function gradeQuestions(lab: Lab, answers: Readonly<QuestionAnswers>): QuestionsScore {
  const results = lab.questions.map((q: Question) => {
    const given = answers?.[q.id]
    const chosen = given === undefined ? null : asSet(given)
    const answer = asSet(q.answer)
    const correct = chosen !== null && chosen.length === answer.length && chosen.every((c, i) => c === answer[i])
    return { id: q.id, correct, chosen, answer, explanation: q.explanation }
  })
  const correct = results.filter((r) => r.correct).length
  return { correct, total: results.length, percent: results.length ? Math.round((100 * correct) / results.length) : 0, results }
}

/** What scoring reads of a step's saved state. */
export interface StepScoreState {
  hintsShown: number
  solutionShown: boolean
  passed: boolean
  /** How the step stood at its first passing check. A state saved before this field existed falls back to now. */
  firstPass?: { hintsShown: number; solutionShown: boolean }
  attempts?: number
}

export interface ScoreInput {
  steps: Readonly<Record<string, StepScoreState>>
  /** The scored (first) submission of the checkpoint, when there was one. */
  answers?: Readonly<QuestionAnswers>
  questionsSubmitted: boolean
}

export interface LabScoreResult {
  score: number
  status: 'not_started' | 'in_progress' | 'done' | 'done_assisted'
  steps: { id: string; outcome: StepOutcome; points: number }[]
  questions: QuestionsScore
}

export function stepOutcome(s: StepScoreState | undefined): StepOutcome {
  if (!s?.passed) return 'not-solved'
  const at = s.firstPass ?? { hintsShown: s.hintsShown, solutionShown: s.solutionShown }
  return at.solutionShown ? 'solution-shown' : at.hintsShown > 0 ? 'solved-with-hints' : 'solved'
}

/** The lab's score (0–100) and status: done once every step is solved and the checkpoint submitted. */
export function scoreLab(lab: Lab, progress: ScoreInput): LabScoreResult {
  const steps = lab.steps.map((s) => {
    const outcome = stepOutcome(progress.steps[s.id])
    return { id: s.id, outcome, points: STEP_POINTS[outcome] }
  })
  const questions = gradeQuestions(lab, progress.questionsSubmitted ? (progress.answers ?? {}) : {})
  const stepShare = steps.reduce((a, s) => a + s.points, 0) / Math.max(1, steps.length)
  const score = Math.round(SCORING.stepsWeight * stepShare + (SCORING.questionsWeight * questions.percent) / 100)
  const allSolved = steps.every((s) => s.outcome !== 'not-solved')
  const started = Object.values(progress.steps).some((p) => (p.attempts ?? 0) > 0 || p.hintsShown > 0 || p.solutionShown || p.passed) || progress.questionsSubmitted
  const status = allSolved && progress.questionsSubmitted ? (steps.some((s) => s.outcome === 'solution-shown') ? 'done_assisted' : 'done') : started ? 'in_progress' : 'not_started'
  return { score, status, steps, questions }
}

// ----------------------------------------------------------------------------------------------
// Authoring: does every solution, and every setting a hint proposes, pass its own checks?

export interface SolutionFailure {
  stepId: string
  stepIndex: number
  seed: number
  check: string | null
  message: string
}

/**
 * Under each seed, runs each step's solution, each hint's suggested setting and each named example
 * (merged onto the solution) through the step's checks, and renders the explanation from the
 * solution's run; returns every claim that does not hold and every placeholder no run measured
 * (empty = all good).
 */
export function verifySolutions(lab: Lab, seeds: readonly number[]): SolutionFailure[] {
  const failures: SolutionFailure[] = []
  lab.steps.forEach((step, stepIndex) => {
    const candidates: { what: string; inputs: Record<string, string | number>; passes: boolean }[] = [{ what: 'solution', inputs: { ...step.solution }, passes: true }]
    step.hints.forEach((h, k) => {
      if (typeof h !== 'string') candidates.push({ what: `hint ${k + 1}'s suggestion`, inputs: { ...step.solution, ...h.suggests }, passes: true })
    })
    step.examples.forEach((x, k) => candidates.push({ what: `examples[${k}] (said to ${x.passes ? 'pass' : 'fail'})`, inputs: { ...step.solution, ...x.inputs }, passes: x.passes }))
    for (const seed of seeds) {
      for (const c of candidates) {
        const fail = (check: string | null, message: string): void => {
          failures.push({ stepId: step.id, stepIndex, seed, check, message: c.what === 'solution' ? message : `${c.what} (${JSON.stringify(c.inputs)}): ${message}` })
        }
        try {
          const r = checkStep(lab, step.id, c.inputs, seed)
          for (const e of r.inputErrors) fail(null, `${e.path}: ${e.message}`)
          if (c.passes) {
            for (const x of r.results) if (!x.pass) fail(x.check, x.diagnostic)
          } else if (r.inputErrors.length === 0 && r.passed) {
            fail(null, 'passes every check, but the step says it fails')
          }
          if (c.what === 'solution' && r.inputErrors.length === 0) {
            const facts = runStep(lab, step.id, c.inputs, seed).facts
            const missing = placeholders(step.explanation).filter((p) => !(p in facts))
            if (missing.length > 0) fail(null, `the explanation quotes ${missing.map((m) => `{{${m}}}`).join(', ')}, which the run does not measure (it has ${Object.keys(facts).slice(0, 12).join(', ')}${Object.keys(facts).length > 12 ? ', …' : ''})`)
          }
        } catch (e) {
          fail(null, e instanceof LabError ? `${e.message}${e.issues.length ? ` [${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}]` : ''}` : String(e))
        }
      }
    }
  })
  return failures
}

/** Seeds labs:check uses besides the lab's own: fixed, so the check is reproducible. */
export function alternateSeeds(lab: Lab): number[] {
  return [lab.scenario.seed + 1, lab.scenario.seed + 7919]
}

/** Drops cached step runs (a content reload). */
export function clearRunCache(): void {
  runs.clear()
}

// ----------------------------------------------------------------------------------------------

/** The engine bound to one set of loaded labs: what the contract handlers hold. */
export class LabEngine {
  constructor(private readonly labs: readonly Lab[]) {}

  listLabs(): LabSummary[] {
    return listLabs(this.labs)
  }

  getLab(id: string): LabView {
    return getLab(this.labs, id)
  }

  lab(id: string): Lab {
    return findLab(this.labs, id)
  }

  runStep(labId: string, stepId: string, inputs: Readonly<Record<string, unknown>>, seed?: number): StepRun {
    const lab = findLab(this.labs, labId)
    return runStep(lab, stepId, inputs, seed ?? lab.scenario.seed)
  }

  displayRun(labId: string, stepId: string, inputs: Readonly<Record<string, unknown>>, seed?: number): StepRun {
    const lab = findLab(this.labs, labId)
    return displayRun(lab, stepId, inputs, seed ?? lab.scenario.seed)
  }

  checkStep(labId: string, stepId: string, inputs: Readonly<Record<string, unknown>>, seed?: number, options?: { solutionShown?: boolean }): CheckStepResult {
    const lab = findLab(this.labs, labId)
    return checkStep(lab, stepId, inputs, seed ?? lab.scenario.seed, options)
  }

  revealHint(labId: string, stepId: string, index: number): { index: number; text: string; remaining: number } {
    return revealHint(findLab(this.labs, labId), stepId, index)
  }

  revealSolution(labId: string, stepId: string, seed?: number): { solution: LabInputs; explanation: string } {
    const lab = findLab(this.labs, labId)
    return revealSolution(lab, stepId, seed ?? lab.scenario.seed)
  }

  gradeQuestions(labId: string, answers: QuestionAnswers): QuestionsScore {
    return gradeQuestions(findLab(this.labs, labId), answers)
  }

  scoreLab(labId: string, progress: ScoreInput): LabScoreResult {
    return scoreLab(findLab(this.labs, labId), progress)
  }

  sandboxPlan(labId: string, stepId: string, inputs: Readonly<Record<string, unknown>>, seed?: number): { seed: string; actions: SandboxAction[]; name: string } {
    const lab = findLab(this.labs, labId)
    return sandboxPlan(lab, stepId, inputs, seed ?? lab.scenario.seed)
  }
}

/** A world name within the store's 100 characters: the lab and step, or the step alone when both do not fit. */
function sandboxName(lab: Lab, step: LabStep, seed: number): string {
  const full = `${lab.title}: ${step.title} (scenario ${seed})`
  return full.length <= 100 ? full : `${step.title} (scenario ${seed})`.slice(0, 100)
}
