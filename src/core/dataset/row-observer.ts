import type { ByteText } from './byte-text';
import { DuplicateFinder } from './duplicates';
import { chatTurns, type InstructionFields, type Row } from './formats';
import type { IssueList } from './issue-list';
import { type HiddenOverlap, HiddenQuestionIndex } from './leakage';
import { hasRawUnits, isAsciiText, isTrimmedSpace, utf8Length } from './raw-text';
import { type DatasetFormat, type DatasetIssue, type DatasetLimits, type DatasetStats, MAX_LISTED } from './report';
import { RowFingerprint } from './row-fingerprint';
import { findSensitive, SensitiveGates, type SensitiveKind } from './sensitive-data';
import { ShingleSketch } from './shingles';
import { estimateTokens, TokenStats } from './stats';
import * as W from './warnings';

/** Most fields reported as unused: after that, a file with many odd keys stops costing a check per row. */
const MAX_IGNORED_FIELDS = 20;

/**
 * Everything learnt from rows that passed the checks: token statistics, duplicates, and the
 * warnings (short answers, long rows, personal data and secrets, unused fields), plus the
 * organizers' leakage check. Holds nothing per row but fixed-size fingerprints.
 */
export class RowObserver {
  private readonly stats = new TokenStats();
  /** Token counts of the usual fields, held to skip a lookup per row; created in display order. */
  private readonly tokens = {
    instruction: this.stats.field('instruction'),
    context: this.stats.field('context'),
    response: this.stats.field('response'),
    total: this.stats.field('total'),
  };
  private readonly duplicates: DuplicateFinder;
  private readonly fingerprint = new RowFingerprint();
  private readonly leakageSketch: ShingleSketch | undefined;
  private readonly hidden: HiddenQuestionIndex | undefined;
  private readonly sensitiveGates = new SensitiveGates();
  private readonly sensitiveFound = new Set<SensitiveKind>();
  private readonly ignoredFields = new Set<string>();
  /** Keys of the last row checked for ignored fields, in order (the first lastKeyCount). */
  private readonly lastKeys: string[] = [];
  private lastKeyCount = 0;
  /** Whether the current row's values have as many UTF-8 bytes as characters. */
  private lengthIsBytes = true;
  /** Rows that were looked at for near duplicates (all of them until the cap). */
  private nearChecked = 0;

  constructor(
    private readonly fields: InstructionFields,
    private readonly limits: DatasetLimits,
    private readonly warnings: IssueList,
    private readonly organizerWarnings: IssueList,
    hiddenQuestions: string[] | undefined,
    private readonly byteText?: ByteText,
  ) {
    this.duplicates = new DuplicateFinder(byteText);
    const questions = hiddenQuestions?.filter((q) => typeof q === 'string' && q.trim()) ?? [];
    const index = questions.length ? new HiddenQuestionIndex(questions) : undefined;
    this.hidden = index && !index.empty ? index : undefined;
    this.leakageSketch = this.hidden ? new ShingleSketch(byteText) : undefined;
  }

  /** The text of the lines about to come, for the whole-batch searches. */
  batch(text: string): void {
    this.sensitiveGates.scan(text);
  }

  /**
   * A row that passed every check. `plain` rows have text instruction and response (the
   * validator's fast path); `offset` is where the line starts in the last batch, or -1; `raw`
   * rows were read as one character per byte (see raw-text.ts).
   */
  observe(
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
    const fingerprint = this.fingerprint;
    fingerprint.scan(bytes, start, end);
    this.duplicates.addRow(fingerprint, line);
    const checkNear = this.duplicates.takesNearRow();
    if (checkNear) this.nearChecked++;
    // Values' lengths are their UTF-8 lengths for raw text, and for a decoded line of ASCII without \u escapes.
    this.lengthIsBytes = raw || (end - start === text.length && !text.includes('\\u'));
    const total = plain ? this.plainRow(row, line, checkNear, raw) : this.otherRow(row, format, line, checkNear, raw);
    this.tokens.total.add(total);
    if (checkNear) this.duplicates.endNearRow();
    const maxTokens = this.limits.maxInputTokens;
    if (maxTokens && total > maxTokens) this.warnings.add(W.tooManyTokens(line, total, maxTokens));
    // A line decoded on its own (offset < 0) was not part of a batch search: it gets its own.
    if (offset < 0 ? this.sensitiveGates.firesAlone(text) : this.sensitiveGates.fired(offset, text.length)) {
      findSensitive(text, this.sensitiveFound);
      for (const kind of this.sensitiveFound) this.warnings.add(W.sensitive(line, kind));
      this.sensitiveFound.clear();
    }
    if (this.ignoredFields.size < MAX_IGNORED_FIELDS) this.noteIgnoredFields(row, format, line, raw);
    if (this.hidden) this.checkLeakage(row, format, line, raw);
  }

  private bytes(text: string): number {
    return this.lengthIsBytes ? text.length : utf8Length(text);
  }

  private shortAnswerWords(text: string, raw: boolean): number {
    if (!raw) return W.shortAnswerWords(text);
    // Only answers under 2 × SHORT_ANSWER_CHARS UTF-16 units count their words; a unit takes at most 3 bytes.
    const n = text.length;
    const limit = W.SHORT_ANSWER_CHARS * 2;
    if (n >= limit * 3) return 0;
    // Ends that are ASCII and not white space leave nothing to trim: the answer is then short only
    // under SHORT_ANSWER_CHARS units, and 3 × SHORT_ANSWER_CHARS bytes hold at least that many.
    const untrimmed = isUntrimmedAscii(text.charCodeAt(0)) && isUntrimmedAscii(text.charCodeAt(n - 1));
    if (untrimmed && n >= W.SHORT_ANSWER_CHARS * 3) return 0;
    // One call site for both cases: a call first made mid-file would send the row loop back to the interpreter.
    const units = untrimmed ? W.SHORT_ANSWER_CHARS : limit;
    if (n >= units && hasRawUnits(text, units)) return 0;
    return W.shortAnswerWords(isAsciiText(text) ? text : this.byteText!.decodeLatin1(text));
  }

  /** Named property reads and no loop: several times cheaper than otherRow. Returns the row's tokens. */
  private plainRow(row: Row, line: number, checkNear: boolean, raw: boolean): number {
    const instruction = row.instruction as string;
    const context = row.context;
    const response = row.response as string;
    const ti = estimateTokens(this.bytes(instruction));
    const tr = estimateTokens(this.bytes(response));
    this.tokens.instruction.add(ti);
    let total = ti + tr;
    const near = checkNear ? this.duplicates.nearTexts : undefined;
    near?.add(instruction, raw);
    if (typeof context === 'string' && context.length) {
      const tc = estimateTokens(this.bytes(context));
      this.tokens.context.add(tc);
      total += tc;
      near?.add(context, raw);
    }
    this.tokens.response.add(tr);
    near?.add(response, raw);
    const words = this.shortAnswerWords(response, raw);
    if (words) this.warnings.add(W.shortAnswer(line, words, 'response'));
    return total;
  }

  private otherRow(row: Row, format: DatasetFormat, line: number, checkNear: boolean, raw: boolean): number {
    const near = checkNear ? this.duplicates.nearTexts : undefined;
    let total = 0;
    let shortWords = 0;
    let shortField = '';
    if (format === 'instruction') {
      for (const f of this.fields.all) {
        const v = row[f];
        if (typeof v !== 'string' || v.length === 0) continue;
        const tokens = estimateTokens(this.bytes(v));
        this.stats.add(f, tokens);
        total += tokens;
        near?.add(v, raw);
        if (!shortWords && this.fields.completion.includes(f)) {
          shortWords = this.shortAnswerWords(v, raw);
          shortField = this.fields.fromTemplate ? `"${f}"` : 'response';
        }
      }
    } else {
      let system = 0,
        user = 0,
        assistant = 0;
      for (const t of chatTurns(row)) {
        const tokens = estimateTokens(this.bytes(t.content));
        if (t.role === 'system') system += tokens;
        else if (t.role === 'user') user += tokens;
        else {
          assistant += tokens;
          if (!shortWords) {
            shortWords = this.shortAnswerWords(t.content, raw);
            shortField = 'assistant answer';
          }
        }
        near?.add(t.content, raw);
      }
      if (system) this.stats.add('system', system);
      this.stats.add('user', user);
      this.stats.add('assistant', assistant);
      total = system + user + assistant;
    }
    if (shortWords) this.warnings.add(W.shortAnswer(line, shortWords, shortField));
    return total;
  }

  private noteIgnoredFields(row: Row, format: DatasetFormat, line: number, raw: boolean): void {
    // Rows of a file mostly share their keys, in order: the same keys as the last row need no lookups.
    const last = this.lastKeys;
    const lastCount = this.lastKeyCount;
    let k = 0;
    let same = true;
    for (const key in row) {
      if (same && k < lastCount && key === last[k]) {
        k++;
        continue;
      }
      same = false;
      last[k++] = key;
      const used = format === 'chat' ? key === 'messages' || key === 'dialog' : this.fields.all.includes(key);
      if (used) continue;
      const name = raw ? this.byteText!.decodeLatin1(key) : key;
      if (this.ignoredFields.has(name)) continue;
      this.ignoredFields.add(name);
      this.warnings.add(W.ignoredField(line, name));
    }
    this.lastKeyCount = k;
  }

  private checkLeakage(row: Row, format: DatasetFormat, line: number, raw: boolean): void {
    const hidden = this.hidden!;
    let best: HiddenOverlap | undefined;
    const prompts =
      format === 'instruction'
        ? this.fields.prompt.map((f) => row[f]).filter((v): v is string => typeof v === 'string')
        : chatTurns(row)
            .filter((t) => t.role === 'user')
            .map((t) => t.content);
    for (const prompt of prompts) {
      hidden.begin();
      this.leakageSketch!.reset();
      this.leakageSketch!.add(prompt, hidden, raw);
      const found = hidden.end();
      if (found && (!best || found.containment > best.containment)) best = found;
    }
    if (best) this.organizerWarnings.add(W.hiddenOverlap(line, best, hidden.questions[best.question]!));
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
    const near = repeats.length - exact;
    this.warnings.merge(listed, exact + near);
    return {
      tokens: this.stats.summary(),
      exactDuplicates: exact,
      nearDuplicates: near,
      nearDuplicateRowsChecked: this.nearChecked,
    };
  }
}

/** An ASCII character that String.prototype.trim keeps (false past the end of a text). */
function isUntrimmedAscii(c: number): boolean {
  return c < 0x80 && !isTrimmedSpace(c);
}
