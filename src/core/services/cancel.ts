import { ConflictError, UserError } from '../errors';
import type { Submission } from '../model';
import { BEFORE_TRAINING, isFinal, STAGE_LABEL } from '../submission-stage';
import type { LeagueDeps } from './context';
import { releaseSlots } from './pipeline/queueing';
import { releaseJobFor } from './release';

/**
 * Cancels a submission from whatever stage it is in (retrying if the pipeline moves it meanwhile);
 * refunded when training had not started. Returns the stage it was cancelled from.
 */
export async function cancelSubmission(deps: LeagueDeps, sub: Submission, actor: string): Promise<Submission['stage']> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = attempt === 0 ? sub : (await deps.store.getSubmission(sub.id))!;
    if (isFinal(current.stage))
      throw new UserError(
        'CONFLICT',
        `Submission ${sub.id} has already finished (${STAGE_LABEL[current.stage].toLowerCase()}).`,
      );
    const refunded = BEFORE_TRAINING.has(current.stage);
    try {
      await deps.store.transition(sub.id, current.stage, 'CANCELLED', {
        updatedAt: deps.clock.now().toISOString(),
        failure: { reason: 'Cancelled by request', countsAgainstQuota: !refunded },
      });
    } catch (e) {
      if (e instanceof ConflictError) continue;
      throw e;
    }
    if (refunded) await deps.store.refundQuota(sub.roundId, sub.userId, sub.quotaDay);
    await deps.store.appendAudit({
      at: deps.clock.now().toISOString(),
      actor,
      action: 'submission.CANCELLED',
      target: sub.id,
      detail: { from: current.stage },
    });
    // Stopping training and tearing the endpoint down is the worker's: the chat functions hold no model permissions.
    const release = releaseJobFor(current, current.stage);
    await deps.queue.send([{ type: 'notify', submissionId: sub.id }, ...(release ? [release] : [])]);
    // A queued submission gives its place up at once; a running one its slot, to the next in line.
    await releaseSlots(deps, sub.id);
    return current.stage;
  }
  throw new UserError('CONFLICT', `Submission ${sub.id} is changing too fast to cancel; try again.`);
}
