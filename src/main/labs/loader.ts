/**
 * Reads lab files from disk (the only part of the labs that touches the file system): every
 * `*.yaml` in the labs folder, parsed and validated. A broken file becomes an error entry naming
 * the file, line and field; the other labs still load.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { basename, join } from 'node:path'
import { examItemIdsOf, type Lab } from '../sandbox/labs'
import { parseLabText, type LabFileError } from './parse'

export type { LabFileError } from './parse'

/** The largest lab file is a few KiB; anything near this is not a lab. */
export const MAX_LAB_FILE_BYTES = 1024 * 1024

export interface LoadedLabs {
  labs: Lab[]
  errors: LabFileError[]
}

/** Exam item ids from `resources/content/exam-domain4.json` (a copy of EXAM-DOMAIN4.json). */
export function readExamItemIds(examJsonPath: string): string[] {
  return examItemIdsOf(JSON.parse(readFileSync(examJsonPath, 'utf8')))
}

/** Loads the given files (or every .yaml in `dir`), sorted by file name. */
export function loadLabFiles(files: readonly string[], examItemIds: readonly string[]): LoadedLabs {
  const labs: Lab[] = []
  const errors: LabFileError[] = []
  const seen = new Map<string, string>()
  for (const path of files) {
    const file = basename(path)
    let text: string
    try {
      const size = statSync(path).size
      if (size > MAX_LAB_FILE_BYTES) {
        errors.push({ file, field: '', message: `is ${size} bytes; a lab file may be at most ${MAX_LAB_FILE_BYTES} bytes` })
        continue
      }
      text = readFileSync(path, 'utf8')
    } catch (e) {
      errors.push({ file, field: '', message: `cannot read the file: ${(e as Error).message}` })
      continue
    }
    const parsed = parseLabText(text, file, examItemIds)
    errors.push(...parsed.errors)
    if (!parsed.lab) continue
    const other = seen.get(parsed.lab.id)
    if (other) {
      errors.push({ file, field: 'id', message: `lab id "${parsed.lab.id}" is already used by ${other}` })
      continue
    }
    seen.set(parsed.lab.id, file)
    labs.push(parsed.lab)
  }
  return { labs, errors }
}

export function labFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f))
}

export function loadLabs(dir: string, examItemIds: readonly string[]): LoadedLabs {
  return loadLabFiles(labFilesIn(dir), examItemIds)
}
