/**
 * The lab engine: what the contract handlers call. Pure: labs come in already loaded and validated
 * (src/main/labs/loader.ts reads the files), results are plain JSON.
 *
 * Runs are cached per (lab, step, seed, inputs) in a small LRU on top of the scenario's simulation
 * cache per (scenario, seed), so `checkStep` right after `runStep` with the same inputs costs only
 * the checks.
 */
import { LabError, type ErrorIssue } from '../../../shared/errors'
import type { MetricAlarmInput } from '../cloudwatch'
import { runCheck, type CheckResult } from './checks'
import { Lru } from '../core/lru'
import { runAlarmWeek, runCompositeWeek, simulateWeek, summarizeIncidents, WEEK_END, WEEK_START } from './scenario/alarm-week'
import { runAuditWeek } from './scenario/audit'
import type { StepRun } from './scenario/types'
import type { AlarmFixed, InputDef, Lab, LabStep, Question, StepKind } from './schema'
import { valueProblem } from './validate'

export type LabInputs = Record<string, string | number>

// ----------------------------------------------------------------------------------------------
// Catalogue views (no answers in them)

export interface LabSummary {
  id: string
  title: string
  summary: string
  estimatedMinutes: number
  taskStatement: string
  examItems: string[]
  stepCount: number
  questionCount: number
  defaultSeed: number
}

export interface StepView {
  id: string
  title: string
  kind: StepKind
  examItems: string[]
  instructions: string
  inputs: InputDef[]
  fixed: Record<string, unknown>
  hintCount: number
  checks: { check: string; params: Record<string, unknown> }[]
}

export interface QuestionView {
  id: string
  examItems: string[]
  prompt: string
  choices: string[]
  /** True when more than one choice is right (select all that apply). */
  multiple: boolean
}

export interface LabView extends LabSummary {
  steps: StepView[]
  questions: QuestionView[]
}

export function listLabs(labs: readonly Lab[]): LabSummary[] {
  return labs.map(summary)
}

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
    defaultSeed: lab.scenario.seed
  }
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
      checks: s.checks.map((c) => ({ check: c.check, params: { ...c.params } }))
    })),
    questions: lab.questions.map((q) => ({ id: q.id, examItems: [...q.examItems], prompt: q.prompt, choices: [...q.choices], multiple: Array.isArray(q.answer) }))
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
    throw new LabError('VALIDATION', `hint index must be 0 to ${step.hints.length - 1}`, [{ path: 'index', message: `must be 0 to ${step.hints.length - 1}` }])
  }
  return { index, text: step.hints[index], remaining: step.hints.length - index - 1 }
}

/** The step's solution and explanation (showing it makes the step "assisted" in scoreLab). */
export function revealSolution(lab: Lab, stepId: string): { solution: LabInputs; explanation: string } {
  const step = findStep(lab, stepId)
  return { solution: { ...step.solution }, explanation: step.explanation }
}

// ----------------------------------------------------------------------------------------------
// Inputs

/** Defaults filled in, then every value checked against its input definition. Issues: `inputs.<id>`. */
export function resolveInputs(step: LabStep, inputs: Readonly<Record<string, unknown>>): { values: LabInputs; issues: ErrorIssue[] } {
  const issues: ErrorIssue[] = []
  const values: LabInputs = {}
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

type AlarmSpec = Partial<MetricAlarmInput> & { MetricName: string }

/** A partial alarm from fixed values plus the inputs bound to it. `Statistic: p99` becomes ExtendedStatistic. */
function alarmSpec(fixed: AlarmFixed, inputs: readonly InputDef[], values: LabInputs, childName?: string): AlarmSpec {
  const spec: Record<string, unknown> = { ...fixed }
  for (const def of inputs) {
    if (def.field === 'AlarmRule' || def.alarm !== childName) continue
    spec[def.field] = values[def.id]
  }
  for (const field of ['Statistic', 'ExtendedStatistic'] as const) {
    const v = spec[field]
    if (typeof v !== 'string') continue
    const isPercentile = /^p\d/.test(v)
    const other = field === 'Statistic' ? 'ExtendedStatistic' : 'Statistic'
    const boundByInput = inputs.some((d) => d.field === field && d.alarm === childName)
    if (boundByInput || spec[other] === undefined) {
      delete spec[other]
      delete spec[field]
      spec[isPercentile ? 'ExtendedStatistic' : 'Statistic'] = v
    }
  }
  if (childName) spec.AlarmName = childName
  return spec as AlarmSpec
}

/** Maps an alarm validation issue (a PutMetricAlarm field) back to the input that set it. */
function toInputIssue(step: LabStep, issue: ErrorIssue): ErrorIssue {
  const [head, ...rest] = issue.path.split('.')
  const child = step.kind === 'composite' && rest.length > 0 ? head : undefined
  const field = child ? rest.join('.') : issue.path
  const stat = field === 'Statistic' || field === 'ExtendedStatistic'
  const input = step.inputs.find((i) => i.alarm === child && (i.field === field || (stat && (i.field === 'Statistic' || i.field === 'ExtendedStatistic'))))
  if (input) return { path: `inputs.${input.id}`, message: `${input.label}: ${issue.message}` }
  return { path: `fixed.${issue.path}`, message: `${issue.message} (set by the lab, not by you: a lab content problem)` }
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

/**
 * Run a step with the learner's inputs: simulate (cached) the week for `seed`, evaluate the alarm or
 * lookup, and return chart data, scorecard and trade-off. Throws a VALIDATION LabError whose issues
 * are `inputs.<id>` when an input is not acceptable (the alarm's own validation included).
 */
export function runStep(lab: Lab, stepId: string, inputs: Readonly<Record<string, unknown>>, seed: number = lab.scenario.seed): StepRun {
  checkSeed(seed)
  const step = findStep(lab, stepId)
  const { values, issues } = resolveInputs(step, inputs)
  if (issues.length > 0) throw new LabError('VALIDATION', `Invalid inputs: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)
  const key = runKey(lab, step, values, seed)
  const hit = runs.get(key)
  if (hit) return hit
  let run: StepRun
  try {
    run = execute(lab, step, values, seed)
  } catch (e) {
    if (e instanceof LabError && e.code === 'VALIDATION' && !e.issues.some((i) => i.path.startsWith('scenario.'))) {
      const mapped = e.issues.map((i) => toInputIssue(step, i))
      throw new LabError('VALIDATION', `Invalid inputs: ${mapped.map((i) => `${i.path}: ${i.message}`).join('; ')}`, mapped)
    }
    throw e
  }
  runs.set(key, run)
  return run
}

function execute(lab: Lab, step: LabStep, values: LabInputs, seed: number): StepRun {
  const base = {
    labId: lab.id,
    stepId: step.id,
    kind: step.kind,
    seed,
    startTime: WEEK_START,
    endTime: WEEK_END,
    inputs: values
  }
  const pageFor = step.pageFor
  if (step.kind === 'alarm') {
    const statInput = step.inputs.find((i) => i.field === 'Statistic' || i.field === 'ExtendedStatistic')
    const compare = new Set<string>()
    statInput?.options?.forEach((o) => compare.add(String(o)))
    for (const c of step.checks) if (c.check === 'statisticIs' && Array.isArray(c.params.oneOf)) for (const s of c.params.oneOf) compare.add(String(s))
    const r = runAlarmWeek(lab.scenario, alarmSpec(step.fixed.alarm, step.inputs, values), seed, { ...(pageFor ? { pageFor } : {}), compareStatistics: [...compare] })
    return { ...base, incidents: r.incidents, alarm: r.alarm, composite: null, audit: null, scorecard: r.scorecard, tradeoff: r.tradeoff }
  }
  if (step.kind === 'composite') {
    const children: Record<string, AlarmSpec> = {}
    for (const [name, fixed] of Object.entries(step.fixed.alarms)) children[name] = alarmSpec(fixed, step.inputs, values, name)
    const ruleInput = step.inputs.find((i) => i.field === 'AlarmRule')
    const rule = ruleInput ? String(values[ruleInput.id]) : step.fixed.AlarmRule
    if (!rule) throw new LabError('VALIDATION', 'composite step has no AlarmRule', [{ path: 'AlarmRule', message: 'is required' }])
    const r = runCompositeWeek(lab.scenario, children, rule, seed, pageFor ? { pageFor } : {})
    return { ...base, incidents: r.incidents, alarm: null, composite: r.composite, audit: null, scorecard: r.scorecard, tradeoff: null }
  }
  const pick = (field: string): string | undefined => {
    const def = step.inputs.find((i) => i.field === field)
    const v = def ? String(values[def.id]) : ''
    return v === '' ? undefined : v
  }
  const audit = runAuditWeek(lab.scenario.params, { Service: pick('Service') ?? 'CloudTrail', AttributeKey: pick('AttributeKey'), AttributeValue: pick('AttributeValue'), Username: pick('Username') }, seed)
  const incidents = summarizeIncidents(simulateWeek(lab.scenario.params, seed), pageFor)
  return { ...base, incidents, alarm: null, composite: null, audit, scorecard: null, tradeoff: null }
}

export interface CheckOutcome {
  check: string
  pass: boolean
  diagnostic: string
  details?: Record<string, unknown>
}

export interface CheckStepResult {
  passed: boolean
  results: CheckOutcome[]
  /** Inputs that could not be run (the alarm rejected them): each names `inputs.<id>` and what is allowed. */
  inputErrors: ErrorIssue[]
  /** The step's explanation: only once the step passed or its solution was shown. */
  explanation: string | null
}

/** Run the step (cached) and grade it with every check the step names. */
export function checkStep(
  lab: Lab,
  stepId: string,
  inputs: Readonly<Record<string, unknown>>,
  seed: number = lab.scenario.seed,
  options: { solutionShown?: boolean } = {}
): CheckStepResult {
  const step = findStep(lab, stepId)
  let run: StepRun
  try {
    run = runStep(lab, stepId, inputs, seed)
  } catch (e) {
    if (e instanceof LabError && e.code === 'VALIDATION' && e.issues.every((i) => i.path.startsWith('inputs.'))) {
      return { passed: false, results: [], inputErrors: e.issues, explanation: options.solutionShown ? step.explanation : null }
    }
    throw e
  }
  const results: CheckOutcome[] = step.checks.map((c) => {
    const r: CheckResult = runCheck(c.check, run, c.params, run.inputs)
    return { check: c.check, pass: r.pass, diagnostic: r.diagnostic, ...(r.details ? { details: r.details } : {}) }
  })
  const passed = results.every((r) => r.pass)
  return { passed, results, inputErrors: [], explanation: passed || options.solutionShown ? step.explanation : null }
}

// ----------------------------------------------------------------------------------------------
// Questions and the final score

export type QuestionAnswers = Record<string, number | number[]>

export interface QuestionGrade {
  id: string
  correct: boolean
  chosen: number[] | null
  answer: number[]
  explanation: string
}

export interface QuestionsScore {
  correct: number
  total: number
  /** 0–100. */
  percent: number
  results: QuestionGrade[]
}

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

export interface StepProgress {
  /** checkStep calls for this step. */
  attempts: number
  hintsShown: number
  solutionShown: boolean
  passed: boolean
}

export interface LabProgress {
  steps: Record<string, StepProgress>
  answers?: QuestionAnswers
}

export type StepOutcome = 'first-try' | 'with-help' | 'assisted' | 'not-passed'

export interface LabScore {
  /** 0–100: steps 70 %, questions 30 %. */
  score: number
  status: 'not_started' | 'in_progress' | 'done' | 'done_assisted'
  steps: { id: string; outcome: StepOutcome; points: number }[]
  questions: QuestionsScore
}

/** Points per step outcome: passed first try without hints, passed after retries or hints, passed with the solution shown. */
export const STEP_POINTS: Record<StepOutcome, number> = { 'first-try': 1, 'with-help': 0.7, assisted: 0.3, 'not-passed': 0 }
export const STEP_WEIGHT = 70
export const QUESTION_WEIGHT = 30

export function scoreLab(lab: Lab, progress: LabProgress): LabScore {
  const steps = lab.steps.map((s) => {
    const p = progress.steps?.[s.id]
    let outcome: StepOutcome = 'not-passed'
    if (p?.passed) outcome = p.solutionShown ? 'assisted' : p.attempts <= 1 && p.hintsShown === 0 ? 'first-try' : 'with-help'
    return { id: s.id, outcome, points: STEP_POINTS[outcome] }
  })
  const questions = gradeQuestions(lab, progress.answers ?? {})
  const stepShare = steps.reduce((a, s) => a + s.points, 0) / Math.max(1, steps.length)
  const score = Math.round(STEP_WEIGHT * stepShare + (QUESTION_WEIGHT * questions.percent) / 100)
  const allPassed = steps.every((s) => s.outcome !== 'not-passed')
  const started = Object.values(progress.steps ?? {}).some((p) => p.attempts > 0 || p.hintsShown > 0 || p.solutionShown) || Object.keys(progress.answers ?? {}).length > 0
  const status = allPassed ? (steps.some((s) => s.outcome === 'assisted') ? 'done_assisted' : 'done') : started ? 'in_progress' : 'not_started'
  return { score, status, steps, questions }
}

// ----------------------------------------------------------------------------------------------
// Authoring: does every solution pass its own checks?

export interface SolutionFailure {
  stepId: string
  stepIndex: number
  seed: number
  check: string | null
  message: string
}

/** Runs each step's solution under each seed; returns every failing check (empty = all pass). */
export function verifySolutions(lab: Lab, seeds: readonly number[]): SolutionFailure[] {
  const failures: SolutionFailure[] = []
  lab.steps.forEach((step, stepIndex) => {
    for (const seed of seeds) {
      try {
        const r = checkStep(lab, step.id, step.solution, seed)
        for (const e of r.inputErrors) failures.push({ stepId: step.id, stepIndex, seed, check: null, message: `${e.path}: ${e.message}` })
        for (const c of r.results) if (!c.pass) failures.push({ stepId: step.id, stepIndex, seed, check: c.check, message: c.diagnostic })
      } catch (e) {
        const msg = e instanceof LabError ? `${e.message}${e.issues.length ? ` [${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}]` : ''}` : String(e)
        failures.push({ stepId: step.id, stepIndex, seed, check: null, message: msg })
      }
    }
  })
  return failures
}

/** Seeds labs:check uses besides the lab's own: fixed, so the check is reproducible. */
export function alternateSeeds(lab: Lab): number[] {
  return [lab.scenario.seed + 1, lab.scenario.seed + 7919]
}

/** Drop cached step runs (a content reload). */
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

  runStep(labId: string, stepId: string, inputs: Readonly<Record<string, unknown>>, seed?: number): StepRun {
    const lab = findLab(this.labs, labId)
    return runStep(lab, stepId, inputs, seed ?? lab.scenario.seed)
  }

  checkStep(labId: string, stepId: string, inputs: Readonly<Record<string, unknown>>, seed?: number, options?: { solutionShown?: boolean }): CheckStepResult {
    const lab = findLab(this.labs, labId)
    return checkStep(lab, stepId, inputs, seed ?? lab.scenario.seed, options)
  }

  revealHint(labId: string, stepId: string, index: number): { index: number; text: string; remaining: number } {
    return revealHint(findLab(this.labs, labId), stepId, index)
  }

  revealSolution(labId: string, stepId: string): { solution: LabInputs; explanation: string } {
    return revealSolution(findLab(this.labs, labId), stepId)
  }

  gradeQuestions(labId: string, answers: QuestionAnswers): QuestionsScore {
    return gradeQuestions(findLab(this.labs, labId), answers)
  }

  scoreLab(labId: string, progress: LabProgress): LabScore {
    return scoreLab(findLab(this.labs, labId), progress)
  }
}
