/**
 * The time window a step's charts share. Zooming one chart of the run (the alarm chart, a composite
 * child, the state timeline) zooms them all, and the incident list and the scorecard can frame an
 * incident or a false alarm on the charts ("show on chart"). The lab player provides one per lab;
 * a panel shown elsewhere without a provider gets its own.
 */
import { inject, provide, ref, type InjectionKey, type Ref } from 'vue'
import { frameRange, type TimeRange } from '@/components/charts/time-view'

export interface RunView {
  /** The zoomed window, null when the whole week shows. */
  range: Ref<TimeRange | null>
  /** Frames `[start, end)` on the run's charts with context around it; `reveal` scrolls the charts into view. */
  show(start: number, end: number, o?: { reveal?: boolean }): void
  reset(): void
  /** The element to scroll to when something outside the charts asks to show a time (the first chart registers). */
  target: Ref<HTMLElement | null>
}

const KEY: InjectionKey<RunView> = Symbol('RunView')

function createRunView(extent: () => TimeRange | null): RunView {
  const range = ref<TimeRange | null>(null)
  const target = ref<HTMLElement | null>(null)
  return {
    range,
    target,
    show(start, end, o = {}) {
      const ext = extent()
      if (!ext) return
      range.value = frameRange(start, end, ext)
      if (o.reveal) {
        const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches
        target.value?.scrollIntoView({ block: 'nearest', behavior: reduced ? 'auto' : 'smooth' })
      }
    },
    reset() {
      range.value = null
    }
  }
}

/** Called by the view that shows a run (the lab player), with the run's week. */
export function provideRunView(extent: () => TimeRange | null): RunView {
  const view = createRunView(extent)
  provide(KEY, view)
  return view
}

/** The run view of the enclosing player, or a view of this panel's own (`extent` bounds it). */
export function useRunView(extent: () => TimeRange | null): RunView {
  return inject(KEY, null) ?? createRunView(extent)
}
