/**
 * The BrowserWindow options, as a pure function so a unit test can assert every security switch.
 * The shape mirrors Electron's BrowserWindowConstructorOptions without importing electron.
 */
export interface WindowBounds {
  x?: number
  y?: number
  width: number
  height: number
  maximized?: boolean
}

export const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820 }
export const MIN_SIZE = { width: 900, height: 600 }

export function createWindowOptions(preloadPath: string, bounds: WindowBounds, dark: boolean) {
  return {
    ...(bounds.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    width: Math.max(bounds.width, MIN_SIZE.width),
    height: Math.max(bounds.height, MIN_SIZE.height),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: 'MLOps Lab',
    backgroundColor: dark ? '#0f1419' : '#f7f8fa',
    autoHideMenuBar: false,
    webPreferences: {
      preload: preloadPath,
      // Electron security checklist: sandboxed, isolated renderer without Node.
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true
    }
  } as const
}

/** Keeps a remembered window on screen: if it no longer intersects any display, drop its position. */
export function fitBoundsToDisplays(
  bounds: WindowBounds,
  displays: { x: number; y: number; width: number; height: number }[]
): WindowBounds {
  if (bounds.x === undefined || bounds.y === undefined) return bounds
  const { x, y, width } = bounds
  const visible = displays.some((d) => x + width > d.x + 40 && x < d.x + d.width - 40 && y >= d.y - 10 && y < d.y + d.height - 40)
  return visible ? bounds : { width: bounds.width, height: bounds.height, maximized: bounds.maximized }
}
