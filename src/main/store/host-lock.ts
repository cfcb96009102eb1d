/**
 * One host per data folder: a PID file, `mlops-lab.pid`, that the browser-mode host and the desktop
 * app both take before they open the database (the desktop app also holds Electron's single-instance
 * lock). While a host holds it, no other MLOps Lab uses the folder, so a SQLite lock left in it is a
 * leftover of a killed process and may be removed (database.ts).
 *
 * The file is created with O_EXCL. One that already exists belongs to a live host when its process
 * answers `kill(pid, 0)` (EPERM also means alive: it exists under another user) and, on Linux, still
 * has the start time recorded in the file, so a PID reused after a reboot is not taken for the host.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { LabError } from '../../shared/errors'

export const HOST_LOCK_FILE = 'mlops-lab.pid'

export interface HostLock {
  readonly file: string
  readonly pid: number
  /** Removes the PID file if it is still ours. Safe to call more than once. */
  release(): void
}

interface Owner {
  pid: number
  host: string
  /** Process start time in clock ticks since boot (Linux /proc/<pid>/stat field 22), when known. */
  startTicks?: string
}

export interface HostLockProbe {
  /** Does a process with this id exist? */
  isAlive(pid: number): boolean
  /** Its start time (any stable string), or undefined where the platform does not tell. */
  startTicks(pid: number): string | undefined
}

export const systemProbe: HostLockProbe = {
  isAlive(pid) {
    try {
      process.kill(pid, 0)
      return true
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM'
    }
  },
  startTicks(pid) {
    if (process.platform !== 'linux') return undefined
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // proc(5): fields after the command name, which is in parentheses and may contain spaces.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      return rest[19] // field 22 (starttime); `rest` starts at field 3
    } catch {
      return undefined
    }
  }
}

function readOwner(file: string): Owner | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Owner>
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0
      ? { pid: parsed.pid, host: String(parsed.host ?? 'MLOps Lab'), startTicks: typeof parsed.startTicks === 'string' ? parsed.startTicks : undefined }
      : null
  } catch {
    return null // unreadable or half-written by a host killed while writing it: not a live owner
  }
}

function ownerIsLive(owner: Owner, probe: HostLockProbe): boolean {
  if (!probe.isAlive(owner.pid)) return false
  if (owner.startTicks === undefined) return true
  const now = probe.startTicks(owner.pid)
  return now === undefined || now === owner.startTicks
}

/**
 * Takes the data folder for this process, or throws a STORE error naming the live host that has it.
 * `host` says who holds it ("browser mode", "desktop app"), for the message another start shows.
 */
export function acquireHostLock(dataDir: string, host: string, probe: HostLockProbe = systemProbe, pid = process.pid): HostLock {
  mkdirSync(dataDir, { recursive: true })
  const file = join(dataDir, HOST_LOCK_FILE)
  const me: Owner = { pid, host, startTicks: probe.startTicks(pid) }
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number
    try {
      fd = openSync(file, 'wx')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const owner = readOwner(file)
      if (owner && owner.pid !== pid && ownerIsLive(owner, probe)) {
        throw new LabError(
          'STORE',
          `Another MLOps Lab (${owner.host}, process ${owner.pid}) is using the data folder ${dataDir}. Close it first, or start this one with a different data folder (--data-dir). If no MLOps Lab is running, delete ${file}.`
        )
      }
      try {
        unlinkSync(file) // the owner is gone: the file is stale
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e
      }
      continue
    }
    try {
      writeSync(fd, JSON.stringify(me))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    // Two starts that both found the same stale file: whoever's content is there now won.
    const after = readOwner(file)
    if (after?.pid !== pid) break
    let held = true
    return {
      file,
      pid,
      release() {
        if (!held) return
        held = false
        if (readOwner(file)?.pid === pid) {
          try {
            unlinkSync(file)
          } catch {
            // already gone: nothing to release
          }
        }
      }
    }
  }
  throw new LabError('STORE', `Another MLOps Lab is starting on the data folder ${dataDir} at the same time. Start only one.`)
}
