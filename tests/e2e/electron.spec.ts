/**
 * Launches the real desktop app with Playwright's Electron driver. It runs wherever the Electron
 * binary has been downloaded (users' and most CI machines); where it has not (this project's
 * development machines cannot fetch it), the test is skipped and says so.
 */
import { _electron as electron, expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ELECTRON_SKIP_REASON, electronBinary } from '../helpers/electron'

const binary = electronBinary()

test.describe('desktop app (Electron)', () => {
  test.skip(!binary, `SKIPPED: ${ELECTRON_SKIP_REASON}`)

  test('opens a hardened window that shows the dashboard and answers over IPC', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mlops-lab-electron-'))
    const app = await electron.launch({
      executablePath: binary!,
      args: [resolve(__dirname, '../../out/main/index.js'), '--data-dir', dataDir, '--no-sandbox']
    })
    try {
      const page = await app.firstWindow()
      await expect(page.getByTestId('dashboard')).toHaveAttribute('data-ready', 'true')
      expect(page.url()).toMatch(/^app:\/\/mlops-lab\//)
      // No Node in the renderer; only the preload's bridge.
      const g = await page.evaluate(() => {
        const w = globalThis as unknown as { require?: unknown; process?: unknown; lab?: object }
        return { require: typeof w.require, process: typeof w.process, channels: Object.keys(w.lab ?? {}).length }
      })
      expect(g).toMatchObject({ require: 'undefined', process: 'undefined' })
      expect(g.channels).toBeGreaterThan(0)
      expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1)
    } finally {
      await app.close()
    }
  })
})
