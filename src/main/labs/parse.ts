/**
 * Lab YAML text → a validated lab, or errors that name the file, the line and the field.
 *
 * YAML is parsed with `parseDocument` and a `LineCounter` so every node keeps its source offsets;
 * a validation issue's path (`steps.2.checks.0.check`) is looked up in the document and mapped to
 * the line of that node, or of its nearest existing ancestor when the field is missing.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml'
import { validateLab, type Lab, type LabIssue } from '../sandbox/labs'

export interface LabFileError {
  /** File name as given (usually relative to resources/labs). */
  file: string
  /** 1-based line, when known. */
  line?: number
  /** Dotted path of the field, e.g. `steps[2].checks[0].check`; empty for the whole file. */
  field: string
  message: string
}

export interface ParsedLabFile {
  lab: Lab | null
  errors: LabFileError[]
}

export function fieldName(path: readonly (string | number)[]): string {
  let out = ''
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`
  return out
}

function nodeAt(doc: Document, path: readonly (string | number)[]): { node: Node | null; exact: boolean } {
  let node: unknown = doc.contents
  let best: Node | null = (doc.contents as Node | null) ?? null
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key)
      if (!pair) return { node: best, exact: false }
      node = pair.value ?? pair.key
      // A key with no value (`checks:` alone): point at the key.
      if (pair.value === null || pair.value === undefined) node = pair.key
    } else if (isSeq(node) && typeof key === 'number') {
      node = node.items[key]
      if (node === undefined) return { node: best, exact: false }
    } else {
      return { node: best, exact: false }
    }
    if (node && typeof node === 'object' && 'range' in (node as object)) best = node as Node
  }
  return { node: best, exact: true }
}

function lineOf(doc: Document, counter: LineCounter, text: string, issue: LabIssue): number | undefined {
  const { node } = nodeAt(doc, issue.path)
  const range = node?.range
  if (!range) return undefined
  let offset = range[0]
  // Markdown problems inside a block scalar: point at the line of the offending text itself.
  const token = /found "(<[^"]+)"|found a (<script)|contain "([^"]+)" links/.exec(issue.message)
  const needle = token?.[1] ?? token?.[2] ?? token?.[3]
  if (needle) {
    const at = text.slice(range[0], range[1]).toLowerCase().indexOf(needle.toLowerCase())
    if (at >= 0) offset = range[0] + at
  }
  return counter.linePos(offset).line
}

/** More aliases than a lab file needs; a "billion laughs" file needs millions (yaml's own guard). */
const MAX_ALIAS_COUNT = 100

/**
 * Parses and validates one lab file's text. `file` is used in errors and must match the lab id.
 * Never throws: whatever goes wrong with this one file (an alias bomb, a stack overflow in a
 * hostile structure, a bug in a check's parameter validation) is an error for this file.
 */
export function parseLabText(text: string, file: string, examItemIds: readonly string[]): ParsedLabFile {
  try {
    return parseUnguarded(text, file, examItemIds)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line
    return { lab: null, errors: [{ file, ...(line !== undefined ? { line } : {}), field: '', message: `cannot be loaded: ${message.split('\n')[0]}` }] }
  }
}

function parseUnguarded(text: string, file: string, examItemIds: readonly string[]): ParsedLabFile {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true })
  if (doc.errors.length > 0) {
    return {
      lab: null,
      errors: doc.errors.map((e) => ({
        file,
        line: e.linePos?.[0]?.line ?? counter.linePos(e.pos[0]).line,
        field: '',
        message: `YAML syntax: ${e.message.split('\n')[0]}`
      }))
    }
  }
  let data: unknown
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT })
  } catch (err) {
    if (!/alias/i.test((err as Error).message)) throw err
    return {
      lab: null,
      errors: [{ file, field: '', message: `YAML aliases (*name) expand to more than ${MAX_ALIAS_COUNT} copies, which a lab file never needs (${(err as Error).message})` }]
    }
  }
  const { lab, issues } = validateLab(data, examItemIds)
  const errors: LabFileError[] = issues.map((issue) => {
    const line = lineOf(doc, counter, text, issue)
    return { file, ...(line !== undefined ? { line } : {}), field: fieldName(issue.path), message: issue.message }
  })
  if (lab) {
    const expected = file.replace(/^.*[\\/]/, '').replace(/\.ya?ml$/, '')
    if (lab.id !== expected) {
      const line = lineOf(doc, counter, text, { path: ['id'], message: '' })
      errors.push({ file, ...(line !== undefined ? { line } : {}), field: 'id', message: `must equal the file name "${expected}", got "${lab.id}"` })
    }
  }
  return { lab: errors.length === 0 ? lab : null, errors }
}

/** The line of a document path in a lab file's text (for errors found after parsing, e.g. by labs:check). */
export function lineOfPath(text: string, path: readonly (string | number)[]): number | undefined {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter })
  return lineOf(doc, counter, text, { path: [...path], message: '' })
}
