/**
 * Model quality metrics as SageMaker Model Monitor's model quality job reports them ("Model quality
 * metrics and Amazon CloudWatch monitoring", model-monitor-model-quality-metrics): AWS's metric names
 * per problem type, each `{ value, standard_deviation }`, and the confusion matrix as counts keyed
 * actual label → predicted label.
 *
 * - The standard deviation is given only with at least 200 samples: the metric is computed on 5
 *   random samples of 80 % of the rows and the standard deviation of those 5 values is reported
 *   (sample standard deviation, n − 1); below 200 samples it is NaN. The 5 samples are drawn without
 *   replacement from a seeded stream, so the same input gives the same figures.
 * - TNR and FNR are 1 − FPR and 1 − TPR, which is how AWS's own example arrives at
 *   0.33333333333333337.
 * - The "best constant classifier" is not defined in words on that page; the sandbox uses the one
 *   constant predictor that reproduces both of AWS's published examples: for binary problems it always
 *   predicts the positive label (the constant that maximises recall and every F-score), for multiclass
 *   problems it always predicts the least frequent true label (ties: the last in label order).
 * - AUC is the area under the ROC curve of the probabilities when they are given (ties counted half,
 *   i.e. the Mann–Whitney statistic / (P·N)); without probabilities the predicted labels are the
 *   scores, which gives (TPR + TNR) / 2. Precision, recall and F-scores with a zero denominator are 0.
 */
import { invalidField } from '../../../shared/errors'
import { createRng } from '../core/rng'

export const PROBLEM_TYPES = ['BinaryClassification', 'MulticlassClassification', 'Regression'] as const
export type ProblemType = (typeof PROBLEM_TYPES)[number]

export const MIN_SAMPLES_FOR_STD = 200
export const STD_SUBSAMPLES = 5
export const STD_SUBSAMPLE_SHARE = 0.8
/** A bound on the confusion matrix (classes²) a request can produce. */
export const MAX_CLASSES = 100

export const BINARY_METRICS = [
  'accuracy',
  'precision',
  'recall',
  'f0_5',
  'f1',
  'f2',
  'auc',
  'true_positive_rate',
  'true_negative_rate',
  'false_positive_rate',
  'false_negative_rate',
  'accuracy_best_constant_classifier',
  'precision_best_constant_classifier',
  'recall_best_constant_classifier',
  'f0_5_best_constant_classifier',
  'f1_best_constant_classifier',
  'f2_best_constant_classifier'
] as const
export const MULTICLASS_METRICS = [
  'accuracy',
  'weighted_recall',
  'weighted_precision',
  'weighted_f0_5',
  'weighted_f1',
  'weighted_f2',
  'accuracy_best_constant_classifier',
  'weighted_recall_best_constant_classifier',
  'weighted_precision_best_constant_classifier',
  'weighted_f0_5_best_constant_classifier',
  'weighted_f1_best_constant_classifier',
  'weighted_f2_best_constant_classifier'
] as const
export const REGRESSION_METRICS = ['mae', 'mse', 'rmse', 'r2'] as const

export type Label = number | string

export interface ModelQualityInput {
  problemType: ProblemType
  labels: readonly Label[]
  predictions: readonly Label[]
  /** Probability of the positive label, BinaryClassification only (for AUC). */
  probabilities?: readonly number[]
  /** Which label is positive; default 1 (or "1"). */
  positiveLabel?: Label
}

export interface MetricValue {
  value: number
  standard_deviation: number
}

export type ConfusionMatrix = Record<string, Record<string, number>>
export type ModelQualityResult = { confusion_matrix?: ConfusionMatrix } & Record<string, MetricValue | ConfusionMatrix | undefined>

export interface ModelQualityOptions {
  seed?: number | string
  /** Row indices of the 5 subsamples (tests pin them); by default drawn from the seeded stream. */
  subsamples?: readonly (readonly number[])[]
}

function fBeta(p: number, r: number, beta: number): number {
  const b2 = beta * beta
  const den = b2 * p + r
  return den === 0 ? 0 : ((1 + b2) * p * r) / den
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b
}

/**
 * ROC AUC over the rows in `idx`: Σ ranks of the positives, ties sharing their mean rank, minus
 * P(P+1)/2, over P·N. `order` is every row sorted by score once, so a subsample costs O(n).
 */
function auc(scores: Float64Array, order: Int32Array, positive: Uint8Array, idx: ArrayLike<number>): number {
  const member = new Uint8Array(scores.length)
  for (let q = 0; q < idx.length; q++) member[idx[q]] = 1
  let rankSum = 0
  let nPos = 0
  let rank = 0
  for (let i = 0; i < order.length; ) {
    let k = i
    let inGroup = 0
    let posInGroup = 0
    while (k < order.length && scores[order[k]] === scores[order[i]]) {
      if (member[order[k]]) {
        inGroup++
        if (positive[order[k]]) posInGroup++
      }
      k++
    }
    rankSum += posInGroup * (rank + (inGroup + 1) / 2)
    nPos += posInGroup
    rank += inGroup
    i = k
  }
  const nNeg = idx.length - nPos
  if (nPos === 0 || nNeg === 0) return NaN
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg)
}

type Metrics = Record<string, number>

function binaryMetrics(actual: Uint8Array, predicted: Uint8Array, scores: Float64Array, order: Int32Array, idx: ArrayLike<number>): Metrics {
  let tp = 0
  let fp = 0
  let fn = 0
  let tn = 0
  for (let q = 0; q < idx.length; q++) {
    const i = idx[q]
    if (actual[i]) {
      if (predicted[i]) tp++
      else fn++
    } else if (predicted[i]) fp++
    else tn++
  }
  const n = idx.length
  const precision = ratio(tp, tp + fp)
  const recall = ratio(tp, tp + fn)
  const fpr = ratio(fp, fp + tn)
  const pos = tp + fn
  // The constant classifier that always answers "positive".
  const cPrecision = pos / n
  const cRecall = pos > 0 ? 1 : 0
  return {
    accuracy: (tp + tn) / n,
    precision,
    recall,
    f0_5: fBeta(precision, recall, 0.5),
    f1: fBeta(precision, recall, 1),
    f2: fBeta(precision, recall, 2),
    auc: auc(scores, order, actual, idx),
    true_positive_rate: recall,
    true_negative_rate: 1 - fpr,
    false_positive_rate: fpr,
    false_negative_rate: 1 - recall,
    accuracy_best_constant_classifier: pos / n,
    precision_best_constant_classifier: cPrecision,
    recall_best_constant_classifier: cRecall,
    f0_5_best_constant_classifier: fBeta(cPrecision, cRecall, 0.5),
    f1_best_constant_classifier: fBeta(cPrecision, cRecall, 1),
    f2_best_constant_classifier: fBeta(cPrecision, cRecall, 2)
  }
}

function multiclassMetrics(actual: Int32Array, predicted: Int32Array, k: number, idx: ArrayLike<number>): Metrics {
  const support = new Float64Array(k)
  const predCount = new Float64Array(k)
  const correct = new Float64Array(k)
  for (let q = 0; q < idx.length; q++) {
    const i = idx[q]
    support[actual[i]]++
    predCount[predicted[i]]++
    if (actual[i] === predicted[i]) correct[actual[i]]++
  }
  const n = idx.length
  let acc = 0
  const w = { recall: 0, precision: 0, f0_5: 0, f1: 0, f2: 0 }
  for (let c = 0; c < k; c++) {
    acc += correct[c]
    if (support[c] === 0) continue
    const weight = support[c] / n
    const p = ratio(correct[c], predCount[c])
    const r = correct[c] / support[c]
    w.recall += weight * r
    w.precision += weight * p
    w.f0_5 += weight * fBeta(p, r, 0.5)
    w.f1 += weight * fBeta(p, r, 1)
    w.f2 += weight * fBeta(p, r, 2)
  }
  // The constant classifier that always answers the least frequent true label (last one on ties).
  let best = -1
  for (let c = 0; c < k; c++) if (support[c] > 0 && (best < 0 || support[c] <= support[best])) best = c
  const share = support[best] / n
  return {
    accuracy: acc / n,
    weighted_recall: w.recall,
    weighted_precision: w.precision,
    weighted_f0_5: w.f0_5,
    weighted_f1: w.f1,
    weighted_f2: w.f2,
    accuracy_best_constant_classifier: share,
    weighted_recall_best_constant_classifier: share,
    weighted_precision_best_constant_classifier: share * share,
    weighted_f0_5_best_constant_classifier: share * fBeta(share, 1, 0.5),
    weighted_f1_best_constant_classifier: share * fBeta(share, 1, 1),
    weighted_f2_best_constant_classifier: share * fBeta(share, 1, 2)
  }
}

function regressionMetrics(y: Float64Array, yhat: Float64Array, idx: ArrayLike<number>): Metrics {
  const n = idx.length
  let mean = 0
  for (let q = 0; q < n; q++) mean += y[idx[q]]
  mean /= n
  let abs = 0
  let sq = 0
  let tot = 0
  for (let q = 0; q < n; q++) {
    const i = idx[q]
    const e = y[i] - yhat[i]
    abs += Math.abs(e)
    sq += e * e
    tot += (y[i] - mean) * (y[i] - mean)
  }
  const mse = sq / n
  return { mae: abs / n, mse, rmse: Math.sqrt(mse), r2: tot === 0 ? NaN : 1 - sq / tot }
}

/** 5 index sets of ⌊0.8·n⌋ distinct rows each (partial Fisher–Yates per set). */
export function drawSubsamples(n: number, seed: number | string): number[][] {
  const rng = createRng(seed).fork('model-quality/standard-deviation')
  const size = Math.floor(STD_SUBSAMPLE_SHARE * n)
  const out: number[][] = []
  for (let s = 0; s < STD_SUBSAMPLES; s++) {
    const perm = Int32Array.from({ length: n }, (_, i) => i)
    for (let i = 0; i < size; i++) {
      const j = rng.int(i, n - 1)
      const t = perm[i]
      perm[i] = perm[j]
      perm[j] = t
    }
    out.push(Array.from(perm.subarray(0, size)))
  }
  return out
}

function sampleStd(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) * (b - m), 0) / (xs.length - 1))
}

function labelKey(v: Label): string {
  return String(v)
}

function checkLabels(values: readonly Label[], field: string): 'number' | 'string' {
  const kind = typeof values[0]
  if (kind !== 'number' && kind !== 'string') throw invalidField(`${field}[0]`, 'must be a number or a string label')
  for (let i = 0; i < values.length; i++) {
    const v = values[i]
    if (typeof v !== kind) throw invalidField(`${field}[${i}]`, `is a ${v === null ? 'null' : typeof v} but ${field}[0] is a ${kind}: labels must all be numbers or all be strings`)
    if (kind === 'number' && !Number.isFinite(v)) throw invalidField(`${field}[${i}]`, `must be a finite number, got ${v}`)
  }
  return kind
}

function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
}

export function modelQuality(input: ModelQualityInput, options: ModelQualityOptions = {}): ModelQualityResult {
  const { problemType, labels, predictions, probabilities } = input
  if (!(PROBLEM_TYPES as readonly string[]).includes(problemType)) {
    throw invalidField('problemType', `must be one of ${PROBLEM_TYPES.join(', ')}`)
  }
  if (labels.length === 0) throw invalidField('labels', 'must not be empty: give one ground-truth label per prediction')
  if (predictions.length !== labels.length) {
    throw invalidField('predictions', `has ${predictions.length} values but labels has ${labels.length}: give one prediction per label`)
  }
  if (probabilities !== undefined) {
    if (problemType !== 'BinaryClassification') throw invalidField('probabilities', 'are only used for BinaryClassification (for AUC)')
    if (probabilities.length !== labels.length) {
      throw invalidField('probabilities', `has ${probabilities.length} values but labels has ${labels.length}: give one probability per label`)
    }
    for (let i = 0; i < probabilities.length; i++) {
      const p = probabilities[i]
      if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw invalidField(`probabilities[${i}]`, `must be a probability in [0, 1], got ${p}`)
    }
  }
  const n = labels.length
  const lk = checkLabels(labels, 'labels')
  const pk = checkLabels(predictions, 'predictions')
  if (lk !== pk) throw invalidField('predictions', `are ${pk}s but labels are ${lk}s: use the same kind of label for both`)

  let compute: (idx: ArrayLike<number>) => Metrics
  let confusion: ConfusionMatrix | undefined
  if (problemType === 'Regression') {
    if (lk !== 'number') throw invalidField('labels', 'must be numbers for Regression')
    const y = Float64Array.from(labels as readonly number[])
    const yhat = Float64Array.from(predictions as readonly number[])
    compute = (idx) => regressionMetrics(y, yhat, idx)
  } else {
    const classes = [...new Set<Label>([...labels, ...predictions])].sort(compareLabels)
    if (classes.length > MAX_CLASSES) throw invalidField('labels', `have ${classes.length} classes; at most ${MAX_CLASSES} are supported`)
    const index = new Map(classes.map((c, i) => [c, i] as const))
    confusion = {}
    if (problemType === 'BinaryClassification') {
      if (classes.length > 2) throw invalidField('labels', `BinaryClassification needs at most 2 classes, found ${classes.length}: ${classes.slice(0, 5).join(', ')}`)
      const positive = input.positiveLabel ?? (lk === 'number' ? 1 : '1')
      if (!classes.includes(positive) && classes.length === 2) {
        throw invalidField('positiveLabel', `"${positive}" is not one of the labels (${classes.join(', ')}); say which label is positive`)
      }
      const negative = classes.find((c) => c !== positive) ?? (lk === 'number' ? 0 : '0')
      for (const a of [negative, positive]) confusion[labelKey(a)] = { [labelKey(negative)]: 0, [labelKey(positive)]: 0 }
      const actual = new Uint8Array(n)
      const predicted = new Uint8Array(n)
      const scores = new Float64Array(n)
      for (let i = 0; i < n; i++) {
        actual[i] = labels[i] === positive ? 1 : 0
        predicted[i] = predictions[i] === positive ? 1 : 0
        scores[i] = probabilities ? probabilities[i] : predicted[i]
        confusion[labelKey(labels[i])][labelKey(predictions[i])]++
      }
      const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a] - scores[b])
      compute = (idx) => binaryMetrics(actual, predicted, scores, order, idx)
    } else {
      for (const a of classes) confusion[labelKey(a)] = Object.fromEntries(classes.map((p) => [labelKey(p), 0]))
      const actual = new Int32Array(n)
      const predicted = new Int32Array(n)
      for (let i = 0; i < n; i++) {
        actual[i] = index.get(labels[i])!
        predicted[i] = index.get(predictions[i])!
        confusion[labelKey(labels[i])][labelKey(predictions[i])]++
      }
      compute = (idx) => multiclassMetrics(actual, predicted, classes.length, idx)
    }
  }

  const all = Int32Array.from({ length: n }, (_, i) => i)
  const full = compute(all)
  const subs =
    n >= MIN_SAMPLES_FOR_STD ? (options.subsamples ?? drawSubsamples(n, options.seed ?? 'model-quality')).map((idx) => compute(idx)) : null
  const result: ModelQualityResult = {}
  if (confusion) result.confusion_matrix = confusion
  for (const [name, value] of Object.entries(full)) {
    result[name] = { value, standard_deviation: subs ? sampleStd(subs.map((s) => s[name])) : NaN }
  }
  return result
}
