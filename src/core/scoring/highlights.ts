import type { Judgment, Question } from '../model';
import { summarizeJudgments } from './win-rate';

export interface Highlight { question: string; candidate: string; reference: string; reason: string }

const cut = (s: string, n = 200) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

/** The questions the candidate won and lost most clearly, with both answers and a judge's reason. */
export function clearestResults(judgments: Judgment[], questions: Question[], n = 3): { wins: Highlight[]; losses: Highlight[] } {
  const text = new Map(questions.map((q) => [q.id, q.question]));
  const scored = summarizeJudgments(judgments).questions;
  const highlight = (questionId: string): Highlight => {
    const j = judgments.find((x) => x.questionId === questionId && x.score !== null)!;
    return { question: text.get(questionId) ?? questionId, candidate: cut(j.candidateAnswer), reference: cut(j.referenceAnswer), reason: cut(j.rationale, 160) };
  };
  const byScore = [...scored].sort((a, b) => b.score - a.score || a.questionId.localeCompare(b.questionId));
  return {
    wins: byScore.filter((q) => q.score > 0.5).slice(0, n).map((q) => highlight(q.questionId)),
    losses: byScore.filter((q) => q.score < 0.5).reverse().slice(0, n).map((q) => highlight(q.questionId)),
  };
}
