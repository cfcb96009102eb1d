/**
 * Where the world's billing departs from AWS, in words a learner can read. The console's Cost tab
 * shows this list beside the chart, with the prices' as-of date.
 */
export const BILLING_SIMPLIFICATIONS: readonly string[] = Object.freeze([
  'Prices are illustrative on-demand rates (us-east-1) with an as-of date; the bill counts endpoint instance time only (no storage, data transfer, tax, free tier or Savings Plans).',
  'Cost Explorer here is live: each simulated minute is billed as it ends. AWS refreshes cost data at least once a day, and its figures for the current month are estimates.',
  'Instances are billed per minute; SageMaker bills real-time instances per second.',
  'Usage types are named USE1-Host:<instance type>, after the shape SageMaker hosting usage has on bills; the name was not checked against AWS\'s list.',
  'Activating a cost allocation tag takes effect at once; on AWS it can take up to 24 hours, and a newly applied key can take up to 24 hours to be listed for activation. Backfilling tags to earlier months (StartCostAllocationTagBackfill) is not simulated.',
  'The forecast is month to date plus the rest of the month at the mean daily cost of the last complete days (up to 7). Cost Explorer uses its own model with an 80% prediction interval and gives no forecast for accounts with less than about a billing cycle of history.',
  'Budgets are evaluated at the end of every simulated minute; AWS updates budget status several times a day, so a real alert can come hours after the threshold is crossed. A notification alerts once per month.',
  'Only COST budgets with a MONTHLY period are simulated, filtered by Service, InstanceType, UsageType or TagKeyValue. Budget actions (applying IAM policies or stopping instances) are not simulated.',
  'Budget alerts go to the Notifications list (an SNS topic or an email address); nothing is sent. AWS Budgets does not publish alerts to EventBridge; its API calls reach EventBridge through CloudTrail, as they do here.',
  'Quota increases (RequestServiceQuotaIncrease) are granted at once; AWS reviews them, which can take hours or days. Quota codes are shaped like AWS\'s but are the sandbox\'s own. Default quotas are illustrative.',
  'A CreateEndpoint, UpdateEndpoint or scale-out refused with ResourceLimitExceeded leaves no CloudTrail record here; CloudTrail records failed calls with their error code. During UpdateEndpoint the sandbox counts the old fleet beside the new one toward the quota (blue/green), inferred from how SageMaker deploys, not from a quota document.'
])
