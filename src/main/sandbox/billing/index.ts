/**
 * Billing in a sandbox world (issue #11, items 6 and 7): Cost Explorer, cost allocation tags, AWS
 * Budgets and Service Quotas for endpoint instances. The pure cost computations (recommendations,
 * purchasing options, Spot training, capacity messages, prices) are in ../cost.
 *
 * - service.ts         the Billing service: bills every minute, cost allocation tags, budgets, reads
 * - ledger.ts          billed instance-minutes per day and line item (instance type, endpoint, tags)
 * - explorer.ts        GetCostAndUsage: periods, GroupBy, Filter, the untagged share
 * - forecast.ts        month to date and the month-end forecast
 * - budgets.ts         budget and notification validation, evaluation rules, alert text
 * - tags.ts            SageMaker tag rules (AddTags, DeleteTags, CreateEndpoint Tags)
 * - quotas.ts          Service Quotas: per-type endpoint instance quotas, RequestServiceQuotaIncrease
 * - simplifications.ts what billing simplifies, for the UI
 */
export * from './service'
export * from './ledger'
export * from './explorer'
export * from './forecast'
export * from './budgets'
export * from './tags'
export * from './quotas'
export { BILLING_SIMPLIFICATIONS } from './simplifications'
