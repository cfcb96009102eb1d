/**
 * Every check, passing and failing, with the diagnostic a learner reads. The fixtures are short
 * hand-made series (helpers.ts); the expected numbers are worked out in the comments from the
 * CloudWatch rules (M of N over the last N datapoints; missing data filled only when fewer than N
 * real datapoints are in the N + 2 evaluation range) and the scorecard rules (a page is an ALARM
 * transition, timed at the end of its period).
 */
import { describe, expect, it } from 'vitest'
import { LabError } from '../../../../src/shared/errors'
import type { StateCode } from '../../../../src/shared/contract/lab-results'
import { buildScorecard } from '../../../../src/main/sandbox/cloudwatch/labs/scorecard'
import { runKindCheck, stepKind, stepKindNames, LabFile, runStep } from '../../../../src/main/sandbox/labs'
import { GAP, HEARTBEAT_VALUES, LATENCY_PEAKS, LATENCY_VALUES, REGRESSION, SPIKE, T0, alarmRun, incident, min, type TestRun } from './helpers'

const runCheck = (name: string, run: TestRun, params: Record<string, unknown>) =>
  runKindCheck(stepKind(run.kind)!, name, { result: run.result as never, incidents: run.incidents, inputs: {} }, params)
const check = (name: string, run: TestRun, params: Record<string, unknown> = {}): { pass: boolean; diagnostic: string } => {
  const r = runCheck(name, run, params)
  return { pass: r.pass, diagnostic: r.diagnostic }
}
type StepRun = TestRun

// Latency fixture at 250 ms. 1 of 1: the spike (minute 3) pages at 00:04, the regression (minutes
// 10–14) pages at 00:11, 60 s after it started. 3 of 5: the spike is one breaching datapoint of
// five; minutes 10, 11, 12 make three at minute 12, evaluated at 00:13, 180 s after the start.
const oneOfOne = (threshold = 250_000): StepRun => alarmRun({ values: LATENCY_VALUES, threshold, incidents: [SPIKE, REGRESSION], peaks: LATENCY_PEAKS })
const threeOfFive = (): StepRun => alarmRun({ values: LATENCY_VALUES, threshold: 250_000, N: 5, M: 3, incidents: [SPIKE, REGRESSION], peaks: LATENCY_PEAKS })

describe('detectsIncident', () => {
  it('passes when the regression pages inside the limit', () => {
    expect(check('detectsIncident', threeOfFive(), { incident: 'reg', withinSeconds: 300 })).toEqual({
      pass: true,
      diagnostic: 'Caught the model regression (Mon 00:10–00:15) 180 s after it started (limit 300 s).'
    })
  })

  it('fails a late page and says how late and why: 3 of 5 one-minute periods cannot page before 180 s', () => {
    expect(check('detectsIncident', threeOfFive(), { incidentKind: 'latencyRegression', withinSeconds: 120 })).toEqual({
      pass: false,
      diagnostic:
        'Caught the model regression (Mon 00:10–00:15) only after 180 s — 60 s over the 120 s limit. With Period 60 s and 3 of 5 datapoints, the earliest possible page is 180 s after the metric starts breaching; shorten the period or lower M.'
    })
  })

  it('fails a miss and names the peak against the threshold (300 ms never crosses 350 ms)', () => {
    expect(check('detectsIncident', oneOfOne(350_000), { incident: 'reg', withinSeconds: 900 })).toEqual({
      pass: false,
      diagnostic:
        'Missed the model regression (Mon 00:10–00:15): your alarm did not go to ALARM during it or in the 2 minutes after. Its p99 ModelLatency peaked at 300 ms, never crossing your threshold of 350 ms. Look at the chart over that window: the statistic you alarm on has to cross the threshold.'
    })
  })

  it('explains the missing-data delay of a heartbeat: 1 of 1 needs M + 2 = 3 empty periods', () => {
    // Breaching fill starts at minute 8 (the range 6–8 has no real datapoint): ALARM at 00:09, 180 s after 00:06.
    const run = alarmRun({ values: HEARTBEAT_VALUES, statistic: 'Sum', metricName: 'Invocations', unit: 'None', threshold: 1, operator: 'LessThanThreshold', treat: 'breaching', incidents: [GAP(true)] })
    expect(check('detectsIncident', run, { incident: 'gap', withinSeconds: 300 }).diagnostic).toBe('Caught the upstream outage (Mon 00:06–00:12) 180 s after it started (limit 300 s).')
    expect(check('detectsIncident', run, { incident: 'gap', withinSeconds: 120 })).toEqual({
      pass: false,
      diagnostic:
        'Caught the upstream outage (Mon 00:06–00:12) only after 180 s — 60 s over the 120 s limit. Missing data is filled only when fewer than N real datapoints are left in the evaluation range (N + 2 periods in the sandbox), so with 1 of 1 datapoints a silence must fill M + 2 = 3 periods (180 s) before it pages; lower M or shorten the period.'
    })
  })

  it('rejects params that name neither an incident nor a kind', () => {
    expect(() => check('detectsIncident', threeOfFive(), { withinSeconds: 60 })).toThrow(LabError)
  })
})

describe('noFalseAlarms', () => {
  it('passes when only the regression pages', () => {
    expect(check('noFalseAlarms', threeOfFive())).toEqual({ pass: true, diagnostic: 'No false alarms all week: every page fell inside an incident that should page.' })
  })

  it('fails on the spike and points at M of N', () => {
    expect(check('noFalseAlarms', oneOfOne())).toEqual({
      pass: false,
      diagnostic:
        'Your alarm paged once outside any incident that should page (false alarms; at most 0 allowed). The first was at Mon 00:04, during the garbage-collection pause (Mon 00:03): p99 ModelLatency was 500 ms against your threshold of 250 ms, and your alarm pages on 1 breaching datapoint out of 1. A lone spike should not page: require M of N (for example 3 of 5).'
    })
  })

  it('accepts up to max false alarms', () => {
    expect(check('noFalseAlarms', oneOfOne(), { max: 1 })).toEqual({ pass: true, diagnostic: '1 false alarm this week (at most 1 allowed).' })
  })

  it('blames missing data treated as breaching when the page had no datapoint', () => {
    const run = alarmRun({ values: HEARTBEAT_VALUES, statistic: 'Sum', metricName: 'Invocations', unit: 'None', threshold: 1, operator: 'LessThanThreshold', treat: 'breaching', incidents: [GAP(false)] })
    expect(check('noFalseAlarms', run).diagnostic).toBe(
      'Your alarm paged once outside any incident that should page (false alarms; at most 0 allowed). The first was at Mon 00:09, during the upstream outage (Mon 00:06–00:12): no datapoints arrived and TreatMissingData = breaching decided the state. Missing data counted as breaching: for a metric that reports only when there is traffic, silence is not an error — or, for a heartbeat, require several empty periods in a row.'
    )
  })
})

describe('ignoresOutlier', () => {
  it('passes when the spike crosses the threshold but 3 of 5 rides over it', () => {
    expect(check('ignoresOutlier', threeOfFive())).toEqual({
      pass: true,
      diagnostic: 'The lone outlier at Mon 00:03 crossed your threshold (p99 ModelLatency 500 ms) but did not page: one breaching datapoint is not 3 of 5 datapoints.'
    })
  })

  it('fails when 1 of 1 pages on the spike', () => {
    expect(check('ignoresOutlier', oneOfOne())).toEqual({
      pass: false,
      diagnostic:
        'The lone outlier at Mon 00:03 paged you: one slow minute pushed p99 ModelLatency to 500 ms, above your threshold of 250 ms, and your alarm pages on 1 breaching datapoint out of 1. One bad minute is not an incident; with M of N (for example 3 of 5) the alarm rides over it.'
    })
  })
})

describe('statisticIs', () => {
  it('passes for p99', () => {
    expect(check('statisticIs', oneOfOne(), { oneOf: ['p99'] })).toEqual({ pass: true, diagnostic: 'You alarm on p99.' })
  })

  it('fails for Average and compares the two statistics during the regression', () => {
    const avg = alarmRun({
      values: LATENCY_VALUES.map((v) => v / 2),
      statistic: 'Average',
      threshold: 250_000,
      incidents: [SPIKE, REGRESSION],
      peaks: [LATENCY_PEAKS[1], LATENCY_PEAKS[0]]
    })
    expect(check('statisticIs', avg, { oneOf: ['p99'] })).toEqual({
      pass: false,
      diagnostic:
        'You alarm on Average; this step needs p99. During the model regression, Average peaked at 120 ms while p99 reached 300 ms (threshold 250 ms). An average blends the many fast requests with the few slow ones, so a problem in the tail barely moves it; a percentile such as p99 follows what the slowest 1% of callers feel.'
    })
  })
})

describe('usesMOfN', () => {
  it('passes 3 of 5', () => {
    expect(check('usesMOfN', threeOfFive(), { minN: 3 })).toEqual({ pass: true, diagnostic: '3 of 5: the alarm needs 3 breaching datapoints among the last 5, so a single bad period does not page.' })
  })

  it('fails 1 of 1', () => {
    expect(check('usesMOfN', oneOfOne(), { minN: 3 })).toEqual({
      pass: false,
      diagnostic: 'Your alarm is 1 of 1: any single breaching datapoint pages. Set DatapointsToAlarm (M) to at least 2 and EvaluationPeriods (N) to at least 3, so one bad period cannot trip it — for example 3 of 5.'
    })
  })

  it('fails 2 of 2 for too short a window, and 3 of 5 above maxM for the delay it costs', () => {
    const twoOfTwo = alarmRun({ values: LATENCY_VALUES, threshold: 250_000, N: 2, M: 2, incidents: [SPIKE, REGRESSION] })
    expect(check('usesMOfN', twoOfTwo, { minN: 3 }).diagnostic).toBe(
      'Your alarm looks at only the last 2 datapoints (EvaluationPeriods 2); this step wants at least 3, so the breaching datapoints can be spread over a window instead of having to be back to back.'
    )
    expect(check('usesMOfN', threeOfFive(), { minN: 3, maxM: 2 })).toEqual({
      pass: false,
      diagnostic: '3 of 5 needs 3 breaching datapoints (at most 2 here): a real incident waits at least 180 s before it pages.'
    })
  })
})

// Heartbeat fixture, 1 of 1 (range of 3 periods). missing: minutes 6 and 7 still see a real
// datapoint in their range; minutes 8–11 see none → INSUFFICIENT_DATA for 4 minutes from 00:08.
const heartbeat = (treat: 'missing' | 'breaching' | 'notBreaching', gapShouldPage: boolean): StepRun =>
  alarmRun({ values: HEARTBEAT_VALUES, statistic: 'Sum', metricName: 'Invocations', unit: 'None', threshold: 1, operator: 'LessThanThreshold', treat, incidents: [GAP(gapShouldPage)] })

describe('treatMissingDataIs', () => {
  it('passes when it matches', () => {
    expect(check('treatMissingDataIs', heartbeat('breaching', true), { value: 'breaching' })).toEqual({
      pass: true,
      diagnostic: 'TreatMissingData is breaching: for a metric that should always report (a heartbeat such as Invocations), silence is itself the incident.'
    })
  })

  it('fails missing with the minutes it spent not knowing', () => {
    expect(check('treatMissingDataIs', heartbeat('missing', true), { value: 'breaching' })).toEqual({
      pass: false,
      diagnostic:
        'With TreatMissingData = missing, periods without data leave the alarm unable to decide, so it goes to INSUFFICIENT_DATA (4 minutes this week, first at Mon 00:08). This step needs breaching: for a metric that should always report (a heartbeat such as Invocations), silence is itself the incident.'
    })
  })

  it('fails breaching on an error metric with the pages it caused, and notBreaching on a heartbeat with the outage it hid', () => {
    expect(check('treatMissingDataIs', heartbeat('breaching', false), { value: 'notBreaching' }).diagnostic).toBe(
      'With TreatMissingData = breaching, every period without data counts as bad, so quiet spells paged you once. This step needs notBreaching: for a metric that reports only when something happens (errors on a quiet endpoint), no data means nothing went wrong.'
    )
    expect(check('treatMissingDataIs', heartbeat('notBreaching', true), { value: 'breaching' }).diagnostic).toBe(
      'With TreatMissingData = notBreaching, a period without data counts as good, so the upstream outage (Mon 00:06–00:12) looked healthy. This step needs breaching: for a metric that should always report (a heartbeat such as Invocations), silence is itself the incident.'
    )
  })
})

describe('neverInsufficientData and insufficientDataMinutesAtMost', () => {
  it('fail with the gray minutes and the gap that caused them', () => {
    expect(check('neverInsufficientData', heartbeat('missing', false))).toEqual({
      pass: false,
      diagnostic:
        'The alarm spent 4 minutes in INSUFFICIENT_DATA (gray on the chart), first at Mon 00:08, during the upstream outage (Mon 00:06–00:12): no datapoints arrived, and with TreatMissingData = missing CloudWatch cannot tell OK from ALARM. Decide what silence means for this metric.'
    })
    expect(check('insufficientDataMinutesAtMost', heartbeat('missing', false), { minutes: 2 })).toEqual({
      pass: false,
      diagnostic: 'The alarm spent 4 minutes in INSUFFICIENT_DATA — 2 more than the 2 allowed. Those are the gray stretches where no datapoints arrived; TreatMissingData decides what they mean.'
    })
  })

  it('pass when missing data has a meaning', () => {
    expect(check('neverInsufficientData', heartbeat('notBreaching', false))).toEqual({ pass: true, diagnostic: 'The alarm never went to INSUFFICIENT_DATA: it always had an answer.' })
    expect(check('insufficientDataMinutesAtMost', heartbeat('missing', false), { minutes: 4 })).toEqual({ pass: true, diagnostic: '4 minutes in INSUFFICIENT_DATA (at most 4 allowed).' })
  })

  it('whileIncident counts only gray minutes inside should-page incidents', () => {
    expect(check('neverInsufficientData', heartbeat('missing', false), { whileIncident: true })).toEqual({
      pass: true,
      diagnostic: 'The alarm was never in INSUFFICIENT_DATA while an incident was under way.'
    })
    expect(check('neverInsufficientData', heartbeat('missing', true), { whileIncident: true }).diagnostic).toMatch(
      /^The alarm spent 4 minutes in INSUFFICIENT_DATA while an incident that should page was under way \(gray on the chart\), first at Mon 00:08/
    )
  })
})

describe('compositeSuppressesNoise (and the alarm checks on a composite)', () => {
  // 20 minutes, an outage in minutes 10–15 that should page. Latency child in ALARM in minutes
  // 2–4 (noise) and 10–15; error child in 7–8 (noise) and 11–15. OR: three transitions, two of
  // them outside the outage. AND: one transition, at minute 11 (evaluated 00:12, 120 s in).
  const OUTAGE = incident('outage', 'latencyRegression', 'outage', 10, 16, true, 'Mon 00:10–00:16')
  const span = (ranges: [number, number][]): StateCode[] => Array.from({ length: 20 }, (_, i) => (ranges.some(([a, b]) => i >= a && i <= b) ? 1 : 0))
  const lat = span([[2, 4], [10, 15]])
  const err = span([[7, 8], [11, 15]])
  const timestamps = lat.map((_, i) => min(i))
  const score = (states: StateCode[]) => buildScorecard({ timestamps, states, periodMs: 60_000 }, [OUTAGE], 2)
  const child = (name: string, states: StateCode[]) => ({ name, alarm: alarmRun({ values: states.map(() => 1), threshold: 0, incidents: [OUTAGE] }).result.alarm, scorecard: score(states) })
  const composite = (rule: string, states: StateCode[]): StepRun => ({
    kind: 'composite',
    incidents: [OUTAGE],
    result: { composite: { AlarmRule: rule, start: timestamps[0], states, history: [], children: [child('lat', lat), child('err', err)] }, scorecard: score(states) }
  })
  const or = composite('ALARM("lat") OR ALARM("err")', lat.map((s, i) => (s === 1 || err[i] === 1 ? 1 : 0)))
  const and = composite('ALARM("lat") AND ALARM("err")', lat.map((s, i) => (s === 1 && err[i] === 1 ? 1 : 0)))

  it('passes AND, which keeps only the outage', () => {
    expect(check('compositeSuppressesNoise', and)).toEqual({ pass: true, diagnostic: 'The composite paged 0 times outside real incidents, while its children on their own would have paged twice (lat: 1, err: 1).' })
    expect(check('detectsAllIncidents', and, { withinSeconds: 300 })).toEqual({ pass: true, diagnostic: 'Caught the outage (Mon 00:10–00:16) 120 s after it started (limit 300 s).' })
  })

  it('fails OR, which passes on both children\'s noise', () => {
    expect(check('compositeSuppressesNoise', or)).toEqual({
      pass: false,
      diagnostic:
        "The composite alarm paged twice outside the incidents that should page (at most 0 allowed); its children on their own would have paged twice (lat: 1, err: 1). With OR, any one child in ALARM is enough, so the composite passes on every child's noise. Requiring both symptoms at once (AND) keeps only the moments when they go bad together."
    })
    expect(check('noFalseAlarms', or)).toEqual({
      pass: false,
      diagnostic:
        'The composite alarm paged twice outside any incident that should page (false alarms; at most 0 allowed). The first was at Mon 00:03. Each page of a composite comes from its rule turning TRUE: look at which child alarms were in ALARM at that moment.'
    })
  })

  it('can grade one child by name', () => {
    expect(check('noFalseAlarms', and, { alarm: 'err', max: 1 }).pass).toBe(true)
    expect(check('noFalseAlarms', and, { alarm: 'nope' }).diagnostic).toBe('Lab content problem: this step has no child alarm named "nope" (it has lat, err).')
  })
})

describe('lookupUsesCloudTrail and identifiesActor', () => {
  // A one-step lab whose scenario world records three calls by other people: the lookups below run
  // against that world's CloudTrail Event history, as the cloudtrail kind does for a learner.
  const alarmCall = (threshold: number) => ({
    type: 'PutMetricAlarm',
    AlarmName: 'lat-p99',
    Namespace: 'AWS/SageMaker',
    MetricName: 'ModelLatency',
    Dimensions: [{ Name: 'EndpointName', Value: 'ep' }, { Name: 'VariantName', Value: 'AllTraffic' }],
    ExtendedStatistic: 'p99',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: threshold,
    ComparisonOperator: 'GreaterThanThreshold'
  })
  const endpoint = (name: string) => ({
    type: 'CreateEndpoint',
    EndpointName: name,
    ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: 1, ModelPreset: 'xgboost-tabular' }],
    Traffic: { pattern: 'steady', baseRpm: 10 }
  })
  const lab = LabFile.parse({
    id: 'audit-test',
    order: 1,
    title: 'Audit',
    summary: 'Who did it?',
    estimatedMinutes: 5,
    taskStatement: '4.3',
    examItems: ['4.3.S3'],
    scenario: {
      seed: 5,
      setup: [{ ...endpoint('ep'), Caller: 'ci-bot' }],
      calls: [
        { caller: 'ci-bot', start: { days: [0, 0], hours: [8, 9] }, action: endpoint('ep-staging') },
        { caller: 'ci-bot', start: { days: [0, 0], hours: [9, 10] }, action: alarmCall(150000) },
        { caller: 'sam.dev', start: { days: [3, 3], hours: [15, 16] }, action: alarmCall(10000000) },
        { caller: 'marco.ds', start: { days: [5, 5], hours: [9, 10] }, action: { type: 'DeleteEndpoint', EndpointName: 'ep-staging' } }
      ]
    },
    steps: [
      {
        id: 'who',
        kind: 'cloudtrail',
        title: 'Who?',
        examItems: ['4.3.S3'],
        instructions: 'Find out.',
        inputs: [
          { id: 'service', field: 'Service', type: 'select', label: 'Service', options: ['CloudWatch', 'CloudTrail'], default: 'CloudWatch' },
          { id: 'key', field: 'AttributeKey', type: 'select', label: 'Key', options: ['Username', 'EventName', 'ResourceName'], default: 'Username' },
          { id: 'value', field: 'AttributeValue', type: 'text', label: 'Value', default: '' },
          { id: 'user', field: 'Username', type: 'text', label: 'User', default: '' }
        ],
        checks: [{ check: 'identifiesActor', params: { eventName: 'DeleteEndpoint' } }],
        hints: ['Look.'],
        solution: { service: 'CloudTrail', key: 'EventName', value: 'DeleteEndpoint', user: 'marco.ds' },
        explanation: 'CloudTrail.'
      }
    ],
    questions: [{ id: 'q', examItems: ['4.3.S3'], prompt: 'Q?', choices: ['a', 'b'], answer: 0, explanation: 'a.' }]
  })
  const audit = (choice: { Service: string; AttributeKey?: string; AttributeValue?: string; Username?: string }): StepRun => {
    const run = runStep(lab, 'who', { service: choice.Service, key: choice.AttributeKey ?? 'Username', value: choice.AttributeValue ?? '', user: choice.Username ?? '' })
    const lookup = choice.AttributeKey === undefined ? null : run.kind === 'cloudtrail' ? run.result.audit.lookup : null
    if (run.kind !== 'cloudtrail') throw new Error('expected a cloudtrail run')
    // No AttributeKey chosen: the lookup the learner made is "no filter" (the form always sends a key).
    return { kind: 'cloudtrail', incidents: run.incidents, result: { audit: { ...run.result.audit, lookup } } }
  }
  const deleted = { attributeKey: ['EventName', 'ResourceName'], eventName: 'DeleteEndpoint' }

  it('passes a CloudTrail lookup by EventName that finds the call (Saturday between 09:00 and 10:00)', () => {
    const r = check('lookupUsesCloudTrail', audit({ Service: 'CloudTrail', AttributeKey: 'EventName', AttributeValue: 'DeleteEndpoint' }), deleted)
    expect(r.pass).toBe(true)
    expect(r.diagnostic).toMatch(/^LookupEvents with EventName = "DeleteEndpoint" found DeleteEndpoint by marco\.ds at Sat 09:\d\d\.$/)
  })

  it('fails CloudWatch: metrics do not say who called an API', () => {
    expect(check('lookupUsesCloudTrail', audit({ Service: 'CloudWatch' }), deleted)).toEqual({
      pass: false,
      diagnostic:
        "You asked CloudWatch. Its metrics and alarm history show what the endpoint and the alarm did and when, but DeleteEndpoint is an API call: the record of who called it, from where and with which parameters is CloudTrail's (Event history keeps 90 days of management events)."
    })
  })

  it('fails a lookup by the unknown answer, and a misspelt event name', () => {
    expect(check('lookupUsesCloudTrail', audit({ Service: 'CloudTrail', AttributeKey: 'Username', AttributeValue: 'sam.dev' }), deleted).diagnostic).toBe(
      'LookupEvents with Username = "sam.dev" returned 1 event, none of them DeleteEndpoint, but you do not know the caller yet — that is the question. Look it up by EventName or ResourceName, then read the caller from the event\'s Username.'
    )
    expect(check('lookupUsesCloudTrail', audit({ Service: 'CloudTrail', AttributeKey: 'EventName', AttributeValue: 'DeleteEndpoints' }), deleted)).toEqual({
      pass: false,
      diagnostic: 'LookupEvents with EventName = "DeleteEndpoints" returned 0 events, none of them DeleteEndpoint. Check the value: event names are API action names, such as DeleteEndpoint.'
    })
  })

  it('identifiesActor wants the latest PutMetricAlarm caller (Thursday), not the creator (Monday)', () => {
    const right = check('identifiesActor', audit({ Service: 'CloudTrail', Username: 'sam.dev' }), { eventName: 'PutMetricAlarm' })
    expect(right.pass).toBe(true)
    expect(right.diagnostic).toMatch(/^Right: sam\.dev called PutMetricAlarm at Thu 15:\d\d\.$/)
    expect(check('identifiesActor', audit({ Service: 'CloudTrail', Username: 'ci-bot' }), { eventName: 'PutMetricAlarm' })).toEqual({
      pass: false,
      diagnostic: '"ci-bot" is not the caller of PutMetricAlarm. Find the PutMetricAlarm event in CloudTrail Event history and read its Username (the IAM user or role session that made the call).'
    })
  })
})

describe('the registry', () => {
  it('names every kind and the checks each may use', () => {
    expect(stepKindNames()).toEqual(['alarm', 'composite', 'cloudtrail', 'rightsizing', 'spotTraining', 'purchasing', 'budget', 'monitor', 'deploy'])
    const alarmChecks = ['detectsAllIncidents', 'detectsIncident', 'ignoresOutlier', 'insufficientDataMinutesAtMost', 'neverInsufficientData', 'noFalseAlarms', 'statisticIs', 'treatMissingDataIs', 'usesMOfN']
    expect(Object.keys(stepKind('alarm')!.checks).sort()).toEqual(alarmChecks)
    expect(Object.keys(stepKind('composite')!.checks).sort()).toEqual([...alarmChecks, 'compositeSuppressesNoise'].sort())
    expect(Object.keys(stepKind('cloudtrail')!.checks).sort()).toEqual(['identifiesActor', 'lookupUsesCloudTrail'])
  })

  it('every check states its criterion in a sentence', () => {
    // The monitor kind's checks with required parameters (monitor/labs/monitor-kind.ts).
    const MONITOR_PARAMS: Record<string, unknown> = { detectsChange: { change: 'shift', withinHours: 24 }, noAlarmDuring: { change: 'burst' }, retrainsAfter: { change: 'shift', withinDays: 3 }, settingIs: { field: 'MonitoringType', oneOf: ['ModelQuality'], why: 'The alarm watches the model quality monitor.' } }
    for (const name of stepKindNames()) {
      for (const c of Object.values(stepKind(name)!.checks)) {
        const deployParams: Record<string, Record<string, unknown>> = { maxAffected: { percent: 0.5 }, maxCost: { usd: 3 }, finishesWithin: { minutes: 60 }, shadowEvaluated: { minCopies: 5000 }, abEvaluated: { minAnswers: 1800, maxAffectedPercent: 10 } }
        const params = name === 'deploy' ? (deployParams[c.name] ?? {}) : c.name === 'detectsIncident' ? { incident: 'reg', withinSeconds: 300 } : c.name === 'statisticIs' ? { oneOf: ['p99'] } : c.name === 'usesMOfN' ? { minN: 3 } : c.name === 'treatMissingDataIs' ? { value: 'notBreaching' } : c.name === 'insufficientDataMinutesAtMost' ? { minutes: 5 } : c.name === 'lookupUsesCloudTrail' ? { attributeKey: ['EventName'], eventName: 'DeleteEndpoint' } : c.name === 'identifiesActor' ? { eventName: 'DeleteEndpoint' } : c.name === 'detectsAllIncidents' ? { withinSeconds: 600 } : (MONITOR_PARAMS[c.name] ?? {})
        expect(c.criterion(c.params.parse(params), [SPIKE, REGRESSION])).toMatch(/^[A-Z`].+\.$/)
      }
    }
  })

  it('rejects an unknown check and bad params with a VALIDATION error naming the field', () => {
    expect(() => runCheck('detectsIncidnet', oneOfOne(), {})).toThrow(/unknown check "detectsIncidnet"/)
    try {
      runCheck('noFalseAlarms', oneOfOne(), { max: -1 })
      expect.unreachable()
    } catch (e) {
      expect((e as LabError).issues[0].path).toBe('params.max')
    }
  })

  it('the fixture starts at the simulated Monday', () => {
    expect(new Date(T0).toISOString()).toBe('2026-01-05T00:00:00.000Z')
  })
})
