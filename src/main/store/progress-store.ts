/**
 * The learner's progress and settings, over the SQLite database. Every method that writes commits
 * before it returns, so whatever the API acknowledged is on disk.
 *
 * Text with U+0000 is refused before it is written (text.ts). A row that cannot be read back (written
 * by an older version, or damaged) is skipped, left in the database as it is, and named in a
 * `rows-skipped` notice, so one bad row never fails a whole list.
 */
import type { BindValues, Database } from 'node-sqlite3-wasm'
import {
  Activity,
  DEFAULT_SETTINGS,
  LabProgressRow,
  PROGRESS_FILE_FORMAT,
  PROGRESS_FILE_VERSION,
  ProgressData,
  ProgressFile,
  Settings,
  WORLD_FILE_FORMAT,
  WORLD_FILE_VERSION,
  WorldFile,
  WorldRow,
  type StoreCounts,
  type StoreNotice
} from '../../shared/contract'
import { LabError, type ErrorIssue } from '../../shared/errors'
import { transaction } from './database'
import { readExportFile, sha256Hex } from './export-file'
import { SCHEMA_VERSION } from './migrations'
import { textAndDepthIssues } from './text'
import { migrateActionLog } from '../sandbox/world/migrate'

const RECENT_LIMIT = 8
/** Activity older than the newest N rows is pruned on write: the dashboard shows only the latest. */
const ACTIVITY_KEEP = 200
/** How many skipped rows a notice names before it says "and N more". */
const SKIPPED_NAMED = 5

interface ActivityRecord {
  id?: number
  kind: string
  ref: string
  title: string
  route: string
  at: string
}

interface WorldRecord {
  id: string
  name: string
  seed: string
  action_count: number
  problem: string | null
  created_at: string
  updated_at: string
}

/** A saved world without its actions: what the world list shows. */
export interface WorldIndexEntry {
  id: string
  name: string
  seed: string
  actionCount: number
  createdAt: string
  updatedAt: string
}

export interface UnreadableWorld {
  id: string
  name: string
  problem: string
}

interface LabProgressRecord {
  lab_id: string
  status: string
  seed: number
  current_step: number
  score: number | null
  started_at: string
  updated_at: string
  state: string
}

export { sha256Hex }

function problemOf(err: unknown): string {
  const first = (err as { issues?: { path: PropertyKey[]; message: string }[] } | null)?.issues?.[0]
  if (first) return `${first.path.map(String).join('.') || 'row'}: ${first.message}`
  return (err instanceof Error ? err.message : String(err)).slice(0, 200)
}

/** Refuses text SQLite would cut off, naming the field. */
function assertStorableText(value: unknown, prefix: string): void {
  const issues = textAndDepthIssues(value, prefix)
  if (issues.length > 0) {
    throw new LabError('VALIDATION', `${issues[0].path}: ${issues[0].message}`, issues)
  }
}

function unreadableWorld(name: string, problem: string): LabError {
  return new LabError('STORE', `The saved world "${name}" cannot be opened: ${problem}. It was left in the database as it is.`, [{ path: 'worldId', message: 'saved world is unreadable' }])
}

function labelOfLab(r: LabProgressRecord): string {
  return `progress of lab "${r.lab_id}"`
}

/** Each repeated key after its first appearance, e.g. `worlds[3].id: same id as worlds[0]`. */
function duplicateIssues(keys: string[], arrayPath: string, field: string): ErrorIssue[] {
  const first = new Map<string, number>()
  const issues: ErrorIssue[] = []
  keys.forEach((key, i) => {
    const at = first.get(key)
    if (at === undefined) first.set(key, i)
    else issues.push({ path: `${arrayPath}[${i}].${field}`, message: `"${key}" is also ${arrayPath.split('.').pop()}[${at}]; each ${field} may appear once` })
  })
  return issues
}

export class ProgressStore {
  /** Rows skipped on read, by a stable label (`activity #12`), with why. */
  private readonly skipped = new Map<string, string>()
  private skippedAt: string | null = null

  constructor(
    private readonly db: Database,
    private readonly openNotices: StoreNotice[] = [],
    private readonly now: () => Date = () => new Date()
  ) {}

  get schemaVersion(): number {
    return SCHEMA_VERSION
  }

  /** What the learner should know about the store: from opening it, and rows skipped since. */
  get notices(): StoreNotice[] {
    if (this.skipped.size === 0 || !this.skippedAt) return [...this.openNotices]
    const named = [...this.skipped].slice(0, SKIPPED_NAMED).map(([label, problem]) => `${label} (${problem})`)
    const more = this.skipped.size > SKIPPED_NAMED ? ` and ${this.skipped.size - SKIPPED_NAMED} more` : ''
    return [
      ...this.openNotices,
      {
        kind: 'rows-skipped',
        message: `Some saved entries could not be read and were skipped; they were left in the database as they are: ${named.join('; ')}${more}.`,
        at: this.skippedAt
      }
    ]
  }

  private skip(label: string, err: unknown): void {
    const problem = problemOf(err)
    if (this.skipped.get(label) === problem) return
    this.skipped.set(label, problem)
    // A new `at` so the banner shows again when a new row is skipped after one was dismissed.
    this.skippedAt = this.now().toISOString()
  }

  /** Parses each row; a row that fails is skipped and named instead of failing the whole read. */
  private readEach<R, T>(rows: R[], label: (r: R) => string, parse: (r: R) => T): T[] {
    const out: T[] = []
    for (const r of rows) {
      try {
        out.push(parse(r))
      } catch (err) {
        this.skip(label(r), err)
      }
    }
    return out
  }

  // ---- settings ---------------------------------------------------------------------------

  getSettings(): Settings {
    const rows = this.db.all('SELECT key, value FROM settings') as { key: string; value: string }[]
    const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS }
    for (const r of rows) {
      if (!(r.key in DEFAULT_SETTINGS)) continue
      const one = Settings.shape[r.key as keyof Settings].safeParse(this.parseJson(r.value))
      if (one.success) merged[r.key] = one.data
      else this.skip(`setting "${r.key}"`, one.error)
    }
    return Settings.parse(merged)
  }

  private parseJson(text: string): unknown {
    try {
      return JSON.parse(text)
    } catch {
      return undefined
    }
  }

  updateSettings(patch: Partial<Settings>): Settings {
    const next = Settings.parse({ ...this.getSettings(), ...patch })
    transaction(this.db, () => {
      for (const [key, value] of Object.entries(patch)) {
        this.db.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [
          key,
          JSON.stringify(value)
        ])
      }
    })
    return next
  }

  // ---- internal app state (window bounds and the like; not progress, not exported) ----------

  getState<T>(key: string): T | undefined {
    const row = this.db.get('SELECT value FROM app_state WHERE key = ?', [key]) as { value: string } | null
    return row ? (this.parseJson(row.value) as T | undefined) : undefined
  }

  setState(key: string, value: unknown): void {
    this.db.run('INSERT INTO app_state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', [
      key,
      JSON.stringify(value)
    ])
  }

  // ---- activity ---------------------------------------------------------------------------

  recordActivity(a: Omit<Activity, 'at'>): Activity {
    const activity: Activity = { ...a, at: this.now().toISOString() }
    assertStorableText(activity, '')
    transaction(this.db, () => {
      this.db.run('INSERT INTO activity (kind, ref, title, route, at) VALUES (?, ?, ?, ?, ?)', [
        activity.kind,
        activity.ref,
        activity.title,
        activity.route,
        activity.at
      ])
      this.db.run('DELETE FROM activity WHERE id NOT IN (SELECT id FROM activity ORDER BY id DESC LIMIT ?)', [ACTIVITY_KEEP])
    })
    return activity
  }

  private activityRows(sql: string, params: BindValues = []): Activity[] {
    const rows = this.db.all(sql, params) as unknown as ActivityRecord[]
    return this.readEach(
      rows,
      (r) => `activity #${r.id}`,
      ({ id: _id, ...r }) => Activity.parse(r)
    )
  }

  private allActivity(): Activity[] {
    return this.activityRows('SELECT id, kind, ref, title, route, at FROM activity ORDER BY id ASC')
  }

  // ---- lab progress -----------------------------------------------------------------------

  getLabProgress(labId: string): LabProgressRow | null {
    const r = this.db.get('SELECT * FROM lab_progress WHERE lab_id = ?', [labId]) as LabProgressRecord | null
    return r ? (this.readEach([r], labelOfLab, (x) => this.toLabRow(x))[0] ?? null) : null
  }

  putLabProgress(row: LabProgressRow): LabProgressRow {
    const valid = LabProgressRow.parse(row)
    assertStorableText(valid, 'labProgress')
    this.db.run(
      `INSERT INTO lab_progress (lab_id, status, seed, current_step, score, started_at, updated_at, state)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(lab_id) DO UPDATE SET status = excluded.status, seed = excluded.seed,
         current_step = excluded.current_step, score = excluded.score, started_at = excluded.started_at,
         updated_at = excluded.updated_at, state = excluded.state`,
      [valid.labId, valid.status, valid.seed, valid.currentStep, valid.score, valid.startedAt, valid.updatedAt, JSON.stringify(valid.state)]
    )
    return valid
  }

  private toLabRow(r: LabProgressRecord): LabProgressRow {
    return LabProgressRow.parse({
      labId: r.lab_id,
      status: r.status,
      seed: r.seed,
      currentStep: r.current_step,
      score: r.score,
      startedAt: r.started_at,
      updatedAt: r.updated_at,
      state: JSON.parse(r.state)
    })
  }

  private allLabProgress(): LabProgressRow[] {
    const rows = this.db.all('SELECT * FROM lab_progress ORDER BY lab_id ASC') as unknown as LabProgressRecord[]
    return this.readEach(rows, labelOfLab, (r) => this.toLabRow(r))
  }

  // ---- sandbox worlds ---------------------------------------------------------------------

  /** Every saved world with its actions (export); a world this version cannot read is skipped and named. */
  listWorlds(): WorldRow[] {
    const out: WorldRow[] = []
    for (const r of this.worldRecords()) {
      try {
        out.push(this.toWorldRow(r))
      } catch (err) {
        this.skip(`saved world "${r.name}"`, err)
      }
    }
    return out
  }

  /**
   * The world list, without loading any actions: a world whose saved log is damaged or no longer
   * replays (`markWorldProblem`) is listed in `unreadable` with why, and left in the database.
   */
  readWorlds(): { worlds: WorldIndexEntry[]; unreadable: UnreadableWorld[] } {
    const worlds: WorldIndexEntry[] = []
    const unreadable: UnreadableWorld[] = []
    for (const r of this.worldRecords()) {
      if (r.problem) unreadable.push({ id: r.id, name: r.name, problem: r.problem })
      else worlds.push({ id: r.id, name: r.name, seed: r.seed, actionCount: r.action_count, createdAt: r.created_at, updatedAt: r.updated_at })
    }
    return { worlds, unreadable }
  }

  private worldRecords(): WorldRecord[] {
    return this.db.all('SELECT * FROM worlds ORDER BY updated_at DESC, id ASC') as unknown as WorldRecord[]
  }

  getWorld(id: string): WorldRow | null {
    const r = this.db.get('SELECT * FROM worlds WHERE id = ?', [id]) as WorldRecord | null
    if (!r) return null
    if (r.problem) throw unreadableWorld(r.name, r.problem)
    let row: WorldRow
    try {
      row = this.toWorldRow(r)
    } catch (err) {
      // Found damaged on open: listed as unreadable from now on, and left as it is.
      const problem = problemOf(err)
      this.markWorldProblem(id, problem)
      throw unreadableWorld(r.name, problem)
    }
    // A log an earlier release saved, upgraded on read (world/migrate.ts), is saved upgraded once.
    if (row.actions.length !== r.action_count) this.putWorld(row)
    return row
  }

  /** Saves a world and its whole action log (create, import, a log rewritten). */
  putWorld(row: WorldRow): WorldRow {
    const valid = WorldRow.parse(row)
    assertStorableText(valid, 'world')
    transaction(this.db, () => {
      this.db.run(
        `INSERT INTO worlds (id, name, seed, action_count, problem, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)
         ON CONFLICT(id) DO UPDATE SET name = excluded.name, seed = excluded.seed, action_count = excluded.action_count, problem = NULL, updated_at = excluded.updated_at`,
        [valid.id, valid.name, valid.seed, valid.actions.length, valid.createdAt, valid.updatedAt]
      )
      this.db.run('DELETE FROM world_actions WHERE world_id = ?', [valid.id])
      valid.actions.forEach((a, i) => this.db.run('INSERT INTO world_actions (world_id, idx, action) VALUES (?, ?, ?)', [valid.id, i, JSON.stringify(a)]))
    })
    return valid
  }

  /**
   * Appends one action to a saved world: one row, whatever the log's length. `index` is where the
   * caller's copy of the log ends; a world changed meanwhile (or gone) is a CONFLICT / NOT_FOUND and
   * nothing is written.
   */
  appendWorldAction(id: string, index: number, action: WorldRow['actions'][number], updatedAt: string): void {
    const valid = WorldRow.shape.actions.element.parse(action)
    assertStorableText(valid, 'action')
    transaction(this.db, () => {
      const r = this.db.get('SELECT action_count FROM worlds WHERE id = ?', [id]) as { action_count: number } | null
      if (!r) throw new LabError('NOT_FOUND', `No sandbox world with id "${id}".`, [{ path: 'worldId', message: 'no such world' }])
      if (r.action_count !== index) {
        throw new LabError('CONFLICT', `The world changed while this action was applied (it has ${r.action_count} actions, not ${index}); reload it and try again.`, [{ path: 'worldId', message: 'changed meanwhile' }])
      }
      this.db.run('INSERT INTO world_actions (world_id, idx, action) VALUES (?, ?, ?)', [id, index, JSON.stringify(valid)])
      this.db.run('UPDATE worlds SET action_count = ?, updated_at = ? WHERE id = ?', [index + 1, updatedAt, id])
    })
  }

  /** Records (or clears, with null) why a saved world cannot be opened; it stays in the database. */
  markWorldProblem(id: string, problem: string | null): void {
    this.db.run('UPDATE worlds SET problem = ? WHERE id = ?', [problem === null ? null : problem.slice(0, 500), id])
  }

  /** Deletes a saved world, its actions, and the activity entries that open it (Recent never links to a world that is gone). */
  deleteWorld(id: string): boolean {
    let deleted = false
    transaction(this.db, () => {
      this.db.run('DELETE FROM world_actions WHERE world_id = ?', [id])
      deleted = this.db.run('DELETE FROM worlds WHERE id = ?', [id]).changes > 0
      if (deleted) this.db.run("DELETE FROM activity WHERE kind = 'sandbox' AND ref = ?", [id])
    })
    return deleted
  }

  private toWorldRow(r: WorldRecord): WorldRow {
    const rows = this.db.all('SELECT action FROM world_actions WHERE world_id = ? ORDER BY idx ASC', [r.id]) as unknown as { action: string }[]
    if (rows.length !== r.action_count) throw new Error(`it should have ${r.action_count} saved actions but has ${rows.length}`)
    const row = WorldRow.parse({ id: r.id, name: r.name, seed: r.seed, actions: rows.map((x) => JSON.parse(x.action) as unknown), createdAt: r.created_at, updatedAt: r.updated_at })
    // A log an earlier release saved gets what this release needs to replay it (world/migrate.ts).
    return { ...row, actions: migrateActionLog(row.actions) }
  }

  // ---- summary, reset ---------------------------------------------------------------------

  summary() {
    const recent = this.activityRows('SELECT id, kind, ref, title, route, at FROM activity ORDER BY id DESC LIMIT ?', [RECENT_LIMIT])
    const labProgress = this.allLabProgress()
    return {
      lastActivity: recent[0] ?? null,
      recent,
      labs: {
        started: labProgress.filter((l) => l.status !== 'not_started').length,
        done: labProgress.filter((l) => l.status === 'done' || l.status === 'done_assisted').length,
        doneAssisted: labProgress.filter((l) => l.status === 'done_assisted').length
      },
      labProgress
    }
  }

  /** How many lab progress rows, activity entries and saved worlds (readable or not) the store holds. */
  counts(): StoreCounts {
    const n = (table: string): number => (this.db.get(`SELECT COUNT(*) AS n FROM ${table}`) as { n: number }).n
    return { labProgress: n('lab_progress'), activity: n('activity'), worlds: n('worlds') }
  }

  /** Deletes every lab's progress and the activity history; saved worlds and settings stay. */
  resetLabProgress(): StoreCounts {
    const deleted = { ...this.counts(), worlds: 0 }
    transaction(this.db, () => this.db.exec('DELETE FROM activity; DELETE FROM lab_progress;'))
    this.forgetSkipped()
    return deleted
  }

  /** Deletes every saved world and the activity entries that open one; lab progress and settings stay. */
  deleteAllWorlds(): StoreCounts {
    let deleted: StoreCounts = { labProgress: 0, activity: 0, worlds: 0 }
    transaction(this.db, () => {
      const worlds = this.db.run('DELETE FROM worlds').changes
      this.db.run('DELETE FROM world_actions')
      const activity = this.db.run("DELETE FROM activity WHERE kind = 'sandbox'").changes
      deleted = { labProgress: 0, activity, worlds }
    })
    this.forgetSkipped()
    return deleted
  }

  renameWorld(id: string, name: string, updatedAt: string): boolean {
    assertStorableText(name, 'name')
    return this.db.run('UPDATE worlds SET name = ?, updated_at = ? WHERE id = ?', [name, updatedAt, id]).changes > 0
  }

  /** Whether a saved world (readable or not) has this id, with its name and length. */
  worldEntry(id: string): { id: string; name: string; actionCount: number; createdAt: string } | null {
    const r = this.db.get('SELECT id, name, action_count, created_at FROM worlds WHERE id = ?', [id]) as { id: string; name: string; action_count: number; created_at: string } | null
    return r ? { id: r.id, name: r.name, actionCount: r.action_count, createdAt: r.created_at } : null
  }

  // ---- one world's file -------------------------------------------------------------------

  exportWorldFile(id: string, appName: string, appVersion: string): { fileName: string; content: string } | null {
    const row = this.getWorld(id)
    if (!row) return null
    const world = { id: row.id, name: row.name, seed: row.seed, actions: row.actions }
    const file: WorldFile = {
      format: WORLD_FILE_FORMAT,
      formatVersion: WORLD_FILE_VERSION,
      exportedAt: this.now().toISOString(),
      app: { name: appName, version: appVersion },
      sha256: sha256Hex(JSON.stringify(world)),
      world
    }
    const slug = row.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'world'
    return { fileName: `mlops-lab-world-${slug}.json`, content: JSON.stringify(file, null, 2) }
  }

  /** A world file, validated completely (format, version, checksum, every action); nothing is written. */
  readWorldFile(content: string): WorldFile {
    const file = readExportFile(content, { format: WORLD_FILE_FORMAT, version: WORLD_FILE_VERSION, noun: 'world file', payloadKey: 'world', schema: WorldFile })
    return { ...file, world: { ...file.world, actions: migrateActionLog(file.world.actions) } }
  }

  /** After a store-wide replacement the skipped rows are gone, and so is the notice about them. */
  private forgetSkipped(): void {
    this.skipped.clear()
    this.skippedAt = null
  }

  // ---- export / import --------------------------------------------------------------------

  exportData(): ProgressData {
    return { settings: this.getSettings(), activity: this.allActivity(), labProgress: this.allLabProgress(), worlds: this.listWorlds().sort((a, b) => a.id.localeCompare(b.id)) }
  }

  exportFile(appName: string, appVersion: string): { fileName: string; content: string } {
    const data = this.exportData()
    const file: ProgressFile = {
      format: PROGRESS_FILE_FORMAT,
      formatVersion: PROGRESS_FILE_VERSION,
      exportedAt: this.now().toISOString(),
      app: { name: appName, version: appVersion },
      sha256: sha256Hex(JSON.stringify(data)),
      data
    }
    const day = file.exportedAt.slice(0, 10)
    return { fileName: `mlops-lab-progress-${day}.json`, content: JSON.stringify(file, null, 2) }
  }

  /** A progress file, validated completely (format, version, checksum, rows, duplicates); nothing is written. */
  readProgressFile(content: string): ProgressFile {
    const file = readExportFile(content, { format: PROGRESS_FILE_FORMAT, version: PROGRESS_FILE_VERSION, noun: 'progress export', payloadKey: 'data', schema: ProgressFile })
    const { data } = file
    const duplicates = [...duplicateIssues(data.worlds.map((w) => w.id), 'content.data.worlds', 'id'), ...duplicateIssues(data.labProgress.map((l) => l.labId), 'content.data.labProgress', 'labId')]
    if (duplicates.length > 0) {
      throw new LabError('VALIDATION', `This progress file has the same entry twice (${duplicates[0].path}: ${duplicates[0].message}). Nothing was imported.`, duplicates)
    }
    return file
  }

  /** What a progress file holds against what is here now, without changing anything. */
  inspectProgressFile(content: string): { exportedAt: string; app: { name: string; version: string }; file: StoreCounts; current: StoreCounts } {
    const { exportedAt, app, data } = this.readProgressFile(content)
    return { exportedAt, app, file: { labProgress: data.labProgress.length, activity: data.activity.length, worlds: data.worlds.length }, current: this.counts() }
  }

  /**
   * Replaces all progress with the file's, in one transaction. Nothing is changed unless the whole
   * file is valid: JSON, our format marker, a matching checksum, and every row well-formed.
   */
  importFile(content: string): { activity: number; labProgress: number; worlds: number } {
    const { data } = this.readProgressFile(content)
    transaction(this.db, () => {
      this.db.exec('DELETE FROM activity; DELETE FROM lab_progress; DELETE FROM settings; DELETE FROM world_actions; DELETE FROM worlds;')
      for (const [key, value] of Object.entries(data.settings)) {
        this.db.run('INSERT INTO settings (key, value) VALUES (?, ?)', [key, JSON.stringify(value)])
      }
      for (const a of data.activity) {
        this.db.run('INSERT INTO activity (kind, ref, title, route, at) VALUES (?, ?, ?, ?, ?)', [a.kind, a.ref, a.title, a.route, a.at])
      }
      for (const l of data.labProgress) this.putLabProgress(l)
      for (const w of data.worlds) this.putWorld({ ...w, actions: migrateActionLog(w.actions) })
    })
    this.forgetSkipped()
    return { activity: data.activity.length, labProgress: data.labProgress.length, worlds: data.worlds.length }
  }

  /** Closes the database (and frees its lock). Closing twice is harmless. */
  close(): void {
    if (this.db.isOpen) this.db.close()
  }
}

