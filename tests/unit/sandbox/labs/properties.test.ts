/**
 * Invariants of the scorecard under the CloudWatch evaluator, for any series.
 *
 * Note on "false alarms": a false alarm is a page (an ALARM transition). Raising the threshold can
 * split one noisy ALARM stretch into two, so the *count* of pages is not monotone in the threshold
 * (shown below). What is monotone is the time spent in ALARM, in total and outside the incidents
 * that should page; that is the property tested.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { evaluateAlarmSeries } from '../../../../src/main/sandbox/cloudwatch'
import { buildScorecard, scorecardCounts } from '../../../../src/main/sandbox/cloudwatch/labs/scorecard'
import type { IncidentSummary } from '../../../../src/shared/contract/lab-results'
import { incident, min } from './helpers'

const TREATMENTS = ['missing', 'notBreaching', 'breaching', 'ignore'] as const
type Treat = (typeof TREATMENTS)[number]

function states(values: (number | null)[], threshold: number, N: number, M: number, treat: Treat): Uint8Array {
  return evaluateAlarmSeries({ Period: 60, EvaluationPeriods: N, DatapointsToAlarm: M, Threshold: threshold, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: treat }, values).states
}

function alarmMinutesOutside(s: Uint8Array, incidents: IncidentSummary[]): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const t = min(i)
    if (s[i] === 1 && !incidents.some((inc) => inc.shouldPage && t >= inc.start && t < inc.end)) n++
  }
  return n
}

const series = fc.array(fc.option(fc.integer({ min: 0, max: 100 }), { nil: null, freq: 6 }), { minLength: 5, maxLength: 120 })
const mOfN = fc.integer({ min: 1, max: 6 }).chain((N) => fc.tuple(fc.constant(N), fc.integer({ min: 1, max: N })))

describe('scorecard properties', () => {
  it('raising the threshold (GreaterThanThreshold) never adds minutes in ALARM, in total or outside should-page incidents', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), mOfN, fc.constantFrom(...TREATMENTS), (values, a, b, [N, M], treat) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a]
        const incidents = [incident('x', 'latencyRegression', 'x', 10, 20, true, '')]
        const sLo = states(values, lo, N, M, treat)
        const sHi = states(values, hi, N, M, treat)
        const timestamps = values.map((_, i) => min(i))
        const cardLo = buildScorecard({ timestamps, states: sLo, periodMs: 60_000 }, incidents, 0)
        const cardHi = buildScorecard({ timestamps, states: sHi, periodMs: 60_000 }, incidents, 0)
        expect(cardHi.alarmMinutes).toBeLessThanOrEqual(cardLo.alarmMinutes)
        expect(alarmMinutesOutside(sHi, incidents)).toBeLessThanOrEqual(alarmMinutesOutside(sLo, incidents))
      }),
      { numRuns: 300 }
    )
  })

  it('requiring more breaching datapoints (higher M, same N) never adds minutes in ALARM', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 2, max: 6 }), fc.constantFrom(...TREATMENTS), (values, threshold, N, treat) => {
        let previous = Infinity
        for (let M = 1; M <= N; M++) {
          const s = states(values, threshold, N, M, treat)
          const alarm = s.reduce((acc, x) => acc + (x === 1 ? 1 : 0), 0)
          expect(alarm).toBeLessThanOrEqual(previous)
          previous = alarm
        }
      }),
      { numRuns: 200 }
    )
  })

  it('every ALARM transition is either a detection window page or a false alarm, never both', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 0, max: 100 }), mOfN, (values, threshold, [N, M]) => {
        const incidents = [incident('x', 'errorBurst', 'x', 3, 9, true, ''), incident('q', 'outlier', 'q', 15, 16, false, '')]
        const s = states(values, threshold, N, M, 'missing')
        const card = buildScorecard({ timestamps: values.map((_, i) => min(i)), states: s, periodMs: 60_000 }, incidents, 1)
        let transitions = 0
        let prev = 2
        for (const x of s) {
          if (x === 1 && prev !== 1) transitions++
          prev = x
        }
        expect(card.falseAlarms.length + card.incidents[0].pages).toBe(transitions)
      }),
      { numRuns: 200 }
    )
  })

  it('counter-example: the number of pages is not monotone in the threshold', () => {
    // 1 of 1 over 30, 24, 30: at threshold 20 one ALARM stretch (one page); at 25 the middle
    // datapoint stops breaching and the stretch splits in two (two pages).
    const values = [10, 30, 24, 30, 10]
    const pages = (t: number): number => buildScorecard({ timestamps: values.map((_, i) => min(i)), states: states(values, t, 1, 1, 'missing'), periodMs: 60_000 }, [], 0).falseAlarms.length
    expect(pages(20)).toBe(1)
    expect(pages(25)).toBe(2)
  })

  it("the sweeps' counts-only scorecard agrees with the full scorecard on every timeline", () => {
    // Overlapping should-page incidents (one outage), a quiet one, grace 0–3 minutes.
    const incidentsArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 30 }), fc.boolean()), { maxLength: 4 })
    fc.assert(
      fc.property(series, fc.integer({ min: 0, max: 100 }), mOfN, incidentsArb, fc.integer({ min: 0, max: 3 }), fc.constantFrom(10_000, 60_000, 300_000), (values, threshold, [N, M], incs, grace, periodMs) => {
        const incidents = incs.map(([from, len, page], k) => incident(`i${k}`, 'errorBurst', `i${k}`, from, from + len, page, ''))
        const t = { timestamps: values.map((_, i) => min(0) + i * periodMs), states: states(values, threshold, N, M, 'missing'), periodMs }
        const card = buildScorecard(t, incidents, grace)
        expect(scorecardCounts(t, incidents, grace)).toEqual({ falseAlarms: card.falseAlarms.length, missed: card.missedIncidents.length, meanTimeToDetectSeconds: card.meanTimeToDetectSeconds, alarmMinutes: card.alarmMinutes })
      }),
      { numRuns: 400 }
    )
  })
})
