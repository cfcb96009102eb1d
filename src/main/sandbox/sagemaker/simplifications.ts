/**
 * Where the world's SageMaker endpoints depart from AWS during updates, in words a learner can read
 * (the console lists them with the world's other simplifications).
 */
export const SAGEMAKER_UPDATE_SIMPLIFICATIONS: readonly string[] = Object.freeze([
  'UpdateEndpoint without DeploymentConfig switches the variants in place at once, with no extra instances and nothing to roll it back (the textbook all-at-once): recovering from a bad version is a second UpdateEndpoint. On AWS an update without an update policy is a blue/green all-at-once deployment; give DeploymentConfig to run one.',
  'Deployment guardrails (UpdateEndpoint with DeploymentConfig) run on endpoints with one production variant, keep the variant\'s name and instance count, and follow the deployment kernel\'s rules (listed with the Compare view): whole minutes, 5-minute instance start-up, a CAPACITY_PERCENT size rounded down to whole instances.',
  'During a deployment each fleet publishes its metrics with the dimension EndpointConfigName, and the variant\'s metrics (EndpointName + VariantName) count both fleets; latency of both fleets together is the log-normal with the same mean and variance. Instances of a fleet that take no traffic publish no instance metrics.',
  'SageMaker hears an auto-rollback alarm\'s change at the end of the minute CloudWatch evaluated it and acts from the next minute. The endpoint stays Updating through TerminationWaitInSeconds and is RollingBack while traffic moves back.',
  'A defective version (the sandbox-only Defect of a variant) adds 5XX model errors, multiplies the service time, or drops accuracy; a quality drop changes no CloudWatch metric, so no alarm sees it. Requests it answers without an error count as degraded.'
])
