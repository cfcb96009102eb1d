import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { Res, Settings } from '@shared/contract'
import { useApiClient } from '@/api/api-client'
import { docLinks } from '@/components/base/markdown'

type AppInfo = Res<'app.info'>

/** App info, settings and the effective theme. */
export const useAppStore = defineStore('app', () => {
  const api = useApiClient()
  const info = ref<AppInfo | null>(null)
  const settings = ref<Settings | null>(null)
  const loadError = ref<string | null>(null)
  const dismissedNotices = ref<string[]>([])
  const systemDark = ref(window.matchMedia('(prefers-color-scheme: dark)').matches)
  /** The lab the learner has open (or last had open), for the navigation rail. */
  const currentLab = ref<{ id: string; title: string } | null>(null)

  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => {
    systemDark.value = e.matches
  })

  const effectiveTheme = computed<'light' | 'dark'>(() => {
    const t = settings.value?.theme ?? 'system'
    return t === 'system' ? (systemDark.value ? 'dark' : 'light') : t
  })

  // Markdown renders its AWS document links only while the setting is on.
  watch(settings, (s) => (docLinks.value = s?.showDocLinks ?? true), { immediate: true })

  const notices = computed(() => (info.value?.notices ?? []).filter((n) => !dismissedNotices.value.includes(n.at)))

  async function load(): Promise<void> {
    try {
      const [i, s] = await Promise.all([api.call('app.info', {}), api.call('settings.get', {})])
      info.value = i
      settings.value = s
      loadError.value = null
    } catch (err) {
      loadError.value = (err as Error).message
    }
  }

  async function updateSettings(patch: Partial<Settings>): Promise<void> {
    settings.value = await api.call('settings.update', patch)
  }

  function dismissNotice(at: string): void {
    dismissedNotices.value.push(at)
  }

  return { info, settings, loadError, effectiveTheme, notices, currentLab, load, updateSettings, dismissNotice }
})
