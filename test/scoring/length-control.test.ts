import { describe, expect, it } from 'vitest';
import {
  computeScore,
  LENGTH_GAP_THRESHOLD,
  LENGTH_SCALE_CHARS,
  type LengthPoint,
  leansOnLength,
  lengthControlledRate,
  lengthFeature,
  lengthGapFlag,
  lengthStats,
  medianLengthExcess,
  sharedLengthSlope,
  UNIFORM_PADDING_CHARS,
} from '../../src/core/scoring';
import { pair } from './support';

/** `count` questions scoring `score`, the candidate `excess` characters longer than a 400-character reference. */
const points = (count: number, score: number, excess: number): LengthPoint[] =>
  Array.from({ length: count }, () => ({ score, candidateChars: 400 + excess, referenceChars: 400 }));
const mean = (ps: LengthPoint[]) => ps.reduce((a, p) => a + p.score, 0) / ps.length;
const T1 = Math.tanh(1); // x of a 500-character excess
const T2 = Math.tanh(2); // x of a 1,000-character excess

// An honest submission whose longer answers win more: 10 questions of the reference's length scoring
// 0.5, 10 questions 500 characters longer scoring 0.9. About its own means (x̄ = T1/2, ȳ = 0.7):
// Sxx = 20 (T1/2)² = 5 T1², Sxy = 10 (−T1/2)(−0.2) + 10 (T1/2)(0.2) = 2 T1.
const honest = [...points(10, 0.5, 0), ...points(10, 0.9, 500)];
const HONEST_SLOPE = (2 * T1) / (5 * T1 * T1 + 1); // ≈ 0.3906, with the prior's weight of 1
// Uniform padding: every answer 1,000 characters longer, 16 of 20 won (80% raw).
const padded = [...points(16, 1, 1000), ...points(4, 0, 1000)];

describe('the length feature and sums', () => {
  it('scales the length difference by 500 characters and bounds it with tanh', () => {
    expect(LENGTH_SCALE_CHARS).toBe(500);
    expect(lengthFeature({ candidateChars: 900, referenceChars: 400 })).toBeCloseTo(T1, 12);
    expect(lengthFeature({ candidateChars: 400, referenceChars: 1400 })).toBeCloseTo(-T2, 12);
    expect(lengthFeature({ candidateChars: 400, referenceChars: 400 })).toBe(0);
  });

  it('keeps five sums per submission', () => {
    const s = lengthStats([...points(1, 0.5, 0), ...points(1, 1, 500)]);
    expect(s.questions).toBe(2);
    expect(s.sumX).toBeCloseTo(T1, 12);
    expect(s.sumY).toBeCloseTo(1.5, 12);
    expect(s.sumXX).toBeCloseTo(T1 * T1, 12);
    expect(s.sumXY).toBeCloseTo(T1, 12);
  });
});

describe('the round’s shared length slope', () => {
  it('is the pooled within-submission slope, shrunk by a prior worth one question', () => {
    expect(sharedLengthSlope([lengthStats(honest)])).toBeCloseTo(HONEST_SLOPE, 12);
    // A submission with no length variation of its own adds nothing to the slope.
    expect(sharedLengthSlope([lengthStats(honest), lengthStats(padded)])).toBeCloseTo(HONEST_SLOPE, 12);
    // Two copies of the same evidence: 4 T1 / (10 T1² + 1), closer to the unshrunk 2 / (5 T1) = 0.525.
    const twice = sharedLengthSlope([lengthStats(honest), lengthStats(honest)]);
    expect(twice).toBeCloseTo((4 * T1) / (10 * T1 * T1 + 1), 12);
    expect(twice).toBeGreaterThan(HONEST_SLOPE);
    expect(twice).toBeLessThan(2 / (5 * T1));
  });

  it('does not take a difference in skill between submissions for an effect of length', () => {
    // One submission short and weak, another long and strong, neither varying inside: no slope.
    const weakShort = lengthStats(points(10, 0.3, 0));
    const strongLong = lengthStats(points(10, 0.9, 500));
    expect(sharedLengthSlope([weakShort, strongLong])).toBeCloseTo(0, 12);
  });

  it('is 0 for a round with no length evidence, and ignores empty submissions', () => {
    expect(sharedLengthSlope([])).toBe(0);
    expect(sharedLengthSlope([lengthStats([]), lengthStats(padded)])).toBeCloseTo(0, 12);
  });
});

describe('lengthControlledRate', () => {
  it('corrects uniform padding by the slope the round’s other submissions show: 80% raw reads 42%', () => {
    const slope = sharedLengthSlope([lengthStats(honest), lengthStats(padded)]);
    const lc = lengthControlledRate(lengthStats(padded), slope);
    // a = ȳ − b x̄ = 0.8 − 0.3906 × tanh(2) ≈ 0.4235.
    expect(lc).toBeCloseTo(0.8 - HONEST_SLOPE * T2, 12);
    expect(lc).toBeLessThan(0.7);
    expect(lengthGapFlag(mean(padded), lc)).toBe(true);
  });

  it('reads the honest submission at equal length: its short answers’ level plus the slope’s share', () => {
    // ȳ − b x̄ = 0.7 − 0.3906 × T1/2 ≈ 0.551 (the unshrunk fit would read exactly 0.5).
    expect(lengthControlledRate(lengthStats(honest), HONEST_SLOPE)).toBeCloseTo(0.7 - (HONEST_SLOPE * T1) / 2, 12);
  });

  it('raises the rate of a model that wins with shorter answers', () => {
    const terse = points(10, 0.45, -500);
    expect(lengthControlledRate(lengthStats(terse), HONEST_SLOPE)).toBeCloseTo(0.45 + HONEST_SLOPE * T1, 12);
  });

  it('equals the raw rate with no slope, and stays within [0, 1]', () => {
    expect(lengthControlledRate(lengthStats(padded), 0)).toBeCloseTo(0.8, 12);
    expect(lengthControlledRate(lengthStats(points(5, 0.1, 1000)), 0.5)).toBe(0);
    expect(lengthControlledRate(lengthStats(points(5, 0.9, -1000)), 0.5)).toBe(1);
    expect(lengthControlledRate(lengthStats([]), 0.5)).toBe(0);
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
  it('flags answers 1,000 characters longer everywhere that win 80% raw, even alone in a round', () => {
    // 44 questions, every answer 1,000 characters longer than the reference's (give or take), 80% won.
    const ps = Array.from({ length: 44 }, (_, i) => ({
      score: i % 5 === 4 ? 0 : 1,
      candidateChars: 1400 + ((i * 37) % 200),
      referenceChars: 400 + ((i * 53) % 200),
    }));
    const raw = mean(ps);
    expect(raw).toBeGreaterThanOrEqual(0.79);
    const own = lengthStats(ps);
    const lc = lengthControlledRate(own, sharedLengthSlope([own]));
    // Its own answers cannot show the judge's taste for length: the rate barely moves.
    expect(lengthGapFlag(raw, lc)).toBe(false);
    expect(medianLengthExcess(ps)).toBeGreaterThanOrEqual(UNIFORM_PADDING_CHARS);
    expect(leansOnLength(raw, lc, medianLengthExcess(ps))).toBe(true);
  });

  it("does not flag answers of the reference's length, nor long answers that lose", () => {
    const even = Array.from({ length: 20 }, (_, i) => ({ score: i % 2, candidateChars: 500, referenceChars: 480 }));
    const own = lengthStats(even);
    expect(leansOnLength(mean(even), lengthControlledRate(own, sharedLengthSlope([own])), 20)).toBe(false);
    expect(leansOnLength(0.3, 0.3, 1200)).toBe(false);
  });
});

describe('computeScore with the round’s submissions', () => {
  /** A question's two orders with the candidate `excess` characters longer than a 400-character reference. */
  const question = (id: string, first: 0 | 1, second: 0 | 1, excess: number) =>
    pair(id, first, second, { candidateAnswer: 'x'.repeat(400 + excess), referenceAnswer: 'y'.repeat(400) });
  const honestJudgments = [
    ...Array.from({ length: 10 }, (_, i) => question(`h${i}`, 1, 0, 0)).flat(),
    ...Array.from({ length: 10 }, (_, i) => question(`h${i + 10}`, 1, i % 5 === 0 ? 0 : 1, 500)).flat(),
  ];
  const paddedJudgments = Array.from({ length: 20 }, (_, i) =>
    question(`p${i}`, i < 16 ? 1 : 0, i < 16 ? 1 : 0, 1000),
  ).flat();

  it('keeps its length sums and reads its rate with the slope pooled with the round', () => {
    const first = computeScore(honestJudgments, [], {}, { seed: 1 });
    expect(first.lengthStats).toMatchObject({ questions: 20 });
    expect(first.lengthSlope).toBeCloseTo(HONEST_SLOPE, 12);
    const alone = computeScore(paddedJudgments, [], {}, { seed: 1 });
    expect(alone.lcWinRate).toBeCloseTo(0.8, 12);
    expect(alone.lengthGapFlag).toBe(true); // flagged: 1,000 characters longer on the median question
    const inRound = computeScore(paddedJudgments, [], {}, { seed: 1, roundLengthStats: [first.lengthStats!] });
    expect(inRound.winRate).toBeCloseTo(0.8, 12);
    expect(inRound.lcWinRate).toBeCloseTo(0.8 - HONEST_SLOPE * T2, 12);
    expect(inRound.lengthGapFlag).toBe(true);
  });
});
