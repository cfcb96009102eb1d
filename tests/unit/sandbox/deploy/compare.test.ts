import { describe, expect, it } from 'vitest'
import { compareDeployments, distribution, mergePartials, prepareCompare, runReleases, type CompareRequest } from '../../../../src/main/sandbox/deploy/compare'
import { LabError } from '../../../../src/shared/errors'

const alarm = { AlarmName: 'new-5xx', Namespace: 'AWS/SageMaker', MetricName: 'Invocation5XXErrors', Statistic: 'Average', Period: 60, EvaluationPeriods: 1, Threshold: 0.02, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' }
const rollback = { AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'new-5xx' }] } }

function request(over: Partial<CompareRequest> = {}): CompareRequest {
  return {
    seed: 11,
    releases: 60,
    endpoint: { InstanceType: 'ml.m5.xlarge', InstanceCount: 4 },
    traffic: { requestsPerSecond: 40 },
    defects: { probability: 0.5, errorRate: { min: 0.05, max: 0.5 } },
    configurations: [
      { name: 'in place', strategy: 'IN_PLACE', alarms: [alarm] },
      { name: 'blue/green', strategy: 'BLUE_GREEN', alarms: [alarm], DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: 600 } }, ...rollback } },
      { name: 'canary', strategy: 'BLUE_GREEN', alarms: [alarm], DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'INSTANCE_COUNT', Value: 1 }, WaitIntervalInSeconds: 600 } }, ...rollback } }
    ],
    ...over
  }
}

function refused(req: unknown): { path: string; message: string }[] {
  try {
    prepareCompare(req as CompareRequest)
  } catch (e) {
    expect(e).toBeInstanceOf(LabError)
    return (e as LabError).issues
  }
  throw new Error('accepted')
}

describe('distribution', () => {
  it("median, p95, worst and mean as numpy's default percentile gives them (reference/quantiles.py)", () => {
    expect(distribution(Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]))).toEqual({ count: 11, median: 4, p95: 7.5, worst: 9, mean: 4 })
    const ties = distribution(Float64Array.from([0, 0, 0, 0, 0, 0, 0, 0, 120, 600]))
    expect(ties.median).toBe(0)
    expect(ties.p95).toBeCloseTo(383.9999999999995, 9)
    expect(ties).toMatchObject({ worst: 600, mean: 72 })
    expect(distribution(Float64Array.from([10, 20]))).toEqual({ count: 2, median: 15, p95: 19.5, worst: 20, mean: 15 })
    expect(distribution(new Float64Array(0))).toEqual({ count: 0, median: null, p95: null, worst: null, mean: null })
  })
})

describe('deploy.compare: splitting the work', () => {
  it('any split of the releases into ranges merges to the same result as one run', () => {
    const prepared = prepareCompare(request())
    for (let c = 0; c < 3; c++) {
      const whole = mergePartials(prepared, c, [runReleases(prepared, c, 0, 60)])
      const split = mergePartials(prepareCompare(request()), c, [runReleases(prepared, c, 41, 60), runReleases(prepared, c, 0, 17), runReleases(prepared, c, 17, 41)])
      expect(split).toEqual(whole)
    }
  })

  it('merging refuses a gap, an overlap or a missing tail', () => {
    const prepared = prepareCompare(request())
    const a = runReleases(prepared, 0, 0, 30)
    expect(() => mergePartials(prepared, 0, [a, runReleases(prepared, 0, 31, 60)])).toThrow('release 30 is missing')
    expect(() => mergePartials(prepared, 0, [a, runReleases(prepared, 0, 29, 60)])).toThrow('release 30 is repeated')
    expect(() => mergePartials(prepared, 0, [a])).toThrow('end at release 30, not 60')
    expect(() => runReleases(prepared, 0, 50, 61)).toThrow('not within [0, 60)')
    expect(() => runReleases(prepared, 3, 0, 1)).toThrow('configuration')
  })

  it('every configuration meets the same releases: the same ones are defective', () => {
    const r = compareDeployments(request())
    const defective = r.configurations.map((c) => c.defectiveReleases)
    expect(new Set(defective).size).toBe(1)
    // 60 releases at probability 0.5.
    expect(defective[0]).toBeGreaterThan(15)
    expect(defective[0]).toBeLessThan(45)
  })
})

describe('deploy.compare: what it measures', () => {
  it('no defects: nothing to catch, nothing affected, every guarded release completes', () => {
    const r = compareDeployments(request({ defects: { probability: 0, errorRate: { min: 0.1, max: 0.1 } } }))
    for (const c of r.configurations) {
      expect(c).toMatchObject({ defectiveReleases: 0, detectedShare: null, caughtShare: null, healthyRolledBackShare: 0, completedShare: 1 })
      expect(c.affectedRequests.worst).toBe(0)
      expect(c.recoverySeconds.count).toBe(0)
    }
    // Costs by hand (4 × $0.23/h over 60 minutes = $0.92): in place exactly that; blue/green all at once
    // adds the old fleet from 0 to the end of the bake at 15: 4 × 15 more instance-minutes.
    expect(r.configurations[0].costUSD.median).toBeCloseTo(0.92, 12)
    expect(r.configurations[1].costUSD.median).toBeCloseTo(0.92 + (4 * 15 * 0.23) / 60, 12)
    // The canary bakes twice: the old fleet stays until 25.
    expect(r.configurations[2].costUSD.median).toBeCloseTo(0.92 + (4 * 25 * 0.23) / 60, 12)
  })

  it('every release defective, an alarm that sees it: the guarded strategies catch all of them, in place catches none', () => {
    const r = compareDeployments(request({ defects: { probability: 1, errorRate: { min: 0.2, max: 0.2 } } }))
    const [inPlace, bg, canary] = r.configurations
    expect(inPlace).toMatchObject({ defectiveReleases: 60, detectedShare: 1, caughtShare: 0 })
    expect(bg).toMatchObject({ detectedShare: 1, caughtShare: 1, rolledBackShare: 1 })
    expect(canary).toMatchObject({ detectedShare: 1, caughtShare: 1 })
    // Detected one minute after the first traffic, rolled back at once: one minute of exposure.
    expect(bg.detectSeconds.median).toBe(60)
    expect(bg.recoverySeconds.worst).toBe(60)
    expect(bg.reactionSeconds.worst).toBe(0)
    // The canary takes a quarter of the traffic in that minute.
    expect((canary.affectedRequests.mean as number) / (bg.affectedRequests.mean as number)).toBeCloseTo(0.25, 1)
    expect(inPlace.recoverySeconds.count).toBe(0)
  })

  it("produces the study guide's table from the measurements and says where the rule of thumb does not hold", () => {
    const r = compareDeployments(request({ releases: 40, defects: { probability: 0.5, errorRate: { min: 0.05, max: 0.5 } } }))
    const { rows, disagreements, missing } = r.table
    expect(missing).toEqual([])
    expect(rows.map((x) => x.strategy)).toEqual(['All-at-once', 'Blue/Green', 'Canary'])
    const [aao, bg, canary] = rows
    expect(aao.risk.level).toBe('High')
    expect(canary.risk.level).toBe('Lowest')
    expect(aao.cost).toMatchObject({ level: 'Low', costRatio: 1, peakInstances: 4 })
    expect(bg.cost.peakInstances).toBe(8)
    // A canary provisions the whole green fleet and bakes twice: it costs more than blue/green all at once.
    expect(canary.cost.medianCostUSD).toBeGreaterThan(bg.cost.medianCostUSD)
    expect(canary.cost.level).toBe('High')
    expect(disagreements.some((d) => d.startsWith('Canary cost') && d.includes('provisions the complete new fleet'))).toBe(true)
    // Both roll back by switching traffic to the blue fleet that is still there.
    expect(canary.recovery).toMatchObject({ level: 'Instant', medianReactionSeconds: 0 })
    expect(disagreements.some((d) => d.startsWith('Canary recovery'))).toBe(true)
    // Nobody rolls an in-place update back here.
    expect(aao.recovery.level).toBe('None')
    expect(disagreements.some((d) => d.startsWith('All-at-once recovery') && d.includes('operatorResponseSeconds'))).toBe(true)
  })

  it('with an operator the in-place recovery is their response time plus an instant switch back', () => {
    const r = compareDeployments(request({ operatorResponseSeconds: 900, defects: { probability: 1, errorRate: { min: 0.2, max: 0.2 } } }))
    const aao = r.table.rows[0]
    expect(aao.recovery).toMatchObject({ level: 'Slow', medianReactionSeconds: 900 })
    expect(r.configurations[0].caughtShare).toBe(1)
  })

  it('a table row needs its strategy among the configurations', () => {
    const r = compareDeployments(request({ releases: 5, configurations: [request().configurations[1]] }))
    expect(r.table.missing).toEqual(['All-at-once', 'Canary'])
    expect(r.table.rows[0].risk.level).toBeNull()
  })
})

describe('deploy.compare: bad input', () => {
  it('too many releases or configurations, duplicate names', () => {
    expect(refused(request({ releases: 10_001 }))[0]).toEqual({ path: 'releases', message: 'must be an integer and in [1, 10000], got 10001' })
    const five = request().configurations.concat(request().configurations).slice(0, 5)
    expect(refused(request({ configurations: five }))[0].path).toBe('configurations')
    const dup = [request().configurations[0], { ...request().configurations[1], name: 'in place' }]
    expect(refused(request({ configurations: dup }))[0]).toEqual({ path: 'configurations[1].name', message: '"in place" names another configuration too' })
  })

  it('defects without a range, a range upside down, a log-uniform range from 0', () => {
    expect(refused(request({ defects: { probability: 0.1 } }))[0].path).toBe('defects')
    expect(refused(request({ defects: { probability: 0.1, errorRate: { min: 0.5, max: 0.1 } } }))[0].path).toBe('defects.errorRate.max')
    expect(refused(request({ defects: { probability: 0.1, errorRate: { min: 0, max: 0.1, distribution: 'logUniform' } } }))[0]).toEqual({ path: 'defects.errorRate.min', message: 'must be above 0 for a logUniform distribution' })
    expect(refused(request({ defects: { probability: 1.2, errorRate: { min: 0, max: 0.1 } } }))[0].path).toBe('defects.probability')
  })

  it("a configuration's own errors are reported under its index", () => {
    const bad = { name: 'bad canary', strategy: 'BLUE_GREEN', alarms: [{ ...alarm, Period: 45 }], DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 90 }, WaitIntervalInSeconds: 60 } } } }
    const issues = refused(request({ configurations: [request().configurations[0], bad] }))
    expect(issues.map((i) => i.path)).toEqual(['configurations[1].alarms[0].Period', 'configurations[1].DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value'])
  })
})
