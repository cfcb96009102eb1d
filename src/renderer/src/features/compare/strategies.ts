/**
 * The strategies a learner can put side by side, as the DeploymentConfig each stands for (SageMaker
 * developer guide, "Deployment guardrails": blue/green with all-at-once, canary or linear traffic
 * shifting, and rolling deployments; all roll back automatically on the alarms they name), and the
 * two alarms every guarded strategy watches on the new fleet. The numbers are the learner's
 * (`CompareSettings`); nothing here is a result.
 */
import type { Req } from '@shared/contract'

type CompareRequest = Extract<Req<'jobs.start'>, { kind: 'deploy.compare' }>['request']
export type CompareConfiguration = CompareRequest['configurations'][number]

export interface CompareSettings {
  InstanceType: string
  InstanceCount: number
  requestsPerSecond: number
  releases: number
  /** Share of releases that are defective, in percent. */
  defectPercent: number
  /** The baking period of every guarded strategy (WaitIntervalInSeconds). */
  bakeSeconds: number
  seed: number
}

export const DEFAULT_SETTINGS: CompareSettings = {
  InstanceType: 'ml.m5.xlarge',
  InstanceCount: 4,
  requestsPerSecond: 50,
  releases: 2000,
  defectPercent: 20,
  bakeSeconds: 600,
  seed: 1
}

/** The new fleet's 5XX rate and p99 latency (CloudWatch's Invocation5XXErrors Average is the error share). */
export const ALARMS = [
  { AlarmName: 'new-fleet-5xx-rate', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Average', Period: 60, EvaluationPeriods: 2, Threshold: 0.01, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' },
  { AlarmName: 'new-fleet-p99', Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', ExtendedStatistic: 'p99', Period: 60, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 50_000, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }
] as const

const ROLLBACK = { AutoRollbackConfiguration: { Alarms: ALARMS.map((a) => ({ AlarmName: a.AlarmName })) } }

export interface StrategyOption {
  id: string
  label: string
  /** What it is, in a line the learner reads before choosing it. */
  summary: string
  build(s: CompareSettings): CompareConfiguration
}

export const STRATEGIES: readonly StrategyOption[] = [
  {
    id: 'in-place',
    label: 'All at once, in place',
    summary: 'UpdateEndpoint without guardrails: every instance switches at once; recovery is a second deployment.',
    build: () => ({ name: 'All at once, in place', strategy: 'IN_PLACE', alarms: [...ALARMS] })
  },
  {
    id: 'blue-green',
    label: 'Blue/green, all at once',
    summary: 'A full green fleet, all traffic shifted in one step, baked, then blue terminated; rolls back on the alarms.',
    build: (s) => ({
      name: 'Blue/green, all at once',
      strategy: 'BLUE_GREEN',
      alarms: [...ALARMS],
      DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: s.bakeSeconds }, TerminationWaitInSeconds: s.bakeSeconds }, ...ROLLBACK }
    })
  },
  {
    id: 'canary',
    label: 'Canary 25 %',
    summary: 'A quarter of the capacity takes traffic first and bakes; then the rest shifts and bakes again.',
    build: (s) => ({
      name: 'Canary 25 %',
      strategy: 'BLUE_GREEN',
      alarms: [...ALARMS],
      DeploymentConfig: {
        BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 25 }, WaitIntervalInSeconds: s.bakeSeconds }, TerminationWaitInSeconds: s.bakeSeconds },
        ...ROLLBACK
      }
    })
  },
  {
    id: 'linear',
    label: 'Linear, 25 % steps',
    summary: 'Traffic shifts in four equal steps, each baked before the next.',
    build: (s) => ({
      name: 'Linear, 25 % steps',
      strategy: 'BLUE_GREEN',
      alarms: [...ALARMS],
      DeploymentConfig: {
        BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'LINEAR', LinearStepSize: { Type: 'CAPACITY_PERCENT', Value: 25 }, WaitIntervalInSeconds: s.bakeSeconds }, TerminationWaitInSeconds: s.bakeSeconds },
        ...ROLLBACK
      }
    })
  },
  {
    id: 'rolling',
    label: 'Rolling, one instance at a time',
    summary: 'The old fleet is replaced in batches of one instance, each baked; no second full fleet.',
    build: (s) => ({
      name: 'Rolling, one instance at a time',
      strategy: 'ROLLING',
      alarms: [...ALARMS],
      DeploymentConfig: { RollingUpdatePolicy: { MaximumBatchSize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: s.bakeSeconds }, ...ROLLBACK }
    })
  }
]

export const MAX_STRATEGIES = 4

/** The job request for the chosen strategies. Defects as the bench draws them: error rate log-uniform 0.2–30 %, latency ×1–3, quality drop up to 10 %. */
export function compareRequest(settings: CompareSettings, chosen: readonly string[]): CompareRequest {
  return {
    seed: settings.seed,
    releases: settings.releases,
    endpoint: { InstanceType: settings.InstanceType, InstanceCount: settings.InstanceCount },
    traffic: { requestsPerSecond: settings.requestsPerSecond },
    operatorResponseSeconds: 900,
    defects: {
      probability: settings.defectPercent / 100,
      errorRate: { min: 0.002, max: 0.3, distribution: 'logUniform' },
      latencyMultiplier: { min: 1, max: 3 },
      qualityDrop: { min: 0, max: 0.1 }
    },
    configurations: STRATEGIES.filter((s) => chosen.includes(s.id)).map((s) => s.build(settings))
  }
}
