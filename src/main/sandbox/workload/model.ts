/**
 * Model profile (what one inference costs) and serving plan (how a given instance type runs it).
 *
 * Serving on CPU: the model server runs one worker per vCPU (the SageMaker inference toolkit /
 * Multi Model Server default of one worker per available CPU [U]); each request occupies one worker
 * for cpuMsPerRequest / cpuSpeed milliseconds. So one instance is c = vCPU parallel servers.
 *
 * Serving on an accelerator: only when the profile gives a speedup for that accelerator kind (a GPU
 * model container, or a model compiled with Neuron for Inferentia); otherwise the model runs on the
 * instance's CPUs and the accelerator idles. Each device runs `parallelism` inferences at a time,
 * each taking cpuMsPerRequest / (speedup × relativeThroughput) ms; pre/post-processing keeps a share
 * of the CPU work on the host.
 *
 * Memory: the container needs the model's resident memory plus CONTAINER_OVERHEAD_GIB for the OS,
 * the serving stack and buffers. A model that does not fit cannot be deployed: creating the endpoint
 * fails with a LabError naming memory needed vs available (on the host, and on one accelerator device
 * when the model runs there).
 */
import { LabError } from '../../../shared/errors'
import type { InstanceType } from '../catalog/instances'
import { IssueList } from '../core/issues'


/**
 * The shortest CPU time a request may take: 10 µs. ModelLatency is published in whole microseconds
 * (SageMaker Developer Guide, endpoint invocation metrics), and below this the capacity of one
 * instance would pass the largest request count the sandbox can represent exactly.
 */
export const MIN_CPU_MS_PER_REQUEST = 0.01
export interface ModelProfile {
  name: string
  /** CPU milliseconds of one inference on one reference vCPU (an ml.m5 vCPU). */
  cpuMsPerRequest: number
  /** Resident memory of the loaded model and framework, GiB. */
  memoryGiB: number
  /** Times faster than one reference vCPU, per accelerator kind the model supports. */
  acceleratorSpeedup?: { gpu?: number; inferentia?: number }
  /** Mean request payload, KiB (InvokeEndpoint accepts up to 6 MB). */
  payloadKiB: number
  /** Fraction of requests the model rejects as client errors (4XX). Default 0.002. */
  clientErrorRate?: number
  /** Coefficient of variation (sd / mean) of the service time. Default 0.5. */
  serviceTimeCv?: number
  /** Size of the model artifact on disk, GiB. Default: memoryGiB. */
  artifactGiB?: number
  /** Share of the CPU work that stays on the host CPU when the model runs on an accelerator. Default 0.15. */
  hostCpuShare?: number
}

export const CONTAINER_OVERHEAD_GIB = 1
export const CONTAINER_IMAGE_GIB = 3
export const DEFAULT_CLIENT_ERROR_RATE = 0.002
export const DEFAULT_SERVICE_TIME_CV = 0.5
export const DEFAULT_HOST_CPU_SHARE = 0.15
/** Idle CPU per vCPU (OS, agent, model-server heartbeat), percent. Illustrative. */
export const IDLE_CPU_PERCENT_PER_VCPU = 1.5
/** SageMaker's own per-request work (OverheadLatency): a base plus a per-KiB payload cost. Illustrative. */
export const OVERHEAD_BASE_MS = 1.5
export const OVERHEAD_MS_PER_KIB = 0.01
export const OVERHEAD_CV = 0.4
/** InvokeEndpoint payload limit: 6 MB (InvokeEndpoint API reference). */
export const MAX_PAYLOAD_KIB = 6 * 1024

export type ServingDevice = 'cpu' | 'gpu' | 'inferentia'

export interface ServingPlan {
  device: ServingDevice
  /** Parallel servers per instance (workers or accelerator slots). */
  servers: number
  /** Mean time one request occupies a server, ms. */
  serviceMs: number
  /** Host CPU milliseconds (on this instance's vCPUs) per request. */
  hostCpuMs: number
  /** Requests per minute one instance completes at 100% busy. */
  perInstanceRpm: number
  memoryNeededGiB: number
  /** Host MemoryUtilization with the model loaded and no load, percent. */
  baseMemoryPercent: number
  /** Memory use of one accelerator device with the model loaded, percent (gpu only, else 0). */
  baseDeviceMemoryPercent: number
  diskPercent: number
  serviceTimeCv: number
  clientErrorRate: number
  overheadMs: number
}

export function validateModel(model: unknown, issues: IssueList, path: string): model is ModelProfile {
  if (typeof model !== 'object' || model === null) {
    issues.add(path, 'must be a model profile object')
    return false
  }
  const m = model as Record<string, unknown>
  const before = issues.issues.length
  issues.string(`${path}.name`, m.name)
  issues.number(`${path}.cpuMsPerRequest`, m.cpuMsPerRequest, { min: MIN_CPU_MS_PER_REQUEST, max: 60_000 })
  issues.number(`${path}.memoryGiB`, m.memoryGiB, { above: 0, max: 1024 })
  issues.number(`${path}.payloadKiB`, m.payloadKiB, { min: 0, max: MAX_PAYLOAD_KIB })
  issues.optionalNumber(`${path}.clientErrorRate`, m.clientErrorRate, { min: 0, max: 1 })
  issues.optionalNumber(`${path}.serviceTimeCv`, m.serviceTimeCv, { min: 0, max: 5 })
  issues.optionalNumber(`${path}.artifactGiB`, m.artifactGiB, { above: 0, max: 1024 })
  issues.optionalNumber(`${path}.hostCpuShare`, m.hostCpuShare, { min: 0, max: 1 })
  if (m.acceleratorSpeedup !== undefined) {
    if (typeof m.acceleratorSpeedup !== 'object' || m.acceleratorSpeedup === null) {
      issues.add(`${path}.acceleratorSpeedup`, 'must be an object like { gpu?: number, inferentia?: number }')
    } else {
      const s = m.acceleratorSpeedup as Record<string, unknown>
      issues.optionalNumber(`${path}.acceleratorSpeedup.gpu`, s.gpu, { above: 0, max: 1000 })
      issues.optionalNumber(`${path}.acceleratorSpeedup.inferentia`, s.inferentia, { above: 0, max: 1000 })
    }
  }
  return issues.issues.length === before
}

/** How `instance` serves `model`; throws LabError('VALIDATION') when the model does not fit. */
export function planServing(model: ModelProfile, instance: InstanceType, path = 'model'): ServingPlan {
  const accel = instance.accelerator
  const speedup = accel ? model.acceleratorSpeedup?.[accel.kind] : undefined
  const onAccel = accel !== null && speedup !== undefined
  const hostNeeded = model.memoryGiB + CONTAINER_OVERHEAD_GIB
  const issues: { path: string; message: string }[] = []
  if (hostNeeded > instance.memoryGiB) {
    issues.push({
      path: `${path}.memoryGiB`,
      message: `model needs ${fmt(hostNeeded)} GiB (${fmt(model.memoryGiB)} GiB model + ${CONTAINER_OVERHEAD_GIB} GiB container overhead) but ${instance.name} has ${instance.memoryGiB} GiB of memory`
    })
  }
  if (onAccel && accel && model.memoryGiB > accel.memoryGiB) {
    issues.push({
      path: `${path}.memoryGiB`,
      message: `model needs ${fmt(model.memoryGiB)} GiB of accelerator memory but one ${accel.name} on ${instance.name} has ${accel.memoryGiB} GiB`
    })
  }
  const artifact = model.artifactGiB ?? model.memoryGiB
  if (artifact + CONTAINER_IMAGE_GIB > instance.storageGiB) {
    issues.push({
      path: `${path}.artifactGiB`,
      message: `model artifact (${fmt(artifact)} GiB) plus container image (${CONTAINER_IMAGE_GIB} GiB) exceeds the ${instance.storageGiB} GiB disk of ${instance.name}`
    })
  }
  if (issues.length > 0) {
    throw new LabError('VALIDATION', `endpoint creation failed: ${issues[0].path}: ${issues[0].message}`, issues)
  }

  let device: ServingDevice = 'cpu'
  let servers = instance.vcpu
  let serviceMs = model.cpuMsPerRequest / instance.cpuSpeed
  let hostCpuMs = serviceMs
  let baseDeviceMemoryPercent = 0
  if (onAccel && accel && speedup !== undefined) {
    device = accel.kind
    servers = accel.count * accel.parallelism
    serviceMs = model.cpuMsPerRequest / (speedup * accel.relativeThroughput)
    hostCpuMs = (model.cpuMsPerRequest * (model.hostCpuShare ?? DEFAULT_HOST_CPU_SHARE)) / instance.cpuSpeed
    if (accel.kind === 'gpu') baseDeviceMemoryPercent = (100 * model.memoryGiB) / accel.memoryGiB
  }
  return {
    device,
    servers,
    serviceMs,
    hostCpuMs,
    perInstanceRpm: (servers * 60_000) / serviceMs,
    memoryNeededGiB: hostNeeded,
    baseMemoryPercent: (100 * hostNeeded) / instance.memoryGiB,
    baseDeviceMemoryPercent,
    diskPercent: (100 * (artifact + CONTAINER_IMAGE_GIB)) / instance.storageGiB,
    serviceTimeCv: model.serviceTimeCv ?? DEFAULT_SERVICE_TIME_CV,
    clientErrorRate: model.clientErrorRate ?? DEFAULT_CLIENT_ERROR_RATE,
    overheadMs: OVERHEAD_BASE_MS + OVERHEAD_MS_PER_KIB * model.payloadKiB
  }
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2)
}
