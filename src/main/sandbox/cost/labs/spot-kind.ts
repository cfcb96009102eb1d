/**
 * The `spotTraining` lab step kind: a training job's work, instance and MaxRuntimeInSeconds are
 * fixed; the learner chooses EnableManagedSpotTraining, whether the script checkpoints, and
 * MaxWaitTimeInSeconds. The run is `simulateTrainingJob` (spot-training.ts; developer guide, "Managed
 * Spot Training in Amazon SageMaker AI"), its Spot market drawn from the step's seed, so a choice is
 * judged on the interruptions that seed brings.
 *
 * MaxWaitTimeInSeconds is only accepted with Managed Spot Training (CreateTrainingJob refuses it
 * otherwise), so for an On-Demand choice the step leaves it out of the request.
 */
import { z } from 'zod'
import { LabError, type ErrorIssue } from '../../../../shared/errors'
import type { SpotTrainingStepRun } from '../../../../shared/contract/cost'
import type { SandboxAction } from '../../../../shared/contract/sandbox'
import { findInstanceType } from '../../catalog/instances'
import { createRng } from '../../core/rng'
import { checksFor, type KindRun, type RunContext, type StepKind } from '../../labs/kinds'
import { randomSpotMarket, simulateTrainingJob, validateTrainingJob } from '../spot-training'

export const SPOT_FIELDS = ['EnableManagedSpotTraining', 'checkpointing', 'MaxWaitTimeInSeconds'] as const

const SpotFixed = z.strictObject({
  InstanceType: z.string(),
  InstanceCount: z.number().int().min(1),
  /** The work at full speed, seconds. */
  trainingSeconds: z.number().positive(),
  MaxRuntimeInSeconds: z.number().int().positive(),
  /** The Spot market's illustrative rates, when the lab wants a rougher market than the category default. */
  market: z.strictObject({ interruptionsPerInstanceHour: z.number().min(0).optional(), meanCapacityWaitSeconds: z.number().min(0).optional() }).optional()
})
type Fixed = z.infer<typeof SpotFixed>
type Result = SpotTrainingStepRun['result']

function bool(path: string, v: string | number | undefined, fallback: boolean, issues: ErrorIssue[]): boolean {
  if (v === undefined) return fallback
  if (v === 'true') return true
  if (v === 'false') return false
  issues.push({ path, message: `must be true or false, got ${String(v)}` })
  return fallback
}

function choice(ctx: RunContext<Fixed>): { EnableManagedSpotTraining: boolean; checkpointing: boolean; MaxWaitTimeInSeconds?: number } {
  const by: Record<string, string | number> = {}
  for (const def of ctx.step.inputs) if (ctx.inputs[def.id] !== undefined) by[def.field] = ctx.inputs[def.id]
  const issues: ErrorIssue[] = []
  const spot = bool('EnableManagedSpotTraining', by.EnableManagedSpotTraining, false, issues)
  const checkpointing = bool('checkpointing', by.checkpointing, false, issues)
  if (issues.length > 0) throw new LabError('VALIDATION', `Invalid choice: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)
  const wait = by.MaxWaitTimeInSeconds === undefined || by.MaxWaitTimeInSeconds === '' ? undefined : Number(by.MaxWaitTimeInSeconds)
  return { EnableManagedSpotTraining: spot, checkpointing, ...(spot && wait !== undefined ? { MaxWaitTimeInSeconds: wait } : {}) }
}

function hours(s: number): string {
  return `${(s / 3600).toFixed(1)} h`
}

function run(ctx: RunContext<Fixed>): KindRun<Result> {
  const f = ctx.fixed
  const c = choice(ctx)
  const rng = createRng(ctx.seed).fork('spot-training')
  const base = { InstanceType: f.InstanceType, InstanceCount: f.InstanceCount, trainingSeconds: f.trainingSeconds, MaxRuntimeInSeconds: f.MaxRuntimeInSeconds, ...c, rng }
  validateTrainingJob(base)
  const instance = findInstanceType(f.InstanceType)
  const market = c.EnableManagedSpotTraining && instance ? randomSpotMarket(rng.fork('spot'), instance, f.InstanceCount, f.market) : undefined
  const job = simulateTrainingJob({ ...base, ...(market ? { market } : {}) })
  const saving = job.onDemandCostUSD > 0 ? (1 - job.costUSD / job.onDemandCostUSD) * 100 : 0
  const facts: Record<string, string> = {
    status: job.TrainingJobStatus,
    secondaryStatus: job.SecondaryStatus,
    interruptions: String(job.interruptions.length),
    lost: hours(job.interruptions.reduce((a, i) => a + i.lostSeconds, 0)),
    waiting: hours(job.waitingSeconds),
    wallClock: hours(job.wallClockSeconds),
    trained: hours(job.TrainingTimeInSeconds),
    billable: hours(job.BillableTimeInSeconds),
    savingsPercent: `${job.savingsPercent.toFixed(0)}%`,
    costSaving: `${saving.toFixed(0)}%`,
    cost: `$${job.costUSD.toFixed(2)}`,
    onDemandCost: `$${job.onDemandCostUSD.toFixed(2)}`,
    progress: `${((job.progressSeconds / f.trainingSeconds) * 100).toFixed(0)}%`
  }
  return { result: { training: { job, costSavingPercent: saving } }, facts }
}

const check = checksFor<Result>()

export const trainingCompletes = check({
  name: 'trainingCompletes',
  description: 'The training job ends Completed (not Stopped by MaxWaitTimeInSeconds or MaxRuntimeInSeconds).',
  params: z.strictObject({}),
  criterion: () => 'The training job finishes with TrainingJobStatus Completed: it is not stopped by MaxWaitTimeInSeconds or MaxRuntimeInSeconds.',
  run(ctx) {
    const j = ctx.result.training.job
    const lost = j.interruptions.reduce((a, i) => a + i.lostSeconds, 0)
    return {
      pass: j.TrainingJobStatus === 'Completed',
      diagnostic:
        j.TrainingJobStatus === 'Completed'
          ? `Completed after ${hours(j.wallClockSeconds)} with ${j.interruptions.length} interruption(s).`
          : `Stopped (${j.SecondaryStatus}) at ${hours(j.wallClockSeconds)} with ${hours(j.progressSeconds)} of the work done; ${j.interruptions.length} interruption(s) lost ${hours(lost)} of work.`
    }
  }
})

export const costSavingAtLeast = check({
  name: 'costSavingAtLeast',
  description: 'The job costs at least `percent` % less than one uninterrupted On-Demand run, redone work included.',
  params: z.strictObject({ percent: z.number().min(0).max(100).default(60) }),
  criterion: (p) => `The job costs at least ${p.percent}% less than the same work on one uninterrupted On-Demand run (1 − cost ÷ On-Demand cost), work redone after interruptions included.`,
  run(ctx, p) {
    const t = ctx.result.training
    return {
      pass: t.costSavingPercent >= p.percent,
      diagnostic: `It cost $${t.job.costUSD.toFixed(2)} against $${t.job.onDemandCostUSD.toFixed(2)} On-Demand: ${t.costSavingPercent.toFixed(1)}% less (AWS's savings figure, from billable seconds, is ${t.job.savingsPercent.toFixed(0)}%).`,
      details: { costSavingPercent: t.costSavingPercent }
    }
  }
})

export const spotTrainingKind: StepKind<Fixed, Result> = {
  kind: 'spotTraining',
  owner: 'cost',
  fixed: SpotFixed,
  fields: SPOT_FIELDS,
  validateStep(step, _fixed, issue) {
    step.inputs.forEach((input, k) => {
      const ip = ['steps', '*', 'inputs', k]
      if (input.target !== undefined) issue([...ip, 'target'], 'a spotTraining step has no targets')
      if ((input.field === 'EnableManagedSpotTraining' || input.field === 'checkpointing') && input.options) {
        input.options.forEach((o, j) => {
          if (o !== 'true' && o !== 'false') issue([...ip, 'options', j], 'must be "true" or "false"')
        })
      }
    })
  },
  run,
  checks: { [trainingCompletes.name]: trainingCompletes, [costSavingAtLeast.name]: costSavingAtLeast },
  // A training job is not a sandbox World action yet: the step opens the scenario world as it is.
  sandboxActions(): SandboxAction[] {
    return []
  }
}
