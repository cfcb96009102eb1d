/**
 * Reliability figures (issue #8): kills with writes in flight survived and acknowledged writes lost,
 * and a long fuzz over every channel (requests sent, 500s seen, slowest answer). The fuzz uses a
 * new seed each run and prints it, so a failure can be replayed with FUZZ_SEED in the fuzz test.
 */
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { contract } from '../../src/shared/contract'
import { createAppContext } from '../../src/main/api/app-context'
import { fuzzChannels } from '../helpers/fuzz-run'
import { freshDataDir, postJson, startLabServer, writeWorldsUntilKilled } from '../helpers/lab-server'
import { httpTransport } from '../helpers/transports'
import { report } from './util'

export async function killsWithWritesInFlight(kills = 7): Promise<{ kills: number; restarts: number; acknowledged: number; lost: number; corruptFiles: number }> {
  const dataDir = freshDataDir('bench-kill-')
  const acknowledged: string[] = []
  let restarts = 0
  for (let round = 0; round < kills; round++) {
    const server = await startLabServer(dataDir)
    if (round > 0) restarts++
    const { acked } = await writeWorldsUntilKilled(server, round, 4, 10 + Math.floor(Math.random() * 40))
    acknowledged.push(...acked)
  }
  const last = await startLabServer(dataDir)
  restarts++
  const listed = await postJson(last, 'sandbox.listWorlds', {})
  await last.stop()
  const names = new Set((listed.body.worlds as { name: string }[]).map((w) => w.name))
  return {
    kills,
    restarts,
    acknowledged: acknowledged.length,
    lost: acknowledged.filter((n) => !names.has(n)).length,
    corruptFiles: readdirSync(dataDir).filter((f) => f.includes('corrupt')).length
  }
}

export async function longFuzz(runsPerChannel = 250, mixedRuns = 3000, seed = Date.now() % 2 ** 31) {
  const ctx = createAppContext({ host: 'browser', platform: 'bench', dataDir: mkdtempSync(join(tmpdir(), 'bench-fuzz-')) })
  const t = await httpTransport(ctx.handlers)
  try {
    const result = await fuzzChannels(t, Object.keys(contract), { runsPerChannel, mixedRuns, seed })
    const info = await t.call('app.info', {})
    return { ...result, seed, aliveAfter: info.ok }
  } finally {
    await t.close()
    ctx.close()
  }
}

export async function runReliabilityBench(): Promise<void> {
  const k = await killsWithWritesInFlight()
  report(
    'kill -9 with writes in flight, then restart',
    `${k.restarts}/${k.kills} up`,
    k.lost === 0 && k.corruptFiles === 0 ? `goal: all up, none lost: ${k.acknowledged} acknowledged, 0 lost` : `LOST ${k.lost} of ${k.acknowledged}; ${k.corruptFiles} moved aside`
  )
  const f = await longFuzz()
  report(
    `Fuzz over ${Object.keys(contract).length} channels (seed ${f.seed})`,
    `${f.sent} sent`,
    `goal 0 × 500: ${f.failures.length} seen; app.info ${f.aliveAfter ? 'answers' : 'DOES NOT ANSWER'} after`,
    `slowest answer ${f.slowestMs.toFixed(0)} ms (${f.slowestChannel})`
  )
  for (const failure of f.failures.slice(0, 10)) console.log(`  500: ${failure.channel} ${failure.request} -> ${failure.code} ${failure.message}`)
}
