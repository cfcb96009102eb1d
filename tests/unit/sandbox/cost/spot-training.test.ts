import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SPOT_DISCOUNT } from '../../../../src/main/sandbox/cost/prices'
import {
  scriptedSpotMarket,
  simulateTrainingJob,
  spotSavingsPercent,
  type TrainingJobInput
} from '../../../../src/main/sandbox/cost/spot-training'
import { createRng } from '../../../../src/main/sandbox/core/rng'
import { LabError } from '../../../../src/shared/errors'

const job = (over: Partial<TrainingJobInput> = {}): TrainingJobInput => ({
  InstanceType: 'ml.m5.xlarge',
  InstanceCount: 1,
  trainingSeconds: 7200,
  EnableManagedSpotTraining: true,
  MaxRuntimeInSeconds: 86_400,
  MaxWaitTimeInSeconds: 172_800,
  checkpointing: true,
  rng: createRng(1),
  ...over
})

function thrown(fn: () => unknown): LabError {
  try {
    fn()
  } catch (e) {
    if (e instanceof LabError) return e
    throw e
  }
  throw new Error('expected a LabError')
}

describe('spotSavingsPercent', () => {
  it("AWS's example: 500 seconds trained, 100 billed → 80% saved", () => {
    expect(spotSavingsPercent(500, 100)).toBeCloseTo(80, 12)
  })
})

describe('cost.trainingJob: by hand', () => {
  it('on-demand: 120 s download + 3,600 s training + 60 s upload = 3,780 s, all billed; 2 × ml.m5.xlarge cost $0.483', () => {
    const r = simulateTrainingJob(job({ EnableManagedSpotTraining: false, MaxWaitTimeInSeconds: undefined, trainingSeconds: 3600, InstanceCount: 2 }))
    expect(r.TrainingJobStatus).toBe('Completed')
    expect(r.TrainingTimeInSeconds).toBe(3780)
    expect(r.BillableTimeInSeconds).toBe(3780)
    expect(r.savingsPercent).toBe(0)
    // 3,780 s × 2 instances × $0.23 / 3,600 s.
    expect(r.costUSD).toBeCloseTo(0.483, 12)
    expect(r.SecondaryStatusTransitions.map((s) => s.Status)).toEqual(['Starting', 'Downloading', 'Training', 'Uploading', 'Completed'])
  })

  it('Spot without interruptions bills 30% of the seconds: 3,780 → 1,134 billable, 70% saved', () => {
    const r = simulateTrainingJob(job({ trainingSeconds: 3600, InstanceCount: 2, market: scriptedSpotMarket([0], []) }))
    expect(SPOT_DISCOUNT.value).toBe(0.7)
    expect(r.TrainingTimeInSeconds).toBe(3780)
    expect(r.BillableTimeInSeconds).toBe(1134)
    expect(r.savingsPercent).toBeCloseTo(70, 12)
    // 1,134 × 2 × 0.23 / 3,600.
    expect(r.costUSD).toBeCloseTo(0.1449, 12)
    expect(r.onDemandCostUSD).toBeCloseTo(0.483, 12)
  })

  // 7,200 s of work, a checkpoint every 1,800 s. Spot capacity after 300 s; interrupted after 3,000
  // running seconds (120 s download + 2,880 s of training); capacity again after 600 s.
  const interrupted = (over: Partial<TrainingJobInput>) => job({ market: scriptedSpotMarket([300, 600], [3000]), ...over })

  it('with checkpointing an interruption resumes from the last checkpoint: 2,880 s reached → resume at 1,800 s, 1,080 s lost', () => {
    const r = simulateTrainingJob(interrupted({ checkpointing: true }))
    expect(r.interruptions).toEqual([{ atSecond: 3300, progressSeconds: 2880, resumeFromSeconds: 1800, lostSeconds: 1080 }])
    // Second attempt: 120 + (7,200 − 1,800) + 60 = 5,580 s, from t = 3,300 + 600 = 3,900 to 9,480.
    expect(r.TrainingJobStatus).toBe('Completed')
    expect(r.wallClockSeconds).toBe(9480)
    expect(r.TrainingTimeInSeconds).toBe(8580)
    expect(r.BillableTimeInSeconds).toBe(2574)
    expect(r.waitingSeconds).toBe(900)
    expect(r.costUSD).toBeCloseTo((2574 * 0.23) / 3600, 12)
    expect(r.SecondaryStatusTransitions.map((s) => s.Status)).toEqual([
      'Starting', 'Downloading', 'Training', 'Interrupted', 'Starting', 'Downloading', 'Training', 'Uploading', 'Completed'
    ])
  })

  it('without checkpointing the interruption restarts the work: 120 + 7,200 + 60 = 7,380 s more, 10,380 s trained', () => {
    const r = simulateTrainingJob(interrupted({ checkpointing: false }))
    expect(r.interruptions[0]).toEqual({ atSecond: 3300, progressSeconds: 2880, resumeFromSeconds: 0, lostSeconds: 2880 })
    expect(r.TrainingTimeInSeconds).toBe(10_380)
    expect(r.wallClockSeconds).toBe(11_280)
  })

  it('MaxRuntimeInSeconds 9,000: with checkpoints 3,000 + 5,580 = 8,580 s fits; without, it stops at 9,000 s run as MaxRuntimeExceeded', () => {
    const limits = { MaxRuntimeInSeconds: 9000, MaxWaitTimeInSeconds: 10_000 }
    expect(simulateTrainingJob(interrupted({ ...limits, checkpointing: true })).TrainingJobStatus).toBe('Completed')
    const r = simulateTrainingJob(interrupted({ ...limits, checkpointing: false }))
    expect(r.TrainingJobStatus).toBe('Stopped')
    expect(r.SecondaryStatus).toBe('MaxRuntimeExceeded')
    expect(r.TrainingTimeInSeconds).toBe(9000)
    // The second attempt runs 6,000 s from t = 3,900.
    expect(r.wallClockSeconds).toBe(9900)
    expect(r.SecondaryStatusTransitions.slice(-2).map((s) => s.Status)).toEqual(['Stopping', 'MaxRuntimeExceeded'])
  })

  it('waiting for capacity counts against MaxWaitTimeInSeconds: with 9,500 s the job without checkpoints stops at 9,500 as MaxWaitTimeExceeded', () => {
    const limits = { MaxRuntimeInSeconds: 9000, MaxWaitTimeInSeconds: 9500 }
    // With checkpoints the second attempt needs 5,580 s and 9,500 − 3,900 = 5,600 s are left.
    expect(simulateTrainingJob(interrupted({ ...limits, checkpointing: true })).TrainingJobStatus).toBe('Completed')
    const r = simulateTrainingJob(interrupted({ ...limits, checkpointing: false }))
    expect(r.SecondaryStatus).toBe('MaxWaitTimeExceeded')
    expect(r.wallClockSeconds).toBe(9500)
    // 3,000 s + 5,600 s ran; 900 s waited.
    expect(r.TrainingTimeInSeconds).toBe(8600)
  })

  it('Spot capacity that never arrives: Starting, then Stopping and MaxWaitTimeExceeded, nothing trained or billed', () => {
    const r = simulateTrainingJob(job({ MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 3600, market: scriptedSpotMarket([5000], []) }))
    expect(r.TrainingJobStatus).toBe('Stopped')
    expect(r.SecondaryStatusTransitions.map((s) => s.Status)).toEqual(['Starting', 'Stopping', 'MaxWaitTimeExceeded'])
    expect(r.TrainingTimeInSeconds).toBe(0)
    expect(r.BillableTimeInSeconds).toBe(0)
    expect(r.costUSD).toBe(0)
  })
})

describe('cost.trainingJob: the seeded Spot market', () => {
  it('the same seed gives the same interruptions; a GPU job of 10 hours without checkpoints is usually cut off', () => {
    const tuning = (seed: number, checkpointing: boolean) =>
      simulateTrainingJob(
        job({ InstanceType: 'ml.g4dn.xlarge', trainingSeconds: 36_000, MaxRuntimeInSeconds: 72_000, MaxWaitTimeInSeconds: 86_400, checkpointing, rng: createRng(seed) })
      )
    expect(tuning(3, true)).toEqual(tuning(3, true))
    // 0.2 interruptions per GPU instance-hour: P(10 h uninterrupted) = e^−2 ≈ 13.5%, so over 40 seeds
    // checkpointing completes far more often.
    let completedWith = 0
    let completedWithout = 0
    for (let s = 0; s < 40; s++) {
      if (tuning(s, true).TrainingJobStatus === 'Completed') completedWith++
      if (tuning(s, false).TrainingJobStatus === 'Completed') completedWithout++
    }
    expect(completedWith).toBeGreaterThan(completedWithout)
    expect(completedWith).toBeGreaterThanOrEqual(35)
  })

  it('properties: Spot never bills more seconds than it trained, cost is never negative, and the limits hold', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom('ml.m5.xlarge', 'ml.g4dn.xlarge', 'ml.p3.2xlarge', 'ml.c5.2xlarge'),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 60, max: 50_000 }),
        fc.integer({ min: 300, max: 100_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.boolean(),
        fc.boolean(),
        (seed, type, count, work, maxRuntime, extraWait, spot, checkpointing) => {
          const r = simulateTrainingJob(
            job({
              rng: createRng(seed),
              InstanceType: type,
              InstanceCount: count,
              trainingSeconds: work,
              MaxRuntimeInSeconds: maxRuntime,
              MaxWaitTimeInSeconds: spot ? maxRuntime + extraWait : undefined,
              EnableManagedSpotTraining: spot,
              checkpointing
            })
          )
          expect(r.BillableTimeInSeconds).toBeLessThanOrEqual(r.TrainingTimeInSeconds)
          expect(r.costUSD).toBeGreaterThanOrEqual(0)
          expect(r.savingsPercent).toBeGreaterThanOrEqual(0)
          expect(r.TrainingTimeInSeconds).toBeLessThanOrEqual(maxRuntime)
          if (spot) expect(r.wallClockSeconds).toBeLessThanOrEqual(maxRuntime + extraWait + 1e-6)
          if (r.TrainingJobStatus === 'Completed') expect(r.progressSeconds).toBe(work)
          else expect(['MaxRuntimeExceeded', 'MaxWaitTimeExceeded']).toContain(r.SecondaryStatus)
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe('cost.trainingJob: bad input names the field', () => {
  it('MaxWaitTimeInSeconds below MaxRuntimeInSeconds', () => {
    const e = thrown(() => simulateTrainingJob(job({ MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 1800 })))
    expect(e.issues).toHaveLength(1)
    expect(e.issues[0].path).toBe('MaxWaitTimeInSeconds')
    expect(e.issues[0].message).toContain('greater than or equal to MaxRuntimeInSeconds (3600)')
  })

  it('MaxWaitTimeInSeconds without Spot, and Spot without MaxWaitTimeInSeconds', () => {
    expect(thrown(() => simulateTrainingJob(job({ EnableManagedSpotTraining: false }))).issues[0].message).toContain(
      'only supported when EnableManagedSpotTraining is set to true'
    )
    expect(thrown(() => simulateTrainingJob(job({ MaxWaitTimeInSeconds: undefined }))).issues[0].path).toBe('MaxWaitTimeInSeconds')
  })

  it('an unknown instance type lists the valid ones; counts and durations give their ranges', () => {
    const e = thrown(() => simulateTrainingJob(job({ InstanceType: 'ml.z1.tiny', InstanceCount: 0, MaxRuntimeInSeconds: 3_000_000 })))
    expect(e.issues.map((i) => i.path)).toEqual(['InstanceType', 'InstanceCount', 'MaxRuntimeInSeconds'])
    expect(e.issues[0].message).toContain('ml.p3.2xlarge')
    expect(e.issues[2].message).toContain('2419200')
  })
})
