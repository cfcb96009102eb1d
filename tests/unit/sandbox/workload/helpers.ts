import { createRng } from '../../../../src/main/sandbox/core/rng'
import { SIM_EPOCH_MS } from '../../../../src/main/sandbox/core/time'
import { MINUTE_MS } from '../../../../src/main/sandbox/core/time'
import type { ModelProfile, SimulateEndpointInput, VariantSpec } from '../../../../src/main/sandbox/workload'

export const T0 = SIM_EPOCH_MS
export const at = (minute: number): number => T0 + minute * MINUTE_MS

/** A model with no client errors and exponential service times unless overridden. */
export function model(over: Partial<ModelProfile> = {}): ModelProfile {
  return { name: 'm', cpuMsPerRequest: 10, memoryGiB: 1, payloadKiB: 2, clientErrorRate: 0, ...over }
}

export function variant(over: Partial<VariantSpec> = {}): VariantSpec {
  return { VariantName: 'AllTraffic', InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 1, model: model(), ...over }
}

export function input(over: Partial<SimulateEndpointInput> = {}): SimulateEndpointInput {
  return {
    endpointName: 'ep',
    variants: [variant()],
    traffic: { pattern: 'steady', baseRpm: 100, noise: 'none' },
    startTime: T0,
    minutes: 30,
    rng: createRng(1),
    ...over
  }
}
