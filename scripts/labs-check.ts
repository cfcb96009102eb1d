/**
 * `npm run labs:check [files…]`: validates lab files (default: every resources/labs/*.yaml).
 *
 * For each file: the schema, exam item ids, every step kind and check exists and its params fit, and
 * under the lab's default seed and two other seeds every step's solution passes its own checks, every
 * setting a hint suggests passes too, every named example passes or fails as the step says, and every
 * `{{fact}}` the explanation quotes is measured by the solution's run. Errors
 * name the file, line and field and what is expected; the exit code is 1 when there is any error.
 */
import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { alternateSeeds, verifySolutions, type Lab } from '../src/main/sandbox/labs'
import { labFilesIn, readExamItemIds } from '../src/main/labs/loader'
import { lineOfPath, parseLabText, type LabFileError } from '../src/main/labs/parse'

export interface LabsCheckReport {
  ok: { file: string; lab: Lab; seeds: number[] }[]
  errors: LabFileError[]
}

export function checkLabFiles(files: readonly string[], examItemIds: readonly string[]): LabsCheckReport {
  const report: LabsCheckReport = { ok: [], errors: [] }
  for (const path of files) {
    const file = basename(path)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (e) {
      report.errors.push({ file, field: '', message: `cannot read the file: ${(e as Error).message}` })
      continue
    }
    const parsed = parseLabText(text, file, examItemIds)
    if (!parsed.lab) {
      report.errors.push(...parsed.errors)
      continue
    }
    const lab = parsed.lab
    const seeds = [lab.scenario.seed, ...alternateSeeds(lab)]
    const failures = verifySolutions(lab, seeds)
    for (const f of failures) {
      const line = lineOfPath(text, ['steps', f.stepIndex, 'solution'])
      report.errors.push({
        file,
        ...(line !== undefined ? { line } : {}),
        field: `steps[${f.stepIndex}].solution`,
        message: `step "${f.stepId}", seed ${f.seed}${f.check ? `, check ${f.check}` : ''}: ${f.message}`
      })
    }
    if (failures.length === 0) report.ok.push({ file, lab, seeds })
  }
  return report
}

export function formatError(e: LabFileError): string {
  return `${e.file}${e.line !== undefined ? `:${e.line}` : ''}: ${e.field || '(file)'}: ${e.message}`
}

function main(): void {
  const root = resolve(__dirname, '..')
  const args = process.argv.slice(2)
  const files = args.length > 0 ? args.map((a) => resolve(a)) : labFilesIn(resolve(root, 'resources/labs'))
  const examItemIds = readExamItemIds(resolve(root, 'resources/content/exam-domain4.json'))
  const report = checkLabFiles(files, examItemIds)
  for (const ok of report.ok) {
    console.log(`OK ${ok.file}: ${ok.lab.id} (${ok.lab.steps.length} steps, ${ok.lab.questions.length} questions; solutions, hints and examples hold under seeds ${ok.seeds.join(', ')})`)
  }
  for (const e of report.errors) console.error(`ERROR ${formatError(e)}`)
  if (files.length === 0) console.error('ERROR no lab files found')
  process.exitCode = report.errors.length > 0 || files.length === 0 ? 1 : 0
}

// Run as a script (tsx), not when a test imports checkLabFiles.
if (typeof require !== 'undefined' && require.main === module) main()
