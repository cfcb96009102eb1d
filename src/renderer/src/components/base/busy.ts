/**
 * `v-busy="acting"` on a button: while busy it is `aria-disabled` and ignores clicks (and so the
 * Enter key's implicit form submission, which clicks the default button), but it stays focusable.
 * A `disabled` button loses the focus the moment it becomes disabled (HTML's "focus fixup"), so the
 * keyboard and screen-reader user is thrown back to the top of the page after every submit, and
 * after a refusal has to find the form again (WAI-ARIA Authoring Practices, "Focusability of
 * disabled controls").
 */
import type { Directive } from 'vue'

function guard(event: Event): void {
  if ((event.currentTarget as HTMLElement).getAttribute('aria-disabled') === 'true') {
    event.preventDefault()
    event.stopImmediatePropagation()
  }
}

function set(el: HTMLElement, busy: boolean): void {
  el.setAttribute('aria-disabled', busy ? 'true' : 'false')
}

export const vBusy: Directive<HTMLElement, boolean> = {
  // A capturing listener on the button itself runs before the component's own click handler.
  created(el) {
    el.addEventListener('click', guard, true)
  },
  mounted(el, { value }) {
    set(el, value)
  },
  updated(el, { value }) {
    set(el, value)
  },
  unmounted(el) {
    el.removeEventListener('click', guard, true)
  }
}
