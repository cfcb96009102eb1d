/**
 * `v-return-focus` on a panel a button opened (a console form): when the panel goes away — saved,
 * cancelled or deleted — and took the focus with it, the focus goes back to the element that had it
 * when the panel opened (its opener), instead of falling to `<body>`, which sends keyboard and
 * screen-reader users back to the top of the page (WAI-ARIA Authoring Practices, "Dialog (Modal)
 * Pattern": on close, focus returns to the element that invoked it; the same holds for a disclosure
 * whose content took the focus).
 */
import type { Directive } from 'vue'

const openers = new WeakMap<HTMLElement, HTMLElement>()

export const vReturnFocus: Directive<HTMLElement, void> = {
  mounted(el) {
    const active = document.activeElement
    if (active instanceof HTMLElement && active !== document.body && !el.contains(active)) openers.set(el, active)
  },
  beforeUnmount(el) {
    const opener = openers.get(el)
    const active = document.activeElement
    // Only when the focus was inside the panel (or already lost): a learner who moved on keeps their place.
    const hadFocus = active === null || active === document.body || el.contains(active)
    if (!opener || !hadFocus) return
    queueMicrotask(() => {
      const now = document.activeElement
      if (opener.isConnected && (now === null || now === document.body || !now.isConnected)) opener.focus()
    })
  }
}
