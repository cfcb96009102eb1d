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
/** Above this many distinct values a column is not kept as categories while its type is unknown. */
const MAX_PROVISIONAL_CATEGORIES = 10_000

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

class ColumnBuilder {
  kinds: Uint8Array
  numbers: Float64Array
  codes: Int32Array | null
  dict = new Map<string, number>()
  dictionary: string[] = []
  counts = { missing: 0, integral: 0, fractional: 0, string: 0 }
  /** Categories kept from the start (known category column) or provisionally until too many. */
  provisional: boolean

  constructor(
    readonly name: string,
    capacity: number,
    readonly forceCategories: boolean
  ) {
    this.kinds = new Uint8Array(capacity)
    this.numbers = new Float64Array(capacity)
    this.codes = new Int32Array(capacity)
    this.provisional = !forceCategories
  }

  grow(capacity: number): void {
    const k = new Uint8Array(capacity)
    k.set(this.kinds)
    this.kinds = k
    const n = new Float64Array(capacity)
    n.set(this.numbers)
    this.numbers = n
    if (this.codes) {
      const c = new Int32Array(capacity)
      c.set(this.codes)
      this.codes = c
    }
  }

  code(text: string): number {
    let id = this.dict.get(text)
    if (id === undefined) {
      id = this.dictionary.length
      this.dict.set(text, id)
      this.dictionary.push(text)
      if (this.provisional && this.dictionary.length > MAX_PROVISIONAL_CATEGORIES && this.counts.string === 0) {
        // Many distinct numbers: almost surely a numeric column. Stop keeping text; if a String cell
        // turns up later, the column is read again as categories.
        this.codes = null
        this.dict.clear()
        this.dictionary = []
      }
    }
    return id
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

interface Cursor {
  pos: number
  line: number
  /** The line the last row read started on. */
  rowLine: number
}

/**
 * Reads one row starting at cursor.pos, calling onField(index, text-or-null, start, end) for each
 * field (text is given for quoted fields, which need unescaping). Returns the field count, or −1 at
 * the end of the text. Blank lines are skipped.
 */
function readRow(
  text: string,
  cur: Cursor,
  file: string,
  onField: (col: number, quoted: string | null, start: number, end: number) => void
): number {
  const n = text.length
  while (cur.pos < n) {
    const c = text.charCodeAt(cur.pos)
    if (c === LF) {
      cur.pos++
      cur.line++
    } else if (c === CR) {
      cur.pos += cur.pos + 1 < n && text.charCodeAt(cur.pos + 1) === LF ? 2 : 1
      cur.line++
    } else break
  }
  if (cur.pos >= n) return -1
  const rowLine = cur.line
  let col = 0
  let pos = cur.pos
  for (;;) {
    if (pos < n && text.charCodeAt(pos) === QUOTE) {
      const openLine = cur.line
      let out = ''
      let segment = pos + 1
      pos++
      for (;;) {
        if (pos >= n) throw invalidField(file, `line ${openLine}: a quoted field starts here and is never closed`)
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
        if (c === LF || (c === CR && !(pos + 1 < n && text.charCodeAt(pos + 1) === LF))) cur.line++
        pos++
      }
      if (pos < n) {
        const c = text.charCodeAt(pos)
        if (c !== COMMA && c !== LF && c !== CR) {
          throw invalidField(file, `line ${cur.line}: unexpected text after the closing quote of field ${col + 1}`)
        }
      }
      onField(col, out, 0, 0)
    } else {
      const start = pos
      while (pos < n) {
        const c = text.charCodeAt(pos)
        if (c === COMMA || c === LF || c === CR) break
        pos++
      }
      onField(col, null, start, pos)
    }
    col++
    if (pos >= n) break
    const c = text.charCodeAt(pos)
    if (c === COMMA) {
      pos++
      continue
    }
    pos += c === CR && pos + 1 < n && text.charCodeAt(pos + 1) === LF ? 2 : 1
    cur.line++
    break
  }
  cur.pos = pos
  cur.rowLine = rowLine
  return col
}

function readHeader(text: string, cur: Cursor, file: string): string[] {
  if (text.charCodeAt(0) === 0xfeff) cur.pos = 1
  const names: string[] = []
  const count = readRow(text, cur, file, (_col, quoted, s, e) => names.push(quoted ?? text.slice(s, e)))
  if (count < 0) throw invalidField(file, 'is empty: the first line must be a header row naming the columns')
  const seen = new Set<string>()
  names.forEach((name, i) => {
    if (name.trim() === '') throw invalidField(file, `line ${cur.rowLine}: column ${i + 1} of the header has no name`)
    if (seen.has(name)) throw invalidField(file, `line ${cur.rowLine}: the header names "${name}" twice; column names must be unique`)
    seen.add(name)
  })
  return names
}

/**
 * Parse `text` (the file named `file` in errors) in chunks, yielding progress after each chunk and
 * returning the typed table.
 */
export function* parseCsv(text: string, file: string, options: ParseOptions = {}): Generator<CsvProgress, CsvTable> {
  const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS
  const cur: Cursor = { pos: 0, line: 1, rowLine: 1 }
  const header = readHeader(text, cur, file)
  const width = header.length
  // A first guess of the row count from the header line's share of the text keeps regrowth rare.
  const guess = Math.max(1024, Math.min(4_000_000, Math.ceil((text.length / Math.max(cur.pos, 1)) * 1.2)))
  let capacity = guess
  const builders = header.map((name) => new ColumnBuilder(name, capacity, options.categoryColumns?.has(name) ?? false))
  let row = 0
  const num: NumberSlot = { value: NaN, kind: KIND_MISSING }
  const onField = (col: number, quoted: string | null, start: number, end: number): void => {
    if (col >= width) return
    const b = builders[col]
    if (quoted === null && start === end) {
      b.kinds[row] = KIND_MISSING
      b.numbers[row] = NaN
      if (b.codes) b.codes[row] = -1
      b.counts.missing++
      return
    }
    let kind: number
    let value = NaN
    if (quoted === null) {
      if (readNumber(text, start, end, num)) {
        kind = num.kind
        value = num.value
      } else kind = KIND_STRING
    } else {
      kind = kindOfText(quoted)
      if (kind === KIND_MISSING) {
        b.kinds[row] = KIND_MISSING
        b.numbers[row] = NaN
        if (b.codes) b.codes[row] = -1
        b.counts.missing++
        return
      }
      if (kind !== KIND_STRING) value = Number(quoted)
    }
    b.kinds[row] = kind
    b.numbers[row] = value
    if (kind === KIND_INTEGRAL) b.counts.integral++
    else if (kind === KIND_FRACTIONAL) b.counts.fractional++
    else b.counts.string++
    if (b.codes) b.codes[row] = b.code(quoted ?? text.slice(start, end))
  }
  let chunkStart = row
  for (;;) {
    if (row >= capacity) {
      capacity *= 2
      for (const b of builders) b.grow(capacity)
    }
    const count = readRow(text, cur, file, onField)
    if (count < 0) break
    if (count !== width) {
      throw invalidField(file, `line ${cur.rowLine}: expected ${width} fields as in the header, found ${count}`)
    }
    row++
    if (row - chunkStart >= chunkRows) {
      chunkStart = row
      yield { phase: 'parse', file, rows: row, fraction: cur.pos / text.length }
    }
  }
  yield { phase: 'parse', file, rows: row, fraction: 1 }

  const columns: CsvColumn[] = builders.map((b) => {
    const type = b.forceCategories ? 'String' : typeFromCounts(b.counts.integral, b.counts.fractional, b.counts.string)
    return {
      name: b.name,
      type,
      kinds: b.kinds.subarray(0, row),
      numbers: b.numbers.subarray(0, row),
      codes: b.codes ? b.codes.subarray(0, row) : null,
      dictionary: b.dictionary,
      counts: b.counts
    }
  })
  // A String column whose text was dropped while it looked numeric is read again as categories.
  const reread = columns.filter((c) => c.type === 'String' && c.codes === null).map((c) => c.name)
  if (reread.length > 0) {
    const again = yield* parseCsv(text, file, { chunkRows, categoryColumns: new Set(reread) })
    for (const c of again.columns) {
      if (!reread.includes(c.name)) continue
      const target = columns.find((x) => x.name === c.name)!
      target.codes = c.codes
      target.dictionary = c.dictionary
    }
  }
  return { header, rows: row, columns }
}

/** Drive a generator to its end, passing each progress report on. */
export function runToEnd<P, R>(gen: Generator<P, R>, onProgress?: (p: P) => void): R {
  for (;;) {
    const step = gen.next()
    if (step.done) return step.value
    onProgress?.(step.value)
  }
}
