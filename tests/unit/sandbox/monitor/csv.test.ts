import { describe, expect, it } from 'vitest'
import { parseCsv, runToEnd, type CsvProgress } from '../../../../src/main/sandbox/monitor/csv'
import { reportToCsv, reportToHtml, runCsvDriftReport, type ReportProgress } from '../../../../src/main/sandbox/monitor/report'
import { LabError } from '../../../../src/shared/errors'
import { REF, expectClose } from './reference'

const parse = (text: string, chunkRows?: number) => runToEnd(parseCsv(text, 'baseline', { chunkRows }))

function refusal(fn: () => unknown): { path: string; message: string } {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(LabError)
    return (err as LabError).issues[0]
  }
  throw new Error('expected a LabError')
}

describe('CSV parsing agrees with Python’s csv module on a tricky file', () => {
  it('quotes, doubled quotes, embedded commas and newlines, CRLF/LF/CR, a BOM, a blank line, empty fields', () => {
    const t = REF.csvTricky
    const table = parse(t.text)
    expect(table.header).toEqual(t.header)
    expect(table.rows).toBe(t.rows.length)
    t.rows.forEach((row: string[], r: number) => {
      row.forEach((cellText, c) => {
        const col = table.columns[c]
        expect(col.kinds[r], `row ${r + 1} column ${t.header[c]}`).toBe(t.kinds[r][c])
        const n = t.numbers[r][c]
        if (n !== null) expect(col.numbers[r]).toBe(n)
        if (col.type === 'String' && t.kinds[r][c] !== 0) expect(col.dictionary[col.codes![r]]).toBe(cellText)
      })
    })
    expect(table.columns.map((c) => c.type)).toEqual(['Integral', 'String', 'Fractional', 'String'])
  })

  it('reports a broken row with its line number', () => {
    expect(refusal(() => parse('a,b\n1,2\n3\n')).message).toBe('line 3: expected 2 fields as in the header, found 1')
    expect(refusal(() => parse('a,b\n1,2\n\n3,4,5\n')).message).toBe('line 4: expected 2 fields as in the header, found 3')
    // The quoted field spans lines 2–3, so the short row after it is on line 4.
    expect(refusal(() => parse('a,b\n"x\ny",2\n7\n')).message).toBe('line 4: expected 2 fields as in the header, found 1')
    expect(refusal(() => parse('a,b\n1,"open\n2,3\n')).message).toBe('line 2: a quoted field starts here and is never closed')
    expect(refusal(() => parse('a,b\n1,"x"y\n')).message).toBe('line 2: unexpected text after the closing quote of field 2')
    expect(refusal(() => parse('a,a\n1,2\n')).message).toContain('twice')
    expect(refusal(() => parse('')).path).toBe('baseline')
  })

  it('yields progress every chunk of rows, ending at 1', () => {
    const text = 'x\n' + Array.from({ length: 1000 }, (_, i) => String(i)).join('\n')
    const seen: CsvProgress[] = []
    runToEnd(parseCsv(text, 'baseline', { chunkRows: 100 }), (p) => seen.push(p))
    expect(seen.length).toBe(11)
    expect(seen.map((p) => p.rows).slice(0, 3)).toEqual([100, 200, 300])
    expect(seen[seen.length - 1].fraction).toBe(1)
    for (let i = 1; i < seen.length; i++) expect(seen[i].fraction).toBeGreaterThanOrEqual(seen[i - 1].fraction)
  })

  it('a String column whose cells partly read as numbers is read again so that every cell is a category', () => {
    const lines = ['v', ...Array.from({ length: 12000 }, (_, i) => String(i)), 'other']
    const table = parse(lines.join('\n'))
    const col = table.columns[0]
    expect(col.type).toBe('String')
    expect(col.dictionary[col.codes![0]]).toBe('0')
    expect(col.dictionary[col.codes![12000]]).toBe('other')
  })
})

describe('the bring-your-own-data drift report', () => {
  const c = REF.csvReport
  it('gives, per feature, the same statistics scipy gives for the parsed columns', () => {
    const progress: ReportProgress[] = []
    const report = runCsvDriftReport(c.baseline, c.current, { chunkRows: 500 }, (p) => progress.push(p))
    expect(report.features.map((f) => [f.name, f.inferred_type])).toEqual([
      ['age', 'Integral'],
      ['income', 'Fractional'],
      ['plan', 'String']
    ])
    expect(report.extraColumns).toEqual(['extra'])
    expect(report.missingColumns).toEqual([])
    const age = report.features[0]
    // "n/a" in a numeric feature: counted as a type mismatch, left out of the comparison.
    expect(age.current!.mismatched).toBe(c.ageMismatches)
    expect(report.features[1].baseline.missing).toBe(c.incomeMissing)
    for (const f of report.features) {
      const e = c.expected[f.name]
      const a = f.comparison!
      expect(a.linfSimple, f.name).toBe(e.linfSimple)
      expectClose(a.psi, e.psi, 1e-10, 1e-14, `${f.name} psi`)
      expectClose(a.jensenShannon, e.jensenShannon, 1e-10, 1e-14, `${f.name} js`)
      expect(a.auto.method).toBe(e.auto.method)
      expect(a.auto.drift).toBe(e.auto.drift)
      expectClose(a.auto.value, e.auto.value, 1e-9, 1e-14, `${f.name} auto`)
      if (e.ks) expectClose(a.ks!.pValue, e.ks.pValue, 1e-9, 1e-300, `${f.name} ks`)
      if (e.chiSquare) expectClose(a.chiSquare!.pValue, e.chiSquare.pValue, 1e-10, 1e-300, `${f.name} chi2`)
    }
    expect(progress.some((p) => p.phase === 'parse' && p.file === 'current')).toBe(true)
    expect(progress[progress.length - 1]).toMatchObject({ phase: 'compare', fraction: 1 })
  })

  it('exports CSV with one row per feature and HTML with everything escaped', () => {
    const base = 'name,<script>alert(1)</script>,=cmd\nx,1,a\ny,2,b\n'
    const cur = 'name,<script>alert(1)</script>,=cmd\nx,1,a\n"z, ""quoted""",3,b\n'
    const report = runCsvDriftReport(base, cur)
    const csv = reportToCsv(report)
    const lines = csv.trim().split('\r\n')
    expect(lines).toHaveLength(4)
    expect(lines[0].split(',')[0]).toBe('feature')
    expect(lines[3].startsWith("'=cmd,")).toBe(true)
    const html = reportToHtml(report, 'Drift <report>')
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('<title>Drift &lt;report&gt;</title>')
    expect(html).not.toMatch(/<link|src=|https?:/)
  })

  it('a missing column in the current file is reported, not fatal', () => {
    const report = runCsvDriftReport('a,b\n1,x\n2,y\n', 'a\n1\n3\n')
    expect(report.missingColumns).toEqual(['b'])
    expect(report.features[1]).toMatchObject({ name: 'b', current: null, comparison: null, note: 'the current file has no such column' })
  })
})
