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

// ---------------------------------------------------------------------------------------------
// Bring your own data: the `monitor.driftReport` job (jobs.ts) and the example pair for it.

/** Characters of each CSV text of a drift report (two files of 1,000,000 rows × 10 columns fit). */
export const MAX_REPORT_CSV_CHARS = 128 * 1024 * 1024
export const MAX_REPORT_OVERRIDES = 500
export const MAX_EXAMPLE_ROWS = 20_000

const CsvFileSchema = z.strictObject({
  /** The file's name, as the learner picked it (shown in messages and the report's title). */
  name: z.string().min(1).max(255),
  text: z.string().max(MAX_REPORT_CSV_CHARS, `a CSV file may have at most ${MAX_REPORT_CSV_CHARS / (1024 * 1024)} Mi characters`)
})

export const DriftReportJobRequestSchema = z.strictObject({
  baseline: CsvFileSchema,
  current: CsvFileSchema,
  /** A method or threshold for some features, in place of the automatic choice. */
  overrides: z
    .array(z.strictObject({ feature: z.string().min(1).max(MAX_CATEGORY_LENGTH), method: DriftMethodSchema.optional(), threshold: z.number().min(0).optional() }))
    .max(MAX_REPORT_OVERRIDES)
    .optional()
})

const SideCountsSchema = z.strictObject({ rows: z.number().int(), present: z.number().int(), missing: z.number().int(), mismatched: z.number().int() })

export const FeatureDriftSchema = z.strictObject({
  name: z.string(),
  inferred_type: z.enum(['Integral', 'Fractional', 'String', 'Unknown']),
  baseline: SideCountsSchema,
  current: SideCountsSchema.nullable(),
  comparison: CompareDistributionsResponse.nullable(),
  note: z.string().optional(),
  /** Shares of each side over shared bins: numeric `edges` (one more than the shares) or categorical `labels`. */
  histogram: z
    .strictObject({
      kind: z.enum(['numeric', 'categorical']),
      edges: z.array(z.number()).max(1001).optional(),
      labels: z.array(z.string()).max(1001).optional(),
      baseline: z.array(z.number()).max(1000),
      current: z.array(z.number()).max(1000)
    })
    .optional()
})

export const DriftReportJobResponseSchema = z.strictObject({
  baselineFile: z.string(),
  currentFile: z.string(),
  report: z.strictObject({
    baselineRows: z.number().int(),
    currentRows: z.number().int(),
    features: z.array(FeatureDriftSchema),
    missingColumns: z.array(z.string()),
    extraColumns: z.array(z.string())
  }),
  /** Findings beside drift, named after Model Monitor's violation types. */
  findings: z.array(z.strictObject({ feature: z.string(), check: z.enum(['data_type_check', 'missing_column_check', 'extra_column_check']), description: z.string() })),
  /** The report as CSV and as one self-contained HTML page, for download. */
  csv: z.string(),
  html: z.string()
})

export const EXAMPLE_CHANGES = ['none', 'dataDrift', 'conceptDrift', 'outlierBurst', 'typeChange'] as const

export const monitorReportChannels = {
  /** A seeded baseline/current CSV pair from a scenario, for a learner without data. */
  'monitor.exampleCsv': {
    request: z.strictObject({
      scenario: z.enum(['recommender-ctr', 'fraud']),
      change: z.enum(EXAMPLE_CHANGES),
      rows: z.number().int().min(10).max(MAX_EXAMPLE_ROWS),
      seed: z.number().int().min(0).max(2 ** 31 - 1)
    }),
    response: z.strictObject({ baseline: CsvFileSchema, current: CsvFileSchema, description: z.string() })
  },
  /** Where the monitor's statistics depart from Model Monitor, for the views to show beside results. */
  'monitor.simplifications': {
    request: z.strictObject({}),
    response: z.strictObject({ simplifications: z.array(z.string()) })
  }
} as const
