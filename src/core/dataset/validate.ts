import * as E from './error-messages';
import { checkChatRow, checkInstructionRow, DEFAULT_INSTRUCTION_FIELDS, detectFormat, hasText, trainLine, unknownRowIssue, type InstructionFields, type Row } from './formats';
import { IssueList } from './issue-list';
import { diagnoseJson } from './json-diagnosis';
import { LineSplitter, type LineProblem, type LineSink } from './line-reader';
import type { DatasetFormat, DatasetIssue, ValidateOptions, ValidationReport } from './report';
import { RowObserver } from './row-observer';
import { checkTemplate, type CheckedTemplate } from './template';
import * as W from './warnings';

/**
 * Stream-validates a dataset. Any byte string yields a report (this never throws because of the
 * data); memory stays bounded whatever the file size; every error names its line and says what
 * to do. Errors from reading `input` or from `onTrainLine` are not about the data and propagate.
 */
export async function validateDataset(input: AsyncIterable<Uint8Array>, options: ValidateOptions): Promise<ValidationReport> {
  const v = new DatasetValidator(options);
  const { maxBytes, maxLineBytes } = options.limits;
  if (options.sizeBytes !== undefined && options.sizeBytes > maxBytes) {
    v.error(E.fileTooLarge(options.sizeBytes, maxBytes));
    return v.finish(0);
  }
  const splitter = new LineSplitter(maxLineBytes, v);
  v.splitter = splitter;
  let complete = true;
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? new TextEncoder().encode(raw) : raw;
    if (splitter.bytesRead + chunk.length > maxBytes) {
      const size = splitter.bytesRead + chunk.length;
      splitter.push(chunk.subarray(0, maxBytes - splitter.bytesRead));
      v.stopWith(E.fileTooLarge(size, maxBytes, Math.max(1, splitter.linesSeen)));
      complete = false;
      break;
    }
    splitter.push(chunk);
    if (v.hasTrainLines) await v.flushTrainLines(); // no await (a promise and a tick) per chunk without output
    if (v.stopped) {
      complete = false;
      break;
    }
  }
  if (complete) splitter.end();
  await v.flushTrainLines();
  // Stopped at a line: the bytes up to its end, however the stream was cut into chunks.
  return v.finish(v.stoppedAt ?? splitter.bytesRead);
}

const NO_PROBLEMS: DatasetIssue[] = [];

function isPlainInstructionRow(row: Row): boolean {
  const { instruction, response, context } = row;
  // Property reads rather than `in`: rows of a file share one shape, so an absent key is a cached miss.
  return typeof instruction === 'string' && typeof response === 'string' && hasText(instruction) && hasText(response)
    && (context === undefined || context === null || typeof context === 'string')
    && row.messages === undefined && row.dialog === undefined;
}

class DatasetValidator implements LineSink {
  private readonly errors = new IssueList();
  private readonly warnings = new IssueList();
  private readonly organizerWarnings = new IssueList();
  private readonly observer: RowObserver;
  private format: DatasetFormat | null;
  private formatLine = 0;
  private readonly requested: DatasetFormat | null;
  private readonly fields: InstructionFields;
  private readonly template: CheckedTemplate | undefined;
  private readonly fieldsUnknown: boolean;
  private rows = 0;
  /** Lines with something on them, readable or not: what the member would call examples. */
  private contentLines = 0;
  private pendingTrain: string[] = [];
  stopped = false;
  /** Where in the stream a line stopped the validation. */
  stoppedAt: number | undefined;
  splitter: LineSplitter | undefined;

  constructor(private readonly options: ValidateOptions) {
    this.requested = options.format && options.format !== 'auto' ? options.format : null;
    this.format = this.requested;
    let template: CheckedTemplate | undefined;
    if (options.template !== undefined && options.template !== null) {
      const checked = checkTemplate(options.template);
      checked.issues.forEach((i) => this.error(i));
      template = checked.template;
    }
    this.template = template;
    // A broken template.json leaves the instruction fields unknown: rows are then only checked to
    // be JSON objects, rather than flagged for lacking fields the member never meant to use.
    this.fieldsUnknown = template === undefined && options.template !== undefined && options.template !== null;
    this.fields = template?.fields ?? DEFAULT_INSTRUCTION_FIELDS;
    this.observer = new RowObserver(this.fields, options.limits, this.warnings, this.organizerWarnings, options.hiddenQuestions);
  }

  error(issue: DatasetIssue): void {
    this.errors.add(issue);
  }

  problem(line: number, problem: LineProblem, byteLength: number, column: number | undefined): void {
    if (this.stopped) return;
    this.contentLines++;
    this.error(E.lineProblem(line, problem, byteLength, this.options.limits.maxLineBytes, column));
  }

  batch(text: string): void {
    this.observer.batch(text);
  }

  line(line: number, text: string, bytes: DataView, start: number, end: number, offset: number): void {
    if (this.stopped || !hasText(text)) return; // blank lines are allowed, and skipped
    this.contentLines++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (this.contentLines === 1 && text.trimStart().startsWith('[')) return this.stopAtLine(E.jsonArray(line));
      const p = diagnoseJson(text);
      this.error(E.invalidJson(line, p.index + 1, p.message, p.hint));
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      if (this.contentLines === 1 && Array.isArray(value)) return this.stopAtLine(E.jsonArray(line));
      this.error(E.notAnObject(line, Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`));
      return;
    }
    const row = value as Row;
    // Most rows of most files: instruction, optional context, response, all text. Named property
    // reads and no per-field loop make this path several times cheaper than the general one.
    const plain = !this.fields.fromTemplate && isPlainInstructionRow(row);
    const rowFormat = plain ? 'instruction' : detectFormat(row, this.fields) ?? (this.fieldsUnknown ? 'instruction' : null);
    if (!rowFormat) return this.error(unknownRowIssue(row, line, this.fields));
    if (this.requested && rowFormat !== this.requested) return this.error(E.formatMismatch(line, rowFormat, this.requested));
    if (!this.format) {
      this.format = rowFormat;
      this.formatLine = line;
      if (rowFormat === 'chat' && this.template) this.warnings.add(W.templateIgnored());
    } else if (rowFormat !== this.format) {
      return this.error(E.mixedFormats(line, rowFormat, this.format, this.formatLine || line));
    }
    if (!this.formatLine) this.formatLine = line;
    const problems = plain || (this.fieldsUnknown && rowFormat === 'instruction') ? NO_PROBLEMS
      : rowFormat === 'instruction' ? checkInstructionRow(row, line, this.fields) : checkChatRow(row, line);
    if (problems.length) {
      for (const p of problems) this.error(p);
      return;
    }
    this.rows++;
    if (this.rows === this.options.limits.maxRows + 1) this.error(E.tooManyRows(line, this.options.limits.maxRows));
    this.observer.observe(row, rowFormat, plain, line, text, bytes, start, end, offset);
    if (this.errors.count === 0 && this.options.onTrainLine) this.pendingTrain.push(trainLine(row, rowFormat, this.fields));
  }

  stopWith(issue: DatasetIssue): void {
    this.error(issue);
    this.stopped = true;
  }

  private stopAtLine(issue: DatasetIssue): void {
    this.stoppedAt = this.splitter?.lineEnd;
    this.stopWith(issue);
  }

  get hasTrainLines(): boolean {
    return this.pendingTrain.length > 0;
  }

  async flushTrainLines(): Promise<void> {
    if (!this.pendingTrain.length) return;
    const lines = this.pendingTrain;
    this.pendingTrain = [];
    const sink = this.options.onTrainLine!;
    for (const l of lines) {
      const pending = sink(l);
      if (pending) await pending;
    }
  }

  finish(bytes: number): ValidationReport {
    const stats = this.observer.finish();
    const { minRows } = this.options.limits;
    if (this.contentLines === 0 && this.errors.count === 0) this.error(E.emptyFile());
    else if (this.contentLines > 0 && this.contentLines < minRows && !this.stopped) this.error(E.tooFewRows(this.contentLines, minRows));
    return {
      valid: this.errors.count === 0,
      format: this.format,
      rows: this.rows,
      errors: this.errors.listed,
      errorCount: this.errors.count,
      warnings: this.warnings.listed,
      warningCount: this.warnings.count,
      stats: { rows: this.rows, ...stats, bytes },
      organizerWarnings: this.organizerWarnings.listed,
      organizerWarningCount: this.organizerWarnings.count,
      ...(this.template && this.format !== 'chat' ? { template: { prompt: this.template.prompt, completion: this.template.completion } } : {}),
    };
  }
}
