/**
 * Invariants of the deployment strategies, over random scenarios (fast-check).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { simulateDeployment, type SimulateRequest } from '../../../../src/main/sandbox/deploy/simulate'

const STARTUP = 5

const errorAlarm = (threshold: number, periods: number): Record<string, unknown> => ({
  AlarmName: 'new-5xx',
  Namespace: 'AWS/SageMaker',
  MetricName: 'Invocation5XXErrors',
  Statistic: 'Average',
  Period: 60,
  EvaluationPeriods: periods,
  Threshold: threshold,
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching'
})
const rollback = { AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-5xx' }] } }

/**
 * "Working" means the alarm can fire within a baking period: its threshold is half the version's
 * error rate, and the baking period is longer than EvaluationPeriods × Period by a minute. (With a
 * shorter baking period the deployment completes before the alarm fires: a real misconfiguration the
 * compare view shows, not an exception to the invariant.)
 */
const scenario = fc
  .record({
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    instances: fc.integer({ min: 4, max: 10 }),
    rps: fc.integer({ min: 20, max: 200 }),
    errorRate: fc.double({ min: 0.1, max: 1, noNaN: true }),
    periods: fc.integer({ min: 1, max: 3 }),
    extraWait: fc.integer({ min: 60, max: 1800 })
  })
  .map((s) => ({ ...s, waitSeconds: s.periods * 60 + s.extraWait }))

describe('a defective release with a working auto-rollback alarm', () => {
  it('a canary never exposes more failed requests than blue/green all at once, which never exposes more than an in-place update', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const alarms = [errorAlarm(s.errorRate / 2, s.periods)]
        const common = { seed: s.seed, endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: s.instances }, traffic: { requestsPerSecond: s.rps }, newVersion: { errorRate: s.errorRate }, alarms }
        const canary = simulateDeployment({
          ...common,
          strategy: 'BLUE_GREEN',
          DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: s.waitSeconds } }, ...rollback }
        } as SimulateRequest)
        const allAtOnce = simulateDeployment({ ...common, strategy: 'BLUE_GREEN', DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: s.waitSeconds } }, ...rollback } } as SimulateRequest)
        const inPlace = simulateDeployment({ ...common, strategy: 'IN_PLACE' } as SimulateRequest)
        expect(canary.summary.outcome).toBe('ROLLED_BACK')
        expect(allAtOnce.summary.outcome).toBe('ROLLED_BACK')
        expect(canary.summary.requestsFailed).toBeLessThanOrEqual(allAtOnce.summary.requestsFailed)
        expect(allAtOnce.summary.requestsFailed).toBeLessThanOrEqual(inPlace.summary.requestsFailed)
      }),
      { numRuns: 25 }
    )
  })
})

const capacity = (type: 'INSTANCE_COUNT' | 'CAPACITY_PERCENT', value: number): { Type: string; Value: number } => ({ Type: type, Value: value })

/** A random valid DeploymentConfig for N instances, with the strategy it belongs to. */
const deployment = (N: number) =>
  fc.oneof(
    fc.record({ wait: fc.integer({ min: 0, max: 3600 }), term: fc.integer({ min: 0, max: 3600 }) }).map(({ wait, term }) => ({
      strategy: 'BLUE_GREEN',
      config: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: wait }, TerminationWaitInSeconds: term } }
    })),
    fc.record({ wait: fc.integer({ min: 0, max: 3600 }), term: fc.integer({ min: 0, max: 3600 }), pct: fc.integer({ min: 1, max: 50 }) }).map(({ wait, term, pct }) => ({
      strategy: 'BLUE_GREEN',
      config: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: capacity('CAPACITY_PERCENT', pct), WaitIntervalInSeconds: wait }, TerminationWaitInSeconds: term } }
    })),
    fc.record({ wait: fc.integer({ min: 0, max: 1800 }), term: fc.integer({ min: 0, max: 3600 }), pct: fc.integer({ min: 10, max: 50 }) }).map(({ wait, term, pct }) => ({
      strategy: 'BLUE_GREEN',
      config: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'LINEAR', LinearStepSize: capacity('CAPACITY_PERCENT', pct), WaitIntervalInSeconds: wait }, TerminationWaitInSeconds: term } }
    })),
    fc.record({ wait: fc.integer({ min: 0, max: 1800 }), batch: fc.integer({ min: 1, max: Math.floor(N / 2) }) }).map(({ wait, batch }) => ({
      strategy: 'ROLLING',
      config: { RollingUpdatePolicy: { MaximumBatchSize: capacity('INSTANCE_COUNT', batch), WaitIntervalInSeconds: wait } }
    }))
  )

/**
 * Expected minutes to completion and to the end of the deployment (old fleet gone), from the
 * developer guide's descriptions: provision (5 min), then per traffic step a baking period; the
 * termination wait after the last; rolling repeats provision + bake per batch. Percent sizes are whole
 * instances, rounded down, at least one.
 */
function expectedMinutes(strategy: string, config: Record<string, any>, N: number): { complete: number; end: number } {
  const up = (s: number): number => Math.ceil(s / 60)
  const inst = (c: { Type: string; Value: number }): number => (c.Type === 'INSTANCE_COUNT' ? c.Value : Math.max(1, Math.floor((N * c.Value) / 100)))
  if (strategy === 'ROLLING') {
    const r = config.RollingUpdatePolicy
    const t = Math.ceil(N / inst(r.MaximumBatchSize)) * (STARTUP + up(r.WaitIntervalInSeconds))
    return { complete: t, end: t }
  }
  const bg = config.BlueGreenUpdatePolicy
  const tr = bg.TrafficRoutingConfiguration
  const steps = tr.Type === 'ALL_AT_ONCE' ? 1 : tr.Type === 'CANARY' ? 2 : Math.ceil(N / inst(tr.LinearStepSize))
  const complete = STARTUP + steps * up(tr.WaitIntervalInSeconds)
  return { complete, end: complete + up(bg.TerminationWaitInSeconds) }
}

describe('strategies without a defect', () => {
  it('a healthy release always completes, in the time its configuration says, unless MaximumExecutionTimeoutInSeconds (default 28800 s) runs out first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }).chain((N) => fc.tuple(fc.constant(N), deployment(N), fc.integer({ min: 0, max: 10_000 }))),
        ([N, d, seed]) => {
          const r = simulateDeployment({
            seed,
            endpoint: { InstanceType: 'ml.c5.xlarge', InstanceCount: N },
            traffic: { requestsPerSecond: 30 },
            newVersion: { errorRate: 0 },
            strategy: d.strategy,
            DeploymentConfig: { ...d.config, ...rollback },
            alarms: [errorAlarm(0, 1)],
            horizonSeconds: 86_400
          } as SimulateRequest)
          const want = expectedMinutes(d.strategy, d.config, N)
          if (want.complete <= 480) {
            expect(r.summary.outcome).toBe('COMPLETED')
            expect(r.summary.durationSeconds).toBe(want.end * 60)
          } else {
            expect(r.summary).toMatchObject({ outcome: 'ROLLED_BACK', rollbackCause: 'timeout' })
          }
          expect(r.summary.requestsFailed).toBe(0)
        }
      ),
      { numRuns: 40 }
    )
  })

  it('blue/green never costs less than an in-place update, whatever the defect', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 8 }).chain((N) => fc.tuple(fc.constant(N), deployment(N).filter((d) => d.strategy === 'BLUE_GREEN'), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 10_000 }))),
        ([N, d, errorRate, seed]) => {
          const common = { seed, endpoint: { InstanceType: 'ml.m5.large', InstanceCount: N }, traffic: { requestsPerSecond: 10 }, newVersion: { errorRate }, alarms: [errorAlarm(0.01, 2)], operatorResponseSeconds: 600 }
          const bg = simulateDeployment({ ...common, strategy: 'BLUE_GREEN', DeploymentConfig: { ...d.config, ...rollback } } as SimulateRequest)
          const inPlace = simulateDeployment({ ...common, strategy: 'IN_PLACE' } as SimulateRequest)
          expect(bg.summary.costUSD).toBeGreaterThanOrEqual(inPlace.summary.costUSD)
          expect(inPlace.summary.costUSD).toBeCloseTo(inPlace.summary.baselineCostUSD, 12)
        }
      ),
      { numRuns: 40 }
    )
  })
})
