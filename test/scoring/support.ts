import type { Judgment } from '../../src/core/model';

/** A judgment with the fields scoring reads; answers default to 100 characters each. */
export function judgment(
  questionId: string,
  order: Judgment['order'],
  score: Judgment['score'],
  over: Partial<Judgment> = {},
): Judgment {
  return {
    submissionId: 's1',
    questionId,
    judge: 'judge-1',
    order,
    score,
    verdict: score === null ? null : score === 0.5 ? 'A=B' : 'A>B',
    rationale: `reason for ${questionId}`,
    candidateAnswer: 'c'.repeat(100),
    referenceAnswer: 'r'.repeat(100),
    inputTokens: 0,
    outputTokens: 0,
    ...over,
  };
}

/** Both orders of one (question, judge) pair. */
export const pair = (
  questionId: string,
  first: Judgment['score'],
  second: Judgment['score'],
  over: Partial<Judgment> = {},
): Judgment[] => [
  judgment(questionId, 'candidate-first', first, over),
  judgment(questionId, 'candidate-second', second, over),
];
