import type { Judgment } from '../model';

export interface QuestionResult {
  questionId: string;
  /** Mean over orders and judges of 1 (candidate better), 0.5 (tie), 0 (worse), errors excluded. */
  score: number;
  /** Every judge preferred the candidate in both orders. */
  strictWin: boolean;
  /** Judgments that counted, and judgments that could not be parsed. */
  judged: number;
  errors: number;
  candidateChars: number;
  referenceChars: number;
}

export interface WinRateSummary {
  /** Questions with at least one parsed judgment, by id. */
  questions: QuestionResult[];
  /** Judgments that could not be parsed: excluded from the score, reported beside it. */
  errors: number;
  /** Questions left out because every judgment of them was an error. */
  erroredQuestions: number;
  strictWins: number;
  /** (question, judge) pairs with both orders parsed, and how many of them agree. */
  pairs: number;
  agreeingPairs: number;
  /** agreeingPairs / pairs; 0 when no pair has both orders parsed. */
  consistency: number;
}

const key = (j: Judgment) => `${j.questionId}\u0000${j.judge}`;

/**
 * Per-question scores from both-order judgments, with the strict count and the judges' position
 * consistency. Each question counts once, however many judges saw it.
 */
export function summarizeJudgments(judgments: Judgment[]): WinRateSummary {
  const byQuestion = new Map<string, Judgment[]>();
  for (const j of judgments) {
    const list = byQuestion.get(j.questionId);
    if (list) list.push(j);
    else byQuestion.set(j.questionId, [j]);
  }
  const questions: QuestionResult[] = [];
  let errors = 0;
  let erroredQuestions = 0;
  for (const [questionId, list] of byQuestion) {
    const parsed = list.filter((j) => j.score !== null);
    errors += list.length - parsed.length;
    if (!parsed.length) {
      erroredQuestions++;
      continue;
    }
    questions.push({
      questionId,
      score: parsed.reduce((sum, j) => sum + j.score!, 0) / parsed.length,
      strictWin: isStrictWin(list),
      judged: parsed.length,
      errors: list.length - parsed.length,
      candidateChars: parsed[0]!.candidateAnswer.length,
      referenceChars: parsed[0]!.referenceAnswer.length,
    });
  }
  questions.sort((a, b) => (a.questionId < b.questionId ? -1 : a.questionId > b.questionId ? 1 : 0));
  const { pairs, agreeing } = orderAgreement(judgments);
  return {
    questions,
    errors,
    erroredQuestions,
    strictWins: questions.filter((q) => q.strictWin).length,
    pairs,
    agreeingPairs: agreeing,
    consistency: pairs ? agreeing / pairs : 0,
  };
}

/**
 * A strict win: every judge scored the candidate 1 in both orders. An error or a missing order
 * means the win was not shown both ways, so it is not strict.
 */
function isStrictWin(list: Judgment[]): boolean {
  const byJudge = new Map<string, Judgment[]>();
  for (const j of list) byJudge.set(j.judge, [...(byJudge.get(j.judge) ?? []), j]);
  for (const own of byJudge.values()) {
    for (const order of ['candidate-first', 'candidate-second'] as const) {
      const inOrder = own.filter((j) => j.order === order);
      if (!inOrder.length || inOrder.some((j) => j.score !== 1)) return false;
    }
  }
  return byJudge.size > 0;
}

/**
 * Position consistency: (question, judge) pairs whose two orders name the same winner, from the
 * candidate's side — both 1, both 0, or both ties (a tie agrees only with a tie). Pairs missing a
 * parsed order are left out.
 */
function orderAgreement(judgments: Judgment[]): { pairs: number; agreeing: number } {
  const first = new Map<string, number>();
  const second = new Map<string, number>();
  for (const j of judgments) {
    if (j.score === null) continue;
    (j.order === 'candidate-first' ? first : second).set(key(j), j.score);
  }
  let pairs = 0;
  let agreeing = 0;
  for (const [k, a] of first) {
    const b = second.get(k);
    if (b === undefined) continue;
    pairs++;
    if (a === b) agreeing++;
  }
  return { pairs, agreeing };
}

/** Mean score per question over orders and judges; questions with only errors are left out. */
export function questionScores(judgments: Judgment[]): Map<string, number> {
  return new Map(summarizeJudgments(judgments).questions.map((q) => [q.questionId, q.score]));
}

/** Questions won in every order by every judge. */
export const strictWins = (judgments: Judgment[]): number => summarizeJudgments(judgments).strictWins;

/** Share of (question, judge) pairs whose two orders agree on the winner. */
export const positionConsistency = (judgments: Judgment[]): number => summarizeJudgments(judgments).consistency;
