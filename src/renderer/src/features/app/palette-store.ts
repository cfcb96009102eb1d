import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { useApiClient } from '@/api/api-client'
import { useLabsStore } from '@/features/labs/labs-store'
import { readConsoleMemory } from '@/features/sandbox/console-memory'
import { buildEntries, type PaletteLab } from './palette'

/**
 * What the "go to" palette lists: the pages, the labs (from the labs store) with their steps, and
 * the sandbox console's tabs (in the world the learner last had open). Step titles come from
 * `labs.get`, which only reads, fetched once per lab when the palette first opens.
 */
export const usePaletteStore = defineStore('palette', () => {
  const api = useApiClient()
  const labsStore = useLabsStore()
  const steps = ref<Record<string, { title: string }[]>>({})
  const loading = ref(false)

  const entries = computed(() => {
    const labs: PaletteLab[] = labsStore.labs.map((l) => ({ id: l.id, title: l.title, examItems: l.examItems, steps: steps.value[l.id] ?? null }))
    return buildEntries(labs, readConsoleMemory().worldId)
  })

  async function load(): Promise<void> {
    if (loading.value) return
    loading.value = true
    try {
      if (!labsStore.listLoaded) await labsStore.loadList()
      const missing = labsStore.labs.filter((l) => !steps.value[l.id])
      const got = await Promise.all(missing.map((l) => api.call('labs.get', { labId: l.id }).catch(() => null)))
      const next = { ...steps.value }
      got.forEach((res, i) => {
        if (res) next[missing[i].id] = res.lab.steps.map((s) => ({ title: s.title }))
      })
      steps.value = next
    } finally {
      loading.value = false
    }
  }

  return { entries, loading, load }
})
