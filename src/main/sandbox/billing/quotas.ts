/**
 * Service Quotas for SageMaker endpoint instances: one quota per hosting instance type, named
 * "<type> for endpoint usage" (cost/capacity.ts has the names, the illustrative defaults and
 * ResourceLimitExceeded's wording). SageMaker reads `quotaFor` before CreateEndpoint, UpdateEndpoint
 * and every auto scaling scale-out.
 *
 * RequestServiceQuotaIncrease (Service Quotas API Reference: ServiceCode, QuotaCode, DesiredValue;
 * the request's Status runs PENDING → CASE_OPENED → APPROVED | DENIED | NOT_APPROVED …). The sandbox
 * grants every valid request at once (Status APPROVED): a simplification the console lists, since
 * AWS reviews requests and can take hours or days. DesiredValue must be above the current value [P:
 * Service Quotas accepts only increases].
 *
 * Quota codes: AWS's codes are "L-" and eight hex digits, one per quota; the real SageMaker codes
 * were not retrieved, so the sandbox derives codes of that shape from the quota name (FNV-1a). They
 * are stable across worlds but are not AWS's codes.
 */
import { LabError } from '../../../shared/errors'
import { hostingInstanceTypes } from '../catalog/instances'
import { instanceQuota, quotaName } from '../cost/capacity'
import { IssueList } from '../core/issues'
import type { ActionHandlers, Service, ServiceContext } from '../world/service'

const SOURCE = 'servicequotas.amazonaws.com'
/** The highest quota the sandbox grants: more instances of one type than a world can simulate is no lesson. */
export const MAX_QUOTA_VALUE = 1000

export interface QuotaSummary {
  ServiceCode: 'sagemaker'
  QuotaCode: string
  QuotaName: string
  InstanceType: string
  Value: number
  DefaultValue: number
  Adjustable: boolean
  InUse: number
}

export interface QuotaRequest {
  Id: string
  QuotaCode: string
  QuotaName: string
  DesiredValue: number
  Status: 'APPROVED'
  Created: number
}

/** An FNV-1a hash of the quota name, shaped like AWS's quota codes ("L-1A2B3C4D"). */
export function quotaCodeOf(name: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return `L-${h.toString(16).toUpperCase().padStart(8, '0')}`
}

interface QuotaDef {
  instanceType: string
  name: string
  code: string
}

type Owned = 'RequestServiceQuotaIncrease'

export class ServiceQuotas implements Service {
  readonly name = 'servicequotas'
  private readonly overrides: Record<string, number> = {}
  private readonly requests: QuotaRequest[] = []
  private readonly defs: QuotaDef[] = hostingInstanceTypes().map((t) => {
    const name = quotaName(t.name)
    return { instanceType: t.name, name, code: quotaCodeOf(name) }
  })

  readonly actions: ActionHandlers<Owned> = {
    RequestServiceQuotaIncrease: {
      apply: (a, ctx) => this.requestIncrease(a.ServiceCode, a.QuotaCode, a.DesiredValue, ctx),
      describe: (a) => `Request a quota increase: ${this.defs.find((d) => d.code === a.QuotaCode)?.name ?? a.QuotaCode} to ${a.DesiredValue}`
    }
  }

  /** Instances of `instanceType` the account may run for endpoints. */
  quotaFor(instanceType: string): number {
    return instanceQuota(instanceType, this.overrides)
  }

  list(inUse: (instanceType: string) => number): QuotaSummary[] {
    return this.defs.map((d) => ({
      ServiceCode: 'sagemaker',
      QuotaCode: d.code,
      QuotaName: d.name,
      InstanceType: d.instanceType,
      Value: this.quotaFor(d.instanceType),
      DefaultValue: instanceQuota(d.instanceType),
      Adjustable: true,
      InUse: inUse(d.instanceType)
    }))
  }

  history(): readonly QuotaRequest[] {
    return this.requests
  }

  private requestIncrease(serviceCode: string, quotaCode: string, desired: number, ctx: ServiceContext): void {
    if (serviceCode !== 'sagemaker') fail('ServiceCode', `the sandbox simulates SageMaker's quotas only: use "sagemaker", got "${serviceCode}"`)
    const def = this.defs.find((d) => d.code === quotaCode)
    if (!def) {
      throw new LabError('NOT_FOUND', `QuotaCode: no SageMaker quota has code "${quotaCode}"; the console's Quotas table lists each instance type's code (e.g. ${this.defs[0].code} for "${this.defs[0].name}").`, [
        { path: 'QuotaCode', message: 'no such quota; see the Quotas table (sandbox.listServiceQuotas)' }
      ])
    }
    const current = this.quotaFor(def.instanceType)
    const issues = new IssueList()
    if (issues.number('DesiredValue', desired, { min: 0, max: MAX_QUOTA_VALUE, integer: true }) && desired <= current) {
      issues.add('DesiredValue', `must be greater than the current value of "${def.name}" (${current}); Service Quotas takes increases only`)
    }
    issues.throwIfAny('RequestServiceQuotaIncrease')
    this.overrides[def.instanceType] = desired
    const request: QuotaRequest = { Id: ctx.newId(), QuotaCode: def.code, QuotaName: def.name, DesiredValue: desired, Status: 'APPROVED', Created: ctx.now }
    this.requests.push(request)
    ctx.emit({
      type: 'ApiCall',
      at: ctx.now,
      eventSource: SOURCE,
      eventName: 'RequestServiceQuotaIncrease',
      caller: ctx.caller,
      requestParameters: { serviceCode: 'sagemaker', quotaCode: def.code, desiredValue: desired },
      responseElements: { requestedQuota: { id: request.Id, serviceCode: 'sagemaker', quotaCode: def.code, quotaName: def.name, desiredValue: desired, status: 'APPROVED' } },
      resources: []
    })
  }
}

function fail(path: string, message: string): never {
  throw new LabError('VALIDATION', `${path}: ${message}`, [{ path, message }])
}
