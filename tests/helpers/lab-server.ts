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
