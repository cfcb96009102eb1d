/**
 * Which Chromium the browser tests drive: the one `scripts/ensure-browser.ts` finds (CHROMIUM_PATH, then
 * a system Chromium or Chrome, then Playwright's own download). `npm test` runs that script first, which
 * installs a browser when there is none; here the same search runs again without installing, so the
 * config and the script cannot disagree and `npx playwright test` on its own launches the same browser.
 */
import { findBrowser } from '../../scripts/ensure-browser'

/** The executable to launch; throws the script's explanation when the machine has none. */
export function chromiumExecutable(): string {
  const found = findBrowser()
  if (found.kind === 'stop') throw new Error(found.message)
  return found.path
}

/** Flags for a quiet, offline-safe headless run (no background connections on a closed network). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-features=Translate,OptimizationHints,MediaRouter'
]
