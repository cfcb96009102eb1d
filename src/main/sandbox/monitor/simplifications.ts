/**
 * Where the monitor's statistics depart from SageMaker Model Monitor (or pick one reading of a
 * document that contradicts itself), in words a learner can read. The Monitoring view shows this
 * list beside the results.
 */
export const MONITOR_SIMPLIFICATIONS: readonly string[] = Object.freeze([
  'Baseline distributions are exact: the 10 buckets of statistics.json count every value, where Model Monitor reads them off a KLL sketch, and the sketch itself (distribution.kll.sketch) is not written. Drift distances compare the exact samples rather than two sketches.',
  'String features report an exact distinct_count; Model Monitor estimates it (HyperLogLog).',
  'The constraints documentation gives two defaults for datatype_check_threshold and domain_content_threshold (0.1 in its table, 1.0 in its schema sample); the sandbox uses 0.1 and reads both as the share of values allowed to mismatch.',
  'comparison_method is written "Simple" or "Robust" as in the schema sample (the table calls them linf_simple and linf_robust); the default is Robust, as in the SageMaker Python SDK.',
  'With categorical_drift_method ChiSquared, the drift value is the p-value of a chi-squared test of homogeneity, and a value below categorical_comparison_threshold is a violation; AWS does not document how it compares that p-value, nor the regrouping of small categories Deequ performs first.',
  'completeness_check flags any share of non-null values below the baseline\'s observed completeness; AWS suggests a completeness value but does not document its margin.',
  'missing_column_check and extra_column_check compare column counts, as documented; each violation names one absent or new column.',
  'A run analyses the period since the previous one (an hour, N hours or a day) unless DataAnalysisStartTime and DataAnalysisEndTime say otherwise; AWS does not document its default window.',
  '"cron(0 H/N ? * * *)" runs at the hours of each day that are H modulo N, so cron(0 17/12 ? * * *) runs at 05:00 and 17:00 ("every 12 hours, starting at 5 PM UTC", as AWS describes it).',
  'The best constant classifier is not defined in words by AWS: the sandbox uses the constant predictor that reproduces AWS\'s published examples (the positive label for binary problems, the least frequent label for multiclass problems).',
  'Standard deviations of model quality metrics use 5 seeded random 80 % samples and the sample standard deviation (n − 1); AWS\'s own random draws differ.',
  'PSI and Jensen–Shannon replace empty bins by a share of 0.0001 on both sides (Jensen–Shannon then renormalises, as scipy does); Evidently replaces them only for PSI and uses a smaller share when some bin is already below 0.0001, and bins a numeric feature with 20 or fewer baseline values by value.',
  'Evidently\'s chi-squared test compares the current counts with the baseline\'s shares (goodness of fit); the sandbox uses the test of homogeneity on both samples\' counts, which is symmetric and allows categories that only one side has.',
  'Scenario records come from a seeded generative model (independent features, a logistic label); a minute yields at most 10 generated records, however many requests the endpoint captured, so an execution analyses a uniform sample of the captured data.',
  'EnableDataCapture stands for UpdateEndpoint with a new endpoint configuration that carries DataCaptureConfig (AWS sets DataCaptureConfig on CreateEndpointConfig only); the endpoint keeps serving without an update period. Only requests answered without an error are captured.',
  'CreateBaseliningJob stands for the processing job suggest_baseline starts: its training data are TrainingDataDays days of the endpoint\'s scenario without any injected change, generated in the world rather than read from S3, and it completes after 5 simulated minutes.',
  'A monitoring schedule takes its job definition inline (AWS also accepts a separate data or model quality job definition by name); each execution\'s processing job runs 3 simulated minutes after its 0–20 minute start delay, and its metrics are published at the minute it completes.',
  'Data quality metrics carry the dimensions EndpointName and ScheduleName (model-monitor-interpreting-cloudwatch; the BYOC page recommends Endpoint and MonitoringSchedule instead). AWS does not confirm the model quality namespace; the sandbox uses /aws/sagemaker/Endpoints/model-metrics with the same dimensions.',
  'A model quality baseline suggests each metric\'s value on the training data as its threshold (LessThanThreshold; GreaterThanThreshold for the false positive and negative rates); the scenarios are binary classifiers, so ProblemType is BinaryClassification.',
  'PutGroundTruth stands for the labelling process uploading ground truth to S3: each captured inference\'s label becomes available GroundTruthLagHours after it (and not before the call), for a seeded share CoverageShare of inferences; a model quality run merges the labels available when its processing job starts.',
  'A schedule keeps its newest 2,208 executions (92 days of an hourly schedule). SetFeatureScenario is refused once the endpoint has captured data, because the captured records are regenerated from the scenario.',
  'In the monitoring labs, a monitored endpoint over weeks is computed on these statistics rather than on the sandbox World: requests are generated hour by hour, a captured request is analysed whole, and a processing job takes 10 minutes from its start to its published metrics.',
  'The labs\' retraining pipeline refits a ridge-penalised logistic regression on the labelled requests of its window (plus training rows when the window reaches before the first day), registers a baseline suggested from the same requests, and deploys the model a fixed number of hours later; approval in the model registry and the deployment strategy are left out.',
  'Ground truth in the labs covers every captured request and arrives a fixed delay after it; without an InferenceId sent by the caller no label matches (the application never sees SageMaker\'s eventId).',
  'Two-sample Kolmogorov–Smirnov p-values follow scipy.stats.ks_2samp branch for branch; where scipy uses double-double arithmetic (the Smirnov sum) the sandbox uses doubles and agrees to about 1e-11.'
])
