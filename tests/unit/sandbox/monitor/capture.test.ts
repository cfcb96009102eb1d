import { describe, expect, it } from 'vitest'
import { createRng } from '../../../../src/main/sandbox/core/rng'
import { MINUTE_MS } from '../../../../src/main/sandbox/core/time'
import { CaptureLog, validateDataCaptureConfig, type DataCaptureConfig } from '../../../../src/main/sandbox/monitor/capture'
import { FeatureScenario, findScenarioModel } from '../../../../src/main/sandbox/monitor/features'
import { LabError } from '../../../../src/shared/errors'

const T0 = Date.UTC(2026, 0, 5)
const ok: DataCaptureConfig = { EnableCapture: true, InitialSamplingPercentage: 20, DestinationS3Uri: 's3://bucket/model-monitor/data-capture', CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }] }

function pathOf(c: unknown): string {
  try {
    validateDataCaptureConfig(c as DataCaptureConfig)
  } catch (e) {
    return (e as LabError).issues[0].path
  }
  return ''
}

describe('DataCaptureConfig', () => {
  it('accepts the documented shape and names the field it refuses', () => {
    expect(pathOf(ok)).toBe('')
    expect(pathOf({ ...ok, InitialSamplingPercentage: 101 })).toBe('DataCaptureConfig.InitialSamplingPercentage')
    expect(pathOf({ ...ok, InitialSamplingPercentage: 2.5 })).toBe('DataCaptureConfig.InitialSamplingPercentage')
    expect(pathOf({ ...ok, DestinationS3Uri: 'bucket/x' })).toBe('DataCaptureConfig.DestinationS3Uri')
    expect(pathOf({ ...ok, CaptureOptions: [] })).toBe('DataCaptureConfig.CaptureOptions')
    expect(pathOf({ ...ok, CaptureOptions: [{ CaptureMode: 'Both' }] })).toBe('DataCaptureConfig.CaptureOptions[0].CaptureMode')
    expect(pathOf({ ...ok, KmsKeyId: '' })).toBe('DataCaptureConfig.KmsKeyId')
    expect(pathOf({ ...ok, CaptureContentTypeHeader: { CsvContentTypes: ['text csv'] } })).toBe('DataCaptureConfig.CaptureContentTypeHeader.CsvContentTypes[0]')
  })
})

describe('captured data', () => {
  it('captures InitialSamplingPercentage of the requests and keeps only counts', () => {
    const log = new CaptureLog()
    const rng = createRng('cap')
    for (let i = 0; i < 1000; i++) log.capture(T0 + i * MINUTE_MS, 100, 20, rng)
    // Binomial(100 000, 0.2): mean 20 000, sd sqrt(100 000·0.2·0.8) ≈ 126.
    expect(Math.abs(log.totalCaptured - 20_000)).toBeLessThan(600)
    expect(log.countIn(T0, T0 + 1000 * MINUTE_MS)).toBe(log.totalCaptured)
    const all = new CaptureLog()
    all.capture(T0, 37, 100, rng)
    expect(all.countAt(T0)).toBe(37)
  })

  it('regenerates the same records, with eventIds, inferenceIds when sent, and what CaptureOptions keeps', () => {
    const scenario = new FeatureScenario(findScenarioModel('recommender-ctr', 'Scenario'))
    const log = new CaptureLog()
    for (let i = 0; i < 60; i++) log.capture(T0 + i * MINUTE_MS, 50, 20, createRng('cap'))
    const opts = { input: true, output: true, inferenceIds: true, predict: () => 0.05 }
    const a = log.records(scenario, T0, T0 + 60 * MINUTE_MS, createRng('w'), opts)
    expect(log.records(scenario, T0, T0 + 60 * MINUTE_MS, createRng('w'), opts)).toEqual(a)
    // At most 10 generated a minute.
    expect(a.length).toBe(Array.from({ length: 60 }, (_, i) => Math.min(10, log.countAt(T0 + i * MINUTE_MS))).reduce((x, y) => x + y, 0))
    expect(a[0].eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(a.every((r) => r.inferenceId && r.input && r.output === 0.05)).toBe(true)
    const inputOnly = log.records(scenario, T0, T0 + 60 * MINUTE_MS, createRng('w'), { ...opts, output: false, inferenceIds: false })
    expect(inputOnly.some((r) => 'output' in r || 'inferenceId' in r)).toBe(false)
    expect(inputOnly.map((r) => r.eventId)).toEqual(a.map((r) => r.eventId))
  })
})
