import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShingleSketch, SKETCH_BINS } from '../../src/core/dataset/minhash';
import { estimateTokens, TokenStats } from '../../src/core/dataset/stats';

describe('token statistics', () => {
  /** Nearest-rank percentiles of the sorted values: what the counts must give exactly. */
  const bySorting = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.ceil(q * sorted.length) - 1]!;
    return { min: sorted[0]!, median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
  };

  it('gives exact min, median, p95 and max', () => {
    const stats = new TokenStats();
    for (let v = 1000; v >= 1; v--) stats.field('response').add(v);
    expect(stats.summary()).toEqual({ response: { min: 1, median: 500, p95: 950, max: 1000 } });
  });

  it('stays exact for any values and any number of rows, long rows included', () => {
    const value = fc.oneof(fc.nat({ max: 300 }), fc.integer({ min: 4000, max: 5000 }), fc.nat({ max: 20_000 }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 3000 }), (values) => {
        const stats = new TokenStats();
        for (const v of values) stats.field('total').add(v);
        expect(stats.summary().total).toEqual(bySorting(values));
      }),
      { numRuns: 300 },
    );
  });

  it('stays exact over half a million rows, rows in increasing order included', () => {
    const stats = new TokenStats();
    const values = Array.from({ length: 500_000 }, (_, i) => Math.floor(i / 100));
    for (const v of values) stats.field('total').add(v);
    expect(stats.summary().total).toEqual(bySorting(values));
  });

  it('leaves out fields without values and puts the total last', () => {
    const stats = new TokenStats();
    stats.field('instruction');
    stats.field('total').add(3);
    stats.field('response').add(2);
    expect(Object.keys(stats.summary())).toEqual(['response', 'total']);
  });

  it('estimates about four UTF-8 bytes per token', () => {
    expect(estimateTokens(0)).toBe(0);
    expect(estimateTokens(400)).toBe(100);
    expect(estimateTokens(401)).toBe(101);
  });
});

describe('MinHash sketch', () => {
  const signatureSimilarity = (a: Uint16Array, _a: number, b: Uint16Array, _b: number) =>
    a.filter((v, j) => v === b[j]).length / SKETCH_BINS;
  const signature = (...texts: string[]) => {
    const sketch = new ShingleSketch();
    for (const t of texts) sketch.add(t);
    const out = new Uint16Array(SKETCH_BINS);
    expect(sketch.signature(out, 0)).toBe(true);
    return out;
  };
  const words = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => `w${i + offset}`).join(' ');

  it('ignores case, spacing and punctuation, and tracks Jaccard similarity', () => {
    expect(
      signatureSimilarity(signature('Hello,  World! How are you?'), 0, signature('hello world how ARE you'), 0),
    ).toBe(1);
    // 200 words against the same with the last 20 replaced: Jaccard 178/222 ≈ 0.80.
    const similarity = signatureSimilarity(signature(words(200)), 0, signature(`${words(180)} ${words(20, 1000)}`), 0);
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
