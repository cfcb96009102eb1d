/** The action-log migration: what it adds, and that it changes nothing this release wrote. */
import { describe, expect, it } from 'vitest'
import type { SandboxAction } from '../../../../src/shared/contract/sandbox'
import { migrateActionLog } from '../../../../src/main/sandbox/world/migrate'

const rule = (Name: string): SandboxAction => ({ type: 'PutRule', Name, EventPattern: '{"source":["aws.cloudwatch"]}' })
const targets = (Rule: string, ...ids: string[]): SandboxAction => ({ type: 'PutTargets', Rule, Targets: ids.map((Id) => ({ Id, Arn: `arn:aws:sns:us-east-1:111122223333:${Id}` })) })

describe('migrateActionLog', () => {
  it('puts the RemoveTargets a DeleteRule needed before it, with the targets still on the rule and the same caller', () => {
    const log: SandboxAction[] = [rule('r'), targets('r', 'a', 'b'), { type: 'RemoveTargets', Rule: 'r', Ids: ['a'] }, targets('r', 'c'), { type: 'DeleteRule', Name: 'r', Caller: 'sam.dev' }]
    expect(migrateActionLog(log)).toEqual([...log.slice(0, 4), { type: 'RemoveTargets', Rule: 'r', Ids: ['b', 'c'], Caller: 'sam.dev' }, log[4]])
  })

  it('leaves a log this release wrote as it is, and is idempotent', () => {
    const log: SandboxAction[] = [rule('r'), targets('r', 'a'), { type: 'RemoveTargets', Rule: 'r', Ids: ['a'] }, { type: 'DeleteRule', Name: 'r' }, rule('r'), { type: 'DeleteRule', Name: 'r' }]
    expect(migrateActionLog(log)).toEqual(log)
    const old: SandboxAction[] = [rule('r'), targets('r', 'a'), { type: 'DeleteRule', Name: 'r' }]
    expect(migrateActionLog(migrateActionLog(old))).toEqual(migrateActionLog(old))
  })

  it('a rule created again after its deletion starts with no targets', () => {
    const log: SandboxAction[] = [rule('r'), targets('r', 'a'), { type: 'DeleteRule', Name: 'r' }, rule('r'), { type: 'DeleteRule', Name: 'r' }]
    expect(migrateActionLog(log).filter((a) => a.type === 'RemoveTargets')).toHaveLength(1)
  })
})
