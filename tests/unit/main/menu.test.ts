import { describe, expect, it, vi } from 'vitest'
import { buildMenuTemplate } from '../../../src/main/menu'
import { isAllowedExternalUrl } from '../../../src/main/security'

describe('application menu', () => {
  it('has the usual roles (their accelerators come with the roles) and the app menu only on macOS', () => {
    const roles = (isMac: boolean) => buildMenuTemplate(isMac, false, vi.fn()).map((m) => m.role ?? m.label)
    expect(roles(false)).toEqual(['fileMenu', 'editMenu', 'View', 'windowMenu', 'help'])
    expect(roles(true)).toEqual(['appMenu', 'fileMenu', 'editMenu', 'View', 'windowMenu', 'help'])
  })

  it('offers developer tools only in development', () => {
    const viewRoles = (isDev: boolean) => {
      const view = buildMenuTemplate(false, isDev, vi.fn()).find((m) => m.label === 'View')!
      return (view.submenu as { role?: string }[]).map((i) => i.role).filter(Boolean)
    }
    expect(viewRoles(false)).not.toContain('toggleDevTools')
    expect(viewRoles(true)).toContain('toggleDevTools')
  })

  it('help links open only allow-listed AWS documentation', () => {
    const opened: string[] = []
    const help = buildMenuTemplate(false, false, (u) => opened.push(u)).find((m) => m.role === 'help')!
    for (const item of help.submenu as { click?: () => void }[]) item.click?.()
    expect(opened.length).toBeGreaterThan(0)
    expect(opened.every(isAllowedExternalUrl)).toBe(true)
  })
})
