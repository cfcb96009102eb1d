/** The app itself: what is running, and the learner's settings. */
import { z } from 'zod'
import { Empty } from './common'

export const ThemeSetting = z.enum(['system', 'light', 'dark'])
export type ThemeSetting = z.infer<typeof ThemeSetting>

export const Settings = z.strictObject({
  theme: ThemeSetting,
  /** Show hints and AWS-doc references inline in labs. */
  showDocLinks: z.boolean()
})
export type Settings = z.infer<typeof Settings>

export const DEFAULT_SETTINGS: Settings = { theme: 'system', showDocLinks: true }

export const StoreNotice = z.strictObject({
  kind: z.enum(['corrupt-moved-aside', 'recovered', 'rows-skipped']),
  message: z.string(),
  movedTo: z.string().optional(),
  at: z.iso.datetime()
})
export type StoreNotice = z.infer<typeof StoreNotice>

export const appChannels = {
  'app.info': {
    request: Empty,
    response: z.strictObject({
      name: z.string(),
      version: z.string(),
      host: z.enum(['electron', 'browser']),
      platform: z.string(),
      dataDir: z.string(),
      schemaVersion: z.number().int(),
      notices: z.array(StoreNotice)
    })
  },
  'settings.get': {
    request: Empty,
    response: Settings
  },
  'settings.update': {
    request: Settings.partial().strict(),
    response: Settings
  }
} as const
