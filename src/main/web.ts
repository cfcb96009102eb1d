/**
 * Entry point of browser mode (`npm run serve`): opens the data store, serves the renderer and the
 * API on 127.0.0.1, and prints the URL with its token.
 *
 *   --port N        or PORT          (default 5199; 0 picks a free port)
 *   --data-dir DIR  or LAB_DATA_DIR  (default ~/.mlops-lab)
 *   LAB_TOKEN                        fixed token instead of a random one per start
 */
import { randomBytes } from 'node:crypto'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { createAppContext, hostRuntime, type AppContext } from './api/app-context'
import { acquireHostLock } from './store/host-lock'
import { startWebServer, type RunningServer } from './web/server'

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  if (i >= 0) return process.argv[i + 1]
  const withEq = process.argv.find((a) => a.startsWith(`${name}=`))
  return withEq?.slice(name.length + 1)
}

async function main(): Promise<void> {
  const portText = argValue('--port') ?? process.env.PORT ?? '5199'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`Invalid port "${portText}": use a whole number from 0 to 65535.`)
    process.exit(2)
  }
  const dataDir = resolve(argValue('--data-dir') ?? process.env.LAB_DATA_DIR ?? join(homedir(), '.mlops-lab'))
  const token = process.env.LAB_TOKEN || randomBytes(24).toString('base64url')

  // Signals are handled from the start: a SIGTERM that arrives while the host is still starting (a
  // test that stops it as soon as it prints its URL) still closes the database cleanly.
  let running: RunningServer | null = null
  let ctx: AppContext | null = null
  const stop = async (): Promise<void> => {
    await running?.close()
    ctx?.close()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())

  // Held for the life of the process; released on a clean stop. After a kill -9 the next start finds
  // the PID dead, takes the folder over and removes the SQLite lock the killed host left.
  const hostLock = acquireHostLock(dataDir, 'browser mode')
  process.on('exit', () => hostLock.release())
  ctx = createAppContext({ host: 'browser', platform: process.platform, dataDir, hostLock }, {}, hostRuntime(__dirname))
  for (const notice of ctx.store.notices) console.warn(`[store] ${notice.message}`)

  running = await startWebServer({
    handlers: ctx.handlers,
    token,
    staticDir: join(__dirname, '../renderer'),
    port,
    dispatchOptions: { onInternalError: (channel, err) => console.error(`[${channel}]`, err) },
    ...(ctx.offload ? { offload: ctx.offload } : {})
  })
  console.log(`MLOps Lab (browser mode) is serving ${dataDir}`)
  console.log(`Open ${running.url}`)
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
