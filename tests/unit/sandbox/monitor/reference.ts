/**
 * The committed reference values (tests/reference/monitor-reference.json, written by
 * tests/reference/monitor_reference.py with numpy and scipy) and the sample generator that
 * reproduces the script's large samples bit for bit.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'

export interface GenSpec {
  n: number
  seed: number
  shift?: number
  scale?: number
  power?: number
  levels?: number
}

export type SampleSpec = number[] | GenSpec

/** Same formula as `gen` in monitor_reference.py: integer arithmetic mod 2^32, then single roundings. */
export function gen(spec: GenSpec): Float64Array {
  const out = new Float64Array(spec.n)
  const seedTerm = Number((BigInt(spec.seed) * 1013904223n) % 4294967296n)
  for (let i = 0; i < spec.n; i++) {
    const x = (Math.imul(i, 2654435761 | 0) + seedTerm) >>> 0
    const u = x / 2 ** 32
    let v = spec.power === 2 ? u * u : u
    v = (spec.shift ?? 0) + (spec.scale ?? 1) * v
    if (spec.levels) v = Math.floor(v * spec.levels) / spec.levels
    out[i] = v
  }
  return out
}

export function sample(s: SampleSpec): number[] {
  return Array.isArray(s) ? s : Array.from(gen(s))
}

type Json = number | string
/** JSON cannot hold NaN or infinities; the script writes them as strings. */
export function num(v: Json): number {
  if (typeof v === 'number') return v
  if (v === 'NaN') return NaN
  return v === 'Infinity' ? Infinity : -Infinity
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the file's shape is checked by each test that reads it
export const REF: any = JSON.parse(readFileSync(join(__dirname, '../../../reference/monitor-reference.json'), 'utf8'))

/** |actual − expected| <= rtol·|expected| + atol, with a readable failure. */
export function expectClose(actual: number, expected: Json, rtol: number, atol = 0, label = ''): void {
  const e = num(expected)
  if (Number.isNaN(e)) {
    expect(actual, label).toBeNaN()
    return
  }
  const ok = Math.abs(actual - e) <= rtol * Math.abs(e) + atol
  if (!ok) expect.fail(`${label}: expected ${e}, got ${actual} (diff ${Math.abs(actual - e)}, rtol ${rtol}, atol ${atol})`)
}
