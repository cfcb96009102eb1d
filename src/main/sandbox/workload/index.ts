/**
 * Workload simulation: request traffic, the latency and utilization of a model on an instance type,
 * target-tracking auto scaling, injected incidents, and the per-minute SageMaker endpoint metrics
 * they produce.
 *
 * - traffic.ts         traffic patterns → expected requests per minute
 * - model.ts           model profile, serving plan, memory fit
 * - queueing.ts        Erlang C, M/M/c and Allen–Cunneen M/G/c waits
 * - autoscaling.ts     target tracking on SageMakerVariantInvocationsPerInstance
 * - incidents.ts       scenario incidents and their exact windows
 * - endpoint.ts        simulateEndpoint: the minute-by-minute loop and its metrics
 * - stats.ts           inverse normal CDF, log-normal helpers
 * - validation.ts      issue collection for LabError('VALIDATION')
 * - simplifications.ts what the sandbox simplifies, for the UI
 */
export * from './traffic'
export * from './model'
export * from './queueing'
export * from './autoscaling'
export * from './incidents'
export * from './endpoint'
export * from './stats'
export { SIMPLIFICATIONS } from './simplifications'
