/**
 * What this guards: the shingle sketch (src/core/dataset/minhash.ts) reads a text's characters
 * and builds each word's hash as it goes, in 32-bit halves. It must give, for any text, exactly
 * the shingles, bins and signature of the reference below: the plain statement of the rules
 * (word 3-grams of lower-cased words, ideographs one word each, one shingle for a text of one or
 * two words), written over the text's UTF-16 units with no regard for speed, each word then hashed
 * from its UTF-8 bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandKey, fmix32, ShingleSketch, SKETCH_BINS } from '../../src/core/dataset/minhash';

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

function sketchOf(texts: string[]) {
  const sketch = new ShingleSketch();
  const heard: number[] = [];
  for (const t of texts) sketch.add(t, (h) => heard.push(h));
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

describe('shingle sketch', () => {
  it('gives the reference shingles, bins and signature', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 3 }), (texts) => {
        const want = referenceSignature(texts);
        const got = sketchOf(texts);
        expect({ ...got, heard: undefined }).toEqual({ ...want, heard: undefined });
        expect(got.heard).toEqual(texts.flatMap(referenceShingles));
      }),
      { numRuns: 2000 },
    );
  });

  it('is reset between rows, and reads a long text whole', () => {
    const long = Array.from({ length: 40_000 }, (_, i) => `Wörd${i % 977} 中`).join(' ');
    const sketch = new ShingleSketch();
    sketch.add('a short first text to reset');
    sketch.reset();
    sketch.add(long);
    const want = referenceSignature([long]);
    expect(sketch.shingles).toBe(want.shingles);
    expect([...sketch.bins]).toEqual(want.bins);
  });

  it('has no signature without a word', () => {
    const sketch = new ShingleSketch();
    sketch.add(' .,;— ');
    expect(sketch.shingles).toBe(0);
    expect(sketch.signature(new Uint16Array(SKETCH_BINS), 0)).toBe(false);
  });
});

/** Band b's key of a signature: FNV-1a over its 8 bins b × 8 to b × 8 + 7, then fmix32. */
const bandKeys = (signature: number[]) =>
  Array.from({ length: 8 }, (_, band) => {
    let h = 0x811c9dc5 ^ band;
    for (let j = band * 8; j < band * 8 + 8; j++) h = Math.imul(h ^ signature[j]!, 0x01000193);
    return fmix32(h) | 0;
  });

describe('band keys', () => {
  it('are the reference FNV-1a of each band of 8 bins', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 64, maxLength: 64 }),
        fc.nat(5),
        (bins, at) => {
          const signatures = new Uint16Array(at + 64);
          signatures.set(bins, at);
          expect(Array.from({ length: 8 }, (_, band) => bandKey(signatures, at, band))).toEqual(bandKeys(bins));
        },
      ),
      { numRuns: 300 },
    );
  });
});
