import { describe, expect, it } from 'vitest'
import { nextLab, taskProgress, uniqueRecent, type StudyLab } from '@/features/dashboard/study-progress'

const lab = (id: string, taskStatement: string, examItems: string[], status: StudyLab['status']): StudyLab => ({ id, title: id, taskStatement, examItems, status, currentStep: 0, stepCount: 3 })
const tasks = [
  { id: '4.1', title: 'Monitor', items: [{ id: '4.1.K1', kind: 'knowledge' as const, text: 'a' }, { id: '4.1.S1', kind: 'skill' as const, text: 'b' }, { id: '4.1.S2', kind: 'skill' as const, text: 'c' }] },
  { id: '4.3', title: 'Secure', items: [{ id: '4.3.S3', kind: 'skill' as const, text: 'd' }] }
]

describe('the study home', () => {
  const labs = [lab('a', '4.1', ['4.1.K1'], 'done'), lab('b', '4.2', ['4.1.S1', '4.3.S3'], 'in_progress'), lab('c', '4.1', ['4.1.K1'], 'not_started')]
  const coverage = [
    { examItem: '4.1.K1', labs: [{ labId: 'a' }, { labId: 'c' }] },
    { examItem: '4.1.S1', labs: [{ labId: 'b' }] },
    { examItem: '4.1.S2', labs: [] },
    { examItem: '4.3.S3', labs: [{ labId: 'b' }] }
  ]

  it('counts an exam item practised once a lab that tags it is finished, per task', () => {
    const [t41, t43] = taskProgress(tasks, labs, coverage)
    expect(t41.items.map((i) => i.state)).toEqual(['done', 'in_progress', 'no_lab'])
    expect([t41.done, t41.covered, t41.labs, t41.labsDone]).toEqual([1, 2, 3, 1])
    // Lab b is filed under 4.2 but tags 4.3.S3: it counts for 4.3 too.
    expect([t43.done, t43.covered, t43.labs]).toEqual([0, 1, 1])
  })

  it('recommends the first lab in the given order that is not finished', () => {
    expect(nextLab(labs)?.id).toBe('b')
    expect(nextLab([lab('a', '4.1', [], 'done'), lab('d', '4.1', [], 'done_assisted')])).toBeNull()
  })

  it('lists recent places once each, newest first', () => {
    const recent = [
      { route: '/labs/a', at: '2026-01-05T10:00:00.000Z' },
      { route: '/sandbox?world=w', at: '2026-01-05T11:00:00.000Z' },
      { route: '/labs/a', at: '2026-01-05T12:00:00.000Z' }
    ]
    expect(uniqueRecent(recent)).toEqual([recent[2], recent[1]])
  })
})
