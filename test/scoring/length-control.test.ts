import { describe, expect, it } from 'vitest';
import {
  LENGTH_GAP_THRESHOLD,
  type LengthPoint,
  leansOnLength,
  lengthControlledRate,
  lengthGapFlag,
  medianLengthExcess,
  UNIFORM_PADDING_CHARS,
} from '../../src/core/scoring';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const logit = (p: number) => Math.log(p / (1 - p));
const points = (count: number, score: number, candidateChars: number, referenceChars = 500): LengthPoint[] =>
  Array.from({ length: count }, () => ({ score, candidateChars, referenceChars }));
const mean = (ps: LengthPoint[]) => ps.reduce((a, p) => a + p.score, 0) / ps.length;

describe('lengthControlledRate', () => {
  it('matches the hand-computed fit when longer answers win more', () => {
    // 8 questions 300 chars longer than the reference scoring 0.9, 2 questions 300 shorter scoring 0.3.
    // The features are ±tanh(300/sd), symmetric, and two groups fit exactly, so without a penalty the
    // intercept is the mean of the two groups' logits.
    const ps = [...points(8, 0.9, 800), ...points(2, 0.3, 200)];
    const expected = sigmoid((logit(0.9) + logit(0.3)) / 2);
    expect(lengthControlledRate(ps, { ridge: 0 })).toBeCloseTo(expected, 9);
    expect(mean(ps)).toBeCloseTo(0.78, 12);
    expect(lengthGapFlag(mean(ps), lengthControlledRate(ps, { ridge: 0 }))).toBe(true);
  });

  it('with the default penalty still lowers the rate a length advantage inflated, but less far', () => {
    const ps = [...points(8, 0.9, 800), ...points(2, 0.3, 200)];
    const raw = mean(ps);
    const unpenalised = lengthControlledRate(ps, { ridge: 0 });
    const penalised = lengthControlledRate(ps);
    expect(penalised).toBeLessThan(raw);
    expect(penalised).toBeGreaterThan(unpenalised);
  });

  it('equals the raw rate when score does not depend on length', () => {
    const ps = [...points(6, 0.6, 900), ...points(4, 0.6, 100)];
    expect(lengthControlledRate(ps)).toBeCloseTo(0.6, 9);
  });

  it('raises the rate of a model that wins despite shorter answers', () => {
    const ps = [...points(8, 0.3, 200), ...points(2, 0.9, 800)];
    expect(lengthControlledRate(ps)).toBeGreaterThan(mean(ps));
  });

  it('returns the raw rate when the length difference has no spread or the scores are unanimous', () => {
    expect(lengthControlledRate([...points(3, 1, 900), ...points(3, 0, 900)])).toBe(0.5);
    expect(lengthControlledRate(points(5, 1, 2000))).toBe(1);
    expect(lengthControlledRate([])).toBe(0);
  });

  it('is deterministic and stays finite when length separates wins from losses perfectly', () => {
    const ps = [...points(5, 1, 1500), ...points(5, 0, 100)];
    const lc = lengthControlledRate(ps);
    expect(lengthControlledRate(ps)).toBe(lc);
    expect(Number.isFinite(lc)).toBe(true);
    expect(lc).toBeGreaterThan(0);
    expect(lc).toBeLessThan(1);
  });
});

describe('lengthGapFlag', () => {
  it('flags a gap of more than 10 points either way', () => {
    expect(LENGTH_GAP_THRESHOLD).toBe(0.1);
    expect(lengthGapFlag(0.7, 0.58)).toBe(true);
    expect(lengthGapFlag(0.4, 0.52)).toBe(true);
    expect(lengthGapFlag(0.7, 0.62)).toBe(false);
  });
});

describe('uniform padding', () => {
  it('flags answers 1,000 characters longer everywhere that win 80% raw', () => {
    // 44 questions, every answer 1,000 characters longer than the reference's (give or take), 80% won.
    const ps = Array.from({ length: 44 }, (_, i) => ({
      score: i % 5 === 4 ? 0 : 1,
      candidateChars: 1400 + ((i * 37) % 200),
      referenceChars: 400 + ((i * 53) % 200),
    }));
    const raw = mean(ps);
    expect(raw).toBeGreaterThanOrEqual(0.79);
    const lc = lengthControlledRate(ps);
    // The regression alone misses it: the rate barely moves.
    expect(lengthGapFlag(raw, lc)).toBe(false);
    expect(medianLengthExcess(ps)).toBeGreaterThanOrEqual(UNIFORM_PADDING_CHARS);
    expect(leansOnLength(raw, lc, medianLengthExcess(ps))).toBe(true);
  });

  it("does not flag answers of the reference's length, nor long answers that lose", () => {
    const even = Array.from({ length: 20 }, (_, i) => ({ score: i % 2, candidateChars: 500, referenceChars: 480 }));
    expect(leansOnLength(mean(even), lengthControlledRate(even), medianLengthExcess(even))).toBe(false);
    expect(leansOnLength(0.3, 0.3, 1200)).toBe(false);
  });
});
