/** Small shapes every contract file uses. */
import { z } from 'zod'

export const Empty = z.strictObject({})
export const Ok = z.strictObject({ ok: z.literal(true) })
export const AlarmStateName = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA'])
export const WorldRef = z.strictObject({ worldId: z.string().min(1).max(100) })
export const Finite = z.number()
/** Names of AWS resources (endpoints, variants, alarms): 1–256 characters. */
export const Name = z.string().min(1).max(256)

/**
 * Every action carries an optional `Caller`: sandbox-only, the IAM user who makes the call (default
 * `learner`). Scenario scripts use it for the other people in the account.
 */
export const Caller = { Caller: z.string().min(1).max(64).optional() }

/** One sandbox action: an AWS API call (or a sandbox-only stand-in) named by `type`, with its fields. */
export const action = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.strictObject({ type: z.literal(type), ...Caller, ...shape })
