import type { Job } from '../jobs';
import { type LeagueDeps, submissionIdFromJobName } from './context';
import { draftFailed } from './drafts/generate-job';
import { failSubmission } from './failures';
import { judgingFailed } from './finale/answers';
import { tryFailed } from './try-answer';

const STEP: Record<Job['type'], string> = {
  ingest: 'copying and validating your dataset',
  train: 'starting fine-tuning',
  'training-finished': 'recording the end of fine-tuning',
  evaluate: 'preparing the evaluation',
  judge: 'judging your model',
  score: 'computing your score',
  notify: 'sending your result',
  'post-leaderboard': 'posting the leaderboard',
  release: 'stopping training and tearing an endpoint down',
  'finale-prompt': 'answering and judging a finale prompt',
  'finale-hosts': "preparing the finalists' models",
  try: 'answering a try',
  'try-idle': 'tearing an idle try host down',
  deliver: 'delivering a chat message',
  'notice-undelivered': 'telling organizers of undelivered messages',
  generate: 'generating your draft',
};

/** A job that kept failing: its submission fails with a reason the member can act on, never silently. */
export async function handleDeadLetter(deps: LeagueDeps, job: Job, lastError?: string): Promise<void> {
  deps.log.error('job dead-lettered', { job, lastError });
  if (job.type === 'finale-prompt') return judgingFailed(deps, job.finaleId, job.prompt);
  if (job.type === 'try') return tryFailed(deps, job);
  // The message stays pending in the outbox: the sweeper schedules it again.
  if (job.type === 'deliver' || job.type === 'notice-undelivered') return;
  if (job.type === 'generate')
    return draftFailed(
      deps,
      job.draftId,
      job.version,
      `The league failed repeatedly while ${STEP.generate}. This is a problem on our side; no tokens were charged for rows you did not get, and you can generate again`,
    );
  const submissionId =
    'submissionId' in job ? job.submissionId : 'jobName' in job ? submissionIdFromJobName(job.jobName) : undefined;
  // The member already has their answer; a resource left running is for organizers (the DLQ alarm).
  if (!submissionId || job.type === 'notify' || job.type === 'release') return;
  await failSubmission(
    deps,
    submissionId,
    `The league failed repeatedly while ${STEP[job.type]}. This is a problem on our side, not with your dataset; organizers have been alerted, and you can submit again`,
  );
}
