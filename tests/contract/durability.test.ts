/**
 * "A write that the API acknowledged survives the process being killed": drive the real
 * browser-mode host (built by `electron-vite build`), SIGKILL it, start it again on the same folder
 * and count. Once right after the last reply, and then several times with writes still in flight.
 */
import { existsSync, readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { freshDataDir, startLabServer, writeWorldsUntilKilled } from '../helpers/lab-server'

const built = existsSync(resolve(__dirname, '../../out/main/web.js'))

async function post(server: { origin: string; token: string }, channel: string, body: unknown) {
  const res = await fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe.skipIf(!built)('durability (needs `electron-vite build` first; npm test runs it)', () => {
  it('every acknowledged write survives kill -9', async () => {
    const first = await startLabServer()
    const N = 40
    for (let i = 0; i < N; i++) {
      const r = await post(first, 'progress.recordActivity', { kind: 'page', ref: `w${i}`, title: `Write ${i}`, route: '/' })
      expect(r.status).toBe(200)
    }
    const last = await post(first, 'settings.update', { theme: 'dark' })
    expect(last.status).toBe(200)
    await first.stop('SIGKILL')

    const second = await startLabServer(first.dataDir)
    try {
      const exported = await post(second, 'progress.export', {})
      const data = JSON.parse(exported.body.content as string).data
      expect(data.activity.map((a: { ref: string }) => a.ref)).toEqual(Array.from({ length: N }, (_, i) => `w${i}`))
      expect(data.settings.theme).toBe('dark')
    } finally {
      await second.stop()
    }
  })

  it('killed five times with writes in flight, the host starts every time and has every acknowledged write', { timeout: 90_000 }, async () => {
    const dataDir = freshDataDir()
    const ROUNDS = 5
    const acknowledged: string[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const server = await startLabServer(dataDir)
      // Different kill points per round (after 5, 9, 13… acknowledged writes), three writers each.
      const { acked, inFlightAtKill } = await writeWorldsUntilKilled(server, round, 3, 5 + 4 * round)
      expect(inFlightAtKill).toBeGreaterThan(0)
      acknowledged.push(...acked)
    }
    const last = await startLabServer(dataDir)
    try {
      const listed = await post(last, 'sandbox.listWorlds', {})
      expect(listed.status).toBe(200)
      const names = new Set((listed.body.worlds as { name: string }[]).map((w) => w.name))
      expect(acknowledged.filter((n) => !names.has(n))).toEqual([])
      const info = await post(last, 'app.info', {})
      expect(info.body.notices).toEqual([])
    } finally {
      await last.stop()
    }
    expect(readdirSync(dataDir).filter((f) => f.includes('corrupt'))).toEqual([])
  })

  it('a second host on a folder that a live host owns refuses to start and says why', async () => {
    const first = await startLabServer()
    try {
      await expect(startLabServer(first.dataDir)).rejects.toThrow(/Another MLOps Lab \(browser mode, process \d+\) is using the data folder/)
      expect((await post(first, 'app.info', {})).status).toBe(200)
    } finally {
      await first.stop()
    }
  })
})
