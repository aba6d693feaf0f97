import { NotReadyError } from '../errors';
import type { Job } from '../jobs';
import type { LeagueDeps } from './context';
import { handleGenerate } from './drafts/generate-job';
import { handleFinaleHosts, handleFinalePrompt } from './finale/answers';
import { handleDeliver } from './outbox/deliver-job';
import { noticeUndelivered } from './outbox/notice';
import { handleEvaluate, handleJudge } from './pipeline/evaluate';
import { handleIngest } from './pipeline/ingest';
import { handleNotify, handlePostLeaderboard } from './pipeline/notify';
import { handleScore } from './pipeline/score';
import { handleTrain, handleTrainingFinished } from './pipeline/train';
import { handleRelease } from './release';
import { handleTry, handleTryIdle } from './try-answer';
import { waitThenRetry } from './waits';

/**
 * Runs one job. Every handler is idempotent: a second delivery changes nothing. A job that must wait
 * for the platform is sent again later instead of failing (see waits.ts).
 */
export async function runJob(deps: LeagueDeps, job: Job): Promise<void> {
  try {
    await dispatch(deps, job);
  } catch (e) {
    if (e instanceof NotReadyError) return waitThenRetry(deps, job, e);
    throw e;
  }
}

function dispatch(deps: LeagueDeps, job: Job): Promise<void> {
  switch (job.type) {
    case 'ingest':
      return handleIngest(deps, job.submissionId);
    case 'train':
      return handleTrain(deps, job.submissionId);
    case 'training-finished':
      return handleTrainingFinished(deps, job);
    case 'evaluate':
      return handleEvaluate(deps, job.submissionId);
    case 'judge':
      return handleJudge(deps, job.submissionId, job.chunk);
    case 'score':
      return handleScore(deps, job.submissionId);
    case 'notify':
      return handleNotify(deps, job.submissionId);
    case 'post-leaderboard':
      return handlePostLeaderboard(deps, job.roundId);
    case 'release':
      return handleRelease(deps, job);
    case 'finale-prompt':
      return handleFinalePrompt(deps, job.finaleId, job.prompt);
    case 'finale-hosts':
      return handleFinaleHosts(deps, job.finaleId, job.action);
    case 'try':
      return handleTry(deps, job);
    case 'try-idle':
      return handleTryIdle(deps, job.submission);
    case 'deliver':
      return handleDeliver(deps, job);
    case 'notice-undelivered':
      return noticeUndelivered(deps).then(() => undefined);
    case 'generate':
      return handleGenerate(deps, job.draftId, job.version, job.batch);
  }
}
