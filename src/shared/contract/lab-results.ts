/**
 * Shapes shared by every lab step kind's result: the scenario's incidents as a step sees them, and
 * the facts a run computes for its explanation. Everything is plain JSON (no typed arrays, no NaN;
 * a missing datapoint is `null`) so it crosses IPC and HTTP unchanged.
 */
import { z } from 'zod'

export const LAB_INCIDENT_KINDS = ['latencyRegression', 'errorBurst', 'trafficSpike', 'outlier', 'trafficGap'] as const
export type LabIncidentKind = (typeof LAB_INCIDENT_KINDS)[number]

/** Alarm state codes, as in the CloudWatch evaluator: 0 OK, 1 ALARM, 2 INSUFFICIENT_DATA. */
export const StateCodeSchema = z.union([z.literal(0), z.literal(1), z.literal(2)])
export type StateCode = z.infer<typeof StateCodeSchema>

export const IncidentSummarySchema = z.strictObject({
  id: z.string(),
  kind: z.enum(LAB_INCIDENT_KINDS),
  label: z.string(),
  /** The endpoint it happened to. */
  endpoint: z.string(),
  /** Whether an alarm should page for it in this step. */
  shouldPage: z.boolean(),
  /** Epoch ms, whole minutes; `end` is exclusive. */
  start: z.number(),
  end: z.number(),
  /** "Tue 14:02–16:02" (UTC). */
  when: z.string(),
  params: z.record(z.string(), z.number())
})
export type IncidentSummary = z.infer<typeof IncidentSummarySchema>

export const HistoryItemSchema = z.strictObject({ timestamp: z.number(), when: z.string(), oldState: z.string(), newState: z.string(), reason: z.string() })

/** What every step run carries besides its kind's own result. */
export const stepRunBase = {
  labId: z.string(),
  stepId: z.string(),
  seed: z.number().int(),
  /** The simulated scenario, epoch ms [start, end). */
  startTime: z.number(),
  endTime: z.number(),
  incidents: z.array(IncidentSummarySchema),
  /** The learner's inputs, keyed by input id, after defaults. */
  inputs: z.record(z.string(), z.union([z.string(), z.number()])),
  /** Numbers from this run, by name, already formatted: the explanation's `{{name}}` placeholders. */
  facts: z.record(z.string(), z.string())
}
