/**
 * CloudTrail for one simulated account and Region: Event history (LookupEvents) and trails.
 *
 * Sources:
 * - Event history holds management events only, for the past 90 days, per Region: CloudTrail User
 *   Guide, "Working with CloudTrail Event history"; SageMaker Developer Guide, "Logging Amazon
 *   SageMaker AI API calls using AWS CloudTrail" ("the past 90 days of recorded management events in
 *   an AWS Region"); LookupEvents API ("events that occurred in a Region within the last 90 days").
 * - LookupEvents parameters and limits: CloudTrail API Reference, LookupEvents and LookupAttribute
 *   (one attribute per request; MaxResults 1–50, default 50; AttributeValue 1–2000 characters).
 * - Trails log management events by default and data events only when selected: CloudTrail User
 *   Guide, "Understanding CloudTrail events" and "Logging data events".
 * - Log file object names: CloudTrail User Guide, "Finding your CloudTrail log files" and
 *   "CloudTrail log file examples".
 *
 * Simplifications, said here so the UI can say them too: log files are kept as objects in memory
 * (not gzipped), a trail delivers when the sandbox calls `deliverLogFiles`, basic event selectors
 * accept any data resource type (real basic selectors cover only a few types), and advanced event
 * selectors support the fields listed in `ADVANCED_FIELDS`.
 */
import { DAY_MS } from '../core/time'
import { LabError, invalidField, type ErrorIssue } from '../../../shared/errors'
import {
  buildCloudTrailRecord,
  apiCallClass,
  formatIsoSeconds,
  lookupUsername,
  type ApiCallInput,
  type CloudTrailRecord,
  type IdGenerator
} from './record'

export const EVENT_HISTORY_RETENTION_DAYS = 90
const EVENT_HISTORY_RETENTION_MS = EVENT_HISTORY_RETENTION_DAYS * DAY_MS

export const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId'
] as const
export type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number]

export interface LookupAttribute {
  AttributeKey: LookupAttributeKey
  AttributeValue: string
}

export interface LookupEventsRequest {
  LookupAttributes?: LookupAttribute[]
  /** Epoch ms; events at or after this time. */
  StartTime?: number
  /** Epoch ms; events at or before this time. */
  EndTime?: number
  MaxResults?: number
  NextToken?: string
}

export interface LookupResource {
  ResourceType: string
  /** The resource ARN as recorded; lookups by ResourceName also accept its last name segment. */
  ResourceName: string
}

/** One result of LookupEvents (CloudTrail API Reference, Event). EventTime is ISO-8601 here. */
export interface LookupEvent {
  EventId: string
  EventName: string
  ReadOnly: 'true' | 'false'
  AccessKeyId?: string
  EventTime: string
  EventSource: string
  Username?: string
  Resources: LookupResource[]
  CloudTrailEvent: string
}

export interface LookupEventsResponse {
  Events: LookupEvent[]
  NextToken?: string
}

export const MAX_LOOKUP_RESULTS = 50
const MAX_ATTRIBUTE_VALUE_LENGTH = 2000

export type ReadWriteType = 'ReadOnly' | 'WriteOnly' | 'All'

export interface DataResource {
  /** CloudTrail resource type, e.g. `AWS::S3::Object` or `AWS::SageMaker::FeatureGroup`. */
  Type: string
  /** ARN prefixes; `arn:aws:s3` selects every bucket (CloudTrail API Reference, DataResource). */
  Values: string[]
}

export interface EventSelector {
  ReadWriteType: ReadWriteType
  IncludeManagementEvents: boolean
  DataResources: DataResource[]
}

export const ADVANCED_FIELDS = [
  'eventCategory',
  'eventSource',
  'eventName',
  'readOnly',
  'resources.type',
  'resources.ARN'
] as const
export type AdvancedField = (typeof ADVANCED_FIELDS)[number]

export interface AdvancedFieldSelector {
  Field: AdvancedField
  Equals?: string[]
  StartsWith?: string[]
  EndsWith?: string[]
  NotEquals?: string[]
  NotStartsWith?: string[]
  NotEndsWith?: string[]
}

export interface AdvancedEventSelector {
  Name?: string
  FieldSelectors: AdvancedFieldSelector[]
}

export interface CreateTrailRequest {
  Name: string
  S3BucketName: string
  S3KeyPrefix?: string
  IsMultiRegionTrail?: boolean
}

export interface TrailDescription {
  Name: string
  TrailARN: string
  S3BucketName: string
  S3KeyPrefix?: string
  IsMultiRegionTrail: boolean
  HomeRegion: string
  HasCustomEventSelectors: boolean
  HasInsightSelectors: false
}

export interface PutEventSelectorsRequest {
  TrailName: string
  EventSelectors?: EventSelector[]
  AdvancedEventSelectors?: AdvancedEventSelector[]
}

export interface EventSelectorsDescription {
  TrailARN: string
  EventSelectors?: EventSelector[]
  AdvancedEventSelectors?: AdvancedEventSelector[]
}

/** A log file a trail "delivered" to its bucket. */
export interface LogFile {
  trailName: string
  bucket: string
  /** Object key: `[prefix/]AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<file>.json.gz`. */
  key: string
  deliveredAt: string
  content: { Records: CloudTrailRecord[] }
}

/** What happened to one API call: where its record went. */
export interface RecordOutcome {
  record: CloudTrailRecord
  /** True for management events in this service's Region: visible to LookupEvents. */
  inEventHistory: boolean
  /** Trails (logging, with matching selectors) that will deliver the record. */
  trailNames: string[]
}

interface StoredEvent {
  seq: number
  timeMs: number
  record: CloudTrailRecord
}

interface TrailState {
  config: TrailDescription
  isLogging: boolean
  eventSelectors?: EventSelector[]
  advancedEventSelectors?: AdvancedEventSelector[]
  pending: CloudTrailRecord[]
  delivered: LogFile[]
}

/** The default selector: all management events, no data events ("Understanding CloudTrail events"). */
const DEFAULT_SELECTORS: EventSelector[] = [{ ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [] }]

export interface CloudTrailOptions {
  account: string
  region: string
  ids: IdGenerator
}

export class CloudTrailService {
  private readonly account: string
  private readonly region: string
  private readonly ids: IdGenerator
  private readonly history: StoredEvent[] = []
  private readonly trails = new Map<string, TrailState>()
  private seq = 0

  constructor(opts: CloudTrailOptions) {
    this.account = opts.account
    this.region = opts.region
    this.ids = opts.ids
  }

  /**
   * Records one API call. Returns null for calls CloudTrail does not log (InvokeEndpoint). Data
   * events never enter Event history; they reach a trail only through its selectors.
   * EventBridge gets "AWS API Call via CloudTrail" events only when a logging trail records them
   * (EventBridge User Guide, "Events from AWS services"), so callers forward the record to the bus
   * when `trailNames` is not empty.
   */
  recordApiCall(input: ApiCallInput): RecordOutcome | null {
    if (apiCallClass(input.eventSource, input.eventName).category === 'NotLogged') return null
    const record = buildCloudTrailRecord(input, this.ids)
    // The record's eventTime is this instant in whole seconds (formatIsoSeconds): no need to parse it back.
    const timeMs = Math.floor(input.eventTime / 1000) * 1000
    const inEventHistory = record.managementEvent && record.awsRegion === this.region
    if (inEventHistory) {
      this.history.push({ seq: this.seq++, timeMs, record })
      this.pruneHistory(timeMs)
    }
    const trailNames: string[] = []
    for (const trail of this.trails.values()) {
      if (!trail.isLogging) continue
      if (!trail.config.IsMultiRegionTrail && record.awsRegion !== trail.config.HomeRegion) continue
      if (!trailSelects(trail, record)) continue
      trail.pending.push(record)
      trailNames.push(trail.config.Name)
    }
    return { record, inEventHistory, trailNames }
  }

  /**
   * LookupEvents over Event history, newest first. `nowMs` is the simulated clock: events older than
   * 90 days before it, or later than it, are not returned.
   */
  lookupEvents(req: LookupEventsRequest, nowMs: number): LookupEventsResponse {
    const query = validateLookupRequest(req)
    const windowStart = nowMs - EVENT_HISTORY_RETENTION_MS
    const from = Math.max(windowStart, query.startTime ?? windowStart)
    const to = Math.min(nowMs, query.endTime ?? nowMs)
    const fingerprint = queryFingerprint(query)
    const cursor = req.NextToken === undefined ? undefined : decodeToken(req.NextToken, fingerprint)

    const matching = this.history
      .filter((e) => e.timeMs >= from && e.timeMs <= to && matchesAttribute(e.record, query.attribute))
      .sort(newestFirst)
    const start = cursor ? matching.findIndex((e) => newestFirst(e, cursor) > 0) : 0
    const page = start < 0 ? [] : matching.slice(start, start + query.maxResults)
    const last = page[page.length - 1]
    const hasMore = start >= 0 && start + query.maxResults < matching.length
    const response: LookupEventsResponse = { Events: page.map((e) => toLookupEvent(e.record)) }
    if (hasMore && last) response.NextToken = encodeToken(fingerprint, last)
    return response
  }

  createTrail(req: CreateTrailRequest): TrailDescription {
    const issues = [
      ...trailNameIssues('Name', req.Name),
      ...bucketIssues(req.S3BucketName),
      ...(req.S3KeyPrefix !== undefined && (typeof req.S3KeyPrefix !== 'string' || req.S3KeyPrefix.length > 200)
        ? [{ path: 'S3KeyPrefix', message: 'must be a string of at most 200 characters' }]
        : [])
    ]
    throwIfIssues('CreateTrail request is not valid', issues)
    if (this.trails.has(req.Name)) {
      throw new LabError('CONFLICT', `Name: a trail named "${req.Name}" already exists (TrailAlreadyExistsException)`, [
        { path: 'Name', message: 'a trail with this name already exists' }
      ])
    }
    const config: TrailDescription = {
      Name: req.Name,
      TrailARN: `arn:aws:cloudtrail:${this.region}:${this.account}:trail/${req.Name}`,
      S3BucketName: req.S3BucketName,
      IsMultiRegionTrail: req.IsMultiRegionTrail ?? false,
      HomeRegion: this.region,
      HasCustomEventSelectors: false,
      HasInsightSelectors: false
    }
    if (req.S3KeyPrefix) config.S3KeyPrefix = req.S3KeyPrefix
    // CreateTrail does not start logging; StartLogging does (CloudTrail API Reference, StartLogging).
    this.trails.set(req.Name, { config, isLogging: false, pending: [], delivered: [] })
    return { ...config }
  }

  deleteTrail(name: string): void {
    this.requireTrail(name)
    this.trails.delete(name)
  }

  startLogging(name: string): void {
    this.requireTrail(name).isLogging = true
  }

  stopLogging(name: string): void {
    this.requireTrail(name).isLogging = false
  }

  getTrailStatus(name: string): { IsLogging: boolean } {
    return { IsLogging: this.requireTrail(name).isLogging }
  }

  describeTrails(): { trailList: TrailDescription[] } {
    return { trailList: [...this.trails.values()].map((t) => ({ ...t.config })) }
  }

  /**
   * PutEventSelectors: either basic or advanced selectors, not both; up to five basic selectors
   * (CloudTrail API Reference, PutEventSelectors).
   */
  putEventSelectors(req: PutEventSelectorsRequest): EventSelectorsDescription {
    const trail = this.requireTrail(req.TrailName)
    const hasBasic = req.EventSelectors !== undefined
    const hasAdvanced = req.AdvancedEventSelectors !== undefined
    if (hasBasic === hasAdvanced) {
      throw invalidField('EventSelectors', 'give either EventSelectors or AdvancedEventSelectors, not both and not neither')
    }
    if (hasBasic) {
      throwIfIssues('EventSelectors are not valid', basicSelectorIssues(req.EventSelectors))
      trail.eventSelectors = req.EventSelectors
      trail.advancedEventSelectors = undefined
    } else {
      throwIfIssues('AdvancedEventSelectors are not valid', advancedSelectorIssues(req.AdvancedEventSelectors))
      trail.advancedEventSelectors = req.AdvancedEventSelectors
      trail.eventSelectors = undefined
    }
    trail.config.HasCustomEventSelectors = true
    return this.getEventSelectors(req.TrailName)
  }

  getEventSelectors(trailName: string): EventSelectorsDescription {
    const trail = this.requireTrail(trailName)
    if (trail.advancedEventSelectors) {
      return { TrailARN: trail.config.TrailARN, AdvancedEventSelectors: trail.advancedEventSelectors }
    }
    return { TrailARN: trail.config.TrailARN, EventSelectors: trail.eventSelectors ?? DEFAULT_SELECTORS }
  }

  /**
   * Writes each trail's pending records into log files, one file per trail and Region, named with
   * the delivery time (the date folders are the day the file was published).
   */
  deliverLogFiles(nowMs: number): LogFile[] {
    const written: LogFile[] = []
    for (const trail of this.trails.values()) {
      const byRegion = new Map<string, CloudTrailRecord[]>()
      for (const r of trail.pending) {
        const list = byRegion.get(r.awsRegion) ?? []
        list.push(r)
        byRegion.set(r.awsRegion, list)
      }
      trail.pending = []
      for (const [region, records] of byRegion) {
        const file: LogFile = {
          trailName: trail.config.Name,
          bucket: trail.config.S3BucketName,
          key: logFileKey(trail.config.S3KeyPrefix, this.account, region, nowMs, uniqueString(this.ids('ct-log'))),
          deliveredAt: formatIsoSeconds(nowMs),
          content: { Records: records }
        }
        trail.delivered.push(file)
        written.push(file)
      }
    }
    return written
  }

  listLogFiles(trailName: string): LogFile[] {
    return [...this.requireTrail(trailName).delivered]
  }

  private requireTrail(name: string): TrailState {
    const trail = this.trails.get(name)
    if (!trail) {
      throw new LabError('NOT_FOUND', `Name: no trail named "${name}" (TrailNotFoundException)`, [
        { path: 'Name', message: `no trail named "${name}"` }
      ])
    }
    return trail
  }

  /** Drops events that can no longer be looked up: older than 90 days before the newest record. */
  private pruneHistory(latestMs: number): void {
    const cutoff = latestMs - EVENT_HISTORY_RETENTION_MS
    let drop = 0
    while (drop < this.history.length && this.history[drop].timeMs < cutoff) drop++
    if (drop > 0) this.history.splice(0, drop)
  }
}

/**
 * The S3 object key of a delivered log file:
 * `bucket/prefix/AWSLogs/<account>/CloudTrail/<region>/<YYYY>/<MM>/<DD>/<file>` where the file is
 * `<account>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<UniqueString>.json.gz` (CloudTrail User Guide,
 * "Finding your CloudTrail log files" and "CloudTrail log file name format").
 */
export function logFileKey(prefix: string | undefined, account: string, region: string, deliveredMs: number, unique: string): string {
  const iso = new Date(deliveredMs).toISOString()
  const yyyy = iso.slice(0, 4)
  const mm = iso.slice(5, 7)
  const dd = iso.slice(8, 10)
  const stamp = `${yyyy}${mm}${dd}T${iso.slice(11, 13)}${iso.slice(14, 16)}Z`
  const file = `${account}_CloudTrail_${region}_${stamp}_${unique}.json.gz`
  const base = `AWSLogs/${account}/CloudTrail/${region}/${yyyy}/${mm}/${dd}/${file}`
  return prefix ? `${prefix}/${base}` : base
}

/** The 16-character UniqueString of a log file name, made from an injected id. */
function uniqueString(id: string): string {
  const alnum = id.replace(/[^A-Za-z0-9]/g, '')
  return alnum.length >= 16 ? alnum.slice(-16) : alnum.padStart(16, '0')
}

function newestFirst(a: { timeMs: number; seq: number }, b: { timeMs: number; seq: number }): number {
  return b.timeMs - a.timeMs || b.seq - a.seq
}

function toLookupEvent(record: CloudTrailRecord): LookupEvent {
  const event: LookupEvent = {
    EventId: record.eventID,
    EventName: record.eventName,
    ReadOnly: record.readOnly ? 'true' : 'false',
    EventTime: record.eventTime,
    EventSource: record.eventSource,
    Resources: (record.resources ?? []).map((r) => ({ ResourceType: r.type, ResourceName: r.ARN })),
    CloudTrailEvent: JSON.stringify(record)
  }
  const username = lookupUsername(record.userIdentity)
  if (username !== undefined) event.Username = username
  if (record.userIdentity.accessKeyId) event.AccessKeyId = record.userIdentity.accessKeyId
  return event
}

function lastNameSegment(arn: string): string {
  const parts = arn.split(/[:/]/)
  return parts[parts.length - 1]
}

function matchesAttribute(record: CloudTrailRecord, attr: LookupAttribute | undefined): boolean {
  if (!attr) return true
  const v = attr.AttributeValue
  const resources = record.resources ?? []
  switch (attr.AttributeKey) {
    case 'EventId':
      return record.eventID === v
    case 'EventName':
      return record.eventName === v
    case 'ReadOnly':
      return String(record.readOnly) === v
    case 'Username':
      return lookupUsername(record.userIdentity) === v
    case 'ResourceType':
      return resources.some((r) => r.type === v)
    case 'ResourceName':
      return resources.some((r) => r.ARN === v || lastNameSegment(r.ARN) === v)
    case 'EventSource':
      return record.eventSource === v
    case 'AccessKeyId':
      return record.userIdentity.accessKeyId === v
  }
}

interface ValidLookup {
  attribute?: LookupAttribute
  startTime?: number
  endTime?: number
  maxResults: number
}

function validateLookupRequest(req: LookupEventsRequest): ValidLookup {
  const issues: ErrorIssue[] = []
  const attrs = req.LookupAttributes
  if (attrs !== undefined) {
    if (!Array.isArray(attrs)) {
      issues.push({ path: 'LookupAttributes', message: 'must be a list with at most one attribute' })
    } else if (attrs.length > 1) {
      issues.push({ path: 'LookupAttributes', message: 'can contain only one attribute (AWS allows one per request)' })
    } else if (attrs.length === 1) {
      const a = attrs[0] as Partial<LookupAttribute> | undefined
      if (!a || !(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(a.AttributeKey as string)) {
        issues.push({
          path: 'LookupAttributes[0].AttributeKey',
          message: `must be one of ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}`
        })
      }
      const value = a?.AttributeValue
      if (typeof value !== 'string' || value.length < 1 || value.length > MAX_ATTRIBUTE_VALUE_LENGTH) {
        issues.push({
          path: 'LookupAttributes[0].AttributeValue',
          message: `must be a string of 1 to ${MAX_ATTRIBUTE_VALUE_LENGTH} characters`
        })
      }
    }
  }
  for (const field of ['StartTime', 'EndTime'] as const) {
    const t = req[field]
    if (t !== undefined && !Number.isFinite(t)) issues.push({ path: field, message: 'must be epoch milliseconds' })
  }
  if (
    Number.isFinite(req.StartTime) &&
    Number.isFinite(req.EndTime) &&
    (req.StartTime as number) > (req.EndTime as number)
  ) {
    issues.push({ path: 'StartTime', message: 'must not be after EndTime (InvalidTimeRangeException)' })
  }
  const max = req.MaxResults
  if (max !== undefined && (!Number.isInteger(max) || max < 1 || max > MAX_LOOKUP_RESULTS)) {
    issues.push({ path: 'MaxResults', message: `must be an integer from 1 to ${MAX_LOOKUP_RESULTS}` })
  }
  throwIfIssues('LookupEvents request is not valid', issues)
  return {
    attribute: attrs && attrs.length === 1 ? attrs[0] : undefined,
    startTime: req.StartTime,
    endTime: req.EndTime,
    maxResults: max ?? MAX_LOOKUP_RESULTS
  }
}

/**
 * A NextToken is valid only with the parameters of the call that returned it (LookupEvents,
 * NextToken). The token carries a hash of those parameters and the position of the last event
 * returned, so events recorded between pages do not shift the pages.
 */
function queryFingerprint(q: ValidLookup): string {
  const text = JSON.stringify([q.attribute?.AttributeKey, q.attribute?.AttributeValue, q.startTime, q.endTime])
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}

function encodeToken(fingerprint: string, last: StoredEvent): string {
  return `${fingerprint}-${last.timeMs}-${last.seq}`
}

function decodeToken(token: string, fingerprint: string): { timeMs: number; seq: number } {
  const m = /^([0-9a-f]{8})-(\d+)-(\d+)$/.exec(token)
  if (!m || m[1] !== fingerprint) {
    throw invalidField('NextToken', 'is not valid for these parameters; pass the token with the same parameters as the call that returned it (InvalidNextTokenException)')
  }
  return { timeMs: Number(m[2]), seq: Number(m[3]) }
}

function throwIfIssues(message: string, issues: ErrorIssue[]): void {
  if (issues.length === 0) return
  const detail = issues.map((i) => `${i.path}: ${i.message}`).join('; ')
  throw new LabError('VALIDATION', `${message}: ${detail}`, issues)
}

/** CloudTrail User Guide, "CloudTrail trail naming requirements". */
function trailNameIssues(path: string, name: unknown): ErrorIssue[] {
  if (typeof name !== 'string') return [{ path, message: 'must be a string' }]
  const problems: string[] = []
  if (name.length < 3 || name.length > 128) problems.push('be 3 to 128 characters long')
  if (!/^[A-Za-z0-9._-]*$/.test(name)) problems.push('contain only letters, digits, periods, underscores and dashes')
  if (!/^[A-Za-z0-9]/.test(name) || !/[A-Za-z0-9]$/.test(name)) problems.push('start and end with a letter or digit')
  if (/[._-]{2}/.test(name)) problems.push('have no adjacent periods, underscores or dashes')
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) problems.push('not be in IP address format')
  return problems.length ? [{ path, message: `must ${problems.join(', ')}` }] : []
}

/** Amazon S3 general purpose bucket naming rules (3–63 lowercase letters, digits, dots, hyphens). */
function bucketIssues(bucket: unknown): ErrorIssue[] {
  if (typeof bucket !== 'string' || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    return [
      {
        path: 'S3BucketName',
        message: 'must be 3 to 63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit'
      }
    ]
  }
  return []
}

const READ_WRITE_TYPES: readonly ReadWriteType[] = ['ReadOnly', 'WriteOnly', 'All']

function basicSelectorIssues(selectors: unknown): ErrorIssue[] {
  if (!Array.isArray(selectors) || selectors.length < 1 || selectors.length > 5) {
    return [{ path: 'EventSelectors', message: 'must be a list of 1 to 5 event selectors' }]
  }
  const issues: ErrorIssue[] = []
  selectors.forEach((s: Partial<EventSelector>, i) => {
    const p = `EventSelectors[${i}]`
    if (!READ_WRITE_TYPES.includes(s.ReadWriteType as ReadWriteType)) {
      issues.push({ path: `${p}.ReadWriteType`, message: `must be one of ${READ_WRITE_TYPES.join(', ')}` })
    }
    if (typeof s.IncludeManagementEvents !== 'boolean') {
      issues.push({ path: `${p}.IncludeManagementEvents`, message: 'must be true or false' })
    }
    if (!Array.isArray(s.DataResources)) {
      issues.push({ path: `${p}.DataResources`, message: 'must be a list (empty for no data events)' })
      return
    }
    s.DataResources.forEach((d: Partial<DataResource>, j) => {
      if (typeof d.Type !== 'string' || !/^AWS::\w+::\w+$/.test(d.Type)) {
        issues.push({ path: `${p}.DataResources[${j}].Type`, message: 'must be a resource type such as AWS::S3::Object' })
      }
      if (!Array.isArray(d.Values) || d.Values.length === 0 || d.Values.some((v) => typeof v !== 'string' || !v.startsWith('arn:'))) {
        issues.push({ path: `${p}.DataResources[${j}].Values`, message: 'must be a non-empty list of ARN prefixes, e.g. arn:aws:s3:::my-bucket/' })
      }
    })
  })
  return issues
}

const FIELD_OPERATORS = ['Equals', 'StartsWith', 'EndsWith', 'NotEquals', 'NotStartsWith', 'NotEndsWith'] as const

function advancedSelectorIssues(selectors: unknown): ErrorIssue[] {
  if (!Array.isArray(selectors) || selectors.length < 1) {
    return [{ path: 'AdvancedEventSelectors', message: 'must be a non-empty list' }]
  }
  const issues: ErrorIssue[] = []
  selectors.forEach((s: Partial<AdvancedEventSelector>, i) => {
    const p = `AdvancedEventSelectors[${i}].FieldSelectors`
    if (!Array.isArray(s.FieldSelectors) || s.FieldSelectors.length === 0) {
      issues.push({ path: p, message: 'must be a non-empty list' })
      return
    }
    const fields = s.FieldSelectors.map((f) => f.Field)
    // Every advanced selector names its eventCategory; data-event selectors also need resources.type
    // (CloudTrail User Guide, "Filtering data events by using advanced event selectors").
    if (!fields.includes('eventCategory')) issues.push({ path: p, message: 'must include a selector on eventCategory' })
    const category = s.FieldSelectors.find((f) => f.Field === 'eventCategory')
    if (category?.Equals?.includes('Data') && !fields.includes('resources.type')) {
      issues.push({ path: p, message: 'a data-event selector must include a selector on resources.type' })
    }
    s.FieldSelectors.forEach((f, j) => {
      if (!(ADVANCED_FIELDS as readonly string[]).includes(f.Field)) {
        issues.push({ path: `${p}[${j}].Field`, message: `must be one of ${ADVANCED_FIELDS.join(', ')}` })
      }
      const ops = FIELD_OPERATORS.filter((op) => f[op] !== undefined)
      if (ops.length === 0) {
        issues.push({ path: `${p}[${j}]`, message: `needs at least one of ${FIELD_OPERATORS.join(', ')}` })
      }
      for (const op of ops) {
        const values = f[op]
        if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) {
          issues.push({ path: `${p}[${j}].${op}`, message: 'must be a non-empty list of strings' })
        }
      }
    })
  })
  return issues
}

function trailSelects(trail: TrailState, record: CloudTrailRecord): boolean {
  if (trail.advancedEventSelectors) {
    return trail.advancedEventSelectors.some((s) => s.FieldSelectors.every((f) => fieldSelectorMatches(f, record)))
  }
  return (trail.eventSelectors ?? DEFAULT_SELECTORS).some((s) => basicSelectorMatches(s, record))
}

function basicSelectorMatches(s: EventSelector, record: CloudTrailRecord): boolean {
  if (s.ReadWriteType === 'ReadOnly' && !record.readOnly) return false
  if (s.ReadWriteType === 'WriteOnly' && record.readOnly) return false
  if (record.managementEvent) return s.IncludeManagementEvents
  const resources = record.resources ?? []
  return s.DataResources.some((d) =>
    resources.some((r) => r.type === d.Type && d.Values.some((prefix) => r.ARN.startsWith(prefix)))
  )
}

function fieldValues(field: AdvancedField, record: CloudTrailRecord): string[] {
  switch (field) {
    case 'eventCategory':
      return [record.eventCategory]
    case 'eventSource':
      return [record.eventSource]
    case 'eventName':
      return [record.eventName]
    case 'readOnly':
      return [String(record.readOnly)]
    case 'resources.type':
      return (record.resources ?? []).map((r) => r.type)
    case 'resources.ARN':
      return (record.resources ?? []).map((r) => r.ARN)
  }
}

/** A field selector holds when one of the field's values satisfies every operator it sets. */
function fieldSelectorMatches(f: AdvancedFieldSelector, record: CloudTrailRecord): boolean {
  return fieldValues(f.Field, record).some(
    (v) =>
      (!f.Equals || f.Equals.includes(v)) &&
      (!f.StartsWith || f.StartsWith.some((p) => v.startsWith(p))) &&
      (!f.EndsWith || f.EndsWith.some((p) => v.endsWith(p))) &&
      (!f.NotEquals || !f.NotEquals.includes(v)) &&
      (!f.NotStartsWith || !f.NotStartsWith.some((p) => v.startsWith(p))) &&
      (!f.NotEndsWith || !f.NotEndsWith.some((p) => v.endsWith(p)))
  )
}
