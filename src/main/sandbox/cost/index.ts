/**
 * The cost service: rightsizing and purchasing decisions, priced with illustrative rates.
 *
 * - prices.ts          illustrative rates with as-of dates (Spot, Savings Plans, Serverless)
 * - recommend.ts       Inference Recommender's recommendations (cost.recommend)
 * - load-test.ts       the advanced job's load test, one stage at a time
 * - recommender-job.ts the advanced job (cost.loadTest): configurations, stairs, requirement
 * - spot-training.ts   a training job, on-demand or Managed Spot (cost.trainingJob)
 * - savings-plans.ts   a SageMaker Savings Plan applied hour by hour
 * - serverless.ts      Serverless Inference over a month: cold starts, throttling, cost
 * - async-inference.ts asynchronous inference scaling to zero with a backlog
 * - purchasing.ts      purchasing options side by side, cost over time, break-even points
 * - findings.ts        Compute Optimizer-style findings for a running endpoint
 * - endpoint-findings.ts the same, read from a world's endpoint and CloudWatch (sandbox.endpointFindings)
 * - capacity.ts        instance quotas and ResourceLimitExceeded
 * - simplifications.ts what the cost service simplifies, for the UI
 */
export * from './prices'
export * from './recommend'
export * from './load-test'
export * from './recommender-job'
export * from './spot-training'
export * from './savings-plans'
export * from './serverless'
export * from './async-inference'
export * from './purchasing'
export * from './findings'
export * from './endpoint-findings'
export * from './capacity'
export { COST_SIMPLIFICATIONS } from './simplifications'
