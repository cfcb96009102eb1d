/**
 * Everything a host (Electron main or the browser-mode server) owns: the store and the handlers.
 * Both hosts build their handlers here, so they behave identically.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import pkg from '../../../package.json'
import type { BodyAnswer, Handlers, Offloader } from './dispatch'
import type { Envelope } from '../../shared/contract'
import { openDatabase } from '../store/database'
import type { HostLock } from '../store/host-lock'
import { ProgressStore } from '../store/progress-store'
import { createSandboxHandlers } from './sandbox-handlers'
import { createLabHandlers } from './lab-handlers'
import { STATELESS_CHANNELS, type StatelessChannel } from './stateless'
import { loadLabs, readExamItemIds } from '../labs/loader'
import { InlineExecutor, ThreadPool, type Executor } from '../jobs/executor'
import { JobManager } from '../jobs/manager'
import { inlineSession, threadSession, type SessionClient } from '../session/client'
import { Session } from '../session/session'

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
  /** With worker threads: the stateless channels, parsed, validated and answered in the pool. */
  offload?: Offloader
  /** Closes the store and stops the worker threads. */
  close(): void
}

/**
 * Where simulation runs. `threads` (the hosts): the session in one worker thread and stateless
 * requests and job chunks in a pool of one worker per core, all from `workerFile` (out/main/worker.js),
 * so no request holds up the thread that answers. `inline` (tests): all of it in this thread.
 */
export type Runtime = { kind: 'inline' } | { kind: 'threads'; workerFile: string; poolSize?: number }

/** The hosts' runtime: worker threads from the built worker beside them (out/main/worker.js). */
export function hostRuntime(dir: string): Runtime {
  const workerFile = join(dir, 'worker.js')
  if (existsSync(workerFile)) return { kind: 'threads', workerFile }
  console.warn(`[host] ${workerFile} is missing: simulating on the request thread (run electron-vite build).`)
  return { kind: 'inline' }
}

export interface ContextHooks {
  /** Electron applies the theme to native UI (title bar, menus) when the setting changes. */
  onSettingsChanged?: (settings: ReturnType<ProgressStore['getSettings']>) => void
}

export function databasePath(dataDir: string): string {
  return join(dataDir, 'mlops-lab.sqlite')
}

export function createAppContext(info: HostInfo, hooks: ContextHooks = {}, runtime: Runtime = { kind: 'inline' }): AppContext {
  const { db, notices, removedStaleLock } = openDatabase(databasePath(info.dataDir), { hostLock: info.hostLock })
  if (removedStaleLock) console.warn(`[store] MLOps Lab did not shut down cleanly last time; removed the stale lock on ${databasePath(info.dataDir)}.`)
  const store = new ProgressStore(db, notices)
  const resources = info.resourcesDir ?? defaultResourcesDir()
  const examItemIds = readExamItemIds(join(resources, 'content', 'exam-domain4.json'))
  const loaded = loadLabs(join(resources, 'labs'), examItemIds)
  for (const e of loaded.errors) console.warn(`[labs] ${e.file}${e.line ? `:${e.line}` : ''} ${e.field}: ${e.message}`)

  const session: SessionClient = runtime.kind === 'threads' ? threadSession(runtime.workerFile, resources) : inlineSession(new Session(loaded.labs))
  const executor: Executor = runtime.kind === 'threads' ? new ThreadPool(runtime.workerFile, runtime.poolSize) : new InlineExecutor()
  const jobs = new JobManager(executor)
  const stateless = Object.fromEntries(STATELESS_CHANNELS.map((c) => [c, (req: unknown) => executor.task(c, req)])) as unknown as Pick<Handlers, StatelessChannel>

  const handlers: Handlers = {
    ...createSandboxHandlers(store, session, { name: APP_NAME, version: APP_VERSION }),
    ...createLabHandlers(store, { labs: loaded.labs, errors: loaded.errors, examItemIds }, session),
    ...stateless,
    'jobs.start': (req) => jobs.start(req),
    'jobs.get': ({ jobId }) => jobs.get(jobId),
    'jobs.cancel': ({ jobId }) => jobs.cancel(jobId),
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
    'progress.counts': () => store.counts(),
    'progress.reset': async ({ what }) => {
      const deleted = what === 'worlds' ? store.deleteAllWorlds() : store.resetLabProgress()
      // Every cached world answers only while it matches its saved row; cleared anyway, so none outlives a store-wide change.
      await session.call('clear')
      return { ok: true as const, deleted }
    },
    'progress.export': () => store.exportFile(APP_NAME, APP_VERSION),
    'progress.inspectImport': ({ content }) => store.inspectProgressFile(content),
    'progress.import': async ({ content }) => {
      const imported = store.importFile(content)
      await session.call('clear')
      // Each imported world is replayed once: one that no longer replays is listed as unreadable, with why.
      for (const w of store.listWorlds()) {
        const problem = await session.call('check', { id: w.id, seed: w.seed, actions: w.actions })
        if (problem) store.markWorldProblem(w.id, `it no longer replays in this version (${problem})`)
      }
      hooks.onSettingsChanged?.(store.getSettings())
      return { imported }
    }
  }

  const offload: Offloader | undefined =
    runtime.kind === 'threads'
      ? {
          channels: new Set<string>(STATELESS_CHANNELS),
          body: (channel, body) => executor.dispatch(channel as StatelessChannel, { body }) as Promise<BodyAnswer>,
          request: (channel, raw) => executor.dispatch(channel as StatelessChannel, { request: raw }) as Promise<Envelope<unknown>>,
          parseJson: (bytes) => executor.parseJson(bytes)
        }
      : undefined

  return {
    store,
    handlers,
    ...(offload ? { offload } : {}),
    close: () => {
      store.close()
      void session.close()
      void executor.close()
    }
  }
}
