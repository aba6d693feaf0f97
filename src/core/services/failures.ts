import { ConflictError } from '../errors';
import { failureStageFor, isFinal } from '../submission-stage';
import type { LeagueDeps } from './context';
import { releaseSlots } from './pipeline/queueing';
import { releaseJobFor } from './release';

/**
 * Moves a submission that cannot go on into its failed stage, refunds the quota when the platform
 * (not the member) failed, and queues the one DM. Safe to call twice.
 */
export async function failSubmission(
  deps: LeagueDeps,
  submissionId: string,
  reason: string,
  countsAgainstQuota = false,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const sub = await deps.store.getSubmission(submissionId);
    if (!sub) return;
    if (isFinal(sub.stage)) {
      // An earlier call may have crashed between the stage change and the DM: the DM is idempotent.
      if (sub.stage !== 'SCORED') await deps.queue.send([{ type: 'notify', submissionId: sub.id }]);
      await releaseSlots(deps, sub.id);
      return;
    }
    const to = failureStageFor(sub.stage)!;
    try {
      await deps.store.transition(sub.id, sub.stage, to, {
        failure: { reason, countsAgainstQuota },
        updatedAt: deps.clock.now().toISOString(),
      });
    } catch (e) {
      if (e instanceof ConflictError) continue;
      throw e;
    }
    if (!countsAgainstQuota) await deps.store.refundQuota(sub.roundId, sub.userId, sub.quotaDay);
    await deps.store.appendAudit({
      at: deps.clock.now().toISOString(),
      actor: 'system',
      action: `submission.${to}`,
      target: sub.id,
      detail: { from: sub.stage, reason },
    });
    const release = releaseJobFor(sub, sub.stage);
    await deps.queue.send([{ type: 'notify', submissionId: sub.id }, ...(release ? [release] : [])]);
    await releaseSlots(deps, sub.id);
    return;
  }
}
