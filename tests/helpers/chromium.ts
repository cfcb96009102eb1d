/**
 * Which Chromium the browser tests drive: Debian's /usr/bin/chromium when present (this project's
 * machines cannot download Playwright's own build), else CHROMIUM_PATH, else Playwright's bundled one.
 */
import { existsSync } from 'node:fs'

export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  return candidates.find((p) => existsSync(p))
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
