/**
 * The deployment service: SageMaker deployment guardrails and the strategies without them, simulated
 * on the console's endpoint model (issue #12).
 *
 * - config.ts          DeploymentConfig with AWS's names and ranges → the plan a rollout runs
 * - rollout.ts         the deployment state machine, stepped one minute at a time with alarm states
 * - fleet.ts           one fleet's minute: requests, errors, ModelLatency, CPU (workload/steady-state.ts)
 * - alarms.ts          PutMetricAlarm-shaped alarms on the fleets' metrics, evaluated by AlarmStepper
 * - kernel.ts          one release over the window: rollout, fleets and alarms together
 * - scenario.ts        request validation shared by deploy.simulate and deploy.compare
 * - simulate.ts        deploy.simulate
 * - compare.ts         deploy.compare: the Monte Carlo, split into ranges of releases and merged
 * - table.ts           the study guide's strategy table from measured numbers, and its disagreements
 * - simplifications.ts what the deployment simulation simplifies, for the UI
 */
export * from './config'
export * from './rollout'
export * from './alarms'
export * from './kernel'
export * from './scenario'
export * from './simulate'
export * from './compare'
export * from './table'
export { DEPLOY_SIMPLIFICATIONS } from './simplifications'
