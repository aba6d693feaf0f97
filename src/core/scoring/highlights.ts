import type { Judgment, Question } from '../model';
import { summarizeJudgments } from './win-rate';

export interface Highlight {
  /** The question's id, so a member can appeal its judgment. */
  questionId: string;
  question: string;
  candidate: string;
  reference: string;
  /** A judge's rationale for this question, from a judgment that went the same way. */
  reason: string;
  /** Which letter the candidate's answer had in that judgment, so "A" and "B" in the reason make sense. */
  candidateWas: 'A' | 'B';
}

const HIGHLIGHT_ANSWER_CHARS = 200;
const REASON_CHARS = 300;

/** Cuts at a word boundary near `max` and marks the cut. */
function cutText(text: string, max: number): string {
  const t = text.trim().replace(/\s+/g, ' ');
  if (t.length <= max) return t;
  const slice = t.slice(0, max - 1);
  const space = slice.lastIndexOf(' ');
  return `${(space > max * 0.6 ? slice.slice(0, space) : slice).trimEnd()}…`;
}

/**
 * The questions the candidate won and lost most clearly: the n highest question scores above 0.5
 * and the n lowest below it (a question at 0.5 is neither), with the question, both answers cut to
 * about 200 characters, and a judge's reason.
 */
export function clearestResults(
  judgments: Judgment[],
  questions: Question[],
  n = 3,
): { wins: Highlight[]; losses: Highlight[] } {
  const text = new Map(questions.map((q) => [q.id, q.question]));
  const results = summarizeJudgments(judgments).questions;
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const highlight = (questionId: string, win: boolean): Highlight => {
    const own = judgments.filter((j) => j.questionId === questionId && j.score !== null);
    // The judgment that went most clearly the same way, with a reason if one was given.
    const best = [...own].sort(
      (a, b) => (win ? b.score! - a.score! : a.score! - b.score!) || Number(!a.rationale) - Number(!b.rationale),
    )[0]!;
    return {
      questionId,
      question: cutText(text.get(questionId) ?? questionId, HIGHLIGHT_ANSWER_CHARS),
      candidate: cutText(best.candidateAnswer, HIGHLIGHT_ANSWER_CHARS),
      reference: cutText(best.referenceAnswer, HIGHLIGHT_ANSWER_CHARS),
      reason: cutText(best.rationale, REASON_CHARS),
      candidateWas: best.order === 'candidate-first' ? 'A' : 'B',
    };
  };
  const wins = results
    .filter((q) => q.score > 0.5)
    .sort((a, b) => b.score - a.score || byId(a.questionId, b.questionId));
  const losses = results
    .filter((q) => q.score < 0.5)
    .sort((a, b) => a.score - b.score || byId(a.questionId, b.questionId));
  return {
    wins: wins.slice(0, n).map((q) => highlight(q.questionId, true)),
    losses: losses.slice(0, n).map((q) => highlight(q.questionId, false)),
  };
}
