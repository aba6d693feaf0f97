import { tryHolder } from '../capacity/try-holder';
import { isUserError, LeagueError, NotReadyError, TransientError } from '../errors';
import type { JobOf } from '../jobs';
import { judgeQuestion } from '../judging';
import {
  type TryJudgment,
  tryAnswerMessage,
  tryFailedMessage,
  tryReadyMessage,
  tryWaitingMessage,
} from '../messages/try';
import type { ModelRequest } from '../ports';
import { seededRandom } from '../scoring';
import type { LeagueDeps } from './context';
import { hash } from './pipeline/evaluate';
import { DEFAULT_TRY_PER_DAY } from './rounds';
import { tryQuotaKey } from './try';
import { afterTryUse, openTryHost } from './try-host';

export { handleTryIdle } from './try-host';

/** While a try waits for a slot, it looks again this often. */
const SLOT_POLL_S = 20;
/** SQS delays a message by 15 minutes at most. */
const MAX_DELAY_S = 15 * 60;

/**
 * try: the member's model and the reference answer the question, every judge judges the pair in
 * both orders, as in the evaluation, and the member gets both answers and the verdict by DM. While
 * the model waits for a host the job comes back later (the member is told once, and again when the
 * host is ready); a try that cannot be answered is given back.
 */
export async function handleTry(deps: LeagueDeps, job: JobOf<'try'>): Promise<void> {
  const sub = await deps.store.getSubmission(job.submission);
  const round = sub && (await deps.store.getRound(sub.roundId));
  if (!sub?.modelUri || !round || sub.userId !== job.userId)
    return giveUp(deps, job, 'the model is no longer available.');
  let host: Awaited<ReturnType<typeof openTryHost>>;
  try {
    host = await openTryHost(deps, sub);
  } catch (e) {
    if (e instanceof NotReadyError) return waitForHost(deps, job, 'starting', e.retryAfterMs / 1000);
    if (e instanceof LeagueError && !(e instanceof TransientError)) return giveUp(deps, job, `${e.message}.`, e);
    throw e;
  }
  if ('waiting' in host) return waitForHost(deps, job, 'slot', SLOT_POLL_S, host.place);
  if (job.hostWaitSince)
    await deps.chat.dm(job.userId, tryReadyMessage(sub.id, Math.round(deps.settings.tryIdleMs / 60_000)), {
      idempotencyKey: `try-ready#${job.tryId}`,
    });

  const request: ModelRequest = {
    messages: [{ role: 'user', content: job.question }],
    maxTokens: deps.settings.maxAnswerTokens,
    temperature: 0,
  };
  const [answer, reference] = await Promise.all([host.ready.generate(request), deps.reference.generate(request)]);
  const question = { id: `try-${job.tryId}`, category: 'try', question: job.question };
  const judgments: TryJudgment[] = [];
  for (const judge of deps.judges) {
    const orders = await judgeQuestion({
      judge,
      question,
      candidateAnswer: answer.text,
      referenceAnswer: reference.text,
      maxChars: deps.settings.answerMaxChars,
      maxTokens: deps.settings.judgeMaxTokens,
      random: seededRandom(hash(`${job.tryId}#${judge.modelId}`)),
    });
    for (const o of orders)
      judgments.push({
        judge: judge.modelId,
        order: o.order,
        verdict: o.verdict,
        score: o.score,
        rationale: o.rationale,
      });
  }
  await afterTryUse(deps, sub);
  const limit = round.tryPerDay ?? DEFAULT_TRY_PER_DAY;
  const used = await deps.store.quotaUsed(tryQuotaKey(round.id), job.userId, job.day);
  await deps.chat.dm(
    job.userId,
    tryAnswerMessage({
      submissionId: sub.id,
      roundName: round.name,
      question: job.question,
      answer: answer.text,
      reference: reference.text,
      referenceModel: deps.reference.modelId,
      judgments,
      triesLeft: Math.max(0, limit - used),
    }),
    { idempotencyKey: `try#${job.tryId}` },
  );
  deps.log.info('try answered', {
    tryId: job.tryId,
    submissionId: sub.id,
    tokens: answer.inputTokens + answer.outputTokens + reference.inputTokens + reference.outputTokens,
  });
}

/** Sends the try again later; past the endpoint wait limit it is given back. The member hears once. */
async function waitForHost(
  deps: LeagueDeps,
  job: JobOf<'try'>,
  waitingFor: 'slot' | 'starting',
  retryAfterS: number,
  place?: number,
): Promise<void> {
  const now = deps.clock.now();
  const since = job.hostWaitSince ?? now.toISOString();
  const waited = now.getTime() - Date.parse(since);
  const limit = deps.settings.waitLimitsMs.endpoint;
  if (waited >= limit) {
    await deps.store.removeWaiter('endpoint', tryHolder(job.submission));
    return giveUp(
      deps,
      job,
      `no host for your model came up within ${Math.round(limit / 60_000)} minutes. Please try again later.`,
    );
  }
  await deps.chat.dm(job.userId, tryWaitingMessage(job.submission, waitingFor, place), {
    idempotencyKey: `try-wait#${job.tryId}#${waitingFor}`,
  });
  const delaySeconds = Math.min(MAX_DELAY_S, Math.max(1, Math.ceil(retryAfterS)), Math.ceil((limit - waited) / 1000));
  await deps.queue.send([{ ...job, hostWaitSince: since }], { delaySeconds });
}

/** A try whose job kept failing: the member is told and the try given back. */
export const tryFailed = (deps: LeagueDeps, job: JobOf<'try'>): Promise<void> =>
  giveUp(deps, job, 'the models or the judge kept failing, a problem on our side. Please try again later.');

/** Tells the member the try could not be answered and gives the try back. */
async function giveUp(deps: LeagueDeps, job: JobOf<'try'>, reason: string, error?: unknown): Promise<void> {
  deps.log.warn('try not answered', {
    tryId: job.tryId,
    submissionId: job.submission,
    reason,
    error: error instanceof Error ? error.message : undefined,
  });
  const sub = await deps.store.getSubmission(job.submission);
  // A redelivery of this job (the notice failed) must not give the try back twice.
  if (sub && (await deps.store.claimOnce(`try-refund#${job.tryId}`)))
    await deps.store.refundQuota(tryQuotaKey(sub.roundId), job.userId, job.day);
  try {
    await deps.chat.dm(job.userId, tryFailedMessage(job.submission, reason), {
      idempotencyKey: `try-failed#${job.tryId}`,
    });
  } catch (e) {
    // The refund stands; a member who cannot be reached loses only the notice.
    if (!isUserError(e)) throw e;
  }
}
