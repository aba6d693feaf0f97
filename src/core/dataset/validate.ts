import type { ByteText } from './byte-text';
import * as E from './error-messages';
import {
  checkChatRow,
  checkInstructionRow,
  DEFAULT_INSTRUCTION_FIELDS,
  detectFormat,
  hasText,
  type InstructionFields,
  type Row,
  trainLine,
  unknownRowIssue,
} from './formats';
import { IssueList } from './issue-list';
import { diagnoseJson } from './json-diagnosis';
import { type LineProblem, type LineSink, LineSplitter } from './line-reader';
import { hasRawText, isAsciiText } from './raw-text';
import type { DatasetFormat, DatasetIssue, ValidateOptions, ValidationReport } from './report';
import { RowObserver } from './row-observer';
import { type CheckedTemplate, checkTemplate } from './template';
import * as W from './warnings';

/**
 * Stream-validates a dataset. Any byte string yields a report (this never throws because of the
 * data); memory stays bounded whatever the file size; every error names its line and says what
 * to do. Errors from reading `input` or from `onTrainLine` are not about the data and propagate.
 */
export async function validateDataset(
  input: AsyncIterable<Uint8Array>,
  options: ValidateOptions,
): Promise<ValidationReport> {
  const v = new DatasetValidator(options);
  const { maxBytes, maxLineBytes } = options.limits;
  if (options.sizeBytes !== undefined && options.sizeBytes > maxBytes) {
    v.error(E.fileTooLarge(options.sizeBytes, maxBytes));
    return v.finish(0);
  }
  const splitter = new LineSplitter(maxLineBytes, v, v.byteText, true); // line() reports NUL bytes
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

function isPlainInstructionRow(row: Row, raw: boolean): boolean {
  const { instruction, response, context } = row;
  // Property reads rather than `in`: rows of a file share one shape, so an absent key is a cached miss.
  return (
    typeof instruction === 'string' &&
    typeof response === 'string' &&
    (raw ? hasRawText(instruction) && hasRawText(response) : hasText(instruction) && hasText(response)) &&
    (context === undefined || context === null || typeof context === 'string') &&
    row.messages === undefined &&
    row.dialog === undefined
  );
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
  /** Raw train.jsonl lines that follow pendingTrain: decoded together, one call per batch rather than per row. */
  private rawTrain: string[] = [];
  /** Given to the line splitter: lines then come as raw text (see raw-text.ts) where they can. */
  readonly byteText: ByteText | undefined;
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
      for (const i of checked.issues) this.error(i);
      template = checked.template;
    }
    this.template = template;
    // A broken template.json leaves the instruction fields unknown: rows are then only checked to
    // be JSON objects, rather than flagged for lacking fields the member never meant to use.
    this.fieldsUnknown = template === undefined && options.template !== undefined && options.template !== null;
    this.fields = template?.fields ?? DEFAULT_INSTRUCTION_FIELDS;
    this.observer = new RowObserver(
      this.fields,
      options.limits,
      this.warnings,
      this.organizerWarnings,
      options.hiddenQuestions,
      options.byteText,
    );
    // Raw rows are looked up by field name: a field past ASCII would need its byte form too.
    this.byteText = this.fields.all.every(isAsciiText) ? options.byteText : undefined;
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

  line(line: number, text: string, bytes: DataView, start: number, end: number, offset: number, raw: boolean): void {
    if (this.stopped) return;
    if (raw) {
      if (this.rawLine(line, text, bytes, start, end, offset)) return;
      text = this.byteText!.decodeLatin1(text); // anything to report is reported from the decoded text
      offset = -1;
    }
    if (!hasText(text)) return; // blank lines are allowed, and skipped
    this.contentLines++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // The splitter leaves NUL bytes to this check: no line with one is valid JSON.
      const nul = text.indexOf('\0');
      if (nul >= 0)
        return this.error(E.lineProblem(line, 'NUL_BYTE', end - start, this.options.limits.maxLineBytes, nul + 1));
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
    const plain = this.isPlain(row, false);
    const rowFormat = this.formatOf(row, plain);
    if (!rowFormat) return this.error(unknownRowIssue(row, line, this.fields));
    if (this.requested && rowFormat !== this.requested)
      return this.error(E.formatMismatch(line, rowFormat, this.requested));
    if (!this.format) this.setFormat(rowFormat, line);
    else if (rowFormat !== this.format)
      return this.error(E.mixedFormats(line, rowFormat, this.format, this.formatLine || line));
    if (!this.formatLine) this.formatLine = line;
    const problems = this.rowProblems(row, line, rowFormat, plain, false);
    if (problems.length) {
      for (const p of problems) this.error(p);
      return;
    }
    this.accept(row, rowFormat, plain, line, text, bytes, start, end, offset, false);
  }

  /**
   * The fast path: a line as raw text, taken only if it is blank or a good row (with the same
   * checks as above); anything else returns false, to be read again decoded, which reports it.
   */
  private rawLine(line: number, text: string, bytes: DataView, start: number, end: number, offset: number): boolean {
    if (!hasRawText(text)) return true;
    let value: unknown;
    try {
      value = JSON.parse(text); // valid for raw text exactly when valid decoded: bytes past ASCII only stand in strings
    } catch {
      return false;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const row = value as Row;
    const plain = this.isPlain(row, true);
    const rowFormat = this.formatOf(row, plain);
    if (!rowFormat || (this.requested && rowFormat !== this.requested) || (this.format && rowFormat !== this.format))
      return false;
    if (this.rowProblems(row, line, rowFormat, plain, true).length) return false;
    this.contentLines++;
    if (!this.format) this.setFormat(rowFormat, line);
    if (!this.formatLine) this.formatLine = line;
    this.accept(row, rowFormat, plain, line, text, bytes, start, end, offset, true);
    return true;
  }

  /**
   * Most rows of most files: instruction, optional context, response, all text. Named property
   * reads and no per-field loop make this path several times cheaper than the general one.
   */
  private isPlain(row: Row, raw: boolean): boolean {
    return !this.fields.fromTemplate && isPlainInstructionRow(row, raw);
  }

  private formatOf(row: Row, plain: boolean): DatasetFormat | null {
    return plain ? 'instruction' : (detectFormat(row, this.fields) ?? (this.fieldsUnknown ? 'instruction' : null));
  }

  /** The row's own problems (none, without allocating, for a good row). */
  private rowProblems(row: Row, line: number, format: DatasetFormat, plain: boolean, raw: boolean): DatasetIssue[] {
    if (plain || (this.fieldsUnknown && format === 'instruction')) return NO_PROBLEMS;
    return format === 'instruction' ? checkInstructionRow(row, line, this.fields, raw) : checkChatRow(row, line, raw);
  }

  private setFormat(format: DatasetFormat, line: number): void {
    this.format = format;
    this.formatLine = line;
    if (format === 'chat' && this.template) this.warnings.add(W.templateIgnored());
  }

  /** A row that passed every check. */
  private accept(
    row: Row,
    format: DatasetFormat,
    plain: boolean,
    line: number,
    text: string,
    bytes: DataView,
    start: number,
    end: number,
    offset: number,
    raw: boolean,
  ): void {
    this.rows++;
    if (this.rows === this.options.limits.maxRows + 1) this.error(E.tooManyRows(line, this.options.limits.maxRows));
    this.observer.observe(row, format, plain, line, text, bytes, start, end, offset, raw);
    if (this.errors.count === 0 && this.options.onTrainLine) {
      const train = trainLine(row, format, this.fields);
      if (raw) this.rawTrain.push(train);
      else {
        this.decodeRawTrain();
        this.pendingTrain.push(train);
      }
    }
  }

  stopWith(issue: DatasetIssue): void {
    this.error(issue);
    this.stopped = true;
  }

  private stopAtLine(issue: DatasetIssue): void {
    this.stoppedAt = this.splitter?.lineEnd;
    this.stopWith(issue);
  }

  private decodeRawTrain(): void {
    if (!this.rawTrain.length) return;
    this.pendingTrain.push(this.byteText!.decodeLatin1(this.rawTrain.join('')));
    this.rawTrain = [];
  }

  get hasTrainLines(): boolean {
    return this.pendingTrain.length > 0 || this.rawTrain.length > 0;
  }

  async flushTrainLines(): Promise<void> {
    this.decodeRawTrain();
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
    else if (this.contentLines > 0 && this.contentLines < minRows && !this.stopped)
      this.error(E.tooFewRows(this.contentLines, minRows));
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
      ...(this.template && this.format !== 'chat'
        ? { template: { prompt: this.template.prompt, completion: this.template.completion } }
        : {}),
    };
  }
}
