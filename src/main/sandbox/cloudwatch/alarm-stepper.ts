/**
 * The metric-alarm evaluator one period at a time, for alarms that live in a world: the same rules
 * as `evaluateAlarmSeries` (alarm-evaluator.ts, which cites the CloudWatch user guide), carried from
 * period to period in constant time and memory, so an alarm costs the same at its first evaluation
 * and its forty-thousandth. A test checks that stepping a series gives exactly the batch result.
 *
 * When the state changes, `transition()` words the reason from the last evaluation range the way
 * the batch evaluator's `formatReason` does, so a reason costs nothing between transitions.
 */
import {
  EvaluationRule,
  STATE_ALARM,
  STATE_INSUFFICIENT_DATA,
  STATE_OK,
  evaluationRangeSize,
  type AlarmEvaluation,
  type AlarmEvaluationConfig
} from './alarm-evaluator'
import { formatReason } from './alarm-reasons'
import { LazyText } from './lazy-text'
import type { ComparisonOperator } from './types'

const NOT_BREACHING = 0
const BREACHING = 1
const MISSING = 2

const OPERATORS: readonly ComparisonOperator[] = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold']

/** `isBreaching` with the operator as its index in OPERATORS. */
function breaches(value: number, threshold: number, operator: number): boolean {
  return operator === 0 ? value >= threshold : operator === 1 ? value > threshold : operator === 2 ? value < threshold : value <= threshold
}

export class AlarmStepper {
  readonly rangeSize: number
  private readonly N: number
  private readonly M: number
  private readonly fills: boolean
  private readonly fillBreaches: boolean
  private readonly ignore: boolean
  /** The threshold and the comparison (0 ≥, 1 >, 2 <, 3 ≤), read once: `push` runs every period. */
  private readonly threshold: number
  private readonly operator: number
  /** Breach flags and values of the last `rangeSize` periods, oldest at `head`. */
  private readonly flags: Uint8Array
  private readonly values: Float64Array
  private readonly starts: Float64Array
  private head = 0
  private filled = 0
  private inRangeReal = 0
  private inRangeBreaching = 0
  /** Breach flags of the last N real datapoints. */
  private readonly ring: Uint8Array
  private ringPos = 0
  private ringCount = 0
  private ringBreaching = 0
  state: number
  private lastRule: number = EvaluationRule.NotEvaluated
  /** The evaluation range as an AlarmEvaluation, kept for the stepper's life so its reason cache is too. */
  private readonly reasonView: { result: AlarmEvaluation; values: Float64Array; starts: Float64Array }

  constructor(
    readonly config: AlarmEvaluationConfig,
    initialState: number
  ) {
    this.N = config.EvaluationPeriods
    this.M = config.DatapointsToAlarm ?? this.N
    const treat = config.TreatMissingData ?? 'missing'
    this.fills = treat === 'breaching' || treat === 'notBreaching'
    this.fillBreaches = treat === 'breaching'
    this.ignore = treat === 'ignore'
    this.threshold = config.Threshold
    this.operator = OPERATORS.indexOf(config.ComparisonOperator)
    this.rangeSize = evaluationRangeSize(this.N)
    this.flags = new Uint8Array(this.rangeSize)
    this.values = new Float64Array(this.rangeSize)
    this.starts = new Float64Array(this.rangeSize)
    this.ring = new Uint8Array(this.N)
    this.state = initialState
    const R = this.rangeSize
    const values = new Float64Array(R)
    this.reasonView = {
      values,
      starts: new Float64Array(R),
      result: {
        period: config.Period,
        evaluationPeriods: this.N,
        datapointsToAlarm: this.M,
        threshold: config.Threshold,
        comparisonOperator: config.ComparisonOperator,
        treatMissingData: treat,
        rangeSize: R,
        initialState,
        startIndex: R - 1,
        values,
        states: new Uint8Array(R),
        rules: new Uint8Array(R),
        breaching: new Int32Array(R),
        existing: new Int32Array(R)
      }
    }
  }

  /** Adds a datapoint (NaN = missing) to the evaluation range without evaluating (look-back data). */
  prime(value: number, periodStart: number): void {
    this.push(value, periodStart)
  }

  /**
   * Adds the datapoint of the period that just ended and evaluates; returns the state (`rule` then
   * says which rule decided it). `hold` keeps the state (low-sample percentile with `ignore`). Nothing
   * is allocated: a world steps every alarm every period.
   */
  step(value: number, periodStart: number, hold = false): number {
    this.push(value, periodStart)
    const N = this.N
    const M = this.M
    let rule: number
    let state = this.state
    if (hold) {
      rule = EvaluationRule.Held
    } else if (this.inRangeReal >= N) {
      rule = this.inRangeReal === this.rangeSize ? EvaluationRule.AllPresent : EvaluationRule.MostRecentReal
      state = this.ringBreaching >= M ? STATE_ALARM : STATE_OK
    } else if (this.fills) {
      rule = EvaluationRule.Filled
      const total = this.inRangeBreaching + (this.fillBreaches ? N - this.inRangeReal : 0)
      state = total >= M ? STATE_ALARM : STATE_OK
    } else {
      const real = this.inRangeReal
      const breaching = this.inRangeBreaching
      if (real === 0) rule = this.ignore ? EvaluationRule.Retained : EvaluationRule.AllMissing
      else if (breaching >= M || breaching < real) rule = EvaluationRule.RealPointsDecide
      else if (this.ignore) rule = EvaluationRule.Retained
      // Every real datapoint breaches but fewer than M: ALARM once the oldest is M periods old
      // ("Avoiding premature transitions to alarm state"; see alarm-evaluator.ts).
      else rule = this.oldestRealAge() >= M ? EvaluationRule.OldestBreaching : EvaluationRule.Undecided
      if (rule === EvaluationRule.RealPointsDecide) state = breaching >= M ? STATE_ALARM : STATE_OK
      else if (rule === EvaluationRule.OldestBreaching) state = STATE_ALARM
      else if (rule === EvaluationRule.AllMissing || rule === EvaluationRule.Undecided) state = STATE_INSUFFICIENT_DATA
    }
    this.state = state
    this.lastRule = rule
    return state
  }

  /** The rule (EvaluationRule) that decided the last `step`. */
  get rule(): number {
    return this.lastRule
  }

  /**
   * The StateReason for the state the last `step` reached, as CloudWatch writes it. The stepper's
   * own range is laid out as an `AlarmEvaluation` of its last `rangeSize` periods (the range is all
   * any rule looks at), so `formatReason` words it exactly as for a batch evaluation.
   */
  transition(held: boolean): string {
    const view = this.reasonView
    this.layOut(view.values, view.starts)
    return this.word(held ? EvaluationRule.Held : this.lastRule, this.state, this.inRangeReal >= this.N ? this.ringBreaching : this.inRangeBreaching, this.inRangeReal)
  }

  /**
   * The same text as `transition(held)` now, worded when it is first read: the range's values and
   * period starts are copied (the stepper moves on), the numbers and times are formatted later.
   */
  lazyTransition(held: boolean): LazyText {
    // Plain arrays: a Float64Array of this size gets a buffer outside the heap, which costs more
    // than the copy.
    const values: number[] = []
    const starts: number[] = []
    this.layOut(values, starts)
    const rule = held ? EvaluationRule.Held : this.lastRule
    const state = this.state
    const breaching = this.inRangeReal >= this.N ? this.ringBreaching : this.inRangeBreaching
    const existing = this.inRangeReal
    return new LazyText(() => {
      const view = this.reasonView
      view.values.set(values)
      view.starts.set(starts)
      return this.word(rule, state, breaching, existing)
    })
  }

  /** The range's datapoints oldest first, ending at slot R − 1 (NaN and 0 before the first one). */
  private layOut(values: Float64Array | number[], starts: Float64Array | number[]): void {
    const n = this.filled
    const R = this.rangeSize
    // Until the range is full the datapoints sit at slots 0…n−1; after that the oldest is at `head`.
    const first = n === R ? this.head : 0
    const offset = R - n
    for (let k = 0; k < R; k++) {
      if (k < offset) {
        values[k] = NaN
        starts[k] = 0
      } else {
        const j = (first + k - offset) % R
        values[k] = this.values[j]
        starts[k] = this.starts[j]
      }
    }
  }

  /** Words the reason of the range laid out in `reasonView` for the newest period's outcome. */
  private word(rule: number, state: number, breaching: number, existing: number): string {
    const R = this.rangeSize
    const view = this.reasonView
    view.result.states[R - 1] = state
    view.result.rules[R - 1] = rule
    view.result.breaching[R - 1] = breaching
    view.result.existing[R - 1] = existing
    return formatReason(view.result, R - 1, { periodStarts: view.starts })
  }

  /** Age in periods of the oldest real datapoint in the range (the newest slot is 1 old); 0 when none. */
  private oldestRealAge(): number {
    const n = this.filled
    const R = this.rangeSize
    const first = n === R ? this.head : 0
    for (let k = 0; k < n; k++) {
      if (this.flags[(first + k) % R] !== MISSING) return n - k
    }
    return 0
  }

  /** The newest datapoint (NaN when missing). */
  get latest(): number {
    if (this.filled === 0) return NaN
    return this.filled < this.rangeSize ? this.values[this.filled - 1] : this.values[(this.head + this.rangeSize - 1) % this.rangeSize]
  }

  private push(value: number, periodStart: number): void {
    const R = this.rangeSize
    const f = value !== value ? MISSING : breaches(value, this.threshold, this.operator) ? BREACHING : NOT_BREACHING
    let slot: number
    if (this.filled === R) {
      // The range is full: its oldest datapoint, at `head`, leaves as the new one comes in.
      const g = this.flags[this.head]
      if (g !== MISSING) {
        this.inRangeReal--
        this.inRangeBreaching -= g
      }
      slot = this.head
      this.head = this.head + 1 === R ? 0 : this.head + 1
    } else {
      slot = this.filled
      this.filled++
    }
    this.flags[slot] = f
    this.values[slot] = value
    this.starts[slot] = periodStart
    if (f !== MISSING) {
      this.inRangeReal++
      this.inRangeBreaching += f
      if (this.ringCount === this.N) this.ringBreaching -= this.ring[this.ringPos]
      else this.ringCount++
      this.ring[this.ringPos] = f
      this.ringBreaching += f
      this.ringPos = this.ringPos + 1 === this.N ? 0 : this.ringPos + 1
    }
  }
}
