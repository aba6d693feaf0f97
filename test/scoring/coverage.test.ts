import { describe, expect, it } from 'vitest';
import type { LeaderboardEntry } from '../../src/core/model';
import { computeScore, rankStandings, wilsonInterval } from '../../src/core/scoring';
import { assignSplits, parseQuestions } from '../../src/core/services/rounds';
import { pair } from './support';

const ids = (n: number, prefix = 'q') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const percent = (x: number) => Math.round(x * 100);

describe('intervals never narrower than Wilson', () => {
  it('reads 44 of 44 won as [92–100], not [100–100]', () => {
    const score = computeScore(
      ids(44).flatMap((q) => pair(q, 1, 1)),
      [],
      {},
      { seed: 1 },
    );
    expect(score.winRate).toBe(1);
    expect([percent(score.ciLow), percent(score.ciHigh)]).toEqual([92, 100]);
  });

  it('does not let one question won beat the reference', () => {
    const score = computeScore(pair('q1', 1, 1), [], {}, { seed: 1 });
    expect(score.winRate).toBe(1);
    expect(score.ciLow).toBeLessThan(0.5);
    expect(score.ciLow).toBeCloseTo(wilsonInterval(1, 1).low, 12);
  });

  it('keeps the bootstrap where it is the wider of the two', () => {
    const wilson = wilsonInterval(22, 44);
    const score = computeScore(
      ids(44).flatMap((q, i) => pair(q, i % 2 ? 1 : 0, i % 2 ? 1 : 0)),
      [],
      {},
      { seed: 1 },
    );
    expect(score.ciLow).toBeLessThanOrEqual(wilson.low);
    expect(score.ciHigh).toBeGreaterThanOrEqual(wilson.high);
  });

  it('matches the textbook Wilson interval (7 of 10: 0.397 to 0.892)', () => {
    const w = wilsonInterval(7, 10);
    expect(w.low).toBeCloseTo(0.3968, 3);
    expect(w.high).toBeCloseTo(0.8922, 3);
  });
});

describe('coverage', () => {
  const questions = ids(44).map((id) => ({ id, split: 'public' as const }));

  it('ranks a submission only when 90% of its questions got a verdict', () => {
    const judged = (n: number) => [
      ...ids(44)
        .slice(0, n)
        .flatMap((q) => pair(q, 1, 1)),
      ...ids(44)
        .slice(n)
        .flatMap((q) => pair(q, null, null)),
    ];
    expect(computeScore(judged(40), [], {}, { questions }).ranked).toBe(true); // 90.9%
    expect(computeScore(judged(39), [], {}, { questions }).ranked).toBe(false); // 88.6%
    expect(computeScore(judged(39), [], {}, { questions, minJudged: 0.8 }).ranked).toBe(true);
  });

  it('does not let 43 failed judgments and one win outrank an honest 80% on 44', () => {
    const thin = computeScore(
      [
        ...pair('q1', 1, 1),
        ...ids(44)
          .slice(1)
          .flatMap((q) => pair(q, null, null)),
      ],
      [],
      {},
      { questions },
    );
    expect(thin).toMatchObject({ winRate: 1, questions: 1, total: 44, errors: 86, ranked: false });
    const honest = computeScore(
      ids(44).flatMap((q, i) => pair(q, i < 35 ? 1 : 0, i < 35 ? 1 : 0)),
      [],
      {},
      { questions },
    );
    expect(honest.ranked).toBe(true);
  });

  it('counts a question never judged against coverage', () => {
    const score = computeScore(
      ids(10).flatMap((q) => pair(q, 1, 1)),
      [],
      {},
      { questions: ids(12).map((id) => ({ id })) },
    );
    expect(score).toMatchObject({ questions: 10, total: 12, ranked: false });
  });

  it('counts coverage on each split: a covered public split does not excuse a thin private one', () => {
    const split = [
      ...ids(10, 'p').map((id) => ({ id, split: 'public' as const })),
      ...ids(20, 'h').map((id) => ({ id, split: 'private' as const })),
    ];
    const js = [
      ...ids(10, 'p').flatMap((q) => pair(q, 1, 1)),
      ...ids(20, 'h').flatMap((q, i) => pair(q, i < 15 ? 0 : null, i < 15 ? 0 : null)),
    ];
    const score = computeScore(js, [], {}, { questions: split });
    expect(score).toMatchObject({ split: 'public', winRate: 1, questions: 10, total: 10 });
    expect(score.private).toMatchObject({ winRate: 0, questions: 15, total: 20, errors: 10 });
    expect(score.ranked).toBe(false);
  });
});

describe('the split of a question set', () => {
  it('reads a split from the question file and refuses an unknown one', () => {
    const parsed = parseQuestions(
      [
        '{"id":"a","question":"Q a?","split":"public"}',
        '{"id":"b","question":"Q b?","split":"private"}',
        '{"id":"c","question":"Q c?"}',
      ].join('\n'),
    );
    expect(parsed.map((q) => q.split)).toEqual(['public', 'private', undefined]);
    expect(() => parseQuestions('{"id":"a","question":"Q?","split":"secret"}')).toThrow(/line 1: `split`/);
  });

  it("keeps the file's marks and draws the rest with the round's share", () => {
    const qs = [
      { id: 'm1', category: 'c', question: '?', split: 'private' as const },
      ...ids(20).map((id) => ({ id, category: 'c', question: '?' })),
    ];
    const split = assignSplits('r1', qs, 0.3);
    expect(split[0]!.split).toBe('private');
    expect(split.slice(1).filter((q) => q.split === 'public')).toHaveLength(6);
    // Another round draws other questions.
    const other = assignSplits('r2', qs, 0.3);
    expect(other.map((q) => q.split)).not.toEqual(split.map((q) => q.split));
  });
});

describe('standings', () => {
  const entry = (userId: string, pub: number, priv: number, at: string): LeaderboardEntry => ({
    roundId: 'r',
    userId,
    submissionId: `s-${userId}`,
    winRate: pub,
    ciLow: pub - 0.1,
    ciHigh: pub + 0.1,
    submittedAt: at,
    private: { winRate: priv, ciLow: priv - 0.1, ciHigh: priv + 0.1, errors: 0 },
  });
  const entries = [
    entry('ann', 0.9, 0.55, '2026-01-01T00:00:00Z'),
    entry('ben', 0.7, 0.75, '2026-01-01T00:01:00Z'),
    entry('cat', 0.6, 0.6, '2026-01-01T00:02:00Z'),
  ];

  it('ranks an open round on the public split', () => {
    expect(rankStandings({ status: 'open' }, entries).map((e) => [e.userId, e.winRate])).toEqual([
      ['ann', 0.9],
      ['ben', 0.7],
      ['cat', 0.6],
    ]);
  });

  it('ranks a closed round on the private split, with each rank on the public one', () => {
    expect(
      rankStandings({ status: 'closed' }, entries).map((e) => [e.userId, e.winRate, e.rank, e.publicRank]),
    ).toEqual([
      ['ben', 0.75, 1, 2],
      ['cat', 0.6, 2, 3],
      ['ann', 0.55, 3, 1],
    ]);
  });
});
