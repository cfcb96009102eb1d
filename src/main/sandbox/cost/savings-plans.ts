/**
 * A SageMaker Savings Plan applied hour by hour to a usage series.
 *
 * How a Savings Plan bills (AWS Savings Plans user guide, "How Savings Plans apply to your usage";
 * Cost Explorer GetSavingsPlansUtilization and GetSavingsPlansCoverage; AWS-FACTS §5.2):
 * - You commit to a spend in USD per hour, at Savings Plans rates, for 1 or 3 years. Every hour the
 *   commitment is charged in full, used or not.
 * - Each hour, eligible usage is charged at the discounted Savings Plans rate against the commitment
 *   until the commitment is used up; usage beyond it is charged at On-Demand rates. Unused commitment
 *   does not carry over to the next hour.
 * - Utilization = used commitment / total commitment. Coverage = the On-Demand-equivalent spend the
 *   plan covered / all eligible On-Demand-equivalent spend.
 *
 * With discount d, an hour with On-Demand-equivalent usage U and commitment C:
 *   used = min(C, U·(1 − d)), covered = used / (1 − d), overflow = U − covered, cost = C + overflow.
 * The plan is cheaper than On-Demand in an hour exactly when U > C, i.e. when utilization exceeds
 * 1 − d: the break-even utilization.
 */
import { invalidField } from '../../../shared/errors'
import { SAVINGS_PLAN_DISCOUNT, SAVINGS_PLAN_MAX_COMMITMENT, SAVINGS_PLAN_MIN_COMMITMENT, type SavingsPlanTerm } from './prices'

export interface SavingsPlanSpec {
  /** USD per hour at Savings Plans rates. */
  commitmentPerHour: number
  termYears: SavingsPlanTerm
  /** Override of the illustrative discount (0–1), for what-if questions and hand-checked tests. */
  discount?: number
}

export interface SavingsPlanResult {
  /** What each hour costs: the commitment plus any On-Demand overflow. */
  hourlyCostUSD: Float64Array
  totalCostUSD: number
  /** What the same usage costs at On-Demand rates. */
  onDemandCostUSD: number
  /** Commitment charged over the period. */
  totalCommitmentUSD: number
  usedCommitmentUSD: number
  unusedCommitmentUSD: number
  /** Percent of the commitment used. */
  utilizationPercent: number
  /** Percent of the On-Demand-equivalent spend covered by the plan. */
  coveragePercent: number
  /** On-Demand spend beyond the commitment. */
  onDemandOverflowUSD: number
  /** onDemandCostUSD − totalCostUSD; negative when the plan costs more. */
  netSavingsUSD: number
  discount: number
  /** Utilization above which the plan beats On-Demand: (1 − discount) × 100. */
  breakEvenUtilizationPercent: number
  discountAsOf: string
}

export function validateSavingsPlan(spec: SavingsPlanSpec, path = 'savingsPlan'): void {
  const c = spec.commitmentPerHour
  if (typeof c !== 'number' || !Number.isFinite(c) || c < SAVINGS_PLAN_MIN_COMMITMENT || c > SAVINGS_PLAN_MAX_COMMITMENT) {
    throw invalidField(
      `${path}.commitmentPerHour`,
      `must be a commitment in USD per hour from ${SAVINGS_PLAN_MIN_COMMITMENT} to ${SAVINGS_PLAN_MAX_COMMITMENT.toLocaleString('en-US')}, got ${String(c)}${
        typeof c === 'number' && c <= 0 ? ': a Savings Plan commits to a positive hourly spend' : ''
      }`
    )
  }
  if (spec.termYears !== 1 && spec.termYears !== 3) throw invalidField(`${path}.termYears`, `must be 1 or 3 (years), got ${String(spec.termYears)}`)
  if (spec.discount !== undefined && !(spec.discount >= 0 && spec.discount < 1)) {
    throw invalidField(`${path}.discount`, `must be a fraction in [0, 1), got ${String(spec.discount)}`)
  }
}

/** Applies the plan to `hourlyOnDemandUSD`, the On-Demand-equivalent eligible usage of each hour. */
export function applySavingsPlan(hourlyOnDemandUSD: ArrayLike<number>, spec: SavingsPlanSpec, path = 'savingsPlan'): SavingsPlanResult {
  validateSavingsPlan(spec, path)
  const d = spec.discount ?? SAVINGS_PLAN_DISCOUNT[spec.termYears].value
  const C = spec.commitmentPerHour
  const n = hourlyOnDemandUSD.length
  const hourly = new Float64Array(n)
  let total = 0
  let onDemand = 0
  let used = 0
  let covered = 0
  let overflow = 0
  for (let h = 0; h < n; h++) {
    const U = Math.max(0, hourlyOnDemandUSD[h])
    // Either the commitment covers all of the hour's usage, or it is used up and the rest overflows.
    const atPlanRates = U * (1 - d)
    const fits = atPlanRates <= C
    const usedH = fits ? atPlanRates : C
    const coveredH = fits ? U : C / (1 - d)
    const overflowH = U - coveredH
    hourly[h] = C + overflowH
    total += hourly[h]
    onDemand += U
    used += usedH
    covered += coveredH
    overflow += overflowH
  }
  const commitment = C * n
  return {
    hourlyCostUSD: hourly,
    totalCostUSD: total,
    onDemandCostUSD: onDemand,
    totalCommitmentUSD: commitment,
    usedCommitmentUSD: used,
    unusedCommitmentUSD: commitment - used,
    utilizationPercent: commitment > 0 ? (100 * used) / commitment : 0,
    coveragePercent: onDemand > 0 ? (100 * covered) / onDemand : 0,
    onDemandOverflowUSD: overflow,
    netSavingsUSD: onDemand - total,
    discount: d,
    breakEvenUtilizationPercent: (1 - d) * 100,
    discountAsOf: SAVINGS_PLAN_DISCOUNT[spec.termYears].asOf
  }
}
