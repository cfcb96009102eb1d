/**
 * After a navigation to another page, focus goes to the new page's heading (its `h1`) and the
 * content pane scrolls to the top, as a screen-reader user expects from a page load and as
 * GOV.UK's and GitHub's single-page navigations do. Without it focus stays on a link that may no
 * longer exist (then it falls to `<body>`), and the next Tab starts from the top of the app.
 *
 * The heading may appear later than the route (a lab's title waits for the lab to load), so this
 * waits for it, for a few seconds at most, and gives up as soon as the learner moves focus into
 * the page themselves. A change of query only (a sandbox world, a tab) is left to the view.
 */
import type { Router } from 'vue-router'

const WAIT_MS = 5000

function heading(): HTMLElement | null {
  return document.querySelector<HTMLElement>('#main h1')
}

export function focusPageHeading(): void {
  const main = document.getElementById('main')
  if (!main) return
  let focused: HTMLElement | null = null
  const learnerMoved = (): boolean => {
    const active = document.activeElement
    return !!active && active !== document.body && active !== focused && main.contains(active)
  }
  const attempt = (): void => {
    if (learnerMoved()) return stop()
    const h = heading()
    if (!h || h === focused) return
    if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1')
    h.focus({ preventScroll: true })
    focused = h
  }
  // The heading can be replaced while the page loads (a lab's title when the lab arrives): follow it.
  const observer = new MutationObserver(() => {
    if (!focused || !focused.isConnected || heading() !== focused) attempt()
  })
  const timer = setTimeout(() => stop(), WAIT_MS)
  function stop(): void {
    observer.disconnect()
    clearTimeout(timer)
  }
  observer.observe(main, { childList: true, subtree: true })
  requestAnimationFrame(attempt)
}

export function installRouteFocus(router: Router): () => void {
  return router.afterEach((to, from, failure) => {
    // The first load (from has matched nothing) keeps the browser's own focus; failures go nowhere.
    if (failure || from.matched.length === 0 || to.path === from.path) return
    document.querySelector('.content')?.scrollTo({ top: 0 })
    focusPageHeading()
  })
}
