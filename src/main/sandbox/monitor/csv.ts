/**
 * CSV for "bring your own data": RFC 4180 files with a header row (comma-separated; fields may be
 * quoted with "…", a doubled "" inside quotes is one quote, quoted fields may span lines; LF, CRLF
 * or CR line ends; a leading byte-order mark and blank lines are ignored), parsed straight into
 * typed columns so a million rows stay small: numbers in a Float64Array, categories as codes into a
 * dictionary, one kind per cell (missing, Integral, Fractional, String — the same inference as
 * `dataset.ts`; an empty field is missing).
 *
 * Parsing runs in chunks of rows inside a generator that yields its progress, so a job runner can
 * drive it and report a progress bar; a broken row stops it with the line number: a row with more
 * or fewer fields than the header, a quote that is never closed, or text after a closing quote.
 *
 * Why not a CSV library: Papa Parse, the kept choice, reports errors by row index rather than line
 * number, feeds a generator only through its own streaming machinery, and references Node's
 * `stream` module and browser globals (Worker, Blob, FileReader), which the sandbox may not import;
 * its type package pulls in Node's types. The grammar here is small and fully tested.
 */
import { invalidField } from '../../../shared/errors'
import { KIND_FRACTIONAL, KIND_INTEGRAL, KIND_MISSING, KIND_STRING, kindOfText, typeFromCounts, type InferredType } from './dataset'

export const DEFAULT_CHUNK_ROWS = 50_000

export interface CsvColumn {
  name: string
  type: InferredType
  /** Per row: 0 missing, 1 Integral, 2 Fractional, 3 String. */
  kinds: Uint8Array
  /** Per row: the value of a numeric cell, NaN otherwise. */
  numbers: Float64Array
  /** For String columns (and columns read as categories): per row the code into `dictionary`, −1 if missing. */
  codes: Int32Array | null
  dictionary: string[]
  counts: { missing: number; integral: number; fractional: number; string: number }
}

export interface CsvTable {
  header: string[]
  rows: number
  columns: CsvColumn[]
}

export interface CsvProgress {
  phase: 'parse'
  file: string
  rows: number
  /** Share of the text read, 0–1. */
  fraction: number
}

export interface ParseOptions {
  chunkRows?: number
  /** Columns to keep as categories whatever their cells look like (the baseline's String features). */
  categoryColumns?: ReadonlySet<string>
}

const QUOTE = 34
const COMMA = 44
const LF = 10
const CR = 13
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i)

/**
 * Category interning straight from the source text: an open-addressing table keyed by an FNV-1a
 * hash of the field's characters, so a repeated category costs a hash and one comparison and no new
 * string.
 */
class Categories {
  strings: string[] = []
  private hashes: number[] = []
  private table = new Int32Array(1024).fill(-1)

  private slot(h: number): number {
    return h & (this.table.length - 1)
  }

  private insert(s: string, h: number): number {
    const id = this.strings.length
    this.strings.push(s)
    this.hashes.push(h)
    if (this.strings.length * 2 > this.table.length) {
      const bigger = new Int32Array(this.table.length * 2).fill(-1)
      this.table = bigger
      for (let i = 0; i < this.strings.length; i++) {
        let k = this.slot(this.hashes[i])
        while (bigger[k] >= 0) k = (k + 1) & (bigger.length - 1)
        bigger[k] = i
      }
    } else {
      let k = this.slot(h)
      while (this.table[k] >= 0) k = (k + 1) & (this.table.length - 1)
      this.table[k] = id
    }
    return id
  }

  ofRange(text: string, start: number, end: number): number {
    let h = 0x811c9dc5
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
    const len = end - start
    let k = this.slot(h)
    for (;;) {
      const id = this.table[k]
      if (id < 0) return this.insert(text.slice(start, end), h)
      if (this.hashes[id] === h) {
        const s = this.strings[id]
        if (s.length === len && text.startsWith(s, start)) return id
      }
      k = (k + 1) & (this.table.length - 1)
    }
  }

  of(s: string): number {
    return this.ofRange(s, 0, s.length)
  }
}

class ColumnBuilder {
  kinds: Uint8Array
  numbers: Float64Array
  /** Allocated when the first text cell arrives (or at once for a category column). */
  codes: Int32Array | null = null
  categories = new Categories()
  missing = 0
  integral = 0
  fractional = 0
  string = 0

  constructor(
    readonly name: string,
    capacity: number,
    readonly forceCategories: boolean
  ) {
    this.kinds = new Uint8Array(capacity)
    this.numbers = new Float64Array(capacity)
    if (forceCategories) this.codes = new Int32Array(capacity).fill(-1)
  }

  grow(capacity: number): void {
    const k = new Uint8Array(capacity)
    k.set(this.kinds)
    this.kinds = k
    const n = new Float64Array(capacity)
    n.set(this.numbers)
    this.numbers = n
    if (this.codes) {
      const c = new Int32Array(capacity).fill(-1)
      c.set(this.codes)
      this.codes = c
    }
  }

  startCodes(): Int32Array {
    this.codes = new Int32Array(this.kinds.length).fill(-1)
    return this.codes
  }
}

/** Where `readNumber` leaves its result, reused for every cell so parsing allocates nothing per cell. */
interface NumberSlot {
  value: number
  kind: number
}

/** Read a number from text[start, end) into `out`; false when the field is not a number. */
function readNumber(text: string, start: number, end: number, out: NumberSlot): boolean {
  let i = start
  let c = text.charCodeAt(i)
  let negative = false
  if (c === 45 || c === 43) {
    negative = c === 45
    i++
  }
  let mantissa = 0
  let digits = 0
  let fracDigits = 0
  let seenDot = false
  let any = false
  for (; i < end; i++) {
    c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      any = true
      if (digits > 0 || c !== 48) digits++
      mantissa = mantissa * 10 + (c - 48)
      if (seenDot) fracDigits++
    } else if (c === 46 && !seenDot) {
      seenDot = true
    } else {
      break
    }
  }
  if (!any) return false
  if (i < end) {
    // An exponent, or not a number at all.
    if (c !== 101 && c !== 69) return false
    const s = text.slice(start, end)
    if (kindOfText(s) !== KIND_FRACTIONAL) return false
    out.value = Number(s)
    out.kind = KIND_FRACTIONAL
    return true
  }
  out.kind = seenDot ? KIND_FRACTIONAL : KIND_INTEGRAL
  // Up to 15 significant digits the mantissa is exact and one division by an exact power of ten
  // rounds correctly, so this equals Number(text).
  if (digits <= 15 && fracDigits <= 22) {
    const v = mantissa / POW10[fracDigits]
    out.value = negative ? -v : v
  } else {
    out.value = Number(text.slice(start, end))
  }
  return true
}

/**
 * The row reader. One instance per file, its methods monomorphic so the engine can inline the cell
 * handling into the scanning loop.
 */
class Parser {
  pos = 0
  line = 1
  /** The line the last row read started on. */
  rowLine = 1
  row = 0
  private readonly num: NumberSlot = { value: NaN, kind: KIND_MISSING }

  constructor(
    readonly text: string,
    readonly file: string,
    public builders: ColumnBuilder[]
  ) {}

  /** Skip line ends (blank lines); false at the end of the text. */
  private skipBlank(): boolean {
    const text = this.text
    const n = text.length
    while (this.pos < n) {
      const c = text.charCodeAt(this.pos)
      if (c === LF) {
        this.pos++
        this.line++
      } else if (c === CR) {
        this.pos += this.pos + 1 < n && text.charCodeAt(this.pos + 1) === LF ? 2 : 1
        this.line++
      } else return true
    }
    return false
  }

  /** A quoted field starting at `pos` (on the quote): its unescaped text; `pos` moves past it. */
  private quoted(col: number): string {
    const text = this.text
    const n = text.length
    const openLine = this.line
    let out = ''
    let pos = this.pos + 1
    let segment = pos
    for (;;) {
      if (pos >= n) throw invalidField(this.file, `line ${openLine}: a quoted field starts here and is never closed`)
      const c = text.charCodeAt(pos)
      if (c === QUOTE) {
        if (pos + 1 < n && text.charCodeAt(pos + 1) === QUOTE) {
          out += text.slice(segment, pos + 1)
          pos += 2
          segment = pos
          continue
        }
        out += text.slice(segment, pos)
        pos++
        break
      }
      if (c === LF || (c === CR && !(pos + 1 < n && text.charCodeAt(pos + 1) === LF))) this.line++
      pos++
    }
    if (pos < n) {
      const c = text.charCodeAt(pos)
      if (c !== COMMA && c !== LF && c !== CR) throw invalidField(this.file, `line ${this.line}: unexpected text after the closing quote of field ${col + 1}`)
    }
    this.pos = pos
    return out
  }

  /** The header row's names. */
  header(): string[] | null {
    if (!this.skipBlank()) return null
    this.rowLine = this.line
    const names: string[] = []
    const text = this.text
    for (;;) {
      if (text.charCodeAt(this.pos) === QUOTE) names.push(this.quoted(names.length))
      else {
        const start = this.pos
        while (this.pos < text.length) {
          const c = text.charCodeAt(this.pos)
          if (c === COMMA || c === LF || c === CR) break
          this.pos++
        }
        names.push(text.slice(start, this.pos))
      }
      if (!this.endField()) break
    }
    return names
  }

  /** After a field: true if another field follows on this row (consumes the comma or line end). */
  private endField(): boolean {
    const text = this.text
    if (this.pos >= text.length) return false
    const c = text.charCodeAt(this.pos)
    if (c === COMMA) {
      this.pos++
      return true
    }
    this.pos += c === CR && this.pos + 1 < text.length && text.charCodeAt(this.pos + 1) === LF ? 2 : 1
    this.line++
    return false
  }

  /** Next position of a quote and of a CR at or after `pos` (−1: none), found with native indexOf. */
  private nextQuote = -2
  private nextCr = -2

  /**
   * A row without quotes and without a CR inside it: its fields are found with indexOf (native
   * memchr) instead of a character loop. Returns the field count, or −1 when the row needs the
   * general reader.
   */
  private plainRow(): number {
    const text = this.text
    const start = this.pos
    let lineEnd = text.indexOf('\n', start)
    if (lineEnd < 0) lineEnd = text.length
    if (this.nextQuote !== -1 && this.nextQuote < start) this.nextQuote = text.indexOf('"', start)
    if (this.nextQuote >= 0 && this.nextQuote < lineEnd) return -1
    if (this.nextCr !== -1 && this.nextCr < start) this.nextCr = text.indexOf('\r', start)
    let end = lineEnd
    if (this.nextCr >= 0 && this.nextCr < lineEnd) {
      // Only a CR right before the LF (a CRLF line end) keeps the fast path.
      if (this.nextCr !== lineEnd - 1) return -1
      end = lineEnd - 1
    }
    const width = this.builders.length
    let col = 0
    let fieldStart = start
    for (;;) {
      let comma = text.indexOf(',', fieldStart)
      if (comma < 0 || comma > end) comma = end
      if (col < width) this.rangeCell(this.builders[col], fieldStart, comma)
      col++
      if (comma >= end) break
      fieldStart = comma + 1
    }
    this.pos = lineEnd < text.length ? lineEnd + 1 : lineEnd
    this.line++
    return col
  }

  /** One data row into the builders at index `row`; the field count, or −1 at the end. */
  dataRow(): number {
    if (!this.skipBlank()) return -1
    this.rowLine = this.line
    const plain = this.plainRow()
    if (plain >= 0) return plain
    const text = this.text
    const n = text.length
    const width = this.builders.length
    let col = 0
    for (;;) {
      if (this.pos < n && text.charCodeAt(this.pos) === QUOTE) {
        const s = this.quoted(col)
        if (col < width) this.textCell(this.builders[col], s)
      } else {
        const start = this.pos
        let pos = start
        while (pos < n) {
          const c = text.charCodeAt(pos)
          if (c === COMMA || c === LF || c === CR) break
          pos++
        }
        this.pos = pos
        if (col < width) this.rangeCell(this.builders[col], start, pos)
      }
      col++
      if (!this.endField()) break
    }
    return col
  }

  private missingCell(b: ColumnBuilder): void {
    b.kinds[this.row] = KIND_MISSING
    b.numbers[this.row] = NaN
    b.missing++
  }

  private rangeCell(b: ColumnBuilder, start: number, end: number): void {
    const row = this.row
    if (start === end) {
      this.missingCell(b)
      return
    }
    if (readNumber(this.text, start, end, this.num)) {
      const kind = this.num.kind
      b.kinds[row] = kind
      b.numbers[row] = this.num.value
      if (kind === KIND_INTEGRAL) b.integral++
      else b.fractional++
      if (b.forceCategories) b.codes![row] = b.categories.ofRange(this.text, start, end)
      return
    }
    b.kinds[row] = KIND_STRING
    b.numbers[row] = NaN
    b.string++
    ;(b.codes ?? b.startCodes())[row] = b.categories.ofRange(this.text, start, end)
  }

  private textCell(b: ColumnBuilder, s: string): void {
    const row = this.row
    const kind = kindOfText(s)
    if (kind === KIND_MISSING) {
      this.missingCell(b)
      return
    }
    b.kinds[row] = kind
    b.numbers[row] = kind === KIND_STRING ? NaN : Number(s)
    if (kind === KIND_INTEGRAL) b.integral++
    else if (kind === KIND_FRACTIONAL) b.fractional++
    else b.string++
    if (kind === KIND_STRING || b.forceCategories) (b.codes ?? b.startCodes())[row] = b.categories.of(s)
  }
}

/**
 * Parse `text` (the file named `file` in errors) in chunks, yielding progress after each chunk and
 * returning the typed table.
 */
export function* parseCsv(text: string, file: string, options: ParseOptions = {}): Generator<CsvProgress, CsvTable> {
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS
  const parser = new Parser(text, file, [])
  if (text.charCodeAt(0) === 0xfeff) parser.pos = 1
  const header = parser.header()
  if (header === null) throw invalidField(file, 'is empty: the first line must be a header row naming the columns')
  const seen = new Set<string>()
  header.forEach((name, i) => {
    if (name.trim() === '') throw invalidField(file, `line ${parser.rowLine}: column ${i + 1} of the header has no name`)
    if (seen.has(name)) throw invalidField(file, `line ${parser.rowLine}: the header names "${name}" twice; column names must be unique`)
    seen.add(name)
  })
  const width = header.length
  // Guess the row count from the line ends in the first MiB, so the columns rarely need to regrow.
  const sampleEnd = Math.min(text.length, 1 << 20)
  let sampleLines = 0
  for (let p = text.indexOf('\n', parser.pos); p >= 0 && p < sampleEnd; p = text.indexOf('\n', p + 1)) sampleLines++
  const perLine = (sampleEnd - parser.pos) / Math.max(sampleLines, 1)
  let capacity = Math.max(1024, Math.min(8_000_000, Math.ceil(((text.length - parser.pos) / Math.max(perLine, 1)) * 1.05) + 16))
  const builders = header.map((name) => new ColumnBuilder(name, capacity, options.categoryColumns?.has(name) ?? false))
  parser.builders = builders
  let chunkStart = 0
  for (;;) {
    if (parser.row >= capacity) {
      capacity *= 2
      for (const b of builders) b.grow(capacity)
    }
    const count = parser.dataRow()
    if (count < 0) break
    if (count !== width) throw invalidField(file, `line ${parser.rowLine}: expected ${width} fields as in the header, found ${count}`)
    parser.row++
    if (parser.row - chunkStart >= chunkRows) {
      chunkStart = parser.row
      yield { phase: 'parse', file, rows: parser.row, fraction: parser.pos / text.length }
    }
  }
  const rows = parser.row
  yield { phase: 'parse', file, rows, fraction: 1 }

  const columns: CsvColumn[] = builders.map((b) => ({
    name: b.name,
    type: b.forceCategories ? 'String' : typeFromCounts(b.integral, b.fractional, b.string),
    kinds: b.kinds.subarray(0, rows),
    numbers: b.numbers.subarray(0, rows),
    codes: b.codes ? b.codes.subarray(0, rows) : null,
    dictionary: b.categories.strings,
    counts: { missing: b.missing, integral: b.integral, fractional: b.fractional, string: b.string }
  }))
  // A String column with cells that read as numbers kept codes only for its text cells: read it
  // again with every cell kept as a category.
  const reread = builders.filter((b) => !b.forceCategories && b.string > 0 && b.integral + b.fractional > 0).map((b) => b.name)
  if (reread.length > 0) {
    const again = yield* parseCsv(text, file, { chunkRows, categoryColumns: new Set(reread) })
    for (const c of again.columns) {
      if (!reread.includes(c.name)) continue
      const target = columns.find((x) => x.name === c.name)!
      target.codes = c.codes
      target.dictionary = c.dictionary
    }
  }
  return { header, rows, columns }
}

/** Drive a generator to its end, passing each progress report on. */
export function runToEnd<P, R>(gen: Generator<P, R>, onProgress?: (p: P) => void): R {
  for (;;) {
    const step = gen.next()
    if (step.done) return step.value
    onProgress?.(step.value)
  }
}
