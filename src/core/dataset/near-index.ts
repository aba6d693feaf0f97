import { NEAR_INDEX_WASM } from './near-index-wasm';

/** Bins of a signature (SKETCH_BINS in shingles.ts) and bands of the index. */
const BINS = 64;
export const BANDS = 8;
const PAGE_BYTES = 65536;

let compiled: WebAssembly.Module | undefined;

/** What NearIndex.search found, per slot: the earlier slot repeated most nearly, and how nearly. */
export interface NearMatches {
  /** Meaningful only where `percent` is not 0. */
  near: Int32Array;
  /** Similarity in percent; 0 for a slot without a near original. */
  percent: Uint8Array;
}

/**
 * The signatures and band keys of the rows in the near-duplicate check (slots 0, 1, …), held in
 * the memory of a WebAssembly instance of their own, which also searches them (near-index.wat):
 * the search runs once, at the end of a file, where JavaScript would still run unoptimised code.
 */
export class NearIndex {
  /** Slot s's signature at s × 64. */
  readonly signatures: Uint16Array;
  /** Band b's key of slot s at b × capacity + s. */
  readonly keys: Int32Array;
  private readonly search_: (...offsets: number[]) => void;
  private readonly layout: { order: number; start: number; next: number; near: number; percent: number; keys: number };

  constructor(readonly capacity: number) {
    const { exports } = new WebAssembly.Instance((compiled ??= new WebAssembly.Module(Uint8Array.from(atob(NEAR_INDEX_WASM), (c) => c.charCodeAt(0)))));
    const memory = exports.memory as WebAssembly.Memory;
    this.search_ = exports.search as (...offsets: number[]) => void;
    let bits = 4; // the most buckets a band of `capacity` slots is spread over, as near-index.wat counts them
    while (bits < 18 && 1 << (bits + 2) <= capacity) bits++;
    const keys = capacity * BINS * 2;
    const order = keys + BANDS * capacity * 4;
    const start = order + capacity * 4;
    const next = start + ((1 << bits) + 1) * 4;
    const near = next + (1 << bits) * 4;
    const percent = near + capacity * 4;
    const bytes = percent + capacity;
    // Pages are zero until first written: the memory costs what the rows use.
    memory.grow(Math.max(0, Math.ceil(bytes / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES));
    this.layout = { order, start, next, near, percent, keys };
    this.signatures = new Uint16Array(memory.buffer, 0, capacity * BINS);
    this.keys = new Int32Array(memory.buffer, keys, BANDS * capacity);
  }

  /**
   * Searches the first `slots` slots, once. In each band, each slot is compared with at most
   * `maxCompared` earlier slots of its key; a pair counts from `minEqual` equal bins of 64;
   * buckets of more than `smallBucket` slots are sorted by key first.
   */
  search(slots: number, minEqual: number, maxCompared: number, smallBucket: number): NearMatches {
    const { order, start, next, near, percent, keys } = this.layout;
    this.search_(slots, this.capacity, 0, keys, order, start, next, near, percent, minEqual, maxCompared, smallBucket);
    const buffer = this.signatures.buffer;
    return { near: new Int32Array(buffer, near, slots), percent: new Uint8Array(buffer, percent, slots) };
  }
}
