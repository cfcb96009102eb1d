import { beforeEach, describe, expect, it } from 'vitest'
import type { Res } from '@shared/contract'
import { ApiError } from '@/api/api-error'
import { useProgressStore } from '@/features/app/progress-store'
import { FakeClient, installStores } from '../fake-client'

let api: FakeClient

const summary = (started: number): Res<'progress.summary'> => ({
  lastActivity: { kind: 'lab', ref: 'latency-alarm-p99', title: 'Latency alarms', route: '/labs/latency-alarm-p99', at: '2026-01-05T10:00:00.000Z' },
  recent: [],
  labs: { started, done: 0, doneAssisted: 0 },
  labProgress: []
})

beforeEach(() => {
  api = new FakeClient()
  installStores(api)
})

describe('progress store', () => {
  it('refresh keeps the host’s summary and clears an earlier error', async () => {
    api.refuse('progress.summary', { code: 'INTERNAL', message: 'database is locked' })
    const store = useProgressStore()
    await store.refresh()
    expect(store.error).toBe('database is locked')
    api.on('progress.summary', () => summary(2))
    await store.refresh()
    expect(api.requests('progress.summary')).toEqual([{}, {}])
    expect(store.summary?.labs.started).toBe(2)
    expect(store.error).toBeNull()
  })

  it('a failed refresh keeps the summary it had', async () => {
    api.on('progress.summary', () => summary(1))
    const store = useProgressStore()
    await store.refresh()
    api.refuse('progress.summary', { code: 'INTERNAL', message: 'database is locked' })
    await store.refresh()
    expect(store.summary?.labs.started).toBe(1)
    expect(store.error).toBe('database is locked')
  })

  it('records an activity exactly as given', async () => {
    api.on('progress.recordActivity', (a) => ({ ...a, at: '2026-01-05T10:00:00.000Z' }))
    const store = useProgressStore()
    const activity = { kind: 'sandbox' as const, ref: 'w1', title: 'Sandbox: Latency', route: '/sandbox?world=w1' }
    await store.recordActivity(activity)
    expect(api.requests('progress.recordActivity')).toEqual([activity])
  })

  it('a refused activity rejects with the field the host names', async () => {
    api.refuse('progress.recordActivity', { issues: [{ path: 'route', message: 'must be an app route starting with "/"' }] })
    const store = useProgressStore()
    const err = await store.recordActivity({ kind: 'page', ref: 'x', title: 'x', route: 'https://example.com' }).catch((e: unknown) => e)
    expect((err as ApiError).issueFor('route')).toBe('must be an app route starting with "/"')
  })

  it('reset confirms and names what it deletes, answers what went, then reads the summary again', async () => {
    api.on('progress.reset', () => ({ ok: true, deleted: { labProgress: 2, activity: 5, worlds: 0 } }))
    api.on('progress.summary', () => summary(0))
    const store = useProgressStore()
    expect(await store.reset('labProgress')).toEqual({ labProgress: 2, activity: 5, worlds: 0 })
    expect(api.requests('progress.reset')).toEqual([{ confirm: true, what: 'labProgress' }])
    expect(api.channels()).toEqual(['progress.reset', 'progress.summary'])
    expect(store.summary?.labs.started).toBe(0)
  })

  it('export returns the host’s file unchanged', async () => {
    const file = { fileName: 'mlops-lab-progress-2026-01-05.json', content: '{"format":"mlops-lab-progress"}' }
    api.on('progress.export', () => file)
    const store = useProgressStore()
    expect(await store.exportFile()).toEqual(file)
  })

  it('import sends the file’s text, then reads the summary again', async () => {
    api.on('progress.import', () => ({ imported: { activity: 4, labProgress: 2, worlds: 1 } }))
    api.on('progress.summary', () => summary(2))
    const store = useProgressStore()
    const result = await store.importFile('{"format":"mlops-lab-progress"}')
    expect(api.requests('progress.import')).toEqual([{ content: '{"format":"mlops-lab-progress"}' }])
    expect(result.imported).toEqual({ activity: 4, labProgress: 2, worlds: 1 })
    expect(api.channels()).toEqual(['progress.import', 'progress.summary'])
  })

  it('a refused import rejects with the host’s reason and reads nothing more', async () => {
    api.refuse('progress.import', { message: 'This is not an MLOps Lab progress file.', issues: [{ path: 'format', message: 'must be "mlops-lab-progress"' }] })
    const store = useProgressStore()
    const err = await store.importFile('{}').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).message).toBe('This is not an MLOps Lab progress file.')
    expect((err as ApiError).issueFor('format')).toBe('must be "mlops-lab-progress"')
    expect(api.channels()).toEqual(['progress.import'])
  })
})
