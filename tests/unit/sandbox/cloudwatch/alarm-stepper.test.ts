import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateAlarmSeries, formatReason, type AlarmEvaluationConfig } from '../../../../src/main/sandbox/cloudwatch'
import { AlarmStepper } from '../../../../src/main/sandbox/cloudwatch/alarm-stepper'

const treatments = ['missing', 'notBreaching', 'breaching', 'ignore'] as const
const operators = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'] as const

const config: fc.Arbitrary<AlarmEvaluationConfig> = fc
  .record({ N: fc.integer({ min: 1, max: 8 }), m: fc.integer({ min: 1, max: 8 }), treat: fc.constantFrom(...treatments), op: fc.constantFrom(...operators) })
  .map(({ N, m, treat, op }) => ({ Period: 60, EvaluationPeriods: N, DatapointsToAlarm: Math.min(m, N), Threshold: 5, ComparisonOperator: op, TreatMissingData: treat }))

// Values around the threshold, with gaps (NaN = no datapoint).
const series = fc.array(fc.oneof(fc.constant(NaN), fc.integer({ min: 0, max: 10 })), { minLength: 1, maxLength: 80 })

describe('alarm stepper', () => {
  it('steps to exactly the states and rules of the batch evaluator, look-back included', () => {
    fc.assert(
      fc.property(config, series, fc.integer({ min: 0, max: 12 }), fc.constantFrom(0, 1, 2), (cfg, values, lookBack, initial) => {
        const start = Math.min(lookBack, values.length - 1)
        const names = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const
        const batch = evaluateAlarmSeries(cfg, values, { initialState: names[initial], startIndex: start })
        const stepper = new AlarmStepper(cfg, initial)
        for (let i = 0; i < start; i++) stepper.prime(values[i], i)
        for (let i = start; i < values.length; i++) {
          const before = stepper.state
          const state = stepper.step(values[i], i)
          expect(state).toBe(batch.states[i])
          expect(stepper.rule).toBe(batch.rules[i])
          if (state !== before) expect(stepper.transition(false)).toBe(formatReason(batch, i, { periodStarts: Float64Array.from(values, (_, k) => k) }))
        }
      }),
      { numRuns: 400 }
    )
  })
})
