import { describe, expect, it } from 'vitest';
import type { Score } from '../../src/core/model';
import { bootstrapInterval, computeScore, costOf, trainingCostOf } from '../../src/core/scoring';
import { pair } from './support';

describe('computeScore', () => {
  it('returns exactly the fields of Score, hand-computed', () => {
    const judgments = [
      ...pair('q1', 1, 1), // strict win, consistent
      ...pair('q2', 1, 0), // position flip: 0.5, inconsistent
      ...pair('q3', 0.5, 0.5), // tie, consistent
      ...pair('q4', null, null), // unparsable twice: excluded, reported
    ];
    const score: Score = computeScore(
      judgments,
      [{ model: 'judge-1', inputTokens: 1000, outputTokens: 500 }],
      { 'judge-1': { inputPerMTok: 2, outputPerMTok: 10 } },
      { seed: 3 },
    );
    const keys: (keyof Score)[] = [
      'winRate',
      'ciLow',
      'ciHigh',
      'strictWins',
      'questions',
      'total',
      'split',
      'ranked',
      'flags',
      'errors',
      'consistency',
      'lcWinRate',
      'lengthGapFlag',
      'lengthExcessChars',
      'lengthStats',
      'lengthSlope',
      'tokens',
      'costUsd',
    ];
    expect(Object.keys(score).sort()).toEqual([...keys].sort());
    expect(score.winRate).toBeCloseTo(2 / 3, 12);
    expect(score).toMatchObject({ strictWins: 1, questions: 3, errors: 2, tokens: 1500 });
    expect(score.consistency).toBeCloseTo(2 / 3, 12);
    expect(score.costUsd).toBeCloseTo((1000 * 2 + 500 * 10) / 1e6, 12);
    // Every answer has the same length, so there is nothing for length control to remove.
    expect(score.lcWinRate).toBeCloseTo(score.winRate, 12);
    expect(score.lengthGapFlag).toBe(false);
  });

  it('bootstraps questions, not judgments: a question judged by three judges weighs as much as one judged once', () => {
    const judgments = [
      ...pair('q1', 1, 1, { judge: 'j1' }),
      ...pair('q1', 1, 1, { judge: 'j2' }),
      ...pair('q1', 1, 1, { judge: 'j3' }),
      ...pair('q2', 0, 0, { judge: 'j1' }),
    ];
    const score = computeScore(judgments, [], {}, { seed: 8 });
    expect(score.winRate).toBe(0.5);
    const ci = bootstrapInterval([1, 0], { seed: 8 });
    expect([score.ciLow, score.ciHigh]).toEqual([ci.low, ci.high]);
  });

  it('is reproducible with the same seed', () => {
    const judgments = Array.from({ length: 30 }, (_, i) =>
      pair(`q${i}`, i % 3 === 0 ? 0 : 1, i % 4 === 0 ? 0.5 : 1),
    ).flat();
    expect(computeScore(judgments, [], {}, { seed: 21 })).toEqual(computeScore(judgments, [], {}, { seed: 21 }));
  });

  it('flags a win rate carried by length', () => {
    const long = { candidateAnswer: 'x'.repeat(1500), referenceAnswer: 'y'.repeat(400) };
    const short = { candidateAnswer: 'x'.repeat(150), referenceAnswer: 'y'.repeat(400) };
    const judgments = [
      ...Array.from({ length: 16 }, (_, i) => pair(`long${i}`, 1, i % 4 === 0 ? 0 : 1, long)).flat(),
      ...Array.from({ length: 4 }, (_, i) => pair(`short${i}`, 0, i === 0 ? 1 : 0, short)).flat(),
    ];
    const score = computeScore(judgments, [], {}, { seed: 1 });
    expect(score.lcWinRate).toBeLessThan(score.winRate - 0.1);
    expect(score.lengthGapFlag).toBe(true);
  });

  it('scores nothing when every judgment errored, and says so', () => {
    const score = computeScore([...pair('q1', null, null)], [], {});
    expect(score).toMatchObject({ winRate: 0, ciLow: 0, ciHigh: 0, questions: 0, errors: 2, strictWins: 0 });
  });
});

describe('costOf', () => {
  it('adds every call and prices each model by its own row', () => {
    const cost = costOf(
      [
        { model: 'judge', inputTokens: 2_000_000, outputTokens: 100_000 },
        { model: 'ref', inputTokens: 500_000, outputTokens: 500_000 },
      ],
      { judge: { inputPerMTok: 3, outputPerMTok: 15 }, ref: { inputPerMTok: 0.72, outputPerMTok: 0.72 } },
    );
    expect(cost.tokens).toBe(3_100_000);
    expect(cost.usd).toBeCloseTo(2 * 3 + 0.1 * 15 + 0.5 * 0.72 + 0.5 * 0.72, 9);
  });

  it('costs a model missing from the price table nothing but still counts its tokens', () => {
    expect(costOf([{ model: 'unknown', inputTokens: 10, outputTokens: 5 }], {})).toEqual({ tokens: 15, usd: 0 });
  });
});

describe('training in the cost', () => {
  const billing = { instanceType: 'ml.g5.2xlarge', instanceCount: 1, billableSeconds: 1800 };

  it('prices billed instance-seconds by the instance type’s hourly price', () => {
    expect(trainingCostOf(billing, { 'ml.g5.2xlarge': 1.5 })).toEqual({
      instanceType: 'ml.g5.2xlarge',
      seconds: 1800,
      usd: 0.75,
    });
    // Billable seconds count once per instance.
    expect(trainingCostOf({ ...billing, instanceCount: 2 }, { 'ml.g5.2xlarge': 1.5 })).toMatchObject({
      seconds: 3600,
      usd: 1.5,
    });
  });

  it('says an instance type missing from the price table is unpriced rather than free', () => {
    expect(trainingCostOf(billing, {})).toEqual({ instanceType: 'ml.g5.2xlarge', seconds: 1800, usd: null });
  });

  it('adds the training job to the evaluation’s token cost', () => {
    const judgments = pair('q1', 1, 1);
    const usage = [{ model: 'judge-1', inputTokens: 1_000_000, outputTokens: 0 }];
    const prices = { 'judge-1': { inputPerMTok: 2, outputPerMTok: 0 } };
    const score = computeScore(judgments, usage, prices, {
      training: billing,
      instancePrices: { 'ml.g5.2xlarge': 1.5 },
    });
    expect(score.costUsd).toBeCloseTo(2 + 0.75, 12);
    expect(score.tokens).toBe(1_000_000);
    expect(score.training).toEqual({ instanceType: 'ml.g5.2xlarge', seconds: 1800, usd: 0.75 });
    // An unpriced instance type adds nothing to the dollars, and the score says so.
    const unpriced = computeScore(judgments, usage, prices, { training: billing, instancePrices: {} });
    expect(unpriced.costUsd).toBeCloseTo(2, 12);
    expect(unpriced.training?.usd).toBeNull();
    expect(computeScore(judgments, usage, prices).training).toBeUndefined();
  });
});
