/**
 * The monitor service's stateless channels: drift statistics between two samples of one feature,
 * and model quality metrics from labels and predictions (issue #10, items 5 and 6).
 *
 * Request caps keep one request bounded in time and memory: at most 1,000,000 values per sample
 * (the size the figures use; both samples sorted and scanned is well under a second), at
 * most 1,000 characters per category, and at most 1,000,000 rows of labels. The browser-mode host
 * also refuses bodies over 16 MiB, which holds roughly 850,000 full-precision numbers in all, so the
 * largest requests only travel over IPC.
 */
import { z } from 'zod'

export const MAX_SAMPLE_VALUES = 1_000_000
export const MAX_CATEGORY_LENGTH = 1000
export const MAX_QUALITY_ROWS = 1_000_000

const Category = z.string().max(MAX_CATEGORY_LENGTH, `a category may have at most ${MAX_CATEGORY_LENGTH} characters`)
const SampleSchema = z.union([
  z.array(z.number()).max(MAX_SAMPLE_VALUES, `at most ${MAX_SAMPLE_VALUES.toLocaleString('en-US')} values`),
  z.array(Category).max(MAX_SAMPLE_VALUES, `at most ${MAX_SAMPLE_VALUES.toLocaleString('en-US')} values`)
])

export const DriftMethodSchema = z.enum(['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'])

const TestResultSchema = z.strictObject({ statistic: z.number(), pValue: z.number().min(0).max(1) })

export const CompareDistributionsResponse = z.strictObject({
  ks: TestResultSchema.optional(),
  linfSimple: z.number(),
  linfRobust: z.number(),
  psi: z.number(),
  jensenShannon: z.number(),
  wasserstein: z.number().optional(),
  wassersteinNormed: z.number().optional(),
  chiSquare: TestResultSchema.optional(),
  auto: z.strictObject({ method: DriftMethodSchema, value: z.number(), threshold: z.number(), drift: z.boolean() })
})

/** JSON has no NaN; like AWS's own files, a missing figure is the string "NaN". */
const NumberOrNaN = z.union([z.number(), z.literal('NaN')])
const Metric = z.strictObject({ value: NumberOrNaN, standard_deviation: NumberOrNaN })

const METRIC_NAMES = [
  'accuracy',
  'precision',
  'recall',
  'f0_5',
  'f1',
  'f2',
  'auc',
  'true_positive_rate',
  'true_negative_rate',
  'false_positive_rate',
  'false_negative_rate',
  'accuracy_best_constant_classifier',
  'precision_best_constant_classifier',
  'recall_best_constant_classifier',
  'f0_5_best_constant_classifier',
  'f1_best_constant_classifier',
  'f2_best_constant_classifier',
  'weighted_recall',
  'weighted_precision',
  'weighted_f0_5',
  'weighted_f1',
  'weighted_f2',
  'weighted_recall_best_constant_classifier',
  'weighted_precision_best_constant_classifier',
  'weighted_f0_5_best_constant_classifier',
  'weighted_f1_best_constant_classifier',
  'weighted_f2_best_constant_classifier',
  'mae',
  'mse',
  'rmse',
  'r2'
] as const

export const ModelQualityResponse = z.strictObject({
  confusion_matrix: z.record(z.string(), z.record(z.string(), z.number().int().min(0))).optional(),
  ...Object.fromEntries(METRIC_NAMES.map((m) => [m, Metric.optional()])) as Record<(typeof METRIC_NAMES)[number], z.ZodOptional<typeof Metric>>
})

const LabelSchema = z.union([z.number(), z.string().max(MAX_CATEGORY_LENGTH)])
const rows = (what: string) => z.array(LabelSchema).max(MAX_QUALITY_ROWS, `at most ${MAX_QUALITY_ROWS.toLocaleString('en-US')} ${what}`)

export const monitorChannels = {
  'monitor.compareDistributions': {
    request: z.strictObject({
      baseline: SampleSchema,
      current: SampleSchema,
      /** Override Evidently's automatic choice of test… */
      method: DriftMethodSchema.optional(),
      /** …and its threshold. */
      threshold: z.number().min(0).optional()
    }),
    response: CompareDistributionsResponse
  },
  'monitor.modelQuality': {
    request: z.strictObject({
      problemType: z.enum(['BinaryClassification', 'MulticlassClassification', 'Regression']),
      labels: rows('labels'),
      predictions: rows('predictions'),
      probabilities: z.array(z.number()).max(MAX_QUALITY_ROWS).optional(),
      positiveLabel: LabelSchema.optional()
    }),
    response: ModelQualityResponse
  }
} as const
