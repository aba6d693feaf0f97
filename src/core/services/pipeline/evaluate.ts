import { holdsSlot } from '../../capacity/admission';
import { TransientError } from '../../errors';
import { JUDGE_ORDERS, judgeQuestion } from '../../judging';
import type { Question, Submission } from '../../model';
import type { CachedAnswer, Generator } from '../../ports';
import { promptFormatOf } from '../../prompt-format';
import { seededRandom } from '../../scoring';
import type { LeagueDeps } from '../context';
import { type HeldLease, withLease } from '../lease';
import { updateProgress } from '../progress';
import { enterStage, loadSubmission } from './advance';
import { waitForSlot } from './queueing';

/** evaluate: make the model answerable, then fan out one `judge` job per chunk of questions. */
export async function handleEvaluate(deps: LeagueDeps, submissionId: string): Promise<void> {
  const loaded = await loadSubmission(deps, submissionId);
  if (!loaded) return;
  const questions = await deps.store.getQuestions(loaded.roundId);
  const chunksTotal = Math.max(1, Math.ceil(questions.length / deps.settings.judgeChunkSize));
  // The endpoint comes up only with a slot of the fair queue; a stray job puts the submission back in line.
  if (loaded.stage === 'TRAINED' && !(await holdsSlot(deps, 'endpoint', loaded.id))) {
    return waitForSlot(deps, 'endpoint', loaded);
  }
  const sub = await enterStage(deps, loaded, 'TRAINED', 'EVALUATING', { chunksTotal, chunksDone: 0, queue: undefined });
  if (!sub) return;
  await deps.host.open(sub.id, sub.modelUri!, promptFormatOf(sub));
  const total = sub.chunksTotal ?? chunksTotal;
  await deps.queue.send(
    Array.from({ length: total }, (_, chunk) => ({ type: 'judge' as const, submissionId: sub.id, chunk })),
  );
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The reference answer of a question: generated once per round and question, then cached. A lease,
 * held for as long as the call takes, makes concurrent evaluations wait for the one generating it
 * instead of calling the model again.
 */
async function referenceAnswer(deps: LeagueDeps, roundId: string, q: Question): Promise<CachedAnswer> {
  const model = deps.reference.modelId;
  for (let attempt = 0; attempt < 100; attempt++) {
    const cached = await deps.store.getReferenceAnswer(roundId, q.id, model);
    if (cached) return cached;
    const made = await withLease(deps, `ref#${roundId}#${model}#${q.id}`, async () => {
      // Generated while this caller waited for the lease: the holder that made it has stored it.
      const stored = await deps.store.getReferenceAnswer(roundId, q.id, model);
      if (stored) return stored;
      const r = await deps.reference.generate(answerRequest(deps, q));
      return deps.store.putReferenceAnswer(roundId, q.id, model, {
        text: r.text,
        inputTokens: r.inputTokens,
        outputTokens: r.outputTokens,
      });
    });
    if (made.held) return made.value;
    await pause(Math.min(500, 10 * 2 ** Math.min(attempt, 6)));
  }
  throw new TransientError(`The reference answer to ${q.id} is still being generated`);
}

const answerRequest = (deps: LeagueDeps, q: Question) => ({
  messages: [{ role: 'user' as const, content: q.question }],
  maxTokens: deps.settings.maxAnswerTokens,
  temperature: 0,
});

/**
 * judge: answers and judgments for one chunk. Each judgment is stored as soon as it is made, under its
 * deterministic key (question, judge, order), so a retried or duplicated chunk calls only for what is
 * missing. The delivery that holds the chunk's lease keeps it while it works; another delivery of the
 * same chunk meanwhile is acknowledged without work (the holder finishes the chunk, or, if it dies,
 * the queue's redelivery or the sweeper does).
 */
export async function handleJudge(deps: LeagueDeps, submissionId: string, chunk: number): Promise<void> {
  const sub = await loadSubmission(deps, submissionId);
  if (sub?.stage !== 'EVALUATING') return;
  const run = await withLease(deps, `judge#${sub.id}#${chunk}`, (lease) => judgeChunk(deps, sub, chunk, lease));
  if (!run.held)
    deps.log.info('judge chunk in progress elsewhere; this delivery is acknowledged', { submissionId, chunk });
}

async function judgeChunk(deps: LeagueDeps, sub: Submission, chunk: number, lease: HeldLease): Promise<void> {
  const size = deps.settings.judgeChunkSize;
  const questions = (await deps.store.getQuestions(sub.roundId)).slice(chunk * size, (chunk + 1) * size);
  const stored = new Set<string>();
  /** A question's candidate answer, as its first stored judgment read it: every order judges the same answer. */
  const answered = new Map<string, string>();
  for (const j of await deps.store.listJudgments(sub.id)) {
    stored.add(`${j.questionId}#${j.judge}#${j.order}`);
    if (!answered.has(j.questionId)) answered.set(j.questionId, j.candidateAnswer);
  }
  let generator: Generator | undefined;
  for (const q of questions) {
    const missing = deps.judges
      .map((judge) => ({ judge, orders: JUDGE_ORDERS.filter((o) => !stored.has(`${q.id}#${judge.modelId}#${o}`)) }))
      .filter((m) => m.orders.length);
    if (!missing.length) continue;
    lease.check();
    const reference = await referenceAnswer(deps, sub.roundId, q);
    let candidate = answered.get(q.id);
    if (candidate === undefined) {
      generator ??= await deps.host.open(sub.id, sub.modelUri!, promptFormatOf(sub));
      lease.check();
      candidate = (await generator.generate(answerRequest(deps, q))).text;
    }
    for (const { judge, orders } of missing) {
      lease.check();
      await judgeQuestion({
        judge,
        question: q,
        orders,
        candidateAnswer: candidate,
        referenceAnswer: reference.text,
        maxChars: deps.settings.answerMaxChars,
        maxTokens: deps.settings.judgeMaxTokens,
        random: seededRandom(hash(`${sub.id}#${q.id}#${judge.modelId}`)),
        onJudged: async (o) => {
          await deps.store.putJudgment({
            submissionId: sub.id,
            questionId: q.id,
            judge: judge.modelId,
            order: o.order,
            score: o.score,
            verdict: o.verdict,
            rationale: o.rationale,
            candidateAnswer: candidate,
            referenceAnswer: reference.text,
            inputTokens: o.inputTokens,
            outputTokens: o.outputTokens,
          });
        },
      });
    }
  }
  const count = await deps.store.completeChunk(sub.id, chunk);
  await deps.store.patchSubmission(sub.id, { chunksDone: count, updatedAt: deps.clock.now().toISOString() });
  await updateProgress(deps, { ...sub, chunksDone: count });
  if (count >= (sub.chunksTotal ?? 1)) await deps.queue.send([{ type: 'score', submissionId: sub.id }]);
}

/** FNV-1a: a stable seed per (submission, question, judge), so delimiters are reproducible. */
export function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
