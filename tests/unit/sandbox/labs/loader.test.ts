/**
 * Lab files: the schema on a good fixture and on deliberately broken ones. Each error must name the
 * file, the line and the field, and say what is expected; a broken file never stops the others.
 * Line numbers are read off the fixture files (each has a one-line comment on top).
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadLabFiles } from '../../../../src/main/labs/loader'
import { parseLabText } from '../../../../src/main/labs/parse'
import { coverage, markdownProblem } from '../../../../src/main/sandbox/labs'
import { checkLabFiles, formatError } from '../../../../scripts/labs-check'
import { EXAM_IDS, FIXTURES, LABS_DIR, ROOT, labFilesIn, loadResourceLabs } from './helpers'

const fixture = (name: string): string => resolve(FIXTURES, `${name}.yaml`)
const errorsOf = (name: string) => loadLabFiles([fixture(name)], EXAM_IDS).errors

describe('lab files: schema and semantic validation', () => {
  it('loads the valid fixture', () => {
    const { labs, errors } = loadLabFiles([fixture('valid-lab')], EXAM_IDS)
    expect(errors).toEqual([])
    expect(labs.map((l) => l.id)).toEqual(['valid-lab'])
  })

  it('a missing field names the field and that it is required', () => {
    expect(errorsOf('missing-field')).toEqual([{ file: 'missing-field.yaml', line: 2, field: 'title', message: 'is required (expected string)' }])
  })

  it('an unknown check names the check, its line and the registered checks', () => {
    const [e, ...rest] = errorsOf('unknown-check')
    expect(rest).toEqual([])
    expect(e).toMatchObject({ file: 'unknown-check.yaml', line: 51, field: 'steps[0].checks[1].check' })
    expect(e.message).toMatch(/^"statisticIz" is not a check of alarm steps \(they have detectsIncident, .*statisticIs/)
  })

  it('a wrong type names the field and the expected type', () => {
    expect(errorsOf('wrong-type')).toEqual([{ file: 'wrong-type.yaml', line: 5, field: 'estimatedMinutes', message: 'Invalid input: expected number, received string' }])
  })

  it('a bad exam item id is refused against EXAM-DOMAIN4.json', () => {
    const [e] = errorsOf('bad-exam-id')
    expect(e).toMatchObject({ file: 'bad-exam-id.yaml', line: 7, field: 'examItems[1]' })
    expect(e.message).toMatch(/^"4\.9\.S9" is not a Domain 4 exam item id/)
  })

  it('raw <script> in markdown is refused at load time, on the line where it is', () => {
    expect(errorsOf('raw-script')).toEqual([
      { file: 'raw-script.yaml', line: 34, field: 'steps[0].instructions', message: 'must not contain raw HTML: found a <script> tag (lab text is markdown only)' }
    ])
  })

  it('a javascript: link is refused', () => {
    expect(errorsOf('javascript-link')).toEqual([
      { file: 'javascript-link.yaml', line: 55, field: 'steps[0].hints[1]', message: 'must not contain "javascript:" links (javascript:, vbscript: and data: URLs are refused)' }
    ])
  })

  it('a broken file does not stop the others from loading', () => {
    const { labs, errors } = loadLabFiles(['valid-lab', 'wrong-type', 'raw-script'].map(fixture), EXAM_IDS)
    expect(labs.map((l) => l.id)).toEqual(['valid-lab'])
    expect(errors.map((e) => e.file)).toEqual(['wrong-type.yaml', 'raw-script.yaml'])
  })

  it('the lab id must equal the file name', () => {
    const text = readFileSync(fixture('valid-lab'), 'utf8')
    expect(parseLabText(text, 'other-name.yaml', EXAM_IDS).errors).toEqual([{ file: 'other-name.yaml', line: 2, field: 'id', message: 'must equal the file name "other-name", got "valid-lab"' }])
  })

  it('YAML syntax errors carry their line', () => {
    const r = parseLabText('id: x\ntitle: [unclosed\n', 'x.yaml', EXAM_IDS)
    expect(r.lab).toBeNull()
    expect(r.errors[0].file).toBe('x.yaml')
    expect(r.errors[0].line).toBeGreaterThanOrEqual(2)
    expect(r.errors[0].message).toMatch(/^YAML syntax:/)
  })

  it('an unknown step kind names the kinds the app knows', () => {
    const text = readFileSync(fixture('valid-lab'), 'utf8').replace('kind: alarm\n', 'kind: alarms\n')
    expect(parseLabText(text, 'valid-lab.yaml', EXAM_IDS).errors).toEqual([
      { file: 'valid-lab.yaml', line: 27, field: 'steps[0].kind', message: 'unknown step kind "alarms" (the app knows alarm, composite, cloudtrail, rightsizing, spotTraining, purchasing, budget, monitor, deploy)' }
    ])
  })

  it("a kind's fixed block is checked against the kind, and an input's field against the kind's fields", () => {
    const text = readFileSync(fixture('valid-lab'), 'utf8').replace('        MetricName: ModelLatency\n', '        MetricName: ModelLatencyy\n')
    const errors = parseLabText(text, 'valid-lab.yaml', EXAM_IDS).errors
    expect(errors.map((e) => [e.line, e.field])).toEqual([[36, 'steps[0].fixed.alarm.MetricName']])
    expect(errors[0].message).toMatch(/^alarm step: Invalid option/)
    const fieldOnly = readFileSync(fixture('valid-lab'), 'utf8').replace('field: Statistic', 'field: Dimensions')
    expect(parseLabText(fieldOnly, 'valid-lab.yaml', EXAM_IDS).errors).toEqual([
      { file: 'valid-lab.yaml', line: 43, field: 'steps[0].inputs[0].field', message: 'alarm steps do not set Dimensions; their inputs bind to Statistic, ExtendedStatistic, Period, EvaluationPeriods, DatapointsToAlarm, Threshold, ComparisonOperator, TreatMissingData' }
    ])
  })

  it('a scenario setup action is a sandbox action, checked by its own schema', () => {
    const text = readFileSync(fixture('valid-lab'), 'utf8').replace('type: CreateEndpoint', 'type: CreateEndpoints')
    const [e] = parseLabText(text, 'valid-lab.yaml', EXAM_IDS).errors
    expect(e).toMatchObject({ file: 'valid-lab.yaml', line: 13, field: 'scenario.setup[0].type' })
  })

  it('unknown keys are named', () => {
    const text = readFileSync(fixture('valid-lab'), 'utf8').replace('estimatedMinutes: 5', 'estimatedMinutes: 5\nestimatedHours: 1')
    expect(parseLabText(text, 'valid-lab.yaml', EXAM_IDS).errors).toEqual([
      { file: 'valid-lab.yaml', line: 6, field: 'estimatedHours', message: 'is not a known field here (unknown key: estimatedHours)' }
    ])
  })
})

describe('markdownProblem', () => {
  it('allows markdown and code, refuses raw HTML and script links', () => {
    expect(markdownProblem('p99 **at most** 250 ms, see `p99 < 250` and\n```\n<div>code</div>\n```')).toBeNull()
    expect(markdownProblem('a <img src=x onerror=alert(1)> b')).toBe('must not contain raw HTML: found "<img" (lab text is markdown only; put code in backticks)')
    expect(markdownProblem('<SCRIPT>x</SCRIPT>')).toMatch(/<script> tag/)
    expect(markdownProblem('[x](data:text/html;base64,AAAA)')).toMatch(/data:/)
    expect(markdownProblem('<!-- comment -->')).toMatch(/raw HTML/)
  })
})

describe('labs:check', () => {
  it('passes on resources/labs: every solution passes its own checks under three seeds', () => {
    const report = checkLabFiles(labFilesIn(LABS_DIR), EXAM_IDS)
    expect(report.errors.map(formatError)).toEqual([])
    expect(report.ok.map((o) => o.lab.id).sort()).toEqual(['budget-forecast-tags', 'composite-and-cloudtrail', 'deploy-baking-canary-size', 'deploy-canary-rollback', 'deploy-quality-shadow', 'deploy-strategy-constraints', 'errors-missing-data', 'latency-alarm-p99', 'monitor-ctr-worked-example', 'monitor-data-vs-concept-drift', 'monitor-drift-tests-and-schema', 'monitor-outlier-vs-drift', 'purchasing-mixed-workload', 'rightsizing-p99', 'spot-training-checkpoints'])
    // Three seeds of every shipped lab; the monitoring labs simulate weeks to months.
  }, 180_000)

  it('a solution that fails its own check is an error naming the file, the solution line and the check', () => {
    const report = checkLabFiles([fixture('failing-solution')], EXAM_IDS)
    expect(report.ok).toEqual([])
    expect(report.errors.length).toBe(6) // two checks fail under each of three seeds
    expect(report.errors[0]).toMatchObject({ file: 'failing-solution.yaml', line: 56, field: 'steps[0].solution' })
    expect(report.errors[0].message).toMatch(/^step "pick-statistic", seed 11, check detectsIncident: Missed the latency regression/)
    expect(report.errors.some((e) => /, check statisticIs: You alarm on Average; this step needs p99\./.test(e.message))).toBe(true)
  })

  it('the script exits 1 and prints file:line field: message for a broken file, 0 with OK lines for good ones', () => {
    const tsx = resolve(ROOT, 'node_modules/.bin/tsx')
    const bad = spawnSync(tsx, ['scripts/labs-check.ts', fixture('unknown-check'), fixture('valid-lab')], { cwd: ROOT, encoding: 'utf8' })
    expect(bad.status).toBe(1)
    expect(bad.stdout).toMatch(/^OK valid-lab\.yaml: valid-lab \(1 steps, 1 questions; solutions, hints and examples hold under seeds 11, 12, 7930\)$/m)
    expect(bad.stderr).toMatch(/^ERROR unknown-check\.yaml:51: steps\[0\]\.checks\[1\]\.check: "statisticIz" is not a check of alarm steps/m)
    const good = spawnSync(tsx, ['scripts/labs-check.ts', fixture('valid-lab')], { cwd: ROOT, encoding: 'utf8' })
    expect(good.status).toBe(0)
  })
})

describe('coverage', () => {
  it('maps every Domain 4 item to the labs, steps and questions tagged with it', () => {
    const { labs, errors } = loadResourceLabs()
    expect(errors).toEqual([])
    const cov = coverage(labs, EXAM_IDS)
    expect(cov.map((c) => c.examItem)).toEqual(EXAM_IDS)
    const s1 = cov.find((c) => c.examItem === '4.2.S1')!
    expect(s1.labs.map((l) => l.labId).sort()).toEqual(['composite-and-cloudtrail', 'deploy-baking-canary-size', 'deploy-canary-rollback', 'deploy-strategy-constraints', 'errors-missing-data', 'latency-alarm-p99'])
    const k3 = cov.find((c) => c.examItem === '4.2.K3')!
    expect(k3.labs).toEqual([{ labId: 'composite-and-cloudtrail', lab: true, steps: ['who-deleted'], questions: ['cloudwatch-vs-cloudtrail', 'react-to-api-calls', 'invoke-not-in-trail'] }])
    // Rightsizing is the cost lab's; items no lab covers yet (IAM, …) stay uncovered here.
    expect(cov.find((c) => c.examItem === '4.2.S5')!.labs.map((l) => l.labId)).toEqual(['rightsizing-p99'])
  })
})
