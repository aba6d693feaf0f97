import { progressMessage } from '../messages/submission';
import type { Submission } from '../model';
import { isFinal } from '../submission-stage';
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

/** The stored submission when it has reached a final stage since `sub` was read, else `sub`. */
async function finalOr(deps: LeagueDeps, sub: Submission): Promise<Submission> {
  if (isFinal(sub.stage)) return sub;
  const stored = await deps.store.getSubmission(sub.id);
  return stored && isFinal(stored.stage) ? { ...stored, progress: sub.progress } : sub;
}

/**
 * Edits the progress message; cosmetic, so a failure is logged and never fails the job. A job that
 * read the submission before it was cancelled (a judge chunk finishing late) must not put a live
 * Cancel button back: the final stage wins, also when it lands while this edit is on its way.
 */
export async function updateProgress(deps: LeagueDeps, sub: Submission): Promise<void> {
  if (!sub.progress) return;
  try {
    const round = await deps.store.getRound(sub.roundId);
    const shown = await finalOr(deps, sub);
    await deps.chat.update(sub.progress, progressMessage(shown, round, deps.clock.now()));
    if (isFinal(shown.stage)) return;
    const after = await finalOr(deps, shown);
    if (after !== shown) await deps.chat.update(sub.progress, progressMessage(after, round, deps.clock.now()));
  } catch (e) {
    deps.log.warn('progress update failed', { submissionId: sub.id, error: String(e) });
  }
}
