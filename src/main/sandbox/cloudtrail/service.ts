/**
 * CloudTrail in a world: trails and their logging state, Event history (90 days of management
 * events) and LookupEvents, fed by every API call any service makes. A call recorded by a logging
 * trail also goes to EventBridge as "AWS API Call via CloudTrail" (EventBridge User Guide, "Events
 * from AWS services": those events need a trail with logging on).
 *
 * The sandbox's CreateTrail is the console's "Create trail": it creates the trail and starts logging
 * (CloudTrail records both calls). The API's CreateTrail alone does not log; StopLogging and
 * StartLogging are actions of their own here.
 */
import { invalidField } from '../../../shared/errors'
import { ACCOUNT_ID, REGION, arn } from '../core/account'
import type { IdGenerator } from '../core/ids'
import { buildApiCallEvent } from '../eventbridge/events'
import type { ApiCallEvent } from '../world/events'
import type { ActionHandlers, EventHandlers, Service, ServiceContext } from '../world/service'
import { CloudTrailService, type AdvancedEventSelector, type AdvancedField, type EventSelector, type LookupEventsRequest, type LookupEventsResponse } from './trail'

const SOURCE = 'cloudtrail.amazonaws.com'
/** The address and client the sandbox's callers are recorded with (RFC 5737 documentation range). */
export const CONSOLE_SOURCE_IP = '198.51.100.24'
export const CONSOLE_USER_AGENT = 'mlops-lab-console'

export interface TrailSummary {
  Name: string
  S3BucketName: string
  IsLogging: boolean
  HasCustomEventSelectors: boolean
}

type Owned = 'CreateTrail' | 'DeleteTrail' | 'StartLogging' | 'StopLogging' | 'GetTrailStatus' | 'PutEventSelectors'

export class CloudTrail implements Service {
  readonly name = 'cloudtrail'
  private readonly trail: CloudTrailService
  private readonly ids: IdGenerator

  constructor(ids: IdGenerator) {
    this.ids = ids
    this.trail = new CloudTrailService({ account: ACCOUNT_ID, region: REGION, ids })
  }

  readonly actions: ActionHandlers<Owned> = {
    CreateTrail: {
      apply: (a, ctx) => {
        this.trail.createTrail({ Name: a.Name, S3BucketName: a.S3BucketName })
        this.trail.startLogging(a.Name)
        this.call(ctx, 'CreateTrail', a.Name, { name: a.Name, s3BucketName: a.S3BucketName })
        this.call(ctx, 'StartLogging', a.Name, { name: a.Name })
      },
      describe: (a) => `CloudTrail trail ${a.Name} → s3://${a.S3BucketName}`
    },
    DeleteTrail: {
      apply: (a, ctx) => {
        this.trail.deleteTrail(a.Name)
        this.call(ctx, 'DeleteTrail', a.Name, { name: a.Name })
      },
      describe: (a) => `Delete trail ${a.Name}`
    },
    StartLogging: {
      apply: (a, ctx) => {
        this.trail.startLogging(a.Name)
        this.call(ctx, 'StartLogging', a.Name, { name: a.Name })
      },
      describe: (a) => `Start logging on trail ${a.Name}`
    },
    StopLogging: {
      apply: (a, ctx) => {
        this.trail.stopLogging(a.Name)
        this.call(ctx, 'StopLogging', a.Name, { name: a.Name })
      },
      describe: (a) => `Stop logging on trail ${a.Name}`
    },
    GetTrailStatus: {
      apply: (a, ctx) => {
        const status = this.trail.getTrailStatus(a.Name)
        this.call(ctx, 'GetTrailStatus', a.Name, { name: a.Name }, { isLogging: status.IsLogging })
      },
      describe: (a) => `Get the status of trail ${a.Name}`
    },
    PutEventSelectors: {
      apply: (a, ctx) => {
        const basic = a.EventSelectors?.map(
          (e): EventSelector => ({ ReadWriteType: e.ReadWriteType ?? 'All', IncludeManagementEvents: e.IncludeManagementEvents ?? true, DataResources: e.DataResources ?? [] })
        )
        const advanced = a.AdvancedEventSelectors?.map(
          (e): AdvancedEventSelector => ({ ...(e.Name ? { Name: e.Name } : {}), FieldSelectors: e.FieldSelectors.map((f) => ({ ...f, Field: f.Field as AdvancedField })) })
        )
        const described = this.trail.putEventSelectors({
          TrailName: a.TrailName,
          ...(basic ? { EventSelectors: basic } : {}),
          ...(advanced ? { AdvancedEventSelectors: advanced } : {})
        })
        this.call(ctx, 'PutEventSelectors', a.TrailName, { trailName: a.TrailName, ...(basic ? { eventSelectors: basic } : {}), ...(advanced ? { advancedEventSelectors: advanced } : {}) }, { trailARN: described.TrailARN })
      },
      describe: (a) => `Event selectors on trail ${a.TrailName}: ${a.AdvancedEventSelectors ? `${a.AdvancedEventSelectors.length} advanced` : `${a.EventSelectors?.length ?? 0} basic`}`
    }
  }

  readonly on: EventHandlers = {
    ApiCall: (e, ctx) => this.record(e, ctx)
  }

  private record(e: ApiCallEvent, ctx: ServiceContext): void {
    const outcome = this.trail.recordApiCall({
      eventTime: e.at,
      eventSource: e.eventSource,
      eventName: e.eventName,
      awsRegion: REGION,
      userIdentity: e.caller,
      sourceIPAddress: e.caller.invokedBy ?? CONSOLE_SOURCE_IP,
      userAgent: e.caller.invokedBy ?? CONSOLE_USER_AGENT,
      requestParameters: e.requestParameters,
      responseElements: e.responseElements,
      ...(e.resources.length > 0 ? { resources: e.resources.map((r) => ({ ARN: r.arn, accountId: ACCOUNT_ID, type: r.type })) } : {})
    })
    if (outcome && outcome.trailNames.length > 0) ctx.emit({ type: 'BusEvent', at: e.at, event: buildApiCallEvent(this.ids, outcome.record) })
  }

  private call(ctx: ServiceContext, eventName: string, trailName: string, requestParameters: Record<string, unknown>, responseElements: Record<string, unknown> | null = null): void {
    ctx.emit({
      type: 'ApiCall',
      at: ctx.now,
      eventSource: SOURCE,
      eventName,
      caller: ctx.caller,
      requestParameters,
      responseElements,
      resources: [{ type: 'AWS::CloudTrail::Trail', arn: arn.trail(trailName) }]
    })
  }

  lookupEvents(req: LookupEventsRequest, now: number): LookupEventsResponse {
    return this.trail.lookupEvents(req, now)
  }

  trailSummaries(): TrailSummary[] {
    return this.trail.describeTrails().trailList.map((t) => ({
      Name: t.Name,
      S3BucketName: t.S3BucketName,
      IsLogging: this.trail.getTrailStatus(t.Name).IsLogging,
      HasCustomEventSelectors: t.HasCustomEventSelectors
    }))
  }

  trailStatus(name: string): { IsLogging: boolean } {
    if (!this.trail.describeTrails().trailList.some((t) => t.Name === name)) throw invalidField('Name', `no trail named "${name}"`)
    return this.trail.getTrailStatus(name)
  }
}
