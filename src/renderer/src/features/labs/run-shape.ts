/**
 * A step run as the lab player's panels read it: the kind's result spread beside the run's common
 * fields, with `null` for what the kind does not produce (a CloudTrail step has no alarm chart).
 * The host sends each kind's result under `result` (contract/lab-kinds.ts).
 */
import type { AlarmRun, AuditRun, CompositeRun, Scorecard, StepRun, Tradeoff } from '@shared/contract/labs'

export type FlatRun = Omit<StepRun, 'result'> & {
  alarm: AlarmRun | null
  composite: CompositeRun | null
  audit: AuditRun | null
  scorecard: Scorecard | null
  tradeoff: Tradeoff | null
}

export function flatRun(run: StepRun): FlatRun {
  const { result, ...base } = run
  const none = { alarm: null, composite: null, audit: null, scorecard: null, tradeoff: null }
  switch (run.kind) {
    case 'alarm':
      return { ...base, ...none, ...(result as Extract<StepRun, { kind: 'alarm' }>['result']) }
    case 'composite':
      return { ...base, ...none, ...(result as Extract<StepRun, { kind: 'composite' }>['result']) }
    case 'cloudtrail':
      return { ...base, ...none, ...(result as Extract<StepRun, { kind: 'cloudtrail' }>['result']) }
  }
}
