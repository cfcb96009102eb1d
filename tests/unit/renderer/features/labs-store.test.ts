import { beforeEach, describe, expect, it } from 'vitest'
import type { Res } from '@shared/contract'
import type { CheckStepResult } from '@shared/contract/labs'
import { ApiError } from '@/api/api-error'
import { useLabsStore } from '@/features/labs/labs-store'
import { FakeClient, installStores, settle } from '../fake-client'
import { lab, progress, stepRun } from '../fixtures'

let api: FakeClient

beforeEach(() => {
  api = new FakeClient()
  installStores(api)
})

/** A host that knows one lab (or several), each answered with the given progress. */
function serveLabs(p = progress(), ...ids: string[]): void {
  api.on('labs.get', (r) => {
    if (ids.length && !ids.includes(r.labId)) throw new ApiError({ code: 'NOT_FOUND', message: `no lab "${r.labId}"`, issues: [{ path: 'labId', message: 'no such lab' }] })
    return { lab: lab(r.labId), progress: p }
  })
}

async function openedStore(p = progress()) {
  serveLabs(p)
  const store = useLabsStore()
  await store.open('latency-alarm-p99')
  return store
}

const passed: CheckStepResult = { passed: true, results: [{ check: 'detects', pass: true, diagnostic: 'Paged 3 minutes after the regression began.' }], inputErrors: [], explanation: 'p99 sees the slow tail.' }

describe('labs store: the list', () => {
  it('keeps the labs, the files that did not load and the coverage, and marks the list loaded', async () => {
    const answer: Res<'labs.list'> = {
      labs: [{ ...lab(), status: 'in_progress', score: null, currentStep: 1, updatedAt: '2026-01-05T10:00:00.000Z' }],
      errors: [{ file: 'broken.yaml', line: 4, field: 'steps.0.kind', message: 'must be alarm, composite or cloudtrail' }],
      coverage: [{ examItem: '4.2.S6', labs: [{ labId: 'latency-alarm-p99', steps: ['pick-statistic'], questions: [], lab: true }] }]
    }
    api.on('labs.list', () => answer)
    const store = useLabsStore()
    await store.loadList()
    expect(api.requests('labs.list')).toEqual([{}])
    expect(store.labs.map((l) => l.id)).toEqual(['latency-alarm-p99'])
    expect(store.loadErrors).toEqual(answer.errors)
    expect(store.coverage).toEqual(answer.coverage)
    expect(store.listLoaded).toBe(true)
    expect(store.listError).toBeNull()
  })

  it('a list that cannot load says why and still counts as loaded', async () => {
    api.refuse('labs.list', { code: 'INTERNAL', message: 'Cannot reach the MLOps Lab host' })
    const store = useLabsStore()
    await store.loadList()
    expect(store.listError).toBe('Cannot reach the MLOps Lab host')
    expect(store.listLoaded).toBe(true)
  })
})

describe('labs store: opening a lab', () => {
  it('starts each input at the value the learner last used, else at its default', async () => {
    const saved = progress({
      currentStep: 1,
      state: {
        steps: { 'pick-statistic': { attempts: 2, hintsShown: 0, solutionShown: false, passed: false, inputs: { ExtendedStatistic: 'p99' } } },
        answers: {},
        questionsSubmitted: false
      }
    })
    const store = await openedStore(saved)
    expect(api.requests('labs.get')).toEqual([{ labId: 'latency-alarm-p99' }])
    // pick-statistic: the saved p99, and Threshold's default 250000 (not saved); m-of-n: both defaults.
    expect(store.inputs).toEqual({
      'pick-statistic': { ExtendedStatistic: 'p99', Threshold: 250000 },
      'm-of-n': { ExtendedStatistic: 'Average', Threshold: 250000 }
    })
    expect(store.stepIndex).toBe(1)
    expect(store.step?.id).toBe('m-of-n')
    expect(store.onCheckpoint).toBe(false)
    expect(store.questions).toBeNull()
  })

  it('a saved step beyond the last one opens the checkpoint questions, with the submitted score', async () => {
    const questions = { correct: 1, total: 1, percent: 100, results: [{ id: 'q1', correct: true, chosen: [1], answer: [1], explanation: 'p99 is the tail.' }] }
    const store = await openedStore(
      progress({ currentStep: 7, state: { steps: {}, answers: { q1: 1 }, questionsSubmitted: true }, score: { score: 30, status: 'in_progress', steps: [], questions } })
    )
    // Two steps: index 2 is the checkpoint (min(7, steps.length)).
    expect(store.stepIndex).toBe(2)
    expect(store.onCheckpoint).toBe(true)
    expect(store.step).toBeNull()
    expect(store.questions).toEqual(questions)
  })

  it('an unknown lab says there is no such lab; another failure shows the host’s message', async () => {
    serveLabs(progress(), 'latency-alarm-p99')
    const store = useLabsStore()
    await store.open('no-such-lab')
    expect(store.openError).toBe('There is no lab "no-such-lab".')
    expect(store.lab).toBeNull()
    api.refuse('labs.get', { code: 'INTERNAL', message: 'The host answered 500 Internal Server Error.' })
    await store.open('latency-alarm-p99')
    expect(store.openError).toBe('The host answered 500 Internal Server Error.')
  })

  it('opening a lab forgets the runs, checks and errors of the one before', async () => {
    const store = await openedStore()
    api.on('labs.run', (r) => stepRun(r.labId, r.stepId, r.inputs))
    api.on('labs.check', () => ({ result: passed, progress: progress() }))
    await store.run('pick-statistic')
    await store.check('pick-statistic')
    await store.open('latency-alarm-p99')
    expect(store.runs).toEqual({})
    expect(store.checks).toEqual({})
    expect(store.inputErrors).toEqual({})
    expect(store.stepError).toEqual({})
  })
})

describe('labs store: running a step', () => {
  it('sends the step’s current inputs and keeps the run', async () => {
    const store = await openedStore()
    api.on('labs.run', (r) => stepRun(r.labId, r.stepId, r.inputs))
    store.inputs['pick-statistic'].ExtendedStatistic = 'p99'
    const run = await store.run('pick-statistic')
    expect(api.requests('labs.run')).toEqual([{ labId: 'latency-alarm-p99', stepId: 'pick-statistic', inputs: { ExtendedStatistic: 'p99', Threshold: 250000 } }])
    expect(run?.inputs.ExtendedStatistic).toBe('p99')
    expect(store.runs['pick-statistic']).toBe(run)
    expect(store.running).toBe(false)
  })

  it('a refused run puts each input’s messages beside it and the rest above the step', async () => {
    const store = await openedStore()
    api.refuse('labs.run', {
      code: 'VALIDATION',
      message: 'The alarm is not valid.',
      issues: [
        { path: 'inputs.Threshold', message: 'must be a number' },
        { path: 'inputs.Threshold', message: 'must be at least 0' },
        { path: 'inputs.ExtendedStatistic', message: 'must be one of Average, p99' },
        { path: 'stepId', message: 'no such step' },
        { path: '', message: 'the week could not be simulated' }
      ]
    })
    expect(await store.run('pick-statistic')).toBeNull()
    expect(store.inputErrors['pick-statistic']).toEqual({ Threshold: 'must be a number; must be at least 0', ExtendedStatistic: 'must be one of Average, p99' })
    expect(store.stepError['pick-statistic']).toBe('stepId: no such step · the week could not be simulated')
    expect(store.running).toBe(false)
  })

  it('a refusal that names only inputs leaves no message above the step; one that names nothing shows the host’s message', async () => {
    const store = await openedStore()
    api.refuse('labs.run', { message: 'The alarm is not valid.', issues: [{ path: 'inputs.Threshold', message: 'must be a number' }] })
    await store.run('pick-statistic')
    expect(store.stepError['pick-statistic']).toBeNull()
    api.refuse('labs.run', { code: 'INTERNAL', message: 'Cannot reach the MLOps Lab host', issues: [] })
    await store.run('pick-statistic')
    expect(store.inputErrors['pick-statistic']).toEqual({})
    expect(store.stepError['pick-statistic']).toBe('Cannot reach the MLOps Lab host')
  })

  it('a run that succeeds clears the messages a refused one left', async () => {
    const store = await openedStore()
    api.refuse('labs.run', { issues: [{ path: 'inputs.Threshold', message: 'must be a number' }] })
    await store.run('pick-statistic')
    api.on('labs.run', (r) => stepRun(r.labId, r.stepId, r.inputs))
    await store.run('pick-statistic')
    expect(store.inputErrors['pick-statistic']).toEqual({})
    expect(store.stepError['pick-statistic']).toBeNull()
  })

  it('of two runs on their way, only the newer one is kept, even when the older answers last', async () => {
    const store = await openedStore()
    const held = api.hold('labs.run')
    store.inputs['pick-statistic'].ExtendedStatistic = 'Average'
    const older = store.run('pick-statistic')
    store.inputs['pick-statistic'].ExtendedStatistic = 'p99'
    const newer = store.run('pick-statistic')
    await settle()
    held[1].resolve(stepRun('latency-alarm-p99', 'pick-statistic', { ExtendedStatistic: 'p99', Threshold: 250000 }))
    await newer
    // `running` follows the newest run: it has answered, so nothing runs that counts, though the older is still on its way.
    expect(store.running).toBe(false)
    held[0].resolve(stepRun('latency-alarm-p99', 'pick-statistic', { ExtendedStatistic: 'Average', Threshold: 250000 }))
    expect(await older).toBeNull()
    expect(store.runs['pick-statistic'].inputs.ExtendedStatistic).toBe('p99')
  })

  it('an older run refused after a newer one succeeded leaves no message', async () => {
    const store = await openedStore()
    const held = api.hold('labs.run')
    const older = store.run('pick-statistic')
    const newer = store.run('pick-statistic')
    await settle()
    held[1].resolve(stepRun('latency-alarm-p99', 'pick-statistic', { ExtendedStatistic: 'Average', Threshold: 250000 }))
    await newer
    held[0].reject(new ApiError({ code: 'VALIDATION', message: 'refused', issues: [{ path: 'inputs.Threshold', message: 'must be a number' }] }))
    expect(await older).toBeNull()
    expect(store.inputErrors['pick-statistic']).toEqual({})
  })

  it('running is true while the newest run is on its way', async () => {
    const store = await openedStore()
    const held = api.hold('labs.run')
    const first = store.run('pick-statistic')
    await settle()
    expect(store.running).toBe(true)
    held[0].resolve(stepRun('latency-alarm-p99', 'pick-statistic', {}))
    await first
    expect(store.running).toBe(false)
  })

  it('sends nothing when no lab is open', async () => {
    const store = useLabsStore()
    expect(await store.run('pick-statistic')).toBeNull()
    expect(await store.check('pick-statistic')).toBeNull()
    await store.hint('pick-statistic')
    await store.solution('pick-statistic')
    await store.goToStep(1)
    await store.startSeed(7)
    await store.answer({ q1: 1 })
    expect(api.sent).toEqual([])
  })
})

describe('labs store: check, hints, solution, steps, seeds and questions', () => {
  it('a check sends the inputs and keeps the result and the host’s progress', async () => {
    const store = await openedStore()
    const after = progress({ status: 'in_progress' })
    api.on('labs.check', () => ({ result: passed, progress: after }))
    const result = await store.check('pick-statistic')
    expect(api.requests('labs.check')).toEqual([{ labId: 'latency-alarm-p99', stepId: 'pick-statistic', inputs: { ExtendedStatistic: 'Average', Threshold: 250000 } }])
    expect(result).toEqual(passed)
    expect(store.checks['pick-statistic']).toEqual(passed)
    expect(store.progress).toBe(after)
    expect(store.busy).toBe(false)
  })

  it('a check that could not grade puts its input errors beside the inputs', async () => {
    const store = await openedStore()
    const notGraded: CheckStepResult = { passed: false, results: [], inputErrors: [{ path: 'inputs.Threshold', message: 'must be at least 0' }], explanation: null }
    api.on('labs.check', () => ({ result: notGraded, progress: progress() }))
    await store.check('pick-statistic')
    expect(store.inputErrors['pick-statistic']).toEqual({ Threshold: 'must be at least 0' })
    expect(store.stepError['pick-statistic']).toBeNull()
  })

  it('a refused check returns null and shows why', async () => {
    const store = await openedStore()
    api.refuse('labs.check', { code: 'NOT_FOUND', message: 'lab latency-alarm-p99 has no step "nope"', issues: [{ path: 'stepId', message: 'must be one of pick-statistic, m-of-n' }] })
    expect(await store.check('nope')).toBeNull()
    expect(store.stepError.nope).toBe('stepId: must be one of pick-statistic, m-of-n')
    expect(store.busy).toBe(false)
  })

  it('a hint is asked of the host, which returns the progress that holds it', async () => {
    const store = await openedStore()
    const after = progress({ hints: { 'pick-statistic': ['Which statistic sees the slowest 1 %?'] } })
    api.on('labs.hint', () => ({ index: 0, text: 'Which statistic sees the slowest 1 %?', remaining: 1, progress: after }))
    await store.hint('pick-statistic')
    expect(api.requests('labs.hint')).toEqual([{ labId: 'latency-alarm-p99', stepId: 'pick-statistic' }])
    expect(store.progress?.hints['pick-statistic']).toEqual(['Which statistic sees the slowest 1 %?'])
  })

  it('the solution fills the step’s inputs it names and keeps the others', async () => {
    const store = await openedStore()
    store.inputs['pick-statistic'].Threshold = 123
    api.on('labs.solution', () => ({ solution: { ExtendedStatistic: 'p99' }, explanation: 'p99 sees the tail.', progress: progress() }))
    await store.solution('pick-statistic')
    expect(store.inputs['pick-statistic']).toEqual({ ExtendedStatistic: 'p99', Threshold: 123 })
    expect(store.inputs['m-of-n']).toEqual({ ExtendedStatistic: 'Average', Threshold: 250000 })
  })

  it('going to a step moves at once and tells the host; a refusal is shown', async () => {
    const store = await openedStore()
    const held = api.hold('labs.goToStep')
    const going = store.goToStep(1)
    expect(store.stepIndex).toBe(1)
    await settle()
    expect(held[0].request).toEqual({ labId: 'latency-alarm-p99', step: 1 })
    held[0].resolve(progress({ currentStep: 1 }))
    await going
    expect(store.progress?.currentStep).toBe(1)

    api.refuse('labs.goToStep', { message: 'step must be at most 100', issues: [{ path: 'step', message: 'must be at most 100' }] })
    await store.goToStep(101)
    expect(store.openError).toBe('step must be at most 100')
  })

  it('another scenario sends the seed and forgets runs and checks made under the old one', async () => {
    const store = await openedStore()
    api.on('labs.run', (r) => stepRun(r.labId, r.stepId, r.inputs))
    api.on('labs.check', () => ({ result: passed, progress: progress() }))
    api.on('labs.start', (r) => progress({ seed: r.seed }))
    await store.run('pick-statistic')
    await store.check('pick-statistic')
    await store.startSeed(424242)
    expect(api.requests('labs.start')).toEqual([{ labId: 'latency-alarm-p99', seed: 424242 }])
    expect(store.progress?.seed).toBe(424242)
    expect(store.runs).toEqual({})
    expect(store.checks).toEqual({})
    expect(store.busy).toBe(false)
  })

  it('a refused seed keeps the runs and rejects', async () => {
    const store = await openedStore()
    api.on('labs.run', (r) => stepRun(r.labId, r.stepId, r.inputs))
    api.refuse('labs.start', { message: 'seed must be at most 2147483647', issues: [{ path: 'seed', message: 'must be at most 2147483647' }] })
    await store.run('pick-statistic')
    await expect(store.startSeed(2 ** 31)).rejects.toBeInstanceOf(ApiError)
    expect(Object.keys(store.runs)).toEqual(['pick-statistic'])
    expect(store.busy).toBe(false)
  })

  it('answers are sent as given and the graded questions kept', async () => {
    const store = await openedStore()
    const questions = { correct: 0, total: 1, percent: 0, results: [{ id: 'q1', correct: false, chosen: [0], answer: [1], explanation: 'Average hides the tail.' }] }
    api.on('labs.answer', () => ({ questions, progress: progress() }))
    await store.answer({ q1: 0 })
    expect(api.requests('labs.answer')).toEqual([{ labId: 'latency-alarm-p99', answers: { q1: 0 } }])
    expect(store.questions).toEqual(questions)
  })
})

describe('labs store: answers that arrive after the learner opened another lab', () => {
  it('of two opens, the later lab stays open even when the earlier answers last', async () => {
    const held = api.hold('labs.get')
    const store = useLabsStore()
    const openingA = store.open('lab-a')
    const openingB = store.open('lab-b')
    await settle()
    held[1].resolve({ lab: lab('lab-b'), progress: progress() })
    await openingB
    held[0].resolve({ lab: lab('lab-a'), progress: progress({ currentStep: 1 }) })
    await openingA
    expect(store.lab?.id).toBe('lab-b')
    expect(store.stepIndex).toBe(0)
  })

  it('a run of the lab left behind does not land in the lab now open, and does not keep it busy', async () => {
    serveLabs()
    const held = api.hold('labs.run')
    const store = useLabsStore()
    await store.open('lab-a')
    const running = store.run('pick-statistic')
    await settle()
    await store.open('lab-b')
    expect(store.running).toBe(false)
    held[0].resolve(stepRun('lab-a', 'pick-statistic', {}))
    expect(await running).toBeNull()
    expect(store.runs).toEqual({})
  })

  it('a check, hint or solution of the lab left behind changes nothing in the lab now open', async () => {
    serveLabs()
    const checks = api.hold('labs.check')
    const hints = api.hold('labs.hint')
    const solutions = api.hold('labs.solution')
    const store = useLabsStore()
    await store.open('lab-a')
    const pending = [store.check('pick-statistic'), store.hint('pick-statistic'), store.solution('pick-statistic')]
    await settle()
    await store.open('lab-b')
    const stale = progress({ status: 'done', hints: { 'pick-statistic': ['from lab-a'] } })
    checks[0].resolve({ result: passed, progress: stale })
    hints[0].resolve({ index: 0, text: 'from lab-a', remaining: 0, progress: stale })
    solutions[0].reject(new ApiError({ code: 'VALIDATION', message: 'refused', issues: [{ path: 'inputs.Threshold', message: 'from lab-a' }] }))
    await Promise.all(pending)
    expect(store.lab?.id).toBe('lab-b')
    expect(store.progress?.status).toBe('not_started')
    expect(store.checks).toEqual({})
    expect(store.inputErrors).toEqual({})
  })

  it('a step change, a seed or answers of the lab left behind change nothing in the lab now open', async () => {
    serveLabs()
    const steps = api.hold('labs.goToStep')
    const seeds = api.hold('labs.start')
    const answers = api.hold('labs.answer')
    api.on('labs.run', (r) => stepRun(r.labId, r.stepId, r.inputs))
    const store = useLabsStore()
    await store.open('lab-a')
    const pending = [store.goToStep(1), store.startSeed(99), store.answer({ q1: 1 })]
    await settle()
    await store.open('lab-b')
    await store.run('pick-statistic')
    const stale = progress({ seed: 99, currentStep: 1, status: 'done' })
    steps[0].reject(new ApiError({ code: 'INTERNAL', message: 'from lab-a', issues: [] }))
    seeds[0].resolve(stale)
    answers[0].resolve({ questions: { correct: 1, total: 1, percent: 100, results: [] }, progress: stale })
    await Promise.all(pending)
    expect(store.openError).toBeNull()
    expect(store.progress?.seed).toBe(20260105)
    expect(Object.keys(store.runs)).toEqual(['pick-statistic'])
    expect(store.questions).toBeNull()
  })
})
