import type { JudgeOrder } from '../model';
import { literal, modelLabel } from './format';
import type { Block, Message } from './message';
import { truncate } from './truncate';

/** One judge's verdict in one order, as the judging protocol records it. */
export interface TryJudgment {
  judge: string;
  order: JudgeOrder;
  /** The judge's token, A and B as shown to it; null when it gave none that could be read. */
  verdict: string | null;
  score: 0 | 0.5 | 1 | null;
  rationale: string;
}

export interface TryResult {
  submissionId: string;
  roundName: string;
  question: string;
  answer: string;
  reference: string;
  referenceModel: string;
  judgments: TryJudgment[];
  /** Tries the member has left today. */
  triesLeft: number;
}

const QUESTION_CHARS = 500;
const ANSWER_CHARS = 1200;
const RATIONALE_CHARS = 300;

/** The verdict from the member's side: which answer the judge preferred, and how strongly. */
function inWords(verdict: string, order: JudgeOrder): string {
  if (verdict === 'A=B') return 'as good as each other';
  const candidate = order === 'candidate-first' ? 'A' : 'B';
  const strong = verdict.includes('>>');
  return verdict.startsWith(candidate)
    ? `yours ${strong ? 'much ' : ''}better`
    : `the reference's ${strong ? 'much ' : ''}better`;
}

const ORDER_LABEL: Record<JudgeOrder, string> = {
  'candidate-first': 'your answer shown first',
  'candidate-second': 'your answer shown second',
};

/** The headline: who won, in words, and what the question would score in the evaluation. */
function summary(judgments: readonly TryJudgment[]): string {
  const read = judgments.filter((j) => j.score !== null).map((j): number => j.score!);
  if (!read.length)
    return 'The judge gave no readable verdict. In the evaluation that counts as an error, never as a win or a loss.';
  const mean = read.reduce((a, b) => a + b, 0) / read.length;
  const all = (s: number) => read.every((x) => x === s);
  const counted = `as the evaluation counts it, this question would score ${Math.round(mean * 100)}%`;
  if (all(1)) return `*Your model wins*: the judge preferred its answer in both orders (${counted}).`;
  if (all(0)) return `*The reference wins*: the judge preferred its answer in both orders (${counted}).`;
  if (all(0.5)) return `*A tie*: the judge rated the answers as good as each other in both orders (${counted}).`;
  return `*Split*: the judge's preference changed with the order the answers were shown in (${counted}).`;
}

/** The DM with both answers and the judge's verdict, in both orders, as in the evaluation. */
export function tryAnswerMessage(r: TryResult): Message {
  const blocks: Block[] = [
    { type: 'heading', text: `Try · ${r.submissionId}` },
    { type: 'text', text: `*Your question*\n${truncate(literal(r.question), QUESTION_CHARS)}` },
    {
      type: 'text',
      text: `*Your model* (${r.submissionId})\n${truncate(literal(r.answer.trim() || '(empty)'), ANSWER_CHARS)}`,
    },
    {
      type: 'text',
      text: `*Reference* (${modelLabel(r.referenceModel)})\n${truncate(literal(r.reference.trim() || '(empty)'), ANSWER_CHARS)}`,
    },
    { type: 'divider' },
    { type: 'text', text: summary(r.judgments) },
    {
      type: 'text',
      text: r.judgments
        .map((j) => {
          const said = j.verdict ? `${inWords(j.verdict, j.order)}` : 'no readable verdict';
          const why = j.rationale ? ` · “${truncate(literal(j.rationale), RATIONALE_CHARS)}”` : '';
          return `• ${ORDER_LABEL[j.order]}: ${said}${why}`;
        })
        .join('\n'),
    },
    {
      type: 'context',
      text: `Judged as in the evaluation of ${r.roundName}: both answers, in both orders. A try never changes your score. Tries left today: ${r.triesLeft}.`,
    },
  ];
  const text = `Try ${r.submissionId}: ${summary(r.judgments).replace(/\*/g, '')}`;
  return { text: truncate(text, 300), blocks };
}

/** While the model waits for a host: in line for an endpoint slot, or its endpoint starting. */
export function tryWaitingMessage(submissionId: string, waitingFor: 'slot' | 'starting', place?: number): Message {
  const text =
    waitingFor === 'slot'
      ? `Your model ${submissionId} needs a host and every endpoint is busy${place ? ` (you are ${ordinal(place)} in line)` : ''}. I will message you when it is ready and answer your question then.`
      : `Starting a host for your model ${submissionId}: this usually takes a few minutes. I will message you when it is ready and answer your question then.`;
  return { text, blocks: [{ type: 'text', text, tone: 'info' }] };
}

/** The host came up: the answer follows. */
export function tryReadyMessage(submissionId: string, idleMinutes: number): Message {
  const text = `Your model ${submissionId} is ready. Its answer follows; the host stays up for ${idleMinutes} minutes after your last try.`;
  return { text, blocks: [{ type: 'text', text, tone: 'success' }] };
}

/** A try that could not be answered: what happened and that it was not counted. */
export function tryFailedMessage(submissionId: string, reason: string): Message {
  const text = `Your try of ${submissionId} could not be answered: ${reason} It does not count against your tries for today.`;
  return { text, blocks: [{ type: 'text', text, tone: 'error' }] };
}

/** The idle host was taken down. */
export function tryHostClosedMessage(submissionId: string, idleMinutes: number): Message {
  const text = `The host of your model ${submissionId} was shut down after ${idleMinutes} minutes without a try. Your next \`/league try\` starts it again.`;
  return { text, blocks: [{ type: 'context', text }] };
}

const ordinal = (n: number) => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
};
