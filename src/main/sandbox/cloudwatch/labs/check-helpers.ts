/** Shared helpers for the alarm checks: which alarm a check grades, and how to describe it in a sentence. */
import type { IncidentSummary } from '../../../../shared/contract/lab-results'
import type { AlarmRun, AlarmStepRun, CompositeRun, CompositeStepRun, Scorecard } from '../../../../shared/contract/cloudwatch'
import type { CheckContext } from '../../labs/kinds'
import { formatValue, plural, seconds } from '../../labs/format'

export type AlarmFamilyResult = AlarmStepRun['result'] | CompositeStepRun['result']

/** What the alarm checks read of a run, whether it graded one alarm or a composite. */
export interface AlarmCheckView {
  incidents: readonly IncidentSummary[]
  alarm: AlarmRun | null
  composite: CompositeRun | null
  scorecard: Scorecard
}

export function view(ctx: CheckContext<AlarmFamilyResult>): AlarmCheckView {
  const r = ctx.result
  return 'composite' in r
    ? { incidents: ctx.incidents, alarm: null, composite: r.composite, scorecard: r.scorecard }
    : { incidents: ctx.incidents, alarm: r.alarm, composite: null, scorecard: r.scorecard }
}

export interface Target {
  /** The metric alarm graded (null for the composite itself). */
  alarm: AlarmRun | null
  scorecard: Scorecard
  /** "your alarm", "the composite alarm", "child alarm churn-5xx-rate". */
  label: string
}

/** The alarm a check grades: the step's metric alarm, the composite, or a named composite child. */
export function target(result: AlarmCheckView, childName?: string): Target | string {
  if (result.composite) {
    if (childName) {
      const c = result.composite.children.find((x) => x.name === childName)
      if (!c) return `this step has no child alarm named "${childName}" (it has ${result.composite.children.map((x) => x.name).join(', ')})`
      return { alarm: c.alarm, scorecard: c.scorecard, label: `child alarm ${c.name}` }
    }
    return { alarm: null, scorecard: result.scorecard, label: 'the composite alarm' }
  }
  if (!result.alarm) return 'this check grades an alarm, and this step has none'
  return { alarm: result.alarm, scorecard: result.scorecard, label: 'your alarm' }
}

/** "p99 ModelLatency". */
export function metricLabel(alarm: AlarmRun): string {
  return `${alarm.statistic} ${alarm.definition.MetricName}`
}

export function fmt(alarm: AlarmRun, v: number | null, statistic = alarm.statistic): string {
  return formatValue(v, alarm.unit, statistic, alarm.definition.MetricName)
}

export function thresholdText(alarm: AlarmRun): string {
  return fmt(alarm, alarm.threshold)
}

/** "3 of 5 datapoints". */
export function mOfN(alarm: AlarmRun): string {
  return `${alarm.definition.DatapointsToAlarm} of ${alarm.definition.EvaluationPeriods} datapoints`
}

/** "1 breaching datapoint out of 1". */
export function pagesOn(alarm: AlarmRun): string {
  return `${plural(alarm.definition.DatapointsToAlarm, 'breaching datapoint')} out of ${alarm.definition.EvaluationPeriods}`
}

export function incident(result: AlarmCheckView, id: string | null): IncidentSummary | undefined {
  return id === null ? undefined : result.incidents.find((i) => i.id === id)
}

export function peak(alarm: AlarmRun, incidentId: string, statistic = alarm.statistic): number | null {
  return alarm.peaks.find((p) => p.statistic === statistic)?.byIncident[incidentId] ?? null
}

export function times(k: number): string {
  return k === 1 ? 'once' : k === 2 ? 'twice' : `${k} times`
}

/** "the v8 latency regression" from an id, for a criterion written before any run. */
export function incidentName(incidents: readonly IncidentSummary[], id: string): string {
  return incidents.find((i) => i.id === id)?.label ?? id
}

/** "your alarm" or "child alarm X", for criteria. */
export function whose(childName: string | undefined): string {
  return childName ? `Child alarm ${childName}` : 'Your alarm'
}

export { plural, seconds }
