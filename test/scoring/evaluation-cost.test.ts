import { describe, expect, it } from 'vitest';
import { costOf } from '../../src/core/scoring';
import { evaluationUsage } from '../../src/core/services/pipeline/score';
import { pair } from './support';

describe('the cost of an evaluation', () => {
  it('counts the judge calls, and per question the candidate and reference answers once', () => {
    const usage = (model: string, n: number) => ({ model, inputTokens: n, outputTokens: n });
    const judgments = ['q1', 'q2'].flatMap((q) =>
      pair(q, 1, 1, {
        inputTokens: 100,
        outputTokens: 10,
        candidateUsage: usage('candidate', 20),
        referenceUsage: usage('reference', 30),
      }),
    );
    const total = evaluationUsage(judgments);
    // 4 judge calls, 2 candidate answers, 2 reference answers.
    expect(total).toHaveLength(8);
    const prices = {
      'judge-1': { inputPerMTok: 1, outputPerMTok: 1 },
      candidate: { inputPerMTok: 2, outputPerMTok: 2 },
      reference: { inputPerMTok: 4, outputPerMTok: 4 },
    };
    const cost = costOf(total, prices);
    expect(cost.tokens).toBe(4 * 110 + 2 * 40 + 2 * 60);
    expect(cost.usd).toBeCloseTo((4 * 110 * 1 + 2 * 40 * 2 + 2 * 60 * 4) / 1e6, 12);
  });
});
