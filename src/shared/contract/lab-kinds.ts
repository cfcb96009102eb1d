/**
 * The lab step kinds the app knows, by the service that owns each: a run's shape is the union of
 * theirs, discriminated by `kind`. Adding a kind is one line here and one in the sandbox's kind
 * registry (src/main/sandbox/lab-kinds.ts).
 */
import { z } from 'zod'
import { AuditStepRunSchema } from './cloudtrail'
import { AlarmStepRunSchema, CompositeStepRunSchema } from './cloudwatch'
import { BudgetStepRunSchema, PurchasingStepRunSchema, RightsizingStepRunSchema, SpotTrainingStepRunSchema } from './cost'
import { MonitorStepRunSchema } from './monitor-labs'
import { DeployStepRunSchema } from './deploy'

export const StepRunSchema = z.discriminatedUnion('kind', [AlarmStepRunSchema, CompositeStepRunSchema, AuditStepRunSchema, RightsizingStepRunSchema, SpotTrainingStepRunSchema, PurchasingStepRunSchema, BudgetStepRunSchema, MonitorStepRunSchema, DeployStepRunSchema])
export type StepRun = z.infer<typeof StepRunSchema>
export type StepKindName = StepRun['kind']
