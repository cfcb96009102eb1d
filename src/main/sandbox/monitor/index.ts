/**
 * SageMaker Model Monitor's statistics in the sandbox (issue #10): pure functions the monitoring
 * service, its schedules, labs and views build on.
 *
 * - `special.ts`    incomplete gamma, erfc, chi-squared and normal tails
 * - `kolmogorov.ts` scipy's kstwo and Smirnov distributions, every branch
 * - `ks.ts`         the two-sample KS test as scipy.stats.ks_2samp computes it
 * - `histogram.ts`  numpy's Sturges bin edges and histogram counts
 * - `drift.ts`      compareDistributions: KS, linf simple/robust, PSI, Jensen–Shannon, Wasserstein,
 *                   chi-squared, and Evidently's automatic choice of test
 * - `quality.ts`    model quality metrics with AWS's names and standard deviations
 */
export * from './drift'
export * from './quality'
