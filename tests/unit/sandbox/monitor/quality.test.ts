import { describe, expect, it } from 'vitest'
import { drawSubsamples, modelQuality, type MetricValue, type ProblemType } from '../../../../src/main/sandbox/monitor/quality'
import { LabError } from '../../../../src/shared/errors'
import { REF, expectClose } from './reference'

const metric = (r: Record<string, unknown>, k: string): MetricValue => r[k] as MetricValue

describe('model quality reproduces the examples on AWS’s model-monitor-model-quality-metrics page', () => {
  it('binary: confusion matrix {0: {0: 1, 1: 2}, 1: {0: 0, 1: 1}} gives AWS’s values', () => {
    // The four rows behind AWS's matrix (actual → predicted): 0→0, 0→1, 0→1, 1→1.
    const r = modelQuality({ problemType: 'BinaryClassification', labels: [0, 0, 0, 1], predictions: [0, 1, 1, 1] })
    expect(r.confusion_matrix).toEqual({ '0': { '0': 1, '1': 2 }, '1': { '0': 0, '1': 1 } })
    const expected: Record<string, number> = {
      recall: 1.0,
      precision: 0.3333333333333333,
      accuracy: 0.5,
      recall_best_constant_classifier: 1.0,
      precision_best_constant_classifier: 0.25,
      accuracy_best_constant_classifier: 0.25,
      true_positive_rate: 1.0,
      true_negative_rate: 0.33333333333333337,
      false_positive_rate: 0.6666666666666666,
      false_negative_rate: 0.0,
      f0_5: 0.3846153846153846,
      f1: 0.5,
      f2: 0.7142857142857143,
      f0_5_best_constant_classifier: 0.29411764705882354,
      f1_best_constant_classifier: 0.4,
      f2_best_constant_classifier: 0.625
    }
    for (const [k, v] of Object.entries(expected)) {
      expectClose(metric(r, k).value, v, 1e-15, 0, k)
      expect(metric(r, k).standard_deviation, `${k} below 200 samples`).toBeNaN()
    }
  })

  it('multiclass: confusion matrix {0: {0: 1180, 1: 510}, 1: {0: 268, 1: 138}} gives AWS’s values', () => {
    const labels: number[] = []
    const predictions: number[] = []
    const add = (a: number, p: number, count: number): void => {
      for (let i = 0; i < count; i++) {
        labels.push(a)
        predictions.push(p)
      }
    }
    add(0, 0, 1180)
    add(0, 1, 510)
    add(1, 0, 268)
    add(1, 1, 138)
    const r = modelQuality({ problemType: 'MulticlassClassification', labels, predictions })
    expect(r.confusion_matrix).toEqual({ '0': { '0': 1180, '1': 510 }, '1': { '0': 268, '1': 138 } })
    const expected: Record<string, number> = {
      accuracy: 0.6288167938931297,
      weighted_recall: 0.6288167938931297,
      weighted_precision: 0.6983172269629505,
      weighted_f0_5: 0.6803947317178771,
      weighted_f1: 0.6571162346664904,
      weighted_f2: 0.6384024354394601,
      accuracy_best_constant_classifier: 0.19370229007633588,
      weighted_recall_best_constant_classifier: 0.19370229007633588,
      weighted_precision_best_constant_classifier: 0.03752057718081697,
      weighted_f0_5_best_constant_classifier: 0.04473443104152011,
      weighted_f1_best_constant_classifier: 0.06286421244683643,
      weighted_f2_best_constant_classifier: 0.10570313141262414
    }
    for (const [k, v] of Object.entries(expected)) {
      expectClose(metric(r, k).value, v, 1e-13, 0, k)
      // 2,096 rows >= 200: a standard deviation is reported (AWS's own figures come from its own random draws).
      expect(Number.isFinite(metric(r, k).standard_deviation)).toBe(true)
    }
  })
})

describe('model quality against hand-computed numpy metrics (reference script)', () => {
  for (const c of REF.quality) {
    it(c.name, () => {
      const r = modelQuality(
        { problemType: c.problemType as ProblemType, labels: c.labels, predictions: c.predictions, probabilities: c.probabilities ?? undefined },
        { subsamples: c.subsamples ?? undefined }
      )
      const names = Object.keys(r).filter((k) => k !== 'confusion_matrix')
      expect(names.sort()).toEqual(Object.keys(c.expected).sort())
      for (const [k, v] of Object.entries(c.expected as Record<string, { value: number; standard_deviation: number | string }>)) {
        expectClose(metric(r, k).value, v.value, 1e-12, 1e-15, k)
        expectClose(metric(r, k).standard_deviation, v.standard_deviation, 1e-9, 1e-15, `${k} standard_deviation`)
      }
    })
  }
})

describe('the 80 % subsamples', () => {
  it('are 5 sets of ⌊0.8·n⌋ distinct rows, the same for the same seed', () => {
    const a = drawSubsamples(1000, 'seed-a')
    expect(a).toHaveLength(5)
    for (const s of a) {
      expect(s).toHaveLength(800)
      expect(new Set(s).size).toBe(800)
      expect(Math.min(...s)).toBeGreaterThanOrEqual(0)
      expect(Math.max(...s)).toBeLessThan(1000)
    }
    expect(drawSubsamples(1000, 'seed-a')).toEqual(a)
    expect(drawSubsamples(1000, 'seed-b')).not.toEqual(a)
  })
})

describe('bad input is refused with the field named', () => {
  const issue = (fn: () => unknown): string => {
    try {
      fn()
    } catch (err) {
      expect(err).toBeInstanceOf(LabError)
      return (err as LabError).issues[0].path
    }
    throw new Error('expected a LabError')
  }
  it('unequal lengths, empty input, probabilities outside [0, 1]', () => {
    expect(issue(() => modelQuality({ problemType: 'Regression', labels: [1, 2], predictions: [1] }))).toBe('predictions')
    expect(issue(() => modelQuality({ problemType: 'Regression', labels: [], predictions: [] }))).toBe('labels')
    expect(issue(() => modelQuality({ problemType: 'BinaryClassification', labels: [0, 1], predictions: [0, 1], probabilities: [0.2, 1.2] }))).toBe('probabilities[1]')
    expect(issue(() => modelQuality({ problemType: 'BinaryClassification', labels: [0, 1], predictions: [0, 1], probabilities: [0.2] }))).toBe('probabilities')
  })
  it('three classes for a binary problem, strings for regression, mixed label kinds', () => {
    expect(issue(() => modelQuality({ problemType: 'BinaryClassification', labels: [0, 1, 2], predictions: [0, 1, 1] }))).toBe('labels')
    expect(issue(() => modelQuality({ problemType: 'Regression', labels: ['a'], predictions: ['b'] }))).toBe('labels')
    expect(issue(() => modelQuality({ problemType: 'MulticlassClassification', labels: [1, 'a'], predictions: [1, 1] }))).toBe('labels[1]')
    expect(issue(() => modelQuality({ problemType: 'BinaryClassification', labels: ['yes', 'no'], predictions: ['yes', 'no'] }))).toBe('positiveLabel')
  })
})
