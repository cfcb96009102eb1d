/**
 * Saved action logs from earlier releases, made valid for this one. Each rule here is idempotent and
 * a no-op on a log this release wrote, so it can run on every read and every import.
 *
 * - The first release deleted an EventBridge rule together with its targets. EventBridge refuses to
 *   delete a rule that still has targets (EventBridge API Reference, DeleteRule: "Before you can
 *   delete the rule, you must remove all targets, using RemoveTargets"), and so does the sandbox now;
 *   such a DeleteRule gets the RemoveTargets call it needed just before it, by the same caller.
 */
import type { SandboxAction } from '../../../shared/contract/sandbox'

export function migrateActionLog(actions: readonly SandboxAction[]): SandboxAction[] {
  const targets = new Map<string, string[]>()
  const out: SandboxAction[] = []
  for (const a of actions) {
    if (a.type === 'PutTargets') {
      const ids = targets.get(a.Rule) ?? []
      for (const t of a.Targets) if (!ids.includes(t.Id)) ids.push(t.Id)
      targets.set(a.Rule, ids)
    } else if (a.type === 'RemoveTargets') {
      targets.set(a.Rule, (targets.get(a.Rule) ?? []).filter((id) => !a.Ids.includes(id)))
    } else if (a.type === 'DeleteRule') {
      const left = targets.get(a.Name) ?? []
      if (left.length > 0) out.push({ type: 'RemoveTargets', Rule: a.Name, Ids: [...left], ...(a.Caller !== undefined ? { Caller: a.Caller } : {}) })
      targets.delete(a.Name)
    }
    out.push(a)
  }
  return out
}
