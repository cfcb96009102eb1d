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

  async function reset(): Promise<void> {
    await api.call('progress.reset', { confirm: true })
    await refresh()
  }

  async function exportFile(): Promise<Res<'progress.export'>> {
    return api.call('progress.export', {})
  }

  async function importFile(content: string): Promise<Res<'progress.import'>> {
    const result = await api.call('progress.import', { content })
    await refresh()
    return result
  }

  return { summary, error, refresh, recordActivity, reset, exportFile, importFile }
})
