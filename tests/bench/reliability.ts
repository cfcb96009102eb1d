/**
 * Reliability figures (issue #8): kills with writes in flight survived and acknowledged writes lost,
 * and a long fuzz over every channel (requests sent, 500s seen, slowest answer). The fuzz uses a
 * new seed each run and prints it, so a failure can be replayed with FUZZ_SEED in the fuzz test.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs'
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

/** The host process's peak resident memory so far (Linux: VmHWM), MiB; null elsewhere. */
function peakRssMiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) / 1024 : null
  } catch {
    return null
  }
}

/**
 * The heaviest requests a learner may send, each against a fresh built host, with `app.info` asked
 * every 10 ms meanwhile: the longest it waited (goal ≤ 100 ms) and the host's peak memory.
 */
export async function appInfoWhileHeaviest(): Promise<{ name: string; requestMs: number; worstInfoMs: number; infoAnswers: number; peakMiB: number | null }[]> {
  const heavy: { name: string; setup: (s: Awaited<ReturnType<typeof startLabServer>>) => Promise<() => Promise<unknown>> }[] = [
    {
      name: 'AdvanceClock at the budget: 10 variants × 30,000 minutes',
      setup: async (s) => {
        const w = await postJson(s, 'sandbox.createWorld', { name: 'heaviest', seed: 'heaviest' })
        const worldId = w.body.id as string
        for (const [i, type] of ['ml.m5.xlarge', 'ml.c5.xlarge', 'ml.m5.large', 'ml.c5.2xlarge', 'ml.m5.2xlarge'].entries()) {
          await postJson(s, 'sandbox.act', {
            worldId,
            action: { type: 'CreateEndpoint', EndpointName: `ep-${i}`, ProductionVariants: ['a', 'b'].map((v) => ({ VariantName: v, InstanceType: type, InitialInstanceCount: 2, ModelPreset: 'xgboost-tabular' })), Traffic: { pattern: 'diurnal', baseRpm: 900, amplitude: 0.5 } }
          })
        }
        return () => postJson(s, 'sandbox.act', { worldId, action: { type: 'AdvanceClock', Minutes: 30_000 } })
      }
    },
    {
      name: 'cloudwatch.evaluateAlarm, 1,000,000 datapoints, transitions',
      setup: async (s) => {
        const datapoints = Array.from({ length: 1_000_000 }, (_, i) => (i % 97 === 0 ? null : 50 + ((i * 7919) % 61)))
        return () => postJson(s, 'cloudwatch.evaluateAlarm', { alarm: { Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 100, ComparisonOperator: 'GreaterThanThreshold' }, datapoints, reasons: 'transitions' })
      }
    },
    {
      name: 'monitor.compareDistributions, 700,000 vs 700,000 (the 16 MiB body limit)',
      setup: async (s) => {
        const sample = (k: number): number[] => Array.from({ length: 700_000 }, (_, i) => Math.round(((i * 2654435761) % 1000003) / 100 + k))
        const baseline = sample(0)
        const current = sample(3)
        return () => postJson(s, 'monitor.compareDistributions', { baseline, current })
      }
    }
  ]
  const out = []
  for (const h of heavy) {
    const server = await startLabServer()
    try {
      const send = await h.setup(server)
      let done = false
      const t0 = performance.now()
      const request = send().then(() => {
        done = true
        return performance.now() - t0
      })
      let worst = 0
      let answers = 0
      while (!done) {
        const t = performance.now()
        await postJson(server, 'app.info', {})
        worst = Math.max(worst, performance.now() - t)
        answers++
        await new Promise((r) => setTimeout(r, 10))
      }
      out.push({ name: h.name, requestMs: await request, worstInfoMs: worst, infoAnswers: answers, peakMiB: peakRssMiB(server.process.pid ?? -1) })
    } finally {
      await server.stop()
    }
  }
  return out
}

export async function runReliabilityBench(): Promise<void> {
  for (const h of await appInfoWhileHeaviest()) {
    report(`app.info while: ${h.name}`, `worst ${h.worstInfoMs.toFixed(0)} ms`, 'goal ≤ 100 ms', `${h.infoAnswers} answers during the ${h.requestMs.toFixed(0)} ms request; host peak RSS ${h.peakMiB === null ? 'n/a' : `${h.peakMiB.toFixed(0)} MiB`}`)
  }
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
