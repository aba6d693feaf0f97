import type { Judgment } from '../model';

export interface QuestionResult {
  questionId: string;
  /** Mean over orders and judges of 1 (candidate better), 0.5 (tie), 0 (worse). */
  score: number;
  /** Won in every order by every judge. */
  strictWin: boolean;
  candidateChars: number;
  referenceChars: number;
}

export interface WinRateSummary {
  questions: QuestionResult[];
  /** Judgments that could not be parsed: excluded from the score, reported beside it. */
  errors: number;
  /** Share of (question, judge) pairs whose two orders agree. */
  consistency: number;
}

/** Per-question scores from both-order judgments; unparsable judgments are excluded and counted. */
export function summarizeJudgments(judgments: Judgment[]): WinRateSummary {
  const byQuestion = new Map<string, Judgment[]>();
  let errors = 0;
  for (const j of judgments) {
    if (j.score === null) { errors++; continue; }
    const list = byQuestion.get(j.questionId) ?? [];
    list.push(j);
    byQuestion.set(j.questionId, list);
  }
  const questions: QuestionResult[] = [];
  let pairs = 0;
  let agreeing = 0;
  for (const [questionId, list] of byQuestion) {
    const scores = list.map((j) => j.score as number);
    questions.push({
      questionId,
      score: scores.reduce((a, b) => a + b, 0) / scores.length,
      strictWin: scores.every((s) => s === 1) && list.length >= 2,
      candidateChars: list[0]!.candidateAnswer.length,
      referenceChars: list[0]!.referenceAnswer.length,
    });
    const byJudge = new Map<string, number[]>();
    for (const j of list) byJudge.set(j.judge, [...(byJudge.get(j.judge) ?? []), j.score as number]);
    for (const s of byJudge.values()) {
      if (s.length < 2) continue;
      pairs++;
      if (s.every((x) => x === s[0])) agreeing++;
    }
  }
  questions.sort((a, b) => a.questionId.localeCompare(b.questionId));
  return { questions, errors, consistency: pairs ? agreeing / pairs : 1 };
}
