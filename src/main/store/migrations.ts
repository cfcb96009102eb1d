/**
 * Numbered schema migrations. Migration i takes the database from `user_version` i to i+1.
 * Never edit a released migration: add a new one. The tables are the learner's progress, which
 * export/import round-trips (see progress-store.ts).
 */
export const MIGRATIONS: readonly string[] = [
  // 1: settings, activity (continue where you left off), per-lab progress
  `
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE activity (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind  TEXT NOT NULL,
    ref   TEXT NOT NULL,
    title TEXT NOT NULL,
    route TEXT NOT NULL,
    at    TEXT NOT NULL
  );
  CREATE INDEX activity_at ON activity (at);
  CREATE TABLE lab_progress (
    lab_id       TEXT PRIMARY KEY,
    status       TEXT NOT NULL,
    seed         INTEGER NOT NULL,
    current_step INTEGER NOT NULL,
    score        REAL,
    started_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    state        TEXT NOT NULL
  );
  CREATE TABLE app_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: sandbox worlds, saved as their seed plus the ordered list of actions taken in them
  `
  CREATE TABLE worlds (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    seed       TEXT NOT NULL,
    actions    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  `
]

export const SCHEMA_VERSION = MIGRATIONS.length
