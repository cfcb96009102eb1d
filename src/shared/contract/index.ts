/**
 * The contract between the renderer and whatever hosts the sandbox (Electron's main process over
 * IPC, or the browser-mode host over HTTP): one table, assembled from one file per service, naming
 * every channel (`service.method`) with a request and a response schema. Both transports register
 * their handlers from this table only, so a channel cannot exist on one and not the other, and no
 * handler ever sees an unparsed request. The channel list is the table's keys.
 */
import type { z } from 'zod'
import { appChannels } from './app'
import { billingChannels } from './billing'
import { cloudwatchChannels } from './cloudwatch'
import { costChannels } from './cost'
import { deployChannels } from './deploy'
import { eventsChannels } from './events'
import { jobChannels } from './jobs'
import { labChannels } from './labs'
import { monitorChannels, monitorReportChannels } from './monitor'
import { monitorWorldChannels } from './monitor-world'
import { progressChannels } from './progress'
import { sandboxChannels } from './sandbox'

export const contract = {
  ...appChannels,
  ...progressChannels,
  ...sandboxChannels,
  ...cloudwatchChannels,
  ...eventsChannels,
  ...labChannels,
  ...costChannels,
  ...monitorChannels,
  ...monitorReportChannels,
  ...deployChannels,
  ...billingChannels,
  ...jobChannels,
  ...monitorWorldChannels
} satisfies Record<string, { request: z.ZodType; response: z.ZodType }>

export type Contract = typeof contract
export type Channel = keyof Contract & string
export type Req<C extends Channel> = z.input<Contract[C]['request']>
export type Res<C extends Channel> = z.output<Contract[C]['response']>
export type ParsedReq<C extends Channel> = z.output<Contract[C]['request']>

/** Every channel, in the table's order. */
export const CHANNELS = Object.keys(contract) as Channel[]

/** Prefix of every IPC channel name, so the main process ignores anything that is not ours. */
export const IPC_PREFIX = 'lab:'

export function isChannel(name: string): name is Channel {
  return Object.prototype.hasOwnProperty.call(contract, name)
}

/** What `window.lab` looks like when the preload exposed it. */
export type LabBridge = {
  [C in Channel]: (request: Req<C>) => Promise<Envelope<Res<C>>>
}

/** IPC replies are envelopes: structured errors survive the trip, which thrown Errors do not. */
export type Envelope<T> = { ok: true; data: T } | { ok: false; error: import('../errors').ErrorBody }

export * from './app'
export * from './progress'
export * from './sandbox'
export * from './cloudwatch'
export * from './cloudtrail'
export * from './autoscaling'
export * from './sagemaker'
export * from './billing'
