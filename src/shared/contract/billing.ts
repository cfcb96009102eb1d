/**
 * Cost in a sandbox world: tags on endpoints (SageMaker AddTags / DeleteTags), cost allocation tags
 * (Cost Explorer UpdateCostAllocationTagsStatus), AWS Budgets (CreateBudget, DeleteBudget,
 * CreateNotification, DeleteNotification), Service Quotas (RequestServiceQuotaIncrease), and the world
 * reads that Cost Explorer, Budgets and Service Quotas answer (GetCostAndUsage, GetCostForecast,
 * DescribeBudgets, ListCostAllocationTags, ListServiceQuotas, ListTags, and Application Auto
 * Scaling's DescribeScalingActivities, where a scale-out refused at an instance quota shows).
 *
 * Field names follow the AWS API references (SageMaker, AWS Budgets, Cost Explorer, Service Quotas).
 * The action schemas check types and sizes only; the sandbox checks patterns, allowed values and
 * cross-field rules, and names the field and what is allowed when it refuses. Amounts are strings,
 * as the Budgets and Cost Explorer APIs send them ("100", "12.5").
 */
import { z } from 'zod'
import { action, Finite, WorldRef } from './common'

/** SageMaker Tag: Key 1–128 characters, Value 0–256 (the sandbox checks the allowed characters). */
export const TagSchema = z.strictObject({ Key: z.string().max(128), Value: z.string().max(256).optional() })
/** Tags on one request: at most 50 (SageMaker AddTags: Tags, 0–50 items). */
export const TagListSchema = z.array(TagSchema).max(50)

const Arn = z.string().max(256)
const AccountId = { AccountId: z.string().max(12).optional() }

export const SpendSchema = z.strictObject({ Amount: z.string().max(64), Unit: z.string().max(16) })

/** AWS Budgets Notification (the sandbox checks the allowed values and names the field). */
export const BudgetNotificationSchema = z.strictObject({
  NotificationType: z.string().max(32),
  ComparisonOperator: z.string().max(32),
  /** Required: the sandbox says so by name when it is missing. */
  Threshold: Finite.optional(),
  ThresholdType: z.string().max(32).optional()
})

export const BudgetSubscriberSchema = z.strictObject({ SubscriptionType: z.string().max(16), Address: z.string().max(2048) })

export const NotificationWithSubscribersSchema = z.strictObject({
  Notification: BudgetNotificationSchema,
  /** One SNS subscriber and up to 10 email subscribers (NotificationWithSubscribers: 1–11 items). */
  Subscribers: z.array(BudgetSubscriberSchema).max(11)
})

export const BudgetSchema = z.strictObject({
  BudgetName: z.string().max(200),
  BudgetType: z.string().max(32),
  TimeUnit: z.string().max(16),
  /** Required for COST budgets: the sandbox names it when it is missing. */
  BudgetLimit: SpendSchema.optional(),
  /** The legacy CostFilters map: Service, InstanceType, UsageType or TagKeyValue ("user:<key>$<value>"). */
  CostFilters: z.record(z.string().max(64), z.array(z.string().max(1024)).max(100)).optional()
})

export const billingActions = [
  action('AddTags', { ResourceArn: Arn, Tags: TagListSchema }),
  action('DeleteTags', { ResourceArn: Arn, TagKeys: z.array(z.string().max(128)).max(50) }),
  action('UpdateCostAllocationTagsStatus', {
    CostAllocationTagsStatus: z.array(z.strictObject({ TagKey: z.string().max(1024), Status: z.string().max(16) })).max(20)
  }),
  action('CreateBudget', { ...AccountId, Budget: BudgetSchema, NotificationsWithSubscribers: z.array(NotificationWithSubscribersSchema).max(10).optional() }),
  action('DeleteBudget', { ...AccountId, BudgetName: z.string().max(200) }),
  action('CreateNotification', { ...AccountId, BudgetName: z.string().max(200), Notification: BudgetNotificationSchema, Subscribers: z.array(BudgetSubscriberSchema).max(11) }),
  action('DeleteNotification', { ...AccountId, BudgetName: z.string().max(200), Notification: BudgetNotificationSchema }),
  action('RequestServiceQuotaIncrease', { ServiceCode: z.string().max(63), QuotaCode: z.string().max(128), DesiredValue: Finite })
] as const

// ---- reads ---------------------------------------------------------------------------------------

const DateText = z.string().max(10)
const DateInterval = z.strictObject({ Start: DateText, End: DateText })

const DimensionKey = z.enum(['SERVICE', 'INSTANCE_TYPE', 'USAGE_TYPE', 'REGION'])
const DimensionFilter = z.strictObject({ Dimensions: z.strictObject({ Key: DimensionKey, Values: z.array(z.string().max(1024)).min(1).max(100) }) })
const TagFilter = z.strictObject({
  Tags: z.strictObject({
    Key: z.string().min(1).max(1024),
    Values: z.array(z.string().max(1024)).max(100).optional(),
    /** EQUALS (default) matches Values; ABSENT matches cost without the tag. */
    MatchOptions: z.array(z.enum(['EQUALS', 'ABSENT'])).max(1).optional()
  })
})
const LeafFilter = z.union([DimensionFilter, TagFilter])
/** A Cost Explorer Expression: one dimension or tag condition, or an And of them. */
export const CostFilterSchema = z.union([DimensionFilter, TagFilter, z.strictObject({ And: z.array(LeafFilter).min(2).max(10) })])

const MetricValue = z.strictObject({ Amount: z.string(), Unit: z.string() })
const Metrics = z.strictObject({ UnblendedCost: MetricValue.optional(), UsageQuantity: MetricValue.optional() })

export const GetCostAndUsageRequestSchema = z.strictObject({
  ...WorldRef.shape,
  /** Start inclusive, End exclusive, YYYY-MM-DD. Default: the world's first day to the day after the last simulated minute. */
  TimePeriod: DateInterval.optional(),
  Granularity: z.enum(['DAILY', 'MONTHLY']),
  /** UnblendedCost (USD) and UsageQuantity (instance-hours). Default UnblendedCost. */
  Metrics: z.array(z.enum(['UnblendedCost', 'UsageQuantity'])).min(1).max(2).optional(),
  GroupBy: z.array(z.strictObject({ Type: z.enum(['DIMENSION', 'TAG']), Key: z.string().min(1).max(1024) })).max(2).optional(),
  Filter: CostFilterSchema.optional()
})

export const GetCostAndUsageResponseSchema = z.strictObject({
  GroupDefinitions: z.array(z.strictObject({ Type: z.enum(['DIMENSION', 'TAG']), Key: z.string() })),
  ResultsByTime: z.array(
    z.strictObject({
      TimePeriod: DateInterval,
      /** Filled with or without GroupBy (AWS leaves it empty when grouping). */
      Total: Metrics,
      Groups: z.array(z.strictObject({ Keys: z.array(z.string()), Metrics })),
      /** True for a period that has not ended at the world's now: its figures can still change. */
      Estimated: z.boolean()
    })
  ),
  /** Sandbox addition, with a TAG GroupBy: the cost over the whole TimePeriod without the first grouped tag. */
  UntaggedShare: z.strictObject({ TagKey: z.string(), Amount: z.string(), Total: z.string(), Share: z.number() }).nullable(),
  ActiveCostAllocationTags: z.array(z.string()),
  PriceAsOf: z.string(),
  Simplifications: z.array(z.string())
})

export const GetCostForecastResponseSchema = z.strictObject({
  /** YYYY-MM: the month of the last simulated minute. */
  Month: z.string(),
  MonthToDate: MetricValue,
  /** The month-end forecast (month to date plus the rest of the month at the recent daily rate); null while there is too little history. */
  Total: MetricValue.nullable(),
  ForecastResultsByTime: z.array(z.strictObject({ TimePeriod: DateInterval, MeanValue: z.string() })),
  DailyRate: z.number().nullable(),
  WindowDays: z.number().int(),
  Rule: z.string(),
  Unavailable: z.string().nullable()
})

const NotificationOut = z.strictObject({
  NotificationType: z.enum(['ACTUAL', 'FORECASTED']),
  ComparisonOperator: z.enum(['GREATER_THAN', 'LESS_THAN', 'EQUAL_TO']),
  Threshold: z.number(),
  ThresholdType: z.enum(['PERCENTAGE', 'ABSOLUTE_VALUE']),
  NotificationState: z.enum(['OK', 'ALARM'])
})
const SubscriberOut = z.strictObject({ SubscriptionType: z.enum(['SNS', 'EMAIL']), Address: z.string() })

export const BudgetViewSchema = z.strictObject({
  BudgetName: z.string(),
  BudgetType: z.literal('COST'),
  TimeUnit: z.literal('MONTHLY'),
  BudgetLimit: MetricValue,
  CostFilters: z.record(z.string(), z.array(z.string())),
  CalculatedSpend: z.strictObject({ ActualSpend: MetricValue, ForecastedSpend: MetricValue.nullable() }),
  TimePeriod: DateInterval,
  LastUpdatedTime: z.number(),
  Notifications: z.array(z.strictObject({ Notification: NotificationOut, Subscribers: z.array(SubscriberOut), LastAlertAt: z.number().nullable() }))
})

export const BudgetAlertSchema = z.strictObject({
  at: z.number(),
  BudgetName: z.string(),
  NotificationType: z.enum(['ACTUAL', 'FORECASTED']),
  ComparisonOperator: z.enum(['GREATER_THAN', 'LESS_THAN', 'EQUAL_TO']),
  Threshold: z.number(),
  ThresholdType: z.enum(['PERCENTAGE', 'ABSOLUTE_VALUE']),
  /** The spend compared (actual or forecasted) and the threshold in USD. */
  SpendUsd: z.number(),
  ThresholdUsd: z.number(),
  Subscribers: z.array(SubscriberOut)
})

/** The world summary's billing part. */
export const BillingSummarySchema = z.strictObject({
  month: z.string(),
  monthToDateUsd: z.number(),
  forecastUsd: z.number().nullable(),
  budgets: z.array(
    z.strictObject({
      BudgetName: z.string(),
      BudgetLimitUsd: z.number(),
      ActualSpendUsd: z.number(),
      ForecastedSpendUsd: z.number().nullable(),
      Notifications: z.array(NotificationOut)
    })
  ),
  endpointTags: z.array(z.strictObject({ EndpointName: z.string(), ResourceArn: z.string(), Tags: z.array(z.strictObject({ Key: z.string(), Value: z.string() })) })),
  activeCostAllocationTags: z.array(z.string())
})

export const billingChannels = {
  'sandbox.getCostAndUsage': { request: GetCostAndUsageRequestSchema, response: GetCostAndUsageResponseSchema },
  'sandbox.getCostForecast': { request: z.strictObject({ ...WorldRef.shape, Filter: CostFilterSchema.optional() }), response: GetCostForecastResponseSchema },
  'sandbox.describeBudgets': { request: WorldRef, response: z.strictObject({ Budgets: z.array(BudgetViewSchema), Alerts: z.array(BudgetAlertSchema) }) },
  'sandbox.listCostAllocationTags': {
    request: WorldRef,
    response: z.strictObject({
      CostAllocationTags: z.array(
        z.strictObject({ TagKey: z.string(), Type: z.literal('UserDefined'), Status: z.enum(['Active', 'Inactive']), LastUpdatedDate: z.string().nullable(), FirstSeen: z.string() })
      )
    })
  },
  'sandbox.listServiceQuotas': {
    request: WorldRef,
    response: z.strictObject({
      Quotas: z.array(
        z.strictObject({
          ServiceCode: z.literal('sagemaker'),
          QuotaCode: z.string(),
          QuotaName: z.string(),
          InstanceType: z.string(),
          Value: z.number(),
          DefaultValue: z.number(),
          Adjustable: z.boolean(),
          /** Sandbox addition: instances of this type the world's endpoints run now. */
          InUse: z.number()
        })
      ),
      Requests: z.array(z.strictObject({ Id: z.string(), QuotaCode: z.string(), QuotaName: z.string(), DesiredValue: z.number(), Status: z.literal('APPROVED'), Created: z.number() }))
    })
  },
  'sandbox.describeScalingActivities': {
    request: z.strictObject({ ...WorldRef.shape, ResourceId: z.string().max(1600).optional(), MaxResults: z.number().int().min(1).max(1000).optional() }),
    response: z.strictObject({
      /** Newest first (DescribeScalingActivities). */
      ScalingActivities: z.array(
        z.strictObject({
          ServiceNamespace: z.literal('sagemaker'),
          ResourceId: z.string(),
          ScalableDimension: z.literal('sagemaker:variant:DesiredInstanceCount'),
          Description: z.string(),
          Cause: z.string(),
          StartTime: z.number(),
          EndTime: z.number(),
          StatusCode: z.enum(['Successful', 'Failed']),
          StatusMessage: z.string(),
          /** How the sandbox worked out the new capacity. */
          Details: z.string()
        })
      )
    })
  },
  'sandbox.listTags': { request: z.strictObject({ ...WorldRef.shape, ResourceArn: Arn }), response: z.strictObject({ Tags: z.array(z.strictObject({ Key: z.string(), Value: z.string() })) }) }
} as const
