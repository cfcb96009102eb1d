/**
 * A lab's scenario is a sandbox world: the same World the console drives, built from the lab's seed
 * and a list of actions — the setup, the incidents at their seeded times (InjectIncident), the other
 * people's API calls at theirs (with `Caller`), and the clock advanced to the end. So any step can be
 * opened in the sandbox and show the same numbers: it is the same world with the learner's choices
 * added at the start.
 *
 * Seeded times: each incident draws its start from its own stream (named after its id), each call
 * from its own, so adding one never moves the others, and "try another scenario" moves them all
 * inside the windows the lab allows while keeping the lesson.
 */
import { LabError } from '../../../shared/errors'
import type { IncidentSummary } from '../../../shared/contract/lab-results'
import type { SandboxAction } from '../../../shared/contract/sandbox'
import { Lru } from '../core/lru'
import { createRng } from '../core/rng'
import { MINUTE_MS, SIM_EPOCH_MS } from '../core/time'
import { MAX_ADVANCE_MINUTES, World } from '../world'
import { formatSpan, formatWhen } from './format'
import type { Lab, ScenarioCall, ScenarioIncident, StartWindow } from './schema'

/** An incident with its seeded start, in minutes from the scenario's start. */
export interface ResolvedIncident {
  def: ScenarioIncident
  endpoint: string
  startMinute: number
  durationMinutes: number
}

export interface ResolvedCall {
  def: ScenarioCall
  minute: number
}

export interface ScenarioRun {
  /** The scenario world, built (and its clock run to the end) when first read. */
  readonly world: World
  /** The world's seed and actions: what "open in the sandbox" saves (before the learner's own). */
  seed: string
  setup: SandboxAction[]
  timed: SandboxAction[]
  startTime: number
  endTime: number
  incidents: ResolvedIncident[]
  calls: ResolvedCall[]
}

const runs = new Lru<ScenarioRun>(8)

/** Drops cached scenario worlds (tests; a content reload). */
export function clearScenarioCache(): void {
  runs.clear()
}

/** The world seed of a lab under a scenario seed: a valid sandbox seed, so the world can be saved. */
export function worldSeed(lab: Lab, seed: number): string {
  return `${lab.id}.${seed}`
}

function minutes(lab: Lab): number {
  return lab.scenario.days * 1440
}

function windowStart(window: StartWindow, rng: ReturnType<typeof createRng>, anchor: (id: string) => number | undefined, total: number, path: string): number {
  let minute: number
  if ('after' in window) {
    const base = anchor(window.after)
    if (base === undefined) {
      throw new LabError('VALIDATION', `${path}: start.after names "${window.after}", which is not listed before it`, [{ path: `${path}.start.after`, message: 'must name an item listed before this one' }])
    }
    minute = base + rng.int(window.offsetMinutes[0], window.offsetMinutes[1])
  } else {
    const day = rng.int(window.days[0], window.days[1])
    const lo = Math.round(window.hours[0] * 60)
    minute = day * 1440 + rng.int(lo, Math.max(lo, Math.round(window.hours[1] * 60) - 1))
  }
  return Math.min(Math.max(0, minute), total - 1)
}

/** The only endpoint the setup creates, for incidents that do not name one. */
function defaultEndpoint(lab: Lab): string | undefined {
  const created = lab.scenario.setup.filter((a): a is Extract<SandboxAction, { type: 'CreateEndpoint' }> => a.type === 'CreateEndpoint')
  return created.length === 1 ? created[0].EndpointName : undefined
}

export function resolveIncidents(lab: Lab, seed: number): ResolvedIncident[] {
  const root = createRng(seed).fork('lab-incidents')
  const total = minutes(lab)
  const out: ResolvedIncident[] = []
  lab.scenario.incidents.forEach((def, k) => {
    const path = `scenario.incidents[${k}]`
    const startMinute = windowStart(def.start, root.fork(def.id), (id) => out.find((r) => r.def.id === id)?.startMinute, total, path)
    const endpoint = def.endpoint ?? defaultEndpoint(lab)
    if (!endpoint) {
      throw new LabError('VALIDATION', `${path}.endpoint: the setup creates several endpoints (or none); name the one this incident happens to`, [{ path: `${path}.endpoint`, message: 'name the endpoint' }])
    }
    const durationMinutes = def.kind === 'outlier' ? 1 : Math.min(def.durationMinutes ?? 60, total - startMinute)
    out.push({ def, endpoint, startMinute, durationMinutes })
  })
  return out
}

export function resolveCalls(lab: Lab, seed: number): ResolvedCall[] {
  const root = createRng(seed).fork('lab-calls')
  const total = minutes(lab)
  const out: ResolvedCall[] = []
  lab.scenario.calls.forEach((def, k) => {
    const minute = windowStart(def.start, root.fork(def.id ?? `call-${k}`), (id) => out.find((r) => r.def.id === id)?.minute, total, `scenario.calls[${k}]`)
    out.push({ def, minute })
  })
  return out
}

function incidentAction(r: ResolvedIncident): SandboxAction {
  const d = r.def
  const variant = d.VariantName ? { VariantName: d.VariantName } : {}
  const Incident = ((): Extract<SandboxAction, { type: 'InjectIncident' }>['Incident'] => {
    switch (d.kind) {
      case 'latencyRegression':
        return { kind: 'latencyRegression', durationMinutes: r.durationMinutes, factor: d.factor ?? 2, ...variant }
      case 'errorBurst':
        return { kind: 'errorBurst', durationMinutes: r.durationMinutes, errorRate: d.errorRate ?? 0.1, ...variant }
      case 'trafficSpike':
        return { kind: 'trafficSpike', durationMinutes: r.durationMinutes, multiplier: d.multiplier ?? 3 }
      case 'outlier':
        return { kind: 'outlier', latencyFactor: d.latencyFactor ?? 5, ...variant }
      case 'trafficGap':
        return { kind: 'trafficGap', durationMinutes: r.durationMinutes }
    }
  })()
  return { type: 'InjectIncident', EndpointName: r.endpoint, StartsInMinutes: r.startMinute, Incident }
}

/** The actions after the setup: incidents (scheduled at the start), then the calls at their times, then the clock to the end. */
function timedActions(lab: Lab, incidents: readonly ResolvedIncident[], calls: readonly ResolvedCall[]): SandboxAction[] {
  const out: SandboxAction[] = incidents.map(incidentAction)
  let at = 0
  const ordered = calls.map((c, k) => ({ c, k })).sort((a, b) => a.c.minute - b.c.minute || a.k - b.k)
  for (const { c } of ordered) {
    if (c.minute > at) {
      out.push({ type: 'AdvanceClock', Minutes: c.minute - at })
      at = c.minute
    }
    out.push({ ...c.def.action, Caller: c.def.caller } as SandboxAction)
  }
  const total = minutes(lab)
  out.push(...advance(total - at))
  return out
}

/** AdvanceClock actions moving `m` minutes, each at most a World's one-action limit (31 days). */
export function advance(m: number): SandboxAction[] {
  const out: SandboxAction[] = []
  for (let left = m; left > 0; left -= MAX_ADVANCE_MINUTES) out.push({ type: 'AdvanceClock', Minutes: Math.min(left, MAX_ADVANCE_MINUTES) })
  return out
}

/** A list of actions as a timeline: each action with the minute (from the list's start) it is applied at. */
export function timeline(actions: readonly SandboxAction[]): { at: number; action: SandboxAction }[] {
  const out: { at: number; action: SandboxAction }[] = []
  let at = 0
  for (const a of actions) {
    if (a.type === 'AdvanceClock') at += a.Minutes
    else out.push({ at, action: a })
  }
  return out
}

/**
 * The learner's actions merged with the scenario's timed ones. A learner list without AdvanceClock
 * goes first, as it is (the choices made at the start); one with AdvanceClock pieces (a step whose
 * learner acts later in the run, e.g. approving a retrained model when the pipeline registers it)
 * has its actions at those minutes, each before the scenario's actions of the same minute. The clock
 * ends where the later of the two lists ends.
 */
export function mergeTimed(learner: readonly SandboxAction[], timed: readonly SandboxAction[]): SandboxAction[] {
  if (!learner.some((a) => a.type === 'AdvanceClock')) return [...learner, ...timed]
  const mine = timeline(learner)
  const theirs = timeline(timed)
  const end = Math.max(...[learner, timed].map((l) => l.reduce((m, a) => m + (a.type === 'AdvanceClock' ? a.Minutes : 0), 0)))
  const out: SandboxAction[] = []
  let at = 0
  let i = 0
  let j = 0
  while (i < mine.length || j < theirs.length) {
    const next = j >= theirs.length || (i < mine.length && mine[i].at <= theirs[j].at) ? mine[i++] : theirs[j++]
    if (next.at > at) {
      out.push(...advance(next.at - at))
      at = next.at
    }
    out.push(next.action)
  }
  out.push(...advance(end - at))
  return out
}

/** Builds the world of `actions`, with issue paths that point into the lab file. */
/** A scenario's World from its seed and actions; a refused action is named by its place in the lab file (setup, calls). */
export function buildScenarioWorld(seed: string, actions: readonly SandboxAction[], setupCount: number, calls: readonly ResolvedCall[]): World {
  const world = new World(seed)
  actions.forEach((action, i) => {
    try {
      world.apply(action)
    } catch (err) {
      if (!(err instanceof LabError)) throw err
      const where = i < setupCount ? `scenario.setup[${i}]` : action.Caller !== undefined ? `scenario.calls[${calls.findIndex((c) => c.def.action.type === action.type && c.def.caller === action.Caller)}].action` : 'scenario'
      const issues = err.issues.map((x) => ({ path: `${where}${x.path ? `.${x.path}` : ''}`, message: x.message }))
      throw new LabError('VALIDATION', `scenario: ${issues[0]?.path}: ${issues[0]?.message}`, issues)
    }
  })
  return world
}

/** The scenario world of a lab under a seed, from a small cache; `learner` actions go in right after the setup. */
export function scenarioRun(lab: Lab, seed: number, learner: readonly SandboxAction[] = []): ScenarioRun {
  const make = (): ScenarioRun => {
    const incidents = resolveIncidents(lab, seed)
    const calls = resolveCalls(lab, seed)
    const setup = [...lab.scenario.setup]
    const timed = timedActions(lab, incidents, calls)
    const s = worldSeed(lab, seed)
    // Built when first read: a kind that builds its own world from the seed and actions (a monitor
    // step that approves retrained models during the run) never pays for this one.
    let world: World | null = null
    return {
      get world(): World {
        return (world ??= buildScenarioWorld(s, [...setup, ...mergeTimed(learner, timed)], setup.length, calls))
      },
      seed: s,
      setup,
      timed,
      startTime: SIM_EPOCH_MS,
      endTime: SIM_EPOCH_MS + minutes(lab) * MINUTE_MS,
      incidents,
      calls
    }
  }
  if (learner.length > 0) return make()
  return runs.getOrCreate(`${lab.id}|${seed}|${JSON.stringify(lab.scenario)}`, make)
}

export function defaultShouldPage(def: ScenarioIncident): boolean {
  return def.shouldPage ?? (def.kind !== 'outlier' && def.kind !== 'trafficGap')
}

/** The incidents as a step sees them: `pageFor` (incident ids) overrides the scenario's shouldPage flags. */
export function summarizeIncidents(run: Pick<ScenarioRun, 'incidents' | 'startTime'>, pageFor?: readonly string[]): IncidentSummary[] {
  return run.incidents.map((r) => {
    const start = run.startTime + r.startMinute * MINUTE_MS
    const end = start + r.durationMinutes * MINUTE_MS
    const params: Record<string, number> = {}
    for (const k of ['factor', 'errorRate', 'multiplier', 'latencyFactor'] as const) {
      const v = r.def[k]
      if (v !== undefined) params[k] = v
    }
    return {
      id: r.def.id,
      kind: r.def.kind,
      label: r.def.label,
      endpoint: r.endpoint,
      shouldPage: pageFor ? pageFor.includes(r.def.id) : defaultShouldPage(r.def),
      start,
      end,
      when: r.def.kind === 'outlier' ? formatWhen(start) : formatSpan(start, end),
      params
    }
  })
}

/** The incidents of a lab under a seed without building its world (criteria, the start page). */
export function incidentsOf(lab: Lab, seed: number, pageFor?: readonly string[]): IncidentSummary[] {
  return summarizeIncidents({ incidents: resolveIncidents(lab, seed), startTime: SIM_EPOCH_MS }, pageFor)
}
