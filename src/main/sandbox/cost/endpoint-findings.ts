/**
 * Findings for a running endpoint of a world: reads the variant's last 14 days of CloudWatch metrics
 * (CPUUtilization, MemoryUtilization, GPUUtilization on GPU instances, Invocations and the p99 of
 * ModelLatency, one datapoint a minute) and hands them to findings.ts, Compute Optimizer's rules.
 *
 * Compute Optimizer (user guide, "Requirements": at least 30 hours of metric data within the
 * look-back period of 14 days) reports no recommendation for a resource with less; the sandbox
 * refuses the request with that rule and how much data the endpoint has, so the learner knows to
 * advance the clock. Compute Optimizer does not cover SageMaker endpoints (COMPUTE_OPTIMIZER_NOTE).
 *
 * Beside the finding the answer carries the distribution of CPU and memory utilization over the
 * look-back period (hours per 10% band, CPU as percent of the instance: CPUUtilization / vCPUs),
 * which is what the finding summarises with its P99.5 and maximum.
 */
import { LabError } from '../../../shared/errors'
import { getInstanceType } from '../catalog/instances'
import { computePeriodStatistics } from '../cloudwatch'
import { DAY_MS, MINUTE_MS } from '../core/time'
import { METRIC, NS_ENDPOINTS, NS_SAGEMAKER, type EndpointMetricName } from '../workload/endpoint'
import type { World } from '../world'
import { endpointFindings, LOOKBACK_DAYS, MIN_HOURS_OF_DATA, type EndpointFindings } from './findings'

/** Width of a histogram band, percent of the instance. */
export const HISTOGRAM_BAND_PERCENT = 10

export interface UtilizationHistogram {
  /** Lower edge of each band, percent; the last band also holds values at or above 100. */
  bandsPercent: number[]
  /** Hours of the look-back period whose per-minute average fell in each band. */
  hours: number[]
}

export interface WorldEndpointFindings extends EndpointFindings {
  EndpointName: string
  VariantName: string
  /** The window read, epoch ms: [StartTime, EndTime). */
  StartTime: number
  EndTime: number
  histograms: { cpu: UtilizationHistogram; memory: UtilizationHistogram }
}

export interface EndpointFindingsQuery {
  EndpointName: string
  VariantName?: string
  latencyP99Ms?: number
}

/** Hours per band of `values` (one per minute, null where missing). */
export function histogram(values: readonly (number | null)[], scale = 1): UtilizationHistogram {
  const bands = 100 / HISTOGRAM_BAND_PERCENT
  const minutes = new Array<number>(bands).fill(0)
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue
    minutes[Math.min(bands - 1, Math.max(0, Math.floor(v / scale / HISTOGRAM_BAND_PERCENT)))]++
  }
  return { bandsPercent: Array.from({ length: bands }, (_, i) => i * HISTOGRAM_BAND_PERCENT), hours: minutes.map((m) => m / 60) }
}

export function worldEndpointFindings(world: World, q: EndpointFindingsQuery): WorldEndpointFindings {
  const ep = world.sagemaker.liveEndpoint(q.EndpointName)
  const specs = ep.runtime.variantSpecs
  let spec = specs[0]
  if (q.VariantName !== undefined || specs.length > 1) {
    const found = specs.find((s) => s.VariantName === q.VariantName)
    if (!found) {
      const names = specs.map((s) => s.VariantName).join(', ')
      throw new LabError('VALIDATION', `VariantName: endpoint ${q.EndpointName} has the variants ${names}; name one of them.`, [{ path: 'VariantName', message: `must be one of ${names}` }])
    }
    spec = found
  }
  const state = ep.runtime.variantState().find((v) => v.VariantName === spec.VariantName)
  const count = state?.DesiredInstanceCount ?? spec.InitialInstanceCount
  const instance = getInstanceType(spec.InstanceType)

  const endTime = Math.floor(world.now / MINUTE_MS) * MINUTE_MS
  const startTime = Math.max(world.startTime, endTime - LOOKBACK_DAYS * DAY_MS)
  const tooLittle = (hours: number): LabError =>
    new LabError(
      'VALIDATION',
      `EndpointName: Compute Optimizer needs at least ${MIN_HOURS_OF_DATA} hours of metrics in the last ${LOOKBACK_DAYS} days; ${q.EndpointName} has ${hours.toFixed(1)} hours. Advance the clock and ask again.`,
      [{ path: 'EndpointName', message: `has ${hours.toFixed(1)} hours of CPUUtilization data; at least ${MIN_HOURS_OF_DATA} are needed` }]
    )
  if (endTime - startTime < MINUTE_MS) throw tooLittle(0)

  const dims = [
    { Name: 'EndpointName', Value: q.EndpointName },
    { Name: 'VariantName', Value: spec.VariantName }
  ]
  const read = (ns: string, name: EndpointMetricName, stat: string, scale = 1): (number | null)[] | undefined => {
    const data = world.cloudwatch.metrics.get({ Namespace: ns, MetricName: name, Dimensions: dims })
    if (!data) return undefined
    const s = computePeriodStatistics(data.series, { startTime, endTime, period: 60, stat })
    return Array.from(s.values, (v) => (Number.isNaN(v) ? null : v / scale))
  }
  const cpu = read(NS_ENDPOINTS, METRIC.CPUUtilization, 'Average') ?? []
  const memory = read(NS_ENDPOINTS, METRIC.MemoryUtilization, 'Average') ?? []
  const hoursOfData = cpu.filter((v) => v !== null).length / 60
  if (hoursOfData < MIN_HOURS_OF_DATA) throw tooLittle(hoursOfData)

  const findings = endpointFindings({
    InstanceType: spec.InstanceType,
    InstanceCount: count,
    model: spec.model,
    periodSeconds: 60,
    cpuUtilization: cpu,
    memoryUtilization: memory,
    invocations: read(NS_SAGEMAKER, METRIC.Invocations, 'Sum') ?? [],
    // ModelLatency is published in microseconds; findings.ts works in milliseconds.
    modelLatencyP99Ms: read(NS_SAGEMAKER, METRIC.ModelLatency, 'p99', 1000),
    gpuUtilization: read(NS_ENDPOINTS, METRIC.GPUUtilization, 'Average'),
    latencyP99Ms: q.latencyP99Ms
  })
  return {
    ...findings,
    EndpointName: q.EndpointName,
    VariantName: spec.VariantName,
    StartTime: startTime,
    EndTime: endTime,
    histograms: { cpu: histogram(cpu, instance.vcpu), memory: histogram(memory) }
  }
}
