/**
 * Threshold sweeps: one series, one M of N, many thresholds — the states `evaluateAlarmSeries`
 * (alarm-evaluator.ts) gives for each threshold, found without re-running the evaluator per
 * threshold. The alarm labs chart a learner's threshold against its neighbours with it.
 */
import { invalidField } from '../../../shared/errors'
import type { ComparisonOperator, TreatMissingData } from './types'
import { lowerBound, upperBound } from '../core/select'
import { STATE_ALARM, STATE_OK, checkConfig, decideFromRealPoints, evaluateAlarmSeries, evaluationRangeSize, isBreaching, stateAfterRealPoints, stateCode, type AlarmEvaluationConfig, type EvaluateOptions } from './alarm-evaluator'

/** Largest EvaluationPeriods the sweep's order-statistic path handles; beyond it each threshold is evaluated on its own. */
const SWEEP_MAX_N = 16

/**
 * The states `evaluateAlarmSeries(config with Threshold = t, datapoints, options).states` gives, for
 * every t of `thresholds`, without re-running the whole evaluator per threshold. Where the range
 * holds at least N real datapoints (steps 1 and 2: almost every period of a week), the alarm is in
 * ALARM exactly when at least M of the last N real datapoints breach, i.e. when their M-th most
 * breaching value (the M-th largest for Greater… operators, the M-th smallest for Less…) breaches:
 * that value is found once per period and placed among the sorted thresholds. The few periods with fewer
 * real datapoints (gaps) go through step 3 per threshold, as `evaluateAlarmSeries` does. The
 * property test checks the two agree state for state.
 */
export function evaluateThresholdSweep(
  config: Omit<AlarmEvaluationConfig, 'Threshold'>,
  datapoints: Float64Array | ReadonlyArray<number | null>,
  thresholds: readonly number[],
  options: Pick<EvaluateOptions, 'startIndex' | 'initialState'> = {}
): Uint8Array[] {
  const N = config.EvaluationPeriods
  const M = config.DatapointsToAlarm ?? N
  const treat = config.TreatMissingData ?? 'missing'
  const op = config.ComparisonOperator
  for (const t of thresholds) checkConfig({ ...config, Threshold: t }, M, treat)
  if (N > SWEEP_MAX_N || thresholds.length < 2) {
    return thresholds.map((t) => evaluateAlarmSeries({ ...config, Threshold: t }, datapoints, { ...options, statesOnly: true }).states)
  }
  const startIndex = options.startIndex ?? 0
  if (!Number.isInteger(startIndex) || startIndex < 0) throw invalidField('startIndex', 'must be a whole number ≥ 0')
  const initialState = stateCode(options.initialState ?? 'INSUFFICIENT_DATA')
  const n = datapoints.length
  const R = evaluationRangeSize(N)
  const greater = op === 'GreaterThanOrEqualToThreshold' || op === 'GreaterThanThreshold'
  const values = new Float64Array(n)
  for (let i = 0; i < n; i++) values[i] = datapoints[i] ?? NaN

  // Per period, threshold-independent: the M-th most breaching of the last N real values (NaN when
  // the range holds fewer than N real datapoints), and for those periods the oldest real one's age.
  const key = new Float64Array(n).fill(NaN)
  const oldestAge = new Int32Array(n)
  const ring = new Float64Array(N)
  const sorted = new Float64Array(N)
  const realIndices = new Int32Array(n)
  let realHead = 0
  let realTail = 0
  let ringPos = 0
  let inRangeReal = 0
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (v === v) {
      realIndices[realTail++] = i
      inRangeReal++
      ring[ringPos] = v
      ringPos = ringPos + 1 === N ? 0 : ringPos + 1
    }
    if (i >= R && values[i - R] === values[i - R]) inRangeReal--
    if (inRangeReal >= N) {
      // Insertion sort of N ≤ 16 values, most breaching first.
      for (let a = 0; a < N; a++) {
        const x = ring[a]
        let b = a - 1
        while (b >= 0 && (greater ? sorted[b] < x : sorted[b] > x)) {
          sorted[b + 1] = sorted[b]
          b--
        }
        sorted[b + 1] = x
      }
      key[i] = sorted[M - 1]
    } else {
      while (realHead < realTail && realIndices[realHead] < i - R + 1) realHead++
      oldestAge[i] = realHead < realTail ? i - realIndices[realHead] + 1 : 0
    }
  }

  // The thresholds a deciding value breaches are the lowest ones (Greater…: t < k, or t ≤ k) or the
  // highest ones (Less…: t > k, or t ≥ k). So each period's value is placed among the sorted
  // thresholds once, by binary search, and a threshold's state there is whether its rank lies on the
  // breaching side: the same comparisons `isBreaching` makes, made once per period, not per threshold.
  const T = thresholds.length
  const order = Array.from({ length: T }, (_, k) => k).sort((a, b) => (thresholds[a] < thresholds[b] ? -1 : thresholds[a] > thresholds[b] ? 1 : 0))
  const sortedThresholds = new Float64Array(T)
  const rankOf = new Int32Array(T)
  order.forEach((k, r) => {
    sortedThresholds[r] = thresholds[k]
    rankOf[k] = r
  })
  const orEqual = op === 'GreaterThanOrEqualToThreshold' || op === 'LessThanOrEqualToThreshold'
  // The number of sorted thresholds below k (Greater… with >, and Less… with ≥: t < k), or at or
  // below it; −1 where the period has no deciding value (step 3 below).
  const bound = new Int32Array(n).fill(-1)
  const below = greater !== orEqual ? lowerBound : upperBound
  for (let i = startIndex; i < n; i++) {
    const k = key[i]
    if (k === k) bound[i] = below(sortedThresholds, k)
  }

  const ignore = treat === 'ignore'
  const fillBreaches = treat === 'breaching'
  const fills = fillBreaches || treat === 'notBreaching'
  return thresholds.map((threshold, t) => {
    const states = new Uint8Array(n)
    const rank = rankOf[t]
    let state = initialState
    for (let i = 0; i < n; i++) {
      if (i >= startIndex) {
        const b = bound[i]
        if (b >= 0) {
          // Greater…: breached by the `b` lowest thresholds; Less…: by all from `b` up.
          state = (greater ? rank < b : rank >= b) ? STATE_ALARM : STATE_OK
        } else {
          // Step 3 (fewer than N real datapoints in the range), exactly as in evaluateAlarmSeries.
          let real = 0
          let breaching = 0
          for (let j = Math.max(0, i - R + 1); j <= i; j++) {
            const v = values[j]
            if (v !== v) continue
            real++
            if (isBreaching(v, threshold, op)) breaching++
          }
          if (fills) {
            state = breaching + (fillBreaches ? N - real : 0) >= M ? STATE_ALARM : STATE_OK
          } else {
            state = stateAfterRealPoints(decideFromRealPoints(real, breaching, M, oldestAge[i], ignore), breaching, M, state)
          }
        }
      }
      states[i] = state
    }
    return states
  })
}
