/**
 * A metric alarm written out the two ways a learner takes it to a real account:
 *
 * - the PutMetricAlarm request as JSON, with the API's own field names in the order of the
 *   CloudWatch API Reference ("PutMetricAlarm", Request Parameters). The same JSON works as the
 *   AWS CLI's input file: `aws cloudwatch put-metric-alarm --cli-input-json file://alarm.json`;
 * - the AWS CLI call, one option per line (AWS CLI Command Reference, `aws cloudwatch
 *   put-metric-alarm`), quoted for a POSIX shell (bash, zsh). Dimensions use the CLI's shorthand
 *   `Name=…,Value=…` (pairs separated by spaces) unless a name or value holds a character the
 *   shorthand treats specially, in which case they go as JSON.
 */
export interface MetricAlarmDefinition {
  AlarmName: string
  AlarmDescription?: string
  ActionsEnabled?: boolean
  OKActions?: string[]
  AlarmActions?: string[]
  InsufficientDataActions?: string[]
  MetricName: string
  Namespace: string
  Statistic?: string
  ExtendedStatistic?: string
  Dimensions?: { Name: string; Value: string }[]
  Period: number
  Unit?: string
  EvaluationPeriods: number
  DatapointsToAlarm?: number
  Threshold: number
  ComparisonOperator: string
  TreatMissingData?: string
  EvaluateLowSampleCountPercentile?: string
}

/** The API Reference's order; the CLI option of each field is its kebab-case name. */
const FIELDS: (keyof MetricAlarmDefinition)[] = [
  'AlarmName',
  'AlarmDescription',
  'ActionsEnabled',
  'OKActions',
  'AlarmActions',
  'InsufficientDataActions',
  'MetricName',
  'Namespace',
  'Statistic',
  'ExtendedStatistic',
  'Dimensions',
  'Period',
  'Unit',
  'EvaluationPeriods',
  'DatapointsToAlarm',
  'Threshold',
  'ComparisonOperator',
  'TreatMissingData',
  'EvaluateLowSampleCountPercentile'
]

const OPTION: Record<keyof MetricAlarmDefinition, string> = {
  AlarmName: '--alarm-name',
  AlarmDescription: '--alarm-description',
  ActionsEnabled: '--actions-enabled',
  OKActions: '--ok-actions',
  AlarmActions: '--alarm-actions',
  InsufficientDataActions: '--insufficient-data-actions',
  MetricName: '--metric-name',
  Namespace: '--namespace',
  Statistic: '--statistic',
  ExtendedStatistic: '--extended-statistic',
  Dimensions: '--dimensions',
  Period: '--period',
  Unit: '--unit',
  EvaluationPeriods: '--evaluation-periods',
  DatapointsToAlarm: '--datapoints-to-alarm',
  Threshold: '--threshold',
  ComparisonOperator: '--comparison-operator',
  TreatMissingData: '--treat-missing-data',
  EvaluateLowSampleCountPercentile: '--evaluate-low-sample-count-percentile'
}

/** Only the PutMetricAlarm fields, in the API's order, without empty ones. */
export function putMetricAlarmRequest(def: MetricAlarmDefinition): Partial<MetricAlarmDefinition> {
  const out: Record<string, unknown> = {}
  for (const f of FIELDS) {
    const v = def[f]
    if (v === undefined || v === null || (Array.isArray(v) && v.length === 0) || v === '') continue
    out[f] = Array.isArray(v) ? v.map((x) => (typeof x === 'object' ? { Name: x.Name, Value: x.Value } : x)) : v
  }
  return out as Partial<MetricAlarmDefinition>
}

export function putMetricAlarmJson(def: MetricAlarmDefinition): string {
  return JSON.stringify(putMetricAlarmRequest(def), null, 2)
}

/** A word for a POSIX shell: bare when it is made of safe characters, else in single quotes ('\'' for a quote). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word
  return `'${word.replace(/'/g, `'\\''`)}'`
}

/** Characters with a meaning in the CLI's shorthand syntax (separators, quotes, lists, maps, escapes). */
const SHORTHAND_SPECIAL = /[\s,="'[\]{}\\]/

function dimensionArgs(dims: { Name: string; Value: string }[]): string[] {
  if (dims.some((d) => SHORTHAND_SPECIAL.test(d.Name) || SHORTHAND_SPECIAL.test(d.Value))) {
    return [shellQuote(JSON.stringify(dims.map((d) => ({ Name: d.Name, Value: d.Value }))))]
  }
  return dims.map((d) => shellQuote(`Name=${d.Name},Value=${d.Value}`))
}

/** The `aws cloudwatch put-metric-alarm` command, one option per line, continued with backslashes. */
export function putMetricAlarmCli(def: MetricAlarmDefinition): string {
  const req = putMetricAlarmRequest(def)
  const lines = ['aws cloudwatch put-metric-alarm']
  for (const f of FIELDS) {
    const v = req[f]
    if (v === undefined) continue
    if (f === 'ActionsEnabled') lines.push(v ? '--actions-enabled' : '--no-actions-enabled')
    else if (f === 'Dimensions') lines.push(`--dimensions ${dimensionArgs(v as { Name: string; Value: string }[]).join(' ')}`)
    else if (Array.isArray(v)) lines.push(`${OPTION[f]} ${(v as string[]).map(shellQuote).join(' ')}`)
    else lines.push(`${OPTION[f]} ${shellQuote(String(v))}`)
  }
  return lines.join(' \\\n  ')
}
