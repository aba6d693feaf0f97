import type { NotReadyError, WaitReason } from '../errors';
import type { Job } from '../jobs';
import type { LeagueDeps } from './context';
import { failSubmission } from './failures';

/** SQS delays a message by 15 minutes at most. */
const MAX_DELAY_MS = 15 * 60_000;

const WAITING_FOR: Record<WaitReason, string> = {
  endpoint: 'the evaluation endpoint of your model to come up',
  'training-quota': "a free training instance in the league's AWS account",
};

const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * A job whose platform resource is not ready yet (an endpoint starting, the training quota in use)
 * is sent again, delayed, as a new message: the wait spends none of the queue's receives. The
 * first wait is stamped on the job; past the configured bound the submission fails with a message
 * that says what it waited for and for how long.
 */
export async function waitThenRetry(deps: LeagueDeps, job: Job, e: NotReadyError): Promise<void> {
  const now = deps.clock.now();
  const since = job.waitingSince ?? now.toISOString();
  const waited = now.getTime() - new Date(since).getTime();
  const limit = deps.settings.waitLimitsMs[e.waitingFor];
  if (waited >= limit) {
    const reason = `It waited ${minutes(waited)} minutes for ${WAITING_FOR[e.waitingFor]} (the limit is ${minutes(limit)}; last: ${e.message}). This was a problem on our side, not your dataset: your quota is refunded, please submit again later`;
    if ('submissionId' in job) {
      deps.log.warn('wait limit reached', { job, waitedMs: waited });
      return failSubmission(deps, job.submissionId, reason);
    }
    throw new Error(reason);
  }
  const delayMs = Math.min(MAX_DELAY_MS, Math.max(1_000, e.retryAfterMs), limit - waited);
  deps.log.info('waiting', { job: job.type, for: e.waitingFor, waitedMs: waited, nextInMs: delayMs });
  await deps.queue.send([{ ...job, waitingSince: since }], { delaySeconds: Math.ceil(delayMs / 1000) });
}
