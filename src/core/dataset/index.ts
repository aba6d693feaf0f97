export { EXACT_DUPLICATE_ROW_CAP, NEAR_DUPLICATE_ROW_CAP, NEAR_DUPLICATE_THRESHOLD } from './duplicates';
export { LineStream } from './line-stream';
export type {
  DatasetFormat,
  DatasetIssue,
  DatasetLimits,
  DatasetStats,
  TokenSummary,
  ValidateOptions,
  ValidationReport,
} from './report';
export { DEFAULT_LIMITS, MAX_LISTED } from './report';
export { formatReport, summarizeReport } from './summary';
export { type TrainingPair, trainingPairs } from './training-pairs';
export { validateDataset } from './validate';
