import { fmix32 } from './hashing';
import type { RowFingerprint } from './row-fingerprint';
import { SKETCH_BINS, signatureSimilarity, type ShingleSketch } from './shingles';

/** Rows fingerprinted for the exact-duplicate check: 12 bytes each while reading, 8 more while sorting, so ≤ 20 MB. */
export const EXACT_DUPLICATE_ROW_CAP = 1_000_000;

/**
 * Rows that take part in the near-duplicate check: 128 bytes of signature each, ≤ 3.2 MB, and
 * bounded time too (shingling a row costs more than parsing it). A league round has far fewer
 * rows (100,000 at most by default, a few thousand in practice); rows past the cap are checked
 * for exact duplicates only, and the report says how many rows the near check covered.
 */
export const NEAR_DUPLICATE_ROW_CAP = 25_000;

/** Estimated Jaccard similarity of word 3-gram shingles from which two rows count as near duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.9;

/**
 * Rows with fewer word 3-grams take no part in the near check: a row of ten words or so
 * changes most of its shingles with one word, and a sketch of a handful of shingles estimates
 * similarity too roughly to be useful. Exact repeats of short rows are still found.
 */
export const NEAR_DUPLICATE_MIN_SHINGLES = 8;

const BANDS = 8;
const BAND_WIDTH = SKETCH_BINS / BANDS;
/** Signature bins that must agree: 0.9 × 64, rounded up. */
const MIN_EQUAL_BINS = Math.ceil(NEAR_DUPLICATE_THRESHOLD * SKETCH_BINS);
/** Row numbers take the low 20 bits of a sort key (both caps are ≤ 2^20). */
const ROW_BITS = 2 ** 20;
/** In a run of rows sharing a band, each row is compared with at most this many earlier ones. */
const MAX_COMPARED = 16;

/** What the duplicate search found: for each row (in order), the line it repeats, or 0. */
export interface DuplicateFindings {
  exactOf: Int32Array;
  nearOf: Int32Array;
  /** Estimated similarity to `nearOf`, in percent. */
  nearPercent: Uint8Array;
  /** Line of each row. */
  lines: Int32Array;
  rows: number;
}

/**
 * Exact and near duplicate rows, in bounded memory. While reading, each row only appends a
 * fingerprint (sequential writes: a per-row hash-table probe into tens of MB would miss the
 * cache on every row and cost more than parsing it). At the end, sorting the fingerprints brings
 * equal ones together.
 *
 * Exact: a 64-bit hash of the line's bytes (see RowFingerprint). Near: MinHash signatures with locality-sensitive hashing, 64 bins cut into 8
 * bands of 8; rows sharing a band are candidates (a pair at similarity 0.9 shares one with
 * probability 0.99, a pair at 0.5 with 0.03), confirmed on the whole signature.
 */
export class DuplicateFinder {
  private hashA = new Int32Array(1024);
  private hashB = new Int32Array(1024);
  private lines = new Int32Array(1024);
  private rows = 0;
  private signatures = new Uint16Array(1024 * SKETCH_BINS);
  private signedRows = new Int32Array(1024);
  private signed = 0;

  get acceptingSignatures(): boolean {
    return this.signed < NEAR_DUPLICATE_ROW_CAP && this.rows < EXACT_DUPLICATE_ROW_CAP;
  }

  /** Records a row's fingerprint; returns false past the cap. */
  addRow(fingerprint: RowFingerprint, line: number): boolean {
    const row = this.rows;
    if (row >= EXACT_DUPLICATE_ROW_CAP) return false;
    if (row === this.lines.length) {
      this.hashA = grow(this.hashA, EXACT_DUPLICATE_ROW_CAP);
      this.hashB = grow(this.hashB, EXACT_DUPLICATE_ROW_CAP);
      this.lines = grow(this.lines, EXACT_DUPLICATE_ROW_CAP);
    }
    this.hashA[row] = fingerprint.hashA;
    this.hashB[row] = fingerprint.hashB;
    this.lines[row] = line;
    this.rows++;
    return true;
  }

  /** Adds the signature of the row just added (call after addRow, while acceptingSignatures). */
  addSignature(sketch: ShingleSketch): void {
    const slot = this.signed;
    if (slot === this.signedRows.length) {
      this.signedRows = grow(this.signedRows, NEAR_DUPLICATE_ROW_CAP);
      const more = new Uint16Array(this.signedRows.length * SKETCH_BINS);
      more.set(this.signatures);
      this.signatures = more;
    }
    if (sketch.shingles < NEAR_DUPLICATE_MIN_SHINGLES || !sketch.signature(this.signatures, slot * SKETCH_BINS)) return;
    this.signedRows[slot] = this.rows - 1;
    this.signed++;
  }

  finish(): DuplicateFindings {
    const n = this.rows;
    const exactOf = new Int32Array(n);
    const nearOf = new Int32Array(n);
    const nearPercent = new Uint8Array(n);
    this.findExact(exactOf);
    this.findNear(exactOf, nearOf, nearPercent);
    return { exactOf, nearOf, nearPercent, lines: this.lines, rows: n };
  }

  private findExact(exactOf: Int32Array): void {
    const n = this.rows;
    const keys = new Float64Array(n);
    for (let r = 0; r < n; r++) keys[r] = (this.hashA[r]! >>> 0) * ROW_BITS + r;
    keys.sort(); // native numeric sort; equal hashes end up together, in row order
    for (let i = 0; i < n; ) {
      const group = Math.floor(keys[i]! / ROW_BITS);
      let j = i + 1;
      while (j < n && Math.floor(keys[j]! / ROW_BITS) === group) j++;
      if (j - i > 1) {
        // Rows sharing the first hash: the earliest row with the same second hash is the original.
        const first = new Map<number, number>();
        for (let k = i; k < j; k++) {
          const r = keys[k]! % ROW_BITS;
          const original = first.get(this.hashB[r]!);
          if (original === undefined) first.set(this.hashB[r]!, r);
          else exactOf[r] = this.lines[original]!;
        }
      }
      i = j;
    }
  }

  private findNear(exactOf: Int32Array, nearOf: Int32Array, nearPercent: Uint8Array): void {
    const m = this.signed;
    if (m < 2) return;
    const sig = this.signatures;
    // Key: band (3 bits), band hash (29 bits), signed-row slot (20 bits): 52 bits, exact in a double.
    const keys = new Float64Array(m * BANDS);
    for (let s = 0; s < m; s++) {
      for (let band = 0; band < BANDS; band++) {
        let h = 0x811c9dc5 ^ band;
        const from = s * SKETCH_BINS + band * BAND_WIDTH;
        for (let j = from; j < from + BAND_WIDTH; j++) h = Math.imul(h ^ sig[j]!, 0x01000193);
        keys[s * BANDS + band] = (band * 2 ** 29 + (fmix32(h) >>> 3)) * ROW_BITS + s;
      }
    }
    keys.sort();
    const total = keys.length;
    for (let i = 0; i < total; ) {
      const group = Math.floor(keys[i]! / ROW_BITS);
      let j = i + 1;
      while (j < total && Math.floor(keys[j]! / ROW_BITS) === group) j++;
      for (let k = i + 1; k < j; k++) {
        const later = keys[k]! % ROW_BITS;
        const row = this.signedRows[later]!;
        if (exactOf[row]) continue;
        for (let e = i; e < Math.min(k, i + MAX_COMPARED); e++) {
          const earlier = keys[e]! % ROW_BITS;
          const similarity = signatureSimilarity(sig, later * SKETCH_BINS, sig, earlier * SKETCH_BINS);
          const percent = Math.round(similarity * 100);
          if (similarity * SKETCH_BINS >= MIN_EQUAL_BINS && percent > nearPercent[row]!) {
            nearOf[row] = this.lines[this.signedRows[earlier]!]!;
            nearPercent[row] = percent;
          }
        }
      }
      i = j;
    }
  }
}

function grow(a: Int32Array<ArrayBuffer>, cap: number): Int32Array<ArrayBuffer> {
  const more = new Int32Array(Math.min(cap, a.length * 2));
  more.set(a);
  return more;
}
