import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createRng } from '../../../../src/main/sandbox/core/rng'
import { INSTANCE_TYPES } from '../../../../src/main/sandbox/catalog'
import { simulateEndpoint, type SimulateEndpointInput, type TrafficSpec } from '../../../../src/main/sandbox/workload'
import { T0, model } from './helpers'

const cpuTypes = INSTANCE_TYPES.filter((t) => t.memoryGiB >= 8).map((t) => t.name)

const traffic: fc.Arbitrary<TrafficSpec> = fc.oneof(
  fc.record({ pattern: fc.constant('steady' as const), baseRpm: fc.double({ min: 0, max: 20_000, noNaN: true }) }),
  fc.record({ pattern: fc.constant('diurnal' as const), baseRpm: fc.double({ min: 0, max: 20_000, noNaN: true }), amplitude: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    pattern: fc.constant('spikes' as const),
    baseRpm: fc.double({ min: 0, max: 5_000, noNaN: true }),
    spikesPerDay: fc.double({ min: 0, max: 50, noNaN: true }),
    spikeMultiplier: fc.double({ min: 1, max: 20, noNaN: true }),
    spikeMinutes: fc.integer({ min: 1, max: 60 })
  })
)

type Scenario = Omit<SimulateEndpointInput, 'rng'> & { seed: number }

const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    seed: fc.integer(),
    traffic,
    instanceType: fc.constantFrom(...cpuTypes),
    count: fc.integer({ min: 1, max: 4 }),
    cpuMs: fc.double({ min: 0.5, max: 400, noNaN: true })
  })
  .map((s) => ({
    seed: s.seed,
    endpointName: 'prop',
    variants: [
      {
        VariantName: 'AllTraffic',
        InstanceType: s.instanceType,
        InitialInstanceCount: s.count,
        model: model({ cpuMsPerRequest: s.cpuMs, clientErrorRate: 0.01 })
      }
    ],
    traffic: s.traffic,
    startTime: T0,
    minutes: 90
  }))

describe('workload properties', () => {
  it('replaying with the same seed gives identical metrics', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const a = simulateEndpoint({ ...s, rng: createRng(s.seed) })
        const b = simulateEndpoint({ ...s, rng: createRng(s.seed) })
        expect(a.metrics.map((m) => [...m.series.sum, ...m.series.sampleCount, ...m.series.minimum, ...m.series.maximum])).toEqual(
          b.metrics.map((m) => [...m.series.sum, ...m.series.sampleCount, ...m.series.minimum, ...m.series.maximum])
        )
      }),
      { numRuns: 40 }
    )
  })

  it('cost, capacity and counts are never negative; errors never exceed requests; CPU stays within 0–100 × vCPU', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const r = simulateEndpoint({ ...s, rng: createRng(s.seed) })
        const v = r.variants[0]
        expect(v.totals.costUsd).toBeGreaterThanOrEqual(0)
        expect(v.totals.instanceMinutes).toBeGreaterThanOrEqual(r.minutes)
        for (let i = 0; i < r.minutes; i++) {
          expect(v.inServiceInstances[i]).toBeGreaterThanOrEqual(1)
          expect(v.desiredInstances[i]).toBeGreaterThanOrEqual(v.inServiceInstances[i])
        }
        for (const m of r.metrics) {
          const { sampleCount, sum, minimum, maximum } = m.series
          for (let i = 0; i < r.minutes; i++) {
            expect(sampleCount[i]).toBeGreaterThanOrEqual(0)
            expect(sum[i]).toBeGreaterThanOrEqual(0)
            expect(Number.isFinite(sum[i])).toBe(true)
            if (sampleCount[i] > 0) {
              // Relative tolerance: Sum / SampleCount is a rounded division.
              const mean = sum[i] / sampleCount[i]
              expect(minimum[i]).toBeLessThanOrEqual(mean * (1 + 1e-12) + 1e-12)
              expect(maximum[i]).toBeGreaterThanOrEqual(mean * (1 - 1e-12) - 1e-12)
            }
          }
          if (m.id.MetricName.startsWith('Invocation') && m.id.MetricName.endsWith('Errors')) {
            for (let i = 0; i < r.minutes; i++) expect(sum[i]).toBeLessThanOrEqual(sampleCount[i])
          }
          if (m.id.MetricName === 'CPUUtilization') {
            for (let i = 0; i < r.minutes; i++) expect(maximum[i]).toBeLessThanOrEqual(100 * v.instanceType.vcpu)
          }
        }
      }),
      { numRuns: 40 }
    )
  })
})
