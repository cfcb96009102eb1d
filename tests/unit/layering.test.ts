/**
 * The layering rules of issue #7.6, enforced by dependency-cruiser (`.dependency-cruiser.cjs`):
 * the repository has no violation, and a tree with the same layout that breaks each rule once is
 * caught rule by rule (so a rule that silently stopped matching would fail here too).
 */
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '../..')
const CLI = resolve(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs')
const CONFIG = resolve(ROOT, '.dependency-cruiser.cjs')

interface Violation {
  from: string
  to: string
  rule: { name: string }
}

function cruise(tree: string): Violation[] {
  let out: string
  try {
    out = execFileSync(process.execPath, [CLI, tree, '--config', CONFIG, '--output-type', 'json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  } catch (err) {
    // The CLI exits non-zero when it finds errors; its JSON is still on stdout.
    out = (err as { stdout?: string }).stdout ?? ''
    if (!out) throw err
  }
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations
}

describe('layering', () => {
  it('the repository breaks no import rule', () => {
    const found = cruise('src').map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)
    expect(found).toEqual([])
  }, 60_000)

  it('each rule catches the import that breaks it', () => {
    const short = (path: string): string => path.replace(/^tests\/fixtures\/layering\//, '').replace(/^.*node_modules\/([^/]+)\/.*$/, '$1')
    const found = cruise('tests/fixtures/layering/src').map((v) => `${v.rule.name}: ${short(v.from)} → ${short(v.to)}`)
    expect(found.sort()).toEqual(
      [
        'host-never-imports-the-renderer: src/main/api/host.ts → src/renderer/src/view.ts',
        'not-to-unresolvable: src/renderer/src/view.ts → ./does-not-exist',
        'renderer-never-imports-the-host: src/renderer/src/view.ts → src/main/api/host.ts',
        'sandbox-imports-only-itself-and-shared: src/main/sandbox/impure.ts → src/main/api/host.ts',
        'sandbox-no-node-builtins: src/main/sandbox/impure.ts → fs',
        'sandbox-only-pure-packages: src/main/sandbox/impure.ts → dompurify',
        'shared-is-a-leaf: src/shared/leak.ts → src/main/sandbox/impure.ts'
      ].sort()
    )
  }, 60_000)
})
