import { describe, expect, it } from 'vitest';
import { isTrimmedSpace } from '../../src/core/dataset/raw-text';
import { ShingleSketch, signatureSimilarity, SKETCH_BINS } from '../../src/core/dataset/shingles';
import { estimateTokens, TOKEN_SAMPLE_CAP, TokenStats } from '../../src/core/dataset/stats';

describe('token statistics', () => {
  it('gives exact min, median, p95 and max while every value fits the sample', () => {
    const stats = new TokenStats();
    for (let v = 1000; v >= 1; v--) stats.add('response', v);
    expect(stats.summary()).toEqual({ response: { min: 1, median: 500, p95: 950, max: 1000 } });
  });

  it('keeps exact extremes and close percentiles past the sample cap, in bounded memory', () => {
    const stats = new TokenStats();
    const n = TOKEN_SAMPLE_CAP * 5;
    for (let i = 0; i < n; i++) stats.add('total', (i * 7919) % n);
    const s = stats.summary().total!;
    expect(s.min).toBe(0);
    expect(s.max).toBe(n - 1);
    expect(Math.abs(s.median - n / 2)).toBeLessThan(n * 0.02);
    expect(Math.abs(s.p95 - n * 0.95)).toBeLessThan(n * 0.02);
  });

  it('samples evenly over the whole file, rows in increasing order included', () => {
    const stats = new TokenStats();
    const n = TOKEN_SAMPLE_CAP * 50;
    for (let i = 0; i < n; i++) stats.add('total', i);
    const s = stats.summary().total!;
    expect(Math.abs(s.median - n / 2)).toBeLessThan(n * 0.02);
    expect(Math.abs(s.p95 - n * 0.95)).toBeLessThan(n * 0.01);
  });

  it('estimates about four UTF-8 bytes per token', () => {
    expect(estimateTokens(0)).toBe(0);
    expect(estimateTokens(400)).toBe(100);
    expect(estimateTokens(401)).toBe(101);
  });
});

describe('MinHash sketch', () => {
  const signature = (...texts: string[]) => {
    const sketch = new ShingleSketch();
    for (const t of texts) sketch.add(t);
    const out = new Uint16Array(SKETCH_BINS);
    expect(sketch.signature(out, 0)).toBe(true);
    return out;
  };
  const words = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => `w${i + offset}`).join(' ');

  it('ignores case, spacing and punctuation, and tracks Jaccard similarity', () => {
    expect(signatureSimilarity(signature('Hello,  World! How are you?'), 0, signature('hello world how ARE you'), 0)).toBe(1);
    // 200 words against the same with the last 20 replaced: Jaccard 178/222 ≈ 0.80.
    const similarity = signatureSimilarity(signature(words(200)), 0, signature(words(180) + ' ' + words(20, 1000)), 0);
    expect(similarity).toBeGreaterThan(0.65);
    expect(similarity).toBeLessThan(0.92);
    expect(signatureSimilarity(signature(words(200)), 0, signature(words(200, 5000)), 0)).toBeLessThan(0.1);
  });

  it('has no signature for text without words', () => {
    const sketch = new ShingleSketch();
    sketch.add('?!… — ...');
    expect(sketch.signature(new Uint16Array(SKETCH_BINS), 0)).toBe(false);
  });
});

describe('raw text helpers', () => {
  it('count as white space exactly the characters String.prototype.trim removes', () => {
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      expect([c, isTrimmedSpace(c)]).toEqual([c, String.fromCharCode(c).trim() === '']);
    }
  });
});
