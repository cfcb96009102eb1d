/**
 * Jobs: work too long for one request (a Monte Carlo of many releases, a drift report over a million
 * rows, an Inference Recommender load test) runs off the thread that answers requests, on every
 * core, and the renderer follows it: `jobs.start` answers at once with an id, `jobs.get` says how far
 * it is (poll it every 200 ms or so) and, once it has finished, its result; `jobs.cancel` stops it
 * between two chunks of work. A job's request and result have the schemas of its kind, so a result
 * is checked like any other answer.
 *
 * Adding a kind: a member in `JobStartSchema`, `JobResultSchema` and `JobKindSchema` here, and its
 * plan/run/merge in src/main/jobs/kinds.ts.
 */
import { z } from 'zod'
import { LoadTestJobRequestSchema, LoadTestJobResponseSchema } from './cost'
import { DeployCompareRequestSchema, DeployCompareResponseSchema } from './deploy'
import { DriftReportJobRequestSchema, DriftReportJobResponseSchema } from './monitor'

/** `{ kind, request }`: one member per kind. */
export const JobStartSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('deploy.compare'), request: DeployCompareRequestSchema }),
  z.strictObject({ kind: z.literal('cost.loadTest'), request: LoadTestJobRequestSchema }),
  z.strictObject({ kind: z.literal('monitor.driftReport'), request: DriftReportJobRequestSchema })
])
export type JobStart = z.infer<typeof JobStartSchema>
export type JobKind = JobStart['kind']
export const JobKindSchema = z.enum(['deploy.compare', 'cost.loadTest', 'monitor.driftReport'])

/** `{ kind, value }`: the result of each kind. */
export const JobResultSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('deploy.compare'), value: DeployCompareResponseSchema }),
  z.strictObject({ kind: z.literal('cost.loadTest'), value: LoadTestJobResponseSchema }),
  z.strictObject({ kind: z.literal('monitor.driftReport'), value: DriftReportJobResponseSchema })
])
export type JobResult = z.infer<typeof JobResultSchema>
export type JobRequestOf<K extends JobKind> = Extract<JobStart, { kind: K }>['request']
export type JobValueOf<K extends JobKind> = Extract<JobResult, { kind: K }>['value']

export const JobStateSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])
export type JobState = z.infer<typeof JobStateSchema>

export const JobStatusSchema = z.strictObject({
  jobId: z.string(),
  kind: JobKindSchema,
  state: JobStateSchema,
  /** Work done and to do, in the kind's units (releases simulated, rows read …), and what it is doing. */
  progress: z.strictObject({ done: z.number(), total: z.number(), message: z.string() }),
  /** Epoch ms. */
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  /** Worker threads it ran on. */
  workers: z.number().int(),
  /** Why it failed (the kind's own validation names the field, as any request's would). */
  error: z.strictObject({ code: z.string(), message: z.string(), issues: z.array(z.strictObject({ path: z.string(), message: z.string() })) }).nullable(),
  /** Once succeeded. */
  result: JobResultSchema.nullable()
})
export type JobStatus = z.infer<typeof JobStatusSchema>

const JobRef = z.strictObject({ jobId: z.string().min(1).max(64) })

export const jobChannels = {
  'jobs.start': { request: JobStartSchema, response: z.strictObject({ jobId: z.string() }) },
  'jobs.get': { request: JobRef, response: JobStatusSchema },
  'jobs.cancel': { request: JobRef, response: z.strictObject({ state: JobStateSchema }) }
} as const
