/**
 * Incidents a scenario injects into a simulated endpoint, and the exact windows they cover, so a
 * grader can score whether the learner's alarms caught them.
 *
 * Windows are whole minutes: an incident starting at 09:30:40 starts with the 09:30 minute.
 * `endMinute`/`endTime` are exclusive. A window running past the simulated range is clipped to it.
 */
import { floorToMinute, MINUTE_MS, toEpochMs, toIso } from '../core/time'
import { IssueList } from '../core/issues'

type When = number | string

export type IncidentSpec =
  /** The model gets `factor` times slower: service time, CPU/accelerator work and ModelLatency grow. */
  | { kind: 'latencyRegression'; start: When; durationMinutes: number; factor: number; VariantName?: string }
  /** The model answers `errorRate` of its requests with a 5XX. */
  | { kind: 'errorBurst'; start: When; durationMinutes: number; errorRate: number; VariantName?: string }
  /** Endpoint traffic is multiplied by `multiplier`. */
  | { kind: 'trafficSpike'; start: When; durationMinutes: number; multiplier: number }
  /** One minute whose latency is `latencyFactor` times normal (a pause, a noisy neighbour); capacity unchanged. */
  | { kind: 'outlier'; at: When; latencyFactor: number; VariantName?: string }
  /** No requests reach the endpoint: request metrics have no datapoints. */
  | { kind: 'trafficGap'; start: When; durationMinutes: number }

export type IncidentKind = IncidentSpec['kind']
export const INCIDENT_KINDS: readonly IncidentKind[] = ['latencyRegression', 'errorBurst', 'trafficSpike', 'outlier', 'trafficGap']

export interface IncidentWindow {
  kind: IncidentKind
  /** The variant it affects, or null for the whole endpoint. */
  variantName: string | null
  startTime: number
  endTime: number
  start: string
  end: string
  startMinute: number
  endMinute: number
  params: Record<string, number>
}

/** Validates and resolves incidents against the simulated window [startTime, startTime + minutes). */
export function resolveIncidents(
  specs: unknown,
  startTime: number,
  minutes: number,
  variantNames: readonly string[],
  issues: IssueList
): IncidentWindow[] {
  if (specs === undefined) return []
  if (!Array.isArray(specs)) {
    issues.add('incidents', 'must be an array')
    return []
  }
  const out: IncidentWindow[] = []
  const windowEnd = startTime + minutes * MINUTE_MS
  specs.forEach((raw: unknown, i) => {
    const path = `incidents[${i}]`
    if (typeof raw !== 'object' || raw === null) {
      issues.add(path, 'must be an object')
      return
    }
    const s = raw as Record<string, unknown>
    if (!INCIDENT_KINDS.includes(s.kind as IncidentKind)) {
      issues.add(`${path}.kind`, `must be one of ${INCIDENT_KINDS.join(' | ')}, got ${String(s.kind)}`)
      return
    }
    const kind = s.kind as IncidentKind
    const before = issues.issues.length
    const whenField = kind === 'outlier' ? 'at' : 'start'
    let start = NaN
    const when = s[whenField]
    if (typeof when !== 'number' && typeof when !== 'string') {
      issues.add(`${path}.${whenField}`, 'must be epoch milliseconds or an ISO-8601 timestamp')
    } else {
      try {
        start = floorToMinute(toEpochMs(when, `${path}.${whenField}`))
        if (start < startTime || start >= windowEnd) {
          issues.add(`${path}.${whenField}`, `must fall inside the simulated window ${toIso(startTime)} to ${toIso(windowEnd)}, got ${toIso(start)}`)
        }
      } catch {
        issues.add(`${path}.${whenField}`, `must be epoch milliseconds or an ISO-8601 timestamp with a zone, got ${String(when)}`)
      }
    }
    let duration = 1
    if (kind !== 'outlier') {
      if (issues.number(`${path}.durationMinutes`, s.durationMinutes, { min: 1, max: 525_600, integer: true })) duration = s.durationMinutes as number
    }
    const params: Record<string, number> = {}
    const param = (name: string, rule: { min?: number; max?: number; above?: number }): void => {
      if (issues.number(`${path}.${name}`, s[name], rule)) params[name] = s[name] as number
    }
    switch (kind) {
      case 'latencyRegression':
        param('factor', { above: 0, max: 100 })
        break
      case 'errorBurst':
        param('errorRate', { min: 0, max: 1 })
        break
      case 'trafficSpike':
        param('multiplier', { min: 0, max: 100 })
        break
      case 'outlier':
        param('latencyFactor', { above: 0, max: 1000 })
        break
      case 'trafficGap':
        break
    }
    let variantName: string | null = null
    if (s.VariantName !== undefined) {
      if (kind === 'trafficSpike' || kind === 'trafficGap') {
        issues.add(`${path}.VariantName`, `${kind} applies to the whole endpoint; remove VariantName`)
      } else if (typeof s.VariantName !== 'string' || !variantNames.includes(s.VariantName)) {
        issues.add(`${path}.VariantName`, `must name a variant of this endpoint (${variantNames.join(', ')}), got ${String(s.VariantName)}`)
      } else {
        variantName = s.VariantName
      }
    }
    if (issues.issues.length !== before) return
    const startMinute = Math.round((start - startTime) / MINUTE_MS)
    const endMinute = Math.min(minutes, startMinute + duration)
    out.push({
      kind,
      variantName,
      startTime: start,
      endTime: startTime + endMinute * MINUTE_MS,
      start: toIso(start),
      end: toIso(startTime + endMinute * MINUTE_MS),
      startMinute,
      endMinute,
      params
    })
  })
  return out
}

/** Per-minute effect arrays for one variant (null when no incident of that kind touches it). Traffic
 * incidents act on the whole endpoint: see endpointTrafficEffect. */
export interface IncidentEffects {
  /** Service-time multiplier (latencyRegression). */
  serviceFactor: Float64Array | null
  /** Latency-only multiplier (outlier). */
  latencyFactor: Float64Array | null
  /** Extra 5XX error rate (errorBurst; overlapping bursts combine as independent failures). */
  errorRate: Float64Array | null
}

/** Endpoint traffic multiplier per minute (trafficSpike multiplies, trafficGap zeroes); null if none. */
export function endpointTrafficEffect(incidents: readonly IncidentWindow[], minutes: number): Float64Array | null {
  let traffic: Float64Array | null = null
  for (const inc of incidents) {
    if (inc.kind !== 'trafficSpike' && inc.kind !== 'trafficGap') continue
    traffic ??= new Float64Array(minutes).fill(1)
    const m = inc.kind === 'trafficGap' ? 0 : inc.params.multiplier
    for (let i = inc.startMinute; i < inc.endMinute; i++) traffic[i] *= m
  }
  return traffic
}

export function variantEffects(
  incidents: readonly IncidentWindow[],
  variantName: string,
  minutes: number
): IncidentEffects {
  const fx: IncidentEffects = { serviceFactor: null, latencyFactor: null, errorRate: null }
  for (const inc of incidents) {
    if (inc.variantName !== null && inc.variantName !== variantName) continue
    switch (inc.kind) {
      case 'latencyRegression': {
        const a = (fx.serviceFactor ??= new Float64Array(minutes).fill(1))
        for (let i = inc.startMinute; i < inc.endMinute; i++) a[i] *= inc.params.factor
        break
      }
      case 'outlier': {
        const a = (fx.latencyFactor ??= new Float64Array(minutes).fill(1))
        for (let i = inc.startMinute; i < inc.endMinute; i++) a[i] *= inc.params.latencyFactor
        break
      }
      case 'errorBurst': {
        const a = (fx.errorRate ??= new Float64Array(minutes))
        for (let i = inc.startMinute; i < inc.endMinute; i++) a[i] = 1 - (1 - a[i]) * (1 - inc.params.errorRate)
        break
      }
      default:
        break
    }
  }
  return fx
}
