/**
 * Electron main process: app lifecycle, single-instance lock, the window, the menu, the app
 * protocol, and the IPC handlers. All the hardening lives in security.ts.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, screen, session, shell } from 'electron'
import { join, resolve } from 'node:path'
import { createAppContext, databasePath, hostRuntime, type AppContext } from './api/app-context'
import { registerIpcHandlers } from './ipc'
import { buildMenuTemplate } from './menu'
import { APP_ORIGIN, APP_SCHEME, serveAppRequest } from './protocol'
import { denyAllPermissions, hardenWebContents, isAllowedExternalUrl } from './security'
import { describeStartupFailure } from './startup-failure'
import { acquireHostLock, type HostLock } from './store/host-lock'
import { createWindowOptions, DEFAULT_BOUNDS, fitBoundsToDisplays, type WindowBounds } from './window-options'

const isDev = !app.isPackaged && !!process.env.ELECTRON_RENDERER_URL
const devOrigin = isDev ? new URL(process.env.ELECTRON_RENDERER_URL as string).origin : null
const appOrigins = devOrigin ? [APP_ORIGIN, devOrigin] : [APP_ORIGIN]
const WINDOW_STATE_KEY = 'window.bounds'

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : process.argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1)
}

// A data folder can be given for tests and portable use; otherwise Electron's per-user folder.
const dataDirOverride = argValue('--data-dir') ?? process.env.LAB_DATA_DIR
if (dataDirOverride) app.setPath('userData', resolve(dataDirOverride))

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }
])

function openExternal(url: string): void {
  if (isAllowedExternalUrl(url)) void shell.openExternal(url)
}

let mainWindow: BrowserWindow | null = null
let ctx: AppContext | null = null
let hostLock: HostLock | null = null

function start(): void {
  denyAllPermissions(session.defaultSession)
  const rendererDir = join(__dirname, '../renderer')
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request.url))

  const dataDir = app.getPath('userData')
  // Electron's single-instance lock keeps a second desktop app out; the host lock also keeps out a
  // browser-mode host on the same folder, and holding it lets the store remove a lock a crash left.
  hostLock = acquireHostLock(dataDir, 'desktop app')
  ctx = createAppContext(
    { host: 'electron', platform: process.platform, dataDir, hostLock },
    { onSettingsChanged: (s) => (nativeTheme.themeSource = s.theme) },
    hostRuntime(__dirname)
  )
  nativeTheme.themeSource = ctx.store.getSettings().theme
  registerIpcHandlers(ipcMain, ctx.handlers, appOrigins, {
    onInternalError: (channel, err) => console.error(`[${channel}]`, err),
    ...(ctx.offload ? { offload: ctx.offload } : {})
  })
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(process.platform === 'darwin', isDev, openExternal)))
  mainWindow = createWindow(ctx)
  mainWindow.on('closed', () => (mainWindow = null))

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0 && ctx) mainWindow = createWindow(ctx)
  })
}

function createWindow(context: AppContext): BrowserWindow {
  const remembered = context.store.getState<WindowBounds>(WINDOW_STATE_KEY) ?? DEFAULT_BOUNDS
  const bounds = fitBoundsToDisplays(
    remembered,
    screen.getAllDisplays().map((d) => d.workArea)
  )
  const win = new BrowserWindow(createWindowOptions(join(__dirname, '../preload/index.js'), bounds, nativeTheme.shouldUseDarkColors))
  if (bounds.maximized) win.maximize()

  const saveBounds = (): void => {
    if (win.isDestroyed() || win.isMinimized() || win.isFullScreen()) return
    const b = win.getNormalBounds()
    context.store.setState(WINDOW_STATE_KEY, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() })
  }
  let timer: NodeJS.Timeout | undefined
  const saveSoon = (): void => {
    clearTimeout(timer)
    timer = setTimeout(saveBounds, 400)
  }
  win.on('resize', saveSoon)
  win.on('move', saveSoon)
  win.on('close', () => {
    clearTimeout(timer)
    saveBounds()
  })
  win.once('ready-to-show', () => win.show())

  if (isDev) void win.loadURL(process.env.ELECTRON_RENDERER_URL as string)
  else void win.loadURL(`${APP_ORIGIN}/index.html`)
  return win
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appOrigins, openExternal))

  void app.whenReady().then(() => {
    try {
      start()
    } catch (err) {
      // Without this the app would keep running with no window and hold the single-instance lock,
      // so every later launch would quit at once.
      console.error('[startup]', err)
      const dataDir = app.getPath('userData')
      const failure = describeStartupFailure(err, { dataDir, databaseFile: databasePath(dataDir) })
      dialog.showErrorBox(failure.title, failure.content)
      ctx?.close()
      ctx = null
      hostLock?.release()
      app.exit(1)
    }
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', () => {
    ctx?.close()
    hostLock?.release()
  })
}
