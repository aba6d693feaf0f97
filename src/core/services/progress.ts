import { progressMessage } from '../messages/submission';
import type { Submission } from '../model';
import type { LeagueDeps } from './context';

/** Creates the member's progress message once (a DM), so later stages can edit it in place. */
export async function ensureProgressMessage(deps: LeagueDeps, sub: Submission): Promise<Submission> {
  if (sub.progress) return sub;
  const round = await deps.store.getRound(sub.roundId);
  const ref = await deps.chat.dm(sub.userId, progressMessage(sub, round, deps.clock.now()), {
    idempotencyKey: `progress#${sub.id}`,
  });
  await deps.store.patchSubmission(sub.id, { progress: ref });
  return { ...sub, progress: ref };
}

/** Edits the progress message; cosmetic, so a failure is logged and never fails the job. */
export async function updateProgress(deps: LeagueDeps, sub: Submission): Promise<void> {
  if (!sub.progress) return;
  try {
    const round = await deps.store.getRound(sub.roundId);
    await deps.chat.update(sub.progress, progressMessage(sub, round, deps.clock.now()));
  } catch (e) {
    deps.log.warn('progress update failed', { submissionId: sub.id, error: String(e) });
  }
}
