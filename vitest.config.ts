import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    alias: {
      '@shared': resolve(__dirname, 'src/shared'),
      // The renderer's own alias (electron.vite.config.ts), for the store tests in tests/unit/renderer.
      '@': resolve(__dirname, 'src/renderer/src')
    }
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/contract/**/*.test.ts'],
    // Plain Node for every test: the stores touch no DOM (the app store's one media query is stubbed).
    environment: 'node',
    pool: 'forks',
    testTimeout: 20000
  }
})
