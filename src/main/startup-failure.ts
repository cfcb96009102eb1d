/**
 * What the desktop app tells the learner when it cannot start (a database from a newer version, a
 * folder another MLOps Lab holds, an unreadable file): a native error box that names the problem and
 * the file, after which the app quits: every window needs the store, and broken lab files never get
 * here (they are reported in the Labs view and the other labs load). Pure, so it is unit-tested; index.ts shows it with Electron's
 * `dialog.showErrorBox` (usable before the app is ready) and quits, which also frees the
 * single-instance lock for the next launch.
 */
import { LabError } from '../shared/errors'

export interface StartupPaths {
  dataDir: string
  databaseFile: string
}

export interface StartupFailure {
  title: string
  content: string
}

function fileOf(err: unknown): string | undefined {
  const path = (err as NodeJS.ErrnoException | null)?.path
  return typeof path === 'string' && path.length > 0 ? path : undefined
}

export function describeStartupFailure(err: unknown, paths: StartupPaths): StartupFailure {
  const where = `Data folder: ${paths.dataDir}\nDatabase: ${paths.databaseFile}`
  if (err instanceof LabError) {
    // The store's and the host lock's messages already say what happened, to which file, and what to do.
    return { title: 'MLOps Lab cannot open your progress', content: `${err.message}\n\n${where}` }
  }
  const message = err instanceof Error ? err.message : String(err)
  const file = fileOf(err)
  const code = (err as NodeJS.ErrnoException | null)?.code
  if (file) {
    return {
      title: 'MLOps Lab cannot read one of its files',
      content: `${file} could not be read (${code ?? message}).\n${message}\n\nReinstalling MLOps Lab restores its own files; your progress is in the data folder and is not touched.\n\n${where}`
    }
  }
  return { title: 'MLOps Lab could not start', content: `${message}\n\n${where}` }
}
