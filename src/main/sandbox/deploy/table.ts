/**
 * The study guide's deployment-strategy table (risk level, cost, recovery speed for all-at-once,
 * blue/green and canary) produced from measured Monte Carlo results, and the places where the
 * measurements disagree with the rule of thumb, each with the mechanism that explains it.
 *
 * The rule of thumb, from the study guide's comparison table: all-at-once High risk, Low cost, Slow
 * recovery (requires rollback); blue/green Low risk, High cost (2× infrastructure), Instant recovery
 * (switch traffic); canary Lowest risk, Medium cost, Fast recovery (stop the traffic shift).
 *
 * Measured levels:
 * - Risk: the mean number of affected requests per release (the probability of a defect times how many
 *   requests it reaches), ranked among the rows: Lowest, Low, High. Values within 5% of each other
 *   share the better level; a row alone is not ranked.
 * - Cost: the median cost over the window, ranked: Low, Medium, High, with the same tie rule.
 * - Recovery: the median time from the first alarm to the defective version's last answer, over the
 *   defective releases that recovered: Instant up to 60 s, Fast up to 10 minutes, Slow beyond; "None"
 *   when no defective release recovered within the window.
 */
import type { ConfigurationResult } from './compare'
import type { DeployScenario } from './kernel'

export type StrategyCategory = 'All-at-once' | 'Blue/Green' | 'Canary' | 'Linear' | 'Rolling' | 'Shadow' | 'A/B test'
export type TableStrategy = 'All-at-once' | 'Blue/Green' | 'Canary'
export const TABLE_STRATEGIES: readonly TableStrategy[] = ['All-at-once', 'Blue/Green', 'Canary']

export type RiskLevel = 'Lowest' | 'Low' | 'High'
export type CostLevel = 'Low' | 'Medium' | 'High'
export type RecoveryLevel = 'Instant' | 'Fast' | 'Slow' | 'None'

export const RULE_OF_THUMB: Readonly<Record<TableStrategy, { risk: RiskLevel; cost: CostLevel; recovery: RecoveryLevel; text: { risk: string; cost: string; recovery: string } }>> = Object.freeze({
  'All-at-once': { risk: 'High', cost: 'Low', recovery: 'Slow', text: { risk: 'High', cost: 'Low', recovery: 'Slow (requires rollback)' } },
  'Blue/Green': { risk: 'Low', cost: 'High', recovery: 'Instant', text: { risk: 'Low', cost: 'High (2× infrastructure)', recovery: 'Instant (switch traffic)' } },
  Canary: { risk: 'Lowest', cost: 'Medium', recovery: 'Fast', text: { risk: 'Lowest', cost: 'Medium', recovery: 'Fast (stop the traffic shift)' } }
})

export const INSTANT_SECONDS = 60
export const FAST_SECONDS = 600

export interface TableRow {
  strategy: TableStrategy
  /** The configuration the row was measured on. */
  configuration: string
  risk: { level: RiskLevel | null; ruleOfThumb: string; meanAffectedRequests: number; p95AffectedRequests: number; caughtShare: number | null }
  cost: { level: CostLevel | null; ruleOfThumb: string; medianCostUSD: number; costRatio: number; peakInstances: number; instanceCount: number }
  recovery: { level: RecoveryLevel; ruleOfThumb: string; medianReactionSeconds: number | null; recoveredShare: number | null }
}

export interface StrategyTable {
  rows: TableRow[]
  /** Where the measured levels differ from the rule of thumb, and why. */
  disagreements: string[]
  /** Rows of the guide's table no configuration stood for. */
  missing: TableStrategy[]
}

/** Which line of the guide's table (or other strategy family) a configuration is. */
export function ruleOfThumbCategory(sc: DeployScenario): StrategyCategory {
  switch (sc.strategy) {
    case 'IN_PLACE':
      return 'All-at-once'
    case 'ROLLING':
      return 'Rolling'
    case 'SHADOW':
      return 'Shadow'
    case 'AB_TEST':
      return 'A/B test'
    case 'BLUE_GREEN': {
      const plan = sc.deployment
      const routing = plan && plan.kind === 'BLUE_GREEN' ? plan.routing : 'ALL_AT_ONCE'
      return routing === 'CANARY' ? 'Canary' : routing === 'LINEAR' ? 'Linear' : 'Blue/Green'
    }
  }
}

export function strategyTable(results: readonly ConfigurationResult[], scenarios: readonly DeployScenario[]): StrategyTable {
  const picked: { strategy: TableStrategy; result: ConfigurationResult; scenario: DeployScenario }[] = []
  for (const strategy of TABLE_STRATEGIES) {
    const i = results.findIndex((r) => r.category === strategy)
    if (i >= 0) picked.push({ strategy, result: results[i], scenario: scenarios[i] })
  }
  const missing = TABLE_STRATEGIES.filter((s) => !picked.some((p) => p.strategy === s))
  const riskLevels = rankLevels(picked.map((p) => p.result.affectedRequests.mean ?? 0), ['Lowest', 'Low', 'High'] as const)
  const costLevels = rankLevels(picked.map((p) => p.result.costUSD.median ?? 0), ['Low', 'Medium', 'High'] as const)
  const rows: TableRow[] = picked.map((p, k) => {
    const r = p.result
    const reaction = r.reactionSeconds.median
    const recovered = r.defectiveReleases > 0 ? r.recoverySeconds.count / r.defectiveReleases : null
    return {
      strategy: p.strategy,
      configuration: r.name,
      risk: { level: riskLevels[k], ruleOfThumb: RULE_OF_THUMB[p.strategy].text.risk, meanAffectedRequests: r.affectedRequests.mean ?? 0, p95AffectedRequests: r.affectedRequests.p95 ?? 0, caughtShare: r.caughtShare },
      cost: {
        level: costLevels[k],
        ruleOfThumb: RULE_OF_THUMB[p.strategy].text.cost,
        medianCostUSD: r.costUSD.median ?? 0,
        costRatio: r.baselineCostUSD > 0 ? (r.costUSD.median ?? 0) / r.baselineCostUSD : 1,
        peakInstances: r.peakInstances,
        instanceCount: p.scenario.instanceCount
      },
      recovery: {
        level: reaction === null ? 'None' : reaction <= INSTANT_SECONDS ? 'Instant' : reaction <= FAST_SECONDS ? 'Fast' : 'Slow',
        ruleOfThumb: RULE_OF_THUMB[p.strategy].text.recovery,
        medianReactionSeconds: reaction,
        recoveredShare: recovered
      }
    }
  })
  return { rows, disagreements: explain(rows, picked), missing }
}

/**
 * Levels by rank among the rows: three rows take the three rungs, two rows the first and the last.
 * A value within 5% of the one before it shares its rung. One row alone cannot be ranked: null.
 */
function rankLevels<L extends string>(values: number[], ladder: readonly [L, L, L]): (L | null)[] {
  const n = values.length
  if (n < 2) return values.map(() => null)
  const rungs = n === 2 ? [0, 2] : [0, 1, 2]
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v)
  const out: (L | null)[] = new Array(n).fill(null)
  let rung = 0
  order.forEach((x, pos) => {
    if (pos > 0) {
      const prev = order[pos - 1].v
      const tie = Math.abs(x.v - prev) <= 0.05 * Math.max(Math.abs(x.v), Math.abs(prev)) || Math.abs(x.v - prev) < 1e-9
      if (!tie) rung = rungs[pos]
    }
    out[x.i] = ladder[rung]
  })
  return out
}

type Picked = { strategy: TableStrategy; result: ConfigurationResult; scenario: DeployScenario }

function explain(rows: TableRow[], picked: Picked[]): string[] {
  const out: string[] = []
  const row = (s: TableStrategy): TableRow | undefined => rows.find((r) => r.strategy === s)
  const pick = (s: TableStrategy): Picked | undefined => picked.find((p) => p.strategy === s)
  const bg = row('Blue/Green')
  const canary = row('Canary')
  const aao = row('All-at-once')

  for (const r of rows) {
    const p = pick(r.strategy) as Picked
    const rule = RULE_OF_THUMB[r.strategy]
    if (r.risk.level !== null && r.risk.level !== rule.risk) out.push(riskReason(r, p, rows, picked))
    if (r.cost.level !== null && r.cost.level !== rule.cost) out.push(costReason(r, p, bg, canary, pick('Blue/Green'), pick('Canary')))
    if (r.recovery.level !== rule.recovery) out.push(recoveryReason(r, p, bg))
  }
  // "2× infrastructure" is a peak, not what the window costs.
  if (bg && bg.cost.level === 'High' && bg.cost.costRatio < 1.9) {
    out.push(
      `Blue/Green costs "2× infrastructure" only at its peak (${bg.cost.peakInstances} instances for an endpoint of ${bg.cost.instanceCount}), while both fleets run: over the ${minutes(pick('Blue/Green') as Picked)}-minute window its median cost is ${bg.cost.costRatio.toFixed(2)}× what the endpoint costs without a deployment.`
    )
  }
  if (aao && canary && bg) {
    const undetected = picked.map((p) => p.result).filter((r) => r.detectedShare !== null && r.detectedShare < 0.999)
    const worst = undetected.sort((a, b) => (a.detectedShare as number) - (b.detectedShare as number))[0]
    if (worst) {
      out.push(
        `No strategy catches what its alarms do not see: ${pct(1 - (worst.detectedShare as number))} of defective releases under ${worst.name} set off no alarm at all (a quality drop, or errors and latency below the thresholds). Those reach every user under any strategy once the rollout completes; shadow tests and A/B evaluation with a model-quality metric are how such defects are found.`
      )
    }
  }
  return out
}

function riskReason(r: TableRow, p: Picked, rows: TableRow[], picked: Picked[]): string {
  const head = `${r.strategy} risk: measured ${r.risk.level} (${fmt(r.risk.meanAffectedRequests)} affected requests per release on average, p95 ${fmt(r.risk.p95AffectedRequests)}), the rule of thumb says ${RULE_OF_THUMB[r.strategy].text.risk}.`
  const sc = p.scenario
  const plan = sc.deployment
  const rollbackAlarms = plan ? plan.alarmNames : []
  if ((r.strategy === 'Canary' || r.strategy === 'Blue/Green') && rollbackAlarms.length === 0) {
    return `${head} ${p.result.name} has no AutoRollbackConfiguration: without an alarm nothing rolls it back, so after its baking periods every user gets the defective version, as with an in-place update.`
  }
  if (r.strategy === 'Canary' || r.strategy === 'Blue/Green') {
    const watchingBoth = sc.alarms.filter((a) => a.autoRollback && a.scope === 'both')
    if (r.strategy === 'Canary' && watchingBoth.length > 0) {
      return `${head} Its auto-rollback alarm ${watchingBoth[0].def.AlarmName} watches both fleets (no EndpointConfigName dimension): the canary's errors are averaged with the old fleet's healthy traffic, so the alarm fires late or not at all (caught ${pct(r.risk.caughtShare)} of defective releases).`
    }
    const others = rows.filter((x) => x !== r)
    const better = others.find((x) => x.risk.meanAffectedRequests < r.risk.meanAffectedRequests)
    if (better && (better.risk.caughtShare ?? 0) > (r.risk.caughtShare ?? 0) + 0.01) {
      return `${head} Its alarms caught ${pct(r.risk.caughtShare)} of defective releases against ${pct(better.risk.caughtShare)} for ${better.strategy}: a guardrail is only as good as the alarm that trips it within the baking period (WaitIntervalInSeconds ${(plan?.waitMinutes ?? 0) * 60} s here).`
    }
    if (r.strategy === 'Canary') {
      return `${head} Defects no alarm sees, and defects caught only after the canary completed, reach every user with a canary too; the canary's smaller exposure only helps while the alarm fires within the canary's baking period.`
    }
  }
  if (r.strategy === 'All-at-once') {
    const aaoOperator = sc.operatorResponseMinutes
    return `${head} ${aaoOperator === null ? 'Nothing rolls an in-place update back' : `An operator who reacts ${aaoOperator * 60} s after an alarm rolls the in-place update back`}; the guarded strategies compared here ${picked.some((x) => x.scenario.deployment && x.scenario.deployment.alarmNames.length === 0) ? 'include one without an auto-rollback alarm, which is no safer' : 'expose similar numbers because their alarms miss the same defects'}.`
  }
  return head
}

function costReason(r: TableRow, p: Picked, bg: TableRow | undefined, canary: TableRow | undefined, bgPick: Picked | undefined, canaryPick: Picked | undefined): string {
  const head = `${r.strategy} cost: measured ${r.cost.level} (median $${r.cost.medianCostUSD.toFixed(4)} over the window, ${r.cost.costRatio.toFixed(2)}× the endpoint alone, peak ${r.cost.peakInstances} instances), the rule of thumb says ${RULE_OF_THUMB[r.strategy].text.cost}.`
  if (r.strategy === 'Canary' && bg && canaryPick && bgPick && r.cost.medianCostUSD >= bg.cost.medianCostUSD * 0.95) {
    return `${head} SageMaker provisions the complete new fleet before it turns the canary on, so a canary pays for two full fleets like blue/green does (peak ${r.cost.peakInstances} against ${bg.cost.peakInstances}), and for longer: it bakes twice, after the canary and after the rest (median duration ${fmtSeconds(canaryPick.result.durationSeconds.median)} against ${fmtSeconds(bgPick.result.durationSeconds.median)}).`
  }
  if (r.strategy === 'Blue/Green' && canary && r.cost.medianCostUSD < canary.cost.medianCostUSD) {
    return `${head} All at once, the two fleets overlap for one baking period only; a canary keeps both for two.`
  }
  if (r.strategy === 'Blue/Green' && r.cost.level === 'Medium') {
    return `${head} Its two fleets overlap only while the deployment runs (${fmtSeconds(p.result.durationSeconds.median)} median), a small part of the window.`
  }
  if (r.strategy === 'All-at-once') {
    return `${head} An in-place update adds no instances; only a recovery deployment of the old version would.`
  }
  return head
}

function recoveryReason(r: TableRow, p: Picked, bg: TableRow | undefined): string {
  const measured = r.recovery.medianReactionSeconds === null ? 'no defective release recovered within the window' : `${fmtSeconds(r.recovery.medianReactionSeconds)} median from the first alarm to the last answer of the defective version`
  const head = `${r.strategy} recovery: measured ${r.recovery.level} (${measured}), the rule of thumb says ${RULE_OF_THUMB[r.strategy].text.recovery}.`
  if (r.strategy === 'Canary' && r.recovery.level === 'Instant') {
    return `${head} The whole blue fleet stays provisioned during a canary, so its rollback is the same switch of traffic as blue/green's${bg ? ` (blue/green: ${bg.recovery.medianReactionSeconds === null ? 'none' : fmtSeconds(bg.recovery.medianReactionSeconds)})` : ''}; what differs is how much traffic the defect reached before the alarm.`
  }
  if (r.strategy === 'All-at-once') {
    const op = p.scenario.operatorResponseMinutes
    if (op === null) return `${head} Nothing rolls an in-place update back and no operator was set (operatorResponseSeconds), so the defective version kept answering until the window ended.`
    return `${head} The recovery is a second deployment somebody starts: here the operator's ${op * 60} s response ${op * 60 <= FAST_SECONDS ? 'is quick, and the in-place switch back itself takes no time' : 'dominates it'}.`
  }
  if (r.recovery.level === 'None') return `${head} Its alarms caught none of the defective releases in time to roll back.`
  if (r.recovery.level === 'Slow' || r.recovery.level === 'Fast') {
    return `${head} Alarms in ALARM after the deployment completed are not auto-rollback triggers; only the operator's second deployment, which provisions a fleet first, removed the defect.`
  }
  return head
}

function minutes(p: Picked): number {
  return p.scenario.horizonMinutes
}

function pct(x: number | null): string {
  return x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`
}

function fmt(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1)
}

function fmtSeconds(s: number | null): string {
  if (s === null) return 'n/a'
  return s < 120 ? `${Math.round(s)} s` : `${(s / 60).toFixed(1)} min`
}
