/**
 * Validation of a lab document: the zod schema first, then the cross-field rules the schema cannot
 * express. Every problem is an issue with a path into the document (for the loader's line numbers)
 * and a message saying what is expected.
 *
 * Exam item ids are passed in (the sandbox reads no files): `examItemIdsOf(EXAM-DOMAIN4.json)`.
 */
import { parseStatistic } from '../cloudwatch/statistics'
import { LOOKUP_ATTRIBUTE_KEYS } from '../cloudtrail'
import { CHECKS, getCheck } from './checks'
import { ALARM_INPUT_FIELDS, LabFile, type InputDef, type Lab, type LabIssue, type LabStep } from './schema'
import { AUDIT_SERVICES } from './scenario/audit'

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
  if (i.code === 'invalid_union' && /kind/.test(i.message)) return `${i.message}: kind must be alarm, composite or cloudtrail`
  return i.message
}

const CLOUDTRAIL_FIELDS = ['Service', 'AttributeKey', 'AttributeValue', 'Username'] as const

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

  // Scenario incidents: unique ids, `after` pointing backwards, the parameter each kind needs.
  const incidentIds: string[] = []
  const needs: Record<string, string | undefined> = { latencyRegression: 'factor', errorBurst: 'errorRate', trafficSpike: 'multiplier', outlier: 'latencyFactor', trafficGap: undefined }
  lab.scenario.params.incidents.forEach((inc, k) => {
    const path = ['scenario', 'params', 'incidents', k]
    if (incidentIds.includes(inc.id)) add([...path, 'id'], `duplicate incident id "${inc.id}"`)
    if ('after' in inc.start && !incidentIds.includes(inc.start.after)) {
      add([...path, 'start', 'after'], `must name an incident listed earlier (${incidentIds.join(', ') || 'none yet'}), got "${inc.start.after}"`)
    }
    if ('days' in inc.start) {
      if (inc.start.days[0] > inc.start.days[1]) add([...path, 'start', 'days'], 'must be [first, last] with first ≤ last (0 = Monday)')
      if (inc.start.hours[0] >= inc.start.hours[1]) add([...path, 'start', 'hours'], 'must be [from, to) with from < to (UTC hours)')
    }
    const need = needs[inc.kind]
    if (need && inc[need as 'factor'] === undefined) add(path, `a ${inc.kind} incident needs ${need}`)
    if (inc.kind !== 'outlier' && inc.durationMinutes === undefined) add(path, `a ${inc.kind} incident needs durationMinutes`)
    incidentIds.push(inc.id)
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
    inputIssues(step, sp, add)
    step.checks.forEach((c, k) => {
      const check = getCheck(c.check)
      if (!check) {
        add([...sp, 'checks', k, 'check'], `unknown check "${c.check}" (expected one of the registered checks: ${listChecks()})`)
        return
      }
      if (!check.kinds.includes(step.kind)) add([...sp, 'checks', k, 'check'], `${c.check} grades ${check.kinds.join(' or ')} steps, not ${step.kind} steps`)
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
  })

  const questionIds = new Set<string>()
  lab.questions.forEach((q, k) => {
    if (questionIds.has(q.id)) add(['questions', k, 'id'], `duplicate question id "${q.id}"`)
    questionIds.add(q.id)
    checkExam(q.examItems, ['questions', k, 'examItems'])
  })
  return issues
}

function listChecks(): string {
  return Object.keys(CHECKS).join(', ')
}

function inputIssues(step: LabStep, sp: (string | number)[], add: (path: (string | number)[], message: string) => void): void {
  const ids = new Set<string>()
  step.inputs.forEach((input, k) => {
    const ip = [...sp, 'inputs', k]
    if (ids.has(input.id)) add([...ip, 'id'], `duplicate input id "${input.id}"`)
    ids.add(input.id)
    const alarmField = (ALARM_INPUT_FIELDS as readonly string[]).includes(input.field)
    if (step.kind === 'alarm') {
      if (!alarmField) add([...ip, 'field'], `an alarm step binds inputs to ${ALARM_INPUT_FIELDS.join(', ')}, not ${input.field}`)
      const fixed = step.fixed.alarm as Record<string, unknown>
      if (fixed[input.field] !== undefined) add([...ip, 'field'], `${input.field} is also set in fixed.alarm; a field is either fixed or an input`)
      if (input.alarm !== undefined) add([...ip, 'alarm'], 'only composite steps name a child alarm')
    } else if (step.kind === 'composite') {
      if (input.field === 'AlarmRule') {
        if (input.alarm !== undefined) add([...ip, 'alarm'], 'AlarmRule belongs to the composite, not to a child alarm')
      } else if (!alarmField) {
        add([...ip, 'field'], `a composite step binds inputs to AlarmRule or to a child alarm's ${ALARM_INPUT_FIELDS.join(', ')}`)
      } else if (input.alarm === undefined || !(input.alarm in step.fixed.alarms)) {
        add([...ip, 'alarm'], `must name a child alarm of fixed.alarms (${Object.keys(step.fixed.alarms).join(', ')})`)
      }
    } else if (!(CLOUDTRAIL_FIELDS as readonly string[]).includes(input.field)) {
      add([...ip, 'field'], `a cloudtrail step binds inputs to ${CLOUDTRAIL_FIELDS.join(', ')}, not ${input.field}`)
    }
    if (input.type === 'select' && !input.options) add([...ip, 'options'], 'a select input needs options')
    if (input.type === 'number' && (input.min === undefined || input.max === undefined)) add(ip, 'a number input needs min and max')
    if (input.min !== undefined && input.max !== undefined && input.min > input.max) add([...ip, 'max'], 'must be ≥ min')
    if (input.options && (input.field === 'Statistic' || input.field === 'ExtendedStatistic')) {
      input.options.forEach((o, j) => {
        try {
          parseStatistic(String(o))
        } catch {
          add([...ip, 'options', j], `"${o}" is not a CloudWatch statistic (SampleCount, Average, Sum, Minimum, Maximum or p0–p100)`)
        }
      })
    }
    if (input.field === 'AttributeKey' && input.options) {
      input.options.forEach((o, j) => {
        if (!(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(String(o))) add([...ip, 'options', j], `must be a LookupEvents attribute key (${LOOKUP_ATTRIBUTE_KEYS.join(', ')})`)
      })
    }
    if (input.field === 'Service' && input.options) {
      input.options.forEach((o, j) => {
        if (!(AUDIT_SERVICES as readonly string[]).includes(String(o))) add([...ip, 'options', j], `must be one of ${AUDIT_SERVICES.join(', ')}`)
      })
    }
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
