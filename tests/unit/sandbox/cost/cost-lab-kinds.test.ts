/**
 * The cost lab step kinds on their lab files: the rightsizing step's numbers by hand, and the Spot
 * step's checks on the choices the study guide contrasts.
 */
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLabFiles, readExamItemIds } from '../../../../src/main/labs/loader'
import { checkStep, runStep } from '../../../../src/main/sandbox/labs/engine'
import type { BudgetStepRun, PurchasingStepRun, RightsizingStepRun, SpotTrainingStepRun } from '../../../../src/shared/contract/cost'

const ROOT = resolve(__dirname, '../../../..')
const ids = readExamItemIds(resolve(ROOT, 'resources/content/exam-domain4.json'))
const { labs, errors } = loadLabFiles([resolve(ROOT, 'resources/labs/rightsizing-p99.yaml'), resolve(ROOT, 'resources/labs/spot-training-checkpoints.yaml')], ids)
const [rightsizing, spot] = labs

describe('rightsizing step kind', () => {
  it('loads', () => expect(errors).toEqual([]))

  it('prices the choice by hand: one ml.c6i.large at 0.102/h serves 9,000 a minute for 0.102 / 540,000 = 1.889e-7 per inference', () => {
    const run = runStep(rightsizing, 'choose-instance', { instanceType: 'ml.c6i.large', count: 1 }) as RightsizingStepRun
    const c = run.result.rightsizing.choice
    expect(c.CostPerHour).toBeCloseTo(0.102, 12)
    expect(c.costPerServedInference).toBeCloseTo(0.102 / (9000 * 60), 15)
    expect(c.CostPerInference).toBeCloseTo(0.102 / (c.MaxInvocations * 60), 15)
    // 9,000/min × 12 ms / 60 s = 1.8 busy vCPUs of a reference m5 vCPU on 2 vCPUs: well over 100% summed.
    expect(c.CpuUtilization).toBeGreaterThan(100)
    expect(c.meetsRequirement).toBe(true)
    expect(run.result.rightsizing.cheapestAcceptable?.InstanceType).toBe('ml.c6i.large')
    expect(checkStep(rightsizing, 'choose-instance', { instanceType: 'ml.c6i.large', count: 1 }).passed).toBe(true)
  })

  it('the largest GPU meets the latency but costs 3.825 / 0.102 = 37.5× the cheapest, so it fails the cost check', () => {
    const r = checkStep(rightsizing, 'choose-instance', { instanceType: 'ml.p3.2xlarge', count: 1 })
    expect(r.results.map((x) => [x.check, x.pass])).toEqual([
      ['meetsLatencyRequirement', true],
      ['lowestCostForTraffic', false]
    ])
    const run = runStep(rightsizing, 'choose-instance', { instanceType: 'ml.p3.2xlarge', count: 1 }) as RightsizingStepRun
    expect(run.facts['largestGpu.ratio']).toBe('37.5×')
  })

  it('every candidate costs at least as much as the cheapest acceptable one, or misses the requirement', () => {
    const run = runStep(rightsizing, 'choose-instance', { instanceType: 'ml.c6i.large', count: 1 }) as RightsizingStepRun
    const best = run.result.rightsizing.cheapestAcceptable!
    for (const c of run.result.rightsizing.candidates) if (c.meetsRequirement) expect(c.CostPerHour).toBeGreaterThanOrEqual(best.CostPerHour)
  })

  it('an instance count out of range is an input error naming the input', () => {
    const r = checkStep(rightsizing, 'choose-instance', { instanceType: 'ml.c6i.large', count: 0 })
    expect(r.passed).toBe(false)
    expect(r.inputErrors?.[0].path).toBe('inputs.count')
  })
})

describe('spotTraining step kind', () => {
  it('On-Demand completes but saves nothing: cost equals onDemandCostUSD (10.x h × 0.736/h)', () => {
    const run = runStep(spot, 'spot-job', { spot: 'false' }) as SpotTrainingStepRun
    const j = run.result.training.job
    expect(j.TrainingJobStatus).toBe('Completed')
    expect(j.interruptions).toEqual([])
    expect(j.BillableTimeInSeconds).toBe(j.TrainingTimeInSeconds)
    expect(j.costUSD).toBeCloseTo((j.BillableTimeInSeconds / 3600) * 0.736, 6)
    expect(run.result.training.costSavingPercent).toBeCloseTo(0, 9)
  })

  it('Spot without checkpoints never finishes in a busy pool; with checkpoints and a loose MaxWait it completes and saves > 60%', () => {
    const none = checkStep(spot, 'spot-job', { spot: 'true', checkpointing: 'false', maxWait: 129600 })
    expect(none.results.find((x) => x.check === 'trainingCompletes')?.pass).toBe(false)
    const ok = runStep(spot, 'spot-job', { spot: 'true', checkpointing: 'true', maxWait: 129600 }) as SpotTrainingStepRun
    const j = ok.result.training.job
    expect(j.TrainingJobStatus).toBe('Completed')
    // Spot never bills more seconds than it trained; AWS's formula gives the fixed 70% discount.
    expect(j.BillableTimeInSeconds).toBeLessThanOrEqual(j.TrainingTimeInSeconds)
    expect(j.savingsPercent).toBeCloseTo(70, 0)
    // Redone work (≤ 30 min per interruption) costs a little of it back.
    expect(ok.result.training.costSavingPercent).toBeGreaterThan(60)
    expect(ok.result.training.costSavingPercent).toBeLessThanOrEqual(70 + 1e-9)
  })

  it('MaxWaitTimeInSeconds below MaxRuntimeInSeconds is an input error naming the input and the rule', () => {
    const r = checkStep(spot, 'spot-job', { spot: 'true', checkpointing: 'true', maxWait: 3600 })
    expect(r.inputErrors?.[0].path).toBe('inputs.maxWait')
  })
})

describe('purchasing step kind', () => {
  const { labs: [lab] } = loadLabFiles([resolve(ROOT, 'resources/labs/purchasing-mixed-workload.yaml')], ids)

  it('prices the endpoints by hand over 720 hours', () => {
    const run = runStep(lab, 'choose-options', { training: 'Spot', inference: 'SavingsPlan3y', tool: 'Serverless' }) as PurchasingStepRun
    const [, api, tool] = run.result.purchasing.workloads
    const cost = (w: typeof api, o: string): number => w.options.find((x) => x.option === o)!.monthCostUSD
    // 2 × ml.c5.xlarge at 0.204/h for 720 h = 293.76 On-Demand; a 3-year plan at 50% off commits 0.204/h = 146.88.
    expect(cost(api, 'OnDemand')).toBeCloseTo(293.76, 6)
    expect(cost(api, 'SavingsPlan1y')).toBeCloseTo(293.76 * 0.7, 6)
    expect(cost(api, 'SavingsPlan3y')).toBeCloseTo(146.88, 6)
    // One ml.t2.medium at 0.056/h for 720 h = 40.32.
    expect(cost(tool, 'OnDemand')).toBeCloseTo(40.32, 6)
    expect(cost(tool, 'Serverless')).toBeLessThan(1)
    expect(checkStep(lab, 'choose-options', { training: 'Spot', inference: 'SavingsPlan3y', tool: 'Serverless' }).passed).toBe(true)
  })

  it('everything On-Demand keeps latency but fails on cost', () => {
    const r = checkStep(lab, 'choose-options', { training: 'OnDemand', inference: 'OnDemand', tool: 'OnDemand' })
    expect(r.results.map((x) => [x.check, x.pass])).toEqual([
      ['latencyKept', true],
      ['monthCostNearCheapest', false]
    ])
  })
})

describe('budget step kind, on the scenario World billing', () => {
  const { labs: [lab] } = loadLabFiles([resolve(ROOT, 'resources/labs/budget-forecast-tags.yaml')], ids)

  it('the team spends 2 × 0.204 × 24 = $9.792 a day until the GPU experiment, and passes $300 on 13 January', () => {
    // Jan 5–6: 2 × 9.792 = 19.584. From Jan 7 ~10:00 an ml.g5.2xlarge adds 1.515/h (36.36 a day):
    // end of Jan 12 ≈ 19.58 + 31 + 5 × 46.15 ≈ 281 < 300, so the limit goes on Jan 13.
    const run = runStep(lab, 'budget', { tagKey: 'project', type: 'FORECASTED', threshold: 100 }) as BudgetStepRun
    const b = run.result.budget
    expect(b.days[0].day).toBe('2026-01-05')
    expect(b.days[0].teamCostUsd).toBeCloseTo(9.792, 6)
    expect(b.days[1].teamCostUsd).toBeCloseTo(9.792, 6)
    expect(b.days[3].teamCostUsd).toBeCloseTo(9.792 + 36.36, 6)
    expect(b.overspendDay).toBe('2026-01-13')
    expect(b.alerts[0].NotificationType).toBe('FORECASTED')
    expect(b.alerts[0].at).toBeLessThan(Date.parse('2026-01-11T00:00:00Z'))
  })

  it('a budget on an inactive tag key sees nothing and never alerts; ACTUAL at 100% warns too late', () => {
    const none = runStep(lab, 'budget', { tagKey: 'team', type: 'FORECASTED', threshold: 100 }) as BudgetStepRun
    expect(none.result.budget.actualUsd).toBe(0)
    expect(none.result.budget.alerts).toEqual([])
    expect(none.result.budget.overspendDay).toBe('2026-01-13')
    expect(checkStep(lab, 'budget', { tagKey: 'project', type: 'ACTUAL', threshold: 100 }).passed).toBe(false)
  })
})
