/** Shared helpers for checks: which alarm a check grades, and how to describe it in a sentence. */
import { formatValue, plural } from '../scenario/format'
import type { AlarmRun, IncidentSummary, Scorecard, StepRun } from '../scenario/types'

export interface Target {
  /** The metric alarm graded (null for the composite itself). */
  alarm: AlarmRun | null
  scorecard: Scorecard
  /** "your alarm", "the composite alarm", "child alarm churn-5xx-rate". */
  label: string
}

/** The alarm a check grades: the step's metric alarm, the composite, or a named composite child. */
export function target(result: StepRun, childName?: string): Target | string {
  if (result.composite) {
    if (childName) {
      const c = result.composite.children.find((x) => x.name === childName)
      if (!c) return `this step has no child alarm named "${childName}" (it has ${result.composite.children.map((x) => x.name).join(', ')})`
      return { alarm: c.alarm, scorecard: c.scorecard, label: `child alarm ${c.name}` }
    }
    if (!result.scorecard) return 'this step produced no scorecard'
    return { alarm: null, scorecard: result.scorecard, label: 'the composite alarm' }
  }
  if (!result.alarm || !result.scorecard) return 'this check grades an alarm, and this step has none'
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

export function incident(result: StepRun, id: string | null): IncidentSummary | undefined {
  return id === null ? undefined : result.incidents.find((i) => i.id === id)
}

export function peak(alarm: AlarmRun, incidentId: string, statistic = alarm.statistic): number | null {
  return alarm.peaks.find((p) => p.statistic === statistic)?.byIncident[incidentId] ?? null
}

export function times(k: number): string {
  return k === 1 ? 'once' : k === 2 ? 'twice' : `${k} times`
}

export { plural }
