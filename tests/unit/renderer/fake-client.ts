/**
 * A fake of the host for store tests: it records every request, answers each channel with the
 * handler a test gave it, and fails loudly on a channel nobody expected, so a test also proves what
 * a store does *not* send. `hold()` keeps answers back until the test releases them, in any order,
 * to test what a store does with a late answer.
 */
import { createPinia, type Pinia } from 'pinia'
import { createApp } from 'vue'
import type { Channel } from '@shared/contract'
import type { Req, Res } from '@shared/contract'
import type { ErrorBody, ErrorIssue } from '@shared/errors'
import { API_CLIENT, type ApiClient } from '@/api/api-client'
import { ApiError } from '@/api/api-error'

type Handler<C extends Channel> = (request: Req<C>) => Res<C> | Promise<Res<C>>

export interface SentRequest {
  channel: Channel
  request: unknown
}

/** An answer kept back by `hold()`: the request it answers, and how to release it. */
export interface HeldAnswer<C extends Channel> {
  request: Req<C>
  resolve(response: Res<C>): void
  reject(error: unknown): void
}

export class FakeClient implements ApiClient {
  readonly sent: SentRequest[] = []
  private readonly handlers = new Map<Channel, (request: never) => unknown>()

  /** Answers every request on `channel` with `handler`'s result (or its rejection). */
  on<C extends Channel>(channel: C, handler: Handler<C>): this {
    this.handlers.set(channel, handler as (request: never) => unknown)
    return this
  }

  /** Refuses every request on `channel` as the host does: an ApiError with a code, a message and field issues. */
  refuse(channel: Channel, error: Partial<ErrorBody> & { issues?: ErrorIssue[] }): this {
    const body: ErrorBody = { code: error.code ?? 'VALIDATION', message: error.message ?? 'refused', issues: error.issues ?? [] }
    this.handlers.set(channel, () => Promise.reject(new ApiError(body)))
    return this
  }

  /** Keeps every answer on `channel` back; the returned list fills as requests arrive. */
  hold<C extends Channel>(channel: C): HeldAnswer<C>[] {
    const held: HeldAnswer<C>[] = []
    this.on(channel, (request) => new Promise<Res<C>>((resolve, reject) => held.push({ request, resolve, reject })))
    return held
  }

  async call<C extends Channel>(channel: C, request: Req<C>): Promise<Res<C>> {
    // A copy, so a store that later mutates what it sent cannot change what the test sees.
    this.sent.push({ channel, request: structuredClone(request) })
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`unexpected request on ${channel}: ${JSON.stringify(request)}`)
    return (await (handler as Handler<C>)(request)) as Res<C>
  }

  /** The requests sent on one channel, in order. */
  requests<C extends Channel>(channel: C): Req<C>[] {
    return this.sent.filter((s) => s.channel === channel).map((s) => s.request as Req<C>)
  }

  /** The channels called, in order. */
  channels(): Channel[] {
    return this.sent.map((s) => s.channel)
  }
}

/**
 * What main.ts does, with a fake: an app that provides the client and has Pinia installed (which
 * also makes this Pinia the active one). Nothing is mounted, so no DOM is needed.
 */
export function installStores(client: ApiClient): Pinia {
  const pinia = createPinia()
  createApp({}).provide(API_CLIENT, client).use(pinia)
  return pinia
}

/** Lets every pending promise callback run (a store's `await` chain) before the test looks. */
export const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0))
