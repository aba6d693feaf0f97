import type { Job } from '../jobs';
import type { Submission } from '../model';
import { isFinal, STAGE_LABEL, type Stage } from '../submission-stage';
import type { LeagueDeps } from './context';
import { failSubmission } from './failures';

const MINUTE = 60_000;

/** How long a submission may sit in a stage without progress before the sweeper acts. */
const STAGE_DEADLINE_MS: Partial<Record<Stage, number>> = {
  RECEIVED: 5 * MINUTE,
  VALIDATING: 15 * MINUTE,
  VALIDATED: 5 * MINUTE,
  TRAINING: 6 * 60 * MINUTE,
  TRAINED: 10 * MINUTE,
  EVALUATING: 2 * 60 * MINUTE,
};

/** Retries per stage before the sweeper gives up and fails the submission. */
const MAX_SWEEPS = 2;

/** The job that makes progress from `stage`, or none when only an outside event can (training). */
function retryJobs(sub: Submission): Job[] {
  switch (sub.stage) {
    case 'RECEIVED':
    case 'VALIDATING':
      return [{ type: 'ingest', submissionId: sub.id }];
    case 'VALIDATED':
      return [{ type: 'train', submissionId: sub.id }];
    case 'TRAINED':
      return [{ type: 'evaluate', submissionId: sub.id }];
    case 'EVALUATING':
      return [
        ...Array.from({ length: sub.chunksTotal ?? 1 }, (_, chunk) => ({
          type: 'judge' as const,
          submissionId: sub.id,
          chunk,
        })),
      ];
    default:
      return [];
  }
}

export interface SweepResult {
  checked: number;
  retried: string[];
  failed: string[];
}

/**
 * Finds submissions without progress past their stage deadline: retries a bounded number of times
 * (every job is idempotent), then fails them with a reason the member can act on, and one DM.
 */
export async function sweep(deps: LeagueDeps): Promise<SweepResult> {
  const now = deps.clock.now().getTime();
  const result: SweepResult = { checked: 0, retried: [], failed: [] };
  for (const round of await deps.store.listRounds()) {
    for (const sub of await deps.store.listSubmissionsByRound(round.id)) {
      if (isFinal(sub.stage)) continue;
      result.checked++;
      const deadline = STAGE_DEADLINE_MS[sub.stage];
      if (!deadline || now - new Date(sub.updatedAt).getTime() < deadline) continue;
      const jobs = retryJobs(sub);
      if (jobs.length && (sub.attempts ?? 0) < MAX_SWEEPS) {
        await deps.store.patchSubmission(sub.id, {
          attempts: (sub.attempts ?? 0) + 1,
          updatedAt: new Date(now).toISOString(),
        });
        await deps.queue.send(jobs);
        result.retried.push(sub.id);
        continue;
      }
      await failSubmission(
        deps,
        sub.id,
        `It made no progress while "${STAGE_LABEL[sub.stage].toLowerCase()}" for over ${Math.round(deadline / MINUTE)} minutes. This was a problem on our side; please submit again`,
      );
      result.failed.push(sub.id);
    }
  }
  if (result.retried.length || result.failed.length) deps.log.warn('sweeper acted', { ...result });
  return result;
}
