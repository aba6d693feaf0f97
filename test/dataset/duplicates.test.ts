/**
 * What this guards: the duplicate searches of src/core/dataset/duplicates.ts. For any signatures
 * the near search must find exactly what the plain search below finds: in each band, rows with
 * equal band keys in row order, each compared with at most 16 earlier ones of its key, a pair
 * counting from 58 equal bins of 64, the best (first best on ties) kept. The exact search must
 * find, for each row equal to an earlier one by its 64-bit hash, the first such row. The
 * generators plant repeats and near repeats, shared keys, and runs of equal hash halves.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactRepeats, NearRepeatIndex } from '../../src/core/dataset/duplicates';
import { bandKey, SKETCH_BINS } from '../../src/core/dataset/minhash';

const BANDS = 8;
const MIN_EQUAL = Math.ceil(0.9 * SKETCH_BINS);
const MAX_COMPARED = 16;

/** The near search over signatures `0..m-1` as the validator runs it: one row at a time, in order. */
function nearRepeats(signatures: Uint16Array, m: number, found: (slot: number, earlier: number, pct: number) => void) {
  const index = new NearRepeatIndex();
  index.signatures.set(signatures);
  for (let s = 0; s < m; s++) {
    const percent = index.add(s);
    if (percent) found(s, index.earlier, percent);
  }
}

function referenceSearch(signatures: Uint16Array, m: number) {
  const near = new Int32Array(m).fill(-1);
  const percent = new Uint8Array(m);
  for (let band = 0; band < BANDS; band++) {
    const keys = Array.from({ length: m }, (_, s) => bandKey(signatures, s * SKETCH_BINS, band));
    const key = (s: number) => keys[s]!;
    const byKey = new Map<number, number[]>();
    for (let s = 0; s < m; s++) byKey.set(key(s), [...(byKey.get(key(s)) ?? []), s]);
    // Rows in row order; each looks at the earliest rows of its own key.
    for (let later = 0; later < m; later++) {
      const earlier = byKey
        .get(key(later))!
        .filter((s) => s < later)
        .slice(0, MAX_COMPARED);
      for (const e of earlier) {
        let same = 0;
        for (let j = 0; j < SKETCH_BINS; j++)
          if (signatures[later * SKETCH_BINS + j] === signatures[e * SKETCH_BINS + j]) same++;
        const pct = Math.round((same / SKETCH_BINS) * 100);
        if (same >= MIN_EQUAL && pct > percent[later]!) {
          near[later] = e;
          percent[later] = pct;
        }
      }
    }
  }
  return Array.from(percent, (p, s) => (p ? [s, near[s]!, p] : undefined)).filter((x) => x !== undefined);
}

/** Rows drawn from a few originals, each copied with a few bins changed, so bands are shared. */
const scenario = fc.record({
  m: fc.integer({ min: 2, max: 250 }),
  originals: fc.integer({ min: 1, max: 20 }),
  changes: fc.integer({ min: 0, max: 12 }),
  seed: fc.integer(),
});

describe('near-duplicate search', () => {
  it('finds what the plain search finds', () => {
    fc.assert(
      fc.property(scenario, ({ m, originals, changes, seed }) => {
        let x = seed | 1;
        const random = (n: number) => {
          x ^= x << 13;
          x ^= x >>> 17;
          x ^= x << 5;
          return (x >>> 0) % n;
        };
        const signatures = new Uint16Array(m * SKETCH_BINS);
        const base = Array.from({ length: originals }, () => Array.from({ length: SKETCH_BINS }, () => random(65536)));
        for (let s = 0; s < m; s++) {
          const sig = [...base[random(originals)]!];
          for (let c = random(changes + 1); c > 0; c--) sig[random(SKETCH_BINS)] = random(65536);
          signatures.set(sig, s * SKETCH_BINS);
        }
        const found: number[][] = [];
        nearRepeats(signatures, m, (slot, earlier, percent) => found.push([slot, earlier, percent]));
        expect(found).toEqual(referenceSearch(signatures, m));
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('compares each row with the earliest rows of its key only', () => {
    // 900 rows of two alternating signatures: each repeats the first row of its own signature.
    const signatures = new Uint16Array(900 * SKETCH_BINS);
    for (let s = 0; s < 900; s++) signatures.fill(s % 2 ? 7 : 9, s * SKETCH_BINS, (s + 1) * SKETCH_BINS);
    const found = new Map<number, [number, number]>();
    nearRepeats(signatures, 900, (slot, earlier, percent) => found.set(slot, [earlier, percent]));
    expect([found.get(2), found.get(3), found.get(899), found.has(0), found.has(1)]).toEqual([
      [0, 100],
      [1, 100],
      [1, 100],
      false,
      false,
    ]);
  });
});

describe('exact-repeat search', () => {
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
  const search = (a: Int32Array, b: Int32Array, n: number) => {
    const pairs: [number, number][] = [];
    exactRepeats(a, b, n, (row, original) => pairs.push([row, original]));
    return pairs.sort((p, q) => p[0] - q[0]);
  };

  it('finds each repeat and its first original', () => {
    // Fingerprints from few values (many repeats, long runs of equal first halves) or from any.
    const fingerprint = fc.oneof(
      fc.constantFrom(0, 1, -1, 0x7fffffff, -0x80000000, 0x10000, 0x10001),
      fc.integer({ min: -0x80000000, max: 0x7fffffff }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fingerprint, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 600 }),
        (rows) => {
          const a = rows.map(([x]) => x);
          const b = rows.map(([, y]) => y);
          expect(search(Int32Array.from(a), Int32Array.from(b), rows.length)).toEqual(reference(a, b));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays fast on 200,000 distinct fingerprints that share their first half', () => {
    const n = 200_000;
    const a = new Int32Array(n); // a crafted file: one run of equal first halves
    const b = Int32Array.from({ length: n }, (_, i) => i);
    const started = performance.now();
    expect(search(a, b, n)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5_000); // linear in the run; quadratic would take minutes
  });
});
