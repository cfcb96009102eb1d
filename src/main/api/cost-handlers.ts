/**
 * The cost channels: thin wrappers over the sandbox's cost service, like moto's responses.py. All
 * are stateless; the seed makes the Spot market of a training job reproducible.
 */
import type { ParsedReq, Res } from '../../shared/contract'
import { findInstanceType, PRICE_AS_OF } from '../sandbox/catalog/instances'
import { comparePurchasingOptions, COST_SIMPLIFICATIONS, recommend, simulateTrainingJob, toModelProfile, type PurchasingOption } from '../sandbox/cost'
import { SAVINGS_PLAN_DISCOUNT, type SavingsPlanTerm } from '../sandbox/cost/prices'
import { createRng } from '../sandbox/core/rng'
import type { Handlers } from './dispatch'

/** The scalar figures of an option's detail (the per-minute arrays stay in the sandbox). */
function scalars(detail: object): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {}
  for (const [k, v] of Object.entries(detail)) if (typeof v === 'number' || typeof v === 'string' || v === null) out[k] = v
  return out
}

/**
 * A Savings Plan without commitmentPerHour commits to the fleet's On-Demand rate at the plan's
 * discount: exactly what the fleet uses, so coverage and utilization are both 100%. A term or an
 * instance type the sandbox does not know is left for applySavingsPlan and the catalog to name.
 */
function defaultCommitment(o: { InstanceType: string; InstanceCount: number; termYears: number; discount?: number }): number | undefined {
  const type = findInstanceType(o.InstanceType)
  if (!type || (o.termYears !== 1 && o.termYears !== 3)) return undefined
  return type.pricePerHour * o.InstanceCount * (1 - (o.discount ?? SAVINGS_PLAN_DISCOUNT[o.termYears].value))
}

export function purchasingChannel(req: ParsedReq<'cost.purchasing'>): Res<'cost.purchasing'> {
  // termYears is checked by applySavingsPlan, which names the allowed terms.
  const options = req.options.map((o) =>
    o.kind === 'savingsPlan' ? { ...o, termYears: o.termYears as SavingsPlanTerm, commitmentPerHour: o.commitmentPerHour ?? defaultCommitment(o) } : o
  ) as PurchasingOption[]
  const c = comparePurchasingOptions({ model: toModelProfile(req.workload.model), traffic: req.workload.traffic, days: req.workload.days }, options, createRng(req.seed).fork('purchasing'))
  return {
    startTime: c.startTime,
    hours: c.hours,
    options: c.options.map((o) => ({ name: o.name, kind: o.kind, totalCostUSD: o.totalCostUSD, p99Ms: o.p99Ms, cumulativeCostUSD: Array.from(o.cumulativeCostUSD), detail: scalars(o.detail) })),
    crossings: c.crossings,
    rateBreakEvens: c.rateBreakEvens,
    priceAsOf: PRICE_AS_OF,
    simplifications: [...COST_SIMPLIFICATIONS]
  }
}

export function createCostHandlers(): Pick<Handlers, 'cost.recommend' | 'cost.trainingJob' | 'cost.purchasing'> {
  return {
    'cost.recommend': (req) => ({
      ...recommend({ model: req.model, instanceTypes: req.instanceTypes, traffic: req.traffic, latencyP99Ms: req.latencyP99Ms }),
      simplifications: [...COST_SIMPLIFICATIONS]
    }),
    'cost.trainingJob': (req) => ({
      ...simulateTrainingJob({
        InstanceType: req.InstanceType,
        InstanceCount: req.InstanceCount,
        trainingSeconds: req.trainingSeconds,
        EnableManagedSpotTraining: req.EnableManagedSpotTraining,
        MaxRuntimeInSeconds: req.MaxRuntimeInSeconds,
        MaxWaitTimeInSeconds: req.MaxWaitTimeInSeconds,
        checkpointing: req.checkpointing,
        rng: createRng(req.seed).fork('training-job')
      }),
      simplifications: [...COST_SIMPLIFICATIONS]
    }),
    'cost.purchasing': purchasingChannel
  }
}
