/**
 * sandbox.monitoring (issue #10, "Labs and views"): one monitored endpoint's schedules, executions
 * (constraint_violations.json, the drift and model quality values each run published), the thresholds
 * in force (the baseline's constraints.json), the ground-truth lag and the retraining it saw. Only
 * reads of the Monitor: nothing here computes a statistic.
 *
 * Thresholds per feature follow "Schema for Constraints (constraints.json file)"
 * (model-monitor-byoc-constraints): numeric features are compared against comparison_threshold,
 * String features against categorical_comparison_threshold (comparison_threshold without it).
 */
import { LabError } from '../../../shared/errors'
import { MAX_MONITORING_EXECUTIONS, type MonitoringWorldResponseSchema } from '../../../shared/contract/monitor-world'
import type { z } from 'zod'
import type { World } from '../world'
import type { ConstraintsJson } from './baseline'
import type { ModelQualityConstraints } from './service'

type Answer = z.output<typeof MonitoringWorldResponseSchema>
const DRIFT_PREFIX = 'feature_baseline_drift_'

export function monitoringOfEndpoint(world: World, endpointName: string | undefined): Answer {
  const m = world.monitor
  const all = m.listMonitoringSchedules()
  const monitored = [...new Set(all.map((s) => s.EndpointName))]
  const name = endpointName ?? monitored[0]
  const empty = { now: world.now, monitoredEndpoints: monitored, captureEnabled: false, groundTruthLagHours: null, schedules: [], pipelineExecutions: [], modelPackages: [] }
  if (name === undefined) return { ...empty, EndpointName: null }
  if (!monitored.includes(name)) {
    const known = world.sagemaker.summaries().some((e) => e.EndpointName === name)
    if (!known) {
      throw new LabError('NOT_FOUND', `EndpointName: no endpoint "${name}" in this world${monitored.length ? ` (monitored: ${monitored.join(', ')})` : ''}.`, [
        { path: 'EndpointName', message: monitored.length ? `no such endpoint; monitored: ${monitored.join(', ')}` : 'no such endpoint' }
      ])
    }
    throw new LabError('NOT_FOUND', `EndpointName: "${name}" has no monitoring schedule. Enable data capture, run a baselining job and create a monitoring schedule (CreateMonitoringSchedule) first.`, [
      { path: 'EndpointName', message: 'has no monitoring schedule' }
    ])
  }
  const state = m.endpointState(name)
  const schedules = all
    .filter((s) => s.EndpointName === name)
    .map((s) => {
      const runs = m.listMonitoringExecutions(s.MonitoringScheduleName)
      const kept = runs.slice(-MAX_MONITORING_EXECUTIONS)
      const constraints = m.baseliningJob(s.BaseliningJobName).constraints
      return {
        MonitoringScheduleName: s.MonitoringScheduleName,
        MonitoringScheduleStatus: s.MonitoringScheduleStatus,
        MonitoringType: s.MonitoringType,
        ScheduleExpression: s.ScheduleExpression,
        BaseliningJobName: s.BaseliningJobName,
        CreationTime: s.CreationTime,
        ExecutionCount: s.ExecutionCount,
        executionsOmitted: s.ExecutionCount - kept.length,
        featureThresholds: s.MonitoringType === 'DataQuality' && constraints && 'features' in constraints ? featureThresholds(constraints) : [],
        metricThresholds:
          s.MonitoringType === 'ModelQuality' && constraints && 'binary_classification_constraints' in constraints
            ? Object.entries((constraints as ModelQualityConstraints).binary_classification_constraints).map(([metric_name, c]) => ({ metric_name, threshold: c.threshold, comparison_operator: c.comparison_operator }))
            : [],
        executions: kept.map((x) => {
          const drift: Record<string, number> = {}
          const metrics: Record<string, number> = {}
          for (const e of x.metrics) {
            if (e.Value === undefined) continue
            if (e.MetricName.startsWith(DRIFT_PREFIX)) drift[e.MetricName.slice(DRIFT_PREFIX.length)] = e.Value
            else if (s.MonitoringType === 'ModelQuality') metrics[e.MetricName] = e.Value
          }
          return {
            ProcessingJobName: x.ProcessingJobName,
            ScheduledTime: x.ScheduledTime,
            StartTime: x.StartTime,
            EndTime: x.EndTime,
            MonitoringExecutionStatus: x.MonitoringExecutionStatus,
            FailureReason: x.FailureReason ?? null,
            analysisStart: x.analysisStart,
            analysisEnd: x.analysisEnd,
            capturedRecords: x.capturedRecords,
            analysedRecords: x.analysedRecords,
            mergedRecords: x.mergedRecords ?? null,
            violations: x.violations.map((v) => ({ feature_name: 'feature_name' in v ? v.feature_name : v.metric_name, constraint_check_type: v.constraint_check_type, description: v.description })),
            drift,
            metrics
          }
        })
      }
    })
  const pipelines = m.listPipelines().filter((p) => p.EndpointName === name)
  const names = new Set(pipelines.map((p) => p.PipelineName))
  const groups = new Set(pipelines.map((p) => p.ModelPackageGroupName))
  const models = state?.models ?? []
  return {
    ...empty,
    EndpointName: name,
    captureEnabled: state?.captureEnabled ?? false,
    groundTruthLagHours: state?.groundTruthLagHours ?? null,
    schedules,
    pipelineExecutions: m
      .listPipelineExecutions()
      .filter((r) => names.has(r.PipelineName))
      .map((r) => ({
        PipelineName: r.PipelineName,
        PipelineExecutionArn: r.PipelineExecutionArn,
        PipelineExecutionStatus: r.PipelineExecutionStatus,
        StartTime: r.StartTime,
        EndTime: r.EndTime,
        FailureReason: r.FailureReason,
        ModelPackageArn: r.ModelPackageArn
      })),
    modelPackages: m
      .listModelPackages()
      .filter((p) => groups.has(p.ModelPackageGroupName))
      .map((p) => ({
        ModelPackageArn: p.ModelPackageArn,
        ModelPackageGroupName: p.ModelPackageGroupName,
        ModelPackageVersion: p.ModelPackageVersion,
        ModelApprovalStatus: p.ModelApprovalStatus,
        ModelName: p.ModelName,
        CreationTime: p.CreationTime,
        LastModifiedTime: p.LastModifiedTime,
        DeployedTime: models.find((x) => x.modelName === p.ModelName)?.from ?? null
      }))
  }
}

function featureThresholds(c: ConstraintsJson) {
  const dc = c.monitoring_config.distribution_constraints
  return c.features.map((f) =>
    f.inferred_type === 'String'
      ? { feature_name: f.name, inferred_type: f.inferred_type, threshold: dc.categorical_comparison_threshold ?? dc.comparison_threshold, method: dc.categorical_drift_method ?? 'LInfinity' }
      : { feature_name: f.name, inferred_type: f.inferred_type, threshold: dc.comparison_threshold, method: dc.comparison_method === 'Robust' ? 'linf_robust' : 'linf_simple' }
  )
}
