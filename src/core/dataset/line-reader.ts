import type { ByteText } from './byte-text';

/** Why a line could not be read as text. */
export type LineProblem = 'INVALID_UTF8' | 'NUL_BYTE' | 'LINE_TOO_LONG';

/** Receives the lines of a byte stream, in order, with 1-based line numbers. */
export interface LineSink {
  /** The decoded text of the complete lines about to be emitted, for checks that search a whole batch at once. */
  batch(text: string): void;
  /**
   * A decoded line, without its line break, a trailing CR, or the file's byte-order mark.
   * `bytes` views the buffer holding its UTF-8 bytes, at `[start, end)`; it is only valid during
   * the call. `offset` is where the line starts in the last `batch` text, or -1 if it came alone.
   * `raw`: the text has one character per byte (see raw-text.ts) and no \u escape.
   */
  line(number: number, text: string, bytes: DataView, start: number, end: number, offset: number, raw: boolean): void;
  /** A line that is not text. `column` is 1-based, in characters, where it is known. */
  problem(number: number, problem: LineProblem, byteLength: number, column: number | undefined): void;
}

const LF = 10;
const CR = 13;
// fatal: invalid UTF-8 throws instead of turning into U+FFFD; ignoreBOM: a BOM is stripped only at the file start, by us.
const newDecoder = () => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8 = newDecoder();

/**
 * Splits a byte stream into lines and decodes them, holding at most one partial line (capped at
 * the line limit) between chunks: memory does not grow with the file.
 *
 * Speed matters (files run to hundreds of MB): the complete lines of a chunk are decoded in one
 * call, like a plain split-and-parse loop would; only a chunk with invalid UTF-8 is decoded line
 * by line, to find the line.
 */
export class LineSplitter {
  private carry = new Uint8Array(1024);
  /** Bytes of the partial line kept in `carry`. */
  private carryLength = 0;
  /** Bytes of the partial line seen, kept or not (a line past the limit is counted, not kept). */
  private carryTotal = 0;
  /** The last of them, kept or not. */
  private carryLastByte = 0;
  private nextLine = 1;
  /**
   * Decodes batches. Node's streaming decode is markedly faster than a one-off decode; each batch
   * ends with its line break, so no partial character is ever held over to the next one.
   */
  private batchDecoder = newDecoder();
  bytesRead = 0;
  /** Offset in the stream just past the line being emitted, its line break included. */
  lineEnd = 0;
  /** Offset in the stream of the chunk being split. */
  private chunkStart = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly sink: LineSink,
    /** With it, batches are validated and read as one character per byte instead of decoded. */
    private readonly byteText?: ByteText,
    /**
     * The sink parses every line as JSON, which no line with a NUL byte passes: NUL bytes are
     * then left to it (it reports them where parsing fails), a search fewer per batch.
     */
    private readonly nulLeftToSink = false,
  ) {}

  /** Lines started so far (the number the next line will get, minus one). */
  get linesSeen(): number {
    return this.nextLine - 1 + (this.carryTotal > 0 ? 1 : 0);
  }

  push(chunk: Uint8Array): void {
    this.chunkStart = this.bytesRead;
    this.bytesRead += chunk.length;
    let start = 0;
    if (this.carryTotal > 0) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) {
        this.keep(chunk, 0, chunk.length);
        return;
      }
      this.keep(chunk, 0, nl);
      this.lineEnd = this.chunkStart + nl + 1;
      this.finishCarried();
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (last >= start) {
      this.batch(chunk, start, last);
      start = last + 1;
    }
    if (start < chunk.length) this.keep(chunk, start, chunk.length);
  }

  /** Emits the last line if the stream did not end with a line break. */
  end(): void {
    this.lineEnd = this.bytesRead;
    if (this.carryTotal > 0) this.finishCarried();
  }

  /** Complete lines in `chunk[start, end)`, where `chunk[end]` is the last line break of the chunk. */
  private batch(chunk: Uint8Array, start: number, end: number): void {
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Including the final line break makes a truncated character at the end an error, not a held-over state.
    const bytes = chunk.subarray(start, end + 1);
    let text: string;
    let raw = false;
    // A \u escape can put a character past ASCII in a value that raw text would take for a byte:
    // such lines are decoded.
    let escapeAt = -1;
    if (this.byteText) {
      if (!this.byteText.isUtf8(bytes)) return this.byteLines(chunk, view, start, end);
      text = this.byteText.latin1(bytes);
      escapeAt = text.indexOf('\\u');
      // ASCII reads the same raw or decoded, so only a batch with an escape needs to know whether
      // it is ASCII (then it is read decoded, escapes and all): one pass fewer for most batches.
      raw = escapeAt < 0 || !this.byteText.isAscii(bytes);
    } else {
      try {
        text = this.batchDecoder.decode(bytes, { stream: true });
      } catch {
        this.batchDecoder = newDecoder();
        return this.byteLines(chunk, view, start, end); // invalid somewhere: decode line by line to find where
      }
    }
    const textEnd = text.length - 1; // without the final line break
    const hasNul = !this.nulLeftToSink && text.indexOf('\0') >= 0;
    // Lines are found twice, in the text (a native search) and in the bytes (they differ once a
    // character takes several bytes; see lineBreakFrom).
    const ascii = raw || textEnd === end - start;
    this.sink.batch(text);
    let from = 0;
    let byteFrom = start;
    for (;;) {
      const nl = text.indexOf('\n', from);
      const last = nl >= textEnd;
      const lineEnd = nl;
      const byteEnd = last ? end : ascii ? start + nl : lineBreakFrom(chunk, byteFrom + nl - from);
      const number = this.nextLine++;
      this.lineEnd = this.chunkStart + byteEnd + 1;
      let to = lineEnd;
      let byteTo = byteEnd;
      if (to > from && text.charCodeAt(to - 1) === CR) {
        to--;
        byteTo--;
      }
      if (number === 1 && (raw ? text.startsWith('\xef\xbb\xbf', from) : text.charCodeAt(from) === 0xfeff)) {
        from += raw ? 3 : 1;
        byteFrom += 3;
      }
      if (byteTo - byteFrom > this.maxLineBytes) {
        this.sink.problem(number, 'LINE_TOO_LONG', byteTo - byteFrom, undefined);
      } else {
        const nul = hasNul ? text.indexOf('\0', from) : -1;
        if (nul >= 0 && nul < to) {
          // The column counts characters: raw text has one per byte.
          const column = raw ? utf8.decode(chunk.subarray(byteFrom, byteFrom + nul - from)).length + 1 : nul - from + 1;
          this.sink.problem(number, 'NUL_BYTE', byteTo - byteFrom, column);
        } else if (!raw) this.sink.line(number, text.slice(from, to), view, byteFrom, byteTo, from, false);
        else {
          while (escapeAt >= 0 && escapeAt < from) escapeAt = text.indexOf('\\u', from);
          if (escapeAt >= 0 && escapeAt < to)
            this.sink.line(number, utf8.decode(chunk.subarray(byteFrom, byteTo)), view, byteFrom, byteTo, -1, false);
          else this.sink.line(number, text.slice(from, to), view, byteFrom, byteTo, from, true);
        }
      }
      if (last) return;
      from = nl + 1;
      byteFrom = byteEnd + 1;
    }
  }

  private byteLines(bytes: Uint8Array, view: DataView, start: number, end: number): void {
    let from = start;
    for (;;) {
      const nl = bytes.indexOf(LF, from);
      const to = nl < 0 || nl > end ? end : nl;
      this.lineEnd = this.chunkStart + to + 1;
      this.decodeLine(bytes, view, from, to);
      if (to >= end) return;
      from = to + 1;
    }
  }

  /** Decodes and emits one line. */
  private decodeLine(bytes: Uint8Array, view: DataView, from: number, to: number): void {
    const number = this.nextLine++;
    if (to > from && bytes[to - 1] === CR) to--;
    if (number === 1 && to - from >= 3 && bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf)
      from += 3;
    const length = to - from;
    if (length > this.maxLineBytes) {
      this.sink.problem(number, 'LINE_TOO_LONG', length, undefined);
      return;
    }
    let text: string;
    try {
      text = utf8.decode(bytes.subarray(from, to));
    } catch {
      const bad = invalidUtf8Offset(bytes, from, to);
      this.sink.problem(number, 'INVALID_UTF8', length, utf8.decode(bytes.subarray(from, bad)).length + 1);
      return;
    }
    const nul = this.nulLeftToSink ? -1 : text.indexOf('\0');
    if (nul >= 0) this.sink.problem(number, 'NUL_BYTE', length, nul + 1);
    else this.sink.line(number, text, view, from, to, -1, false);
  }

  private keep(chunk: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n === 0) return;
    this.carryTotal += n;
    this.carryLastByte = chunk[end - 1]!;
    // A few bytes over the limit are kept: a CR and the BOM do not count towards the line length.
    const room = this.maxLineBytes + 4 - this.carryLength;
    if (room <= 0) return;
    const take = Math.min(room, n);
    if (this.carryLength + take > this.carry.length) {
      const grown = new Uint8Array(Math.max(this.carry.length * 2, this.carryLength + take));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(chunk.subarray(start, start + take), this.carryLength);
    this.carryLength += take;
  }

  private finishCarried(): void {
    if (this.carryTotal > this.carryLength) {
      const number = this.nextLine++;
      // Counted as a line in one batch is: without its CR and the file's byte-order mark.
      const c = this.carry;
      const bom = number === 1 && c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf ? 3 : 0;
      this.sink.problem(
        number,
        'LINE_TOO_LONG',
        this.carryTotal - bom - (this.carryLastByte === CR ? 1 : 0),
        undefined,
      );
    } else {
      const view = new DataView(this.carry.buffer, this.carry.byteOffset, this.carry.byteLength);
      this.decodeLine(this.carry, view, 0, this.carryLength);
    }
    this.carryLength = 0;
    this.carryTotal = 0;
  }
}

/**
 * The next line break at or after `at`. A line takes at least as many bytes as characters, so
 * the search can start that far in: a few steps on most lines, cheaper than a native call.
 */
function lineBreakFrom(bytes: Uint8Array, at: number): number {
  for (let i = at; i < at + 64; i++) if (bytes[i] === LF) return i;
  return bytes.indexOf(LF, at + 64);
}

/** Offset of the first byte that breaks UTF-8 in `bytes[from, to)`, or `to` if none does. */
export function invalidUtf8Offset(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= to) return i; // truncated sequence
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return to;
}
