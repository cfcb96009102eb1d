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
 * datapoints. Nothing is allocated per period; reasons are rebuilt on demand by `formatReason`.
 */
import { invalidField } from '../../../shared/errors'
import type { AlarmState, ComparisonOperator, TreatMissingData } from './types'
import { isoUtcZeroOffset, reasonTimestampUtc } from '../core/time'
import { lowerBound, upperBound } from '../core/select'

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
function decideFromRealPoints(real: number, breaching: number, M: number, oldestAge: number, ignore: boolean): number {
  if (real === 0) return ignore ? RULE_RETAINED : RULE_ALL_MISSING
  if (breaching >= M || breaching < real) return RULE_REAL_POINTS_DECIDE
  if (ignore) return RULE_RETAINED
  return oldestAge >= M ? RULE_OLDEST_BREACHING : RULE_UNDECIDED
}

/** The state a step-3 rule of decideFromRealPoints leaves, given the state before it (kept by Retained). */
function stateAfterRealPoints(rule: number, breaching: number, M: number, state: number): number {
  if (rule === RULE_REAL_POINTS_DECIDE) return breaching >= M ? STATE_ALARM : STATE_OK
  if (rule === RULE_OLDEST_BREACHING) return STATE_ALARM
  if (rule === RULE_ALL_MISSING || rule === RULE_UNDECIDED) return STATE_INSUFFICIENT_DATA
  return state
}

function checkConfig(config: AlarmEvaluationConfig, M: number, treat: TreatMissingData): void {
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

// ----------------------------------------------------------------------------------------------
// Per-period detail and CloudWatch-style reasons, built on demand.

export interface EvaluatedDatapoint {
  /** Index into the datapoint series. */
  index: number
  value: number
  breaching: boolean
}

export interface EvaluationDetail {
  state: AlarmState
  rule: EvaluationRuleCode
  /** How many datapoints the decision counts as evaluated: N, as the doc says ("the number of datapoints evaluated is equal to the value of Evaluation Periods"). */
  evaluated: number
  /** Real datapoints evaluated, newest first. */
  points: EvaluatedDatapoint[]
  /** Breaching real datapoints among `points`. */
  breaching: number
  /** Non-breaching real datapoints among `points`. */
  nonBreaching: number
  /** Missing slots filled by TreatMissingData (breaching / notBreaching only). */
  filled: number
  /** Of the N evaluated, how many were missing and not filled (missing / ignore). */
  unknown: number
}

/**
 * The real datapoints evaluated at period `i`, newest first: their indices go into `out` (which must
 * hold at least `rangeSize` entries) and the count is returned. The one place that decides which
 * points a rule looked at; `evaluationDetail` and `formatReason` both read it.
 */
function collectEvaluatedIndices(result: AlarmEvaluation, i: number, rule: number, out: Int32Array): number {
  const values = result.values
  const lowest = Math.max(0, i - result.rangeSize + 1)
  let count = 0
  if (rule === EvaluationRule.AllPresent || rule === EvaluationRule.MostRecentReal) {
    const N = result.evaluationPeriods
    for (let j = i; j >= lowest && count < N; j--) if (values[j] === values[j]) out[count++] = j
  } else if (rule === EvaluationRule.Held) {
    if (values[i] === values[i]) out[count++] = i
  } else if (rule !== EvaluationRule.NotEvaluated) {
    for (let j = i; j >= lowest; j--) if (values[j] === values[j]) out[count++] = j
  }
  return count
}

/** Scratch for `collectEvaluatedIndices`, grown to the largest evaluation range seen. */
let indexScratch = new Int32Array(16)

function evaluatedIndices(result: AlarmEvaluation, i: number, rule: number): number {
  if (indexScratch.length < result.rangeSize) indexScratch = new Int32Array(result.rangeSize)
  return collectEvaluatedIndices(result, i, rule, indexScratch)
}

/** Of the N evaluated, how many were missing and not filled (missing / ignore rules), given `real` evaluated points. */
function unknownCount(rule: number, N: number, real: number): number {
  return rule === EvaluationRule.RealPointsDecide ||
    rule === EvaluationRule.OldestBreaching ||
    rule === EvaluationRule.AllMissing ||
    rule === EvaluationRule.Undecided ||
    rule === EvaluationRule.Retained
    ? N - real
    : 0
}

/** What was evaluated at period `i` and why the state is what it is. */
export function evaluationDetail(result: AlarmEvaluation, i: number): EvaluationDetail {
  checkIndex(result, i)
  const rule = result.rules[i] as EvaluationRuleCode
  const N = result.evaluationPeriods
  const real = evaluatedIndices(result, i, rule)
  const points: EvaluatedDatapoint[] = []
  let breaching = 0
  for (let k = 0; k < real; k++) {
    const j = indexScratch[k]
    const v = result.values[j]
    const b = isBreaching(v, result.threshold, result.comparisonOperator)
    if (b) breaching++
    points.push({ index: j, value: v, breaching: b })
  }
  return {
    state: stateName(result.states[i]),
    rule,
    evaluated: rule === EvaluationRule.NotEvaluated || rule === EvaluationRule.Held ? real : N,
    points,
    breaching,
    nonBreaching: real - breaching,
    filled: rule === EvaluationRule.Filled ? N - real : 0,
    unknown: unknownCount(rule, N, real)
  }
}

export interface ReasonOptions {
  /** Start time (epoch ms) of each period, index-aligned with the datapoints, to print like CloudWatch. */
  periodStarts?: ArrayLike<number>
}

const OPERATOR_WORDS: Record<ComparisonOperator, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to'
}

/**
 * The StateReason CloudWatch would write for the state at period `i`. Wording follows real
 * CloudWatch reasons (alarm history / SNS messages), e.g.
 * "Threshold Crossed: 3 out of the last 3 datapoints [90.0 (01/02/24 10:04:00), …] were greater than
 * the threshold (80.0) (minimum 3 datapoints for OK -> ALARM transition).",
 * "Threshold Crossed: 1 out of the last 2 datapoints [0.0 (…)] was not greater than or equal to the
 * threshold (1.0) (minimum 1 datapoint for ALARM -> OK transition).",
 * "Threshold Crossed: 1 out of the last 20 datapoints […] was greater than or equal to the threshold
 * (1.0) and 19 missing datapoints were treated as [NonBreaching] (minimum 1 datapoint for OK -> ALARM
 * transition).",
 * "Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated
 * as [Breaching].", "Insufficient Data: 3 datapoints were unknown.". Datapoints are listed newest
 * first with their period start time in UTC (dd/MM/yy HH:mm:ss). The "minimum … transition" count
 * is M for ALARM and N − M + 1 for OK (the fewest non-breaching points that rule ALARM out).
 * States CloudWatch never explains (kept by `ignore`, held, not evaluated) get a sandbox sentence.
 */
export function formatReason(result: AlarmEvaluation, i: number, options: ReasonOptions = {}): string {
  // The same decisions as `evaluationDetail`, without building its objects: this runs once per
  // period when a caller asks for every reason.
  checkIndex(result, i)
  const rule = result.rules[i]
  const N = result.evaluationPeriods
  const M = result.datapointsToAlarm
  switch (rule) {
    case EvaluationRule.NotEvaluated:
      return 'Not evaluated: this period is look-back data from before the evaluation started.'
    case EvaluationRule.Held:
      return 'Not evaluated: too few samples for the percentile to be statistically significant (EvaluateLowSampleCountPercentile: ignore), so the alarm kept its state.'
  }
  const real = evaluatedIndices(result, i, rule)
  switch (rule) {
    case EvaluationRule.AllMissing:
    case EvaluationRule.Undecided: {
      const unknown = unknownCount(rule, N, real)
      return `Insufficient Data: ${count(unknown, 'datapoint')} ${wasWere(unknown)} unknown.`
    }
    case EvaluationRule.Retained:
      return real === 0
        ? `Missing data ignored (TreatMissingData: ignore): no datapoints were received for ${count(N, 'period')}, so the alarm kept its state.`
        : `Missing data ignored (TreatMissingData: ignore): ${count(real, 'datapoint')} ${wasWere(real)} received for ${count(N, 'period')}, too few to decide, so the alarm kept its state.`
  }

  const alarm = result.states[i] === STATE_ALARM
  const filled = rule === EvaluationRule.Filled ? N - real : 0
  const fillLabel = result.treatMissingData === 'breaching' ? 'Breaching' : 'NonBreaching'
  if (filled > 0 && real === 0) {
    return `Threshold Crossed: no datapoints were received for ${count(N, 'period')} and ${count(filled, 'missing datapoint')} ${wasWere(filled)} treated as [${fillLabel}].`
  }
  // The datapoints that support the state (breaching for ALARM, not breaching for OK), newest first.
  const cache = reasonCacheFor(result, options.periodStarts)
  let supporting = 0
  let list = ''
  for (let k = 0; k < real; k++) {
    const j = indexScratch[k]
    if (isBreaching(result.values[j], result.threshold, result.comparisonOperator) !== alarm) continue
    list += supporting === 0 ? cache.describe(j) : `, ${cache.describe(j)}`
    supporting++
  }
  if (filled > 0 && supporting === 0) {
    return `Threshold Crossed: ${count(real, 'datapoint')} ${wasWere(real)} received for ${count(N, 'period')} and ${count(filled, 'missing datapoint')} ${wasWere(filled)} treated as [${fillLabel}].`
  }
  const words = (alarm ? '' : 'not ') + OPERATOR_WORDS[result.comparisonOperator]
  const fillClause = filled > 0 ? ` and ${count(filled, 'missing datapoint')} ${wasWere(filled)} treated as [${fillLabel}]` : ''
  const minimum = alarm ? M : N - M + 1
  const transition = alarm ? 'OK -> ALARM' : 'ALARM -> OK'
  return flatten(
    `Threshold Crossed: ${supporting} out of the last ${N} datapoints [${list}] ${wasWere(supporting)} ${words} ` +
      `the threshold (${cache.threshold()})${fillClause} (minimum ${count(minimum, 'datapoint')} for ${transition} transition).`
  )
}

/**
 * V8 builds a long template literal as a rope (a tree of the pieces). A caller that keeps a reason
 * per period keeps a million ropes, and the garbage collector copies every node of each; reading a
 * character makes V8 flatten the rope into one string. Only speed changes, never the text.
 */
function flatten(s: string): string {
  s.charCodeAt(0)
  return s
}

/**
 * Formatting a double and a date is most of the cost of a reason, and consecutive periods list
 * mostly the same datapoints, so recent datapoint texts of an evaluation are remembered by index. An
 * entry is reused only for the same evaluation, index, value and period start, so a changed input
 * can never get a stale text.
 */
class ReasonCache {
  private static readonly SIZE = 256
  private readonly indices = new Int32Array(ReasonCache.SIZE).fill(-1)
  private readonly values = new Float64Array(ReasonCache.SIZE)
  private readonly starts = new Float64Array(ReasonCache.SIZE)
  private readonly texts = new Array<string>(ReasonCache.SIZE).fill('')
  private thresholdValue = NaN
  private thresholdText = ''

  constructor(
    readonly result: AlarmEvaluation,
    readonly periodStarts: ArrayLike<number> | undefined
  ) {}

  describe(j: number): string {
    const v = this.result.values[j]
    const start = this.periodStarts ? this.periodStarts[j] : 0
    const slot = j & (ReasonCache.SIZE - 1)
    if (this.indices[slot] === j && Object.is(this.values[slot], v) && this.starts[slot] === start) return this.texts[slot]
    const text = describeDatapoint(v, j, this.periodStarts)
    this.indices[slot] = j
    this.values[slot] = v
    this.starts[slot] = start
    this.texts[slot] = text
    return text
  }

  threshold(): string {
    const t = this.result.threshold
    if (!Object.is(t, this.thresholdValue)) {
      this.thresholdValue = t
      this.thresholdText = formatCloudWatchNumber(t)
    }
    return this.thresholdText
  }
}

/** One cache per evaluation, dropped with it. */
const reasonCaches = new WeakMap<AlarmEvaluation, ReasonCache>()

function reasonCacheFor(result: AlarmEvaluation, periodStarts: ArrayLike<number> | undefined): ReasonCache {
  let cache = reasonCaches.get(result)
  if (cache === undefined || cache.periodStarts !== periodStarts) {
    cache = new ReasonCache(result, periodStarts)
    reasonCaches.set(result, cache)
  }
  return cache
}

/** StateReasonData, as CloudWatch attaches it to a metric alarm state (version 1.0 shape). */
export interface MetricReasonData {
  version: '1.0'
  /** Period start of the oldest evaluated datapoint (ISO-8601, CloudWatch style). */
  startDate?: string
  period: number
  /** Evaluated real datapoint values, oldest first. */
  recentDatapoints: number[]
  threshold: number
  /** Evaluated real datapoints, newest first. */
  evaluatedDatapoints: { timestamp?: string; value: number }[]
}

export function buildReasonData(result: AlarmEvaluation, i: number, options: ReasonOptions = {}): MetricReasonData {
  const d = evaluationDetail(result, i)
  const starts = options.periodStarts
  const oldest = d.points[d.points.length - 1]
  return {
    version: '1.0',
    ...(starts && oldest ? { startDate: isoUtcZeroOffset(starts[oldest.index]) } : {}),
    period: result.period,
    recentDatapoints: d.points.map((p) => p.value).reverse(),
    threshold: result.threshold,
    evaluatedDatapoints: d.points.map((p) => (starts ? { timestamp: isoUtcZeroOffset(starts[p.index]), value: p.value } : { value: p.value }))
  }
}

function checkIndex(result: AlarmEvaluation, i: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= result.states.length) {
    throw invalidField('index', `must be a whole number from 0 to ${result.states.length - 1}`)
  }
}

function count(k: number, noun: string): string {
  return `${k} ${noun}${k === 1 ? '' : 's'}`
}

function wasWere(k: number): string {
  return k === 1 ? 'was' : 'were'
}

function describeDatapoint(value: number, index: number, starts: ArrayLike<number> | undefined): string {
  const v = formatCloudWatchNumber(value)
  return starts ? `${v} (${formatReasonTimestamp(starts[index])})` : v
}

/**
 * Numbers the way CloudWatch prints them in reasons (Java's Double.toString): a whole number keeps
 * ".0" (80 → "80.0"), and magnitudes from 1e-3 up to 1e7 print plainly; outside that, scientific
 * notation as "1.0E7" / "1.5E-4".
 */
export function formatCloudWatchNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN'
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity'
  if (v === 0) return Object.is(v, -0) ? '-0.0' : '0.0'
  const abs = Math.abs(v)
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(v)
    return s.includes('.') ? s : `${s}.0`
  }
  const [mantissa, exponent] = v.toExponential().split('e')
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`
}

/** dd/MM/yy HH:mm:ss in UTC, as in CloudWatch reasons: "14/07/21 23:18:00". */
export const formatReasonTimestamp = reasonTimestampUtc

// ----------------------------------------------------------------------------------------------
// Threshold sweeps: one series, one M of N, many thresholds.

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
