/**
 * Checks over a metric alarm's week (and, with `alarm`, over one child of a composite): did it catch
 * the incidents, did it stay quiet otherwise, and is it built the way the lesson asks.
 */
import { z } from 'zod'
import { LAB_INCIDENT_KINDS as INCIDENT_KINDS } from '../../../../shared/contract/lab-results'
import type { AlarmRun, IncidentScore } from '../../../../shared/contract/cloudwatch'
import { checksFor, type CheckResult } from '../../labs/kinds'
import { duration, formatWhen } from '../../labs/format'
import { fmt, incident, incidentName, metricLabel, mOfN, pagesOn, peak, plural, seconds, target, thresholdText, times, view, whose, type AlarmCheckView, type AlarmFamilyResult, type Target } from './check-helpers'

const alarmCheck = checksFor<AlarmFamilyResult>()
const TREATMENTS = ['missing', 'notBreaching', 'breaching', 'ignore'] as const
const childAlarm = z.string().min(1).max(255).optional()

function contentError(message: string): CheckResult {
  return { pass: false, diagnostic: `Lab content problem: ${message}.` }
}

/** Why a should-page incident was not detected, in the alarm's own numbers. */
function whyMissed(result: AlarmCheckView, t: Target, s: IncidentScore): string {
  const base = `Missed the ${s.label} (${s.when}): ${t.label} did not go to ALARM during it or in the ${result.scorecard.graceMinutes} minutes after.`
  if (s.alreadyInAlarm) return `${base} It was already in ALARM when the incident started, so no new page went out; an alarm that sits in ALARM pages nobody.`
  const a = t.alarm
  if (!a) return `${base} The composite's rule was never TRUE in that window: look at which child alarms reached ALARM there, and when.`
  const p = peak(a, s.id)
  const better = a.peaks.slice(1).find((x) => {
    const v = x.byIncident[s.id]
    return v !== null && v !== undefined && (a.definition.ComparisonOperator.startsWith('Greater') ? v > a.threshold : v < a.threshold)
  })
  if (p === null) return `${base} ${metricLabel(a)} had no datapoints then, so there was nothing to compare with the threshold.`
  const crossed = a.definition.ComparisonOperator.startsWith('Greater') ? p > a.threshold : p < a.threshold
  if (!crossed) {
    const extra = better ? ` (${better.statistic} reached ${fmt(a, better.byIncident[s.id] ?? null, better.statistic)})` : ''
    return `${base} Its ${metricLabel(a)} peaked at ${fmt(a, p)}, never crossing your threshold of ${thresholdText(a)}${extra}. Look at the chart over that window: the statistic you alarm on has to cross the threshold.`
  }
  return `${base} ${metricLabel(a)} did cross your threshold of ${thresholdText(a)} (peak ${fmt(a, p)}), but not in ${mOfN(a)} before the window closed. Look at how many periods breached in a row.`
}

function earliest(a: AlarmRun): number {
  return a.definition.DatapointsToAlarm * a.period
}

const detectParams = z
  .strictObject({
    incident: z.string().min(1).optional(),
    incidentKind: z.enum(INCIDENT_KINDS).optional(),
    withinSeconds: z.number().positive(),
    alarm: childAlarm
  })
  .refine((p) => (p.incident === undefined) !== (p.incidentKind === undefined), { message: 'give exactly one of incident (an id) or incidentKind' })

function gradeDetection(result: AlarmCheckView, t: Target, scores: IncidentScore[], within: number): CheckResult {
  const lines: string[] = []
  let pass = true
  for (const s of scores) {
    if (!s.detected || s.timeToDetectSeconds === null) {
      pass = false
      lines.push(whyMissed(result, t, s))
    } else if (s.timeToDetectSeconds > within) {
      pass = false
      const over = s.timeToDetectSeconds - within
      const a = t.alarm
      const silence = a !== null && a.definition.TreatMissingData === 'breaching' && s.kind === 'trafficGap'
      const floor = !a
        ? ' The composite pages only when its rule turns TRUE: check how long each child alarm takes to reach ALARM.'
        : silence
          ? ` Missing data is filled only when fewer than N real datapoints are left in the evaluation range (N + 2 periods in the sandbox), so with ${mOfN(a)} a silence must fill M + 2 = ${a.definition.DatapointsToAlarm + 2} periods (${seconds((a.definition.DatapointsToAlarm + 2) * a.period)}) before it pages; lower M or shorten the period.`
          : ` With Period ${a.period} s and ${mOfN(a)}, the earliest possible page is ${seconds(earliest(a))} after the metric starts breaching; shorten the period or lower M.`
      lines.push(`Caught the ${s.label} (${s.when}) only after ${seconds(s.timeToDetectSeconds)} — ${seconds(over)} over the ${seconds(within)} limit.${floor}`)
    } else {
      lines.push(`Caught the ${s.label} (${s.when}) ${seconds(s.timeToDetectSeconds)} after it started (limit ${seconds(within)}).`)
    }
  }
  return { pass, diagnostic: lines.join(' '), details: { incidents: scores.map((s) => ({ id: s.id, timeToDetectSeconds: s.timeToDetectSeconds })) } }
}

export const detectsIncident = alarmCheck({
  name: 'detectsIncident',
  description: 'Every should-page incident with this id (or of this kind) gets an ALARM transition within `withinSeconds` of its start.',
  params: detectParams,
  criterion: (p, incidents) =>
    `${whose(p.alarm)} pages for ${p.incident ? `the ${incidentName(incidents, p.incident)}` : `every ${p.incidentKind} that should page`} within ${duration(p.withinSeconds)} of its start.`,
  run(ctx, p) {
    const result = view(ctx)
    const t = target(result, p.alarm)
    if (typeof t === 'string') return contentError(t)
    const scores = t.scorecard.incidents.filter((s) => s.shouldPage && (p.incident ? s.id === p.incident : s.kind === p.incidentKind))
    if (scores.length === 0) return contentError(`no should-page incident ${p.incident ? `"${p.incident}"` : `of kind ${p.incidentKind}`} in this step`)
    return gradeDetection(result, t, scores, p.withinSeconds)
  }
})

export const detectsAllIncidents = alarmCheck({
  name: 'detectsAllIncidents',
  description: 'Every should-page incident gets an ALARM transition within `withinSeconds` of its start.',
  params: z.strictObject({ withinSeconds: z.number().positive(), alarm: childAlarm }),
  criterion: (p) => `${whose(p.alarm)} pages for every incident that should page within ${duration(p.withinSeconds)} of its start.`,
  run(ctx, p) {
    const result = view(ctx)
    const t = target(result, p.alarm)
    if (typeof t === 'string') return contentError(t)
    const scores = t.scorecard.incidents.filter((s) => s.shouldPage)
    if (scores.length === 0) return contentError('no should-page incident in this step')
    return gradeDetection(result, t, scores, p.withinSeconds)
  }
})

export const noFalseAlarms = alarmCheck({
  name: 'noFalseAlarms',
  description: 'At most `max` (default 0) ALARM transitions outside every should-page incident window (+ grace).',
  params: z.strictObject({ max: z.number().int().min(0).default(0), alarm: childAlarm }),
  criterion: (p) => (p.max === 0 ? `${whose(p.alarm)} never pages outside the incidents that should page (no false alarms).` : `${whose(p.alarm)} pages at most ${p.max} times outside the incidents that should page.`),
  run(ctx, p) {
    const result = view(ctx)
    const t = target(result, p.alarm)
    if (typeof t === 'string') return contentError(t)
    const fa = t.scorecard.falseAlarms
    const details = { falseAlarms: fa.length, at: fa.map((f) => f.when) }
    if (fa.length <= p.max) {
      return {
        pass: true,
        diagnostic: fa.length === 0 ? 'No false alarms all week: every page fell inside an incident that should page.' : `${plural(fa.length, 'false alarm')} this week (at most ${p.max} allowed).`,
        details
      }
    }
    const first = fa[0]
    const cause = incident(result, first.causeId)
    const who = t.label === 'your alarm' ? 'Your alarm' : t.label.charAt(0).toUpperCase() + t.label.slice(1)
    let text = `${who} paged ${times(fa.length)} outside any incident that should page (false alarms; at most ${p.max} allowed). The first was at ${first.when}`
    if (cause) text += `, during the ${cause.label} (${cause.when})`
    const a = t.alarm
    let advice: string
    if (a && first.value !== null) {
      text += `: ${metricLabel(a)} was ${fmt(a, first.value)} against your threshold of ${thresholdText(a)}, and your alarm pages on ${pagesOn(a)}.`
      advice =
        cause?.kind === 'outlier' && a.definition.DatapointsToAlarm === 1
          ? ' A lone spike should not page: require M of N (for example 3 of 5).'
          : ' Look at where the series crosses the threshold outside the shaded incidents: raise the threshold, lengthen the period, or require more breaching datapoints (M of N).'
    } else if (a) {
      text += `: no datapoints arrived and TreatMissingData = ${a.definition.TreatMissingData} decided the state.`
      advice =
        a.definition.TreatMissingData === 'breaching'
          ? ' Missing data counted as breaching: for a metric that reports only when there is traffic, silence is not an error — or, for a heartbeat, require several empty periods in a row.'
          : ' Look at the gray (no data) stretches on the chart.'
    } else {
      text += '.'
      advice = ' Each page of a composite comes from its rule turning TRUE: look at which child alarms were in ALARM at that moment.'
    }
    return { pass: false, diagnostic: text + advice, details }
  }
})

export const ignoresOutlier = alarmCheck({
  name: 'ignoresOutlier',
  description: 'No ALARM transition is caused by a lone outlier (a single-minute spike that should not page).',
  params: z.strictObject({ alarm: childAlarm }),
  criterion: (p) => `${whose(p.alarm)} does not page for a lone slow minute (an outlier).`,
  run(ctx, p) {
    const result = view(ctx)
    const t = target(result, p.alarm)
    if (typeof t === 'string') return contentError(t)
    const outliers = t.scorecard.incidents.filter((s) => s.kind === 'outlier' && !s.shouldPage)
    if (outliers.length === 0) return contentError('this step has no outlier incident')
    const a = t.alarm
    const lines: string[] = []
    let pass = true
    for (const o of outliers) {
      const pk = a ? peak(a, o.id) : null
      if (o.pages > 0) {
        pass = false
        if (a && pk !== null) {
          const rule = a.definition.DatapointsToAlarm === 1 ? `your alarm pages on ${pagesOn(a)}` : `with Period ${a.period} s it still made ${pagesOn(a)}`
          lines.push(
            `The lone outlier at ${o.when} paged you: one slow minute pushed ${metricLabel(a)} to ${fmt(a, pk)}, above your threshold of ${thresholdText(a)}, and ${rule}. One bad minute is not an incident; with M of N (for example 3 of 5) the alarm rides over it.`
          )
        } else {
          lines.push(`The lone outlier at ${o.when} paged you. One bad minute is not an incident.`)
        }
      } else if (a && pk !== null && (a.definition.ComparisonOperator.startsWith('Greater') ? pk > a.threshold : pk < a.threshold)) {
        lines.push(`The lone outlier at ${o.when} crossed your threshold (${metricLabel(a)} ${fmt(a, pk)}) but did not page: one breaching datapoint is not ${mOfN(a)}.`)
      } else {
        lines.push(`The lone outlier at ${o.when} did not page.`)
      }
    }
    return { pass, diagnostic: lines.join(' ') }
  }
})

const WHY_STATISTIC: Record<string, string> = {
  Average: 'An average blends the many fast requests with the few slow ones, so a problem in the tail barely moves it; a percentile such as p99 follows what the slowest 1% of callers feel.',
  Maximum: 'Maximum is one request: a single slow call sets it, so it swings with noise.',
  Minimum: 'Minimum is the single best request of the period: it hides problems.',
  Sum: 'Sum grows and shrinks with traffic, so the same fault looks small at night and large at peak; the Average of a 0/1 metric such as Invocation5XXErrors is the error rate.',
  SampleCount: 'SampleCount counts datapoints (requests), not how good they were.'
}

function whyStatistic(stat: string): string {
  if (WHY_STATISTIC[stat]) return WHY_STATISTIC[stat]
  const p = Number(stat.slice(1))
  if (p <= 50) return `${stat} sits in the middle of the distribution: most requests can get much slower before it moves.`
  if (p < 99) return `${stat} still leaves out the slowest ${Math.round((100 - p) * 10) / 10}% of requests, where this problem lives.`
  return `${stat} is a tail statistic; check which one the step asks for.`
}

export const statisticIs = alarmCheck({
  name: 'statisticIs',
  description: 'The alarm uses one of the listed statistics (Statistic or ExtendedStatistic).',
  params: z.strictObject({ oneOf: z.array(z.string().min(1)).min(1), alarm: childAlarm }),
  criterion: (p) => `${whose(p.alarm)} evaluates the ${p.oneOf.join(' or ')} statistic.`,
  run(ctx, p) {
    const result = view(ctx)
    const t = target(result, p.alarm)
    if (typeof t === 'string' || !t.alarm) return contentError(typeof t === 'string' ? t : 'statisticIs needs a metric alarm (give `alarm` for a composite child)')
    const a = t.alarm
    if (p.oneOf.includes(a.statistic)) return { pass: true, diagnostic: `You alarm on ${a.statistic}.` }
    let compare = ''
    const s = t.scorecard.incidents.find((x) => x.shouldPage)
    if (s) {
      const mine = peak(a, s.id)
      const want = p.oneOf.find((stat) => peak(a, s.id, stat) !== null)
      if (mine !== null && want) {
        compare = ` During the ${s.label}, ${a.statistic} peaked at ${fmt(a, mine)} while ${want} reached ${fmt(a, peak(a, s.id, want), want)} (threshold ${thresholdText(a)}).`
      }
    }
    return { pass: false, diagnostic: `You alarm on ${a.statistic}; this step needs ${p.oneOf.join(' or ')}.${compare} ${whyStatistic(a.statistic)}` }
  }
})

export const usesMOfN = alarmCheck({
  name: 'usesMOfN',
  description: 'EvaluationPeriods (N) ≥ minN and minM ≤ DatapointsToAlarm (M) ≤ maxM (default N).',
  params: z.strictObject({ minN: z.number().int().min(1), maxM: z.number().int().min(1).optional(), minM: z.number().int().min(1).default(2), alarm: childAlarm }),
  criterion: (p) =>
    `${whose(p.alarm)} needs at least ${p.minM} breaching datapoints (DatapointsToAlarm ≥ ${p.minM}${p.maxM !== undefined ? `, at most ${p.maxM}` : ''}) among at least ${p.minN} (EvaluationPeriods ≥ ${p.minN}).`,
  run(ctx, p) {
    const result = view(ctx)
    const t = target(result, p.alarm)
    if (typeof t === 'string' || !t.alarm) return contentError(typeof t === 'string' ? t : 'usesMOfN needs a metric alarm (give `alarm` for a composite child)')
    const M = t.alarm.definition.DatapointsToAlarm
    const N = t.alarm.definition.EvaluationPeriods
    if (M < p.minM) {
      return {
        pass: false,
        diagnostic: `Your alarm is ${M} of ${N}: any single breaching datapoint pages. Set DatapointsToAlarm (M) to at least ${p.minM} and EvaluationPeriods (N) to at least ${p.minN}, so one bad period cannot trip it — for example 3 of 5.`
      }
    }
    if (N < p.minN) {
      return { pass: false, diagnostic: `Your alarm looks at only the last ${plural(N, 'datapoint')} (EvaluationPeriods ${N}); this step wants at least ${p.minN}, so the breaching datapoints can be spread over a window instead of having to be back to back.` }
    }
    if (p.maxM !== undefined && M > p.maxM) {
      return {
        pass: false,
        diagnostic: `${M} of ${N} needs ${M} breaching datapoints (at most ${p.maxM} here): a real incident waits at least ${seconds(M * t.alarm.period)} before it pages.`
      }
    }
    return { pass: true, diagnostic: `${M} of ${N}: the alarm needs ${M} breaching datapoints among the last ${N}, so a single bad period does not page.` }
  }
})

const WHY_TREATMENT: Record<(typeof TREATMENTS)[number], string> = {
  notBreaching: 'for a metric that reports only when something happens (errors on a quiet endpoint), no data means nothing went wrong',
  breaching: 'for a metric that should always report (a heartbeat such as Invocations), silence is itself the incident',
  missing: 'the alarm should say it does not know (INSUFFICIENT_DATA) when no data arrives',
  ignore: 'the alarm should keep its last state through a gap'
}

export const treatMissingDataIs = alarmCheck({
  name: 'treatMissingDataIs',
  description: 'TreatMissingData equals `value`.',
  params: z.strictObject({ value: z.enum(TREATMENTS), alarm: childAlarm }),
  criterion: (p) => `${whose(p.alarm)} treats missing data as ${p.value} (TreatMissingData).`,
  run(ctx, p) {
    const result = view(ctx)
    const t = target(result, p.alarm)
    if (typeof t === 'string' || !t.alarm) return contentError(typeof t === 'string' ? t : 'treatMissingDataIs needs a metric alarm')
    const chosen = t.alarm.definition.TreatMissingData
    if (chosen === p.value) return { pass: true, diagnostic: `TreatMissingData is ${chosen}: ${WHY_TREATMENT[p.value]}.` }
    const sc = t.scorecard
    let what: string
    switch (chosen) {
      case 'missing':
        what = `with TreatMissingData = missing, periods without data leave the alarm unable to decide, so it goes to INSUFFICIENT_DATA${sc.insufficientDataMinutes > 0 && sc.firstInsufficientData !== null ? ` (${sc.insufficientDataMinutes} minutes this week, first at ${formatWhen(sc.firstInsufficientData)})` : ''}`
        break
      case 'breaching': {
        const fromGaps = sc.falseAlarms.filter((f) => f.value === null).length
        what = `with TreatMissingData = breaching, every period without data counts as bad${fromGaps > 0 ? `, so quiet spells paged you ${times(fromGaps)}` : ''}`
        break
      }
      case 'notBreaching': {
        const missed = sc.incidents.filter((s) => s.shouldPage && !s.detected && s.kind === 'trafficGap')
        what = `with TreatMissingData = notBreaching, a period without data counts as good${missed.length > 0 ? `, so the ${missed[0].label} (${missed[0].when}) looked healthy` : ''}`
        break
      }
      default:
        what = 'with TreatMissingData = ignore, the alarm keeps whatever state it had when the data stopped, so it can sit in OK (or ALARM) through a silent outage'
    }
    return { pass: false, diagnostic: `${capitalize(what)}. This step needs ${p.value}: ${WHY_TREATMENT[p.value]}.` }
  }
})

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

export const neverInsufficientData = alarmCheck({
  name: 'neverInsufficientData',
  description: 'The alarm never enters INSUFFICIENT_DATA (with whileIncident: not while a should-page incident is under way).',
  params: z.strictObject({ whileIncident: z.boolean().default(false), alarm: childAlarm }),
  criterion: (p) => `${whose(p.alarm)} never goes to INSUFFICIENT_DATA${p.whileIncident ? ' while an incident that should page is under way' : ''}.`,
  run(ctx, p) {
    const result = view(ctx)
    const t = target(result, p.alarm)
    if (typeof t === 'string' || !t.alarm) return contentError(typeof t === 'string' ? t : 'neverInsufficientData needs a metric alarm')
    const sc = t.scorecard
    const minutes = p.whileIncident ? sc.insufficientDataMinutesDuringIncidents : sc.insufficientDataMinutes
    if (minutes === 0) {
      return { pass: true, diagnostic: p.whileIncident ? 'The alarm was never in INSUFFICIENT_DATA while an incident was under way.' : 'The alarm never went to INSUFFICIENT_DATA: it always had an answer.' }
    }
    const first = sc.firstInsufficientData as number
    const gap = result.incidents.find((i) => i.kind === 'trafficGap' && first >= i.start && first <= i.end + sc.graceMinutes * 60_000)
    const where = p.whileIncident ? ' while an incident that should page was under way' : ''
    return {
      pass: false,
      diagnostic:
        `The alarm spent ${minutes} minutes in INSUFFICIENT_DATA${where} (gray on the chart), first at ${formatWhen(first)}${gap ? `, during the ${gap.label} (${gap.when})` : ''}: ` +
        `no datapoints arrived, and with TreatMissingData = ${t.alarm.definition.TreatMissingData} CloudWatch cannot tell OK from ALARM. Decide what silence means for this metric.`,
      details: { minutes }
    }
  }
})

export const insufficientDataMinutesAtMost = alarmCheck({
  name: 'insufficientDataMinutesAtMost',
  description: 'The alarm spends at most `minutes` minutes in INSUFFICIENT_DATA over the week.',
  params: z.strictObject({ minutes: z.number().min(0), alarm: childAlarm }),
  criterion: (p) => `${whose(p.alarm)} spends at most ${p.minutes} minutes in INSUFFICIENT_DATA.`,
  run(ctx, p) {
    const result = view(ctx)
    const t = target(result, p.alarm)
    if (typeof t === 'string' || !t.alarm) return contentError(typeof t === 'string' ? t : 'insufficientDataMinutesAtMost needs a metric alarm')
    const m = t.scorecard.insufficientDataMinutes
    if (m <= p.minutes) return { pass: true, diagnostic: `${m} minutes in INSUFFICIENT_DATA (at most ${p.minutes} allowed).` }
    return {
      pass: false,
      diagnostic: `The alarm spent ${m} minutes in INSUFFICIENT_DATA — ${m - p.minutes} more than the ${p.minutes} allowed. Those are the gray stretches where no datapoints arrived; TreatMissingData decides what they mean.`
    }
  }
})
