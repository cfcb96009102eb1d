/**
 * The one-world file (store/export-file.ts, ProgressStore.exportWorldFile/readWorldFile), as laws:
 * a file read back holds exactly the log that was saved, so replaying it gives the same world;
 * any edit to what the checksum covers is refused before anything is read; counting and the two
 * resets delete only what they name.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { SandboxAction } from '../../../src/shared/contract'
import { LabError } from '../../../src/shared/errors'
import { openDatabase } from '../../../src/main/store/database'
import { ProgressStore, sha256Hex } from '../../../src/main/store/progress-store'
import { World, worldParts } from '../../../src/main/sandbox/world'

const NOW = '2026-11-25T10:00:00.000Z'

function freshStore(): ProgressStore {
  const { db } = openDatabase(join(mkdtempSync(join(tmpdir(), 'world-file-')), 'lab.sqlite'))
  return new ProgressStore(db, [], () => new Date(NOW))
}

/** A log that replays: an endpoint, then the clock in a few steps. */
const logArb = fc.record({
  rpm: fc.integer({ min: 10, max: 600 }),
  count: fc.integer({ min: 1, max: 3 }),
  steps: fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 0, maxLength: 4 })
}).map(({ rpm, count, steps }): SandboxAction[] => [
  {
    type: 'CreateEndpoint',
    EndpointName: 'ep',
    ProductionVariants: [{ VariantName: 'AllTraffic', InstanceType: 'ml.m5.large', InitialInstanceCount: count, ModelPreset: 'xgboost-tabular' }],
    Traffic: { pattern: 'steady', baseRpm: rpm, noise: 'none' }
  } as SandboxAction,
  ...steps.map((Minutes): SandboxAction => ({ type: 'AdvanceClock', Minutes }))
])

describe('world file', () => {
  it('read back, a file holds exactly the saved log, and replaying it gives the same world', () => {
    const store = freshStore()
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9-]{1,12}$/), fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0 && !s.includes('\u0000')), logArb, (seed, name, actions) => {
        const id = `w-${seed}`
        store.putWorld({ id, name: name.trim(), seed, actions, createdAt: NOW, updatedAt: NOW })
        const file = store.exportWorldFile(id, 'MLOps Lab', 'test')!
        const read = store.readWorldFile(file.content)
        expect(read.world).toEqual({ id, name: name.trim(), seed, actions })
        expect(worldParts(World.replay(read.world.seed, read.world.actions))).toEqual(worldParts(World.replay(seed, actions)))
      }),
      { numRuns: 25 }
    )
  })

  it('any change to the world the checksum covers is refused, naming content.sha256', () => {
    const store = freshStore()
    store.putWorld({ id: 'w1', name: 'Study', seed: 's1', actions: [{ type: 'AdvanceClock', Minutes: 5 }], createdAt: NOW, updatedAt: NOW })
    const file = JSON.parse(store.exportWorldFile('w1', 'MLOps Lab', 'test')!.content)
    expect(file.sha256).toBe(sha256Hex(JSON.stringify(file.world)))
    fc.assert(
      fc.property(fc.constantFrom('name', 'seed', 'id'), fc.string({ minLength: 1, maxLength: 5 }), (field, suffix) => {
        const edited = { ...file, world: { ...file.world, [field]: file.world[field] + suffix } }
        let caught: unknown
        try {
          store.readWorldFile(JSON.stringify(edited))
        } catch (err) {
          caught = err
        }
        expect(caught).toBeInstanceOf(LabError)
        expect((caught as LabError).issues[0].path).toBe('content.sha256')
      }),
      { numRuns: 30 }
    )
  })

  it('counts and the two resets: lab progress goes with the activity, worlds go with the activity that opens them', () => {
    const store = freshStore()
    store.putWorld({ id: 'w1', name: 'A', seed: 's1', actions: [], createdAt: NOW, updatedAt: NOW })
    store.putWorld({ id: 'w2', name: 'B', seed: 's2', actions: [{ type: 'AdvanceClock', Minutes: 1 }], createdAt: NOW, updatedAt: NOW })
    store.putLabProgress({ labId: 'lab-a', status: 'in_progress', seed: 1, currentStep: 0, score: null, startedAt: NOW, updatedAt: NOW, state: {} })
    store.recordActivity({ kind: 'sandbox', ref: 'w1', title: 'A', route: '/sandbox?world=w1' })
    store.recordActivity({ kind: 'lab', ref: 'lab-a', title: 'Lab A', route: '/labs/lab-a' })
    store.updateSettings({ theme: 'dark' })
    expect(store.counts()).toEqual({ labProgress: 1, activity: 2, worlds: 2 })

    expect(store.deleteAllWorlds()).toEqual({ labProgress: 0, activity: 1, worlds: 2 })
    expect(store.counts()).toEqual({ labProgress: 1, activity: 1, worlds: 0 })
    // No orphaned action rows are left behind.
    const db = (store as unknown as { db: { get(sql: string): unknown } }).db
    expect(db.get('SELECT COUNT(*) AS n FROM world_actions')).toEqual({ n: 0 })
    store.putWorld({ id: 'w2', name: 'B again', seed: 's2', actions: [], createdAt: NOW, updatedAt: NOW })

    expect(store.resetLabProgress()).toEqual({ labProgress: 1, activity: 1, worlds: 0 })
    expect(store.counts()).toEqual({ labProgress: 0, activity: 0, worlds: 1 })
    expect(store.getSettings().theme).toBe('dark')
  })
})
