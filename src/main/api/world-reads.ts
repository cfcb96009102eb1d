/**
 * What the console reads of a world, as pure functions of the World and the request: the session
 * (src/main/session/) runs them wherever the world lives (a worker thread in the desktop app and
 * browser mode, in process in tests). Each answer is bounded by the world's own limits.
 */
import type { ParsedReq, Res } from '../../shared/contract'
import { LabError } from '../../shared/errors'
import type { CloudTrailService } from '../sandbox/cloudtrail/trail'
import { PRICE_AS_OF } from '../sandbox/catalog/instances'
import { computePeriodStatistics } from '../sandbox/cloudwatch'
import { worldEndpointFindings } from '../sandbox/cost/endpoint-findings'
import { monitoringOfEndpoint } from '../sandbox/monitor/world-view'
import type { World } from '../sandbox/world'

/** GetMetricData returns at most 100,800 datapoints per call (CloudWatch API Reference). */
export const MAX_METRIC_DATAPOINTS = 100_800

export type WorldReadChannel =
  | 'sandbox.listMetrics'
  | 'sandbox.getMetricData'
  | 'sandbox.describeAlarms'
  | 'sandbox.lookupEvents'
  | 'sandbox.notifications'
  | 'sandbox.getCostAndUsage'
  | 'sandbox.getCostForecast'
  | 'sandbox.describeBudgets'
  | 'sandbox.listCostAllocationTags'
  | 'sandbox.listServiceQuotas'
  | 'sandbox.describeScalingActivities'
  | 'sandbox.listTags'
  | 'sandbox.endpointFindings'
  | 'sandbox.monitoring'

export const WORLD_READ_CHANNELS: readonly WorldReadChannel[] = [
  'sandbox.listMetrics',
  'sandbox.getMetricData',
  'sandbox.describeAlarms',
  'sandbox.lookupEvents',
  'sandbox.notifications',
  'sandbox.getCostAndUsage',
  'sandbox.getCostForecast',
  'sandbox.describeBudgets',
  'sandbox.listCostAllocationTags',
  'sandbox.listServiceQuotas',
  'sandbox.describeScalingActivities',
  'sandbox.listTags',
  'sandbox.endpointFindings',
  'sandbox.monitoring'
]

type Reads = { [C in WorldReadChannel]: (world: World, req: ParsedReq<C>) => Res<C> }

export const WORLD_READS: Reads = {
  'sandbox.listMetrics': (world) => ({
    metrics: world.cloudwatch.metrics.list().map((m) => ({ Namespace: m.id.Namespace, MetricName: m.id.MetricName, Dimensions: m.id.Dimensions.map((d) => ({ ...d })), Unit: m.unit }))
  }),

  'sandbox.getMetricData': (world, q) => {
    const startTime = q.StartTime ?? world.startTime
    const endTime = q.EndTime ?? world.now
    if (endTime <= startTime) {
      throw new LabError('VALIDATION', 'EndTime must be after StartTime.', [{ path: 'EndTime', message: 'must be after StartTime' }])
    }
    if (!(q.Period >= 1) || (endTime - startTime) / (q.Period * 1000) > MAX_METRIC_DATAPOINTS) {
      const shortest = Math.ceil((endTime - startTime) / 1000 / MAX_METRIC_DATAPOINTS / 60) * 60
      throw new LabError('VALIDATION', `Period: this range needs a Period of at least ${shortest} s (at most ${MAX_METRIC_DATAPOINTS} datapoints per request).`, [
        { path: 'Period', message: `at least ${shortest} for this time range` }
      ])
    }
    const data = world.cloudwatch.metrics.get(q)
    if (!data) {
      throw new LabError('NOT_FOUND', `No metric ${q.Namespace} ${q.MetricName} with those dimensions in this world.`, [{ path: 'MetricName', message: 'no such metric; see sandbox.listMetrics' }])
    }
    const stats = computePeriodStatistics(data.series, { startTime, endTime, period: q.Period, stat: q.Stat })
    return {
      Label: `${q.MetricName} (${q.Stat}, ${q.Period} s)`,
      Unit: data.unit,
      Period: q.Period,
      Timestamps: Array.from(stats.timestamps),
      Values: Array.from(stats.values, (v) => (Number.isNaN(v) ? null : v)),
      SampleCounts: Array.from(stats.sampleCounts)
    }
  },

  'sandbox.describeAlarms': (world) => ({ alarms: world.cloudwatch.describe(world.now) }),

  'sandbox.lookupEvents': (world, { worldId: _w, ...req }) => {
    // The trail checks AttributeKey against the eight keys LookupEvents accepts and names a wrong one.
    const res = world.cloudtrail.lookupEvents(req as Parameters<CloudTrailService['lookupEvents']>[0], world.now)
    return {
      Events: res.Events.map((e) => ({ ...e, Resources: e.Resources.map((r) => ({ ...r })) })),
      ...(res.NextToken ? { NextToken: res.NextToken } : {})
    }
  },

  'sandbox.notifications': (world) => ({ notifications: world.notifications.list().map((n) => ({ ...n })) }),

  // ---- Billing: Cost Explorer, Budgets, cost allocation tags, Service Quotas, tags (issue #11). A
  // world's billing is bounded by its days (≤ 92), endpoints (≤ 40), budgets (≤ 20) and the catalog.
  'sandbox.getCostAndUsage': (world, { worldId: _w, ...req }) => world.billing.costAndUsage(req, world.now),
  'sandbox.getCostForecast': (world, { Filter }) => world.billing.forecast(Filter, world.now),
  'sandbox.describeBudgets': (world) => world.billing.describeBudgets(world.now),
  'sandbox.listCostAllocationTags': (world) => world.billing.costAllocationTags(),
  'sandbox.listServiceQuotas': (world) => ({ Quotas: world.quotas.list((type) => world.sagemaker.instancesInUse(type)), Requests: world.quotas.history().map((r) => ({ ...r })) }),
  // Application Auto Scaling's DescribeScalingActivities: newest first, at most MaxResults (default 50).
  'sandbox.describeScalingActivities': (world, { ResourceId, MaxResults }) => ({
    ScalingActivities: world.autoscaling
      .activities()
      .filter((a) => ResourceId === undefined || a.resourceId === ResourceId)
      .slice(-(MaxResults ?? 50))
      .reverse()
      .map((a) => ({
        ServiceNamespace: 'sagemaker' as const,
        ResourceId: a.resourceId,
        ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' as const,
        Description: `Setting desired instance count to ${a.toCount}.`,
        Cause: a.cause,
        StartTime: a.time,
        EndTime: a.StatusCode === 'Failed' ? a.time : a.readyAt,
        StatusCode: a.StatusCode,
        StatusMessage: a.StatusMessage,
        Details: a.details
      }))
  }),
  'sandbox.listTags': (world, { ResourceArn }) => ({ Tags: world.sagemaker.listTags(ResourceArn) }),
  // Compute Optimizer-style findings from the endpoint's last 14 days (issue #11 item 3): at most
  // 14 × 1,440 minutes of six metrics.
  'sandbox.endpointFindings': (world, { EndpointName, VariantName, latencyP99Ms }) => ({ ...worldEndpointFindings(world, { EndpointName, VariantName, latencyP99Ms }), priceAsOf: PRICE_AS_OF }),
  // Model Monitor for one monitored endpoint (issue #10 "Labs and views"): at most 20 schedules × 500 executions.
  'sandbox.monitoring': (world, { EndpointName }) => monitoringOfEndpoint(world, EndpointName)
}
