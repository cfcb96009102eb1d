export * from './world'
export * from './summary'
export type { WorldEvent } from './events'
export type { Service, ServiceContext } from './service'
