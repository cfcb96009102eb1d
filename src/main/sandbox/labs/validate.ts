/**
 * Validation of a lab document: the zod schema first, then the cross-field rules the schema cannot
 * express. Every problem is an issue with a path into the document (for the loader's line numbers)
 * and a message saying what is expected.
 *
 * Exam item ids are passed in (the sandbox reads no files): `examItemIdsOf(EXAM-DOMAIN4.json)`.
 */
import { SandboxActionSchema } from '../../../shared/contract/sandbox'
import { stepKind, stepKindNames } from '../lab-kinds'
import { hintText, LabFile, type InputDef, type Lab, type LabIssue, type LabStep } from './schema'

export interface LabValidation {
  lab: Lab | null
  issues: LabIssue[]
}

/** Schema + semantic validation of a parsed lab document. */
export function validateLab(doc: unknown, examItemIds: readonly string[]): LabValidation {
  const parsed = LabFile.safeParse(doc)
  if (!parsed.success) {
    return {
      lab: null,
      issues: parsed.error.issues.map((i) => ({
        path: i.code === 'unrecognized_keys' ? [...i.path.map(pathKey), i.keys[0]] : i.path.map(pathKey),
        message: issueMessage(i)
      }))
    }
  }
  const issues = semanticIssues(parsed.data, examItemIds)
  return { lab: issues.length === 0 ? parsed.data : null, issues }
}

function pathKey(k: PropertyKey): string | number {
  return typeof k === 'number' ? k : String(k)
}

interface ZodIssueLike {
  code: string
  message: string
  expected?: unknown
  input?: unknown
  keys?: string[]
}

function issueMessage(i: ZodIssueLike): string {
  if (i.code === 'invalid_type' && /received undefined/.test(i.message)) return `is required (expected ${String(i.expected)})`
  if (i.code === 'unrecognized_keys') return `is not a known field here (unknown key${(i.keys?.length ?? 0) > 1 ? 's' : ''}: ${(i.keys ?? []).join(', ')})`
  return i.message
}

function semanticIssues(lab: Lab, examItemIds: readonly string[]): LabIssue[] {
  const issues: LabIssue[] = []
  const add = (path: (string | number)[], message: string): void => {
    issues.push({ path, message })
  }
  const known = new Set(examItemIds)
  const checkExam = (items: readonly string[], path: (string | number)[]): void => {
    items.forEach((id, k) => {
      if (!known.has(id)) add([...path, k], `"${id}" is not a Domain 4 exam item id (expected one of ${examItemIds.slice(0, 3).join(', ')}, … from EXAM-DOMAIN4.json)`)
    })
  }
  checkExam(lab.examItems, ['examItems'])

  // Scenario incidents and calls: unique ids, `after` pointing backwards, the parameter each kind needs.
  const incidentIds: string[] = []
  const needs: Record<string, string | undefined> = { latencyRegression: 'factor', errorBurst: 'errorRate', trafficSpike: 'multiplier', outlier: 'latencyFactor', trafficGap: undefined }
  const endpoints = lab.scenario.setup.filter((x) => x.type === 'CreateEndpoint').map((x) => (x as { EndpointName: string }).EndpointName)
  const windowIssues = (start: Lab['scenario']['incidents'][number]['start'], earlier: readonly string[], path: (string | number)[], what: string): void => {
    if ('after' in start) {
      if (!earlier.includes(start.after)) add([...path, 'start', 'after'], `must name ${what} listed earlier (${earlier.join(', ') || 'none yet'}), got "${start.after}"`)
      if (start.offsetMinutes[0] > start.offsetMinutes[1]) add([...path, 'start', 'offsetMinutes'], 'must be [least, most] with least ≤ most')
      return
    }
    if (start.days[0] > start.days[1]) add([...path, 'start', 'days'], 'must be [first, last] with first ≤ last (0 = the first day, a Monday)')
    if (start.hours[0] >= start.hours[1]) add([...path, 'start', 'hours'], 'must be [from, to) with from < to (UTC hours)')
    if (start.days[1] >= lab.scenario.days) add([...path, 'start', 'days'], `the scenario runs ${lab.scenario.days} days (days 0 to ${lab.scenario.days - 1})`)
  }
  lab.scenario.incidents.forEach((inc, k) => {
    const path = ['scenario', 'incidents', k]
    if (incidentIds.includes(inc.id)) add([...path, 'id'], `duplicate incident id "${inc.id}"`)
    windowIssues(inc.start, incidentIds, path, 'an incident')
    const need = needs[inc.kind]
    if (need && inc[need as 'factor'] === undefined) add(path, `a ${inc.kind} incident needs ${need}`)
    if (inc.kind !== 'outlier' && inc.durationMinutes === undefined) add(path, `a ${inc.kind} incident needs durationMinutes`)
    if (inc.endpoint !== undefined && !endpoints.includes(inc.endpoint)) add([...path, 'endpoint'], `must name an endpoint the setup creates (${endpoints.join(', ') || 'none'})`)
    if (inc.endpoint === undefined && endpoints.length !== 1) add([...path, 'endpoint'], `the setup creates ${endpoints.length} endpoints: name the one this incident happens to`)
    incidentIds.push(inc.id)
  })
  const callIds: string[] = []
  lab.scenario.calls.forEach((call, k) => {
    const path = ['scenario', 'calls', k]
    if (call.id !== undefined && callIds.includes(call.id)) add([...path, 'id'], `duplicate call id "${call.id}"`)
    windowIssues(call.start, callIds, path, 'a call with an id')
    if (call.action.type === 'AdvanceClock') add([...path, 'action', 'type'], 'a call is an API call someone makes; the scenario moves the clock itself')
    if (call.id !== undefined) callIds.push(call.id)
  })
  lab.scenario.setup.forEach((action, k) => {
    if (action.type === 'AdvanceClock') add(['scenario', 'setup', k, 'type'], 'the setup happens at the start; incidents and calls have their own times')
    if (!SandboxActionSchema.safeParse(action).success) add(['scenario', 'setup', k], 'is not a sandbox action')
  })

  const stepIds = new Set<string>()
  lab.steps.forEach((step, s) => {
    const sp: (string | number)[] = ['steps', s]
    if (stepIds.has(step.id)) add([...sp, 'id'], `duplicate step id "${step.id}"`)
    stepIds.add(step.id)
    checkExam(step.examItems, [...sp, 'examItems'])
    step.pageFor?.forEach((id, k) => {
      if (!incidentIds.includes(id)) add([...sp, 'pageFor', k], `must name a scenario incident (${incidentIds.join(', ')}), got "${id}"`)
    })
    const kind = stepKind(step.kind)
    if (!kind) {
      add([...sp, 'kind'], `unknown step kind "${step.kind}" (the app knows ${stepKindNames().join(', ')})`)
      return
    }
    const fixed = kind.fixed.safeParse(step.fixed)
    if (!fixed.success) {
      for (const i of fixed.error.issues) add([...sp, 'fixed', ...i.path.map(pathKey), ...(i.code === 'unrecognized_keys' ? [i.keys[0]] : [])], `${step.kind} step: ${issueMessage(i as ZodIssueLike)}`)
    } else if (kind.validateStep) {
      kind.validateStep(step, fixed.data, (path, message) => add(path.map((p) => (p === '*' ? s : p)), message))
    }
    inputIssues(step, sp, kind.fields, add)
    step.checks.forEach((c, k) => {
      const check = kind.checks[c.check]
      if (!check) {
        add([...sp, 'checks', k, 'check'], `"${c.check}" is not a check of ${step.kind} steps (they have ${Object.keys(kind.checks).join(', ')})`)
        return
      }
      const p = check.params.safeParse(c.params)
      if (!p.success) {
        for (const i of p.error.issues) add([...sp, 'checks', k, 'params', ...i.path.map(pathKey)], `${c.check}: ${issueMessage(i as ZodIssueLike)}`)
      }
    })
    const inputIds = step.inputs.map((i) => i.id)
    for (const id of inputIds) if (!(id in step.solution)) add([...sp, 'solution'], `is missing a value for input "${id}"`)
    for (const [id, value] of Object.entries(step.solution)) {
      const def = step.inputs.find((i) => i.id === id)
      if (!def) add([...sp, 'solution', id], `names no input of this step (inputs: ${inputIds.join(', ')})`)
      else {
        const problem = valueProblem(def, value)
        if (problem) add([...sp, 'solution', id], problem)
      }
    }
    step.hints.forEach((h, k) => {
      if (typeof h === 'string') return
      for (const [id, value] of Object.entries(h.suggests)) {
        const def = step.inputs.find((i) => i.id === id)
        if (!def) add([...sp, 'hints', k, 'suggests', id], `names no input of this step (inputs: ${inputIds.join(', ')})`)
        else {
          const problem = valueProblem(def, value)
          if (problem) add([...sp, 'hints', k, 'suggests', id], problem)
        }
      }
      if (hintText(h).trim() === '') add([...sp, 'hints', k, 'text'], 'must not be empty')
    })
    step.examples.forEach((x, k) => {
      for (const [id, value] of Object.entries(x.inputs)) {
        const def = step.inputs.find((i) => i.id === id)
        if (!def) add([...sp, 'examples', k, 'inputs', id], `names no input of this step (inputs: ${inputIds.join(', ')})`)
        else {
          const problem = valueProblem(def, value)
          if (problem) add([...sp, 'examples', k, 'inputs', id], problem)
        }
      }
    })
  })

  const questionIds = new Set<string>()
  lab.questions.forEach((q, k) => {
    if (questionIds.has(q.id)) add(['questions', k, 'id'], `duplicate question id "${q.id}"`)
    questionIds.add(q.id)
    checkExam(q.examItems, ['questions', k, 'examItems'])
  })
  return issues
}

function inputIssues(step: LabStep, sp: (string | number)[], fields: readonly string[], add: (path: (string | number)[], message: string) => void): void {
  const ids = new Set<string>()
  step.inputs.forEach((input, k) => {
    const ip = [...sp, 'inputs', k]
    if (ids.has(input.id)) add([...ip, 'id'], `duplicate input id "${input.id}"`)
    ids.add(input.id)
    if (!fields.includes(input.field)) add([...ip, 'field'], `${step.kind} steps do not set ${input.field}; their inputs bind to ${fields.join(', ')}`)
    if (input.type === 'select' && !input.options) add([...ip, 'options'], 'a select input needs options')
    if (input.type !== 'select' && input.options) add([...ip, 'options'], `only select inputs have options (this one is ${input.type})`)
    if (input.type === 'number' && (input.min === undefined || input.max === undefined)) add(ip, 'a number input needs min and max')
    if (input.min !== undefined && input.max !== undefined && input.min > input.max) add([...ip, 'max'], 'must be ≥ min')
    const problem = valueProblem(input, input.default)
    if (problem) add([...ip, 'default'], problem)
  })
}

/** Why `value` is not acceptable for `input`, or null. Shared with the engine's input checks. */
export function valueProblem(input: InputDef, value: unknown): string | null {
  if (input.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return `must be a number${input.unit ? ` (${input.unit})` : ''}`
    if (input.min !== undefined && value < input.min) return `must be at least ${input.min}${input.unit ? ` ${input.unit}` : ''}`
    if (input.max !== undefined && value > input.max) return `must be at most ${input.max}${input.unit ? ` ${input.unit}` : ''}`
    return null
  }
  if (input.type === 'select') {
    const options = input.options ?? []
    if (!options.some((o) => o === value)) return `must be one of ${options.join(', ')}`
    return null
  }
  if (typeof value !== 'string') return 'must be text'
  if (value.length > 10_240) return 'must be at most 10240 characters'
  return null
}
