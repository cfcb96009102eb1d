/**
 * The "go to" palette's entries and how a query finds them: every word of the query must start a
 * word of the entry (its title or the words around it), in any order, so "lat step 2" finds step 2
 * of the latency lab. An entry named exactly as typed comes first, then those whose title holds more
 * of the words. Pure, for unit tests.
 */
import type { RouteLocationRaw } from 'vue-router'

export interface PaletteEntry {
  id: string
  /** What the entry is called. */
  title: string
  /** Where it is ("Lab", "Latency alarms… · step 2 of 3", "Sandbox tab"). */
  kind: string
  /** More words it answers to (exam items, the lab of a step). */
  keywords?: string
  to: RouteLocationRaw
}

export interface PaletteLab {
  id: string
  title: string
  examItems: string[]
  steps: { title: string }[] | null
}

export const SANDBOX_TABS = [
  { id: 'endpoints', label: 'Endpoints' },
  { id: 'metrics', label: 'Metrics' },
  { id: 'alarms', label: 'Alarms' },
  { id: 'eventbridge', label: 'EventBridge' },
  { id: 'cloudtrail', label: 'CloudTrail' }
] as const

export function buildEntries(labs: PaletteLab[], sandboxWorld: string | null): PaletteEntry[] {
  const pages: PaletteEntry[] = [
    { id: 'page-dashboard', title: 'Dashboard', kind: 'Page', keywords: 'home progress study', to: { name: 'dashboard' } },
    { id: 'page-labs', title: 'Labs', kind: 'Page', keywords: 'all labs list', to: { name: 'labs' } },
    { id: 'page-sandbox', title: 'Sandbox', kind: 'Page', keywords: 'console worlds', to: { name: 'sandbox' } },
    { id: 'page-settings', title: 'Settings', kind: 'Page', keywords: 'theme export import reset', to: { name: 'settings' } }
  ]
  const labEntries = labs.flatMap((lab) => [
    { id: `lab-${lab.id}`, title: lab.title, kind: 'Lab', keywords: lab.examItems.join(' '), to: { name: 'lab', params: { labId: lab.id } } },
    ...(lab.steps ?? []).map((s, i, all) => ({
      id: `lab-${lab.id}-step-${i}`,
      title: s.title,
      kind: `${lab.title} · step ${i + 1} of ${all.length}`,
      keywords: `step ${i + 1}`,
      to: { name: 'lab', params: { labId: lab.id }, query: { step: String(i) } }
    })),
    ...(lab.steps
      ? [
          {
            id: `lab-${lab.id}-checkpoint`,
            title: 'Checkpoint questions',
            kind: lab.title,
            keywords: 'quiz questions score',
            to: { name: 'lab', params: { labId: lab.id }, query: { step: String(lab.steps.length) } }
          }
        ]
      : [])
  ])
  const tabs = SANDBOX_TABS.map((t) => ({
    id: `tab-${t.id}`,
    title: t.label,
    kind: 'Sandbox console tab',
    keywords: 'sandbox console',
    to: { name: 'sandbox', query: { ...(sandboxWorld ? { world: sandboxWorld } : {}), tab: t.id } }
  }))
  return [...pages, ...labEntries, ...tabs]
}

const words = (text: string): string[] => text.toLowerCase().split(/[^a-z0-9.]+/).filter(Boolean)

/** The entries that match every word of `query`, the ones whose title matches first; all of them for an empty query. */
export function filterEntries(entries: PaletteEntry[], query: string): PaletteEntry[] {
  const q = words(query)
  if (q.length === 0) return entries
  const scored: { e: PaletteEntry; score: number }[] = []
  for (const e of entries) {
    const title = words(e.title)
    const all = [...title, ...words(e.kind), ...words(e.keywords ?? '')]
    if (!q.every((w) => all.some((a) => a.startsWith(w)))) continue
    const inTitle = q.filter((w) => title.some((a) => a.startsWith(w))).length
    // The entry called exactly what was typed comes first ("cloudtrail": the tab, before a lab that mentions it).
    const exact = e.title.toLowerCase() === query.trim().toLowerCase() ? 10 : 0
    scored.push({ e, score: inTitle + exact })
  }
  // Stable: equal scores keep the entries' own order (pages, labs in learning order, tabs).
  return scored.sort((a, b) => b.score - a.score).map((s) => s.e)
}
