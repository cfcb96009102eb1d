/**
 * The `rightsizing` lab step kind: a model, its traffic and a p99 latency requirement are fixed; the
 * learner chooses InstanceType and InitialInstanceCount. The run prices the choice and every catalog
 * candidate with Inference Recommender's fields (recommend.ts: the console's endpoint model), so the
 * learner sees where the choice sits among all of them.
 *
 * Grading follows Inference Recommender's reading (developer guide, "Recommendation results"): a
 * configuration is acceptable when its p99 ModelLatency meets the requirement and it sustains the
 * traffic; among acceptable ones the cheapest for the traffic wins. At a fixed traffic the cost of a
 * served inference is CostPerHour / (traffic per minute × 60), which orders choices as CostPerHour
 * does; AWS's CostPerInference (at MaxInvocations) is shown beside it.
 */
import { z } from 'zod'
import { LabError, type ErrorIssue } from '../../../../shared/errors'
import type { RightsizingRow, RightsizingStepRun } from '../../../../shared/contract/cost'
import type { SandboxAction } from '../../../../shared/contract/sandbox'
import { findInstanceType, instanceTypeNames, PRICE_AS_OF } from '../../catalog/instances'
import { checksFor, type KindRun, type RunContext, type StepKind } from '../../labs/kinds'
import { MAX_INSTANCES } from '../../workload/endpoint'
import { planServing } from '../../workload/model'
import { INVOCATION_TIMEOUT_MS, maxSustainableRpm, reportedP99Ms, steadyState } from '../../workload/steady-state'
import { recommend, toModelProfile, validateRecommendInput } from '../recommend'

export const RIGHTSIZING_FIELDS = ['InstanceType', 'InitialInstanceCount'] as const

const RightsizingFixed = z.strictObject({
  model: z.strictObject({ cpuMsPerRequest: z.number(), memoryGiB: z.number(), payloadKiB: z.number(), gpu: z.boolean().optional() }),
  traffic: z.strictObject({ requestsPerSecond: z.number().positive() }),
  latencyP99Ms: z.number().positive(),
  /** The endpoint's name in the sandbox ("Open in the sandbox"). */
  EndpointName: z.string().min(1).max(63).default('rightsizing-endpoint')
})
type Fixed = z.infer<typeof RightsizingFixed>
type Result = RightsizingStepRun['result']

function row(fixed: Fixed, instanceType: string, count: number): RightsizingRow {
  const instance = findInstanceType(instanceType)
  if (!instance) throw new LabError('VALIDATION', 'InstanceType: unknown', [{ path: 'InstanceType', message: `unknown instance type "${instanceType}"; valid types: ${instanceTypeNames().join(', ')}` }])
  const profile = toModelProfile(fixed.model)
  const plan = planServing(profile, instance)
  const rpm = fixed.traffic.requestsPerSecond * 60
  const latency = reportedP99Ms(plan, instance, rpm / count)
  const state = steadyState(plan, instance, rpm / count)
  const sustained = maxSustainableRpm(plan, instance, fixed.latencyP99Ms)
  const maxInvocations = Math.floor(count * sustained.perInstanceRpm)
  const costPerHour = count * instance.pricePerHour
  return {
    InstanceType: instance.name,
    InitialInstanceCount: count,
    ModelLatency: latency,
    MaxInvocations: maxInvocations,
    CostPerHour: costPerHour,
    CostPerInference: maxInvocations > 0 ? costPerHour / (maxInvocations * 60) : costPerHour,
    CpuUtilization: state.cpuUtilization,
    MemoryUtilization: state.memoryUtilization,
    meetsRequirement: latency <= Math.min(fixed.latencyP99Ms, INVOCATION_TIMEOUT_MS) && maxInvocations >= rpm,
    costPerServedInference: costPerHour / (rpm * 60),
    category: instance.category
  }
}

function choice(ctx: RunContext<Fixed>): { InstanceType: string; InitialInstanceCount: number } {
  const out: Record<string, string | number> = {}
  for (const def of ctx.step.inputs) if (ctx.inputs[def.id] !== undefined) out[def.field] = ctx.inputs[def.id]
  const issues: ErrorIssue[] = []
  const type = String(out.InstanceType ?? '')
  if (!findInstanceType(type)) issues.push({ path: 'InstanceType', message: `unknown instance type "${type}"; valid types: ${instanceTypeNames().join(', ')}` })
  const count = Number(out.InitialInstanceCount ?? 1)
  if (!Number.isInteger(count) || count < 1 || count > MAX_INSTANCES) issues.push({ path: 'InitialInstanceCount', message: `must be an integer from 1 to ${MAX_INSTANCES}, got ${String(out.InitialInstanceCount)}` })
  if (issues.length > 0) throw new LabError('VALIDATION', `Invalid choice: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues)
  return { InstanceType: type, InitialInstanceCount: count }
}

function money(x: number): string {
  return x >= 1 ? `$${x.toFixed(2)}` : `$${x.toFixed(3)}`
}

function run(ctx: RunContext<Fixed>): KindRun<Result> {
  const fixed = ctx.fixed
  validateRecommendInput({ model: fixed.model, traffic: fixed.traffic, latencyP99Ms: fixed.latencyP99Ms })
  const c = choice(ctx)
  let mine: RightsizingRow
  try {
    mine = row(fixed, c.InstanceType, c.InitialInstanceCount)
  } catch (e) {
    if (!(e instanceof LabError)) throw e
    throw new LabError('VALIDATION', e.message, [{ path: 'InstanceType', message: e.issues[0]?.message ?? e.message }])
  }
  const recs = recommend({ model: fixed.model, traffic: fixed.traffic, latencyP99Ms: fixed.latencyP99Ms })
  const candidates = recs.recommendations.map((r) => row(fixed, r.InstanceType, r.InitialInstanceCount))
  const acceptable = candidates.filter((r) => r.meetsRequirement).sort((a, b) => a.CostPerHour - b.CostPerHour)
  const cheapest = acceptable[0] ?? null
  const gpus = candidates.filter((r) => r.category === 'gpu').sort((a, b) => findPrice(b) - findPrice(a))
  const largestGpu = gpus[0] ?? null
  const facts: Record<string, string> = {
    'choice.latency': `${mine.ModelLatency.toFixed(1)} ms`,
    'choice.costPerHour': money(mine.CostPerHour),
    'choice.cpu': `${mine.CpuUtilization.toFixed(0)}%`,
    'choice.month': money(mine.CostPerHour * 730),
    requirement: `${fixed.latencyP99Ms} ms`,
    traffic: `${fixed.traffic.requestsPerSecond} requests/s`
  }
  if (cheapest) {
    facts['cheapest.type'] = cheapest.InstanceType
    facts['cheapest.count'] = String(cheapest.InitialInstanceCount)
    facts['cheapest.costPerHour'] = money(cheapest.CostPerHour)
    facts['cheapest.latency'] = `${cheapest.ModelLatency.toFixed(1)} ms`
  }
  if (largestGpu) {
    facts['largestGpu.type'] = largestGpu.InstanceType
    facts['largestGpu.costPerHour'] = money(largestGpu.CostPerHour)
    facts['largestGpu.latency'] = `${largestGpu.ModelLatency.toFixed(1)} ms`
    facts['largestGpu.cpu'] = `${largestGpu.CpuUtilization.toFixed(0)}%`
    if (cheapest) facts['largestGpu.ratio'] = `${(largestGpu.CostPerHour / cheapest.CostPerHour).toFixed(1)}×`
  }
  return {
    result: {
      rightsizing: {
        requirement: { latencyP99Ms: fixed.latencyP99Ms, requestsPerSecond: fixed.traffic.requestsPerSecond },
        choice: mine,
        candidates,
        cheapestAcceptable: cheapest,
        largestGpu,
        priceAsOf: PRICE_AS_OF
      }
    },
    facts
  }
}

function findPrice(r: RightsizingRow): number {
  return r.CostPerHour / r.InitialInstanceCount
}

const check = checksFor<Result>()

export const meetsLatencyRequirement = check({
  name: 'meetsLatencyRequirement',
  description: 'The chosen InstanceType × InitialInstanceCount keeps p99 ModelLatency within the requirement and sustains the traffic.',
  params: z.strictObject({}),
  criterion: () => 'Your endpoint keeps p99 ModelLatency at or under the requirement at the given traffic, and sustains that traffic (MaxInvocations at least the requests per minute).',
  run(ctx) {
    const r = ctx.result.rightsizing
    const c = r.choice
    const rpm = r.requirement.requestsPerSecond * 60
    const pass = c.meetsRequirement
    const why =
      c.ModelLatency > r.requirement.latencyP99Ms
        ? `p99 ${c.ModelLatency.toFixed(1)} ms is above ${r.requirement.latencyP99Ms} ms`
        : c.MaxInvocations < rpm
          ? `it sustains ${c.MaxInvocations.toLocaleString('en-US')} a minute, less than the ${rpm.toLocaleString('en-US')} sent`
          : `p99 ${c.ModelLatency.toFixed(1)} ms within ${r.requirement.latencyP99Ms} ms, ${c.MaxInvocations.toLocaleString('en-US')} a minute sustained`
    return { pass, diagnostic: `${c.InstanceType} × ${c.InitialInstanceCount}: ${why}.` }
  }
})

export const lowestCostForTraffic = check({
  name: 'lowestCostForTraffic',
  description: 'The choice costs at most (1 + tolerance) × the cheapest acceptable configuration in the catalog per served inference.',
  params: z.strictObject({ tolerance: z.number().min(0).max(1).default(0.1) }),
  criterion: (p) => `Your endpoint costs at most ${Math.round(p.tolerance * 100)}% more per served inference (CostPerHour ÷ requests an hour) than the cheapest configuration in the catalog that meets the requirement.`,
  run(ctx, p) {
    const r = ctx.result.rightsizing
    const best = r.cheapestAcceptable
    if (!best) return { pass: false, diagnostic: 'No configuration in the catalog meets the requirement (a lab content problem).' }
    const ratio = r.choice.costPerServedInference / best.costPerServedInference
    const pass = r.choice.meetsRequirement && ratio <= 1 + p.tolerance + 1e-12
    const unit = (x: number): string => `$${(x * 1e6).toFixed(2)} per million`
    return {
      pass,
      diagnostic: `${r.choice.InstanceType} × ${r.choice.InitialInstanceCount} costs ${unit(r.choice.costPerServedInference)} served inferences; the cheapest acceptable, ${best.InstanceType} × ${best.InitialInstanceCount}, costs ${unit(best.costPerServedInference)} (${ratio.toFixed(2)}×).${r.choice.meetsRequirement ? '' : ' Your choice does not meet the requirement, so its price does not count.'}`,
      details: { ratio }
    }
  }
})

export const rightsizingKind: StepKind<Fixed, Result> = {
  kind: 'rightsizing',
  owner: 'cost',
  fixed: RightsizingFixed,
  fields: RIGHTSIZING_FIELDS,
  validateStep(step, fixed, issue) {
    step.inputs.forEach((input, k) => {
      const ip = ['steps', '*', 'inputs', k]
      if (input.target !== undefined) issue([...ip, 'target'], 'a rightsizing step has no targets')
      if (input.field === 'InstanceType' && input.options) {
        input.options.forEach((o, j) => {
          const t = findInstanceType(String(o))
          if (!t) issue([...ip, 'options', j], `"${o}" is not a catalog instance type`)
          else {
            try {
              planServing(toModelProfile(fixed.model), t)
            } catch {
              issue([...ip, 'options', j], `${o} cannot hold the model`)
            }
          }
        })
      }
    })
  },
  run,
  checks: { [meetsLatencyRequirement.name]: meetsLatencyRequirement, [lowestCostForTraffic.name]: lowestCostForTraffic },
  sandboxActions(ctx): SandboxAction[] {
    const c = choice(ctx)
    const f = ctx.fixed
    return [
      {
        type: 'CreateEndpoint',
        EndpointName: f.EndpointName,
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            InstanceType: c.InstanceType,
            InitialInstanceCount: c.InitialInstanceCount,
            Model: { ...toModelProfile(f.model), name: 'rightsizing-model' }
          }
        ],
        Traffic: { pattern: 'steady', baseRpm: f.traffic.requestsPerSecond * 60 }
      } as SandboxAction
    ]
  }
}
