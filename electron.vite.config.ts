import { resolve } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'

const shared = resolve(__dirname, 'src/shared')

export default defineConfig({
  main: {
    resolve: { alias: { '@shared': shared } },
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // Browser-mode host: the same handlers over HTTP, run with plain Node (`npm run serve`).
          web: resolve(__dirname, 'src/main/web.ts'),
          // The worker threads both hosts run simulation in (session, compute pool).
          worker: resolve(__dirname, 'src/main/worker.ts')
        }
      }
    }
  },
  preload: {
    resolve: { alias: { '@shared': shared } },
    // Bundle everything (only `electron` stays external) so the preload runs in a sandboxed renderer.
    build: { externalizeDeps: false, rollupOptions: { external: ['electron'] } }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    resolve: {
      alias: {
        '@': resolve(__dirname, 'src/renderer/src'),
        '@shared': shared
      }
    },
    plugins: [vue()],
    build: {
      rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') }
    }
  }
})
