/**
 * The lab channels: the pure lab engine plus the learner's progress, saved after every step so a
 * learner who closes the app resumes where they were. Hints, solutions and check results are
 * counted here (not in the renderer), so "done with help" means what it says.
 */
import type { LabProgressRow } from '../../shared/contract'
import { LabError } from '../../shared/errors'
import { LabStateSchema, type LabProgressView, type LabState, type StepState } from '../../shared/contract/labs'
import type { LabFileError } from '../labs/loader'
import { coverage, LabEngine, type Lab, type LabProgress } from '../sandbox/labs'
import type { ProgressStore } from '../store/progress-store'
import type { Handlers } from './dispatch'

type LabChannel =
  | 'labs.list'
  | 'labs.get'
  | 'labs.start'
  | 'labs.run'
  | 'labs.check'
  | 'labs.hint'
  | 'labs.solution'
  | 'labs.goToStep'
  | 'labs.answer'

export interface LoadedLabContent {
  labs: Lab[]
  errors: LabFileError[]
  examItemIds: string[]
}

const emptyStep = (): StepState => ({ attempts: 0, hintsShown: 0, solutionShown: false, passed: false, inputs: {} })

export function createLabHandlers(store: ProgressStore, content: LoadedLabContent, now: () => Date = () => new Date()): Pick<Handlers, LabChannel> {
  const engine = new LabEngine(content.labs)
  const labById = new Map(content.labs.map((l) => [l.id, l]))

  function lab(labId: string): Lab {
    const found = labById.get(labId)
    if (!found) {
      throw new LabError('NOT_FOUND', `No lab "${labId}".`, [
        { path: 'labId', message: `must be one of ${content.labs.map((l) => l.id).join(', ') || '(no labs loaded)'}` }
      ])
    }
    return found
  }

  /** The saved row, or a fresh one under the lab's default seed. A state this version cannot read starts afresh. */
  function row(labId: string): LabProgressRow {
    const saved = store.getLabProgress(labId)
    const l = lab(labId)
    const time = now().toISOString()
    if (saved && LabStateSchema.safeParse(saved.state).success) return saved
    return {
      labId,
      status: 'not_started',
      seed: saved?.seed ?? l.scenario.seed,
      currentStep: 0,
      score: null,
      startedAt: saved?.startedAt ?? time,
      updatedAt: time,
      state: { steps: {}, answers: {}, questionsSubmitted: false } satisfies LabState
    }
  }

  function stateOf(r: LabProgressRow): LabState {
    return LabStateSchema.parse(r.state)
  }

  function progressOf(l: Lab, state: LabState): LabProgress {
    const steps: LabProgress['steps'] = {}
    for (const [id, s] of Object.entries(state.steps)) steps[id] = { attempts: s.attempts, hintsShown: s.hintsShown, solutionShown: s.solutionShown, passed: s.passed }
    return { steps, ...(state.questionsSubmitted ? { answers: state.answers } : {}) }
  }

  function view(r: LabProgressRow): LabProgressView {
    const l = lab(r.labId)
    const state = stateOf(r)
    const hints: Record<string, string[]> = {}
    const solutions: LabProgressView['solutions'] = {}
    const explanations: Record<string, string> = {}
    for (const step of l.steps) {
      const s = state.steps[step.id]
      if (!s) continue
      if (s.hintsShown > 0) hints[step.id] = Array.from({ length: Math.min(s.hintsShown, step.hints.length) }, (_, i) => engine.revealHint(l.id, step.id, i).text)
      if (s.solutionShown) solutions[step.id] = engine.revealSolution(l.id, step.id)
      if (s.passed || s.solutionShown) explanations[step.id] = step.explanation
    }
    const score = engine.scoreLab(l.id, progressOf(l, state))
    // The answer key stays on the host until the learner has submitted their answers.
    if (!state.questionsSubmitted) {
      score.questions = { ...score.questions, results: score.questions.results.map((q) => ({ ...q, answer: [], explanation: '' })) }
    }
    return { status: r.status, seed: r.seed, currentStep: r.currentStep, state, hints, solutions, explanations, score }
  }

  /** Applies a change to the lab's state, recomputes score and status, and saves it before answering. */
  function update(labId: string, change: (state: LabState, r: LabProgressRow) => void): LabProgressView {
    const r = row(labId)
    const state = stateOf(r)
    change(state, r)
    const l = lab(labId)
    const score = engine.scoreLab(labId, progressOf(l, state))
    const saved = store.putLabProgress({
      ...r,
      state,
      status: score.status === 'not_started' ? 'in_progress' : score.status,
      score: score.status === 'done' || score.status === 'done_assisted' ? score.score : null,
      updatedAt: now().toISOString()
    })
    return view(saved)
  }

  function step(state: LabState, stepId: string): StepState {
    return (state.steps[stepId] ??= emptyStep())
  }

  return {
    'labs.list': () => {
      const rows = new Map(store.summary().labProgress.map((p) => [p.labId, p]))
      return {
        labs: engine.listLabs().map((s) => {
          const p = rows.get(s.id)
          return { ...s, status: p?.status ?? 'not_started', score: p?.score ?? null, currentStep: p?.currentStep ?? 0, updatedAt: p?.updatedAt ?? null }
        }),
        errors: content.errors.map((e) => ({ ...e })),
        coverage: coverage(content.labs, content.examItemIds)
      }
    },

    'labs.get': ({ labId }) => ({ lab: engine.getLab(labId), progress: view(row(labId)) }),

    'labs.start': ({ labId, seed }) =>
      update(labId, (_state, r) => {
        if (seed !== undefined) r.seed = seed
      }),

    'labs.run': ({ labId, stepId, inputs }) => {
      const r = row(labId)
      const run = engine.runStep(labId, stepId, inputs, r.seed)
      update(labId, (state, rr) => {
        step(state, stepId).inputs = { ...inputs }
        rr.currentStep = Math.max(0, lab(labId).steps.findIndex((s) => s.id === stepId))
      })
      return run
    },

    'labs.check': ({ labId, stepId, inputs }) => {
      const r = row(labId)
      const before = stateOf(r).steps[stepId]
      const result = engine.checkStep(labId, stepId, inputs, r.seed, { solutionShown: before?.solutionShown ?? false })
      const progress = update(labId, (state) => {
        const s = step(state, stepId)
        s.inputs = { ...inputs }
        // An input the alarm refused is not an attempt: nothing was graded.
        if (result.inputErrors.length === 0) {
          s.attempts += 1
          s.passed = s.passed || result.passed
          s.lastCheck = { passed: result.passed, results: result.results.map((c) => ({ check: c.check, pass: c.pass, diagnostic: c.diagnostic })) }
        }
      })
      return { result, progress }
    },

    'labs.hint': ({ labId, stepId }) => {
      const r = row(labId)
      const shown = stateOf(r).steps[stepId]?.hintsShown ?? 0
      const hint = engine.revealHint(labId, stepId, shown)
      const progress = update(labId, (state) => {
        step(state, stepId).hintsShown = hint.index + 1
      })
      return { ...hint, progress }
    },

    'labs.solution': ({ labId, stepId }) => {
      const revealed = engine.revealSolution(labId, stepId)
      const progress = update(labId, (state) => {
        step(state, stepId).solutionShown = true
      })
      return { solution: { ...revealed.solution }, explanation: revealed.explanation, progress }
    },

    'labs.goToStep': ({ labId, step: index }) => {
      const l = lab(labId)
      if (index > l.steps.length) {
        throw new LabError('VALIDATION', `step: this lab has steps 0 to ${l.steps.length - 1} and the questions at ${l.steps.length}.`, [
          { path: 'step', message: `must be from 0 to ${l.steps.length}` }
        ])
      }
      return update(labId, (_state, r) => {
        r.currentStep = index
      })
    },

    'labs.answer': ({ labId, answers }) => {
      const l = lab(labId)
      const known = new Set(l.questions.map((q) => q.id))
      const unknown = Object.keys(answers).filter((id) => !known.has(id))
      if (unknown.length > 0) {
        throw new LabError('VALIDATION', `answers: no question ${unknown.map((u) => `"${u}"`).join(', ')} in this lab.`, unknown.map((u) => ({ path: `answers.${u}`, message: 'no such question' })))
      }
      for (const q of l.questions) {
        const a = answers[q.id]
        const chosen = a === undefined ? [] : Array.isArray(a) ? a : [a]
        const bad = chosen.find((c) => c >= q.choices.length)
        if (bad !== undefined) {
          throw new LabError('VALIDATION', `answers.${q.id}: choice ${bad} does not exist (choices 0 to ${q.choices.length - 1}).`, [
            { path: `answers.${q.id}`, message: `must be from 0 to ${q.choices.length - 1}` }
          ])
        }
      }
      const questions = engine.gradeQuestions(labId, answers)
      const progress = update(labId, (state, r) => {
        state.answers = { ...answers }
        state.questionsSubmitted = true
        r.currentStep = l.steps.length
      })
      return { questions, progress }
    }
  }
}
