/**
 * The learner's progress: activity (to continue where they left off), lab progress, saved worlds,
 * and the export file that carries all of it to another machine.
 */
import { z } from 'zod'
import { Settings } from './app'
import { Empty } from './common'
import { SandboxActionSchema } from './sandbox'

export const ActivityKind = z.enum(['lab', 'sandbox', 'study', 'page'])

export const Activity = z.strictObject({
  kind: ActivityKind,
  /** What was opened: a lab id, a world id, a page name. */
  ref: z.string().min(1).max(200),
  title: z.string().min(1).max(200),
  /** The renderer route that resumes it, e.g. `/labs/alarm-p99`. Always app-internal. */
  route: z
    .string()
    .max(300)
    .regex(/^\/[A-Za-z0-9/_\-.?=&]*$/, 'must be an app route starting with "/"'),
  at: z.iso.datetime()
})
export type Activity = z.infer<typeof Activity>

export const LabProgressRow = z.strictObject({
  labId: z.string().min(1).max(100),
  status: z.enum(['not_started', 'in_progress', 'done', 'done_assisted']),
  seed: z.number().int(),
  currentStep: z.number().int().min(0),
  score: z.number().min(0).max(100).nullable(),
  startedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Per-step answers, check results and hint counts: owned by the lab engine. */
  state: z.record(z.string(), z.unknown())
})
export type LabProgressRow = z.infer<typeof LabProgressRow>

/** A saved sandbox world: its seed and the actions taken in it (replaying them reproduces every number). */
export const WorldRow = z.strictObject({
  id: z.string().min(1).max(100),
  name: z.string().min(1).max(100),
  seed: z.string().min(1).max(100),
  actions: z.array(SandboxActionSchema).max(2000),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime()
})
export type WorldRow = z.infer<typeof WorldRow>

/** Everything that counts as the learner's progress: exactly what export writes and import reads. */
export const ProgressData = z.strictObject({
  settings: Settings,
  activity: z.array(Activity),
  labProgress: z.array(LabProgressRow),
  worlds: z.array(WorldRow).default([])
})
export type ProgressData = z.infer<typeof ProgressData>

export const PROGRESS_FILE_FORMAT = 'mlops-lab-progress'
export const PROGRESS_FILE_VERSION = 1

export const ProgressFile = z.strictObject({
  format: z.literal(PROGRESS_FILE_FORMAT),
  formatVersion: z.literal(PROGRESS_FILE_VERSION),
  exportedAt: z.iso.datetime(),
  app: z.strictObject({ name: z.string(), version: z.string() }),
  /** SHA-256 (hex) of `JSON.stringify(data)`: catches a truncated or edited file. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  data: ProgressData
})
export type ProgressFile = z.infer<typeof ProgressFile>

/** Counts of what the store holds (lab progress rows, activity entries, saved worlds). */
export const StoreCounts = z.strictObject({
  labProgress: z.number().int().min(0),
  activity: z.number().int().min(0),
  worlds: z.number().int().min(0)
})
export type StoreCounts = z.infer<typeof StoreCounts>

export const progressChannels = {
  'progress.summary': {
    request: Empty,
    response: z.strictObject({
      lastActivity: Activity.nullable(),
      recent: z.array(Activity),
      labs: z.strictObject({
        started: z.number().int().min(0),
        done: z.number().int().min(0),
        doneAssisted: z.number().int().min(0)
      }),
      labProgress: z.array(LabProgressRow)
    })
  },
  'progress.recordActivity': {
    request: Activity.omit({ at: true }),
    response: Activity
  },
  /** How many of each thing the store holds: what a reset or an import would replace, counted by the host. */
  'progress.counts': {
    request: Empty,
    response: StoreCounts
  },
  /**
   * Deletes one kind of data, never both: `labProgress` is every lab's result and the activity
   * history (worlds and settings stay); `worlds` is every saved sandbox world and the activity
   * entries that open one (lab progress and settings stay).
   */
  'progress.reset': {
    request: z.strictObject({
      confirm: z.literal(true, { error: 'confirm must be true: resetting deletes data' }),
      what: z.enum(['labProgress', 'worlds'], { error: 'what must be "labProgress" (lab results and activity) or "worlds" (saved sandbox worlds)' })
    }),
    response: z.strictObject({ ok: z.literal(true), deleted: StoreCounts })
  },
  'progress.export': {
    request: Empty,
    response: z.strictObject({ fileName: z.string(), content: z.string() })
  },
  /** What a progress file holds, read and validated exactly as import would, without changing anything. */
  'progress.inspectImport': {
    request: z.strictObject({ content: z.string().max(8 * 1024 * 1024, 'the file is larger than 8 MiB') }),
    response: z.strictObject({
      exportedAt: z.iso.datetime(),
      app: z.strictObject({ name: z.string(), version: z.string() }),
      /** What the file holds. */
      file: StoreCounts,
      /** What is here now, and would be replaced. */
      current: StoreCounts
    })
  },
  'progress.import': {
    /** The file's text, as read by the renderer. Capped so a wrong file cannot exhaust memory. */
    request: z.strictObject({ content: z.string().max(8 * 1024 * 1024, 'the file is larger than 8 MiB') }),
    response: z.strictObject({ imported: z.strictObject({ activity: z.number(), labProgress: z.number(), worlds: z.number() }) })
  }
} as const
