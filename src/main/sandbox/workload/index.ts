/**
 * Workload simulation: request traffic, the latency and utilization of a model on an instance type,
 * target-tracking auto scaling, injected incidents, and the per-minute SageMaker endpoint metrics
 * they produce.
 *
 * - traffic.ts         traffic patterns → expected requests per minute
 * - model.ts           model profile, serving plan, memory fit
 * - queueing.ts        Erlang C, M/M/c and Allen–Cunneen M/G/c waits
 * - incidents.ts       scenario incidents and their exact windows
 * - endpoint.ts        EndpointRuntime (one endpoint, minute by minute); simulateEndpoint
 * - variant.ts         one variant's fleet, queue, random streams and the metrics it publishes
 * - stats.ts           inverse normal CDF, log-normal helpers
 * - simplifications.ts what the sandbox simplifies, for the UI
 */
export * from './traffic'
export * from './model'
export * from './queueing'
export * from './incidents'
export * from './endpoint'
export * from './stats'
export { SIMPLIFICATIONS } from './simplifications'
