/**
 * Labs: content as data, graded by checks over runs of the scenario world. See README.md.
 *
 * - schema.ts    the lab file schema (zod), coverage()
 * - validate.ts  schema + cross-field validation with document paths (kinds, checks, inputs, solutions)
 * - markdown.ts  load-time refusal of raw HTML and script links in lab text
 * - kinds.ts     the step-kind plug-in interface; the kinds live with their services (cloudwatch/labs, cloudtrail/labs)
 * - scenario.ts  the scenario world: setup, seeded incidents and calls, cached per (lab, seed)
 * - engine.ts    listLabs, getLab, runStep, checkStep, scoring, sandboxPlan, verifySolutions, LabEngine
 */
export * from './schema'
export * from './validate'
export * from './engine'
export * from './kinds'
export { markdownProblem } from './markdown'
export { scenarioRun, clearScenarioCache, resolveIncidents, resolveCalls, summarizeIncidents, incidentsOf, worldSeed, type ScenarioRun } from './scenario'
export { STEP_KINDS, stepKind, stepKindNames } from '../lab-kinds'
