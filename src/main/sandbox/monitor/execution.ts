/**
 * Data quality monitoring executions of a schedule over captured data: for each run of the
 * schedule (schedule.ts: scheduled time, start 0–20 minutes later, analysis window), the captured
 * inputs of the window are checked against the baseline (violations.ts), giving the
 * MonitoringExecutionStatus (DescribeMonitoringSchedule / ListMonitoringExecutions:
 * `Completed`, `CompletedWithViolations`, `Failed`), constraint_violations.json and the metrics the
 * run publishes (model-monitor-interpreting-cloudwatch). A window with no captured data fails, as
 * a processing job with an empty input does [P: AWS's FailureReason text is not documented].
 */
import type { Rng } from '../core/rng'
import type { ConstraintsJson } from './baseline'
import type { CaptureLog } from './capture'
import type { Dataset } from './dataset'
import type { FeatureRecord, FeatureScenario, ScenarioModel } from './features'
import { scheduledRuns, type ScheduleConfig } from './schedule'
import { checkConstraintsOnly, profileBaseline, type BaselineProfiles, type EmittedMetric, type Violation } from './violations'

export type MonitoringExecutionStatus = 'Pending' | 'InProgress' | 'Completed' | 'CompletedWithViolations' | 'Failed' | 'Stopped'

export interface MonitoringExecution {
  ScheduledTime: number
  /** When the processing job started: 0–20 minutes after ScheduledTime. */
  StartTime: number
  MonitoringExecutionStatus: MonitoringExecutionStatus
  FailureReason?: string
  analysisStart: number
  analysisEnd: number
  /** Requests captured in the window, and the records analysed (a sample, at most 10 a minute). */
  capturedRecords: number
  analysedRecords: number
  violations: Violation[]
  metrics: EmittedMetric[]
}

/** The deployed model's score: the logistic model of the scenario's base concept (what it was trained on). */
export function baseModelScore(model: ScenarioModel, r: FeatureRecord): number {
  let z = model.intercept
  for (const f of model.features) {
    const v = r.features[f.name]
    if (f.kind === 'numeric') {
      if (typeof v === 'number') z += f.coefficient * ((v - f.mean) / f.std)
    } else {
      const i = f.values.indexOf(String(v))
      if (i >= 0) z += f.coefficients[i]
    }
  }
  return 1 / (1 + Math.exp(-z))
}

/** One execution over [analysisStart, analysisEnd) of captured data. */
export function runDataQualityExecution(
  run: { scheduledTime: number; startTime: number; analysisStart: number; analysisEnd: number },
  inputs: { baseline: Dataset; constraints: ConstraintsJson; capture: CaptureLog; scenario: FeatureScenario; rng: Rng; profiled?: BaselineProfiles }
): MonitoringExecution {
  const captured = inputs.capture.countIn(run.analysisStart, run.analysisEnd)
  const base = { ScheduledTime: run.scheduledTime, StartTime: run.startTime, analysisStart: run.analysisStart, analysisEnd: run.analysisEnd, capturedRecords: captured }
  if (captured === 0) {
    return { ...base, MonitoringExecutionStatus: 'Failed', FailureReason: 'No captured data in the analysis window: enable data capture and send traffic to the endpoint.', analysedRecords: 0, violations: [], metrics: [] }
  }
  // The same records capture.records gives, held as columns (no object per record), without the
  // event ids a data quality check does not read.
  const current = inputs.scenario.windowColumns(run.analysisStart, run.analysisEnd, inputs.capture, inputs.rng)
  const result = checkConstraintsOnly(inputs.baseline, inputs.constraints, current, inputs.profiled)
  return {
    ...base,
    MonitoringExecutionStatus: result.violations.length > 0 ? 'CompletedWithViolations' : 'Completed',
    analysedRecords: current.rows,
    violations: result.violations,
    metrics: result.metrics
  }
}

/** Every execution whose scheduled time falls in [from, to), in order. */
export function runSchedule(
  config: ScheduleConfig,
  from: number,
  to: number,
  seed: string,
  inputs: { baseline: Dataset; constraints: ConstraintsJson; capture: CaptureLog; scenario: FeatureScenario; rng: Rng },
  createdAt = from
): MonitoringExecution[] {
  const withProfiles = { ...inputs, profiled: profileBaseline(inputs.baseline) }
  return scheduledRuns(config, from, to, seed, createdAt).map((run) => runDataQualityExecution(run, withProfiles))
}
