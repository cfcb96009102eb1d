/**
 * The study home's numbers, from what the labs say about themselves (`labs.list`: each lab's exam
 * items and status, and the coverage of every Domain 4 item): how far the learner is per task
 * statement and per exam item, which lab to do next, and recent activity without repeats. Pure.
 */
import { labsForTask, type TaskStatement } from '@/content/domain'

export type LabState = 'not_started' | 'in_progress' | 'done' | 'done_assisted'

export interface StudyLab {
  id: string
  title: string
  taskStatement: string
  examItems: string[]
  status: LabState
  currentStep: number
  stepCount: number
}

export interface CoverageRow {
  examItem: string
  labs: { labId: string }[]
}

/** An exam item: practised in a finished lab, being practised, waiting for the learner, or no lab covers it yet. */
export type ItemState = 'done' | 'in_progress' | 'not_started' | 'no_lab'

export interface ItemProgress {
  id: string
  text: string
  kind: 'knowledge' | 'skill'
  state: ItemState
  labIds: string[]
}

export interface TaskProgress {
  id: string
  title: string
  items: ItemProgress[]
  /** Items some lab covers. */
  covered: number
  /** Items practised in a finished lab. */
  done: number
  labs: number
  labsDone: number
}

const finished = (s: LabState): boolean => s === 'done' || s === 'done_assisted'

export function itemState(labIds: string[], status: Map<string, LabState>): ItemState {
  if (labIds.length === 0) return 'no_lab'
  const states = labIds.map((id) => status.get(id) ?? 'not_started')
  if (states.some(finished)) return 'done'
  if (states.some((s) => s === 'in_progress')) return 'in_progress'
  return 'not_started'
}

export function taskProgress(tasks: TaskStatement[], labs: StudyLab[], coverage: CoverageRow[]): TaskProgress[] {
  const status = new Map(labs.map((l) => [l.id, l.status]))
  const known = new Set(labs.map((l) => l.id))
  const covering = new Map(coverage.map((c) => [c.examItem, c.labs.map((l) => l.labId).filter((id) => known.has(id))]))
  return tasks.map((t) => {
    const items = t.items.map((i) => {
      const labIds = covering.get(i.id) ?? []
      return { id: i.id, text: i.text, kind: i.kind, state: itemState(labIds, status), labIds }
    })
    const taskLabs = labsForTask(t.id, labs)
    return {
      id: t.id,
      title: t.title,
      items,
      covered: items.filter((i) => i.state !== 'no_lab').length,
      done: items.filter((i) => i.state === 'done').length,
      labs: taskLabs.length,
      labsDone: taskLabs.filter((l) => finished(l.status)).length
    }
  })
}

/** The first lab in the learning order (labs.list sorts by the lab files' `order`) that is not finished; null when every lab is. */
export function nextLab(labs: StudyLab[]): StudyLab | null {
  return labs.find((l) => !finished(l.status)) ?? null
}

/** Recent activity, newest first, each place once (its latest visit). */
export function uniqueRecent<T extends { route: string; at: string }>(recent: T[], limit = 6): T[] {
  const seen = new Set<string>()
  const out: T[] = []
  for (const a of [...recent].sort((x, y) => y.at.localeCompare(x.at))) {
    if (seen.has(a.route)) continue
    seen.add(a.route)
    out.push(a)
    if (out.length === limit) break
  }
  return out
}
