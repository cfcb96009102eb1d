/**
 * The monitored model and its retraining: a logistic regression on the scenario's features, fit by
 * Newton's method (iteratively reweighted least squares) with a small ridge penalty, as a
 * SageMaker training job with a linear learner would fit a binary classifier. The features are
 * encoded the way the scenario's training pipeline does: numeric features standardized with the
 * scenario's reference mean and standard deviation (missing or unreadable values at the mean),
 * categorical features one-hot with the first value as the reference level, plus an intercept.
 *
 * The objective is Σ log-loss + (λ/2)·‖w without intercept‖²; the test compares the fit with
 * scipy.optimize.minimize on the same objective.
 */
import type { Cell } from '../dataset'
import type { ScenarioModel } from '../features'

export interface LogisticModel {
  /** Intercept first, then one weight per encoded column (encodedColumns). */
  weights: number[]
}

export const DEFAULT_RIDGE = 1
const MAX_ITERATIONS = 25

/** The encoded columns' names, in the order of the weights after the intercept. */
export function encodedColumns(model: ScenarioModel): string[] {
  const out: string[] = []
  for (const f of model.features) {
    if (f.kind === 'numeric') out.push(f.name)
    else for (const v of f.values.slice(1)) out.push(`${f.name}=${v}`)
  }
  return out
}

/** One record's features as the design row (without the intercept's 1). */
export function encode(model: ScenarioModel, features: Readonly<Record<string, Cell>>, out: Float64Array = new Float64Array(encodedColumns(model).length)): Float64Array {
  let j = 0
  for (const f of model.features) {
    const v = features[f.name]
    if (f.kind === 'numeric') {
      const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : f.mean
      out[j++] = (x - f.mean) / f.std
    } else {
      const i = f.values.indexOf(String(v))
      for (let k = 1; k < f.values.length; k++) out[j++] = i === k ? 1 : 0
    }
  }
  return out
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)))

export function scoreRow(m: LogisticModel, row: ArrayLike<number>): number {
  let z = m.weights[0]
  for (let j = 0; j < row.length; j++) z += m.weights[j + 1] * row[j]
  return sigmoid(z)
}

/** Solves A·x = b for a small symmetric positive definite A (Cholesky), in place of nothing. */
function solveSpd(a: Float64Array, b: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p)
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j]
      for (let k = 0; k < j; k++) s -= l[i * p + k] * l[j * p + k]
      l[i * p + j] = i === j ? Math.sqrt(Math.max(s, 1e-300)) : s / l[j * p + j]
    }
  }
  const y = new Float64Array(p)
  for (let i = 0; i < p; i++) {
    let s = b[i]
    for (let k = 0; k < i; k++) s -= l[i * p + k] * y[k]
    y[i] = s / l[i * p + i]
  }
  const x = new Float64Array(p)
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i]
    for (let k = i + 1; k < p; k++) s -= l[k * p + i] * x[k]
    x[i] = s / l[i * p + i]
  }
  return x
}

/**
 * Fits the weights on design rows (without the intercept column) and 0/1 labels. Stops when no
 * weight moves by more than 1e-7 (Newton converges quadratically, so the weights are then good to far better) or after 25 Newton steps.
 */
export function fitLogistic(rows: readonly ArrayLike<number>[], labels: readonly number[], ridge = DEFAULT_RIDGE): LogisticModel {
  const d = rows.length === 0 ? 0 : rows[0].length
  const p = d + 1
  // Newton's method from zero: a start far from the optimum (the old model's weights after the
  // concept inverted) can overshoot without a line search.
  let w = new Float64Array(p)
  const x = new Float64Array(p)
  x[0] = 1
  for (let iter = 0; iter < MAX_ITERATIONS; iter++) {
    const grad = new Float64Array(p)
    const hess = new Float64Array(p * p)
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]
      for (let j = 0; j < d; j++) x[j + 1] = row[j]
      let z = 0
      for (let j = 0; j < p; j++) z += w[j] * x[j]
      const mu = sigmoid(z)
      const g = mu - labels[r]
      const h = mu * (1 - mu)
      for (let i = 0; i < p; i++) {
        grad[i] += g * x[i]
        const hx = h * x[i]
        for (let j = 0; j <= i; j++) hess[i * p + j] += hx * x[j]
      }
    }
    for (let i = 1; i < p; i++) {
      grad[i] += ridge * w[i]
      hess[i * p + i] += ridge
    }
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) hess[i * p + j] = hess[j * p + i]
    // A tiny floor keeps the intercept's pivot positive when every label is the same.
    hess[0] += 1e-9
    const step = solveSpd(hess, grad, p)
    let moved = 0
    const next = new Float64Array(p)
    for (let i = 0; i < p; i++) {
      next[i] = w[i] - step[i]
      moved = Math.max(moved, Math.abs(step[i]))
    }
    w = next
    if (moved < 1e-7) break
  }
  return { weights: [...w] }
}
