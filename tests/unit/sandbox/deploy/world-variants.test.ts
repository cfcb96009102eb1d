/**
 * A/B production variants with weights, UpdateEndpointWeightsAndCapacities, and shadow variants on a
 * world's endpoint. Traffic is steady with noise 'none', so every minute's requests are exact and the
 * expected values are hand calculations written beside each assertion.
 */
import { describe, expect, it } from 'vitest'
import type { SandboxAction } from '../../../../src/shared/contract/sandbox'
import { LabError } from '../../../../src/shared/errors'
import { getInstanceType } from '../../../../src/main/sandbox/catalog/instances'
import { World, worldParts } from '../../../../src/main/sandbox/world'

type Create = Extract<SandboxAction, { type: 'CreateEndpoint' }>
type Variant = Create['ProductionVariants'][number]
type Weights = Extract<SandboxAction, { type: 'UpdateEndpointWeightsAndCapacities' }>

const EP = 'churn'
const XL = getInstanceType('ml.m5.xlarge').pricePerHour
const L = getInstanceType('ml.m5.large').pricePerHour

function v(name: string, extra: Partial<Variant> = {}): Variant {
  return { VariantName: name, InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2, ModelPreset: 'xgboost-tabular', ...extra }
}

function create(variants: Variant[], rpm: number, shadows?: Variant[]): Create {
  return { type: 'CreateEndpoint', EndpointName: EP, ProductionVariants: variants, ...(shadows ? { ShadowProductionVariants: shadows } : {}), Traffic: { pattern: 'steady', baseRpm: rpm, noise: 'none' } }
}

function weights(...entries: Weights['DesiredWeightsAndCapacities']): Weights {
  return { type: 'UpdateEndpointWeightsAndCapacities', EndpointName: EP, DesiredWeightsAndCapacities: entries }
}

const stateRule: SandboxAction[] = [
  { type: 'PutRule', Name: 'endpoint-state', EventPattern: JSON.stringify({ source: ['aws.sagemaker'], 'detail-type': ['SageMaker Endpoint State Change'] }) },
  { type: 'PutTargets', Rule: 'endpoint-state', Targets: [{ Id: 'ops', Arn: 'arn:aws:sns:us-east-1:111122223333:ops' }] }
]

function endpointOf(w: World) {
  return worldParts(w).endpoints.find((e) => e.EndpointName === EP)!
}

/** A variant's metric series (EndpointName + VariantName). */
function series(w: World, variant: string, metric: string, ns = 'AWS/SageMaker') {
  return w.cloudwatch.metrics.get({ Namespace: ns, MetricName: metric, Dimensions: [{ Name: 'EndpointName', Value: EP }, { Name: 'VariantName', Value: variant }] })!.series
}

function fingerprint(w: World): string {
  const parts: string[] = []
  for (const { id } of w.cloudwatch.metrics.list()) {
    const s = w.cloudwatch.metrics.get(id)!.series
    parts.push(`${JSON.stringify(id)}:${Array.from(s.sum).join(',')}:${Array.from(s.sampleCount).join(',')}`)
  }
  parts.push(JSON.stringify(worldParts(w).endpoints), String(w.sagemaker.totalCostUsd()), String(w.cloudtrail.lookupEvents({}, w.now).Events.length))
  return parts.join('|')
}

function expectRefused(w: World, action: SandboxAction, path: string, message: RegExp): void {
  const before = fingerprint(w)
  const actions = w.actions.length
  let error: unknown
  try {
    w.apply(action)
  } catch (err) {
    error = err
  }
  expect(error).toBeInstanceOf(LabError)
  const issue = (error as LabError).issues.find((i) => i.path === path)
  expect(issue, `issues were ${JSON.stringify((error as LabError).issues)}`).toBeDefined()
  expect(issue!.message).toMatch(message)
  expect(w.actions.length).toBe(actions)
  expect(fingerprint(w)).toBe(before)
}

function stateChanges(w: World): { status: string; variants: unknown }[] {
  return w.events
    .deliveries()
    .filter((d) => d.ruleName === 'endpoint-state')
    .map((d) => {
      const detail = d.event.detail as { EndpointStatus: string; ProductionVariants: unknown }
      return { status: detail.EndpointStatus, variants: detail.ProductionVariants }
    })
}

describe('A/B production variants and UpdateEndpointWeightsAndCapacities', () => {
  it('weights 3:1 send 75% and 25% of the requests, and each variant publishes its own share', () => {
    const w = World.replay('ab', [create([v('A', { InitialVariantWeight: 3 }), v('B', { InitialVariantWeight: 1 })], 800), { type: 'AdvanceClock', Minutes: 60 }])
    const e = endpointOf(w)
    // Share = weight / sum of weights: 3 / 4 = 0.75 and 1 / 4 = 0.25.
    expect(e.variants.map((x) => [x.VariantName, x.CurrentWeight, x.DesiredWeight, x.weightShare])).toEqual([
      ['A', 3, 3, 0.75],
      ['B', 1, 1, 0.25]
    ])
    // 800 requests a minute: A gets 0.75 × 800 = 600, B 0.25 × 800 = 200, every minute.
    expect(series(w, 'A', 'Invocations').sum[30]).toBe(600)
    expect(series(w, 'B', 'Invocations').sum[30]).toBe(200)
    // Over 60 minutes: 36,000 and 12,000; the endpoint's 48,000 = 800 × 60.
    expect(e.variants.map((x) => x.requests)).toEqual([36000, 12000])
    expect(e.requests).toBe(48000)
    // InvocationsPerInstance: 600 / 2 instances = 300 for A, 200 / 2 = 100 for B.
    expect(series(w, 'A', 'InvocationsPerInstance').sum[30]).toBeCloseTo(300, 9)
    expect(series(w, 'B', 'InvocationsPerInstance').sum[30]).toBeCloseTo(100, 9)
  })

  it('new weights: Updating for 2 minutes with traffic on the old weights, then InService on the new; CloudTrail and EventBridge see it', () => {
    const w = World.replay('ab-update', [create([v('A', { InitialVariantWeight: 3 }), v('B', { InitialVariantWeight: 1 })], 800), ...stateRule, { type: 'AdvanceClock', Minutes: 10 }])
    w.apply(weights({ VariantName: 'B', DesiredWeight: 3 }))
    let e = endpointOf(w)
    expect(e.EndpointStatus).toBe('Updating')
    // DesiredWeight is what was asked, CurrentWeight what traffic still follows.
    expect(e.variants.map((x) => [x.CurrentWeight, x.DesiredWeight])).toEqual([
      [3, 3],
      [1, 3]
    ])
    w.apply({ type: 'AdvanceClock', Minutes: 2 })
    expect(endpointOf(w).EndpointStatus).toBe('Updating')
    w.apply({ type: 'AdvanceClock', Minutes: 8 })
    e = endpointOf(w)
    expect(e.EndpointStatus).toBe('InService')
    // Minutes 10 and 11 on 3:1 (600 / 200); from minute 12 on 3:3 = 1:1 (400 / 400).
    expect([10, 11, 12, 19].map((m) => series(w, 'B', 'Invocations').sum[m])).toEqual([200, 200, 400, 400])
    expect([10, 11, 12, 19].map((m) => series(w, 'A', 'Invocations').sum[m])).toEqual([600, 600, 400, 400])
    expect(e.variants.map((x) => [x.CurrentWeight, x.DesiredWeight, x.weightShare])).toEqual([
      [3, 3, 0.5],
      [3, 3, 0.5]
    ])
    // The rule was put after CreateEndpoint: it hears Updating (with both weights) and InService 2 minutes later.
    const changes = stateChanges(w)
    expect(changes.map((c) => c.status)).toEqual(['UPDATING', 'IN_SERVICE'])
    expect(changes[0].variants).toEqual([
      { VariantName: 'A', CurrentWeight: 3, DesiredWeight: 3, CurrentInstanceCount: 2, DesiredInstanceCount: 2 },
      { VariantName: 'B', CurrentWeight: 1, DesiredWeight: 3, CurrentInstanceCount: 2, DesiredInstanceCount: 2 }
    ])
    const inService = w.events.deliveries().filter((d) => d.ruleName === 'endpoint-state')[1]
    expect(Date.parse(inService.event.time) - Date.parse(w.events.deliveries().filter((d) => d.ruleName === 'endpoint-state')[0].event.time)).toBe(2 * 60_000)
    const trail = w.cloudtrail.lookupEvents({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'UpdateEndpointWeightsAndCapacities' }] }, w.now)
    expect(trail.Events).toHaveLength(1)
    expect(JSON.parse(trail.Events[0].CloudTrailEvent).requestParameters).toEqual({ endpointName: EP, desiredWeightsAndCapacities: [{ variantName: 'B', desiredWeight: 3 }] })
  })

  it('a new DesiredInstanceCount is billed at once and serves after the 5-minute start-up', () => {
    const w = World.replay('capacity', [create([v('A'), v('B')], 800), { type: 'AdvanceClock', Minutes: 60 }])
    w.apply(weights({ VariantName: 'B', DesiredInstanceCount: 4 }))
    expect(endpointOf(w).variants[1]).toMatchObject({ CurrentInstanceCount: 2, DesiredInstanceCount: 4 })
    // Requested at minute 60, ready at 60 + 5 = 65: in service once minute 65 is simulated (6 minutes on).
    w.apply({ type: 'AdvanceClock', Minutes: 5 })
    expect(endpointOf(w).variants[1]).toMatchObject({ CurrentInstanceCount: 2, DesiredInstanceCount: 4 })
    w.apply({ type: 'AdvanceClock', Minutes: 1 })
    expect(endpointOf(w).variants[1]).toMatchObject({ CurrentInstanceCount: 4, DesiredInstanceCount: 4 })
    w.apply({ type: 'AdvanceClock', Minutes: 54 })
    // Two hours: A 2 × 2 h; B 2 × 1 h, then 4 × 1 h (billed from the request on): 10 instance-hours of ml.m5.xlarge.
    expect(endpointOf(w).costUsd).toBeCloseTo(10 * XL, 9)
    // Weights unchanged (1:1): B still answers 400 a minute, now on 4 instances (100 each).
    expect(series(w, 'B', 'InvocationsPerInstance').sum[100]).toBeCloseTo(100, 9)
  })

  it('refuses an unknown variant, a negative weight, all weights 0, an empty entry, two counts, and any change while Updating, and changes nothing', () => {
    const w = World.replay('refuse', [create([v('A'), v('B')], 800), { type: 'AdvanceClock', Minutes: 10 }])
    expectRefused(w, weights({ VariantName: 'C', DesiredWeight: 1 }), 'DesiredWeightsAndCapacities[0].VariantName', /no variant "C".*A, B/)
    expectRefused(w, weights({ VariantName: 'A', DesiredWeight: -1 }), 'DesiredWeightsAndCapacities[0].DesiredWeight', /in \[0, 1000\], got -1/)
    expectRefused(w, weights({ VariantName: 'A', DesiredWeight: 0 }, { VariantName: 'B', DesiredWeight: 0 }), 'DesiredWeightsAndCapacities', /would all be 0/)
    expectRefused(w, weights({ VariantName: 'A' }), 'DesiredWeightsAndCapacities[0]', /DesiredWeight, DesiredInstanceCount or both/)
    expectRefused(w, weights(), 'DesiredWeightsAndCapacities', /name 1 to 10 variants/)
    expectRefused(w, weights({ VariantName: 'A', DesiredWeight: 1 }, { VariantName: 'A', DesiredWeight: 2 }), 'DesiredWeightsAndCapacities[1].VariantName', /named twice/)
    expectRefused(w, weights({ VariantName: 'A', DesiredInstanceCount: 3 }, { VariantName: 'B', DesiredInstanceCount: 3 }), 'DesiredWeightsAndCapacities', /one variant per call/)
    expectRefused(w, weights({ VariantName: 'A', DesiredInstanceCount: 0 }), 'DesiredWeightsAndCapacities[0].DesiredInstanceCount', /in \[1, 100\]/)
    // One weight at 0 is fine: B then takes everything (1 / (0 + 1)).
    w.apply(weights({ VariantName: 'A', DesiredWeight: 0 }))
    expectRefused(w, weights({ VariantName: 'A', DesiredWeight: 1 }), 'EndpointName', /Updating/)
    w.apply({ type: 'AdvanceClock', Minutes: 3 })
    expect(endpointOf(w).variants.map((x) => x.weightShare)).toEqual([0, 1])
    expect(series(w, 'A', 'Invocations').sampleCount[12] ?? 0).toBe(0)
    expect(series(w, 'B', 'Invocations').sum[12]).toBe(800)
  })
})

describe('shadow variants', () => {
  /** Production 1 × ml.m5.xlarge at weight 1; the shadow 2 × ml.m5.large at weight 0.5, 20% model errors, 3× slower, 10% quality drop. */
  const shadowed = (): Create =>
    create([v('Prod', { InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1 })], 600, [
      v('Shadow', { InstanceType: 'ml.m5.large', InitialInstanceCount: 2, InitialVariantWeight: 0.5, Defect: { errorRate: 0.2, latencyMultiplier: 3, qualityDrop: 0.1 } })
    ])

  it('a shadow at weight 0.5 of production gets a copy of 50% of the requests, answers nobody, and is billed at the catalog price', () => {
    const w = World.replay('shadow', [shadowed(), { type: 'AdvanceClock', Minutes: 60 }])
    const e = endpointOf(w)
    expect(e.shadowVariants).toHaveLength(1)
    const s = e.shadowVariants[0]
    // 0.5 / 1 = 50% of production's requests are copied.
    expect(s).toMatchObject({ VariantName: 'Shadow', CurrentWeight: 0.5, weightShare: 0.5, CurrentInstanceCount: 2 })
    // Production answers all 600 a minute; the shadow gets 300 copies a minute (noise none: exactly half).
    expect(series(w, 'Prod', 'Invocations').sum[30]).toBe(600)
    expect(series(w, 'Shadow', 'Invocations').sum[30]).toBe(300)
    // Clients sent 600 × 60 = 36,000; the shadow's 18,000 copies are not among them.
    expect(e.requests).toBe(36000)
    expect(s.requests).toBe(18000)
    // The shadow's 5XX (binomial, 18,000 × 0.2 = 3,600 ± 5 sd, sd = √(18,000 × 0.2 × 0.8) ≈ 53.7) never reach a client.
    expect(s.errors5xx).toBeGreaterThan(3600 - 5 * 53.7)
    expect(s.errors5xx).toBeLessThan(3600 + 5 * 53.7)
    expect(e.errors5xx).toBe(e.variants[0].errors5xx)
    expect(e.variants[0].errors5xx).toBe(0)
    // Its quality drop is visible on its own: every answer it gave without an error counts as degraded; production has none.
    expect(s.degraded).toBe(18000 - s.errors5xx)
    expect(e.variants[0].degraded).toBe(0)
    // One hour: 1 × ml.m5.xlarge + 2 × ml.m5.large instance-hours, the shadow's included.
    expect(s.costUsd).toBeCloseTo(2 * L, 9)
    expect(e.costUsd).toBeCloseTo(XL + 2 * L, 9)
    expect(w.sagemaker.totalCostUsd()).toBeCloseTo(XL + 2 * L, 9)
    // Cost Explorer bills the shadow fleet too.
    const ce = w.billing.costAndUsage({ Granularity: 'DAILY', GroupBy: [{ Type: 'DIMENSION', Key: 'INSTANCE_TYPE' }] }, w.now)
    const groups = ce.ResultsByTime.flatMap((r) => r.Groups ?? [])
    const large = groups.filter((g) => g.Keys.some((k) => k.includes('ml.m5.large'))).reduce((a, g) => a + Number(g.Metrics.UnblendedCost?.Amount ?? 0), 0)
    expect(large).toBeCloseTo(2 * L, 2)
  })

  it("the shadow's latency and errors are published under its own VariantName, and production's metrics are exactly what they are without a shadow", () => {
    const alone = World.replay('same-seed', [create([v('Prod', { InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1 })], 600), { type: 'AdvanceClock', Minutes: 60 }])
    const w = World.replay('same-seed', [shadowed(), { type: 'AdvanceClock', Minutes: 60 }])
    for (const m of ['Invocations', 'ModelLatency', 'Invocation5XXErrors', 'Invocation4XXErrors']) {
      expect(Array.from(series(w, 'Prod', m).sum)).toEqual(Array.from(series(alone, 'Prod', m).sum))
    }
    expect(Array.from(series(w, 'Prod', 'CPUUtilization', '/aws/sagemaker/Endpoints').sum)).toEqual(Array.from(series(alone, 'Prod', 'CPUUtilization', '/aws/sagemaker/Endpoints').sum))
    // The shadow's 3× service time shows in its own ModelLatency (mean over the hour, microseconds).
    const mean = (x: ReturnType<typeof series>) => Array.from(x.sum).reduce((a, b) => a + b, 0) / Array.from(x.sampleCount).reduce((a, b) => a + b, 0)
    expect(mean(series(w, 'Shadow', 'ModelLatency')) / mean(series(w, 'Prod', 'ModelLatency'))).toBeGreaterThan(2.5)
    // Its 5XX share, Average of Invocation5XXErrors, is about 0.2.
    const e5 = series(w, 'Shadow', 'Invocation5XXErrors')
    expect(Array.from(e5.sum).reduce((a, b) => a + b, 0) / Array.from(e5.sampleCount).reduce((a, b) => a + b, 0)).toBeCloseTo(0.2, 1)
  })

  it('promoting the shadow (an UpdateEndpoint naming it in ProductionVariants) makes its model version answer every request', () => {
    const w = World.replay('promote', [shadowed(), { type: 'AdvanceClock', Minutes: 30 }])
    w.apply({ type: 'UpdateEndpoint', EndpointName: EP, ProductionVariants: [{ VariantName: 'Shadow', InstanceType: 'ml.m5.large', InitialInstanceCount: 2 }] })
    w.apply({ type: 'AdvanceClock', Minutes: 30 })
    const e = endpointOf(w)
    expect(e.shadowVariants).toEqual([])
    expect(e.variants.map((x) => [x.VariantName, x.InstanceType, x.weightShare])).toEqual([['Shadow', 'ml.m5.large', 1]])
    // From minute 30 it answers all 600 a minute, with the shadow's 20% model errors now reaching clients.
    expect(series(w, 'Shadow', 'Invocations').sum[45]).toBe(600)
    expect(e.variants[0].requests).toBe(600 * 30)
    expect(e.errors5xx / (600 * 30)).toBeGreaterThan(0.15)
    // Clients: 30 min × 600 from Prod, then 30 × 600 from the promoted variant.
    expect(e.requests).toBe(36000)
    // Bill: Prod 1 × 0.5 h; the shadow fleet 2 × 1 h (shadow, then production).
    expect(e.costUsd).toBeCloseTo(0.5 * XL + 2 * L, 9)
  })

  it('an UpdateEndpoint that names the variants again without a model keeps their model versions (the shadow\'s Defect too); one without ShadowProductionVariants ends the test', () => {
    const w = World.replay('restate', [shadowed(), { type: 'AdvanceClock', Minutes: 10 }])
    w.apply({
      type: 'UpdateEndpoint',
      EndpointName: EP,
      ProductionVariants: [{ VariantName: 'Prod', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1 }],
      ShadowProductionVariants: [{ VariantName: 'Shadow', InstanceType: 'ml.m5.large', InitialInstanceCount: 2, InitialVariantWeight: 0.5 }]
    })
    w.apply({ type: 'AdvanceClock', Minutes: 10 })
    const s = endpointOf(w).shadowVariants[0]
    // A variant's counts start again with each configuration: 10 min × 300 copies = 3,000, and still
    // 20% model errors on them: 600 ± 5 sd, sd = √(3,000 × 0.2 × 0.8) ≈ 21.9.
    expect(s.requests).toBe(3000)
    expect(Math.abs(s.errors5xx - 600)).toBeLessThan(5 * 21.9)
    expect(s.degraded).toBe(s.requests - s.errors5xx)
    w.apply({ type: 'UpdateEndpoint', EndpointName: EP, ProductionVariants: [{ VariantName: 'Prod', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1 }] })
    w.apply({ type: 'AdvanceClock', Minutes: 10 })
    const e = endpointOf(w)
    expect(e.shadowVariants).toEqual([])
    // The shadow's bill stays in the endpoint's: 20 min of 2 × ml.m5.large, 30 min of 1 × ml.m5.xlarge.
    expect(e.costUsd).toBeCloseTo((2 * L * 20) / 60 + (XL * 30) / 60, 9)
    expect(e.requests).toBe(600 * 30)
    expect(e.variants.map((x) => x.VariantName)).toEqual(['Prod'])
  })

  it('UpdateEndpointWeightsAndCapacities changes the sampled share (the shadow weight) and the shadow fleet', () => {
    const w = World.replay('sampling', [shadowed(), { type: 'AdvanceClock', Minutes: 10 }])
    w.apply(weights({ VariantName: 'Shadow', DesiredWeight: 0.25, DesiredInstanceCount: 1 }))
    w.apply({ type: 'AdvanceClock', Minutes: 10 })
    // 0.25 / 1: a copy of 25% of 600 = 150 a minute from minute 12.
    expect([11, 12].map((m) => series(w, 'Shadow', 'Invocations').sum[m])).toEqual([300, 150])
    expect(endpointOf(w).shadowVariants[0]).toMatchObject({ CurrentWeight: 0.25, weightShare: 0.25, DesiredInstanceCount: 1 })
    // A shadow copies at most everything.
    w.apply({ type: 'AdvanceClock', Minutes: 1 })
    expectRefused(w, weights({ VariantName: 'Shadow', DesiredWeight: 2 }), 'DesiredWeightsAndCapacities[0].DesiredWeight', /at most every request/)
  })

  it('an incident aimed at the shadow hits only its copies; the shadow fleet counts toward the instance quota', () => {
    const w = World.replay('shadow-incident', [shadowed(), { type: 'AdvanceClock', Minutes: 1 }])
    // Shadow without its own Defect errors: restate it healthy, then a 100% error burst on it alone for 10 minutes.
    w.apply({ type: 'UpdateEndpoint', EndpointName: EP, ProductionVariants: [{ VariantName: 'Prod', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1 }], ShadowProductionVariants: [v('Shadow', { InstanceType: 'ml.m5.large', InitialInstanceCount: 2, InitialVariantWeight: 0.5 })] })
    w.apply({ type: 'InjectIncident', EndpointName: EP, StartsInMinutes: 0, Incident: { kind: 'errorBurst', durationMinutes: 10, errorRate: 1, VariantName: 'Shadow' } })
    w.apply({ type: 'AdvanceClock', Minutes: 10 })
    const e = endpointOf(w)
    // Every copy fails (10 min × 300 = 3,000 5XX); clients see none.
    expect(e.shadowVariants[0].errors5xx).toBe(3000)
    expect(e.errors5xx).toBe(0)
    // Quota: the default for a general-purpose type is 20 (cost/capacity.ts); 2 shadow instances of ml.m5.large run,
    // so 19 more (2 + 19 = 21 > 20) is refused, naming the entry's DesiredInstanceCount.
    expectRefused(w, weights({ VariantName: 'Shadow', DesiredInstanceCount: 21 }), 'DesiredWeightsAndCapacities[0].DesiredInstanceCount', /ResourceLimitExceeded|limit/)
    const fresh = new World('shadow-quota')
    expectRefused(fresh, create([v('Prod', { InitialInstanceCount: 1 })], 600, [v('S', { InstanceType: 'ml.m5.large', InitialInstanceCount: 21, InitialVariantWeight: 0.5 })]), 'ShadowProductionVariants[0].InstanceType', /ml\.m5\.large for endpoint usage/)
  })

  it('refuses two shadows, a shadow beside two production variants, a shadow named like production, one weighted above production, and guardrails with a shadow', () => {
    const w = new World('refuse-shadow')
    const two = create([v('Prod')], 600, [v('S1', { InitialVariantWeight: 0.5 }), v('S2', { InitialVariantWeight: 0.5 })])
    expectRefused(w, two, 'ShadowProductionVariants', /at most one shadow variant/)
    expectRefused(w, create([v('A'), v('B')], 600, [v('S')]), 'ProductionVariants', /exactly one production variant; got 2/)
    expectRefused(w, create([v('Prod')], 600, [v('Prod')]), 'ShadowProductionVariants[0].VariantName', /must differ/)
    expectRefused(w, create([v('Prod')], 600, [v('S', { InitialVariantWeight: 1.5 })]), 'ShadowProductionVariants[0].InitialVariantWeight', /at most 1/)
    expectRefused(w, create([v('Prod')], 600, [v('S', { InstanceType: 'ml.nope' })]), 'ShadowProductionVariants[0].InstanceType', /./)
    w.apply(create([v('Prod')], 600, [v('S', { InitialVariantWeight: 0.5 })]))
    expectRefused(
      w,
      { type: 'UpdateEndpoint', EndpointName: EP, ProductionVariants: [v('Prod')], DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 0 } } } },
      'DeploymentConfig',
      /without a shadow variant/
    )
    // A weight-0 shadow is allowed and copies nothing.
    w.apply({ type: 'UpdateEndpoint', EndpointName: EP, ProductionVariants: [v('Prod')], ShadowProductionVariants: [v('S', { InitialVariantWeight: 0 })] })
    w.apply({ type: 'AdvanceClock', Minutes: 5 })
    expect(series(w, 'S', 'Invocations').sampleCount[3] ?? 0).toBe(0)
    expect(endpointOf(w).shadowVariants[0].requests).toBe(0)
  })
})
