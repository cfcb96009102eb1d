/**
 * Model profiles a learner can deploy without writing one. The numbers are sandbox modelling inputs
 * chosen to behave like these model families (a tree ensemble is cheap on CPU; a transformer or a
 * CNN is much faster on an accelerator; an LLM needs accelerator memory), not AWS measurements.
 */
import type { ModelProfile } from '../workload'

export interface ModelPreset {
  id: string
  label: string
  description: string
  profile: ModelProfile
}

export const MODEL_PRESETS: readonly ModelPreset[] = [
  {
    id: 'xgboost-tabular',
    label: 'XGBoost, tabular features',
    description: 'A gradient-boosted tree model on a few dozen features: light on CPU, no use for a GPU.',
    profile: { name: 'xgboost-tabular', cpuMsPerRequest: 6, memoryGiB: 0.5, payloadKiB: 2 }
  },
  {
    id: 'bert-base-text',
    label: 'BERT-base text classifier',
    description: 'A transformer encoder: CPU-heavy per request, about 12× faster on a GPU or Inferentia.',
    profile: { name: 'bert-base-text', cpuMsPerRequest: 90, memoryGiB: 1.5, payloadKiB: 4, acceleratorSpeedup: { gpu: 12, inferentia: 10 } }
  },
  {
    id: 'resnet50-image',
    label: 'ResNet-50 image classifier',
    description: 'A convolutional network on 224×224 images: large payloads, strongly accelerated.',
    profile: { name: 'resnet50-image', cpuMsPerRequest: 160, memoryGiB: 1.2, payloadKiB: 150, acceleratorSpeedup: { gpu: 20, inferentia: 16 } }
  },
  {
    id: 'llm-7b',
    label: '7B-parameter language model',
    description: 'Needs about 15 GiB of accelerator or host memory; impractically slow on CPU.',
    profile: { name: 'llm-7b', cpuMsPerRequest: 12000, memoryGiB: 15, payloadKiB: 2, acceleratorSpeedup: { gpu: 40, inferentia: 30 } }
  }
]

export function findModelPreset(id: string): ModelPreset | undefined {
  return MODEL_PRESETS.find((p) => p.id === id)
}
