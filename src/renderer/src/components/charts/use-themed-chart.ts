/**
 * The life of one Chart.js chart in a component: built on mount from a config that reads the
 * theme's colours, updated in place (no animation) on every `render()`, rebuilt in the new
 * colours when the theme changes, destroyed on unmount.
 */
import { onBeforeUnmount, onMounted, shallowRef, type Ref } from 'vue'
import type { ChartConfiguration, ChartType } from 'chart.js'
import { Chart } from './chart-setup'
import { readPalette, watchTheme, type ChartPalette } from './theme-colors'

export function useThemedChart<T extends ChartType>(canvas: Ref<HTMLCanvasElement | null>, config: (palette: ChartPalette) => ChartConfiguration<T>) {
  const chart = shallowRef<Chart<T> | null>(null)

  function render(): void {
    if (!canvas.value) return
    const cfg = config(readPalette())
    if (chart.value) {
      chart.value.data = cfg.data
      chart.value.options = (cfg.options ?? {}) as typeof chart.value.options
      chart.value.update('none')
    } else {
      chart.value = new Chart(canvas.value, cfg)
    }
  }

  let stopWatchingTheme: (() => void) | null = null
  onMounted(() => {
    render()
    stopWatchingTheme = watchTheme(render)
  })
  onBeforeUnmount(() => {
    stopWatchingTheme?.()
    chart.value?.destroy()
    chart.value = null
  })

  return { chart, render }
}
