import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CHANNELS } from '../../../src/shared/contract'
import { createAppContext, type AppContext } from '../../../src/main/api/app-context'
import { isTrustedSender, registerIpcHandlers } from '../../../src/main/ipc'
import { APP_ORIGIN } from '../../../src/main/protocol'
import { FakeIpcMain, trustedEvent } from '../../helpers/transports'

describe('IPC registration', () => {
  let ctx: AppContext | undefined
  afterEach(() => {
    ctx?.close()
    ctx = undefined
  })

  function setup() {
    ctx = createAppContext({ host: 'electron', platform: 'test', dataDir: mkdtempSync(join(tmpdir(), 'ipc-')) })
    const ipc = new FakeIpcMain()
    registerIpcHandlers(ipc, ctx.handlers, [APP_ORIGIN])
    return ipc
  }

  it('registers exactly one prefixed handler per contract channel', () => {
    const ipc = setup()
    expect([...ipc.listeners.keys()].sort()).toEqual(CHANNELS.map((c) => `lab:${c}`).sort())
  })

  it('answers the trusted top-level app frame', async () => {
    const ipc = setup()
    const r = await ipc.invoke('lab:settings.get', trustedEvent, {})
    expect(r).toEqual({ ok: true, data: { theme: 'system', showDocLinks: true } })
  })

  it.each([
    ['an iframe inside the app', { url: `${APP_ORIGIN}/index.html`, parent: { url: `${APP_ORIGIN}/index.html`, parent: null } }],
    ['another origin', { url: 'https://attacker.example/', parent: null }],
    ['a file:// page', { url: 'file:///tmp/index.html', parent: null }],
    ['a look-alike host', { url: 'app://mlops-lab.attacker/index.html', parent: null }],
    ['no frame at all', null]
  ])('refuses %s without running the handler', async (_label, frame) => {
    const ipc = setup()
    const spy = vi.spyOn(ctx!.store, 'updateSettings')
    const r = await ipc.invoke('lab:settings.update', { senderFrame: frame }, { theme: 'dark' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('FORBIDDEN')
    expect(spy).not.toHaveBeenCalled()
    expect(ctx!.store.getSettings().theme).toBe('system')
  })

  it('refuses a bad payload with VALIDATION naming the field, before the handler runs', async () => {
    const ipc = setup()
    const spy = vi.spyOn(ctx!.store, 'updateSettings')
    const r = await ipc.invoke('lab:settings.update', trustedEvent, { theme: 42 })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION')
      expect(r.error.issues.map((i) => i.path)).toEqual(['theme'])
    }
    expect(spy).not.toHaveBeenCalled()
  })

  it('refuses extra arguments', async () => {
    const ipc = setup()
    const r = await ipc.invoke('lab:settings.get', trustedEvent, {}, 'extra')
    expect(!r.ok && r.error.code).toBe('BAD_REQUEST')
  })

  it('isTrustedSender accepts the dev server origin only when it is listed', () => {
    const dev = { senderFrame: { url: 'http://localhost:5173/#/labs', parent: null } }
    expect(isTrustedSender(dev, [APP_ORIGIN])).toBe(false)
    expect(isTrustedSender(dev, [APP_ORIGIN, 'http://localhost:5173'])).toBe(true)
  })
})
