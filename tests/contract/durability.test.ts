/**
 * "A write that the API acknowledged survives the process being killed right after": drive the real
 * browser-mode host (built by `electron-vite build`), make acknowledged writes, SIGKILL it at once,
 * start it again on the same folder and count.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startLabServer } from '../helpers/lab-server'

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
})
