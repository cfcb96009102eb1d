/**
 * The "alarm-week" scenario: one simulated week (7 × 1440 minutes from SIM_EPOCH_MS, a Monday) of a
 * SageMaker endpoint with injected incidents, and the learner's CloudWatch alarm evaluated over it.
 *
 * Pure and seeded: the seed picks each incident's start inside the window the lab allows (so "try
 * another scenario" moves the incidents and the noise but keeps the lesson) and drives the workload's
 * random streams. Simulations are cached per (scenario params, seed) in a small LRU; each learner
 * run re-evaluates the cached metric series, never re-simulates.
 */
import { LabError } from '../../../../shared/errors'
import { SIM_EPOCH_MS } from '../../core/time'
import {
  computePeriodStatistics,
  evaluateAlarmSeries,
  evaluateCompositeAlarm,
  evaluateMetricAlarm,
  isBreaching,
  validateMetricAlarm,
  type ComparisonOperator,
  type MetricAlarmDefinition,
  type MetricAlarmInput,
  type MetricData
} from '../../cloudwatch'
import { createRng } from '../../core/rng'
import { findMetric, simulateEndpoint, type EndpointMetricName, type EndpointSimulation, type IncidentSpec, type TrafficSpec, type ModelProfile } from '../../workload'
import { Lru } from '../../core/lru'
import type { AlarmFixed, AlarmWeekParams, Scenario, ScenarioIncident } from '../schema'
import { formatSpan, formatWhen } from './format'
import { buildScorecard } from './scorecard'
import type { AlarmRun, CompositeRun, IncidentSummary, Scorecard, StateCode, Tradeoff, TradeoffPoint } from './types'

export const WEEK_MINUTES = 7 * 1440
const MINUTE_MS = 60_000
export const WEEK_START = SIM_EPOCH_MS
export const WEEK_END = SIM_EPOCH_MS + WEEK_MINUTES * MINUTE_MS

/** An incident with its seeded start. */
export interface ResolvedIncident {
  def: ScenarioIncident
  startMinute: number
  durationMinutes: number
}

export interface WeekSimulation {
  key: string
  sim: EndpointSimulation
  incidents: ResolvedIncident[]
}

const simulations = new Lru<WeekSimulation>(8)
const periodStats = new Lru<{ values: Float64Array; timestamps: Float64Array }>(48)

/** Drops cached simulations (tests; a content reload). */
export function clearScenarioCache(): void {
  simulations.clear()
  periodStats.clear()
}

/**
 * Seeded incident starts. Each incident draws from its own stream (named after its id), so adding
 * an incident to a lab never moves the others.
 */
export function resolveIncidentTimes(params: AlarmWeekParams, seed: number): ResolvedIncident[] {
  const root = createRng(seed).fork('lab-incidents')
  const out: ResolvedIncident[] = []
  for (const def of params.incidents) {
    const rng = root.fork(def.id)
    const durationMinutes = def.kind === 'outlier' ? 1 : (def.durationMinutes ?? 60)
    let startMinute: number
    if ('after' in def.start) {
      const anchorId = def.start.after
      const anchor = out.find((r) => r.def.id === anchorId)
      if (!anchor) {
        throw new LabError('VALIDATION', `incident ${def.id}: start.after names "${anchorId}", which is not an earlier incident`, [
          { path: 'scenario.params.incidents', message: `start.after must name an incident listed before ${def.id}` }
        ])
      }
      startMinute = anchor.startMinute + rng.int(def.start.offsetMinutes[0], def.start.offsetMinutes[1])
    } else {
      const day = rng.int(def.start.days[0], def.start.days[1])
      const minuteOfDay = rng.int(Math.round(def.start.hours[0] * 60), Math.max(Math.round(def.start.hours[0] * 60), Math.round(def.start.hours[1] * 60) - 1))
      startMinute = day * 1440 + minuteOfDay
    }
    startMinute = Math.min(Math.max(0, startMinute), WEEK_MINUTES - 1)
    out.push({ def, startMinute, durationMinutes: Math.min(durationMinutes, WEEK_MINUTES - startMinute) })
  }
  return out
}

function toIncidentSpec(r: ResolvedIncident): IncidentSpec {
  const start = WEEK_START + r.startMinute * MINUTE_MS
  const d = r.def
  switch (d.kind) {
    case 'latencyRegression':
      return { kind: 'latencyRegression', start, durationMinutes: r.durationMinutes, factor: d.factor ?? 2 }
    case 'errorBurst':
      return { kind: 'errorBurst', start, durationMinutes: r.durationMinutes, errorRate: d.errorRate ?? 0.1 }
    case 'trafficSpike':
      return { kind: 'trafficSpike', start, durationMinutes: r.durationMinutes, multiplier: d.multiplier ?? 3 }
    case 'outlier':
      return { kind: 'outlier', at: start, latencyFactor: d.latencyFactor ?? 5 }
    case 'trafficGap':
      return { kind: 'trafficGap', start, durationMinutes: r.durationMinutes }
  }
}

/** The week of metrics for (params, seed), from the cache when it is there. */
export function simulateWeek(params: AlarmWeekParams, seed: number): WeekSimulation {
  const key = `${seed}#${JSON.stringify(params.endpoint)}#${JSON.stringify(params.traffic)}#${JSON.stringify(params.incidents)}`
  return simulations.getOrCreate(key, () => {
    const incidents = resolveIncidentTimes(params, seed)
    const e = params.endpoint
    try {
      const sim = simulateEndpoint({
        endpointName: e.EndpointName,
        variants: [{ VariantName: e.VariantName, InstanceType: e.InstanceType, InitialInstanceCount: e.InitialInstanceCount, model: e.model as unknown as ModelProfile }],
        traffic: params.traffic as unknown as TrafficSpec,
        incidents: incidents.map(toIncidentSpec),
        startTime: WEEK_START,
        minutes: WEEK_MINUTES,
        rng: createRng(seed)
      })
      return { key, sim, incidents }
    } catch (e) {
      if (e instanceof LabError) throw new LabError(e.code, `scenario: ${e.message}`, e.issues.map((i) => ({ path: scenarioPath(i.path), message: i.message })))
      throw e
    }
  })
}

/** Workload issue paths (`variants[0].model.x`, `traffic.y`) as paths into the lab file's scenario. */
function scenarioPath(path: string): string {
  if (path.startsWith('variants[0].')) return `scenario.params.endpoint.${path.slice('variants[0].'.length)}`
  return `scenario.params.${path}`
}

export function defaultShouldPage(def: ScenarioIncident): boolean {
  return def.shouldPage ?? (def.kind !== 'outlier' && def.kind !== 'trafficGap')
}

/** Incident summaries for a step: `pageFor` (incident ids) overrides the scenario's shouldPage flags. */
export function summarizeIncidents(week: WeekSimulation, pageFor?: readonly string[]): IncidentSummary[] {
  return week.incidents.map((r) => {
    const start = WEEK_START + r.startMinute * MINUTE_MS
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
      shouldPage: pageFor ? pageFor.includes(r.def.id) : defaultShouldPage(r.def),
      start,
      end,
      when: r.def.kind === 'outlier' ? formatWhen(start) : formatSpan(start, end),
      params
    }
  })
}

/** The learner's alarm as a full PutMetricAlarm request: the endpoint's namespace and dimensions added. */
export function buildAlarmInput(params: AlarmWeekParams, spec: Partial<MetricAlarmInput> & { MetricName: string }, week: WeekSimulation): MetricAlarmInput {
  const metric = metricOf(week, spec.MetricName)
  const e = params.endpoint
  const input: Record<string, unknown> = {
    AlarmName: spec.AlarmName ?? `${e.EndpointName}-${spec.MetricName}`,
    Namespace: metric.id.Namespace,
    Dimensions: metric.id.Dimensions.map((d) => ({ ...d })),
    ComparisonOperator: 'GreaterThanThreshold'
  }
  for (const [k, v] of Object.entries(spec)) if (v !== undefined) input[k] = v
  return input as unknown as MetricAlarmInput
}

function metricOf(week: WeekSimulation, metricName: string): MetricData {
  return findMetric(week.sim, week.sim.variants[0].variantName, metricName as EndpointMetricName)
}

function cachedStats(week: WeekSimulation, metricName: string, stat: string, period: number): { values: Float64Array; timestamps: Float64Array } {
  return periodStats.getOrCreate(`${week.key}|${metricName}|${stat}|${period}`, () => {
    const s = computePeriodStatistics(metricOf(week, metricName).series, { startTime: WEEK_START, endTime: WEEK_END, period, stat })
    return { values: s.values, timestamps: s.timestamps }
  })
}

export interface AlarmWeekOptions {
  /** Incident ids that should page; default: the scenario's flags. */
  pageFor?: readonly string[]
  /** Other statistics whose incident peaks the diagnostics may compare with (e.g. Average vs p99). */
  compareStatistics?: readonly string[]
  /** Compute the threshold and M-of-N trade-off sweeps (default true). */
  tradeoff?: boolean
}

export interface AlarmWeekResult {
  incidents: IncidentSummary[]
  alarm: AlarmRun
  scorecard: Scorecard
  tradeoff: Tradeoff | null
}

/**
 * Simulate the week (cached), evaluate the learner's alarm over it, score it, and sweep the
 * trade-offs. Throws the VALIDATION LabError of validateMetricAlarm (issues per field) on a bad alarm.
 */
export function runAlarmWeek(
  scenario: Scenario,
  spec: Partial<MetricAlarmInput> & { MetricName: string },
  seed: number,
  options: AlarmWeekOptions = {}
): AlarmWeekResult {
  const week = simulateWeek(scenario.params, seed)
  const incidents = summarizeIncidents(week, options.pageFor)
  const def = validateMetricAlarm(buildAlarmInput(scenario.params, spec, week))
  const { alarm, offset, evaluationValues } = evaluateAlarm(week, def, incidents, options.compareStatistics ?? [])
  const scorecard = scoreAlarm(alarm, incidents, scenario.params.graceMinutes)
  const tradeoff = options.tradeoff === false ? null : sweep(def, evaluationValues, offset, alarm, incidents, scenario.params.graceMinutes)
  return { incidents, alarm, scorecard, tradeoff }
}

interface Evaluated {
  alarm: AlarmRun
  offset: number
  evaluationValues: Float64Array
}

function evaluateAlarm(week: WeekSimulation, def: MetricAlarmDefinition, incidents: readonly IncidentSummary[], compare: readonly string[]): Evaluated {
  const metric = metricOf(week, def.MetricName)
  const timeline = evaluateMetricAlarm(def, metric.series, { startTime: WEEK_START, endTime: WEEK_END })
  const statistic = (def.Statistic ?? def.ExtendedStatistic) as string
  const periodMs = def.Period * 1000
  const higherIsWorse = def.ComparisonOperator.startsWith('Greater')
  const peakOf = (values: ArrayLike<number>, timestamps: ArrayLike<number>): Record<string, number | null> => {
    const byIncident: Record<string, number | null> = {}
    for (const inc of incidents) {
      let best: number | null = null
      for (let i = 0; i < values.length; i++) {
        const from = timestamps[i]
        if (from + periodMs <= inc.start || from >= inc.end) continue
        const v = values[i]
        if (v !== v) continue
        if (best === null || (higherIsWorse ? v > best : v < best)) best = v
      }
      byIncident[inc.id] = best
    }
    return byIncident
  }
  const peaks = [{ statistic, byIncident: peakOf(timeline.values, timeline.periodStarts) }]
  for (const other of compare) {
    if (other === statistic) continue
    const s = cachedStats(week, def.MetricName, other, def.Period)
    peaks.push({ statistic: other, byIncident: peakOf(s.values, s.timestamps) })
  }
  const alarm: AlarmRun = {
    definition: {
      AlarmName: def.AlarmName,
      Namespace: def.Namespace,
      MetricName: def.MetricName,
      Dimensions: def.Dimensions.map((d) => ({ ...d })),
      ...(def.Statistic ? { Statistic: def.Statistic } : { ExtendedStatistic: def.ExtendedStatistic }),
      Period: def.Period,
      EvaluationPeriods: def.EvaluationPeriods,
      DatapointsToAlarm: def.DatapointsToAlarm,
      Threshold: def.Threshold,
      ComparisonOperator: def.ComparisonOperator,
      TreatMissingData: def.TreatMissingData
    },
    statistic,
    unit: metric.unit,
    period: def.Period,
    threshold: def.Threshold,
    timestamps: Array.from(timeline.periodStarts),
    values: Array.from(timeline.values, (v) => (v === v ? v : null)),
    sampleCounts: Array.from(timeline.sampleCounts),
    states: Array.from(timeline.states) as StateCode[],
    history: timeline.history.map((h) => ({ timestamp: h.timestamp, when: formatWhen(h.timestamp), oldState: h.oldState, newState: h.newState, reason: h.reason })),
    peaks
  }
  return { alarm, offset: timeline.offset, evaluationValues: timeline.evaluation.values }
}

function scoreAlarm(alarm: AlarmRun, incidents: readonly IncidentSummary[], graceMinutes: number): Scorecard {
  const reasons = new Map<number, string>()
  for (const h of alarm.history) {
    const i = Math.round((h.timestamp - alarm.period * 1000 - alarm.timestamps[0]) / (alarm.period * 1000))
    reasons.set(i, h.reason)
  }
  return buildScorecard({ timestamps: alarm.timestamps, states: alarm.states, periodMs: alarm.period * 1000, values: alarm.values, reasons }, incidents, graceMinutes)
}

const SWEEP_POINTS = 24
const M_OF_N: readonly [number, number][] = [
  [1, 1], [2, 2], [2, 3], [3, 3], [2, 5], [3, 5], [4, 5], [5, 5], [5, 10], [8, 10]
]

/**
 * Trade-off sweeps over the period series already computed for the learner's alarm: the evaluator
 * alone re-runs (O(periods) each), the simulation and the statistics are not recomputed.
 */
function sweep(
  def: MetricAlarmDefinition,
  evaluationValues: Float64Array,
  offset: number,
  alarm: AlarmRun,
  incidents: readonly IncidentSummary[],
  graceMinutes: number
): Tradeoff {
  const point = (threshold: number, M: number, N: number): TradeoffPoint => {
    const ev = evaluateAlarmSeries(
      { Period: def.Period, EvaluationPeriods: N, DatapointsToAlarm: M, Threshold: threshold, ComparisonOperator: def.ComparisonOperator, TreatMissingData: def.TreatMissingData },
      evaluationValues,
      { startIndex: offset }
    )
    const sc = buildScorecard({ timestamps: alarm.timestamps, states: ev.states.subarray(offset), periodMs: def.Period * 1000 }, incidents, graceMinutes)
    return {
      falseAlarms: sc.falseAlarms.length,
      missed: sc.missedIncidents.length,
      meanDelaySeconds: sc.meanTimeToDetectSeconds,
      alarmMinutes: sc.alarmMinutes,
      chosen: false
    }
  }
  const M = def.DatapointsToAlarm
  const N = def.EvaluationPeriods
  const thresholds = sweepThresholds(alarm.values, def.Threshold, def.ComparisonOperator).map((threshold) => ({
    threshold,
    ...point(threshold, M, N),
    chosen: threshold === def.Threshold
  }))
  const pairs = M_OF_N.filter(([, n]) => n * def.Period <= 86_400)
  if (!pairs.some(([m, n]) => m === M && n === N)) pairs.push([M, N])
  pairs.sort((a, b) => a[1] - b[1] || a[0] - b[0])
  const mOfN = pairs.map(([m, n]) => ({ M: m, N: n, ...point(def.Threshold, m, n), chosen: m === M && n === N }))
  return { thresholds, mOfN }
}

/** Thresholds from the typical value up past the worst one (in the breaching direction), plus the learner's. */
export function sweepThresholds(values: readonly (number | null)[], chosen: number, op: ComparisonOperator | string): number[] {
  const present = values.filter((v): v is number => v !== null).sort((a, b) => a - b)
  if (present.length === 0) return [chosen]
  const median = present[Math.floor(present.length / 2)]
  const greater = op.startsWith('Greater')
  const lo = greater ? median : present[0] * 0.95
  const hi = greater ? present[present.length - 1] * 1.05 : median
  const out = new Set<number>([chosen])
  for (let k = 0; k < SWEEP_POINTS; k++) out.add(niceRound(lo + ((hi - lo) * k) / (SWEEP_POINTS - 1)))
  return [...out].sort((a, b) => a - b)
}

function niceRound(v: number): number {
  if (v === 0) return 0
  const mag = Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 2)
  return Math.round(v / mag) * mag
}

export interface CompositeWeekResult {
  incidents: IncidentSummary[]
  composite: CompositeRun
  scorecard: Scorecard
}

/**
 * Composite alarm over child metric alarms. Children may use different periods, so their states are
 * carried onto a one-minute grid (each minute takes the state of the child's latest evaluation at
 * or before the minute's end) before the AlarmRule is evaluated there.
 */
export function runCompositeWeek(
  scenario: Scenario,
  children: Record<string, Partial<MetricAlarmInput> & { MetricName: string }>,
  rule: string,
  seed: number,
  options: AlarmWeekOptions = {}
): CompositeWeekResult {
  const week = simulateWeek(scenario.params, seed)
  const incidents = summarizeIncidents(week, options.pageFor)
  const grace = scenario.params.graceMinutes
  const childRuns: CompositeRun['children'] = []
  const errors: { path: string; message: string }[] = []
  for (const [name, spec] of Object.entries(children)) {
    try {
      const def = validateMetricAlarm(buildAlarmInput(scenario.params, { ...spec, AlarmName: name }, week))
      const { alarm } = evaluateAlarm(week, def, incidents, [])
      childRuns.push({ name, alarm, scorecard: scoreAlarm(alarm, incidents, grace) })
    } catch (e) {
      if (!(e instanceof LabError)) throw e
      for (const i of e.issues) errors.push({ path: `${name}.${i.path}`, message: i.message })
    }
  }
  if (errors.length > 0) throw new LabError('VALIDATION', `Invalid child alarm: ${errors.map((i) => `${i.path}: ${i.message}`).join('; ')}`, errors)

  const minuteStarts = new Array<number>(WEEK_MINUTES)
  const minuteEnds = new Array<number>(WEEK_MINUTES)
  for (let m = 0; m < WEEK_MINUTES; m++) {
    minuteStarts[m] = WEEK_START + m * MINUTE_MS
    minuteEnds[m] = minuteStarts[m] + MINUTE_MS
  }
  const grid: Record<string, Uint8Array> = {}
  for (const c of childRuns) {
    const per = c.alarm.period / 60
    const g = new Uint8Array(WEEK_MINUTES)
    for (let m = 0; m < WEEK_MINUTES; m++) {
      const i = Math.floor((m + 1) / per) - 1
      g[m] = i < 0 ? 2 : c.alarm.states[Math.min(i, c.alarm.states.length - 1)]
    }
    grid[c.name] = g
  }
  const timeline = evaluateCompositeAlarm(rule, grid, { timestamps: minuteEnds })
  const reasons = new Map<number, string>()
  for (const h of timeline.history) reasons.set(h.index, h.reason)
  const states = Array.from(timeline.states) as StateCode[]
  const composite: CompositeRun = {
    AlarmRule: rule,
    timestamps: minuteStarts,
    states,
    history: timeline.history.map((h) => ({
      timestamp: h.timestamp ?? minuteEnds[h.index],
      when: formatWhen(h.timestamp ?? minuteEnds[h.index]),
      oldState: h.oldState,
      newState: h.newState,
      reason: h.reason
    })),
    children: childRuns
  }
  const scorecard = buildScorecard({ timestamps: minuteStarts, states, periodMs: MINUTE_MS, reasons }, incidents, grace)
  return { incidents, composite, scorecard }
}

/** Whether `value` breaches the alarm's threshold (exported for checks). */
export function breaches(alarm: AlarmRun, value: number): boolean {
  return isBreaching(value, alarm.threshold, alarm.definition.ComparisonOperator as ComparisonOperator)
}

/** A partial alarm from the step's fixed values; re-exported shape for the engine. */
export type AlarmSpec = AlarmFixed & Partial<MetricAlarmInput>
