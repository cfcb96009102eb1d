/**
 * The monitor service's stateless channels: a thin layer over `sandbox/monitor` (drift statistics
 * and model quality), which validates everything the schema cannot (empty samples, mixed types,
 * unequal lengths, probabilities outside [0, 1]) and names the field.
 */
import type { ParsedReq, Res } from '../../shared/contract'
import { invalidField } from '../../shared/errors'
import { compareDistributions, exampleCsvPair, modelQuality, MONITOR_SIMPLIFICATIONS, type MetricValue } from '../sandbox/monitor'
import type { Handlers } from './dispatch'

type MonitorChannel = 'monitor.compareDistributions' | 'monitor.modelQuality' | 'monitor.exampleCsv' | 'monitor.simplifications'

const jsonNumber = (x: number): number | 'NaN' => (Number.isFinite(x) ? x : 'NaN')

export function modelQualityChannel(req: ParsedReq<'monitor.modelQuality'>): Res<'monitor.modelQuality'> {
  const result = modelQuality(req)
  const out: Record<string, unknown> = {}
  for (const [name, v] of Object.entries(result)) {
    if (name === 'confusion_matrix') out[name] = v
    else if (v) out[name] = { value: jsonNumber((v as MetricValue).value), standard_deviation: jsonNumber((v as MetricValue).standard_deviation) }
  }
  return out as Res<'monitor.modelQuality'>
}

/**
 * Beyond this magnitude the statistics' squares and sums overflow to Infinity (1e150² × 10⁶ values
 * stays below Number.MAX_VALUE ≈ 1.8e308), which no feature value needs.
 */
const MAX_FEATURE_MAGNITUDE = 1e150

function checkMagnitudes(field: string, sample: readonly (number | string)[]): void {
  const i = sample.findIndex((x) => typeof x === 'number' && Math.abs(x) > MAX_FEATURE_MAGNITUDE)
  if (i >= 0) throw invalidField(`${field}[${i}]`, `must be within ±${MAX_FEATURE_MAGNITUDE} (larger values overflow the drift statistics)`)
}

export function createMonitorHandlers(): Pick<Handlers, MonitorChannel> {
  return {
    'monitor.compareDistributions': ({ baseline, current, method, threshold }) => {
      checkMagnitudes('baseline', baseline)
      checkMagnitudes('current', current)
      return compareDistributions(baseline, current, { method, threshold })
    },
    'monitor.modelQuality': (req) => modelQualityChannel(req),
    'monitor.exampleCsv': (req) => exampleCsvPair(req),
    'monitor.simplifications': () => ({ simplifications: [...MONITOR_SIMPLIFICATIONS] })
  }
}
