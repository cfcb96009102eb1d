import { describe, expect, it, vi } from 'vitest'
import { createWindowOptions, fitBoundsToDisplays } from '../../../src/main/window-options'
import { denyAllPermissions, hardenWebContents, isAllowedExternalUrl } from '../../../src/main/security'
import { APP_ORIGIN, serveAppRequest } from '../../../src/main/protocol'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/web/security-headers'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

describe('window options (Electron security checklist)', () => {
  const opts = createWindowOptions('/app/out/preload/index.js', { width: 1000, height: 700 }, false)

  it('sandboxes and isolates the renderer, with no Node', () => {
    expect(opts.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false
    })
    expect(opts.webPreferences.preload).toBe('/app/out/preload/index.js')
  })

  it('never opens smaller than the minimum size and uses the remembered size otherwise', () => {
    expect(createWindowOptions('p', { width: 200, height: 100 }, false)).toMatchObject({ width: 900, height: 600 })
    expect(opts).toMatchObject({ width: 1000, height: 700, show: false })
  })

  it('drops a remembered position that is off every display', () => {
    const displays = [{ x: 0, y: 0, width: 1920, height: 1080 }]
    expect(fitBoundsToDisplays({ x: 100, y: 100, width: 1000, height: 700 }, displays)).toEqual({ x: 100, y: 100, width: 1000, height: 700 })
    expect(fitBoundsToDisplays({ x: 5000, y: 100, width: 1000, height: 700 }, displays)).toEqual({ width: 1000, height: 700, maximized: undefined })
  })
})

describe('web contents hardening', () => {
  function fakeContents() {
    const listeners: Record<string, (...args: never[]) => void> = {}
    let openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined
    return {
      listeners,
      open: (url: string) => openHandler!({ url }),
      contents: {
        on: (name: string, fn: (...args: never[]) => void) => {
          listeners[name] = fn
        },
        setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => (openHandler = h)
      }
    }
  }

  it('blocks navigation away from the app and allows in-app URLs', () => {
    const f = fakeContents()
    hardenWebContents(f.contents as never, [APP_ORIGIN], vi.fn())
    const away = { preventDefault: vi.fn() }
    ;(f.listeners['will-navigate'] as (e: unknown, u: string) => void)(away, 'https://attacker.example/')
    expect(away.preventDefault).toHaveBeenCalled()
    const inside = { preventDefault: vi.fn() }
    ;(f.listeners['will-navigate'] as (e: unknown, u: string) => void)(inside, `${APP_ORIGIN}/index.html#/settings`)
    expect(inside.preventDefault).not.toHaveBeenCalled()
    const webview = { preventDefault: vi.fn() }
    ;(f.listeners['will-attach-webview'] as (e: unknown) => void)(webview)
    expect(webview.preventDefault).toHaveBeenCalled()
  })

  it('denies every new window; allow-listed https links go to the system browser', () => {
    const f = fakeContents()
    const openExternal = vi.fn()
    hardenWebContents(f.contents as never, [APP_ORIGIN], openExternal)
    expect(f.open('https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor.html')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledWith('https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor.html')
    expect(f.open('http://docs.aws.amazon.com/')).toEqual({ action: 'deny' })
    expect(f.open('https://attacker.example/')).toEqual({ action: 'deny' })
    expect(openExternal).toHaveBeenCalledTimes(1)
  })

  it('allows only https links to the allow-listed hosts', () => {
    expect(isAllowedExternalUrl('https://aws.amazon.com/sagemaker/pricing/')).toBe(true)
    expect(isAllowedExternalUrl('https://docs.aws.amazon.com.attacker.example/')).toBe(false)
    expect(isAllowedExternalUrl('https://user:pw@docs.aws.amazon.com/')).toBe(false)
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false)
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false)
  })

  it('judges the host a browser reads (WHATWG URL): credentials, look-alikes and other ports are refused', () => {
    expect(isAllowedExternalUrl('https://docs.aws.amazon.com')).toBe(true)
    expect(isAllowedExternalUrl('https://DOCS.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html#x')).toBe(true)
    expect(isAllowedExternalUrl('https://docs.aws.amazon.com:443/x')).toBe(true)
    // A browser reads the host after "@"; another port is another origin; a tab is dropped from the host.
    expect(isAllowedExternalUrl('https://docs.aws.amazon.com@attacker.example/')).toBe(false)
    expect(isAllowedExternalUrl('https://docs.aws.amazon.com:8443/x')).toBe(false)
    expect(isAllowedExternalUrl('https://docs.aws.amazon\tcom/')).toBe(false)
    expect(isAllowedExternalUrl('http://docs.aws.amazon.com/')).toBe(false)
  })

  it('refuses every permission request and check', () => {
    let request: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | undefined
    let check: (() => boolean) | undefined
    denyAllPermissions({ setPermissionRequestHandler: (h) => (request = h), setPermissionCheckHandler: (h) => (check = h) })
    const cb = vi.fn()
    request!({}, 'media', cb)
    expect(cb).toHaveBeenCalledWith(false)
    expect(check!()).toBe(false)
  })
})

describe('app protocol and CSP', () => {
  it('has no remote hosts and no unsafe-eval', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/)
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'")
    expect(CONTENT_SECURITY_POLICY).toContain("worker-src 'self' blob:")
  })

  it('serves files inside the renderer folder with the CSP, and nothing outside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'renderer-'))
    writeFileSync(join(dir, 'index.html'), '<!doctype html>')
    const ok = await serveAppRequest(dir, `${APP_ORIGIN}/index.html`)
    expect(ok.status).toBe(200)
    expect(ok.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY)
    expect((await serveAppRequest(dir, `${APP_ORIGIN}/..%2F..%2Fetc%2Fpasswd`)).status).toBe(404)
    expect((await serveAppRequest(dir, 'app://elsewhere/index.html')).status).toBe(404)
  })

  it('answers a malformed percent-encoding with 400 instead of failing the request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'renderer-'))
    const r = await serveAppRequest(dir, `${APP_ORIGIN}/%E0`)
    expect(r.status).toBe(400)
    expect(await r.text()).toMatch(/malformed percent-encoding/)
  })
})
