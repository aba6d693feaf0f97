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
import { type Line, type LineProblem, type LineSink, LineSplitter } from './line-reader';
import type { DatasetFormat, DatasetIssue, ValidateOptions, ValidationReport } from './report';
import { RowObserver } from './row-observer';
import { type CheckedTemplate, checkTemplate } from './template';
import * as W from './warnings';

/**
 * Stream-validates a dataset in bounded memory: any bytes yield a report. Errors from reading
 * `input` or from `onTrainLine` are not about the data and propagate.
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
    await v.flushTrainLines();
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
    const checked = options.template !== undefined && options.template !== null && checkTemplate(options.template);
    for (const i of checked ? checked.issues : []) this.error(i);
    this.template = checked ? checked.template : undefined;
    // A broken template.json leaves the fields unknown: rows are then only checked to be objects.
    this.fieldsUnknown = !!checked && !this.template;
    this.fields = this.template?.fields ?? DEFAULT_INSTRUCTION_FIELDS;
    this.observer = new RowObserver({
      fields: this.fields,
      limits: options.limits,
      warnings: this.warnings,
      organizerWarnings: this.organizerWarnings,
      hiddenQuestions: options.hiddenQuestions,
    });
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

  line(view: Line): void {
    const { number: line, text } = view;
    if (this.stopped || !hasText(text)) return; // blank lines are allowed, and skipped
    this.contentLines++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // No line with a NUL byte is valid JSON: they are looked for only here.
      const nul = text.indexOf('\0');
      if (nul >= 0)
        return this.error(
          E.lineProblem(line, 'NUL_BYTE', view.end - view.start, this.options.limits.maxLineBytes, nul + 1),
        );
      if (this.contentLines === 1 && text.trimStart().startsWith('[')) return this.stopAtLine(E.jsonArray(line));
      const p = diagnoseJson(text);
      return this.error(E.invalidJson(line, p.index + 1, p.message, p.hint));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      if (this.contentLines === 1 && Array.isArray(value)) return this.stopAtLine(E.jsonArray(line));
      return this.error(
        E.notAnObject(line, Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`),
      );
    }
    const row = value as Row;
    const format = detectFormat(row, this.fields) ?? (this.fieldsUnknown ? 'instruction' : null);
    if (!format) return this.error(unknownRowIssue(row, line, this.fields));
    if (this.requested && format !== this.requested) return this.error(E.formatMismatch(line, format, this.requested));
    if (!this.format) {
      this.format = format;
      this.formatLine = line;
      if (format === 'chat' && this.template) this.warnings.add(W.templateIgnored());
    } else if (format !== this.format)
      return this.error(E.mixedFormats(line, format, this.format, this.formatLine || line));
    if (!this.formatLine) this.formatLine = line;
    if (!this.fieldsUnknown || format === 'chat') {
      const problems = format === 'instruction' ? checkInstructionRow(row, line, this.fields) : checkChatRow(row, line);
      for (const p of problems) this.error(p);
      if (problems.length) return;
    }
    this.rows++;
    if (this.rows === this.options.limits.maxRows + 1) this.error(E.tooManyRows(line, this.options.limits.maxRows));
    this.observer.observe(row, format, view);
    if (this.errors.count === 0 && this.options.onTrainLine)
      this.pendingTrain.push(trainLine(row, format, this.fields));
  }

  stopWith(issue: DatasetIssue): void {
    this.error(issue);
    this.stopped = true;
  }

  private stopAtLine(issue: DatasetIssue): void {
    this.stoppedAt = this.splitter?.lineEnd;
    this.error(issue);
    this.stopped = true;
  }

  /** Hands the train.jsonl lines of the rows read so far to onTrainLine, in one call. */
  async flushTrainLines(): Promise<void> {
    if (!this.pendingTrain.length) return;
    const lines = this.pendingTrain.join('');
    this.pendingTrain = [];
    await this.options.onTrainLine!(lines);
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
