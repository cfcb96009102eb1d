/**
 * Every hardening from Electron's security checklist that applies, in one place.
 * Pure decisions (which URL may open, which may load) are exported for the unit tests; the wiring
 * takes the Electron objects as parameters so tests can pass fakes.
 */
import { isAllowedExternalUrl } from '../shared/external-links'
import { isAppUrl } from './ipc'

/** Hosts the app may open in the user's browser: the shared allow-list (study links to AWS documentation). */
export { EXTERNAL_HOST_ALLOW_LIST, isAllowedExternalUrl } from '../shared/external-links'

interface EventLike {
  preventDefault(): void
}

export interface WebContentsLike {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: EventLike, url: string) => void): unknown
  on(event: 'will-attach-webview', listener: (event: EventLike) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
}

export interface SessionLike {
  setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void
  setPermissionCheckHandler(handler: () => boolean): void
}

/** Applied to every web contents the app creates (from `app.on('web-contents-created')`). */
export function hardenWebContents(
  contents: WebContentsLike,
  appOrigins: readonly string[],
  openExternal: (url: string) => void
): void {
  // No navigation away from the app; the router uses hash URLs, so in-app moves never navigate.
  const blockForeign = (event: EventLike, url: string): void => {
    if (!isAppUrl(url, appOrigins)) event.preventDefault()
  }
  contents.on('will-navigate', blockForeign)
  contents.on('will-redirect', blockForeign)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // No new windows, ever. An allow-listed https link opens in the user's browser instead.
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url)) openExternal(url)
    return { action: 'deny' }
  })
}

/** The app asks for no permission (camera, notifications, geolocation…): refuse them all. */
export function denyAllPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}
