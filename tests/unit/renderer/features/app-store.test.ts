import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Res, Settings } from '@shared/contract'
import { ApiError } from '@/api/api-error'
import { useAppStore } from '@/features/app/app-store'
import { FakeClient, installStores } from '../fake-client'

let api: FakeClient

/** The system's colour scheme, as `matchMedia('(prefers-color-scheme: dark)')` reports it; `set` fires its change event. */
function systemScheme(dark: boolean) {
  const listeners: ((e: { matches: boolean }) => void)[] = []
  const query = { matches: dark, addEventListener: (_: 'change', l: (e: { matches: boolean }) => void) => listeners.push(l) }
  vi.stubGlobal('window', { matchMedia: () => query })
  return {
    set(next: boolean): void {
      query.matches = next
      for (const l of listeners) l({ matches: next })
    }
  }
}

const info = (notices: Res<'app.info'>['notices'] = []): Res<'app.info'> => ({
  name: 'MLOps Lab',
  version: '0.1.0',
  host: 'browser',
  platform: 'linux',
  dataDir: '/tmp/mlops-lab',
  schemaVersion: 3,
  notices
})

function serve(settings: Settings, notices: Res<'app.info'>['notices'] = []): void {
  api.on('app.info', () => info(notices))
  api.on('settings.get', () => settings)
}

beforeEach(() => {
  api = new FakeClient()
  installStores(api)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('app store', () => {
  it('loads the app info and the settings, and clears an earlier load error', async () => {
    systemScheme(false)
    api.refuse('app.info', { code: 'INTERNAL', message: 'Cannot reach the MLOps Lab host' })
    api.on('settings.get', () => ({ theme: 'dark', showDocLinks: true }))
    const store = useAppStore()
    await store.load()
    expect(store.loadError).toBe('Cannot reach the MLOps Lab host')
    expect(store.info).toBeNull()
    serve({ theme: 'dark', showDocLinks: false })
    await store.load()
    expect(api.requests('app.info')).toEqual([{}, {}])
    expect(api.requests('settings.get')).toEqual([{}, {}])
    expect(store.info?.version).toBe('0.1.0')
    expect(store.settings).toEqual({ theme: 'dark', showDocLinks: false })
    expect(store.loadError).toBeNull()
  })

  it('the theme "system" follows the system’s colour scheme, also when it changes', async () => {
    const scheme = systemScheme(true)
    serve({ theme: 'system', showDocLinks: true })
    const store = useAppStore()
    await store.load()
    expect(store.effectiveTheme).toBe('dark')
    scheme.set(false)
    expect(store.effectiveTheme).toBe('light')
  })

  it('a chosen theme wins over the system’s; before settings load, the system’s applies', async () => {
    systemScheme(true)
    const store = useAppStore()
    expect(store.effectiveTheme).toBe('dark')
    serve({ theme: 'light', showDocLinks: true })
    await store.load()
    expect(store.effectiveTheme).toBe('light')
  })

  it('updating a setting sends only the change and keeps what the host answers', async () => {
    systemScheme(false)
    serve({ theme: 'system', showDocLinks: true })
    api.on('settings.update', () => ({ theme: 'dark', showDocLinks: true }))
    const store = useAppStore()
    await store.load()
    await store.updateSettings({ theme: 'dark' })
    expect(api.requests('settings.update')).toEqual([{ theme: 'dark' }])
    expect(store.settings).toEqual({ theme: 'dark', showDocLinks: true })
    expect(store.effectiveTheme).toBe('dark')
  })

  it('a refused setting rejects with the field and leaves the settings as they were', async () => {
    systemScheme(false)
    serve({ theme: 'system', showDocLinks: true })
    api.refuse('settings.update', { issues: [{ path: 'theme', message: 'must be system, light or dark' }] })
    const store = useAppStore()
    await store.load()
    const err = await store.updateSettings({ showDocLinks: false }).catch((e: unknown) => e)
    expect((err as ApiError).issueFor('theme')).toBe('must be system, light or dark')
    expect(store.settings).toEqual({ theme: 'system', showDocLinks: true })
  })

  it('a dismissed start-up notice is no longer shown; the others are', async () => {
    systemScheme(false)
    serve({ theme: 'system', showDocLinks: true }, [
      { kind: 'corrupt-moved-aside', message: 'The database was damaged and moved aside.', movedTo: '/tmp/mlops-lab/mlops-lab.sqlite.corrupt-1', at: '2026-01-05T10:00:00.000Z' },
      { kind: 'recovered', message: 'Recovered from the backup.', at: '2026-01-05T10:00:01.000Z' }
    ])
    const store = useAppStore()
    await store.load()
    expect(store.notices.map((n) => n.kind)).toEqual(['corrupt-moved-aside', 'recovered'])
    store.dismissNotice('2026-01-05T10:00:00.000Z')
    expect(store.notices.map((n) => n.kind)).toEqual(['recovered'])
  })
})
