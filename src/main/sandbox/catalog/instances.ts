/**
 * SageMaker real-time hosting instance types (`ml.*`), as data.
 *
 * Every row is a type AWS accepts for an endpoint's production variant: its name is in SageMaker's
 * `ProductionVariantInstanceType` enum (production-variant-instance-types.ts, from botocore's model).
 * Studio and notebook-instance types that hosting refuses (ml.t3.*, ml.m6i.*) are not listed; they were
 * until issue #7 item 8 found AWS refuses them for endpoints.
 *
 * Specs: vCPU, memory and accelerators are the EC2 specs of the same family and size; AWS-FACTS §5.1
 * confirms them for c5, m5, p3 and g4dn, the rest are standard EC2 specs.
 *
 * Prices: on-demand USD per hour for real-time inference in us-east-1. AWS's price page could not be
 * retrieved; figures come from third-party copies gathered in AWS-FACTS §5.1, several of which
 * disagree. Where §5.1 has no figure the price is derived by a stated rule, and `priceSource` says so.
 * Every price is illustrative and carries `priceAsOf`; the UI must show both.
 *
 * `cpuSpeed`, accelerator `relativeThroughput` and `storageGiB` are sandbox modelling inputs, not AWS
 * figures: relative per-core speed against one ml.m5 vCPU (1.0) and an illustrative disk size.
 */
import { LabError, invalidField } from '../../../shared/errors'
import { PRODUCTION_VARIANT_INSTANCE_TYPES } from './production-variant-instance-types'

export type InstanceCategory = 'burstable' | 'general' | 'compute' | 'memory' | 'gpu' | 'inference'

export type AcceleratorKind = 'gpu' | 'inferentia'

export interface Accelerator {
  kind: AcceleratorKind
  /** Devices per instance (GPUs or Inferentia chips). */
  count: number
  /** Memory per device, GiB. */
  memoryGiB: number
  name: string
  /**
   * Inferences one device runs at the same time in the sandbox (1 per GPU; one per NeuronCore on
   * Inferentia: 4 on Inferentia, 2 on Inferentia2). Sandbox modelling input.
   */
  parallelism: number
  /** Per-parallel-slot speed relative to one NVIDIA T4 (1.0). Sandbox modelling input, illustrative. */
  relativeThroughput: number
}

export interface BurstableInfo {
  /** EC2 baseline CPU per vCPU, percent ([U] EC2 figures, not published for SageMaker). */
  baselinePercentPerVcpu: number
  /** How the sandbox treats CPU credits. */
  creditModel: 'unthrottled'
}

export interface InstanceType {
  name: string
  family: string
  category: InstanceCategory
  vcpu: number
  memoryGiB: number
  accelerator: Accelerator | null
  burstable: BurstableInfo | null
  /** Per-vCPU speed relative to ml.m5 (1.0). Sandbox modelling input, illustrative. */
  cpuSpeed: number
  /** Disk the sandbox assumes: instance store where the type has NVMe, else a 30 GiB volume. Illustrative. */
  storageGiB: number
  /** On-demand USD per hour, real-time inference, us-east-1. Illustrative. */
  pricePerHour: number
  priceAsOf: string
  priceSource: string
  illustrative: true
}

/** The newest dated source in AWS-FACTS §5.1 is "us-east-1 as of Oct 2025". */
export const PRICE_AS_OF = '2025-10-01'

const T4: Omit<Accelerator, 'count'> = {
  kind: 'gpu',
  memoryGiB: 16,
  name: 'NVIDIA T4',
  parallelism: 1,
  relativeThroughput: 1
}
const A10G: Omit<Accelerator, 'count'> = {
  kind: 'gpu',
  memoryGiB: 24,
  name: 'NVIDIA A10G',
  parallelism: 1,
  relativeThroughput: 1.8
}
const V100: Omit<Accelerator, 'count'> = {
  kind: 'gpu',
  memoryGiB: 16,
  name: 'NVIDIA V100',
  parallelism: 1,
  relativeThroughput: 1.6
}
const INFERENTIA: Omit<Accelerator, 'count'> = {
  kind: 'inferentia',
  memoryGiB: 8,
  name: 'AWS Inferentia',
  parallelism: 4,
  relativeThroughput: 0.35
}
const INFERENTIA2: Omit<Accelerator, 'count'> = {
  kind: 'inferentia',
  memoryGiB: 32,
  name: 'AWS Inferentia2',
  parallelism: 2,
  relativeThroughput: 1.2
}

const EBS_GIB = 30

const FACTS = 'AWS-FACTS §5.1'

interface Row {
  name: string
  category: InstanceCategory
  vcpu: number
  memoryGiB: number
  accelerator?: Accelerator
  burstBaseline?: number
  cpuSpeed: number
  storageGiB?: number
  price: number
  source: string
}

const ROWS: Row[] = [
  // Burstable. Treated as unthrottled (see BurstableInfo.creditModel and SIMPLIFICATIONS).
  // No ml.t3 rows: ml.t3.* are Studio and notebook-instance types, not in ProductionVariantInstanceType,
  // so an endpoint cannot use them (see requireHostingInstanceType).
  { name: 'ml.t2.medium', category: 'burstable', vcpu: 2, memoryGiB: 4, burstBaseline: 20, cpuSpeed: 0.8, price: 0.056,
    source: `${FACTS}: not found on an AWS page; 0.056 is the commonly quoted figure [U]` },
  { name: 'ml.t2.large', category: 'burstable', vcpu: 2, memoryGiB: 8, burstBaseline: 30, cpuSpeed: 0.8, price: 0.112,
    source: `derived: 2 × ml.t2.medium (0.056), following EC2's size doubling; not in ${FACTS}` },
  // General purpose. No ml.m6i rows: ml.m6i.* are Studio types, not in ProductionVariantInstanceType.
  { name: 'ml.m5.large', category: 'general', vcpu: 2, memoryGiB: 8, cpuSpeed: 1, price: 0.115,
    source: `${FACTS}: 0.115 (JHUAPL wiki; AWS Pricing Catalog snippet, us-east-1)` },
  { name: 'ml.m5.xlarge', category: 'general', vcpu: 4, memoryGiB: 16, cpuSpeed: 1, price: 0.23,
    source: `${FACTS}: 0.23 (pricing-catalog snippet, config yaml); conflict: zircon.tech says 0.269 as of Oct 2025` },
  { name: 'ml.m5.2xlarge', category: 'general', vcpu: 8, memoryGiB: 32, cpuSpeed: 1, price: 0.461,
    source: `${FACTS}: 0.46 / 0.461` },
  { name: 'ml.m5.4xlarge', category: 'general', vcpu: 16, memoryGiB: 64, cpuSpeed: 1, price: 0.922,
    source: `${FACTS}: derived by linear scaling from ml.m5.2xlarge, not sourced` },
  // Compute optimized.
  { name: 'ml.c5.large', category: 'compute', vcpu: 2, memoryGiB: 4, cpuSpeed: 1.1, price: 0.102,
    source: `${FACTS}: ≈0.102, derived as half of ml.c5.xlarge` },
  { name: 'ml.c5.xlarge', category: 'compute', vcpu: 4, memoryGiB: 8, cpuSpeed: 1.1, price: 0.204,
    source: `${FACTS}: 0.204 (JHUAPL wiki, a Studio-notebook table)` },
  { name: 'ml.c5.2xlarge', category: 'compute', vcpu: 8, memoryGiB: 16, cpuSpeed: 1.1, price: 0.408,
    source: `${FACTS}: 0.408 (JHUAPL wiki)` },
  { name: 'ml.c6i.large', category: 'compute', vcpu: 2, memoryGiB: 4, cpuSpeed: 1.25, price: 0.102,
    source: `derived: same as ml.c5.large, as EC2 prices c6i and c5 alike [U]; ${FACTS} lists c6i as not found` },
  { name: 'ml.c6i.xlarge', category: 'compute', vcpu: 4, memoryGiB: 8, cpuSpeed: 1.25, price: 0.204,
    source: `derived: same as ml.c5.xlarge, as EC2 prices c6i and c5 alike [U]; ${FACTS} lists it as not found` },
  { name: 'ml.c6i.2xlarge', category: 'compute', vcpu: 8, memoryGiB: 16, cpuSpeed: 1.25, price: 0.408,
    source: `derived: same as ml.c5.2xlarge, as EC2 prices c6i and c5 alike [U]; not in ${FACTS}` },
  // Memory optimized.
  { name: 'ml.r5.large', category: 'memory', vcpu: 2, memoryGiB: 16, cpuSpeed: 1, price: 0.151,
    source: `${FACTS}: ≈0.151, derived as a quarter of ml.r5.2xlarge (0.605, ZindiAfrica Ohio table)` },
  { name: 'ml.r5.xlarge', category: 'memory', vcpu: 4, memoryGiB: 32, cpuSpeed: 1, price: 0.302,
    source: `${FACTS}: ≈0.302, derived as half of ml.r5.2xlarge` },
  { name: 'ml.r5.2xlarge', category: 'memory', vcpu: 8, memoryGiB: 64, cpuSpeed: 1, price: 0.605,
    source: `${FACTS}: 0.605 (ZindiAfrica table, Ohio; us-east-1 assumed equal)` },
  // GPU.
  { name: 'ml.g4dn.xlarge', category: 'gpu', vcpu: 4, memoryGiB: 16, accelerator: { ...T4, count: 1 }, cpuSpeed: 1, storageGiB: 125, price: 0.736,
    source: `${FACTS}: 0.736 / 0.7364 (goerlitz/nlp-classification README; a 2024 code constant)` },
  { name: 'ml.g4dn.2xlarge', category: 'gpu', vcpu: 8, memoryGiB: 32, accelerator: { ...T4, count: 1 }, cpuSpeed: 1, storageGiB: 225, price: 0.94,
    source: `${FACTS}: 0.94 (goerlitz; ZindiAfrica); conflict: another code constant says 1.053` },
  { name: 'ml.g5.xlarge', category: 'gpu', vcpu: 4, memoryGiB: 16, accelerator: { ...A10G, count: 1 }, cpuSpeed: 1.1, storageGiB: 250, price: 1.408,
    source: `${FACTS}: 1.408 (pricing catalog / yaml; zircon ~1.41 Oct 2025); conflicts: 1.21, 1.006` },
  { name: 'ml.g5.2xlarge', category: 'gpu', vcpu: 8, memoryGiB: 32, accelerator: { ...A10G, count: 1 }, cpuSpeed: 1.1, storageGiB: 450, price: 1.515,
    source: `${FACTS}: 1.515; conflicts: 1.52, 1.212` },
  { name: 'ml.p3.2xlarge', category: 'gpu', vcpu: 8, memoryGiB: 61, accelerator: { ...V100, count: 1 }, cpuSpeed: 0.9, price: 3.825,
    source: `${FACTS}: 3.825 (several sources agree)` },
  // Inference optimized.
  { name: 'ml.inf1.xlarge', category: 'inference', vcpu: 4, memoryGiB: 8, accelerator: { ...INFERENTIA, count: 1 }, cpuSpeed: 1, price: 0.297,
    source: `derived: EC2 inf1.xlarge 0.228 [U] × 1.3, the ratio of ml.inf2.xlarge (0.99) to EC2 inf2.xlarge (0.7582); ${FACTS} lists it as not found` },
  { name: 'ml.inf2.xlarge', category: 'inference', vcpu: 4, memoryGiB: 16, accelerator: { ...INFERENTIA2, count: 1 }, cpuSpeed: 1.1, price: 0.99,
    source: `${FACTS}: 0.99; conflicts: 0.7582 (the EC2 price), 0.76 (wring.co)` }
]

function familyOf(name: string): string {
  return name.split('.')[1]
}

export const INSTANCE_TYPES: readonly InstanceType[] = Object.freeze(
  ROWS.map(
    (r): InstanceType =>
      Object.freeze<InstanceType>({
        name: r.name,
        family: familyOf(r.name),
        category: r.category,
        vcpu: r.vcpu,
        memoryGiB: r.memoryGiB,
        accelerator: r.accelerator ?? null,
        burstable: r.burstBaseline === undefined ? null : { baselinePercentPerVcpu: r.burstBaseline, creditModel: 'unthrottled' },
        cpuSpeed: r.cpuSpeed,
        storageGiB: r.storageGiB ?? EBS_GIB,
        pricePerHour: r.price,
        priceAsOf: PRICE_AS_OF,
        priceSource: r.source,
        illustrative: true
      })
  )
)

const BY_NAME = new Map(INSTANCE_TYPES.map((t) => [t.name, t]))

export function instanceTypeNames(): string[] {
  return INSTANCE_TYPES.map((t) => t.name)
}

export function findInstanceType(name: string): InstanceType | undefined {
  return BY_NAME.get(name)
}

/** Looks up an instance type; throws a LabError naming every valid type when `name` is unknown. */
export function getInstanceType(name: string, path = 'InstanceType'): InstanceType {
  const found = BY_NAME.get(name)
  if (found) return found
  const message = `unknown instance type "${name}"; valid types: ${instanceTypeNames().join(', ')}`
  throw new LabError('VALIDATION', `${path}: ${message}`, [{ path, message }])
}

/**
 * Catalog types a real-time endpoint may use: those whose name is in `ProductionVariantInstanceType`.
 * Today that is every catalog row (a unit test keeps it so); the filter guards against a row being added
 * for another SageMaker feature.
 */
export function hostingInstanceTypes(): InstanceType[] {
  return INSTANCE_TYPES.filter((t) => PRODUCTION_VARIANT_INSTANCE_TYPES.has(t.name))
}

function whyNotHosting(name: string): string {
  if (/^ml\.t3\./.test(name)) {
    return `"${name}" is a SageMaker Studio and notebook-instance type; real-time endpoints cannot use ml.t3 types (they are not in ProductionVariantInstanceType)`
  }
  if (PRODUCTION_VARIANT_INSTANCE_TYPES.has(name)) {
    return `"${name}" is a SageMaker hosting type, but the sandbox catalog does not model it`
  }
  if (/^ml\./.test(name)) return `"${name}" is not a real-time hosting instance type (not in ProductionVariantInstanceType)`
  return `unknown instance type "${name}"`
}

/**
 * The catalog entry for a real-time endpoint's `InstanceType`. Throws a VALIDATION LabError at `path`
 * naming every valid hosting type when `name` is not one (ml.t3.* gets an explanation of why).
 */
export function requireHostingInstanceType(name: unknown, path = 'InstanceType'): InstanceType {
  const hosting = hostingInstanceTypes()
  const found = typeof name === 'string' ? hosting.find((t) => t.name === name) : undefined
  if (found) return found
  const why = typeof name === 'string' ? whyNotHosting(name) : 'must be an instance type name (a string)'
  throw invalidField(path, `${why}; valid types: ${hosting.map((t) => t.name).join(', ')}`)
}
