import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Req, Res } from '@shared/contract'
import { useApiClient } from '@/api/api-client'

type Summary = Res<'progress.summary'>

export const useProgressStore = defineStore('progress', () => {
  const api = useApiClient()
  const summary = ref<Summary | null>(null)
  const error = ref<string | null>(null)

  async function refresh(): Promise<void> {
    try {
      summary.value = await api.call('progress.summary', {})
      error.value = null
    } catch (err) {
      error.value = (err as Error).message
    }
  }

  async function recordActivity(a: Req<'progress.recordActivity'>): Promise<void> {
    await api.call('progress.recordActivity', a)
  }

  /** How many lab progress rows, activity entries and worlds the host holds: what a reset would delete. */
  function counts(): Promise<Res<'progress.counts'>> {
    return api.call('progress.counts', {})
  }

  /** Deletes lab progress (worlds stay) or the sandbox worlds (lab progress stays); answers what went. */
  async function reset(what: Req<'progress.reset'>['what']): Promise<Res<'progress.reset'>['deleted']> {
    const { deleted } = await api.call('progress.reset', { confirm: true, what })
    await refresh()
    return deleted
  }

  /** What a progress file holds and what it would replace; changes nothing. */
  function inspectImport(content: string): Promise<Res<'progress.inspectImport'>> {
    return api.call('progress.inspectImport', { content })
  }

  async function exportFile(): Promise<Res<'progress.export'>> {
    return api.call('progress.export', {})
  }

  async function importFile(content: string): Promise<Res<'progress.import'>> {
    const result = await api.call('progress.import', { content })
    await refresh()
    return result
  }

  return { summary, error, refresh, recordActivity, counts, reset, exportFile, inspectImport, importFile }
})
