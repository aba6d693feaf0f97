import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry } from '../../src/core/model';
import { rankLeaderboard } from '../../src/core/scoring';

const entry = (userId: string, winRate: number, ciLow: number, submittedAt: string): LeaderboardEntry => ({
  roundId: 'r',
  userId,
  submissionId: `sub-${userId}`,
  winRate,
  ciLow,
  ciHigh: Math.min(1, winRate + 0.1),
  submittedAt,
});

describe('rankLeaderboard', () => {
  it('ranks by win rate, then the interval lower bound, then the earlier submission', () => {
    const ranked = rankLeaderboard([
      entry('late', 0.6, 0.5, '2026-01-02T10:00:00Z'),
      entry('early', 0.6, 0.5, '2026-01-01T10:00:00Z'),
      entry('surer', 0.6, 0.55, '2026-01-03T10:00:00Z'),
      entry('top', 0.7, 0.4, '2026-01-04T10:00:00Z'),
    ]);
    expect(ranked.map((r) => [r.rank, r.userId])).toEqual([
      [1, 'top'],
      [2, 'surer'],
      [3, 'early'],
      [4, 'late'],
    ]);
  });

  it('treats rates equal up to rounding as a tie', () => {
    const ranked = rankLeaderboard([
      entry('b', 0.1 + 0.2, 0.2, '2026-01-02T00:00:00Z'),
      entry('a', 0.3, 0.2, '2026-01-01T00:00:00Z'),
    ]);
    expect(ranked.map((r) => r.userId)).toEqual(['a', 'b']);
  });

  it('says an entry beats the reference only when the lower bound is above 50%', () => {
    const ranked = rankLeaderboard([
      entry('above', 0.7, 0.51, '2026-01-01'),
      entry('at', 0.65, 0.5, '2026-01-01'),
      entry('below', 0.6, 0.45, '2026-01-01'),
    ]);
    expect(ranked.map((r) => [r.userId, r.beatsReference])).toEqual([
      ['above', true],
      ['at', false],
      ['below', false],
    ]);
  });

  it('never ranks an unscored entry', () => {
    const ranked = rankLeaderboard([
      entry('scored', 0.5, 0.4, '2026-01-01'),
      entry('unscored', Number.NaN, Number.NaN, '2025-12-01'),
    ]);
    expect(ranked.map((r) => [r.rank, r.userId])).toEqual([[1, 'scored']]);
  });

  it('does not reorder its input', () => {
    const input = [entry('b', 0.5, 0.4, '2026-01-01'), entry('a', 0.9, 0.8, '2026-01-01')];
    rankLeaderboard(input);
    expect(input.map((e) => e.userId)).toEqual(['b', 'a']);
  });
});
