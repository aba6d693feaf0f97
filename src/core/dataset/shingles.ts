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

const encoder = new TextEncoder();

/**
 * The module's one instance, which every sketch uses in turn: a WebAssembly memory reserves much
 * address space, so one per sketch could run out. The bins in its memory belong to the sketch
 * that used it last (its owner); the others keep theirs aside.
 */
class SketchModule {
  readonly memory: WebAssembly.Memory;
  readonly add: (n: number, out: number) => number;
  readonly signature: () => void;
  readonly reset: () => void;
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
    this.view();
  }

  /** Makes the memory at least `bytes` long. */
  reserve(bytes: number): void {
    if (bytes > this.capacity && growTo(this.memory, bytes)) this.view();
  }

  /** Copies raw text to TEXT_AT natively; returns its length. */
  writeRaw(raw: string, byteText: ByteText): number {
    if (this.writerOf !== byteText || !this.writer) {
      this.writer = byteText.latin1Writer(new Uint8Array(this.memory.buffer));
      this.writerOf = byteText;
    }
    return this.writer(raw, TEXT_AT);
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
    // Decoded text takes at most 3 UTF-8 bytes per UTF-16 unit. Shingles are fewer than bytes + 1.
    const room = raw ? text.length : text.length * 3;
    const out = listener ? TEXT_AT + room + 4 - (room & 3) : 0;
    m.reserve(listener ? out + 4 * (room + 1) : TEXT_AT + room);
    let n: number;
    if (!raw) n = encoder.encodeInto(text, m.text).written;
    else if (this.byteText) n = m.writeRaw(text, this.byteText);
    else {
      n = text.length;
      for (let i = 0; i < n; i++) m.text[i] = text.charCodeAt(i);
    }
    const count = m.add(n, out);
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
