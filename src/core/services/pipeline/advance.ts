import { ConflictError } from '../../errors';
import type { Submission } from '../../model';
import type { Stage } from '../../submission-stage';
import type { LeagueDeps } from '../context';
import { updateProgress } from '../progress';

/**
 * Enters `to` from `from`, or resumes when an earlier delivery already did.
 * Returns undefined when the submission has moved past this step (a duplicate delivery: nothing to do).
 */
export async function enterStage(
  deps: LeagueDeps,
  sub: Submission,
  from: Stage,
  to: Stage,
  patch: Partial<Submission> = {},
): Promise<Submission | undefined> {
  if (sub.stage === to) return sub;
  if (sub.stage !== from) return undefined;
  try {
    const next = await deps.store.transition(sub.id, from, to, { ...patch, updatedAt: deps.clock.now().toISOString() });
    await recordStage(deps, sub, to);
    await updateProgress(deps, next);
    return next;
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    const now = await deps.store.getSubmission(sub.id);
    return now?.stage === to ? now : undefined;
  }
}

/** Leaves the current stage for its successor; false when another delivery got there first. */
export async function finishStage(
  deps: LeagueDeps,
  sub: Submission,
  to: Stage,
  patch: Partial<Submission> = {},
): Promise<Submission | undefined> {
  try {
    const next = await deps.store.transition(sub.id, sub.stage, to, {
      ...patch,
      updatedAt: deps.clock.now().toISOString(),
    });
    await recordStage(deps, sub, to);
    await updateProgress(deps, next);
    return next;
  } catch (e) {
    if (e instanceof ConflictError) return undefined;
    throw e;
  }
}

const recordStage = (deps: LeagueDeps, sub: Submission, to: Stage) =>
  deps.store.appendAudit({
    at: deps.clock.now().toISOString(),
    actor: 'system',
    action: `submission.${to}`,
    target: sub.id,
    detail: { from: sub.stage },
  });

export async function loadSubmission(deps: LeagueDeps, id: string): Promise<Submission | undefined> {
  const sub = await deps.store.getSubmission(id);
  if (!sub) deps.log.warn('job for unknown submission', { submissionId: id });
  return sub;
}
