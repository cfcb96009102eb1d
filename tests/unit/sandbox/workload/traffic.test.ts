import { describe, expect, it } from 'vitest'
import { createRng } from '../../../../src/main/sandbox/core/rng'
import { expectedRates, shapeRate } from '../../../../src/main/sandbox/workload'
import { T0, at } from './helpers'

const HOUR = 60

describe('traffic patterns', () => {
  it('steady is flat', () => {
    const r = expectedRates({ pattern: 'steady', baseRpm: 250 }, T0, 10, createRng(1))
    expect([...r]).toEqual(Array(10).fill(250))
  })

  it('diurnal peaks at peakHourUtc at base·(1+A) and bottoms 12 h later at base·(1−A)', () => {
    const spec = { pattern: 'diurnal' as const, baseRpm: 1000, amplitude: 0.5, peakHourUtc: 15 }
    expect(shapeRate(spec, at(15 * HOUR), T0)).toBeCloseTo(1500, 9)
    expect(shapeRate(spec, at(3 * HOUR), T0)).toBeCloseTo(500, 9)
    // 6 h from the peak the cosine is 0.
    expect(shapeRate(spec, at(21 * HOUR), T0)).toBeCloseTo(1000, 9)
  })

  it('weekly applies weekendFactor on Saturday and Sunday only (day 5 of a Monday start is Saturday)', () => {
    const spec = { pattern: 'weekly' as const, baseRpm: 1000, amplitude: 0, weekendFactor: 0.4 }
    expect(shapeRate(spec, at(4 * 24 * HOUR + 12 * HOUR), T0)).toBeCloseTo(1000, 9) // Friday
    expect(shapeRate(spec, at(5 * 24 * HOUR + 12 * HOUR), T0)).toBeCloseTo(400, 9) // Saturday
    expect(shapeRate(spec, at(6 * 24 * HOUR + 12 * HOUR), T0)).toBeCloseTo(400, 9) // Sunday
    expect(shapeRate(spec, at(7 * 24 * HOUR + 12 * HOUR), T0)).toBeCloseTo(1000, 9) // Monday
  })

  it('growth compounds: after 2 days at 10%/day the rate is base · 1.1² = 121% of base', () => {
    const spec = { pattern: 'growth' as const, baseRpm: 100, dailyGrowthRate: 0.1 }
    expect(shapeRate(spec, at(2 * 24 * HOUR), T0)).toBeCloseTo(121, 9)
  })

  it('spikes raise the rate to base × multiplier for spikeMinutes and never below base', () => {
    const spec = { pattern: 'spikes' as const, baseRpm: 100, spikesPerDay: 6, spikeMultiplier: 5, spikeMinutes: 10 }
    const r = expectedRates(spec, T0, 3 * 24 * HOUR, createRng('s'))
    const values = new Set(r)
    expect([...values].sort((a, b) => a - b)).toEqual([100, 500])
    const spiked = r.filter((x) => x === 500).length
    // About 6 bursts a day × 10 minutes × 3 days = 180 minutes, fewer where bursts overlap.
    expect(spiked).toBeGreaterThan(60)
    expect(spiked).toBeLessThan(400)
  })

  it('spikes of earlier days do not change when the run gets longer', () => {
    const spec = { pattern: 'spikes' as const, baseRpm: 100, spikesPerDay: 4, spikeMultiplier: 3, spikeMinutes: 15 }
    const short = expectedRates(spec, T0, 24 * HOUR, createRng(7))
    const long = expectedRates(spec, T0, 5 * 24 * HOUR, createRng(7))
    expect([...long.subarray(0, 24 * HOUR)]).toEqual([...short])
  })
})
