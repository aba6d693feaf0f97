/**
 * What this guards: the near-duplicate search runs as WebAssembly (duplicate-search.wat). For any
 * signatures and band keys it must find exactly what the plain search below finds: in each band,
 * slots with equal keys in slot order, each compared with at most `maxCompared` earlier ones of
 * its key, a pair counting from `minEqual` equal bins, the best (first best on ties) kept. The
 * generators plant repeats and near repeats, shared keys, and buckets big enough to be sorted.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANDS, exactRepeats, NearIndex } from '../../src/core/dataset/duplicate-search';

const BINS = 64;

function referenceSearch(
  signatures: Uint16Array,
  keys: Int32Array,
  capacity: number,
  m: number,
  minEqual: number,
  maxCompared: number,
) {
  const near = new Int32Array(m).fill(-1);
  const percent = new Uint8Array(m);
  for (let band = 0; band < BANDS; band++) {
    const key = (s: number) => keys[band * capacity + s]!;
    const byKey = new Map<number, number[]>();
    for (let s = 0; s < m; s++) byKey.set(key(s), [...(byKey.get(key(s)) ?? []), s]);
    // Slots in slot order; each looks at the earliest slots of its own key.
    for (let later = 0; later < m; later++) {
      const earlier = byKey
        .get(key(later))!
        .filter((s) => s < later)
        .slice(0, maxCompared);
      for (const e of earlier) {
        let same = 0;
        for (let j = 0; j < BINS; j++) if (signatures[later * BINS + j] === signatures[e * BINS + j]) same++;
        const pct = Math.round((same / BINS) * 100);
        if (same >= minEqual && pct > percent[later]!) {
          near[later] = e;
          percent[later] = pct;
        }
      }
    }
  }
  return { near: Array.from(percent, (p, s) => (p ? near[s]! : -1)), percent: [...percent] };
}

/** Slots drawn from a few originals, each copied with a few bins changed; keys from few values, so buckets fill. */
const scenario = fc.record({
  m: fc.integer({ min: 2, max: 400 }),
  originals: fc.integer({ min: 1, max: 20 }),
  changes: fc.integer({ min: 0, max: 12 }),
  keyValues: fc.integer({ min: 1, max: 300 }),
  seed: fc.integer(),
  minEqual: fc.integer({ min: 40, max: 64 }),
  maxCompared: fc.integer({ min: 1, max: 20 }),
});

describe('near-duplicate search (WebAssembly)', () => {
  it('finds what the plain search finds', () => {
    fc.assert(
      fc.property(scenario, ({ m, originals, changes, keyValues, seed, minEqual, maxCompared }) => {
        let x = seed | 1;
        const random = (n: number) => {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          return (x >>> 0) % n;
        };
        const capacity = m + random(50);
        const index = new NearIndex(capacity);
        const base = Array.from({ length: originals }, () => Array.from({ length: BINS }, () => random(65536)));
        for (let s = 0; s < m; s++) {
          const sig = [...base[random(originals)]!];
          for (let c = random(changes + 1); c > 0; c--) sig[random(BINS)] = random(65536);
          index.signatures.set(sig, s * BINS);
          for (let band = 0; band < BANDS; band++) {
            // Keys often follow the band's bins (as real band hashes do), else collide at random.
            const k = random(3)
              ? sig.slice(band * 8, band * 8 + 8).reduce((h, v) => Math.imul(h ^ v, 0x01000193), band)
              : random(keyValues);
            index.keys[band * capacity + s] = k;
          }
        }
        const want = referenceSearch(index.signatures, index.keys, capacity, m, minEqual, maxCompared);
        const got = index.search(m, minEqual, maxCompared, 64);
        expect({ near: Array.from(got.percent, (p, s) => (p ? got.near[s]! : -1)), percent: [...got.percent] }).toEqual(
          want,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('sorts a big bucket of equal keys and still compares each slot with the earliest of its key', () => {
    const capacity = 1000;
    const index = new NearIndex(capacity);
    // 900 slots whose keys alternate between two values that share their top bits: one bucket, sorted.
    for (let s = 0; s < 900; s++) {
      index.signatures.fill(s % 2 ? 7 : 9, s * BINS, s * BINS + BINS);
      for (let band = 0; band < BANDS; band++) index.keys[band * capacity + s] = s % 2 ? 0x1000 : 0x1001;
    }
    const { near, percent } = index.search(900, 58, 16, 64);
    expect([near[2], percent[2], near[3], percent[3], near[899], percent[899]]).toEqual([0, 100, 1, 100, 1, 100]);
    expect(percent[0]).toBe(0);
    expect(percent[1]).toBe(0);
  });
});

describe('exact-repeat search (WebAssembly)', () => {
  /** For each row equal to an earlier one, the first such row. */
  const reference = (a: number[], b: number[]) => {
    const first = new Map<string, number>();
    const pairs: [number, number][] = [];
    a.forEach((x, r) => {
      const key = `${x},${b[r]}`;
      const q = first.get(key);
      if (q === undefined) first.set(key, r);
      else pairs.push([r, q]);
    });
    return pairs.sort((p, q) => p[0] - q[0]);
  };
  const found = (pairs: Int32Array) =>
    Array.from({ length: pairs.length / 2 }, (_, k) => [pairs[2 * k]!, pairs[2 * k + 1]!] as [number, number]).sort(
      (p, q) => p[0] - q[0],
    );

  it('finds each repeat and its first original, in small and in sorted buckets', () => {
    // Fingerprints from few values (many repeats, big buckets: top bits shared) or from any.
    const fingerprint = fc.oneof(
      fc.constantFrom(0, 1, -1, 0x7fffffff, -0x80000000, 0x10000, 0x10001),
      fc.integer({ min: -0x80000000, max: 0x7fffffff }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fingerprint, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 600 }),
        fc.integer({ min: 1, max: 100 }),
        (rows, smallBucket) => {
          const a = rows.map(([x]) => x);
          const b = rows.map(([, y]) => y);
          expect(found(exactRepeats(Int32Array.from(a), Int32Array.from(b), rows.length, smallBucket))).toEqual(
            reference(a, b),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays fast on a bucket of 200,000 distinct fingerprints that share their top bits', () => {
    const n = 200_000;
    const a = Int32Array.from({ length: n }, (_, i) => (i * 7) % n); // all below 2^18: one bucket
    const b = Int32Array.from({ length: n }, (_, i) => i % 5);
    const started = performance.now();
    const pairs = exactRepeats(a, b, n, 64);
    expect(pairs.length).toBe(0);
    expect(performance.now() - started).toBeLessThan(5_000); // n log n; quadratic would take minutes
  });
});
