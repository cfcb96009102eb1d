/**
 * Starts the built browser-mode host (`out/main/web.js`) as a child process with its own data
 * folder and port, exactly as `npm run serve` does, and stops it. Tests that "close and reopen the
 * app" stop the host and start it again on the same data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface LabServer {
  url: string
  origin: string
  token: string
  dataDir: string
  process: ChildProcess
  stop(signal?: NodeJS.Signals): Promise<void>
}

const ROOT = resolve(__dirname, '../..')

export function freshDataDir(prefix = 'mlops-lab-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

export function startLabServer(dataDir = freshDataDir(), token = 'test-token-' + Math.random().toString(36).slice(2)): Promise<LabServer> {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'out/main/web.js'), '--port', '0', '--data-dir', dataDir], {
      env: { ...process.env, LAB_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let output = ''
    const timer = setTimeout(() => reject(new Error(`browser-mode host did not start:\n${output}`)), 15000)
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = output.match(/Open (http:\/\/127\.0\.0\.1:(\d+)\/\?token=\S+)/)
      if (match) {
        clearTimeout(timer)
        const url = match[1]
        resolveStart({
          url,
          origin: new URL(url).origin,
          token,
          dataDir,
          process: child,
          stop: (signal = 'SIGTERM') =>
            new Promise((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done()
              child.once('exit', () => done())
              child.kill(signal)
            })
        })
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.once('exit', (code) => {
      clearTimeout(timer)
      if (!output.includes('Open http')) reject(new Error(`browser-mode host exited with ${code}:\n${output}`))
    })
  })
}

export async function postJson(server: { origin: string; token: string }, channel: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.origin}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body)
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/**
 * Keeps `lanes` writers busy (each sends its next write as soon as the last is answered) until the
 * host dies, and returns the names of the worlds whose creation was acknowledged with a 200.
 */
export async function writeWorldsUntilKilled(server: LabServer, round: number, lanes: number, killAfterAcks: number): Promise<{ acked: string[]; inFlightAtKill: number }> {
  const acked: string[] = []
  let inFlight = 0
  let inFlightAtKill = -1
  let killed = false
  const lane = async (l: number): Promise<void> => {
    for (let i = 0; !killed; i++) {
      const name = `r${round}-l${l}-${i}`
      inFlight++
      try {
        const r = await postJson(server, 'sandbox.createWorld', { name, seed: `s${i}` })
        if (r.status === 200) acked.push(name)
        else throw new Error(`write refused: ${r.status} ${JSON.stringify(r.body)}`)
      } catch (err) {
        if (!killed) throw err
        return // the connection died with the host: this write was never acknowledged
      } finally {
        inFlight--
      }
      if (!killed && acked.length >= killAfterAcks) {
        killed = true
        inFlightAtKill = inFlight
        await server.stop('SIGKILL')
      }
    }
  }
  await Promise.all(Array.from({ length: lanes }, (_, l) => lane(l)))
  return { acked, inFlightAtKill }
}
