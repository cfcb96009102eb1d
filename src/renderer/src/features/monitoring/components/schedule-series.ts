/**
 * The Sandbox schedules panel's chart data, rearranged from a `sandbox.monitoring` answer (no
 * statistic is computed here): one drift series per feature over the executions' ScheduledTime with
 * the threshold the baseline's constraints.json sets for it, one series per model quality metric,
 * and the retraining moments to mark (pipeline executions, deployments of a registered package).
 */
import type { Res } from '@shared/contract'

type Answer = Res<'sandbox.monitoring'>
export type MonitoringSchedule = Answer['schedules'][number]

export interface Series {
  label: string
  timestamps: number[]
  values: (number | null)[]
}

/** The features a DataQuality schedule's executions published drift for, in the baseline's order. */
export function driftFeatures(s: MonitoringSchedule): string[] {
  const seen = new Set<string>()
  for (const x of s.executions) for (const f of Object.keys(x.drift)) seen.add(f)
  const ordered = s.featureThresholds.map((f) => f.feature_name).filter((f) => seen.has(f))
  return [...ordered, ...[...seen].filter((f) => !ordered.includes(f))]
}

/** A feature's drift at each execution's ScheduledTime; a run that published none (Failed) is a gap. */
export function driftSeries(s: MonitoringSchedule, feature: string): Series {
  return { label: `feature_baseline_drift_${feature}`, timestamps: s.executions.map((x) => x.ScheduledTime), values: s.executions.map((x) => x.drift[feature] ?? null) }
}

export function driftThreshold(s: MonitoringSchedule, feature: string): { threshold: number; method: string } | null {
  const t = s.featureThresholds.find((f) => f.feature_name === feature)
  return t ? { threshold: t.threshold, method: t.method } : null
}

/** The metrics a ModelQuality schedule published, accuracy and auc first. */
export function qualityMetrics(s: MonitoringSchedule): string[] {
  const seen = new Set<string>()
  for (const x of s.executions) for (const m of Object.keys(x.metrics)) seen.add(m)
  const first = ['accuracy', 'auc'].filter((m) => seen.has(m))
  return [...first, ...[...seen].filter((m) => !first.includes(m)).sort()]
}

export function qualitySeries(s: MonitoringSchedule, metric: string): Series {
  return { label: metric, timestamps: s.executions.map((x) => x.ScheduledTime), values: s.executions.map((x) => x.metrics[metric] ?? null) }
}

/** Retraining started (pipeline executions) and approved packages deployed (UpdateEndpoint). */
export function retrainingMarkers(a: Answer): { at: number; label: string }[] {
  const marks = [
    ...a.pipelineExecutions.map((r) => ({ at: r.StartTime, label: `${r.PipelineName} started` })),
    ...a.modelPackages.filter((p) => p.DeployedTime !== null).map((p) => ({ at: p.DeployedTime as number, label: `v${p.ModelPackageVersion} deployed` }))
  ]
  return marks.sort((x, y) => x.at - y.at)
}
