import { describe, expect, it } from 'vitest'
import { suggestBaseline } from '../../../../src/main/sandbox/monitor/baseline'
import { checkConstraints } from '../../../../src/main/sandbox/monitor/violations'
import type { Dataset } from '../../../../src/main/sandbox/monitor/dataset'
import { LabError } from '../../../../src/shared/errors'
import { REF } from './reference'

describe('baselining writes statistics.json as AWS names it', () => {
  it('matches the hand-computed statistics (numpy) for integral, fractional-with-nulls and string features', () => {
    const { statistics } = suggestBaseline(REF.baseline.columns)
    const expected = REF.baseline.statistics
    expect(statistics.dataset).toEqual(expected.dataset)
    expect(statistics.features.map((f) => [f.name, f.inferred_type])).toEqual(expected.features.map((f: { name: string; inferred_type: string }) => [f.name, f.inferred_type]))
    for (let i = 0; i < 2; i++) {
      const a = statistics.features[i].numerical_statistics!
      const e = expected.features[i].numerical_statistics
      expect(a.common).toEqual(e.common)
      expect(a.min).toBe(e.min)
      expect(a.max).toBe(e.max)
      expect(a.mean).toBeCloseTo(e.mean, 9)
      expect(a.sum).toBeCloseTo(e.sum, 6)
      expect(a.std_dev).toBeCloseTo(e.std_dev, 9)
      expect(a.distribution.kll.buckets).toEqual(e.distribution.kll.buckets)
    }
    expect(statistics.features[2].string_statistics).toEqual(expected.features[2].string_statistics)
  })

  it('suggests constraints with the documented defaults', () => {
    const { constraints } = suggestBaseline(REF.baseline.columns)
    expect(constraints.monitoring_config).toEqual({
      evaluate_constraints: 'Enabled',
      emit_metrics: 'Enabled',
      datatype_check_threshold: 0.1,
      domain_content_threshold: 0.1,
      distribution_constraints: {
        perform_comparison: 'Enabled',
        comparison_threshold: 0.1,
        comparison_method: 'Robust',
        categorical_comparison_threshold: 0.1,
        categorical_drift_method: 'LInfinity'
      }
    })
    const [age, income, city] = constraints.features
    expect(age).toEqual({ name: 'age', inferred_type: 'Integral', completeness: 1, num_constraints: { is_non_negative: true } })
    const incomeMissing = REF.baseline.statistics.features[1].numerical_statistics.common.num_missing
    expect(income.completeness).toBe((400 - incomeMissing) / 400)
    // Four cities, none seen only once: a low-cardinality domain.
    expect(city.string_constraints).toEqual({ domains: ['Accra', 'Lisbon', 'Oslo', 'Quito'] })
  })

  it('a constant column puts every value in the last of the 10 buckets, and a null-only column is Unknown', () => {
    const { statistics, constraints } = suggestBaseline([
      { name: 'k', values: [5, 5, 5] },
      { name: 'empty', values: [null, '', null] }
    ])
    const buckets = statistics.features[0].numerical_statistics!.distribution.kll.buckets
    expect(buckets.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 3])
    expect(statistics.features[1]).toEqual({ name: 'empty', inferred_type: 'Unknown' })
    expect(constraints.features[1]).toEqual({ name: 'empty', inferred_type: 'Unknown', completeness: 0 })
  })
})

function base(): Dataset {
  // 100 rows: age 20…69 twice, plan "basic"/"pro" alternating, score 0.5 steps.
  const rows = Array.from({ length: 100 }, (_, i) => i)
  return [
    { name: 'age', values: rows.map((i) => 20 + (i % 50)) },
    { name: 'plan', values: rows.map((i) => (i % 2 ? 'pro' : 'basic')) },
    { name: 'score', values: rows.map((i) => (i % 20) / 2) }
  ]
}

const types = (v: { constraint_check_type: string; feature_name: string }[]): string[] => v.map((x) => `${x.feature_name}:${x.constraint_check_type}`).sort()

describe('constraint violations for the six check types', () => {
  it('the baseline against itself has no violations and emits AWS’s metric names', () => {
    const b = base()
    const { constraints } = suggestBaseline(b)
    const r = checkConstraints(b, constraints, b)
    expect(r.violations).toEqual([])
    expect(r.metrics.map((m) => m.MetricName).sort()).toEqual(
      [
        'feature_baseline_drift_age',
        'feature_baseline_drift_plan',
        'feature_baseline_drift_score',
        'feature_data_age',
        'feature_data_score',
        'feature_non_null_age',
        'feature_non_null_plan',
        'feature_non_null_score'
      ].sort()
    )
    // Same data: linf_simple 0, robust max(0, 0 − …) = 0; completeness 1; age sums 2 × (20 + … + 69) = 4450.
    expect(r.metrics.find((m) => m.MetricName === 'feature_baseline_drift_age')!.Value).toBe(0)
    expect(r.metrics.find((m) => m.MetricName === 'feature_non_null_plan')!.Value).toBe(1)
    expect(r.metrics.find((m) => m.MetricName === 'feature_data_age')!.StatisticValues).toEqual({ SampleCount: 100, Sum: 4450, Minimum: 20, Maximum: 69 })
  })

  it('a non-numeric value in a numeric feature is a data-type violation, not a crash', () => {
    const b = base()
    const { constraints } = suggestBaseline(b)
    const cur = base().map((c) => (c.name === 'age' ? { ...c, values: c.values.map((v, i) => (i < 15 ? 'unknown' : v)) } : c))
    const r = checkConstraints(b, constraints, cur)
    // 15 of 100 present values are not Integral: 15 % > the 10 % tolerance.
    expect(types(r.violations)).toContain('age:data_type_check')
    expect(r.violations.find((v) => v.constraint_check_type === 'data_type_check')!.description).toContain('85.0%')
    // The 85 numeric values are still compared and summarised.
    expect(r.metrics.find((m) => m.MetricName === 'feature_data_age')!.StatisticValues!.SampleCount).toBe(85)
  })

  it('missing values, a shifted distribution and unknown categories are flagged', () => {
    const b = base()
    const { constraints } = suggestBaseline(b)
    const cur: Dataset = [
      { name: 'age', values: b[0].values.map((v) => (v as number) + 30) },
      { name: 'plan', values: b[1].values.map((v, i) => (i % 4 === 0 ? 'enterprise' : v)) },
      { name: 'score', values: b[2].values.map((v, i) => (i % 10 === 0 ? null : v)) }
    ]
    const r = checkConstraints(b, constraints, cur)
    // age + 30: 60 % of the baseline lies below 50, 0 % of the current → linf 0.6; robust 0.6 − 1.8·sqrt(2/100) ≈ 0.345 > 0.1.
    // plan: every 4th row (all "basic") becomes "enterprise": 25 % unknown > 10 %. Its shares move by at most
    // 0.25, and robust 0.25 − 1.8·sqrt(2/100) < 0, so 100 rows are too few to call that drift.
    // score: 10 % null, below the baseline's completeness of 1.
    expect(types(r.violations)).toEqual(['age:baseline_drift_check', 'plan:categorical_values_check', 'score:completeness_check'])
    expect(r.metrics.find((m) => m.MetricName === 'feature_baseline_drift_plan')!.Value).toBe(0)
    expect(r.metrics.find((m) => m.MetricName === 'feature_baseline_drift_age')!.Value).toBeCloseTo(0.6 - 1.8 * Math.sqrt(0.02), 12)
  })

  it('a missing and an extra column are named; ChiSquared and Simple are honoured', () => {
    const b = base()
    const { constraints } = suggestBaseline(b)
    const fewer = checkConstraints(b, constraints, [b[0], b[1]])
    expect(types(fewer.violations)).toEqual(['score:missing_column_check'])
    const more = checkConstraints(b, constraints, [...b, { name: 'region', values: b[0].values.map(() => 'eu') }])
    expect(types(more.violations)).toEqual(['region:extra_column_check'])
    const chi = structuredClone(constraints)
    chi.monitoring_config.distribution_constraints.categorical_drift_method = 'ChiSquared'
    chi.monitoring_config.distribution_constraints.comparison_method = 'Simple'
    const cur = base()
    const r = checkConstraints(b, chi, cur)
    expect(r.metrics.find((m) => m.MetricName === 'feature_baseline_drift_plan')!.Value).toBe(1)
    expect(r.violations).toEqual([])
  })

  it('refuses a threshold outside [0, 1] naming the constraints field', () => {
    const b = base()
    const { constraints } = suggestBaseline(b)
    const bad = structuredClone(constraints)
    bad.monitoring_config.datatype_check_threshold = 2
    try {
      checkConstraints(b, bad, b)
      expect.fail('expected a LabError')
    } catch (err) {
      expect(err).toBeInstanceOf(LabError)
      expect((err as LabError).issues[0].path).toBe('constraints.monitoring_config.datatype_check_threshold')
    }
  })
})
