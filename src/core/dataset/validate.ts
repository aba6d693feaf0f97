import { DuplicateFinder } from './duplicates';
import * as E from './error-messages';
import { chatTurns, checkChatRow, checkInstructionRow, DEFAULT_INSTRUCTION_FIELDS, detectFormat, hasText, trainLine, unknownRowIssue, type InstructionFields, type Row } from './formats';
import { diagnoseJson } from './json-diagnosis';
import { HiddenQuestionIndex } from './leakage';
import { LineSplitter, type LineProblem, type LineSink } from './line-reader';
import { MAX_LISTED, type DatasetFormat, type DatasetIssue, type ValidateOptions, type ValidationReport } from './report';
import { RowFingerprint } from './row-fingerprint';
import { findSensitive, SensitiveGates, type SensitiveKind } from './sensitive-data';
import { ShingleSketch } from './shingles';
import { estimateTokens, TokenStats } from './stats';
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
  return v.finish(splitter.bytesRead);
}

const NO_PROBLEMS: DatasetIssue[] = [];

function isPlainInstructionRow(row: Row): boolean {
  const { instruction, response, context } = row;
  return typeof instruction === 'string' && typeof response === 'string' && hasText(instruction) && hasText(response)
    && (context === undefined || context === null || typeof context === 'string')
    && !('messages' in row) && !('dialog' in row);
}

class DatasetValidator implements LineSink {
  private readonly errors: DatasetIssue[] = [];
  private readonly warnings: DatasetIssue[] = [];
  private readonly organizerWarnings: DatasetIssue[] = [];
  private errorCount = 0;
  private warningCount = 0;
  private organizerWarningCount = 0;
  private format: DatasetFormat | null;
  private formatLine = 0;
  private readonly requested: DatasetFormat | null;
  private readonly fields: InstructionFields;
  private readonly template: CheckedTemplate | undefined;
  private rows = 0;
  /** Lines with something on them, readable or not: what the member would call examples. */
  private contentLines = 0;
  private exactDuplicateCount = 0;
  private nearDuplicateCount = 0;
  /** Rows that were looked at for near duplicates (all of them until the cap). */
  private nearChecked = 0;
  private readonly stats = new TokenStats();
  /** Reservoirs of the usual fields, held to skip a lookup per row; created in display order. */
  private readonly tokens = {
    instruction: this.stats.field('instruction'),
    context: this.stats.field('context'),
    response: this.stats.field('response'),
    total: this.stats.field('total'),
  };
  private readonly duplicates = new DuplicateFinder();
  private readonly sketch = new ShingleSketch();
  private readonly leakageSketch = new ShingleSketch();
  private readonly hidden: HiddenQuestionIndex | undefined;
  private readonly ignoredFields = new Set<string>();
  private readonly sensitiveFound = new Set<SensitiveKind>();
  private readonly sensitiveGates = new SensitiveGates();
  private readonly fingerprint = new RowFingerprint();
  private pendingTrain: string[] = [];
  stopped = false;

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
    this.fields = template?.fields ?? DEFAULT_INSTRUCTION_FIELDS;
    const questions = options.hiddenQuestions?.filter((q) => typeof q === 'string' && q.trim()) ?? [];
    const index = questions.length ? new HiddenQuestionIndex(questions) : undefined;
    this.hidden = index && !index.empty ? index : undefined;
  }

  error(issue: DatasetIssue): void {
    this.errorCount++;
    if (this.errors.length < MAX_LISTED) this.errors.push(issue);
  }

  private warn(issue: DatasetIssue): void {
    this.warningCount++;
    if (this.warnings.length < MAX_LISTED) this.warnings.push(issue);
  }

  problem(line: number, problem: LineProblem, byteLength: number, column: number | undefined): void {
    if (this.stopped) return;
    this.contentLines++;
    this.error(E.lineProblem(line, problem, byteLength, this.options.limits.maxLineBytes, column));
  }

  batch(text: string): void {
    this.sensitiveGates.scan(text);
  }

  line(line: number, text: string, bytes: DataView, start: number, end: number, offset: number): void {
    if (this.stopped || !hasText(text)) return; // blank lines are allowed, and skipped
    this.contentLines++;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      if (this.contentLines === 1 && text.trimStart().startsWith('[')) return this.stopWith(E.jsonArray(line));
      const p = diagnoseJson(text);
      this.error(E.invalidJson(line, p.index + 1, p.message, p.hint));
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      if (this.contentLines === 1 && Array.isArray(value)) return this.stopWith(E.jsonArray(line));
      this.error(E.notAnObject(line, Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value}`));
      return;
    }
    const row = value as Row;
    // Most rows of most files: instruction, optional context, response, all text. Named property
    // reads and no per-field loop make this path several times cheaper than the general one.
    const plain = !this.fields.fromTemplate && isPlainInstructionRow(row);
    const rowFormat = plain ? 'instruction' : detectFormat(row, this.fields);
    if (!rowFormat) return this.error(unknownRowIssue(row, line, this.fields));
    if (this.requested && rowFormat !== this.requested) return this.error(E.formatMismatch(line, rowFormat, this.requested));
    if (!this.format) {
      this.format = rowFormat;
      this.formatLine = line;
      if (rowFormat === 'chat' && this.template) this.warn(W.templateIgnored());
    } else if (rowFormat !== this.format) {
      return this.error(E.mixedFormats(line, rowFormat, this.format, this.formatLine || line));
    }
    if (!this.formatLine) this.formatLine = line;
    const problems = plain ? NO_PROBLEMS : rowFormat === 'instruction' ? checkInstructionRow(row, line, this.fields) : checkChatRow(row, line);
    if (problems.length) {
      for (const p of problems) this.error(p);
      return;
    }
    this.rows++;
    if (this.rows === this.options.limits.maxRows + 1) this.error(E.tooManyRows(line, this.options.limits.maxRows));
    this.rowWarnings(row, rowFormat, line, text, bytes, start, end, offset);
    if (this.errorCount === 0 && this.options.onTrainLine) this.pendingTrain.push(trainLine(row, rowFormat, this.fields));
  }

  /** Warnings and statistics of a row that passed every check. */
  private rowWarnings(row: Row, format: DatasetFormat, line: number, text: string, bytes: DataView, start: number, end: number, offset: number): void {
    const bytesPerChar = (end - start) / text.length;
    const fingerprint = this.fingerprint;
    fingerprint.scan(bytes, start, end);
    this.duplicates.addRow(fingerprint, line);
    const checkNear = this.duplicates.acceptingSignatures;
    if (checkNear) {
      this.sketch.reset();
      this.nearChecked++;
    }
    let total = 0;
    let shortWords = 0;
    let shortField = '';
    if (format === 'instruction' && !this.fields.fromTemplate) {
      const instruction = row.instruction as string;
      const context = row.context;
      const response = row.response as string;
      const t = this.tokens;
      const ti = estimateTokens(instruction.length, bytesPerChar);
      const tr = estimateTokens(response.length, bytesPerChar);
      t.instruction.add(ti);
      total = ti + tr;
      if (checkNear) this.sketch.add(instruction);
      if (typeof context === 'string' && context.length) {
        const tc = estimateTokens(context.length, bytesPerChar);
        t.context.add(tc);
        total += tc;
        if (checkNear) this.sketch.add(context);
      }
      t.response.add(tr);
      if (checkNear) this.sketch.add(response);
      shortWords = W.shortAnswerWords(response);
      shortField = 'response';
    } else if (format === 'instruction') {
      for (const f of this.fields.all) {
        const v = row[f];
        if (typeof v !== 'string' || v.length === 0) continue;
        const tokens = estimateTokens(v.length, bytesPerChar);
        this.stats.add(f, tokens);
        total += tokens;
        if (checkNear) this.sketch.add(v);
      }
      for (const f of this.fields.completion) {
        const words = W.shortAnswerWords(row[f] as string);
        if (words && !shortWords) { shortWords = words; shortField = this.fields.fromTemplate ? `"${f}"` : 'response'; }
      }
    } else {
      let system = 0, user = 0, assistant = 0;
      for (const t of chatTurns(row)) {
        const tokens = estimateTokens(t.content.length, bytesPerChar);
        if (t.role === 'system') system += tokens;
        else if (t.role === 'user') user += tokens;
        else {
          assistant += tokens;
          const words = W.shortAnswerWords(t.content);
          if (words && !shortWords) { shortWords = words; shortField = 'assistant answer'; }
        }
        if (checkNear) this.sketch.add(t.content);
      }
      if (system) this.stats.add('system', system);
      this.stats.add('user', user);
      this.stats.add('assistant', assistant);
      total = system + user + assistant;
    }
    this.tokens.total.add(total);
    if (checkNear) this.duplicates.addSignature(this.sketch);
    if (shortWords) this.warn(W.shortAnswer(line, shortWords, shortField));
    const maxTokens = this.options.limits.maxInputTokens;
    if (maxTokens && total > maxTokens) this.warn(W.tooManyTokens(line, total, maxTokens));
    // A line decoded on its own (offset < 0) was not part of a batch search: it gets its own.
    if (offset < 0) this.sensitiveGates.scan(text);
    if (this.sensitiveGates.fired(Math.max(offset, 0), text.length)) findSensitive(text, this.sensitiveFound);
    if (this.sensitiveFound.size) {
      for (const kind of this.sensitiveFound) this.warn(W.sensitive(line, kind));
      this.sensitiveFound.clear();
    }
    if (this.ignoredFields.size < 20) this.noteIgnoredFields(row, format, line);
    if (this.hidden) this.checkLeakage(row, format, line);
  }

  private noteIgnoredFields(row: Row, format: DatasetFormat, line: number): void {
    for (const key in row) {
      const used = format === 'chat' ? key === 'messages' || key === 'dialog' : this.fields.all.includes(key);
      if (used || this.ignoredFields.has(key)) continue;
      this.ignoredFields.add(key);
      this.warn(W.ignoredField(line, key));
    }
  }

  private checkLeakage(row: Row, format: DatasetFormat, line: number): void {
    const hidden = this.hidden!;
    let best: ReturnType<HiddenQuestionIndex['end']>;
    const consider = (prompt: string) => {
      hidden.begin();
      this.leakageSketch.reset();
      this.leakageSketch.add(prompt, hidden);
      const found = hidden.end();
      if (found && (!best || found.containment > best.containment)) best = found;
    };
    if (format === 'instruction') {
      for (const f of this.fields.prompt) if (typeof row[f] === 'string') consider(row[f] as string);
    } else {
      for (const t of chatTurns(row)) if (t.role === 'user') consider(t.content);
    }
    if (!best) return;
    this.organizerWarningCount++;
    if (this.organizerWarnings.length < MAX_LISTED) this.organizerWarnings.push(W.hiddenOverlap(line, best, hidden.questions[best.question]!));
  }

  stopWith(issue: DatasetIssue): void {
    this.error(issue);
    this.stopped = true;
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

  /** Duplicates are known only once every row is in: merges their warnings with the others, in line order. */
  private addDuplicateWarnings(): void {
    const found = this.duplicates.finish();
    const listed: DatasetIssue[] = [];
    for (let r = 0; r < found.rows; r++) {
      const line = found.lines[r]!;
      let issue: DatasetIssue | undefined;
      if (found.exactOf[r]) {
        this.exactDuplicateCount++;
        issue = W.exactDuplicate(line, found.exactOf[r]!);
      } else if (found.nearOf[r]) {
        this.nearDuplicateCount++;
        issue = W.nearDuplicate(line, found.nearOf[r]!, found.nearPercent[r]!);
      }
      if (!issue) continue;
      this.warningCount++;
      if (listed.length < MAX_LISTED) listed.push(issue);
    }
    if (!listed.length) return;
    const merged = [...listed, ...this.warnings].sort((x, y) => x.line - y.line); // stable: duplicates first on a line
    this.warnings.splice(0, this.warnings.length, ...merged.slice(0, MAX_LISTED));
  }

  finish(bytes: number): ValidationReport {
    this.addDuplicateWarnings();
    const { minRows } = this.options.limits;
    if (this.contentLines === 0 && this.errorCount === 0) this.error(E.emptyFile());
    else if (this.contentLines > 0 && this.contentLines < minRows && !this.stopped) this.error(E.tooFewRows(this.contentLines, minRows));
    return {
      valid: this.errorCount === 0,
      format: this.format,
      rows: this.rows,
      errors: this.errors,
      errorCount: this.errorCount,
      warnings: this.warnings,
      warningCount: this.warningCount,
      stats: {
        rows: this.rows,
        tokens: this.stats.summary(),
        exactDuplicates: this.exactDuplicateCount,
        nearDuplicates: this.nearDuplicateCount,
        nearDuplicateRowsChecked: this.nearChecked,
        bytes,
      },
      organizerWarnings: this.organizerWarnings,
      organizerWarningCount: this.organizerWarningCount,
      ...(this.template && this.format !== 'chat' ? { template: { prompt: this.template.prompt, completion: this.template.completion } } : {}),
    };
  }
}
