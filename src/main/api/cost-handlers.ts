/**
 * The cost channels: thin wrappers over the sandbox's cost service, like moto's responses.py. Both
 * are stateless; the seed makes the Spot market of a training job reproducible.
 */
import { COST_SIMPLIFICATIONS, recommend, simulateTrainingJob } from '../sandbox/cost'
import { createRng } from '../sandbox/core/rng'
import type { Handlers } from './dispatch'

export function createCostHandlers(): Pick<Handlers, 'cost.recommend' | 'cost.trainingJob'> {
  return {
    'cost.recommend': (req) => ({
      ...recommend({ model: req.model, instanceTypes: req.instanceTypes, traffic: req.traffic, latencyP99Ms: req.latencyP99Ms }),
      simplifications: [...COST_SIMPLIFICATIONS]
    }),
    'cost.trainingJob': (req) => ({
      ...simulateTrainingJob({
        InstanceType: req.InstanceType,
        InstanceCount: req.InstanceCount,
        trainingSeconds: req.trainingSeconds,
        EnableManagedSpotTraining: req.EnableManagedSpotTraining,
        MaxRuntimeInSeconds: req.MaxRuntimeInSeconds,
        MaxWaitTimeInSeconds: req.MaxWaitTimeInSeconds,
        checkpointing: req.checkpointing,
        rng: createRng(req.seed).fork('training-job')
      }),
      simplifications: [...COST_SIMPLIFICATIONS]
    })
  }
}
