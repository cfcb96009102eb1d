/**
 * What stores know of the host: one typed `call` per contract channel. Stores obtain it with
 * `useApiClient()`, so a test hands them a fake and the app hands them the real one (`client.ts`),
 * provided once in `main.ts`.
 */
import { hasInjectionContext, inject, type InjectionKey } from 'vue'
import type { Channel } from '@shared/contract'
import type { Req, Res } from '@shared/contract'

export interface ApiClient {
  /** Resolves to the channel's response; rejects with an `ApiError` when the host refuses the request. */
  call<C extends Channel>(channel: C, request: Req<C>): Promise<Res<C>>
}

export const API_CLIENT: InjectionKey<ApiClient> = Symbol('ApiClient')

/**
 * The client the app provided (`app.provide(API_CLIENT, client)`). Call it at the top of a setup
 * store: Pinia runs a store's setup inside `app.runWithContext()`, so app-level provides are
 * injectable there even when the store is first used outside a component (a router guard, main.ts).
 */
export function useApiClient(): ApiClient {
  const client = hasInjectionContext() ? inject(API_CLIENT, null) : null
  if (!client) {
    throw new Error('No API client: provide one with app.provide(API_CLIENT, client) and install Pinia on that app before a store is used.')
  }
  return client
}
