/**
 * Where the deployment simulation departs from AWS, in words a learner can read. The deployment
 * views show this list beside their charts, with the prices' as-of date.
 */
export const DEPLOY_SIMPLIFICATIONS: readonly string[] = Object.freeze([
  'The simulation moves in whole minutes: baking periods and termination waits round up to the next minute, a new instance serves 5 minutes after it is provisioned, and a traffic shift or rollback takes effect at the start of a minute.',
  'An alarm evaluated at the end of a minute acts from the next minute: SageMaker\'s own polling of the alarms adds no further delay here.',
  'Auto-rollback alarms are watched from the start of the deployment until it completes (the end of the last baking period), not during TerminationWaitInSeconds.',
  'A CAPACITY_PERCENT size becomes whole instances by rounding down, at least one instance. Traffic shares follow the instances turned on in each fleet.',
  'MaximumExecutionTimeoutInSeconds counts until the deployment completes; the termination wait comes after. When it is absent the sandbox uses its maximum, 28800 seconds. A deployment that times out rolls back.',
  'Rolling rollbacks move one RollbackMaximumBatchSize at a time as soon as the old capacity for it is in service, without a baking period between the steps; old instances not yet terminated are reused first.',
  'An in-place update switches every instance at once with no downtime and no extra instances. Nothing rolls it back: recovery is a second deployment, which the optional operator starts.',
  'The operator reacts to any alarm in ALARM after the new version took traffic, after operatorResponseSeconds, once no deployment is in progress. A second deployment of the old version is a default blue/green all-at-once update: it provisions a fleet, then switches.',
  'A shadow test runs to the end of the window (AWS\'s default test lasts 7 days); the shadow variant\'s answers reach nobody, so it fails no user request, but it is billed.',
  'Alarms can watch AWS/SageMaker Invocations, InvocationsPerInstance, Invocation4XXErrors, Invocation5XXErrors, ModelLatency and OverheadLatency (microseconds), and /aws/sagemaker/Endpoints CPUUtilization, MemoryUtilization and DiskUtilization, with Periods in whole minutes; other metrics are refused. Model quality has no CloudWatch metric here: no alarm sees a quality drop.',
  'An alarm without Dimensions watches the new version\'s fleet (as if it named the new EndpointConfigName). An alarm on both fleets together sees their latencies as one log-normal with the same mean and variance.',
  'When a fleet cannot keep up, the requests beyond its capacity in that minute time out as 5XX; no backlog carries over to the next minute, unlike the console\'s endpoint.',
  'Requests, errors, latency and CPU come from the console\'s endpoint model at the fleet\'s expected load; the new version uses the same instance type and model as the current one, with its defect applied: more 5XX errors, a slower service time, or lower accuracy (the current version\'s is an illustrative 92%).',
  'Costs count every billed instance-minute in the window at the catalog\'s illustrative on-demand price; a starting instance is billed from the minute it is provisioned.',
  'Deployment labs: a shadow test\'s accuracy is the expected accuracy of its version (the illustrative 92% less its quality drop), not one measured from sampled labels; the standard error beside it is what labelled copies of that many answers would give.'
])
