import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { collectNotices, importedPackages, renderNotices } from '../../../scripts/third-party-notices'

const ROOT = resolve(__dirname, '../../..')

describe('licence and third-party notices', () => {
  const notices = collectNotices(ROOT)
  const byName = new Map(notices.map((n) => [n.name, n]))

  it('DOMPurify is listed as MPL-2.0 OR Apache-2.0 with both licence texts', () => {
    const dompurify = byName.get('dompurify')
    expect(dompurify?.license).toBe('(MPL-2.0 OR Apache-2.0)')
    const texts = dompurify?.files.map((f) => f.text).join('\n') ?? ''
    expect(texts).toContain('Mozilla Public License')
    expect(texts).toContain('Apache License')
    const rendered = renderNotices(notices)
    expect(rendered).toContain('dompurify 3.')
    expect(rendered).toMatch(/dompurify [\d.]+: \(MPL-2\.0 OR Apache-2\.0\)/)
  })

  it('covers the runtime dependencies and the bundled renderer libraries, not the build tools', () => {
    for (const name of ['node-sqlite3-wasm', 'zod', 'yaml', 'vue', 'pinia', 'vue-router', 'chart.js', 'marked']) expect(byName.has(name), name).toBe(true)
    for (const name of ['vitest', 'electron', 'electron-builder', 'typescript', 'vite']) expect(byName.has(name), name).toBe(false)
    // Every package declares its licence, and nearly all ship the text.
    expect(notices.filter((n) => n.license === 'UNKNOWN').map((n) => n.name)).toEqual([])
    expect(notices.filter((n) => n.files.length > 0).length).toBeGreaterThan(notices.length * 0.9)
  })

  it('finds package imports and ignores relative, aliased and node: ones', () => {
    const source = `import { a } from 'vue'\nimport x from '@kurkle/color/dist'\nimport y from './y'\nimport z from '@/stores/app'\nimport w from '@shared/labs'\nimport 'chart.js/auto'\nconst m = await import('marked')\nimport { readFileSync } from 'node:fs'`
    expect(importedPackages(source).sort()).toEqual(['@kurkle/color', 'chart.js', 'marked', 'vue'])
  })

  it('the app is MIT with a LICENSE file, and both files are packaged', () => {
    const license = readFileSync(resolve(ROOT, 'LICENSE'), 'utf8')
    expect(license.startsWith('MIT License\n\nCopyright (c) 2026 MLOps Lab contributors')).toBe(true)
    expect(JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).license).toBe('MIT')
    const builder = readFileSync(resolve(ROOT, 'electron-builder.yml'), 'utf8')
    expect(builder).toContain('from: out/THIRD-PARTY-NOTICES.txt')
    expect(builder).toContain('from: LICENSE')
  })
})
