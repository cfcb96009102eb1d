/**
 * Opening the one SQLite database, with migrations and recovery from a crash or a damaged file.
 *
 * Engine: node-sqlite3-wasm, SQLite compiled to WebAssembly with a VFS over Node's synchronous fs.
 * It runs unchanged under the Node that runs the tests and inside Electron's main process, with no
 * native module to rebuild per ABI.
 *
 * Journal: write-ahead log in exclusive locking mode, `synchronous = FULL`. SQLite fsyncs the WAL
 * before a COMMIT returns, so a write the API acknowledged survives the process being killed, and on
 * the next open SQLite replays only the WAL's committed frames ("Write-Ahead Logging", sqlite.org/wal.html).
 * Why not the rollback journal: this VFS reports a RESERVED lock whenever its `<db>.lock` folder
 * exists, including the one the opening connection has just made for its own SHARED lock, so SQLite
 * never sees a hot rollback journal as hot and never rolls it back (an interrupted transaction's
 * pages stay in the file; tests/unit/main/crash-recovery.test.ts shows both). The VFS has no
 * shared-memory methods, and WAL without them needs `locking_mode = EXCLUSIVE`
 * (sqlite.org/wal.html#noshm), which suits one host per data folder.
 *
 * Locks: the VFS locks with a `<db>.lock` folder, which a killed process leaves behind. A lock is
 * never taken for damage. The host that holds the data folder (host-lock.ts) passes its lock here, and
 * only then is a leftover `<db>.lock` removed as stale.
 */
import { existsSync, mkdirSync, renameSync, rmdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { Database } from 'node-sqlite3-wasm'
import type { StoreNotice } from '../../shared/contract'
import { LabError } from '../../shared/errors'
import type { HostLock } from './host-lock'
import { MIGRATIONS, SCHEMA_VERSION } from './migrations'

export interface OpenedDatabase {
  db: Database
  notices: StoreNotice[]
  /** A `<db>.lock` folder left by a host that did not shut down cleanly was removed. */
  removedStaleLock: boolean
}

export interface OpenOptions {
  now?: () => Date
  /** Proof that this process owns the data folder: only then is a leftover SQLite lock stale. */
  hostLock?: HostLock
}

/** SQLite's messages for a file that is not a healthy database (sqlite3_errstr for SQLITE_NOTADB, SQLITE_CORRUPT). */
const DAMAGED = /file is not a database|database disk image is malformed|integrity check failed/i
/** SQLITE_BUSY / SQLITE_LOCKED: someone holds the lock. Never damage. */
const LOCKED = /database is locked|database table is locked/i

export function lockDirOf(file: string): string {
  return `${file}.lock`
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-')
}

function configure(db: Database): void {
  db.exec('PRAGMA locking_mode = EXCLUSIVE')
  db.exec('PRAGMA journal_mode = WAL')
  db.exec('PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;')
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

/** Removes the VFS's lock folder. Only call it while holding the data folder's host lock. */
function removeStaleLock(file: string): boolean {
  const dir = lockDirOf(file)
  if (!existsSync(dir)) return false
  try {
    if (!statSync(dir).isDirectory()) throw new Error('it is not a folder')
    rmdirSync(dir)
    return true
  } catch (err) {
    throw new LabError(
      'STORE',
      `The progress database ${file} is locked by ${dir}, left by an MLOps Lab that did not shut down, and it could not be removed (${(err as Error).message}). Remove it by hand and start again; the database was left untouched.`
    )
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/**
 * Opens (creating if needed) the database at `file`.
 *
 * - Locked (another process holds `<file>.lock`): a STORE error that names the lock; nothing is moved.
 * - Not a database, or failing SQLite's integrity check: renamed to `<file>.corrupt-<time>` with its
 *   WAL (never deleted), an empty database takes its place, and the notice says where the old one went.
 * - Anything else (permissions, a full disk, a newer schema): a STORE error; nothing is moved.
 */
export function openDatabase(file: string, nowOrOptions: (() => Date) | OpenOptions = {}): OpenedDatabase {
  const options: OpenOptions = typeof nowOrOptions === 'function' ? { now: nowOrOptions } : nowOrOptions
  const now = options.now ?? (() => new Date())
  mkdirSync(dirname(file), { recursive: true })
  const removedStaleLock = options.hostLock ? removeStaleLock(file) : false
  try {
    return { db: tryOpen(file), notices: [], removedStaleLock }
  } catch (err) {
    if (err instanceof LabError) throw err
    const reason = messageOf(err)
    if (LOCKED.test(reason)) {
      throw new LabError(
        'STORE',
        `The progress database ${file} is in use by another process (it holds ${lockDirOf(file)}). Close any other MLOps Lab using this data folder and start again; the database was left untouched.`
      )
    }
    if (!DAMAGED.test(reason)) {
      throw new LabError('STORE', `The progress database ${file} cannot be opened (${reason}). It was left untouched.`)
    }
    const movedTo = `${file}.corrupt-${stamp(now())}`
    renameSync(file, movedTo)
    for (const suffix of ['-journal', '-wal', '-shm']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, movedTo + suffix)
    }
    const db = tryOpen(file)
    return {
      db,
      removedStaleLock,
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
  // Inside another transaction (putWorld within an import), the outer one commits or rolls back all.
  if (db.inTransaction) return fn()
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
