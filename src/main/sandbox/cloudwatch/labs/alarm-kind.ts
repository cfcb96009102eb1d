/**
 * The `alarm` and `composite` lab step kinds: the learner builds a CloudWatch metric alarm (or a
 * composite alarm over child metric alarms) on the scenario world's metrics and sees what it would
 * have done over the whole scenario: its datapoints and states, the incidents it caught and missed,
 * the false alarms, and the trade-off against other thresholds and other M of N.
 *
 * The alarm is passive (its actions change nothing in the world), so it is evaluated over the
 * scenario world's metric series with the same evaluator CloudWatch's world service runs, with the
 * alarm's periods counted from the scenario's start: exactly what a sandbox world with the alarm put
 * at the start shows (`sandboxActions`).
 */
import { z } from 'zod'
import { LabError } from '../../../../shared/errors'
import type { AlarmRun, AlarmStepRun, CompositeRun, CompositeStepRun, Scorecard, Tradeoff, TradeoffPoint } from '../../../../shared/contract/cloudwatch'
import type { IncidentSummary, StateCode } from '../../../../shared/contract/lab-results'
import type { SandboxAction } from '../../../../shared/contract/sandbox'
import { MINUTE_MS } from '../../core/time'
import { formatValue, formatWhen, plural } from '../../labs/format'
import type { KindRun, LabInputs, RunContext, StepKind } from '../../labs/kinds'
import type { InputDef, LabStep } from '../../labs/schema'
import { METRIC, NS_ENDPOINTS, NS_SAGEMAKER } from '../../workload/endpoint'
import { evaluateAlarmSeries, isBreaching } from '../alarm-evaluator'
import { evaluateThresholdSweep } from '../threshold-sweep'
import { evaluateMetricAlarm, validateMetricAlarm, type MetricAlarmDefinition, type MetricAlarmInput } from '../alarms'
import { evaluateCompositeAlarm } from '../composite'
import { metricKey, type MetricStore } from '../series'
import { alarmPeriodStatistics, computePeriodStatistics, parseStatistic, type PeriodStatistics, type StatisticQuery } from '../statistics'
import type { ComparisonOperator, MetricData } from '../types'
import {
  detectsAllIncidents,
  detectsIncident,
  ignoresOutlier,
  insufficientDataMinutesAtMost,
  neverInsufficientData,
  noFalseAlarms,
  statisticIs,
  treatMissingDataIs,
  usesMOfN
} from './alarm-checks'
import type { AlarmFamilyResult } from './check-helpers'
import { compositeSuppressesNoise } from './composite-checks'
import { buildScorecard, scorecardCounts } from './scorecard'
import { kthSmallest, lowerBound } from '../../core/select'

/** Fields an alarm input can bind to (PutMetricAlarm). */
export const ALARM_INPUT_FIELDS = ['Statistic', 'ExtendedStatistic', 'Period', 'EvaluationPeriods', 'DatapointsToAlarm', 'Threshold', 'ComparisonOperator', 'TreatMissingData'] as const

const ENDPOINT_METRICS = Object.values(METRIC) as [string, ...string[]]
const INSTANCE_METRICS = new Set<string>([METRIC.CPUUtilization, METRIC.MemoryUtilization, METRIC.DiskUtilization, METRIC.GPUUtilization, METRIC.GPUMemoryUtilization])

/** A partial PutMetricAlarm the step presets; inputs fill the rest. The metric is an endpoint variant's. */
export const AlarmFixed = z.strictObject({
  AlarmName: z.string().min(1).max(255).optional(),
  MetricName: z.enum(ENDPOINT_METRICS),
  /** The endpoint and variant whose metric it is; default: the scenario's only endpoint, AllTraffic. */
  EndpointName: z.string().min(1).max(63).optional(),
  VariantName: z.string().min(1).max(63).optional(),
  Statistic: z.string().optional(),
  ExtendedStatistic: z.string().optional(),
  Period: z.number().optional(),
  EvaluationPeriods: z.number().optional(),
  DatapointsToAlarm: z.number().optional(),
  Threshold: z.number().optional(),
  ComparisonOperator: z.string().optional(),
  TreatMissingData: z.string().optional()
})
export type AlarmFixed = z.infer<typeof AlarmFixed>

const AlarmStepFixed = z.strictObject({ alarm: AlarmFixed })
const CompositeStepFixed = z.strictObject({
  /** The child metric alarms by AlarmName. */
  alarms: z.record(z.string().min(1).max(255), AlarmFixed),
  AlarmRule: z.string().optional()
})

type AlarmSpec = Partial<MetricAlarmInput> & { MetricName: string; EndpointName?: string; VariantName?: string }

/** A partial alarm from fixed values plus the inputs bound to it. A percentile in `Statistic` becomes ExtendedStatistic. */
function alarmSpec(fixed: AlarmFixed, inputs: readonly InputDef[], values: LabInputs, target?: string): AlarmSpec {
  const spec: Record<string, unknown> = { ...fixed }
  for (const def of inputs) {
    if (def.field === 'AlarmRule' || def.target !== target) continue
    spec[def.field] = values[def.id]
  }
  for (const field of ['Statistic', 'ExtendedStatistic'] as const) {
    const v = spec[field]
    if (typeof v !== 'string') continue
    const basic = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'].includes(v)
    const other = field === 'Statistic' ? 'ExtendedStatistic' : 'Statistic'
    const boundByInput = inputs.some((d) => d.field === field && d.target === target)
    if (boundByInput || spec[other] === undefined) {
      delete spec[other]
      delete spec[field]
      spec[basic ? 'Statistic' : 'ExtendedStatistic'] = v
    }
  }
  if (target) spec.AlarmName = target
  return spec as AlarmSpec
}

/** The metric an alarm watches in the scenario world, with the request's namespace and dimensions. */
function metricOf(ctx: RunContext<unknown>, spec: AlarmSpec): { input: MetricAlarmInput; metric: MetricData } {
  const endpoint = spec.EndpointName ?? ctx.incidents[0]?.endpoint ?? onlyEndpoint(ctx)
  const variant = spec.VariantName ?? 'AllTraffic'
  const { EndpointName: _e, VariantName: _v, ...rest } = spec
  const id = {
    Namespace: INSTANCE_METRICS.has(spec.MetricName) ? NS_ENDPOINTS : NS_SAGEMAKER,
    MetricName: spec.MetricName,
    Dimensions: [
      { Name: 'EndpointName', Value: endpoint },
      { Name: 'VariantName', Value: variant }
    ]
  }
  const metric = metrics(ctx).getRange(id, ctx.scenario.startTime, ctx.scenario.endTime)
  if (!metric) {
    throw new LabError('VALIDATION', `scenario: no metric ${id.MetricName} for ${endpoint}/${variant}`, [{ path: 'scenario', message: `the scenario publishes no ${id.MetricName} for ${endpoint}/${variant}` }])
  }
  const input = { AlarmName: rest.AlarmName ?? `${endpoint}-${spec.MetricName}`, ComparisonOperator: 'GreaterThanThreshold', ...rest, Namespace: id.Namespace, Dimensions: id.Dimensions } as MetricAlarmInput
  return { input, metric }
}

function metrics(ctx: RunContext<unknown>): MetricStore {
  return ctx.scenario.world.cloudwatch.metrics
}

function onlyEndpoint(ctx: RunContext<unknown>): string {
  const live = ctx.scenario.world.sagemaker.summaries().map((e) => e.EndpointName)
  if (live.length !== 1) throw new LabError('VALIDATION', 'fixed.alarm.EndpointName: the scenario has several endpoints; name the one the alarm watches', [{ path: 'EndpointName', message: 'name the endpoint' }])
  return live[0]
}

interface Evaluated {
  alarm: AlarmRun
  offset: number
  evaluationValues: Float64Array
  /** The start of each of the run's periods, epoch ms (the run itself carries only the first). */
  periodStarts: Float64Array
  /** Every comparison statistic's period values (the chart gets only OVERLAID; the facts read them all). */
  compared: { statistic: string; values: (number | null)[] }[]
}

/**
 * Period statistics of a scenario's metrics (the comparison overlays and the learner's alarm's own
 * datapoints), per (use, metric, range, period, statistic): they depend on
 * the scenario world alone (cached per lab and seed, never changed after its clock ran to the end),
 * not on the learner's alarm, so a run with other inputs reuses them. Dropped with the world.
 */
const statisticsCache = new WeakMap<object, Map<string, PeriodStatistics>>()

function comparisonStatistic(owner: object | undefined, metric: MetricData, start: number, end: number, period: number, stat: string): PeriodStatistics {
  return cachedStatistics(owner, metric, 'compare', { startTime: start, endTime: end, period, stat }, (q) => computePeriodStatistics(metric.series, q))
}

/**
 * The alarm's own datapoints (alarmPeriodStatistics over the evaluated week and its look-back), kept
 * the same way: a check re-runs the learner's alarm, and often with the statistic and period of a
 * run before. Nobody writes into the arrays (the evaluator and the run copy what they keep).
 */
function alarmStatistics(owner: object | undefined, metric: MetricData): ((q: StatisticQuery) => PeriodStatistics) | undefined {
  return owner ? (q) => cachedStatistics(owner, metric, 'alarm', q, (x) => alarmPeriodStatistics(metric.series, x)) : undefined
}

function cachedStatistics(owner: object | undefined, metric: MetricData, use: 'compare' | 'alarm', q: StatisticQuery, compute: (q: StatisticQuery) => PeriodStatistics): PeriodStatistics {
  if (!owner) return compute(q)
  let byKey = statisticsCache.get(owner)
  if (!byKey) statisticsCache.set(owner, (byKey = new Map()))
  const key = `${use}|${metricKey(metric.id)}|${q.startTime}|${q.endTime}|${q.period}|${q.stat}`
  let hit = byKey.get(key)
  if (!hit) byKey.set(key, (hit = compute(q)))
  return hit
}

/** Evaluates the alarm over the scenario and gathers the peaks and overlays the diagnostics and chart use. */
function evaluate(metric: MetricData, def: MetricAlarmDefinition, start: number, end: number, incidents: readonly IncidentSummary[], compare: readonly string[], owner?: object): Evaluated {
  const timeline = evaluateMetricAlarm(def, metric.series, { startTime: start, endTime: end }, 'INSUFFICIENT_DATA', alarmStatistics(owner, metric))
  const statistic = (def.Statistic ?? def.ExtendedStatistic) as string
  const periodMs = def.Period * 1000
  const higherIsWorse = def.ComparisonOperator.startsWith('Greater')
  const peakOf = (values: ArrayLike<number>, timestamps: ArrayLike<number>): Record<string, number | null> => {
    const byIncident: Record<string, number | null> = {}
    for (const inc of incidents) {
      let best: number | null = null
      // The periods overlapping the incident: timestamps ascend, so from the first that ends after its start.
      for (let i = lowerBound(timestamps, inc.start - periodMs + 1); i < values.length; i++) {
        const from = timestamps[i]
        if (from >= inc.end) break
        if (from + periodMs <= inc.start) continue
        const v = values[i]
        if (v !== v) continue
        if (best === null || (higherIsWorse ? v > best : v < best)) best = v
      }
      byIncident[inc.id] = best
    }
    return byIncident
  }
  const peaks = [{ statistic, byIncident: peakOf(timeline.values, timeline.periodStarts) }]
  const overlays: AlarmRun['overlays'] = []
  const compared: Evaluated['compared'] = []
  for (const other of compare) {
    if (other === statistic || !statisticWorksOn(other, def.Period)) continue
    const s = comparisonStatistic(owner, metric, start, end, def.Period, other)
    peaks.push({ statistic: other, byIncident: peakOf(s.values, s.timestamps) })
    const values = nullableArray(s.values)
    compared.push({ statistic: other, values })
    // The chart overlays only the two that tell the latency lesson at a glance; the others feed the diagnostics.
    if (OVERLAID.includes(other)) overlays.push({ statistic: other, values })
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
    start: timeline.periodStarts.length > 0 ? timeline.periodStarts[0] : start,
    values: nullableArray(timeline.values),
    sampleCounts: plainArray(timeline.sampleCounts),
    states: plainArray(timeline.states) as StateCode[],
    history: timeline.history.map((h) => ({ timestamp: h.timestamp, when: formatWhen(h.timestamp), oldState: h.oldState, newState: h.newState, reason: h.reason })),
    peaks,
    overlays
  }
  return { alarm, offset: timeline.offset, evaluationValues: timeline.evaluation.values, periodStarts: timeline.periodStarts, compared }
}

/** A typed array as a plain one (the result goes out as JSON), by index: Array.from walks the iterator. */
function plainArray(a: ArrayLike<number>): number[] {
  const out = new Array<number>(a.length)
  for (let i = 0; i < a.length; i++) out[i] = a[i]
  return out
}

/** Period values as JSON gives them: NaN (no datapoint) as null. */
function nullableArray(a: ArrayLike<number>): (number | null)[] {
  const out = new Array<number | null>(a.length)
  for (let i = 0; i < a.length; i++) {
    const v = a[i]
    out[i] = v === v ? v : null
  }
  return out
}

/**
 * A period value as the learner's screen gets it: 3 decimal places from 100 up, 6 below. The app
 * shows at most 1 decimal from 100 up and 3–4 below (labs/components/units.ts; latency shown in ms
 * is the µs value / 1000 with ≤ 3 decimals, i.e. ≥ 1 µs), so this keeps three more digits than the
 * finest it ever prints: a point moves by less than 10⁻⁵ of a pixel, and a printed digit could only
 * differ for a value within 0.0005 of its own rounding boundary. Whole numbers (counts) stay exact.
 * Only the `labs.run` answer is rounded (`forDisplay`): checks, facts, the scorecard and the
 * trade-off are computed in the sandbox from the full-precision run, so no grade can change.
 */
export function displayPrecision(v: number | null): number | null {
  if (v === null || Number.isInteger(v) || !Number.isFinite(v)) return v
  const scale = Math.abs(v) >= 100 ? 1e3 : 1e6
  // k / 10^d (both exact doubles) is correctly rounded, so JSON prints the short decimal.
  return Math.round(v * scale) / scale
}

function displayValues(values: readonly (number | null)[]): (number | null)[] {
  const out = new Array<number | null>(values.length)
  for (let i = 0; i < values.length; i++) out[i] = displayPrecision(values[i])
  return out
}

/** The alarm run with its charted series at display precision (see displayPrecision). */
function alarmForDisplay(alarm: AlarmRun): AlarmRun {
  return { ...alarm, values: displayValues(alarm.values), overlays: alarm.overlays.map((o) => ({ statistic: o.statistic, values: displayValues(o.values) })) }
}

/** Sub-minute periods hold only the minute's datapoint: comparison statistics are drawn for whole-minute periods. */
function statisticWorksOn(stat: string, period: number): boolean {
  if (period < 60) return false
  try {
    parseStatistic(stat)
    return true
  } catch {
    return false
  }
}

function scoreAlarm(alarm: AlarmRun, periodStarts: Float64Array, incidents: readonly IncidentSummary[], graceMinutes: number): Scorecard {
  const reasons = new Map<number, string>()
  for (const h of alarm.history) {
    const i = Math.round((h.timestamp - alarm.period * 1000 - alarm.start) / (alarm.period * 1000))
    reasons.set(i, h.reason)
  }
  return buildScorecard({ timestamps: periodStarts, states: alarm.states, periodMs: alarm.period * 1000, values: alarm.values, reasons }, incidents, graceMinutes)
}

/** Statistics drawn beside the alarm's own on its chart. */
const OVERLAID: readonly string[] = ['Average', 'p99']

const SWEEP_POINTS = 24
const M_OF_N: readonly [number, number][] = [
  [1, 1], [2, 2], [2, 3], [3, 3], [2, 5], [3, 5], [4, 5], [5, 5], [5, 10], [8, 10]
]

/**
 * Trade-off sweeps over the period series already computed for the learner's alarm: the evaluator
 * alone re-runs (O(periods) each), the simulation and the statistics are not recomputed.
 */
function sweep(def: MetricAlarmDefinition, evaluationValues: Float64Array, offset: number, alarm: AlarmRun, timestamps: Float64Array, incidents: readonly IncidentSummary[], graceMinutes: number): Tradeoff {
  const counts = (states: Uint8Array): TradeoffPoint => {
    const sc = scorecardCounts({ timestamps, states: states.subarray(offset), periodMs: def.Period * 1000 }, incidents, graceMinutes)
    return { falseAlarms: sc.falseAlarms, missed: sc.missed, meanDelaySeconds: sc.meanTimeToDetectSeconds, alarmMinutes: sc.alarmMinutes, chosen: false }
  }
  const point = (threshold: number, M: number, N: number): TradeoffPoint => {
    const ev = evaluateAlarmSeries(
      { Period: def.Period, EvaluationPeriods: N, DatapointsToAlarm: M, Threshold: threshold, ComparisonOperator: def.ComparisonOperator, TreatMissingData: def.TreatMissingData },
      evaluationValues,
      { startIndex: offset, statesOnly: true }
    )
    return counts(ev.states)
  }
  const M = def.DatapointsToAlarm
  const N = def.EvaluationPeriods
  // The thresholds share the learner's M of N: one sweep finds each period's deciding value once.
  const levels = sweepThresholds(alarm.values, def.Threshold, def.ComparisonOperator)
  const swept = evaluateThresholdSweep(
    { Period: def.Period, EvaluationPeriods: N, DatapointsToAlarm: M, ComparisonOperator: def.ComparisonOperator, TreatMissingData: def.TreatMissingData },
    evaluationValues,
    levels,
    { startIndex: offset }
  )
  const thresholds = levels.map((threshold, k) => ({ threshold, ...counts(swept[k]), chosen: threshold === def.Threshold }))
  const pairs = M_OF_N.filter(([, n]) => n * def.Period <= 86_400)
  if (!pairs.some(([m, n]) => m === M && n === N)) pairs.push([M, N])
  pairs.sort((a, b) => a[1] - b[1] || a[0] - b[0])
  const mOfN = pairs.map(([m, n]) => ({ M: m, N: n, ...point(def.Threshold, m, n), chosen: m === M && n === N }))
  return { thresholds, mOfN }
}

/** Thresholds from the typical value up past the worst one (in the breaching direction), plus the learner's. */
export function sweepThresholds(values: readonly (number | null)[], chosen: number, op: ComparisonOperator | string): number[] {
  // The median, lowest and highest present value: what sorting them would give at [n/2], [0] and [n−1].
  const present = new Float64Array(values.length)
  let n = 0
  let min = Infinity
  let max = -Infinity
  for (const v of values) {
    if (v === null) continue
    present[n++] = v
    if (v < min) min = v
    if (v > max) max = v
  }
  if (n === 0) return [chosen]
  const median = kthSmallest(present.subarray(0, n), Math.floor(n / 2))
  const greater = op.startsWith('Greater')
  const lo = greater ? median : min * 0.95
  const hi = greater ? max * 1.05 : median
  const out = new Set<number>([chosen])
  for (let k = 0; k < SWEEP_POINTS; k++) out.add(niceRound(lo + ((hi - lo) * k) / (SWEEP_POINTS - 1)))
  return [...out].sort((a, b) => a - b)
}

function niceRound(v: number): number {
  if (v === 0) return 0
  const mag = Math.pow(10, Math.floor(Math.log10(Math.abs(v))) - 2)
  return Math.round(v / mag) * mag
}

/** Statistics a step compares the learner's with: its statistic options and any the checks name, plus Average and p99. */
function comparisonStatistics(step: LabStep): string[] {
  const compare = new Set<string>(['Average', 'p99'])
  for (const i of step.inputs) if (i.field === 'Statistic' || i.field === 'ExtendedStatistic') i.options?.forEach((o) => compare.add(String(o)))
  for (const c of step.checks) if (c.check === 'statisticIs' && Array.isArray(c.params.oneOf)) for (const s of c.params.oneOf) compare.add(String(s))
  return [...compare]
}

/**
 * Facts the explanation may quote, from this run: per statistic and incident, the peak and how it
 * compares with the statistic's typical value outside incidents; per incident, how long the alarm
 * took to page.
 */
function alarmFacts(alarm: AlarmRun, timestamps: Float64Array, compared: Evaluated['compared'], scorecard: Scorecard, incidents: readonly IncidentSummary[], prefix = ''): Record<string, string> {
  const facts: Record<string, string> = {}
  const fmt = (v: number | null, stat: string): string => formatValue(v, alarm.unit, stat, alarm.definition.MetricName)
  // Typical = the median outside incidents; an incident that covers half the scenario or more is its
  // background (a steady trickle of errors), not an exception to it.
  const span = timestamps.length * alarm.period * 1000
  const exceptions = incidents.filter((inc) => inc.end - inc.start < span / 2)
  // Which periods lie outside every such incident, worked out once for all the compared statistics.
  const periodMs = alarm.period * 1000
  const outside = new Uint8Array(timestamps.length).fill(1)
  for (const inc of exceptions) {
    for (let i = lowerBound(timestamps, inc.start - periodMs + 1); i < timestamps.length && timestamps[i] < inc.end; i++) outside[i] = 0
  }
  const series = [{ statistic: alarm.statistic, values: alarm.values }, ...compared]
  for (const s of series) {
    const buffer = new Float64Array(s.values.length)
    let count = 0
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i]
      if (v !== null && outside[i]) buffer[count++] = v
    }
    const typical = count > 0 ? kthSmallest(buffer.subarray(0, count), Math.floor(count / 2)) : null
    facts[`${prefix}typical.${s.statistic}`] = fmt(typical, s.statistic)
    const peaks = alarm.peaks.find((p) => p.statistic === s.statistic)
    for (const inc of incidents) {
      const p = peaks?.byIncident[inc.id] ?? null
      facts[`${prefix}peak.${s.statistic}.${inc.id}`] = fmt(p, s.statistic)
      facts[`${prefix}ratio.${s.statistic}.${inc.id}`] = p !== null && typical !== null && typical !== 0 ? `${(p / typical).toFixed(1)}×` : 'no data'
    }
  }
  for (const s of scorecard.incidents) {
    facts[`${prefix}detect.${s.id}`] = s.timeToDetectSeconds === null ? 'did not page' : `${Math.round(s.timeToDetectSeconds / 60)} min`
  }
  facts[`${prefix}falseAlarms`] = String(scorecard.falseAlarms.length)
  facts[`${prefix}falseAlarms.text`] = plural(scorecard.falseAlarms.length, 'false alarm')
  facts[`${prefix}threshold`] = fmt(alarm.threshold, alarm.statistic)
  return facts
}

function alarmCheckDefs() {
  return Object.fromEntries(
    [detectsIncident, detectsAllIncidents, noFalseAlarms, ignoresOutlier, statisticIs, usesMOfN, treatMissingDataIs, neverInsufficientData, insufficientDataMinutesAtMost].map((c) => [c.name, c])
  )
}

/** Rules both kinds share for an input bound to a metric alarm field. */
function checkAlarmInput(input: InputDef, fixed: AlarmFixed, ip: (string | number)[], issue: (path: (string | number)[], message: string) => void): void {
  // Whether the field is one of the kind's is the generic rule (validate.ts); these are the alarm's own.
  if ((fixed as Record<string, unknown>)[input.field] !== undefined) issue([...ip, 'field'], `${input.field} is also set in the step's fixed alarm; a field is either fixed or an input`)
  if (input.options && (input.field === 'Statistic' || input.field === 'ExtendedStatistic')) {
    input.options.forEach((o, j) => {
      try {
        parseStatistic(String(o))
      } catch {
        issue([...ip, 'options', j], `"${o}" is not a CloudWatch statistic (SampleCount, Average, Sum, Minimum, Maximum, or an extended statistic such as p99)`)
      }
    })
  }
}

export const alarmKind: StepKind<z.infer<typeof AlarmStepFixed>, AlarmStepRun['result']> = {
  kind: 'alarm',
  owner: 'cloudwatch',
  fixed: AlarmStepFixed,
  fields: ALARM_INPUT_FIELDS,
  validateStep(step, fixed, issue) {
    step.inputs.forEach((input, k) => {
      const ip = ['steps', '*', 'inputs', k]
      if (input.target !== undefined) issue([...ip, 'target'], 'an alarm step has one alarm; only composite steps name a target child alarm')
      checkAlarmInput(input, fixed.alarm, ip, issue)
    })
  },
  run(ctx): KindRun<AlarmStepRun['result']> {
    const spec = alarmSpec(ctx.fixed.alarm, ctx.step.inputs, ctx.inputs)
    const { input, metric } = metricOf(ctx, spec)
    const def = validateMetricAlarm(input)
    const grace = ctx.lab.scenario.graceMinutes
    const { alarm, offset, evaluationValues, periodStarts, compared } = evaluate(metric, def, ctx.scenario.startTime, ctx.scenario.endTime, ctx.incidents, comparisonStatistics(ctx.step), ctx.scenario)
    const scorecard = scoreAlarm(alarm, periodStarts, ctx.incidents, grace)
    const tradeoff = sweep(def, evaluationValues, offset, alarm, periodStarts, ctx.incidents, grace)
    return { result: { alarm, scorecard, tradeoff }, facts: alarmFacts(alarm, periodStarts, compared, scorecard, ctx.incidents) }
  },
  checks: alarmCheckDefs(),
  issueInput: alarmIssueInput,
  forDisplay: (result) => ({ ...result, alarm: alarmForDisplay(result.alarm) }),
  sandboxActions(ctx): SandboxAction[] {
    const spec = alarmSpec(ctx.fixed.alarm, ctx.step.inputs, ctx.inputs)
    return [{ type: 'PutMetricAlarm', ...metricOf(ctx, spec).input } as SandboxAction]
  }
}

/**
 * Composite alarm over child metric alarms. Children may use different periods, so their states are
 * carried onto a one-minute grid (each minute takes the state of the child's latest evaluation at or
 * before the minute's end) before the AlarmRule is evaluated there.
 */
function runComposite(ctx: RunContext<z.infer<typeof CompositeStepFixed>>): KindRun<CompositeStepRun['result']> {
  const { scenario, incidents } = ctx
  const grace = ctx.lab.scenario.graceMinutes
  const ruleInput = ctx.step.inputs.find((i) => i.field === 'AlarmRule')
  const rule = ruleInput ? String(ctx.inputs[ruleInput.id]) : ctx.fixed.AlarmRule
  if (!rule) throw new LabError('VALIDATION', 'AlarmRule: a composite step needs an AlarmRule (fixed or an input)', [{ path: 'AlarmRule', message: 'is required' }])
  const children: CompositeRun['children'] = []
  const childEvaluated = new Map<string, Pick<Evaluated, 'compared' | 'periodStarts'>>()
  const errors: { path: string; message: string }[] = []
  for (const [name, fixed] of Object.entries(ctx.fixed.alarms)) {
    try {
      const { input, metric } = metricOf(ctx, alarmSpec(fixed, ctx.step.inputs, ctx.inputs, name))
      const { alarm, compared, periodStarts } = evaluate(metric, validateMetricAlarm({ ...input, AlarmName: name }), scenario.startTime, scenario.endTime, incidents, [])
      children.push({ name, alarm, scorecard: scoreAlarm(alarm, periodStarts, incidents, grace) })
      childEvaluated.set(name, { compared, periodStarts })
    } catch (e) {
      if (!(e instanceof LabError)) throw e
      for (const i of e.issues) errors.push({ path: `${name}.${i.path}`, message: i.message })
    }
  }
  if (errors.length > 0) throw new LabError('VALIDATION', `Invalid child alarm: ${errors.map((i) => `${i.path}: ${i.message}`).join('; ')}`, errors)

  const minutes = Math.round((scenario.endTime - scenario.startTime) / MINUTE_MS)
  const minuteStarts = new Array<number>(minutes)
  const minuteEnds = new Array<number>(minutes)
  for (let m = 0; m < minutes; m++) {
    minuteStarts[m] = scenario.startTime + m * MINUTE_MS
    minuteEnds[m] = minuteStarts[m] + MINUTE_MS
  }
  const grid: Record<string, Uint8Array> = {}
  for (const c of children) {
    const per = c.alarm.period / 60
    const g = new Uint8Array(minutes)
    for (let m = 0; m < minutes; m++) {
      const i = Math.floor((m + 1) / per) - 1
      g[m] = i < 0 ? 2 : c.alarm.states[Math.min(i, c.alarm.states.length - 1)]
    }
    grid[c.name] = g
  }
  const timeline = evaluateCompositeAlarm(rule, grid, { timestamps: minuteEnds })
  const reasons = new Map<number, string>()
  for (const h of timeline.history) reasons.set(h.index, h.reason)
  const states = plainArray(timeline.states) as StateCode[]
  const composite: CompositeRun = {
    AlarmRule: rule,
    start: scenario.startTime,
    states,
    history: timeline.history.map((h) => ({
      timestamp: h.timestamp ?? minuteEnds[h.index],
      when: formatWhen(h.timestamp ?? minuteEnds[h.index]),
      oldState: h.oldState,
      newState: h.newState,
      reason: h.reason
    })),
    children
  }
  const scorecard = buildScorecard({ timestamps: minuteStarts, states, periodMs: MINUTE_MS, reasons }, incidents, grace)
  const facts: Record<string, string> = { falseAlarms: String(scorecard.falseAlarms.length), 'falseAlarms.text': plural(scorecard.falseAlarms.length, 'false alarm') }
  for (const c of children) {
    const { compared, periodStarts } = childEvaluated.get(c.name)!
    Object.assign(facts, alarmFacts(c.alarm, periodStarts, compared, c.scorecard, incidents, `${c.name}.`))
  }
  for (const s of scorecard.incidents) facts[`detect.${s.id}`] = s.timeToDetectSeconds === null ? 'did not page' : `${Math.round(s.timeToDetectSeconds / 60)} min`
  return { result: { composite, scorecard }, facts }
}

export const compositeKind: StepKind<z.infer<typeof CompositeStepFixed>, CompositeStepRun['result']> = {
  kind: 'composite',
  owner: 'cloudwatch',
  fixed: CompositeStepFixed,
  fields: [...ALARM_INPUT_FIELDS, 'AlarmRule'],
  validateStep(step, fixed, issue) {
    step.inputs.forEach((input, k) => {
      const ip = ['steps', '*', 'inputs', k]
      if (input.field === 'AlarmRule') {
        if (input.target !== undefined) issue([...ip, 'target'], 'AlarmRule belongs to the composite, not to a child alarm')
        return
      }
      if (input.target === undefined || !(input.target in fixed.alarms)) {
        issue([...ip, 'target'], `must name a child alarm of fixed.alarms (${Object.keys(fixed.alarms).join(', ')})`)
        return
      }
      checkAlarmInput(input, fixed.alarms[input.target], ip, issue)
    })
  },
  run: runComposite,
  checks: { ...alarmCheckDefs(), [compositeSuppressesNoise.name]: compositeSuppressesNoise },
  issueInput: alarmIssueInput,
  forDisplay: (result) => ({ ...result, composite: { ...result.composite, children: result.composite.children.map((c) => ({ ...c, alarm: alarmForDisplay(c.alarm) })) } }),
  sandboxActions(ctx): SandboxAction[] {
    const out: SandboxAction[] = []
    for (const [name, fixed] of Object.entries(ctx.fixed.alarms)) {
      out.push({ type: 'PutMetricAlarm', ...metricOf(ctx, alarmSpec(fixed, ctx.step.inputs, ctx.inputs, name)).input, AlarmName: name } as SandboxAction)
    }
    const ruleInput = ctx.step.inputs.find((i) => i.field === 'AlarmRule')
    const rule = ruleInput ? String(ctx.inputs[ruleInput.id]) : ctx.fixed.AlarmRule
    if (rule) out.push({ type: 'PutCompositeAlarm', AlarmName: 'composite', AlarmRule: rule })
    return out
  }
}

/**
 * The input an alarm validation issue is about: `Child.Field` for a composite's children, else the
 * field. `Statistic` and `ExtendedStatistic` are one input (a percentile in a Statistic input is sent
 * as ExtendedStatistic).
 */
function alarmIssueInput(step: LabStep, path: string): InputDef | undefined {
  const [head, ...rest] = path.split('.')
  const composite = rest.length > 0 && step.inputs.some((i) => i.target === head)
  const target = composite ? head : undefined
  const field = composite ? rest.join('.') : path
  const stat = field === 'Statistic' || field === 'ExtendedStatistic'
  return step.inputs.find((i) => i.target === target && (i.field === field || (stat && (i.field === 'Statistic' || i.field === 'ExtendedStatistic'))))
}

/** Whether `value` breaches the alarm's threshold (exported for checks). */
export function breaches(alarm: AlarmRun, value: number): boolean {
  return isBreaching(value, alarm.threshold, alarm.definition.ComparisonOperator as ComparisonOperator)
}

export type { AlarmFamilyResult }
