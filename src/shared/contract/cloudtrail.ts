/**
 * CloudTrail: trails as world actions (CreateTrail, which here also starts logging as the console
 * does; DeleteTrail, StartLogging, StopLogging, GetTrailStatus, PutEventSelectors) and LookupEvents
 * over a world's Event history (CloudTrail API Reference).
 */
import { z } from 'zod'
import { action, Finite } from './common'

export const EventSelectorSchema = z.strictObject({
  ReadWriteType: z.enum(['ReadOnly', 'WriteOnly', 'All']).optional(),
  IncludeManagementEvents: z.boolean().optional(),
  DataResources: z.array(z.strictObject({ Type: z.string().max(100), Values: z.array(z.string().max(2000)).max(250) })).max(250).optional()
})

export const AdvancedEventSelectorSchema = z.strictObject({
  Name: z.string().max(1000).optional(),
  FieldSelectors: z
    .array(
      z.strictObject({
        Field: z.string().max(1000),
        Equals: z.array(z.string().max(2048)).max(50).optional(),
        StartsWith: z.array(z.string().max(2048)).max(50).optional(),
        EndsWith: z.array(z.string().max(2048)).max(50).optional(),
        NotEquals: z.array(z.string().max(2048)).max(50).optional(),
        NotStartsWith: z.array(z.string().max(2048)).max(50).optional(),
        NotEndsWith: z.array(z.string().max(2048)).max(50).optional()
      })
    )
    .min(1)
    .max(20)
})

const TrailName = z.string().min(3).max(128)

export const cloudtrailActions = [
  action('CreateTrail', { Name: TrailName, S3BucketName: z.string().min(3).max(63) }),
  action('DeleteTrail', { Name: TrailName }),
  action('StartLogging', { Name: TrailName }),
  action('StopLogging', { Name: TrailName }),
  action('GetTrailStatus', { Name: TrailName }),
  action('PutEventSelectors', {
    TrailName,
    EventSelectors: z.array(EventSelectorSchema).max(5).optional(),
    AdvancedEventSelectors: z.array(AdvancedEventSelectorSchema).max(500).optional()
  })
] as const

export const LookupEventsRequestSchema = z.strictObject({
  worldId: z.string().min(1).max(100),
  LookupAttributes: z.array(z.strictObject({ AttributeKey: z.string().max(100), AttributeValue: z.string().max(2000) })).max(1).optional(),
  StartTime: Finite.optional(),
  EndTime: Finite.optional(),
  MaxResults: Finite.optional(),
  NextToken: z.string().max(2000).optional()
})

export const LookupEventsResponseSchema = z.strictObject({
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
