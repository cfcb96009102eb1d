/**
 * The `purchasing` lab step kind: a team's month has three workloads — a nightly training job, a
 * steady inference endpoint and a spiky internal tool — and the learner picks a purchasing option
 * for each. The month is priced with the cost service's own models: training nights with
 * `simulateTrainingJob` (On-Demand, or Managed Spot with checkpoints and MaxWaitTimeInSeconds twice
 * MaxRuntimeInSeconds), the endpoints with `comparePurchasingOptions` (On-Demand, a SageMaker Savings
 * Plan whose hourly commitment covers the fleet's discounted usage, Serverless Inference).
 *
 * AWS (Amazon SageMaker pricing and Savings Plans pages, "Managed Spot Training", "Serverless
 * Inference"; AWS-FACTS §5.2): Spot suits interruptible, checkpointed training; Savings Plans suit
 * steady usage committed for 1 or 3 years; Serverless suits intermittent traffic that tolerates
 * cold starts. Grading: every workload keeps its latency requirement (training: every night
 * completes) and the month costs at most `tolerance` more than the cheapest combination that does.
 */
import { z } from 'zod'
import { LabError, type ErrorIssue } from '../../../../shared/errors'
import type { PurchasingStepRun } from '../../../../shared/contract/cost'
import type { SandboxAction } from '../../../../shared/contract/sandbox'
import { getInstanceType, PRICE_AS_OF } from '../../catalog/instances'
import { createRng } from '../../core/rng'
import { checksFor, type KindRun, type RunContext, type StepKind } from '../../labs/kinds'
import type { ModelProfile } from '../../workload/model'
import type { TrafficSpec } from '../../workload/traffic'
import { SAVINGS_PLAN_DISCOUNT } from '../prices'
import { comparePurchasingOptions, type PurchasingOption } from '../purchasing'
import { simulateTrainingJob } from '../spot-training'

export const TRAINING_OPTIONS = ['OnDemand', 'Spot'] as const
export const ENDPOINT_OPTIONS = ['OnDemand', 'SavingsPlan1y', 'SavingsPlan3y', 'Serverless'] as const
export const PURCHASING_FIELDS = ['TrainingPurchaseOption', 'InferencePurchaseOption', 'ToolPurchaseOption'] as const

const Model = z.strictObject({ cpuMsPerRequest: z.number(), memoryGiB: z.number(), payloadKiB: z.number() })
const Endpoint = z.strictObject({
  label: z.string(),
  model: Model,
  traffic: z.record(z.string(), z.union([z.string(), z.number()])),
  latencyP99Ms: z.number().positive(),
  InstanceType: z.string(),
  InstanceCount: z.number().int().min(1),
  MemorySizeInMB: z.number(),
  MaxConcurrency: z.number()
})
const PurchasingFixed = z.strictObject({
  days: z.number().int().min(1).max(31).default(30),
  training: z.strictObject({ label: z.string(), InstanceType: z.string(), InstanceCount: z.number().int().min(1), trainingSeconds: z.number().positive(), MaxRuntimeInSeconds: z.number().int().positive() }),
  inference: Endpoint,
  tool: Endpoint
})
type Fixed = z.infer<typeof PurchasingFixed>
type Result = PurchasingStepRun['result']
type Workload = Result['purchasing']['workloads'][number]
type OptionRow = Workload['options'][number]

function profile(name: string, m: z.infer<typeof Model>): ModelProfile {
  return { name, cpuMsPerRequest: m.cpuMsPerRequest, memoryGiB: m.memoryGiB, payloadKiB: m.payloadKiB }
}

function trainingRows(f: Fixed, seed: number): OptionRow[] {
  const t = f.training
  return TRAINING_OPTIONS.map((option) => {
    let cost = 0
    let completed = 0
    let interruptions = 0
    for (let night = 0; night < f.days; night++) {
      const spot = option === 'Spot'
      const job = simulateTrainingJob({
        InstanceType: t.InstanceType,
        InstanceCount: t.InstanceCount,
        trainingSeconds: t.trainingSeconds,
        EnableManagedSpotTraining: spot,
        MaxRuntimeInSeconds: t.MaxRuntimeInSeconds,
        ...(spot ? { MaxWaitTimeInSeconds: 2 * t.MaxRuntimeInSeconds } : {}),
        checkpointing: true,
        rng: createRng(seed).fork(`purchasing-training-${night}`)
      })
      cost += job.costUSD
      interruptions += job.interruptions.length
      if (job.TrainingJobStatus === 'Completed') completed++
    }
    return {
      option,
      monthCostUSD: cost,
      p99Ms: null,
      meets: completed === f.days,
      note: `${completed} of ${f.days} nights completed${option === 'Spot' ? `, ${interruptions} interruption(s), checkpointed` : ''}`
    }
  })
}

function endpointRows(f: Fixed, which: 'inference' | 'tool', seed: number): OptionRow[] {
  const e = f[which]
  const price = getInstanceType(e.InstanceType).pricePerHour * e.InstanceCount
  const options: PurchasingOption[] = [
    { kind: 'onDemand', name: 'OnDemand', InstanceType: e.InstanceType, InstanceCount: e.InstanceCount },
    { kind: 'savingsPlan', name: 'SavingsPlan1y', InstanceType: e.InstanceType, InstanceCount: e.InstanceCount, commitmentPerHour: price * (1 - SAVINGS_PLAN_DISCOUNT[1].value), termYears: 1 },
    { kind: 'savingsPlan', name: 'SavingsPlan3y', InstanceType: e.InstanceType, InstanceCount: e.InstanceCount, commitmentPerHour: price * (1 - SAVINGS_PLAN_DISCOUNT[3].value), termYears: 3 },
    { kind: 'serverless', name: 'Serverless', MemorySizeInMB: e.MemorySizeInMB, MaxConcurrency: e.MaxConcurrency }
  ]
  const month = comparePurchasingOptions({ model: profile(which, e.model), traffic: e.traffic as unknown as TrafficSpec, days: f.days }, options, createRng(seed).fork(`purchasing-${which}`))
  return month.options.map((o) => {
    const throttled = o.detail.kind === 'serverless' ? o.detail.throttledRequests : 0
    const p99 = o.p99Ms ?? Infinity
    const meets = p99 <= e.latencyP99Ms && throttled === 0
    const note =
      o.detail.kind === 'serverless'
        ? `${o.detail.coldStarts.toFixed(0)} cold starts (ModelSetupTime ${(o.detail.ModelSetupTimeMs / 1000).toFixed(1)} s), ${throttled.toFixed(0)} throttled`
        : o.detail.kind === 'savingsPlan'
          ? `commitment $${(o.detail.totalCommitmentUSD / (f.days * 24)).toFixed(3)}/h, ${o.name.endsWith('3y') ? '3-year' : '1-year'} term, coverage ${o.detail.coveragePercent.toFixed(0)}%, utilization ${o.detail.utilizationPercent.toFixed(0)}%`
          : `${e.InstanceCount} × ${e.InstanceType} all month`
    return { option: o.name, monthCostUSD: o.totalCostUSD, p99Ms: o.p99Ms, meets, note }
  })
}

function choice(ctx: RunContext<Fixed>): Record<(typeof PURCHASING_FIELDS)[number], string> {
  const by: Record<string, string> = {}
  for (const def of ctx.step.inputs) if (ctx.inputs[def.id] !== undefined) by[def.field] = String(ctx.inputs[def.id])
  const issues: ErrorIssue[] = []
  const t = by.TrainingPurchaseOption ?? 'OnDemand'
  const i = by.InferencePurchaseOption ?? 'OnDemand'
  const o = by.ToolPurchaseOption ?? 'OnDemand'
  if (!(TRAINING_OPTIONS as readonly string[]).includes(t)) issues.push({ path: 'TrainingPurchaseOption', message: `must be one of ${TRAINING_OPTIONS.join(', ')}` })
  if (!(ENDPOINT_OPTIONS as readonly string[]).includes(i)) issues.push({ path: 'InferencePurchaseOption', message: `must be one of ${ENDPOINT_OPTIONS.join(', ')}` })
  if (!(ENDPOINT_OPTIONS as readonly string[]).includes(o)) issues.push({ path: 'ToolPurchaseOption', message: `must be one of ${ENDPOINT_OPTIONS.join(', ')}` })
  if (issues.length > 0) throw new LabError('VALIDATION', `Invalid choice: ${issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`, issues)
  return { TrainingPurchaseOption: t, InferencePurchaseOption: i, ToolPurchaseOption: o }
}

const usd = (x: number): string => `$${x.toFixed(2)}`

function run(ctx: RunContext<Fixed>): KindRun<Result> {
  const f = ctx.fixed
  const c = choice(ctx)
  const workloads: Workload[] = [
    { workload: 'training', label: f.training.label, options: trainingRows(f, ctx.seed), chosen: c.TrainingPurchaseOption },
    { workload: 'inference', label: f.inference.label, options: endpointRows(f, 'inference', ctx.seed), chosen: c.InferencePurchaseOption },
    { workload: 'tool', label: f.tool.label, options: endpointRows(f, 'tool', ctx.seed), chosen: c.ToolPurchaseOption }
  ]
  const pick = (w: Workload): OptionRow => w.options.find((o) => o.option === w.chosen) as OptionRow
  const cheapest = workloads.map((w) => [...w.options].filter((o) => o.meets).sort((a, b) => a.monthCostUSD - b.monthCostUSD)[0] ?? null)
  const total = workloads.reduce((a, w) => a + pick(w).monthCostUSD, 0)
  const cheapestTotal = cheapest.every((x) => x !== null) ? cheapest.reduce((a, x) => a + (x as OptionRow).monthCostUSD, 0) : null
  const onDemandTotal = workloads.reduce((a, w) => a + (w.options.find((o) => o.option === 'OnDemand') as OptionRow).monthCostUSD, 0)
  const facts: Record<string, string> = {
    total: usd(total),
    onDemandTotal: usd(onDemandTotal),
    cheapestTotal: cheapestTotal === null ? 'n/a' : usd(cheapestTotal),
    saving: `${((1 - total / onDemandTotal) * 100).toFixed(0)}%`
  }
  workloads.forEach((w, k) => {
    facts[`${w.workload}.chosen`] = w.chosen
    facts[`${w.workload}.cost`] = usd(pick(w).monthCostUSD)
    facts[`${w.workload}.best`] = cheapest[k]?.option ?? 'none'
    facts[`${w.workload}.bestCost`] = cheapest[k] ? usd((cheapest[k] as OptionRow).monthCostUSD) : 'n/a'
    for (const o of w.options) facts[`${w.workload}.${o.option}`] = usd(o.monthCostUSD)
  })
  return {
    result: {
      purchasing: {
        days: f.days,
        workloads,
        totalCostUSD: total,
        onDemandTotalUSD: onDemandTotal,
        cheapestTotalUSD: cheapestTotal,
        cheapestChoice: cheapest.map((x) => x?.option ?? null),
        priceAsOf: PRICE_AS_OF
      }
    },
    facts
  }
}

const check = checksFor<Result>()

export const latencyKept = check({
  name: 'latencyKept',
  description: 'Every workload keeps its requirement under the chosen option: each training night completes, each endpoint keeps its p99 and throttles nothing.',
  params: z.strictObject({}),
  criterion: () => 'Every workload keeps its requirement with the option you chose: every nightly training job completes, and each endpoint keeps its p99 latency requirement without throttling.',
  run(ctx) {
    const bad = ctx.result.purchasing.workloads.filter((w) => !w.options.find((o) => o.option === w.chosen)?.meets)
    return {
      pass: bad.length === 0,
      diagnostic:
        bad.length === 0
          ? 'Every workload keeps its requirement.'
          : bad.map((w) => `${w.label} on ${w.chosen}: ${w.options.find((o) => o.option === w.chosen)?.note ?? ''}${w.options.find((o) => o.option === w.chosen)?.p99Ms != null ? `, p99 ${(w.options.find((o) => o.option === w.chosen)?.p99Ms as number).toFixed(0)} ms` : ''}`).join('; ') + '.'
    }
  }
})

export const monthCostNearCheapest = check({
  name: 'monthCostNearCheapest',
  description: "The month's total costs at most (1 + tolerance) × the cheapest combination that keeps every requirement.",
  params: z.strictObject({ tolerance: z.number().min(0).max(1).default(0.05) }),
  criterion: (p) => `The month's total costs at most ${Math.round(p.tolerance * 100)}% more than the cheapest combination of options that keeps every requirement.`,
  run(ctx, p) {
    const r = ctx.result.purchasing
    if (r.cheapestTotalUSD === null) return { pass: false, diagnostic: 'No combination keeps every requirement (a lab content problem).' }
    const ratio = r.totalCostUSD / r.cheapestTotalUSD
    return {
      pass: ratio <= 1 + p.tolerance + 1e-12,
      diagnostic: `Your month costs ${usd(r.totalCostUSD)} (On-Demand for everything: ${usd(r.onDemandTotalUSD)}); the cheapest combination that keeps every requirement, ${r.cheapestChoice.join(' + ')}, costs ${usd(r.cheapestTotalUSD)} (${ratio.toFixed(2)}×).`,
      details: { ratio }
    }
  }
})

export const purchasingKind: StepKind<Fixed, Result> = {
  kind: 'purchasing',
  owner: 'cost',
  fixed: PurchasingFixed,
  fields: PURCHASING_FIELDS,
  validateStep(step, _fixed, issue) {
    step.inputs.forEach((input, k) => {
      const ip = ['steps', '*', 'inputs', k]
      if (input.target !== undefined) issue([...ip, 'target'], 'a purchasing step has no targets')
      const allowed: readonly string[] = input.field === 'TrainingPurchaseOption' ? TRAINING_OPTIONS : ENDPOINT_OPTIONS
      input.options?.forEach((o, j) => {
        if (!allowed.includes(String(o))) issue([...ip, 'options', j], `must be one of ${allowed.join(', ')}`)
      })
    })
  },
  run,
  checks: { [latencyKept.name]: latencyKept, [monthCostNearCheapest.name]: monthCostNearCheapest },
  // Purchasing commitments are not World actions: the step opens the scenario world as it is.
  sandboxActions(): SandboxAction[] {
    return []
  }
}
