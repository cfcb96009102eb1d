/**
 * The session: everything that simulates on behalf of a request — the sandbox worlds a learner has
 * open and the lab engine's scenario worlds. The hosts run it in a worker thread (client.ts), so
 * however long an action simulates, the thread that answers requests stays free; tests run it in
 * process. It holds no saved state of its own: every call brings the saved row it is about, and a
 * cached world is used only while it matches that row (same seed, same number of actions), so a
 * reset, an import or a failed save can never leave a stale world answering.
 *
 * Every method takes and returns plain JSON (it crosses a thread), and throws LabError for the
 * learner's mistakes, naming the field.
 */
import { LabError } from '../../shared/errors'
import type { ParsedReq, Res } from '../../shared/contract'
import type { SandboxAction } from '../../shared/contract/sandbox'
import type { CheckStepResult, StepRun } from '../../shared/contract/labs'
import { LabEngine, type Lab } from '../sandbox/labs'
import { World, worldParts, type WorldParts } from '../sandbox/world'
import { WORLD_READS, type WorldReadChannel } from '../api/world-reads'

/** What the session needs of a saved world. */
export interface WorldRef {
  id: string
  seed: string
  actions: SandboxAction[]
}

/** The first issue of the error a world that no longer replays throws (hosts mark the saved world). */
export const NO_LONGER_REPLAYS = 'no longer replays'

/**
 * The most simulation one action may ask for: variant-minutes (live variants × minutes advanced),
 * about ten seconds of work on a slow machine. A learner with many variants advances in steps.
 * Saved logs replay whatever they hold: the limit is on what a request adds.
 */
export const MAX_VARIANT_MINUTES_PER_ACTION = 300_000

/** Worlds kept simulated in memory, and the metric bytes they may hold together. */
const WORLD_CACHE_SIZE = 4
const WORLD_CACHE_BYTES = 768 * 2 ** 20

interface Cached {
  seed: string
  world: World
}

export class Session {
  private readonly worlds = new Map<string, Cached>()
  private readonly engine: LabEngine

  constructor(labs: readonly Lab[]) {
    this.engine = new LabEngine(labs)
  }

  // ---- worlds -------------------------------------------------------------------------------

  private remember(id: string, entry: Cached): World {
    this.worlds.delete(id)
    this.worlds.set(id, entry)
    let bytes = 0
    for (const c of this.worlds.values()) bytes += c.world.cloudwatch.metrics.byteSize()
    while (this.worlds.size > 1 && (this.worlds.size > WORLD_CACHE_SIZE || bytes > WORLD_CACHE_BYTES)) {
      const oldest = this.worlds.keys().next().value as string
      bytes -= this.worlds.get(oldest)!.world.cloudwatch.metrics.byteSize()
      this.worlds.delete(oldest)
    }
    return entry.world
  }

  /** The world of a saved row: the cached one if it is that row's, else replayed from the row. */
  private open(ref: WorldRef): World {
    const hit = this.worlds.get(ref.id)
    if (hit && hit.seed === ref.seed && hit.world.actions.length === ref.actions.length) return this.remember(ref.id, hit)
    let world: World
    try {
      world = World.replay(ref.seed, ref.actions)
    } catch (err) {
      if (!(err instanceof LabError)) throw err
      throw new LabError('STORE', `This saved world no longer replays in this version of MLOps Lab (${err.message}). It was left in the database as it is.`, [
        { path: 'worldId', message: NO_LONGER_REPLAYS },
        ...err.issues
      ])
    }
    return this.remember(ref.id, { seed: ref.seed, world })
  }

  create(id: string, seed: string): WorldParts {
    return worldParts(this.remember(id, { seed, world: new World(seed) }))
  }

  summary(ref: WorldRef): WorldParts {
    return worldParts(this.open(ref))
  }

  read<C extends WorldReadChannel>(channel: C, ref: WorldRef, request: ParsedReq<C>): Res<C> {
    const reader = WORLD_READS[channel] as (world: World, req: ParsedReq<C>) => Res<C>
    return reader(this.open(ref), request)
  }

  /**
   * Applies an action to a saved world and answers its new summary. The cached world moves on; the
   * caller saves the action, and on a failed save calls `evict` (the row no longer matches anyway).
   */
  act(ref: WorldRef, action: SandboxAction): WorldParts {
    const world = this.open(ref)
    if (action.type === 'AdvanceClock') {
      const variants = world.sagemaker.liveVariantCount()
      if (variants * action.Minutes > MAX_VARIANT_MINUTES_PER_ACTION) {
        const most = Math.floor(MAX_VARIANT_MINUTES_PER_ACTION / variants)
        throw new LabError(
          'PAYLOAD_TOO_LARGE',
          `action.Minutes: with ${variants} live variants one AdvanceClock simulates at most ${most.toLocaleString('en-US')} minutes (${(most / 1440).toFixed(1)} days; ${MAX_VARIANT_MINUTES_PER_ACTION.toLocaleString('en-US')} variant-minutes a request). Advance in steps.`,
          [{ path: 'action.Minutes', message: `at most ${most} with ${variants} live variants` }]
        )
      }
    }
    try {
      world.apply(action)
    } catch (err) {
      if (err instanceof LabError) {
        const issues = err.issues.map((i) => ({ path: i.path ? `action.${i.path}` : 'action', message: i.message }))
        throw new LabError(err.code, err.message, issues)
      }
      throw err
    }
    return worldParts(world)
  }

  evict(id: string): void {
    this.worlds.delete(id)
  }

  clear(): void {
    this.worlds.clear()
  }

  /** Why a saved world would not open (it is replayed to find out), or null. */
  check(ref: WorldRef): string | null {
    try {
      World.replay(ref.seed, ref.actions)
      return null
    } catch (err) {
      if (err instanceof LabError) return err.message.slice(0, 400)
      throw err
    }
  }

  /** Why an action log would not replay: the world's message and issues (paths `actions[i].Field`), or null. */
  validate(ref: WorldRef): { message: string; issues: { path: string; message: string }[] } | null {
    try {
      World.replay(ref.seed, ref.actions)
      return null
    } catch (err) {
      if (err instanceof LabError) return { message: err.message.slice(0, 400), issues: err.issues.slice(0, 20) }
      throw err
    }
  }

  // ---- labs ---------------------------------------------------------------------------------

  /** The run as the screen gets it (charted series at display precision); checks grade the full run. */
  labRun(labId: string, stepId: string, inputs: Record<string, unknown>, seed: number): StepRun {
    return this.engine.displayRun(labId, stepId, inputs, seed)
  }

  labCheck(labId: string, stepId: string, inputs: Record<string, unknown>, seed: number, solutionShown: boolean): CheckStepResult {
    return this.engine.checkStep(labId, stepId, inputs, seed, { solutionShown })
  }

  labSolution(labId: string, stepId: string, seed: number): { solution: Record<string, string | number>; explanation: string } {
    return this.engine.revealSolution(labId, stepId, seed)
  }

  /** A step opened in the sandbox: the world's seed and actions, proved to replay before they are saved. */
  labPlan(labId: string, stepId: string, inputs: Record<string, unknown>, seed: number): { seed: string; actions: SandboxAction[]; name: string } {
    const plan = this.engine.sandboxPlan(labId, stepId, inputs, seed)
    World.replay(plan.seed, plan.actions)
    return plan
  }
}

export type SessionMethod = 'create' | 'summary' | 'read' | 'act' | 'evict' | 'clear' | 'check' | 'validate' | 'labRun' | 'labCheck' | 'labSolution' | 'labPlan'
