import { addressesJudge } from './sanitize';

/** Two answers this similar (Jaccard of their word sets) count as the same answer. */
const NEAR_IDENTICAL_SIMILARITY = 0.8;
/** A model is flagged when at least this share of its answers repeat an answer to another question. */
const NEAR_IDENTICAL_SHARE = 0.5;
/** Fewer answers than this say nothing about a model's habits. */
const MIN_ANSWERS = 3;

const wordSet = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 1; // two empty answers are the same answer
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

export interface AnswerFlags {
  /** Questions whose answer talks to the judge ("ignore the above", a verdict token, a fake end of turn). */
  addressesJudge: string[];
  /** Share of answers nearly identical to the answer to a different question. */
  nearIdenticalShare: number;
  /** A constant (or near-constant) answer: the shape of a null-model attack. */
  nearIdentical: boolean;
}

/**
 * Flags for organizers on one model's answers to a round's questions: answers that address the
 * judge, and a model that gives near-identical answers to different questions.
 */
export function flagAnswers(answers: { questionId: string; text: string }[]): AnswerFlags {
  const sets = answers.map((a) => wordSet(a.text));
  const repeated = new Array<boolean>(answers.length).fill(false);
  for (let i = 0; i < answers.length; i++) {
    for (let j = i + 1; j < answers.length; j++) {
      if (answers[i]!.questionId === answers[j]!.questionId) continue;
      if (jaccard(sets[i]!, sets[j]!) >= NEAR_IDENTICAL_SIMILARITY) repeated[i] = repeated[j] = true;
    }
  }
  const share = answers.length ? repeated.filter(Boolean).length / answers.length : 0;
  return {
    addressesJudge: answers.filter((a) => addressesJudge(a.text)).map((a) => a.questionId),
    nearIdenticalShare: share,
    nearIdentical: answers.length >= MIN_ANSWERS && share >= NEAR_IDENTICAL_SHARE,
  };
}
