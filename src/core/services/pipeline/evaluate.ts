import { judgeQuestion } from '../../judging';
import type { Judgment, Question } from '../../model';
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
  await deps.queue.send(Array.from({ length: total }, (_, chunk) => ({ type: 'judge' as const, submissionId: sub.id, chunk })));
}

/** The reference answer of a question, generated once per round and cached. */
async function referenceAnswer(deps: LeagueDeps, roundId: string, q: Question): Promise<CachedAnswer> {
  const model = deps.reference.modelId;
  const cached = await deps.store.getReferenceAnswer(roundId, q.id, model);
  if (cached) return cached;
  const r = await deps.reference.generate(answerRequest(deps, q));
  return deps.store.putReferenceAnswer(roundId, q.id, model, { text: r.text, inputTokens: r.inputTokens, outputTokens: r.outputTokens });
}

const answerRequest = (deps: LeagueDeps, q: Question) => ({
  messages: [{ role: 'user' as const, content: q.question }],
  maxTokens: deps.settings.maxAnswerTokens,
  temperature: 0,
});

/** judge: answers and judgments for one chunk; stored under deterministic keys, so a redelivery calls no model again. */
export async function handleJudge(deps: LeagueDeps, submissionId: string, chunk: number): Promise<void> {
  const sub = await loadSubmission(deps, submissionId);
  if (!sub || sub.stage !== 'EVALUATING') return;
  const size = deps.settings.judgeChunkSize;
  const questions = (await deps.store.getQuestions(sub.roundId)).slice(chunk * size, (chunk + 1) * size);
  // A question is done for a judge once both orders are stored.
  const stored = new Map<string, number>();
  for (const j of await deps.store.listJudgments(sub.id)) stored.set(`${j.questionId}#${j.judge}`, (stored.get(`${j.questionId}#${j.judge}`) ?? 0) + 1);
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
        judge, question: q, candidateAnswer: candidate.text, referenceAnswer: reference.text,
        maxChars: deps.settings.answerMaxChars, maxTokens: 400,
        random: seededRandom(hash(`${sub.id}#${q.id}#${judge.modelId}`)),
      });
      for (const o of orders) {
        const j: Judgment = {
          submissionId: sub.id, questionId: q.id, judge: judge.modelId, order: o.order, score: o.score, verdict: o.verdict,
          rationale: o.rationale, candidateAnswer: candidate.text, referenceAnswer: reference.text,
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
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
