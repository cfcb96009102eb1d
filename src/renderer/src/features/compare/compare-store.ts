/**
 * The Compare view's state: the learner's settings and chosen strategies, and the `deploy.compare`
 * job that measures them (jobs.start, then followJob in api/follow-job.ts until it ends; jobs.cancel stops it
 * between two chunks). The store receives the API client, so it is tested with a fake.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { useApiClient, type ApiClient } from '@/api/api-client'
import { ApiError } from '@/api/api-error'
import { followJob, sleep, type JobStatus } from '@/api/follow-job'
import { compareRequest, DEFAULT_SETTINGS, type CompareSettings } from './strategies'

export type { JobStatus }
export type CompareResult = Extract<NonNullable<JobStatus['result']>, { kind: 'deploy.compare' }>['value']

export function createCompareState(api: ApiClient, wait: (ms: number) => Promise<void> = sleep) {
  const settings = ref<CompareSettings>({ ...DEFAULT_SETTINGS })
  const chosen = ref<string[]>(['in-place', 'blue-green', 'canary', 'rolling'])
  const status = ref<JobStatus | null>(null)
  const result = ref<CompareResult | null>(null)
  const error = ref<{ message: string; issues: { path: string; message: string }[] } | null>(null)
  const running = ref(false)

  async function run(): Promise<void> {
    if (running.value) return
    running.value = true
    error.value = null
    try {
      const { jobId } = await api.call('jobs.start', { kind: 'deploy.compare', request: compareRequest(settings.value, chosen.value) })
      const s = await followJob(api, jobId, (st) => (status.value = st), wait)
      if (s.state === 'succeeded') result.value = s.result && s.result.kind === 'deploy.compare' ? s.result.value : null
      else if (s.state === 'failed') error.value = s.error ? { message: s.error.message, issues: s.error.issues } : { message: 'The comparison failed.', issues: [] }
    } catch (err) {
      error.value = err instanceof ApiError ? { message: err.message, issues: err.issues } : { message: String(err), issues: [] }
    } finally {
      running.value = false
    }
  }

  async function cancel(): Promise<void> {
    const s = status.value
    if (!s || !running.value) return
    await api.call('jobs.cancel', { jobId: s.jobId })
  }

  return { settings, chosen, status, result, error, running, run, cancel }
}

export const useCompareStore = defineStore('compare', () => createCompareState(useApiClient()))
