import type { JobOf } from '../jobs';
import type { Submission } from '../model';
import { BEFORE_TRAINING } from '../submission-stage';
import type { LeagueDeps } from './context';

/**
 * The `release` job for a submission that stopped in `stage`, if it holds anything: a running
 * training job, or an endpoint (any stage after training may have one).
 */
export function releaseJobFor(sub: Submission, stage: Submission['stage']): JobOf<'release'> | undefined {
  const trainingJobName = stage === 'TRAINING' ? sub.trainingJobName : undefined;
  const closeHost = !BEFORE_TRAINING.has(stage) && stage !== 'TRAINING';
  if (!trainingJobName && !closeHost) return undefined;
  return { type: 'release', submissionId: sub.id, ...(trainingJobName ? { trainingJobName } : {}), closeHost };
}

/**
 * Stops the training job and closes the endpoint. Both calls are idempotent on the platform (a job
 * already stopped, an endpoint already gone), so a redelivered job is harmless; a failure is retried
 * by the queue rather than swallowed, so nothing keeps billing unnoticed.
 */
export async function handleRelease(deps: LeagueDeps, job: JobOf<'release'>): Promise<void> {
  if (job.trainingJobName) await deps.trainer.stop(job.trainingJobName);
  if (job.closeHost) await deps.host.close(job.submissionId);
}
