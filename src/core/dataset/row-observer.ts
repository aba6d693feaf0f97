import { DuplicateFinder } from './duplicates';
import { chatTurns, type InstructionFields, type Row } from './formats';
import type { IssueList } from './issue-list';
import { type HiddenOverlap, HiddenQuestionIndex } from './leakage';
import type { Line } from './line-reader';
import type { ShingleSketch } from './minhash';
import { type DatasetFormat, type DatasetIssue, type DatasetLimits, type DatasetStats, MAX_LISTED } from './report';
import { findSensitive, gateHits, SensitiveGates, type SensitiveKind } from './sensitive-data';
import { estimateTokens, TokenStats } from './stats';
import * as W from './warnings';

/** Most fields reported as unused: after that, a file with many odd keys stops costing a check per row. */
const MAX_IGNORED_FIELDS = 20;

export interface ObserverOptions {
  fields: InstructionFields;
  limits: DatasetLimits;
  warnings: IssueList;
  organizerWarnings: IssueList;
  hiddenQuestions?: string[];
}

/** What rows that passed the checks teach: token statistics, duplicates, warnings, the leakage check. */
export class RowObserver {
  private readonly stats = new TokenStats();
  private readonly duplicates = new DuplicateFinder();
  private readonly hidden: HiddenQuestionIndex | undefined;
  private readonly sensitiveGates = new SensitiveGates();
  private readonly sensitiveFound = new Set<SensitiveKind>();
  private readonly ignoredFields = new Set<string>();
  private readonly fields: InstructionFields;
  private readonly totals;
  /** UTF-8 bytes of the line past one per UTF-16 unit not yet found in its texts (any \u escape: all). */
  private surplus = 0;
  private batchEscapes = false; // whether the last batch has a \u escape: if not, its lines need no search

  constructor(private readonly options: ObserverOptions) {
    this.fields = options.fields;
    // Created in display order.
    for (const field of ['instruction', 'context', 'response']) this.stats.field(field);
    this.totals = this.stats.field('total');
    const questions = options.hiddenQuestions?.filter((q) => typeof q === 'string' && q.trim()) ?? [];
    const index = questions.length ? new HiddenQuestionIndex(questions) : undefined;
    this.hidden = index?.shingleCounts.some((n) => n > 0) ? index : undefined;
  }

  batch(text: string): void {
    this.sensitiveGates.scan(text);
    this.batchEscapes = text.includes('\\u');
  }

  observe(row: Row, format: DatasetFormat, line: Line): void {
    const { number, text } = line;
    this.duplicates.addRow(line.bytes, line.start, line.end, number);
    const escapes = (line.offset < 0 || this.batchEscapes) && text.includes('\\u');
    this.surplus = escapes ? Number.POSITIVE_INFINITY : line.end - line.start - text.length;
    if (this.surplus > 0 && W.BIDI_CONTROL.test(text)) this.options.warnings.add(W.bidiControl(number));
    const near = this.duplicates.nearRow();
    const total = format === 'instruction' ? this.instructionRow(row, number, near) : this.chatRow(row, number, near);
    if (near) this.duplicates.endNearRow();
    this.totals.add(total);
    const maxTokens = this.options.limits.maxInputTokens;
    if (maxTokens && total > maxTokens) this.options.warnings.add(W.tooManyTokens(number, total, maxTokens));
    // A line decoded on its own (offset < 0) was not part of a batch search: it gets its own.
    const gates = this.sensitiveGates;
    if (line.offset < 0 ? gateHits(text).length > 0 : gates.fired(line.offset, text.length)) {
      findSensitive(text, this.sensitiveFound);
      for (const kind of this.sensitiveFound) this.options.warnings.add(W.sensitive(number, kind));
      this.sensitiveFound.clear();
    }
    if (this.ignoredFields.size < MAX_IGNORED_FIELDS) this.noteIgnoredFields(row, format, number);
    if (this.hidden) this.checkLeakage(row, format, number);
  }

  private tokens(text: string): number {
    if (this.surplus === 0) return estimateTokens(text.length);
    const bytes = utf8Length(text, this.surplus);
    this.surplus -= bytes - text.length;
    return estimateTokens(bytes);
  }

  /** Counts the row's tokens and looks at its texts; returns its total. */
  private instructionRow(row: Row, line: number, near: ShingleSketch | undefined): number {
    let total = 0;
    let shortWords = 0;
    let shortField = '';
    for (const f of this.fields.all) {
      const v = row[f];
      if (typeof v !== 'string' || v.length === 0) continue;
      const tokens = this.tokens(v);
      this.stats.field(f).add(tokens);
      total += tokens;
      near?.add(v);
      if (!shortWords && this.fields.completion.includes(f)) {
        shortWords = W.shortAnswerWords(v);
        shortField = this.fields.fromTemplate ? `"${f}"` : 'response';
      }
    }
    if (shortWords) this.options.warnings.add(W.shortAnswer(line, shortWords, shortField));
    return total;
  }

  private chatRow(row: Row, line: number, near: ShingleSketch | undefined): number {
    const tokens = { system: 0, user: 0, assistant: 0 };
    let shortWords = 0;
    for (const t of chatTurns(row)) {
      tokens[t.role] += this.tokens(t.content);
      if (t.role === 'assistant' && !shortWords) shortWords = W.shortAnswerWords(t.content);
      near?.add(t.content);
    }
    if (tokens.system) this.stats.field('system').add(tokens.system);
    this.stats.field('user').add(tokens.user);
    this.stats.field('assistant').add(tokens.assistant);
    if (shortWords) this.options.warnings.add(W.shortAnswer(line, shortWords, 'assistant answer'));
    return tokens.system + tokens.user + tokens.assistant;
  }

  private noteIgnoredFields(row: Row, format: DatasetFormat, line: number): void {
    for (const key in row) {
      const used = format === 'chat' ? key === 'messages' || key === 'dialog' : this.fields.all.includes(key);
      if (used || this.ignoredFields.has(key)) continue;
      this.ignoredFields.add(key);
      this.options.warnings.add(W.ignoredField(line, key));
    }
  }

  /** For organizers: the prompt that contains a hidden question most, if any does. */
  private checkLeakage(row: Row, format: DatasetFormat, line: number): void {
    const hidden = this.hidden!;
    const prompts =
      format === 'instruction'
        ? this.fields.prompt.map((f) => row[f]).filter((v): v is string => typeof v === 'string')
        : chatTurns(row)
            .filter((t) => t.role === 'user')
            .map((t) => t.content);
    let best: HiddenOverlap | undefined;
    for (const prompt of prompts) {
      const found = hidden.overlap(prompt);
      if (found && (!best || found.containment > best.containment)) best = found;
    }
    if (best) this.options.organizerWarnings.add(W.hiddenOverlap(line, best, hidden.questions[best.question]!));
  }

  /** Finds the duplicates (known only now that every row is in) and returns the statistics. */
  finish(): Omit<DatasetStats, 'rows' | 'bytes'> {
    const repeats = this.duplicates.finish();
    const listed: DatasetIssue[] = [];
    let exact = 0;
    for (const r of repeats) {
      if (r.percent === undefined) exact++;
      if (listed.length < MAX_LISTED)
        listed.push(
          r.percent === undefined ? W.exactDuplicate(r.line, r.of) : W.nearDuplicate(r.line, r.of, r.percent),
        );
    }
    this.options.warnings.merge(listed, repeats.length);
    return {
      tokens: this.stats.summary(),
      exactDuplicates: exact,
      nearDuplicates: repeats.length - exact,
      nearDuplicateRowsChecked: this.duplicates.nearChecked,
    };
  }
}

const NON_ASCII = /[^\0-\x7f]/;
/** UTF-8 length of text, looking no further once `surplus` extra bytes are found; lone surrogates count two. */
function utf8Length(s: string, surplus: number): number {
  let n = s.length;
  for (let i = s.search(NON_ASCII); i >= 0 && i < s.length && n - s.length < surplus; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return n;
}
