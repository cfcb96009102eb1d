/**
 * A tabular dataset as Model Monitor sees it (columns of numbers or strings, possibly null) and the
 * data types Model Monitor infers, following AWS Deequ, the library the prebuilt container is
 * built on (`DataTypeHistogram.determineType`): a column with only nulls is Unknown; any String value
 * makes it String; else any Fractional value makes it Fractional; else Integral. A string that reads
 * as an integer counts as Integral and one that reads as a decimal number as Fractional, since CSV
 * captures carry numbers as text. Null, undefined and the empty string are missing values.
 */
import { invalidField } from '../../../shared/errors'

export type Cell = number | string | null | undefined
export interface DatasetColumn {
  name: string
  values: readonly Cell[]
}
export type Dataset = readonly DatasetColumn[]

export type InferredType = 'Integral' | 'Fractional' | 'String' | 'Unknown'

export const KIND_MISSING = 0
export const KIND_INTEGRAL = 1
export const KIND_FRACTIONAL = 2
export const KIND_STRING = 3
export type CellKind = 0 | 1 | 2 | 3

const INTEGRAL = /^[+-]?\d+$/
const FRACTIONAL = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/

export function kindOfText(s: string): CellKind {
  if (s === '') return KIND_MISSING
  if (INTEGRAL.test(s)) return KIND_INTEGRAL
  if (FRACTIONAL.test(s)) return KIND_FRACTIONAL
  return KIND_STRING
}

export function kindOf(v: Cell, field: string): CellKind {
  if (v === null || v === undefined) return KIND_MISSING
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw invalidField(field, `must be a finite number, a string or null, got ${v}`)
    return Number.isInteger(v) ? KIND_INTEGRAL : KIND_FRACTIONAL
  }
  if (typeof v === 'string') return kindOfText(v)
  throw invalidField(field, `must be a number, a string or null, got ${typeof v}`)
}

/**
 * kindOf for cell `i` of a column: numbers and nulls (what scenarios and captures hold) are read
 * without building the cell's field name, which is needed only to refuse a value.
 */
export function cellKind(v: Cell, field: string, i: number): CellKind {
  if (v === null || v === undefined) return 0
  if (typeof v === 'number' && Number.isFinite(v)) return Number.isInteger(v) ? 1 : 2
  return kindOf(v, `${field}.values[${i}]`)
}

export function typeFromCounts(integral: number, fractional: number, string: number): InferredType {
  if (integral + fractional + string === 0) return 'Unknown'
  if (string > 0) return 'String'
  return fractional > 0 ? 'Fractional' : 'Integral'
}

/** Does a value of this kind fit a column of that type (data_type_check)? */
export function kindFits(kind: CellKind, type: InferredType): boolean {
  if (kind === KIND_MISSING) return true
  if (type === 'Integral') return kind === KIND_INTEGRAL
  if (type === 'Fractional') return kind === KIND_INTEGRAL || kind === KIND_FRACTIONAL
  return true
}

export function numberOf(v: Cell): number {
  return typeof v === 'number' ? v : Number(v)
}

export function textOf(v: Cell): string {
  return typeof v === 'number' ? String(v) : (v as string)
}

/** Checks the shape: unique non-empty names, equal lengths. Returns the row count. */
export function checkDataset(dataset: Dataset, field: string): number {
  if (!Array.isArray(dataset) || dataset.length === 0) throw invalidField(field, 'must have at least one column')
  const names = new Set<string>()
  const rows = dataset[0].values.length
  dataset.forEach((col, i) => {
    if (typeof col.name !== 'string' || col.name === '') throw invalidField(`${field}[${i}].name`, 'must be a non-empty column name')
    if (names.has(col.name)) throw invalidField(`${field}[${i}].name`, `"${col.name}" appears twice: column names must be unique`)
    names.add(col.name)
    if (col.values.length !== rows) {
      throw invalidField(`${field}[${i}].values`, `has ${col.values.length} rows but column "${dataset[0].name}" has ${rows}: every column needs one value per row`)
    }
  })
  return rows
}
