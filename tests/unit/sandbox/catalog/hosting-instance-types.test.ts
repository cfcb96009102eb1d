import { describe, expect, it } from 'vitest'
import { hostingInstanceTypes, INSTANCE_TYPES, requireHostingInstanceType } from '../../../../src/main/sandbox/catalog'
import { PRODUCTION_VARIANT_INSTANCE_TYPES } from '../../../../src/main/sandbox/catalog/production-variant-instance-types'
import { simulateEndpoint } from '../../../../src/main/sandbox/workload'
import { LabError } from '../../../../src/shared/errors'
import { input, variant } from '../workload/helpers'

// Source for this file: SageMaker's API model, botocore/data/sagemaker/2017-07-24/service-2.json (boto/botocore
// commit cd9207757d459bba9c524475b601e59f55760a3a), shape "ProductionVariantInstanceType", the enum of
// CreateEndpointConfig ProductionVariants[].InstanceType. It lists ml.t2.medium … ml.t2.2xlarge but no ml.t3
// type and no ml.m6i type; ml.t3.* appear in the model's notebook/Studio enums ("InstanceType", "AppInstanceType").

function refusal(fn: () => unknown): LabError {
  try {
    fn()
  } catch (e) {
    if (e instanceof LabError) return e
    throw e
  }
  throw new Error('expected a LabError')
}

describe('hosting instance types (ProductionVariantInstanceType)', () => {
  it('every catalog type is in the enum, so the catalog only offers types an endpoint accepts', () => {
    for (const t of INSTANCE_TYPES) expect(PRODUCTION_VARIANT_INSTANCE_TYPES.has(t.name), t.name).toBe(true)
    expect(hostingInstanceTypes().map((t) => t.name)).toEqual(INSTANCE_TYPES.map((t) => t.name))
  })

  it('the enum copy has the model entries checked by hand: t2 yes, t3 and m6i no', () => {
    // botocore enum: "ml.t2.medium","ml.t2.large","ml.t2.xlarge","ml.t2.2xlarge", then "ml.m4.xlarge" …
    for (const name of ['ml.t2.medium', 'ml.t2.2xlarge', 'ml.m5.large', 'ml.c6i.large', 'ml.g4dn.xlarge', 'ml.inf2.xlarge', 'ml.r7i.48xlarge']) {
      expect(PRODUCTION_VARIANT_INSTANCE_TYPES.has(name), name).toBe(true)
    }
    for (const name of ['ml.t3.medium', 'ml.t3.large', 'ml.t3.xlarge', 'ml.t3.2xlarge', 'ml.m6i.large']) {
      expect(PRODUCTION_VARIANT_INSTANCE_TYPES.has(name), name).toBe(false)
    }
    expect(PRODUCTION_VARIANT_INSTANCE_TYPES.size).toBe(185)
  })

  it('returns the catalog entry for a hosting type', () => {
    expect(requireHostingInstanceType('ml.m5.xlarge').name).toBe('ml.m5.xlarge')
  })

  it('refuses ml.t3.medium at the given path, says why and lists every valid type', () => {
    const err = refusal(() => requireHostingInstanceType('ml.t3.medium', 'variants[0].InstanceType'))
    expect(err.code).toBe('VALIDATION')
    expect(err.issues[0].path).toBe('variants[0].InstanceType')
    expect(err.issues[0].message).toMatch(/Studio and notebook-instance type/)
    expect(err.issues[0].message).toMatch(/not in ProductionVariantInstanceType/)
    for (const t of hostingInstanceTypes()) expect(err.issues[0].message).toContain(t.name)
  })

  it('tells a real hosting type the sandbox does not model apart from a name that is not one', () => {
    expect(refusal(() => requireHostingInstanceType('ml.m5.24xlarge')).issues[0].message).toMatch(/is a SageMaker hosting type, but the sandbox catalog does not model it/)
    expect(refusal(() => requireHostingInstanceType('ml.m6i.large')).issues[0].message).toMatch(/not a real-time hosting instance type/)
    expect(refusal(() => requireHostingInstanceType(42)).issues[0].message).toMatch(/must be an instance type name/)
  })

  it('an endpoint on ml.t3.medium is refused naming the variant field', () => {
    const err = refusal(() => simulateEndpoint(input({ variants: [variant({ InstanceType: 'ml.t3.medium' })] })))
    const issue = err.issues.find((i) => i.path === 'variants[0].InstanceType')
    expect(issue?.message).toMatch(/real-time endpoints cannot use ml\.t3 types/)
    expect(issue?.message).toContain('ml.m5.xlarge')
  })
})
