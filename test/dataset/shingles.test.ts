/**
 * What this guards: the shingle sketch runs as WebAssembly (src/core/dataset/shingles.wat). It
 * must give, for any text, raw or decoded, exactly
 * the shingles, bins and signature of the reference below: the plain statement of the rules
 * (word 3-grams of lower-cased words, ideographs one word each, one shingle for a text of one or
 * two words), written over the text's UTF-16 units with no regard for speed, each word then hashed
 * from its UTF-8 bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeByteText } from '../../src/adapters/node/byte-text';
import { fmix32 } from '../../src/core/dataset/hashing';
import { ShingleSketch, SKETCH_BINS, SketchBatch } from '../../src/core/dataset/shingles';

const EMPTY = 0xffffffff;

function isWordUnit(c: number): boolean {
  if (c < 0x80) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c === 0xa0 || c === 0x1680 || c === 0x3000 || c === 0xfeff) return false;
  if ((c >= 0x2000 && c <= 0x200b) || (c >= 0x2010 && c <= 0x2029) || (c >= 0x202f && c <= 0x205f)) return false;
  return !((c >= 0x3001 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff0f));
}

const WORD_SEED = 0x9e3779b97f4a7c15n;
const WORD_MULTIPLIER = 0xff51afd7ed558ccdn;
const U64 = (1n << 64n) - 1n;

/** A word's hash: its UTF-8 bytes, ASCII capitals lower-cased, read 8 at a time (little-endian, zero-padded). */
function wordHash(word: string): number {
  const bytes = [...new TextEncoder().encode(word)].map((b) => (b >= 65 && b <= 90 ? b + 32 : b));
  let h = WORD_SEED;
  for (let i = 0; i < bytes.length; i += 8) {
    let block = 0n;
    for (let j = 0; j < 8 && i + j < bytes.length; j++) block |= BigInt(bytes[i + j]!) << BigInt(8 * j);
    h = ((h ^ block) * WORD_MULTIPLIER) & U64;
    h = ((h << 31n) | (h >> 33n)) & U64;
  }
  return Number((h ^ (h >> 32n)) & 0xffffffffn) | 0;
}

/** The words of a text (runs of word units; an ideograph ends its word), each as its hash. */
function wordHashes(text: string): number[] {
  const words: number[] = [];
  let word = '';
  const end = () => {
    if (word) words.push(wordHash(word));
    word = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!isWordUnit(c)) {
      end();
      continue;
    }
    word += text[i];
    if (c >= 0x2e80 && c <= 0xd7af) end(); // an ideograph is a word
  }
  end();
  return words;
}

const windowHash = (w1: number, w2: number, w3: number) =>
  fmix32(Math.imul(w1, 0x2545f491) ^ Math.imul(w2, 0x9e3779b1) ^ w3);

/** A lone surrogate (only \u escapes make one) reads as U+FFFD, as in the text's UTF-8 form. */
const wellFormedText = (text: string) =>
  text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

/** The reference: shingle hashes of one text. */
function referenceShingles(text: string): number[] {
  const w = wordHashes(wellFormedText(text));
  if (w.length === 1) return [fmix32(w[0]!)];
  if (w.length === 2) return [windowHash(w[0]!, w[1]!, 0x5bd1e995)];
  return w.slice(2).map((word, i) => windowHash(w[i]!, w[i + 1]!, word));
}

function referenceSignature(texts: string[]): { shingles: number; bins: number[]; signature: number[] | undefined } {
  const bins = new Array<number>(SKETCH_BINS).fill(EMPTY);
  let shingles = 0;
  for (const t of texts) {
    for (const h of referenceShingles(t)) {
      const bin = h >>> 26;
      bins[bin] = Math.min(bins[bin]!, h & 0x3ffffff);
      shingles++;
    }
  }
  if (!shingles) return { shingles, bins, signature: undefined };
  const signature = bins.map((_, j) => {
    let distance = 0;
    while (bins[(j + distance) % SKETCH_BINS] === EMPTY) distance++;
    return fmix32(bins[(j + distance) % SKETCH_BINS]! + Math.imul(distance, 0x9e3779b9)) & 0xffff;
  });
  return { shingles, bins, signature };
}

const raw = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

function sketchOf(texts: string[], form: 'decoded' | 'raw' | 'raw without byteText') {
  const sketch = new ShingleSketch(form === 'raw' ? nodeByteText : undefined);
  const heard: number[] = [];
  for (const t of texts)
    sketch.add(form === 'decoded' ? t : raw(t), { shingle: (h) => heard.push(h) }, form !== 'decoded');
  const signature = new Uint16Array(SKETCH_BINS + 3);
  const signed = sketch.signature(signature, 3);
  return {
    shingles: sketch.shingles,
    bins: [...sketch.bins],
    signature: signed ? [...signature.subarray(3)] : undefined,
    heard,
  };
}

/** Pieces chosen for the rules: word characters of every width, each kind of separator, ideographs at the range ends, astral characters, lone surrogates. */
const piece = fc.constantFrom(
  'a',
  'Bc',
  'XYZ',
  'word',
  'Hello',
  '42',
  '0',
  ' ',
  '  ',
  '\n',
  '\t',
  '\0',
  '.',
  ',',
  '-',
  "'",
  '"',
  '_',
  '@',
  'é',
  'Ü',
  'ñandú',
  'ß',
  'Ω',
  'я',
  '\u0800',
  '\u07ff',
  '\u200c',
  '\u200d',
  '\u2e7f',
  '\u2e80',
  '中',
  '文',
  '\ud7af',
  '\ud7b0',
  '😀',
  '𝔘',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2003',
  '\u200b',
  '\u2010',
  '\u2019',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u2030',
  '\u205e',
  '\u205f',
  '\u3000',
  '\u3001',
  '\u303f',
  '\u3040',
  '\uff01',
  '\uff0f',
  '\uff10',
  '\ufeff',
  '\ud800',
  '\udc00',
);
const text = fc.oneof(
  fc.array(piece, { maxLength: 40 }).map((p) => p.join('')),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
/** Without lone surrogates: those only come from \u escapes, so raw text never has them. */
const wellFormed = text.filter((t) => wellFormedText(t) === t);

describe('shingle sketch (WebAssembly)', () => {
  it('gives the reference shingles, bins and signature for decoded text', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 3 }), (texts) => {
        const want = referenceSignature(texts);
        const got = sketchOf(texts, 'decoded');
        expect({ ...got, heard: undefined }).toEqual({ ...want, heard: undefined });
        expect(got.heard).toEqual(texts.flatMap(referenceShingles));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives raw text (one character per UTF-8 byte) the shingles of its decoded form', () => {
    fc.assert(
      fc.property(fc.array(wellFormed, { minLength: 1, maxLength: 3 }), (texts) => {
        const decoded = sketchOf(texts, 'decoded');
        expect(sketchOf(texts, 'raw')).toEqual(decoded);
        expect(sketchOf(texts, 'raw without byteText')).toEqual(decoded);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps sketches apart that share the module, used in turn', () => {
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 4 }),
        fc.array(text, { minLength: 1, maxLength: 4 }),
        (a, b) => {
          const one = new ShingleSketch();
          const other = new ShingleSketch(nodeByteText);
          for (let i = 0; i < Math.max(a.length, b.length); i++) {
            if (i < a.length) one.add(a[i]!);
            if (i < b.length) other.add(b[i]!);
          }
          const signature = (s: ShingleSketch) => {
            const out = new Uint16Array(SKETCH_BINS);
            return s.signature(out, 0) ? [...out] : undefined;
          };
          const want = (texts: string[]) => ({
            shingles: referenceSignature(texts).shingles,
            signature: referenceSignature(texts).signature,
          });
          expect({ shingles: other.shingles, signature: signature(other) }).toEqual(want(b));
          expect({ shingles: one.shingles, signature: signature(one) }).toEqual(want(a));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('grows its memory for a long text, and is reset between rows', () => {
    const long = Array.from({ length: 40_000 }, (_, i) => `Wörd${i % 977} 中`).join(' '); // ~400 KB of UTF-8
    const sketch = new ShingleSketch(nodeByteText);
    sketch.add('a short first text to reset', undefined, false);
    sketch.reset();
    sketch.add(raw(long), undefined, true);
    const want = referenceSignature([long]);
    expect(sketch.shingles).toBe(want.shingles);
    expect([...sketch.bins]).toEqual(want.bins);
    const heard: number[] = [];
    sketch.reset();
    sketch.add(long, { shingle: (h) => heard.push(h) });
    expect(heard).toEqual(referenceShingles(long));
  });

  it('has no signature without a word', () => {
    const sketch = new ShingleSketch();
    sketch.add(' .,;— ');
    expect(sketch.shingles).toBe(0);
    expect(sketch.signature(new Uint16Array(SKETCH_BINS), 0)).toBe(false);
  });
});

/** Band b's key of a signature: FNV-1a over its 8 bins b × 8 to b × 8 + 7, then fmix32 (as the near index wants them). */
const bandKeys = (signature: number[]) =>
  Array.from({ length: 8 }, (_, band) => {
    let h = 0x811c9dc5 ^ band;
    for (let j = band * 8; j < band * 8 + 8; j++) h = Math.imul(h ^ signature[j]!, 0x01000193);
    return fmix32(h) | 0;
  });

describe('sketch batch (WebAssembly, many rows a call)', () => {
  /** Rows of 0 to 3 texts each. */
  const rows = fc.array(fc.array(text, { maxLength: 3 }), { maxLength: 12 });

  it('gives each row the reference shingles, signs those with enough, and hashes their bands', () => {
    fc.assert(
      fc.property(
        rows,
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<'decoded' | 'raw'>('decoded', 'raw'),
        (batchRows, min, form) => {
          if (form === 'raw') batchRows = batchRows.map((r) => r.filter((t) => wellFormedText(t) === t));
          const batch = new SketchBatch(nodeByteText);
          for (const r of batchRows) {
            for (const t of r) batch.add(form === 'raw' ? raw(t) : t, form === 'raw');
            batch.endRow();
          }
          expect(batch.rows).toBe(batchRows.length);
          const got = batch.sketch(min);
          const want = batchRows.map(referenceSignature);
          expect([...got.shingles]).toEqual(want.map((w) => w.shingles));
          const signed = want.filter((w) => w.shingles >= min).map((w) => w.signature!);
          expect(got.signed).toBe(signed.length);
          expect([...got.signatures]).toEqual(signed.flat());
          for (let band = 0; band < 8; band++) {
            expect([...got.keys.subarray(band * got.rows, band * got.rows + got.signed)]).toEqual(
              signed.map((sig) => bandKeys(sig)[band]),
            );
          }
          expect(batch.rows).toBe(0); // emptied: the next rows start afresh
        },
      ),
      { numRuns: 500 },
    );
  });

  it('takes batches one after another, and long texts that make its memory grow', () => {
    const long = Array.from({ length: 40_000 }, (_, i) => `Wörd${i % 977} 中`).join(' ');
    const batch = new SketchBatch(nodeByteText);
    for (const texts of [
      ['one two three four five six seven eight nine ten'],
      [raw(long), 'and more words here'],
      [],
    ]) {
      for (const t of texts) batch.add(t, t === raw(long));
      batch.endRow();
      const got = batch.sketch(8);
      const want = referenceSignature(texts.map((t) => (t === raw(long) ? long : t)));
      expect([...got.shingles]).toEqual([want.shingles]);
      expect([...got.signatures]).toEqual(want.shingles >= 8 ? want.signature : []);
    }
  });
});
