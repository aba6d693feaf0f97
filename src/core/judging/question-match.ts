import { contentShingles, normalisedWords } from './gold-leakage';

/** Share of a hidden question's shingles (or of the asked question's) that makes the two the same question. */
const CONTAINMENT = 0.6;
/** Below this many shingles a question is compared word for word instead. */
const MIN_SHINGLES = 3;

export interface HiddenQuestionMatcher {
  /** True when `text` asks a hidden question, reworded or not, whole or in part. */
  matches(text: string): boolean;
}

const share = (part: Set<string>, whole: Set<string>) => {
  let n = 0;
  for (const s of part) if (whole.has(s)) n++;
  return part.size ? n / part.size : 0;
};

/**
 * Compares questions in the leakage check's normal form (contractions written out, content words,
 * light stemming): long questions by content-word 3-grams in either direction, so rewording, a
 * prefix or a suffix does not hide a hidden question; short ones by their set of content words.
 */
export function hiddenQuestionMatcher(questions: readonly { question: string }[]): HiddenQuestionMatcher {
  const hidden = questions.map((q) => ({
    words: new Set(normalisedWords(q.question)),
    shingles: contentShingles(q.question),
  }));
  return {
    matches(text) {
      const words = new Set(normalisedWords(text));
      const shingles = contentShingles(text);
      return hidden.some((h) => {
        if (!h.words.size) return false;
        if (h.shingles.size < MIN_SHINGLES || shingles.size < MIN_SHINGLES)
          return [...h.words].every((w) => words.has(w)) && words.size <= h.words.size + 1;
        return share(h.shingles, shingles) >= CONTAINMENT || share(shingles, h.shingles) >= CONTAINMENT;
      });
    },
  };
}
