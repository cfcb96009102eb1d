/**
 * Where the cost service departs from AWS, in words a learner can read. The rightsizing and cost
 * views show this list beside their charts, with the prices' as-of dates.
 */
export const COST_SIMPLIFICATIONS: readonly string[] = Object.freeze([
  'All prices and discounts are illustrative, with an as-of date: On-Demand hosting prices from the catalog, a 70% Spot discount, Savings Plans at 30% (1 year) and 50% (3 years) off, and Serverless Inference rates that could not be checked against AWS.',
  'Inference Recommender results come from the sandbox\'s own endpoint model, the one the console uses. A rate is "sustained" while p99 ModelLatency stays within the requirement and the 60-second timeout and the workers are at most 90% busy, the sandbox\'s reading of "invocations level out".',
  'ModelLatency in recommendations is in milliseconds with fractions; AWS reports whole milliseconds. CpuUtilization is summed over vCPUs, as CloudWatch reports CPUUtilization.',
  'The load test raises a steady request rate stage by stage instead of a number of simulated users; each stage starts with an empty queue.',
  'Spot interruptions and waits for Spot capacity come from an illustrative random process, not AWS data. The training script checkpoints every 30 minutes of progress; each attempt spends 2 minutes downloading and the finished job 1 minute uploading.',
  'A Spot job\'s BillableTimeInSeconds is its running time at the fixed Spot discount, so AWS\'s savings formula always shows that discount; work redone after an interruption shows in the cost instead.',
  'Training instances are priced like hosting instances of the same type.',
  'In the month comparison a Savings Plan covers only the workload compared; on AWS it covers all eligible SageMaker usage of the account.',
  'Serverless containers get a share of a vCPU proportional to their memory (a full vCPU from 2048 MB); containers stay warm for 10 minutes after their last request; a cold start takes 2 s plus 1.5 s per GiB of model.',
  'Asynchronous inference scales with target tracking on ApproximateBacklogSizePerInstance like the real-time autoscaling in the sandbox; queue delays are counted in whole minutes.',
  'Compute Optimizer does not cover SageMaker endpoints; the findings use its rules and vocabulary on the endpoint\'s metrics, and a latency requirement adds a reason Compute Optimizer does not have.',
  'The advanced recommender job raises a request rate per minute in stairs (TrafficType STAIRS only); a serverless configuration is judged on its p99 with cold starts for either percentile, stops at 1% of requests throttled, and levels out when the concurrency it needs reaches MaxConcurrency. The throughput requirement is checked against the result and does not stop the ramp.',
  'In the purchasing lab a Savings Plan commits exactly the fleet\'s discounted hourly spend, and a Spot training night checkpoints with MaxWaitTimeInSeconds twice MaxRuntimeInSeconds; each night draws its own Spot market.',
  'Default instance quotas are illustrative; real accounts have their own.',
  'Findings for a world endpoint read its one-minute datapoints of the last 14 days and size against the variant\'s current instance count, even when auto scaling changed it during the period; an endpoint under a deployment is read through its variant\'s metrics (both fleets together).'
])
