/**
 * What the sandbox console remembers across reloads and restarts, as VS Code reopens the last
 * workspace with its open editor: the world that was open, its tab, and per world the selections
 * inside the tabs (the alarm shown, the metrics explorer's query, the CloudTrail filter).
 *
 * It is a view preference, not progress, so it lives in the renderer's own storage
 * (`localStorage`: per install in the desktop app, per address in browser mode) rather than in
 * the database, is never exported, and a damaged or foreign value is simply ignored.
 */
import { reactive, watch } from 'vue'

export interface MetricSelection {
  key: string
  stat: string
  period: number
  range: string
}

export interface TrailSelection {
  key: string
  value: string
  range: string
}

export interface WorldSelections {
  alarm?: string
  metric?: MetricSelection
  cloudtrail?: TrailSelection
}

export interface ConsoleMemory {
  /** The world open when the learner last left the console (null once they chose "All worlds"). */
  worldId: string | null
  tab: string
  worlds: Record<string, WorldSelections>
}

const KEY = 'mlops-lab.console'
/** Selections are kept for this many worlds, the most recently used. */
export const MAX_WORLDS = 20
export const TABS = ['endpoints', 'metrics', 'alarms', 'eventbridge', 'cloudtrail']

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 300 ? v : undefined)

function metricOf(v: unknown): MetricSelection | undefined {
  if (!isObject(v)) return undefined
  const key = str(v.key)
  const stat = str(v.stat)
  const range = str(v.range)
  const period = typeof v.period === 'number' && Number.isInteger(v.period) && v.period > 0 ? v.period : undefined
  return key !== undefined && stat !== undefined && range !== undefined && period !== undefined ? { key, stat, period, range } : undefined
}

function trailOf(v: unknown): TrailSelection | undefined {
  if (!isObject(v)) return undefined
  const key = str(v.key)
  const value = str(v.value)
  const range = str(v.range)
  return key !== undefined && value !== undefined && range !== undefined ? { key, value, range } : undefined
}

/** A stored value read back, keeping only what has the expected shape. */
export function parseMemory(raw: string | null): ConsoleMemory {
  const empty: ConsoleMemory = { worldId: null, tab: 'endpoints', worlds: {} }
  if (!raw) return empty
  let v: unknown
  try {
    v = JSON.parse(raw)
  } catch {
    return empty
  }
  if (!isObject(v)) return empty
  const worlds: Record<string, WorldSelections> = {}
  if (isObject(v.worlds)) {
    for (const [id, w] of Object.entries(v.worlds).slice(-MAX_WORLDS)) {
      if (!isObject(w)) continue
      const sel: WorldSelections = {}
      const alarm = str(w.alarm)
      const metric = metricOf(w.metric)
      const cloudtrail = trailOf(w.cloudtrail)
      if (alarm !== undefined) sel.alarm = alarm
      if (metric) sel.metric = metric
      if (cloudtrail) sel.cloudtrail = cloudtrail
      worlds[id] = sel
    }
  }
  const tab = str(v.tab)
  return { worldId: str(v.worldId) ?? null, tab: tab && TABS.includes(tab) ? tab : 'endpoints', worlds }
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export const consoleMemory = reactive<ConsoleMemory>(parseMemory(storage()?.getItem(KEY) ?? null))

watch(
  consoleMemory,
  (m) => {
    try {
      storage()?.setItem(KEY, JSON.stringify(m))
    } catch {
      // Storage full or disabled: the console still works, it just will not remember.
    }
  },
  { deep: true }
)

export function readConsoleMemory(): ConsoleMemory {
  return consoleMemory
}

/** The selections of one world, created on first use; the world becomes the most recently used. */
export function selectionsOf(worldId: string): WorldSelections {
  if (!consoleMemory.worlds[worldId]) {
    const ids = Object.keys(consoleMemory.worlds)
    if (ids.length >= MAX_WORLDS) delete consoleMemory.worlds[ids[0]]
    consoleMemory.worlds[worldId] = {}
  }
  return consoleMemory.worlds[worldId]
}

/** A world that no longer exists: forget it. */
export function forgetWorld(worldId: string): void {
  delete consoleMemory.worlds[worldId]
  if (consoleMemory.worldId === worldId) consoleMemory.worldId = null
}
