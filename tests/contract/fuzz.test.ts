/**
 * Fuzz over every channel in the contract, through the HTTP transport: schema-shaped near-valid
 * requests and arbitrary JSON (tests/helpers/fuzz-requests.ts). No answer may be a 500 or an
 * INTERNAL error (responses are also checked against their schemas, so a handler drifting from the
 * contract counts too), and the host must still answer `app.info` afterwards.
 *
 * Bounded for `npm test` (a fixed seed, a few requests per channel, then some to channels picked at
 * random so that a reset, an import or a delete is followed by use of what it removed); `npm run bench -- --only
 * reliability` runs it far longer with fresh seeds. FUZZ_RUNS and FUZZ_SEED override the defaults.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract } from '../../src/shared/contract'
import { createAppContext, type AppContext } from '../../src/main/api/app-context'
import { httpTransport, type Transport } from '../helpers/transports'
import { fuzzChannels } from '../helpers/fuzz-run'

const RUNS_PER_CHANNEL = Number(process.env.FUZZ_RUNS ?? 10)
const MIXED_RUNS = Number(process.env.FUZZ_MIXED ?? 100)
const SEED = Number(process.env.FUZZ_SEED ?? 20261125)

describe('fuzz: every channel over HTTP', () => {
  let ctx: AppContext
  let t: Transport

  beforeAll(async () => {
    ctx = createAppContext({ host: 'browser', platform: 'test', dataDir: mkdtempSync(join(tmpdir(), 'fuzz-')) })
    t = await httpTransport(ctx.handlers)
  })
  afterAll(async () => {
    await t?.close()
    ctx?.close()
  })

  it('no request over any channel is answered with a 500 or INTERNAL, and app.info still answers', { timeout: 120_000 }, async () => {
    const channels = Object.keys(contract)
    const result = await fuzzChannels(t, channels, { runsPerChannel: RUNS_PER_CHANNEL, mixedRuns: MIXED_RUNS, seed: SEED })
    expect(result.sent).toBe(channels.length * RUNS_PER_CHANNEL + MIXED_RUNS)
    expect(new Set(result.channelsHit)).toEqual(new Set(channels))
    expect(result.failures).toEqual([])
    const info = await t.call('app.info', {})
    expect(info.ok).toBe(true)
  })

  it('what the fuzz found stays fixed: acting on a world a reset removed, and drift over values that overflow', async () => {
    const world = await t.call('sandbox.createWorld', { name: 'Found', seed: 'found' })
    const worldId = world.ok ? (world.data as { id: string }).id : ''
    expect((await t.call('sandbox.act', { worldId, action: { type: 'AdvanceClock', Minutes: 1 } })).ok).toBe(true)
    await t.call('progress.reset', { confirm: true, what: 'worlds' })
    const acted = await t.call('sandbox.act', { worldId, action: { type: 'AdvanceClock', Minutes: 1 } })
    expect(!acted.ok && [acted.error.code, (acted as { status?: number }).status]).toEqual(['NOT_FOUND', 404])

    const drift = await t.call('monitor.compareDistributions', { baseline: [0, 1, 2, 3, 4, 5], current: [0, 1e308, 2, 3, 4, 5], method: 'wasserstein' })
    expect(!drift.ok && drift.error.issues[0].path).toBe('current[1]')
    expect((drift as { status?: number }).status).toBe(400)

    // A model of 1e-49 ms per request once made MaxInvocations pass the largest safe integer (a 500).
    const tiny = await t.call('cost.recommend', { seed: 1, model: { cpuMsPerRequest: 1e-49, memoryGiB: 1, payloadKiB: 1 } })
    expect(!tiny.ok && [tiny.error.issues[0].path, (tiny as { status?: number }).status]).toEqual(['model.cpuMsPerRequest', 400])
  })
})
