import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The downloaded Electron binary, or null where it is not there (it is fetched on first use, not at install). */
export function electronBinary(): string | null {
  try {
    const pkgDir = dirname(require.resolve('electron/package.json'))
    const bin = join(pkgDir, 'dist', readFileSync(join(pkgDir, 'path.txt'), 'utf8').trim())
    return existsSync(bin) ? bin : null
  } catch {
    return null
  }
}

export const ELECTRON_SKIP_REASON =
  'the Electron binary is not downloaded on this machine (node_modules/electron/dist is missing), so the real window cannot open here; everything else is tested in browser mode'
