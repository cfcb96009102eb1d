/**
 * The channels that need no saved state: pure functions of the request. The hosts run them in the
 * job pool's worker threads (src/main/jobs/), so a million-datapoint evaluation or a million-sample
 * drift comparison never holds up the thread that answers requests; tests run them in process.
 * Each answer is bounded: a request too large for a learner's use is refused with
 * PAYLOAD_TOO_LARGE naming the limit.
 */
import type { ParsedReq, Res } from '../../shared/contract'
import { LabError } from '../../shared/errors'
import { ALARM_STATES, evaluateAlarmSeries, formatReason, validateMetricAlarm, type ComparisonOperator, type TreatMissingData } from '../sandbox/cloudwatch'
import { createCostHandlers } from './cost-handlers'
import { createDeployHandlers } from './deploy-handlers'
import type { Handlers } from './dispatch'
import { createEventsHandlers } from './events-handlers'
import { createMonitorHandlers } from './monitor-handlers'

/** A reason for every period is written for at most a week of one-minute periods (about 3 MB of text). */
export const MAX_REASONED_PERIODS = 10_080

export function evaluateAlarmChannel(req: ParsedReq<'cloudwatch.evaluateAlarm'>): Res<'cloudwatch.evaluateAlarm'> {
  // The alarm fields get PutMetricAlarm's own checks; the metric identity is irrelevant here.
  try {
    validateMetricAlarm({ AlarmName: 'evaluateAlarm', Namespace: 'Sandbox', MetricName: 'Series', Statistic: 'Average', ...req.alarm })
  } catch (err) {
    if (err instanceof LabError) {
      const issues = err.issues.map((i) => ({ path: `alarm.${i.path}`, message: i.message }))
      throw new LabError(err.code, `${issues[0]?.path}: ${issues[0]?.message}`, issues)
    }
    throw err
  }
  const onlyTransitions = req.reasons === 'transitions'
  if (!onlyTransitions && req.datapoints.length > MAX_REASONED_PERIODS) {
    throw new LabError(
      'PAYLOAD_TOO_LARGE',
      `reasons: a reason for every period is given for at most ${MAX_REASONED_PERIODS.toLocaleString('en-US')} periods, and this series has ${req.datapoints.length.toLocaleString('en-US')}; ask for reasons: "transitions".`,
      [{ path: 'reasons', message: `"all" allows at most ${MAX_REASONED_PERIODS} datapoints; use "transitions"` }]
    )
  }
  const result = evaluateAlarmSeries(
    {
      Period: req.alarm.Period,
      EvaluationPeriods: req.alarm.EvaluationPeriods,
      DatapointsToAlarm: req.alarm.DatapointsToAlarm,
      Threshold: req.alarm.Threshold,
      ComparisonOperator: req.alarm.ComparisonOperator as ComparisonOperator,
      TreatMissingData: req.alarm.TreatMissingData as TreatMissingData | undefined
    },
    req.datapoints,
    { initialState: req.initialState }
  )
  // Read once into locals: this loop may visit a million periods, and an imported binding is a
  // property read through the module namespace on every access.
  const states = result.states
  const stateNames = ALARM_STATES
  const n = states.length
  const evaluations: { index: number; state: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA'; reason: string }[] = []
  let previous = result.initialState
  for (let i = 0; i < n; i++) {
    const code = states[i]
    // "transitions": only the periods where the state changed, so the answer summarises the series.
    if (!onlyTransitions) evaluations.push({ index: i, state: stateNames[code], reason: formatReason(result, i) })
    else if (code !== previous) evaluations.push({ index: i, state: stateNames[code], reason: formatReason(result, i) })
    previous = code
  }
  return { evaluations, periods: n, finalState: stateNames[n > 0 ? states[n - 1] : result.initialState] }
}

export type StatelessChannel =
  | 'cloudwatch.evaluateAlarm'
  | 'cost.recommend'
  | 'cost.trainingJob'
  | 'cost.purchasing'
  | 'deploy.simulate'
  | 'events.testEventPattern'
  | 'monitor.compareDistributions'
  | 'monitor.modelQuality'
  | 'monitor.exampleCsv'
  | 'monitor.simplifications'

export function statelessHandlers(): Pick<Handlers, StatelessChannel> {
  return {
    'cloudwatch.evaluateAlarm': evaluateAlarmChannel,
    ...createCostHandlers(),
    ...createDeployHandlers(),
    ...createEventsHandlers(),
    ...createMonitorHandlers()
  }
}

export const STATELESS_CHANNELS = Object.keys(statelessHandlers()) as StatelessChannel[]
