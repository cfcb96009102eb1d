/**
 * Names the console suggests in its forms, built from the account and Region the host's catalog
 * reports, so they always match the ARNs the simulated services create.
 */
import type { Catalog } from '../sandbox-store'

export type Account = Pick<Catalog, 'accountId' | 'region'>

/** `arn:aws:sns:<region>:<account-id>:<topic-name>`: the SNS topic ARN format (AWS General Reference, "Amazon Resource Names"). */
export const snsTopicArn = (account: Account, topic: string): string => `arn:aws:sns:${account.region}:${account.accountId}:${topic}`

/** The suggested CloudTrail bucket: the account id keeps it unique, as bucket names are global. */
export const auditBucketName = (account: Account): string => `ml-audit-logs-${account.accountId}`
