/**
 * The sandbox channels: worlds saved in the store as seed + actions, simulated by the session (a
 * worker thread in the hosts). A refused action leaves both the world in memory and the saved copy
 * untouched, because the world validates before it changes and the store is written only after;
 * a failed save evicts the world the session moved on, so memory never differs from disk. Requests
 * about one world run one after another, in the order they arrived.
 */
import { randomBytes, randomUUID } from 'node:crypto'
import type { ParsedReq, Res } from '../../shared/contract'
import { LabError } from '../../shared/errors'
import { INSTANCE_TYPES } from '../sandbox/catalog'
import { INCIDENT_KINDS, SIMPLIFICATIONS, TRAFFIC_PATTERNS } from '../sandbox/workload'
import { ACCOUNT_ID, REGION } from '../sandbox/core/account'
import { MODEL_PRESETS } from '../sandbox/sagemaker/presets'
import { MAX_ADVANCE_MINUTES, MAX_WORLD_MINUTES } from '../sandbox/world'
import type { SessionClient } from '../session/client'
import { NO_LONGER_REPLAYS, type WorldRef } from '../session/session'
import type { WorldParts } from '../sandbox/world'
import type { ProgressStore } from '../store/progress-store'
import type { Handlers } from './dispatch'
import { WORLD_READ_CHANNELS, type WorldReadChannel } from './world-reads'
import { MAX_VARIANT_MINUTES_PER_ACTION } from '../session/session'
import { SAGEMAKER_UPDATE_SIMPLIFICATIONS } from '../sandbox/sagemaker/simplifications'

export { MAX_METRIC_DATAPOINTS } from './world-reads'

/** What the sandbox simplifies beyond the workload model, shown in the console. */
export const WORLD_SIMPLIFICATIONS: readonly string[] = [
  'CreateEndpoint takes its variants inline; on AWS you create a model and an endpoint configuration first. CloudTrail still records CreateEndpointConfig and CreateEndpoint.',
  'A change to an endpoint, its scaling policy or its traffic starts a new simulation from that minute; a variant on the same instance type keeps its instance count, while queued requests and scaling cooldowns start afresh.',
  'Alarm actions and EventBridge targets deliver into the Notifications list instead of sending email, starting pipelines or invoking functions.',
  'Alarms are evaluated at the end of each period from the minute they were created; CloudWatch evaluates on its own schedule, usually within a minute of that.',
  'Prices are illustrative on-demand rates (us-east-1) with an as-of date; cost counts instance hours only.',
  'A refused call changes nothing and leaves no trace: AWS records failed calls in CloudTrail with their errorCode, the sandbox records only calls that succeeded.',
  `One action may simulate at most ${MAX_VARIANT_MINUTES_PER_ACTION.toLocaleString('en-US')} variant-minutes (live variants × minutes advanced), so a world with many variants advances in several steps; AWS has no such limit, the sandbox has it to stay responsive.`
]

type SandboxChannel =
  | 'sandbox.catalog'
  | 'sandbox.listWorlds'
  | 'sandbox.createWorld'
  | 'sandbox.getWorld'
  | 'sandbox.deleteWorld'
  | 'sandbox.renameWorld'
  | 'sandbox.duplicateWorld'
  | 'sandbox.exportWorld'
  | 'sandbox.inspectWorldFile'
  | 'sandbox.importWorld'
  | 'sandbox.act'
  | WorldReadChannel

function notFound(worldId: string): LabError {
  return new LabError('NOT_FOUND', `No sandbox world with id "${worldId}".`, [{ path: 'worldId', message: 'no such world' }])
}

/** A world file whose actions do not replay here: refused, naming the action and field (`content.world.actions[i].Field`). */
function notReplayable(message: string, issues: readonly { path: string; message: string }[]): LabError {
  const named = issues.filter((i) => i.path.startsWith('actions')).map((i) => ({ path: `content.world.${i.path}`, message: i.message }))
  return new LabError('VALIDATION', `This world file's actions do not replay in this version of MLOps Lab (${message}). Nothing was saved.`, [
    ...named,
    { path: 'content.world.actions', message: 'do not replay' }
  ])
}

export function createSandboxHandlers(store: ProgressStore, session: SessionClient, app: { name: string; version: string } = { name: 'MLOps Lab', version: '0' }): Pick<Handlers, SandboxChannel> {
  /** Requests about one world, one after another. */
  const queues = new Map<string, Promise<unknown>>()
  function serial<T>(worldId: string, fn: () => Promise<T>): Promise<T> {
    const before = queues.get(worldId) ?? Promise.resolve()
    const run = before.then(fn, fn)
    const settled = run.catch(() => undefined)
    queues.set(worldId, settled)
    void settled.then(() => {
      if (queues.get(worldId) === settled) queues.delete(worldId)
    })
    return run
  }

  function row(worldId: string): ReturnType<ProgressStore['getWorld']> & object {
    const r = store.getWorld(worldId)
    if (!r) {
      // Gone from the store (deleted, reset, import): the store is the truth.
      void session.call('evict', worldId)
      throw notFound(worldId)
    }
    return r
  }

  /** A call about a saved world; one that no longer replays is marked so the list names it. */
  async function withWorld<T>(worldId: string, fn: (ref: WorldRef, name: string) => Promise<T>): Promise<T> {
    const r = row(worldId)
    try {
      return await fn({ id: r.id, seed: r.seed, actions: r.actions }, r.name)
    } catch (err) {
      if (err instanceof LabError && err.code === 'STORE' && err.issues[0]?.message === NO_LONGER_REPLAYS) store.markWorldProblem(worldId, err.message)
      throw err
    }
  }

  const reads = Object.fromEntries(
    WORLD_READ_CHANNELS.map((channel) => [
      channel,
      (req: ParsedReq<WorldReadChannel>) => serial(req.worldId, () => withWorld(req.worldId, (ref) => session.call('read', channel, ref, req as never)))
    ])
  ) as unknown as Pick<Handlers, WorldReadChannel>

  return {
    'sandbox.catalog': () => ({
      instanceTypes: INSTANCE_TYPES.map((t) => ({
        name: t.name,
        family: t.family,
        category: t.category,
        vcpu: t.vcpu,
        memoryGiB: t.memoryGiB,
        accelerator: t.accelerator ? `${t.accelerator.count} × ${t.accelerator.name}` : null,
        pricePerHour: t.pricePerHour,
        priceAsOf: t.priceAsOf,
        priceSource: t.priceSource
      })),
      modelPresets: MODEL_PRESETS.map((p) => ({ id: p.id, label: p.label, description: p.description })),
      trafficPatterns: [...TRAFFIC_PATTERNS],
      incidentKinds: [...INCIDENT_KINDS],
      simplifications: [...SIMPLIFICATIONS, ...WORLD_SIMPLIFICATIONS, ...SAGEMAKER_UPDATE_SIMPLIFICATIONS],
      limits: { maxAdvanceMinutes: MAX_ADVANCE_MINUTES, maxWorldMinutes: MAX_WORLD_MINUTES },
      accountId: ACCOUNT_ID,
      region: REGION
    }),

    'sandbox.listWorlds': () => {
      const { worlds, unreadable } = store.readWorlds()
      return {
        worlds: worlds.map((w) => ({ id: w.id, name: w.name, seed: w.seed, actionCount: w.actionCount, updatedAt: w.updatedAt })),
        unreadable
      }
    },

    'sandbox.createWorld': async ({ name, seed }): Promise<Res<'sandbox.createWorld'>> => {
      const id = randomUUID()
      const now = new Date().toISOString()
      const worldSeed = seed ?? randomBytes(5).toString('hex')
      store.putWorld({ id, name, seed: worldSeed, actions: [], createdAt: now, updatedAt: now })
      return { id, name, ...(await session.call('create', id, worldSeed)) }
    },

    'sandbox.getWorld': ({ worldId }) => serial(worldId, () => withWorld(worldId, async (ref, name) => ({ id: worldId, name, ...(await session.call('summary', ref)) }))),

    'sandbox.deleteWorld': ({ worldId }) =>
      serial(worldId, async () => {
        if (!store.deleteWorld(worldId)) throw notFound(worldId)
        await session.call('evict', worldId)
        return { ok: true as const }
      }),

    'sandbox.renameWorld': ({ worldId, name }) =>
      serial(worldId, async () => {
        if (!store.renameWorld(worldId, name, new Date().toISOString())) throw notFound(worldId)
        return { id: worldId, name }
      }),

    'sandbox.duplicateWorld': ({ worldId, name }) =>
      serial(worldId, async (): Promise<Res<'sandbox.duplicateWorld'>> => {
        const r = row(worldId)
        const id = randomUUID()
        const now = new Date().toISOString()
        const parts = await session.call('summary', { id, seed: r.seed, actions: r.actions })
        store.putWorld({ id, name, seed: r.seed, actions: r.actions, createdAt: now, updatedAt: now })
        return { id, name, ...parts }
      }),

    'sandbox.exportWorld': ({ worldId }) =>
      serial(worldId, async () => {
        const file = store.exportWorldFile(worldId, app.name, app.version)
        if (!file) throw notFound(worldId)
        return file
      }),

    'sandbox.inspectWorldFile': async ({ content }) => {
      const file = store.readWorldFile(content)
      const problem = await session.call('validate', { id: file.world.id, seed: file.world.seed, actions: file.world.actions })
      if (problem) throw notReplayable(problem.message, problem.issues)
      return {
        name: file.world.name,
        seed: file.world.seed,
        actionCount: file.world.actions.length,
        exportedAt: file.exportedAt,
        app: file.app,
        sameId: ((e) => (e ? { id: e.id, name: e.name, actionCount: e.actionCount } : null))(store.worldEntry(file.world.id))
      }
    },

    'sandbox.importWorld': async ({ content, replace }): Promise<Res<'sandbox.importWorld'>> => {
      const { world } = store.readWorldFile(content)
      if (replace && !store.worldEntry(world.id)) {
        throw new LabError('VALIDATION', `replace: there is no saved world with this file's id ("${world.id}") to replace; import it as a new world instead.`, [
          { path: 'replace', message: 'no saved world has the file\'s id; use replace: false' }
        ])
      }
      const id = replace ? world.id : randomUUID()
      return serial(id, async () => {
        const now = new Date().toISOString()
        // The replaced world's cached copy must not answer for the new log.
        if (replace) await session.call('evict', id)
        let parts: WorldParts
        try {
          parts = await session.call('summary', { id, seed: world.seed, actions: world.actions })
        } catch (err) {
          // The session names a log that does not replay with NO_LONGER_REPLAYS, then the world's own issues.
          if (err instanceof LabError && err.issues[0]?.message === NO_LONGER_REPLAYS) throw notReplayable(err.issues.slice(1).map((i) => `${i.path}: ${i.message}`)[0] ?? err.message, err.issues.slice(1))
          throw err
        }
        const createdAt = (replace && store.worldEntry(id)?.createdAt) || now
        store.putWorld({ id, name: world.name, seed: world.seed, actions: world.actions, createdAt, updatedAt: now })
        return { id, name: world.name, ...parts }
      })
    },

    'sandbox.act': ({ worldId, action }) =>
      serial(worldId, () =>
        withWorld(worldId, async (ref, name) => {
          const parts = await session.call('act', ref, action)
          try {
            store.appendWorldAction(worldId, ref.actions.length, action, new Date().toISOString())
          } catch (err) {
            // Memory moved on, disk did not: forget the world so the next request replays the saved row.
            await session.call('evict', worldId)
            throw err
          }
          return { id: worldId, name, ...parts }
        })
      ),

    ...reads
  }
}
