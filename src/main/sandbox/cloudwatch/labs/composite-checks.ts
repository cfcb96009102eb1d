/** Checks over a composite alarm: did combining the children cut the noise without losing the incident. */
import { z } from 'zod'
import { checksFor } from '../../labs/kinds'
import { times, type AlarmFamilyResult } from './check-helpers'

const alarmCheck = checksFor<AlarmFamilyResult>()

export const compositeSuppressesNoise = alarmCheck({
  name: 'compositeSuppressesNoise',
  description: 'The composite pages at most `max` (default 0) times outside should-page incidents, and less often than its children would on their own.',
  params: z.strictObject({ max: z.number().int().min(0).default(0) }),
  criterion: (p) => (p.max === 0 ? 'The composite alarm pages only during incidents that should page, and less often than its children would on their own.' : `The composite alarm pages at most ${p.max} times outside incidents that should page, and less often than its children would on their own.`),
  run(ctx, p) {
    const result = ctx.result
    if (!('composite' in result)) return { pass: false, diagnostic: 'Lab content problem: compositeSuppressesNoise grades a composite step.' }
    const c = result.composite
    const mine = result.scorecard.falseAlarms.length
    const children = c.children.map((x) => ({ name: x.name, n: x.scorecard.falseAlarms.length }))
    const total = children.reduce((a, x) => a + x.n, 0)
    const list = children.map((x) => `${x.name}: ${x.n}`).join(', ')
    const details = { composite: mine, children: Object.fromEntries(children.map((x) => [x.name, x.n])) }
    if (mine <= p.max && (total === 0 || mine < total)) {
      return {
        pass: true,
        diagnostic: `The composite paged ${times(mine)} outside real incidents, while its children on their own would have paged ${times(total)} (${list}).`,
        details
      }
    }
    const first = result.scorecard.falseAlarms[0]
    const usesOr = /\bOR\b/.test(c.AlarmRule)
    const advice = usesOr
      ? 'With OR, any one child in ALARM is enough, so the composite passes on every child\'s noise. Requiring both symptoms at once (AND) keeps only the moments when they go bad together.'
      : first
        ? `Look at the child alarms at ${first.when}: the rule was TRUE there.`
        : 'Its children were no noisier than the composite, so there was nothing to suppress.'
    return {
      pass: false,
      diagnostic: `The composite alarm paged ${times(mine)} outside the incidents that should page (at most ${p.max} allowed); its children on their own would have paged ${times(total)} (${list}). ${advice}`,
      details
    }
  }
})
