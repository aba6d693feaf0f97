import { describe, expect, it } from 'vitest';
import type { Judgment } from '../../src/core/model';
import { bootstrapInterval, computeScore, costOf, rankLeaderboard, summarizeJudgments } from '../../src/core/scoring';

const j = (questionId: string, order: Judgment['order'], score: Judgment['score'], judge = 'judge-1'): Judgment => ({
  submissionId: 's', questionId, judge, order, score, verdict: score === null ? null : 'A>B', rationale: '', candidateAnswer: 'x'.repeat(100), referenceAnswer: 'y'.repeat(100), inputTokens: 100, outputTokens: 10,
});

describe('scoring against hand-computed cases', () => {
  it('averages both orders per question, counts strict wins and position consistency, excludes errors', () => {
    const js = [
      j('q1', 'candidate-first', 1), j('q1', 'candidate-second', 1), // strict win, consistent
      j('q2', 'candidate-first', 1), j('q2', 'candidate-second', 0), // position flip: 0.5, inconsistent
      j('q3', 'candidate-first', 0.5), j('q3', 'candidate-second', 0.5), // tie, consistent
      j('q4', 'candidate-first', null), j('q4', 'candidate-second', null), // unparsable twice: excluded
    ];
    const s = summarizeJudgments(js);
    expect(s.questions.map((q) => q.score)).toEqual([1, 0.5, 0.5]);
    expect(s.errors).toBe(2);
    expect(s.consistency).toBeCloseTo(2 / 3);
    const score = computeScore(js, [{ model: 'm', inputTokens: 1000, outputTokens: 500 }], { m: { inputPerMTok: 2, outputPerMTok: 10 } }, { seed: 3 });
    expect(score.winRate).toBeCloseTo(2 / 3);
    expect(score.strictWins).toBe(1);
    expect(score.questions).toBe(3);
    expect(score.errors).toBe(2);
    expect(score.tokens).toBe(1500);
    expect(score.costUsd).toBeCloseTo((1000 * 2 + 500 * 10) / 1e6);
  });

  it('gives a reproducible bootstrap interval that contains the mean, and a zero-width one for constant scores', () => {
    const values = [1, 1, 0, 1, 0.5, 0, 1, 1, 0, 1];
    const a = bootstrapInterval(values, { seed: 42, resamples: 2000 });
    expect(bootstrapInterval(values, { seed: 42, resamples: 2000 })).toEqual(a);
    expect(a.low).toBeLessThan(0.65);
    expect(a.high).toBeGreaterThan(0.65);
    // Binomial arithmetic: the standard error of this mean is about 0.13, so the 95% half-width is near 0.25.
    expect(a.high - a.low).toBeGreaterThan(0.35);
    expect(a.high - a.low).toBeLessThan(0.65);
    expect(bootstrapInterval([1, 1, 1, 1], { seed: 1 })).toEqual({ low: 1, high: 1 });
  });

  it('ranks by win rate, then the lower bound, then the earlier submission', () => {
    const e = (userId: string, winRate: number, ciLow: number, submittedAt: string) => ({ roundId: 'r', userId, submissionId: userId, winRate, ciLow, ciHigh: 1, submittedAt });
    const ranked = rankLeaderboard([e('late', 0.6, 0.5, '2026-01-02'), e('early', 0.6, 0.5, '2026-01-01'), e('tight', 0.6, 0.55, '2026-01-03'), e('top', 0.7, 0.4, '2026-01-04')]);
    expect(ranked.map((r) => [r.rank, r.userId])).toEqual([[1, 'top'], [2, 'tight'], [3, 'early'], [4, 'late']]);
    expect(ranked.find((r) => r.userId === 'tight')!.beatsReference).toBe(true);
    expect(ranked.find((r) => r.userId === 'top')!.beatsReference).toBe(false);
  });

  it('costs unknown models nothing but still counts their tokens', () => {
    expect(costOf([{ model: 'unknown', inputTokens: 10, outputTokens: 5 }], {})).toEqual({ tokens: 15, usd: 0 });
  });
});
