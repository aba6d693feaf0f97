import type { LeagueDeps } from '../core/services/context';
import { type SweepResult, sweep } from '../core/services/sweeper';
import { workerDeps } from './worker-deps';

/**
 * The scheduled sweeper: submissions without progress past their stage deadline are retried a
 * bounded number of times, then failed (one DM each, quota refunded) through failSubmission.
 */
export function createSweeperHandler(deps: LeagueDeps): () => Promise<SweepResult> {
  return async () => {
    const result = await sweep(deps);
    deps.log.info('sweep done', {
      checked: result.checked,
      retried: result.retried.length,
      failed: result.failed.length,
      messagesRescheduled: result.messagesRescheduled,
      noticeQueued: result.noticeQueued,
    });
    return result;
  };
}

let built: ReturnType<typeof createSweeperHandler> | undefined;
export const handler = async (): Promise<SweepResult> => (built ??= createSweeperHandler(await workerDeps()))();
