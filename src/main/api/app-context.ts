/**
 * Everything a host (Electron main or the browser-mode server) owns: the store and the handlers.
 * Both hosts build their handlers here, so they behave identically.
 */
import { join } from 'node:path'
import pkg from '../../../package.json'
import type { Handlers } from './dispatch'
import { openDatabase } from '../store/database'
import { ProgressStore } from '../store/progress-store'
import { createSandboxHandlers } from './sandbox-handlers'

export const APP_NAME = 'MLOps Lab'
export const APP_VERSION: string = pkg.version

export interface HostInfo {
  host: 'electron' | 'browser'
  platform: string
  dataDir: string
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
  const { db, notices } = openDatabase(databasePath(info.dataDir))
  const store = new ProgressStore(db, notices)

  const handlers: Handlers = {
    ...createSandboxHandlers(store),
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
