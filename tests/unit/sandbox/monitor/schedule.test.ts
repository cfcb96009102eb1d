import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseIsoOffset, parseScheduleExpression, scheduledRuns, validateScheduleConfig } from '../../../../src/main/sandbox/monitor/schedule'
import { LabError } from '../../../../src/shared/errors'

const T0 = Date.UTC(2026, 0, 5)
const H = 3_600_000
const iso = (t: number): string => new Date(t).toISOString().slice(11, 16)

function refused(fn: () => unknown): { path: string; message: string } {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(LabError)
    return (err as LabError).issues[0]
  }
  throw new Error('expected a LabError')
}

describe('ScheduleExpression forms from the ScheduleConfig API reference', () => {
  it('accepts the documented examples', () => {
    expect(parseScheduleExpression('cron(0 * ? * * *)')).toEqual({ kind: 'hourly' })
    expect(parseScheduleExpression('cron(0 12 ? * * *)')).toEqual({ kind: 'daily', hour: 12 })
    expect(parseScheduleExpression('cron(0 0 ? * * *)')).toEqual({ kind: 'daily', hour: 0 })
    expect(parseScheduleExpression('cron(0 17/12 ? * * *)')).toEqual({ kind: 'everyNHours', startHour: 17, intervalHours: 12 })
    expect(parseScheduleExpression('cron(0 0/2 ? * * *)')).toEqual({ kind: 'everyNHours', startHour: 0, intervalHours: 2 })
    expect(parseScheduleExpression('NOW')).toEqual({ kind: 'now' })
  })
  it('refuses every other form, naming the field and listing the accepted ones', () => {
    for (const bad of ['cron(*/5 * ? * * *)', 'cron(30 * ? * * *)', 'rate(1 hour)', 'cron(0 24 ? * * *)', 'cron(0 1/25 ? * * *)', 'cron(0 1/0 ? * * *)', 'cron(0 * * * ? *)', 'now', '']) {
      const issue = refused(() => parseScheduleExpression(bad))
      expect(issue.path).toBe('ScheduleConfig.ScheduleExpression')
      expect(issue.message).toContain('cron(0 * ? * * *)')
    }
  })
})

describe('run times', () => {
  it('hourly runs at every full hour; each execution starts 0–20 minutes later', () => {
    const runs = scheduledRuns({ ScheduleExpression: 'cron(0 * ? * * *)' }, T0, T0 + 24 * H, 'seed')
    expect(runs).toHaveLength(24)
    expect(runs.map((r) => r.scheduledTime)).toEqual(Array.from({ length: 24 }, (_, i) => T0 + i * H))
    for (const r of runs) {
      expect(r.startTime - r.scheduledTime).toBeGreaterThanOrEqual(0)
      expect(r.startTime - r.scheduledTime).toBeLessThanOrEqual(20 * 60_000)
      // Default window: the hour before the scheduled time.
      expect([r.analysisStart, r.analysisEnd]).toEqual([r.scheduledTime - H, r.scheduledTime])
    }
  })
  it('"every 12 hours, starting at 5 PM UTC" (AWS’s example) runs at 05:00 and 17:00; 0/2 every two hours', () => {
    const twelve = scheduledRuns({ ScheduleExpression: 'cron(0 17/12 ? * * *)' }, T0, T0 + 48 * H, 's')
    expect(twelve.map((r) => iso(r.scheduledTime))).toEqual(['05:00', '17:00', '05:00', '17:00'])
    const two = scheduledRuns({ ScheduleExpression: 'cron(0 0/2 ? * * *)' }, T0, T0 + 24 * H, 's')
    expect(two.map((r) => iso(r.scheduledTime))).toEqual(['00:00', '02:00', '04:00', '06:00', '08:00', '10:00', '12:00', '14:00', '16:00', '18:00', '20:00', '22:00'])
  })
  it('daily at noon over 90 days gives 90 runs; NOW runs once at creation with the given window', () => {
    expect(scheduledRuns({ ScheduleExpression: 'cron(0 12 ? * * *)' }, T0, T0 + 90 * 24 * H, 's')).toHaveLength(90)
    const now = scheduledRuns({ ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT5H', DataAnalysisEndTime: '-PT1H' }, T0, T0 + H, 's', T0 + 600_000)
    expect(now).toHaveLength(1)
    expect(now[0].analysisStart).toBe(T0 + 600_000 - 5 * H)
    expect(now[0].analysisEnd).toBe(T0 + 600_000 - H)
  })
  it('start delays depend on the seed and the run only, not on the window asked for', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (hours) => {
        const short = scheduledRuns({ ScheduleExpression: 'cron(0 * ? * * *)' }, T0, T0 + hours * H, 'w')
        const long = scheduledRuns({ ScheduleExpression: 'cron(0 * ? * * *)' }, T0, T0 + 300 * H, 'w')
        expect(long.slice(0, short.length)).toEqual(short)
      }),
      { numRuns: 20 }
    )
  })
})

describe('DataAnalysisStartTime and DataAnalysisEndTime', () => {
  it('parses ISO 8601 offsets', () => {
    expect(parseIsoOffset('-PT1H', 'f')).toBe(-H)
    expect(parseIsoOffset('PT0H', 'f')).toBe(0)
    expect(parseIsoOffset('-P1D', 'f')).toBe(-24 * H)
    expect(parseIsoOffset('-PT1H30M', 'f')).toBe(-1.5 * H)
    expect(parseIsoOffset('+PT90S', 'f')).toBe(90_000)
  })
  it('are both required for NOW; the end may follow the start by at most 24 hours', () => {
    expect(refused(() => validateScheduleConfig({ ScheduleExpression: 'NOW', DataAnalysisStartTime: '-PT1H' })).path).toBe('ScheduleConfig.DataAnalysisEndTime')
    expect(refused(() => validateScheduleConfig({ ScheduleExpression: 'NOW' })).path).toBe('ScheduleConfig.DataAnalysisStartTime')
    expect(refused(() => validateScheduleConfig({ ScheduleExpression: 'cron(0 * ? * * *)', DataAnalysisStartTime: '-PT25H', DataAnalysisEndTime: 'PT0H' })).path).toBe('ScheduleConfig.DataAnalysisEndTime')
    expect(validateScheduleConfig({ ScheduleExpression: 'cron(0 * ? * * *)', DataAnalysisStartTime: '-PT24H', DataAnalysisEndTime: 'PT0H' }).analysisStartOffsetMs).toBe(-24 * H)
  })
  it('refuses what is not a duration, or uses years or months, naming the field', () => {
    expect(refused(() => parseIsoOffset('-1H', 'ScheduleConfig.DataAnalysisStartTime')).path).toBe('ScheduleConfig.DataAnalysisStartTime')
    expect(refused(() => parseIsoOffset('-P1M', 'x')).message).toContain('months')
    expect(refused(() => parseIsoOffset('-PT', 'x')).message).toContain('ISO 8601')
    expect(refused(() => parseIsoOffset('-PT100000000000H', 'x')).message).toContain('1–15')
  })
})
