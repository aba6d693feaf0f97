import { bandKey, fmix32, ShingleSketch, SKETCH_BINS } from './minhash';

/** Rows fingerprinted for the exact-duplicate check: 12 bytes each while reading, 8 more at the end, so ≤ 20 MB. */
const EXACT_DUPLICATE_ROW_CAP = 1_000_000;

/** Rows in the near-duplicate check: a round's default maximum (DEFAULT_MAX_ROWS in rounds.ts); the report says how many. */
export const NEAR_DUPLICATE_ROW_CAP = 10_000;

/** Rows with fewer word 3-grams take no part in the near check: one word changes most of them. */
const MIN_SHINGLES = 8;
/** Signature bins that must agree: an estimated Jaccard similarity of shingles of 0.9 or more. */
const MIN_EQUAL_BINS = Math.ceil(0.9 * SKETCH_BINS);
/** Locality-sensitive hashing: 8 bands of 8 bins; rows sharing a band's key are candidates. */
const BANDS = 8;
/** A row is compared with at most this many earlier rows sharing a band key: bounded time on crafted files. */
const MAX_COMPARED = 16;

/** A row that repeats line `of`: nearly, with the estimated similarity in percent, or exactly. */
type Repeat = { line: number; of: number; percent?: number };

/** Exact and near duplicate rows: each row leaves a 64-bit hash and, for the first rows, a MinHash signature. */
export class DuplicateFinder {
  private hashA: Int32Array = new Int32Array(4096);
  private hashB: Int32Array = new Int32Array(4096);
  private lines: Int32Array = new Int32Array(4096);
  private rows = 0;
  private readonly sketch = new ShingleSketch();
  private nearIndex: NearRepeatIndex | undefined; // made at the first signature: its tables are big
  private readonly nearFound: Repeat[] = [];
  private signedLines: number[] = [];
  nearChecked = 0;

  /** Records the row of `line`, whose UTF-8 bytes are `bytes[start, end)`; past the cap, nothing. */
  addRow(bytes: DataView, start: number, end: number, line: number): void {
    if (this.rows >= EXACT_DUPLICATE_ROW_CAP) return;
    if (this.rows === this.lines.length) {
      const size = Math.min(EXACT_DUPLICATE_ROW_CAP, 2 * this.rows);
      this.hashA = grown(this.hashA, size);
      this.hashB = grown(this.hashB, size);
      this.lines = grown(this.lines, size);
    }
    this.hash(bytes, start, end);
    this.lines[this.rows++] = line;
  }

  /** The sketch to give the texts of the row just added, emptied, if it takes part in the near check. */
  nearRow(): ShingleSketch | undefined {
    if (this.rows >= EXACT_DUPLICATE_ROW_CAP || this.signedLines.length >= NEAR_DUPLICATE_ROW_CAP) return undefined;
    this.nearChecked++;
    this.sketch.reset();
    return this.sketch;
  }

  /** Keeps the signature of the row given to the sketch, if it had enough shingles. */
  endNearRow(): void {
    if (this.sketch.shingles < MIN_SHINGLES) return;
    const index = (this.nearIndex ??= new NearRepeatIndex());
    this.sketch.signature(index.signatures, this.signedLines.length * SKETCH_BINS);
    const percent = index.add(this.signedLines.length);
    this.signedLines.push(this.lines[this.rows - 1]!);
    if (percent)
      this.nearFound.push({ line: this.lines[this.rows - 1]!, of: this.signedLines[index.earlier]!, percent });
  }

  /** The repeats, in line order; a row both near and exact counts as exact. */
  finish(): Repeat[] {
    const repeats = new Map(this.nearFound.map((r) => [r.line, r]));
    const lines = this.lines;
    exactRepeats(this.hashA, this.hashB, this.rows, (row, original) => {
      repeats.set(lines[row]!, { line: lines[row]!, of: lines[original]! });
    });
    return [...repeats.values()].sort((x, y) => x.line - y.line);
  }

  /** The row's 64-bit hash, in hashA and hashB: four multiply-rotate lanes over 4-byte words, folded into two. */
  private hash(bytes: DataView, start: number, end: number): void {
    let a = 0x9747b28c ^ (end - start);
    let b = 0x5bd1e995 ^ (end - start);
    let c = 0x2545f491;
    let d = 0x61c88647;
    let i = start;
    for (; i + 16 <= end; i += 16) {
      a = Math.imul(a ^ bytes.getInt32(i, true), 0xcc9e2d51);
      a = (a << 15) | (a >>> 17);
      b = Math.imul(b ^ bytes.getInt32(i + 4, true), 0x1b873593);
      b = (b << 13) | (b >>> 19);
      c = Math.imul(c ^ bytes.getInt32(i + 8, true), 0xcc9e2d51);
      c = (c << 15) | (c >>> 17);
      d = Math.imul(d ^ bytes.getInt32(i + 12, true), 0x1b873593);
      d = (d << 13) | (d >>> 19);
    }
    a ^= Math.imul(c, 0x85ebca6b);
    b ^= Math.imul(d, 0xc2b2ae35);
    for (; i + 4 <= end; i += 4) {
      a = Math.imul(a ^ bytes.getInt32(i, true), 0x2545f491);
      a = (a << 15) | (a >>> 17);
    }
    for (; i < end; i++) b = Math.imul(b ^ bytes.getUint8(i), 0x01000193);
    this.hashA[this.rows] = fmix32(a ^ Math.imul(b, 0x9e3779b1));
    this.hashB[this.rows] = fmix32(b ^ Math.imul(a, 0x85ebca6b));
  }
}

function grown(from: Int32Array, size: number): Int32Array {
  const to = new Int32Array(size);
  to.set(from);
  return to;
}

/** A hash table of 2^k slots, k the least for at most half full with `n` entries, and its mask. */
function tableMask(n: number): number {
  let size = 16;
  while (size < 2 * n) size *= 2;
  return size - 1;
}

/**
 * Rows `0..n-1` equal to an earlier row by their 64-bit hash (`a`, `b`), each with the first such
 * row, in row order. The table's slots are salted per run, so crafted rows cannot pile into one.
 */
export function exactRepeats(
  a: Int32Array,
  b: Int32Array,
  n: number,
  found: (row: number, original: number) => void,
): void {
  const mask = tableMask(n);
  const salt = (Math.random() * 0x100000000) | 0;
  const firsts = new Int32Array(mask + 1); // a row + 1; 0 for an empty slot
  for (let r = 0; r < n; r++) {
    let slot = fmix32(a[r]! ^ Math.imul(b[r]!, 0x9e3779b1) ^ salt) & mask;
    for (let q = firsts[slot]!; ; q = firsts[(slot = (slot + 1) & mask)]!) {
      if (q === 0) {
        firsts[slot] = r + 1;
        break;
      }
      if (a[q - 1] === a[r] && b[q - 1] === b[r]) {
        found(r, q - 1);
        break;
      }
    }
  }
}

const NEAR_SLOTS = tableMask(NEAR_DUPLICATE_ROW_CAP) + 1; // per band: at most half full

/**
 * The near search, row by row: in each band a row meets the first MAX_COMPARED earlier rows of its key (slots salted
 * per run), a pair counting from MIN_EQUAL_BINS equal bins; the best (the first on ties) is the row it repeats.
 */
export class NearRepeatIndex {
  /** The signatures of the rows added, SKETCH_BINS values each. */
  readonly signatures = new Uint16Array(NEAR_DUPLICATE_ROW_CAP * SKETCH_BINS);
  /** Per band, NEAR_SLOTS slots of four: a band key, the rows of that key kept, the first and the last. */
  private readonly table = new Int32Array(BANDS * NEAR_SLOTS * 4);
  /** Per band, the next row of the same key after each row. */
  private readonly next = new Int32Array(BANDS * NEAR_DUPLICATE_ROW_CAP);
  private readonly salt = (Math.random() * 0x100000000) | 0;
  /** The earlier row that the row last added repeats, if it does. */
  earlier = 0;

  /** Adds the signature of `row` (0, 1, 2, ...); the similarity in percent to `earlier`, 0 for none. */
  add(row: number): number {
    const { table, next, signatures: sigs } = this;
    let best = 0;
    for (let band = 0; band < BANDS; band++) {
      const key = bandKey(sigs, row * SKETCH_BINS, band);
      let slot = fmix32(key ^ this.salt) & (NEAR_SLOTS - 1);
      while (table[(band * NEAR_SLOTS + slot) * 4 + 1] && table[(band * NEAR_SLOTS + slot) * 4] !== key)
        slot = (slot + 1) & (NEAR_SLOTS - 1);
      const at = (band * NEAR_SLOTS + slot) * 4;
      const count = table[at + 1]!;
      const chain = band * NEAR_DUPLICATE_ROW_CAP;
      for (let k = 0, e = table[at + 2]!; k < count; k++, e = next[chain + e]!) {
        let same = 0;
        for (let j = 0; j < SKETCH_BINS; j++) if (sigs[row * SKETCH_BINS + j] === sigs[e * SKETCH_BINS + j]) same++;
        const percent = same < MIN_EQUAL_BINS ? 0 : Math.round((same / SKETCH_BINS) * 100);
        if (percent > best) {
          best = percent;
          this.earlier = e;
        }
      }
      if (count === MAX_COMPARED) continue;
      if (count) next[chain + table[at + 3]!] = row;
      else table[at + 2] = row;
      table[at] = key;
      table[at + 1] = count + 1;
      table[at + 3] = row;
    }
    return best;
  }
}
