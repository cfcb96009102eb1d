/**
 * The lab channels: the pure lab engine plus the learner's progress, saved after every step so a
 * learner who closes the app resumes where they were. Hints, solutions and check results are
 * counted here (not in the renderer), so "solved with hints" and "solution shown" mean what they say.
 */
import { randomUUID } from 'node:crypto'
import type { LabProgressRow } from '../../shared/contract'
import { LabError } from '../../shared/errors'
import { LabStateSchema, type LabProgressView, type LabState, type StepState } from '../../shared/contract/labs'
import type { LabFileError } from '../labs/loader'
import { coverage, findStep, LabEngine, resolveInputs, type Lab, type ScoreInput } from '../sandbox/labs'
import type { SessionClient } from '../session/client'
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
  | 'labs.openInSandbox'

export interface LoadedLabContent {
  labs: Lab[]
  errors: LabFileError[]
  examItemIds: string[]
}

const emptyStep = (): StepState => ({ attempts: 0, hintsShown: 0, solutionShown: false, passed: false, inputs: {} })

/**
 * `session` runs everything that simulates (runs, checks, solutions' explanations, sandbox plans);
 * the catalogue, hints, questions and scores are cheap and computed here.
 */
export function createLabHandlers(store: ProgressStore, content: LoadedLabContent, session: SessionClient, now: () => Date = () => new Date()): Pick<Handlers, LabChannel> {
  const engine = new LabEngine(content.labs)
  /** Requests about one lab's progress, one after another (each reads, simulates, then saves). */
  const queues = new Map<string, Promise<unknown>>()
  function serial<T>(labId: string, fn: () => Promise<T>): Promise<T> {
    const before = queues.get(labId) ?? Promise.resolve()
    const run = before.then(fn, fn)
    const settled = run.catch(() => undefined)
    queues.set(labId, settled)
    void settled.then(() => {
      if (queues.get(labId) === settled) queues.delete(labId)
    })
    return run
  }
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

  function progressOf(state: LabState): ScoreInput {
    return { steps: state.steps, answers: state.answers, questionsSubmitted: state.questionsSubmitted }
  }

  /** Only the step's declared inputs, each within its bounds, are kept (a refused value keeps the one saved before). */
  function keptInputs(l: Lab, stepId: string, sent: Readonly<Record<string, unknown>>, before: StepState['inputs'] | undefined): StepState['inputs'] {
    const step = findStep(l, stepId)
    const { values } = resolveInputs(step, sent)
    const out: StepState['inputs'] = {}
    for (const def of step.inputs) {
      if (def.id in sent && def.id in values) out[def.id] = values[def.id]
      else if (before && def.id in before && resolveInputs(step, { [def.id]: before[def.id] }).values[def.id] !== undefined) out[def.id] = before[def.id]
    }
    return out
  }

  async function view(r: LabProgressRow): Promise<LabProgressView> {
    const l = lab(r.labId)
    const state = stateOf(r)
    const hints: Record<string, string[]> = {}
    const solutions: LabProgressView['solutions'] = {}
    const explanations: Record<string, string> = {}
    for (const step of l.steps) {
      const s = state.steps[step.id]
      if (!s) continue
      if (s.hintsShown > 0) hints[step.id] = Array.from({ length: Math.min(s.hintsShown, step.hints.length) }, (_, i) => engine.revealHint(l.id, step.id, i).text)
      const solution = s.solutionShown || (s.passed && !(s.lastCheck?.passed && s.lastCheck.explanation)) ? await session.call('labSolution', l.id, step.id, r.seed) : null
      if (s.solutionShown && solution) solutions[step.id] = solution
      if (s.passed || s.solutionShown) explanations[step.id] = s.lastCheck?.passed && s.lastCheck.explanation ? s.lastCheck.explanation : (solution?.explanation ?? '')
    }
    const score = engine.scoreLab(l.id, progressOf(state))
    // The answer key stays on the host until the learner has submitted their answers.
    if (!state.questionsSubmitted) {
      score.questions = { ...score.questions, results: score.questions.results.map((q) => ({ ...q, answer: [], explanation: '' })) }
    }
    return { status: r.status, seed: r.seed, currentStep: r.currentStep, state, hints, solutions, explanations, score }
  }

  /** Applies a change to the lab's state, recomputes score and status, and saves it. */
  function save(labId: string, change: (state: LabState, r: LabProgressRow) => void): LabProgressRow {
    const r = row(labId)
    const state = stateOf(r)
    change(state, r)
    const score = engine.scoreLab(labId, progressOf(state))
    return store.putLabProgress({
      ...r,
      state,
      status: score.status === 'not_started' ? 'in_progress' : score.status,
      score: score.status === 'done' || score.status === 'done_assisted' ? score.score : null,
      updatedAt: now().toISOString()
    })
  }

  /** `save`, answering with the progress as the player shows it. */
  function update(labId: string, change: (state: LabState, r: LabProgressRow) => void): Promise<LabProgressView> {
    return view(save(labId, change))
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

    'labs.get': async ({ labId }) => ({ lab: engine.getLab(labId), progress: await view(row(labId)) }),

    'labs.start': ({ labId, seed }) =>
      serial(labId, () =>
        update(labId, (_state, r) => {
          if (seed !== undefined) r.seed = seed
        })
      ),

    'labs.run': ({ labId, stepId, inputs }) => serial(labId, async () => {
      const r = row(labId)
      const run = await session.call('labRun', labId, stepId, inputs, r.seed)
      // The answer is the run alone: the progress view (hints, a passed step's solution run again for
      // its explanation, the score) would be built only to be dropped, on the path of every edit.
      save(labId, (state, rr) => {
        const s = step(state, stepId)
        s.inputs = keptInputs(lab(labId), stepId, inputs, s.inputs)
        rr.currentStep = Math.max(0, lab(labId).steps.findIndex((s) => s.id === stepId))
      })
      return run
    }),

    'labs.check': ({ labId, stepId, inputs }) => serial(labId, async () => {
      const r = row(labId)
      const before = stateOf(r).steps[stepId]
      const result = await session.call('labCheck', labId, stepId, inputs, r.seed, before?.solutionShown ?? false)
      const progress = await update(labId, (state) => {
        const s = step(state, stepId)
        s.inputs = keptInputs(lab(labId), stepId, inputs, s.inputs)
        // An input the service refused is not an attempt: nothing was graded. A failed check costs
        // nothing; the first passing one fixes the step's points by what was open at that moment.
        if (result.inputErrors.length === 0) {
          s.attempts += 1
          if (result.passed && !s.passed) s.firstPass = { hintsShown: s.hintsShown, solutionShown: s.solutionShown }
          s.passed = s.passed || result.passed
          s.lastCheck = { passed: result.passed, results: result.results.map((c) => ({ check: c.check, pass: c.pass, diagnostic: c.diagnostic })), explanation: result.explanation }
        }
      })
      return { result, progress }
    }),

    'labs.hint': ({ labId, stepId }) => serial(labId, async () => {
      const r = row(labId)
      const shown = stateOf(r).steps[stepId]?.hintsShown ?? 0
      const hint = engine.revealHint(labId, stepId, shown)
      const progress = await update(labId, (state) => {
        step(state, stepId).hintsShown = hint.index + 1
      })
      return { ...hint, progress }
    }),

    'labs.solution': ({ labId, stepId }) => serial(labId, async () => {
      const revealed = await session.call('labSolution', labId, stepId, row(labId).seed)
      const progress = await update(labId, (state) => {
        step(state, stepId).solutionShown = true
      })
      return { solution: { ...revealed.solution }, explanation: revealed.explanation, progress }
    }),

    'labs.goToStep': ({ labId, step: index }) => {
      const l = lab(labId)
      if (index > l.steps.length) {
        throw new LabError('VALIDATION', `step: this lab has steps 0 to ${l.steps.length - 1} and the questions at ${l.steps.length}.`, [
          { path: 'step', message: `must be from 0 to ${l.steps.length}` }
        ])
      }
      return serial(labId, () =>
        update(labId, (_state, r) => {
          r.currentStep = index
        })
      )
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
      return serial(labId, async () => {
        // The first submission is the one that scores; later ones are graded for practice only.
        const scored = !stateOf(row(labId)).questionsSubmitted
        const progress = await update(labId, (state, r) => {
          if (scored) {
            state.answers = { ...answers }
            state.questionsSubmitted = true
          }
          r.currentStep = l.steps.length
        })
        return { questions, scored, progress }
      })
    },

    'labs.openInSandbox': async ({ labId, stepId, inputs }) => {
      // The session proves the plan replays before it is saved: a world that would not open is never stored.
      const plan = await session.call('labPlan', labId, stepId, inputs, row(labId).seed)
      const id = randomUUID()
      const time = now().toISOString()
      store.putWorld({ id, name: plan.name, seed: plan.seed, actions: plan.actions, createdAt: time, updatedAt: time })
      return { worldId: id, name: plan.name }
    }
  }
}
