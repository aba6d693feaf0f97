import { DUPLICATE_SEARCH_WASM } from './duplicate-search-wasm';
import { SKETCH_BINS } from './shingles';
import { growTo, instantiate } from './wasm-module';

/** Bands of the near-duplicate index. */
export const BANDS = 8;

/** Buckets the module spreads `n` keys over: 2^bits, as duplicate-search.wat counts them. */
function bucketsFor(n: number): number {
  let bits = 4;
  while (bits < 18 && 1 << (bits + 2) <= n) bits++;
  return 1 << bits;
}

/** Bytes of the exact search's three digit counts (see searchExact in duplicate-search.wat). */
const DIGIT_COUNT_BYTES = 3 * 2048 * 4;

/**
 * Rows equal to an earlier row by their 64-bit fingerprint (`a`, `b`), in the module
 * (duplicate-search.wat; the search runs once, at the end of a file, where JavaScript would still run
 * unoptimised code): pairs (row, its first equal row), flat. Runs of more than `smallBucket`
 * rows with equal `a` are sorted first.
 */
export function exactRepeats(a: Int32Array, b: Int32Array, n: number, smallBucket: number): Int32Array {
  const { memory, exports } = instantiate(DUPLICATE_SEARCH_WASM);
  // a, b, two arrays of (a, row) records, the digit counts; the pairs are written over the second array.
  const rec = 8 * n;
  const tmp = 16 * n;
  const hist = 24 * n;
  growTo(memory, hist + DIGIT_COUNT_BYTES);
  new Int32Array(memory.buffer, 0, n).set(a.subarray(0, n));
  new Int32Array(memory.buffer, 4 * n, n).set(b.subarray(0, n));
  const pairs = (exports.searchExact as (...args: number[]) => number)(n, 0, 4 * n, rec, tmp, hist, smallBucket);
  return new Int32Array(memory.buffer, tmp, 2 * pairs);
}

/** What NearIndex.search found, per slot: the earlier slot repeated most nearly, and how nearly. */
export interface NearMatches {
  /** Meaningful only where `percent` is not 0. */
  near: Int32Array;
  /** Similarity in percent; 0 for a slot without a near original. */
  percent: Uint8Array;
}

/**
 * The signatures and band keys of the rows in the near-duplicate check (slots 0, 1, …), held in
 * the memory of a WebAssembly instance of their own, which also searches them (duplicate-search.wat):
 * the search runs once, at the end of a file, where JavaScript would still run unoptimised code.
 */
export class NearIndex {
  /** Slot s's signature at s × 64. */
  readonly signatures: Uint16Array;
  /** Band b's key of slot s at b × capacity + s. */
  readonly keys: Int32Array;
  private readonly searchSlots: (...offsets: number[]) => void;
  private readonly layout: { order: number; start: number; next: number; near: number; percent: number; keys: number };

  constructor(readonly capacity: number) {
    const { memory, exports } = instantiate(DUPLICATE_SEARCH_WASM);
    this.searchSlots = exports.search as (...offsets: number[]) => void;
    const buckets = bucketsFor(capacity); // the most a band of `capacity` slots is spread over
    const keys = capacity * SKETCH_BINS * 2;
    const order = keys + BANDS * capacity * 4;
    const start = order + capacity * 4;
    const next = start + (buckets + 1) * 4;
    const near = next + buckets * 4;
    const percent = near + capacity * 4;
    growTo(memory, percent + capacity); // the memory costs what the rows use
    this.layout = { order, start, next, near, percent, keys };
    this.signatures = new Uint16Array(memory.buffer, 0, capacity * SKETCH_BINS);
    this.keys = new Int32Array(memory.buffer, keys, BANDS * capacity);
  }

  /**
   * Searches the first `slots` slots, once. In each band, each slot is compared with at most
   * `maxCompared` earlier slots of its key; a pair counts from `minEqual` equal bins of 64;
   * buckets of more than `smallBucket` slots are sorted by key first.
   */
  search(slots: number, minEqual: number, maxCompared: number, smallBucket: number): NearMatches {
    const { order, start, next, near, percent, keys } = this.layout;
    this.searchSlots(
      slots,
      this.capacity,
      0,
      keys,
      order,
      start,
      next,
      near,
      percent,
      minEqual,
      maxCompared,
      smallBucket,
    );
    const buffer = this.signatures.buffer;
    return { near: new Int32Array(buffer, near, slots), percent: new Uint8Array(buffer, percent, slots) };
  }
}
