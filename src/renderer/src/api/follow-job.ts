/**
 * Following a job the way every view does: jobs.get until the job has ended, each answer handed to
 * `onStatus` (progress bars read it), POLL_MS between one answer and the next request.
 */
import type { Res } from '@shared/contract'
import type { ApiClient } from './api-client'

export type JobStatus = Res<'jobs.get'>

/** Between one jobs.get answer and the next request: 150 ms plus a round trip keeps progress within 200 ms (issue #12). */
export const POLL_MS = 150

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Polls `jobId` until it is no longer queued or running, and returns that last status. */
export async function followJob(api: ApiClient, jobId: string, onStatus: (s: JobStatus) => void, wait: (ms: number) => Promise<void> = sleep): Promise<JobStatus> {
  for (;;) {
    const s = await api.call('jobs.get', { jobId })
    onStatus(s)
    if (s.state !== 'running' && s.state !== 'queued') return s
    await wait(POLL_MS)
  }
}
