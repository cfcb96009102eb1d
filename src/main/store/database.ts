/**
 * Opening the one SQLite database, with migrations and recovery from a damaged file.
 *
 * Engine: node-sqlite3-wasm, SQLite compiled to WebAssembly with a VFS over Node's synchronous fs.
 * It runs unchanged under the Node that runs the tests and inside Electron's main process, with no
 * native module to rebuild per ABI. Durability: rollback journal + `synchronous = FULL`, so SQLite
 * fsyncs the journal and the database before a COMMIT returns; a write the API acknowledged has
 * reached the OS and survives the process being killed.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { dirname } from 'node:path'
import { Database } from 'node-sqlite3-wasm'
import type { StoreNotice } from '../../shared/contract'
import { LabError } from '../../shared/errors'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations'

export interface OpenedDatabase {
  db: Database
  notices: StoreNotice[]
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-')
}

function configure(db: Database): void {
  db.exec('PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;')
}

/** Throws when the file is not a healthy SQLite database. */
function checkHealth(db: Database): void {
  const row = db.get('PRAGMA quick_check') as Record<string, unknown> | null
  const verdict = row ? Object.values(row)[0] : null
  if (verdict !== 'ok') throw new Error(`integrity check failed: ${String(verdict)}`)
}

function migrate(db: Database): void {
  const row = db.get('PRAGMA user_version') as { user_version: number }
  const current = row.user_version
  if (current > SCHEMA_VERSION) {
    throw new LabError(
      'STORE',
      `The progress database was written by a newer version of MLOps Lab (schema ${current}; this version knows ${SCHEMA_VERSION}). Update the app; the file was left untouched.`
    )
  }
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.exec('BEGIN IMMEDIATE')
    try {
      db.exec(MIGRATIONS[v])
      db.exec(`PRAGMA user_version = ${v + 1}`)
      db.exec('COMMIT')
    } catch (err) {
      db.exec('ROLLBACK')
      throw err
    }
  }
}

function tryOpen(file: string): Database {
  const db = new Database(file)
  try {
    configure(db)
    checkHealth(db)
    migrate(db)
    return db
  } catch (err) {
    try {
      db.close()
    } catch {
      // the handle may already be unusable; the original error is what matters
    }
    throw err
  }
}

/**
 * Opens (creating if needed) the database at `file`. A file that is not a database, or fails
 * SQLite's integrity check, is renamed to `<file>.corrupt-<time>` (never deleted) and an empty
 * database takes its place; the returned notice tells the learner where the old file went.
 */
export function openDatabase(file: string, now: () => Date = () => new Date()): OpenedDatabase {
  mkdirSync(dirname(file), { recursive: true })
  try {
    return { db: tryOpen(file), notices: [] }
  } catch (err) {
    if (err instanceof LabError) throw err
    const movedTo = `${file}.corrupt-${stamp(now())}`
    renameSync(file, movedTo)
    for (const suffix of ['-journal', '-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, movedTo + suffix)
    }
    const reason = err instanceof Error ? err.message : String(err)
    const db = tryOpen(file)
    return {
      db,
      notices: [
        {
          kind: 'corrupt-moved-aside',
          message: `Your progress database could not be read (${reason}). It was moved aside, not deleted, and MLOps Lab started with an empty one. If you exported your progress, import that file in Settings.`,
          movedTo,
          at: now().toISOString()
        }
      ]
    }
  }
}

/** Runs `fn` in one transaction: all of it is saved, or none of it. */
export function transaction<T>(db: Database, fn: () => T): T {
  db.exec('BEGIN IMMEDIATE')
  try {
    const result = fn()
    db.exec('COMMIT')
    return result
  } catch (err) {
    db.exec('ROLLBACK')
    throw err
  }
}
