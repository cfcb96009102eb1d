/**
 * The lab step kinds the app knows. A kind lives with the service it teaches (its folder's `labs/`);
 * adding one is a file there and a line here — the engine, the lab file schema and labs:check need no
 * change (labs/kinds.ts describes the interface).
 */
import { cloudtrailKind } from './cloudtrail/labs/audit-kind'
import { alarmKind, compositeKind } from './cloudwatch/labs/alarm-kind'
import { budgetKind } from './cost/labs/budget-kind'
import { purchasingKind } from './cost/labs/purchasing-kind'
import { rightsizingKind } from './cost/labs/rightsizing-kind'
import { spotTrainingKind } from './cost/labs/spot-kind'
import { deployKind } from './deploy/labs/deploy-kind'
import type { StepKind } from './labs/kinds'
import { monitorKind } from './monitor/labs/monitor-kind'

export const STEP_KINDS: readonly StepKind<never, never>[] = [alarmKind, compositeKind, cloudtrailKind, rightsizingKind, spotTrainingKind, purchasingKind, budgetKind, monitorKind, deployKind] as unknown as StepKind<never, never>[]

const byName = new Map<string, StepKind>(STEP_KINDS.map((k) => [k.kind, k as unknown as StepKind]))

export function stepKind(name: string): StepKind | undefined {
  return byName.get(name)
}

export function stepKindNames(): string[] {
  return [...byName.keys()]
}
