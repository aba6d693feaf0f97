export type DatasetFormat = 'instruction' | 'chat';
export interface DatasetIssue { line: number; code: string; message: string; hint?: string; column?: number }
export interface DatasetLimits { maxBytes: number; maxLineBytes: number; minRows: number; maxRows: number; maxInputTokens?: number }
export interface DatasetStats {
  rows: number;
  tokens: Record<string, { min: number; median: number; p95: number; max: number }>;
  exactDuplicates: number;
  nearDuplicates: number;
}
export interface ValidationReport {
  valid: boolean;
  format: DatasetFormat | null;
  rows: number;
  /** At most MAX_LISTED errors; `errorCount` counts them all. */
  errors: DatasetIssue[];
  errorCount: number;
  warnings: DatasetIssue[];
  warningCount: number;
  stats: DatasetStats;
  /** Overlap with the round's hidden questions: for organizers only, never shown to the member. */
  organizerWarnings: DatasetIssue[];
}
export interface ValidateOptions {
  format?: 'auto' | DatasetFormat;
  limits: DatasetLimits;
  template?: unknown;
  hiddenQuestions?: string[];
  onTrainLine?: (line: string) => void | Promise<void>;
  sizeBytes?: number;
}

export const MAX_LISTED = 50;
export const DEFAULT_LIMITS: DatasetLimits = { maxBytes: 100_000_000, maxLineBytes: 64 * 1024, minRows: 10, maxRows: 100_000 };
