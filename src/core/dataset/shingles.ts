import { fmix32 } from './hashing';

/** Bins of the one-permutation MinHash sketch; 64 bins estimate a Jaccard of 0.9 to about ±0.04. */
export const SKETCH_BINS = 64;
const EMPTY = 0xffffffff;

/** ASCII word characters (letters and digits), letters folded to lower case; 0 for the rest, which end a word. */
const WORD_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  const isDigit = c >= 48 && c <= 57;
  WORD_CHAR[c] = isLetter || isDigit ? (c <= 90 && c >= 65 ? c + 32 : c) : 0;
}

/** Receives the hash of every shingle of a text (the leakage check listens to prompts). */
export interface ShingleListener {
  shingle(hash: number): void;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * The shingles of a row are its word 3-grams (lower-cased; punctuation separates words; a
 * field of one or two words is one shingle), and the sketch is a one-permutation MinHash: each
 * shingle hash falls into one of 64 bins, each bin keeps its minimum. One hash per shingle,
 * instead of one per shingle and bin for classic MinHash, is what makes it affordable on every row.
 */
export class ShingleSketch {
  readonly bins = new Uint32Array(SKETCH_BINS).fill(EMPTY);
  shingles = 0;

  reset(): void {
    const bins = this.bins;
    for (let j = 0; j < SKETCH_BINS; j++) bins[j] = EMPTY; // a loop: cheaper than fill() for 64 values
    this.shingles = 0;
  }

  /**
   * Adds the shingles of one text; word windows do not cross from one text to the next. `raw`
   * text (one character per UTF-8 byte, see raw-text.ts) gives the same shingles as its decoded form.
   */
  add(text: string, listener?: ShingleListener, raw = false): void {
    const bins = this.bins;
    let count = 0;
    let shingles = 0;
    let w1 = 0;
    let w2 = 0;
    let word = FNV_OFFSET;
    let inWord = false;
    const n = text.length;
    for (let i = 0; i <= n; i++) {
      let c = i < n ? text.charCodeAt(i) : 32;
      if (c < 128) {
        const folded = WORD_CHAR[c]!;
        if (folded !== 0) {
          word = Math.imul(word ^ folded, FNV_PRIME);
          inWord = true;
          continue;
        }
      } else if (raw && c >= 0xf0) {
        // Past U+FFFF: the decoded text has a surrogate pair, two word characters that never end a word.
        const cp = ((c & 0x07) << 18) | ((text.charCodeAt(i + 1) & 0x3f) << 12) | ((text.charCodeAt(i + 2) & 0x3f) << 6) | (text.charCodeAt(i + 3) & 0x3f);
        i += 3;
        word = Math.imul(word ^ (0xd800 + ((cp - 0x10000) >> 10)), FNV_PRIME);
        word = Math.imul(word ^ (0xdc00 + ((cp - 0x10000) & 0x3ff)), FNV_PRIME);
        inWord = true;
        continue;
      } else {
        if (raw) {
          c = rawChar(text, i, c);
          i += c < 0x800 ? 1 : 2;
        }
        if (isWideWordChar(c)) {
          word = Math.imul(word ^ c, FNV_PRIME);
          inWord = true;
          // Ideographs carry meaning one by one and are written without spaces: each is a word.
          if (c < 0x2e80 || c > 0xd7af) continue;
        }
      }
      if (!inWord) continue;
      inWord = false;
      count++;
      if (count >= 3) {
        const h = fmix32(Math.imul(w1, 0x2545f491) ^ Math.imul(w2, 0x9e3779b1) ^ word);
        const bin = h >>> 26;
        const value = h & 0x3ffffff;
        if (value < bins[bin]!) bins[bin] = value;
        shingles++;
        if (listener) listener.shingle(h);
      }
      w1 = w2;
      w2 = word;
      word = FNV_OFFSET;
    }
    if (count > 0 && count < 3) {
      const h = fmix32(count === 1 ? w2 : Math.imul(w1, 0x2545f491) ^ Math.imul(w2, 0x9e3779b1) ^ 0x5bd1e995);
      const bin = h >>> 26;
      const value = h & 0x3ffffff;
      if (value < bins[bin]!) bins[bin] = value;
      shingles++;
      if (listener) listener.shingle(h);
    }
    this.shingles += shingles;
  }

  /**
   * Writes the sketch as SKETCH_BINS 16-bit values. Empty bins take the value of the next
   * filled bin, mixed with the distance ("rotation" densification), so short texts, which
   * leave most bins empty, still compare fairly. Returns false when there was no word at all.
   */
  signature(out: Uint16Array, offset: number): boolean {
    if (this.shingles === 0) return false;
    const bins = this.bins;
    let filled = 0;
    while (bins[filled] === EMPTY) filled++;
    // Walk backwards around the circle from the filled bin, remembering the nearest filled bin ahead.
    let next = bins[filled]!;
    let distance = 0;
    for (let step = 0; step < SKETCH_BINS; step++) {
      const j = (filled - step + SKETCH_BINS) & (SKETCH_BINS - 1);
      const v = bins[j]!;
      if (v !== EMPTY) {
        next = v;
        distance = 0;
      } else {
        distance++;
      }
      out[offset + j] = fmix32(next + Math.imul(distance, 0x9e3779b9)) & 0xffff;
    }
    return true;
  }
}

/** The character (below U+10000) whose UTF-8 sequence starts with `lead` at `raw[i]`. */
function rawChar(raw: string, i: number, lead: number): number {
  return lead < 0xe0
    ? ((lead & 0x1f) << 6) | (raw.charCodeAt(i + 1) & 0x3f)
    : ((lead & 0x0f) << 12) | ((raw.charCodeAt(i + 1) & 0x3f) << 6) | (raw.charCodeAt(i + 2) & 0x3f);
}

/** Whether a character past ASCII is part of a word (not a space or punctuation). */
function isWideWordChar(c: number): boolean {
  if (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff) return false;
  // General punctuation (dashes, curly quotes, ellipsis) and CJK punctuation.
  return !((c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || (c >= 0x3001 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f));
}

/** Fraction of equal values of two signatures. */
export function signatureSimilarity(a: Uint16Array, aOffset: number, b: Uint16Array, bOffset: number): number {
  let same = 0;
  for (let j = 0; j < SKETCH_BINS; j++) if (a[aOffset + j] === b[bOffset + j]) same++;
  return same / SKETCH_BINS;
}
