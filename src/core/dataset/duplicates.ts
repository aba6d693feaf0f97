import { HashIndex, fmix32 } from './hash-index';
import { SKETCH_BINS, signatureSimilarity, type ShingleSketch } from './shingles';

/**
 * Rows remembered for the exact-duplicate check: 12 bytes a slot at most 2^20 slots, so ≤ 13 MB.
 * Later rows are still compared with the remembered ones.
 */
export const EXACT_DUPLICATE_ROW_CAP = 500_000;

/**
 * Rows that take part in the near-duplicate check. Bounded memory: 128 bytes of signature plus
 * 8 band entries a row, ≤ 20 MB in all. Bounded time too: the shingle scan costs more than
 * parsing the row, and a league round has far fewer rows than this (100,000 at most by default).
 * Rows past the cap are checked for exact duplicates only; the report says how many were covered.
 */
export const NEAR_DUPLICATE_ROW_CAP = 50_000;

/** Estimated Jaccard similarity of word 3-gram shingles from which two rows count as near duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.9;

/** Finds lines whose bytes repeat an earlier line exactly. */
export class ExactDuplicates {
  private readonly index = new HashIndex(EXACT_DUPLICATE_ROW_CAP);
  private hashA = 0;
  private hashB = 0;

  /** Line number of an earlier line with the same bytes, or 0; remembers this one (while under the cap). */
  check(bytes: DataView, start: number, end: number, line: number): number {
    this.hash(bytes, start, end);
    return this.index.putIfAbsent(this.hashA, this.hashB, line);
  }

  /**
   * Two independent 32-bit hashes over the bytes, four at a time (a 64-bit fingerprint: a false
   * match among a million rows has odds of about 1 in 30 million).
   */
  private hash(bytes: DataView, start: number, end: number): void {
    let a = 0x9747b28c ^ (end - start);
    let b = 0x5bd1e995 ^ (end - start);
    let i = start;
    for (; i + 4 <= end; i += 4) {
      const w = bytes.getInt32(i, true);
      a = Math.imul(a ^ w, 0xcc9e2d51);
      a = (a << 15) | (a >>> 17);
      b = Math.imul(b + w, 0x1b873593);
      b = (b << 13) | (b >>> 19);
    }
    for (; i < end; i++) {
      const c = bytes.getUint8(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b + c, 0x85ebca6b);
    }
    this.hashA = fmix32(a);
    this.hashB = fmix32(b ^ a);
  }
}

const BANDS = 8;
const BAND_WIDTH = SKETCH_BINS / BANDS;
/** Signature bins that must agree: 0.9 × 64, rounded up. */
const MIN_EQUAL_BINS = Math.ceil(NEAR_DUPLICATE_THRESHOLD * SKETCH_BINS);

export interface NearDuplicate {
  line: number;
  similarity: number;
}

/**
 * Near-duplicate rows by locality-sensitive hashing of MinHash signatures: the 64 bins are cut
 * into 8 bands of 8; rows sharing a band are candidates (a pair at similarity 0.9 shares one
 * with probability 0.99, a pair at 0.5 with 0.03), and candidates are confirmed on the whole
 * signature. Nothing of a row but its signature is kept.
 */
export class NearDuplicates {
  private signatures = new Uint16Array(SKETCH_BINS * 1024);
  private lines = new Int32Array(1024);
  private stored = 0;
  private readonly bands = new HashIndex(NEAR_DUPLICATE_ROW_CAP * BANDS);
  private readonly current = new Uint16Array(SKETCH_BINS);

  get accepting(): boolean {
    return this.stored < NEAR_DUPLICATE_ROW_CAP;
  }

  /** The most similar earlier row at or above the threshold, if any; remembers this row. */
  check(sketch: ShingleSketch, line: number): NearDuplicate | undefined {
    if (!this.accepting) return undefined;
    if (!sketch.signature(this.current, 0)) return undefined;
    const slot = this.stored;
    let best: NearDuplicate | undefined;
    let lastCandidate = -1;
    for (let band = 0; band < BANDS; band++) {
      let h = 0x811c9dc5 ^ band;
      for (let j = band * BAND_WIDTH; j < (band + 1) * BAND_WIDTH; j++) h = Math.imul(h ^ this.current[j]!, 0x01000193);
      const found = this.bands.putIfAbsent(fmix32(h), band, slot + 1) - 1;
      if (found < 0 || found === lastCandidate) continue;
      lastCandidate = found;
      const similarity = signatureSimilarity(this.current, 0, this.signatures, found * SKETCH_BINS);
      if (similarity * SKETCH_BINS >= MIN_EQUAL_BINS && (!best || similarity > best.similarity)) best = { line: this.lines[found]!, similarity };
    }
    this.remember(slot, line);
    return best;
  }

  private remember(slot: number, line: number): void {
    if (slot >= this.lines.length) {
      const lines = new Int32Array(Math.min(NEAR_DUPLICATE_ROW_CAP, this.lines.length * 2));
      lines.set(this.lines);
      this.lines = lines;
      const signatures = new Uint16Array(lines.length * SKETCH_BINS);
      signatures.set(this.signatures);
      this.signatures = signatures;
    }
    this.signatures.set(this.current, slot * SKETCH_BINS);
    this.lines[slot] = line;
    this.stored++;
  }
}
