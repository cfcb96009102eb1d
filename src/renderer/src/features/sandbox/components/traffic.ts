/** Between the traffic form and the TrafficSpec the sandbox takes. */
import type { SandboxAction } from '@/features/sandbox/sandbox-store'
import { num } from './field-errors'

/** Number inputs hold '' when emptied. */
export interface TrafficForm {
  pattern: 'steady' | 'diurnal' | 'weekly' | 'spikes' | 'growth'
  baseRpm: number | string
  amplitude: number | string
  spikesPerDay: number | string
  spikeMultiplier: number | string
  spikeMinutes: number | string
  dailyGrowthRate: number | string
}

type TrafficSpec = Extract<SandboxAction, { type: 'SetTraffic' }>['Traffic']

export function defaultTraffic(): TrafficForm {
  return { pattern: 'steady', baseRpm: 300, amplitude: 0.6, spikesPerDay: 3, spikeMultiplier: 4, spikeMinutes: 15, dailyGrowthRate: 0.05 }
}

/** Only the fields the chosen pattern takes, so a switch of pattern never sends stale parameters. */
export function toTrafficSpec(f: TrafficForm): TrafficSpec {
  const baseRpm = num(f.baseRpm)
  switch (f.pattern) {
    case 'diurnal':
    case 'weekly':
      return { pattern: f.pattern, baseRpm, amplitude: num(f.amplitude) }
    case 'spikes':
      return { pattern: 'spikes', baseRpm, spikesPerDay: num(f.spikesPerDay), spikeMultiplier: num(f.spikeMultiplier), spikeMinutes: num(f.spikeMinutes) }
    case 'growth':
      return { pattern: 'growth', baseRpm, dailyGrowthRate: num(f.dailyGrowthRate) }
    default:
      return { pattern: 'steady', baseRpm }
  }
}

/** A form prefilled from an endpoint's current traffic (unknown fields keep their defaults). */
export function fromTrafficSpec(spec: Record<string, unknown>): TrafficForm {
  const form = defaultTraffic()
  for (const key of Object.keys(form) as (keyof TrafficForm)[]) {
    const v = spec[key]
    if (key === 'pattern' && typeof v === 'string') form.pattern = v as TrafficForm['pattern']
    else if (key !== 'pattern' && typeof v === 'number') form[key] = v
  }
  return form
}

export function describeTraffic(spec: Record<string, unknown>): string {
  const rpm = Number(spec.baseRpm).toLocaleString('en-US')
  switch (spec.pattern) {
    case 'diurnal':
      return `diurnal, ${rpm} req/min ± ${Math.round(Number(spec.amplitude) * 100)} %`
    case 'weekly':
      return `weekly, ${rpm} req/min ± ${Math.round(Number(spec.amplitude) * 100)} %, quieter weekends`
    case 'spikes':
      return `${rpm} req/min with ~${spec.spikesPerDay} spikes/day of ×${spec.spikeMultiplier} for ${spec.spikeMinutes} min`
    case 'growth':
      return `${rpm} req/min growing ${Math.round(Number(spec.dailyGrowthRate) * 1000) / 10} %/day`
    default:
      return `steady, ${rpm} req/min`
  }
}
