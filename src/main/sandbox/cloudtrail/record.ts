/**
 * CloudTrail records: what one API call looks like in CloudTrail, and which calls are read-only,
 * management or data events.
 *
 * Field list and meanings: AWS CloudTrail User Guide, "CloudTrail record contents for management,
 * data, and network activity events" (cloudtrail-event-reference-record-contents) and
 * "CloudTrail userIdentity element". The shape of a data-event record follows the PutRecord example
 * in the SageMaker Developer Guide, "Logging Feature Store operations by using AWS CloudTrail".
 */
import { invalidField } from '../../../shared/errors'

import type { IdGenerator } from '../core/ids'
import { isoUtc } from '../core/time'

export type { IdGenerator }

/**
 * The record format version. The record-contents page says "The current version is 1.11";
 * older examples in AWS docs show 1.05 or 1.08 because they were captured earlier.
 */
export const CLOUDTRAIL_EVENT_VERSION = '1.11'

/** `userIdentity.type` values listed in "CloudTrail userIdentity element". */
export type UserIdentityType =
  | 'Root'
  | 'IAMUser'
  | 'AssumedRole'
  | 'FederatedUser'
  | 'AWSAccount'
  | 'AWSService'
  | 'SAMLUser'
  | 'WebIdentityUser'

export interface SessionIssuer {
  type: 'Root' | 'IAMUser' | 'Role'
  principalId: string
  arn: string
  accountId: string
  userName: string
}

export interface SessionContext {
  attributes: { mfaAuthenticated: 'true' | 'false'; creationDate: string }
  sessionIssuer?: SessionIssuer
}

export interface UserIdentity {
  type: UserIdentityType
  principalId?: string
  arn?: string
  accountId?: string
  accessKeyId?: string
  userName?: string
  sessionContext?: SessionContext
  /** The AWS service that made the request on the caller's behalf, e.g. `sagemaker.amazonaws.com`. */
  invokedBy?: string
}

/** One entry of a record's `resources` list (record-contents page: ARN, accountId, type). */
export interface CloudTrailResource {
  ARN: string
  accountId: string
  type: string
}

export type EventCategory = 'Management' | 'Data'

export interface CloudTrailRecord {
  eventVersion: string
  userIdentity: UserIdentity
  /** ISO-8601 UTC to the second, e.g. `2023-01-01T01:00:00Z`, as in AWS's examples. */
  eventTime: string
  eventSource: string
  eventName: string
  awsRegion: string
  sourceIPAddress: string
  userAgent: string
  /** `null` when the call had no parameters, as in AWS's examples. */
  requestParameters: Record<string, unknown> | null
  responseElements: Record<string, unknown> | null
  errorCode?: string
  errorMessage?: string
  requestID: string
  eventID: string
  readOnly: boolean
  resources?: CloudTrailResource[]
  eventType: 'AwsApiCall'
  managementEvent: boolean
  recipientAccountId: string
  eventCategory: EventCategory
}

/**
 * How CloudTrail treats one API: read-only or not, management or data event, or not logged at all.
 * `NotLogged` exists for SageMaker InvokeEndpoint: the SageMaker Developer Guide note "CloudTrail does
 * not monitor calls to InvokeEndpoint" (AWS-FACTS §7.5). Newer releases may log it as a data event;
 * that is not confirmed, so the sandbox keeps the documented behaviour.
 */
export interface ApiClassification {
  readOnly: boolean
  category: EventCategory | 'NotLogged'
  /** CloudTrail resource type of the object a data event acts on, e.g. `AWS::S3::Object`. */
  resourceType?: string
  /** `catalog` when the API is in the table below; `inferred` when guessed from its name. */
  basis: 'catalog' | 'inferred'
}

type CatalogEntry = Omit<ApiClassification, 'basis'>

const W_MGMT: CatalogEntry = { readOnly: false, category: 'Management' }
const R_MGMT: CatalogEntry = { readOnly: true, category: 'Management' }

/**
 * APIs the sandbox emits, keyed by `eventSource` then `eventName`.
 * - Feature Store runtime calls are data events and the control-plane calls are management events:
 *   SageMaker Developer Guide, "Logging Feature Store operations by using AWS CloudTrail" (its example
 *   PutRecord record uses eventSource `sagemaker.amazonaws.com` and type `AWS::SageMaker::FeatureGroup`).
 * - S3 object-level GetObject/PutObject/DeleteObject are data events: CloudTrail User Guide,
 *   "Understanding CloudTrail events" / "Logging data events".
 * - KMS cryptographic operations (Encrypt, Decrypt, GenerateDataKey) are read-only management events
 *   (KMS Developer Guide, "Logging AWS KMS API calls with AWS CloudTrail"; partly confirmed).
 * - Everything else here is a control-plane call: Create/Put/Update/Delete/Start/Stop/Attach are
 *   writes, Describe/Get/List/Lookup are reads.
 */
const API_CATALOG: Record<string, Record<string, CatalogEntry>> = {
  'sagemaker.amazonaws.com': {
    CreateModel: W_MGMT,
    DeleteModel: W_MGMT,
    CreateEndpointConfig: W_MGMT,
    DeleteEndpointConfig: W_MGMT,
    CreateEndpoint: W_MGMT,
    UpdateEndpoint: W_MGMT,
    UpdateEndpointWeightsAndCapacities: W_MGMT,
    DeleteEndpoint: W_MGMT,
    DescribeEndpoint: R_MGMT,
    DescribeEndpointConfig: R_MGMT,
    ListEndpoints: R_MGMT,
    CreateModelPackage: W_MGMT,
    UpdateModelPackage: W_MGMT,
    DescribeModelPackage: R_MGMT,
    ListModelPackages: R_MGMT,
    CreateMonitoringSchedule: W_MGMT,
    UpdateMonitoringSchedule: W_MGMT,
    StartMonitoringSchedule: W_MGMT,
    StopMonitoringSchedule: W_MGMT,
    DescribeMonitoringSchedule: R_MGMT,
    ListMonitoringExecutions: R_MGMT,
    StartPipelineExecution: W_MGMT,
    DescribePipelineExecution: R_MGMT,
    CreateFeatureGroup: W_MGMT,
    UpdateFeatureGroup: W_MGMT,
    DeleteFeatureGroup: W_MGMT,
    DescribeFeatureGroup: R_MGMT,
    PutRecord: { readOnly: false, category: 'Data', resourceType: 'AWS::SageMaker::FeatureGroup' },
    DeleteRecord: { readOnly: false, category: 'Data', resourceType: 'AWS::SageMaker::FeatureGroup' },
    GetRecord: { readOnly: true, category: 'Data', resourceType: 'AWS::SageMaker::FeatureGroup' },
    BatchGetRecord: { readOnly: true, category: 'Data', resourceType: 'AWS::SageMaker::FeatureGroup' },
    InvokeEndpoint: { readOnly: false, category: 'NotLogged' }
  },
  'monitoring.amazonaws.com': {
    PutMetricAlarm: W_MGMT,
    DeleteAlarms: W_MGMT,
    SetAlarmState: W_MGMT,
    EnableAlarmActions: W_MGMT,
    DisableAlarmActions: W_MGMT,
    DescribeAlarms: R_MGMT,
    DescribeAlarmHistory: R_MGMT
  },
  'events.amazonaws.com': {
    PutRule: W_MGMT,
    DeleteRule: W_MGMT,
    EnableRule: W_MGMT,
    DisableRule: W_MGMT,
    PutTargets: W_MGMT,
    RemoveTargets: W_MGMT,
    DescribeRule: R_MGMT,
    ListRules: R_MGMT,
    ListTargetsByRule: R_MGMT
  },
  'iam.amazonaws.com': {
    CreateRole: W_MGMT,
    DeleteRole: W_MGMT,
    UpdateAssumeRolePolicy: W_MGMT,
    PutRolePolicy: W_MGMT,
    AttachRolePolicy: W_MGMT,
    DetachRolePolicy: W_MGMT,
    CreateAccessKey: W_MGMT,
    DeleteAccessKey: W_MGMT,
    GetRole: R_MGMT,
    GetPolicy: R_MGMT,
    ListRoles: R_MGMT
  },
  's3.amazonaws.com': {
    CreateBucket: W_MGMT,
    DeleteBucket: W_MGMT,
    PutBucketPolicy: W_MGMT,
    PutBucketEncryption: W_MGMT,
    GetBucketPolicy: R_MGMT,
    ListBuckets: R_MGMT,
    GetObject: { readOnly: true, category: 'Data', resourceType: 'AWS::S3::Object' },
    PutObject: { readOnly: false, category: 'Data', resourceType: 'AWS::S3::Object' },
    DeleteObject: { readOnly: false, category: 'Data', resourceType: 'AWS::S3::Object' }
  },
  'kms.amazonaws.com': {
    CreateKey: W_MGMT,
    EnableKey: W_MGMT,
    DisableKey: W_MGMT,
    ScheduleKeyDeletion: W_MGMT,
    PutKeyPolicy: W_MGMT,
    DescribeKey: R_MGMT,
    GetKeyPolicy: R_MGMT,
    ListKeys: R_MGMT,
    Encrypt: R_MGMT,
    Decrypt: R_MGMT,
    GenerateDataKey: R_MGMT
  },
  'cloudtrail.amazonaws.com': {
    CreateTrail: W_MGMT,
    DeleteTrail: W_MGMT,
    StartLogging: W_MGMT,
    StopLogging: W_MGMT,
    PutEventSelectors: W_MGMT,
    DescribeTrails: R_MGMT,
    GetEventSelectors: R_MGMT,
    LookupEvents: R_MGMT,
    GetTrailStatus: R_MGMT
  }
}

const READ_PREFIXES = ['Describe', 'Get', 'List', 'Lookup', 'Search', 'BatchGet']

/**
 * Classifies an API call. Unknown APIs are treated as management events, read-only when the name
 * starts with a read verb: a guess, marked `basis: 'inferred'` so the UI can say so.
 */
export function classifyApiCall(eventSource: string, eventName: string): ApiClassification {
  const known = API_CATALOG[eventSource]?.[eventName]
  if (known) return { ...known, basis: 'catalog' }
  return { readOnly: inferReadOnly(eventName), category: 'Management', basis: 'inferred' }
}

function inferReadOnly(eventName: string): boolean {
  return READ_PREFIXES.some((p) => eventName.startsWith(p))
}

/** Inferred classifications by event source and name, made once: every recorded call is classified. */
const inferred = new Map<string, Map<string, Pick<ApiClassification, 'readOnly' | 'category'>>>()

/**
 * What `classifyApiCall` says about the call's category and read-only flag, without a new object
 * per call (the catalog's own entry, or an inferred one kept by name). Read it, do not change it.
 */
export function apiCallClass(eventSource: string, eventName: string): Readonly<Pick<ApiClassification, 'readOnly' | 'category'>> {
  const known = API_CATALOG[eventSource]?.[eventName]
  if (known) return known
  let bySource = inferred.get(eventSource)
  if (!bySource) inferred.set(eventSource, (bySource = new Map()))
  let cls = bySource.get(eventName)
  if (!cls) bySource.set(eventName, (cls = { readOnly: inferReadOnly(eventName), category: 'Management' }))
  return cls
}

/** The API names the catalog knows for one event source (for the UI and for lab content). */
export function catalogApiNames(eventSource: string): string[] {
  return Object.keys(API_CATALOG[eventSource] ?? {})
}

/**
 * CloudTrail's eventTime format: UTC, whole seconds, `Z` suffix (`2023-01-01T01:00:00Z`).
 * Milliseconds are dropped, as in every record example in the CloudTrail User Guide.
 */
export function formatIsoSeconds(epochMs: number): string {
  return isoUtc(Math.floor(epochMs / 1000) * 1000).replace('.000Z', 'Z')
}

/** What the sandbox knows about an API call when it asks CloudTrail to record it. */
export interface ApiCallInput {
  /** Simulated epoch milliseconds when the request completed. */
  eventTime: number
  eventSource: string
  eventName: string
  awsRegion: string
  userIdentity: UserIdentity
  sourceIPAddress?: string
  userAgent?: string
  requestParameters?: Record<string, unknown> | null
  responseElements?: Record<string, unknown> | null
  resources?: CloudTrailResource[]
  /** Account that received the event; defaults to `userIdentity.accountId`. */
  recipientAccountId?: string
  errorCode?: string
  errorMessage?: string
}

/** Sandbox defaults for fields the simulated caller does not set. */
const DEFAULT_SOURCE_IP = '192.0.2.0'
const DEFAULT_USER_AGENT = 'mlops-lab-sandbox'

/**
 * Builds the CloudTrail record for one API call. Returns the record even for `NotLogged` APIs;
 * the trail and Event history decide what to keep (see trail.ts).
 */
export function buildCloudTrailRecord(input: ApiCallInput, ids: IdGenerator): CloudTrailRecord {
  if (!Number.isFinite(input.eventTime)) {
    throw invalidField('eventTime', 'must be epoch milliseconds (a finite number)')
  }
  if (!/^[a-z0-9-]+\.amazonaws\.com$/.test(input.eventSource)) {
    throw invalidField('eventSource', 'must look like `<service>.amazonaws.com`, e.g. `sagemaker.amazonaws.com`')
  }
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(input.eventName)) {
    throw invalidField('eventName', 'must be an API action name such as `CreateEndpoint`')
  }
  const recipient = input.recipientAccountId ?? input.userIdentity.accountId
  if (!recipient) {
    throw invalidField('recipientAccountId', 'is required when userIdentity.accountId is absent')
  }
  const cls = apiCallClass(input.eventSource, input.eventName)
  const category: EventCategory = cls.category === 'Data' ? 'Data' : 'Management'
  const record: CloudTrailRecord = {
    eventVersion: CLOUDTRAIL_EVENT_VERSION,
    userIdentity: input.userIdentity,
    eventTime: formatIsoSeconds(input.eventTime),
    eventSource: input.eventSource,
    eventName: input.eventName,
    awsRegion: input.awsRegion,
    sourceIPAddress: input.sourceIPAddress ?? DEFAULT_SOURCE_IP,
    userAgent: input.userAgent ?? DEFAULT_USER_AGENT,
    requestParameters: input.requestParameters ?? null,
    responseElements: input.responseElements ?? null,
    requestID: ids('ct-request'),
    eventID: ids('ct-event'),
    readOnly: cls.readOnly,
    eventType: 'AwsApiCall',
    managementEvent: category === 'Management',
    recipientAccountId: recipient,
    eventCategory: category
  }
  if (input.resources && input.resources.length > 0) record.resources = input.resources
  if (input.errorCode !== undefined) record.errorCode = input.errorCode
  if (input.errorMessage !== undefined) record.errorMessage = input.errorMessage
  return record
}

/**
 * The name Event history shows as `Username`: "A user name or role name of the requester"
 * (CloudTrail API Reference, Event). For an assumed role that is the role session name, the last
 * segment of the `assumed-role/<role>/<session>` ARN; for the root user, `root`.
 */
export function lookupUsername(identity: UserIdentity): string | undefined {
  if (identity.userName) return identity.userName
  if (identity.type === 'AssumedRole' && identity.arn) {
    const parts = identity.arn.split('/')
    return parts[parts.length - 1]
  }
  if (identity.type === 'Root') return 'root'
  if (identity.type === 'AWSService') return identity.invokedBy
  return undefined
}
