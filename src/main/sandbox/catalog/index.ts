/**
 * Catalog: data with an as-of date. `instances.ts` holds the SageMaker hosting instance types with
 * their specs and illustrative us-east-1 on-demand prices.
 */
export * from './instances'
