/**
 * Hand-made step runs for the check tests: a short series of one-minute periods starting at the
 * simulated epoch (Monday 00:00 UTC), evaluated by the real CloudWatch evaluator and scored by the
 * real scorecard, so every expected number can be worked out by hand from the series.
 */
import { resolve } from 'node:path'
import { evaluateAlarmSeries } from '../../../../src/main/sandbox/cloudwatch'
import { SIM_EPOCH_MS } from '../../../../src/main/sandbox/core/time'
import { buildScorecard } from '../../../../src/main/sandbox/cloudwatch/labs/scorecard'
import type { AlarmRun, AlarmStepRun, CompositeStepRun } from '../../../../src/shared/contract/cloudwatch'
import type { AuditStepRun } from '../../../../src/shared/contract/cloudtrail'
import type { IncidentSummary, StateCode } from '../../../../src/shared/contract/lab-results'
import { labFilesIn, loadLabs, readExamItemIds } from '../../../../src/main/labs/loader'

export const ROOT = resolve(__dirname, '../../../..')
export const EXAM_IDS = readExamItemIds(resolve(ROOT, 'resources/content/exam-domain4.json'))
export const LABS_DIR = resolve(ROOT, 'resources/labs')
export const FIXTURES = resolve(ROOT, 'tests/fixtures/labs')
export const loadResourceLabs = (): ReturnType<typeof loadLabs> => loadLabs(LABS_DIR, EXAM_IDS)
export { labFilesIn }

export const T0 = SIM_EPOCH_MS
export const min = (m: number): number => T0 + m * 60_000

export function incident(id: string, kind: IncidentSummary['kind'], label: string, from: number, to: number, shouldPage: boolean, when: string): IncidentSummary {
  return { id, kind, label, endpoint: 'ep', shouldPage, start: min(from), end: min(to), when, params: {} }
}

export interface AlarmFixture {
  values: (number | null)[]
  statistic?: string
  metricName?: string
  unit?: string
  threshold: number
  operator?: 'GreaterThanThreshold' | 'LessThanThreshold'
  N?: number
  M?: number
  treat?: 'missing' | 'notBreaching' | 'breaching' | 'ignore'
  incidents: IncidentSummary[]
  graceMinutes?: number
  peaks?: AlarmRun['peaks']
}

/** What a check sees of a run of one of the kinds: its kind, its result and the incidents. */
export type TestRun =
  | { kind: 'alarm'; result: AlarmStepRun['result']; incidents: IncidentSummary[] }
  | { kind: 'composite'; result: CompositeStepRun['result']; incidents: IncidentSummary[] }
  | { kind: 'cloudtrail'; result: AuditStepRun['result']; incidents: IncidentSummary[] }

export function alarmRun(f: AlarmFixture): TestRun & { kind: 'alarm' } {
  const N = f.N ?? 1
  const M = f.M ?? N
  const op = f.operator ?? 'GreaterThanThreshold'
  const ev = evaluateAlarmSeries({ Period: 60, EvaluationPeriods: N, DatapointsToAlarm: M, Threshold: f.threshold, ComparisonOperator: op, TreatMissingData: f.treat ?? 'missing' }, f.values)
  const statistic = f.statistic ?? 'p99'
  const timestamps = f.values.map((_, i) => min(i))
  const states = Array.from(ev.states) as StateCode[]
  const alarm: AlarmRun = {
    definition: {
      AlarmName: 'test-alarm',
      Namespace: 'AWS/SageMaker',
      MetricName: f.metricName ?? 'ModelLatency',
      Dimensions: [],
      ...(statistic.startsWith('p') ? { ExtendedStatistic: statistic } : { Statistic: statistic }),
      Period: 60,
      EvaluationPeriods: N,
      DatapointsToAlarm: M,
      Threshold: f.threshold,
      ComparisonOperator: op,
      TreatMissingData: f.treat ?? 'missing'
    },
    statistic,
    unit: f.unit ?? 'Microseconds',
    period: 60,
    threshold: f.threshold,
    start: timestamps[0] ?? min(0),
    values: f.values,
    sampleCounts: f.values.map((v) => (v === null ? 0 : 100)),
    states,
    history: [],
    peaks: f.peaks ?? [{ statistic, byIncident: {} }],
    overlays: []
  }
  const scorecard = buildScorecard({ timestamps, states, periodMs: 60_000, values: f.values }, f.incidents, f.graceMinutes ?? 2)
  return { kind: 'alarm', incidents: f.incidents, result: { alarm, scorecard, tradeoff: { thresholds: [], mOfN: [] } } }
}

/**
 * The latency fixture: 20 one-minute p99 datapoints of 100 ms, except a lone 500 ms spike in
 * minute 3 (a garbage-collection pause, should not page) and 300 ms in minutes 10–14 (a regression,
 * should page). Grace 2 minutes.
 */
export const LATENCY_VALUES: number[] = Array.from({ length: 20 }, (_, i) => (i === 3 ? 500_000 : i >= 10 && i < 15 ? 300_000 : 100_000))
export const SPIKE = incident('spike', 'outlier', 'garbage-collection pause', 3, 4, false, 'Mon 00:03')
export const REGRESSION = incident('reg', 'latencyRegression', 'model regression', 10, 15, true, 'Mon 00:10–00:15')
/** Peaks per incident, read off the series by hand; Average is what a mean would show there. */
export const LATENCY_PEAKS: AlarmRun['peaks'] = [
  { statistic: 'p99', byIncident: { spike: 500_000, reg: 300_000 } },
  { statistic: 'Average', byIncident: { spike: 200_000, reg: 120_000 } }
]

/** The heartbeat fixture: Invocations Sum of 5 a minute, nothing in minutes 6–11 (an upstream outage). */
export const HEARTBEAT_VALUES: (number | null)[] = Array.from({ length: 16 }, (_, i) => (i >= 6 && i < 12 ? null : 5))
export const GAP = (shouldPage: boolean): IncidentSummary => incident('gap', 'trafficGap', 'upstream outage', 6, 12, shouldPage, 'Mon 00:06–00:12')
