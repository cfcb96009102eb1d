/**
 * `npm run bench` starts here: it bundles `run.ts` and everything it imports from `src/` into one file
 * (`out/bench/run.cjs`, dependencies left as packages) and runs that with plain Node.
 *
 * Why not run the TypeScript through tsx, as this script itself is run: tsx compiles every module on
 * its own and reaches each imported name through a getter on the module's exports object, and a
 * profile of the 90-day monitoring schedule spent 16 % of its time in those getters (`MINUTE_MS`,
 * `createRng`, …). The app never pays that: electron-vite bundles the main process and its workers
 * with scope hoisting, so an imported constant is a plain variable. esbuild's bundle does the same,
 * so the figures describe the code the learner runs. `out/bench/` sits two folders below the
 * repository, as `tests/bench/` does, so the benches' `resolve(__dirname, '../..')` still finds it.
 */
import { build } from 'esbuild'
import { spawnSync } from 'node:child_process'
import { resolve } from 'node:path'

const ROOT = resolve(__dirname, '../..')
const OUT = resolve(ROOT, 'out/bench/run.cjs')

async function main(): Promise<void> {
  await build({
    entryPoints: [resolve(__dirname, 'run.ts')],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning'
  })
  const run = spawnSync(process.execPath, ['--enable-source-maps', OUT, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' })
  process.exit(run.status ?? 1)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
