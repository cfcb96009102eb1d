import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, chromiumExecutable } from './tests/helpers/chromium'
import { ELECTRON_SKIP_REASON, electronBinary } from './tests/helpers/electron'

// Said once, by the runner (not by each worker), so a skipped launch test is never silent.
if (!process.env.TEST_WORKER_INDEX && !electronBinary()) console.log(`Electron launch test will be SKIPPED: ${ELECTRON_SKIP_REASON}.`)

// The e2e tests start their own browser-mode host per test (tests/helpers/lab-server.ts), each with
// its own data folder, after `electron-vite build` (see the test:e2e script). The browser is the one
// scripts/ensure-browser.ts found (or installed) just before; chromiumExecutable() repeats its search.
export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  // One retry, reported as "flaky" in the list, never silent: headless Chromium very rarely stops
  // drawing frames mid-test (seen once on CI: a click waited 60 s for a visible link to be "stable";
  // fixtures.ts' stall probe now says which of script or frames had stopped). A test that fails twice
  // still fails the run.
  retries: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 860 },
    launchOptions: { executablePath: chromiumExecutable(), args: CHROMIUM_ARGS },
    trace: 'off',
    screenshot: 'only-on-failure'
  }
})
