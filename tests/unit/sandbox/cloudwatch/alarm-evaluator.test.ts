import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  EvaluationRule,
  STATE_ALARM,
  evaluateAlarmSeries,
  evaluationRangeSize,
  stateCode,
  stateName,
  type AlarmEvaluationConfig
} from '../../../../src/main/sandbox/cloudwatch/alarm-evaluator'
import {
  evaluationDetail,
  formatCloudWatchNumber,
  formatReason,
  formatReasonTimestamp
} from '../../../../src/main/sandbox/cloudwatch/alarm-reasons'
import { evaluateThresholdSweep } from '../../../../src/main/sandbox/cloudwatch/threshold-sweep'
import type { AlarmState, TreatMissingData } from '../../../../src/main/sandbox/cloudwatch/types'
import { LabError } from '../../../../src/shared/errors'

/*
 * The two example tables of the CloudWatch user guide, "How alarm state is evaluated when data is
 * missing" (awsdocs/amazon-cloudwatch-user-guide doc_source/AlarmThatSendsEmail.md, newer version
 * 05fd32f6…; AWS-FACTS §3.3), plus the rows of the live page (alarms-and-missing-data.html, as copied
 * from docs.aws.amazon.com) that differ. `0` = not breaching, `X` = breaching, `-` = missing; oldest on
 * the left. "Retain" = "Retain current state".
 *
 * The doc's alarm retrieves the 5 most recent datapoints for Evaluation Periods = 3, which is our
 * evaluation range N + 2. Each row is fed as a 5-datapoint series, so the evaluation after the last
 * datapoint sees exactly those 5 points (slots before the series are missing, and are not in range).
 */
type Expected = AlarmState | 'Retain'
interface Row {
  points: string
  missing: Expected
  ignore: Expected
  breaching: Expected
  notBreaching: Expected
}

const TABLE_A: Row[] = [
  { points: '0 - X - X', missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' },
  { points: '0 - - - -', missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' },
  { points: '- - - - -', missing: 'INSUFFICIENT_DATA', ignore: 'Retain', breaching: 'ALARM', notBreaching: 'OK' },
  { points: '0 X X - X', missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' },
  { points: '- - - - X', missing: 'INSUFFICIENT_DATA', ignore: 'Retain', breaching: 'ALARM', notBreaching: 'OK' },
  // Row 6 exists only in the newer version of the doc.
  { points: 'X - - - -', missing: 'ALARM', ignore: 'Retain', breaching: 'ALARM', notBreaching: 'OK' },
  // The live page (alarms-and-missing-data.html) replaced rows 5 and 6 with this row, which illustrates
  // "Avoiding premature transitions to alarm state": the X is 3 periods old, at least Datapoints to Alarm.
  { points: '- - X - -', missing: 'ALARM', ignore: 'Retain', breaching: 'ALARM', notBreaching: 'OK' }
]

const TABLE_B: Row[] = [
  { points: '0 - X - X', missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' },
  { points: '0 0 X 0 X', missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' },
  { points: '0 - X - -', missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' },
  { points: '- - - - 0', missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' },
  { points: '- - - - X', missing: 'INSUFFICIENT_DATA', ignore: 'Retain', breaching: 'ALARM', notBreaching: 'OK' },
  // The live page's row 5: the X is 2 periods old, at least Datapoints to Alarm (2).
  { points: '- - - X -', missing: 'ALARM', ignore: 'Retain', breaching: 'ALARM', notBreaching: 'OK' }
]

const TREATMENTS: TreatMissingData[] = ['missing', 'ignore', 'breaching', 'notBreaching']
const STATES: AlarmState[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA']

// Threshold 50 with GreaterThanThreshold: X = 90 breaches, 0 = 10 does not.
function toSeries(points: string): (number | null)[] {
  return points.split(' ').map((c) => (c === '-' ? null : c === 'X' ? 90 : 10))
}

function config(m: number, treat: TreatMissingData): AlarmEvaluationConfig {
  return { Period: 300, EvaluationPeriods: 3, DatapointsToAlarm: m, Threshold: 50, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: treat }
}

function tableCases(rows: Row[]): [string, TreatMissingData, Expected, AlarmState][] {
  return rows.flatMap((row) => TREATMENTS.flatMap((t) => STATES.map((s) => [row.points, t, row[t], s] as [string, TreatMissingData, Expected, AlarmState])))
}

describe('AWS missing-data table A (3 of 3)', () => {
  it('uses a 5-datapoint evaluation range for 3 evaluation periods, as in the doc', () => {
    expect(evaluationRangeSize(3)).toBe(5)
  })

  it.each(tableCases(TABLE_A))('%s under %s gives %s (starting from %s)', (points, treat, expected, initial) => {
    const result = evaluateAlarmSeries(config(3, treat), toSeries(points), { initialState: initial })
    expect(stateName(result.states[4])).toBe(expected === 'Retain' ? initial : expected)
  })
})

describe('AWS missing-data table B (2 of 3)', () => {
  it.each(tableCases(TABLE_B))('%s under %s gives %s (starting from %s)', (points, treat, expected, initial) => {
    const result = evaluateAlarmSeries(config(2, treat), toSeries(points), { initialState: initial })
    expect(stateName(result.states[4])).toBe(expected === 'Retain' ? initial : expected)
  })
})

describe('avoiding premature transitions to alarm state (CloudWatch user guide, live alarms-and-missing-data page)', () => {
  const last = (points: string, m: number, treat: TreatMissingData = 'missing'): AlarmState =>
    stateName(evaluateAlarmSeries(config(m, treat), toSeries(points)).states[4])

  it('"the alarm does not go immediately into ALARM state when the data is either - - - - X or - - - X - and Datapoints to Alarm is 3"', () => {
    expect(last('- - - - X', 3)).not.toBe('ALARM')
    expect(last('- - - X -', 3)).not.toBe('ALARM')
  })

  it('"if the last few data points are - - X - -, the alarm goes into ALARM state even if missing data points are treated as missing"', () => {
    expect(last('- - X - -', 3)).toBe('ALARM')
    expect(evaluationDetail(evaluateAlarmSeries(config(3, 'missing'), toSeries('- - X - -')), 4).rule).toBe(EvaluationRule.OldestBreaching)
  })

  it('"This alarm logic applies to M out of N alarms as well": with M = 2, a breaching point 2 periods old is enough, 1 period old is not', () => {
    expect(last('- - - X -', 2)).toBe('ALARM')
    expect(last('- - - - X', 2)).toBe('INSUFFICIENT_DATA')
  })

  it('"all of the more recent data points are either breaching or missing": two breaching points, the older 4 periods old, also go to ALARM', () => {
    expect(last('- X - X -', 3)).toBe('ALARM')
  })
})

describe('datapoints outside the evaluation range', () => {
  // Five breaching datapoints, then the table row: at the last evaluation the range holds only the
  // row's 5 points, so the earlier Xs must not change any non-"Retain" answer.
  const rows = [...TABLE_A.map((r) => [r, 3] as const), ...TABLE_B.map((r) => [r, 2] as const)]
  it.each(rows.flatMap(([row, m]) => TREATMENTS.filter((t) => row[t] !== 'Retain').map((t) => [row.points, m, t, row[t]] as const)))(
    'after XXXXX, %s (M=%i) under %s still gives %s',
    (points, m, treat, expected) => {
      const series = [90, 90, 90, 90, 90, ...toSeries(points)]
      const result = evaluateAlarmSeries(config(m, treat), series)
      expect(stateName(result.states[9])).toBe(expected)
    }
  )

  it('goes to ALARM one evaluation after the 0 of "0 - - - -" leaves the range (doc note on row 2, breaching)', () => {
    const result = evaluateAlarmSeries(config(3, 'breaching'), toSeries('0 - - - - -'))
    expect(stateName(result.states[4])).toBe('OK')
    expect(stateName(result.states[5])).toBe('ALARM')
  })
})

describe('evaluation detail and reasons', () => {
  // Period starts every 5 minutes from 14 July 2021 23:00 UTC.
  const t0 = Date.UTC(2021, 6, 14, 23, 0, 0)
  const starts = [0, 1, 2, 3, 4].map((k) => t0 + k * 300_000)

  it('explains a 3-of-3 ALARM like CloudWatch, newest datapoint first', () => {
    const result = evaluateAlarmSeries(config(3, 'missing'), [10, 84.5, 90, 95, 100])
    expect(formatReason(result, 4, { periodStarts: starts })).toBe(
      'Threshold Crossed: 3 out of the last 3 datapoints [100.0 (14/07/21 23:20:00), 95.0 (14/07/21 23:15:00), 90.0 (14/07/21 23:10:00)] ' +
        'were greater than the threshold (50.0) (minimum 3 datapoints for OK -> ALARM transition).'
    )
  })

  it('explains an OK with the non-breaching datapoints and N − M + 1 as the minimum', () => {
    // 2 of 3: most recent 3 are 90, 10, 20 → one breaching; OK needs 3 − 2 + 1 = 2 non-breaching.
    const result = evaluateAlarmSeries(config(2, 'missing'), [90, 90, 90, 10, 20])
    expect(formatReason(result, 4)).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [20.0, 10.0] were not greater than the threshold (50.0) (minimum 2 datapoints for ALARM -> OK transition).'
    )
  })

  it('reports filled datapoints the way CloudWatch words them', () => {
    const all = evaluateAlarmSeries(config(3, 'breaching'), toSeries('- - - - -'))
    expect(formatReason(all, 4)).toBe('Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints were treated as [Breaching].')
    const one = evaluateAlarmSeries(config(3, 'breaching'), toSeries('- - - - X'))
    expect(formatReason(one, 4)).toBe(
      'Threshold Crossed: 1 out of the last 3 datapoints [90.0] was greater than the threshold (50.0) and 2 missing datapoints were treated as [Breaching] (minimum 3 datapoints for OK -> ALARM transition).'
    )
    const decidedByFill = evaluateAlarmSeries(config(2, 'breaching'), toSeries('- - - - 0'))
    expect(formatReason(decidedByFill, 4)).toBe('Threshold Crossed: 1 datapoint was received for 3 periods and 2 missing datapoints were treated as [Breaching].')
  })

  it('says which datapoints were unknown for INSUFFICIENT_DATA', () => {
    const none = evaluateAlarmSeries(config(3, 'missing'), toSeries('- - - - -'))
    expect(formatReason(none, 4)).toBe('Insufficient Data: 3 datapoints were unknown.')
    const single = evaluateAlarmSeries({ ...config(1, 'missing'), EvaluationPeriods: 1 }, [null])
    expect(formatReason(single, 0)).toBe('Insufficient Data: 1 datapoint was unknown.')
  })

  it('exposes counts and the rule applied at each period', () => {
    // "0 X X - X": 4 real ≥ 3, so the most recent 3 real (X X X) are evaluated; the setting is not needed.
    const result = evaluateAlarmSeries(config(3, 'notBreaching'), toSeries('0 X X - X'))
    const d = evaluationDetail(result, 4)
    expect(d.rule).toBe(EvaluationRule.MostRecentReal)
    expect(d.points.map((p) => p.index)).toEqual([4, 2, 1])
    expect([d.breaching, d.nonBreaching, d.filled, d.evaluated]).toEqual([3, 0, 0, 3])
    const row6 = evaluationDetail(evaluateAlarmSeries(config(3, 'missing'), toSeries('X - - - -')), 4)
    expect(row6.rule).toBe(EvaluationRule.OldestBreaching)
    const filled = evaluationDetail(evaluateAlarmSeries(config(3, 'breaching'), toSeries('0 - - - -')), 4)
    expect([filled.rule, filled.breaching, filled.nonBreaching, filled.filled]).toEqual([EvaluationRule.Filled, 0, 1, 2])
  })

  it('prints numbers like CloudWatch (Java doubles) and times as dd/MM/yy HH:mm:ss UTC', () => {
    // Forms seen in real CloudWatch reasons: "(80.0)", "8.891518474692088", "10.25", "0.0".
    expect(formatCloudWatchNumber(80)).toBe('80.0')
    expect(formatCloudWatchNumber(8.891518474692088)).toBe('8.891518474692088')
    expect(formatCloudWatchNumber(10.25)).toBe('10.25')
    expect(formatCloudWatchNumber(0)).toBe('0.0')
    // Java Double.toString switches to E notation at 1e7 and below 1e-3.
    expect(formatCloudWatchNumber(1e7)).toBe('1.0E7')
    expect(formatCloudWatchNumber(0.0001)).toBe('1.0E-4')
    expect(formatReasonTimestamp(Date.UTC(2021, 6, 14, 23, 18, 0))).toBe('14/07/21 23:18:00')
  })
})

describe('holding and look-back', () => {
  it('keeps the state at a held period and evaluates normally after it', () => {
    const hold = new Uint8Array([0, 0, 1, 0])
    const result = evaluateAlarmSeries({ ...config(1, 'missing'), EvaluationPeriods: 1 }, [10, 10, 90, 90], { hold })
    expect(Array.from(result.states, stateName)).toEqual(['OK', 'OK', 'OK', 'ALARM'])
    expect(result.rules[2]).toBe(EvaluationRule.Held)
  })

  it('uses datapoints before startIndex to fill the range without evaluating them', () => {
    // 3 of 3, startIndex 3: the first evaluation (index 3) sees 90, 90, 90 from before the start.
    const result = evaluateAlarmSeries(config(3, 'missing'), [90, 90, 90, 90], { startIndex: 3 })
    expect(Array.from(result.states, stateName)).toEqual(['INSUFFICIENT_DATA', 'INSUFFICIENT_DATA', 'INSUFFICIENT_DATA', 'ALARM'])
  })

  it('accepts a Float64Array with NaN for missing datapoints', () => {
    const result = evaluateAlarmSeries(config(3, 'breaching'), new Float64Array([NaN, NaN, NaN, NaN, NaN]))
    expect(stateName(result.states[4])).toBe('ALARM')
  })

  it('refuses a bad configuration with the field name', () => {
    expect(() => evaluateAlarmSeries({ ...config(4, 'missing') }, [1])).toThrow(LabError)
    expect(() => evaluateAlarmSeries({ ...config(4, 'missing') }, [1])).toThrow(/DatapointsToAlarm/)
    expect(() => evaluateAlarmSeries({ ...config(1, 'missing'), Threshold: NaN }, [1])).toThrow(/Threshold/)
  })
})

// ------------------------------------------------------------------------------------------------
// Properties

const datapointsArb = fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }), { minLength: 1, maxLength: 60 })
const treatArb = fc.constantFrom<TreatMissingData>('missing', 'notBreaching', 'breaching', 'ignore')
const stateArb = fc.constantFrom<AlarmState>('OK', 'ALARM', 'INSUFFICIENT_DATA')
const nmArb = fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n })))

function firstAlarm(states: Uint8Array): number {
  const i = states.indexOf(STATE_ALARM)
  return i < 0 ? Infinity : i
}

/**
 * A direct, slow transcription of the doc's steps (one range slice per period), to check the
 * sliding-window implementation against.
 */
function referenceStates(values: (number | null)[], n: number, m: number, threshold: number, treat: TreatMissingData, initial: AlarmState): AlarmState[] {
  const out: AlarmState[] = []
  let state = initial
  const range = n + 2
  for (let i = 0; i < values.length; i++) {
    const slots: (number | null)[] = []
    for (let j = i - range + 1; j <= i; j++) slots.push(j >= 0 ? values[j] : null)
    const real = slots.filter((v): v is number => v !== null)
    const breaches = (v: number): boolean => v > threshold
    if (real.length >= n) {
      state = real.slice(-n).filter(breaches).length >= m ? 'ALARM' : 'OK'
    } else if (treat === 'breaching' || treat === 'notBreaching') {
      const filledBreaching = treat === 'breaching' ? n - real.length : 0
      state = real.filter(breaches).length + filledBreaching >= m ? 'ALARM' : 'OK'
    } else if (real.length > 0) {
      const b = real.filter(breaches).length
      if (b >= m) state = 'ALARM'
      else if (b < real.length) state = 'OK'
      else if (treat === 'missing') {
        // "Avoiding premature transitions to alarm state": ALARM when the oldest breaching datapoint in the
        // evaluation range is at least Datapoints to Alarm periods old (the newest slot is 1 period old).
        const oldestAge = range - slots.findIndex((v) => v !== null)
        state = oldestAge >= m ? 'ALARM' : 'INSUFFICIENT_DATA'
      }
    } else if (treat === 'missing') {
      state = 'INSUFFICIENT_DATA'
    }
    out.push(state)
  }
  return out
}

describe('evaluator properties', () => {
  it('a stricter threshold never alarms earlier (GreaterThanThreshold)', () => {
    fc.assert(
      fc.property(datapointsArb, nmArb, treatArb, stateArb, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (values, [n, m], treat, initial, a, b) => {
        const low = Math.min(a, b)
        const high = Math.max(a, b)
        const base = { Period: 60, EvaluationPeriods: n, DatapointsToAlarm: m, ComparisonOperator: 'GreaterThanThreshold' as const, TreatMissingData: treat }
        const loose = evaluateAlarmSeries({ ...base, Threshold: low }, values, { initialState: initial })
        const strict = evaluateAlarmSeries({ ...base, Threshold: high }, values, { initialState: initial })
        expect(firstAlarm(strict.states)).toBeGreaterThanOrEqual(firstAlarm(loose.states))
      })
    )
  })

  it('an M-of-N alarm with a smaller M never alarms later', () => {
    fc.assert(
      fc.property(datapointsArb, nmArb, fc.integer({ min: 1, max: 6 }), treatArb, stateArb, (values, [n, m], other, treat, initial) => {
        const smaller = Math.min(m, other)
        const base = { Period: 60, EvaluationPeriods: n, Threshold: 50, ComparisonOperator: 'GreaterThanThreshold' as const, TreatMissingData: treat }
        const easy = evaluateAlarmSeries({ ...base, DatapointsToAlarm: smaller }, values, { initialState: initial })
        const hard = evaluateAlarmSeries({ ...base, DatapointsToAlarm: m }, values, { initialState: initial })
        expect(firstAlarm(easy.states)).toBeLessThanOrEqual(firstAlarm(hard.states))
      })
    )
  })

  it('gives identical output on repeated runs', () => {
    fc.assert(
      fc.property(datapointsArb, nmArb, treatArb, stateArb, (values, [n, m], treat, initial) => {
        const cfg = { Period: 60, EvaluationPeriods: n, DatapointsToAlarm: m, Threshold: 50, ComparisonOperator: 'GreaterThanOrEqualToThreshold' as const, TreatMissingData: treat }
        const first = evaluateAlarmSeries(cfg, values, { initialState: initial })
        const second = evaluateAlarmSeries(cfg, values, { initialState: initial })
        expect(second.states).toEqual(first.states)
        expect(second.rules).toEqual(first.rules)
        expect(second.breaching).toEqual(first.breaching)
        const last = values.length - 1
        expect(formatReason(second, last)).toBe(formatReason(first, last))
      })
    )
  })

  it('agrees with a direct per-period transcription of the doc steps', () => {
    fc.assert(
      fc.property(datapointsArb, nmArb, treatArb, stateArb, (values, [n, m], treat, initial) => {
        const result = evaluateAlarmSeries(
          { Period: 60, EvaluationPeriods: n, DatapointsToAlarm: m, Threshold: 50, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: treat },
          values,
          { initialState: initial }
        )
        expect(Array.from(result.states, stateName)).toEqual(referenceStates(values, n, m, 50, treat, initial))
      }),
      { numRuns: 300 }
    )
  })

  it('round-trips state names and codes', () => {
    for (const s of STATES) expect(stateName(stateCode(s))).toBe(s)
  })
})

describe('statesOnly (the lab trade-off sweeps)', () => {
  it('gives exactly the states of a full evaluation, and no per-period detail', () => {
    const treatments: TreatMissingData[] = ['missing', 'notBreaching', 'breaching', 'ignore']
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.integer({ min: 0, max: 10 }), { nil: null }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 4 }),
        fc.constantFrom(...treatments),
        fc.integer({ min: 0, max: 5 }),
        (points, N, dm, treat, start) => {
          const config: AlarmEvaluationConfig = { Period: 60, EvaluationPeriods: N, DatapointsToAlarm: Math.max(1, N - dm), Threshold: 5, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: treat }
          const startIndex = Math.min(start, points.length - 1)
          const full = evaluateAlarmSeries(config, points, { startIndex })
          const lean = evaluateAlarmSeries(config, points, { startIndex, statesOnly: true })
          expect(Array.from(lean.states)).toEqual(Array.from(full.states))
          expect(lean.rules.length + lean.breaching.length + lean.existing.length + lean.values.length).toBe(0)
        }
      )
    )
  })
})

describe('evaluateThresholdSweep', () => {
  it('gives, for every threshold, the states evaluateAlarmSeries gives (gaps, ties, every operator and treatment)', () => {
    const ops = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold'] as const
    const treatments = ['missing', 'notBreaching', 'breaching', 'ignore'] as const
    fc.assert(
      fc.property(
        // Few distinct values, so thresholds tie with datapoints; null = missing, in runs (gaps).
        fc.array(fc.oneof(fc.constantFrom(null, null), fc.integer({ min: 0, max: 6 })), { minLength: 0, maxLength: 80 }),
        fc.integer({ min: 1, max: 18 }),
        fc.integer({ min: 1, max: 18 }),
        fc.constantFrom(...ops),
        fc.constantFrom(...treatments),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.integer({ min: -1, max: 7 }).map((t) => t / 1), { minLength: 2, maxLength: 6 }),
        (values, n, m, op, treat, startIndex, thresholds) => {
          const N = n
          const M = Math.min(m, N)
          const config = { Period: 60, EvaluationPeriods: N, DatapointsToAlarm: M, ComparisonOperator: op, TreatMissingData: treat }
          const swept = evaluateThresholdSweep(config, values, thresholds, { startIndex })
          thresholds.forEach((t, k) => {
            const one = evaluateAlarmSeries({ ...config, Threshold: t }, values, { startIndex })
            expect(Array.from(swept[k])).toEqual(Array.from(one.states))
          })
        }
      ),
      { numRuns: 600, seed: 7 }
    )
  })
})
