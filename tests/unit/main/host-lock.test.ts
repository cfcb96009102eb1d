import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { acquireHostLock, HOST_LOCK_FILE, systemProbe, type HostLockProbe } from '../../../src/main/store/host-lock'

const dir = () => mkdtempSync(join(tmpdir(), 'host-lock-'))

function probe(alive: Record<number, string | undefined>): HostLockProbe {
  return { isAlive: (pid) => pid in alive, startTicks: (pid) => alive[pid] }
}

describe('host lock (one MLOps Lab per data folder)', () => {
  it('creates the PID file with our pid and removes it on release', () => {
    const d = dir()
    const lock = acquireHostLock(d, 'browser mode', probe({ 100: 't100' }), 100)
    expect(JSON.parse(readFileSync(join(d, HOST_LOCK_FILE), 'utf8'))).toEqual({ pid: 100, host: 'browser mode', startTicks: 't100' })
    lock.release()
    expect(existsSync(join(d, HOST_LOCK_FILE))).toBe(false)
  })

  it('refuses to start while a live host owns the folder, naming it and the file', () => {
    const d = dir()
    writeFileSync(join(d, HOST_LOCK_FILE), JSON.stringify({ pid: 200, host: 'desktop app', startTicks: 's' }))
    expect(() => acquireHostLock(d, 'browser mode', probe({ 200: 's', 100: 'x' }), 100)).toThrow(
      new RegExp(`Another MLOps Lab \\(desktop app, process 200\\) is using the data folder .*delete .*${HOST_LOCK_FILE}`)
    )
    // Its file is left as it was.
    expect(JSON.parse(readFileSync(join(d, HOST_LOCK_FILE), 'utf8')).pid).toBe(200)
  })

  it('takes over a PID file whose process is gone', () => {
    const d = dir()
    writeFileSync(join(d, HOST_LOCK_FILE), JSON.stringify({ pid: 200, host: 'browser mode' }))
    const lock = acquireHostLock(d, 'browser mode', probe({ 100: undefined }), 100)
    expect(JSON.parse(readFileSync(join(d, HOST_LOCK_FILE), 'utf8')).pid).toBe(100)
    lock.release()
  })

  it('takes over a PID file whose pid now belongs to a process that started at another time', () => {
    const d = dir()
    writeFileSync(join(d, HOST_LOCK_FILE), JSON.stringify({ pid: 200, host: 'browser mode', startTicks: 'before-reboot' }))
    const lock = acquireHostLock(d, 'browser mode', probe({ 200: 'after-reboot', 100: 'x' }), 100)
    expect(lock.pid).toBe(100)
    lock.release()
  })

  it('takes over an empty or half-written PID file', () => {
    const d = dir()
    writeFileSync(join(d, HOST_LOCK_FILE), '{"pi')
    acquireHostLock(d, 'browser mode', probe({}), 100).release()
  })

  it('release leaves a file that another host has since taken', () => {
    const d = dir()
    const lock = acquireHostLock(d, 'browser mode', probe({}), 100)
    writeFileSync(join(d, HOST_LOCK_FILE), JSON.stringify({ pid: 300, host: 'browser mode' }))
    lock.release()
    expect(JSON.parse(readFileSync(join(d, HOST_LOCK_FILE), 'utf8')).pid).toBe(300)
  })

  it('with real processes: a running owner is refused, and the folder is free once it is killed', async () => {
    const d = dir()
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
    const pid = child.pid as number
    acquireHostLock(d, 'browser mode', systemProbe, pid) // written as if by the child
    expect(() => acquireHostLock(d, 'browser mode')).toThrow(new RegExp(`process ${pid}`))
    await new Promise((done) => {
      child.once('exit', done)
      child.kill('SIGKILL')
    })
    const mine = acquireHostLock(d, 'browser mode')
    expect(mine.pid).toBe(process.pid)
    mine.release()
  })
})
