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
  `,
  // 3: one row per world action, so an action appends a row instead of rewriting the whole log;
  //    a world that no longer replays keeps its rows and says why in `problem`. A row whose log is
  //    not valid JSON (damaged) keeps no actions and says so.
  `
  CREATE TABLE world_actions (
    world_id TEXT NOT NULL,
    idx      INTEGER NOT NULL,
    action   TEXT NOT NULL,
    PRIMARY KEY (world_id, idx)
  ) WITHOUT ROWID;
  INSERT INTO world_actions (world_id, idx, action)
    SELECT w.id, CAST(j.key AS INTEGER), j.value FROM worlds w, json_each(w.actions) j
    WHERE json_valid(w.actions) AND json_type(w.actions) = 'array';
  CREATE TABLE worlds_v3 (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    seed         TEXT NOT NULL,
    action_count INTEGER NOT NULL,
    problem      TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
  );
  INSERT INTO worlds_v3 (id, name, seed, action_count, problem, created_at, updated_at)
    SELECT id, name, seed,
      CASE WHEN json_valid(actions) AND json_type(actions) = 'array' THEN json_array_length(actions) ELSE 0 END,
      CASE WHEN json_valid(actions) AND json_type(actions) = 'array' THEN NULL ELSE 'its saved actions are damaged (not a JSON list)' END,
      created_at, updated_at
    FROM worlds;
  DROP TABLE worlds;
  ALTER TABLE worlds_v3 RENAME TO worlds;
  `
]

export const SCHEMA_VERSION = MIGRATIONS.length
