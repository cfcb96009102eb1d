/**
 * Labs: content as data, graded by pure checks over sandbox results. See README.md for the API.
 *
 * - schema.ts           the lab file schema (zod), coverage()
 * - validate.ts         schema + cross-field validation with document paths
 * - markdown.ts         load-time refusal of raw HTML and script links in lab text
 * - engine.ts           listLabs, getLab, runStep, checkStep, gradeQuestions, scoreLab, LabEngine
 * - scenario/           the alarm-week runner (metric, composite, CloudTrail), scorecard, trade-offs
 * - checks/             the check registry
 */
export * from './schema'
export * from './validate'
export * from './engine'
export { markdownProblem } from './markdown'
export { CHECKS, getCheck, runCheck, type AnyCheck, type CheckInputs, type CheckResult } from './checks'
export {
  runAlarmWeek,
  runCompositeWeek,
  simulateWeek,
  resolveIncidentTimes,
  summarizeIncidents,
  clearScenarioCache,
  sweepThresholds,
  WEEK_START,
  WEEK_END,
  WEEK_MINUTES,
  type AlarmWeekOptions,
  type AlarmWeekResult,
  type CompositeWeekResult
} from './scenario/alarm-week'
export { runAuditWeek, buildAuditTrail, AUDIT_SERVICES, type AuditChoice } from './scenario/audit'
export { buildScorecard, alarmTransitions, type StateTimeline } from './scenario/scorecard'
export type * from './scenario/types'
