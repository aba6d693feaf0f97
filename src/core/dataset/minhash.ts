/** Bins of the one-permutation MinHash sketch; 64 bins estimate a Jaccard of 0.9 to about ±0.04. */
export const SKETCH_BINS = 64;
const EMPTY = 0xffffffff;
const SEED_HI = 0x9e3779b9;
const SEED_LO = 0x7f4a7c15;

/** MurmurHash3's finaliser: spreads every input bit over the 32-bit output. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** For each ASCII character, its byte in a word (letters lower-cased), or 0 if it separates words. */
const ASCII_WORD_BYTE = new Uint8Array(128).map((_, c) =>
  (c >= 48 && c <= 57) || (c >= 97 && c <= 122) ? c : c >= 65 && c <= 90 ? c | 0x20 : 0,
);

/** Whether a character past ASCII is part of a word: most are. */
function isWordChar(c: number): boolean {
  if (c === 0xa0 || c === 0x1680 || c === 0xfeff) return false;
  // Spaces, dashes, quotes, separators and punctuation (general, CJK, full-width).
  return !(
    (c >= 0x2000 && c <= 0x200b) ||
    (c >= 0x2010 && c <= 0x205f && (c <= 0x2029 || c >= 0x202f)) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0xff01 && c <= 0xff0f)
  );
}

/** (hi:lo) × 0xff51afd7_ed558ccd mod 2^64, then rotated left by 31, in 32-bit halves (hi in `mixed`). */
function mix64(hi: number, lo: number): number {
  // The low halves' product in 16-bit pieces, for its carry into the high half.
  const l0 = lo & 0xffff;
  const l1 = lo >>> 16;
  const p01 = l0 * 0xed55;
  const p10 = l1 * 0x8ccd;
  const mid = ((l0 * 0x8ccd) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const low = Math.imul(lo, 0xed558ccd);
  const high =
    (l1 * 0xed55 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(hi, 0xed558ccd) + Math.imul(lo, 0xff51afd7)) |
    0;
  mixed = (high << 31) | (low >>> 1);
  return (low << 31) | (high >>> 1);
}
let mixed = 0;

/**
 * A row's one-permutation MinHash over word 3-grams (lower-cased; an ideograph is a word; a text of
 * one or two words is one shingle): each shingle hash falls into one of 64 bins that keep their least.
 */
export class ShingleSketch {
  readonly bins = new Uint32Array(SKETCH_BINS).fill(EMPTY);
  shingles = 0;

  reset(): void {
    this.bins.fill(EMPTY);
    this.shingles = 0;
  }

  /**
   * Adds the shingles of one text; `onShingle` hears each hash. A word's hash takes its UTF-8 bytes
   * eight at a time as a 64-bit little-endian block b: h = rotl((h ^ b) × K, 31).
   */
  add(text: string, onShingle?: (hash: number) => void): void {
    let count = 0;
    let w1 = 0;
    let w2 = 0;
    let open = false;
    let hi = SEED_HI;
    let lo = SEED_LO;
    let blockHi = 0;
    let blockLo = 0;
    let bytes = 0;
    for (let i = 0; i <= text.length; i++) {
      let c = i < text.length ? text.charCodeAt(i) : 32;
      // The character's UTF-8 bytes, first byte lowest; 0 for a character between words.
      let utf8 = c < 0x80 ? ASCII_WORD_BYTE[c]! : 0;
      let n = 1;
      if (utf8 && bytes < 7) {
        // A letter or digit that does not fill the block: the common case, kept short.
        open = true;
        if (bytes < 4) blockLo |= utf8 << (bytes++ << 3);
        else blockHi |= utf8 << ((bytes++ - 4) << 3);
        continue;
      }
      if (c >= 0x80) {
        if (c >= 0xd800 && c <= 0xdfff) {
          const next = text.charCodeAt(i + 1);
          if (c < 0xdc00 && next >= 0xdc00 && next <= 0xdfff) c = 0x10000 + ((c - 0xd800) << 10) + next - 0xdc00;
          else c = 0xfffd; // a lone surrogate (only \u escapes make one) reads as its UTF-8 form does
        }
        if (c >= 0x10000) {
          utf8 =
            0x80808000 | 0xf0 | (c >> 18) | (((c >> 12) & 0x3f) << 8) | (((c >> 6) & 0x3f) << 16) | ((c & 0x3f) << 24);
          n = 4;
          i++;
        } else if (c >= 0x800) {
          utf8 = 0xe0 | (c >> 12) | (0x80 << 8) | (((c >> 6) & 0x3f) << 8) | ((0x80 | (c & 0x3f)) << 16);
          n = 3;
        } else {
          utf8 = 0xc0 | (c >> 6) | ((0x80 | (c & 0x3f)) << 8);
          n = 2;
        }
        if (!isWordChar(c)) utf8 = 0;
      }
      if (utf8) {
        open = true;
        for (let k = 0; k < n; k++, utf8 >>>= 8) {
          if (bytes < 4) blockLo |= (utf8 & 0xff) << (8 * bytes);
          else blockHi |= (utf8 & 0xff) << (8 * (bytes - 4));
          if (++bytes === 8) {
            lo = mix64(hi ^ blockHi, lo ^ blockLo);
            hi = mixed;
            blockHi = blockLo = bytes = 0;
          }
        }
        if (c < 0x2e80 || c > 0xd7af) continue; // an ideograph ends its word
      } else if (!open) continue;
      if (bytes) {
        lo = mix64(hi ^ blockHi, lo ^ blockLo);
        hi = mixed;
        blockHi = blockLo = bytes = 0;
      }
      open = false;
      const word = (hi ^ lo) | 0;
      hi = SEED_HI;
      lo = SEED_LO;
      if (++count >= 3) this.put(fmix32(Math.imul(w1, 0x2545f491) ^ Math.imul(w2, 0x9e3779b1) ^ word), onShingle);
      w1 = w2;
      w2 = word;
    }
    if (count === 1) this.put(fmix32(w2), onShingle);
    else if (count === 2)
      this.put(fmix32(Math.imul(w1, 0x2545f491) ^ Math.imul(w2, 0x9e3779b1) ^ 0x5bd1e995), onShingle);
  }

  private put(h: number, onShingle: ((hash: number) => void) | undefined): void {
    const bin = h >>> 26;
    const value = h & 0x3ffffff;
    if (value < this.bins[bin]!) this.bins[bin] = value;
    this.shingles++;
    onShingle?.(h);
  }

  /**
   * Writes the signature, SKETCH_BINS 16-bit values, at `out[at]`; false for no shingles. An empty
   * bin takes the next filled bin's value mixed with the distance to it (rotation densification).
   */
  signature(out: Uint16Array, at: number): boolean {
    const bins = this.bins;
    let filled = 0;
    while (bins[filled] === EMPTY) if (++filled === SKETCH_BINS) return false;
    // Backwards around the circle from a filled bin, so the next filled bin is always known.
    let next = bins[filled]!;
    let distance = 0;
    for (let step = 0; step < SKETCH_BINS; step++) {
      const j = (filled - step) & (SKETCH_BINS - 1);
      if (bins[j] === EMPTY) distance++;
      else {
        next = bins[j]!;
        distance = 0;
      }
      out[at + j] = fmix32(next + Math.imul(distance, 0x9e3779b9)) & 0xffff;
    }
    return true;
  }
}

/** Band b's key of a signature at `sig[at]`: FNV-1a over its bins 8b to 8b + 7, then fmix32. */
export function bandKey(sig: Uint16Array, at: number, band: number): number {
  let h = 0x811c9dc5 ^ band;
  for (let j = at + band * 8; j < at + band * 8 + 8; j++) h = Math.imul(h ^ sig[j]!, 0x01000193);
  return fmix32(h);
}
