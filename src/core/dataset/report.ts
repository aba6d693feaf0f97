export type DatasetFormat = 'instruction' | 'chat';

/** One finding about the dataset. `line` is 1-based; 0 means the file as a whole. */
export interface DatasetIssue {
  line: number;
  code: string;
  message: string;
  /** What the member can do about it. Every error has one. */
  hint?: string;
  /** 1-based character column within the line, where it is known. */
  column?: number;
}

export function issue(line: number, code: string, message: string, hint: string): DatasetIssue {
  return { line, code, message, hint };
}

export interface DatasetLimits {
  maxBytes: number;
  /** Longest line, in bytes, not counting the line break. */
  maxLineBytes: number;
  minRows: number;
  maxRows: number;
  /** The round's `max_input_length`: rows estimated above it get a warning. */
  maxInputTokens?: number;
}

export interface TokenSummary {
  min: number;
  median: number;
  p95: number;
  max: number;
}

export interface DatasetStats {
  rows: number;
  /** Estimated tokens per field (instruction, context, response / system, user, assistant) and per row (`total`). */
  tokens: Record<string, TokenSummary>;
  exactDuplicates: number;
  nearDuplicates: number;
  /** Rows that took part in the near-duplicate check (it covers the first NEAR_DUPLICATE_ROW_CAP rows). */
  nearDuplicateRowsChecked?: number;
  bytes?: number;
}

export interface ValidationReport {
  valid: boolean;
  format: DatasetFormat | null;
  /** Rows that passed every check. */
  rows: number;
  /** At most MAX_LISTED errors, in file order; `errorCount` counts them all. */
  errors: DatasetIssue[];
  errorCount: number;
  /** At most MAX_LISTED warnings, in file order; `warningCount` counts them all. */
  warnings: DatasetIssue[];
  warningCount: number;
  stats: DatasetStats;
  /** Overlap with the round's hidden questions: for organizers only, never shown to the member. */
  organizerWarnings: DatasetIssue[];
  organizerWarningCount?: number;
  /** The member's template.json, checked, to be stored next to train.jsonl (instruction format only). */
  template?: { prompt: string; completion: string };
}

export interface ValidateOptions {
  format?: 'auto' | DatasetFormat;
  limits: DatasetLimits;
  /** Parsed template.json, if the member supplied one (instruction format). */
  template?: unknown;
  /** Hidden question texts of the round, for the leakage check. */
  hiddenQuestions?: string[];
  /** Receives the JumpStart-ready train.jsonl in order, in whole lines ("...\n", one or several at a time), as rows pass; only meaningful if the report ends valid. */
  onTrainLine?: (line: string) => void | Promise<void>;
  /** Known size, to refuse before reading. */
  sizeBytes?: number;
}

/** Errors and warnings listed in a report; the rest are only counted. */
export const MAX_LISTED = 50;

export const DEFAULT_LIMITS: DatasetLimits = {
  maxBytes: 100 * 1000 * 1000,
  maxLineBytes: 64 * 1024,
  minRows: 10,
  maxRows: 100_000,
};
