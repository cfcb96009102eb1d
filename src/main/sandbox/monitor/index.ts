/**
 * SageMaker Model Monitor's statistics in the sandbox (issue #10): pure functions the monitoring
 * service, its schedules, labs and views build on.
 *
 * - `special.ts`         incomplete gamma, erfc, chi-squared and normal tails
 * - `kolmogorov.ts`      scipy's kstwo and Smirnov distributions, every branch
 * - `ks.ts`              the two-sample KS test as scipy.stats.ks_2samp computes it
 * - `histogram.ts`       numpy's Sturges bin edges and histogram counts
 * - `drift.ts`           compareDistributions: KS, linf simple/robust, PSI, Jensen–Shannon,
 *                        Wasserstein, chi-squared, and Evidently's automatic choice of test
 * - `quality.ts`         model quality metrics with AWS's names and standard deviations
 * - `dataset.ts`         tabular datasets and Deequ's type inference
 * - `baseline.ts`        statistics.json and constraints.json from a baseline dataset
 * - `violations.ts`      constraint_violations.json and the per-feature CloudWatch metrics
 * - `schedule.ts`        ScheduleConfig validation and the runs of a schedule
 * - `features.ts`        the feature vectors and labels clients send: seeded scenarios with data
 *                        drift, concept drift, label shift, outlier bursts, schema breaks, seasonality
 * - `capture.ts`         DataCaptureConfig validation; captured data as counts per minute, records
 *                        regenerated with eventId / inferenceId
 * - `execution.ts`       data quality executions of a schedule over captured data: status,
 *                        constraint_violations.json, the metrics each run publishes
 * - `service.ts`         the monitor service of a world (not exported here; world/world.ts builds it):
 *                        capture, scenarios, baselining jobs, schedules, ground truth, metrics
 * - `csv.ts`, `report.ts` bring-your-own-data: chunked CSV parsing, the drift report, CSV/HTML export
 * - `simplifications.ts` where the sandbox departs from Model Monitor, for the learner
 */
export * from './drift'
export * from './quality'
export * from './dataset'
export * from './baseline'
export * from './violations'
export * from './schedule'
export * from './features'
export * from './capture'
export * from './execution'
export * from './csv'
export * from './report'
export { MONITOR_SIMPLIFICATIONS } from './simplifications'
