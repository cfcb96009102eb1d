/**
 * The `deploy` lab step kind on the lab files, with the scenario's traffic made exact (noise none,
 * 600 requests a minute) so the expected values are hand calculations written beside each assertion.
 * The deployment starts 10 minutes into the scenario; the window is the following 60 minutes.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readExamItemIds } from '../../../../src/main/labs/loader'
import { parseLabText } from '../../../../src/main/labs/parse'
import { getInstanceType } from '../../../../src/main/sandbox/catalog/instances'
import { checkStep, runStep, sandboxPlan } from '../../../../src/main/sandbox/labs/engine'
import type { Lab } from '../../../../src/main/sandbox/labs/schema'
import type { DeployStepRun } from '../../../../src/shared/contract/deploy'
import { World, worldParts } from '../../../../src/main/sandbox/world'

const ROOT = resolve(__dirname, '../../../..')
const ids = readExamItemIds(resolve(ROOT, 'resources/content/exam-domain4.json'))
const PRICE = getInstanceType('ml.m5.xlarge').pricePerHour

/** A lab file with exact traffic (noise none), optionally edited. */
function lab(name: string, edit: (s: string) => string = (s) => s): Lab {
  const text = edit(readFileSync(resolve(ROOT, `resources/labs/${name}.yaml`), 'utf8').replace('Traffic: { pattern: steady, baseRpm: 600 }', "Traffic: { pattern: steady, baseRpm: 600, noise: 'none' }"))
  const parsed = parseLabText(text, `${name}.yaml`, ids)
  if (!parsed.lab) throw new Error(JSON.stringify(parsed.errors))
  return parsed.lab
}

function deploy(l: Lab, step: string, inputs: Record<string, unknown>) {
  return (runStep(l, step, inputs) as DeployStepRun).result.deploy
}

describe('deploy step kind', () => {
  const strategy = lab('deploy-strategy-constraints')
  const rollback = lab('deploy-canary-rollback')

  it('blue/green all at once, 600 s bake, 300 s termination wait, healthy: 20 instances for 20 minutes, 48,000 instance-seconds, at the catalog price', () => {
    const d = deploy(strategy, 'strategy', { type: 'ALL_AT_ONCE', canary: 10, linear: 20, wait: 600, termination: 300 })
    const h = d.healthy!
    // Provisioning 5 min (both fleets billed: 20), bake 10 min, the deployment completes at minute 15;
    // the old fleet waits 300 s = 5 min and is terminated at minute 20. Then 10 instances.
    // Instance-minutes in the hour: 20 × 20 + 40 × 10 = 800 → 48,000 instance-seconds × $/h ÷ 3600.
    expect(h.costUsd).toBeCloseTo((48_000 * PRICE) / 3600, 9)
    expect(h.peakInstances).toBe(20)
    expect(h.outcome).toBe('COMPLETED')
    // Over when the old fleet is terminated: 20 min.
    expect(h.durationSeconds).toBe(1200)
    expect(h.requestsServed).toBe(36_000)
    expect(h.requestsFailed + h.requestsDegraded).toBe(0)
    expect(h.timeToDetectSeconds).toBeNull()
    expect(h.timeToRecoverSeconds).toBeNull()
  })

  it('a 10% canary failing 30% rolls back the minute after its alarm fires: it answered 60 of the hour’s 36,000 requests (1/600)', () => {
    const d = deploy(rollback, 'rollback-alarm', { alarm: 'fraud-5xx', threshold: 0.01, periods: 1 })
    // Minutes 0–4 provisioning (no traffic on green); minute 5: CanarySize 10% of 10 = 1 instance = 10% of
    // 600 = 60 requests, ~18 fail → the variant's 5XX share ≈ 3% > 1%: ALARM at the end of minute 5,
    // rollback at the start of minute 6.
    expect(d.timeline.slice(0, 5).every((r) => r.newShare === 0)).toBe(true)
    expect(d.timeline[5].newShare).toBeCloseTo(0.1, 12)
    expect(d.timeline.slice(6).every((r) => r.newShare === 0)).toBe(true)
    expect(d.timeline[5].alarm).toBe('ALARM')
    const s = d.summary
    expect(s.outcome).toBe('ROLLED_BACK')
    expect(s.rollbackReason).toBe('fraud-5xx')
    expect(s.timeToDetectSeconds).toBe(60)
    expect(s.timeToRecoverSeconds).toBe(60)
    expect(s.durationSeconds).toBe(360)
    expect(s.requestsServed).toBe(36_000)
    // Failed ~ Binomial(60, 0.3): mean 18, sd √(60 × 0.3 × 0.7) ≈ 3.55; 5 sd either side.
    expect(s.requestsFailed).toBeGreaterThanOrEqual(18 - 5 * 3.55)
    expect(s.requestsFailed).toBeLessThanOrEqual(18 + 5 * 3.55)
    // At most 60 of 36,000 requests reached the bad version: 0.1667%.
    expect(s.affectedShare).toBeLessThanOrEqual(60 / 36_000)
    // 20 instances for minutes 0–5 (6 min), then 10: 6 × 20 + 54 × 10 = 660 instance-minutes.
    expect(s.costUsd).toBeCloseTo((660 * PRICE) / 60, 9)
    expect(checkStep(rollback, 'rollback-alarm', { alarm: 'fraud-5xx', threshold: 0.01, periods: 1 }).passed).toBe(true)
  })

  it('without an auto-rollback alarm the canary completes and the whole fleet serves the bad version', () => {
    const d = deploy(rollback, 'rollback-alarm', { alarm: 'none', threshold: 0.01, periods: 1 })
    expect(d.summary.outcome).toBe('COMPLETED')
    expect(d.alarm).toBeNull()
    // Canary minutes 5–14 at 10%, full shift from minute 15 to the window's end.
    expect(d.timeline[15].newShare).toBe(1)
    expect(d.timeline[59].newShare).toBe(1)
    // The new version answered 10 × 60 + 45 × 600 = 27,600 requests; ~30% fail: 8,280 ± 5 sd (sd = √(27,600 × 0.21) ≈ 76).
    expect(d.summary.requestsFailed).toBeGreaterThan(8280 - 5 * 76)
    expect(d.summary.requestsFailed).toBeLessThan(8280 + 5 * 76)
    expect(d.summary.timeToRecoverSeconds).toBeNull()
    // 25 minutes of both fleets (5 provisioning + 2 × 10 baking): 25 × 20 + 35 × 10 = 850 instance-minutes.
    expect(d.summary.costUsd).toBeCloseTo((850 * PRICE) / 60, 9)
    const r = checkStep(rollback, 'rollback-alarm', { alarm: 'none', threshold: 0.01, periods: 1 })
    expect(r.results[0]).toMatchObject({ check: 'rolledBack', pass: false })
    expect(r.results[0].diagnostic).toMatch(/no alarm is named in AutoRollbackConfiguration/)
  })

  it('a threshold above canary share × error rate (5% > 10% × 30%) fires only after the full shift', () => {
    const d = deploy(rollback, 'rollback-alarm', { alarm: 'fraud-5xx', threshold: 0.05, periods: 1 })
    // Full shift at minute 15 (≈30% fail > 5%): ALARM at its end, rollback at 16: 16 − 5 = 11 min after the canary first answered.
    expect(d.summary.outcome).toBe('ROLLED_BACK')
    expect(d.summary.timeToDetectSeconds).toBe(660)
    expect(Math.max(...d.timeline.map((r) => r.newShare))).toBe(1)
  })

  it('a quality drop completes behind a 5XX guardrail with degraded answers; a 20% shadow on 2 instances degrades no client answer', () => {
    const q = lab('deploy-quality-shadow')
    const g = deploy(q, 'guarded', { type: 'CANARY', canary: 10, linear: 50 })
    expect(g.summary.outcome).toBe('COMPLETED')
    expect(g.summary.requestsFailed).toBe(0)
    // CanarySize 10% of 6 rounds down to 0, at least one instance: 1/6 of 600 = 100 a minute for 10 minutes
    // (5–14), then 600 a minute for 45 minutes (15–59): 1,000 + 27,000 = 28,000 degraded answers.
    expect(g.summary.requestsDegraded).toBe(28_000)
    const s = deploy(q, 'shadow', { sampling: 20, instances: 2 })
    expect(s.summary.requestsDegraded).toBe(0)
    // 20% of 600 a minute copied for 60 minutes = 7,200 copies, all degraded (no 5XX in this model).
    expect(s.shadow!.copies).toBe(7200)
    expect(s.shadow!.copiesDegraded).toBe(7200 - s.shadow!.copiesFailed)
    // The shadow's 2 × ml.m5.xlarge for an hour; the hour with production's 6: 8 instance-hours.
    expect(s.shadow!.costUsd).toBeCloseTo(2 * PRICE, 9)
    expect(s.summary.costUsd).toBeCloseTo(8 * PRICE, 9)
    // Accuracy 0.92 vs 0.92 × 0.9 = 0.828.
    expect(s.shadow!.shadowAccuracy).toBeCloseTo(0.828, 12)
  })

  it('an A/B test at weight 8 of 100 serves the candidate to 8% of real users: 2,880 degraded answers, and both variants billed', () => {
    const q = lab('deploy-quality-shadow')
    const d = deploy(q, 'ab-test', { weight: 8, instances: 1 })
    const c = d.candidate!
    expect(c.weightShare).toBeCloseTo(0.08, 12)
    // 8% of 600 a minute for 60 minutes = 2,880 requests, every one answered by the less accurate version.
    expect(c.requests).toBe(2880)
    expect(d.summary.requestsDegraded).toBe(2880 - c.failed)
    expect(d.summary.requestsServed).toBe(36_000)
    // Production's 6 and the candidate's 1 ml.m5.xlarge for the hour: 7 instance-hours.
    expect(d.summary.costUsd).toBeCloseTo(7 * PRICE, 9)
    expect(d.summary.durationSeconds).toBeNull()
    expect(checkStep(q, 'ab-test', { weight: 8, instances: 1 }).passed).toBe(true)
    expect(checkStep(q, 'ab-test', { weight: 50, instances: 3 }).passed).toBe(false)
  })

  it('a CanarySize above 50% is refused naming the input, and the step opens in the sandbox with the same actions', () => {
    const r = checkStep(strategy, 'strategy', { type: 'CANARY', canary: 60, linear: 20, wait: 600, termination: 0 })
    expect(r.passed).toBe(false)
    expect(r.inputErrors.map((e) => e.path)).toContain('inputs.canary')
    const plan = sandboxPlan(rollback, 'rollback-alarm', { alarm: 'fraud-5xx', threshold: 0.01, periods: 1 })
    const types = plan.actions.map((a) => a.type)
    expect(types.slice(1, 4)).toEqual(['PutMetricAlarm', 'AdvanceClock', 'UpdateEndpoint'])
    // The saved world is the same world: its deployment rolled back the same way, at the same minute.
    const world = World.replay(plan.seed, plan.actions)
    const dep = worldParts(world).endpoints.find((e) => e.EndpointName === 'fraud-api')!.deployment!
    const d = deploy(rollback, 'rollback-alarm', { alarm: 'fraud-5xx', threshold: 0.01, periods: 1 })
    expect(dep.outcome).toBe(d.summary.outcome)
    expect(dep.rollbackReason).toBe('fraud-5xx')
    expect((dep.finishedAt! - dep.startedAt) / 1000).toBe(d.summary.durationSeconds)
    expect(dep.startedAt).toBe(d.startedAt)
    // The canary's 60 requests (see above).
    expect(dep.fleets.find((f) => f.role === 'green')!.requests).toBe(60)
  })
})
