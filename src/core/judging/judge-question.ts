import type { JudgeOrder, Question } from '../model';
import type { Judge } from '../ports';
import { buildJudgeRequest, newDelimiter } from './prompt';
import { sanitizeAnswer } from './sanitize';
import { candidateScore, parseVerdict, type Verdict } from './verdict';

export interface JudgedOrder {
  order: JudgeOrder;
  verdict: Verdict | null;
  /** null when the judge's output had no verdict after one retry: recorded as an error, never a win or loss. */
  score: 0 | 0.5 | 1 | null;
  rationale: string;
  inputTokens: number;
  outputTokens: number;
}

export interface JudgeQuestionArgs {
  judge: Judge;
  question: Question;
  candidateAnswer: string;
  referenceAnswer: string;
  maxChars: number;
  maxTokens: number;
  random: () => number;
  /** Sanitising and delimiters; off only to show what they protect against. */
  defences?: boolean;
}

/** Judges one question in both orders (candidate as A, then as B). */
export async function judgeQuestion(args: JudgeQuestionArgs): Promise<JudgedOrder[]> {
  const defences = args.defences ?? true;
  const delimiter = defences ? newDelimiter(args.random) : '"""';
  const clean = (t: string) => (defences ? sanitizeAnswer(t, { maxChars: args.maxChars, delimiters: [delimiter] }) : t);
  const candidate = clean(args.candidateAnswer);
  const reference = clean(args.referenceAnswer);
  const results: JudgedOrder[] = [];
  for (const order of ['candidate-first', 'candidate-second'] as const) {
    const [answerA, answerB] = order === 'candidate-first' ? [candidate, reference] : [reference, candidate];
    const req = buildJudgeRequest({ question: args.question.question, gold: args.question.gold, answerA, answerB, delimiter, maxTokens: args.maxTokens });
    let inputTokens = 0;
    let outputTokens = 0;
    let verdict: Verdict | null = null;
    let text = '';
    for (let attempt = 0; attempt < 2 && verdict === null; attempt++) {
      const r = await args.judge.judge(req);
      inputTokens += r.inputTokens;
      outputTokens += r.outputTokens;
      text = r.text;
      verdict = parseVerdict(text);
    }
    const rationale = text.replace(/\[\[[^\]]*\]\]\s*$/, '').trim().slice(0, 500);
    results.push({ order, verdict, score: verdict ? candidateScore(verdict, order) : null, rationale, inputTokens, outputTokens });
  }
  return results;
}
