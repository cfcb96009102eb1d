import { describe, expect, it } from 'vitest'
import { findInstanceType, getInstanceType, INSTANCE_TYPES, instanceTypeNames, PRICE_AS_OF } from '../../../../src/main/sandbox/catalog'
import { LabError } from '../../../../src/shared/errors'

const REQUIRED = [
  'ml.t2.medium', 'ml.t2.large',
  'ml.m5.large', 'ml.m5.xlarge', 'ml.m5.2xlarge', 'ml.m5.4xlarge',
  'ml.c5.large', 'ml.c5.xlarge', 'ml.c5.2xlarge',
  'ml.c6i.large', 'ml.c6i.xlarge', 'ml.c6i.2xlarge',
  'ml.r5.large', 'ml.r5.xlarge', 'ml.r5.2xlarge',
  'ml.g4dn.xlarge', 'ml.g4dn.2xlarge', 'ml.g5.xlarge', 'ml.g5.2xlarge',
  'ml.p3.2xlarge', 'ml.inf1.xlarge', 'ml.inf2.xlarge'
]

describe('instance catalog', () => {
  it('lists at least 20 types, including every type the labs use, once each', () => {
    expect(INSTANCE_TYPES.length).toBeGreaterThanOrEqual(20)
    for (const name of REQUIRED) expect(findInstanceType(name), name).toBeDefined()
    expect(new Set(instanceTypeNames()).size).toBe(INSTANCE_TYPES.length)
  })

  it('gives every price an as-of date, a source, and the illustrative flag', () => {
    for (const t of INSTANCE_TYPES) {
      expect(t.pricePerHour, t.name).toBeGreaterThan(0)
      expect(t.priceAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(t.priceSource.length, t.name).toBeGreaterThan(10)
      expect(t.illustrative).toBe(true)
    }
    expect(PRICE_AS_OF).toBe('2025-10-01')
  })

  it('uses the AWS-FACTS §5.1 figures where they are given', () => {
    // Straight from the §5.1 table.
    expect(getInstanceType('ml.m5.large').pricePerHour).toBe(0.115)
    expect(getInstanceType('ml.m5.xlarge').pricePerHour).toBe(0.23)
    expect(getInstanceType('ml.c5.xlarge').pricePerHour).toBe(0.204)
    expect(getInstanceType('ml.g4dn.xlarge').pricePerHour).toBe(0.736)
    expect(getInstanceType('ml.p3.2xlarge').pricePerHour).toBe(3.825)
    // Derived ones say so.
    expect(getInstanceType('ml.m5.4xlarge').priceSource).toMatch(/derived/)
    expect(getInstanceType('ml.c6i.xlarge').priceSource).toMatch(/derived/)
    expect(getInstanceType('ml.inf1.xlarge').priceSource).toMatch(/derived/)
  })

  it('has the documented specs (§5.1: p3.2xlarge 8 vCPU, 61 GiB, one V100 16 GB; g5.xlarge one A10G 24 GB)', () => {
    const p3 = getInstanceType('ml.p3.2xlarge')
    expect([p3.vcpu, p3.memoryGiB]).toEqual([8, 61])
    expect(p3.accelerator).toMatchObject({ kind: 'gpu', count: 1, memoryGiB: 16, name: 'NVIDIA V100' })
    expect(getInstanceType('ml.g5.xlarge').accelerator).toMatchObject({ kind: 'gpu', count: 1, memoryGiB: 24 })
    expect(getInstanceType('ml.inf2.xlarge').accelerator?.kind).toBe('inferentia')
    expect(getInstanceType('ml.c5.2xlarge')).toMatchObject({ vcpu: 8, memoryGiB: 16, category: 'compute', family: 'c5', accelerator: null })
    expect(getInstanceType('ml.r5.large')).toMatchObject({ vcpu: 2, memoryGiB: 16, category: 'memory' })
  })

  it('marks burstable types as unthrottled and nothing else as burstable', () => {
    for (const t of INSTANCE_TYPES) {
      if (t.category === 'burstable') expect(t.burstable?.creditModel, t.name).toBe('unthrottled')
      else expect(t.burstable, t.name).toBeNull()
    }
  })

  it('rejects an unknown type with a LabError that lists every valid name', () => {
    let err: unknown
    try {
      getInstanceType('ml.m5.huge')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(LabError)
    const lab = err as LabError
    expect(lab.code).toBe('VALIDATION')
    expect(lab.issues[0].path).toBe('InstanceType')
    for (const name of instanceTypeNames()) expect(lab.message).toContain(name)
  })
})
