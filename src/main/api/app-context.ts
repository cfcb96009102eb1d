/**
 * Everything a host (Electron main or the browser-mode server) owns: the store and the handlers.
 * Both hosts build their handlers here, so they behave identically.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import pkg from '../../../package.json'
import type { Handlers } from './dispatch'
import { openDatabase } from '../store/database'
import type { HostLock } from '../store/host-lock'
import { ProgressStore } from '../store/progress-store'
import { createSandboxHandlers } from './sandbox-handlers'
import { createLabHandlers } from './lab-handlers'
import { createCostHandlers } from './cost-handlers'
import { createMonitorHandlers } from './monitor-handlers'
import { createDeployHandlers } from './deploy-handlers'
import { createEventsHandlers } from './events-handlers'
import { loadLabs, readExamItemIds } from '../labs/loader'

export const APP_NAME = 'MLOps Lab'
export const APP_VERSION: string = pkg.version

export interface HostInfo {
  host: 'electron' | 'browser'
  platform: string
  dataDir: string
  /** The app's `resources` folder (labs, content). Default: found next to the built code or the sources. */
  resourcesDir?: string
  /** The data folder's host lock, held by the caller: lets the store remove a SQLite lock a crash left. */
  hostLock?: HostLock
}

/** `resources/` beside the project: from out/main/*.js and from src/main/api/*.ts alike. */
export function defaultResourcesDir(): string {
  for (const up of ['../..', '../../..']) {
    const dir = join(__dirname, up, 'resources')
    if (existsSync(join(dir, 'labs'))) return dir
  }
  return join(__dirname, '../../resources')
}

export interface AppContext {
  store: ProgressStore
  handlers: Handlers
  close(): void
}

export interface ContextHooks {
  /** Electron applies the theme to native UI (title bar, menus) when the setting changes. */
  onSettingsChanged?: (settings: ReturnType<ProgressStore['getSettings']>) => void
}

export function databasePath(dataDir: string): string {
  return join(dataDir, 'mlops-lab.sqlite')
}

export function createAppContext(info: HostInfo, hooks: ContextHooks = {}): AppContext {
  const { db, notices, removedStaleLock } = openDatabase(databasePath(info.dataDir), { hostLock: info.hostLock })
  if (removedStaleLock) console.warn(`[store] MLOps Lab did not shut down cleanly last time; removed the stale lock on ${databasePath(info.dataDir)}.`)
  const store = new ProgressStore(db, notices)
  const resources = info.resourcesDir ?? defaultResourcesDir()
  const examItemIds = readExamItemIds(join(resources, 'content', 'exam-domain4.json'))
  const loaded = loadLabs(join(resources, 'labs'), examItemIds)
  for (const e of loaded.errors) console.warn(`[labs] ${e.file}${e.line ? `:${e.line}` : ''} ${e.field}: ${e.message}`)

  const handlers: Handlers = {
    ...createSandboxHandlers(store),
    ...createLabHandlers(store, { labs: loaded.labs, errors: loaded.errors, examItemIds }),
    ...createCostHandlers(),
    ...createMonitorHandlers(),
    ...createDeployHandlers(),
    ...createEventsHandlers(),
    'app.info': () => ({
      name: APP_NAME,
      version: APP_VERSION,
      host: info.host,
      platform: info.platform,
      dataDir: info.dataDir,
      schemaVersion: store.schemaVersion,
      notices: store.notices
    }),
    'settings.get': () => store.getSettings(),
    'settings.update': (patch) => {
      const next = store.updateSettings(patch)
      hooks.onSettingsChanged?.(next)
      return next
    },
    'progress.summary': () => store.summary(),
    'progress.recordActivity': (a) => store.recordActivity(a),
    'progress.reset': () => {
      store.reset()
      hooks.onSettingsChanged?.(store.getSettings())
      return { ok: true as const }
    },
    'progress.export': () => store.exportFile(APP_NAME, APP_VERSION),
    'progress.import': ({ content }) => {
      const imported = store.importFile(content)
      hooks.onSettingsChanged?.(store.getSettings())
      return { imported }
    }
  }

  return { store, handlers, close: () => store.close() }
}
