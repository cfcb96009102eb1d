/**
 * A monitored endpoint over weeks or months, computed on the monitor kernel for the monitoring labs:
 * the scenario's clients send feature vectors (features.ts) with changes injected at seeded times;
 * data capture keeps a share of the requests (InitialSamplingPercentage); a data quality
 * monitoring schedule (schedule.ts) checks each analysis window against the baseline that a
 * baselining job suggested from the training data (baseline.ts, violations.ts); a model quality
 * schedule merges the ground truth, which arrives `lagHours` after each request, and computes AWS's
 * binary classification metrics (quality.ts); a CloudWatch alarm on one emitted metric
 * (cloudwatch/alarm-stepper.ts, the evaluator the sandbox's CloudWatch runs) starts a retraining
 * pipeline when it goes to ALARM; the pipeline refits the model on the last N days of labelled
 * records (logistic.ts), deploys it `pipelineHours` later and registers a new baseline for the data
 * quality monitor from the same records.
 *
 * AWS behaviour followed (AWS-FACTS §2 and §8):
 * - the schedule's runs, their 0–20 minute start delay and analysis windows: ScheduleConfig;
 * - executions end Completed, CompletedWithViolations or Failed (no data); constraint_violations.json
 *   and the feature_baseline_drift_<name> / feature_non_null_<name> metrics: "Schema for
 *   Violations", "CloudWatch Metrics for Deployed Models";
 * - ground truth is merged on inferenceId when the captured records carry one (the caller sends
 *   InferenceId with InvokeEndpoint), else on SageMaker's eventId, which the application never sees,
 *   so its labels cannot match ("Ingest Ground Truth Labels and Merge Them With Predictions");
 * - alarm actions run on state changes, so one ALARM starts one pipeline; a drift alarm after a
 *   retraining compares with the new baseline (a pipeline registers DriftCheckBaselines, §8).
 *
 * Records are generated per hour from a stream forked by the hour (not per minute as
 * capture.ts does for a World), so a 90-day timeline costs a few thousand forks.
 */
import { LabError, invalidField } from '../../../../shared/errors'
import { AlarmStepper } from '../../cloudwatch/alarm-stepper'
import { STATE_ALARM, STATE_INSUFFICIENT_DATA, type AlarmEvaluationConfig } from '../../cloudwatch/alarm-evaluator'
import type { ComparisonOperator } from '../../cloudwatch/types'
import { createRng, type Rng } from '../../core/rng'
import { DAY_MS, HOUR_MS, MINUTE_MS, SIM_EPOCH_MS } from '../../core/time'
import { suggestBaseline, type ConstraintsJson } from '../baseline'
import type { Cell, Dataset } from '../dataset'
import { compareDistributions, type DriftMethod } from '../drift'
import { FeatureScenario, findScenarioModel, toDataset, type DataChange, type FeatureRecord, type Seasonality } from '../features'
import { modelQuality } from '../quality'
import { scheduledRuns } from '../schedule'
import { checkConstraints, profileBaseline, type BaselineProfiles, type Violation } from '../violations'
import { encode, fitLogistic, scoreRow, type LogisticModel } from './logistic'

export const QUALITY_METRICS = ['auc', 'accuracy', 'f1', 'precision', 'recall'] as const
export type QualityMetric = (typeof QUALITY_METRICS)[number]
export const MONITORING_TYPES = ['DataQuality', 'ModelQuality'] as const
export type MonitoringType = (typeof MONITORING_TYPES)[number]
export const MAX_RECORDS_PER_HOUR = 600
export const MAX_DAYS = 120
/** A run generates at most this many requests (days × 24 × requestsPerHour), so one lab run stays near a second. */
export const MAX_TIMELINE_REQUESTS = 100_000

export interface TimelineChange {
  id: string
  label: string
  /** The day range its start is drawn from (0 = the first day), whole minutes, seeded per change. */
  startDay: [number, number]
  change: DataChange
  /** False for a change a monitor should not act on (a harmless shift a large sample makes significant). Default true. */
  actionable?: boolean
}

export interface MonitorAlarmSpec {
  AlarmName: string
  MonitoringType: MonitoringType
  MetricName: string
  Threshold: number
  ComparisonOperator: ComparisonOperator
  EvaluationPeriods: number
  DatapointsToAlarm: number
}

export interface MonitorSpec {
  scenario: string
  days: number
  requestsPerHour: number
  InitialSamplingPercentage: number
  trainingDays: number
  trainingRows: number
  seasonality: Seasonality[]
  changes: TimelineChange[]
  ScheduleExpression: string
  DataAnalysisStartTime?: string
  DataAnalysisEndTime?: string
  comparison_method: 'Simple' | 'Robust'
  comparison_threshold: number
  categorical_drift_method: 'LInfinity' | 'ChiSquared'
  /** An Evidently-style test run beside Model Monitor's distance on every execution ("auto" = Evidently's choice). */
  stattest: DriftMethod | 'auto' | null
  stattest_threshold: number | null
  modelQuality: null | { metric: QualityMetric; probabilityThreshold: number; lagHours: number; InferenceId: boolean; ScheduleExpression: string }
  alarm: MonitorAlarmSpec | null
  retraining: null | { RetrainingWindowDays: number; pipelineHours: number }
}

export interface DataQualityExecution {
  ScheduledTime: number
  StartTime: number
  MonitoringExecutionStatus: 'Completed' | 'CompletedWithViolations' | 'Failed'
  FailureReason?: string
  analysisStart: number
  analysisEnd: number
  records: number
  /** feature_baseline_drift_<name> per feature (null: not computed). */
  drift: Record<string, number | null>
  violations: Violation[]
  /** The drift test's verdict per feature, when the step runs one. */
  test?: Record<string, { method: DriftMethod; value: number; threshold: number; drift: boolean } | null>
  baselineVersion: number
}

export interface ModelQualityExecution {
  ScheduledTime: number
  StartTime: number
  MonitoringExecutionStatus: 'Completed' | 'Failed'
  FailureReason?: string
  /** The requests whose labels it merged: [dataStart, dataEnd). */
  dataStart: number
  dataEnd: number
  records: number
  merged: number
  /** The step's quality metric. */
  value: number | null
  standardDeviation: number | null
  /** Every binary metric an alarm may watch (QUALITY_METRICS). */
  metrics: Record<string, number | null>
  /** Observed click-through (positive) rate of the merged records, and the model's mean predicted probability. */
  positiveRate: number | null
  predictedRate: number | null
  modelVersions: number[]
}

export interface AlarmPoint {
  timestamp: number
  evaluatedAt: number
  value: number | null
  state: 0 | 1 | 2
}

export interface RetrainingRun {
  triggeredAt: number
  trainedFrom: number
  trainedTo: number
  rows: number
  deployedAt: number
  version: number
  /** What became of the run when it is not simply deployed at `deployedAt` (the World's loop). */
  note?: string
}

export interface ChangeMarker {
  id: string
  label: string
  kind: DataChange['kind']
  feature: string | null
  start: number
  /** When it stops growing (ramp) or ends (outlier burst); null: from `start` on, at once. */
  end: number | null
  actionable: boolean
}

export interface MonitorTimeline {
  scenario: string
  label: string
  features: string[]
  startTime: number
  endTime: number
  baselineRows: number
  changes: ChangeMarker[]
  dataQuality: DataQualityExecution[]
  modelQuality: ModelQualityExecution[]
  alarm: null | { spec: MonitorAlarmSpec; points: AlarmPoint[]; firstAlarm: number | null; alarmTransitions: number[] }
  retraining: RetrainingRun[]
}

interface Scored {
  at: number
  features: Record<string, Cell>
  label: 0 | 1
  /** The encoded design row (logistic.ts), kept for scoring and retraining. */
  row: Float64Array
  score: number
  version: number
}

const STATE = (s: number): 0 | 1 | 2 => (s === 0 ? 0 : s === 1 ? 1 : 2)
const finiteOrNull = (v: number | undefined): number | null => (v === undefined || !Number.isFinite(v) ? null : v)

/** Checks a spec's ranges and cross-field rules; throws a VALIDATION LabError naming the field. */
export function checkSpec(s: MonitorSpec): void {
  if (!Number.isInteger(s.days) || s.days < 1 || s.days > MAX_DAYS) throw invalidField('days', `must be a whole number of days from 1 to ${MAX_DAYS}`)
  if (s.days * 24 * s.requestsPerHour > MAX_TIMELINE_REQUESTS) {
    throw invalidField('requestsPerHour', `days × 24 × requestsPerHour must be at most ${MAX_TIMELINE_REQUESTS.toLocaleString('en-US')} requests, got ${(s.days * 24 * s.requestsPerHour).toLocaleString('en-US')}`)
  }
  if (!Number.isInteger(s.InitialSamplingPercentage) || s.InitialSamplingPercentage < 1 || s.InitialSamplingPercentage > 100) {
    throw invalidField('InitialSamplingPercentage', `must be a whole percentage from 1 to 100 (0 captures nothing to monitor), got ${String(s.InitialSamplingPercentage)}`)
  }
  if (!(s.comparison_threshold > 0 && s.comparison_threshold <= 1)) throw invalidField('comparison_threshold', `must be a distance above 0 and at most 1, got ${String(s.comparison_threshold)}`)
  if (s.comparison_method !== 'Simple' && s.comparison_method !== 'Robust') throw invalidField('comparison_method', 'must be "Simple" or "Robust"')
  if (s.categorical_drift_method !== 'LInfinity' && s.categorical_drift_method !== 'ChiSquared') throw invalidField('categorical_drift_method', 'must be "LInfinity" or "ChiSquared"')
  if (s.stattest_threshold !== null && !(s.stattest_threshold > 0 && s.stattest_threshold <= 1)) throw invalidField('stattest_threshold', `must be above 0 and at most 1, got ${String(s.stattest_threshold)}`)
  const a = s.alarm
  if (a) {
    if (!MONITORING_TYPES.includes(a.MonitoringType)) throw invalidField('MonitoringType', 'must be DataQuality or ModelQuality')
    if (a.MonitoringType === 'ModelQuality') {
      if (!s.modelQuality) throw invalidField('MonitoringType', 'this step has no model quality monitor: alarm on a data quality metric')
      if (!(QUALITY_METRICS as readonly string[]).includes(a.MetricName)) throw invalidField('MetricName', `a model quality alarm watches one of ${QUALITY_METRICS.join(', ')}`)
    } else {
      const m = /^feature_(baseline_drift|non_null)_(.+)$/.exec(a.MetricName)
      const model = findScenarioModel(s.scenario, 'scenario')
      if (!m || !model.features.some((f) => f.name === m[2])) {
        throw invalidField('MetricName', `a data quality alarm watches feature_baseline_drift_<feature> or feature_non_null_<feature>, with a feature of ${model.id}: ${model.features.map((f) => f.name).join(', ')}`)
      }
    }
    if (!Number.isFinite(a.Threshold)) throw invalidField('Threshold', 'must be a number')
    if (!Number.isInteger(a.EvaluationPeriods) || a.EvaluationPeriods < 1 || a.EvaluationPeriods > 100) throw invalidField('EvaluationPeriods', 'must be a whole number from 1 to 100')
    if (!Number.isInteger(a.DatapointsToAlarm) || a.DatapointsToAlarm < 1 || a.DatapointsToAlarm > a.EvaluationPeriods) {
      throw invalidField('DatapointsToAlarm', `must be a whole number from 1 to EvaluationPeriods (${a.EvaluationPeriods})`)
    }
  }
  if (s.retraining) {
    const w = s.retraining.RetrainingWindowDays
    if (!Number.isInteger(w) || w < 1 || w > MAX_DAYS) throw invalidField('RetrainingWindowDays', `must be a whole number of days from 1 to ${MAX_DAYS}`)
    if (!(s.retraining.pipelineHours >= 1)) throw invalidField('pipelineHours', 'must be at least 1 hour')
  }
}

/** The mean of `xs`, or null for none. */
function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length
}

function changeMarker(c: TimelineChange, start: number): ChangeMarker {
  const ch = c.change
  const feature = 'Feature' in ch && typeof ch.Feature === 'string' ? ch.Feature : null
  let end: number | null = null
  if (ch.kind === 'outlierBurst') end = start + ch.DurationMinutes * MINUTE_MS
  else if ((ch.kind === 'dataDrift' || ch.kind === 'conceptDrift') && ch.RampMinutes) end = start + ch.RampMinutes * MINUTE_MS
  return { id: c.id, label: c.label, kind: ch.kind, feature, start, end, actionable: c.actionable ?? true }
}

export function simulateMonitoring(spec: MonitorSpec, seed: string): MonitorTimeline {
  checkSpec(spec)
  const model = findScenarioModel(spec.scenario, 'scenario')
  const scenario = new FeatureScenario(model, spec.seasonality)
  const root = createRng(seed).fork('monitor-lab')
  const start = SIM_EPOCH_MS
  const end = start + spec.days * DAY_MS

  const markers: ChangeMarker[] = []
  spec.changes.forEach((c, k) => {
    const r = root.fork(`change:${c.id}`)
    const minute = r.int(Math.round(c.startDay[0] * 1440), Math.max(Math.round(c.startDay[0] * 1440), Math.round(c.startDay[1] * 1440)))
    const at = start + Math.min(minute, spec.days * 1440 - 1) * MINUTE_MS
    scenario.addChange(at, c.change, `changes[${k}].change`)
    markers.push(changeMarker(c, at))
  })

  // Training data from before the start, under the base distributions: model v1 and the baseline.
  const training = scenario.trainingData(start - spec.trainingDays * DAY_MS, start, spec.trainingRows, root.fork('training'))
  const trainRows: Float64Array[] = []
  for (let i = 0; i < spec.trainingRows; i++) {
    const f: Record<string, Cell> = {}
    for (const col of training.dataset) f[col.name] = col.values[i]
    trainRows.push(encode(model, f))
  }
  const models: { version: number; model: LogisticModel; deployedAt: number }[] = [{ version: 1, model: fitLogistic(trainRows, training.labels), deployedAt: start }]
  const baselines: { version: number; dataset: Dataset; constraints: ConstraintsJson; profiled: BaselineProfiles; from: number }[] = []
  const addBaseline = (dataset: Dataset, from: number): void => {
    const { constraints } = suggestBaseline(dataset)
    const dc = constraints.monitoring_config.distribution_constraints
    dc.comparison_method = spec.comparison_method
    dc.comparison_threshold = spec.comparison_threshold
    dc.categorical_comparison_threshold = spec.comparison_threshold
    dc.categorical_drift_method = spec.categorical_drift_method
    baselines.push({ version: baselines.length + 1, dataset, constraints, profiled: profileBaseline(dataset), from })
  }
  addBaseline(training.dataset, start)

  // Traffic, captured hour by hour and scored by the model in service at each request's time.
  const hours: Scored[][] = []
  const modelAt = (t: number) => {
    let m = models[0]
    for (const x of models) if (x.deployedAt <= t) m = x
    return m
  }
  const generateUntil = (t: number): void => {
    while (hours.length < spec.days * 24 && start + hours.length * HOUR_MS < t) {
      const h = hours.length
      const hourStart = start + h * HOUR_MS
      const captured = Math.min(MAX_RECORDS_PER_HOUR, spec.InitialSamplingPercentage >= 100 ? spec.requestsPerHour : root.fork(`capture:${h}`).binomial(spec.requestsPerHour, spec.InitialSamplingPercentage / 100))
      const rng: Rng = root.fork(`hour:${h}`)
      const out: Scored[] = []
      for (let i = 0; i < captured; i++) {
        const r: FeatureRecord = scenario.record(hourStart + Math.floor((i * HOUR_MS) / captured), rng)
        const m = modelAt(r.at)
        const row = encode(model, r.features)
        out.push({ at: r.at, features: r.features, label: r.label, row, score: scoreRow(m.model, row), version: m.version })
      }
      hours.push(out)
    }
  }
  const recordsIn = (from: number, to: number): Scored[] => {
    generateUntil(to)
    const out: Scored[] = []
    const h0 = Math.max(0, Math.floor((from - start) / HOUR_MS))
    const h1 = Math.min(hours.length, Math.ceil((to - start) / HOUR_MS))
    for (let h = h0; h < h1; h++) for (const r of hours[h]) if (r.at >= from && r.at < to) out.push(r)
    return out
  }

  type Job = { type: 'data' | 'quality'; scheduledTime: number; startTime: number; analysisStart: number; analysisEnd: number }
  const jobs: Job[] = scheduledRuns({ ScheduleExpression: spec.ScheduleExpression, DataAnalysisStartTime: spec.DataAnalysisStartTime, DataAnalysisEndTime: spec.DataAnalysisEndTime }, start, end, `${seed}/data-quality`).map((r) => ({ type: 'data' as const, ...r }))
  const mq = spec.modelQuality
  if (mq) {
    // The model quality job looks `lagHours` back: the requests whose ground truth has all arrived.
    const lag = mq.lagHours * HOUR_MS
    for (const r of scheduledRuns({ ScheduleExpression: mq.ScheduleExpression }, start, end, `${seed}/model-quality`)) {
      jobs.push({ type: 'quality', scheduledTime: r.scheduledTime, startTime: r.startTime, analysisStart: r.analysisStart - lag, analysisEnd: r.analysisEnd - lag })
    }
  }
  jobs.sort((a, b) => a.startTime - b.startTime || (a.type === b.type ? 0 : a.type === 'data' ? -1 : 1))

  const alarmSpec = spec.alarm
  const period = (() => {
    const own = jobs.filter((j) => (alarmSpec?.MonitoringType === 'ModelQuality' ? j.type === 'quality' : j.type === 'data'))
    return own.length > 1 ? Math.round((own[1].scheduledTime - own[0].scheduledTime) / 1000) : 3600
  })()
  const stepper = alarmSpec
    ? new AlarmStepper({ Period: period, EvaluationPeriods: alarmSpec.EvaluationPeriods, DatapointsToAlarm: alarmSpec.DatapointsToAlarm, Threshold: alarmSpec.Threshold, ComparisonOperator: alarmSpec.ComparisonOperator, TreatMissingData: 'missing' } satisfies AlarmEvaluationConfig, STATE_INSUFFICIENT_DATA)
    : null
  const points: AlarmPoint[] = []
  const alarmTransitions: number[] = []
  const retraining: RetrainingRun[] = []
  const dataQuality: DataQualityExecution[] = []
  const modelQualityRuns: ModelQualityExecution[] = []
  const featureNames = model.features.map((f) => f.name)
  const pendingDeployment = (t: number): boolean => retraining.some((r) => r.deployedAt > t)

  const retrain = (t: number): void => {
    const rs = spec.retraining
    if (!rs || pendingDeployment(t)) return
    const lag = (mq?.lagHours ?? 0) * HOUR_MS
    const trainedTo = t - lag
    const trainedFrom = Math.max(start - spec.trainingDays * DAY_MS, t - rs.RetrainingWindowDays * DAY_MS)
    const recent = recordsIn(Math.max(start, trainedFrom), trainedTo)
    // Days before the start come from the original training data (the window can reach back that far).
    const fromTraining = trainedFrom < start ? Math.round((spec.trainingRows * (start - trainedFrom)) / (spec.trainingDays * DAY_MS)) : 0
    const rows: Float64Array[] = recent.map((r) => r.row)
    const labels: number[] = recent.map((r) => r.label)
    for (let i = spec.trainingRows - fromTraining; i < spec.trainingRows; i++) {
      rows.push(trainRows[i])
      labels.push(training.labels[i])
    }
    if (rows.length === 0) return
    const version = models.length + 1
    const deployedAt = t + rs.pipelineHours * HOUR_MS
    models.push({ version, model: fitLogistic(rows, labels), deployedAt })
    retraining.push({ triggeredAt: t, trainedFrom, trainedTo, rows: rows.length, deployedAt, version })
    const sample = recent.length > spec.trainingRows ? recent.filter((_, i) => i % Math.ceil(recent.length / spec.trainingRows) === 0) : recent
    if (sample.length > 0) addBaseline(toDataset(sample.map((r) => ({ at: r.at, features: r.features, label: r.label }))), deployedAt)
  }

  const publish = (job: Job, value: number | null, evaluatedAt: number): void => {
    if (!stepper || !alarmSpec) return
    const before = stepper.state
    const state = stepper.step(value === null ? NaN : value, job.scheduledTime)
    points.push({ timestamp: job.scheduledTime, evaluatedAt, value, state: STATE(state) })
    if (state === STATE_ALARM && before !== STATE_ALARM) {
      alarmTransitions.push(evaluatedAt)
      retrain(evaluatedAt)
    }
  }

  for (const job of jobs) {
    // A processing job takes a few minutes; its metrics are published when it ends.
    const done = job.startTime + 10 * MINUTE_MS
    const records = recordsIn(job.analysisStart, job.analysisEnd)
    if (job.type === 'data') {
      let b = baselines[0]
      for (const x of baselines) if (x.from <= job.scheduledTime) b = x
      const drift: Record<string, number | null> = Object.fromEntries(featureNames.map((f) => [f, null]))
      const base = { ScheduledTime: job.scheduledTime, StartTime: job.startTime, analysisStart: job.analysisStart, analysisEnd: job.analysisEnd, records: records.length, baselineVersion: b.version }
      if (records.length === 0) {
        dataQuality.push({ ...base, MonitoringExecutionStatus: 'Failed', FailureReason: 'No captured data in the analysis window.', drift, violations: [] })
        if (alarmSpec?.MonitoringType === 'DataQuality') publish(job, null, done)
        continue
      }
      const current = toDataset(records.map((r) => ({ at: r.at, features: r.features, label: r.label })))
      const res = checkConstraints(b.dataset, b.constraints, current, b.profiled)
      for (const m of res.metrics) {
        const d = /^feature_baseline_drift_(.+)$/.exec(m.MetricName)
        if (d && d[1] in drift) drift[d[1]] = finiteOrNull(m.Value)
      }
      const exec: DataQualityExecution = { ...base, MonitoringExecutionStatus: res.violations.length > 0 ? 'CompletedWithViolations' : 'Completed', drift, violations: res.violations }
      if (spec.stattest) exec.test = driftTests(b.dataset, current, featureNames, spec)
      dataQuality.push(exec)
      if (alarmSpec?.MonitoringType === 'DataQuality') {
        const metric = res.metrics.find((m) => m.MetricName === alarmSpec.MetricName)
        publish(job, finiteOrNull(metric?.Value), done)
      }
    } else if (mq) {
      const base = { ScheduledTime: job.scheduledTime, StartTime: job.startTime, dataStart: job.analysisStart, dataEnd: job.analysisEnd, records: records.length }
      const merged = mq.InferenceId ? records : []
      let exec: ModelQualityExecution
      if (merged.length === 0) {
        exec = {
          ...base,
          MonitoringExecutionStatus: 'Failed',
          FailureReason:
            records.length === 0
              ? 'No captured data in the analysis window.'
              : 'No ground truth could be merged: the captured records carry no inferenceId, so Model Monitor joins on eventId, which SageMaker generates and the labelling system never saw.',
          merged: 0,
          value: null,
          standardDeviation: null,
          metrics: Object.fromEntries(QUALITY_METRICS.map((k) => [k, null])),
          positiveRate: null,
          predictedRate: null,
          modelVersions: []
        }
      } else {
        const q = modelQuality(
          { problemType: 'BinaryClassification', labels: merged.map((r) => r.label), predictions: merged.map((r) => (r.score >= mq.probabilityThreshold ? 1 : 0)), probabilities: merged.map((r) => r.score) },
          { seed: `${seed}/mq/${job.scheduledTime}` }
        )
        const metric = q[mq.metric] as { value: number; standard_deviation: number } | undefined
        exec = {
          ...base,
          MonitoringExecutionStatus: 'Completed',
          merged: merged.length,
          value: finiteOrNull(metric?.value),
          standardDeviation: finiteOrNull(metric?.standard_deviation),
          metrics: Object.fromEntries(QUALITY_METRICS.map((k) => [k, finiteOrNull((q[k] as { value: number } | undefined)?.value)])),
          positiveRate: mean(merged.map((r) => r.label)),
          predictedRate: mean(merged.map((r) => r.score)),
          modelVersions: [...new Set(merged.map((r) => r.version))]
        }
      }
      modelQualityRuns.push(exec)
      if (alarmSpec?.MonitoringType === 'ModelQuality') publish(job, exec.metrics[alarmSpec.MetricName] ?? null, done)
    }
  }
  generateUntil(end)

  return {
    scenario: model.id,
    label: model.label,
    features: featureNames,
    startTime: start,
    endTime: end,
    baselineRows: spec.trainingRows,
    changes: markers,
    dataQuality,
    modelQuality: modelQualityRuns,
    alarm: alarmSpec ? { spec: alarmSpec, points, firstAlarm: alarmTransitions[0] ?? null, alarmTransitions } : null,
    retraining
  }
}

/** The chosen two-sample test of every feature of one execution against the baseline (drift.ts). */
function driftTests(baseline: Dataset, current: Dataset, features: readonly string[], spec: MonitorSpec): NonNullable<DataQualityExecution['test']> {
  const out: NonNullable<DataQualityExecution['test']> = {}
  for (const name of features) {
    const b = baseline.find((c) => c.name === name)
    const c = current.find((x) => x.name === name)
    if (!b || !c) {
      out[name] = null
      continue
    }
    const numeric = b.values.some((v) => typeof v === 'number')
    const pick = (vals: readonly Cell[]): (number | string)[] => (numeric ? vals.filter((v): v is number => typeof v === 'number') : vals.filter((v): v is string => typeof v === 'string'))
    const bs = pick(b.values)
    const cs = pick(c.values)
    if (bs.length === 0 || cs.length === 0) {
      out[name] = null
      continue
    }
    const options = { ...(spec.stattest && spec.stattest !== 'auto' ? { method: spec.stattest } : {}), ...(spec.stattest_threshold !== null ? { threshold: spec.stattest_threshold } : {}) }
    try {
      const r = compareDistributions(bs as number[] | string[], cs as number[] | string[], options).auto
      out[name] = { method: r.method, value: r.value, threshold: r.threshold, drift: r.drift }
    } catch (err) {
      if (!(err instanceof LabError)) throw err
      // The chosen test does not apply to this feature's type (a numeric-only test on a categorical feature).
      out[name] = null
    }
  }
  return out
}
