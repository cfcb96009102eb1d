/**
 * Host answers for the store tests, shaped as the contract says. Each factory gives the smallest
 * answer a test needs and takes overrides, so a test names the values it asserts on.
 */
import type { Res } from '@shared/contract'
import type { LabProgressView, LabView, StepRun } from '@shared/contract/labs'

type World = Res<'sandbox.getWorld'>

export function world(id: string, overrides: Partial<World> = {}): World {
  const start = Date.UTC(2026, 0, 5) // Monday 5 January 2026, 00:00 UTC
  return {
    id,
    name: `World ${id}`,
    seed: `seed-${id}`,
    startTime: start,
    now: start,
    nowIso: new Date(start).toISOString(),
    actions: [],
    endpoints: [],
    alarms: [],
    rules: [],
    trails: [],
    totalCostUsd: 0,
    notifications: 0,
    billing: { month: '2026-01', monthToDateUsd: 0, forecastUsd: null, budgets: [], endpointTags: [], activeCostAllocationTags: [] },
    monitor: { endpoints: [], baseliningJobs: [], pipelineExecutions: [], modelPackages: [], schedules: [] },
    ...overrides
  }
}

export function endpoint(name: string, status: 'InService' | 'Deleted'): World['endpoints'][number] {
  return {
    EndpointName: name,
    EndpointStatus: status,
    createdAt: Date.UTC(2026, 0, 5),
    traffic: { pattern: 'steady', baseRpm: 600 },
    costUsd: 0,
    requests: 0,
    errors5xx: 0,
    variants: [
      { VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', ModelName: 'churn-xgb', pricePerHour: 0.23, weightShare: 1, CurrentInstanceCount: 1, DesiredInstanceCount: 1, scalingPolicies: [], scalingActivities: 0 }
    ],
    deployment: null
  }
}

export function catalog(): Res<'sandbox.catalog'> {
  return {
    instanceTypes: [
      {
        name: 'ml.m5.xlarge',
        family: 'm5',
        category: 'General purpose',
        vcpu: 4,
        memoryGiB: 16,
        accelerator: null,
        pricePerHour: 0.23,
        priceAsOf: '2026-01-01',
        priceSource: 'illustrative'
      }
    ],
    modelPresets: [{ id: 'churn-xgb', label: 'Churn (XGBoost)', description: 'A small tabular model.' }],
    trafficPatterns: ['steady', 'weekly'],
    incidentKinds: ['latencyRegression'],
    simplifications: ['One Region, one account.'],
    limits: { maxAdvanceMinutes: 44_640, maxWorldMinutes: 132_480 },
    accountId: '111122223333',
    region: 'us-east-1'
  }
}

/** A derived-data answer tagged with its world, so a test can tell whose answer landed. */
export const metricsOf = (worldId: string): Res<'sandbox.listMetrics'> => ({
  metrics: [{ Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Dimensions: [{ Name: 'EndpointName', Value: `${worldId}-endpoint` }], Unit: 'Microseconds' }]
})
export const alarmsOf = (worldId: string): Res<'sandbox.describeAlarms'> => ({
  alarms: [{ AlarmName: `${worldId}-latency-p99`, type: 'metric', StateValue: 'OK', StateReason: 'Threshold not crossed', StateUpdatedTimestamp: Date.UTC(2026, 0, 5), ManagedBy: null, definition: {}, segments: [], history: [], historyDropped: 0 }]
})
export const notificationsOf = (worldId: string): Res<'sandbox.notifications'> => ({
  notifications: [{ at: Date.UTC(2026, 0, 5, 1), via: 'sns', target: `arn:aws:sns:us-east-1:111122223333:${worldId}`, kind: 'alarm', subject: 'ALARM', detail: '' }]
})

/** A two-step lab modelled on resources/labs/latency-alarm-p99.yaml (one select and one number input per step). */
export function lab(id = 'latency-alarm-p99'): LabView {
  const step = (stepId: string) => ({
    id: stepId,
    title: `Step ${stepId}`,
    kind: 'alarm' as const,
    examItems: ['4.2.S6'],
    instructions: 'Choose the statistic.',
    inputs: [
      { id: 'ExtendedStatistic', field: 'ExtendedStatistic' as const, type: 'select' as const, label: 'Statistic', options: ['Average', 'p99'], default: 'Average' },
      { id: 'Threshold', field: 'Threshold' as const, type: 'number' as const, label: 'Threshold', min: 0, unit: 'microseconds', default: 250000 }
    ],
    fixed: {},
    hintCount: 2,
    criteria: [{ check: 'detectsIncident', text: 'Your alarm pages for the model v8 latency regression within 5 minutes of its start.' }]
  })
  return {
    id,
    title: 'Latency alarms that page for the right reasons',
    summary: 'Build a latency alarm.',
    estimatedMinutes: 25,
    taskStatement: '4.2',
    examItems: ['4.2.S6'],
    stepCount: 2,
    questionCount: 1,
    defaultSeed: 20260105,
    order: 1,
    scoring: { solved: 1, solvedWithHints: 0.7, solutionShown: 0.3, stepsWeight: 70, questionsWeight: 30, text: 'Checks are free; a step scores at its first pass.' },
    steps: [step('pick-statistic'), step('m-of-n')],
    questions: [{ id: 'q1', examItems: ['4.2.K1'], prompt: 'Which statistic?', choices: ['Average', 'p99'], multiple: false }]
  }
}

export function progress(overrides: Partial<LabProgressView> = {}): LabProgressView {
  return {
    status: 'not_started',
    seed: 20260105,
    currentStep: 0,
    state: { steps: {}, answers: {}, questionsSubmitted: false },
    hints: {},
    solutions: {},
    explanations: {},
    score: { score: 0, status: 'not_started', steps: [], questions: { correct: 0, total: 1, percent: 0, results: [] } },
    ...overrides
  }
}

/** A run tagged with its lab, step and inputs (the store tests never read a kind's result: an empty lookup stands in). */
export function stepRun(labId: string, stepId: string, inputs: Record<string, string | number>): StepRun {
  return {
    labId,
    stepId,
    kind: 'cloudtrail',
    seed: 20260105,
    startTime: Date.UTC(2026, 0, 5),
    endTime: Date.UTC(2026, 0, 12),
    incidents: [],
    inputs,
    facts: {},
    result: { audit: { service: 'CloudTrail', lookup: null, events: [], cloudWatchView: [], allEvents: [], username: null } }
  }
}
