/**
 * The pool workers' warm-up (jobs/kinds.ts): each kind's warm-up request is one the kind's own plan
 * accepts (so a change to the request's validation cannot silently turn the warm-up into an error
 * logged at every start), its chunks are chunks that plan would cut, and warmUp runs them all.
 */
import { describe, expect, it } from 'vitest'
import { JOB_KINDS, warmUp } from '../../../src/main/jobs/kinds'

describe('job kinds warm-up', () => {
  const kinds = Object.entries(JOB_KINDS).filter(([, k]) => k.warmup)

  it('deploy.compare has one (its first job on a fresh worker was the slow one)', () => {
    expect(kinds.map(([name]) => name)).toContain('deploy.compare')
  })

  it('monitor.driftReport has one (a fresh worker read its first CSV files with cold code)', () => {
    expect(kinds.map(([name]) => name)).toContain('monitor.driftReport')
  })

  it.each(kinds)('%s: the warm-up request passes the kind’s plan and its chunks are planned chunks', (_name, kind) => {
    const plan = kind.plan(kind.warmup!.request as never)
    for (const chunk of kind.warmup!.chunks) expect(plan.chunks).toContainEqual(chunk)
  })

  it('warmUp runs every warm-up chunk of every kind', () => {
    expect(warmUp()).toBe(kinds.reduce((n, [, k]) => n + k.warmup!.chunks.length, 0))
  })
})
