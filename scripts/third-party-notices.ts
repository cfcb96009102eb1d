/**
 * Writes THIRD-PARTY-NOTICES.txt: the licence of every third-party package the packaged app
 * carries, with the licence files each package ships (electron-builder.yml puts it beside the app).
 *
 *   npm run notices [-- out/THIRD-PARTY-NOTICES.txt]
 *
 * Which packages: the runtime `dependencies` of package.json (the main process loads them from
 * node_modules) and every package the renderer and preload import (Vite bundles those, and here they
 * are devDependencies), each with its own dependencies, transitively, resolved as Node resolves
 * them. The license checkers on npm (license-checker-rseidelsohn, generate-license-file) start from
 * package.json's production dependencies, so they would miss the bundled ones; the file discovery
 * they do is the few lines below. Works offline, from node_modules only.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

export interface PackageNotice {
  name: string
  version: string
  license: string
  /** Licence, copying and notice files the package ships: file name and text. */
  files: { name: string; text: string }[]
}

const ROOT = resolve(__dirname, '..')
const BUNDLED_SOURCES = ['src/renderer', 'src/preload', 'src/shared']
const LICENSE_FILE = /^(licen[cs]e|copying|notice)([.\-_].*)?$/i

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) return entry === 'node_modules' ? [] : sourceFiles(path)
    return /\.(ts|vue|js|mjs)$/.test(entry) ? [path] : []
  })
}

/** Package names a source file imports: `from 'x'`, `import 'x'`, `import('x')`, not relative or aliased paths. */
export function importedPackages(source: string): string[] {
  const names = new Set<string>()
  for (const m of source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
    const spec = m[1]
    if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('@/') || spec.startsWith('@shared') || spec.startsWith('node:')) continue
    const parts = spec.split('/')
    names.add(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0])
  }
  return [...names]
}

/** The folder of `name` as Node would find it from `fromDir` (walking up through node_modules). */
function packageDir(name: string, fromDir: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dirname(dir) === dir) return null
  }
}

interface Manifest {
  name: string
  version: string
  license?: string | { type?: string }
  licenses?: { type?: string }[]
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
}

function licenseOf(m: Manifest): string {
  if (typeof m.license === 'string') return m.license
  if (m.license?.type) return m.license.type
  if (m.licenses?.length) return m.licenses.map((l) => l.type ?? 'UNKNOWN').join(' OR ')
  return 'UNKNOWN'
}

/** Every package reachable from the roots, with its licence files, sorted by name and version. */
export function collectNotices(root = ROOT): PackageNotice[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest
  const roots = new Set(Object.keys(pkg.dependencies ?? {}))
  for (const dir of BUNDLED_SOURCES) for (const file of sourceFiles(join(root, dir))) for (const name of importedPackages(readFileSync(file, 'utf8'))) roots.add(name)
  roots.delete('electron') // provided by the runtime, whose own notices electron-builder ships (LICENSES.chromium.html)

  const seen = new Map<string, PackageNotice>()
  const queue = [...roots].map((name) => ({ name, from: root }))
  while (queue.length > 0) {
    const { name, from } = queue.shift() as { name: string; from: string }
    const dir = packageDir(name, from)
    if (!dir) continue // an optional dependency not installed on this platform
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
    const key = `${manifest.name}@${manifest.version}`
    if (seen.has(key)) continue
    const files = readdirSync(dir)
      .filter((f) => LICENSE_FILE.test(f) && statSync(join(dir, f)).isFile())
      .sort()
      .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8').trim() }))
    seen.set(key, { name: manifest.name, version: manifest.version, license: licenseOf(manifest), files })
    for (const dep of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) queue.push({ name: dep, from: dir })
  }
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version))
}

export function renderNotices(notices: PackageNotice[], appName = 'MLOps Lab'): string {
  const rule = '='.repeat(78)
  const head = [
    `${appName} includes the following third-party software. Each package's licence is given as the`,
    'package declares it (SPDX), followed by the licence files it ships.',
    '',
    ...notices.map((n) => `  ${n.name} ${n.version}: ${n.license}`),
    ''
  ]
  const bodies = notices.map((n) =>
    [rule, `${n.name} ${n.version}`, `License: ${n.license}`, rule, '', ...(n.files.length > 0 ? n.files.flatMap((f) => [`--- ${f.name} ---`, f.text, '']) : ['(The package ships no licence file; its package.json declares the licence above.)', ''])].join('\n')
  )
  return [...head, ...bodies].join('\n')
}

if (require.main === module) {
  const out = resolve(ROOT, process.argv[2] ?? 'out/THIRD-PARTY-NOTICES.txt')
  mkdirSync(dirname(out), { recursive: true })
  const notices = collectNotices()
  writeFileSync(out, renderNotices(notices))
  console.log(`Wrote ${relative(ROOT, out)}: ${notices.length} packages`)
}
