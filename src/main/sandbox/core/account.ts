/**
 * The one simulated AWS account and Region every world lives in, the learner who acts in it, and
 * the ARN shapes of the resources the sandbox creates. ARN formats follow each service's "Resource
 * types" table in the Service Authorization Reference (actions, resources and condition keys).
 */
import type { UserIdentity } from '../cloudtrail/record'

/** AWS's documentation example account id. */
export const ACCOUNT_ID = '111122223333'
export const REGION = 'us-east-1'

/** An IAM user of the account as CloudTrail records them; ids are derived from the name, so they are stable. */
export function iamUser(userName: string): UserIdentity {
  const tag = userName.toUpperCase().replace(/[^A-Z0-9]/g, '').padEnd(12, 'X').slice(0, 12)
  return {
    type: 'IAMUser',
    principalId: `AIDAEXAMPLE${tag}`,
    arn: `arn:aws:iam::${ACCOUNT_ID}:user/${userName}`,
    accountId: ACCOUNT_ID,
    accessKeyId: `AKIAEXAMPLE${tag}`,
    userName
  }
}

/** The learner: every action a learner takes is made as this IAM user. */
export const LEARNER_NAME = 'learner'
export const LEARNER: UserIdentity = iamUser(LEARNER_NAME)

/** IAM user names: 1–64 of letters, digits and + = , . @ _ - (IAM CreateUser). */
export const IAM_USER_NAME = /^[\w+=,.@-]{1,64}$/

export const arn = {
  endpoint: (name: string) => `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:endpoint/${name.toLowerCase()}`,
  endpointConfig: (name: string) => `arn:aws:sagemaker:${REGION}:${ACCOUNT_ID}:endpoint-config/${name.toLowerCase()}`,
  alarm: (name: string) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT_ID}:alarm:${name}`,
  rule: (name: string) => `arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/${name}`,
  trail: (name: string) => `arn:aws:cloudtrail:${REGION}:${ACCOUNT_ID}:trail/${name}`,
  snsTopic: (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT_ID}:${name}`,
  /** Application Auto Scaling policy: `scalingPolicy:<id>:resource/<namespace>/<resource id>:policyName/<name>`. */
  scalingPolicy: (id: string, resourceId: string, policyName: string) =>
    `arn:aws:autoscaling:${REGION}:${ACCOUNT_ID}:scalingPolicy:${id}:resource/sagemaker/${resourceId}:policyName/${policyName}`
}
