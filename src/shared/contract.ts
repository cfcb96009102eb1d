/**
 * The contract between the renderer and whatever hosts the sandbox (Electron's main process over
 * IPC, or the browser-mode host over HTTP). Every channel is named here with a request and a
 * response schema; both transports register their handlers from this table only, so a channel
 * cannot exist on one and not the other, and no handler ever sees an unparsed request.
 */
import { z } from 'zod'
import type { Channel } from './channels'
import { costChannels } from './contract/cost'
import { eventsChannels } from './contract/events'
import { labChannels } from './labs'
import { monitorChannels } from './contract/monitor'
import {
  AlarmDetailSchema,
  LookupEventsRequestSchema,
  MetricQuerySchema,
  SandboxActionSchema,
  WorldSummarySchema
} from './sandbox'

export const ThemeSetting = z.enum(['system', 'light', 'dark'])
export type ThemeSetting = z.infer<typeof ThemeSetting>

export const Settings = z.strictObject({
  theme: ThemeSetting,
  /** Show hints and AWS-doc references inline in labs. */
  showDocLinks: z.boolean()
})
export type Settings = z.infer<typeof Settings>

export const DEFAULT_SETTINGS: Settings = { theme: 'system', showDocLinks: true }

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

export const StoreNotice = z.strictObject({
  kind: z.enum(['corrupt-moved-aside', 'recovered', 'rows-skipped']),
  message: z.string(),
  movedTo: z.string().optional(),
  at: z.iso.datetime()
})
export type StoreNotice = z.infer<typeof StoreNotice>

const Empty = z.strictObject({})
const AlarmStateName = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA'])
const WorldRef = z.strictObject({ worldId: z.string().min(1).max(100) })

/** The stateless evaluator: what an alarm does with a series, period by period. */
export const EvaluateAlarmRequest = z.strictObject({
  alarm: z.strictObject({
    Period: z.number(),
    EvaluationPeriods: z.number(),
    DatapointsToAlarm: z.number().optional(),
    Threshold: z.number(),
    ComparisonOperator: z.string(),
    TreatMissingData: z.string().optional()
  }),
  /** One value per Period, oldest first; null = no datapoint in that period. */
  datapoints: z.array(z.number().nullable()).max(1_000_000, 'at most 1,000,000 datapoints'),
  initialState: AlarmStateName.optional(),
  /**
   * `all` (default): a CloudWatch-style reason for every period. `transitions`: reasons only where the
   * state changed (others are ""), which keeps the answer small for very long series.
   */
  reasons: z.enum(['all', 'transitions']).optional()
})
const Ok = z.strictObject({ ok: z.literal(true) })

export const contract = {
  'app.info': {
    request: Empty,
    response: z.strictObject({
      name: z.string(),
      version: z.string(),
      host: z.enum(['electron', 'browser']),
      platform: z.string(),
      dataDir: z.string(),
      schemaVersion: z.number().int(),
      notices: z.array(StoreNotice)
    })
  },
  'settings.get': {
    request: Empty,
    response: Settings
  },
  'settings.update': {
    request: Settings.partial().strict(),
    response: Settings
  },
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
  'progress.reset': {
    request: z.strictObject({ confirm: z.literal(true, { error: 'confirm must be true: resetting deletes all progress' }) }),
    response: Ok
  },
  'progress.export': {
    request: Empty,
    response: z.strictObject({ fileName: z.string(), content: z.string() })
  },
  'cloudwatch.evaluateAlarm': {
    request: EvaluateAlarmRequest,
    response: z.strictObject({
      evaluations: z.array(z.strictObject({ index: z.number().int(), state: AlarmStateName, reason: z.string() })),
      finalState: AlarmStateName
    })
  },
  'sandbox.catalog': {
    request: Empty,
    response: z.strictObject({
      instanceTypes: z.array(
        z.strictObject({
          name: z.string(),
          family: z.string(),
          category: z.string(),
          vcpu: z.number(),
          memoryGiB: z.number(),
          accelerator: z.string().nullable(),
          pricePerHour: z.number(),
          priceAsOf: z.string(),
          priceSource: z.string()
        })
      ),
      modelPresets: z.array(z.strictObject({ id: z.string(), label: z.string(), description: z.string() })),
      trafficPatterns: z.array(z.string()),
      incidentKinds: z.array(z.string()),
      simplifications: z.array(z.string()),
      limits: z.strictObject({ maxAdvanceMinutes: z.number(), maxWorldMinutes: z.number() }),
      /** The simulated account and Region every world's ARNs use, so the console never hard-codes them. */
      accountId: z.string().regex(/^\d{12}$/), // AWS account ids are 12 digits (AWS Account Management guide, "View AWS account identifiers")
      region: z.string()
    })
  },
  'sandbox.listWorlds': {
    request: Empty,
    response: z.strictObject({
      worlds: z.array(z.strictObject({ id: z.string(), name: z.string(), seed: z.string(), actionCount: z.number(), updatedAt: z.string() })),
      /** Saved worlds this version cannot read: left in the database, named here so the learner knows. */
      unreadable: z.array(z.strictObject({ id: z.string(), name: z.string(), problem: z.string() }))
    })
  },
  'sandbox.createWorld': {
    request: z.strictObject({
      name: z.string().trim().min(1, 'name must not be empty').max(100),
      seed: z.string().trim().min(1).max(100).regex(/^[A-Za-z0-9._-]+$/, 'seed may use letters, digits, ".", "_" and "-"').optional()
    }),
    response: WorldSummarySchema
  },
  'sandbox.getWorld': { request: WorldRef, response: WorldSummarySchema },
  'sandbox.deleteWorld': { request: WorldRef, response: Ok },
  'sandbox.act': {
    request: z.strictObject({ worldId: z.string().min(1).max(100), action: SandboxActionSchema }),
    response: WorldSummarySchema
  },
  'sandbox.listMetrics': {
    request: WorldRef,
    response: z.strictObject({
      metrics: z.array(
        z.strictObject({
          Namespace: z.string(),
          MetricName: z.string(),
          Dimensions: z.array(z.strictObject({ Name: z.string(), Value: z.string() })),
          Unit: z.string()
        })
      )
    })
  },
  'sandbox.getMetricData': {
    request: MetricQuerySchema,
    response: z.strictObject({
      Label: z.string(),
      Unit: z.string(),
      Period: z.number(),
      Timestamps: z.array(z.number()),
      Values: z.array(z.number().nullable()),
      SampleCounts: z.array(z.number())
    })
  },
  'sandbox.describeAlarms': { request: WorldRef, response: z.strictObject({ alarms: z.array(AlarmDetailSchema) }) },
  'sandbox.lookupEvents': {
    request: LookupEventsRequestSchema,
    response: z.strictObject({
      Events: z.array(
        z.strictObject({
          EventId: z.string(),
          EventName: z.string(),
          ReadOnly: z.string(),
          AccessKeyId: z.string().optional(),
          EventTime: z.string(),
          EventSource: z.string(),
          Username: z.string().optional(),
          Resources: z.array(z.strictObject({ ResourceType: z.string().optional(), ResourceName: z.string().optional() })),
          CloudTrailEvent: z.string()
        })
      ),
      NextToken: z.string().optional()
    })
  },
  'sandbox.notifications': {
    request: WorldRef,
    response: z.strictObject({
      notifications: z.array(
        z.strictObject({ at: z.number(), via: z.string(), target: z.string(), kind: z.string(), subject: z.string(), detail: z.string() })
      )
    })
  },
  ...labChannels,
  ...costChannels,
  ...monitorChannels,
  ...eventsChannels,
  'progress.import': {
    /** The file's text, as read by the renderer. Capped so a wrong file cannot exhaust memory. */
    request: z.strictObject({ content: z.string().max(8 * 1024 * 1024, 'the file is larger than 8 MiB') }),
    response: z.strictObject({ imported: z.strictObject({ activity: z.number(), labProgress: z.number(), worlds: z.number() }) })
  }
} satisfies Record<Channel, { request: z.ZodType; response: z.ZodType }>

export type Contract = typeof contract
export type Req<C extends Channel> = z.input<Contract[C]['request']>
export type Res<C extends Channel> = z.output<Contract[C]['response']>
export type ParsedReq<C extends Channel> = z.output<Contract[C]['request']>

/** Compile-time check that `contract` and `CHANNELS` name the same channels. */
type MissingFromContract = Exclude<Channel, keyof Contract>
type ExtraInContract = Exclude<keyof Contract, Channel>
export const contractMatchesChannels: [MissingFromContract, ExtraInContract] extends [never, never] ? true : never = true

/** What `window.lab` looks like when the preload exposed it. */
export type LabBridge = {
  [C in Channel]: (request: Req<C>) => Promise<Envelope<Res<C>>>
}

/** IPC replies are envelopes: structured errors survive the trip, which thrown Errors do not. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: import('./errors').ErrorBody }
