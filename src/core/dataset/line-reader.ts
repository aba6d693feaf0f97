/** Why a line could not be read as text. */
export type LineProblem = 'INVALID_UTF8' | 'NUL_BYTE' | 'LINE_TOO_LONG';

/**
 * A line (reused: it holds only during the sink's call): its 1-based number, its text without line
 * break, CR or BOM, where that starts in the last `batch` text (-1 if decoded alone), and its UTF-8
 * bytes `bytes[start, end)`.
 */
export interface Line {
  number: number;
  text: string;
  offset: number;
  bytes: DataView;
  start: number;
  end: number;
}

/** Receives the lines of a byte stream, in order. */
export interface LineSink {
  /** The decoded text of the lines about to come, for checks that search many lines at once. */
  batch(text: string): void;
  line(line: Line): void;
  /** A line that is not text. `column` is 1-based, in characters, where it is known. */
  problem(number: number, problem: LineProblem, byteLength: number, column: number | undefined): void;
}

const LF = 10;
const CR = 13;
// fatal: invalid UTF-8 throws instead of turning into U+FFFD; ignoreBOM: a BOM is stripped only at the file start, by us.
const newDecoder = () => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8 = newDecoder();

/**
 * Splits a byte stream into lines and decodes a chunk's lines in one call (one by one where that
 * finds invalid UTF-8), holding at most one partial line, cut at the line limit, between chunks.
 */
export class LineSplitter {
  private carry = new Uint8Array(1024);
  /** Bytes of the partial line kept in `carry`, and seen (a line past the limit is counted, not kept). */
  private carryLength = 0;
  private carryTotal = 0;
  private carryLastByte = 0;
  private nextLine = 1;
  private decoder = newDecoder();
  private readonly line: Line = {
    number: 0,
    text: '',
    offset: -1,
    bytes: new DataView(new ArrayBuffer(0)),
    start: 0,
    end: 0,
  };
  bytesRead = 0;
  /** Offset in the stream just past the line being read, its line break included. */
  lineEnd = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly sink: LineSink,
  ) {}

  /** Lines started so far. */
  get linesSeen(): number {
    return this.nextLine - 1 + (this.carryTotal > 0 ? 1 : 0);
  }

  push(chunk: Uint8Array): void {
    const chunkStart = this.bytesRead;
    this.bytesRead += chunk.length;
    const last = chunk.lastIndexOf(LF);
    if (last < 0) return this.keep(chunk);
    let from = 0;
    if (this.carryTotal > 0) {
      // The partial line ends in this chunk: it is read on its own.
      from = chunk.indexOf(LF) + 1;
      this.keep(chunk.subarray(0, from - 1));
      this.lineEnd = chunkStart + from;
      this.endCarried();
    }
    if (last >= from) this.lines(chunk.subarray(from, last + 1), chunkStart + from);
    this.keep(chunk.subarray(last + 1));
  }

  /** Reads the last line if the stream did not end with a line break. */
  end(): void {
    this.lineEnd = this.bytesRead;
    if (this.carryTotal > 0) this.endCarried();
  }

  private endCarried(): void {
    const { carry, carryTotal, carryLength } = this;
    this.carryLength = this.carryTotal = 0;
    if (carryTotal === carryLength) return this.lines(carry.subarray(0, carryLength), this.lineEnd - carryLength);
    const number = this.nextLine++;
    const bom = number === 1 && isBom(carry, 0) ? 3 : 0;
    this.sink.problem(number, 'LINE_TOO_LONG', carryTotal - bom - (this.carryLastByte === CR ? 1 : 0), undefined);
  }

  /** The lines of `bytes`, which start at `at` in the stream. */
  private lines(bytes: Uint8Array, at: number): void {
    let text: string | undefined;
    try {
      text = this.decoder.decode(bytes, { stream: true }) + this.decoder.decode();
    } catch {
      this.decoder = newDecoder();
    }
    if (text !== undefined) this.sink.batch(text);
    const line = this.line;
    line.bytes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let from = 0, byteFrom = 0; byteFrom < bytes.length; ) {
      // The same line in the text and in the bytes: a character past ASCII takes several bytes.
      let byteTo = bytes.indexOf(LF, byteFrom);
      if (byteTo < 0) byteTo = bytes.length;
      let to = text === undefined ? 0 : text.indexOf('\n', from);
      if (to < 0) to = text!.length;
      this.lineEnd = at + Math.min(byteTo + 1, bytes.length);
      line.number = this.nextLine++;
      line.start = byteFrom;
      line.end = byteTo;
      line.offset = from;
      let textEnd = to;
      if (byteTo > byteFrom && bytes[byteTo - 1] === CR) {
        line.end--;
        textEnd--;
      }
      if (line.number === 1 && isBom(bytes, byteFrom)) {
        line.start += 3;
        line.offset++;
      }
      const length = line.end - line.start;
      if (length > this.maxLineBytes) this.sink.problem(line.number, 'LINE_TOO_LONG', length, undefined);
      else if (text !== undefined) {
        line.text = text.slice(line.offset, textEnd);
        this.sink.line(line);
      } else this.decodeAlone(bytes);
      from = to + 1;
      byteFrom = byteTo + 1;
    }
  }

  /** The line at `bytes[line.start, line.end)` decoded on its own, or where it stops being UTF-8. */
  private decodeAlone(bytes: Uint8Array): void {
    const { start, end } = this.line;
    try {
      this.line.text = utf8.decode(bytes.subarray(start, end));
      this.line.offset = -1;
      this.sink.line(this.line);
    } catch {
      const column = utf8.decode(bytes.subarray(start, invalidUtf8Offset(bytes, start, end))).length + 1;
      this.sink.problem(this.line.number, 'INVALID_UTF8', end - start, column);
    }
  }

  private keep(bytes: Uint8Array): void {
    if (!bytes.length) return;
    this.carryTotal += bytes.length;
    this.carryLastByte = bytes[bytes.length - 1]!;
    // A few bytes over the limit are kept: a CR and the BOM do not count towards the line length.
    const take = Math.min(bytes.length, this.maxLineBytes + 4 - this.carryLength);
    if (take <= 0) return;
    if (this.carryLength + take > this.carry.length) {
      const grown = new Uint8Array(Math.max(this.carry.length * 2, this.carryLength + take));
      grown.set(this.carry.subarray(0, this.carryLength));
      this.carry = grown;
    }
    this.carry.set(bytes.subarray(0, take), this.carryLength);
    this.carryLength += take;
  }
}

const isBom = (bytes: Uint8Array, at: number) => bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf;

/** Offset of the first byte that breaks UTF-8 in `bytes[from, to)`, or `to` if none does. */
export function invalidUtf8Offset(bytes: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; ) {
    const b = bytes[i]!;
    const need =
      b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0 || i + need >= to) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      if ((bytes[i + k]! & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (bytes[i + k]! & 0x3f);
    }
    const min = [0, 0x80, 0x800, 0x10000][need]!;
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return to;
}
