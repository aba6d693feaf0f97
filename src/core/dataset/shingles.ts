import type { ByteText } from './byte-text';
import { SHINGLES_WASM } from './shingles-wasm';
import { growTo, instantiate } from './wasm-module';

/** Bins of the one-permutation MinHash sketch; 64 bins estimate a Jaccard of 0.9 to about ±0.04. */
export const SKETCH_BINS = 64;
const EMPTY = 0xffffffff;

/** Receives the hash of every shingle of a text (the leakage check listens to prompts). */
export interface ShingleListener {
  shingle(hash: number): void;
}

/** Where shingles.wat writes the signature and reads the text. */
const SIGNATURE_AT = 384;
const TEXT_AT = 512;
/** Bytes after the text that the module reads and writes (shingles.wat reads 16 at a time). */
const TEXT_ROOM = 16;

const encoder = new TextEncoder();

/** The most UTF-8 bytes a text can take: 3 per UTF-16 unit decoded, 1 per character raw. */
function roomFor(text: string, raw: boolean): number {
  return raw ? text.length : text.length * 3;
}

type SketchRows = (
  n: number,
  rows: number,
  texts: number,
  counts: number,
  signatures: number,
  keys: number,
  minShingles: number,
) => number;

/**
 * An instance of the module. ShingleSketches share one, in turn: a WebAssembly memory reserves
 * much address space, so one per sketch could run out. The bins in its memory belong to the sketch
 * that used it last (its owner); the others keep theirs aside. A SketchBatch has one of its own.
 */
class SketchModule {
  readonly memory: WebAssembly.Memory;
  readonly add: (n: number, out: number) => number;
  readonly signature: () => void;
  readonly reset: () => void;
  readonly sketchRows: SketchRows;
  owner: ShingleSketch | undefined;
  bins!: Uint32Array;
  /** Where the module writes the signature. */
  signatureBins!: Uint16Array;
  text!: Uint8Array;
  /** Bytes of the memory. */
  capacity = 0;
  private writer: ((raw: string, offset: number) => number) | undefined;
  private writerOf: ByteText | undefined;

  constructor() {
    const { memory, exports } = instantiate(SHINGLES_WASM);
    this.memory = memory;
    this.add = exports.add as (n: number, out: number) => number;
    this.signature = exports.signature as () => void;
    this.reset = exports.reset as () => void;
    this.sketchRows = exports.sketchRows as SketchRows;
    this.view();
  }

  /** Makes the memory at least `bytes` long. */
  reserve(bytes: number): void {
    if (bytes > this.capacity && growTo(this.memory, bytes)) this.view();
  }

  /**
   * Copies text to `at` as UTF-8 and returns its length in bytes: raw text (one character per
   * byte) natively with `byteText`, else a character at a time. Needs room for `roomFor(text, raw)` bytes, and TEXT_ROOM after them.
   */
  write(text: string, raw: boolean, byteText: ByteText | undefined, at: number): number {
    if (!raw)
      return encoder.encodeInto(text, at === TEXT_AT ? this.text : new Uint8Array(this.memory.buffer, at)).written;
    if (byteText) {
      if (this.writerOf !== byteText || !this.writer) {
        this.writer = byteText.latin1Writer(new Uint8Array(this.memory.buffer));
        this.writerOf = byteText;
      }
      return this.writer(text, at);
    }
    const n = text.length;
    const bytes = new Uint8Array(this.memory.buffer, at, n);
    for (let i = 0; i < n; i++) bytes[i] = text.charCodeAt(i);
    return n;
  }

  /** Views of the memory, made again whenever it grows. */
  private view(): void {
    const buffer = this.memory.buffer;
    this.capacity = buffer.byteLength;
    this.bins = new Uint32Array(buffer, 0, SKETCH_BINS);
    this.signatureBins = new Uint16Array(buffer, SIGNATURE_AT, SKETCH_BINS);
    this.text = new Uint8Array(buffer, TEXT_AT);
    this.writer = undefined;
  }
}

/** Created on first use (well under a millisecond): importing this file does nothing. */
let sketchModule: SketchModule | undefined;

/**
 * The shingles of a row are its word 3-grams (lower-cased; punctuation separates words; a
 * field of one or two words is one shingle), and the sketch is a one-permutation MinHash: each
 * shingle hash falls into one of 64 bins, each bin keeps its minimum. One hash per shingle,
 * instead of one per shingle and bin for classic MinHash, is what makes it affordable on every row.
 * The loop over the text's UTF-8 bytes is WebAssembly (shingles.wat).
 */
export class ShingleSketch {
  shingles = 0;
  /** The bins while another sketch owns the module. */
  private readonly aside = new Uint32Array(SKETCH_BINS).fill(EMPTY);

  /** `byteText` copies raw text into the module natively (without it, a character at a time). */
  constructor(private readonly byteText?: ByteText) {}

  get bins(): Uint32Array {
    return sketchModule?.owner === this ? sketchModule.bins : this.aside;
  }

  reset(): void {
    if (sketchModule?.owner === this) sketchModule.reset();
    else this.aside.fill(EMPTY);
    this.shingles = 0;
  }

  /**
   * Adds the shingles of one text; word windows do not cross from one text to the next. `raw`
   * text (one character per UTF-8 byte, see raw-text.ts) gives the same shingles as its decoded
   * form: the module reads UTF-8 either way.
   */
  add(text: string, listener?: ShingleListener, raw = false): void {
    const m = this.claim();
    // The module uses TEXT_ROOM bytes after the text. Shingles are fewer than bytes + 1.
    const room = roomFor(text, raw);
    const out = listener ? (TEXT_AT + room + TEXT_ROOM + 3) & ~3 : 0;
    m.reserve(listener ? out + 4 * (room + 1) : TEXT_AT + room + TEXT_ROOM);
    const count = m.add(m.write(text, raw, this.byteText, TEXT_AT), out);
    this.shingles += count;
    if (listener) for (const h of new Int32Array(m.memory.buffer, out, count)) listener.shingle(h);
  }

  /** The module, with this sketch's bins in it. */
  private claim(): SketchModule {
    const m = (sketchModule ??= new SketchModule());
    if (m.owner !== this) {
      if (m.owner) m.owner.aside.set(m.bins);
      m.bins.set(this.aside);
      m.owner = this;
    }
    return m;
  }

  /**
   * Writes the sketch as SKETCH_BINS 16-bit values. Empty bins take the value of the next
   * filled bin, mixed with the distance ("rotation" densification), so short texts, which
   * leave most bins empty, still compare fairly. Returns false when there was no word at all.
   */
  signature(out: Uint16Array, offset: number): boolean {
    if (this.shingles === 0) return false;
    const m = this.claim();
    m.signature();
    out.set(m.signatureBins, offset);
    return true;
  }
}

/** What SketchBatch.sketch found; views of the batch's memory, good until its next add. */
export interface SketchedRows {
  /** Rows sketched. */
  rows: number;
  /** Each row's shingle count. */
  shingles: Int32Array;
  /** Rows with enough shingles to be signed, in order: the ones the two arrays below hold. */
  signed: number;
  /** The signed rows' signatures, SKETCH_BINS values each. */
  signatures: Uint16Array;
  /** Band b's key of signed row j at b × rows + j. */
  keys: Int32Array;
}

/** Bytes of a row's signature and of its band keys (8 bands). */
const SIGNATURE_BYTES = SKETCH_BINS * 2;
const KEY_BYTES = 8 * 4;

/**
 * Rows sketched together, for the near-duplicate check: their texts are copied into the batch's
 * own instance of the module as they come, and one call shingles and signs them all and hashes
 * each signature's bands (sketchRows in shingles.wat). On rows of a few hundred bytes, the calls
 * a ShingleSketch makes per row, and the band hashing in JavaScript, cost as much as the shingling.
 */
export class SketchBatch {
  private module: SketchModule | undefined;
  /** Byte offset and length of each text, in order. */
  private texts = new Int32Array(64);
  private textCount = 0;
  /** Row i's texts are numbers rowStarts[i] to rowStarts[i + 1] - 1. */
  private rowStarts = new Int32Array(16);
  private rowCount = 0;
  private textEnd = TEXT_AT;

  /** `byteText` copies raw text into the module natively (without it, a character at a time). */
  constructor(private readonly byteText?: ByteText) {}

  /** Rows staged. */
  get rows(): number {
    return this.rowCount;
  }

  /** Bytes of text staged. */
  get bytes(): number {
    return this.textEnd - TEXT_AT;
  }

  /** Adds a text to the row being staged; word windows do not cross from one text to the next. */
  add(text: string, raw: boolean): void {
    const m = (this.module ??= new SketchModule());
    const at = this.textEnd;
    m.reserve(at + roomFor(text, raw) + TEXT_ROOM);
    const n = m.write(text, raw, this.byteText, at);
    if (2 * this.textCount + 2 > this.texts.length) this.texts = doubled(this.texts);
    this.texts[2 * this.textCount] = at;
    this.texts[2 * this.textCount + 1] = n;
    this.textCount++;
    this.textEnd = at + n + TEXT_ROOM;
  }

  /** Ends the row being staged (a row without texts has no shingles). */
  endRow(): void {
    this.rowCount++;
    if (this.rowCount === this.rowStarts.length) this.rowStarts = doubled(this.rowStarts);
    this.rowStarts[this.rowCount] = this.textCount;
  }

  /** Sketches the staged rows, signing those with at least `minShingles` (≥ 1) shingles, and empties the batch. */
  sketch(minShingles: number): SketchedRows {
    const m = (this.module ??= new SketchModule());
    const n = this.rowCount;
    const rows = (this.textEnd + 7) & ~7;
    const texts = rows + 4 * (n + 1);
    const shingles = texts + 8 * this.textCount;
    const signatures = shingles + 4 * n;
    const keys = signatures + SIGNATURE_BYTES * n;
    m.reserve(keys + KEY_BYTES * n);
    new Int32Array(m.memory.buffer, rows, n + 1).set(this.rowStarts.subarray(0, n + 1));
    new Int32Array(m.memory.buffer, texts, 2 * this.textCount).set(this.texts.subarray(0, 2 * this.textCount));
    const signed = m.sketchRows(n, rows, texts, shingles, signatures, keys, Math.max(1, minShingles));
    this.rowCount = 0;
    this.textCount = 0;
    this.textEnd = TEXT_AT;
    return {
      rows: n,
      shingles: new Int32Array(m.memory.buffer, shingles, n),
      signed,
      signatures: new Uint16Array(m.memory.buffer, signatures, SKETCH_BINS * signed),
      keys: new Int32Array(m.memory.buffer, keys, 8 * n),
    };
  }
}

function doubled(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const more = new Int32Array(a.length * 2);
  more.set(a);
  return more;
}
