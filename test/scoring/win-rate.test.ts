import { describe, expect, it } from 'vitest';
import { positionConsistency, questionScores, strictWins, summarizeJudgments } from '../../src/core/scoring';
import { pair } from './support';

describe('per-question scores', () => {
  it('averages over both orders and every judge, each question counted once', () => {
    const scores = questionScores([
      ...pair('q1', 1, 0.5, { judge: 'j1' }),
      ...pair('q1', 1, 1, { judge: 'j2' }), // (1 + 0.5 + 1 + 1) / 4
      ...pair('q2', 0.5, 0.5), // a tie in both orders
      ...pair('q3', 1, 0), // a position flip
    ]);
    expect([...scores]).toEqual([
      ['q1', 0.875],
      ['q2', 0.5],
      ['q3', 0.5],
    ]);
  });

  it('excludes unparsable judgments and reports them; a question with only errors is left out and counted', () => {
    const s = summarizeJudgments([...pair('q1', 1, null), ...pair('q2', null, null), ...pair('q3', 0, 0)]);
    expect(s.questions.map((q) => [q.questionId, q.score, q.errors])).toEqual([
      ['q1', 1, 1],
      ['q3', 0, 0],
    ]);
    expect(s.errors).toBe(3);
    expect(s.erroredQuestions).toBe(1);
  });
});

describe('strict wins', () => {
  it('count only questions every judge won in both orders', () => {
    expect(
      strictWins([
        ...pair('won', 1, 1, { judge: 'j1' }),
        ...pair('won', 1, 1, { judge: 'j2' }),
        ...pair('split-panel', 1, 1, { judge: 'j1' }),
        ...pair('split-panel', 1, 0.5, { judge: 'j2' }),
        ...pair('flip', 1, 0),
        ...pair('tie', 0.5, 0.5),
      ]),
    ).toBe(1);
  });

  it('are not strict when an order errored or is missing', () => {
    expect(strictWins([...pair('q1', 1, null)])).toBe(0);
    expect(strictWins([pair('q2', 1, 1)[0]!])).toBe(0);
  });
});

describe('position consistency', () => {
  it('is the share of (question, judge) pairs whose orders agree; a tie agrees only with a tie', () => {
    const c = positionConsistency([
      ...pair('q1', 1, 1), // agree
      ...pair('q2', 0, 0), // agree
      ...pair('q3', 0.5, 0.5), // agree
      ...pair('q4', 1, 0), // disagree
      ...pair('q5', 0.5, 1), // disagree: a tie against a win
      ...pair('q6', 1, null), // left out: one order unparsed
    ]);
    expect(c).toBeCloseTo(3 / 5, 12);
  });

  it('pairs orders per judge, not across judges', () => {
    expect(positionConsistency([...pair('q1', 1, 1, { judge: 'j1' }), ...pair('q1', 0, 1, { judge: 'j2' })])).toBe(0.5);
  });

  it('is 0 when no pair has both orders parsed', () => {
    expect(summarizeJudgments([...pair('q1', null, 1)]).consistency).toBe(0);
    expect(summarizeJudgments([]).pairs).toBe(0);
  });
});
