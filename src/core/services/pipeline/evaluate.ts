import { TransientError } from '../../errors';
import { judgeQuestion } from '../../judging';
import type { Judgment, Question, Submission } from '../../model';
import type { CachedAnswer, Generator } from '../../ports';
import { seededRandom } from '../../scoring';
import type { LeagueDeps } from '../context';
import { updateProgress } from '../progress';
import { enterStage, loadSubmission } from './advance';

/** evaluate: make the model answerable, then fan out one `judge` job per chunk of questions. */
export async function handleEvaluate(deps: LeagueDeps, submissionId: string): Promise<void> {
  const loaded = await loadSubmission(deps, submissionId);
  if (!loaded) return;
  const questions = await deps.store.getQuestions(loaded.roundId);
  const chunksTotal = Math.max(1, Math.ceil(questions.length / deps.settings.judgeChunkSize));
  const sub = await enterStage(deps, loaded, 'TRAINED', 'EVALUATING', { chunksTotal, chunksDone: 0 });
  if (!sub) return;
  await deps.host.open(sub.id, sub.modelUri!);
  const total = sub.chunksTotal ?? chunksTotal;
  await deps.queue.send(
    Array.from({ length: total }, (_, chunk) => ({ type: 'judge' as const, submissionId: sub.id, chunk })),
  );
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The reference answer of a question: generated once per round and question, then cached. A lease
 * makes concurrent evaluations wait for the one generating it instead of calling the model again.
 */
async function referenceAnswer(deps: LeagueDeps, roundId: string, q: Question): Promise<CachedAnswer> {
  const model = deps.reference.modelId;
  const key = `ref#${roundId}#${model}#${q.id}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    const cached = await deps.store.getReferenceAnswer(roundId, q.id, model);
    if (cached) return cached;
    const token = await deps.store.acquireLease(key, deps.settings.jobLeaseMs, deps.clock.now());
    if (token) {
      try {
        const r = await deps.reference.generate(answerRequest(deps, q));
        return await deps.store.putReferenceAnswer(roundId, q.id, model, {
          text: r.text,
          inputTokens: r.inputTokens,
          outputTokens: r.outputTokens,
        });
      } finally {
        await deps.store.releaseLease(key, token).catch(() => undefined);
      }
    }
    await pause(Math.min(500, 10 * 2 ** Math.min(attempt, 6)));
  }
  throw new TransientError(`The reference answer to ${q.id} is still being generated`);
}

const answerRequest = (deps: LeagueDeps, q: Question) => ({
  messages: [{ role: 'user' as const, content: q.question }],
  maxTokens: deps.settings.maxAnswerTokens,
  temperature: 0,
});

/** judge: answers and judgments for one chunk; stored under deterministic keys, so a redelivery calls no model again. */
export async function handleJudge(deps: LeagueDeps, submissionId: string, chunk: number): Promise<void> {
  const sub = await loadSubmission(deps, submissionId);
  if (sub?.stage !== 'EVALUATING') return;
  // One delivery judges a chunk at a time, so a duplicate delivery never calls the models again.
  const lease = `judge#${sub.id}#${chunk}`;
  const token = await deps.store.acquireLease(lease, deps.settings.jobLeaseMs, deps.clock.now());
  // Another delivery holds it: that one finishes the chunk (or, if it dies, its own redelivery does).
  if (!token) return;
  try {
    await judgeChunk(deps, sub, chunk);
  } finally {
    await deps.store.releaseLease(lease, token).catch(() => undefined);
  }
}

async function judgeChunk(deps: LeagueDeps, sub: Submission, chunk: number): Promise<void> {
  const size = deps.settings.judgeChunkSize;
  const questions = (await deps.store.getQuestions(sub.roundId)).slice(chunk * size, (chunk + 1) * size);
  // A question is done for a judge once both orders are stored.
  const stored = new Map<string, number>();
  for (const j of await deps.store.listJudgments(sub.id))
    stored.set(`${j.questionId}#${j.judge}`, (stored.get(`${j.questionId}#${j.judge}`) ?? 0) + 1);
  const done = new Set([...stored].filter(([, n]) => n >= 2).map(([k]) => k));
  let generator: Generator | undefined;
  for (const q of questions) {
    const judges = deps.judges.filter((j) => !done.has(`${q.id}#${j.modelId}`));
    if (!judges.length) continue;
    generator ??= await deps.host.open(sub.id, sub.modelUri!);
    const reference = await referenceAnswer(deps, sub.roundId, q);
    const candidate = await generator.generate(answerRequest(deps, q));
    for (const judge of judges) {
      const orders = await judgeQuestion({
        judge,
        question: q,
        candidateAnswer: candidate.text,
        referenceAnswer: reference.text,
        maxChars: deps.settings.answerMaxChars,
        maxTokens: deps.settings.judgeMaxTokens,
        random: seededRandom(hash(`${sub.id}#${q.id}#${judge.modelId}`)),
      });
      for (const o of orders) {
        const j: Judgment = {
          submissionId: sub.id,
          questionId: q.id,
          judge: judge.modelId,
          order: o.order,
          score: o.score,
          verdict: o.verdict,
          rationale: o.rationale,
          candidateAnswer: candidate.text,
          referenceAnswer: reference.text,
          inputTokens: o.inputTokens,
          outputTokens: o.outputTokens,
        };
        await deps.store.putJudgment(j);
      }
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
