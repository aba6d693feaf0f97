import { progressMessage } from '../messages/submission';
import type { MessageRef, Round, Submission } from '../model';
import { isFinal } from '../submission-stage';
import type { LeagueDeps } from './context';
import { sendMessage } from './outbox/send';

const progressKey = (sub: Submission) => `progress#${sub.id}`;

/**
 * Creates the member's progress message once (a DM through the outbox), so later stages can edit it.
 * When chat is down the DM waits in the outbox with the content of the moment; it never holds the
 * pipeline up.
 */
export async function ensureProgressMessage(deps: LeagueDeps, sub: Submission): Promise<Submission> {
  if (sub.progress) return sub;
  const round = await deps.store.getRound(sub.roundId);
  const ref = await sendMessage(deps, {
    key: progressKey(sub),
    target: { kind: 'dm', userId: sub.userId },
    message: progressMessage(sub, round, deps.clock.now()),
    about: `progress message of ${sub.id}`,
  });
  if (!ref) return sub;
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
 * Brings the progress message up to date; cosmetic, so nothing here fails the job. A job that read
 * the submission before it was cancelled (a judge chunk finishing late) must not put a live Cancel
 * button back: the final stage wins, also when it lands while this edit is on its way.
 */
export async function updateProgress(deps: LeagueDeps, sub: Submission): Promise<void> {
  try {
    const round = await deps.store.getRound(sub.roundId);
    const shown = await finalOr(deps, sub);
    await showProgress(deps, shown, round);
    if (isFinal(shown.stage)) return;
    const after = await finalOr(deps, shown);
    if (after !== shown) await showProgress(deps, after, round);
  } catch (e) {
    deps.log.warn('progress update failed', { submissionId: sub.id, error: String(e) });
  }
}

/** An edit of the message once it is posted, or new content for the DM still waiting in the outbox. */
async function showProgress(deps: LeagueDeps, sub: Submission, round: Round | undefined): Promise<void> {
  const content = progressMessage(sub, round, deps.clock.now());
  let ref: MessageRef | undefined = sub.progress;
  if (!ref) {
    const dm = await deps.store.getOutboxEntry(progressKey(sub));
    if (!dm || dm.status === 'undeliverable') return;
    if (dm.status === 'pending') {
      // The DM goes out with what is true when it finally can.
      const replaced = await deps.store.replaceOutboxMessage(
        { ...dm, message: content, version: deps.ids.next('v') },
        { onlyIfPending: true },
      );
      if (replaced) return;
    }
    ref = (await deps.store.getOutboxEntry(progressKey(sub)))?.ref;
    if (!ref) return;
  }
  await sendMessage(deps, {
    key: `progress-edit#${sub.id}`,
    target: { kind: 'edit', ref },
    message: content,
    about: `progress update of ${sub.id}`,
    replace: true,
  });
}
