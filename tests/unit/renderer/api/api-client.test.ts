import { createPinia, defineStore, setActivePinia } from 'pinia'
import { createApp } from 'vue'
import { describe, expect, it } from 'vitest'
import { API_CLIENT, useApiClient } from '@/api/api-client'
import { useSandboxStore } from '@/features/sandbox/sandbox-store'
import { FakeClient } from '../fake-client'
import { catalog } from '../fixtures'

describe('stores receive the API client by injection', () => {
  it('a store first used outside any component gets the client the app provided', async () => {
    const api = new FakeClient().on('sandbox.catalog', () => catalog())
    const pinia = createPinia()
    createApp({}).provide(API_CLIENT, api).use(pinia)
    // Called from plain code (as a router guard or main.ts would), with no component set up.
    const store = useSandboxStore(pinia)
    await store.loadCatalog()
    expect(api.channels()).toEqual(['sandbox.catalog'])
  })

  it('each app’s stores use that app’s client', async () => {
    const first = new FakeClient().on('sandbox.catalog', () => catalog())
    const second = new FakeClient().on('sandbox.catalog', () => catalog())
    const a = createPinia()
    const b = createPinia()
    createApp({}).provide(API_CLIENT, first).use(a)
    createApp({}).provide(API_CLIENT, second).use(b)
    await useSandboxStore(b).loadCatalog()
    expect(first.sent).toEqual([])
    expect(second.channels()).toEqual(['sandbox.catalog'])
  })

  it('a store whose Pinia is on no app, or on an app with no client, says what is missing', () => {
    const useProbe = defineStore('probe', () => ({ api: useApiClient() }))
    const loose = createPinia()
    setActivePinia(loose)
    expect(() => useProbe(loose)).toThrow(/No API client: provide one with app.provide\(API_CLIENT, client\)/)
    const bare = createPinia()
    createApp({}).use(bare)
    expect(() => useProbe(bare)).toThrow(/No API client/)
  })
})
