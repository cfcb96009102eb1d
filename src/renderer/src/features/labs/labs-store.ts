import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Res } from '@shared/contract'
import type { CheckStepResult, LabProgressView, LabView, QuestionsScore, StepRun } from '@shared/contract/labs'
import { useApiClient } from '@/api/api-client'
import { ApiError } from '@/api/api-error'

export type LabListItem = Res<'labs.list'>['labs'][number]
export type LabLoadError = Res<'labs.list'>['errors'][number]
export type LabCoverage = Res<'labs.list'>['coverage']
export type StepView = LabView['steps'][number]
export type InputDef = StepView['inputs'][number]
export type InputValue = string | number
export type Inputs = Record<string, InputValue>
export type Answers = Record<string, number | number[]>

/** A refused input, keyed by the input's id (the host names it `inputs.<id>`). */
export type InputErrors = Record<string, string>

function inputErrorsOf(issues: { path: string; message: string }[]): { fields: InputErrors; loose: string[] } {
  const fields: InputErrors = {}
  const loose: string[] = []
  for (const i of issues) {
    const m = /^inputs\.(.+)$/.exec(i.path)
    if (m) fields[m[1]] = fields[m[1]] ? `${fields[m[1]]}; ${i.message}` : i.message
    else loose.push(i.path ? `${i.path}: ${i.message}` : i.message)
  }
  return { fields, loose }
}

/** The step's inputs: what the learner last used (saved by the host), else each input's default. */
function initialInputs(step: StepView, saved: Inputs | undefined): Inputs {
  const out: Inputs = {}
  for (const def of step.inputs) out[def.id] = saved && def.id in saved ? saved[def.id] : def.default
  return out
}

/**
 * The lab list and the open lab: its definition, the host's progress (seed, current step, hints and
 * solutions revealed, score), and per step the learner's inputs, the last run and the last check.
 * Everything that counts (attempts, hints, solutions, score) is kept by the host; this store only
 * mirrors what the host answered.
 */
export const useLabsStore = defineStore('labs', () => {
  const api = useApiClient()
  const labs = ref<LabListItem[]>([])
  const loadErrors = ref<LabLoadError[]>([])
  const coverage = ref<LabCoverage>([])
  const listLoaded = ref(false)
  const listError = ref<string | null>(null)

  const lab = shallowRef<LabView | null>(null)
  const progress = shallowRef<LabProgressView | null>(null)
  const openError = ref<string | null>(null)
  /** Index into lab.steps; steps.length = the checkpoint questions. */
  const stepIndex = ref(0)
  const inputs = ref<Record<string, Inputs>>({})
  const runs = shallowRef<Record<string, StepRun>>({})
  const checks = shallowRef<Record<string, CheckStepResult>>({})
  const inputErrors = ref<Record<string, InputErrors>>({})
  /** A message that belongs to no field (the host refused the request as a whole). */
  const stepError = ref<Record<string, string | null>>({})
  const questions = shallowRef<QuestionsScore | null>(null)
  const running = ref(false)
  const busy = ref(false)

  const step = computed<StepView | null>(() => lab.value?.steps[stepIndex.value] ?? null)
  const onCheckpoint = computed(() => lab.value !== null && stepIndex.value >= lab.value.steps.length)

  async function loadList(): Promise<void> {
    try {
      const res = await api.call('labs.list', {})
      labs.value = res.labs
      loadErrors.value = res.errors
      coverage.value = res.coverage
      listError.value = null
    } catch (err) {
      listError.value = (err as Error).message
    } finally {
      listLoaded.value = true
    }
  }

  function adopt(p: LabProgressView): void {
    progress.value = p
  }

  /**
   * Bumped by every open(). An answer about a lab that is no longer the open one (the learner
   * moved to another lab while it was on its way) is dropped instead of landing in the new lab.
   */
  let openCount = 0
  let runToken = 0

  async function open(labId: string): Promise<void> {
    const request = ++openCount
    runToken++
    running.value = false
    openError.value = null
    lab.value = null
    progress.value = null
    runs.value = {}
    checks.value = {}
    inputErrors.value = {}
    stepError.value = {}
    questions.value = null
    try {
      const res = await api.call('labs.get', { labId })
      if (request !== openCount) return
      const saved = res.progress.state.steps
      inputs.value = Object.fromEntries(res.lab.steps.map((s) => [s.id, initialInputs(s, saved[s.id]?.inputs)]))
      stepIndex.value = Math.min(res.progress.currentStep, res.lab.steps.length)
      if (res.progress.state.questionsSubmitted) questions.value = res.progress.score.questions
      progress.value = res.progress
      lab.value = res.lab
    } catch (err) {
      if (request !== openCount) return
      openError.value = err instanceof ApiError && err.code === 'NOT_FOUND' ? `There is no lab "${labId}".` : (err as Error).message
    }
  }

  function setErrors(stepId: string, issues: { path: string; message: string }[], message: string | null): void {
    const { fields, loose } = inputErrorsOf(issues)
    inputErrors.value = { ...inputErrors.value, [stepId]: fields }
    stepError.value = { ...stepError.value, [stepId]: loose.length ? loose.join(' · ') : Object.keys(fields).length ? null : message }
  }

  /** Runs the step with its current inputs. Resolves to the run, or null when refused or overtaken by a newer run. */
  async function run(stepId: string): Promise<StepRun | null> {
    if (!lab.value) return null
    const token = ++runToken
    running.value = true
    try {
      const result = await api.call('labs.run', { labId: lab.value.id, stepId, inputs: { ...inputs.value[stepId] } })
      if (token !== runToken) return null
      setErrors(stepId, [], null)
      runs.value = { ...runs.value, [stepId]: result }
      return result
    } catch (err) {
      if (token !== runToken) return null
      setErrors(stepId, err instanceof ApiError ? err.issues : [], (err as Error).message)
      return null
    } finally {
      if (token === runToken) running.value = false
    }
  }

  /** Sends a request about the open lab and applies its answer, unless another lab was opened meanwhile. */
  async function guarded<R, T>(stepId: string, request: () => Promise<R>, apply: (res: R) => T): Promise<T | null> {
    const openedAt = openCount
    busy.value = true
    try {
      const res = await request()
      return openedAt === openCount ? apply(res) : null
    } catch (err) {
      if (openedAt === openCount) setErrors(stepId, err instanceof ApiError ? err.issues : [], (err as Error).message)
      return null
    } finally {
      busy.value = false
    }
  }

  async function check(stepId: string): Promise<CheckStepResult | null> {
    const l = lab.value
    if (!l) return null
    return guarded(
      stepId,
      () => api.call('labs.check', { labId: l.id, stepId, inputs: { ...inputs.value[stepId] } }),
      (res) => {
        checks.value = { ...checks.value, [stepId]: res.result }
        setErrors(stepId, res.result.inputErrors, null)
        adopt(res.progress)
        return res.result
      }
    )
  }

  /** Drops the step's last check result: its inputs changed, so it no longer describes them. */
  function clearCheck(stepId: string): void {
    if (!(stepId in checks.value)) return
    const { [stepId]: _dropped, ...rest } = checks.value
    checks.value = rest
  }

  async function hint(stepId: string): Promise<void> {
    const l = lab.value
    if (!l) return
    await guarded(stepId, () => api.call('labs.hint', { labId: l.id, stepId }), (res) => adopt(res.progress))
  }

  /** Reveals the solution (the host marks the step assisted) and fills the inputs with it. */
  async function solution(stepId: string): Promise<void> {
    const l = lab.value
    if (!l) return
    await guarded(
      stepId,
      () => api.call('labs.solution', { labId: l.id, stepId }),
      (res) => {
        inputs.value = { ...inputs.value, [stepId]: { ...inputs.value[stepId], ...res.solution } }
        adopt(res.progress)
      }
    )
  }

  async function goToStep(index: number): Promise<void> {
    const l = lab.value
    if (!l) return
    const openedAt = openCount
    stepIndex.value = index
    try {
      const p = await api.call('labs.goToStep', { labId: l.id, step: index })
      if (openedAt === openCount) adopt(p)
    } catch (err) {
      if (openedAt === openCount) openError.value = (err as Error).message
    }
  }

  /** "Try another scenario": the same lab under another seed. Old runs and checks no longer apply. */
  async function startSeed(seed: number): Promise<void> {
    const l = lab.value
    if (!l) return
    const openedAt = openCount
    busy.value = true
    try {
      const p = await api.call('labs.start', { labId: l.id, seed })
      if (openedAt !== openCount) return
      adopt(p)
      runs.value = {}
      checks.value = {}
    } finally {
      busy.value = false
    }
  }

  /**
   * Saves a sandbox world that replays the step's scenario with the learner's inputs (the same
   * numbers, to explore further) and answers its id; null when the host refused the inputs.
   */
  async function openInSandbox(stepId: string): Promise<{ worldId: string; name: string } | null> {
    const l = lab.value
    if (!l) return null
    return guarded(stepId, () => api.call('labs.openInSandbox', { labId: l.id, stepId, inputs: { ...inputs.value[stepId] } }), (res) => res)
  }

  async function answer(answers: Answers): Promise<void> {
    const l = lab.value
    if (!l) return
    const openedAt = openCount
    busy.value = true
    try {
      const res = await api.call('labs.answer', { labId: l.id, answers })
      if (openedAt !== openCount) return
      questions.value = res.questions
      adopt(res.progress)
    } finally {
      busy.value = false
    }
  }

  return {
    labs,
    loadErrors,
    coverage,
    listLoaded,
    listError,
    lab,
    progress,
    openError,
    stepIndex,
    inputs,
    runs,
    checks,
    inputErrors,
    stepError,
    questions,
    running,
    busy,
    step,
    onCheckpoint,
    loadList,
    open,
    run,
    check,
    clearCheck,
    hint,
    solution,
    goToStep,
    startSeed,
    openInSandbox,
    answer
  }
})
