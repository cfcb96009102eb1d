import { describe, expect, it } from 'vitest'
import { histogram } from '../../../../src/main/sandbox/cost/endpoint-findings'

describe('histogram: hours per 10% band of the instance', () => {
  it('bins per-minute values scaled by the vCPU count; 100% and above land in the last band, gaps are skipped', () => {
    // CPUUtilization summed over 4 vCPUs: 80 → 20%, 39.6 → 9.9%, 400 → 100%, 420 → 105% (capped to the last band).
    const minutes = [...new Array<number>(90).fill(80), ...new Array<number>(30).fill(39.6), 400, 420, null, Number.NaN]
    const h = histogram(minutes, 4)
    expect(h.bandsPercent).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
    // 90 minutes = 1.5 h at 20–30%, 30 minutes = 0.5 h at 0–10%, 2 minutes = 1/30 h at 90–100%.
    expect(h.hours).toEqual([0.5, 0, 1.5, 0, 0, 0, 0, 0, 0, 2 / 60])
  })
})
