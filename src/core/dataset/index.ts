export type { DatasetFormat, DatasetIssue, DatasetLimits, ValidateOptions, ValidationReport } from './report';
export { DEFAULT_LIMITS, MAX_LISTED } from './report';
export { validateDataset } from './validate';
