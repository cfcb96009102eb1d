/**
 * Moving between the steps of the open lab, for the lab player: the step rail, the Next button, the
 * `n` and `p` shortcuts and `?step=N` from the "go to" palette. Moving on clears what belonged to
 * the step left behind, gives the focus to the new step's heading (the button that was pressed is
 * gone) and runs the new step if it has not run yet, so its charts are never empty.
 */
import { storeToRefs } from 'pinia'
import { nextTick, watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import type { Shortcut } from '@/features/app/shortcuts'
import { useLabsStore } from '@/features/labs/labs-store'

/** After an action whose button went away, focus goes somewhere sensible instead of to <body>. */
export async function rescueFocus(target: () => HTMLElement | null): Promise<void> {
  await nextTick()
  const active = document.activeElement
  if (active && active !== document.body && active.isConnected) return
  const el = target()
  if (el && !el.hasAttribute('tabindex') && !(el instanceof HTMLButtonElement)) el.setAttribute('tabindex', '-1')
  el?.focus()
}

export interface StepNavigationOptions {
  /** False while a lab loads: the shortcuts wait, and the load itself opens a requested step. */
  ready: Ref<boolean>
  /** The step's heading, while a step (not the checkpoint) shows. */
  heading: () => HTMLElement | null
  /** Runs the step shown and redraws (the player's one run at a time). */
  runStep: () => Promise<void>
  /** Clears what belonged to the step being left: the solution's confirmation, the status line. */
  leave: () => void
}

export function useStepNavigation(o: StepNavigationOptions) {
  const route = useRoute()
  const router = useRouter()
  const store = useLabsStore()
  const { lab, stepIndex, step, onCheckpoint, runs } = storeToRefs(store)

  async function go(index: number, opts: { focusHeading?: boolean } = {}): Promise<void> {
    if (!lab.value || index === stepIndex.value || index < 0 || index > lab.value.steps.length) return
    o.leave()
    await store.goToStep(index)
    // The "Next" button that was pressed is gone (or a shortcut moved on): the new step's heading takes focus.
    const heading = (): HTMLElement | null => o.heading() ?? document.querySelector<HTMLElement>('#checkpoint-h')
    if (opts.focusHeading) void nextTick(() => heading()?.focus())
    else void rescueFocus(heading)
    if (!onCheckpoint.value && step.value && !runs.value[step.value.id]) await o.runStep()
  }

  /** `?step=N` (from the "go to" palette) opens that step, then leaves the address. */
  async function openRequestedStep(): Promise<void> {
    const raw = route.query.step
    if (typeof raw !== 'string' || !lab.value) return
    const n = Number(raw)
    void router.replace({ query: {} })
    if (Number.isInteger(n) && n >= 0 && n <= lab.value.steps.length && n !== stepIndex.value) await store.goToStep(n)
  }

  /**
   * Follows `?step=N` asked for while the lab is open. Call it after the view watches the lab id:
   * when the palette opens a step of another lab, both change at once, and the lab must start
   * loading first (ready goes false) so that its load, not this watcher, opens the step.
   */
  function followStepQuery(): void {
    watch(
      () => route.query.step,
      async (raw) => {
        if (raw === undefined || !o.ready.value) return
        const before = stepIndex.value
        await openRequestedStep()
        if (stepIndex.value !== before && !onCheckpoint.value && step.value && !runs.value[step.value.id]) await o.runStep()
      }
    )
  }

  const canNavigate = (): boolean => !!lab.value && o.ready.value
  /** `n` and `p`: the player registers them after its `r`, `c` and `h`, the cheat sheet's order. */
  const shortcuts: Shortcut[] = [
    { keys: 'n', label: 'Next step', group: 'Lab', run: () => void go(stepIndex.value + 1, { focusHeading: true }), enabled: () => canNavigate() && !onCheckpoint.value },
    { keys: 'p', label: 'Previous step', group: 'Lab', run: () => void go(stepIndex.value - 1, { focusHeading: true }), enabled: () => canNavigate() && stepIndex.value > 0 }
  ]

  return { go, openRequestedStep, followStepQuery, canNavigate, shortcuts }
}
