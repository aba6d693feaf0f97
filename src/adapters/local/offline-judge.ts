import { approxTokens, contentWords, overlapF1 } from '../../core/judging/text-overlap';
import type { Verdict } from '../../core/judging/verdict';
import type { Judge, JudgeRequest, ModelResponse } from '../../core/ports';

/** Margins of the overlap score between the answers that make a tie, a preference, a strong preference. */
const OFFLINE_TIE_MARGIN = 0.05;
const OFFLINE_STRONG_MARGIN = 0.2;
/** An answer may use this many content words per new word of the gold answer before its length costs it. */
const LENGTH_ALLOWANCE = 2;
/** Fewer words than this in order with the gold answer is a coincidence, not an answer. */
const MIN_IN_ORDER = 2;
/** An answer at least this much of whose words carry the gold answer's content is on the point. */
const MIN_PRECISION = 0.25;
/** Words of an answer compared at most (the judge's length cap is reached well before). */
const MAX_WORDS = 600;

/** Maps the score margin (A minus B) onto the five-level scale. */
export function verdictFromMargin(margin: number): Verdict {
  if (Math.abs(margin) < OFFLINE_TIE_MARGIN) return 'A=B';
  if (margin > 0) return margin >= OFFLINE_STRONG_MARGIN ? 'A>>B' : 'A>B';
  return -margin >= OFFLINE_STRONG_MARGIN ? 'B>>A' : 'B>A';
}

/** Length of the longest common subsequence of two word lists: shared words, in the same order. */
function commonSubsequence(a: readonly string[], b: readonly string[]): number {
  let prev = new Uint16Array(b.length + 1);
  let row = new Uint16Array(b.length + 1);
  for (const word of a) {
    for (let j = 1; j <= b.length; j++) row[j] = word === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    [prev, row] = [row, prev];
  }
  return prev[b.length]!;
}

/** Multiset intersection size: how many of the answer's words the target has, each counted as often as the target has it. */
function sharedWords(words: readonly string[], target: readonly string[]): number {
  const left = new Map<string, number>();
  for (const w of target) left.set(w, (left.get(w) ?? 0) + 1);
  let shared = 0;
  for (const w of words) {
    const n = left.get(w) ?? 0;
    if (n > 0) {
      shared++;
      left.set(w, n - 1);
    }
  }
  return shared;
}

/**
 * How much of the order of `shared` words is beyond chance: a random arrangement of k shared words
 * keeps about 2√k of them in order, so an answer whose in-order run is no longer than that is word
 * salad (0) and one that keeps them all in order is an answer (1). Too few words to tell: 1.
 */
function orderBeyondChance(inOrder: number, shared: number): number {
  if (shared <= 4) return 1;
  const chance = 2 * Math.sqrt(shared);
  return Math.min(1, Math.max(0, (inOrder - chance) / (shared - chance)));
}

/**
 * How well an answer says what the gold answer adds to the question, 0 to 1: the F1 of the longest
 * run of content words it shares with the gold answer in the same order, with the question's own
 * words taken out of both (an echo of the question says nothing); no credit for a single stray word
 * or for an answer mostly about something else (a constant keyword answer); scaled down as far as the order of the shared words is no better than chance (shuffled words), and
 * past twice the gold answer's length in words (padding).
 */
export function orderedOverlap(answer: string, gold: string, question: string): number {
  const given = new Set(contentWords(question));
  const fresh = contentWords(gold).filter((w) => !given.has(w));
  const target = fresh.length ? fresh : contentWords(gold);
  const words = contentWords(answer)
    .filter((w) => !fresh.length || !given.has(w))
    .slice(0, MAX_WORDS);
  if (!words.length || !target.length) return 0;
  const inOrder = commonSubsequence(words, target);
  if (inOrder < MIN_IN_ORDER) return 0;
  const precision = inOrder / words.length;
  // Mostly words the gold answer does not have: off the point, however many it shares.
  if (precision < MIN_PRECISION) return 0;
  const recall = inOrder / target.length;
  const f1 = (2 * precision * recall) / (precision + recall);
  const allowance = LENGTH_ALLOWANCE * target.length;
  const length = words.length <= allowance ? 1 : Math.sqrt(allowance / words.length);
  return f1 * orderBeyondChance(inOrder, sharedWords(words, target)) * length;
}

const describe: Record<Verdict, string> = {
  'A>>B': 'A is clearly closer',
  'A>B': 'A is somewhat closer',
  'A=B': 'they are about as close',
  'B>A': 'B is somewhat closer',
  'B>>A': 'B is clearly closer',
};

/**
 * A LABELLED STAND-IN for an LLM judge, for local mode and tests: it is not a language model and
 * understands nothing. Reference-guided, it scores each answer by its ordered overlap with the gold
 * answer (`orderedOverlap`: what the gold answer adds to the question, in order, with a length
 * penalty), or by content-word F1 with the question when there is no gold answer, and maps the
 * margin onto the five-level scale: within 0.05 a tie, from 0.2 a strong preference. Echoing the
 * question, a constant answer, shuffled words and padding all score low. Deterministic; it reads the
 * structured fields.
 */
export function createOfflineJudge(): Judge {
  return {
    modelId: 'offline-judge',
    family: 'offline',
    async judge(req: JudgeRequest): Promise<ModelResponse> {
      const score = (answer: string) =>
        req.gold ? orderedOverlap(answer, req.gold, req.question) : overlapF1(answer, req.question);
      const a = score(req.answerA);
      const b = score(req.answerB);
      const verdict = verdictFromMargin(a - b);
      const text = req.gold
        ? `Ordered overlap with what the gold answer adds to the question: A ${a.toFixed(2)}, B ${b.toFixed(2)}, so ${describe[verdict]}.\n[[${verdict}]]`
        : `Content-word overlap (F1) with the question: A ${a.toFixed(2)}, B ${b.toFixed(2)}, so ${describe[verdict]}.\n[[${verdict}]]`;
      const prompt = [req.system ?? '', ...req.messages.map((m) => m.content)].join('\n');
      return { text, inputTokens: approxTokens(prompt), outputTokens: approxTokens(text) };
    },
  };
}
