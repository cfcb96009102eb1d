/**
 * The world as the console's header and lists show it, assembled from each service's own part.
 */
import type { PolicySummary } from '../autoscaling/service'
import type { BillingSummary } from '../billing/service'
import type { TrailSummary } from '../cloudtrail/service'
import type { AlarmSummary } from '../cloudwatch/service'
import type { RuleSummary } from '../eventbridge/service'
import type { MonitorSummary } from '../monitor/service'
import type { EndpointSummary } from '../sagemaker/service'
import type { World } from './world'

export interface WorldParts {
  seed: string
  startTime: number
  now: number
  nowIso: string
  actions: { index: number; type: string; at: number; summary: string }[]
  endpoints: (Omit<EndpointSummary, 'variants'> & { variants: (EndpointSummary['variants'][number] & { scalingPolicies: PolicySummary[]; scalingActivities: number })[] })[]
  alarms: AlarmSummary[]
  rules: RuleSummary[]
  trails: TrailSummary[]
  totalCostUsd: number
  notifications: number
  billing: BillingSummary
  monitor: MonitorSummary
}

export function worldParts(world: World): WorldParts {
  const policies = world.autoscaling.policySummaries()
  const activities = world.autoscaling.activities()
  return {
    seed: world.seed,
    startTime: world.startTime,
    now: world.now,
    nowIso: world.nowIso,
    actions: world.actions.map((a) => ({ index: a.index, type: a.action.type, at: a.at, summary: world.describe(a.action) })),
    endpoints: world.sagemaker.summaries().map((e) => ({
      ...e,
      variants: e.variants.map((v) => {
        const resourceId = `endpoint/${e.EndpointName}/variant/${v.VariantName}`
        return {
          ...v,
          scalingPolicies: policies.filter((p) => p.ResourceId === resourceId),
          scalingActivities: activities.filter((a) => a.resourceId === resourceId).length
        }
      })
    })),
    alarms: world.cloudwatch.summaries(),
    rules: world.events.rules(),
    trails: world.cloudtrail.trailSummaries(),
    totalCostUsd: world.sagemaker.totalCostUsd(),
    notifications: world.notifications.total,
    billing: world.billing.summary(world.now),
    monitor: world.monitor.summary()
  }
}
