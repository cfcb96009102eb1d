/**
 * A window of scenario records held column by column (typed arrays, no object per record or per
 * cell), for the many executions of a monitoring schedule. Each column holds, per row, exactly what
 * the Dataset column of the same records would (dataset.ts, `toDataset` in features.ts): the cell's
 * kind as Model Monitor infers it (Deequ's rules in dataset.ts), its number when it reads as one, and
 * its text when a String reading needs it. Cells are one of: missing (absent, null or undefined), a
 * number, one of the feature's categories (a code into `categories`), or a number sent as text with a
 * unit (a schema break's type change, `"42 units"`).
 */
import { KIND_MISSING, kindOfText, type Cell, type CellKind } from './dataset'

export const TAG_MISSING = 0
export const TAG_NUMBER = 1
export const TAG_CATEGORY = 2
export const TAG_UNITS = 3

export class CellColumn {
  /** Per row: 0 missing, 1 Integral, 2 Fractional, 3 String (what `kindOf` gives for the cell). */
  readonly kinds: Uint8Array
  /** Per row: how the cell is held (TAG_*). */
  readonly tags: Uint8Array
  /** Per row: the cell's number (`numberOf`) where its kind is Integral or Fractional, and a unit cell's number. */
  readonly numbers: Float64Array
  /** Per row of a category cell: its index in `categories`. */
  readonly codes: Int32Array
  /** Per category: its kind and its number when it reads as one. */
  private readonly categoryKinds: CellKind[]
  private readonly categoryNumbers: number[]
  /** Does every present cell hold a category (so categories can be counted by code)? */
  onlyCategories = true
  /** Per category: its cells; and the categories in the order rows first show them. */
  readonly categoryCounts: Int32Array
  readonly categoryOrder: number[] = []
  /** Cells holding a number, and those of them with a fraction (Fractional rather than Integral). */
  numberCount = 0
  fractionCount = 0

  /** Rows in use (the arrays hold `capacity`). */
  rows: number

  constructor(
    readonly name: string,
    readonly capacity: number,
    readonly categories: readonly string[] = []
  ) {
    this.rows = capacity
    this.kinds = new Uint8Array(capacity)
    this.tags = new Uint8Array(capacity)
    this.numbers = new Float64Array(capacity)
    this.codes = new Int32Array(categories.length > 0 ? capacity : 0)
    this.categoryCounts = new Int32Array(categories.length)
    this.categoryKinds = categories.map(kindOfText)
    this.categoryNumbers = categories.map(Number)
  }

  /** Empties the column for `rows` rows (all missing), to be filled again. */
  reset(rows: number): void {
    this.rows = rows
    this.kinds.fill(0, 0, rows)
    this.tags.fill(0, 0, rows)
    this.onlyCategories = true
    this.categoryCounts.fill(0)
    this.categoryOrder.length = 0
    this.numberCount = 0
    this.fractionCount = 0
  }

  /** Each row is set at most once after reset. */
  setNumber(i: number, v: number): void {
    this.tags[i] = TAG_NUMBER
    const fraction = !Number.isInteger(v)
    this.kinds[i] = fraction ? 2 : 1
    this.numbers[i] = v
    this.onlyCategories = false
    this.numberCount++
    if (fraction) this.fractionCount++
  }

  /** setNumber for a v known to be an integer. */
  setInteger(i: number, v: number): void {
    this.tags[i] = TAG_NUMBER
    this.kinds[i] = 1
    this.numbers[i] = v
    this.onlyCategories = false
    this.numberCount++
  }

  /**
   * Rows 0 … rows − 1 hold the numbers already written to `numbers` (after reset): setNumber for
   * each, or setInteger when `integers` says every one is an integer.
   */
  setNumbers(rows: number, integers: boolean): void {
    this.tags.fill(TAG_NUMBER, 0, rows)
    this.onlyCategories = rows === 0 && this.onlyCategories
    this.numberCount += rows
    if (integers) {
      this.kinds.fill(1, 0, rows)
      return
    }
    const { kinds, numbers } = this
    let fractions = 0
    for (let i = 0; i < rows; i++) {
      const fraction = !Number.isInteger(numbers[i])
      kinds[i] = fraction ? 2 : 1
      if (fraction) fractions++
    }
    this.fractionCount += fractions
  }

  setCategory(i: number, code: number): void {
    this.tags[i] = TAG_CATEGORY
    const k = this.categoryKinds[code]
    this.kinds[i] = k
    this.codes[i] = code
    if (this.categoryCounts[code]++ === 0) this.categoryOrder.push(code)
    if (k !== 3) this.numbers[i] = this.categoryNumbers[code]
  }

  /** The number v sent as the text `${v} units`, which reads as a String. */
  setUnits(i: number, v: number): void {
    this.tags[i] = TAG_UNITS
    this.kinds[i] = 3
    this.numbers[i] = v
    this.onlyCategories = false
  }

  setMissing(i: number): void {
    this.tags[i] = TAG_MISSING
    this.kinds[i] = KIND_MISSING
  }

  /** The cell's text (`textOf`) of a present row. */
  text(i: number): string {
    const tag = this.tags[i]
    if (tag === TAG_CATEGORY) return this.categories[this.codes[i]]
    if (tag === TAG_UNITS) return `${this.numbers[i]} units`
    return String(this.numbers[i])
  }

  /** The cell as a Dataset column would hold it (a missing cell as null). */
  cell(i: number): Cell {
    const tag = this.tags[i]
    if (tag === TAG_MISSING) return null
    if (tag === TAG_NUMBER) return this.numbers[i]
    return this.text(i)
  }
}

/** A window's records as columns, in the order `toDataset` gives them (first seen first). */
export interface RecordColumns {
  rows: number
  columns: CellColumn[]
}
