/**
 * The monitor service's stateless channels: a thin layer over `sandbox/monitor` (drift statistics
 * and model quality), which validates everything the schema cannot (empty samples, mixed types,
 * unequal lengths, probabilities outside [0, 1]) and names the field.
 */
import type { ParsedReq, Res } from '../../shared/contract'
import { compareDistributions, modelQuality, type MetricValue } from '../sandbox/monitor'
import type { Handlers } from './dispatch'

type MonitorChannel = 'monitor.compareDistributions' | 'monitor.modelQuality'

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

export function createMonitorHandlers(): Pick<Handlers, MonitorChannel> {
  return {
    'monitor.compareDistributions': ({ baseline, current, method, threshold }) => compareDistributions(baseline, current, { method, threshold }),
    'monitor.modelQuality': (req) => modelQualityChannel(req)
  }
}
