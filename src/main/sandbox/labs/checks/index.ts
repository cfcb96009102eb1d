/**
 * The check registry: every check a lab file may name, with its parameter schema.
 *
 * - alarm-checks.ts      detection, false alarms, outliers, statistic, M of N, missing data
 * - composite-checks.ts  composite alarms cutting noise
 * - cloudtrail-checks.ts CloudWatch vs CloudTrail lookups
 */
import { LabError } from '../../../../shared/errors'
import type { StepRun } from '../scenario/types'
import {
  detectsAllIncidents,
  detectsIncident,
  ignoresOutlier,
  insufficientDataMinutesAtMost,
  neverInsufficientData,
  noFalseAlarms,
  statisticIs,
  treatMissingDataIs,
  usesMOfN
} from './alarm-checks'
import { identifiesActor, lookupUsesCloudTrail } from './cloudtrail-checks'
import { compositeSuppressesNoise } from './composite-checks'
import type { AnyCheck, CheckInputs, CheckResult } from './types'

export type { AnyCheck, CheckDefinition, CheckInputs, CheckResult } from './types'
export {
  compositeSuppressesNoise,
  detectsAllIncidents,
  detectsIncident,
  identifiesActor,
  ignoresOutlier,
  insufficientDataMinutesAtMost,
  lookupUsesCloudTrail,
  neverInsufficientData,
  noFalseAlarms,
  statisticIs,
  treatMissingDataIs,
  usesMOfN
}

export const CHECKS: Readonly<Record<string, AnyCheck>> = Object.freeze(
  Object.fromEntries(
    [
      detectsIncident,
      detectsAllIncidents,
      noFalseAlarms,
      ignoresOutlier,
      statisticIs,
      usesMOfN,
      treatMissingDataIs,
      neverInsufficientData,
      insufficientDataMinutesAtMost,
      compositeSuppressesNoise,
      lookupUsesCloudTrail,
      identifiesActor
    ].map((c) => [c.name, c])
  )
)

export function getCheck(name: string): AnyCheck | undefined {
  return Object.prototype.hasOwnProperty.call(CHECKS, name) ? CHECKS[name] : undefined
}

/** Parses `params` with the check's schema and runs it. Unknown check or bad params: a VALIDATION LabError. */
export function runCheck(name: string, result: StepRun, params: unknown, inputs: CheckInputs): CheckResult {
  const check = getCheck(name)
  if (!check) throw new LabError('VALIDATION', `unknown check "${name}"`, [{ path: 'check', message: `must be one of ${Object.keys(CHECKS).join(', ')}` }])
  const parsed = check.params.safeParse(params ?? {})
  if (!parsed.success) {
    throw new LabError(
      'VALIDATION',
      `check ${name}: bad params`,
      parsed.error.issues.map((i) => ({ path: ['params', ...i.path.map(String)].join('.'), message: i.message }))
    )
  }
  return check.run(result, parsed.data, inputs)
}
