import { describe, expect, it } from 'vitest';
import type { Question } from '../../src/core/model';
import { clearestResults } from '../../src/core/scoring';
import { judgment, pair } from './support';

const questions: Question[] = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].map((id) => ({
  id,
  category: 'c',
  question: `Question ${id}?`,
}));

describe('clearestResults', () => {
  const judgments = [
    ...pair('q1', 1, 1), // 1
    ...pair('q2', 1, 0.5), // 0.75
    ...pair('q3', 0.5, 0.5), // 0.5: neither a win nor a loss
    ...pair('q4', 0, 0.5), // 0.25
    ...pair('q5', 0, 0), // 0
    ...pair('q6', null, null), // errors only: never shown
  ];

  it('picks the highest-scoring wins and lowest-scoring losses, best first', () => {
    const { wins, losses } = clearestResults(judgments, questions, 3);
    expect(wins.map((h) => h.question)).toEqual(['Question q1?', 'Question q2?']);
    expect(losses.map((h) => h.question)).toEqual(['Question q5?', 'Question q4?']);
  });

  it('returns at most n of each', () => {
    const { wins, losses } = clearestResults(judgments, questions, 1);
    expect([wins.length, losses.length]).toEqual([1, 1]);
  });

  it('cuts both answers to about 200 characters and quotes a reason from a judgment that went the same way', () => {
    const long = 'word '.repeat(200);
    const js = [
      judgment('q1', 'candidate-first', 0.5, { rationale: 'Equal.', candidateAnswer: long, referenceAnswer: long }),
      judgment('q1', 'candidate-second', 1, {
        rationale: 'B gets the rate right.',
        candidateAnswer: long,
        referenceAnswer: long,
      }),
    ];
    const [win] = clearestResults(js, questions).wins;
    expect(win!.candidate.length).toBeLessThanOrEqual(200);
    expect(win!.reference.length).toBeLessThanOrEqual(200);
    expect(win!.candidate.endsWith('…')).toBe(true);
    expect(win!.reason).toBe('B gets the rate right.');
    expect(win!.candidateWas).toBe('B');
  });
});
