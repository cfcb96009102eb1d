/**
 * Illustrative rates the cost service uses beyond the catalog's on-demand hosting prices, each with
 * its source and as-of date. None is an AWS quote: AWS's price pages are dynamic and could not be
 * retrieved (AWS-FACTS §5, §10), so the UI must show these as illustrative with their dates.
 */
import { PRICE_AS_OF } from '../catalog/instances'

export interface IllustrativeRate {
  value: number
  unit: string
  asOf: string
  source: string
}

/**
 * Managed Spot Training discount off the on-demand price. The study guide's example saves 70% on a
 * Spot tuning job; AWS-FACTS §5.2 quotes a third-party table putting Spot at about 30% of on-demand.
 * AWS says "up to 90%". Spot prices move with supply and demand; the sandbox keeps one discount.
 */
export const SPOT_DISCOUNT: IllustrativeRate = {
  value: 0.7,
  unit: 'fraction of the on-demand price saved',
  asOf: PRICE_AS_OF,
  source: 'AWS-FACTS §5.2: the study guide example (save 70%) and a third-party table (Spot ≈ 30% of on-demand); AWS: "up to 90%"'
}

/**
 * Training instances are priced like hosting instances of the same type: AWS-FACTS §5.1 finds the
 * same per-hour ballpark for most types (e.g. ml.p3.2xlarge 3.825, ml.m5.xlarge 0.23) [P]. The
 * catalog carries hosting prices only.
 */
export const TRAINING_PRICE_RULE = 'training price = the catalog\'s on-demand hosting price of the same type (AWS-FACTS §5.1 [P])'

export type SavingsPlanTerm = 1 | 3

/**
 * SageMaker Savings Plans discount off on-demand, No Upfront. AWS and third-party guides quote "up
 * to 64%" (the best case: 3-year, All Upfront, the most discounted usage) and ranges of 20–65%. The
 * sandbox uses 30% for 1 year and 50% for 3 years, illustrative, one rate for all SageMaker usage.
 */
export const SAVINGS_PLAN_DISCOUNT: Record<SavingsPlanTerm, IllustrativeRate> = {
  1: {
    value: 0.3,
    unit: 'fraction of the on-demand price saved (1 year, No Upfront)',
    asOf: '2026-02-19',
    source: 'illustrative; AWS-FACTS §5.2 (cloudburn.io 2026-02-19, factualminds, emnode: up to 64%; awsnegotiations: 20–65%)'
  },
  3: {
    value: 0.5,
    unit: 'fraction of the on-demand price saved (3 years, No Upfront)',
    asOf: '2026-02-19',
    source: 'illustrative; AWS-FACTS §5.2 (cloudburn.io 2026-02-19, factualminds, emnode: up to 64%; awsnegotiations: 20–65%)'
  }
}

/** Savings Plans commitments AWS accepts: $0.001 to $1,000,000 per hour (AWS-FACTS §5.2 [P]). */
export const SAVINGS_PLAN_MIN_COMMITMENT = 0.001
export const SAVINGS_PLAN_MAX_COMMITMENT = 1_000_000

/**
 * Serverless Inference rates. AWS bills the compute duration scaled by the memory size plus the data
 * processed in and out; provisioned concurrency adds a charge for the capacity kept warm. The exact
 * rates were not retrieved (AWS-FACTS §5.2 and §10 [U]); these are illustrative figures of the
 * commonly quoted us-east-1 order of magnitude.
 */
export const SERVERLESS_RATES = {
  computePerGbSecond: {
    value: 0.00002,
    unit: 'USD per GB-second of inference duration',
    asOf: PRICE_AS_OF,
    source: 'illustrative [U]: AWS-FACTS §10 lists the serverless $/GB-s rate as not found; 0.00002 is the commonly quoted us-east-1 figure for 1 GB'
  },
  provisionedPerGbSecond: {
    value: 0.0000048,
    unit: 'USD per GB-second of provisioned concurrency kept warm',
    asOf: PRICE_AS_OF,
    source: 'illustrative [U]: not retrieved (AWS-FACTS §10)'
  },
  dataPerGb: {
    value: 0.016,
    unit: 'USD per GB of data processed in or out',
    asOf: PRICE_AS_OF,
    source: 'illustrative [U]: not retrieved (AWS-FACTS §10); the per-request charge is the request and response payloads at this rate'
  }
} satisfies Record<string, IllustrativeRate>

/** Hours in a month for monthly figures: 730 = 8,760 hours a year / 12, the usual AWS convention [U]. */
export const HOURS_PER_MONTH = 730
