/**
 * The stateless metric-alarm evaluator: given one datapoint per period (oldest first), it returns the
 * alarm state after each period and enough per-period detail to explain that state the way
 * CloudWatch's StateReason does.
 *
 * Source for every rule below, unless a comment says otherwise: CloudWatch user guide, "Configuring
 * how CloudWatch alarms treat missing data" / "How alarm state is evaluated when data is missing"
 * (awsdocs/amazon-cloudwatch-user-guide, doc_source/AlarmThatSendsEmail.md, commits cd4004cd… and
 * 05fd32f6…; live page alarms-and-missing-data.html). Summarised in AWS-FACTS §3.2–3.3.
 *
 * EVALUATION RANGE. At each evaluation CloudWatch "attempts to retrieve a higher number of data
 * points than specified by Evaluation Periods"; the doc says the exact number depends on the period
 * and the metric's resolution and gives a single example: 5 points for Evaluation Periods = 3. No
 * general rule is published. The sandbox uses N + 2 (N = EvaluationPeriods): it is the smallest
 * rule that is "more than N" for every N and gives 5 for N = 3, and the doc's narrative for table A
 * row 2 (after one more empty evaluation the `0` drops out of the range and the alarm goes to ALARM)
 * holds with it. Rules that grow with N (2N − 1, ⌈5N/3⌉) also give 5 at N = 3, but 2N − 1 gives
 * no extra point at N = 1, and nothing in the doc suggests a look-back proportional to N.
 *
 * ALGORITHM at each period i, over the range [i − R + 1, i] (slots before the series are missing):
 * 1. No datapoint missing → the most recent N datapoints.
 * 2. Some missing but at least N real datapoints → the most recent N real datapoints; the
 *    TreatMissingData setting is not needed and is ignored.
 * 3. Fewer than N real datapoints → every real datapoint in the range is evaluated and the rest of
 *    the N is filled according to TreatMissingData, using as few filled points as possible
 *    (N − real):
 *    - `breaching` / `notBreaching`: fill with breaching / non-breaching points.
 *    - `missing` ("the alarm does not consider missing data points"; live page: "if all data points
 *      in the alarm evaluation range are missing, the alarm transitions to INSUFFICIENT_DATA") and
 *      `ignore` ("the current alarm state is maintained"): nothing is filled; the real points decide
 *      when they can — see `decideFromRealPoints`.
 * 4. ALARM when at least M (DatapointsToAlarm) evaluated points breach, otherwise OK.
 *
 * AVOIDING PREMATURE TRANSITIONS. Compared with the current user guide ("Configuring how CloudWatch
 * alarms treat missing data", section "Avoiding premature transitions to alarm state", live page
 * alarms-and-missing-data.html as copied from docs.aws.amazon.com), which the sandbox followed only in
 * part before:
 * - The live tables differ from both awsdocs versions. Table A (3 of 3) has five rows and its fifth is
 *   `- - X - -` (MISSING → ALARM, IGNORE → retain, BREACHING → ALARM, NOT BREACHING → OK); the older
 *   rows `- - - - X` and `X - - - -` are gone. Table B (2 of 3) has `- - - X -` as its fifth row, with
 *   the same four answers. Under MISSING the sandbox gave INSUFFICIENT_DATA for both new rows.
 * - The rule: "alarms are designed to always go into ALARM state when the oldest available breaching
 *   datapoint during the Evaluation Periods number of data points is at least as old as the value of
 *   Datapoints to Alarm, and all other more recent data points are breaching or missing … even if the
 *   total number of datapoints available is lower than M"; for M out of N: "If the oldest breaching
 *   data point during the evaluation range is at least as old as the value of Datapoints to Alarm,
 *   and all of the more recent data points are either breaching or missing, the alarm goes into ALARM
 *   state no matter the value of M". It also says `- - - - X` and `- - - X -` with M = 3 do "not go
 *   immediately into ALARM state".
 * - What the sandbox does now: with fewer than N real datapoints in the range under `missing`, when
 *   every real datapoint breaches and the oldest of them is at least M periods old (the newest slot is
 *   1 period old), the alarm goes to ALARM. The age is counted over the evaluation range, as the M-of-N
 *   sentence says; counting only the last N slots would contradict the older row `X - - - -` → ALARM,
 *   and the rule reproduces every row of all three published tables. A non-breaching real datapoint
 *   anywhere in the range turns the rule off: table B row `0 - X - -` stays OK although its X is three
 *   periods old. Under `ignore` both new rows retain the state, as before.
 * - The old row-6 rule (ALARM only when the oldest slot of the range breaches) was a special case of
 *   this one.
 *
 * The loop is linear: sliding-window counts for the range and a ring buffer over the last N real
 * datapoints. Nothing is allocated per period; reasons are rebuilt on demand by `formatReason` (alarm-reasons.ts);
 * threshold-sweep.ts evaluates many thresholds at once.
 */
import { invalidField } from '../../../shared/errors'
import type { AlarmState, ComparisonOperator, TreatMissingData } from './types'

export const STATE_OK = 0
export const STATE_ALARM = 1
export const STATE_INSUFFICIENT_DATA = 2

/** Alarm state names indexed by state code. */
export const ALARM_STATES: readonly AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA']

export function stateCode(state: AlarmState): number {
  const code = ALARM_STATES.indexOf(state)
  if (code < 0) throw invalidField('state', `"${String(state)}" is not an alarm state (OK, ALARM or INSUFFICIENT_DATA)`)
  return code
}

export function stateName(code: number): AlarmState {
  return ALARM_STATES[code]
}

// The rule codes as plain constants, for the evaluation loop (see there); EvaluationRule names them.
const RULE_NOT_EVALUATED = 0
const RULE_ALL_PRESENT = 1
const RULE_MOST_RECENT_REAL = 2
const RULE_FILLED = 3
const RULE_REAL_POINTS_DECIDE = 4
const RULE_OLDEST_BREACHING = 5
const RULE_ALL_MISSING = 6
const RULE_UNDECIDED = 7
const RULE_RETAINED = 8
const RULE_HELD = 9

/** Which step of the algorithm decided a period's state. */
export const EvaluationRule = {
  /** Look-back only: before `startIndex`, no evaluation happened. */
  NotEvaluated: RULE_NOT_EVALUATED,
  /** Step 1: no datapoint missing in the range; the most recent N were evaluated. */
  AllPresent: RULE_ALL_PRESENT,
  /** Step 2: some missing, ≥ N real; the most recent N real datapoints were evaluated. */
  MostRecentReal: RULE_MOST_RECENT_REAL,
  /** Step 3, breaching / notBreaching: real datapoints plus N − real filled ones. */
  Filled: RULE_FILLED,
  /** Step 3, missing / ignore: the real datapoints alone decided OK or ALARM. */
  RealPointsDecide: RULE_REAL_POINTS_DECIDE,
  /** Step 3, missing: "avoiding premature transitions": all real datapoints breach and the oldest is at least M periods old. */
  OldestBreaching: RULE_OLDEST_BREACHING,
  /** missing: every datapoint in the range is missing → INSUFFICIENT_DATA. */
  AllMissing: RULE_ALL_MISSING,
  /** missing: fewer than M real datapoints, all breaching, none non-breaching → INSUFFICIENT_DATA. */
  Undecided: RULE_UNDECIDED,
  /** ignore: too few real datapoints to decide → the state was kept. */
  Retained: RULE_RETAINED,
  /** The caller held this period (a low-sample percentile with EvaluateLowSampleCountPercentile = ignore). */
  Held: RULE_HELD
} as const
export type EvaluationRuleCode = (typeof EvaluationRule)[keyof typeof EvaluationRule]

export interface AlarmEvaluationConfig {
  /** Seconds; used only to describe datapoints. */
  Period: number
  EvaluationPeriods: number
  /** Defaults to EvaluationPeriods. */
  DatapointsToAlarm?: number
  Threshold: number
  ComparisonOperator: ComparisonOperator
  /** Defaults to `missing` (PutMetricAlarm: "If this parameter is omitted, the default behavior of missing is used"). */
  TreatMissingData?: TreatMissingData
}

export interface EvaluateOptions {
  /** State before the first evaluation. Default INSUFFICIENT_DATA (a new alarm starts there: PutMetricAlarm). */
  initialState?: AlarmState
  /** Non-zero at an index whose datapoint must not be evaluated: the state is kept there. */
  hold?: ArrayLike<number>
  /** Indices before this one are look-back data only: they fill ranges but are not evaluated. */
  startIndex?: number
  /**
   * Only `states` is wanted (a trade-off sweep re-evaluates one series dozens of times): `values`,
   * `rules`, `breaching` and `existing` come back empty instead of one entry per datapoint.
   */
  statesOnly?: boolean
}

export interface AlarmEvaluation {
  readonly period: number
  readonly evaluationPeriods: number
  readonly datapointsToAlarm: number
  readonly threshold: number
  readonly comparisonOperator: ComparisonOperator
  readonly treatMissingData: TreatMissingData
  /** Size of the evaluation range (N + 2). */
  readonly rangeSize: number
  readonly initialState: number
  readonly startIndex: number
  /** The datapoints evaluated (a copy of the input; NaN = missing). */
  readonly values: Float64Array
  /** State code after each period (STATE_OK, STATE_ALARM, STATE_INSUFFICIENT_DATA). */
  readonly states: Uint8Array
  /** EvaluationRule code of each period. */
  readonly rules: Uint8Array
  /** Breaching real datapoints among those evaluated at each period. */
  readonly breaching: Int32Array
  /** Real (non-missing) datapoints in the evaluation range at each period. */
  readonly existing: Int32Array
}

const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold'
]
const TREATMENTS: readonly TreatMissingData[] = ['missing', 'notBreaching', 'breaching', 'ignore']

const NOT_BREACHING = 0
const BREACHING = 1
const MISSING = 2

/** The evaluation range for N evaluation periods (see the file comment). */
export function evaluationRangeSize(evaluationPeriods: number): number {
  return evaluationPeriods + 2
}

/** Whether `value` breaches `threshold` under `operator`. */
export function isBreaching(value: number, threshold: number, operator: ComparisonOperator): boolean {
  switch (operator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold
    case 'GreaterThanThreshold':
      return value > threshold
    case 'LessThanThreshold':
      return value < threshold
    case 'LessThanOrEqualToThreshold':
      return value <= threshold
  }
}

/**
 * Evaluate an alarm over a datapoint series (one datapoint per Period, oldest first; NaN or null =
 * missing). Runs in O(n) time with no per-period allocation.
 */
export function evaluateAlarmSeries(
  config: AlarmEvaluationConfig,
  datapoints: Float64Array | ReadonlyArray<number | null>,
  options: EvaluateOptions = {}
): AlarmEvaluation {
  const n = datapoints.length
  const N = config.EvaluationPeriods
  const M = config.DatapointsToAlarm ?? N
  const treat = config.TreatMissingData ?? 'missing'
  const op = config.ComparisonOperator
  const threshold = config.Threshold
  // Every field is read here, before the loop: a field read only after it has no type feedback
  // when V8 optimizes the loop (on-stack), and deoptimized the function at every call.
  const period = config.Period
  checkConfig(config, M, treat)
  const startIndex = options.startIndex ?? 0
  if (!Number.isInteger(startIndex) || startIndex < 0) throw invalidField('startIndex', 'must be a whole number ≥ 0')
  const hold = options.hold
  if (hold && hold.length !== n) throw invalidField('hold', `must have one entry per datapoint (${n})`)
  const initialState = stateCode(options.initialState ?? 'INSUFFICIENT_DATA')

  const detail = options.statesOnly !== true
  const size = detail ? n : 0
  const values = new Float64Array(size)
  const flags = new Uint8Array(n)
  if (detail) {
    for (let i = 0; i < n; i++) {
      const raw = datapoints[i]
      values[i] = raw === null || raw === undefined ? NaN : raw
    }
    breachFlags(values, threshold, op, flags)
  } else {
    breachFlags(datapoints, threshold, op, flags)
  }

  const R = evaluationRangeSize(N)
  const states = new Uint8Array(n)
  const rules = new Uint8Array(size)
  const breaching = new Int32Array(size)
  const existing = new Int32Array(size)
  const ignore = treat === 'ignore'
  const fillBreaches = treat === 'breaching'
  const fills = fillBreaches || treat === 'notBreaching'

  // Sliding counts over the range, a ring buffer of the breach flags of the last N real points, and
  // the indices of the real points in order (the oldest one in the range is found by a moving head).
  // The rule codes are plain constants (RULE_*), not EvaluationRule's properties: a property read in
  // a branch the loop had not yet taken when V8 optimized it had no type feedback, and deoptimized
  // the function whenever a series first reached that branch.
  const realIndices = new Int32Array(n)
  let realHead = 0
  let realTail = 0
  let inRangeReal = 0
  let inRangeBreaching = 0
  const ring = new Uint8Array(N)
  let ringPos = 0
  let ringCount = 0
  let ringBreaching = 0
  let state = initialState

  for (let i = 0; i < n; i++) {
    const f = flags[i]
    if (f !== MISSING) {
      realIndices[realTail++] = i
      inRangeReal++
      inRangeBreaching += f
      if (ringCount === N) ringBreaching -= ring[ringPos]
      else ringCount++
      ring[ringPos] = f
      ringBreaching += f
      ringPos = ringPos + 1 === N ? 0 : ringPos + 1
    }
    if (i >= R) {
      const g = flags[i - R]
      if (g !== MISSING) {
        inRangeReal--
        inRangeBreaching -= g
      }
    }

    let rule: number
    let counted: number
    if (i < startIndex) {
      rule = RULE_NOT_EVALUATED
      counted = 0
    } else if (hold !== undefined && hold[i]) {
      rule = RULE_HELD
      counted = 0
    } else if (inRangeReal >= N) {
      // Steps 1 and 2: the last N real datapoints are all inside the range.
      rule = inRangeReal === R ? RULE_ALL_PRESENT : RULE_MOST_RECENT_REAL
      counted = ringBreaching
      state = ringBreaching >= M ? STATE_ALARM : STATE_OK
    } else if (fills) {
      // Step 3 with breaching / notBreaching: N − real filled points.
      rule = RULE_FILLED
      counted = inRangeBreaching
      state = inRangeBreaching + (fillBreaches ? N - inRangeReal : 0) >= M ? STATE_ALARM : STATE_OK
    } else {
      counted = inRangeBreaching
      while (realHead < realTail && realIndices[realHead] < i - R + 1) realHead++
      // Age in periods of the oldest real datapoint in the range: the newest slot is 1 period old.
      const oldestAge = realHead < realTail ? i - realIndices[realHead] + 1 : 0
      rule = decideFromRealPoints(inRangeReal, inRangeBreaching, M, oldestAge, ignore)
      state = stateAfterRealPoints(rule, inRangeBreaching, M, state)
    }
    if (detail) {
      existing[i] = inRangeReal
      breaching[i] = counted
      rules[i] = rule
    }
    states[i] = state
  }

  return {
    period,
    evaluationPeriods: N,
    datapointsToAlarm: M,
    threshold,
    comparisonOperator: op,
    treatMissingData: treat,
    rangeSize: R,
    initialState,
    startIndex,
    values,
    states,
    rules,
    breaching,
    existing
  }
}

/**
 * Each datapoint's flag (MISSING for NaN or null, else BREACHING or NOT_BREACHING) into `out`: one
 * loop per operator, so the comparison is not chosen again for every datapoint.
 */
function breachFlags(datapoints: Float64Array | ReadonlyArray<number | null>, threshold: number, op: ComparisonOperator, out: Uint8Array): void {
  const n = datapoints.length
  switch (op) {
    case 'GreaterThanOrEqualToThreshold':
      for (let i = 0; i < n; i++) {
        const v = datapoints[i] ?? NaN
        out[i] = v !== v ? MISSING : v >= threshold ? BREACHING : NOT_BREACHING
      }
      return
    case 'GreaterThanThreshold':
      for (let i = 0; i < n; i++) {
        const v = datapoints[i] ?? NaN
        out[i] = v !== v ? MISSING : v > threshold ? BREACHING : NOT_BREACHING
      }
      return
    case 'LessThanThreshold':
      for (let i = 0; i < n; i++) {
        const v = datapoints[i] ?? NaN
        out[i] = v !== v ? MISSING : v < threshold ? BREACHING : NOT_BREACHING
      }
      return
    case 'LessThanOrEqualToThreshold':
      for (let i = 0; i < n; i++) {
        const v = datapoints[i] ?? NaN
        out[i] = v !== v ? MISSING : v <= threshold ? BREACHING : NOT_BREACHING
      }
      return
  }
}

/**
 * Step 3 for `missing` and `ignore` (fewer than N real datapoints in the range, nothing filled).
 *
 * - no real datapoint in the range → missing: INSUFFICIENT_DATA (live page); ignore: keep state.
 * - at least M real datapoints breach → ALARM (table B row 1 pattern, and it can only get worse).
 * - some real datapoint does not breach → OK (table A row 2 `0 - - - -`, table B rows 3 and 4
 *   `0 - X - -` and `- - - - 0`: OK under both MISSING and IGNORE).
 * - otherwise every real datapoint breaches but fewer than M do:
 *   - missing, and the oldest of them is at least M periods old → ALARM ("Avoiding premature
 *     transitions to alarm state"; live table A `- - X - -`, live table B `- - - X -`, older table A
 *     `X - - - -`);
 *   - missing otherwise → INSUFFICIENT_DATA (`- - - - X` in both older tables: "the alarm does not go
 *     immediately into ALARM state"; the metric may have only just started reporting);
 *   - ignore → keep state (every published row under IGNORE is "Retain current state").
 */
export function decideFromRealPoints(real: number, breaching: number, M: number, oldestAge: number, ignore: boolean): number {
  if (real === 0) return ignore ? RULE_RETAINED : RULE_ALL_MISSING
  if (breaching >= M || breaching < real) return RULE_REAL_POINTS_DECIDE
  if (ignore) return RULE_RETAINED
  return oldestAge >= M ? RULE_OLDEST_BREACHING : RULE_UNDECIDED
}

/** The state a step-3 rule of decideFromRealPoints leaves, given the state before it (kept by Retained). */
export function stateAfterRealPoints(rule: number, breaching: number, M: number, state: number): number {
  if (rule === RULE_REAL_POINTS_DECIDE) return breaching >= M ? STATE_ALARM : STATE_OK
  if (rule === RULE_OLDEST_BREACHING) return STATE_ALARM
  if (rule === RULE_ALL_MISSING || rule === RULE_UNDECIDED) return STATE_INSUFFICIENT_DATA
  return state
}

export function checkConfig(config: AlarmEvaluationConfig, M: number, treat: TreatMissingData): void {
  const N = config.EvaluationPeriods
  if (!(config.Period > 0) || !Number.isFinite(config.Period)) throw invalidField('Period', 'must be a positive number of seconds')
  if (!Number.isInteger(N) || N < 1) throw invalidField('EvaluationPeriods', 'must be a whole number ≥ 1')
  if (!Number.isInteger(M) || M < 1 || M > N) throw invalidField('DatapointsToAlarm', `must be a whole number from 1 to EvaluationPeriods (${N})`)
  if (!Number.isFinite(config.Threshold)) throw invalidField('Threshold', 'must be a finite number')
  if (!COMPARISON_OPERATORS.includes(config.ComparisonOperator)) {
    throw invalidField('ComparisonOperator', `must be one of ${COMPARISON_OPERATORS.join(', ')}`)
  }
  if (!TREATMENTS.includes(treat)) throw invalidField('TreatMissingData', `must be one of ${TREATMENTS.join(', ')}`)
}
