import type { ByteText } from './byte-text';
import { BANDS, exactRepeats, NearIndex } from './duplicate-search';
import type { RowFingerprint } from './row-fingerprint';
import { SKETCH_BINS, SketchBatch } from './shingles';

/** Rows fingerprinted for the exact-duplicate check: 12 bytes each while reading, 8 more while sorting, so ≤ 20 MB. */
export const EXACT_DUPLICATE_ROW_CAP = 1_000_000;

/**
 * Rows that take part in the near-duplicate check: 160 bytes of signature and band keys each, and
 * bounded time too (shingling a row costs more than parsing it). It is a round's default maximum
 * (DEFAULT_MAX_ROWS in rounds.ts), so every dataset a default round accepts is checked whole
 * (rounds take a few thousand rows; the demo round at most 5,000). A bigger file has the rows past
 * the cap checked for exact duplicates only, and the report (and the CLI) says how many rows the
 * near check covered.
 */
export const NEAR_DUPLICATE_ROW_CAP = 10_000;

/** Estimated Jaccard similarity of word 3-gram shingles from which two rows count as near duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.9;

/**
 * Rows with fewer word 3-grams take no part in the near check: a row of ten words or so
 * changes most of its shingles with one word, and a sketch of a handful of shingles estimates
 * similarity too roughly to be useful. Exact repeats of short rows are still found.
 */
export const NEAR_DUPLICATE_MIN_SHINGLES = 8;

/** Bytes of text staged for the near check before they are sketched (see SketchBatch). */
const NEAR_BATCH_BYTES = 256 * 1024;
/** Signature bins that must agree: 0.9 × 64, rounded up. */
const MIN_EQUAL_BINS = Math.ceil(NEAR_DUPLICATE_THRESHOLD * SKETCH_BINS);
/** In a run of rows sharing a band, each row is compared with at most this many earlier ones. */
const MAX_COMPARED = 16;

/** A row that repeats an earlier one. */
export interface Repeat {
  line: number;
  /** The line it repeats. */
  of: number;
  /** Estimated similarity in percent for a near repeat; undefined for an exact one. */
  percent?: number;
}

/**
 * Exact and near duplicate rows, in bounded memory. While reading, each row only appends a
 * fingerprint (sequential writes: a per-row hash-table probe into tens of MB would miss the
 * cache on every row and cost more than parsing it). At the end, sorting the fingerprints (radix sort;
 * for near duplicates, bucketing band keys band by band) brings equal ones together.
 *
 * Exact: a 64-bit hash of the line's bytes (see RowFingerprint). Near: MinHash signatures with locality-sensitive hashing, 64 bins cut into 8
 * bands of 8; rows sharing a band are candidates (a pair at similarity 0.9 shares one with
 * probability 0.99, a pair at 0.5 with 0.03), confirmed on the whole signature.
 */
export class DuplicateFinder {
  // Full size from the start: pages untouched cost no memory (the runtime allocates zeroed
  // arrays this large by mapping them), and no row pays for growing and copying (nor sends the
  // optimised row loop back to the interpreter, as a growing path first taken mid-file did).
  private readonly hashA = new Int32Array(EXACT_DUPLICATE_ROW_CAP);
  private readonly hashB = new Int32Array(EXACT_DUPLICATE_ROW_CAP);
  private readonly lines = new Int32Array(EXACT_DUPLICATE_ROW_CAP);
  private rows = 0;
  private signedRows = new Int32Array(0);
  private signed = 0;
  /** Signatures and band hashes of the signed rows, from the first signature on. */
  private nearIndex: NearIndex | undefined;
  /** Texts of the rows in the near check not yet sketched, and those rows' numbers. */
  private staged: SketchBatch | undefined;
  private stagedRows = new Int32Array(0);

  constructor(private readonly byteText?: ByteText) {}

  /**
   * Whether the row just added takes part in the near check: if so, give its texts to
   * `nearTexts`, then call `endNearRow`. Rows take part until NEAR_DUPLICATE_ROW_CAP are signed.
   */
  takesNearRow(): boolean {
    if (this.rows >= EXACT_DUPLICATE_ROW_CAP) return false;
    if (this.signed + (this.staged?.rows ?? 0) < NEAR_DUPLICATE_ROW_CAP) return true;
    this.sketchStaged(); // how many of the staged rows are signed decides
    return this.signed < NEAR_DUPLICATE_ROW_CAP;
  }

  get nearTexts(): SketchBatch {
    return (this.staged ??= new SketchBatch(this.byteText));
  }

  endNearRow(): void {
    const staged = this.nearTexts;
    const k = staged.rows;
    if (k === this.stagedRows.length) this.stagedRows = grow(this.stagedRows, NEAR_DUPLICATE_ROW_CAP);
    this.stagedRows[k] = this.rows - 1;
    staged.endRow();
    if (staged.bytes >= NEAR_BATCH_BYTES) this.sketchStaged();
  }

  /** Records a row's fingerprint; returns false past the cap. */
  addRow(fingerprint: RowFingerprint, line: number): boolean {
    const row = this.rows;
    if (row >= EXACT_DUPLICATE_ROW_CAP) return false;
    this.hashA[row] = fingerprint.hashA;
    this.hashB[row] = fingerprint.hashB;
    this.lines[row] = line;
    this.rows++;
    return true;
  }

  /** Sketches the staged rows and adds the signatures of those with enough shingles. */
  private sketchStaged(): void {
    if (!this.staged?.rows) return;
    const sketched = this.staged.sketch(NEAR_DUPLICATE_MIN_SHINGLES);
    const first = this.signed;
    const index = (this.nearIndex ??= new NearIndex(NEAR_DUPLICATE_ROW_CAP));
    index.signatures.set(sketched.signatures, first * SKETCH_BINS);
    for (let band = 0; band < BANDS; band++) {
      const from = band * sketched.rows;
      index.keys.set(sketched.keys.subarray(from, from + sketched.signed), band * NEAR_DUPLICATE_ROW_CAP + first);
    }
    while (this.signedRows.length < first + sketched.signed)
      this.signedRows = grow(this.signedRows, NEAR_DUPLICATE_ROW_CAP);
    let slot = first;
    for (let i = 0; i < sketched.rows; i++) {
      if (sketched.shingles[i]! >= NEAR_DUPLICATE_MIN_SHINGLES) this.signedRows[slot++] = this.stagedRows[i]!;
    }
    this.signed = slot;
  }

  /** The repeats, in line order; a row both near and exact counts as exact. */
  finish(): Repeat[] {
    const repeats = new Map<number, Repeat>();
    this.sketchStaged();
    this.findNear(repeats);
    this.findExact(repeats);
    return [...repeats.values()].sort((x, y) => x.line - y.line);
  }

  private findExact(repeats: Map<number, Repeat>): void {
    const pairs = exactRepeats(this.hashA, this.hashB, this.rows, SMALL_BUCKET);
    for (let k = 0; k < pairs.length; k += 2) {
      const line = this.lines[pairs[k]!]!;
      repeats.set(line, { line, of: this.lines[pairs[k + 1]!]! });
    }
  }

  private findNear(repeats: Map<number, Repeat>): void {
    const m = this.signed;
    if (m < 2) return;
    const { near, percent } = this.nearIndex!.search(m, MIN_EQUAL_BINS, MAX_COMPARED, SMALL_BUCKET);
    for (let slot = 0; slot < m; slot++) {
      if (!percent[slot]) continue;
      const line = this.lines[this.signedRows[slot]!]!;
      repeats.set(line, { line, of: this.lines[this.signedRows[near[slot]!]!]!, percent: percent[slot]! });
    }
  }
}

/**
 * Past this many rows, a bucket of band keys (near) or a run of rows sharing a fingerprint's first
 * half (exact) is sorted first: among thousands of such rows, equal ones then sit together and
 * each row finds its match at once.
 */
const SMALL_BUCKET = 64;

function grow(a: Int32Array<ArrayBuffer>, cap: number): Int32Array<ArrayBuffer> {
  const more = new Int32Array(Math.min(cap, Math.max(16, a.length * 2)));
  more.set(a);
  return more;
}
