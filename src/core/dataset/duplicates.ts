import { fmix32 } from './hashing';
import type { RowFingerprint } from './row-fingerprint';
import { SKETCH_BINS, signatureSimilarity, type ShingleSketch } from './shingles';

/** Rows fingerprinted for the exact-duplicate check: 12 bytes each while reading, 8 more while sorting, so ≤ 20 MB. */
export const EXACT_DUPLICATE_ROW_CAP = 1_000_000;

/**
 * Rows that take part in the near-duplicate check: 128 bytes of signature each, ≤ 2.6 MB, and
 * bounded time too (shingling a row costs more than parsing it). Rounds take a few thousand rows
 * (the demo round at most 5,000); a bigger file, up to the default maximum of 100,000 rows, has
 * the rows past the cap checked for exact duplicates only, and the report (and the CLI) says how
 * many rows the near check covered.
 */
export const NEAR_DUPLICATE_ROW_CAP = 20_000;

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
 * equal ones together (for near duplicates, band by band).
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
    const order = sortedOrder(this.hashA, n);
    const keys = this.hashA;
    for (let i = 0; i < n; ) {
      const key = keys[order[i]!]!;
      let j = i + 1;
      while (j < n && keys[order[j]!] === key) j++;
      if (j - i > 1) {
        // Rows sharing the first hash, in row order: the earliest with the same second hash is the original.
        const first = new Map<number, number>();
        for (let k = i; k < j; k++) {
          const r = order[k]!;
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
    const keys = new Int32Array(m);
    for (let band = 0; band < BANDS; band++) {
      for (let s = 0; s < m; s++) {
        let h = 0x811c9dc5 ^ band;
        const from = s * SKETCH_BINS + band * BAND_WIDTH;
        for (let j = from; j < from + BAND_WIDTH; j++) h = Math.imul(h ^ sig[j]!, 0x01000193);
        keys[s] = fmix32(h);
      }
      const order = sortedOrder(keys, m);
      for (let i = 0; i < m; ) {
        let j = i + 1;
        while (j < m && keys[order[j]!] === keys[order[i]!]) j++;
        // Rows sharing this band, in row order: each is compared with the first few before it.
        for (let k = i + 1; k < j; k++) {
          const later = order[k]!;
          const row = this.signedRows[later]!;
          if (exactOf[row]) continue;
          for (let e = i; e < Math.min(k, i + MAX_COMPARED); e++) {
            const earlier = order[e]!;
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
}

/**
 * Indices 0..n-1 ordered by their 32-bit key, equal keys in index order: a two-pass radix sort
 * (16 bits a pass), linear in n and several times faster here than a comparison sort.
 */
export function sortedOrder(keys: Int32Array, n: number): Uint32Array {
  const count = new Uint32Array(65536);
  let from = new Uint32Array(n);
  let to = new Uint32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  for (let shift = 0; shift <= 16; shift += 16) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(keys[i]! >>> shift) & 0xffff]!++;
    let sum = 0;
    for (let b = 0; b < 65536; b++) {
      const c = count[b]!;
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const index = from[i]!;
      to[count[(keys[index]! >>> shift) & 0xffff]!++] = index;
    }
    [from, to] = [to, from];
  }
  return from;
}

function grow(a: Int32Array<ArrayBuffer>, cap: number): Int32Array<ArrayBuffer> {
  const more = new Int32Array(Math.min(cap, a.length * 2));
  more.set(a);
  return more;
}
