import { holdsSlot } from '../../capacity/admission';
import type { TrainingBilling } from '../../model';
import type { LeagueDeps } from '../context';
import { submissionIdFromJobName, trainingJobName } from '../context';
import { failSubmission } from '../failures';
import { enterStage, finishStage, loadSubmission } from './advance';
import { releaseSlots, waitForSlot } from './queueing';

/** train: start fine-tuning under a name derived from the submission, so a duplicate start is harmless. */
export async function handleTrain(deps: LeagueDeps, submissionId: string): Promise<void> {
  const loaded = await loadSubmission(deps, submissionId);
  if (!loaded) return;
  const jobName = trainingJobName(loaded.id);
  // Training starts only with a slot of the fair queue; a stray job puts the submission back in line.
  if (loaded.stage === 'VALIDATED' && !(await holdsSlot(deps, 'training', loaded.id))) {
    return waitForSlot(deps, 'training', loaded);
  }
  const sub = await enterStage(deps, loaded, 'VALIDATED', 'TRAINING', { trainingJobName: jobName, queue: undefined });
  if (!sub) return;
  await deps.trainer.start({
    jobName,
    submissionId: sub.id,
    datasetKey: sub.datasetKey!,
    hyperparameters: { ...sub.hyperparameters },
  });
  // The stage's deadline counts from the start of training, not from a wait for the quota.
  await deps.store.patchSubmission(sub.id, { updatedAt: deps.clock.now().toISOString() });
  // A cancel between the stage change and the start may have released a job that did not exist yet:
  // whoever sees the submission stopped after the start stops the job (stopping twice is harmless).
  const after = await deps.store.getSubmission(sub.id);
  if (after && after.stage !== 'TRAINING') await deps.trainer.stop(jobName);
}

export interface TrainingFinished {
  jobName: string;
  status: 'Completed' | 'Failed' | 'Stopped';
  modelUri?: string;
  failureReason?: string;
}

/**
 * The finished job's billed instance time, for the submission's cost. Reading it never holds up the
 * submission: when the platform does not answer, the cost goes without training time and says so.
 */
async function billedTime(deps: LeagueDeps, jobName: string): Promise<TrainingBilling | undefined> {
  if (!deps.trainer.billing) return undefined;
  try {
    return await deps.trainer.billing(jobName);
  } catch (e) {
    deps.log.warn('training time not read; the cost leaves it out', { jobName, error: String(e) });
    return undefined;
  }
}

/** The trainer's completion event: TRAINED (enqueue evaluate) or TRAINING_FAILED with the reason. */
export async function handleTrainingFinished(deps: LeagueDeps, event: TrainingFinished): Promise<void> {
  const id = submissionIdFromJobName(event.jobName);
  if (!id) return; // not one of ours
  const sub = await loadSubmission(deps, id);
  if (!sub) return;
  // Already recorded by an earlier delivery that crashed before queueing the next step.
  if (sub.stage === 'TRAINED') {
    await releaseSlots(deps, sub.id, ['training']);
    return waitForSlot(deps, 'endpoint', sub);
  }
  if (sub.stage !== 'TRAINING') return;
  if (event.status === 'Completed' && event.modelUri) {
    const trainingBilling = await billedTime(deps, event.jobName);
    const next = await finishStage(deps, sub, 'TRAINED', {
      modelUri: event.modelUri,
      ...(trainingBilling ? { trainingBilling } : {}),
    });
    if (!next) return;
    await releaseSlots(deps, sub.id, ['training']);
    await waitForSlot(deps, 'endpoint', next);
    return;
  }
  if (event.status === 'Stopped') return; // a cancel stops training; the cancel already moved the stage
  await failSubmission(deps, sub.id, `Fine-tuning failed: ${event.failureReason ?? 'no reason given by the trainer'}`);
}
