/**
 * One SageMaker training job, on-demand or with Managed Spot Training, from creation to its final
 * status, with the billing fields DescribeTrainingJob returns.
 *
 * AWS (developer guide, "Managed Spot Training in Amazon SageMaker AI"; API reference,
 * StoppingCondition, DescribeTrainingJob, SecondaryStatusTransition):
 * - MaxWaitTimeInSeconds is "the amount of time spent waiting for Spot capacity plus the amount of
 *   time the job can run"; it must be equal to or greater than MaxRuntimeInSeconds, and it is only
 *   accepted with EnableManagedSpotTraining (CreateTrainingJob answers "Invalid MaxWaitTimeInSeconds.
 *   It is only supported when EnableManagedSpotTraining is set to true", quoted in
 *   aws/amazon-sagemaker-examples#869).
 * - Spot instances can be interrupted. With checkpoints copied to S3 a restarted job resumes from the
 *   last checkpoint; without them it restarts the work.
 * - Lifecycle: InProgress (Starting ↠ Downloading ↠ Training ↠ [Interrupted ↠ Starting ↠ …] ↠
 *   Uploading), then Completed; or Stopping, then Stopped with SecondaryStatus MaxWaitTimeExceeded
 *   or MaxRuntimeExceeded. A Stopped job has no FailureReason: that field is set only for Failed jobs.
 * - Savings: (1 − BillableTimeInSeconds / TrainingTimeInSeconds) × 100; AWS's example is 100
 *   billable of 500 trained seconds = 80%. The bill is BillableTimeInSeconds × InstanceCount at the
 *   instance's price, per second.
 *
 * Sandbox model (COST_SIMPLIFICATIONS lists it for the learner):
 * - TrainingTimeInSeconds counts every second the instances ran (download, training, upload) over all
 *   attempts, including work redone after an interruption; waiting for capacity is not counted. A
 *   Spot job's BillableTimeInSeconds is that time at the illustrative Spot discount (SPOT_DISCOUNT),
 *   expressed as seconds at the on-demand price, which is how AWS reports the Spot saving. Because the
 *   discount is one fixed rate, the savings formula always gives that rate; the redone work shows up
 *   in the cost against `onDemandCostUSD`, what one uninterrupted on-demand run would cost.
 * - The Spot market is an illustrative random process, not AWS data: capacity arrives after an
 *   exponential wait, and a running job is interrupted at a constant rate per instance-hour, times
 *   InstanceCount (losing any one instance interrupts the job). Both depend on the instance category.
 * - The training script writes a checkpoint every CHECKPOINT_INTERVAL_SECONDS of training progress.
 * - Each attempt spends DOWNLOAD_SECONDS downloading (data, image, checkpoints) before it trains, and
 *   the finished job UPLOAD_SECONDS uploading its model; both are billed. A job reaching a limit stops
 *   at once (AWS sends SIGTERM and allows 120 s to save artifacts).
 * - Training is priced like hosting (TRAINING_PRICE_RULE).
 */
import { LabError } from '../../../shared/errors'
import { findInstanceType, getInstanceType, type InstanceCategory, type InstanceType } from '../catalog/instances'
import type { Rng } from '../core/rng'
import { IssueList } from '../core/issues'
import { SPOT_DISCOUNT } from './prices'

export const DOWNLOAD_SECONDS = 120
export const UPLOAD_SECONDS = 60
/** Every 30 minutes of training progress: an every-epoch cadence for a multi-hour job. Illustrative. */
export const CHECKPOINT_INTERVAL_SECONDS = 1800
/** StoppingCondition.MaxRuntimeInSeconds: at most 28 days (API reference). */
export const MAX_RUNTIME_LIMIT_SECONDS = 28 * 24 * 3600
export const MAX_TRAINING_INSTANCES = 100

/** Illustrative Spot market per instance category: interruptions per instance-hour and mean wait for capacity. */
export const SPOT_MARKET: Record<InstanceCategory, { interruptionsPerInstanceHour: number; meanCapacityWaitSeconds: number }> = {
  burstable: { interruptionsPerInstanceHour: 0.05, meanCapacityWaitSeconds: 180 },
  general: { interruptionsPerInstanceHour: 0.05, meanCapacityWaitSeconds: 300 },
  compute: { interruptionsPerInstanceHour: 0.05, meanCapacityWaitSeconds: 300 },
  memory: { interruptionsPerInstanceHour: 0.05, meanCapacityWaitSeconds: 300 },
  inference: { interruptionsPerInstanceHour: 0.1, meanCapacityWaitSeconds: 600 },
  gpu: { interruptionsPerInstanceHour: 0.2, meanCapacityWaitSeconds: 900 }
}

export type TrainingJobStatus = 'Completed' | 'Stopped'
export type SecondaryStatus =
  | 'Starting'
  | 'Downloading'
  | 'Training'
  | 'Interrupted'
  | 'Uploading'
  | 'Completed'
  | 'Stopping'
  | 'MaxRuntimeExceeded'
  | 'MaxWaitTimeExceeded'

export interface StatusTransition {
  Status: SecondaryStatus
  /** Seconds since the job was created. */
  StartTime: number
  StatusMessage: string
}

export interface Interruption {
  /** Seconds since creation when the Spot instances were reclaimed. */
  atSecond: number
  /** Training progress (seconds of work at full speed) reached when interrupted. */
  progressSeconds: number
  /** Where the next attempt resumes: the last checkpoint, or 0 without checkpointing. */
  resumeFromSeconds: number
  /** Work lost and to be redone. */
  lostSeconds: number
}

/** The Spot market a job sees: waits for capacity and the running time until the next interruption. */
export interface SpotMarket {
  capacityWaitSeconds(): number
  runningSecondsUntilInterruption(): number
}

/** The seeded illustrative market: exponential waits and a Poisson interruption process. */
export function randomSpotMarket(rng: Rng, instance: InstanceType, instanceCount: number, override?: Partial<(typeof SPOT_MARKET)['gpu']>): SpotMarket {
  const base = SPOT_MARKET[instance.category]
  const rate = ((override?.interruptionsPerInstanceHour ?? base.interruptionsPerInstanceHour) * instanceCount) / 3600
  const meanWait = override?.meanCapacityWaitSeconds ?? base.meanCapacityWaitSeconds
  const waits = rng.fork('capacity')
  const interrupts = rng.fork('interruptions')
  // Inversion: −ln(1 − U) is Exp(1); 1 − next() is in (0, 1].
  const exp = (r: Rng): number => -Math.log(1 - r.next())
  return {
    capacityWaitSeconds: () => (meanWait > 0 ? exp(waits) * meanWait : 0),
    runningSecondsUntilInterruption: () => (rate > 0 ? exp(interrupts) / rate : Infinity)
  }
}

/** A scripted market (tests and labs): the waits and interruption times in order, then none. */
export function scriptedSpotMarket(capacityWaits: readonly number[], interruptAfterRunningSeconds: readonly number[]): SpotMarket {
  let w = 0
  let i = 0
  return {
    capacityWaitSeconds: () => capacityWaits[w++] ?? 0,
    runningSecondsUntilInterruption: () => interruptAfterRunningSeconds[i++] ?? Infinity
  }
}

export interface TrainingJobInput {
  InstanceType: string
  InstanceCount: number
  /** The work, in seconds at full speed on this cluster. */
  trainingSeconds: number
  EnableManagedSpotTraining: boolean
  MaxRuntimeInSeconds: number
  MaxWaitTimeInSeconds?: number
  checkpointing: boolean
  /** Defaults to randomSpotMarket; only consulted for Spot jobs. */
  market?: SpotMarket
  rng: Rng
  checkpointIntervalSeconds?: number
}

export interface TrainingJobResult {
  TrainingJobStatus: TrainingJobStatus
  SecondaryStatus: SecondaryStatus
  SecondaryStatusTransitions: StatusTransition[]
  TrainingTimeInSeconds: number
  BillableTimeInSeconds: number
  savingsPercent: number
  costUSD: number
  /** One uninterrupted on-demand run of the same job. */
  onDemandCostUSD: number
  interruptions: Interruption[]
  /** Training progress reached, seconds of work. */
  progressSeconds: number
  /** Seconds from creation to the final status. */
  wallClockSeconds: number
  /** Seconds spent waiting for Spot capacity. */
  waitingSeconds: number
  pricePerHour: number
  spotDiscount: number
  priceAsOf: string
}

/** AWS's savings formula, in percent; 0 when nothing ran. */
export function spotSavingsPercent(trainingTimeInSeconds: number, billableTimeInSeconds: number): number {
  if (!(trainingTimeInSeconds > 0)) return 0
  return (1 - billableTimeInSeconds / trainingTimeInSeconds) * 100
}

export function validateTrainingJob(input: TrainingJobInput): InstanceType {
  const issues = new IssueList()
  let instance: InstanceType | undefined
  if (typeof input.InstanceType !== 'string' || !findInstanceType(input.InstanceType)) {
    try {
      getInstanceType(String(input.InstanceType))
    } catch (e) {
      if (!(e instanceof LabError)) throw e
      issues.issues.push(...e.issues)
    }
  } else instance = getInstanceType(input.InstanceType)
  issues.number('InstanceCount', input.InstanceCount, { min: 1, max: MAX_TRAINING_INSTANCES, integer: true })
  issues.number('trainingSeconds', input.trainingSeconds, { above: 0, max: MAX_RUNTIME_LIMIT_SECONDS })
  const runtimeOk = issues.number('MaxRuntimeInSeconds', input.MaxRuntimeInSeconds, { min: 1, max: MAX_RUNTIME_LIMIT_SECONDS, integer: true })
  if (typeof input.EnableManagedSpotTraining !== 'boolean') issues.add('EnableManagedSpotTraining', `must be true or false, got ${String(input.EnableManagedSpotTraining)}`)
  if (typeof input.checkpointing !== 'boolean') issues.add('checkpointing', `must be true or false, got ${String(input.checkpointing)}`)
  issues.optionalNumber('checkpointIntervalSeconds', input.checkpointIntervalSeconds, { above: 0, max: MAX_RUNTIME_LIMIT_SECONDS })
  const wait = input.MaxWaitTimeInSeconds
  if (input.EnableManagedSpotTraining === true) {
    if (wait === undefined) {
      issues.add('MaxWaitTimeInSeconds', 'is required with EnableManagedSpotTraining: the seconds to wait for Spot capacity plus the seconds to run, at least MaxRuntimeInSeconds')
    } else if (issues.number('MaxWaitTimeInSeconds', wait, { min: 1, integer: true }) && runtimeOk && wait < input.MaxRuntimeInSeconds) {
      issues.add(
        'MaxWaitTimeInSeconds',
        `must be greater than or equal to MaxRuntimeInSeconds (${input.MaxRuntimeInSeconds}), got ${wait}: it covers the time spent waiting for Spot capacity plus the time the job runs`
      )
    }
  } else if (input.EnableManagedSpotTraining === false && wait !== undefined) {
    issues.add('MaxWaitTimeInSeconds', 'is only supported when EnableManagedSpotTraining is set to true; leave it out for an on-demand job')
  }
  issues.throwIfAny('cost.trainingJob')
  return instance as InstanceType
}

export function simulateTrainingJob(input: TrainingJobInput): TrainingJobResult {
  const instance = validateTrainingJob(input)
  const spot = input.EnableManagedSpotTraining
  const market = spot ? (input.market ?? randomSpotMarket(input.rng.fork('spot'), instance, input.InstanceCount)) : null
  const interval = input.checkpointIntervalSeconds ?? CHECKPOINT_INTERVAL_SECONDS
  const work = input.trainingSeconds
  const maxRuntime = input.MaxRuntimeInSeconds
  const maxWait = spot ? (input.MaxWaitTimeInSeconds as number) : Infinity

  const transitions: StatusTransition[] = []
  const interruptions: Interruption[] = []
  const mark = (Status: SecondaryStatus, StartTime: number, StatusMessage: string): void => {
    transitions.push({ Status, StartTime, StatusMessage })
  }
  let t = 0
  let runtime = 0
  let waiting = 0
  let progress = 0
  let status: TrainingJobStatus | null = null
  let secondary: SecondaryStatus = 'Starting'

  const stop = (at: number, why: 'MaxRuntimeExceeded' | 'MaxWaitTimeExceeded'): void => {
    mark('Stopping', at, 'Stopping the training job.')
    mark(
      why,
      at,
      why === 'MaxRuntimeExceeded'
        ? `The job stopped because it ran for MaxRuntimeInSeconds (${maxRuntime} s) without completing.`
        : `The job stopped because it did not complete within MaxWaitTimeInSeconds (${maxWait} s), which counts the time spent waiting for Spot capacity as well as the running time.`
    )
    status = 'Stopped'
    secondary = why
  }

  mark('Starting', 0, spot ? 'Starting the training job; waiting for Spot capacity.' : 'Starting the training job.')
  while (status === null) {
    if (market) {
      const wait = market.capacityWaitSeconds()
      if (t + wait >= maxWait) {
        waiting += maxWait - t
        stop(maxWait, 'MaxWaitTimeExceeded')
        t = maxWait
        break
      }
      waiting += wait
      t += wait
    }
    const remaining = DOWNLOAD_SECONDS + (work - progress) + UPLOAD_SECONDS
    const untilInterrupt = market ? market.runningSecondsUntilInterruption() : Infinity
    const runtimeLeft = maxRuntime - runtime
    const waitLeft = maxWait - t
    const run = Math.min(remaining, untilInterrupt, runtimeLeft, waitLeft)
    mark('Downloading', t, 'Downloading the input data, the training image and any checkpoints.')
    if (run > DOWNLOAD_SECONDS) {
      mark('Training', t + DOWNLOAD_SECONDS, progress > 0 ? `Training resumed from the checkpoint at ${progress} s of progress.` : 'Training is in progress.')
    }
    const trained = Math.min(work - progress, Math.max(0, run - DOWNLOAD_SECONDS))
    if (run >= remaining) {
      mark('Uploading', t + DOWNLOAD_SECONDS + (work - progress), 'Training is complete; uploading the model artifacts to S3.')
      progress = work
      runtime += remaining
      t += remaining
      mark('Completed', t, 'The training job has completed.')
      status = 'Completed'
      secondary = 'Completed'
      break
    }
    runtime += run
    t += run
    if (run === untilInterrupt && untilInterrupt < runtimeLeft && untilInterrupt < waitLeft) {
      const reached = progress + trained
      const resume = input.checkpointing ? Math.floor(reached / interval) * interval : 0
      interruptions.push({ atSecond: t, progressSeconds: reached, resumeFromSeconds: resume, lostSeconds: reached - resume })
      progress = resume
      mark(
        'Interrupted',
        t,
        input.checkpointing
          ? `The Spot instances were interrupted at ${reached} s of progress; the job resumes from the checkpoint at ${resume} s.`
          : `The Spot instances were interrupted at ${reached} s of progress; without checkpoints the job restarts from the beginning.`
      )
      mark('Starting', t, 'Waiting for Spot capacity.')
      continue
    }
    progress += trained
    stop(t, runtimeLeft <= waitLeft ? 'MaxRuntimeExceeded' : 'MaxWaitTimeExceeded')
  }

  const trainingTime = Math.round(runtime)
  const billable = spot ? Math.round(runtime * (1 - SPOT_DISCOUNT.value)) : trainingTime
  const perSecond = (instance.pricePerHour * input.InstanceCount) / 3600
  return {
    TrainingJobStatus: status as TrainingJobStatus,
    SecondaryStatus: secondary,
    SecondaryStatusTransitions: transitions,
    TrainingTimeInSeconds: trainingTime,
    BillableTimeInSeconds: billable,
    savingsPercent: spotSavingsPercent(trainingTime, billable),
    costUSD: billable * perSecond,
    onDemandCostUSD: (DOWNLOAD_SECONDS + work + UPLOAD_SECONDS) * perSecond,
    interruptions,
    progressSeconds: progress,
    wallClockSeconds: t,
    waitingSeconds: waiting,
    pricePerHour: instance.pricePerHour,
    spotDiscount: spot ? SPOT_DISCOUNT.value : 0,
    priceAsOf: instance.priceAsOf
  }
}
