import type { JudgeOrder, Question } from '../model';
import type { Judge, JudgeRequest } from '../ports';
import { buildJudgeRequest, newDelimiter, withVerdictReminder } from './prompt';
import { sanitizeAnswer } from './sanitize';
import { candidateScore, parseVerdict, rationaleOf, type Verdict } from './verdict';

export interface JudgedOrder {
  order: JudgeOrder;
  verdict: Verdict | null;
  /** null when no verdict could be read after one retry: an error, never silently a win or a loss. */
  score: 0 | 0.5 | 1 | null;
  /** The judge's text before its verdict, trimmed, at most 500 characters. */
  rationale: string;
  /** Summed over the first attempt and the retry. */
  inputTokens: number;
  outputTokens: number;
}

export interface JudgeQuestionArgs {
  judge: Judge;
  question: Question;
  candidateAnswer: string;
  referenceAnswer: string;
  /** Length cap applied to both answers alike. */
  maxChars: number;
  /** The judge's output budget. */
  maxTokens: number;
  /** Source of the per-request delimiters (seed it for reproducible requests). */
  random: () => number;
  /**
   * Sanitising and random delimiters; default true. False only for the canary tests' control arm,
   * which shows what the defences protect against: raw answers between a fixed `"""`.
   */
  defences?: boolean;
  /** The orders still to judge (default both): a retry asks only for what is not stored yet. */
  orders?: readonly JudgeOrder[];
  /** Called as each order is judged, so it can be stored before the other order finishes or fails. */
  onJudged?: (judged: JudgedOrder) => Promise<void>;
}

export const JUDGE_ORDERS: readonly JudgeOrder[] = ['candidate-first', 'candidate-second'];
/** One retry on an unparsable reply, then the judgment is recorded as an error. */
const ATTEMPTS = 2;
/** The delimiter of the undefended control arm: the guessable one a naive prompt would use. */
const FIXED_DELIMITER = '"""';

/**
 * Judges one question with one judge in both orders: the candidate as A, then as B. The requests are
 * the same whichever orders are asked for, so judging the missing order later repeats nothing.
 */
export async function judgeQuestion(args: JudgeQuestionArgs): Promise<JudgedOrder[]> {
  const defences = args.defences ?? true;
  // Every delimiter is drawn before any call, so the requests do not depend on the judge's timing.
  const delimiters = JUDGE_ORDERS.map(() =>
    Array.from({ length: ATTEMPTS }, () => (defences ? newDelimiter(args.random) : FIXED_DELIMITER)),
  );
  const prepare = (answer: string) =>
    defences ? sanitizeAnswer(answer, { maxChars: args.maxChars, delimiters: delimiters.flat() }) : answer;
  const candidate = prepare(args.candidateAnswer);
  const reference = prepare(args.referenceAnswer);

  const wanted = args.orders ?? JUDGE_ORDERS;
  const settled = await Promise.allSettled(
    JUDGE_ORDERS.map(async (order, i) => {
      if (!wanted.includes(order)) return undefined;
      const [answerA, answerB] = order === 'candidate-first' ? [candidate, reference] : [reference, candidate];
      const requestFor = (attempt: number): JudgeRequest => {
        const req = buildJudgeRequest({
          question: args.question.question,
          gold: args.question.gold,
          answerA,
          answerB,
          delimiter: delimiters[i]![attempt]!,
          maxTokens: args.maxTokens,
        });
        return attempt === 0 ? req : withVerdictReminder(req);
      };
      const judged = await judgeOneOrder(args.judge, order, requestFor);
      await args.onJudged?.(judged);
      return judged;
    }),
  );
  // Both orders settle before a failure propagates, so a retry never races a call still in flight.
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
}

async function judgeOneOrder(
  judge: Judge,
  order: JudgeOrder,
  requestFor: (attempt: number) => JudgeRequest,
): Promise<JudgedOrder> {
  let inputTokens = 0;
  let outputTokens = 0;
  let text = '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // A failing call (an outage, throttling past the limiter) propagates: this order is not recorded.
    const reply = await judge.judge(requestFor(attempt));
    inputTokens += reply.inputTokens;
    outputTokens += reply.outputTokens;
    text = reply.text;
    const verdict = parseVerdict(text);
    if (verdict) {
      return {
        order,
        verdict,
        score: candidateScore(verdict, order),
        rationale: rationaleOf(text),
        inputTokens,
        outputTokens,
      };
    }
  }
  return { order, verdict: null, score: null, rationale: rationaleOf(text), inputTokens, outputTokens };
}
